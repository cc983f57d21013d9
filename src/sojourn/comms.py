"""Communications geometry: range, light time, solar conjunctions, closest approaches, contacts.

Between an observer body (normally the Earth) and a target (a body or a spacecraft on a
planned trajectory) over a span of time:

- distance, one-way and round-trip light time;
- the Sun-Earth-probe (SEP) angle: the angle **at the observer** between the directions to the
  Sun and to the target. Solar-conjunction blackouts are the spans where SEP is under a
  threshold (default 2 deg, NASA's Mars command moratorium: "when Mars is within 2 degrees of
  the Sun"; 3 and 5 deg are common for other links), each with start, end and minimum;
- closest approaches (local minima of distance);
- ground-station visibility from the Deep Space Network (Goldstone, Madrid, Canberra) and
  ESA's deep-space antennas (Cebreros, Malargue, New Norcia): daily contact windows above an
  elevation mask.

Method. Positions come from DE440 (:mod:`sojourn.core.ephemeris`) in one vectorized call per
body per pass. Apparent directions use one light-time iteration: the target and the Sun are
taken at ``t - |r|/c`` (solar-system-barycentric positions), the observer at ``t`` (the
reception time); stellar aberration (20 arcsec) and light deflection are neglected. The
light-time correction moves Earth-Mars close-approach instants by minutes and distances by
under 1 km, far inside the one-day and 0.1 percent the validation asks for. Events are found
on a sampled grid (``step_hours``) by the one event finder, :mod:`sojourn.core.search`:
threshold crossings refined by bisection to 1 ms, extrema by multi-section search to 1 s.

Spacecraft paths are :class:`sojourn.core.trajectory.Trajectory` objects.

Station visibility rotates the geocentric apparent target direction into the ITRS with
:func:`sojourn.core.frames.gcrs_to_itrs_matrix` (IAU 2006/2000A via pyerfa, with UT1-UTC and
polar motion from the packaged IERS table) and uses the
station's WGS 84 geodetic vertical. No refraction (about 0.5 deg at the horizon, so windows are
a few minutes conservative at a 0 deg mask).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from sojourn.core import ephemeris
from sojourn.core.bodies import body
from sojourn.core.constants import C_KM_S, DAY_S
from sojourn.core.defaults import BLACKOUT_THRESHOLD_DEG
from sojourn.core.jobs import axis_size, check_work, count_text
from sojourn.core.search import find_crossings, find_maxima, find_minima, refine_minima
from sojourn.core.trajectory import Trajectory, as_trajectory
from sojourn.errors import InputError

__all__ = [
    "DEFAULT_THRESHOLD_DEG",
    "STANDARD_THRESHOLDS_DEG",
    "STATIONS",
    "CommsReport",
    "Conjunction",
    "Conjunctions",
    "CloseApproach",
    "CloseApproaches",
    "ContactWindow",
    "ContactWindows",
    "GroundStation",
    "LinkGeometry",
    "comms",
    "contact_windows",
    "elevation_deg",
    "link_geometry",
    "station",
    "station_ids",
    "STATION_GROUPS",
]

#: Most time samples one communications search evaluates (the one work budget,
#: :func:`sojourn.core.jobs.check_work`): a year at the default 6 h step is 1,461.
MAX_SAMPLES = 2_000_000

#: Default solar-conjunction threshold, deg (NASA Mars moratorium, see module notes).
DEFAULT_THRESHOLD_DEG = BLACKOUT_THRESHOLD_DEG
#: Thresholds commonly used: 2 deg (Mars command moratorium), 3 and 5 deg (degraded links).
STANDARD_THRESHOLDS_DEG = (2.0, 3.0, 5.0)

#: Refinement tolerances of the event search (:mod:`sojourn.core.search`), s: threshold
#: crossings (conjunction edges, station rise and set) and extrema (closest approaches,
#: light-time extremes, minimum separation).
_CROSSING_TOL_S = 1e-3
_EXTREMUM_TOL_S = 1.0
#: Extrema are refined by multi-section search with this many points per bracket and step:
#: a geometry call costs mostly per call (ephemeris reads), so 4 calls of 40 points beat 23
#: golden-section calls of one.
_EXTREMUM_POINTS = 40


# --- Geometry -------------------------------------------------------------------------------
def _ssb_position(target, t, allow_before_s=0.0):
    """Barycentric position of a body name or a Trajectory at TDB times ``t`` (N,)."""
    if isinstance(target, Trajectory):
        r = target.state(t, allow_before_s)[0]
        return r + ephemeris.position("sun", t, center="ssb")
    return ephemeris.position(target, t, center="ssb")


def _apparent(target, observer_ssb, t):
    """Observer->target vector with one light-time iteration (target at t - r/c)."""
    geo = _ssb_position(target, t) - observer_ssb
    lt = np.linalg.norm(geo, axis=-1) / C_KM_S
    return _ssb_position(target, t - lt, float(lt.max()) + 1.0) - observer_ssb


@dataclass(frozen=True)
class LinkGeometry:
    """Link geometry sampled at ``t_tdb_s`` (N,). Distances km, times s, angles deg."""

    t_tdb_s: np.ndarray
    r_km: np.ndarray  # (N, 3) observer -> target, apparent, ICRF
    distance_km: np.ndarray
    sep_deg: np.ndarray  # Sun-observer-target angle

    @property
    def one_way_light_time_s(self) -> np.ndarray:
        return self.distance_km / C_KM_S

    @property
    def round_trip_light_time_s(self) -> np.ndarray:
        return 2.0 * self.distance_km / C_KM_S


def _resolve_target(target):
    """Lower-cased body name (:func:`sojourn.core.bodies.body`) or a :class:`Trajectory`."""
    if isinstance(target, str):
        _check_not_sun("target", target)
        return body(target, "target")
    return as_trajectory(target)


def _resolve_observer(observer) -> str:
    _check_not_sun("observer", observer)
    return body(observer, "observer")


def _check_not_sun(role: str, name) -> None:
    """The Sun (or the barycentre next to it) cannot be an end of a link: the Sun-observer-
    target angle is undefined there (a division by zero) or always 0 (one endless
    'conjunction'). Checked before the catalogue so the message says why, not just "unknown".
    """
    if isinstance(name, str) and name.strip().lower() in ("sun", "ssb", "10", "0"):
        raise InputError(
            f"'{role}' cannot be the Sun ({name!r}): the Sun-observer-target angle needs "
            "the Sun apart from both ends; give a planet, the Moon or a spacecraft"
        )


def link_geometry(target, t_tdb_s, observer="earth", light_time=True) -> LinkGeometry:
    """Distance, light time and Sun-observer-target angle at times ``t_tdb_s``.

    Parameters
    ----------
    target : str or Trajectory or Transfer or tuple
        A DE440 body name (``"mars"``) or a spacecraft trajectory (see :func:`as_trajectory`).
    t_tdb_s : float or ndarray (N,)
        Reception times at the observer, TDB s past J2000.
    observer : str, default "earth"
        The observing body (its centre).
    light_time : bool, default True
        Apparent (one light-time iteration) rather than geometric positions.

    Returns
    -------
    LinkGeometry
        With arrays of shape (N,) (N = 1 for a scalar time).
    """
    tgt = _resolve_target(target)
    observer = _resolve_observer(observer)
    t = np.atleast_1d(np.asarray(t_tdb_s, dtype=np.float64))
    obs = ephemeris.position(observer, t, center="ssb")
    if light_time:
        r = _apparent(tgt, obs, t)
        sun = _apparent("sun", obs, t)
    else:
        r = _ssb_position(tgt, t) - obs
        sun = ephemeris.position("sun", t, center="ssb") - obs
    d = np.linalg.norm(r, axis=-1)
    cosang = np.einsum("...i,...i->...", r, sun) / (d * np.linalg.norm(sun, axis=-1))
    # atan2 form keeps precision near 0 deg, where conjunctions live.
    sinang = np.linalg.norm(np.cross(r, sun), axis=-1) / (d * np.linalg.norm(sun, axis=-1))
    sep = np.degrees(np.arctan2(sinang, cosang))
    return LinkGeometry(t, r, d, sep)


# --- Results ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Conjunction:
    """A span with the Sun-observer-target angle under ``threshold_deg``.

    Where the span begins before / ends after the requested interval, ``start_tdb_s`` /
    ``end_tdb_s`` is that edge of the interval and ``start_clipped`` / ``end_clipped`` is True.
    """

    start_tdb_s: float
    end_tdb_s: float
    min_sep_deg: float
    min_sep_tdb_s: float
    threshold_deg: float
    start_clipped: bool = False
    end_clipped: bool = False

    @property
    def duration_days(self) -> float:
        return (self.end_tdb_s - self.start_tdb_s) / DAY_S

    def to_dict(self) -> dict:
        from sojourn.core.time import utc_iso

        return {
            "start_utc": utc_iso(self.start_tdb_s),
            "end_utc": utc_iso(self.end_tdb_s),
            "min_sep_deg": self.min_sep_deg,
            "min_sep_utc": utc_iso(self.min_sep_tdb_s),
            "threshold_deg": self.threshold_deg,
            "duration_days": self.duration_days,
            "start_clipped": self.start_clipped,
            "end_clipped": self.end_clipped,
        }


@dataclass(frozen=True)
class CloseApproach:
    """A local minimum of distance."""

    t_tdb_s: float
    distance_km: float

    def to_dict(self) -> dict:
        from sojourn.core.time import utc_iso

        return {
            "utc": utc_iso(self.t_tdb_s),
            "distance_km": self.distance_km,
            "distance_au": self.distance_km / 149_597_870.7,
            "light_time_s": self.distance_km / C_KM_S,
        }


@dataclass(frozen=True)
class ContactWindow:
    """A pass of the target above a station's elevation mask."""

    station: str
    start_tdb_s: float
    end_tdb_s: float
    max_elevation_deg: float

    @property
    def duration_hours(self) -> float:
        return (self.end_tdb_s - self.start_tdb_s) / 3600.0

    def to_dict(self) -> dict:
        from sojourn.core.time import utc_iso

        return {
            "station": self.station,
            "start_utc": utc_iso(self.start_tdb_s),
            "end_utc": utc_iso(self.end_tdb_s),
            "duration_hours": self.duration_hours,
            "max_elevation_deg": self.max_elevation_deg,
        }


class _Table(tuple):
    """A tuple of result rows that also makes a :class:`pandas.DataFrame` (optional extra)."""

    __slots__ = ()

    def _columns(self) -> dict:  # pragma: no cover - each table defines its own
        raise NotImplementedError

    def to_dataframe(self):
        """One row per event; ``*_utc`` columns are ``datetime64`` UTC, ``*_tdb_s`` TDB s."""
        from sojourn.core.tabular import to_dataframe

        return to_dataframe(self._columns())


def _col(rows, name, dtype=np.float64):
    return np.array([getattr(r, name) for r in rows], dtype=dtype)


def _utc(t_tdb_s):
    from sojourn.core.time import to_datetime64

    t = np.asarray(t_tdb_s, dtype=np.float64)
    return to_datetime64(t) if t.size else np.empty(0, "datetime64[ms]")


class Conjunctions(_Table):
    """The solar conjunctions of a :class:`CommsReport` (a tuple of :class:`Conjunction`)."""

    __slots__ = ()

    def _columns(self) -> dict:
        start, end, tmin = (_col(self, k) for k in ("start_tdb_s", "end_tdb_s", "min_sep_tdb_s"))
        return {
            "start_utc": _utc(start),
            "end_utc": _utc(end),
            "min_sep_utc": _utc(tmin),
            "min_sep_deg": _col(self, "min_sep_deg"),
            "duration_days": (end - start) / DAY_S,
            "threshold_deg": _col(self, "threshold_deg"),
            "start_clipped": _col(self, "start_clipped", bool),
            "end_clipped": _col(self, "end_clipped", bool),
            "start_tdb_s": start,
            "end_tdb_s": end,
            "min_sep_tdb_s": tmin,
        }


class CloseApproaches(_Table):
    """The closest approaches of a :class:`CommsReport` (a tuple of :class:`CloseApproach`)."""

    __slots__ = ()

    def _columns(self) -> dict:
        t, d = _col(self, "t_tdb_s"), _col(self, "distance_km")
        return {
            "utc": _utc(t),
            "distance_km": d,
            "distance_au": d / 149_597_870.7,
            "light_time_s": d / C_KM_S,
            "t_tdb_s": t,
        }


class ContactWindows(_Table):
    """Station passes (a tuple of :class:`ContactWindow`), sorted by start."""

    __slots__ = ()

    def _columns(self) -> dict:
        start, end = _col(self, "start_tdb_s"), _col(self, "end_tdb_s")
        return {
            "station": np.array([w.station for w in self], dtype=object),
            "start_utc": _utc(start),
            "end_utc": _utc(end),
            "duration_hours": (end - start) / 3600.0,
            "max_elevation_deg": _col(self, "max_elevation_deg"),
            "start_tdb_s": start,
            "end_tdb_s": end,
        }


@dataclass(frozen=True)
class CommsReport:
    """Everything :func:`comms` finds over a span. Times TDB s past J2000."""

    target: str
    observer: str
    start_tdb_s: float
    end_tdb_s: float
    threshold_deg: float
    step_hours: float
    light_time_min_s: float
    light_time_min_tdb_s: float
    light_time_max_s: float
    light_time_max_tdb_s: float
    closest_approaches: CloseApproaches
    conjunctions: Conjunctions
    contacts: ContactWindows = field(default=ContactWindows())

    def to_dict(self) -> dict:
        from sojourn.core.time import utc_iso

        return {
            "observer": self.observer,
            "target": self.target,
            "start_utc": utc_iso(self.start_tdb_s),
            "end_utc": utc_iso(self.end_tdb_s),
            "threshold_deg": self.threshold_deg,
            "step_hours": self.step_hours,
            "light_time_s": {
                "min": self.light_time_min_s,
                "max": self.light_time_max_s,
                "min_utc": utc_iso(self.light_time_min_tdb_s),
                "max_utc": utc_iso(self.light_time_max_tdb_s),
                "round_trip_min": 2.0 * self.light_time_min_s,
                "round_trip_max": 2.0 * self.light_time_max_s,
            },
            "closest_approach": [c.to_dict() for c in self.closest_approaches],
            "conjunctions": [c.to_dict() for c in self.conjunctions],
            "contacts": [c.to_dict() for c in self.contacts],
            "method": (
                "DE440; apparent positions (one light-time iteration, no aberration); "
                "Sun-Earth-probe angle at the observer; events refined from a sampled grid"
            ),
        }


def _check_span(start_tdb_s, end_tdb_s, step_hours):
    start, end = float(start_tdb_s), float(end_tdb_s)
    if not end > start:
        raise InputError(
            f"'end' must be after 'start' (got a span of {(end - start) / DAY_S:.3f} days)"
        )
    if not (np.isfinite(step_hours) and step_hours > 0):
        raise InputError(f"'step_hours' must be > 0, got {step_hours}")
    size = axis_size(end - start, step_hours * 3600.0)  # counted, not built
    check_work(
        size, MAX_SAMPLES, "the communications search", f"{count_text(size)} samples",
        set_by="fixed", shrink_by="use a larger step (--step-hours) or a shorter span",
    )  # fmt: skip
    n = int(np.ceil((end - start) / (step_hours * 3600.0))) + 1
    return np.linspace(start, end, max(n, 3))


def _conjunctions(geom_fn, t, sep, threshold_deg):
    """Spans where ``sep`` < threshold on grid ``t``, refined; ``geom_fn(t) -> sep_deg``."""
    # Falling crossings of the threshold start a span, rising ones end it.
    tc, rising = find_crossings(geom_fn, t, threshold_deg, tol_s=_CROSSING_TOL_S, y=sep)
    si, ei = list(tc[~rising]), list(tc[rising])
    start_clipped = bool(sep[0] < threshold_deg)
    end_clipped = bool(sep[-1] < threshold_deg)
    if start_clipped:
        si = [t[0]] + si
    if end_clipped:
        ei = ei + [t[-1]]
    spans = [
        (a, b, start_clipped and k == 0, end_clipped and k == len(si) - 1)
        for k, (a, b) in enumerate(zip(si, ei, strict=True))
    ]
    # The grid minimum of each span, refined (all spans together) unless it is an end point.
    js = []
    for a, b, _, _ in spans:
        inside = np.nonzero((t >= a) & (t <= b))[0]
        if inside.size == 0:
            inside = np.array([np.searchsorted(t, 0.5 * (a + b)).clip(0, t.size - 1)])
        js.append(int(inside[np.argmin(sep[inside])]))
    js = np.asarray(js, dtype=np.int64)
    tm, ym = t[js].copy(), sep[js].copy()
    interior = np.nonzero((js > 0) & (js < t.size - 1))[0]
    if interior.size:
        j = js[interior]
        tr, yr = refine_minima(geom_fn, t[j - 1], t[j + 1], _EXTREMUM_TOL_S, _EXTREMUM_POINTS)
        better = yr <= sep[j]
        tm[interior] = np.where(better, tr, t[j])
        ym[interior] = np.where(better, yr, sep[j])
    return Conjunctions(
        Conjunction(float(a), float(b), float(y), float(x), float(threshold_deg), ca, cb)
        for (a, b, ca, cb), x, y in zip(spans, tm, ym, strict=True)
    )


def comms(
    target,
    start_tdb_s: float,
    end_tdb_s: float,
    observer: str = "earth",
    threshold_deg: float = DEFAULT_THRESHOLD_DEG,
    step_hours: float = 6.0,
    stations=None,
    elevation_mask_deg: float = 10.0,
    contact_step_minutes: float = 10.0,
) -> CommsReport:
    """Light time, solar conjunctions, closest approaches (and station contacts) over a span.

    Parameters
    ----------
    target : str or Trajectory or Transfer or tuple
        A DE440 body name or a spacecraft trajectory (:func:`as_trajectory`).
    start_tdb_s, end_tdb_s : float
        The span, TDB s past J2000 (inside DE440 and, for a spacecraft, its trajectory).
    observer : str, default "earth"
        The body the link starts from; the SEP angle is measured there.
    threshold_deg : float, default 2.0
        Solar-conjunction threshold on the Sun-observer-target angle, deg, in (0, 180).
    step_hours : float, default 6.0
        Sampling step of the search grid, hours. Conjunctions shorter than it may be missed.
    stations : sequence of str or None
        Station ids (:data:`STATIONS`) for daily contact windows (observer must be Earth);
        None: none computed.
    elevation_mask_deg : float, default 10.0
        Station elevation mask, deg.
    contact_step_minutes : float, default 10.0
        Sampling step of the contact search, minutes.

    Returns
    -------
    CommsReport

    Raises
    ------
    InputError
        Bad span, step or threshold; unknown body or station; times outside DE440
        (:class:`~sojourn.errors.EphemerisRangeError`) or outside the trajectory.
    """
    if not (np.isfinite(threshold_deg) and 0.0 < threshold_deg < 180.0):
        raise InputError(
            f"'threshold_deg' must be in (0, 180), got {threshold_deg}; e.g. 2, 3 or 5"
        )
    t = _check_span(start_tdb_s, end_tdb_s, step_hours)
    tgt = _resolve_target(target)
    observer = _resolve_observer(observer)
    if isinstance(tgt, str) and tgt == observer:
        raise InputError(f"target and observer are both {tgt!r}; give two different bodies")
    ephemeris._check_times(np.array([t[0], t[-1]]))
    g = link_geometry(tgt, t, observer)

    def dist(x):
        return link_geometry(tgt, x, observer).distance_km

    def sep(x):
        return link_geometry(tgt, x, observer).sep_deg

    tmin, dmin = find_minima(dist, t, _EXTREMUM_TOL_S, g.distance_km, _EXTREMUM_POINTS)
    tmax, dmax = find_maxima(dist, t, _EXTREMUM_TOL_S, g.distance_km, _EXTREMUM_POINTS)
    # Global extremes over the span: the refined interior extrema and the two end points.
    cand_t = np.concatenate([tmin, tmax, t[[0, -1]]])
    cand_d = np.concatenate([dmin, dmax, g.distance_km[[0, -1]]])
    lo, hi = int(np.argmin(cand_d)), int(np.argmax(cand_d))
    approaches = CloseApproaches(
        CloseApproach(float(a), float(b)) for a, b in zip(tmin, dmin, strict=True)
    )
    conj = _conjunctions(sep, t, g.sep_deg, threshold_deg)
    contacts = ContactWindows()
    if stations:
        if observer.lower() != "earth":
            raise InputError("'stations' need observer 'earth' (ground stations are on the Earth)")
        contacts = contact_windows(
            tgt, float(t[0]), float(t[-1]), stations, elevation_mask_deg, contact_step_minutes
        )
    name = tgt if isinstance(tgt, str) else tgt.name
    return CommsReport(
        target=name,
        observer=observer.lower(),
        start_tdb_s=float(t[0]),
        end_tdb_s=float(t[-1]),
        threshold_deg=float(threshold_deg),
        step_hours=float(step_hours),
        light_time_min_s=float(cand_d[lo] / C_KM_S),
        light_time_min_tdb_s=float(cand_t[lo]),
        light_time_max_s=float(cand_d[hi] / C_KM_S),
        light_time_max_tdb_s=float(cand_t[hi]),
        closest_approaches=approaches,
        conjunctions=conj,
        contacts=contacts,
    )


# --- Ground stations ----------------------------------------------------------------------------
@dataclass(frozen=True)
class GroundStation:
    """A tracking antenna: WGS 84 geodetic position and its source."""

    id: str
    name: str
    network: str
    lat_deg: float
    lon_deg: float
    h_km: float
    source: str


_DSN_SRC = (
    "JPL, 'DSN station coordinates', ITRF2005 epoch 2003.0 (IAU Commission 4 planetary "
    "ephemeris data, http://iau-comm4.jpl.nasa.gov/plan-eph-data/stations27oct2008.html), "
    "the set tabulated in DSN 810-005 module 301; converted from x, y, z to WGS 84 geodetic"
)


def _dsn(ident, name, xyz_m):
    from sojourn.core.frames import ecef_to_geodetic

    lat, lon, h = ecef_to_geodetic(np.asarray(xyz_m) / 1000.0)
    return GroundStation(ident, name, "DSN", float(lat), float(lon), float(h), _DSN_SRC)


#: Deep-space stations by id. DSN: the 70 m antennas (ITRF2005 Cartesian coordinates, JPL).
#: ESA (ESTRACK deep-space antennas DSA 1-3, 35 m): geodetic coordinates as published on
#: ESA's ESTRACK station pages; Malargue's as 35 deg 46' 34" S, 69 deg 23' 54" W (ESA page,
#: copied in Wikipedia's 'Malargue Station'); Cebreros' and New Norcia's transcribed from ESA's
#: station pages without a stored copy to check them (good to ~0.01 deg, ample for contacts).
STATIONS: dict[str, GroundStation] = {
    s.id: s
    for s in (
        _dsn("goldstone", "Goldstone DSS-14 (70 m)", (-2353621.3873, -4641341.4492, 3677052.2629)),
        _dsn("canberra", "Canberra DSS-43 (70 m)", (-4460894.9092, 2682361.5401, -3674748.0458)),
        _dsn("madrid", "Madrid DSS-63 (70 m)", (4849092.518, -360180.348, 4115109.251)),
        GroundStation(
            "cebreros",
            "Cebreros DSA 2 (35 m)",
            "ESTRACK",
            40.4527,
            -4.3676,
            0.794,
            "ESA ESTRACK 'Cebreros - DSA 2' station page (40.4527 N, 4.3676 W, 794 m)",
        ),
        GroundStation(
            "malargue",
            "Malargue DSA 3 (35 m)",
            "ESTRACK",
            -35.7761,
            -69.3983,
            1.550,
            "ESA ESTRACK 'Malargue - DSA 3' station page (35 46 34 S, 69 23 54 W, ~1550 m)",
        ),
        GroundStation(
            "new-norcia",
            "New Norcia DSA 1 (35 m)",
            "ESTRACK",
            -31.0482,
            116.1914,
            0.252,
            "ESA ESTRACK 'New Norcia - DSA 1' station page (31.0482 S, 116.1914 E, 252 m)",
        ),
    )
}
# DSS-63's coordinates above are from Table 1 of Kim et al. (2022), J. Astron. Space Sci. 39:79
# (KPLO DSN antennas), which repeats the JPL values; DSS-14 and DSS-43 from the JPL page.


def station(ident: str) -> GroundStation:
    """The station with id ``ident`` (case-insensitive); InputError listing the known ids."""
    key = str(ident).strip().lower()
    if key not in STATIONS:
        raise InputError(f"unknown station {ident!r}; known stations: {', '.join(STATIONS)}")
    return STATIONS[key]


#: Names that stand for several stations in :func:`station_ids`.
STATION_GROUPS: dict[str, tuple[str, ...]] = {
    "all": tuple(STATIONS),
    "dsn": tuple(k for k, s in STATIONS.items() if s.network == "DSN"),
    "esa": tuple(k for k, s in STATIONS.items() if s.network == "ESTRACK"),
}


def station_ids(text: str | None) -> list[str]:
    """Station ids of a comma-separated list of ids and groups (:data:`STATION_GROUPS`).

    Parameters
    ----------
    text : str or None
        E.g. ``"dsn,cebreros"`` (any case, spaces ignored); ``None`` or empty gives ``[]``.

    Returns
    -------
    list of str
        The ids in the order given, each group expanded in :data:`STATIONS` order.

    Raises
    ------
    InputError
        An id that is neither a station nor a group (:func:`station`), before any computing.
    """
    if not text:
        return []
    out: list[str] = []
    for part in text.split(","):
        key = part.strip().lower()
        out.extend(STATION_GROUPS.get(key, (key,)))
    for s in out:
        station(s)
    return out


def elevation_deg(target, st: GroundStation, t_tdb_s) -> np.ndarray:
    """Elevation of the target above a station's horizon, deg, at times ``t_tdb_s`` (N,).

    Geocentric apparent direction (one light-time iteration), rotated to ITRS; topocentric
    parallax is included (the station's ECEF position is subtracted).
    """
    from sojourn.core.frames import gcrs_to_itrs_matrix, geodetic_to_ecef

    t = np.atleast_1d(np.asarray(t_tdb_s, dtype=np.float64))
    tgt = _resolve_target(target)
    obs = ephemeris.position("earth", t, center="ssb")
    r = _apparent(tgt, obs, t)
    m = gcrs_to_itrs_matrix(t)
    r_itrs = np.einsum("...ij,...j->...i", m, r)
    site = geodetic_to_ecef(st.lat_deg, st.lon_deg, st.h_km)
    lat, lon = np.radians(st.lat_deg), np.radians(st.lon_deg)
    up = np.array([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)])
    rel = r_itrs - site
    return np.degrees(np.arcsin(np.clip(rel @ up / np.linalg.norm(rel, axis=-1), -1.0, 1.0)))


def contact_windows(
    target,
    start_tdb_s: float,
    end_tdb_s: float,
    stations=("goldstone", "madrid", "canberra"),
    elevation_mask_deg: float = 10.0,
    step_minutes: float = 10.0,
) -> ContactWindows:
    """Passes of ``target`` above ``elevation_mask_deg`` at each station, sorted by start.

    Passes cut by the span's ends start/end at the span's ends. Crossings are refined by
    bisection to about a second; passes shorter than ``step_minutes`` may be missed.
    """
    if not (np.isfinite(elevation_mask_deg) and -5.0 <= elevation_mask_deg < 90.0):
        raise InputError(f"'elevation_mask_deg' must be in [-5, 90), got {elevation_mask_deg}")
    sts = [station(s) for s in stations]
    t = _check_span(start_tdb_s, end_tdb_s, step_minutes / 60.0)
    tgt = _resolve_target(target)
    out = []
    for st in sts:
        el = elevation_deg(tgt, st, t)
        up = el >= elevation_mask_deg

        def elev(x, st=st):
            return elevation_deg(tgt, st, x)

        tc, rising = find_crossings(elev, t, elevation_mask_deg, tol_s=_CROSSING_TOL_S, y=el)
        tr, ts = list(tc[rising]), list(tc[~rising])
        if up[0]:
            tr = [t[0]] + tr
        if up[-1]:
            ts = ts + [t[-1]]
        for a, b in zip(tr, ts, strict=True):
            inside = (t >= a) & (t <= b)
            emax = float(el[inside].max()) if inside.any() else float(elevation_mask_deg)
            out.append(ContactWindow(st.id, float(a), float(b), emax))
    out.sort(key=lambda w: (w.start_tdb_s, w.station))
    return ContactWindows(out)

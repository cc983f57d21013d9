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
on a sampled grid (``step_hours``) and refined: threshold crossings by bisection (to about a
second) and extrema by repeated zooming (the grid around each extremum re-sampled 40 times
finer, three times: 6 h steps end near 3 s).

Station visibility rotates the geocentric apparent target direction into the ITRS with
:func:`sojourn.core.frames.gcrs_to_itrs_matrix` (IAU 2006/2000B, UT1 = UTC, no polar motion:
elevation good to about 0.001 deg, far better than a contact window needs) and uses the
station's WGS 84 geodetic vertical. No refraction (about 0.5 deg at the horizon, so windows are
a few minutes conservative at a 0 deg mask).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from sojourn.core import ephemeris
from sojourn.core.constants import C_KM_S, DAY_S, GM_SUN_KM3_S2
from sojourn.errors import InputError

__all__ = [
    "DEFAULT_THRESHOLD_DEG",
    "STANDARD_THRESHOLDS_DEG",
    "STATIONS",
    "CommsReport",
    "Conjunction",
    "CloseApproach",
    "ContactWindow",
    "GroundStation",
    "LinkGeometry",
    "Trajectory",
    "as_trajectory",
    "comms",
    "contact_windows",
    "elevation_deg",
    "link_geometry",
    "station",
]

#: Default solar-conjunction threshold, deg (NASA Mars moratorium, see module notes).
DEFAULT_THRESHOLD_DEG = 2.0
#: Thresholds commonly used: 2 deg (Mars command moratorium), 3 and 5 deg (degraded links).
STANDARD_THRESHOLDS_DEG = (2.0, 3.0, 5.0)

_ZOOM_POINTS = 41
_ZOOM_ROUNDS = 3
_BISECT_ITER = 30


# --- Spacecraft trajectories ----------------------------------------------------------------
@dataclass(frozen=True)
class Trajectory:
    """A spacecraft's planned path, Sun-centred ICRF, over ``[start_tdb_s, end_tdb_s]``.

    Built from sampled states (propagated two-body about the Sun from the nearest sample at
    or before each requested time), from sampled positions only (linear interpolation; give
    samples dense enough), or from a callable ``f(t_tdb_s (N,)) -> r_km (N, 3)`` or
    ``-> (r_km, v_km_s)``.

    Attributes
    ----------
    t_tdb_s : ndarray (N,)
        Sample epochs, TDB s past J2000, increasing (empty for a callable).
    r_km, v_km_s : ndarray (N, 3)
        Sampled positions (km) and velocities (km/s, or None), Sun-centred ICRF.
    func : callable or None
        The callable form.
    start_tdb_s, end_tdb_s : float
        The span over which the trajectory is defined.
    name : str
        A label for output.
    """

    t_tdb_s: np.ndarray
    r_km: np.ndarray
    v_km_s: np.ndarray | None
    start_tdb_s: float
    end_tdb_s: float
    func: Callable | None = None
    name: str = "spacecraft"

    @classmethod
    def from_states(cls, t_tdb_s, r_km, v_km_s=None, end_tdb_s=None, name="spacecraft"):
        """Trajectory from samples ``t_tdb_s (N,)``, ``r_km (N, 3)`` and optional ``v_km_s (N, 3)``.

        With velocities, one sample is enough and ``end_tdb_s`` may extend the span past the
        last sample (two-body coast about the Sun).
        """
        t = np.atleast_1d(np.asarray(t_tdb_s, dtype=np.float64))
        r = np.asarray(r_km, dtype=np.float64).reshape(-1, 3)
        v = None if v_km_s is None else np.asarray(v_km_s, dtype=np.float64).reshape(-1, 3)
        if t.ndim != 1 or r.shape[0] != t.size or (v is not None and v.shape[0] != t.size):
            raise InputError(
                f"trajectory samples must be t_tdb_s (N,), r_km (N, 3), v_km_s (N, 3); got "
                f"{t.shape}, {np.shape(r_km)}, {None if v_km_s is None else np.shape(v_km_s)}"
            )
        if t.size == 0 or not np.all(np.isfinite(t)) or np.any(np.diff(t) <= 0):
            raise InputError(
                "trajectory 't_tdb_s' must be finite, non-empty and strictly increasing"
            )
        if v is None and t.size < 2:
            raise InputError(
                "a trajectory of positions only needs at least 2 samples; give v_km_s too"
            )
        end = float(t[-1]) if end_tdb_s is None else float(end_tdb_s)
        if end < t[-1] or (v is None and end != t[-1]):
            raise InputError(
                f"'end_tdb_s' ({end}) must be >= the last sample ({t[-1]}) and needs velocities "
                "to extend past it"
            )
        return cls(t, r, v, float(t[0]), end, None, name)

    @classmethod
    def from_callable(cls, func, start_tdb_s, end_tdb_s, name="spacecraft"):
        """Trajectory from ``func(t_tdb_s (N,)) -> r_km (N, 3)`` or ``(r_km, v_km_s)``."""
        if not float(end_tdb_s) > float(start_tdb_s):
            raise InputError(
                f"trajectory span must have end > start, got {start_tdb_s}, {end_tdb_s}"
            )
        e = np.empty(0)
        return cls(e, e.reshape(0, 3), None, float(start_tdb_s), float(end_tdb_s), func, name)

    @classmethod
    def from_transfer(cls, t, name=None):
        """The ballistic arc of a :class:`sojourn.transfer.Transfer`, departure to arrival."""
        return cls.from_states(
            [t.depart_tdb_s],
            [t.r1_km],
            [t.v1_km_s],
            end_tdb_s=t.arrive_tdb_s,
            name=name or f"{t.depart_body}->{t.arrive_body}",
        )

    def _check(self, t, allow_before_s=0.0):
        eps = 1e-6
        bad = (
            (t < self.start_tdb_s - eps - allow_before_s)
            | (t > self.end_tdb_s + eps)
            | ~np.isfinite(t)
        )
        if bad.any():
            from sojourn.core.time import utc_iso

            first = float(t[bad].flat[0])
            where = utc_iso(first) if np.isfinite(first) else repr(first)
            raise InputError(
                f"time {where} UTC is outside the trajectory '{self.name}', which runs "
                f"{utc_iso(self.start_tdb_s)} to {utc_iso(self.end_tdb_s)} UTC; "
                "choose times in that span"
            )

    def state(self, t_tdb_s, allow_before_s=0.0):
        """``(r_km, v_km_s)`` at ``t_tdb_s`` (any shape), Sun-centred ICRF; v is None if unknown.

        ``allow_before_s`` lets light-time-retarded epochs fall that much before the start
        (coasted back from the first sample, or held at it for positions-only samples).
        """
        t = np.asarray(t_tdb_s, dtype=np.float64)
        self._check(t, allow_before_s)
        flat = t.reshape(-1)
        if self.func is not None:
            out = self.func(flat)
            if isinstance(out, tuple):
                r, v = np.asarray(out[0], dtype=np.float64), np.asarray(out[1], dtype=np.float64)
                return r.reshape(t.shape + (3,)), v.reshape(t.shape + (3,))
            return np.asarray(out, dtype=np.float64).reshape(t.shape + (3,)), None
        if self.v_km_s is not None:
            from sojourn.core.kepler import propagate

            i = np.clip(
                np.searchsorted(self.t_tdb_s, flat, side="right") - 1, 0, self.t_tdb_s.size - 1
            )
            r, v = propagate(self.r_km[i], self.v_km_s[i], flat - self.t_tdb_s[i], GM_SUN_KM3_S2)
            return r.reshape(t.shape + (3,)), v.reshape(t.shape + (3,))
        r = np.stack([np.interp(flat, self.t_tdb_s, self.r_km[:, k]) for k in range(3)], -1)
        return r.reshape(t.shape + (3,)), None

    def position(self, t_tdb_s):
        """Sun-centred ICRF position, km, at ``t_tdb_s`` (any shape) -> (..., 3)."""
        return self.state(t_tdb_s)[0]


def as_trajectory(obj) -> Trajectory:
    """A :class:`Trajectory` from a Trajectory, a Transfer, or a tuple ``(t, r[, v])``."""
    if isinstance(obj, Trajectory):
        return obj
    if hasattr(obj, "r1_km") and hasattr(obj, "v1_km_s") and hasattr(obj, "depart_tdb_s"):
        return Trajectory.from_transfer(obj)
    if isinstance(obj, tuple) and len(obj) in (2, 3):
        return Trajectory.from_states(*obj)
    raise InputError(
        "a trajectory must be a sojourn.comms.Trajectory, a Transfer, or "
        f"(t_tdb_s, r_km[, v_km_s]); got {type(obj).__name__}"
    )


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
    if isinstance(target, str):
        name = target.lower()
        ephemeris.naif_id(name, "target")  # raises UnknownBodyError with the list
        return name
    return as_trajectory(target)


def _check_not_sun(observer, tgt) -> None:
    """The Sun (or the barycentre next to it) cannot be an end of a link: the Sun-observer-
    target angle is undefined there (a division by zero) or always 0 (one endless
    'conjunction')."""
    for role, name in (("observer", observer), ("target", tgt)):
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
    _check_not_sun(observer, tgt)
    t = np.atleast_1d(np.asarray(t_tdb_s, dtype=np.float64))
    obs = ephemeris.position(observer.lower(), t, center="ssb")
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


# --- Event finding --------------------------------------------------------------------------
def _zoom_extrema(f, t_grid, y_grid, idx, sign):
    """Refine extrema of ``f`` (min for sign=+1, max for -1) around grid indices ``idx``.

    Returns ``(t, y)`` arrays. Each round samples all brackets in one vectorized call.
    """
    if len(idx) == 0:
        return np.empty(0), np.empty(0)
    idx = np.asarray(idx)
    lo = t_grid[np.maximum(idx - 1, 0)]
    hi = t_grid[np.minimum(idx + 1, t_grid.size - 1)]
    best_t, best_y = t_grid[idx], y_grid[idx]
    u = np.linspace(0.0, 1.0, _ZOOM_POINTS)
    for _ in range(_ZOOM_ROUNDS):
        tt = lo[:, None] + (hi - lo)[:, None] * u[None, :]
        yy = f(tt.ravel()).reshape(tt.shape)
        k = np.argmin(sign * yy, axis=1)
        rows = np.arange(len(idx))
        best_t, best_y = tt[rows, k], yy[rows, k]
        h = (hi - lo) / (_ZOOM_POINTS - 1)
        lo, hi = np.maximum(best_t - h, lo), np.minimum(best_t + h, hi)
    return best_t, best_y


def _local_extrema(y, sign):
    """Interior grid indices of local minima of ``sign * y``."""
    s = sign * y
    return np.nonzero((s[1:-1] < s[:-2]) & (s[1:-1] <= s[2:]))[0] + 1


def _bisect(f_below, a, b):
    """Vectorized bisection of the boolean ``f_below`` between ``a`` (value va) and ``b``."""
    a, b = a.copy(), b.copy()
    if a.size == 0:
        return a
    fa = f_below(a)
    for _ in range(_BISECT_ITER):
        m = 0.5 * (a + b)
        fm = f_below(m)
        same = fm == fa
        a = np.where(same, m, a)
        b = np.where(same, b, m)
    return 0.5 * (a + b)


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
    closest_approaches: tuple[CloseApproach, ...]
    conjunctions: tuple[Conjunction, ...]
    contacts: tuple[ContactWindow, ...] = field(default=())

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
    n = int(np.ceil((end - start) / (step_hours * 3600.0))) + 1
    if n > 2_000_000:
        raise InputError(
            f"span / 'step_hours' gives {n} samples; use a larger step (limit 2,000,000)"
        )
    return np.linspace(start, end, max(n, 3))


def _conjunctions(geom_fn, t, sep, threshold_deg):
    """Spans where ``sep`` < threshold on grid ``t``, refined; ``geom_fn(t) -> sep_deg``."""
    below = sep < threshold_deg
    edges = np.diff(below.astype(np.int8))
    starts = np.nonzero(edges == 1)[0]  # crossing between i and i+1
    ends = np.nonzero(edges == -1)[0]

    def is_below(x):
        return geom_fn(x) < threshold_deg

    t_start = _bisect(is_below, t[starts], t[starts + 1])
    t_end = _bisect(is_below, t[ends], t[ends + 1])
    spans = []
    si = list(t_start)
    ei = list(t_end)
    start_clipped = bool(below[0])
    end_clipped = bool(below[-1])
    if start_clipped:
        si = [t[0]] + si
    if end_clipped:
        ei = ei + [t[-1]]
    for k, (a, b) in enumerate(zip(si, ei, strict=True)):
        spans.append((a, b, start_clipped and k == 0, end_clipped and k == len(si) - 1))
    out = []
    for a, b, ca, cb in spans:
        inside = np.nonzero((t >= a) & (t <= b))[0]
        if inside.size == 0:
            inside = np.array([np.searchsorted(t, 0.5 * (a + b)).clip(0, t.size - 1)])
        j = inside[np.argmin(sep[inside])]
        if 0 < j < t.size - 1:
            tm, ym = _zoom_extrema(geom_fn, t, sep, [j], +1)
            tm, ym = float(tm[0]), float(ym[0])
        else:
            tm, ym = float(t[j]), float(sep[j])
        out.append(Conjunction(float(a), float(b), ym, tm, float(threshold_deg), ca, cb))
    return tuple(out)


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
    if isinstance(tgt, str) and tgt == observer.lower():
        raise InputError(f"target and observer are both {tgt!r}; give two different bodies")
    _check_not_sun(observer, tgt)
    ephemeris._check_times(np.array([t[0], t[-1]]))
    g = link_geometry(tgt, t, observer)

    def dist(x):
        return link_geometry(tgt, x, observer).distance_km

    def sep(x):
        return link_geometry(tgt, x, observer).sep_deg

    imin = _local_extrema(g.distance_km, +1)
    tmin, dmin = _zoom_extrema(dist, t, g.distance_km, imin, +1)
    imax = _local_extrema(g.distance_km, -1)
    tmax, dmax = _zoom_extrema(dist, t, g.distance_km, imax, -1)
    # Global extremes over the span: the refined interior extrema and the two end points.
    cand_t = np.concatenate([tmin, tmax, t[[0, -1]]])
    cand_d = np.concatenate([dmin, dmax, g.distance_km[[0, -1]]])
    lo, hi = int(np.argmin(cand_d)), int(np.argmax(cand_d))
    approaches = tuple(CloseApproach(float(a), float(b)) for a, b in zip(tmin, dmin, strict=True))
    conj = _conjunctions(sep, t, g.sep_deg, threshold_deg)
    contacts: tuple[ContactWindow, ...] = ()
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
) -> tuple[ContactWindow, ...]:
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
        edges = np.diff(up.astype(np.int8))
        rise, sett = np.nonzero(edges == 1)[0], np.nonzero(edges == -1)[0]

        def above(x, st=st):
            return elevation_deg(tgt, st, x) >= elevation_mask_deg

        tr = list(_bisect(above, t[rise], t[rise + 1]))
        ts = list(_bisect(above, t[sett], t[sett + 1]))
        if up[0]:
            tr = [t[0]] + tr
        if up[-1]:
            ts = ts + [t[-1]]
        for a, b in zip(tr, ts, strict=True):
            inside = (t >= a) & (t <= b)
            emax = float(el[inside].max()) if inside.any() else float(elevation_mask_deg)
            out.append(ContactWindow(st.id, float(a), float(b), emax))
    out.sort(key=lambda w: (w.start_tdb_s, w.station))
    return tuple(out)

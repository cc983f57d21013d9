"""Landing opportunities from the station's orbit: a physical descent into a landing zone.

Model
-----
The returning vehicle undocks at ``after`` (or later) and needs at least
``undock_to_deorbit_s`` before its deorbit burn (separation, phasing away, burn
preparation: 2.4 h; Soyuz MS-11 took 2.49 h, 19:25:30 to 21:55:03 EDT, CSA timeline; Soyuz
MS-18 2.45 h, undocking 01:14 UTC, burn 06:41 MSK = 03:41 UTC, TASS). The descent is flown,
not fitted (:mod:`sojourn.leo.entry`): a finite retrograde burn (Soyuz 128 m/s, 4 min 41 s),
the coast to the entry interface, a 3-DOF lifting entry with the Earth's rotation, and the
parachutes.

For each pass the burn is timed so that the nominal guided descent lands closest to the
zone's aim point (the burn time slides along the orbit; the cross-track miss is what the
orbit gives). The search uses the nominal descent's arc and duration, flown once from the
first candidate burn, on a 20 s grid; each candidate burn is then moved (golden section,
+-4 min) to the flown nominal descent's closest approach, and flown in full:

* ``mode="guided"``: the vertical lift fraction (bank-angle modulation) is solved, by
  golden-section search over [0, L/D], to bring the landing point closest to the aim;
* ``mode="ballistic"``: the capsule spins, no lift (a planned ballistic descent: the burn is
  timed for it). A guided plan that falls back to ballistic during entry lands short of the
  aim (Soyuz TMA-11: 475 km short); :func:`sojourn.leo.entry.fly` flies that case.

``dispersion_km`` is half the distance between the landing points flown with the
atmosphere's density 10 % under and over the standard (an assumed day-to-day spread of the
density at 40-80 km, not a published figure), with the lift fraction held (open loop): the
guided figure is what the bank modulation has to absorb, the ballistic one what remains.

Daylight at touchdown is the Sun's elevation at the landing point (DE440 Sun, ITRS) above
``min_sun_elevation_deg`` (default 0: the centre of the Sun above the horizon).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from sojourn.core.frames import ecef_to_gcrs, gcrs_to_ecef, geodetic_to_ecef
from sojourn.core.search import find_minima, refine_minima
from sojourn.core.time import utc_iso
from sojourn.errors import InputError
from sojourn.leo.entry import MODES, SOYUZ, EntryResult, Vehicle, chute_points_ecef_km, fly
from sojourn.leo.tle import TLE, element_set_for, propagate_tle

__all__ = [
    "Zone",
    "ZONES",
    "Descent",
    "SOYUZ_DESCENT",
    "Landing",
    "LandingReport",
    "landing_opportunities",
    "landing_report",
    "sun_elevation_deg",
    "descent_path",
    "DESCENT_MODEL",
]

#: Refinement tolerance of the arc model's deorbit-burn time, s (the pass search runs on a
#: 20 s grid; a precise search then refines the burn on the flown descent).
_BURN_TOL_S = 1.0
#: Mean Earth radius for great-circle distances, km.
_R_MEAN_KM = 6371.0
#: Density factors of the dispersion flights (see module notes).
_DENSITY_SPREAD = 0.10

DESCENT_MODEL = (
    "physical descent (sojourn.leo.entry): finite retrograde burn, J2 coast, 3-DOF entry "
    "in the rotating Earth frame with US Standard Atmosphere 1976, vertical lift only "
    "(bank reversals' lateral lift taken as zero), vertical parachute descent without drift"
)


def _destination(lat_deg, lon_deg, dist_km, bearing_deg):
    """Point ``dist_km`` from a point along an initial bearing (sphere, mean radius)."""
    p1, l1, b = map(math.radians, (lat_deg, lon_deg, bearing_deg))
    d = dist_km / _R_MEAN_KM
    p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(b))
    l2 = l1 + math.atan2(
        math.sin(b) * math.sin(d) * math.cos(p1), math.cos(d) - math.sin(p1) * math.sin(p2)
    )
    return math.degrees(p2), math.degrees(l2)


#: Towns the landing zones are published against (WGS 84, deg; city coordinates as given
#: by Wikipedia, rounded to 0.01 deg).
TOWNS = {"zhezkazgan": (47.78, 67.71), "arkalyk": (50.25, 66.92)}

_DZH = _destination(*TOWNS["zhezkazgan"], 148.0, 135.0)
_ARK = _destination(*TOWNS["arkalyk"], 86.0, 45.0)


@dataclass(frozen=True)
class Zone:
    """A landing zone: aim point (WGS 84 geodetic, deg) and the cross-range it accepts, km.

    ``kind`` is ``"primary"`` or ``"contingency"``; ``vehicle`` the vehicle it serves."""

    id: str
    name: str
    lat_deg: float
    lon_deg: float
    crossrange_km: float
    source: str
    kind: str = "primary"
    vehicle: str = "soyuz"


# Soyuz contingency zones (issue 13 item 3): no published list of designated Soyuz
# contingency or backup landing zones with coordinates was found (searched Nov 2026: news,
# NASA/Roscosmos pages). Published ballistic-descent outcomes are points, not zones: Soyuz
# TMA-11 (19 Apr 2008) landed about 420 km off target, SE of Orsk near the Kazakh-Russian
# border (RIA Novosti via trend.az, 20 Apr 2008); Soyuz TMA-1 (4 May 2003) about 290 miles
# short, north of the Aral Sea (Los Angeles Times via Chicago Tribune, 5 May 2003); "in case
# of a ballistic return, the capsule can end up as far as 600 kilometers short of the primary
# landing site" (a secondary web page, no primary source). The ballistic mode of the flown
# descent (``mode="ballistic"``) computes where such a return lands; no zone is invented here.
ZONES = {
    z.id: z
    for z in (
        Zone(
            "kazakhstan",
            "Kazakh steppe 148 km SE of Zhezkazgan (Soyuz primary zone)",
            round(_DZH[0], 3),
            round(_DZH[1], 3),
            250.0,
            "Soyuz primary landing point 146-148 km southeast of Zhezkazgan: Soyuz MS-06 "
            "(TASS, 28 Feb 2018: 146 km SE), MS-18 (Roscosmos via Sputnik, 16 Oct 2021: "
            "148 km SE), MS-23 (Kazinform, 27 Sep 2023: 148 km SE)",
        ),
        Zone(
            "arkalyk",
            "Kazakh steppe 86 km NE of Arkalyk (Soyuz primary zone, winter/northern)",
            round(_ARK[0], 3),
            round(_ARK[1], 3),
            250.0,
            "Soyuz TMA-06M landed 86 km northeast of Arkalyk (ITAR-TASS, 16 Mar 2013); "
            "TMA-13M and TMA-22 landings 'northeast of Arkalyk' (NASA ISS blog)",
        ),
        Zone(
            "florida-atlantic",
            "Atlantic off Cape Canaveral (Crew Dragon)",
            28.8,
            -80.1,
            150.0,
            "Crew Dragon splashdown sites off Florida's east coast (NASA commercial crew)",
            "primary",
            "dragon",
        ),
        Zone(
            "gulf-of-mexico",
            "Gulf of Mexico off Pensacola/Panama City (Crew Dragon)",
            29.7,
            -86.4,
            150.0,
            "Crew Dragon Gulf splashdown sites (NASA Crew-1, Demo-2)",
            "primary",
            "dragon",
        ),
        Zone(
            "pacific-california",
            "Pacific off Long Beach (Crew Dragon, Starliner)",
            32.6,
            -118.6,
            150.0,
            "Pacific recovery off southern California (SpaceX/NASA, 2025)",
            "contingency",
            "dragon",
        ),
    )
}


@dataclass(frozen=True)
class Descent:
    """Undocking-to-landing timeline.

    ``undock_to_deorbit_s`` is the least time from undocking to the deorbit burn;
    ``descent_s`` and ``descent_arc_deg`` are the burn-to-touchdown time and orbit arc of a
    descent (since the physical model they come from a flown descent,
    :func:`landing_opportunities`; the defaults are the Soyuz MS-18 figures of the older
    fitted model, kept for a first guess before anything is flown)."""

    undock_to_deorbit_s: float = 2.4 * 3600.0
    descent_s: float = 53.7 * 60.0
    descent_arc_deg: float = 162.0


SOYUZ_DESCENT = Descent()


@dataclass(frozen=True)
class Landing:
    """One opportunity (times TDB seconds past J2000).

    Attributes
    ----------
    zone : str
    deorbit_tdb_s, entry_tdb_s, landing_tdb_s : float
        Deorbit burn start, entry interface, touchdown.
    lat_deg, lon_deg : float
        Touchdown, WGS 84.
    miss_km : float
        Touchdown to the zone's aim point, great circle.
    hours_from_request : float
    deorbit_dv_m_s : float
    dispersion_km : float
        See the module notes.
    sun_elevation_deg : float
        At touchdown.
    daylight : bool
        ``sun_elevation_deg`` above the threshold asked for.
    peak_g : float
        Peak deceleration, Earth g.
    above_3g_s : float
        Seconds above 3 g.
    mode : str
        ``guided`` or ``ballistic``.
    lift_fraction : float
        Vertical L/D flown.
    """

    zone: str
    deorbit_tdb_s: float
    landing_tdb_s: float
    lat_deg: float
    lon_deg: float
    miss_km: float
    hours_from_request: float
    entry_tdb_s: float = float("nan")
    deorbit_dv_m_s: float = float("nan")
    dispersion_km: float = float("nan")
    sun_elevation_deg: float = float("nan")
    daylight: bool = False
    peak_g: float = float("nan")
    above_3g_s: float = float("nan")
    mode: str = "guided"
    lift_fraction: float = float("nan")

    def to_dict(self) -> dict:
        return {
            "zone": self.zone,
            "deorbit_utc": utc_iso(self.deorbit_tdb_s),
            "landing_utc": utc_iso(self.landing_tdb_s),
            "lat_deg": round(self.lat_deg, 3),
            "lon_deg": round(self.lon_deg, 3),
            "miss_km": round(self.miss_km, 1),
            "hours_from_request": round(self.hours_from_request, 3),
            "deorbit_dv_m_s": round(self.deorbit_dv_m_s, 1),
            "entry_utc": utc_iso(self.entry_tdb_s),
            "dispersion_km": round(self.dispersion_km, 1),
            "daylight": bool(self.daylight),
            "sun_elevation_deg": round(self.sun_elevation_deg, 1),
            "peak_g": round(self.peak_g, 2),
            "above_3g_s": round(self.above_3g_s, 1),
            "mode": self.mode,
            "lift_fraction": round(self.lift_fraction, 3),
        }


def zone(zone_id: str, field: str = "--zone") -> Zone:
    key = str(zone_id).strip().lower()
    if key not in ZONES:
        raise InputError(
            f"'{field}' is not a known landing zone: {zone_id!r}; known: {', '.join(ZONES)}"
        )
    return ZONES[key]


def _mode(mode: str, field: str = "mode") -> str:
    m = str(mode).strip().lower()
    if m not in MODES:
        raise InputError(f"'{field}' must be one of {', '.join(MODES)}, got {mode!r}")
    return m


def sun_elevation_deg(lat_deg, lon_deg, t_tdb_s, dut1_s=None):
    """Elevation of the Sun's centre above the horizon (ellipsoid normal), deg, no refraction.

    ``lat_deg``, ``lon_deg`` and ``t_tdb_s`` broadcast (N,). DE440 Sun, rotated to ITRS."""
    from sojourn.core.ephemeris import position

    t = np.atleast_1d(np.asarray(t_tdb_s, dtype=np.float64))
    s, _ = gcrs_to_ecef(position("sun", t, center="earth"), None, t, dut1_s)
    lat = np.radians(np.asarray(lat_deg, dtype=np.float64))
    lon = np.radians(np.asarray(lon_deg, dtype=np.float64))
    n = np.stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)], -1)
    p = geodetic_to_ecef(np.degrees(lat), np.degrees(lon), 0.0)
    d = s - p
    d /= np.linalg.norm(d, axis=-1, keepdims=True)
    return np.degrees(np.arcsin(np.clip(np.sum(d * n, axis=-1), -1.0, 1.0)))


def _landing_points(tle, t_burn, descent, dut1_s):
    r, v = propagate_tle(tle, t_burn, dut1_s)
    h = np.cross(r, v)
    h /= np.linalg.norm(h, axis=-1, keepdims=True)
    u = r / np.linalg.norm(r, axis=-1, keepdims=True)
    a = np.radians(descent.descent_arc_deg)
    p = np.cos(a) * u + np.sin(a) * np.cross(h, u)
    t_land = t_burn + descent.descent_s
    p_ecef, _ = gcrs_to_ecef(p, None, t_land, dut1_s)
    return p_ecef, t_land


def _flown_descent(tle, t_burn, lift, vehicle, descent, dut1_s) -> Descent:
    """The burn-to-touchdown time and in-plane arc of one flown descent from ``t_burn``."""
    r, v = propagate_tle(tle, np.array([t_burn]), dut1_s)
    res = fly(r, v, t_burn, lift, vehicle, dut1_s=dut1_s)
    if not res.ok[0]:
        raise InputError(
            "the deorbit burn does not bring the vehicle down within 3 h; the orbit is too "
            "high for the vehicle's deorbit delta-v"
        )
    p, _ = ecef_to_gcrs(res.landing_ecef_km, None, res.landing_tdb_s, dut1_s)
    u = r[0] / np.linalg.norm(r[0])
    h = np.cross(r[0], v[0])
    h /= np.linalg.norm(h)
    arc = math.degrees(math.atan2(float(p[0] @ np.cross(h, u)), float(p[0] @ u)))
    return Descent(descent.undock_to_deorbit_s, float(res.landing_tdb_s[0] - t_burn), arc % 360.0)


def _angle_rad(p_ecef_km, c_hat) -> np.ndarray:
    """Angle between points ``p (N, 3)`` (any length) and the unit vector ``c_hat``, rad."""
    p = p_ecef_km / np.linalg.norm(p_ecef_km, axis=-1, keepdims=True)
    return np.arccos(np.clip(p @ c_hat, -1.0, 1.0))


def _miss_km(res: EntryResult, c_hat) -> np.ndarray:
    return _angle_rad(res.landing_ecef_km, c_hat) * _R_MEAN_KM


#: Golden-section steps of the two searches below: 12 shrink a bracket by 0.618^12 (~1/320).
_GOLDEN_STEPS = 12


def _golden_tol(width: float, steps: int = _GOLDEN_STEPS) -> float:
    """The final bracket width that :func:`sojourn.core.search.refine_minima` reaches from
    ``width`` in exactly ``steps`` golden-section steps (a hair above 0.618^steps x width, so
    rounding never adds a step)."""
    return width * ((math.sqrt(5.0) - 1.0) / 2.0) ** steps * (1.0 + 1e-9)


def _guided(r, v, tb, vehicle, c_hat, dut1_s):
    """Golden-section search of the lift fraction in [0, L/D] closest to the aim, per row
    (the interval shrinks to 0.3 x 0.618^12 = 0.001)."""
    f = chute_points_ecef_km(r, v, tb, vehicle, dut1_s)
    lo, hi = np.zeros(tb.size), np.full(tb.size, vehicle.lift_to_drag)
    x, _ = refine_minima(
        lambda x: _angle_rad(f(x), c_hat), lo, hi, tol=_golden_tol(vehicle.lift_to_drag)
    )
    return x


def _refine_burns(tle, tb, lift, vehicle, c_hat, dut1_s, half_s: float = 240.0):
    """Golden-section search of each burn time within +-``half_s`` for the flown nominal
    descent's closest approach to the aim (the arc model's pick leaves out the sideways push
    of the rotating atmosphere, tens of km)."""

    def miss(t):
        r, v = propagate_tle(tle, t, dut1_s)
        return _angle_rad(chute_points_ecef_km(r, v, t, vehicle, dut1_s)(lift), c_hat)

    x, _ = refine_minima(miss, tb - half_s, tb + half_s, tol=_golden_tol(2.0 * half_s))
    return x


def landing_opportunities(
    tle: TLE,
    after_tdb_s: float,
    zone_id: str = "kazakhstan",
    hours: float = 48.0,
    descent: Descent = SOYUZ_DESCENT,
    dut1_s: float | None = None,
    *,
    mode: str = "guided",
    vehicle: Vehicle = SOYUZ,
    daylight: bool = False,
    min_sun_elevation_deg: float = 0.0,
    max_g: float | None = None,
    precise: bool = True,
) -> list[Landing]:
    """Landing opportunities to a zone for a crew undocking at or after ``after_tdb_s``.

    Parameters
    ----------
    tle : TLE
        The station (the returning vehicle starts on its orbit).
    after_tdb_s : float
        Earliest undocking, TDB seconds past J2000.
    zone_id : str
        Key of :data:`ZONES`.
    hours : float
        Search span after the earliest deorbit burn, h (0 < hours <= 240).
    descent : Descent
        Its ``undock_to_deorbit_s`` is used; the arc and duration are flown.
    mode : str
        ``guided`` or ``ballistic`` (module notes).
    vehicle : Vehicle
        The capsule (default Soyuz).
    daylight : bool
        Keep only touchdowns with the Sun above ``min_sun_elevation_deg``.
    max_g : float, optional
        Keep only descents whose peak deceleration stays at or under ``max_g`` g.
    precise : bool
        False for long tables: the burn is the arc model's pick and the lift the nominal one
        (no refinement, no guided solve, no dispersion flights: ``dispersion_km`` NaN); the
        touchdown moves by seconds and a few km.

    Returns
    -------
    list of Landing, in time order (first = the soonest the crew can be on the ground).
    """
    z = zone(zone_id)
    mode = _mode(mode)
    if not (0.0 < hours <= 240.0):
        raise InputError(
            f"'hours' must be in (0, 240], got {hours!r}; search at most 10 days, e.g. 48"
        )
    if max_g is not None and not (1.0 <= max_g <= 20.0):
        raise InputError(f"'max_g' must be in [1, 20] g, got {max_g!r}; e.g. 5")
    if not (-18.0 <= min_sun_elevation_deg <= 60.0):
        raise InputError(
            f"'min_sun_elevation_deg' must be in [-18, 60], got {min_sun_elevation_deg!r}"
        )
    t0 = after_tdb_s + descent.undock_to_deorbit_s
    lift = vehicle.nominal_lift_fraction if mode == "guided" else 0.0
    ref = _flown_descent(tle, t0, lift, vehicle, descent, dut1_s)
    step = 20.0
    t = t0 + np.arange(0.0, hours * 3600.0 + step, step)
    c = geodetic_to_ecef(z.lat_deg, z.lon_deg, 0.0)
    c_hat = c / np.linalg.norm(c)

    def miss_km(t_burn):
        # Great-circle distance from the aim point to the nominal landing point.
        p, _ = _landing_points(tle, t_burn, ref, dut1_s)
        return np.arccos(np.clip(p @ c_hat, -1.0, 1.0)) * _R_MEAN_KM

    tb, miss = find_minima(miss_km, t, _BURN_TOL_S, y=miss_km(t))
    # a flown descent may miss the aim by more than the arc model: keep a margin, then judge
    tb = tb[miss <= z.crossrange_km + 100.0]
    if not tb.size:
        return []
    if precise:
        tb = _refine_burns(tle, tb, lift, vehicle, c_hat, dut1_s)
        tb = tb[tb >= t0 - 1e-6]
        if not tb.size:
            return []
    r, v = propagate_tle(tle, tb, dut1_s)
    n = tb.size
    if precise and mode == "guided":
        lf = _guided(r, v, tb, vehicle, c_hat, dut1_s)
    else:
        lf = np.full(n, lift)
    res = fly(r, v, tb, lf, vehicle, dut1_s=dut1_s)
    dispersion = np.full(n, np.nan)
    if precise:
        rr, vv = np.concatenate([r, r]), np.concatenate([v, v])
        scale = np.repeat([1.0 - _DENSITY_SPREAD, 1.0 + _DENSITY_SPREAD], n)
        disp = fly(
            rr,
            vv,
            np.concatenate([tb, tb]),
            np.concatenate([lf, lf]),
            vehicle,
            density_scale=scale,
            dut1_s=dut1_s,
        )
        dx = disp.landing_ecef_km[:n] - disp.landing_ecef_km[n:]
        dispersion = 0.5 * np.linalg.norm(dx, axis=-1)
    sun = sun_elevation_deg(res.lat_deg, res.lon_deg, res.landing_tdb_s, dut1_s)
    miss = _miss_km(res, c_hat)
    out = []
    for j in range(n):
        if not res.ok[j] or miss[j] > z.crossrange_km:
            continue
        lit = bool(sun[j] > min_sun_elevation_deg)
        if daylight and not lit:
            continue
        if max_g is not None and res.peak_g[j] > max_g:
            continue
        out.append(
            Landing(
                zone=z.id,
                deorbit_tdb_s=float(tb[j]),
                landing_tdb_s=float(res.landing_tdb_s[j]),
                lat_deg=float(res.lat_deg[j]),
                lon_deg=float(res.lon_deg[j]),
                miss_km=float(miss[j]),
                hours_from_request=float((res.landing_tdb_s[j] - after_tdb_s) / 3600.0),
                entry_tdb_s=float(res.entry_tdb_s[j]),
                deorbit_dv_m_s=float(vehicle.deorbit_dv_m_s),
                dispersion_km=float(dispersion[j]),
                sun_elevation_deg=float(sun[j]),
                daylight=lit,
                peak_g=float(res.peak_g[j]),
                above_3g_s=float(res.above_g_s[j]),
                mode=mode,
                lift_fraction=float(lf[j]),
            )
        )
    return out


def descent_path(
    tle: TLE,
    landing: Landing,
    vehicle: Vehicle = SOYUZ,
    sample_s: float = 10.0,
    dut1_s: float | None = None,
):
    """The flown path of an opportunity: (t_tdb_s (K,), r_gcrs_km (K, 3), v_gcrs_km_s (K, 3)),
    from the burn to the chute command, then the touchdown point, every ``sample_s`` s."""
    r, v = propagate_tle(tle, np.array([landing.deorbit_tdb_s]), dut1_s)
    res = fly(
        r,
        v,
        landing.deorbit_tdb_s,
        landing.lift_fraction,
        vehicle,
        sample_s=sample_s,
        dut1_s=dut1_s,
    )
    s = res.samples[0]
    s = s[np.isfinite(s[:, 0])]
    t = np.append(s[:, 0], res.landing_tdb_s[0])
    p = np.concatenate([s[:, 1:4], res.landing_ecef_km[:1]])
    rg, vg = ecef_to_gcrs(p, np.gradient(p, t, axis=0), t, dut1_s)
    return t, rg, vg


@dataclass(frozen=True)
class LandingReport:
    """The landing opportunities from a station to a zone after a request time.

    Attributes
    ----------
    tle : TLE
        The station's element set used (the one nearest the request).
    zone : str
        The zone id asked for, lower case.
    hours : float
        The search span, h.
    opportunities : tuple of Landing
        In time order (first = the soonest the crew can be on the ground); may be empty.
    """

    tle: TLE
    zone: str
    hours: float
    opportunities: tuple[Landing, ...]
    mode: str = "guided"

    def to_dict(self) -> dict:
        return {
            "target": self.tle.name,
            "tle_epoch_utc": self.tle.epoch_utc,
            "zone": self.zone,
            "opportunities": [o.to_dict() for o in self.opportunities],
            "mode": self.mode,
            "model": DESCENT_MODEL,
        }


def landing_report(
    after_tdb_s: float,
    zone_id: str = "kazakhstan",
    hours: float = 48.0,
    *,
    tle: TLE | None = None,
    tle_path=None,
    target: str | None = None,
    mode: str = "guided",
    daylight: bool = False,
    max_g: float | None = None,
) -> LandingReport:
    """:func:`landing_opportunities` from the station's element set nearest ``after_tdb_s``.

    ``tle`` is used as given; without it, the set of ``tle_path`` or of the built-in
    ``target`` (default iss) nearest the request (:func:`sojourn.leo.tle.element_set_for`).
    """
    mode = _mode(mode, "--mode")
    if tle is None:
        tle = element_set_for(after_tdb_s, tle_path, target)
    ops = landing_opportunities(
        tle,
        after_tdb_s,
        zone_id=zone_id,
        hours=hours,
        mode=mode,
        daylight=daylight,
        max_g=max_g,
    )
    return LandingReport(
        tle=tle, zone=zone_id.lower(), hours=hours, opportunities=tuple(ops), mode=_mode(mode)
    )

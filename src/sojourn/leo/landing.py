"""Landing opportunities from the station's orbit: how long until the crew is on the ground.

Model
-----
The returning vehicle undocks at ``after`` (or later), needs at least ``undock_to_deorbit_s``
before its deorbit burn (separation, phasing away, burn preparation), then flies a fixed
descent: the landing point lies ``descent_arc_deg`` of orbit arc past the burn point, in the
orbit plane, reached ``descent_s`` after the burn (ground position taken in ECEF at that
instant, so the Earth's rotation during the descent is included). The burn time can slide
freely along the orbit, so only the cross-track miss matters: for each pass the burn is timed
for the closest approach of the landing point to the zone centre, and the pass is an
opportunity when that miss is within the zone's ``crossrange_km``.

Soyuz defaults (Soyuz MS-18 return, 17 Oct 2021: undocking 01:14 UTC, deorbit burn about
03:42 UTC, landing 04:35:44 UTC; Roscosmos/NASA ISS blog) : 2.4 h (at least) undocking-to-burn,
53.7 min burn-to-landing, 162 deg of arc.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sojourn.core.frames import ecef_to_geodetic, gcrs_to_ecef, geodetic_to_ecef
from sojourn.core.search import find_minima
from sojourn.core.time import utc_iso
from sojourn.errors import InputError
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
]

#: Refinement tolerance of the deorbit-burn time, s (the pass search runs on a 20 s grid).
_BURN_TOL_S = 0.01


@dataclass(frozen=True)
class Zone:
    """A landing zone: centre (WGS 84 geodetic, deg) and the cross-range it accepts, km."""

    id: str
    name: str
    lat_deg: float
    lon_deg: float
    crossrange_km: float
    source: str


ZONES = {
    z.id: z
    for z in (
        Zone(
            "kazakhstan",
            "Kazakh steppe SE of Dzhezkazgan (Soyuz primary zone)",
            47.3,
            69.6,
            250.0,
            "Soyuz primary landing zone, about 150 km SE of Dzhezkazgan "
            "(NASA/Roscosmos landing coverage)",
        ),
        Zone(
            "florida-atlantic",
            "Atlantic off Cape Canaveral (Crew Dragon)",
            28.8,
            -80.1,
            150.0,
            "Crew Dragon splashdown sites off Florida's east coast (NASA commercial crew)",
        ),
        Zone(
            "gulf-of-mexico",
            "Gulf of Mexico off Pensacola/Panama City (Crew Dragon)",
            29.7,
            -86.4,
            150.0,
            "Crew Dragon Gulf splashdown sites (NASA Crew-1, Demo-2)",
        ),
        Zone(
            "pacific-california",
            "Pacific off Long Beach (Crew Dragon, Starliner)",
            32.6,
            -118.6,
            150.0,
            "Pacific recovery off southern California (SpaceX/NASA, 2025)",
        ),
    )
}


@dataclass(frozen=True)
class Descent:
    """Undocking-to-landing timeline (see module notes)."""

    undock_to_deorbit_s: float = 2.4 * 3600.0
    descent_s: float = 53.7 * 60.0
    descent_arc_deg: float = 162.0


SOYUZ_DESCENT = Descent()


@dataclass(frozen=True)
class Landing:
    """One opportunity (times TDB seconds past J2000)."""

    zone: str
    deorbit_tdb_s: float
    landing_tdb_s: float
    lat_deg: float
    lon_deg: float
    miss_km: float
    hours_from_request: float

    def to_dict(self) -> dict:
        return {
            "zone": self.zone,
            "deorbit_utc": utc_iso(self.deorbit_tdb_s),
            "landing_utc": utc_iso(self.landing_tdb_s),
            "lat_deg": round(self.lat_deg, 3),
            "lon_deg": round(self.lon_deg, 3),
            "miss_km": round(self.miss_km, 1),
            "hours_from_request": round(self.hours_from_request, 3),
        }


def zone(zone_id: str) -> Zone:
    key = str(zone_id).strip().lower()
    if key not in ZONES:
        raise InputError(
            f"'--zone' is not a known landing zone: {zone_id!r}; known: {', '.join(ZONES)}"
        )
    return ZONES[key]


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


def landing_opportunities(
    tle: TLE,
    after_tdb_s: float,
    zone_id: str = "kazakhstan",
    hours: float = 48.0,
    descent: Descent = SOYUZ_DESCENT,
    dut1_s: float | None = None,
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

    Returns
    -------
    list of Landing, in time order (first = the soonest the crew can be on the ground).
    """
    z = zone(zone_id)
    if not (0.0 < hours <= 240.0):
        raise InputError(
            f"'hours' must be in (0, 240], got {hours!r}; search at most 10 days, e.g. 48"
        )
    t0 = after_tdb_s + descent.undock_to_deorbit_s
    step = 20.0
    t = t0 + np.arange(0.0, hours * 3600.0 + step, step)
    c = geodetic_to_ecef(z.lat_deg, z.lon_deg, 0.0)
    c_hat = c / np.linalg.norm(c)

    def miss_km(t_burn):
        # Great-circle distance from the zone centre to the landing point (mean radius).
        p, _ = _landing_points(tle, t_burn, descent, dut1_s)
        return np.arccos(np.clip(p @ c_hat, -1.0, 1.0)) * 6371.0

    # Each pass: the burn time whose landing point passes closest to the zone centre.
    tb, miss = find_minima(miss_km, t, _BURN_TOL_S, y=miss_km(t))
    keep = miss <= z.crossrange_km
    tb, miss = tb[keep], miss[keep]
    out = []
    if tb.size:
        p, tl = _landing_points(tle, tb, descent, dut1_s)
        lat, lon, _ = ecef_to_geodetic(p * 6371.0)
        for j in range(tb.size):
            out.append(
                Landing(
                    zone=z.id,
                    deorbit_tdb_s=float(tb[j]),
                    landing_tdb_s=float(tl[j]),
                    lat_deg=float(np.atleast_1d(lat)[j]),
                    lon_deg=float(np.atleast_1d(lon)[j]),
                    miss_km=float(miss[j]),
                    hours_from_request=float((tl[j] - after_tdb_s) / 3600.0),
                )
            )
    return out


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

    def to_dict(self) -> dict:
        return {
            "target": self.tle.name,
            "tle_epoch_utc": self.tle.epoch_utc,
            "zone": self.zone,
            "opportunities": [o.to_dict() for o in self.opportunities],
        }


def landing_report(
    after_tdb_s: float,
    zone_id: str = "kazakhstan",
    hours: float = 48.0,
    *,
    tle: TLE | None = None,
    tle_path=None,
    target: str | None = None,
) -> LandingReport:
    """:func:`landing_opportunities` from the station's element set nearest ``after_tdb_s``.

    ``tle`` is used as given; without it, the set of ``tle_path`` or of the built-in
    ``target`` (default iss) nearest the request (:func:`sojourn.leo.tle.element_set_for`).
    """
    if tle is None:
        tle = element_set_for(after_tdb_s, tle_path, target)
    ops = landing_opportunities(tle, after_tdb_s, zone_id=zone_id, hours=hours)
    return LandingReport(tle=tle, zone=zone_id.lower(), hours=hours, opportunities=tuple(ops))

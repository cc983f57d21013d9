"""What the plan's pictures need from the ephemeris, computed here so ``sojourn.io`` never asks.

- :func:`planet_orbits`: Earth's and Mars's heliocentric paths over the mission, for the
  report's Sun-centred view, with the planets' positions at the mission's events (departure,
  arrival, ...) and ecliptic copies.
- :func:`with_views`: a trajectory segment with its positions re-centred on the Sun and on
  the Earth (ICRF axes), for the Sun-centred view and for CZML (Cesium's ``INERTIAL`` frame
  is Earth-centred), and the Sun-centred positions in the ecliptic of J2000.
- :func:`ground_map`: a station mission's map: the sub-satellite points of its Earth-centred
  arcs (GCRS -> ITRS with the IERS Earth orientation, WGS 84 geodetic), the launch site,
  insertion, docking, deorbit, entry and landing, the landing zones and the dispersion.

All leave out what lies outside DE440 (or what the plan lacks) rather than fail: a picture is
not worth a plan.

The ecliptic is the mean ecliptic of J2000 (IAU 2006 obliquity
:data:`sojourn.core.constants.OBLIQUITY_J2000_RAD`), rotated about the ICRF x axis: the
frame-bias offset between ICRF and the dynamical J2000 equator (about 23 mas) is below what
a picture shows.
"""

from __future__ import annotations

import dataclasses
import math
import re

import numpy as np

from sojourn.core.constants import DAY_S, OBLIQUITY_J2000_RAD
from sojourn.errors import SojournError
from sojourn.mission.model import (
    GroundMap,
    GroundTrack,
    MapMark,
    MapZone,
    PlanetMark,
    PlanetOrbit,
    PlanStation,
    TrajectorySegment,
)

__all__ = [
    "DESIGNATORS",
    "ORBIT_PERIOD_DAYS",
    "designator",
    "ecliptic",
    "ground_map",
    "ground_stations",
    "station_path",
    "planet_orbits",
    "small_circle",
    "with_views",
]

#: Sidereal orbital periods, days (NASA planetary fact sheets): the shortest span drawn.
ORBIT_PERIOD_DAYS = {"earth": 365.256, "mars": 686.98}
#: International (COSPAR) designators of objects the built-in plans fly, by name:
#: ISS (its first element, Zarya): 1998-067A (the designator field ``98067A`` of the ISS
#: element sets shipped in ``leo/data``); Soyuz MS-19: 2021-089A (Wikipedia, "Soyuz MS-19",
#: infobox "COSPAR ID 2021-089A", https://simple.wikipedia.org/wiki/Soyuz_MS-19).
DESIGNATORS = {"iss": "1998-067A", "soyuz ms-19": "2021-089A"}


def designator(name: str | None) -> str | None:
    """The international designator of a catalogued object name (case and punctuation
    ignored), else None."""
    if not name:
        return None
    key = re.sub(r"[^a-z0-9]", "", str(name).lower())
    for k, v in DESIGNATORS.items():
        if re.sub(r"[^a-z0-9]", "", k) == key:
            return v
    return None


#: Mean Earth radius for the map's circles, km (IUGG mean radius R1, Moritz 2000).
_R_MEAN_KM = 6371.0088


def ecliptic(r_km) -> np.ndarray:
    """ICRF (equatorial) vectors (..., 3) -> ecliptic of J2000 (rotation about x by epsilon)."""
    r = np.asarray(r_km, dtype=np.float64)
    c, s = math.cos(OBLIQUITY_J2000_RAD), math.sin(OBLIQUITY_J2000_RAD)
    out = np.empty_like(r)
    out[..., 0] = r[..., 0]
    out[..., 1] = c * r[..., 1] + s * r[..., 2]
    out[..., 2] = -s * r[..., 1] + c * r[..., 2]
    return out


def planet_orbits(
    t0_tdb_s: float,
    t1_tdb_s: float,
    bodies: tuple[str, ...] = ("earth", "mars"),
    n: int = 361,
    events: tuple[tuple[str, float], ...] = (),
) -> tuple[PlanetOrbit, ...]:
    """Each body's Sun-centred path from ``t0`` over max(mission, one orbit), ``n`` samples.

    ``events``: ``(label, t_tdb_s)`` pairs (e.g. ``("departure", t)``); each body carries its
    position at each event (:class:`~sojourn.mission.model.PlanetMark`), so the report marks
    the planets where the arcs leave and arrive, not at the plan's start and end. Bodies
    outside DE440 over that span are left out.
    """
    from sojourn.core.ephemeris import position

    out = []
    for body in bodies:
        span = max(t1_tdb_s - t0_tdb_s, ORBIT_PERIOD_DAYS[body] * DAY_S)
        t = np.linspace(t0_tdb_s, t0_tdb_s + span, n)
        try:
            r = np.asarray(position(body, t, center="sun"))
            ends = np.asarray(position(body, np.linspace(t0_tdb_s, t1_tdb_s, 2), center="sun"))
            te = np.array([float(e[1]) for e in events], dtype=np.float64)
            re = np.asarray(position(body, te, center="sun")).reshape(-1, 3) if te.size else None
        except SojournError:
            continue  # outside DE440: draw no orbit rather than fail the plan
        marks = tuple(
            PlanetMark(str(label), float(te[k]), re[k], ecliptic(re[k]))
            for k, (label, _t) in enumerate(events)
        )
        out.append(PlanetOrbit(body, t, r, ends[0], ends[1], ecliptic(r), marks))
    return tuple(out)


def with_views(segment: TrajectorySegment) -> TrajectorySegment:
    """``segment`` with ``r_sun_km``, ``r_earth_km`` and ``r_sun_ecl_km`` filled in (where
    DE440 covers it)."""
    from sojourn.core.ephemeris import position

    t = np.asarray(segment.t_tdb_s, dtype=np.float64).reshape(-1)
    r = np.asarray(segment.r_km, dtype=np.float64).reshape(-1, 3)
    center = segment.center.lower()
    views = {}
    for body, name in (("sun", "r_sun_km"), ("earth", "r_earth_km")):
        if center == body:
            continue
        try:
            views[name] = r + np.asarray(position(center, t, center=body))
        except SojournError:
            continue
    r_sun = r if center == "sun" else views.get("r_sun_km")
    if r_sun is not None:
        views["r_sun_ecl_km"] = ecliptic(r_sun)
    return dataclasses.replace(segment, **views)


# --- the ground map --------------------------------------------------------------------------
def small_circle(
    lat_deg: float, lon_deg: float, radius_km: float, n: int = 73
) -> tuple[np.ndarray, np.ndarray]:
    """The points at great-circle distance ``radius_km`` around a point (spherical Earth,
    mean radius; the direct geodesic problem on the sphere), longitudes in [-180, 180)."""
    d = radius_km / _R_MEAN_KM
    la, lo = math.radians(lat_deg), math.radians(lon_deg)
    az = np.linspace(0.0, 2.0 * math.pi, n)
    lat2 = np.arcsin(math.sin(la) * math.cos(d) + math.cos(la) * math.sin(d) * np.cos(az))
    lon2 = lo + np.arctan2(
        np.sin(az) * math.sin(d) * math.cos(la), math.cos(d) - math.sin(la) * np.sin(lat2)
    )
    lon2 = (np.degrees(lon2) + 180.0) % 360.0 - 180.0
    return np.degrees(lat2), lon2


def _geodetic(r_gcrs_km, t_tdb_s) -> tuple[np.ndarray, np.ndarray]:
    """GCRS positions (N, 3) at ``t`` (N,) -> WGS 84 latitude, longitude (deg)."""
    from sojourn.core.frames import ecef_to_geodetic, gcrs_to_ecef

    r_ecef, _ = gcrs_to_ecef(np.asarray(r_gcrs_km, dtype=np.float64), None, t_tdb_s)
    lat, lon, _h = ecef_to_geodetic(r_ecef)
    return np.asarray(lat, dtype=np.float64), np.asarray(lon, dtype=np.float64)


def _state_at(tracks: list[TrajectorySegment], t: float) -> np.ndarray | None:
    """The Earth-centred position at ``t`` from the segment that spans it (linear between
    samples), or None."""
    for seg in tracks:
        ts = np.asarray(seg.t_tdb_s, dtype=np.float64).reshape(-1)
        if ts.size and ts[0] - 1.0 <= t <= ts[-1] + 1.0:
            r = np.asarray(seg.r_km, dtype=np.float64).reshape(-1, 3)
            return np.array([np.interp(t, ts, r[:, k]) for k in range(3)])
    return None


def ground_map(
    trajectories, launch=None, landing=None, zone_ids: tuple[str, ...] | None = None
) -> GroundMap:
    """The map of a station mission (see the module notes).

    Parameters
    ----------
    trajectories : sequence of TrajectorySegment
        The plan's arcs; the Earth-centred (GCRS) ones become ground tracks.
    launch : LaunchSection, optional
        Gives the site (its coordinates), the insertion state and the docking time.
    landing : LandingSection, optional
        Gives the deorbit and landing (and, when the descent model carries them, the entry
        point and the dispersion).
    zone_ids : tuple of str, optional
        Landing zones to draw (default every catalogued zone); the landing's zone is marked
        ``used``.
    """
    from sojourn.leo.landing import ZONES
    from sojourn.leo.sites import site as site_by_id

    earth = [s for s in trajectories if s.center.lower() == "earth" and len(s.t_tdb_s) >= 2]
    tracks = []
    for seg in earth:
        t = np.asarray(seg.t_tdb_s, dtype=np.float64).reshape(-1)
        lat, lon = _geodetic(np.asarray(seg.r_km, dtype=np.float64).reshape(-1, 3), t)
        tracks.append(GroundTrack(seg.name, t, lat, lon))

    marks: list[MapMark] = []

    def at(label: str, kind: str, t: float | None, r=None) -> None:
        if t is None or not math.isfinite(float(t)):
            return
        r = _state_at(earth, float(t)) if r is None else np.asarray(r, dtype=np.float64)
        if r is None:
            return
        lat, lon = _geodetic(r.reshape(1, 3), np.array([float(t)]))
        marks.append(MapMark(label, kind, float(lat[0]), float(lon[0]), float(t)))

    if launch is not None:
        try:
            s = site_by_id(launch.site)
            marks.append(
                MapMark(
                    f"launch site ({s.name})" if getattr(s, "name", None) else "launch site",
                    "site",
                    float(s.lat_deg),
                    float(s.lon_deg),
                    float(launch.window.launch_tdb_s),
                )
            )
        except SojournError:
            pass
        w = launch.window
        at("insertion", "insertion", w.insertion_tdb_s, getattr(w, "r_insertion_km", None))
        if launch.rendezvous is not None:
            at("docking", "docking", launch.rendezvous.docking_tdb_s)
    used_zone = None
    if landing is not None:
        opp = landing.opportunity
        used_zone = getattr(opp, "zone", None)
        at("deorbit burn", "deorbit", getattr(opp, "deorbit_tdb_s", None))
        t_entry = getattr(opp, "entry_tdb_s", None)
        e_lat, e_lon = getattr(opp, "entry_lat_deg", None), getattr(opp, "entry_lon_deg", None)
        if t_entry is not None and e_lat is not None and e_lon is not None:
            marks.append(MapMark("entry interface", "entry", float(e_lat), float(e_lon), t_entry))
        else:
            at("entry interface", "entry", t_entry)
        disp = getattr(opp, "dispersion_km", None)
        o_lat, o_lon = np.zeros(0), np.zeros(0)
        if disp is not None and math.isfinite(float(disp)) and float(disp) > 0:
            o_lat, o_lon = small_circle(opp.lat_deg, opp.lon_deg, float(disp))
        marks.append(
            MapMark(
                "landing",
                "landing",
                float(opp.lat_deg),
                float(opp.lon_deg),
                float(opp.landing_tdb_s),
                None if disp is None else float(disp),
                o_lat,
                o_lon,
            )
        )
    zones = []
    for zid, z in ZONES.items():
        if zone_ids is not None and zid not in zone_ids and zid != used_zone:
            continue
        radius = float(getattr(z, "radius_km", None) or getattr(z, "crossrange_km", 0.0))
        o_lat, o_lon = small_circle(z.lat_deg, z.lon_deg, radius)
        zones.append(
            MapZone(zid, z.name, z.lat_deg, z.lon_deg, radius, zid == used_zone, o_lat, o_lon)
        )
    return GroundMap(tuple(tracks), tuple(marks), tuple(zones))


def ground_stations(ids) -> tuple[PlanStation, ...]:
    """The comms stations ``ids`` (:data:`sojourn.comms.STATIONS` keys, in order, repeats
    dropped) as :class:`PlanStation` entries for the 3-D view."""
    from sojourn.comms import station

    out: list[PlanStation] = []
    for ident in dict.fromkeys(ids):
        st = station(ident)
        out.append(PlanStation(st.id, st.name, st.network, st.lat_deg, st.lon_deg, st.h_km))
    return tuple(out)


#: Sample spacing of the station's path, s (60 s: 1/92 of an ISS orbit, as the crew arcs).
STATION_PATH_STEP_S = 60.0


def station_path(tle, t0_tdb_s: float, t1_tdb_s: float) -> TrajectorySegment | None:
    """The station's own path (SGP4 of its element set ``tle``, GCRS) from ``t0`` to ``t1``,
    every :data:`STATION_PATH_STEP_S` seconds; None when the span is under two samples."""
    from sojourn.leo.tle import propagate_tle

    if not t1_tdb_s - t0_tdb_s >= STATION_PATH_STEP_S:
        return None
    n = int(math.ceil((t1_tdb_s - t0_tdb_s) / STATION_PATH_STEP_S))
    t = np.linspace(t0_tdb_s, t1_tdb_s, n + 1)
    r, v = propagate_tle(tle, t)
    name = str(tle.name or "station")
    ident = _tle_designator(tle.line1) or designator(name)
    return TrajectorySegment(
        name, "earth", t, np.asarray(r), np.asarray(v), "GCRS", object_id=ident
    )


def _tle_designator(line1: str) -> str | None:
    """The international designator in TLE line 1, columns 10-17 (``98067A`` ->
    ``1998-067A``; two-digit years 57-99 are 19xx, per the TLE format), else None."""
    field = str(line1)[9:17].strip()
    if len(field) < 6 or not field[:5].isdigit():
        return None
    yy = int(field[:2])
    return f"{1900 + yy if yy >= 57 else 2000 + yy}-{field[2:]}"

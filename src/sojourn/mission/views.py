"""What the plan's pictures need from the ephemeris, computed here so ``sojourn.io`` never asks.

- :func:`planet_orbits`: Earth's and Mars's heliocentric paths over the mission, for the
  report's Sun-centred view.
- :func:`with_views`: a trajectory segment with its positions re-centred on the Sun and on
  the Earth (ICRF axes), for the Sun-centred view and for CZML (Cesium's ``INERTIAL`` frame
  is Earth-centred).

Both leave out what lies outside DE440 rather than fail: a picture is not worth a plan.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from sojourn.core.constants import DAY_S
from sojourn.errors import SojournError
from sojourn.mission.model import PlanetOrbit, TrajectorySegment

__all__ = ["ORBIT_PERIOD_DAYS", "planet_orbits", "with_views"]

#: Sidereal orbital periods, days (NASA planetary fact sheets): the shortest span drawn.
ORBIT_PERIOD_DAYS = {"earth": 365.256, "mars": 686.98}


def planet_orbits(
    t0_tdb_s: float, t1_tdb_s: float, bodies: tuple[str, ...] = ("earth", "mars"), n: int = 361
) -> tuple[PlanetOrbit, ...]:
    """Each body's Sun-centred path from ``t0`` over max(mission, one orbit), ``n`` samples.

    Bodies outside DE440 over that span are left out.
    """
    from sojourn.core.ephemeris import position

    out = []
    for body in bodies:
        span = max(t1_tdb_s - t0_tdb_s, ORBIT_PERIOD_DAYS[body] * DAY_S)
        t = np.linspace(t0_tdb_s, t0_tdb_s + span, n)
        try:
            r = np.asarray(position(body, t, center="sun"))
            ends = np.asarray(position(body, np.linspace(t0_tdb_s, t1_tdb_s, 2), center="sun"))
        except SojournError:
            continue  # outside DE440: draw no orbit rather than fail the plan
        out.append(PlanetOrbit(body, t, r, ends[0], ends[1]))
    return tuple(out)


def with_views(segment: TrajectorySegment) -> TrajectorySegment:
    """``segment`` with ``r_sun_km`` and ``r_earth_km`` filled in (where DE440 covers it)."""
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
    return dataclasses.replace(segment, **views)

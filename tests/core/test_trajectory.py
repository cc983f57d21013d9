"""Trajectories: the piecewise mission path and the comms re-export."""

from __future__ import annotations

import numpy as np
import pytest

from sojourn.core import ephemeris
from sojourn.core.constants import DAY_S, GM_SUN_KM3_S2
from sojourn.core.kepler import propagate
from sojourn.core.time import tdb
from sojourn.core.trajectory import Trajectory, as_trajectory, body_arc, kepler_arc
from sojourn.errors import InputError


def _round_trip():
    t0 = tdb("2020-07-30")
    t1, t2, t3 = t0 + 200 * DAY_S, t0 + 700 * DAY_S, t0 + 900 * DAY_S
    r0, v0 = ephemeris.state("earth", t0, center="sun")
    rb, vb = ephemeris.state("mars", t2, center="sun")
    return t0, t1, t2, t3, r0, v0 * 1.1, rb, vb * 0.95


def test_piecewise_path_matches_each_piece():
    t0, t1, t2, t3, r0, v0, rb, vb = _round_trip()
    traj = Trajectory.piecewise(
        [kepler_arc(t0, r0, v0, t1), body_arc("Mars", t1, t2), kepler_arc(t2, rb, vb, t3)],
        name="crew vehicle",
    )
    assert (traj.start_tdb_s, traj.end_tdb_s, traj.name) == (t0, t3, "crew vehicle")
    t = np.array([t0, t0 + DAY_S, t1, t1 + 1.0, t2 - 1.0, t2, t2 + 1.0, t3])
    r, v = traj.state(t)
    ra, va = propagate(r0, v0, t[[0, 1, 2]] - t0, GM_SUN_KM3_S2)
    np.testing.assert_allclose(r[:3], ra, rtol=1e-12)  # the seam t1 belongs to the arc
    rm, vm = ephemeris.state("mars", t[[3, 4, 5]], center="sun")
    np.testing.assert_allclose(r[3:6], rm, rtol=1e-12)
    rr, _ = propagate(rb, vb, t[[6, 7]] - t2, GM_SUN_KM3_S2)
    np.testing.assert_allclose(r[6:], rr, rtol=1e-12)
    # Light-time retardation may reach back before the start: the first arc coasts back.
    rbk, _ = traj.state(np.array([t0 - 600.0]), allow_before_s=1000.0)
    np.testing.assert_allclose(rbk[0], propagate(r0, v0, -600.0, GM_SUN_KM3_S2)[0], rtol=1e-12)
    with pytest.raises(InputError, match="outside the trajectory"):
        traj.state(t3 + DAY_S)


def test_piecewise_rejects_gaps_and_wrong_pieces():
    t0, t1, t2, t3, r0, v0, rb, vb = _round_trip()
    with pytest.raises(InputError, match="without gaps"):
        Trajectory.piecewise([kepler_arc(t0, r0, v0, t1), body_arc("mars", t1 + 60.0, t2)])
    with pytest.raises(InputError, match="non-empty sequence"):
        Trajectory.piecewise([])
    with pytest.raises(InputError, match="end after it starts"):
        kepler_arc(t1, r0, v0, t0)
    with pytest.raises(InputError, match="Sun-centred"):
        Trajectory.piecewise([body_arc("moon", t0, t1, center="earth")])


def test_as_trajectory():
    t0, t1, *_, r0, v0, _, _ = _round_trip()
    traj = as_trajectory((np.array([t0]), r0[None], v0[None]))
    assert traj.v_km_s is not None and traj.start_tdb_s == t0
    with pytest.raises(InputError, match="a trajectory must be"):
        as_trajectory(3.0)

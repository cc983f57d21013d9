"""The plan's porkchop holds both the chosen transfer and the grid's least C3 away from its
edges (issue 14: the report's 2033 grid was cut so the 'best' star sat on its edge)."""

from __future__ import annotations

import numpy as np
import pytest

from sojourn.core.constants import DAY_S
from sojourn.core.time import tdb
from sojourn.mission.planners.interplanetary import (
    PORKCHOP_MARGIN,
    PORKCHOP_STEP_DAYS,
    porkchop_window,
)
from sojourn.transfer import transfer


def _inside(axis, t, margin):
    half = 0.5 * (axis[-1] - axis[0])
    centre = 0.5 * (axis[-1] + axis[0])
    return abs(t - centre) <= (1.0 - margin) * half + DAY_S


@pytest.mark.parametrize(
    "depart, arrive",
    [
        ("2033-04-20", "2033-11-10"),  # near the 2033 minimum
        ("2033-03-01", "2033-10-01"),  # two months early: the least C3 is outside the first grid
    ],
)
def test_grid_holds_chosen_and_least_c3_with_margin(depart, arrive):
    chosen = transfer("earth", "mars", tdb(depart), tdb(arrive))
    grid = porkchop_window("mars", chosen, 400.0)
    i, j = grid.best_cell("c3")
    for axis, t in (
        (grid.depart_tdb_s, chosen.depart_tdb_s),
        (grid.arrive_tdb_s, chosen.arrive_tdb_s),
        (grid.depart_tdb_s, grid.depart_tdb_s[i]),
        (grid.arrive_tdb_s, grid.arrive_tdb_s[j]),
    ):
        assert _inside(axis, t, PORKCHOP_MARGIN)
    assert np.allclose(np.diff(grid.depart_tdb_s), PORKCHOP_STEP_DAYS * DAY_S)
    # The grid reaches the basin: its least C3 is below the chosen transfer's and is a local
    # minimum of the grid (no neighbour lower), not a point on the slope at an edge.
    c3 = grid.c3_km2_s2
    assert c3[i, j] <= chosen.c3_km2_s2
    assert 0 < i < c3.shape[0] - 1 and 0 < j < c3.shape[1] - 1
    assert c3[i, j] <= np.nanmin(c3[i - 1 : i + 2, j - 1 : j + 2])

"""Refinement: the best grid cell moved below the grid step, in continuous time.

:func:`optimize` starts at :meth:`PorkchopGrid.best_cell` and runs Nelder-Mead over the
(departure, arrival) seconds, each evaluation on the real DE440 ephemeris and Izzo's Lambert
solver, inside the grid's date ranges.
"""

from __future__ import annotations

import math

import numpy as np

from sojourn.core import ephemeris
from sojourn.core.constants import GM_SUN_KM3_S2
from sojourn.core.lambert import izzo_core
from sojourn.transfer import Transfer, transfer
from sojourn.windows._inputs import ecl, step_s
from sojourn.windows.grid import PorkchopGrid, _criterion_field, _delta_v

__all__ = ["optimize"]


def _objective(grid: PorkchopGrid, criterion: str):
    dep, arr = grid.depart_body, grid.arrive_body
    key = _criterion_field(criterion)

    def f(td_s: float, ta_s: float) -> float:
        tof = ta_s - td_s
        if not tof > 0:
            return math.inf
        r1, vb1 = (ecl(x) for x in ephemeris.state(dep, td_s, center="sun"))
        r2, vb2 = (ecl(x) for x in ephemeris.state(arr, ta_s, center="sun"))
        v1x, v1y, v1z, v2x, v2y, v2z, _x, _it, st = izzo_core(
            GM_SUN_KM3_S2, r1[0], r1[1], r1[2], r2[0], r2[1], r2[2],
            tof, grid.revs, True, grid.low_path, math.nan,
        )  # fmt: skip
        if st != 0:
            return math.inf
        vd = math.sqrt((v1x - vb1[0]) ** 2 + (v1y - vb1[1]) ** 2 + (v1z - vb1[2]) ** 2)
        va = math.sqrt((v2x - vb2[0]) ** 2 + (v2y - vb2[1]) ** 2 + (v2z - vb2[2]) ** 2)
        if key == "c3_km2_s2":
            return vd * vd
        if key == "vinf_arrive_km_s":
            return va
        dv_d, dv_a = _delta_v(
            dep, arr, vd, va, grid.parking_alt_km, grid.capture_periapsis_alt_km,
            grid._vp_capture_km_s,
        )  # fmt: skip
        return dv_d + dv_a

    return f


def _nelder_mead(f, x0, steps, lo, hi, tol, max_iter):
    """Minimize f over a box with Nelder-Mead (standard coefficients 1, 2, 1/2, 1/2;
    Lagarias et al. 1998, SIAM J. Optim. 9:112). Points are clipped into the box."""

    def clip(p):
        return np.minimum(np.maximum(p, lo), hi)

    pts = [clip(np.asarray(x0, dtype=float))]
    for k in range(len(x0)):
        e = pts[0].copy()
        e[k] += steps[k]
        if e[k] > hi[k]:
            e[k] = pts[0][k] - steps[k]
        pts.append(clip(e))
    vals = [f(*p) for p in pts]
    for _ in range(max_iter):
        order = np.argsort(vals)
        pts = [pts[i] for i in order]
        vals = [vals[i] for i in order]
        if max(np.max(np.abs(p - pts[0])) for p in pts[1:]) < tol:
            break
        centroid = np.mean(pts[:-1], axis=0)
        xr = clip(centroid + (centroid - pts[-1]))
        fr = f(*xr)
        if fr < vals[0]:
            xe = clip(centroid + 2.0 * (centroid - pts[-1]))
            fe = f(*xe)
            pts[-1], vals[-1] = (xe, fe) if fe < fr else (xr, fr)
        elif fr < vals[-2]:
            pts[-1], vals[-1] = xr, fr
        else:
            if fr < vals[-1]:
                xc = clip(centroid + 0.5 * (xr - centroid))
            else:
                xc = clip(centroid + 0.5 * (pts[-1] - centroid))
            fc = f(*xc)
            if fc < min(fr, vals[-1]):
                pts[-1], vals[-1] = xc, fc
            else:  # shrink towards the best point
                for k in range(1, len(pts)):
                    pts[k] = pts[0] + 0.5 * (pts[k] - pts[0])
                    vals[k] = f(*pts[k])
    k = int(np.argmin(vals))
    return pts[k], vals[k]


def optimize(
    grid: PorkchopGrid, criterion: str = "c3", *, tol_s: float = 1.0, max_iter: int = 300
) -> Transfer:
    """Refine the grid's best cell below the grid step, in continuous time.

    Nelder-Mead over (departure, arrival) seconds, started at the best cell with a simplex of
    one grid step, each evaluation on the real DE440 ephemeris and Izzo's Lambert solver;
    kept inside the grid's date ranges. Stops when the simplex is smaller than ``tol_s``.

    Returns
    -------
    Transfer
        The refined optimum (never worse than the best grid cell).
    """
    i, j = grid.best_cell(criterion)
    f = _objective(grid, criterion)
    t0 = np.array([grid.depart_tdb_s[i], grid.arrive_tdb_s[j]], dtype=float)
    lo = np.array([grid.depart_tdb_s.min(), grid.arrive_tdb_s.min()])
    hi = np.array([grid.depart_tdb_s.max(), grid.arrive_tdb_s.max()])
    steps = np.array([step_s(grid.depart_tdb_s), step_s(grid.arrive_tdb_s)])
    x, fx = _nelder_mead(f, t0, steps, lo, hi, tol_s, max_iter)
    if not fx <= f(*t0):
        x = t0
    return transfer(
        grid.depart_body,
        grid.arrive_body,
        float(x[0]),
        float(x[1]),
        revs=grid.revs,
        low_path=grid.low_path if grid.revs > 0 else None,
    )

"""Gravity-assist legs: chains of ballistic arcs joined by powered flybys, searched on grids.

A chain ``A -> F -> B`` (Earth-Venus-Mars, Mars-Venus-Earth, Earth-Mars-Earth for a free
return) is two Lambert arcs (patched conics on DE440, :func:`sojourn.transfer.heliocentric_lambert`)
meeting at the flyby body ``F``. The flyby is the powered flyby of
:mod:`sojourn.core.flyby`: the incoming and outgoing excess velocities are joined by one
impulse at periapsis, flown no lower than the body's minimum altitude
(:data:`sojourn.core.flyby.FLYBY_MIN_ALT_KM`).

The search is by leg (the pruned grid of the multiple-gravity-assist literature): each arc is
solved once on its own (departure x arrival) grid, in one Lambert batch, with flight-time
bounds per leg; a compiled kernel (:func:`reduce_over_flyby`) then joins the two grids through
every flyby date, keeping for each (first departure, last arrival) pair the cheapest flyby
date. Cells are skipped before the flyby is solved when even the cheapest flyby the two
excess speeds allow (the impulse at the lowest periapsis, which bounds it from below) cannot
beat the best cost found so far. The reduced grid has the shape of a direct leg's grid, so
the round-trip search (:mod:`sojourn.roundtrip`) couples it with the stay exactly as it
couples direct legs; the best cell is then refined on grids ten times finer around it
("warm start" from the coarse neighbour).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numba import njit, prange

from sojourn.core import ephemeris
from sojourn.core.constants import GM_KM3_S2, RADIUS_KM
from sojourn.core.flyby import _powered_flyby_one, flyby_rp_min_km, powered_flyby_dv
from sojourn.core.time import utc_iso
from sojourn.transfer import Transfer, heliocentric_lambert

__all__ = ["Flyby", "flyby_between", "leg_vectors", "reduce_over_flyby", "reduce_at_flyby"]


@dataclass(frozen=True)
class Flyby:
    """One flyby of a chain: where, when, how low, and the periapsis impulse it needs."""

    body: str
    t_tdb_s: float
    altitude_km: float  # periapsis altitude flown
    dv_km_s: float  # periapsis impulse (0 for a ballistic swing-by)
    vinf_in_km_s: float
    vinf_out_km_s: float

    @property
    def utc(self) -> str:
        return utc_iso(self.t_tdb_s)

    def to_dict(self) -> dict:
        return {
            "body": self.body,
            "utc": self.utc,
            "altitude_km": self.altitude_km,
            "dv_km_s": self.dv_km_s,
            "vinf_in_km_s": self.vinf_in_km_s,
            "vinf_out_km_s": self.vinf_out_km_s,
        }


def flyby_between(leg_in: Transfer, leg_out: Transfer, min_alt_km: float | None = None) -> Flyby:
    """The flyby joining two legs that meet at one body at one instant.

    Parameters
    ----------
    leg_in, leg_out : Transfer
        The arc arriving at the flyby body and the arc leaving it (same body, same instant).
    min_alt_km : float, optional
        Lowest periapsis altitude, km (default :data:`sojourn.core.flyby.FLYBY_MIN_ALT_KM`).
    """
    body = leg_in.arrive_body
    mu = float(GM_KM3_S2[body])
    dv, rp = powered_flyby_dv(
        leg_in.vinf_arrive_vec_km_s, leg_out.vinf_depart_vec_km_s, mu,
        flyby_rp_min_km(body, min_alt_km),
    )  # fmt: skip
    return Flyby(
        body=body,
        t_tdb_s=float(leg_in.arrive_tdb_s),
        altitude_km=float(rp[0]) - float(RADIUS_KM[body]),
        dv_km_s=float(dv[0]),
        vinf_in_km_s=float(leg_in.vinf_arrive_km_s),
        vinf_out_km_s=float(leg_out.vinf_depart_km_s),
    )


def leg_vectors(dep_body: str, arr_body: str, t_dep, t_arr, tof_min_s: float, tof_max_s: float):
    """Excess-velocity vectors of the direct prograde arcs on a (departure x arrival) grid.

    Parameters
    ----------
    dep_body, arr_body : str
        Bodies (ephemeris names).
    t_dep : ndarray (M,)
        Departure dates, TDB seconds past J2000.
    t_arr : ndarray (N,)
        Arrival dates, TDB seconds past J2000.
    tof_min_s, tof_max_s : float
        Flight-time bounds, s; cells outside are NaN.

    Returns
    -------
    vd_km_s, va_km_s : ndarray (M, N, 3)
        Spacecraft velocity minus the body's at departure and at arrival, km/s, ICRF; NaN
        outside the bounds and where Lambert failed (one Lambert batch over the valid cells).
    """
    t_dep = np.asarray(t_dep, dtype=np.float64)
    t_arr = np.asarray(t_arr, dtype=np.float64)
    vd = np.full((t_dep.size, t_arr.size, 3), np.nan)
    va = np.full((t_dep.size, t_arr.size, 3), np.nan)
    if t_dep.size == 0 or t_arr.size == 0:
        return vd, va
    r1, vb1 = ephemeris.state(dep_body, t_dep, center="sun")
    r2, vb2 = ephemeris.state(arr_body, t_arr, center="sun")
    tof = t_arr[None, :] - t_dep[:, None]
    ii, jj = np.nonzero((tof >= tof_min_s) & (tof <= tof_max_s))
    if ii.size:
        v1, v2, _status = heliocentric_lambert(r1[ii], r2[jj], tof[ii, jj], 0, True)
        vd[ii, jj] = v1 - vb1[ii]  # NaN where status != 0
        va[ii, jj] = v2 - vb2[jj]
    return vd, va


@njit(cache=True)
def _flyby_dv(x, y, z, ox, oy, oz, mu, rp_min):
    """The powered-flyby impulse of :func:`sojourn.core.flyby._powered_flyby_one` (same
    physics, same rotation penalty below ``rp_min``), with the periapsis found by a
    safeguarded Newton iteration on ``log rp`` (3-6 steps) instead of 64 bisections: the
    search calls it hundreds of millions of times. Falls back to the core kernel when Newton
    has not converged in 30 steps."""
    a_in = (x * x + y * y + z * z) / mu
    a_out = (ox * ox + oy * oy + oz * oz) / mu
    if not (a_in > 0.0 and a_out > 0.0):
        return math.nan
    c = (x * ox + y * oy + z * oz) / (
        math.sqrt(x * x + y * y + z * z) * math.sqrt(ox * ox + oy * oy + oz * oz)
    )
    delta = math.acos(min(1.0, max(-1.0, c)))
    e_in, e_out = 1.0 + rp_min * a_in, 1.0 + rp_min * a_out
    delta_max = math.asin(1.0 / e_in) + math.asin(1.0 / e_out)
    if delta >= delta_max:
        # Same as the core kernel: fly at rp_min, charge the missing turn as a rotation.
        v_out = math.sqrt(a_out * mu)
        k = 2.0 / rp_min
        return abs(math.sqrt(mu * (a_out + k)) - math.sqrt(mu * (a_in + k))) + (
            2.0 * v_out * math.sin(0.5 * (delta - delta_max))
        )
    # The core kernel's bracket: rp in [rp_min, rp_min * 1e12] (its _RP_MAX_FACTOR), so that
    # both give the same answer where the turn is too small to resolve.
    lo = math.log(rp_min)
    hi = lo + math.log(1e12)
    # Start from the symmetric flyby at the mean energy: e = 1 / sin(delta / 2).
    s_half = math.sin(0.5 * delta)
    u = hi
    if s_half > 0.0:
        u = min(hi, max(lo, math.log((1.0 / s_half - 1.0) / (0.5 * (a_in + a_out)))))
    for _ in range(30):
        rp = math.exp(u)
        x_in, x_out = rp * a_in, rp * a_out
        e_in, e_out = 1.0 + x_in, 1.0 + x_out
        f = math.asin(1.0 / e_in) + math.asin(1.0 / e_out) - delta
        # d delta / d log rp = -sum x / (e sqrt(e^2 - 1)), e^2 - 1 = x (2 + x) (no cancellation)
        den_in = e_in * math.sqrt(x_in * (2.0 + x_in))
        den_out = e_out * math.sqrt(x_out * (2.0 + x_out))
        if not (den_in > 0.0 and den_out > 0.0):
            break  # a vanishing excess speed: leave it to the bisection of the core kernel
        df = -(x_in / den_in + x_out / den_out)
        if f > 0.0:
            lo = u  # turn too large: rp lies above
        else:
            hi = u
        u_new = u - f / df
        if not (lo < u_new < hi):  # outside the bracket: bisect
            u_new = 0.5 * (lo + hi)
        if abs(u_new - u) < 1e-14 * max(1.0, abs(u)):
            k = 2.0 / math.exp(u_new)
            return abs(math.sqrt(mu * (a_out + k)) - math.sqrt(mu * (a_in + k)))
        u = u_new
    dv, _rp = _powered_flyby_one(x, y, z, ox, oy, oz, mu, rp_min)
    return dv


@njit(cache=True, parallel=True)
def _reduce(cost1, vin, cost2, vout, mu, rp_min, weight, max_dv, best, arg, dv_best):
    na, nv = cost1.shape
    nb = cost2.shape[1]
    k_min = 2.0 * mu / rp_min
    for a in prange(na):
        # Flyby dates in order of the first leg's cost: cheap chains are found first, so the
        # bounds below discard most of the rest without solving their flybys.
        # (The checks below are cheap; solving a flyby is not.)
        order = np.argsort(cost1[a])
        for v in order:
            c1 = cost1[a, v]
            if not math.isfinite(c1):
                break  # NaN sorts last
            x, y, z = vin[a, v, 0], vin[a, v, 1], vin[a, v, 2]
            s_in = math.sqrt(x * x + y * y + z * z + k_min)
            for b in range(nb):
                c2 = cost2[v, b]
                if not math.isfinite(c2):
                    continue
                c12 = c1 + c2
                if c12 >= best[a, b]:
                    continue
                ox, oy, oz = vout[v, b, 0], vout[v, b, 1], vout[v, b, 2]
                # The periapsis impulse at rp_min is the least any flyby joining these two
                # excess speeds can cost (it falls as rp grows): a bound checked before solving.
                lower = abs(math.sqrt(ox * ox + oy * oy + oz * oz + k_min) - s_in)
                if lower > max_dv or c12 + weight * lower >= best[a, b]:
                    continue
                dv = _flyby_dv(x, y, z, ox, oy, oz, mu, rp_min)
                if not dv <= max_dv:
                    continue
                c = c12 + weight * dv
                if c < best[a, b]:
                    best[a, b] = c
                    arg[a, b] = v
                    dv_best[a, b] = dv


def reduce_over_flyby(
    cost1, vin_km_s, cost2, vout_km_s, body: str, *, weight: float = 1.0,
    max_dv_km_s: float = math.inf, min_alt_km: float | None = None,
):  # fmt: skip
    """Join two leg grids through a flyby: the cheapest flyby date per (start, end) pair.

    Parameters
    ----------
    cost1 : ndarray (A, V)
        Cost of the first leg from start date ``a`` to flyby date ``v``, km/s (NaN = none).
    vin_km_s : ndarray (A, V, 3)
        The first leg's excess velocity at the flyby body, km/s.
    cost2 : ndarray (V, B)
        Cost of the second leg from flyby date ``v`` to end date ``b``, km/s (NaN = none).
    vout_km_s : ndarray (V, B, 3)
        The second leg's excess velocity leaving the flyby body, km/s.
    body : str
        The flyby body (its GM and minimum periapsis).
    weight : float
        The flyby impulse counts ``weight`` times in the cost (a large weight favours
        ballistic flybys, as a free return wants).
    max_dv_km_s : float
        Flybys needing a larger impulse are not flown.
    min_alt_km : float, optional
        Lowest periapsis altitude, km (default per body).

    Returns
    -------
    cost : ndarray (A, B)
        ``min_v cost1[a, v] + weight * dv_flyby + cost2[v, b]``; inf where no chain exists.
    v_index : ndarray (A, B) int64
        The flyby date index of that minimum (-1 where none).
    dv_flyby_km_s : ndarray (A, B)
        Its flyby impulse, km/s (NaN where none).
    """
    c1 = np.ascontiguousarray(cost1, dtype=np.float64)
    c2 = np.ascontiguousarray(cost2, dtype=np.float64)
    vin = np.ascontiguousarray(vin_km_s, dtype=np.float64)
    vout = np.ascontiguousarray(vout_km_s, dtype=np.float64)
    if c1.shape[1] != c2.shape[0] or vin.shape[:2] != c1.shape or vout.shape[:2] != c2.shape:
        raise ValueError(
            f"leg grids do not share the flyby axis: {c1.shape}, {vin.shape}, {c2.shape}, "
            f"{vout.shape}"
        )
    best = np.full((c1.shape[0], c2.shape[1]), np.inf)
    arg = np.full(best.shape, -1, dtype=np.int64)
    dvb = np.full(best.shape, np.nan)
    _reduce(
        c1, vin, c2, vout, float(GM_KM3_S2[body]), flyby_rp_min_km(body, min_alt_km),
        float(weight), float(max_dv_km_s), best, arg, dvb,
    )  # fmt: skip
    return best, arg, dvb


@njit(cache=True, parallel=True)
def _reduce_at(cost1, vin, cost2, vout, mu, rp_min, weight, keep_out, best, arg):
    ni, nf = cost1.shape
    no = cost2.shape[1]
    for f in prange(nf):  # each flyby date owns its column (keep "in") or row (keep "out")
        for i in range(ni):
            c1 = cost1[i, f]
            if not math.isfinite(c1):
                continue
            x, y, z = vin[i, f, 0], vin[i, f, 1], vin[i, f, 2]
            for o in range(no):
                c2 = cost2[f, o]
                if not math.isfinite(c2):
                    continue
                cur = best[f, o] if keep_out else best[i, f]
                if c1 + c2 >= cur:
                    continue
                dv = _flyby_dv(x, y, z, vout[f, o, 0], vout[f, o, 1], vout[f, o, 2], mu, rp_min)
                c = c1 + c2 + weight * dv
                if c < cur:
                    if keep_out:
                        best[f, o] = c
                        arg[f, o] = i
                    else:
                        best[i, f] = c
                        arg[i, f] = o


def reduce_at_flyby(
    cost1, vin_km_s, cost2, vout_km_s, body: str, *, keep: str, weight: float = 1.0,
    min_alt_km: float | None = None,
):  # fmt: skip
    """Join two leg grids through a flyby, keeping the flyby date and one end.

    Where :func:`reduce_over_flyby` keeps (start, end) and minimises over the flyby date,
    this keeps the flyby date ``f`` with the leg on one side and minimises over the other
    side's free date: a chain of several flybys is separable given its middle leg (an
    Earth-Venus-Mars-Earth chain is (best Earth departure for each Venus-Mars leg) + (best
    Earth arrival for each Venus-Mars leg)).

    Parameters
    ----------
    cost1, vin_km_s, cost2, vout_km_s, body, weight, min_alt_km
        As :func:`reduce_over_flyby`: ``cost1`` (I, F), ``vin_km_s`` (I, F, 3), ``cost2``
        (F, O), ``vout_km_s`` (F, O, 3).
    keep : {"out", "in"}
        "out": the result is (F, O), minimised over the incoming leg's start ``i``; "in":
        (I, F), minimised over the outgoing leg's end ``o``.

    Returns
    -------
    cost : ndarray (F, O) or (I, F)
        ``min cost1 + weight * dv_flyby + cost2``; inf where no chain exists.
    index : ndarray, int64
        The minimising ``i`` (keep "out") or ``o`` (keep "in"); -1 where none.
    """
    if keep not in ("out", "in"):
        raise ValueError(f"keep must be 'out' or 'in', got {keep!r}")
    c1 = np.ascontiguousarray(cost1, dtype=np.float64)
    c2 = np.ascontiguousarray(cost2, dtype=np.float64)
    vin = np.ascontiguousarray(vin_km_s, dtype=np.float64)
    vout = np.ascontiguousarray(vout_km_s, dtype=np.float64)
    if c1.shape[1] != c2.shape[0] or vin.shape[:2] != c1.shape or vout.shape[:2] != c2.shape:
        raise ValueError(
            f"leg grids do not share the flyby axis: {c1.shape}, {vin.shape}, {c2.shape}, "
            f"{vout.shape}"
        )
    shape = c2.shape if keep == "out" else c1.shape
    best = np.full(shape, np.inf)
    arg = np.full(shape, -1, dtype=np.int64)
    _reduce_at(
        c1, vin, c2, vout, float(GM_KM3_S2[body]), flyby_rp_min_km(body, min_alt_km),
        float(weight), keep == "out", best, arg,
    )  # fmt: skip
    return best, arg

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
from sojourn.core.edges import as_range
from sojourn.core.flyby import _powered_flyby_one, flyby_rp_min_km, powered_flyby_dv
from sojourn.core.time import utc_iso
from sojourn.transfer import Transfer, heliocentric_lambert

__all__ = [
    "MAX_SWINGBY_CELLS",
    "SWINGBY_OBJECTIVES",
    "Flyby",
    "SwingbyTransfer",
    "flyby_between",
    "leg_vectors",
    "reduce_at_flyby",
    "reduce_over_flyby",
    "swingby_transfers",
]


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


def _leg_grids(cost1, vin_km_s, cost2, vout_km_s):
    """The two legs' cost and v-infinity grids as contiguous float64, checked to share the
    flyby axis (cost1 (A, V), vin (A, V, 3), cost2 (V, B), vout (V, B, 3))."""
    c1 = np.ascontiguousarray(cost1, dtype=np.float64)
    c2 = np.ascontiguousarray(cost2, dtype=np.float64)
    vin = np.ascontiguousarray(vin_km_s, dtype=np.float64)
    vout = np.ascontiguousarray(vout_km_s, dtype=np.float64)
    if c1.shape[1] != c2.shape[0] or vin.shape[:2] != c1.shape or vout.shape[:2] != c2.shape:
        raise ValueError(
            f"leg grids do not share the flyby axis: {c1.shape}, {vin.shape}, {c2.shape}, "
            f"{vout.shape}"
        )
    return c1, vin, c2, vout


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
    c1, vin, c2, vout = _leg_grids(cost1, vin_km_s, cost2, vout_km_s)
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
    c1, vin, c2, vout = _leg_grids(cost1, vin_km_s, cost2, vout_km_s)
    shape = c2.shape if keep == "out" else c1.shape
    best = np.full(shape, np.inf)
    arg = np.full(shape, -1, dtype=np.int64)
    _reduce_at(
        c1, vin, c2, vout, float(GM_KM3_S2[body]), flyby_rp_min_km(body, min_alt_km),
        float(weight), keep == "out", best, arg,
    )  # fmt: skip
    return best, arg


# --- One-way transfers with a swing-by -------------------------------------------------------

#: What :func:`swingby_transfers` minimises: "dv" the total impulse (injection from the parking
#: orbit + flyby impulse + capture), "c3" the departure (injection + flyby impulse; the arrival
#: speed is free), "arrival" the arrival excess speed (+ flyby impulse; bound the departure
#: with ``max_c3_km2_s2``), for an aerocapture or a direct entry.
SWINGBY_OBJECTIVES = ("dv", "c3", "arrival")
#: The work budget of a swing-by search: the largest leg grid it may build, cells (a 3-vector
#: each, 24 bytes a cell: 50 million cells is 1.2 GB).
MAX_SWINGBY_CELLS = 50_000_000
_SWINGBY_SHRINK = "use a larger --step-days or a shorter --depart range"
#: Default flight-time bounds of a leg to or from a flyby, days, by the leg's other body: the
#: Earth-Venus and Venus-Mars arcs of the inner-planet swing-by missions (as
#: :mod:`sojourn.roundtrip` uses them); other bodies get a wide default.
_SWINGBY_LEG_DAYS = {"earth": (70.0, 250.0), "mars": (70.0, 350.0)}
_SWINGBY_LEG_DAYS_OTHER = (30.0, 600.0)


@dataclass(frozen=True)
class SwingbyTransfer:
    """A one-way transfer through one swing-by: two ballistic legs joined by a powered flyby.

    ``dv_total_km_s`` = injection from the circular parking orbit + the flyby impulse +
    capture (0 without a capture). ``direct_dv_km_s`` is the best direct transfer's total
    (injection + capture) with departure in the same launch opportunity, None where none was
    found. ``opportunities`` holds the best of each launch opportunity, in date order (on the
    overall best only).
    """

    legs: tuple  # (Transfer, Transfer)
    flybys: tuple  # (Flyby,)
    objective: str
    dv_depart_km_s: float
    dv_capture_km_s: float
    direct_dv_km_s: float | None
    parking_alt_km: float
    capture: bool
    opportunities: tuple = ()

    @property
    def depart_utc(self) -> str:
        return self.legs[0].depart_utc

    @property
    def arrive_utc(self) -> str:
        return self.legs[-1].arrive_utc

    @property
    def c3_km2_s2(self) -> float:
        return float(self.legs[0].c3_km2_s2)

    @property
    def dla_deg(self) -> float:
        return float(self.legs[0].dla_deg)

    @property
    def vinf_arrive_km_s(self) -> float:
        return float(self.legs[-1].vinf_arrive_km_s)

    @property
    def total_days(self) -> float:
        return float(sum(leg.tof_days for leg in self.legs))

    @property
    def dv_flyby_km_s(self) -> float:
        return float(sum(f.dv_km_s for f in self.flybys))

    @property
    def dv_total_km_s(self) -> float:
        return self.dv_depart_km_s + self.dv_flyby_km_s + self.dv_capture_km_s

    def summary(self) -> dict:
        """One transfer's JSON object (without ``opportunities``)."""
        return {
            "from": self.legs[0].depart_body,
            "to": self.legs[-1].arrive_body,
            "via": [f.body for f in self.flybys],
            "objective": self.objective,
            "depart_utc": self.depart_utc,
            "c3_km2_s2": self.c3_km2_s2,
            "dla_deg": self.dla_deg,
            "flybys": [f.to_dict() for f in self.flybys],
            "arrive_utc": self.arrive_utc,
            "vinf_arrive_km_s": self.vinf_arrive_km_s,
            "total_days": self.total_days,
            "parking_alt_km": self.parking_alt_km,
            "dv_depart_km_s": self.dv_depart_km_s,
            "dv_flyby_km_s": self.dv_flyby_km_s,
            "dv_capture_km_s": self.dv_capture_km_s,
            "capture": self.capture,
            "dv_total_km_s": self.dv_total_km_s,
            "direct_dv_km_s": self.direct_dv_km_s,
            "legs": [leg.to_dict() for leg in self.legs],
            "model": "patched conics on DE440, impulsive burns at periapsis, one powered flyby",
        }

    def to_dict(self) -> dict:
        """``{"best": ..., "opportunities": [...]}``: the overall best and the best per
        launch opportunity, in date order."""
        opps = self.opportunities or (self,)
        return {"best": self.summary(), "opportunities": [o.summary() for o in opps]}


def _body(name: str, value) -> str:
    from sojourn.errors import InputError

    body = str(value).lower()
    if body not in GM_KM3_S2 or body in ("sun", "moon") or body not in RADIUS_KM:
        planets = ", ".join(b for b in GM_KM3_S2 if b not in ("sun", "moon") and b in RADIUS_KM)
        raise InputError(f"'{name}' must be a planet ({planets}), got {value!r}")
    return body


class _SwingbySetup:
    """The checked inputs of one swing-by search (bodies, cost model, bounds)."""

    def __init__(self, **kw):
        self.__dict__.update(kw)

    def leg_costs(self, vd1, va2):
        """Costs of leg 1 (from its departure v-inf vectors) and leg 2 (from its arrival
        v-inf vectors) for the objective; NaN where the C3 limit forbids the departure."""
        v1 = np.linalg.norm(vd1, axis=-1)
        v2 = np.linalg.norm(va2, axis=-1)
        from sojourn.core.maneuvers import capture_dv_km_s, injection_dv_km_s

        if self.objective == "arrival":
            c1 = np.where(np.isfinite(v1), 0.0, np.nan)
            c2 = v2
        else:
            c1 = injection_dv_km_s(v1, self.mu_dep, self.r_park_km)
            if self.objective == "c3" or not self.capture:
                c2 = np.where(np.isfinite(v2), 0.0, np.nan)
            else:
                c2 = capture_dv_km_s(v2, self.mu_arr, self.r_cap_km, self.capture_period_s)
        if self.max_c3 is not None:
            c1 = np.where(v1 * v1 <= self.max_c3, c1, np.nan)
        return c1, c2

    def grid(self, t_dep, t_fb, t_arr):
        """The chains on these axes: cost (M, N) over (departure, arrival), flyby index."""
        vd1, va1 = leg_vectors(self.dep, self.fb, t_dep, t_fb, *self.leg1_s)
        vd2, va2 = leg_vectors(self.fb, self.arr, t_fb, t_arr, *self.leg2_s)
        c1, _ = self.leg_costs(vd1, va1)
        _, c2 = self.leg_costs(vd2, va2)
        cost, arg, _dv = reduce_over_flyby(c1, va1, c2, vd2, self.fb, min_alt_km=self.min_alt_km)
        return cost, arg


def _check_swingby(n_dep, n_fb, n_arr, max_cells: int) -> None:
    from sojourn.core.jobs import check_work, count_text

    sizes = [
        (n_dep * n_fb, f"{count_text(n_dep)} departures x {count_text(n_fb)} flyby dates"),
        (n_fb * n_arr, f"{count_text(n_fb)} flyby dates x {count_text(n_arr)} arrivals"),
        (n_dep * n_arr, f"{count_text(n_dep)} departures x {count_text(n_arr)} arrivals"),
    ]
    cells, text = max(sizes, key=lambda x: x[0])
    check_work(cells, max_cells, "the swing-by search", f"{text} = {count_text(cells)} cells",
               shrink_by=_SWINGBY_SHRINK)  # fmt: skip


def swingby_transfers(
    depart_body: str,
    arrive_body: str,
    depart_tdb_s_range: tuple[float, float],
    via=("venus",),
    *,
    step_days: float = 5.0,
    leg_tof_days=None,
    objective: str = "dv",
    max_c3_km2_s2: float | None = None,
    parking_alt_km: float | None = None,
    capture: bool = True,
    capture_periapsis_alt_km: float | None = None,
    capture_period_s: float | None = -1.0,
    min_flyby_alt_km: float | None = None,
    max_cells: int = MAX_SWINGBY_CELLS,
) -> SwingbyTransfer:
    """The best one-way transfer through a swing-by, per launch opportunity in the range.

    The two legs are solved once each on their own (departure x flyby date) and (flyby date
    x arrival) grids and joined through every flyby date by the compiled
    :func:`reduce_over_flyby` (powered flyby, periapsis no lower than the body's minimum);
    each departure date's best chain ranks the launch opportunities (the cheapest departure,
    then the next outside half a synodic period of it, ...), and each opportunity's best
    cell is refined on grids ten times finer around it. The legs are then re-solved with
    :func:`sojourn.transfer.transfer` and the flyby with :func:`flyby_between`.

    Parameters
    ----------
    depart_body, arrive_body : str
        Planets, e.g. ``"earth"``, ``"mars"``.
    depart_tdb_s_range : (float, float)
        Departure dates, TDB seconds past J2000.
    via : str or sequence of one str
        The swing-by body (one; chains of several are searched by :mod:`sojourn.roundtrip`
        only).
    step_days : float
        Coarse grid step, days (0.5-30).
    leg_tof_days : ((lo, hi), (lo, hi)), optional
        Flight-time bounds of the leg to the flyby and of the leg from it, days (default:
        70-250 for a leg to or from the Earth, 70-350 for Mars, 30-600 otherwise).
    objective : {"dv", "c3", "arrival"}
        What is minimised (:data:`SWINGBY_OBJECTIVES`); the flyby impulse always counts.
    max_c3_km2_s2 : float, optional
        Departures with a larger C3 are not flown (also bounds the direct comparison).
    parking_alt_km : float, optional
        Circular parking orbit at departure, km (default
        :data:`sojourn.core.defaults.PARKING_ALT_KM`).
    capture : bool
        Capture at arrival (False: a flyby or a direct entry, capture impulse 0).
    capture_periapsis_alt_km, capture_period_s : float, float or None
        Capture orbit: periapsis altitude, km (default 250), and period, s (default 1 sol
        for Mars; None for a circular orbit).
    min_flyby_alt_km : float, optional
        Lowest flyby altitude, km (default per body, :data:`sojourn.core.flyby.FLYBY_MIN_ALT_KM`).
    max_cells : int
        The work budget: the largest grid built, cells (checked before any is built).

    Returns
    -------
    SwingbyTransfer
        The overall best (by the objective); ``.opportunities`` the best per opportunity.

    Raises
    ------
    InputError
        A bad body, range, step, objective or bound; no swing-by transfer in the range.
    """
    from sojourn.core.bodies import check_body_pair, synodic_period_days
    from sojourn.core.constants import DAY_S
    from sojourn.core.defaults import CAPTURE_PERIAPSIS_ALT_KM, CAPTURE_PERIOD_S, PARKING_ALT_KM
    from sojourn.core.edges import as_days
    from sojourn.core.jobs import axis_size
    from sojourn.core.maneuvers import capture_dv_km_s
    from sojourn.core.time import date_range
    from sojourn.errors import InputError

    dep, arr = _body("depart_body", depart_body), _body("arrive_body", arrive_body)
    vias = (via,) if isinstance(via, str) else tuple(via)
    if len(vias) != 1:
        raise InputError(
            f"'via' must name one swing-by body, got {len(vias)} ({', '.join(map(str, vias))}); "
            "chains of several swing-bys are not searched one-way, e.g. via=('venus',)"
        )
    fb = _body("via", vias[0])
    if dep == arr:
        raise InputError(f"'arrive_body' must differ from 'depart_body', both are {dep!r}")
    if fb in (dep, arr):
        raise InputError(f"'via' must differ from the end bodies, got {fb!r}")
    check_body_pair(dep, arr)
    objective = str(objective).lower()
    if objective not in SWINGBY_OBJECTIVES:
        raise InputError(
            f"'objective' must be one of {', '.join(SWINGBY_OBJECTIVES)}, got {objective!r}"
        )
    t0, t1 = as_range(depart_tdb_s_range, "depart_tdb_s_range")
    step_days = as_days(step_days, "step_days")
    if not (0.5 <= float(step_days) <= 30.0):
        raise InputError(f"'step_days' must be in [0.5, 30], got {step_days!r}")
    if leg_tof_days is None:
        leg_tof_days = (_SWINGBY_LEG_DAYS.get(dep, _SWINGBY_LEG_DAYS_OTHER),
                        _SWINGBY_LEG_DAYS.get(arr, _SWINGBY_LEG_DAYS_OTHER))  # fmt: skip
    try:
        legs_in = tuple(leg_tof_days)
    except TypeError:
        legs_in = ()
    if len(legs_in) != 2:
        raise InputError(
            f"'leg_tof_days' must be two (lo, hi) pairs, one per leg, got {leg_tof_days!r}; "
            "e.g. ((70, 250), (70, 350))"
        )
    leg1 = as_range(legs_in[0], "leg_tof_days[0]", DAY_S)
    leg2 = as_range(legs_in[1], "leg_tof_days[1]", DAY_S)
    for k, (lo, _hi) in enumerate((leg1, leg2)):
        if lo <= 0:
            raise InputError(f"'leg_tof_days[{k}]' must be > 0 days, got {lo / DAY_S:g}")
    if max_c3_km2_s2 is not None and not (float(max_c3_km2_s2) > 0):
        raise InputError(f"'max_c3_km2_s2' must be > 0, got {max_c3_km2_s2!r}; e.g. 20")
    park = PARKING_ALT_KM if parking_alt_km is None else float(parking_alt_km)
    if not (math.isfinite(park) and park >= 0):
        raise InputError(f"'parking_alt_km' must be >= 0 km, got {parking_alt_km!r}; e.g. 200")
    cap_alt = CAPTURE_PERIAPSIS_ALT_KM if capture_periapsis_alt_km is None else float(
        capture_periapsis_alt_km)  # fmt: skip
    cap_period = CAPTURE_PERIOD_S if capture_period_s == -1.0 else capture_period_s
    if min_flyby_alt_km is not None and not (float(min_flyby_alt_km) >= 0):
        raise InputError(f"'min_flyby_alt_km' must be >= 0 km, got {min_flyby_alt_km!r}")
    s = _SwingbySetup(
        dep=dep, fb=fb, arr=arr, objective=objective, capture=bool(capture),
        mu_dep=float(GM_KM3_S2[dep]), mu_arr=float(GM_KM3_S2[arr]),
        r_park_km=float(RADIUS_KM[dep]) + park, r_cap_km=float(RADIUS_KM[arr]) + cap_alt,
        capture_period_s=None if cap_period is None else float(cap_period),
        max_c3=None if max_c3_km2_s2 is None else float(max_c3_km2_s2),
        leg1_s=leg1, leg2_s=leg2,
        min_alt_km=None if min_flyby_alt_km is None else float(min_flyby_alt_km),
    )  # fmt: skip
    if s.capture:
        capture_dv_km_s(0.0, s.mu_arr, s.r_cap_km, s.capture_period_s)  # checks the orbit
    step_s = float(step_days) * DAY_S
    # The work budget, counted from the axes' spans before any is built.
    span = t1 - t0
    n_dep = axis_size(span, step_s)
    n_fb = axis_size(span + leg1[1] - leg1[0], step_s)
    n_arr = axis_size(span + leg1[1] - leg1[0] + leg2[1] - leg2[0], step_s)
    _check_swingby(n_dep, n_fb, n_arr, max_cells)
    t_dep = date_range(t0, t1, float(step_days))
    t_fb = date_range(t0 + leg1[0], t1 + leg1[1], float(step_days))
    t_arr = date_range(t_fb[0] + leg2[0], t_fb[-1] + leg2[1], float(step_days))
    cost, arg = s.grid(t_dep, t_fb, t_arr)
    per_dep = cost.min(axis=1)
    if not np.isfinite(per_dep).any():
        lim = "" if s.max_c3 is None else f" with C3 <= {s.max_c3:g} km2/s2"
        raise InputError(
            f"no {dep}-{fb}-{arr} swing-by transfer departing in the range{lim}; widen "
            "--depart or the legs' flight times" + (" or raise --max-c3" if lim else "")
        )
    syn_s = synodic_period_days(dep, arr, 0.5 * (t0 + t1)) * DAY_S
    picks = _opportunity_picks(t_dep, per_dep, 0.5 * syn_s)
    trips = []
    for i in picks:
        # A near-ballistic flyby's basin is narrow: the coarse grid's cheapest cell may sit in
        # another basin, so the few cheapest distinct cells of the opportunity are refined.
        rows = np.abs(t_dep - t_dep[i]) < 0.5 * syn_s
        cand = []
        for i2, j2 in _seeds(np.where(rows[:, None], cost, np.inf)):
            f = _refine(s, t_dep[i2], t_fb[arg[i2, j2]], t_arr[j2], step_s, (t0, t1))
            cand.append(_build_swingby(s, *f, park))
        trips.append(min(cand, key=lambda x: _objective_value(s, x)))
    for n, trip in enumerate(trips):
        lo, hi = max(t0, trip.legs[0].depart_tdb_s - 0.5 * syn_s), min(
            t1, trip.legs[0].depart_tdb_s + 0.5 * syn_s)  # fmt: skip
        direct = _direct_best(s, date_range(lo, hi, float(step_days)))
        trips[n] = SwingbyTransfer(**{**trip.__dict__, "direct_dv_km_s": direct})
    trips.sort(key=lambda x: x.legs[0].depart_tdb_s)
    best = min(trips, key=lambda x: _objective_value(s, x))
    return SwingbyTransfer(**{**best.__dict__, "opportunities": tuple(trips)})


def _opportunity_picks(t_dep, per_dep, half_s):
    """Departure indices of the launch opportunities: the cheapest departure, then the next
    cheapest outside +-``half_s`` of those taken, ...; a pick on the range's edge is kept only
    when it is the cheapest (the range cut that opportunity), and one costing more than
    twice the cheapest is the far side of the cycle, not an opportunity (dropped)."""
    order = np.argsort(per_dep, kind="stable")
    taken = np.zeros(t_dep.size, dtype=bool)
    picks = []
    for m in order:
        if taken[m] or not np.isfinite(per_dep[m]):
            continue
        taken |= np.abs(t_dep - t_dep[m]) < half_s
        if not picks or (0 < m < t_dep.size - 1 and per_dep[m] <= 2.0 * per_dep[order[0]]):
            picks.append(int(m))
    return picks


#: Cells of each opportunity refined (the cheapest, then the next ones lying more than two
#: coarse steps from those taken, in departure or arrival).
_SWINGBY_SEEDS = 6


def _seeds(cost, n: int = _SWINGBY_SEEDS, apart: int = 2):
    """The ``n`` cheapest finite cells of ``cost`` (M, N), each more than ``apart`` cells
    from those taken (in departure or in arrival)."""
    flat = np.argsort(cost, axis=None, kind="stable")
    out: list[tuple[int, int]] = []
    for k in flat[: 200 * n]:  # a bounded scan: clusters of neighbours are skipped
        i, j = divmod(int(k), cost.shape[1])
        if not np.isfinite(cost[i, j]) or len(out) >= n:
            break
        if all(abs(i - a) > apart or abs(j - b) > apart for a, b in out):
            out.append((i, j))
    return out


def _refine(s, td, tv, ta, step_s, bounds):
    """The best chain on grids ten times finer (+-one coarse step) around a coarse cell,
    re-centred on the fine optimum while it moves (at most 4 times, a walk downhill):
    ``(t_dep, t_flyby, t_arrive)``."""
    fine = np.linspace(-step_s, step_s, 21)
    best, best_cost = (float(td), float(tv), float(ta)), math.inf
    for _ in range(4):
        td, tv, ta = best
        t_dep = np.unique(np.clip(td + fine, *bounds))
        cost, arg = s.grid(t_dep, tv + fine, ta + fine)
        i, j = np.unravel_index(np.argmin(cost), cost.shape)
        if not cost[i, j] < best_cost - 1e-9:
            break
        best_cost = float(cost[i, j])
        best = float(t_dep[i]), float(tv + fine[arg[i, j]]), float(ta + fine[j])
    return best


def _build_swingby(s, td, tv, ta, park_alt_km):
    """The chain re-solved: both legs by :func:`sojourn.transfer.transfer`, the flyby by
    :func:`flyby_between`, the impulses from the legs' excess speeds."""
    from sojourn.core.maneuvers import capture_dv_km_s, injection_dv_km_s
    from sojourn.transfer import transfer

    leg_a = transfer(s.dep, s.fb, td, tv)
    leg_b = transfer(s.fb, s.arr, tv, ta)
    fly = flyby_between(leg_a, leg_b, s.min_alt_km)
    dv_dep = float(injection_dv_km_s(leg_a.vinf_depart_km_s, s.mu_dep, s.r_park_km))
    dv_cap = 0.0
    if s.capture:
        dv_cap = float(
            capture_dv_km_s(leg_b.vinf_arrive_km_s, s.mu_arr, s.r_cap_km, s.capture_period_s)
        )
    return SwingbyTransfer(
        legs=(leg_a, leg_b), flybys=(fly,), objective=s.objective, dv_depart_km_s=dv_dep,
        dv_capture_km_s=dv_cap, direct_dv_km_s=None, parking_alt_km=park_alt_km,
        capture=s.capture,
    )  # fmt: skip


def _objective_value(s, trip: SwingbyTransfer) -> float:
    if s.objective == "arrival":
        return trip.vinf_arrive_km_s + trip.dv_flyby_km_s
    if s.objective == "c3":
        return trip.dv_depart_km_s + trip.dv_flyby_km_s
    return trip.dv_total_km_s


def _direct_best(s, t_dep) -> float | None:
    """The best direct transfer's total impulse (injection + capture, the same C3 limit) with
    departure on ``t_dep`` and a flight time within the two legs' bounds summed; None if none."""
    from sojourn.core.maneuvers import capture_dv_km_s, injection_dv_km_s

    lo, hi = s.leg1_s[0] + s.leg2_s[0], s.leg1_s[1] + s.leg2_s[1]
    step_s = float(t_dep[1] - t_dep[0]) if t_dep.size > 1 else 86400.0
    from sojourn.core.time import date_range

    t_arr = date_range(t_dep[0] + lo, t_dep[-1] + hi, step_s / 86400.0)
    vd, va = leg_vectors(s.dep, s.arr, t_dep, t_arr, lo, hi)
    v1, v2 = np.linalg.norm(vd, axis=-1), np.linalg.norm(va, axis=-1)
    c = injection_dv_km_s(v1, s.mu_dep, s.r_park_km)
    if s.capture:
        c = c + capture_dv_km_s(v2, s.mu_arr, s.r_cap_km, s.capture_period_s)
    if s.max_c3 is not None:
        c = np.where(v1 * v1 <= s.max_c3, c, np.nan)
    if not np.isfinite(c).any():
        return None
    return float(np.nanmin(c))

"""Launch windows: porkchop grids, refined optima, launch periods and synodic scans.

A porkchop grid is every ballistic transfer (patched conics, zero sphere of influence, as in
:mod:`sojourn.transfer`) between a set of departure dates and a set of arrival dates. The work
is split in three steps so that the same arithmetic runs locally or on a Dask cluster
(:mod:`sojourn.distributed`) and gives the same bits:

1. **plan** (:func:`grid_problem`, :func:`scan_problem`): check the inputs and evaluate the
   DE440 ephemeris once per date (never once per cell). The result is a small picklable
   dataclass of arrays and scalars.
2. **chunks** (:func:`grid_chunk`, :func:`scan_chunk`): pure functions of the problem and a
   range of departure rows; each runs one compiled ``parallel=True`` kernel over its rows.
   Rows are independent (the warm start runs along a row only), so the answer does not
   depend on how rows are chunked or on how many threads run them.
3. **combine** (:func:`combine_grid`, :func:`combine_scan`): assemble the chunks in order.

Inside a row the arrival dates (or flight times) are neighbours: the converged Izzo ``x`` of
one cell is the first guess of the next (:func:`sojourn.core.lambert.izzo_core` takes a warm
start ``x0``), so a cell costs one or two Householder steps instead of three or four.

Delta-v figures are impulsive and at periapsis (Curtis, *Orbital Mechanics for Engineering
Students*, 3rd ed., section 8.9 eq. 8.42 for departure from a circular parking orbit and
section 8.10 eq. 8.58-8.59 for capture into an orbit of given periapsis and period):

- departure: ``dv = sqrt(vinf^2 + 2 mu / rp) - sqrt(mu / rp)``
- capture:   ``dv = sqrt(vinf^2 + 2 mu / rp) - sqrt(mu (2 / rp - 1 / a))``, with
  ``a = (mu P^2 / 4 pi^2)^(1/3)``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from numba import njit, prange

from sojourn.core import ephemeris
from sojourn.core.constants import DAY_S, GM_KM3_S2, GM_SUN_KM3_S2, RADIUS_KM, SOL_S
from sojourn.core.lambert import LAMBERT_STATUS, izzo_core
from sojourn.core.maneuvers import (
    hyperbolic_speed_km_s,
    injection_dv_km_s,
    orbit_periapsis_speed_km_s,
)
from sojourn.core.time import utc_iso
from sojourn.errors import InputError, UnknownBodyError
from sojourn.transfer import EQ_TO_ECL, Transfer, check_body_pair, transfer

__all__ = [
    "STATUS_ARRIVAL_NOT_AFTER_DEPARTURE",
    "GRID_STATUS",
    "CRITERIA",
    "MAX_CELLS",
    "MAX_SCAN_TRANSFERS",
    "PorkchopGrid",
    "GridProblem",
    "ScanProblem",
    "ScanResult",
    "Opportunity",
    "porkchop",
    "optimize",
    "launch_period",
    "synodic_scan",
    "grid_problem",
    "grid_chunks",
    "grid_chunk",
    "combine_grid",
    "scan_problem",
    "scan_chunks",
    "scan_chunk",
    "combine_scan",
    "opportunities",
    "date_range",
    "run_scan",
    "SCAN_START_TDB_S",
    "SCAN_END_TDB_S",
]

#: Grid status code for a cell whose arrival is not after its departure (Lambert codes 0-4
#: are :data:`sojourn.core.lambert.LAMBERT_STATUS`).
STATUS_ARRIVAL_NOT_AFTER_DEPARTURE = 5
#: Meaning of every grid ``status`` code.
GRID_STATUS: dict[int, str] = {
    **LAMBERT_STATUS,
    STATUS_ARRIVAL_NOT_AFTER_DEPARTURE: "arrival not after departure",
}
#: Criteria :meth:`PorkchopGrid.best` and :func:`optimize` minimize, and the grid array of each.
CRITERIA: dict[str, str] = {
    "c3": "c3_km2_s2",
    "vinf_arrive": "vinf_arrive_km_s",
    "dv_total": "dv_total_km_s",
}
#: Largest grid :func:`porkchop` builds in one call (about 0.7 GiB of result arrays).
MAX_CELLS = 8_000_000
#: Largest synodic scan :func:`scan_problem` accepts, transfers (results stay small; this
#: bounds the time: about a minute on two cores).
MAX_SCAN_TRANSFERS = 200_000_000
#: Default rows per chunk: this many cells (memory of one chunk's outputs ~ 60 MB).
CHUNK_CELLS = 1_000_000

#: Default synodic-scan span: 2025-01-01T00:00:00 and 2050-01-01T00:00:00 UTC, TDB s.
SCAN_START_TDB_S = 788_961_669.1839275
SCAN_END_TDB_S = 1_577_880_069.1839132

# Same fastmath flags as the Lambert kernel (no 'nnan'/'ninf': NaN marks failed cells).
_FM = {"nsz", "arcp", "contract", "afn", "reassoc"}
_RAD2DEG = 180.0 / math.pi


# --- Kernels --------------------------------------------------------------------------
@njit(cache=True, parallel=True, fastmath=_FM)
def _grid_kernel(
    mu, r1, vb1, t1, r2, vb2, t2, M, low_path, mu_d, rp_d, mu_a, rp_a, vp_cap, ce, se,
    c3, vinf_d, vinf_a, dla, rla, dv_d, dv_a, status,
):  # fmt: skip
    """All cells of a (m, n) grid; rows in parallel, warm start along each row.

    r1, vb1 (m, 3) departure body position/velocity km, km/s, Sun-centred **ecliptic of
    J2000** (so that prograde means the planets' sense); t1 (m,) TDB s; r2, vb2 (n, 3), t2 (n,)
    the same at arrival. ``ce, se``: cosine and sine of the obliquity, to turn the departure
    asymptote back to the ICRF equator for DLA and RLA. ``vp_cap``: periapsis speed of the capture
    orbit, km/s (NaN: no capture, dv_a = 0). Outputs (m, n), written in place.
    """
    m = t1.shape[0]
    n = t2.shape[0]
    nan = np.nan
    vesc_d2 = 2.0 * mu_d / rp_d  # escape speed^2 at the parking-orbit radius
    vcirc_d = math.sqrt(mu_d / rp_d)  # circular speed there (Curtis eq. 8.42)
    vesc_a2 = 2.0 * mu_a / rp_a
    capture = vp_cap == vp_cap
    for i in prange(m):
        x = nan  # cold start at the first cell of a row
        for j in range(n):
            tof = t2[j] - t1[i]
            st = STATUS_ARRIVAL_NOT_AFTER_DEPARTURE
            if tof > 0.0:
                v1x, v1y, v1z, v2x, v2y, v2z, xs, _it, st = izzo_core(
                    mu, r1[i, 0], r1[i, 1], r1[i, 2], r2[j, 0], r2[j, 1], r2[j, 2],
                    tof, M, True, low_path, x,
                )  # fmt: skip
            status[i, j] = st
            if st != 0:
                x = nan
                c3[i, j] = nan
                vinf_d[i, j] = nan
                vinf_a[i, j] = nan
                dla[i, j] = nan
                rla[i, j] = nan
                dv_d[i, j] = nan
                dv_a[i, j] = nan
                continue
            x = xs
            wx = v1x - vb1[i, 0]
            wy = v1y - vb1[i, 1]
            wz = v1z - vb1[i, 2]
            cc = wx * wx + wy * wy + wz * wz
            vd = math.sqrt(cc)
            ux = v2x - vb2[j, 0]
            uy = v2y - vb2[j, 1]
            uz = v2z - vb2[j, 2]
            va2 = ux * ux + uy * uy + uz * uz
            c3[i, j] = cc
            vinf_d[i, j] = vd
            vinf_a[i, j] = math.sqrt(va2)
            qy = ce * wy - se * wz  # ecliptic -> ICRF equator
            qz = se * wy + ce * wz
            dla[i, j] = math.asin(min(1.0, max(-1.0, qz / vd))) * _RAD2DEG
            ra = math.atan2(qy, wx) * _RAD2DEG
            rla[i, j] = ra + 360.0 if ra < 0.0 else ra
            dv_d[i, j] = math.sqrt(cc + vesc_d2) - vcirc_d
            dv_a[i, j] = math.sqrt(va2 + vesc_a2) - vp_cap if capture else 0.0


@njit(cache=True, parallel=True, fastmath=_FM)
def _scan_kernel(mu, r1, vb1, t1, r2, vb2, t2, n_tof, M, low_path, c3min, jbest, vinf_a, nconv):
    """Minimum C3 over flight time for each departure row of a synodic scan.

    Row i departs at t1[i]; its k-th flight time arrives at t2[i + k] (k < n_tof), so the
    arrival states are shared by neighbouring rows and evaluated once. Outputs (m,):
    minimum C3 km^2/s^2 (NaN if no cell converged), the k of that minimum (-1 if none), the
    arrival v-infinity there, km/s, and the number of converged cells.
    """
    m = t1.shape[0]
    nan = np.nan
    for i in prange(m):
        x = nan
        best = np.inf
        kbest = -1
        vab = nan
        count = 0
        for k in range(n_tof):
            j = i + k
            tof = t2[j] - t1[i]
            if not tof > 0.0:
                x = nan
                continue
            v1x, v1y, v1z, v2x, v2y, v2z, xs, _it, st = izzo_core(
                mu, r1[i, 0], r1[i, 1], r1[i, 2], r2[j, 0], r2[j, 1], r2[j, 2],
                tof, M, True, low_path, x,
            )  # fmt: skip
            if st != 0:
                x = nan
                continue
            x = xs
            count += 1
            wx = v1x - vb1[i, 0]
            wy = v1y - vb1[i, 1]
            wz = v1z - vb1[i, 2]
            cc = wx * wx + wy * wy + wz * wz
            if cc < best:
                best = cc
                kbest = k
                ux = v2x - vb2[j, 0]
                uy = v2y - vb2[j, 1]
                uz = v2z - vb2[j, 2]
                vab = math.sqrt(ux * ux + uy * uy + uz * uz)
        c3min[i] = best if kbest >= 0 else nan
        jbest[i] = kbest
        vinf_a[i] = vab
        nconv[i] = count


# --- Checks ---------------------------------------------------------------------------
def _ecl(v_eq) -> np.ndarray:
    """ICRF (..., 3) -> ecliptic of J2000, contiguous (Lambert's prograde = planets' sense)."""
    return np.ascontiguousarray(np.asarray(v_eq, dtype=np.float64) @ EQ_TO_ECL.T)


def _body(name, field_name: str) -> str:
    key = str(name).strip().lower()
    if key not in GM_KM3_S2 or key not in RADIUS_KM or key == "sun":
        known = ", ".join(k for k in GM_KM3_S2 if k != "sun")
        raise UnknownBodyError(
            f"'{field_name}' must be a planet or the Moon with a known GM and radius, "
            f"got {name!r}; use one of {known}"
        )
    return key


def _dates(name: str, value) -> np.ndarray:
    arr = np.ascontiguousarray(np.asarray(value, dtype=np.float64))
    if arr.ndim == 0:
        arr = arr.reshape(1)
    if arr.ndim != 1 or arr.size == 0:
        raise InputError(
            f"'{name}' must be a non-empty 1-D array of TDB seconds past J2000, got shape "
            f"{arr.shape}; build one with sojourn.windows.date_range(t0, t1, step_days)"
        )
    if not np.isfinite(arr).all():
        raise InputError(f"'{name}' must hold finite times, got a NaN or infinity")
    return arr


def _revs(revs) -> int:
    if isinstance(revs, bool) or int(revs) != revs or revs < 0:
        raise InputError(f"'revs' must be a whole number >= 0, got {revs!r}; pass 0 for direct")
    return int(revs)


def _capture_speed(arrive_body, capture_periapsis_alt_km, capture_period_s) -> float:
    """Periapsis speed of the capture orbit, km/s (NaN when there is no capture)."""
    if capture_period_s is None or capture_periapsis_alt_km is None:
        return math.nan
    if not capture_periapsis_alt_km >= 0:
        raise InputError(f"'capture_periapsis_alt_km' must be >= 0, got {capture_periapsis_alt_km}")
    rp = RADIUS_KM[arrive_body] + float(capture_periapsis_alt_km)
    return orbit_periapsis_speed_km_s(GM_KM3_S2[arrive_body], rp, float(capture_period_s))


def date_range(t0_tdb_s: float, t1_tdb_s: float, step_days: float) -> np.ndarray:
    """Dates ``t0, t0 + step, ...`` up to ``t1`` inclusive, TDB s past J2000, shape (K,)."""
    try:
        step_days = float(step_days)
    except (TypeError, ValueError):
        step_days = math.nan
    if not (math.isfinite(step_days) and step_days > 0):
        raise InputError(f"'step_days' must be > 0, got {step_days!r}; e.g. 1.0 for a daily grid")
    step = float(step_days) * DAY_S
    # The tolerance (1e-6 step, 0.09 s for a day) absorbs TDB's periodic term between two UTC
    # midnights, so 2020-06-01..2020-09-30 daily gives 122 dates.
    n = int(math.floor((float(t1_tdb_s) - float(t0_tdb_s)) / step + 1e-6)) + 1
    return float(t0_tdb_s) + step * np.arange(max(n, 1), dtype=np.float64)


# --- Porkchop grid --------------------------------------------------------------------
@dataclass(frozen=True)
class GridProblem:
    """A porkchop grid ready to compute: states at every date, and the scalars. Picklable."""

    depart_body: str
    arrive_body: str
    t1: np.ndarray  # (m,) departure dates, TDB s
    r1: np.ndarray  # (m, 3) departure body, km, Sun-centred ICRF
    vb1: np.ndarray  # (m, 3) km/s
    t2: np.ndarray  # (n,) arrival dates
    r2: np.ndarray
    vb2: np.ndarray
    revs: int
    low_path: bool
    parking_alt_km: float
    capture_periapsis_alt_km: float | None
    capture_period_s: float | None
    vp_capture_km_s: float  # NaN: no capture

    @property
    def shape(self) -> tuple[int, int]:
        return (self.t1.size, self.t2.size)


_GRID_OUTPUTS = ("c3", "vinf_d", "vinf_a", "dla", "rla", "dv_d", "dv_a", "status")


def grid_problem(
    depart_body,
    arrive_body,
    depart_tdb_s,
    arrive_tdb_s,
    *,
    revs=0,
    low_path=True,
    parking_alt_km=200.0,
    capture_periapsis_alt_km=250.0,
    capture_period_s=SOL_S,
    max_cells=MAX_CELLS,
) -> GridProblem:
    """Check a porkchop request and evaluate the ephemeris once per date (plan step)."""
    dep = _body(depart_body, "depart_body")
    arr = _body(arrive_body, "arrive_body")
    check_body_pair(dep, arr)  # different, and not the Earth and its Moon
    t1 = _dates("depart_tdb_s", depart_tdb_s)
    t2 = _dates("arrive_tdb_s", arrive_tdb_s)
    m_revs = _revs(revs)
    if not t2.max() > t1.min():
        raise InputError(
            f"the arrival dates (latest {utc_iso(t2.max())[:10]}) all lie before the first "
            f"departure ({utc_iso(t1.min())[:10]}); give arrival dates after the departures"
        )
    cells = t1.size * t2.size
    if cells > max_cells:
        raise InputError(
            f"the grid has {t1.size} x {t2.size} = {cells:,} cells, more than the limit "
            f"{max_cells:,}; use a larger step (--step-days) or narrower date ranges"
        )
    if not (math.isfinite(parking_alt_km) and parking_alt_km >= 0):
        raise InputError(f"'parking_alt_km' must be >= 0, got {parking_alt_km!r}")
    vp = _capture_speed(arr, capture_periapsis_alt_km, capture_period_s)
    r1, vb1 = ephemeris.state(dep, t1, center="sun")
    r2, vb2 = ephemeris.state(arr, t2, center="sun")
    return GridProblem(
        depart_body=dep,
        arrive_body=arr,
        t1=t1,
        r1=np.ascontiguousarray(r1),
        vb1=np.ascontiguousarray(vb1),
        t2=t2,
        r2=np.ascontiguousarray(r2),
        vb2=np.ascontiguousarray(vb2),
        revs=m_revs,
        low_path=bool(low_path),
        parking_alt_km=float(parking_alt_km),
        capture_periapsis_alt_km=(None if math.isnan(vp) else float(capture_periapsis_alt_km)),
        capture_period_s=None if math.isnan(vp) else float(capture_period_s),
        vp_capture_km_s=vp,
    )


def grid_chunks(problem: GridProblem, chunk_cells: int = CHUNK_CELLS) -> list[tuple[int, int]]:
    """Row ranges ``[(start, stop), ...]`` of about ``chunk_cells`` cells each."""
    m, n = problem.shape
    rows = max(1, int(chunk_cells) // max(n, 1))
    return [(a, min(a + rows, m)) for a in range(0, m, rows)]


def _run_grid_rows(p: GridProblem, a: int, b: int, outs) -> None:
    mu_d = GM_KM3_S2[p.depart_body]
    mu_a = GM_KM3_S2[p.arrive_body]
    rp_d = RADIUS_KM[p.depart_body] + p.parking_alt_km
    rp_a = RADIUS_KM[p.arrive_body] + (p.capture_periapsis_alt_km or 0.0)
    r1, vb1, r2, vb2 = (_ecl(x) for x in (p.r1[a:b], p.vb1[a:b], p.r2, p.vb2))
    _grid_kernel(
        GM_SUN_KM3_S2, r1, vb1, p.t1[a:b], r2, vb2, p.t2,
        p.revs, p.low_path, mu_d, rp_d, mu_a, rp_a, p.vp_capture_km_s,
        EQ_TO_ECL[1, 1], EQ_TO_ECL[1, 2], *outs,
    )  # fmt: skip


def _empty_outputs(m: int, n: int):
    return [np.empty((m, n)) for _ in _GRID_OUTPUTS[:-1]] + [np.empty((m, n), dtype=np.int8)]


def grid_chunk(problem: GridProblem, start: int, stop: int) -> tuple[np.ndarray, ...]:
    """Rows ``start:stop`` of the grid (a pure function: picklable in, arrays out).

    Returns the (stop - start, n) arrays ``c3, vinf_d, vinf_a, dla, rla, dv_d, dv_a, status``.
    """
    outs = _empty_outputs(stop - start, problem.t2.size)
    _run_grid_rows(problem, start, stop, outs)
    return tuple(outs)


@dataclass(frozen=True)
class PorkchopGrid:
    """Every ballistic transfer between M departure and N arrival dates.

    Arrays are (M, N), row = departure, column = arrival; NaN where ``status != 0``
    (:data:`GRID_STATUS`). Velocities km/s, C3 km^2/s^2, angles degrees (DLA/RLA of the
    outgoing asymptote, ICRF/J2000 equator), times TDB seconds past J2000.
    """

    depart_body: str
    arrive_body: str
    depart_tdb_s: np.ndarray
    arrive_tdb_s: np.ndarray
    c3_km2_s2: np.ndarray
    vinf_depart_km_s: np.ndarray
    vinf_arrive_km_s: np.ndarray
    tof_days: np.ndarray
    dla_deg: np.ndarray
    rla_deg: np.ndarray
    dv_depart_km_s: np.ndarray
    dv_arrive_km_s: np.ndarray
    dv_total_km_s: np.ndarray
    status: np.ndarray
    revs: int
    parking_alt_km: float
    capture_periapsis_alt_km: float | None
    capture_period_s: float | None
    low_path: bool = True
    _vp_capture_km_s: float = field(default=math.nan, repr=False)

    @property
    def n_points(self) -> int:
        return int(self.status.size)

    @property
    def n_converged(self) -> int:
        return int(np.count_nonzero(self.status == 0))

    def best_index(self, criterion: str = "c3") -> tuple[int, int]:
        """``(i, j)`` of the grid cell with the least ``criterion`` (see :data:`CRITERIA`)."""
        values = getattr(self, _criterion_field(criterion))
        if not np.isfinite(values).any():
            raise InputError(
                f"no transfer converged in the {self.status.shape[0]} x "
                f"{self.status.shape[1]} grid from {self.depart_body} to {self.arrive_body}; "
                "widen the arrival range or check that arrivals follow departures"
            )
        flat = int(np.nanargmin(values))
        i, j = divmod(flat, values.shape[1])
        return i, j

    def best(self, criterion: str = "c3") -> Transfer:
        """The grid cell with the least ``criterion``, as a :class:`~sojourn.transfer.Transfer`."""
        i, j = self.best_index(criterion)
        return transfer(
            self.depart_body,
            self.arrive_body,
            float(self.depart_tdb_s[i]),
            float(self.arrive_tdb_s[j]),
            revs=self.revs,
            low_path=self.low_path if self.revs > 0 else None,
        )

    def delta_v(self, t: Transfer) -> dict:
        """Departure, capture and total delta-v, km/s, of a transfer under this grid's orbits."""
        dv_d, dv_a = _delta_v(
            self.depart_body,
            self.arrive_body,
            t.vinf_depart_km_s,
            t.vinf_arrive_km_s,
            self.parking_alt_km,
            self.capture_periapsis_alt_km,
            self._vp_capture_km_s,
        )
        return {"dv_depart_km_s": dv_d, "dv_arrive_km_s": dv_a, "dv_total_km_s": dv_d + dv_a}

    def transfer_dict(self, t: Transfer) -> dict:
        """DESIGN.md ``transfer`` object plus this grid's delta-v figures."""
        return {**t.to_dict(), **self.delta_v(t)}

    def to_dict(self, criterion: str = "c3") -> dict:
        """Summary (DESIGN.md ``windows``): ``best``, ``n_points``, ``n_converged``, ...

        ``elapsed_s`` is the caller's to add (it times the grid).
        """
        out = {
            "from": self.depart_body,
            "to": self.arrive_body,
            "criterion": criterion,
            "n_points": self.n_points,
            "n_converged": self.n_converged,
            "n_depart": int(self.depart_tdb_s.size),
            "n_arrive": int(self.arrive_tdb_s.size),
            "depart_range_utc": [utc_iso(self.depart_tdb_s[0]), utc_iso(self.depart_tdb_s[-1])],
            "arrive_range_utc": [utc_iso(self.arrive_tdb_s[0]), utc_iso(self.arrive_tdb_s[-1])],
            "revs": self.revs,
            "parking_alt_km": self.parking_alt_km,
            "capture_periapsis_alt_km": self.capture_periapsis_alt_km,
            "capture_period_s": self.capture_period_s,
        }
        if self.n_converged:
            out["best"] = self.transfer_dict(self.best(criterion))
        else:
            out["best"] = None
        return out


def _criterion_field(criterion: str) -> str:
    if criterion not in CRITERIA:
        raise InputError(f"'criterion' must be one of {', '.join(CRITERIA)}, got {criterion!r}")
    return CRITERIA[criterion]


def _delta_v(dep, arr, vinf_d, vinf_a, parking_alt_km, capture_alt_km, vp_cap):
    dv_d = float(injection_dv_km_s(vinf_d, GM_KM3_S2[dep], RADIUS_KM[dep] + parking_alt_km))
    if capture_alt_km is None or math.isnan(vp_cap):
        return dv_d, 0.0
    v_hyp = hyperbolic_speed_km_s(vinf_a, GM_KM3_S2[arr], RADIUS_KM[arr] + capture_alt_km)
    return dv_d, float(v_hyp) - vp_cap


def combine_grid(problem: GridProblem, parts) -> PorkchopGrid:
    """Stack the chunks (in row order) into a :class:`PorkchopGrid`."""
    arrays = [np.concatenate([p[k] for p in parts], axis=0) for k in range(len(_GRID_OUTPUTS))]
    return _make_grid(problem, arrays)


def _make_grid(p: GridProblem, arrays) -> PorkchopGrid:
    c3, vd, va, dla, rla, dvd, dva, status = arrays
    tof = (p.t2[None, :] - p.t1[:, None]) / DAY_S
    tof[status == STATUS_ARRIVAL_NOT_AFTER_DEPARTURE] = np.nan
    return PorkchopGrid(
        depart_body=p.depart_body,
        arrive_body=p.arrive_body,
        depart_tdb_s=p.t1,
        arrive_tdb_s=p.t2,
        c3_km2_s2=c3,
        vinf_depart_km_s=vd,
        vinf_arrive_km_s=va,
        tof_days=tof,
        dla_deg=dla,
        rla_deg=rla,
        dv_depart_km_s=dvd,
        dv_arrive_km_s=dva,
        dv_total_km_s=dvd + dva,
        status=status,
        revs=p.revs,
        parking_alt_km=p.parking_alt_km,
        capture_periapsis_alt_km=p.capture_periapsis_alt_km,
        capture_period_s=p.capture_period_s,
        low_path=p.low_path,
        _vp_capture_km_s=p.vp_capture_km_s,
    )


def porkchop(
    depart_body,
    arrive_body,
    depart_tdb_s,
    arrive_tdb_s,
    *,
    revs=0,
    low_path=True,
    parking_alt_km=200.0,
    capture_periapsis_alt_km=250.0,
    capture_period_s=SOL_S,
    chunk_cells=CHUNK_CELLS,
    max_cells=MAX_CELLS,
    progress: Callable[[int, int], None] | None = None,
) -> PorkchopGrid:
    """Porkchop grid: every prograde ballistic transfer between two sets of dates.

    Parameters
    ----------
    depart_body, arrive_body : str
        Planet (or Moon) names, e.g. ``"earth"``, ``"mars"``.
    depart_tdb_s : array_like (M,)
        Departure dates, TDB s past J2000 (e.g. :func:`date_range`).
    arrive_tdb_s : array_like (N,)
        Arrival dates, TDB s past J2000.
    revs : int
        Complete revolutions about the Sun (0: direct).
    low_path : bool
        For ``revs > 0``, the low-path branch (see :func:`sojourn.core.lambert.lambert_izzo`).
    parking_alt_km : float
        Altitude of the circular parking orbit at departure, km (departure delta-v).
    capture_periapsis_alt_km, capture_period_s : float or None
        Capture orbit at arrival (periapsis altitude km, period s; default 250 km, 1 sol).
        ``capture_period_s=None``: no capture (flyby or direct entry), ``dv_arrive = 0``.
    chunk_cells : int
        About this many cells per chunk of departure rows (bounds temporary memory).
    max_cells : int
        Refuse grids larger than this (:class:`~sojourn.errors.InputError` with the fix).
    progress : callable(done_cells, total_cells) or None
        Called after each chunk.

    Returns
    -------
    PorkchopGrid

    Raises
    ------
    InputError
        Unknown or equal bodies, empty or non-finite dates, every arrival before the first
        departure, too many cells, negative ``revs`` or altitudes, impossible capture orbit.
    EphemerisRangeError
        A date outside DE440.
    """
    p = grid_problem(
        depart_body,
        arrive_body,
        depart_tdb_s,
        arrive_tdb_s,
        revs=revs,
        low_path=low_path,
        parking_alt_km=parking_alt_km,
        capture_periapsis_alt_km=capture_periapsis_alt_km,
        capture_period_s=capture_period_s,
        max_cells=max_cells,
    )
    m, n = p.shape
    outs = _empty_outputs(m, n)
    for a, b in grid_chunks(p, chunk_cells):
        _run_grid_rows(p, a, b, [o[a:b] for o in outs])
        if progress is not None:
            progress(b * n, m * n)
    return _make_grid(p, outs)


# --- Refinement -----------------------------------------------------------------------
def _objective(grid: PorkchopGrid, criterion: str):
    dep, arr = grid.depart_body, grid.arrive_body
    key = _criterion_field(criterion)

    def f(td_s: float, ta_s: float) -> float:
        tof = ta_s - td_s
        if not tof > 0:
            return math.inf
        r1, vb1 = (_ecl(x) for x in ephemeris.state(dep, td_s, center="sun"))
        r2, vb2 = (_ecl(x) for x in ephemeris.state(arr, ta_s, center="sun"))
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


def _step_s(t: np.ndarray) -> float:
    return float(np.median(np.diff(t))) if t.size > 1 else DAY_S


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
    i, j = grid.best_index(criterion)
    f = _objective(grid, criterion)
    t0 = np.array([grid.depart_tdb_s[i], grid.arrive_tdb_s[j]], dtype=float)
    lo = np.array([grid.depart_tdb_s.min(), grid.arrive_tdb_s.min()])
    hi = np.array([grid.depart_tdb_s.max(), grid.arrive_tdb_s.max()])
    steps = np.array([_step_s(grid.depart_tdb_s), _step_s(grid.arrive_tdb_s)])
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


def launch_period(grid: PorkchopGrid, c3_max_km2_s2: float) -> tuple[float, float, float] | None:
    """First and last departure with some arrival at C3 <= ``c3_max_km2_s2``.

    Returns
    -------
    (first_depart_tdb_s, last_depart_tdb_s, n_days) or None
        ``n_days`` is the span from first to last departure inclusive of the last grid day,
        ``(last - first) / 86400 + step_days``; the period may have gaps (departure rows
        inside it with no arrival under the limit). None if no cell meets the limit.
    """
    if not (np.isscalar(c3_max_km2_s2) and float(c3_max_km2_s2) > 0):
        raise InputError(f"'c3_max_km2_s2' must be > 0, got {c3_max_km2_s2!r}")
    with np.errstate(invalid="ignore"):
        ok = (grid.c3_km2_s2 <= c3_max_km2_s2).any(axis=1)
    rows = np.flatnonzero(ok)
    if rows.size == 0:
        return None
    first = float(grid.depart_tdb_s[rows[0]])
    last = float(grid.depart_tdb_s[rows[-1]])
    return first, last, (last - first) / DAY_S + _step_s(grid.depart_tdb_s) / DAY_S


# --- Synodic scan ---------------------------------------------------------------------
@dataclass(frozen=True)
class ScanProblem:
    """A synodic scan ready to compute (picklable): row i departs at ``t1[i]`` and its k-th
    flight time (k < ``n_tof``) arrives at ``t2[i + k]``."""

    depart_body: str
    arrive_body: str
    t1: np.ndarray  # (m,)
    r1: np.ndarray
    vb1: np.ndarray
    t2: np.ndarray  # (m + n_tof - 1,)
    r2: np.ndarray
    vb2: np.ndarray
    n_tof: int
    tof_min_days: float
    step_days: float
    revs: int
    low_path: bool


@dataclass(frozen=True)
class ScanResult:
    """Per departure date of a scan: the least C3 over the flight times. Arrays (m,)."""

    depart_body: str
    arrive_body: str
    depart_tdb_s: np.ndarray
    c3_min_km2_s2: np.ndarray  # NaN where no flight time converged
    arrive_tdb_s: np.ndarray  # arrival of that minimum (NaN if none)
    vinf_arrive_km_s: np.ndarray
    n_converged: int
    n_points: int


@dataclass(frozen=True)
class Opportunity:
    """One transfer opportunity: the departure date of least C3 on a daily grid."""

    depart_body: str
    arrive_body: str
    depart_tdb_s: float
    arrive_tdb_s: float
    c3_km2_s2: float
    vinf_arrive_km_s: float

    @property
    def tof_days(self) -> float:
        return (self.arrive_tdb_s - self.depart_tdb_s) / DAY_S

    def to_dict(self) -> dict:
        return {
            "from": self.depart_body,
            "to": self.arrive_body,
            "depart_utc": utc_iso(self.depart_tdb_s),
            "arrive_utc": utc_iso(self.arrive_tdb_s),
            "tof_days": self.tof_days,
            "c3_km2_s2": self.c3_km2_s2,
            "vinf_depart_km_s": math.sqrt(self.c3_km2_s2),
            "vinf_arrive_km_s": self.vinf_arrive_km_s,
        }


def scan_problem(
    depart_body,
    arrive_body,
    start_tdb_s,
    end_tdb_s,
    *,
    tof_days=(90.0, 450.0),
    step_days=1.0,
    revs=0,
    low_path=True,
    max_transfers=MAX_SCAN_TRANSFERS,
) -> ScanProblem:
    """Check a scan request and evaluate the ephemeris once per date (plan step).

    ``max_transfers`` caps the work (departures x flight times): the 25-year daily scan is
    3.3 million; the default cap, 200 million, is about a minute on two cores.
    """
    dep = _body(depart_body, "depart_body")
    arr = _body(arrive_body, "arrive_body")
    check_body_pair(dep, arr)  # different, and not the Earth and its Moon
    if not float(end_tdb_s) >= float(start_tdb_s):
        raise InputError("the scan ends before it starts; write the earlier date first")
    lo, hi = (float(v) for v in tof_days)
    if not (0 < lo <= hi):
        raise InputError(f"'tof_days' must be (min, max) with 0 < min <= max, got {tof_days!r}")
    t1 = date_range(start_tdb_s, end_tdb_s, step_days)
    n_tof = int(math.floor((hi - lo) / step_days + 1e-6)) + 1
    if t1.size * n_tof > max_transfers:
        raise InputError(
            f"the scan has {t1.size:,} departures x {n_tof:,} flight times = "
            f"{t1.size * n_tof:,} transfers, more than the limit {max_transfers:,}; use a "
            "larger step (--step-days) or a shorter span"
        )
    t2 = t1[0] + lo * DAY_S + float(step_days) * DAY_S * np.arange(t1.size + n_tof - 1)
    r1, vb1 = ephemeris.state(dep, t1, center="sun")
    r2, vb2 = ephemeris.state(arr, t2, center="sun")
    return ScanProblem(
        depart_body=dep,
        arrive_body=arr,
        t1=t1,
        r1=np.ascontiguousarray(r1),
        vb1=np.ascontiguousarray(vb1),
        t2=t2,
        r2=np.ascontiguousarray(r2),
        vb2=np.ascontiguousarray(vb2),
        n_tof=n_tof,
        tof_min_days=lo,
        step_days=float(step_days),
        revs=_revs(revs),
        low_path=bool(low_path),
    )


def scan_chunks(problem: ScanProblem, chunk_cells: int = CHUNK_CELLS) -> list[tuple[int, int]]:
    """Departure-row ranges of about ``chunk_cells`` transfers each."""
    m = problem.t1.size
    rows = max(1, int(chunk_cells) // problem.n_tof)
    return [(a, min(a + rows, m)) for a in range(0, m, rows)]


def scan_chunk(problem: ScanProblem, start: int, stop: int) -> tuple[np.ndarray, ...]:
    """Rows ``start:stop`` of a scan (pure): ``(c3_min, k_best, vinf_arrive, n_converged)``."""
    m = stop - start
    c3 = np.empty(m)
    kb = np.empty(m, dtype=np.int64)
    va = np.empty(m)
    nc = np.empty(m, dtype=np.int64)
    p = problem
    stop2 = stop + p.n_tof - 1
    _scan_kernel(
        GM_SUN_KM3_S2, _ecl(p.r1[start:stop]), _ecl(p.vb1[start:stop]), p.t1[start:stop],
        _ecl(p.r2[start:stop2]), _ecl(p.vb2[start:stop2]),
        p.t2[start:stop2], p.n_tof, p.revs, p.low_path, c3, kb, va, nc,
    )  # fmt: skip
    return c3, kb, va, nc


def combine_scan(problem: ScanProblem, parts) -> ScanResult:
    """Stack scan chunks (in row order) into a :class:`ScanResult`."""
    c3 = np.concatenate([p[0] for p in parts])
    kb = np.concatenate([p[1] for p in parts])
    va = np.concatenate([p[2] for p in parts])
    nc = np.concatenate([p[3] for p in parts])
    idx = np.arange(c3.size) + np.maximum(kb, 0)
    t_arr = np.where(kb >= 0, problem.t2[idx], np.nan)
    return ScanResult(
        depart_body=problem.depart_body,
        arrive_body=problem.arrive_body,
        depart_tdb_s=problem.t1,
        c3_min_km2_s2=c3,
        arrive_tdb_s=t_arr,
        vinf_arrive_km_s=va,
        n_converged=int(nc.sum()),
        n_points=int(c3.size * problem.n_tof),
    )


def _synodic_period_days(dep: str, arr: str, t_tdb_s: float) -> float:
    """Synodic period from the osculating semi-major axes at ``t`` (Kepler's third law)."""
    periods = []
    for body in (dep, arr):
        r, v = ephemeris.state(body, t_tdb_s, center="sun")
        energy = float(v @ v) / 2.0 - GM_SUN_KM3_S2 / float(np.linalg.norm(r))
        a = -GM_SUN_KM3_S2 / (2.0 * energy)
        periods.append(2.0 * math.pi * math.sqrt(a**3 / GM_SUN_KM3_S2) / DAY_S)
    return 1.0 / abs(1.0 / periods[0] - 1.0 / periods[1])


def opportunities(scan: ScanResult, window_fraction: float = 0.4) -> list[Opportunity]:
    """Local minima of min-over-flight-time C3 versus departure date, one per synodic period.

    A departure is an opportunity when its C3 is the least within +-``window_fraction``
    synodic periods; minima on the first or last date of the scan are cut by the span and
    dropped.
    """
    c3 = scan.c3_min_km2_s2
    m = c3.size
    if m < 3:
        return []
    step_days = _step_s(scan.depart_tdb_s) / DAY_S
    syn = _synodic_period_days(scan.depart_body, scan.arrive_body, float(scan.depart_tdb_s[0]))
    half = max(1, int(window_fraction * syn / step_days))
    filled = np.where(np.isfinite(c3), c3, np.inf)
    pad = np.concatenate([np.full(half, np.inf), filled, np.full(half, np.inf)])
    windows = np.lib.stride_tricks.sliding_window_view(pad, 2 * half + 1)
    local_min = windows.min(axis=1)
    out = []
    last = -(10**9)
    for i in np.flatnonzero((filled == local_min) & np.isfinite(filled)):
        if i == 0 or i == m - 1 or i - last <= half:
            continue
        last = i
        out.append(
            Opportunity(
                depart_body=scan.depart_body,
                arrive_body=scan.arrive_body,
                depart_tdb_s=float(scan.depart_tdb_s[i]),
                arrive_tdb_s=float(scan.arrive_tdb_s[i]),
                c3_km2_s2=float(c3[i]),
                vinf_arrive_km_s=float(scan.vinf_arrive_km_s[i]),
            )
        )
    return out


def run_scan(
    problem: ScanProblem,
    chunk_cells: int = CHUNK_CELLS,
    progress: Callable[[int, int], None] | None = None,
) -> ScanResult:
    """Compute a scan locally, chunk by chunk."""
    parts = []
    total = problem.t1.size * problem.n_tof
    for a, b in scan_chunks(problem, chunk_cells):
        parts.append(scan_chunk(problem, a, b))
        if progress is not None:
            progress(b * problem.n_tof, total)
    return combine_scan(problem, parts)


def synodic_scan(
    depart_body="earth",
    arrive_body="mars",
    start_tdb_s=SCAN_START_TDB_S,
    end_tdb_s=SCAN_END_TDB_S,
    tof_days=(90.0, 450.0),
    step_days=1.0,
    *,
    revs=0,
    low_path=True,
    chunk_cells=CHUNK_CELLS,
    progress: Callable[[int, int], None] | None = None,
) -> list[Opportunity]:
    """Every transfer opportunity in a span: least C3 per synodic period.

    Scans departures ``start..end`` every ``step_days`` and flight times
    ``tof_days[0]..tof_days[1]`` every ``step_days`` (25 years daily: 9,132 x 361 = 3.3
    million transfers, a few MB of memory), takes the least C3 over flight time for each
    departure, and returns its local minima one synodic period apart (:func:`opportunities`).

    Returns
    -------
    list of Opportunity
        In date order; C3 km^2/s^2 and arrival v-infinity km/s at the best grid day.
    """
    p = scan_problem(
        depart_body,
        arrive_body,
        start_tdb_s,
        end_tdb_s,
        tof_days=tof_days,
        step_days=step_days,
        revs=revs,
        low_path=low_path,
    )
    return opportunities(run_scan(p, chunk_cells, progress))

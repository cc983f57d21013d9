"""Synodic scans: the least-C3 departure of every transfer opportunity in a span of years.

A scan evaluates, for each departure date, every flight time on a regular grid and keeps the
least C3 (:func:`sojourn.windows.kernels.scan_kernel`); its local minima one synodic period
apart are the opportunities. Like the porkchop grid it is a chunked job
(:mod:`sojourn.core.jobs`): :func:`scan_job` reads DE440 once per date, chunks of departure
rows run independently, and the chunks join into a :class:`ScanResult`, here or on Dask.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np

from sojourn.core import tabular
from sojourn.core.bodies import check_body_pair, synodic_period_days
from sojourn.core.constants import DAY_S, GM_SUN_KM3_S2
from sojourn.core.jobs import (
    CHUNK_CELLS,
    ChunkedJob,
    Progress,
    axis_size,
    check_work,
    count_text,
    run,
)
from sojourn.core.time import date_range, utc_iso
from sojourn.errors import InputError
from sojourn.windows import _inputs
from sojourn.windows.kernels import scan_kernel

__all__ = [
    "MAX_SCAN_TRANSFERS",
    "SCAN_END_TDB_S",
    "SCAN_START_TDB_S",
    "Opportunity",
    "ScanJob",
    "ScanResult",
    "opportunities",
    "scan_job",
    "synodic_scan",
]

#: Largest synodic scan :func:`scan_job` accepts, transfers (results stay small; this bounds
#: the time: about a minute on two cores).
MAX_SCAN_TRANSFERS = 200_000_000
#: Default synodic-scan span: 2025-01-01T00:00:00 and 2050-01-01T00:00:00 UTC, TDB s.
SCAN_START_TDB_S = 788_961_669.1839275
SCAN_END_TDB_S = 1_577_880_069.1839132


@dataclass(frozen=True, eq=False)
class ScanJob(ChunkedJob):
    """A synodic scan ready to compute (a :class:`~sojourn.core.jobs.ChunkedJob`). Picklable.

    Row i departs at ``t1[i]`` and its k-th flight time (k < ``n_tof``) arrives at
    ``t2[i + k]``, so neighbouring rows share arrival states (read once). Build it with
    :func:`scan_job`; constructing it checks the size, then reads DE440 once per date. A chunk
    is ``(c3_min, k_best, vinf_arrive, n_converged)``, each (rows,).
    """

    what: ClassVar[str] = "the scan"
    size_fix: ClassVar[str] = (
        "use a larger step (--step-days), a shorter span or a narrower --tof-days range"
    )
    budget_name: ClassVar[str] = "max_transfers"

    depart_body: str
    arrive_body: str
    t1: np.ndarray = field(repr=False)  # (m,) departures, TDB s past J2000
    t2: np.ndarray = field(repr=False)  # (m + n_tof - 1,) arrivals
    n_tof: int
    tof_min_days: float
    step_days: float
    revs: int = 0
    low_path: bool = True
    max_cells: int = MAX_SCAN_TRANSFERS
    # Filled from DE440 on construction, km and km/s, Sun-centred, ecliptic of J2000.
    r1_ecl_km: np.ndarray = field(init=False, repr=False)
    v1_ecl_km_s: np.ndarray = field(init=False, repr=False)
    r2_ecl_km: np.ndarray = field(init=False, repr=False)
    v2_ecl_km_s: np.ndarray = field(init=False, repr=False)

    def __post_init__(self):
        _inputs.fill_states(self, self.t1, self.t2)  # size checked first, then DE440

    @property
    def n_rows(self) -> int:
        return self.t1.size

    @property
    def row_cells(self) -> int:
        return self.n_tof

    def size_text(self) -> str:
        m = self.t1.size
        return f"{m:,} departures x {self.n_tof:,} flight times = {self.n_cells:,} transfers"

    def chunk(self, start: int, stop: int) -> tuple[np.ndarray, ...]:
        """Rows ``start:stop`` (pure): ``(c3_min, k_best, vinf_arrive, n_converged)``."""
        m = stop - start
        c3 = np.empty(m)
        kb = np.empty(m, dtype=np.int64)
        va = np.empty(m)
        nc = np.empty(m, dtype=np.int64)
        stop2 = stop + self.n_tof - 1
        scan_kernel(
            GM_SUN_KM3_S2, self.r1_ecl_km[start:stop], self.v1_ecl_km_s[start:stop],
            self.t1[start:stop], self.r2_ecl_km[start:stop2], self.v2_ecl_km_s[start:stop2],
            self.t2[start:stop2], self.n_tof, self.revs, self.low_path, c3, kb, va, nc,
        )  # fmt: skip
        return c3, kb, va, nc

    def combine(self, parts: Sequence[tuple]) -> ScanResult:
        """Stack scan chunks (in row order) into a :class:`ScanResult`."""
        c3, kb, va, nc = (np.concatenate([p[k] for p in parts]) for k in range(4))
        idx = np.arange(c3.size) + np.maximum(kb, 0)
        t_arr = np.where(kb >= 0, self.t2[idx], np.nan)
        return ScanResult(
            depart_body=self.depart_body,
            arrive_body=self.arrive_body,
            depart_tdb_s=self.t1,
            c3_min_km2_s2=c3,
            arrive_tdb_s=t_arr,
            vinf_arrive_km_s=va,
            n_converged=int(nc.sum()),
            n_points=int(c3.size * self.n_tof),
        )


def scan_job(
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
) -> ScanJob:
    """Check a scan request and build its job (ephemeris once per date, no Lambert yet).

    ``max_transfers`` caps the work (departures x flight times): the 25-year daily scan is
    3.3 million; the default cap, 200 million, is about a minute on two cores. Run the job
    with :func:`sojourn.core.jobs.run` or :func:`sojourn.distributed.run`.
    """
    dep, arr = check_body_pair(depart_body, arrive_body)  # different, not the Earth and Moon
    if not float(end_tdb_s) >= float(start_tdb_s):
        raise InputError("the scan ends before it starts; write the earlier date first")
    lo, hi = (float(v) for v in tof_days)
    if not (0 < lo <= hi < math.inf):
        raise InputError(f"'tof_days' must be (min, max) with 0 < min <= max, got {tof_days!r}")
    # The size first, counted (not built): a step of 1e-6 days is refused before allocation.
    m = _inputs.axis_count(start_tdb_s, end_tdb_s, step_days)
    n_tof = axis_size(hi - lo, float(step_days))
    check_work(
        m * n_tof, max_transfers, ScanJob.what, f"{count_text(m)} departures x "
        f"{count_text(n_tof)} flight times = {count_text(m * n_tof)} transfers",
        set_by=ScanJob.budget_name, shrink_by=ScanJob.size_fix,
    )  # fmt: skip
    t1 = date_range(start_tdb_s, end_tdb_s, step_days)
    t2 = t1[0] + lo * DAY_S + float(step_days) * DAY_S * np.arange(t1.size + n_tof - 1)
    return ScanJob(
        depart_body=dep,
        arrive_body=arr,
        t1=t1,
        t2=t2,
        n_tof=n_tof,
        tof_min_days=lo,
        step_days=float(step_days),
        revs=_inputs.revs(revs),
        low_path=bool(low_path),
        max_cells=int(max_transfers),
    )


@dataclass(frozen=True, repr=False)
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

    def to_dataframe(self):
        """A :class:`pandas.DataFrame`, one row per departure, indexed by ``depart_utc``.

        Columns: ``depart_tdb_s``, ``arrive_utc`` (NaT where no flight time converged),
        ``arrive_tdb_s``, ``tof_days``, ``c3_min_km2_s2``, ``vinf_arrive_km_s``. Times UTC as
        ``datetime64[ms]``; ``*_tdb_s`` TDB seconds past J2000. Optional extra (pandas).
        """
        return tabular.to_dataframe(
            {
                "depart_utc": _inputs.datetime64(self.depart_tdb_s),
                "depart_tdb_s": self.depart_tdb_s,
                "arrive_utc": _inputs.datetime64(self.arrive_tdb_s),
                "arrive_tdb_s": self.arrive_tdb_s,
                "tof_days": (self.arrive_tdb_s - self.depart_tdb_s) / DAY_S,
                "c3_min_km2_s2": self.c3_min_km2_s2,
                "vinf_arrive_km_s": self.vinf_arrive_km_s,
            },
            index="depart_utc",
        )

    def __repr__(self) -> str:
        t = self.depart_tdb_s
        return (
            f"ScanResult({self.depart_body}->{self.arrive_body}, {t.size:,} departures "
            f"{utc_iso(t[0])[:10]}..{utc_iso(t[-1])[:10]}, {self.n_converged:,} of "
            f"{self.n_points:,} transfers converged)"
        )


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


def opportunities(scan: ScanResult, window_fraction: float = 0.4) -> list[Opportunity]:
    """Local minima of min-over-flight-time C3 versus departure date, one per synodic period.

    A departure is an opportunity when its C3 is the least within +-``window_fraction``
    synodic periods (:func:`sojourn.core.bodies.synodic_period_days` at the scan's start);
    minima on the first or last date of the scan are cut by the span and dropped.
    """
    c3 = scan.c3_min_km2_s2
    m = c3.size
    if m < 3:
        return []
    step_days = _inputs.step_s(scan.depart_tdb_s) / DAY_S
    syn = synodic_period_days(scan.depart_body, scan.arrive_body, float(scan.depart_tdb_s[0]))
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
    progress: Progress | None = None,
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
    job = scan_job(
        depart_body,
        arrive_body,
        start_tdb_s,
        end_tdb_s,
        tof_days=tof_days,
        step_days=step_days,
        revs=revs,
        low_path=low_path,
    )
    return opportunities(run(job, chunk_cells, progress))

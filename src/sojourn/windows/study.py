"""Studies: a porkchop or a scan from date ranges to its answer, timed, in one call.

A *study* is what ``sojourn windows`` and ``sojourn scan`` compute, as one domain function
returning one frozen result: build the chunked job (:mod:`sojourn.core.jobs`), run it with a
*runner*, time the run, and pick the answer (the refined optimum and launch period of a grid;
the opportunities of a scan). ``to_dict()`` shapes the JSON once, at the edge.

The runner is any callable ``runner(job, progress=...) -> result``: by default
:func:`sojourn.core.jobs.run` (here); ``functools.partial(sojourn.distributed.run,
scheduler=address)`` runs the same chunks on a Dask cluster to the same bits. The domain never
imports the Dask runner (it sits a layer above); pictures are drawn from the result's grid by
the caller (``io`` sits above too).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sojourn.core.jobs import Progress, check_work, count_text, run
from sojourn.core.time import date_range, utc_iso
from sojourn.transfer import Transfer
from sojourn.windows import _inputs
from sojourn.windows.grid import (
    MAX_CELLS,
    LaunchPeriod,
    PorkchopGrid,
    PorkchopJob,
    porkchop,
    porkchop_job,
)
from sojourn.windows.refine import optimize
from sojourn.windows.scan import Opportunity, ScanResult, opportunities, scan_job

__all__ = ["PorkchopStudy", "Runner", "ScanStudy", "porkchop_study", "scan_study"]

#: ``runner(job, progress=None) -> job.combine(...)``: :func:`sojourn.core.jobs.run` or,
#: e.g., ``functools.partial(sojourn.distributed.run, scheduler="tcp://host:8786")``.
Runner = Callable[..., Any]

#: The warm-up grid, departures x arrivals (first and last dates of the study's ranges).
_WARM_UP = (4, 64)


@dataclass(frozen=True, repr=False)
class PorkchopStudy:
    """A porkchop grid, its best cell, the refined optimum, the launch period and the time.

    ``best_grid`` is the best cell's transfer and ``best`` the refined optimum
    (:func:`~sojourn.windows.optimize`), both None when no cell converged; ``launch_period``
    is set when ``c3_max_km2_s2`` was given (None inside it: no departure under the limit).
    ``elapsed_s`` times the grid (compilation and DE440 opening excluded by a warm-up).
    """

    grid: PorkchopGrid
    criterion: str
    best: Transfer | None
    best_grid: Transfer | None
    elapsed_s: float
    c3_max_km2_s2: float | None = None
    launch_period: LaunchPeriod | None = None

    def to_dict(self) -> dict:
        """The ``sojourn windows --json`` object (DESIGN.md ``windows``)."""
        g = self.grid
        out = g.summary_dict(self.criterion)
        out["best"] = None if self.best is None else g.transfer_dict(self.best)
        out["best_grid"] = None if self.best_grid is None else g.transfer_dict(self.best_grid)
        out["elapsed_s"] = self.elapsed_s
        if self.c3_max_km2_s2 is not None:
            p = self.launch_period
            out["launch_period"] = (
                None
                if p is None
                else {
                    "c3_max_km2_s2": self.c3_max_km2_s2,
                    "first_depart_utc": utc_iso(p.first_depart_tdb_s),
                    "last_depart_utc": utc_iso(p.last_depart_tdb_s),
                    "n_days": p.n_days,
                }
            )
        return out

    def __repr__(self) -> str:
        return f"PorkchopStudy({self.grid!r}, {self.criterion}, {self.elapsed_s:.3f} s)"


def porkchop_study(
    depart_body: str,
    arrive_body: str,
    depart_range_tdb_s: tuple[float, float],
    arrive_range_tdb_s: tuple[float, float],
    step_days: float = 1.0,
    *,
    criterion: str = "c3",
    revs: int = 0,
    c3_max_km2_s2: float | None = None,
    runner: Runner | None = None,
    progress: Progress | None = None,
    max_cells: int = MAX_CELLS,
) -> PorkchopStudy:
    """A porkchop grid between two date ranges, its refined optimum and launch period, timed.

    Parameters
    ----------
    depart_body, arrive_body : str
        Planet (or Moon) names, e.g. ``"earth"``, ``"mars"``.
    depart_range_tdb_s, arrive_range_tdb_s : (float, float)
        First and last departure (arrival) date, TDB s past J2000; the axes are
        :func:`sojourn.core.time.date_range` every ``step_days``.
    step_days : float
        Grid step, days, on both axes.
    criterion : str
        What the best cell and the refinement minimise (:data:`~sojourn.windows.CRITERIA`).
    revs : int
        Complete revolutions about the Sun.
    c3_max_km2_s2 : float or None
        Launch-energy limit for the launch period; None: no launch period.
    runner : callable or None
        ``runner(job, progress=...)`` runs the grid's job; None: :func:`sojourn.core.jobs.run`.
    progress : callable(done_cells, total_cells) or None
        Passed to the runner.
    max_cells : int
        The work budget: the grid's cells (departures x arrivals), counted before any date
        axis is built; a larger grid is an InputError naming ``--step-days``.

    Returns
    -------
    PorkchopStudy
        ``elapsed_s`` times the grid (its job built and run): a warm-up on a corner of the
        grid (4 x 64 dates) first loads the compiled kernels and opens DE440.
    """
    # The size first, counted (not built): a step of 1e-6 days is refused before allocation.
    m = _inputs.axis_count(depart_range_tdb_s[0], depart_range_tdb_s[1], step_days)
    n = _inputs.axis_count(arrive_range_tdb_s[0], arrive_range_tdb_s[1], step_days)
    check_work(
        m * n, max_cells, PorkchopJob.what, f"{count_text(m)} x {count_text(n)} = "
        f"{count_text(m * n)} cells", shrink_by=PorkchopJob.size_fix,
    )  # fmt: skip
    t_dep = date_range(depart_range_tdb_s[0], depart_range_tdb_s[1], step_days)
    t_arr = date_range(arrive_range_tdb_s[0], arrive_range_tdb_s[1], step_days)
    # Warm-up (checks the request too): loads the compiled kernels and opens DE440, so that
    # elapsed_s times the grid itself (its ephemeris reads and Lambert solves), not start-up.
    porkchop(depart_body, arrive_body, t_dep[: _WARM_UP[0]], t_arr[-_WARM_UP[1] :], revs=revs)
    start = time.perf_counter()
    job = porkchop_job(depart_body, arrive_body, t_dep, t_arr, revs=revs, max_cells=max_cells)
    grid = (run if runner is None else runner)(job, progress=progress)
    elapsed_s = time.perf_counter() - start
    converged = grid.n_converged > 0
    best_grid = grid.best(criterion) if converged else None
    return PorkchopStudy(
        grid=grid,
        criterion=criterion,
        best=optimize(grid, criterion) if converged else None,
        best_grid=best_grid,
        elapsed_s=elapsed_s,
        c3_max_km2_s2=c3_max_km2_s2,
        launch_period=None if c3_max_km2_s2 is None else grid.launch_period(c3_max_km2_s2),
    )


@dataclass(frozen=True, repr=False)
class ScanStudy:
    """A synodic scan, its opportunities and the time it took (job built and run)."""

    scan: ScanResult
    opportunities: tuple[Opportunity, ...]
    elapsed_s: float

    def to_dict(self) -> dict:
        """The ``sojourn scan --json`` object: bodies, sizes, ``elapsed_s``, opportunities."""
        s = self.scan
        return {
            "from": s.depart_body,
            "to": s.arrive_body,
            "n_points": s.n_points,
            "n_converged": s.n_converged,
            "elapsed_s": self.elapsed_s,
            "opportunities": [o.to_dict() for o in self.opportunities],
        }

    def __repr__(self) -> str:
        return (
            f"ScanStudy({self.scan!r}, {len(self.opportunities)} opportunities, "
            f"{self.elapsed_s:.3f} s)"
        )


def scan_study(
    depart_body: str,
    arrive_body: str,
    start_tdb_s: float,
    end_tdb_s: float,
    *,
    tof_days: tuple[float, float] = (90.0, 450.0),
    step_days: float = 1.0,
    runner: Runner | None = None,
    progress: Progress | None = None,
) -> ScanStudy:
    """Every transfer opportunity in a span (:func:`~sojourn.windows.synodic_scan`), timed.

    Arguments as :func:`~sojourn.windows.scan_job`; ``runner`` and ``progress`` as
    :func:`porkchop_study`. ``elapsed_s`` times building the job (DE440 once per date) and
    running it; the opportunity pick after it is not timed.
    """
    start = time.perf_counter()
    job = scan_job(
        depart_body, arrive_body, start_tdb_s, end_tdb_s, tof_days=tof_days, step_days=step_days
    )
    result = (run if runner is None else runner)(job, progress=progress)
    elapsed_s = time.perf_counter() - start
    return ScanStudy(result, tuple(opportunities(result)), elapsed_s)

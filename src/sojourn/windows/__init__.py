"""Launch windows: porkchop grids, refined optima, launch periods and synodic scans.

The package has one room per task:

- :mod:`~sojourn.windows.grid`: the porkchop grid (:func:`porkchop`, :class:`PorkchopGrid`,
  its job :class:`PorkchopJob`), its best cell and launch period as pure array look-ups;
- :mod:`~sojourn.windows.scan`: the synodic scan (:func:`synodic_scan`, :class:`ScanResult`,
  :class:`ScanJob`, :func:`opportunities`);
- :mod:`~sojourn.windows.refine`: the best cell refined in continuous time (:func:`optimize`);
- :mod:`~sojourn.windows.study`: a whole porkchop or scan request in one call, timed, on any
  runner (:func:`porkchop_study`, :func:`scan_study`: what ``sojourn windows``/``scan`` run);
- :mod:`~sojourn.windows.kernels`: the compiled kernels both jobs run.

The grid and the scan are chunked jobs (:mod:`sojourn.core.jobs`): a picklable job built once
(inputs checked, DE440 read once per date), independent chunks of departure rows, one combine.
:func:`sojourn.core.jobs.run` runs a job here and :func:`sojourn.distributed.run` on a Dask
cluster, to the same bits.
"""

from __future__ import annotations

from sojourn.core.jobs import CHUNK_CELLS
from sojourn.core.time import date_range
from sojourn.windows.grid import (
    CRITERIA,
    GRID_STATUS,
    MAX_CELLS,
    GridCell,
    LaunchPeriod,
    PorkchopGrid,
    PorkchopJob,
    launch_period,
    porkchop,
    porkchop_job,
)
from sojourn.windows.kernels import STATUS_ARRIVAL_NOT_AFTER_DEPARTURE
from sojourn.windows.refine import optimize
from sojourn.windows.scan import (
    MAX_SCAN_TRANSFERS,
    SCAN_END_TDB_S,
    SCAN_START_TDB_S,
    Opportunity,
    ScanJob,
    ScanResult,
    opportunities,
    scan_job,
    synodic_scan,
)
from sojourn.windows.study import PorkchopStudy, ScanStudy, porkchop_study, scan_study

__all__ = [
    "CHUNK_CELLS",
    "CRITERIA",
    "GRID_STATUS",
    "MAX_CELLS",
    "MAX_SCAN_TRANSFERS",
    "SCAN_END_TDB_S",
    "SCAN_START_TDB_S",
    "STATUS_ARRIVAL_NOT_AFTER_DEPARTURE",
    "GridCell",
    "LaunchPeriod",
    "Opportunity",
    "PorkchopGrid",
    "PorkchopJob",
    "PorkchopStudy",
    "ScanJob",
    "ScanResult",
    "ScanStudy",
    "date_range",
    "launch_period",
    "opportunities",
    "optimize",
    "porkchop",
    "porkchop_job",
    "porkchop_study",
    "scan_job",
    "scan_study",
    "synodic_scan",
]

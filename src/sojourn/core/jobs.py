"""Chunked jobs: one protocol for work that splits into independent rows, one local runner.

A porkchop grid, a synodic scan and an abort table are the same shape of work: a picklable
*job* (inputs checked, ephemeris read once per date) whose rows are independent, so that any
partition of the rows into ranges, each computed by a pure function and joined in order, gives
the whole answer to the last bit. This module holds that shape once:

- :class:`ChunkedJob`: the protocol. A job knows its size before anything runs
  (``n_rows`` x ``row_cells`` = ``n_cells``, checked against its ``max_cells`` budget by
  :meth:`~ChunkedJob.check_size`), cuts itself into row ranges (:meth:`~ChunkedJob.ranges`),
  computes one range (:meth:`~ChunkedJob.chunk`, pure: job and range in, arrays out) and
  assembles the ranges (:meth:`~ChunkedJob.combine`).
- :func:`run`: the local runner, range after range in this process (each range runs one
  compiled kernel that already uses every core), with an optional progress callback.

:func:`sojourn.distributed.run` maps the same ranges over a Dask cluster; neither runner
knows what a job computes, and the domain modules (:mod:`sojourn.windows`,
:mod:`sojourn.abort`) know nothing of Dask.

The module is domain-free (it imports nothing of Sojourn but :mod:`sojourn.errors`), which is
why it lives in ``core``: the domain layer defines jobs, and the Dask runner above it runs them,
without a new layer between them.
"""

from __future__ import annotations

import abc
import math
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from sojourn.errors import InputError

__all__ = [
    "CHUNK_CELLS",
    "ChunkedJob",
    "Progress",
    "WorkTooLarge",
    "axis_size",
    "check_work",
    "count_text",
    "run",
]

#: Default cells per chunk: bounds one chunk's temporary memory (~60 MB of grid outputs).
CHUNK_CELLS = 1_000_000

#: ``progress(done_cells, total_cells)``, called after each chunk.
Progress = Callable[[int, int], None]


# --- The work budget -------------------------------------------------------------------------
def axis_size(span: float, step: float) -> int | float:
    """Points of a regular axis ``a, a + step, ...`` over ``span`` (end included), counted
    without building it: the size a budget checks before anything is allocated.

    Same count as :func:`sojourn.core.time.date_range` (``span`` and ``step`` in one unit);
    ``math.inf`` past 2^62 points (a step of 1e-300, an infinite span), which no budget
    allows. At least 1.
    """
    q = float(span) / float(step)
    if not q < 2.0**62:
        return math.inf
    return max(int(math.floor(q + 1e-6)) + 1, 1)


def count_text(n: int | float) -> str:
    """A count for a message: ``1,234,567``; from 10^18 on (``inf`` included: an axis past
    2^62 points) ``over 10^18``."""
    return f"{int(n):,}" if n < 10**18 else "over 10^18"


class WorkTooLarge(InputError):
    """The work asked for exceeds its budget (raised before anything is allocated).

    Attributes ``size_text`` (what was counted, e.g. ``"21 burn times x 115 return times =
    2,415 cells"``), ``what``, ``n``, ``limit``, ``set_by`` (the parameter that sets the
    limit) and ``shrink_by`` (how the user makes the work smaller). A caller that knows the
    user's words for those options re-raises :meth:`renamed` (the mission planner names the
    mission-file fields, e.g. ``assumptions.abort_step_days``).
    """

    def __init__(self, what: str, size_text: str, n, limit: int, set_by: str, shrink_by: str):
        self.what, self.size_text, self.n, self.limit = what, size_text, n, limit
        self.set_by, self.shrink_by = set_by, shrink_by
        super().__init__(
            f"{what} has {size_text}, more than the limit {limit:,} ({set_by}); {shrink_by}"
        )

    def __reduce__(self):  # picklable (a Dask worker may carry it back)
        return (WorkTooLarge, (self.what, self.size_text, self.n, self.limit, self.set_by,
                               self.shrink_by))  # fmt: skip

    def renamed(self, *, set_by: str | None = None, shrink_by: str | None = None):
        """The same refusal naming other options (the caller's words for them)."""
        return WorkTooLarge(
            self.what, self.size_text, self.n, self.limit,
            self.set_by if set_by is None else set_by,
            self.shrink_by if shrink_by is None else shrink_by,
        )  # fmt: skip


def check_work(
    n: int | float,
    limit: int,
    what: str,
    size_text: str | None = None,
    *,
    set_by: str = "max_cells",
    shrink_by: str,
) -> None:
    """THE work-budget check: raise :class:`WorkTooLarge` when ``n`` exceeds ``limit``.

    Call it with sizes counted, not built (:func:`axis_size`), so that nothing is allocated
    before the refusal. ``n`` may be a float (``inf`` for an unbounded axis).

    Parameters
    ----------
    n : int or float
        Units of work (cells, dates, samples).
    limit : int
        The budget.
    what : str
        What the work is, for the message (``"the grid"``).
    size_text : str, optional
        How ``n`` was counted (``"122 x 151 = 18,422 cells"``); default ``"N cells"``.
    set_by : str
        The parameter that sets ``limit`` (``"max_cells"``).
    shrink_by : str
        How to make the work smaller, naming the options (``"use a larger --step-days"``).

    Examples
    --------
    >>> check_work(axis_size(10.0, 1.0) * 5, 100, "the toy", shrink_by="use fewer")
    """
    if not n <= limit:
        text = f"{count_text(n)} cells" if size_text is None else size_text
        raise WorkTooLarge(what, text, n, int(limit), set_by, shrink_by)


class ChunkedJob(abc.ABC):
    """A picklable piece of work whose rows are independent (the chunked-job protocol).

    Subclasses (frozen dataclasses) provide ``n_rows``, ``row_cells``, ``max_cells``,
    :meth:`chunk` and :meth:`combine`; the base class derives the size, the size check and the
    row ranges from them. Contract: ``combine([chunk(a, b) for a, b in ranges(c)])`` is the
    same, bit for bit, for every ``c``; this is what lets a runner choose the partition.
    """

    #: What the job computes, for the size message ("the grid", "the scan").
    what: ClassVar[str] = "the job"
    #: How the user makes a job smaller, for the size message.
    size_fix: ClassVar[str] = "split the work into smaller jobs"
    #: The parameter that sets ``max_cells`` where the job is built, for the size message.
    budget_name: ClassVar[str] = "max_cells"
    #: Cells per chunk a runner uses unless told otherwise.
    chunk_cells: ClassVar[int] = CHUNK_CELLS

    @property
    @abc.abstractmethod
    def n_rows(self) -> int:
        """Number of independent rows."""

    @property
    @abc.abstractmethod
    def row_cells(self) -> int:
        """Cells (units of work) in one row."""

    max_cells: int  # the budget: a dataclass field of every subclass

    @abc.abstractmethod
    def chunk(self, start: int, stop: int) -> Any:
        """Rows ``start:stop`` (a pure function of the job and the range)."""

    @abc.abstractmethod
    def combine(self, parts: Sequence[Any]) -> Any:
        """The result, from the chunks of consecutive ranges covering every row, in order."""

    @property
    def n_cells(self) -> int:
        """Total work, cells: ``n_rows * row_cells`` (known before any chunk runs)."""
        return self.n_rows * self.row_cells

    def size_text(self) -> str:
        """The job's size in words, for the size message (subclasses say it their way)."""
        return f"{self.n_rows:,} rows x {self.row_cells:,} = {self.n_cells:,} cells"

    def check_size(self) -> None:
        """Raise :class:`WorkTooLarge` (an :class:`InputError`) when ``n_cells`` exceeds
        ``max_cells`` (before any work), through :func:`check_work`."""
        check_work(
            self.n_cells, self.max_cells, self.what, self.size_text(),
            set_by=self.budget_name, shrink_by=self.size_fix,
        )  # fmt: skip

    def ranges(self, chunk_cells: int | None = None) -> list[tuple[int, int]]:
        """Row ranges ``[(start, stop), ...]`` of about ``chunk_cells`` cells each, in order.

        A range holds at least one row; ``chunk_cells=None`` uses the job's default.
        """
        cells = self.chunk_cells if chunk_cells is None else int(chunk_cells)
        rows = max(1, cells // max(self.row_cells, 1))
        m = self.n_rows
        return [(a, min(a + rows, m)) for a in range(0, m, rows)]


def run(job: ChunkedJob, chunk_cells: int | None = None, progress: Progress | None = None):
    """Run a chunked job here, range after range, and combine the chunks.

    Parameters
    ----------
    job : ChunkedJob
        The work (a porkchop grid, a scan, an abort table, ...).
    chunk_cells : int or None
        About this many cells per chunk (bounds temporary memory); None: the job's default.
        The answer does not depend on it.
    progress : callable(done_cells, total_cells) or None
        Called after each chunk.

    Raises
    ------
    InputError
        The job is larger than its ``max_cells`` budget (nothing is computed).
    """
    job.check_size()
    total = job.n_cells
    parts = []
    done = 0
    for a, b in job.ranges(chunk_cells):
        parts.append(job.chunk(a, b))
        done += (b - a) * job.row_cells
        if progress is not None:
            progress(done, total)
    return job.combine(parts)

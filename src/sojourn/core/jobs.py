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
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from sojourn.errors import InputError

__all__ = ["CHUNK_CELLS", "ChunkedJob", "Progress", "run"]

#: Default cells per chunk: bounds one chunk's temporary memory (~60 MB of grid outputs).
CHUNK_CELLS = 1_000_000

#: ``progress(done_cells, total_cells)``, called after each chunk.
Progress = Callable[[int, int], None]


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
        """Raise :class:`InputError` when ``n_cells`` exceeds ``max_cells`` (before any work)."""
        if self.n_cells > self.max_cells:
            raise InputError(
                f"{self.what} has {self.size_text()}, more than the limit "
                f"{self.max_cells:,}; {self.size_fix}"
            )

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

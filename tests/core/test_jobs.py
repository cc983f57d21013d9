"""The chunked-job protocol (sojourn.core.jobs): ranges, size check, local runner."""

from __future__ import annotations

import pickle
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import pytest

from sojourn.core.jobs import ChunkedJob, run
from sojourn.errors import InputError


@dataclass(frozen=True, eq=False)
class Squares(ChunkedJob):
    """A toy job: row i is ``i**2 + arange(width)``; no physics, just the protocol."""

    what: ClassVar[str] = "the toy"
    size_fix: ClassVar[str] = "ask for fewer rows"
    chunk_cells: ClassVar[int] = 10

    rows: int
    width: int
    max_cells: int = 1_000

    @property
    def n_rows(self) -> int:
        return self.rows

    @property
    def row_cells(self) -> int:
        return self.width

    def chunk(self, start, stop):
        return np.arange(start, stop)[:, None] ** 2 + np.arange(self.width)[None, :]

    def combine(self, parts):
        return np.concatenate(parts, axis=0)


def test_ranges_cover_every_row_once_in_order():
    job = Squares(rows=23, width=4)
    for cells in (1, 4, 7, 8, 100, 10_000):
        r = job.ranges(cells)
        assert r[0][0] == 0 and r[-1][1] == 23
        assert all(a < b for a, b in r) and all(r[k][1] == r[k + 1][0] for k in range(len(r) - 1))
        assert all(b - a == max(1, cells // 4) for a, b in r[:-1])
    assert job.ranges() == job.ranges(10)  # the job's default


def test_answer_does_not_depend_on_the_chunks():
    job = Squares(rows=23, width=4)
    whole = job.chunk(0, 23)
    for cells in (1, 5, 13, 10_000):
        assert np.array_equal(run(job, cells), whole)


def test_progress_counts_cells_up_to_the_total():
    seen = []
    run(Squares(rows=10, width=3), 7, lambda done, total: seen.append((done, total)))
    assert seen == [(6, 30), (12, 30), (18, 30), (24, 30), (30, 30)]


def test_size_is_checked_before_any_chunk_runs():
    job = Squares(rows=100, width=20)  # 2,000 cells > 1,000
    assert job.n_cells == 2_000
    with pytest.raises(InputError) as e:
        run(job)
    assert str(e.value) == (
        "the toy has 100 rows x 20 = 2,000 cells, more than the limit 1,000 (max_cells); "
        "ask for fewer rows"
    )


def test_a_job_survives_pickling():
    job = Squares(rows=5, width=2)
    assert np.array_equal(run(pickle.loads(pickle.dumps(job))), run(job))

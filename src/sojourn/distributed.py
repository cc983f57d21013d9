"""Run any chunked job on a Dask cluster.

A chunked job (:class:`sojourn.core.jobs.ChunkedJob`: a porkchop grid, a synodic scan, an
abort table, or any future one) is a picklable object that cuts itself into independent row
ranges, computes one range with a pure method and combines the ranges in order. :func:`run`
scatters the job to the workers once, maps its ``chunk`` over the ranges and gives the chunks,
in order, to its ``combine``: the answer is the local one (:func:`sojourn.core.jobs.run`) to
the last bit, because the same chunks run the same compiled kernels and rows never depend on
each other. This module knows nothing of what a job computes.

Dask is an optional dependency (``pip install 'sojourn[dask]'``, i.e. ``dask[distributed]``).

Pointing at a real cluster
--------------------------
On the scheduler machine::

    dask scheduler                      # listens on tcp://HOST:8786

On each worker machine (with Sojourn installed, **the same version** as the client, so the
kernels and the DE440 files are the same)::

    dask worker tcp://HOST:8786 --nthreads 1 --nworkers 8   # or --nthreads N for Numba threads

Then from the client::

    sojourn windows earth mars --depart 2020-06-01..2020-09-30 \\
        --arrive 2020-12-01..2021-10-31 --scheduler tcp://HOST:8786
    sojourn scan earth mars --start 2025-01-01 --end 2050-01-01 --scheduler tcp://HOST:8786

or from Python, with a job from the domain::

    from sojourn.windows import porkchop_job
    grid = sojourn.distributed.run(porkchop_job("earth", "mars", dep, arr), "tcp://HOST:8786")

(an existing ``distributed.Client`` may stand for the address), or as the *runner* of a
domain function that takes one (``runner(job, progress=...)``)::

    from functools import partial
    from sojourn.windows.study import porkchop_study
    study = porkchop_study("earth", "mars", dep_range, arr_range,
                           runner=partial(sojourn.distributed.run, scheduler="tcp://HOST:8786"))

Workers compile (or load from their Numba cache) the kernels on their first chunk.
"""

from __future__ import annotations

import uuid

from sojourn.core.jobs import ChunkedJob, Progress
from sojourn.errors import InputError

__all__ = ["connect", "map_chunks", "run"]


def connect(address: str):
    """A ``distributed.Client`` on the scheduler at ``address`` (``tcp://host:8786``)."""
    try:
        from distributed import Client
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise InputError(
            "'--scheduler' needs Dask: install it with pip install 'sojourn[dask]' "
            "(or pip install 'dask[distributed]')"
        ) from exc
    try:
        return Client(address, timeout=10)
    except (OSError, TimeoutError) as exc:
        raise InputError(
            f"'--scheduler' could not reach a Dask scheduler at {address!r} ({exc}); start one "
            "with 'dask scheduler' and give its address, e.g. tcp://127.0.0.1:8786"
        ) from exc


def _chunk(job: ChunkedJob, start: int, stop: int):
    # A module-level function (not a bound method) so that the scattered job is shared.
    return job.chunk(start, stop)


def map_chunks(
    client, job: ChunkedJob, ranges: list[tuple[int, int]], progress: Progress | None = None
) -> list:
    """``job.chunk(start, stop)`` for every range on the cluster; the results in range order.

    The job is scattered once (broadcast to the workers) rather than pickled into every task.
    ``progress(done_cells, total_cells)`` is called as chunks finish, in any order.
    """
    from distributed import as_completed

    [remote] = client.scatter([job], broadcast=True)
    tag = f"{type(job).__name__}-{uuid.uuid4().hex[:12]}"
    futures = [
        client.submit(_chunk, remote, a, b, pure=False, key=f"{tag}-{a}-{b}") for a, b in ranges
    ]
    if progress is not None:
        total = job.n_cells
        sizes = {f.key: (b - a) * job.row_cells for f, (a, b) in zip(futures, ranges, strict=True)}
        done = 0
        for fut in as_completed(futures):
            done += sizes[fut.key]
            progress(done, total)
    return client.gather(futures)


def run(
    job: ChunkedJob,
    scheduler=None,
    *,
    chunk_cells: int | None = None,
    progress: Progress | None = None,
):
    """Run a chunked job on a Dask cluster and combine the chunks (the local answer's bits).

    Parameters
    ----------
    job : ChunkedJob
        Any chunked job, e.g. from :func:`sojourn.windows.porkchop_job`,
        :func:`sojourn.windows.scan_job` or :func:`sojourn.abort.abort_job`.
    scheduler : str or distributed.Client
        The scheduler's address (``tcp://host:8786``; a client is opened and closed here) or
        an open client (left open).
    chunk_cells : int or None
        About this many cells per task; None: the job's default.
    progress : callable(done_cells, total_cells) or None
        Called as chunks finish.

    Raises
    ------
    InputError
        The job is larger than its budget (checked before anything is sent), no scheduler
        given, Dask missing, or the scheduler unreachable.
    """
    job.check_size()
    if scheduler is None:
        raise InputError("give the Dask scheduler's address (tcp://host:8786) or a client")
    own = isinstance(scheduler, str)
    client = connect(scheduler) if own else scheduler
    try:
        parts = map_chunks(client, job, job.ranges(chunk_cells), progress)
    finally:
        if own:
            client.close()
    return job.combine(parts)

"""Run porkchop grids and synodic scans on a Dask cluster.

The domain code (:mod:`sojourn.windows`) knows nothing of Dask: it exposes a plan step
(ephemeris once per date, a picklable problem of arrays and scalars), pure chunk functions
over ranges of departure rows, and a combine step. This module only maps the chunks over a
``dask.distributed`` cluster and gathers them in order, so the answer is the local one to the
last bit: the same chunks run the same compiled kernels, and rows never depend on each other.

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

or from Python, :func:`porkchop_dask`, :func:`synodic_scan_dask` and :func:`abort_table_dask`
(abort options at every day of a mission) with ``address=...`` (or an existing
``distributed.Client`` as ``client=``). Workers compile (or load from their Numba
cache) the kernels on their first chunk.
"""

from __future__ import annotations

from collections.abc import Callable

from sojourn.abort import AbortTable, abort_chunks, abort_problem, abort_rows, combine_aborts
from sojourn.errors import InputError
from sojourn.windows import (
    CHUNK_CELLS,
    SCAN_END_TDB_S,
    SCAN_START_TDB_S,
    PorkchopGrid,
    ScanResult,
    combine_grid,
    combine_scan,
    grid_chunk,
    grid_chunks,
    grid_problem,
    opportunities,
    scan_chunk,
    scan_chunks,
    scan_problem,
)

__all__ = [
    "abort_table_dask",
    "connect",
    "map_chunks",
    "porkchop_dask",
    "scan_dask",
    "synodic_scan_dask",
]


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


def map_chunks(client, chunk_fn, problem, ranges, progress=None, total=None, per_row=1):
    """Run ``chunk_fn(problem, start, stop)`` for every range on the cluster, in order.

    The problem is scattered once (broadcast to the workers) rather than pickled into every
    task. Returns the list of chunk results in the order of ``ranges``.
    """
    from distributed import as_completed

    [remote] = client.scatter([problem], broadcast=True)
    futures = [
        client.submit(chunk_fn, remote, a, b, pure=False, key=f"{chunk_fn.__name__}-{a}-{b}")
        for a, b in ranges
    ]
    done = 0
    if progress is not None:
        sizes = {f.key: (b - a) * per_row for f, (a, b) in zip(futures, ranges, strict=True)}
        for fut in as_completed(futures):
            done += sizes[fut.key]
            progress(done, total)
    return client.gather(futures)


def _client(address, client):
    if client is not None:
        return client, False
    if address is None:
        raise InputError("give the Dask scheduler 'address' (tcp://host:8786) or a 'client'")
    return connect(address), True


def porkchop_dask(
    depart_body,
    arrive_body,
    depart_tdb_s,
    arrive_tdb_s,
    *,
    address: str | None = None,
    client=None,
    chunk_cells: int = CHUNK_CELLS,
    progress: Callable[[int, int], None] | None = None,
    **options,
) -> PorkchopGrid:
    """:func:`sojourn.windows.porkchop` with its chunks run on a Dask cluster.

    ``options`` are :func:`~sojourn.windows.porkchop`'s keywords (``revs``, ``low_path``,
    ``parking_alt_km``, ``capture_periapsis_alt_km``, ``capture_period_s``, ``max_cells``).
    The result equals the local one bit for bit.
    """
    problem = grid_problem(depart_body, arrive_body, depart_tdb_s, arrive_tdb_s, **options)
    c, own = _client(address, client)
    try:
        m, n = problem.shape
        parts = map_chunks(
            c, grid_chunk, problem, grid_chunks(problem, chunk_cells), progress, m * n, n
        )
    finally:
        if own:
            c.close()
    return combine_grid(problem, parts)


def scan_dask(
    depart_body="earth",
    arrive_body="mars",
    start_tdb_s=SCAN_START_TDB_S,
    end_tdb_s=SCAN_END_TDB_S,
    tof_days=(90.0, 450.0),
    step_days=1.0,
    *,
    address: str | None = None,
    client=None,
    revs=0,
    low_path=True,
    chunk_cells: int = CHUNK_CELLS,
    progress: Callable[[int, int], None] | None = None,
) -> ScanResult:
    """The per-departure minimum-C3 curve of a synodic scan, chunks run on Dask."""
    problem = scan_problem(
        depart_body, arrive_body, start_tdb_s, end_tdb_s,
        tof_days=tof_days, step_days=step_days, revs=revs, low_path=low_path,
    )  # fmt: skip
    c, own = _client(address, client)
    try:
        total = problem.t1.size * problem.n_tof
        parts = map_chunks(
            c, scan_chunk, problem, scan_chunks(problem, chunk_cells), progress, total,
            problem.n_tof,
        )  # fmt: skip
    finally:
        if own:
            c.close()
    return combine_scan(problem, parts)


def synodic_scan_dask(*args, **kwargs):
    """:func:`sojourn.windows.synodic_scan` on Dask: same arguments plus ``address``/``client``."""
    return opportunities(scan_dask(*args, **kwargs))


def abort_table_dask(
    trajectory,
    t_tdb_s=None,
    *,
    address: str | None = None,
    client=None,
    chunk_rows: int = 64,
    progress: Callable[[int, int], None] | None = None,
    **options,
) -> AbortTable:
    """:func:`sojourn.abort.abort_table` with its burn-time rows run on a Dask cluster.

    ``options`` are :func:`~sojourn.abort.abort_table`'s keywords (``return_tof_days``,
    ``dv_budget_km_s``, ``home``, ``step_days``). The trajectory must be picklable (one built
    from states or a Transfer is). The result equals the local one bit for bit.
    """
    problem = abort_problem(trajectory, t_tdb_s, **options)
    c, own = _client(address, client)
    try:
        parts = map_chunks(
            c, abort_rows, problem, abort_chunks(problem, chunk_rows), progress,
            problem.t_tdb_s.size * problem.tof_s.size, problem.tof_s.size,
        )  # fmt: skip
    finally:
        if own:
            c.close()
    return combine_aborts(problem, parts)

"""Dask scale-out (sojourn.distributed): the same chunks on a cluster give the local bits."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("distributed")

from distributed import Client, LocalCluster  # noqa: E402

from sojourn.core.jobs import run as run_here  # noqa: E402
from sojourn.core.time import tdb  # noqa: E402
from sojourn.distributed import run  # noqa: E402
from sojourn.windows import date_range, porkchop, porkchop_job, scan_job  # noqa: E402

FIELDS = (
    "c3_km2_s2", "vinf_depart_km_s", "vinf_arrive_km_s", "tof_days", "dla_deg", "rla_deg",
    "dv_depart_km_s", "dv_arrive_km_s", "dv_total_km_s", "status",
)  # fmt: skip


@pytest.fixture(scope="module")
def client():
    cluster = LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    )
    c = Client(cluster)
    yield c
    c.close()
    cluster.close()


def test_porkchop_on_dask_is_bit_identical(client):
    dep = date_range(tdb("2020-06-01"), tdb("2020-09-30"), 2.0)
    arr = date_range(tdb("2020-06-20"), tdb("2021-10-31"), 2.0)  # some arrivals before departures
    local = porkchop("earth", "mars", dep, arr, chunk_cells=2_000)
    remote = run(porkchop_job("earth", "mars", dep, arr), client, chunk_cells=2_000)
    for name in FIELDS:
        a, b = getattr(local, name), getattr(remote, name)
        assert a.dtype == b.dtype
        assert np.array_equal(a, b, equal_nan=a.dtype.kind == "f"), name
    assert (local.status != 0).any()
    assert local.best().to_dict() == remote.best().to_dict()


def test_scan_on_dask_is_bit_identical(client):
    t0, t1 = tdb("2026-01-01"), tdb("2028-01-01")
    seen = []
    local = run_here(scan_job("earth", "mars", t0, t1), chunk_cells=50_000)
    remote = run(
        scan_job("earth", "mars", t0, t1), client.scheduler.address, chunk_cells=50_000,
        progress=lambda done, total: seen.append((done, total)),
    )  # fmt: skip
    for name in ("c3_min_km2_s2", "arrive_tdb_s", "vinf_arrive_km_s"):
        assert np.array_equal(getattr(local, name), getattr(remote, name), equal_nan=True)
    assert local.n_converged == remote.n_converged
    assert seen and seen[-1][0] == seen[-1][1] == local.n_points


def test_abort_table_on_dask_is_bit_identical(client):
    # A month of burn dates on Mars 2020's cruise, returns every 5 days: the rows split over
    # the workers give the local table to the last bit.
    from sojourn.abort import abort_job, abort_table
    from sojourn.transfer import transfer

    cruise = transfer("earth", "mars", tdb("2020-07-30T11:50"), tdb("2021-02-18T20:55"))
    t = date_range(tdb("2020-09-01"), tdb("2020-10-01"), 1.0)
    tofs = np.arange(60.0, 400.0, 5.0)
    local = abort_table(cruise, t, return_tof_days=tofs, dv_budget_km_s=3.0)
    job = abort_job(cruise, t, return_tof_days=tofs, dv_budget_km_s=3.0)
    remote = run(job, client, chunk_cells=7 * job.row_cells)  # 7 burn times a task
    assert np.array_equal(local.dv_km_s, remote.dv_km_s, equal_nan=True)
    assert np.array_equal(local.vinf_arrive_km_s, remote.vinf_arrive_km_s, equal_nan=True)
    assert np.array_equal(local.earliest_tof_days, remote.earliest_tof_days, equal_nan=True)


def test_abort_command_with_scheduler_matches_local(client, capsys):
    import json

    from sojourn.cli import main

    argv = ["abort", "earth", "mars", "--depart", "2020-07-30T11:50", "--arrive",
            "2021-02-18T20:55", "--step-days", "20", "--tof-step-days", "10", "--json"]  # fmt: skip
    assert main(argv) == 0
    local = json.loads(capsys.readouterr().out)
    assert main([*argv, "--scheduler", client.scheduler.address]) == 0
    remote = json.loads(capsys.readouterr().out)
    assert remote == local


# --- The generic runner: any chunked job, local and Dask to the same bits (issue 9) -----------
def _same(a, b, names):
    for name in names:
        x, y = getattr(a, name), getattr(b, name)
        assert x.dtype == y.dtype
        assert np.array_equal(x, y, equal_nan=x.dtype.kind == "f"), name


def test_run_any_job_on_dask_is_bit_identical(client):
    from sojourn.abort import abort_job
    from sojourn.transfer import transfer

    dep = date_range(tdb("2020-06-01"), tdb("2020-08-30"), 3.0)
    arr = date_range(tdb("2020-06-20"), tdb("2021-08-31"), 3.0)
    grid_job = porkchop_job("earth", "mars", dep, arr, capture_period_s=None)
    seen = []
    remote = run(grid_job, client, chunk_cells=5 * arr.size, progress=lambda d, t: seen.append(d))
    _same(run_here(grid_job), remote, FIELDS)
    assert sorted(seen) == seen and seen[-1] == grid_job.n_cells and len(seen) == 7

    sj = scan_job("earth", "mars", tdb("2026-01-01"), tdb("2026-07-01"), tof_days=(120, 360))
    _same(run_here(sj), run(sj, client, chunk_cells=20 * sj.n_tof),
          ("c3_min_km2_s2", "arrive_tdb_s", "vinf_arrive_km_s"))  # fmt: skip

    cruise = transfer("earth", "mars", tdb("2020-07-30T11:50"), tdb("2021-02-18T20:55"))
    aj = abort_job(cruise, None, np.arange(60.0, 400.0, 10.0), 3.0, step_days=15.0)
    _same(run_here(aj), run(aj, client, chunk_cells=2 * aj.row_cells),
          ("dv_km_s", "vinf_arrive_km_s"))  # fmt: skip


def test_run_checks_the_size_before_sending_anything(client):
    from sojourn.errors import InputError

    job = porkchop_job("earth", "mars", [tdb("2020-07-01")], [tdb("2021-01-01")])
    with pytest.raises(InputError, match="scheduler"):
        run(job, None)
    object.__setattr__(job, "max_cells", 0)  # a job built elsewhere, over its budget
    with pytest.raises(InputError, match="the grid has 1 x 1 = 1 cells, more than the limit 0"):
        run(job, client)


def test_distributed_is_domain_unaware():
    # Importing the Dask runner loads no domain module: it runs jobs, whatever they compute.
    import subprocess
    import sys

    code = (
        "import sys, sojourn.distributed as d; "
        "bad = [m for m in sys.modules if m.startswith(('sojourn.windows', 'sojourn.abort', "
        "'sojourn.transfer', 'sojourn.roundtrip', 'sojourn.comms', 'sojourn.leo', "
        "'sojourn.crew', 'sojourn.mission', 'sojourn.io', 'sojourn.cli'))]; "
        "assert not bad, bad"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr


# --- The studies and the commands take the Dask runner (issue 9: no per-domain wrappers) -----
def test_studies_on_the_dask_runner_equal_the_local_ones(client):
    from functools import partial

    from sojourn.windows import porkchop_study, scan_study

    dask = partial(run, scheduler=client)
    dep, arr = (tdb("2020-07-01"), tdb("2020-08-15")), (tdb("2021-01-01"), tdb("2021-04-01"))
    local = porkchop_study("earth", "mars", dep, arr, 3.0, c3_max_km2_s2=16.0)
    remote = porkchop_study("earth", "mars", dep, arr, 3.0, c3_max_km2_s2=16.0, runner=dask)
    _same(local.grid, remote.grid, FIELDS)
    a, b = local.to_dict(), remote.to_dict()
    assert a.pop("elapsed_s") > 0 and b.pop("elapsed_s") > 0
    assert a == b
    t0, t1 = tdb("2026-06-01"), tdb("2027-03-01")
    a = scan_study("earth", "mars", t0, t1, runner=dask).to_dict()
    b = scan_study("earth", "mars", t0, t1).to_dict()
    assert a.pop("elapsed_s") > 0 and b.pop("elapsed_s") > 0
    assert a == b and len(a["opportunities"]) == 1


@pytest.mark.parametrize(
    "argv",
    [
        ["windows", "earth", "mars", "--depart", "2020-07-01..2020-08-15", "--arrive",
         "2021-01-01..2021-04-01", "--step-days", "5", "--c3-max", "16"],
        ["scan", "--start", "2026-06-01", "--end", "2027-03-01", "--step-days", "3"],
    ],
    ids=["windows", "scan"],
)  # fmt: skip
def test_windows_and_scan_commands_with_scheduler_match_local(client, capsys, argv):
    import json

    from sojourn.cli import main

    assert main([*argv, "--json"]) == 0
    local = json.loads(capsys.readouterr().out)
    assert main([*argv, "--json", "--scheduler", client.scheduler.address]) == 0
    remote = json.loads(capsys.readouterr().out)
    assert local.pop("elapsed_s") > 0 and remote.pop("elapsed_s") > 0
    assert remote == local

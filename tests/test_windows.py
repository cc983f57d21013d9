"""Porkchop grids, refinement, launch periods and the synodic scan (sojourn.windows).

Sources (tests/reference/mars_opportunities.toml, quoted there):
- Curtis, Orbital Mechanics for Engineering Students, 3rd ed., sec. 8.4 and Example 8.4
  (Hohmann Earth-Mars: about 259 days, v_inf 2.943 km/s, delta-v 3.590 km/s from 300 km).
- NASA Mars Fact Sheet: mean synodic period 779.94 days.
- Launch dates of nine Mars missions 2001-2020 (NASA/JPL releases, Horizons header).
- NASA Mars 2020 key facts: launch period July 17 - Aug. 5, 2020.
"""

from __future__ import annotations

import json
import math
import tomllib
from pathlib import Path

import numpy as np
import pytest

from sojourn.cli import main
from sojourn.core.constants import DAY_S
from sojourn.core.jobs import run
from sojourn.core.time import tdb, utc_iso
from sojourn.errors import InputError, UnknownBodyError
from sojourn.transfer import transfer
from sojourn.windows import (
    STATUS_ARRIVAL_NOT_AFTER_DEPARTURE,
    date_range,
    launch_period,
    optimize,
    porkchop,
    porkchop_job,
    porkchop_study,
    scan_job,
    scan_study,
    synodic_scan,
)
from sojourn.windows.kernels import grid_kernel

REF = tomllib.loads((Path(__file__).parent / "reference" / "mars_opportunities.toml").read_text())


@pytest.fixture(scope="module")
def grid2020():
    """Earth-Mars 2020 grid, 4-day steps (the 1-day grid of DESIGN.md, thinned)."""
    dep = date_range(tdb("2020-06-01"), tdb("2020-09-30"), 4.0)
    arr = date_range(tdb("2020-12-01"), tdb("2021-10-31"), 4.0)
    return porkchop("earth", "mars", dep, arr)


def test_daily_2020_grid_has_the_design_size():
    # DESIGN.md: "122 x 335 = 40,870 cells"
    assert date_range(tdb("2020-06-01"), tdb("2020-09-30"), 1.0).size == 122
    assert date_range(tdb("2020-12-01"), tdb("2021-10-31"), 1.0).size == 335


def test_grid_cells_equal_single_transfers(grid2020):
    g = grid2020
    rng = np.random.default_rng(7)
    for _ in range(25):
        i = int(rng.integers(g.depart_tdb_s.size))
        j = int(rng.integers(g.arrive_tdb_s.size))
        t = transfer("earth", "mars", g.depart_tdb_s[i], g.arrive_tdb_s[j])
        assert g.status[i, j] == 0
        for got, want in (
            (g.c3_km2_s2[i, j], t.c3_km2_s2),
            (g.vinf_depart_km_s[i, j], t.vinf_depart_km_s),
            (g.vinf_arrive_km_s[i, j], t.vinf_arrive_km_s),
            (g.dla_deg[i, j], t.dla_deg),
            (g.rla_deg[i, j], t.rla_deg),
            (g.tof_days[i, j], t.tof_days),
        ):
            assert got == pytest.approx(want, rel=1e-9, abs=1e-9)
        d = g.delta_v(t)
        assert g.dv_total_km_s[i, j] == pytest.approx(d["dv_total_km_s"], rel=1e-9)
    assert np.allclose(g.dv_total_km_s, g.dv_depart_km_s + g.dv_arrive_km_s, equal_nan=True)


def test_best_is_the_least_cell_and_optimize_refines_it(grid2020):
    g = grid2020
    best = g.best("c3")
    assert best.c3_km2_s2 == pytest.approx(np.nanmin(g.c3_km2_s2), rel=1e-9)
    refined = optimize(g, "c3")
    assert refined.c3_km2_s2 <= best.c3_km2_s2
    assert abs(refined.depart_tdb_s - best.depart_tdb_s) < 4 * DAY_S
    for crit, key in (("vinf_arrive", "vinf_arrive_km_s"), ("dv_total", "dv_total_km_s")):
        t = g.best(crit)
        assert g.transfer_dict(t)[key] == pytest.approx(np.nanmin(getattr(g, key)), rel=1e-9)
    d = g.to_dict()
    assert d["n_points"] == g.status.size and d["n_converged"] == g.n_converged
    assert d["best"]["c3_km2_s2"] == pytest.approx(best.c3_km2_s2)


def test_mars2020_launch_inside_the_launch_period(grid2020):
    # NASA: Mars 2020 launch period July 17 - Aug. 5, 2020; launch July 30, landing Feb. 18.
    m = REF["missions"]["mars2020"]
    g = grid2020
    c3_at_launch = transfer("earth", "mars", tdb(m["launch_utc"]), tdb(m["arrive_utc"])).c3_km2_s2
    first, last, n_days = launch_period(g, c3_at_launch)
    assert first <= tdb(m["launch_utc"]) <= last
    assert first <= tdb(m["launch_period_utc"][0])  # the period NASA published opens inside
    assert n_days == pytest.approx((last - first) / DAY_S + 4.0)
    assert launch_period(g, 1.0) is None


def test_status_cells_are_nan():
    dep = date_range(tdb("2020-07-01"), tdb("2020-07-10"), 1.0)
    arr = date_range(tdb("2020-07-05"), tdb("2020-07-20"), 1.0)
    g = porkchop("earth", "mars", dep, arr)
    bad = g.status == STATUS_ARRIVAL_NOT_AFTER_DEPARTURE
    assert bad.any()
    assert np.isnan(g.c3_km2_s2[bad]).all() and np.isnan(g.tof_days[bad]).all()
    ok = g.status == 0
    assert np.isfinite(g.c3_km2_s2[ok]).all()
    assert np.array_equal(np.isnan(g.c3_km2_s2), g.status != 0)


def test_multi_revolution_on_request():
    dep = date_range(tdb("2020-07-01"), tdb("2020-07-21"), 5.0)
    arr = date_range(tdb("2022-12-01"), tdb("2023-03-01"), 15.0)
    g = porkchop("earth", "mars", dep, arr, revs=1, low_path=True)
    assert g.revs == 1 and g.n_converged > 0
    i, j = map(int, np.argwhere(g.status == 0)[0])
    t = transfer("earth", "mars", dep[i], arr[j], revs=1, low_path=True)
    assert g.c3_km2_s2[i, j] == pytest.approx(t.c3_km2_s2, rel=1e-9)
    assert g.best().revs == 1


def test_hohmann_limit_curtis():
    """Circular coplanar orbits (Curtis 3rd ed. sec. 8.4, Example 8.4): the least-C3 cell of
    a grid straddling the 180-degree transfer is the Hohmann transfer."""
    h = REF["hohmann"]
    mu, r1, r2 = h["mu_sun_km3_s2"], h["r_earth_orbit_km"], h["r_mars_orbit_km"]
    n1, n2 = math.sqrt(mu / r1**3), math.sqrt(mu / r2**3)
    t_h = math.pi * math.sqrt(((r1 + r2) / 2) ** 3 / mu)  # Hohmann flight time

    def circle(r, n, phase, t):
        a = phase + n * t
        pos = np.stack([r * np.cos(a), r * np.sin(a), 0 * a], axis=-1)
        vel = np.stack([-r * n * np.sin(a), r * n * np.cos(a), 0 * a], axis=-1)
        return np.ascontiguousarray(pos), np.ascontiguousarray(vel)

    t1 = np.array([0.0])
    t2 = t_h + np.arange(-2000, 2001) * 0.002 * DAY_S  # +-4 days around the Hohmann arrival
    p1, v1 = circle(r1, n1, 0.0, t1)
    p2, v2 = circle(r2, n2, math.pi - n2 * t_h, t2)  # Mars at 180 deg at t_h
    outs = [np.empty((1, t2.size)) for _ in range(7)] + [np.empty((1, t2.size), np.int8)]
    rp = h["r_earth_km"] + h["parking_alt_km"]
    # The kernel takes ecliptic states; these circles lie in that plane (cos, sin of the
    # ecliptic-to-equator rotation 1, 0: DLA/RLA in the same frame).
    grid_kernel(mu, p1, v1, t1, p2, v2, t2, 0, True, h["mu_earth_km3_s2"], rp, 1.0, 1.0,
                 math.nan, 1.0, 0.0, *outs)  # fmt: skip
    c3, vd, va, _dla, _rla, dv_d, dv_a, status = outs
    assert status[0, 2000] == 3  # exactly 180 deg: degenerate, NaN
    assert np.isnan(c3[0, 2000])
    k = int(np.nanargmin(c3[0]))
    assert abs(k - 2000) <= 2  # the 180-degree transfer
    assert t2[k] / DAY_S == pytest.approx(h["tof_days"], abs=0.5)
    assert vd[0, k] == pytest.approx(h["vinf_depart_km_s"], abs=0.001)
    assert dv_d[0, k] == pytest.approx(h["dv_depart_km_s"], abs=0.001)
    assert dv_a[0, k] == 0.0  # no capture asked


def test_synodic_scan_matches_real_launches():
    """Every Mars mission 2001-2020 launched within 50 days of the scan's least-C3 departure
    of its opportunity (launch periods are 3-4 weeks; some missions trade C3 for arrival)."""
    ops = synodic_scan(start_tdb_s=tdb("2000-06-01"), end_tdb_s=tdb("2021-06-01"))
    assert len(ops) == 10
    best = np.array([o.depart_tdb_s for o in ops])
    for name, m in REF["missions"].items():
        gap = np.min(np.abs(best - tdb(m["launch_utc"]))) / DAY_S
        assert gap < 50, name
    for o in ops:
        assert 90 <= o.tof_days <= 450 and 7.0 < o.c3_km2_s2 < 17.0
    spacing = np.diff(best) / DAY_S
    assert np.mean(spacing) == pytest.approx(REF["synodic"]["mars_synodic_period_days"], abs=25)


def test_scan_rows_equal_porkchop_rows():
    p = scan_job("earth", "mars", tdb("2026-10-01"), tdb("2026-10-05"), tof_days=(150, 400))
    s = run(p)
    assert s.n_points == 5 * 251
    g = porkchop("earth", "mars", p.t1[:1], p.t2[:251])
    assert s.c3_min_km2_s2[0] == pytest.approx(np.nanmin(g.c3_km2_s2[0]), rel=1e-9)


def test_input_errors():
    d = date_range(tdb("2020-07-01"), tdb("2020-07-10"), 1.0)
    a = date_range(tdb("2021-01-01"), tdb("2021-01-10"), 1.0)
    with pytest.raises(UnknownBodyError, match="depart_body"):
        porkchop("vulcan", "mars", d, a)
    with pytest.raises(InputError, match="must differ"):
        porkchop("mars", "mars", d, a)
    with pytest.raises(InputError, match="before the first departure"):
        porkchop("earth", "mars", a, d)
    with pytest.raises(InputError, match="step-days"):
        porkchop("earth", "mars", d, a, max_cells=10)
    with pytest.raises(InputError, match="step_days"):
        date_range(0.0, 10 * DAY_S, 0.0)
    with pytest.raises(InputError, match="revs"):
        porkchop("earth", "mars", d, a, revs=-1)
    with pytest.raises(InputError, match="capture_period_s"):
        porkchop("earth", "mars", d, a, capture_period_s=60.0)
    g = porkchop("earth", "mars", d, a, capture_period_s=None)
    assert (g.dv_arrive_km_s[g.status == 0] == 0).all()
    with pytest.raises(InputError, match="criterion"):
        g.best("fuel")


@pytest.mark.parametrize(
    "argv, text",
    [
        (
            ["--depart", "2020-07-01..2020-06-01", "--arrive", "2021-01-01..2021-02-01"],
            "ends before",
        ),
        (["--depart", "2021-07-01..2021-08-01", "--arrive", "2020-01-01..2020-02-01"], "--arrive"),
        (
            [
                "--depart",
                "2020-07-01..2020-08-01",
                "--arrive",
                "2021-01-01..2021-02-01",
                "--step-days",
                "0",
            ],
            "--step-days",
        ),
        (
            [
                "--depart",
                "2020-07-01..2020-08-01",
                "--arrive",
                "2021-01-01..2021-02-01",
                "--minimize",
                "fuel",
            ],
            "--minimize",
        ),
    ],
)
def test_cli_user_errors_exit_2(capsys, argv, text):
    status = main(["windows", "earth", "mars", *argv, "--json"])
    out, err = capsys.readouterr()
    assert status == 2 and out == ""
    assert text in err and "Traceback" not in err


def test_cli_windows_json(capsys):
    status = main(["windows", "earth", "mars", "--depart", "2020-07-01..2020-08-15",
                   "--arrive", "2021-01-01..2021-04-01", "--step-days", "3",
                   "--c3-max", "16", "--json"])  # fmt: skip
    out, err = capsys.readouterr()
    assert status == 0, err
    d = json.loads(out)
    assert {"best", "best_grid", "n_points", "n_converged", "elapsed_s", "launch_period"} <= set(d)
    assert d["n_points"] == 16 * 31
    assert d["best"]["c3_km2_s2"] <= d["best_grid"]["c3_km2_s2"] + 1e-12
    assert d["elapsed_s"] > 0
    assert d["launch_period"]["first_depart_utc"] <= d["launch_period"]["last_depart_utc"]


def test_cli_scan_json(capsys):
    status = main(["scan", "earth", "mars", "--start", "2026-06-01", "--end", "2027-03-01",
                   "--json"])  # fmt: skip
    out, err = capsys.readouterr()
    assert status == 0, err
    d = json.loads(out)
    assert len(d["opportunities"]) == 1
    assert d["opportunities"][0]["depart_utc"].startswith("2026-1")


def test_ridge_cells_are_prograde_about_the_ecliptic():
    # Near the 180-degree ridge the grid must pick the same (ecliptic-prograde) arc as
    # sojourn.transfer: before the fix it flew ~110 of the 2020 grid's ridge cells the
    # retrograde way (prograde was taken about the ICRF pole), with C3 spikes.
    dep = np.array([tdb("2020-06-04"), tdb("2020-06-05")])
    arr = np.array([tdb("2021-01-16"), tdb("2021-01-18")])
    g = porkchop("earth", "mars", dep, arr)
    assert g.c3_km2_s2[0, 0] < 1920.0  # 1,949 km2/s2 the retrograde way
    for i in range(2):
        for j in range(2):
            t = transfer("earth", "mars", dep[i], arr[j])
            assert g.c3_km2_s2[i, j] == pytest.approx(t.c3_km2_s2, rel=1e-9)
            assert g.dla_deg[i, j] == pytest.approx(t.dla_deg, abs=1e-7)
            assert g.rla_deg[i, j] == pytest.approx(t.rla_deg, abs=1e-7)


@pytest.mark.parametrize(
    ("argv", "text"),
    [
        (["scan", "earth", "mars", "--start", "2025-01-01", "--end", "2050-01-01",
          "--step-days", "0.01"], "more than the limit 200,000,000"),  # would run for hours
        (["windows", "earth", "mars", "--depart", "2020-07-01..2020-08-01", "--arrive",
          "2021-01-01..2021-02-01", "--step-days", "inf"], "'--step-days' must be > 0"),
    ],
)  # fmt: skip
def test_cli_work_limits_exit_2(capsys, argv, text):
    assert main([*argv, "--json"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and text in err and err.count("\n") == 1


def test_roundtrip_user_error_is_one_line_without_a_terminal(capsys):
    # The progress bar is off without a terminal: nothing but the error line on stderr.
    assert main(["roundtrip", "earth", "mars", "--depart", "2030-01-01..2029-01-01"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and err.startswith("sojourn: error:")


# --- The grid as a pure result, its tables and its job (issue 9) -------------------------------
def _no_ephemeris(monkeypatch):
    """Make any ephemeris read fail: what runs after this reads arrays only."""
    from sojourn.core import ephemeris

    def refuse(*args, **kwargs):
        raise AssertionError("read the ephemeris")

    monkeypatch.setattr(ephemeris, "state", refuse)
    monkeypatch.setattr(ephemeris, "position", refuse)


def test_best_cell_cell_and_launch_period_read_no_ephemeris(grid2020, monkeypatch):
    g = grid2020
    want = g.best("c3")  # the Transfer (ephemeris and Lambert), computed before the patch
    _no_ephemeris(monkeypatch)
    for crit, key in (("c3", "c3_km2_s2"), ("vinf_arrive", "vinf_arrive_km_s"),
                      ("dv_total", "dv_total_km_s")):  # fmt: skip
        i, j = g.best_cell(crit)
        assert getattr(g, key)[i, j] == np.nanmin(getattr(g, key))
    c = g.cell(*g.best_cell("c3"))
    assert (c.depart_tdb_s, c.arrive_tdb_s) == (want.depart_tdb_s, want.arrive_tdb_s)
    assert c.c3_km2_s2 == pytest.approx(want.c3_km2_s2, rel=1e-9)
    assert c.tof_days == pytest.approx(want.tof_days, rel=1e-12) and c.status == 0
    assert c.to_dict()["depart_utc"] == want.to_dict()["depart_utc"]
    period = g.launch_period(16.0)
    assert period == launch_period(g, 16.0)
    first, last, n_days = period
    assert period.first_depart_tdb_s == first and period.n_days == n_days
    assert n_days == pytest.approx((last - first) / DAY_S + g.depart_step_days)
    assert g.launch_period(1.0) is None
    with pytest.raises(InputError, match="c3_max_km2_s2"):
        g.launch_period(-1.0)
    with pytest.raises(InputError, match="criterion"):
        g.best_cell("fuel")


def test_grid_repr_is_one_line(grid2020):
    text = repr(grid2020)
    assert "\n" not in text and len(text) < 160
    assert text == (
        "PorkchopGrid(earth->mars, 31x84 cells, 2020-06-01..2020-09-29 x "
        f"2020-12-01..2021-10-29, {grid2020.n_converged:,} converged)"
    )


def test_grid_to_xarray(grid2020):
    pytest.importorskip("xarray")
    g = grid2020
    ds = g.to_xarray()
    assert ds.sizes == {"depart": 31, "arrive": 84}
    assert ds["depart"].dtype.kind == "M" and ds["arrive"].dtype.kind == "M"
    assert str(ds["depart"].values[0])[:16] == "2020-06-01T00:00"
    for name in ("c3_km2_s2", "vinf_depart_km_s", "vinf_arrive_km_s", "tof_days", "dla_deg",
                 "rla_deg", "dv_total_km_s", "status"):  # fmt: skip
        assert ds[name].dims == ("depart", "arrive")
        assert np.array_equal(ds[name].values, getattr(g, name), equal_nan=True), name
    assert np.array_equal(ds["depart_tdb_s"].values, g.depart_tdb_s)
    assert ds.attrs["depart_body"] == "earth" and ds.attrs["revs"] == 0
    best = ds["c3_km2_s2"].where(ds["status"] == 0).argmin(...)
    assert (int(best["depart"]), int(best["arrive"])) == g.best_cell("c3")


def test_scan_to_dataframe_and_repr():
    pd = pytest.importorskip("pandas")
    s = run(scan_job("earth", "mars", tdb("2026-10-01"), tdb("2026-10-05"),
                     tof_days=(150, 400)))  # fmt: skip
    df = s.to_dataframe()
    assert isinstance(df, pd.DataFrame) and len(df) == 5
    assert df.index.name == "depart_utc" and str(df.index[0])[:10] == "2026-10-01"
    assert np.array_equal(df["c3_min_km2_s2"].to_numpy(), s.c3_min_km2_s2, equal_nan=True)
    assert df["tof_days"].between(150, 400).all()
    assert repr(s) == (
        "ScanResult(earth->mars, 5 departures 2026-10-01..2026-10-05, "
        f"{s.n_converged:,} of 1,255 transfers converged)"
    )


def test_local_chunks_do_not_change_the_bits():
    from sojourn.core.jobs import run

    dep = date_range(tdb("2020-06-01"), tdb("2020-07-30"), 3.0)
    arr = date_range(tdb("2020-06-20"), tdb("2021-06-30"), 3.0)
    job = porkchop_job("earth", "mars", dep, arr)
    whole, pieces = run(job), run(job, chunk_cells=3 * arr.size)  # one chunk, then 3 rows each
    assert len(job.ranges(3 * arr.size)) == 7
    for name in ("c3_km2_s2", "dla_deg", "dv_total_km_s", "tof_days", "status"):
        a, b = getattr(whole, name), getattr(pieces, name)
        assert np.array_equal(a, b, equal_nan=a.dtype.kind == "f"), name
    sj = scan_job("earth", "mars", tdb("2026-01-01"), tdb("2026-03-01"))
    a, b = run(sj), run(sj, chunk_cells=7 * sj.n_tof)
    assert np.array_equal(a.c3_min_km2_s2, b.c3_min_km2_s2, equal_nan=True)
    assert np.array_equal(a.arrive_tdb_s, b.arrive_tdb_s, equal_nan=True)


def test_job_size_is_checked_before_the_ephemeris(monkeypatch):
    _no_ephemeris(monkeypatch)
    d = date_range(tdb("2020-07-01"), tdb("2020-07-10"), 1.0)
    a = date_range(tdb("2021-01-01"), tdb("2021-01-10"), 1.0)
    with pytest.raises(InputError) as e:
        porkchop_job("earth", "mars", d, a, max_cells=99)
    assert str(e.value) == (
        "the grid has 10 x 10 = 100 cells, more than the limit 99 (max_cells); use a larger step "
        "(--step-days) or narrower date ranges"
    )
    with pytest.raises(InputError, match="1,001 departures x 361 flight times = 361,361"):
        scan_job("earth", "mars", 0.0, 1000 * DAY_S, max_transfers=1000)


def test_jobs_pickle_and_know_their_size():
    import pickle

    d = date_range(tdb("2020-07-01"), tdb("2020-07-10"), 1.0)
    a = date_range(tdb("2021-01-01"), tdb("2021-01-12"), 1.0)
    job = porkchop_job("earth", "mars", d, a)
    assert (job.n_rows, job.row_cells, job.n_cells, job.shape) == (10, 12, 120, (10, 12))
    copy = pickle.loads(pickle.dumps(job))
    for x, y in zip(job.chunk(2, 5), copy.chunk(2, 5), strict=True):
        assert np.array_equal(x, y, equal_nan=True)


# --- Studies: what `sojourn windows` and `sojourn scan` run, one call each (issue 9) ---------
def test_porkchop_study_is_the_grid_its_optimum_and_launch_period():
    seen = []

    def runner(job, progress=None):
        seen.append((type(job).__name__, job.shape, progress))
        return run(job, progress=progress)

    dep, arr = (tdb("2020-07-01"), tdb("2020-08-15")), (tdb("2021-01-01"), tdb("2021-04-01"))
    marker = print  # any callable: the study hands it to the runner untouched
    study = porkchop_study("earth", "mars", dep, arr, 3.0, criterion="dv_total",
                           c3_max_km2_s2=16.0, runner=runner, progress=marker)  # fmt: skip
    grid = porkchop("earth", "mars", date_range(*dep, 3.0), date_range(*arr, 3.0))
    assert seen == [("PorkchopJob", (16, 31), marker)]
    assert np.array_equal(study.grid.c3_km2_s2, grid.c3_km2_s2, equal_nan=True)
    d = study.to_dict()
    assert list(d) == [
        "from", "to", "criterion", "n_points", "n_converged", "n_depart", "n_arrive",
        "depart_range_utc", "arrive_range_utc", "revs", "parking_alt_km",
        "capture_periapsis_alt_km", "capture_period_s", "best", "best_grid", "elapsed_s",
        "launch_period",
    ]  # fmt: skip
    assert d["best"] == grid.transfer_dict(optimize(grid, "dv_total"))
    assert d["best_grid"] == grid.to_dict("dv_total")["best"]
    assert d["elapsed_s"] == study.elapsed_s > 0 and d["criterion"] == "dv_total"
    first, last, n_days = launch_period(grid, 16.0)
    assert d["launch_period"] == {"c3_max_km2_s2": 16.0, "first_depart_utc": utc_iso(first),
                                  "last_depart_utc": utc_iso(last), "n_days": n_days}  # fmt: skip
    assert "launch_period" not in porkchop_study("earth", "mars", dep, arr, 15.0).to_dict()
    assert repr(study).startswith("PorkchopStudy(PorkchopGrid(earth->mars, 16x31 cells")


def test_porkchop_study_with_nothing_converged_has_no_best():
    # A whole revolution about the Sun in at most nine days: no cell has a solution.
    dep, arr = (tdb("2020-07-01"), tdb("2020-07-05")), (tdb("2020-07-02"), tdb("2020-07-10"))
    d = porkchop_study("earth", "mars", dep, arr, 1.0, revs=1, c3_max_km2_s2=20.0).to_dict()
    assert d["n_converged"] == 0 and d["best"] is None and d["best_grid"] is None
    assert d["launch_period"] is None


def test_scan_study_is_the_synodic_scan_timed():
    seen = []

    def runner(job, progress=None):
        seen.append(type(job).__name__)
        return run(job, progress=progress)

    t0, t1 = tdb("2026-06-01"), tdb("2027-03-01")
    study = scan_study("earth", "mars", t0, t1, tof_days=(120, 400), step_days=2.0, runner=runner)
    assert seen == ["ScanJob"]
    d = study.to_dict()
    assert list(d) == ["from", "to", "n_points", "n_converged", "elapsed_s", "opportunities"]
    assert d["elapsed_s"] == study.elapsed_s > 0
    ops = synodic_scan("earth", "mars", t0, t1, (120, 400), 2.0)
    assert d["opportunities"] == [o.to_dict() for o in ops] and len(ops) == 1
    assert d["n_points"] == study.scan.n_points == 137 * 141

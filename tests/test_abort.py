"""Abort-to-Earth options: ballistic returns that really arrive at Earth.

The trajectory is MSL's Earth-Mars cruise (launch 2011-11-26 15:02 UTC, JPL; landing
2012-08-06 ~05:17 UTC spacecraft time; tests/reference/crew_radiation_life_support.toml and
mars_missions research notes) rebuilt as a DE440 Lambert arc.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from sojourn.abort import (
    ReturnTimes,
    abort_job,
    abort_options,
    abort_study,
    abort_table,
    entry_speed_km_s,
)
from sojourn.cli import main
from sojourn.core import ephemeris
from sojourn.core.constants import DAY_S, GM_SUN_KM3_S2
from sojourn.core.jobs import run
from sojourn.core.kepler import propagate
from sojourn.core.time import tdb
from sojourn.core.trajectory import Trajectory
from sojourn.errors import EphemerisRangeError, InputError
from sojourn.transfer import transfer


@pytest.fixture(scope="module")
def msl():
    return transfer("earth", "mars", tdb("2011-11-26T15:02"), tdb("2012-08-06T05:17"))


def test_ballistic_abort_arrives_at_earth(msl):
    # Propagate the abort arc (two-body, Sun, universal variables) for its flight time: it
    # must reach Earth's centre. Lambert + Kepler agree to ~1e-9 relative, ~0.1 km at 1 au;
    # 10 km is "arrives" with a margin (Earth's radius is 6378 km).
    o = abort_options(msl, msl.depart_tdb_s + 60 * DAY_S, np.arange(60, 500), dv_budget_km_s=5.0)
    for opt in (o.earliest, o.min_dv):
        r, _ = propagate(opt.r_km, opt.v_after_km_s, opt.tof_days * DAY_S, GM_SUN_KM3_S2)
        miss = np.linalg.norm(r - ephemeris.position("earth", opt.arrive_tdb_s))
        assert miss < 10.0
        # dv is the burn from the planned velocity at that instant.
        _, v_sc = Trajectory.from_transfer(msl).state(opt.t_tdb_s)
        assert opt.dv_km_s == pytest.approx(np.linalg.norm(opt.v_after_km_s - v_sc), rel=1e-12)


def test_earliest_and_minimum_definitions(msl):
    o = abort_options(msl, msl.depart_tdb_s + 100 * DAY_S, np.arange(30, 600), 5.0)
    e, m = o.earliest, o.min_dv
    assert e.dv_km_s <= 5.0
    shorter = o.dv_km_s[o.tof_days < e.tof_days]
    assert np.all(~(shorter <= 5.0))  # every shorter return is over budget (or unsolved)
    assert m.dv_km_s == np.nanmin(o.dv_km_s) and m.dv_km_s <= e.dv_km_s
    assert m.entry_speed_km_s == pytest.approx(float(entry_speed_km_s(m.vinf_arrive_km_s)))
    # No budget: the earliest return is the first solved one.
    assert abort_options(msl, o.t_tdb_s, [40.0, 50.0]).earliest.tof_days == 40.0
    # A zero budget fits nothing.
    assert abort_options(msl, o.t_tdb_s, [40.0], 0.0).earliest is None


def test_a_trajectory_already_going_home_needs_no_burn():
    # An Earth-to-Earth arc (400 days): an "abort" 100 days in, returning at the arc's own
    # arrival, is the arc itself (the 0-rev Lambert solution is unique): dv ~ 0.
    t0 = tdb("2030-01-01")
    home = transfer("earth", "earth", t0, t0 + 400 * DAY_S, same_body=True)
    o = abort_options(home, t0 + 100 * DAY_S, [300.0])
    assert o.dv_km_s[0] < 1e-6


def test_entry_speed_vis_viva():
    # vinf = 0 gives escape speed at 125 km: sqrt(2 GM / (6378.137 + 125)) = 11.07 km/s.
    assert float(entry_speed_km_s(0.0)) == pytest.approx(11.0723, abs=1e-3)


def test_table_over_whole_mission_matches_single_calls(msl):
    tof = np.arange(30.0, 601.0)
    tab = abort_table(msl, return_tof_days=tof, dv_budget_km_s=5.0, step_days=1.0)
    assert tab.dv_km_s.shape == (254, tof.size)  # every day of the cruise x every return day
    j = 100
    single = abort_options(msl, tab.t_tdb_s[j], tof, 5.0)
    np.testing.assert_allclose(tab.dv_km_s[j], single.dv_km_s, rtol=1e-12)
    assert tab.earliest_tof_days[j] == single.earliest.tof_days
    assert tab.min_dv_km_s[j] == pytest.approx(single.min_dv.dv_km_s)
    rows = tab.to_dict()["rows"]
    assert len(rows) == 254 and {"burn_utc", "earliest_tof_days", "min_dv_km_s"} <= set(rows[0])


def test_bad_inputs(msl):
    with pytest.raises(InputError, match="outside the trajectory"):
        abort_options(msl, msl.arrive_tdb_s + 10 * DAY_S)
    with pytest.raises(InputError, match="'return_tof_days' must be"):
        abort_options(msl, msl.depart_tdb_s + DAY_S, [-5.0])
    with pytest.raises(InputError, match="'dv_budget_km_s' must be >= 0"):
        abort_options(msl, msl.depart_tdb_s + DAY_S, [50.0], -1.0)
    with pytest.raises(EphemerisRangeError):
        abort_options(msl, msl.depart_tdb_s + DAY_S, [700 * 365.25])
    ts = msl.depart_tdb_s + np.arange(3) * DAY_S
    no_v = Trajectory.from_states(ts, np.ones((3, 3)) * 1.5e8)
    with pytest.raises(InputError, match="need the spacecraft's velocity"):
        abort_options(no_v, ts[1], [50.0])
    # Home must be a body one can land on: the Sun used to give a table of 'n/a' (Lambert to
    # the Sun's centre is degenerate), exit 0. The message is the body catalogue's
    # (sojourn.core.bodies.body): the field, then the list of bodies.
    with pytest.raises(InputError, match="'home' must be one of mercury, venus, earth"):
        abort_options(msl, msl.depart_tdb_s + DAY_S, [50.0], home="sun")
    with pytest.raises(InputError, match="'home' must be one of"):
        abort_table(msl, home="ssb", step_days=30.0)


def _run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_cli_abort_json(capsys):
    status, out, err = _run(
        capsys,
        "abort",
        "earth",
        "mars",
        "--depart",
        "2011-11-26T15:02",
        "--arrive",
        "2012-08-06T05:17",
        "--step-days",
        "30",
        "--dv-budget",
        "5",
        "--json",
    )
    assert status == 0, err
    d = json.loads(out)
    assert len(d["rows"]) == 9 and d["dv_budget_km_s"] == 5.0


def test_cli_abort_at_and_table(capsys):
    status, out, err = _run(
        capsys,
        "abort",
        "earth",
        "mars",
        "--depart",
        "2011-11-26T15:02",
        "--arrive",
        "2012-08-06T05:17",
        "--at",
        "2012-01-25",
        "--dv-budget",
        "5",
    )
    assert status == 0, err
    assert "minimum" in out.lower() and "earliest" in out.lower()


@pytest.mark.parametrize(
    "extra, message",
    [
        (("--at", "2013-01-01"), "outside the trajectory"),
        (("--tof", "abc"), "'--tof'"),
        (("--dv-budget", "-1"), "'dv_budget_km_s' must be >= 0"),
    ],
)
def test_cli_abort_bad_inputs_exit_2(capsys, extra, message):
    status, out, err = _run(
        capsys,
        "abort",
        "earth",
        "mars",
        "--depart",
        "2011-11-26T15:02",
        "--arrive",
        "2012-08-06T05:17",
        *extra,
    )
    assert status == 2 and out == ""
    assert message in err and err.count("\n") == 1


# --- The abort table as a chunked job, and its tables (issue 9) -----------------------------------
def test_table_chunks_do_not_change_the_bits(msl):
    from sojourn.abort import abort_job
    from sojourn.core.jobs import run

    job = abort_job(msl, None, np.arange(60.0, 400.0, 10.0), 4.0, step_days=20.0)
    assert (job.n_rows, job.row_cells) == (13, 34)
    seen = []
    whole = run(job)
    pieces = run(job, chunk_cells=3 * 34, progress=lambda d, t: seen.append((d, t)))
    assert np.array_equal(whole.dv_km_s, pieces.dv_km_s, equal_nan=True)
    assert np.array_equal(whole.vinf_arrive_km_s, pieces.vinf_arrive_km_s, equal_nan=True)
    assert len(seen) == 5 and seen[-1] == (13 * 34, 13 * 34)


def test_table_size_is_checked_before_any_lambert(msl):
    with pytest.raises(InputError) as e:
        abort_table(msl, step_days=1.0, max_cells=1000)
    assert str(e.value) == (
        "the abort table has 254 burn times x 571 return times = 145,034 cells, more than the "
        "limit 1,000 (max_cells); use a larger step (--step-days, --tof-step-days) or fewer "
        "return times (--tof)"
    )


def test_return_times_are_the_arange_sized_before_it_is_built():
    for lo, hi, step in ((30, 600, 1), (30, 600, 7), (100, 400, 50), (0.5, 0.5, 3), (1, 2, 0.1)):
        axis = ReturnTimes(lo, hi, step)
        days = np.arange(lo, hi + 0.5 * step, step)
        assert axis.size == days.size and np.array_equal(axis.days(), days)
    assert ReturnTimes(30, 1e12).size == 999_999_999_971  # known without 7 TiB of memory
    for bad in ((0, 10), (20, 10), (10, float("inf")), (float("nan"), 10)):
        with pytest.raises(InputError, match="'return_tof_days' must run from min > 0"):
            ReturnTimes(*bad)
    with pytest.raises(InputError, match="'step_days' of the return times must be > 0"):
        ReturnTimes(30, 600, 0)


def test_sizes_are_checked_before_any_axis_is_allocated(msl, monkeypatch):
    # --tof 30..1e12 used to build a 7 TiB numpy.arange and die with MemoryError (exit 1).
    huge = ReturnTimes(30, 1e12)
    real_arange = np.arange

    def arange(*args, **kwargs):
        out = real_arange(*args, **kwargs)
        assert out.size < 10**7, "an axis over the budget was built"
        return out

    monkeypatch.setattr(np, "arange", arange)
    with pytest.raises(InputError) as e:
        abort_job(msl, None, huge, step_days=30.0)
    assert str(e.value) == (
        "the abort table has 9 burn times x 999,999,999,971 return times = 8,999,999,999,739 "
        "cells, more than the limit 8,000,000 (max_cells); use a larger step (--step-days, "
        "--tof-step-days) or fewer return times (--tof)"
    )
    with pytest.raises(InputError, match="254 burn times x 571 return times = 145,034 cells"):
        abort_job(msl, None, ReturnTimes(30, 600), step_days=1.0, max_cells=1000)
    with pytest.raises(InputError, match="more than the limit 8,000,000"):
        abort_job(msl, None, [60.0], step_days=1e-9)  # 10^10 burn times, never built
    with pytest.raises(InputError, match="1 burn times x 999,999,999,971 return times"):
        abort_options(msl, msl.depart_tdb_s + DAY_S, huge)


def test_return_times_give_the_array_bits(msl):
    t = msl.depart_tdb_s + 40 * DAY_S
    a = abort_options(msl, t, ReturnTimes(60, 400, 10), 4.0)
    b = abort_options(msl, t, np.arange(60.0, 405.0, 10.0), 4.0)
    assert np.array_equal(a.dv_km_s, b.dv_km_s, equal_nan=True)
    assert a.to_dict() == b.to_dict()


def test_abort_study_is_options_or_table_on_any_runner(msl):
    seen = []

    def runner(job, progress=None):
        seen.append(type(job).__name__)
        return run(job, progress=progress)

    dep, arr = msl.depart_tdb_s, msl.arrive_tdb_s
    tofs = ReturnTimes(60, 400, 10)
    one = abort_study("earth", "mars", dep, arr, at_tdb_s=dep + 40 * DAY_S,
                      return_tof_days=tofs, dv_budget_km_s=4.0, runner=runner)  # fmt: skip
    assert seen == [] and one.to_dict() == abort_options(msl, dep + 40 * DAY_S, tofs, 4.0).to_dict()
    tab = abort_study("earth", "mars", dep, arr, return_tof_days=tofs, step_days=30.0,
                      runner=runner)  # fmt: skip
    assert seen == ["AbortJob"]
    ref = abort_table(msl, None, tofs, step_days=30.0)
    assert np.array_equal(tab.dv_km_s, ref.dv_km_s, equal_nan=True)
    assert tab.to_dict() == ref.to_dict()


def test_table_to_dataframe_xarray_and_repr(msl):
    pd = pytest.importorskip("pandas")
    tab = abort_table(msl, return_tof_days=np.arange(60.0, 400.0, 10.0), dv_budget_km_s=4.0,
                      step_days=30.0)  # fmt: skip
    df = tab.to_dataframe()
    assert isinstance(df, pd.DataFrame) and len(df) == tab.t_tdb_s.size
    assert df.index.name == "burn_utc" and str(df.index[0])[:16] == "2011-11-26 15:02"
    rows = tab.rows()
    for key in ("earliest_tof_days", "earliest_dv_km_s", "earliest_entry_speed_km_s",
                "min_dv_km_s", "min_dv_tof_days", "min_dv_entry_speed_km_s"):  # fmt: skip
        assert np.array_equal(df[key].to_numpy(), [r[key] for r in rows], equal_nan=True), key
    assert repr(tab) == (
        "AbortTable(home earth, 9 burn times 2011-11-26..2012-07-23 x 34 return times "
        "60..390 d, budget 4 km/s)"
    )
    pytest.importorskip("xarray")
    ds = tab.to_xarray()
    assert ds["dv_km_s"].dims == ("burn", "tof") and ds["burn"].dtype.kind == "M"
    assert np.array_equal(ds["dv_km_s"].values, tab.dv_km_s, equal_nan=True)
    assert np.array_equal(ds["tof"].values, tab.tof_days)


# --- Low Earth orbit aborts (leo_abort_options) -------------------------------------------------
def test_leo_abort_soyuz_ms18_return_nasa_blog():
    # Soyuz MS-18: undocking 2021-10-17 01:14 UTC, landing 04:35:44 UTC (NASA ISS blog;
    # tests/reference/leo_flights.toml [landing]); the next opportunity is that landing.
    import tomllib
    from pathlib import Path

    from sojourn.abort import leo_abort_options
    from sojourn.core.time import tdb
    from sojourn.leo.tle import builtin_tles, tle_for_date

    ref = tomllib.loads((Path(__file__).parent / "reference" / "leo_flights.toml").read_text())
    ref = ref["landing"]
    t = tdb(ref["undocking_utc"])
    tab = leo_abort_options(tle_for_date(builtin_tles(), t), [t, t + 86400.0], ref["zone"])
    assert abs(tab.landing_tdb_s[0] - tdb(ref["landing_utc"])) < 10 * 60.0
    assert 3.0 < tab.hours_to_ground[0] < 3.6
    assert 0 < tab.hours_to_ground[1] < 48 and len(tab.to_dict()["rows"]) == 2


def test_leo_abort_bad_hours():
    import pytest

    from sojourn.abort import leo_abort_options
    from sojourn.errors import InputError
    from sojourn.leo.tle import builtin_tles

    with pytest.raises(InputError, match="'hours' must be in"):
        leo_abort_options(builtin_tles()[0], 0.0, hours=0.0)


# --- Whole-mission aborts -----------------------------------------------------------------------
import tomllib  # noqa: E402
from pathlib import Path  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from sojourn.abort import (  # noqa: E402
    MISSION_OPTIONS,
    departure_hyperbola_state,
    geocentric_returns,
    mission_abort_job,
    mission_aborts,
)
from sojourn.core.constants import GM_KM3_S2, RADIUS_KM  # noqa: E402
from sojourn.core.defaults import (  # noqa: E402
    CAPTURE_PERIAPSIS_ALT_KM,
    CAPTURE_PERIOD_S,
    ENTRY_INTERFACE_ALT_KM,
    MAX_ENTRY_SPEED_KM_S,
    PARKING_ALT_KM,
)
from sojourn.core.jobs import WorkTooLarge  # noqa: E402
from sojourn.core.maneuvers import capture_dv_km_s  # noqa: E402
from sojourn.core.time import utc_iso  # noqa: E402

REF = tomllib.loads((Path(__file__).parent / "reference" / "abort_free_return.toml").read_text())
R_EI = RADIUS_KM["earth"] + ENTRY_INTERFACE_ALT_KM
MU_E = GM_KM3_S2["earth"]
#: Escape speed at the entry interface, km/s: the least speed a return from interplanetary
#: space can enter at (vinf >= 0).
V_ESC_EI = float(np.sqrt(2.0 * MU_E / R_EI))


@pytest.fixture(scope="module")
def legs_2033():
    """A 2033 conjunction-class round trip (the first-mars opportunity): out 2033-04-17 ->
    2033-11-03, 550 days at Mars, back 2035-05-07 -> 2035-11-22."""
    out = transfer("earth", "mars", tdb("2033-04-17T12:00"), tdb("2033-11-03"))
    back = transfer("mars", "earth", tdb("2035-05-07"), tdb("2035-11-22"))
    return out, back


@pytest.fixture(scope="module")
def mission_2033(legs_2033):
    out, back = legs_2033
    return mission_aborts(out, back, step_days=20.0, dv_budget_km_s=2.0)


def test_free_return_abort_takes_two_years_wooster_2006():
    # A transfer on a 2-year heliocentric orbit (departure burn along Earth's velocity): the
    # cheapest way home from anywhere on it is to do nothing and arrive two years after
    # departure (the "2-year period free-return abort", Wooster et al. 2006).
    ref = REF["two_year_free_return"]
    t0 = tdb("2033-04-17")
    r, v = ephemeris.state("earth", t0, center="sun")
    period_s = 2.0 * 365.256363 * DAY_S  # two sidereal years
    a = (GM_SUN_KM3_S2 * (period_s / (2.0 * np.pi)) ** 2) ** (1.0 / 3.0)
    speed = np.sqrt(GM_SUN_KM3_S2 * (2.0 / np.linalg.norm(r) - 1.0 / a))
    t = t0 + np.arange(0.0, 731.0) * DAY_S
    rr, vv = propagate(r, v / np.linalg.norm(v) * speed, t - t0, GM_SUN_KM3_S2)
    cruise = (t, rr, vv)
    for at_days in (60.0, 200.0):
        o = abort_options(cruise, t0 + at_days * DAY_S, np.arange(30.0, 720.0, 0.25))
        m = o.min_dv
        assert m.dv_km_s < ref["dv_tolerance_km_s"]
        assert abs(at_days + m.tof_days - ref["period_days"]) <= ref["return_tolerance_days"] + 0.6
        assert m.entry_speed_km_s > V_ESC_EI


def test_mission_table_spans_departure_to_earth_return(mission_2033, legs_2033):
    out, back = legs_2033
    tab = mission_2033
    t = tab.t_tdb_s
    assert t[0] == out.depart_tdb_s and t[-1] < back.arrive_tdb_s <= t[-1] + 20 * DAY_S
    order = {"outbound": 0, "stay": 1, "return": 2}
    assert np.all(np.diff([order[p] for p in tab.phase]) >= 0)
    assert set(tab.phase) == {"outbound", "stay", "return"}
    rows = tab.to_dict()["rows"]
    seen = {(r["phase"], r["option"]) for r in rows}
    for option in ("direct", "powered-flyby", "planned-return"):
        assert ("outbound", option) in seen
    assert ("stay", "early-return") in seen and ("return", "direct") in seen
    assert {r["option"] for r in rows} <= set(MISSION_OPTIONS)
    for r in rows:
        assert {"burn_utc", "option", "dv_km_s", "tof_days", "entry_speed_km_s"} <= set(r)


def test_departure_aborts_start_from_the_parking_orbit_not_earths_centre(mission_2033):
    # The first date is the departure: before the burn, a deorbit from the 200 km parking
    # orbit (Hohmann half-ellipse down to a perigee at the entry interface, vis-viva); after
    # it, a burn on the departure hyperbola near perigee (not a heliocentric burn from the
    # centre of the Earth, the old table's first row).
    first = [
        r for r in mission_2033.rows() if r["abort_utc"] == mission_2033.rows()[0]["abort_utc"]
    ]
    by = {r["option"]: r for r in first}
    r_park = RADIUS_KM["earth"] + PARKING_ALT_KM
    a = 0.5 * (r_park + R_EI)
    dv = np.sqrt(MU_E / r_park) - np.sqrt(MU_E * (2.0 / r_park - 1.0 / a))
    assert by["deorbit"]["dv_km_s"] == pytest.approx(dv, rel=1e-12)
    assert by["deorbit"]["tof_days"] < 0.05  # 45 minutes: half the ellipse's period
    assert by["deorbit"]["entry_speed_km_s"] < V_ESC_EI  # an orbital entry, ~7.9 km/s
    d = by["direct"]
    assert d["within_budget"] and d["dv_km_s"] <= 2.0 and d["tof_days"] < 1.0
    assert d["entry_speed_km_s"] > 0


@settings(max_examples=30, deadline=None)
@given(
    vinf=st.floats(1.0, 6.0),
    hours=st.floats(0.0, 72.0),
)
def test_geocentric_returns_reach_a_perigee_at_the_entry_interface(vinf, hours):
    # From a state on an escape hyperbola, every return the sweep offers, propagated two-body
    # (universal variables, sojourn.core.kepler) for its flight time, ends at the entry
    # interface radius moving horizontally (a perigee there): Earth as a body with an
    # atmosphere. 1 km / 1e-3 km/s: Kepler's solver is good to ~1e-9 relative.
    r_park = RADIUS_KM["earth"] + PARKING_ALT_KM
    r, vr, vt = departure_hyperbola_state(vinf, r_park, np.array([hours * 3600.0]), MU_E)
    dv, flight, entry = geocentric_returns(r, vr, vt, MU_E, R_EI)
    ok = np.flatnonzero(np.isfinite(dv[0]))
    assert ok.size > 0
    for k in ok[:: max(1, ok.size // 12)]:
        n = dv.shape[1] // 2
        vp = entry[0, k]
        h = vp * R_EI
        vt_new = h / r[0]
        vr_mag = np.sqrt(max(0.0, vp**2 - 2 * MU_E / R_EI + 2 * MU_E / r[0] - vt_new**2))
        vr_new = -vr_mag if k < n else vr_mag
        assert dv[0, k] == pytest.approx(np.hypot(vr_new - vr[0], vt_new - vt[0]), rel=1e-9)
        r0 = np.array([r[0], 0.0, 0.0])
        v0 = np.array([vr_new, vt_new, 0.0])
        r1, v1 = propagate(r0, v0, flight[0, k], MU_E)
        assert np.linalg.norm(r1) == pytest.approx(R_EI, abs=1.0)
        assert abs(np.dot(r1, v1) / np.linalg.norm(r1)) < 1e-3
        assert np.linalg.norm(v1) == pytest.approx(vp, abs=1e-6)


def test_planned_return_rows_are_the_inbound_leg(mission_2033, legs_2033):
    out, back = legs_2033
    mu_m, r_cap = GM_KM3_S2["mars"], RADIUS_KM["mars"] + CAPTURE_PERIAPSIS_ALT_KM
    tei = float(capture_dv_km_s(back.vinf_depart_km_s, mu_m, r_cap, CAPTURE_PERIOD_S))
    cap = float(capture_dv_km_s(out.vinf_arrive_km_s, mu_m, r_cap, CAPTURE_PERIOD_S))
    entry = float(entry_speed_km_s(back.vinf_arrive_km_s))
    planned = [r for r in mission_2033.rows() if r["option"] == "planned-return"]
    assert len(planned) == mission_2033.t_tdb_s.size  # every date has the plan's way home
    for r in planned:
        assert r["arrive_utc"] == utc_iso(back.arrive_tdb_s)
        assert r["entry_speed_km_s"] == pytest.approx(entry, rel=1e-12)
        want = {"outbound": cap + tei, "stay": tei, "return": 0.0}[r["phase"]]
        assert r["dv_km_s"] == pytest.approx(want, rel=1e-12)
        if r["phase"] != "return":
            assert r["burn_utc"] == utc_iso(back.depart_tdb_s)


def test_planned_return_of_a_round_trip_is_its_own(legs_2033):
    from sojourn.roundtrip import roundtrip

    rt = roundtrip("earth", "mars", (tdb("2033-04-10"), tdb("2033-04-20")), "conjunction",
                   step_days=5.0)  # fmt: skip
    tab = mission_aborts(rt, step_days=60.0)
    col = tab.column("planned-return")
    stay = tab.phase == "stay"
    assert np.allclose(col["dv_km_s"][stay], rt.dv_return_km_s, rtol=1e-12)
    assert np.allclose(col["entry_speed_km_s"], rt.entry_speed_km_s, rtol=1e-12)
    assert np.allclose(tab.t_tdb_s + col["days_to_home"] * DAY_S, rt.inbound.arrive_tdb_s,
                       rtol=0, atol=1e-3)  # fmt: skip


def test_mission_table_invariants(mission_2033):
    # Every option arrives after it is decided (time to Earth > 0, waits >= 0); an option
    # from interplanetary space enters at least at escape speed (vinf >= 0); "within budget"
    # means what it says; the flyby rows carry their flyby above the minimum altitude.
    tab = mission_2033
    for r in tab.rows():
        assert r["days_to_earth"] > 0 and r["wait_days"] >= 0 and r["tof_days"] > 0
        if r["option"] != "deorbit" and not (r["option"] == "direct" and r["tof_days"] < 5):
            assert r["entry_speed_km_s"] >= V_ESC_EI * (1 - 1e-12)
        if r["option"] in ("direct", "mars-flyby", "powered-flyby", "deorbit"):
            assert r["within_budget"] == (r["dv_km_s"] <= 2.0)
        if "flyby" in r:
            assert r["flyby"]["altitude_km"] >= 200.0 - 1e-6
            assert r["flyby"]["body"] == "mars"
        if r["option"] == "mars-flyby":
            assert r["flyby"]["dv_km_s"] <= 0.05
    # the earliest abort per date is the soonest of its in-budget options
    e = tab.earliest_tof_days
    assert np.isfinite(e).any()
    assert tab.entry_limit_km_s is None and MAX_ENTRY_SPEED_KM_S == REF["entry_limit"][
        "max_earth_entry_km_s"]  # fmt: skip


def test_mission_chunks_do_not_change_the_bits(legs_2033):
    out, back = legs_2033
    job = mission_abort_job(out, back, step_days=40.0, dv_budget_km_s=2.0)
    whole = run(job)
    pieces = run(job, chunk_cells=2 * job.row_cells)
    for f in ("dv_km_s", "days_to_home", "entry_speed_km_s", "flyby_alt_km", "wait_days"):
        assert np.array_equal(getattr(whole, f), getattr(pieces, f), equal_nan=True)
    assert whole.rows() == pieces.rows()


def test_mission_size_is_checked_before_any_grid(legs_2033, monkeypatch):
    import sojourn.abort as ab

    out, back = legs_2033

    def boom(*a, **k):
        raise AssertionError("a grid was built before the size check")

    monkeypatch.setattr(ab, "_target_returns", boom)
    with pytest.raises(WorkTooLarge, match="the abort table has .* abort dates x"):
        mission_abort_job(out, back, step_days=0.5, max_cells=1_000_000)


def test_mission_bad_inputs(legs_2033):
    out, back = legs_2033
    with pytest.raises(InputError, match="inbound leg must fly mars -> earth"):
        mission_aborts(out, out)
    with pytest.raises(InputError, match="'step_days' must be > 0"):
        mission_aborts(out, back, step_days=0.0)
    with pytest.raises(InputError, match="give the inbound leg"):
        mission_aborts(out)


def test_cli_abort_round_trip_json(capsys):
    status, out, err = _run(
        capsys, "abort", "earth", "mars", "--depart", "2033-04-17T12:00", "--arrive",
        "2033-11-03", "--stay-days", "550", "--return-arrive", "2035-11-22", "--step-days",
        "60", "--dv-budget", "2", "--json",
    )  # fmt: skip
    assert status == 0, err
    d = json.loads(out)
    assert d["span"] == "mission" and d["rows"][0]["option"] == "deorbit"
    assert {r["phase"] for r in d["rows"]} == {"outbound", "stay", "return"}
    status, out, err = _run(
        capsys, "abort", "earth", "mars", "--depart", "2033-04-17T12:00", "--arrive",
        "2033-11-03", "--stay-days", "550",
    )  # fmt: skip
    assert status == 2 and "needs --return-arrive" in err and out == ""


def test_mission_table_on_dask_is_bit_identical(legs_2033):
    distributed = pytest.importorskip("distributed")
    from sojourn.distributed import run as run_dask

    out, back = legs_2033
    job = mission_abort_job(out, back, step_days=60.0, dv_budget_km_s=2.0)
    local = run(job)
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    )
    try:
        with distributed.Client(cluster) as client:
            remote = run_dask(job, client, chunk_cells=3 * job.row_cells)
    finally:
        cluster.close()
    for f in ("dv_km_s", "days_to_home", "entry_speed_km_s", "within_budget", "flyby_tdb_s"):
        assert np.array_equal(getattr(local, f), getattr(remote, f), equal_nan=True)
    assert list(local.phase) == list(remote.phase)


def test_mission_table_to_dataframe(mission_2033):
    pytest.importorskip("pandas")
    df = mission_2033.to_dataframe()
    rows = mission_2033.rows()
    assert len(df) == len(rows)
    assert list(df["option"]) == [r["option"] for r in rows]
    assert np.allclose(df["dv_km_s"], [r["dv_km_s"] for r in rows], rtol=0, atol=0)
    assert repr(mission_2033).startswith("MissionAbortTable(")


@settings(max_examples=20, deadline=None)
@given(day=st.floats(20.0, 190.0), tof_lo=st.floats(30.0, 300.0))
def test_interplanetary_returns_enter_at_least_at_escape_speed(legs_2033, day, tof_lo):
    # A return from interplanetary space arrives on a hyperbola (v_inf >= 0), so its speed at
    # the entry interface is at least the escape speed there, and it arrives after it leaves.
    out, _ = legs_2033
    o = abort_options(out, out.depart_tdb_s + day * DAY_S, np.arange(tof_lo, tof_lo + 300.0))
    for opt in (o.min_dv, o.earliest):
        assert opt.entry_speed_km_s >= V_ESC_EI and opt.tof_days > 0
        assert opt.arrive_tdb_s > opt.t_tdb_s

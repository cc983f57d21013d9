"""The CLI is a function: call ``main(argv)`` and check the exit status, stdout and stderr."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from sojourn import __version__
from sojourn.cli import main


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_version(capsys):
    status, out, _ = run(capsys, "--version")
    assert status == 0
    assert out.strip() == f"sojourn {__version__}"


def test_help_lists_commands(capsys):
    status, out, _ = run(capsys, "--help")
    assert status == 0
    for command in ("ephem", "transfer"):
        assert command in out


def test_ephem_json_contract(capsys):
    status, out, err = run(
        capsys, "ephem", "mars", "--at", "2020-10-06T14:18", "--center", "earth", "--json"
    )
    assert status == 0, err
    d = json.loads(out)
    assert {"body", "center", "epoch_utc", "r_km", "v_km_s", "frame"} <= set(d)
    assert d["body"] == "mars" and d["center"] == "earth" and d["frame"] == "ICRF"
    assert len(d["r_km"]) == 3 and len(d["v_km_s"]) == 3
    # 2020-10-06 Mars closest approach: 62.07 million km (NASA, "Mars Close Approach 2020").
    assert d["distance_km"] == pytest.approx(62.07e6, rel=1e-3)


def test_ephem_table(capsys):
    status, out, _ = run(capsys, "ephem", "earth", "--at", "2020-01-01")
    assert status == 0
    assert "distance (km)" in out and "DE440" in out


def test_transfer_json_contract(capsys):
    status, out, err = run(
        capsys,
        "transfer",
        "earth",
        "mars",
        "--depart",
        "2020-07-30T11:50",
        "--arrive",
        "2021-02-18T20:55",
        "--json",
    )
    assert status == 0, err
    d = json.loads(out)
    for key in (
        "depart_utc",
        "arrive_utc",
        "tof_days",
        "c3_km2_s2",
        "vinf_depart_km_s",
        "vinf_arrive_km_s",
        "dla_deg",
        "rla_deg",
    ):
        assert key in d
    assert d["depart_utc"] == "2020-07-30T11:50:00"
    assert d["tof_days"] == pytest.approx(203.378, abs=1e-3)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["transfer", "earth", "vulcan", "--depart", "2020-07-30", "--arrive", "2021-02-18"],
            "vulcan",
        ),
        (
            ["transfer", "earth", "mars", "--depart", "2021-02-18", "--arrive", "2020-07-30"],
            "'arrive' must be after 'depart'",
        ),
        (
            [
                "transfer",
                "earth",
                "mars",
                "--depart",
                "2020-07-30",
                "--arrive",
                "2020-09-01",
                "--revs",
                "2",
            ],
            "no 2-revolution transfer",
        ),
        (
            ["transfer", "earth", "mars", "--depart", "2020-02-30", "--arrive", "2021-02-18"],
            "'--depart' has day 30",
        ),
        (["ephem", "mars", "--at", "2700-01-01"], "outside the DE440 ephemeris"),
        (["ephem", "mars", "--at", "yesterday"], "'--at' is not a date"),
        (["transfer", "earth"], "Missing argument 'TO'"),
        (
            [
                "transfer",
                "earth",
                "mars",
                "--depart",
                "2020-07-30",
                "--arrive",
                "2021-02-18",
                "--bogus",
            ],
            "No such option",
        ),
    ],
)
def test_user_errors_exit_2_one_line(capsys, argv, message):
    status, out, err = run(capsys, *argv)
    assert status == 2
    assert out == ""
    assert message in err
    assert err.count("\n") == 1 and err.startswith("sojourn: error: ")
    assert "Traceback" not in err


def test_console_script_and_module_entry_points():
    # python -m sojourn and the installed script both run the same main and exit 2 on user error.
    r = subprocess.run(
        [sys.executable, "-m", "sojourn", "ephem", "pluto", "--at", "3000-01-01"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 2
    assert r.stderr.startswith("sojourn: error: ") and "Traceback" not in r.stderr


# --- The one range parser (sojourn.cli.options) ------------------------------------------


def test_number_range_parses_numbers_and_exponents():
    from sojourn.cli.options import parse_number_range

    assert parse_number_range("100..400", "--tof-days") == (100.0, 400.0)
    assert parse_number_range(" 1 .. 1e9 ", "--stay-days") == (1.0, 1e9)
    assert parse_number_range("5..5", "--tof", lo=0, lo_inclusive=False) == (5.0, 5.0)
    assert parse_number_range("0..5", "--x", lo=0, hi=5) == (0.0, 5.0)


@pytest.mark.parametrize(
    ("text", "kwargs", "message"),
    [
        ("1..inf", {}, "'--opt' must be a range of finite days, got '1..inf'"),
        ("nan..3", {}, "'--opt' must be a range of finite days"),
        ("-inf..3", {}, "finite"),
        ("400..100", {}, "'--opt' ends before it starts ('400..100')"),
        ("lots", {}, "'--opt' must be a range of days 'A..B'"),
        ("1..2..3", {}, "'A..B'"),
        ("1..", {}, "'A..B'"),
        ("", {}, "'A..B'"),
        (None, {}, "'A..B'"),
        ("0..10", {"lo": 0, "lo_inclusive": False}, "'--opt' must start > 0 days"),
        ("-1..10", {"lo": 0}, "'--opt' must start >= 0 days"),
        ("1..11", {"hi": 10}, "'--opt' must end <= 10 days"),
    ],
)
def test_number_range_refuses_with_one_line_naming_the_option(text, kwargs, message):
    from sojourn.cli.options import parse_number_range
    from sojourn.errors import InputError

    with pytest.raises(InputError) as e:
        parse_number_range(text, "--opt", **kwargs)
    assert message in str(e.value) and "\n" not in str(e.value)


def test_date_range_is_the_core_date_parser():
    from sojourn.cli.options import parse_date_range
    from sojourn.core.time import tdb
    from sojourn.errors import InputError

    t0, t1 = parse_date_range("2020-06-01..2020-09-30", "--depart")
    assert (t0, t1) == (tdb("2020-06-01"), tdb("2020-09-30"))
    with pytest.raises(InputError, match="'--depart' ends before it starts"):
        parse_date_range("2020-09-30..2020-06-01", "--depart")
    with pytest.raises(InputError, match="'--arrive end' is not a date"):
        parse_date_range("2020-06-01..soon", "--arrive")
    with pytest.raises(InputError, match="'--arrive' must be a range 'A..B'"):
        parse_date_range("2020-06-01", "--arrive")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        # Internal errors (exit 1) before the one range parser: an infinite flight-time axis.
        (["scan", "--tof-days", "1..inf", "--start", "2026-06-01", "--end", "2026-07-01"],
         "'--tof-days' must be a range of finite days"),
        (["abort", "earth", "mars", "--depart", "2020-07-30", "--arrive", "2021-02-18",
          "--tof", "30..inf"], "'--tof' must be a range of finite return days"),
        (["scan", "--tof-days", "0..100"], "'--tof-days' must start > 0 days"),
        (["scan", "--tof-days", "450..90"], "'--tof-days' ends before it starts"),
        (["abort", "earth", "mars", "--depart", "2020-07-30", "--arrive", "2021-02-18",
          "--tof", "30..nan"], "'--tof'"),
        (["abort", "earth", "mars", "--depart", "2020-07-30", "--arrive", "2021-02-18",
          "--tof-step-days", "0"], "'--tof-step-days' must be > 0"),
        (["roundtrip", "earth", "mars", "--depart", "2033-01-01..2033-12-31",
          "--stay-days", "1..inf"], "'--stay-days' must be a range of finite days"),
        (["windows", "earth", "mars", "--depart", "2020-06-01..2020-09-31", "--arrive",
          "2021-01-01..2021-02-01"], "'--depart end' has day 31"),
        (["race", "earth", "mars", "a=2033-05-01..2033-01-01"], "'a' ends before it starts"),
        # The option, not the library's parameter, is named (review of issue 10).
        (["comms", "earth", "mars", "--start", "2021-01-01", "--end", "2022-01-01",
          "--step-hours", "nan"], "'--step-hours' must be > 0"),
        (["comms", "earth", "mars", "--start", "2021-01-01", "--end", "2022-01-01",
          "--step-hours", "1e-9"], "(--step-hours)"),
        (["launch", "--site", "baikonur-31", "--target", "iss", "--date", "2021-10-05",
          "--days", "40"], "'--days' must be in (0, 30]"),
        (["landing", "--target", "iss", "--after", "2021-10-17T01:14", "--hours", "0"],
         "'--hours' must be in (0, 240]"),
    ],
)  # fmt: skip
def test_bad_ranges_exit_2_naming_the_option(capsys, argv, message):
    status, out, err = run(capsys, *argv, "--json")
    assert status == 2, err
    assert out == "" and message in err
    assert err.count("\n") == 1 and err.startswith("sojourn: error: ")


def test_abort_size_is_checked_before_the_axis_is_built(capsys):
    # `--tof 30..1e12` used to allocate a 7 TiB return-time axis in the CLI: MemoryError, exit
    # 1. The table is sized first; the message names the option that set the size and those
    # that shrink it.
    status, out, err = run(capsys, "abort", "earth", "mars", "--depart", "2020-07-30",
                           "--arrive", "2021-02-18", "--tof", "30..1e12", "--json")  # fmt: skip
    assert status == 2 and out == "", err
    assert err.count("\n") == 1 and err.startswith("sojourn: error: the abort table has 21 ")
    assert "more than the limit 8,000,000" in err
    assert "--tof-step-days" in err and "(--tof)" in err
    status, _, err = run(capsys, "abort", "earth", "mars", "--depart", "2020-07-30", "--arrive",
                         "2021-02-18", "--at", "2020-09-01", "--tof", "30..1e12")  # fmt: skip
    assert status == 2 and "999,999,999,971 return times" in err and "(--tof)" in err


# --- The one emit helper (sojourn.cli.output) --------------------------------------------


def test_emit_json_is_alone_on_stdout_and_strict(capsys):
    import numpy as np

    from sojourn.cli.output import emit

    rendered = []
    emit({"r_km": np.array([1.0, 2.0]), "x": float("nan")}, True, rendered.append)
    out, err = capsys.readouterr()
    assert json.loads(out) == {"r_km": [1.0, 2.0], "x": None}
    assert err == "" and rendered == []


def test_emit_renders_without_json(capsys):
    from sojourn.cli.output import emit

    class Result:
        def to_dict(self):
            return {"a_km": 1.0}

    result = Result()
    emit(result, False, lambda r: print("rendered", r.to_dict()["a_km"]))
    out, _ = capsys.readouterr()
    assert out == "rendered 1.0\n"
    emit(result, True, lambda r: print("never"))
    assert json.loads(capsys.readouterr().out) == {"a_km": 1.0}


def test_help_imports_no_science():
    # `sojourn --help` stays fast: the command modules import typer only; the science loads
    # inside the command that needs it.
    code = (
        "import sys; from sojourn.cli import main; main(['--help']); "
        "heavy = [m for m in ('numpy', 'numba', 'jplephem', 'sojourn.core', 'sojourn.io')"
        " if m in sys.modules]; print('HEAVY', heavy)"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert "HEAVY []" in r.stdout


# --- JSON contract keys per command family (DESIGN.md "CLI contract") --------------------

TRANSFER_KEYS = {"depart_utc", "arrive_utc", "tof_days", "c3_km2_s2", "vinf_depart_km_s",
                 "vinf_arrive_km_s", "dla_deg", "rla_deg"}  # fmt: skip
ROUNDTRIP_KEYS = {"outbound", "return", "stay_days", "total_days", "dv_total_km_s",
                  "entry_speed_km_s"}  # fmt: skip


def _contract_windows(d):
    assert {"best", "n_points", "n_converged", "elapsed_s"} <= set(d)
    assert TRANSFER_KEYS <= set(d["best"])


def _contract_scan(d):
    assert {"from", "to", "n_points", "n_converged", "elapsed_s", "opportunities"} <= set(d)
    keys = {"depart_utc", "arrive_utc", "tof_days", "c3_km2_s2", "vinf_arrive_km_s"}
    assert keys <= set(d["opportunities"][0])


def _contract_roundtrip(d):
    assert {"from", "to", "class", "best", "opportunities", "elapsed_s"} <= set(d)
    for trip in (d["best"], *d["opportunities"]):
        assert ROUNDTRIP_KEYS <= set(trip)
        assert TRANSFER_KEYS <= set(trip["outbound"]) and TRANSFER_KEYS <= set(trip["return"])


def _contract_race(d):
    assert {"from", "to", "race"} <= set(d)
    assert {"rank", "label", "behind_days", "transfer"} <= set(d["race"][0])
    assert TRANSFER_KEYS <= set(d["race"][0]["transfer"])


def _contract_comms(d):
    assert {"observer", "target", "start_utc", "end_utc", "light_time_s", "closest_approach",
            "conjunctions", "contacts"} <= set(d)  # fmt: skip
    assert {"min", "max", "min_utc", "max_utc"} <= set(d["light_time_s"])


def _contract_crew(d):
    assert {"crew", "days", "phases", "consumables_kg", "dose_msv", "career_limit_msv"} <= set(d)


def _contract_abort(d):
    assert {"home", "dv_budget_km_s", "rows"} <= set(d)
    assert {"burn_utc", "min_dv_km_s", "min_dv_tof_days", "min_dv_entry_speed_km_s"} <= set(
        d["rows"][0]
    )


def _contract_sites(d):
    assert {"id", "name", "lat_deg", "lon_deg"} <= set(d["sites"][0])


@pytest.mark.parametrize(
    ("argv", "check"),
    [
        (["windows", "earth", "mars", "--depart", "2020-07-10..2020-07-20", "--arrive",
          "2021-02-01..2021-02-20", "--step-days", "5"], _contract_windows),
        (["scan", "--start", "2026-10-01", "--end", "2026-12-01", "--step-days", "5"],
         _contract_scan),
        (["roundtrip", "earth", "mars", "--depart", "2033-03-01..2033-06-01", "--step-days",
          "10"], _contract_roundtrip),
        (["race", "earth", "mars", "a=2033-04-10..2033-11-01", "b=2033-05-01..2033-12-01"],
         _contract_race),
        (["comms", "earth", "mars", "--start", "2020-01-01", "--end", "2020-02-01"],
         _contract_comms),
        (["crew", "--crew", "2", "--phase", "cruise:100"], _contract_crew),
        (["abort", "earth", "mars", "--depart", "2020-07-30T11:50", "--arrive",
          "2021-02-18T20:55", "--step-days", "80", "--tof", "100..400", "--tof-step-days",
          "50"], _contract_abort),
        (["sites"], _contract_sites),
    ],
    ids=["windows", "scan", "roundtrip", "race", "comms", "crew", "abort", "sites"],
)  # fmt: skip
def test_json_contract_keys_per_command(capsys, argv, check):
    status, out, err = run(capsys, *argv, "--json")
    assert status == 0, err
    check(json.loads(out))


def test_commands_print_only_through_emit_and_live_in_their_module():
    # One way out: no command module shapes JSON for stdout itself; UTC text only from
    # sojourn.core.time.utc_iso; a command lives in the module named after it (or its family's).
    import importlib
    import inspect
    import re

    from sojourn.cli import _COMMAND_MODULES, _register, app

    _register()
    for name in _COMMAND_MODULES:
        src = inspect.getsource(importlib.import_module(f"sojourn.cli.{name}"))
        assert not re.search(r"echo\(\s*dumps", src), name
        assert not re.search(r"strftime|isoformat|\.replace\(\s*['\"]T['\"]", src), name
    where = {c.callback.__name__: c.callback.__module__ for c in app.registered_commands}
    assert where["plan"] == where["examples"] == "sojourn.cli.plan"
    for cmd in ("ephem", "transfer", "comms", "crew", "launch"):
        assert where[cmd] == f"sojourn.cli.{cmd}"


@pytest.mark.parametrize(
    "argv",
    [
        ["transfer", "earth", "earth", "--depart", "2020-07-30", "--arrive", "2021-02-18"],
        ["race", "earth", "earth", "a=2020-07-30..2021-02-18"],
        ["race", "mars", "MARS", "a=2020-07-30", "--max-c3", "20"],
        ["abort", "earth", "earth", "--depart", "2020-07-30", "--arrive", "2021-02-18"],
    ],
)
def test_same_body_transfers_are_refused(capsys, argv):
    # Each exited 0 with a C3 ~ 0 "transfer" (or aborts from it) before issue 10.
    status, out, err = run(capsys, *argv, "--json")
    assert status == 2 and out == ""
    assert "'depart_body' and 'arrive_body' must differ" in err and err.count("\n") == 1


def test_revs_out_of_range_names_the_option(capsys):
    for revs in ("99999999999999999999", "1001", "-1"):
        status, _, err = run(capsys, "transfer", "earth", "mars", "--depart", "2020-07-30",
                             "--arrive", "2021-02-18", "--revs", revs)  # fmt: skip
        assert status == 2 and "'--revs' must be >= 0 and <= 1000" in err, err
    status, _, err = run(capsys, "windows", "earth", "mars", "--depart", "2020-07-01..2020-07-02",
                         "--arrive", "2021-01-01..2021-01-02", "--revs", "5000")  # fmt: skip
    assert status == 2 and "'--revs' must be >= 0 and <= 1000" in err, err


def test_scan_infinite_tof_is_refused(capsys):
    status, _, err = run(capsys, "scan", "--tof-days", "1..inf", "--json")
    assert status == 2 and "'--tof-days' must be a range of finite days" in err


@pytest.mark.parametrize("command", ["windows", "scan", "abort"])
@pytest.mark.parametrize("address", ["not a url", "tcp://", "http://host:8786", "tcp://h:99999"])
def test_scheduler_address_is_checked_before_connecting(capsys, command, address):
    argv = {
        "windows": ["windows", "earth", "mars", "--depart", "2020-07-01..2020-07-02",
                    "--arrive", "2021-01-01..2021-01-02"],
        "scan": ["scan", "--start", "2030-01-01", "--end", "2030-02-01"],
        "abort": ["abort", "earth", "mars", "--depart", "2020-07-30", "--arrive", "2021-02-18"],
    }[command]  # fmt: skip
    status, _, err = run(capsys, *argv, "--scheduler", address, "--json")
    assert status == 2, err
    assert "'--scheduler' must be a Dask scheduler address such as tcp://host:8786" in err

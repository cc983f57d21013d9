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

"""`sojourn sites`, `sojourn launch`, `sojourn landing` called as functions (DESIGN.md CLI)."""

from __future__ import annotations

import json

from sojourn.cli import main

ISS = (
    "ISS (ZARYA)\n1 25544U 98067A   21277.86166359  .00005427  00000-0  10685-3 0  9994\n"
    "2 25544  51.6453 160.4350 0004170  58.5851  39.6969 15.48931550305594\n"
)


def test_launch_json_real_date(capsys):
    # Soyuz MS-19: lift-off 2021-10-05 08:55:02 UTC, docked 12:22:31 UTC
    # (tests/reference/leo_flights.toml).
    assert (
        main(
            ["launch", "--site", "baikonur-31", "--target", "iss", "--date", "2021-10-05", "--json"]
        )
        == 0
    )
    out = json.loads(capsys.readouterr().out)
    assert out["site"] == "baikonur-31" and out["target"] == "ISS (ZARYA)"
    w = [w for w in out["windows"] if w["launch_utc"].startswith("2021-10-05T08:5")]
    assert len(w) == 1 and {"launch_utc", "azimuth_deg", "plane_error_deg", "rendezvous"} <= set(
        w[0]
    )
    fast = [r for r in w[0]["rendezvous"] if r["profile"] == "fast-track"][0]
    assert fast["orbits"] == 2 and fast["docking_utc"].startswith("2021-10-05T12:")


def test_launch_with_tle_file_and_table(tmp_path, capsys):
    f = tmp_path / "iss.tle"
    f.write_text(ISS)
    assert main(["launch", "--site", "baikonur-31", "--tle", str(f), "--date", "2021-10-05"]) == 0
    assert "08:53:5" in capsys.readouterr().out


def test_user_errors_exit_2_with_one_line(tmp_path, capsys):
    bad = tmp_path / "bad.tle"
    bad.write_text(ISS.replace("0  9994", "0  9993"))
    cases = [
        ["launch", "--site", "baikonur-9", "--date", "2021-10-05"],
        ["launch", "--site", "baikonur-31", "--tle", str(bad), "--date", "2021-10-05"],
        ["launch", "--site", "vostochny-1s", "--date", "2021-10-05"],
        ["launch", "--site", "baikonur-31", "--date", "1995-01-01"],
        ["landing", "--after", "2021-10-17", "--zone", "atlantis"],
    ]
    for args in cases:
        assert main(args) == 2, args
        err = capsys.readouterr().err
        assert err.startswith("sojourn: error: ") and err.count("\n") == 1, err


def test_sites_and_landing(capsys):
    assert main(["sites", "--json"]) == 0
    ids = [s["id"] for s in json.loads(capsys.readouterr().out)["sites"]]
    assert ids == [
        "baikonur-31",
        "baikonur-1",
        "vostochny-1s",
        "kennedy-39a",
        "canaveral-40",
        "kourou-ela4",
        "jiuquan-921",
        "tanegashima-y",
    ]
    assert main(["landing", "--after", "2021-10-17T01:14", "--hours", "24", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["opportunities"][0]["landing_utc"].startswith("2021-10-17T04:3")


def test_launch_tle_file_far_from_its_epoch_is_a_user_error(tmp_path, capsys):
    # SGP4 nine years past the epoch is meaningless: same 30-day limit as the built-in sets.
    f = tmp_path / "iss.tle"
    f.write_text(ISS)
    args = ["launch", "--site", "baikonur-31", "--tle", str(f), "--date", "2030-10-05"]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no element set within 30 days" in err and "iss.tle" in err


def test_landing_zone_never_overflown_says_so(tmp_path, capsys):
    # A 28.5 deg orbit never passes over Kazakhstan (about 47 deg N): say so, not an empty table.
    low = ISS.replace("51.6453 160.4350", "28.5000 160.4350").replace("305594", "305595")
    f = tmp_path / "low.tle"
    f.write_text(low)
    assert main(["landing", "--tle", str(f), "--after", "2021-10-05T01:14"]) == 0
    assert "No landing opportunity to kazakhstan within 48 h" in capsys.readouterr().out


def test_json_contract_keys(capsys):
    # DESIGN.md "CLI contract": the launch-window and landing keys others rely on.
    assert main(["launch", "--site", "baikonur-31", "--date", "2021-10-05", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {"site", "target", "tle_epoch_utc", "ascent", "windows"} <= set(out)
    w = out["windows"][0]
    assert {"launch_utc", "azimuth_deg", "plane_error_deg", "rendezvous"} <= set(w)
    assert {"profile", "orbits", "docking_utc", "dv_m_s"} <= set(w["rendezvous"][0])
    assert main(["landing", "--after", "2021-10-17T01:14", "--hours", "12", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {"target", "tle_epoch_utc", "zone", "opportunities"} <= set(out)
    o = out["opportunities"][0]
    assert {"deorbit_utc", "landing_utc", "lat_deg", "lon_deg", "zone"} <= set(o)

"""``sojourn plan`` and ``sojourn examples`` called as functions (sojourn.cli.main)."""

import json

from sojourn.cli import main

BAD = """
[mission]
name = "x"
kind = "station"
colour = "red"
"""


def test_examples_lists_three(capsys):
    assert main(["examples"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [ln.split()[0] for ln in lines] == ["first-mars", "iss-year", "soyuz-ms19"]


def test_plan_example_json(capsys):
    assert main(["plan", "--example", "soyuz-ms19", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["mission"] == "soyuz-ms19"
    assert [p["kind"] for p in d["phases"]][1:4] == ["launch", "rendezvous", "stay"]
    for key in ("launch", "landing", "crew", "aborts", "findings"):
        assert key in d


def test_plan_example_writes_every_file(tmp_path, capsys):
    out = tmp_path / "report"
    assert main(["plan", "--example", "first-mars", "--out", str(out)]) == 0
    names = sorted(p.name for p in out.iterdir())
    assert "plan.json" in names and "report.html" in names and "plan.czml" in names
    assert sum(n.endswith(".oem") for n in names) == 2
    assert not [n for n in names if n.startswith(".")]  # no temporary files left
    assert "Timeline" in capsys.readouterr().out


def test_bad_mission_file_exit_2_and_writes_nothing(tmp_path, capsys):
    f = tmp_path / "m.toml"
    f.write_text(BAD)
    out = tmp_path / "out"
    assert main(["plan", str(f), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "mission.colour: unknown key" in err
    assert not out.exists() or not any(out.iterdir())


def test_missing_file_and_unknown_example(tmp_path, capsys):
    assert main(["plan", str(tmp_path / "nope.toml")]) == 2
    assert "cannot be read" in capsys.readouterr().err
    assert main(["plan", "--example", "moon-base"]) == 2
    assert "'--example' must be one of first-mars, iss-year, soyuz-ms19" in capsys.readouterr().err
    assert main(["plan"]) == 2


def test_site_that_cannot_reach_the_station_names_the_field(tmp_path, capsys, station_toml):
    # Vostochny (51.9 deg N) never passes through the ISS plane (51.6 deg): a mistake in the
    # file, so exit 2 with the field path, and nothing written.
    f = tmp_path / "v.toml"
    f.write_text(station_toml(site="vostochny-1s"))
    out = tmp_path / "out"
    assert main(["plan", str(f), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"mission file {f}: phases[0].site: " in err
    assert "unreachable from vostochny-1s" in err and not out.exists()


def test_unreadable_tle_names_its_phase_index(tmp_path, capsys, station_toml):
    text = station_toml(target='tle = "no.tle"')
    f = tmp_path / "t.toml"
    f.write_text(text)
    assert main(["plan", str(f)]) == 2
    assert "phases[0].tle: TLE file" in capsys.readouterr().err


def test_out_problems_are_user_errors_and_write_nothing(tmp_path, capsys):
    a_file = tmp_path / "f.txt"
    a_file.write_text("x")
    assert main(["plan", "--example", "soyuz-ms19", "--out", str(a_file / "sub")]) == 2
    assert "cannot be created" in capsys.readouterr().err
    assert main(["plan", "--example", "soyuz-ms19", "--out", ""]) == 2
    assert "'--out' is empty" in capsys.readouterr().err
    # A folder where report.html should go: exit 2, and plan.json is not left half-done.
    out = tmp_path / "out"
    (out / "report.html").mkdir(parents=True)
    assert main(["plan", "--example", "soyuz-ms19", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nothing was written" in err
    assert sorted(p.name for p in out.iterdir()) == ["report.html"]


def test_examples_json(capsys):
    assert main(["examples", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert [e["name"] for e in d["examples"]] == ["first-mars", "iss-year", "soyuz-ms19"]
    assert d["examples"][2]["title"].startswith("Soyuz MS-19")


def test_plan_launch_section_follows_the_launch_contract(capsys):
    # DESIGN.md: the plan carries the sections above it uses; launch has windows [{launch_utc,
    # azimuth_deg, plane_error_deg, rendezvous [{profile, orbits, docking_utc}]}].
    assert main(["plan", "--example", "soyuz-ms19", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert {"mission", "phases", "crew", "aborts"} <= set(d)
    assert all({"name", "start_utc", "end_utc"} <= set(p) for p in d["phases"])
    (w,) = d["launch"]["windows"]
    assert {"launch_utc", "azimuth_deg", "plane_error_deg", "rendezvous"} <= set(w)
    assert all({"profile", "orbits", "docking_utc"} <= set(r) for r in w["rendezvous"])
    assert w["launch_utc"] == d["launch"]["window"]["launch_utc"]


def test_a_second_mission_into_the_same_folder_leaves_only_its_files(tmp_path, capsys):
    # Issue 10: two plans into one folder left the first mission's OEM files looking like the
    # second's. The set's manifest names what Sojourn wrote; a user's file is never touched.
    out = tmp_path / "out"
    assert main(["plan", "--example", "first-mars", "--out", str(out)]) == 0
    mars = sorted(p.name for p in out.iterdir())
    (out / "notes.txt").write_text("mine")
    assert main(["plan", "--example", "soyuz-ms19", "--out", str(out)]) == 0
    names = sorted(p.name for p in out.iterdir())
    manifest = json.loads((out / "sojourn-manifest.json").read_text())
    assert manifest["label"] == "soyuz-ms19"
    assert names == sorted([*manifest["files"], "sojourn-manifest.json", "notes.txt"])
    assert not [n for n in names if n.endswith(".oem") and n in mars]
    assert all(n.startswith("soyuz-ms19") for n in names if n.endswith(".oem"))
    assert (out / "notes.txt").read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no staging left beside it
    assert "Wrote: " in capsys.readouterr().out


def test_sigterm_or_sigint_while_writing_keeps_the_previous_set(tmp_path, capsys, monkeypatch):
    # SIGTERM is handled like Ctrl-C: the staging folder is removed, the folder keeps its
    # previous set, one line on stderr, exit 128 + the signal.
    import os
    import signal

    from sojourn.io import atomic

    handler = signal.getsignal(signal.SIGTERM)
    out = tmp_path / "out"
    assert main(["plan", "--example", "soyuz-ms19", "--out", str(out)]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    capsys.readouterr()
    exchange = atomic._exchange
    for sig, status, line in (
        (signal.SIGTERM, 143, "sojourn: error: terminated (SIGTERM)\n"),
        (signal.SIGINT, 130, "sojourn: error: interrupted\n"),
    ):

        def stopped(a, b, sig=sig):
            os.kill(os.getpid(), sig)  # lands just before the folders are exchanged
            return exchange(a, b)

        monkeypatch.setattr(atomic, "_exchange", stopped)
        assert main(["plan", "--example", "soyuz-ms19", "--out", str(out)]) == status
        assert capsys.readouterr().err == line
        assert {p.name: p.read_bytes() for p in out.iterdir()} == before
        assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert signal.getsignal(signal.SIGTERM) == handler  # main() put it back

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

"""Tables an analyst reads at 80 columns, in a pipe, or as CSV (issue 14, item 4)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from rich.console import Console

import sojourn.io.terminal as T
from sojourn.cli import main


def _render(renderable, width: int) -> str:
    c = Console(file=io.StringIO(), width=width, color_system=None)
    c.print(renderable)
    return c.file.getvalue()


def _wide_table():
    cols = ["leave earth", "arrive mars", "C3 (km2/s2)", "dv total (km/s)", "entry (km/s)",
            "note"]  # fmt: skip
    rows = [("2033-04-17", "2033-11-03", "8.91", "5.932", "11.48", "a long free-text note " * 3)]
    return T.table("round trips", cols, rows, keep=(0, 3, 2, 4, 1, 5), wrap=(5,))


def test_every_line_fits_and_no_cell_is_cut():
    for width in (60, 80, 100, 200):
        out = _render(_wide_table(), width)
        assert max(len(line) for line in out.splitlines()) <= width, out
        assert "…" not in out  # rich's ellipsis: a truncated cell
        for cell in ("2033-04-17", "5.932"):  # the most important columns stay whole
            assert cell in out


def test_columns_leave_least_important_first_and_say_so():
    out = _render(_wide_table(), 50)
    assert "5.932" in out and "8.91" in out  # kept by importance, not by position
    assert "Left out to fit 50 columns" in out and "arrive mars" in out.split("Left out")[1]
    wide = _render(_wide_table(), 200)
    assert "Left out" not in wide and "2033-11-03" in wide


def test_summarised_listing_counts_what_it_left():
    t = T.table("t", ["a"], [("1",)], omitted=41, more_hint="--all lists them")
    assert "... and 41 more row(s) (--all lists them)." in _render(t, 80)


def test_csv_has_every_column_and_quotes_commas():
    header, *rows = _wide_table().csv_rows()
    text = T.csv_text(header, rows)
    back = list(csv.reader(io.StringIO(text)))
    assert back[0][3] == "dv total (km/s)" and back[1][5].startswith("a long free-text note")
    assert T.csv_text(["x"], [("a,b",)]) == 'x\n"a,b"\n'


def test_pipe_width_follows_columns(monkeypatch, capsys):
    monkeypatch.setenv("COLUMNS", "80")
    assert main(["bodies"]) == 0
    out = capsys.readouterr().out
    assert max(len(line) for line in out.splitlines()) <= 80
    monkeypatch.setenv("COLUMNS", "150")
    assert main(["bodies"]) == 0
    out = capsys.readouterr().out
    assert max(len(line) for line in out.splitlines()) > 80  # the wider pipe is used


def test_bodies_lists_the_ephemeris_bodies(capsys):
    assert main(["bodies", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    by = {b["name"]: b for b in d["bodies"]}
    assert by["mars"]["naif_id"] == 4 and by["earth"]["naif_id"] == 399
    assert by["venus"]["gm_km3_s2"] == pytest.approx(324858.59, rel=1e-6)
    assert "flyby" in by["venus"]["uses"] and "transfer" in by["mars"]["uses"]
    assert main(["bodies", "--csv"]) == 0
    text = capsys.readouterr().out
    assert text.splitlines()[0] == "name,NAIF id,GM (km3/s2),radius (km),uses"


def test_json_and_csv_together_are_refused(capsys):
    assert main(["bodies", "--json", "--csv"]) == 2
    err = capsys.readouterr().err
    assert "'--json' and '--csv' are exclusive" in err and len(err.strip().splitlines()) == 1


def test_help_has_readable_metavars(capsys):
    from sojourn.cli.docgen import cli_reference

    text = cli_reference()
    assert "<list[str]>" not in text and "<float>" not in text and "<str>" not in text
    assert "--step-days DAYS" in text and "--c3-max NUMBER" in text


def test_race_spells_c3_max_and_keeps_the_old_spelling(capsys):
    argv = ["race", "earth", "mars", "a=2033-04-17", "--json"]
    assert main([*argv, "--c3-max", "30"]) == 0
    new = json.loads(capsys.readouterr().out)
    assert main([*argv, "--max-c3", "30"]) == 0
    old = json.loads(capsys.readouterr().out)
    assert new == old
    assert main([*argv, "--max-c3", "30", "--c3-max", "30"]) == 2
    assert "give '--c3-max' once" in capsys.readouterr().err


def test_roundtrip_takes_the_parking_altitude(capsys):
    argv = ["roundtrip", "earth", "mars", "--depart", "2033-04-01..2033-05-10", "--json",
            "--step-days", "10"]  # fmt: skip
    assert main([*argv, "--parking-alt-km", "400"]) == 0
    high = json.loads(capsys.readouterr().out)["best"]
    assert main(argv) == 0
    low = json.loads(capsys.readouterr().out)["best"]
    # same trajectory, a higher (faster) parking orbit needs less injection delta-v
    assert high["outbound"]["depart_utc"] == low["outbound"]["depart_utc"]
    assert high["dv_depart_km_s"] < low["dv_depart_km_s"]

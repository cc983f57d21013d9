"""Porkchop figures and files: compute, then draw (the figure reads only the grid's numbers)."""

from __future__ import annotations

import re
import zlib
from pathlib import Path

import numpy as np
import pytest

from sojourn.core.time import tdb, utc_iso
from sojourn.errors import InputError
from sojourn.io import plots
from sojourn.io.plots import contour_levels, porkchop_figure, write_porkchop
from sojourn.windows import date_range, launch_period, porkchop


@pytest.fixture(scope="module")
def grid():
    # Earth-Mars 2020 opportunity, 4-day grid (small and fast; the numbers are tested elsewhere).
    d = date_range(tdb("2020-06-01"), tdb("2020-09-30"), 4.0)
    a = date_range(tdb("2020-12-01"), tdb("2021-10-31"), 4.0)
    return porkchop("earth", "mars", d, a)


def _trace(fig, name):
    (t,) = [t for t in fig.data if t.name == name]
    return t


def test_figure_traces_levels_and_hover(grid):
    fig = porkchop_figure(grid, c3_max_km2_s2=16.0)
    names = [t.name for t in fig.data]
    assert names == [
        "cells",
        "launch period",
        "C3 (km2/s2)",
        "v-inf arrive (km/s)",
        "flight time (days)",
        "DLA (deg)",  # issue 14: DLA contours (the grid's dla_deg)
        "C3 limit",
        "best",
    ]
    c3 = _trace(fig, "C3 (km2/s2)")
    cap = np.nanmin(grid.c3_km2_s2) * 3 + 10
    start, end, size = contour_levels(
        np.where(grid.c3_km2_s2 <= cap, grid.c3_km2_s2, np.nan), hi_cap=cap
    )
    assert (c3.contours.start, c3.contours.end, c3.contours.size) == (start, end, size)
    assert c3.contours.showlabels and c3.contours.coloring == "lines"
    # z is transposed: rows are arrivals (y), columns departures (x).
    assert np.asarray(c3.z).shape == (grid.arrive_tdb_s.size, grid.depart_tdb_s.size)
    tof = _trace(fig, "flight time (days)")
    assert tof.line.dash == "dash" and tof.contours.showlabels
    # Flight times here span ~60-630 days: lines every 100 days from 100 (nice steps).
    assert (tof.contours.start, tof.contours.size) == (100.0, 100.0)
    assert _trace(fig, "C3 limit").contours.start == 16.0
    cells = _trace(fig, "cells")
    for word in ("depart %{x|%Y-%m-%d %H:%M} UTC", "arrive", "C3", "v-inf", "flight time"):
        assert word in cells.hovertemplate
    assert np.asarray(cells.customdata)[3, 5, 0] == pytest.approx(grid.c3_km2_s2[5, 3])
    assert fig.layout.xaxis.type == "date" and "UTC" in fig.layout.xaxis.title.text


def test_best_point_and_launch_period(grid):
    fig = porkchop_figure(grid, c3_max_km2_s2=16.0)
    best = grid.best("c3")
    mark = _trace(fig, "best")
    assert mark.x[0] == utc_iso(best.depart_tdb_s) and mark.y[0] == utc_iso(best.arrive_tdb_s)
    first, last, n_days = launch_period(grid, 16.0)
    text = fig.layout.annotations[0].text
    assert utc_iso(first)[:10] in text and utc_iso(last)[:10] in text
    assert f"{n_days:.0f} days" in text
    no_limit = porkchop_figure(grid)
    assert "C3 limit" not in [t.name for t in no_limit.data]
    dv = _trace(porkchop_figure(grid, criterion="dv_total"), "best")
    assert dv.x[0] == utc_iso(grid.best("dv_total").depart_tdb_s)


def test_html_self_contained(grid, tmp_path):
    out = write_porkchop(grid, tmp_path / "pc.html", c3_max_km2_s2=16.0)
    text = out.read_text()
    # plotly.js is embedded; no script is loaded from anywhere (plotly.js itself mentions
    # cdn.plot.ly as a default for geo maps, which this figure does not use).
    assert re.search(r"<script[^>]*\ssrc=", text) is None
    assert len(text) > 3_000_000 and "Plotly.newPlot" in text and "Launch period" in text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pc.html"]  # no temp file left


def test_atomic_write_leaves_nothing_on_failure(grid, tmp_path, monkeypatch):
    target = tmp_path / "pc.html"
    target.write_text("old")

    def boom(self, path, **kw):
        Path(path).write_text("partial")
        raise OSError("disk full")

    monkeypatch.setattr("plotly.graph_objects.Figure.write_html", boom)
    with pytest.raises(OSError, match="disk full"):
        write_porkchop(grid, target)
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["pc.html"]


def test_bad_suffix(grid, tmp_path):
    with pytest.raises(InputError, match="must end in .html or .png"):
        write_porkchop(grid, tmp_path / "pc.svg")


def test_png_fallback_to_matplotlib(grid, tmp_path, monkeypatch):
    pytest.importorskip("matplotlib")

    def no_browser(fig, tmp):
        raise RuntimeError("no browser")

    monkeypatch.setattr(plots, "_png_kaleido", no_browser)
    out = write_porkchop(grid, tmp_path / "pc.png", c3_max_km2_s2=16.0)
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and out.stat().st_size > 20_000


def test_png_error_names_the_fix(grid, tmp_path, monkeypatch):
    def fail(*a, **k):
        raise ImportError("No module named 'x'")

    monkeypatch.setattr(plots, "_png_kaleido", fail)
    monkeypatch.setattr(plots, "_png_matplotlib", fail)
    with pytest.raises(InputError, match="install kaleido"):
        write_porkchop(grid, tmp_path / "pc.png")
    assert list(tmp_path.iterdir()) == []


def _png_pixels(data: bytes) -> tuple[int, int, bytes]:
    """Width, height and raw (filtered) scanlines of a PNG, standard library only."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, w, h = 8, b"", 0, 0
    while pos < len(data):
        n = int.from_bytes(data[pos : pos + 4], "big")
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + n]
        if kind == b"IHDR":
            w, h = int.from_bytes(body[:4], "big"), int.from_bytes(body[4:8], "big")
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    return w, h, zlib.decompress(idat)


def test_headless_chromium_screenshot(grid, tmp_path, chromium):
    html = write_porkchop(grid, tmp_path / "pc.html", c3_max_km2_s2=16.0)
    shot = tmp_path / "shot.png"
    chromium(
        [f"--screenshot={shot}", "--window-size=1200,900", "--virtual-time-budget=5000",
         html.resolve().as_uri()],
        timeout=60, check=True,
    )  # fmt: skip
    data = shot.read_bytes()
    w, h, raw = _png_pixels(data)
    assert (w, h) == (1200, 900)
    assert len(data) > 30_000  # a blank page compresses to a few kB
    assert len(set(raw[::997])) > 8  # not a uniform image


# --- issue 14: the plot as the field draws it --------------------------------------------------
def test_cli_plot_marks_the_reported_optimum_with_limit(capsys, tmp_path):
    """``--minimize`` and ``--c3-max`` reach the plot: the star is the refined optimum the
    terminal reports for that criterion, the limit contour and launch period are drawn."""
    import json

    from sojourn.cli import main

    out = tmp_path / "pc.html"
    status = main(
        ["windows", "earth", "mars", "--depart", "2020-06-01..2020-09-30", "--arrive",
         "2020-12-01..2021-10-31", "--step-days", "4", "--minimize", "dv_total",
         "--c3-max", "16", "--plot", str(out), "--json"]
    )  # fmt: skip
    res = json.loads(capsys.readouterr().out)
    assert status == 0
    text = out.read_text()
    assert "optimum (dv_total)" in text and "Launch period (C3" in text and "C3 limit" in text
    # The star's dates are the refined optimum's (to the second, as plotly gets them).
    assert res["best"]["depart_utc"][:19] in text and res["best"]["arrive_utc"][:19] in text


def test_mark_is_the_given_optimum_not_the_c3_cell(grid):
    from sojourn.windows import optimize

    best = optimize(grid, "dv_total")
    mark = _trace(porkchop_figure(grid, criterion="dv_total", best=best), "best")
    assert mark.x[0] == utc_iso(best.depart_tdb_s) and mark.y[0] == utc_iso(best.arrive_tdb_s)
    assert mark.text[0] == "optimum (dv_total)"


def test_dla_contours_and_filled_option(grid):
    fig = porkchop_figure(grid, filled=True)
    dla = _trace(fig, "DLA (deg)")
    z = np.asarray(dla.z, dtype=float)
    i, j = grid.best_cell("c3")
    assert z[j, i] == pytest.approx(grid.dla_deg[i, j])  # transposed, the grid's own value
    c3 = _trace(fig, "C3 (km2/s2)")
    assert c3.contours.coloring == "fill" and c3.showscale
    assert "C3" in c3.colorbar.title.text
    assert _trace(porkchop_figure(grid), "C3 (km2/s2)").contours.coloring == "lines"


def test_isolated_nan_cells_do_not_break_contours(grid):
    import dataclasses

    c3 = grid.c3_km2_s2.copy()
    i, j = grid.best_cell("c3")
    c3[i + 2, j + 1] = np.nan  # one failed cell next to the optimum
    holed = dataclasses.replace(grid, c3_km2_s2=c3)
    z = np.asarray(_trace(porkchop_figure(holed), "C3 (km2/s2)").z, dtype=float)
    assert np.isfinite(z[j + 1, i + 2])  # filled from its neighbours for drawing
    lo = min(c3[i + 1, j + 1], c3[i + 3, j + 1], c3[i + 2, j], c3[i + 2, j + 2])
    hi = max(c3[i + 1, j + 1], c3[i + 3, j + 1], c3[i + 2, j], c3[i + 2, j + 2])
    assert lo <= z[j + 1, i + 2] <= hi


def test_matplotlib_fallback_draws_the_same_layers(grid, tmp_path, monkeypatch):
    """The PNG fallback's legend lists the plotly figure's layers (nothing silently dropped)."""
    pytest.importorskip("matplotlib")
    import matplotlib.figure

    seen = {}
    save = matplotlib.figure.Figure.savefig

    def spy(self, *a, **k):
        (ax,) = [a for a in self.axes if a.get_legend() is not None]
        seen["legend"] = [t.get_text() for t in ax.get_legend().get_texts()]
        seen["texts"] = [t.get_text() for t in ax.texts]
        return save(self, *a, **k)

    monkeypatch.setattr(matplotlib.figure.Figure, "savefig", spy)
    monkeypatch.setattr(plots, "_png_kaleido", lambda fig, tmp: (_ for _ in ()).throw(OSError()))
    write_porkchop(grid, tmp_path / "pc.png", c3_max_km2_s2=16.0)
    plotly_names = [t.name for t in porkchop_figure(grid, c3_max_km2_s2=16.0).data]
    assert sorted(seen["legend"]) == sorted(n for n in plotly_names if n != "cells")
    assert any("Launch period" in t for t in seen["texts"])

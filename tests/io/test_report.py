"""The HTML report: one self-contained page, sections present or skipped with the plan's data,
text escaped, and (when Chromium is installed) a headless load with no console errors.

The plan here is built from the domain functions (Mars 2020's launch and landing dates, NASA
press kit: 2020-07-30 and 2021-02-18), not from the planner; the figures' numbers are tested
in their own modules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pytest

from sojourn.abort import LeoAbortTable, abort_table
from sojourn.comms import comms, link_geometry
from sojourn.core.constants import GM_KM3_S2
from sojourn.core.kepler import propagate
from sojourn.core.time import tdb, utc_iso
from sojourn.crew import crew_budget
from sojourn.io.report import _comms_fig, report_html, write_report
from sojourn.leo.tle import builtin_tles, propagate_tle
from sojourn.mission.model import (
    AbortSection,
    CommsSection,
    CommsSeries,
    CrewSection,
    Finding,
    LandingSection,
    LaunchSection,
    Plan,
    PlanPhase,
    PorkchopSection,
    TrajectorySegment,
)
from sojourn.mission.views import planet_orbits
from sojourn.transfer import transfer
from sojourn.windows import date_range, porkchop

pytest.importorskip("plotly")

EVIL = "</script><script>alert('x')</script>"


@pytest.fixture(scope="module")
def full_plan():
    dep, arr = float(tdb("2020-07-30T11:50")), float(tdb("2021-02-18T20:55"))
    tr = transfer("earth", "mars", dep, arr)
    t = np.linspace(dep, arr, 100)
    r, v = propagate(tr.r1_km, tr.v1_km_s, t - dep, GM_KM3_S2["sun"])
    helio = TrajectorySegment("outbound", "sun", t, r, v)
    tle = builtin_tles()[0]
    tt = tle.epoch_tdb_s + np.arange(0.0, 5700.0, 120.0)
    rr, vv = propagate_tle(tle, tt)
    leo = TrajectorySegment("ISS orbit", "earth", tt, rr, vv, frame="GCRS")
    grid = porkchop(
        "earth",
        "mars",
        date_range(dep - 30 * 86400.0, dep + 30 * 86400.0, 6.0),
        date_range(arr - 60 * 86400.0, arr + 60 * 86400.0, 10.0),
    )
    tc = np.linspace(dep + 86400.0, arr, 120)  # not at departure: the probe is at the Earth
    g = link_geometry(tr, tc)
    blackouts = [[float(tc[-20]), float(tc[-5])], [float(tc[10]), float(tc[14])]]
    ab = abort_table(tr, step_days=15.0, dv_budget_km_s=6.0)
    phases = [
        PlanPhase("LEO checkout", "leo", float(tt[0]), dep, environment="leo"),
        PlanPhase("outbound", "transfer", dep, arr, environment="cruise"),
        PlanPhase("surface", "stay", arr, arr + 30 * 86400.0, environment="mars_surface"),
    ]
    cb = crew_budget(
        4,
        [
            ("LEO checkout", phases[0].days, "leo"),
            ("outbound", phases[1].days, "cruise"),
            ("surface", phases[2].days, "mars_surface"),
        ],
    )
    series = CommsSeries(tc, g.one_way_light_time_s, g.sep_deg, 5.0, np.array(blackouts))
    report = comms(tr, float(tc[0]), float(tc[-1]), threshold_deg=5.0, step_hours=24.0)
    findings = [
        Finding("info", "assumption", "Patched conics <b>bold</b> & co."),
        Finding("error", "dose-over-limit", "Dose over the limit " + EVIL, "outbound"),
        Finding("warning", "blackout", "Conjunction during cruise", "outbound"),
    ]
    return Plan(
        "demo",
        "Demo " + EVIL,
        "interplanetary",
        phases,
        [helio, leo],
        transfer=tr,
        comms=CommsSection(report, series),
        aborts=AbortSection(ab, 15.0),
        crew=CrewSection(cb),
        porkchop=PorkchopSection(grid, tr, grid.best_cell("c3")),
        planet_orbits=planet_orbits(float(tt[0]), arr + 30 * 86400.0),
        findings=findings,
        assumptions={"model": "patched conics"},
    )


@pytest.fixture(scope="module")
def page(full_plan):
    return report_html(full_plan)


def _section_ids(page):
    return re.findall(r'<(?:section|header) id="([a-z-]+)"', page)


def test_all_sections_and_figures(page):
    # Top-down (issue 14): key figures, then the findings, then the charts.
    assert _section_ids(page) == [
        "summary",
        "findings",
        "timeline",
        "trajectory",
        "porkchop",
        "comms",
        "crew",
        "aborts",
        "details",
    ]
    for div in (
        "fig-timeline",
        "fig-helio",
        "fig-geo",
        "fig-porkchop",
        "fig-comms",
        "fig-crew",
        "fig-aborts",
    ):
        assert f'id="{div}"' in page
    # Key figures in the header, dates in UTC.
    head = page.split("</header>")[0]
    for label in (
        "Start (UTC)",
        "Duration",
        "Departure C3",
        "Dose per crew member",
        "Max one-way light time",
        "Abort coverage",
        "1 error, 1 warning, 1 info",
    ):
        assert label in head


def test_self_contained_plotly_once_no_network(page):
    from plotly.offline import get_plotlyjs

    js = get_plotlyjs()
    assert page.count(js[:200]) == 1  # plotly.js embedded exactly once
    assert page.count("Plotly.newPlot") == 7
    assert not re.search(r"<script[^>]+src=", page)
    assert not re.search(r"<link[^>]+href=", page)
    assert "@import" not in page and "url(http" not in page


def test_text_escaped_and_findings_table(page):
    assert EVIL not in page  # neither in the HTML nor inside a figure's script
    assert "&lt;/script&gt;&lt;script&gt;alert(&#x27;x&#x27;)" in page
    table = page.split('id="findings-table"')[1].split("</table>")[0]
    rows = re.findall(r'<tr class="sev-(\w+)">', table)
    assert rows == ["error", "warning", "info"]  # most severe first
    assert "Patched conics &lt;b&gt;bold&lt;/b&gt; &amp; co." in table


def test_blackouts_shaded(full_plan):
    fig = _comms_fig(full_plan)
    rects = [s for s in fig.layout.shapes if s.type == "rect"]
    assert len(rects) == 2 * 2  # each blackout on both subplots
    assert any(s.type == "line" for s in fig.layout.shapes)  # the threshold


def _leo_table():
    t = 6.5e8 + np.arange(10) * 86400.0
    hours = np.linspace(2.0, 20.0, 10)
    land = t + hours * 3600.0
    return LeoAbortTable(t, land - 3000.0, land, hours, np.zeros(10), "Kazakhstan")


def test_minimal_plan_skips_what_it_lacks(tmp_path):
    plan = Plan(
        "iss",
        "Station visit",
        "station",
        [PlanPhase("stay", "stay", 6.5e8, 6.5e8 + 10 * 86400.0, environment="leo")],
        aborts=AbortSection(_leo_table(), 1.0),
    )
    page = report_html(plan)
    # The abort table is one typed section: drawn, and listed in the details as JSON.
    assert _section_ids(page) == ["summary", "findings", "timeline", "aborts", "details"]
    assert "No findings." in page
    out = tmp_path / "out" / "report.html"
    write_report(plan, out)
    assert [p.name for p in out.parent.iterdir()] == ["report.html"]  # no temporary left
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


_BENIGN = ("WebGL", "GL Driver", "Canvas2D", "swiftshader", "GPU stall")


def test_headless_chromium_renders_without_errors(full_plan, tmp_path, chromium):
    path = tmp_path / "report.html"
    write_report(full_plan, path)
    shot = tmp_path / "report.png"
    logging = ["--enable-logging=stderr", "--v=0"]
    res = chromium(
        [*logging, "--screenshot=" + str(shot), "--window-size=1400,2000", path.as_uri()]
    )
    errors = [
        ln
        for ln in res.stderr.splitlines()
        if ("Uncaught" in ln or "CONSOLE" in ln) and not any(b in ln for b in _BENIGN)
    ]
    assert errors == []
    assert shot.exists() and shot.stat().st_size > 50_000  # a rendered page, not a blank one
    dom = chromium([*logging, "--dump-dom", "--virtual-time-budget=5000", path.as_uri()]).stdout
    for sid in ("timeline", "trajectory", "porkchop", "comms", "crew", "aborts", "findings"):
        assert f'id="{sid}"' in dom
    # plotly ran: each figure div got its plot (class js-plotly-plot and an SVG or a GL canvas).
    for div in (
        "fig-timeline",
        "fig-helio",
        "fig-geo",
        "fig-porkchop",
        "fig-comms",
        "fig-crew",
        "fig-aborts",
    ):
        m = re.search(rf'<div id="{div}" class="([^"]*)"', dom)
        assert m and "js-plotly-plot" in m.group(1), div
    assert dom.count('class="main-svg"') >= 7


@dataclass(frozen=True)
class _Event:
    """A stand-in for a launch window, a rendezvous or a landing: a time and its JSON."""

    t_tdb_s: float
    key: str
    profile: str = "fast-track"
    zone: str = "kazakhstan"

    launch_tdb_s = docking_tdb_s = landing_tdb_s = property(lambda self: self.t_tdb_s)

    def to_dict(self) -> dict:
        return {self.key: utc_iso(self.t_tdb_s)}


def test_station_header_shows_liftoff_docking_and_landing():
    # The three times a reader of a station plan looks for first belong in the header cards.
    window = _Event(tdb("2021-10-05T08:53:56"), "launch_utc")
    docking = _Event(tdb("2021-10-05T12:05:30"), "docking_utc")
    landing = _Event(tdb("2021-10-17T04:35:44"), "landing_utc")
    plan = Plan(
        "iss",
        "Station visit",
        "station",
        [PlanPhase("stay", "stay", 6.5e8, 6.5e8 + 10 * 86400.0, environment="leo")],
        launch=LaunchSection("baikonur", "ISS", "", "2021-10-05", window, (docking,), docking),
        landing=LandingSection(landing, landing.t_tdb_s - 3 * 3600.0, ""),
    )
    header = report_html(plan).split("</header>")[0]
    for label, value in (
        ("Lift-off (UTC)", "2021-10-05 08:53"),
        ("Docking (UTC)", "2021-10-05 12:05"),
        ("Landing (UTC)", "2021-10-17 04:35"),
    ):
        assert f"<dt>{label}</dt><dd>{value}</dd>" in header

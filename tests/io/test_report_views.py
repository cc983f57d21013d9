"""Issue 14 / 13 item 6: a report that reads top-down and is honest about its charts.

Page title, no cloud button, planets at the departure and arrival dates, the ecliptic view,
the dose chart's scale, the abort chart's samples, the station map (coastlines shipped,
ground tracks computed by the mission layer) and, in headless Chromium, the station page.
"""

from __future__ import annotations

import json
import math
import re
import tomllib
from pathlib import Path

import numpy as np
import pytest

from sojourn.core.constants import AU_KM
from sojourn.core.ephemeris import position
from sojourn.core.kepler import propagate
from sojourn.core.time import tdb
from sojourn.io.coastlines import coastlines
from sojourn.io.report import _aborts_fig, _crew_fig, _helio_fig, _map_fig, report_html
from sojourn.mission.model import Plan, PlanPhase, TrajectorySegment
from sojourn.mission.views import ecliptic, planet_orbits, small_circle, with_views
from sojourn.transfer import transfer

pytest.importorskip("plotly")
REF = Path(__file__).resolve().parents[1] / "reference"


@pytest.fixture(scope="module")
def mars_plan():
    dep, arr = float(tdb("2020-07-30T11:50")), float(tdb("2021-02-18T20:55"))
    tr = transfer("earth", "mars", dep, arr)
    t = np.linspace(dep, arr, 60)
    r, v = propagate(tr.r1_km, tr.v1_km_s, t - dep, 1.32712440041279419e11)
    seg = with_views(TrajectorySegment("outbound", "sun", t, np.asarray(r), np.asarray(v)))
    phases = [
        PlanPhase("LEO", "leo", dep - 86400.0 * 30, dep, environment="leo"),
        PlanPhase("outbound", "transfer", dep, arr, environment="cruise"),
    ]
    orbits = planet_orbits(dep - 86400.0 * 30, arr, events=(("departure", dep), ("arrival", arr)))
    return Plan("m", "Mars 2020", "interplanetary", phases, [seg], transfer=tr,
                planet_orbits=orbits)  # fmt: skip


@pytest.fixture(scope="module")
def station_plan():
    from sojourn.mission.plan import load_example, plan

    return plan(load_example("soyuz-ms19"))


def test_page_title_is_the_plans_not_a_sections(station_plan, mars_plan):
    # A loop variable used to shadow the title: every page was titled "Abort options".
    for p in (station_plan, mars_plan):
        page = report_html(p)
        title = re.search(r"<title>([^<]*)</title><style>", page).group(1)
        assert title.startswith(p.title.split(":")[0]) and "Abort" not in title


def test_no_cloud_or_link_buttons(station_plan):
    page = report_html(station_plan)
    configs = re.findall(r'\{"displaylogo"[^}]*\}', page)
    assert len(configs) == page.count("Plotly.newPlot(") >= 5
    for text in configs:
        cfg = json.loads(text)
        assert cfg["displaylogo"] is False and cfg["showSendToCloud"] is False
        assert "sendDataToCloud" in cfg["modeBarButtonsToRemove"]
        assert cfg.get("showLink", False) is False and cfg.get("sendData", False) is False


def test_planets_marked_at_departure_and_arrival(mars_plan):
    fig = _helio_fig(mars_plan)
    (earth,) = [
        t for t in fig.data if t.name == "Earth at departure/arrival" and t.visible is not False
    ]
    (mars,) = [
        t for t in fig.data if t.name == "Mars at departure/arrival" and t.visible is not False
    ]
    arc = [t for t in fig.data if t.name == "outbound" and t.visible is not False][0]
    # The arc leaves from the Earth marker and reaches the Mars marker (AU, ecliptic).
    start = np.array([arc.x[0], arc.y[0], arc.z[0]])
    end = np.array([arc.x[-1], arc.y[-1], arc.z[-1]])
    assert np.allclose(start, [earth.x[0], earth.y[0], earth.z[0]], atol=1e-6)
    assert np.allclose(end, [mars.x[1], mars.y[1], mars.z[1]], atol=1e-6)
    # And the markers are DE440's planets on those dates, not at the plan's start and end.
    dep = mars_plan.transfer.depart_tdb_s
    want = ecliptic(np.asarray(position("earth", dep, center="sun"))) / AU_KM
    assert np.allclose([earth.x[0], earth.y[0], earth.z[0]], want, atol=1e-9)
    assert "Earth (departure)" in earth.text[0] and "Mars (arrival)" in mars.text[1]


def test_ecliptic_by_default_equatorial_on_a_button(mars_plan):
    fig = _helio_fig(mars_plan)
    assert "ecliptic" in fig.layout.title.text
    (orbit_ecl,) = [t for t in fig.data if t.name == "Earth orbit" and t.visible is not False]
    (orbit_eq,) = [t for t in fig.data if t.name == "Earth orbit" and t.visible is False]
    # The Earth's orbit lies in the ecliptic (J2000): |z| under 1e-4 AU (its ecliptic latitude
    # stays under about 1 arcsecond, plus the Moon's pull on the barycentre: Meeus,
    # Astronomical Algorithms, 2nd ed., ch. 32); in the equatorial frame it reaches
    # sin(23.44 deg) AU = 0.40 AU.
    assert np.max(np.abs(orbit_ecl.z)) < 1e-4
    assert 0.38 < np.max(np.abs(orbit_eq.z)) < 0.41
    labels = [b.label for b in fig.layout.updatemenus[0].buttons]
    assert labels == ["Ecliptic", "Equatorial"]
    n = len(fig.data)
    vis = fig.layout.updatemenus[0].buttons[1].args[0]["visible"]
    assert len(vis) == n and vis == [t.visible is False for t in fig.data]


def test_dose_chart_scale_follows_a_short_flight(station_plan):
    fig = _crew_fig(station_plan)
    dose = float(np.max(station_plan.crew.series.cumulative_dose_msv))
    assert dose < 50.0  # a twelve-day flight: a few mSv
    assert not [s for s in fig.layout.shapes if s.y0 == station_plan.crew.budget.career_limit_msv]
    assert fig.layout.yaxis.range[1] < 2.0 * dose  # not a 0-1000 axis
    assert any("off scale" in a.text for a in fig.layout.annotations)


def test_leo_abort_chart_shows_samples_not_a_sawtooth(station_plan):
    fig = _aborts_fig(station_plan)
    assert [t.mode for t in fig.data] == ["markers"]
    page = report_html(station_plan)
    assert "One marker per request date (every day)" in page


def test_coastlines_are_natural_earths():
    ref = tomllib.loads((REF / "natural_earth_110m_coastline_points.toml").read_text())
    pts = np.concatenate([np.column_stack(c) for c in coastlines()])
    assert pts.shape[0] > 4000 and np.all(np.abs(pts[:, 0]) <= 180.0)
    worst = 0.0
    for group in ref["point"]:
        for lon, lat in group["lon_lat"]:
            d = np.min(np.hypot(pts[:, 0] - lon, pts[:, 1] - lat))
            worst = max(worst, float(d))
    assert worst <= ref["tolerance_deg"], worst
    data = Path(__import__("sojourn.io", fromlist=["x"]).__file__).parent / "data"
    assert (data / "land-110m.json").stat().st_size < 300_000


def test_station_map(station_plan):
    gm = station_plan.ground_map
    kinds = [m.kind for m in gm.marks]
    for kind in ("site", "insertion", "docking", "deorbit", "landing"):
        assert kind in kinds
    # The ground tracks reach the orbit's inclination (the element set's own, 51.6 deg for
    # the ISS) in geodetic latitude: a few tenths more than geocentric near 50 deg.
    incl = 51.64
    for tr in gm.tracks:
        top = float(np.max(np.abs(tr.lat_deg)))
        if tr.t_tdb_s[-1] - tr.t_tdb_s[0] > 5600.0:  # at least one orbit
            assert incl - 0.2 < top < incl + 0.35, (tr.name, top)
    landing = [m for m in gm.marks if m.kind == "landing"][0]
    opp = station_plan.landing.opportunity
    assert (landing.lat_deg, landing.lon_deg) == (opp.lat_deg, opp.lon_deg)
    (used,) = [z for z in gm.zones if z.used]
    assert used.id == opp.zone
    fig = _map_fig(station_plan)
    names = [t.name for t in fig.data]
    assert names[0] == "coastline" and any(n.startswith("ground track") for n in names)
    assert fig.layout.xaxis.range == (-180, 180) and fig.layout.yaxis.scaleanchor == "x"
    page = report_html(station_plan)
    ids = re.findall(r'<(?:section|header) id="([a-z-]+)"', page)
    assert ids.index("findings") < ids.index("map") and "fig-map" in page


def test_small_circle_is_at_its_distance():
    lat, lon = small_circle(47.3, 69.6, 250.0)
    # Haversine distance back to the centre (independent formula), mean Earth radius.
    la0, lo0 = math.radians(47.3), math.radians(69.6)
    la, lo = np.radians(lat), np.radians(lon)
    h = np.sin((la - la0) / 2) ** 2 + np.cos(la0) * np.cos(la) * np.sin((lo - lo0) / 2) ** 2
    d = 2 * 6371.0088 * np.arcsin(np.sqrt(h))
    assert np.allclose(d, 250.0, atol=1e-6)


def test_station_page_in_headless_chromium(station_plan, tmp_path, chromium):
    from sojourn.io.report import write_report

    path = tmp_path / "report.html"
    write_report(station_plan, path)
    dom = chromium(["--dump-dom", "--virtual-time-budget=8000", path.as_uri()],
                   timeout=180).stdout  # fmt: skip
    m = re.search(r'<div id="fig-map" class="([^"]*)"', dom)
    assert m and "js-plotly-plot" in m.group(1)
    # No "share"/cloud/link in the rendered mode bars; the map has its coastlines drawn.
    titles = re.findall(r'class="modebar-btn[^"]*"[^>]*data-title="([^"]*)"', dom)
    titles += re.findall(r'data-title="([^"]*)"[^>]*class="modebar-btn', dom)
    assert titles and not [t for t in titles if re.search("cloud|chart studio|plotly", t, re.I)]
    assert re.search(r"<title>Soyuz MS-19[^<]*</title>", dom)

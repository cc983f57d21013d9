"""Launch windows and rendezvous against real flights to the ISS (tests/reference/leo_flights.toml).

Each flight uses the built-in ISS element set published 1-5 days before it. Measured
(model of sojourn.leo.launch, lead_fraction 0.5): Soyuz/Progress lift-offs from Baikonur come
out 1.1-1.3 min before the real ones, Crew Dragon's from LC-39A 3.0-3.1 min before (its
yaw-steered ascent is not modelled). Tolerances: 3 min (Soyuz) and 5 min (Dragon): "within a
few minutes", the issue's criterion, with room for a TLE 5 days old (its node is known to
about 0.01 deg, 2-3 s of Earth rotation).

Docking (rendezvous profile named in the reference): measured -17 to +10 min. The profile
fixes the number of chaser revolutions, not the exact burn plan; MS-19 docked 10 min late
after a manual approach. Tolerance 20 min.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import numpy as np
import pytest

from sojourn.core.frames import gcrs_to_itrs_matrix
from sojourn.core.time import tdb
from sojourn.errors import InputError
from sojourn.leo.launch import launch_windows, orbit_normal
from sojourn.leo.rendezvous import phase_angle_deg, rendezvous_options, secular_rate_rad_s
from sojourn.leo.sites import SITES, site
from sojourn.leo.tle import builtin_tles, tle_for_date

REF = tomllib.loads(
    (Path(__file__).resolve().parents[1] / "reference" / "leo_flights.toml").read_text()
)
FLIGHTS = REF["flight"]


def _window(f):
    t = tdb(f["launch_utc"])
    tle = tle_for_date(builtin_tles(), t - 86_400.0)
    assert tle.epoch_utc.startswith(f["tle_epoch_utc"])
    ws = launch_windows(site(f["site"]), tle, t - 43_200.0, days=1.0)
    return t, tle, min(ws, key=lambda w: abs(w.launch_tdb_s - t))


@pytest.mark.parametrize("f", FLIGHTS, ids=[f["name"] for f in FLIGHTS])
def test_real_launches_in_plane_instant(f):
    t, tle, w = _window(f)
    tol_min = 3.0 if f["site"].startswith("baikonur") else 5.0
    assert abs(w.launch_tdb_s - t) / 60.0 < tol_min
    assert w.node == "ascending" and w.allowed and w.plane_error_deg < 1e-3
    assert w.window_open_tdb_s <= w.launch_tdb_s <= w.window_close_tdb_s


@pytest.mark.parametrize("f", [f for f in FLIGHTS if "docking_utc" in f], ids=lambda f: f["name"])
def test_real_dockings(f):
    _, tle, w = _window(f)
    opts = {r.profile: r for r in rendezvous_options(w, tle)}
    assert f["profile"] in opts
    assert abs(opts[f["profile"]].docking_tdb_s - tdb(f["docking_utc"])) / 60.0 < 20.0


def test_azimuth_from_spherical_trig():
    # cos(i) = cos(lat) sin(Az) for the inertial azimuth at an in-plane instant.
    # Geocentric latitude of the pad, osculating inclination of the plane at insertion.
    f = FLIGHTS[2]
    _, tle, w = _window(f)
    s = site(f["site"])
    geoc_lat = np.degrees(np.arctan((1 - 1 / 298.257223563) ** 2 * np.tan(np.radians(s.lat_deg))))
    pole = gcrs_to_itrs_matrix(w.insertion_tdb_s)[2]  # Earth's pole of date in GCRS
    inc = np.degrees(np.arccos(orbit_normal(tle, w.insertion_tdb_s) @ pole))
    az = np.degrees(np.arcsin(np.cos(np.radians(inc)) / np.cos(np.radians(geoc_lat))))
    assert abs(w.azimuth_inertial_deg - az) < 0.02


def test_descending_opportunities_rejected_at_baikonur_but_listed_when_asked():
    t = tdb("2021-10-05")
    tle = tle_for_date(builtin_tles(), t)
    all_ws = launch_windows(site("baikonur-31"), tle, t, days=2.0, include_disallowed=True)
    assert {w.node for w in all_ws} == {"ascending", "descending"}
    assert all(w.allowed == (w.node == "ascending") for w in all_ws)


def test_impossible_target_and_bad_inputs():
    t = tdb("2021-10-05")
    tle = tle_for_date(builtin_tles(), t)
    with pytest.raises(InputError, match="unreachable from vostochny-1s"):
        launch_windows(site("vostochny-1s"), tle, t)
    ws = launch_windows(site("vostochny-1s"), tle, t, days=2.0, dogleg_deg=1.0)
    # Geocentric latitude 51.69 deg vs ISS inclination 51.65: closest approaches within the dogleg.
    assert ws and all(0.0 <= w.plane_error_deg < 1.0 for w in ws)
    with pytest.raises(InputError, match="known ids"):
        site("baikonur-99")
    with pytest.raises(InputError, match="'days'"):
        launch_windows(site("baikonur-31"), tle, t, days=0)
    assert len(SITES) == 8


def test_phase_angle_and_j2_rate():
    h = np.array([0.0, 0.0, 1.0])
    assert abs(phase_angle_deg(np.array([1.0, 0, 0]), np.array([0.0, 1, 0]), h) - 90.0) < 1e-12
    assert abs(phase_angle_deg(np.array([1.0, 0, 0]), np.array([0.0, -1, 0]), h) - 270.0) < 1e-12
    # J2 makes the ISS's argument-of-latitude rate a little faster than Kepler's n at i = 51.6 deg.
    a = 6378.137 + 420.0
    n = np.sqrt(398600.435507 / a**3)
    w = secular_rate_rad_s(a, np.radians(51.64))
    assert 0.0 < (w - n) / n < 2e-3


def test_launch_report_is_the_windows_with_their_rendezvous():
    from dataclasses import replace

    from sojourn.leo.launch import ASCENTS, LaunchWindow, ascent_for, launch_report

    t = tdb("2021-10-05")
    tle = tle_for_date(builtin_tles(), t)
    s = site("baikonur-31")
    rep = launch_report(s, t, days=1.0, target="iss")
    assert rep.tle == tle and rep.ascent == ASCENTS["soyuz"] and rep.windows
    ws = launch_windows(s, tle, t, days=1.0, ascent=ASCENTS["soyuz"])
    assert [w.launch_tdb_s for w in rep.windows] == [w.launch_tdb_s for w in ws]
    assert all(isinstance(w, LaunchWindow) and w.rendezvous for w in rep.windows)
    assert [r.to_dict() for r in rep.windows[0].rendezvous] == [
        r.to_dict() for r in rendezvous_options(ws[0], tle)
    ]
    d = rep.to_dict()
    assert list(d) == ["site", "target", "tle_epoch_utc", "ascent", "windows"]
    assert d["site"] == "baikonur-31" and d["tle_epoch_utc"] == tle.epoch_utc
    assert d["ascent"] == {
        "ascent_s": 528.0,
        "insertion_alt_km": 220.0,
        "downrange_deg": 15.0,
        "lead_fraction": 0.5,
    }
    assert d["windows"][0]["rendezvous"]
    # Overrides replace the vehicle's figures; an unknown vehicle gets the generic ascent.
    a = ascent_for("soyuz", ascent_s=600.0, insertion_alt_km=230.0)
    assert a == replace(ASCENTS["soyuz"], ascent_s=600.0, insertion_alt_km=230.0)
    assert ascent_for("balloon") == ASCENTS["generic"]
    assert launch_report(s, t, tle=tle, ascent_s=600.0).ascent.ascent_s == 600.0
    with pytest.raises(InputError, match="'ascent_s' must be in 60..3600"):
        ascent_for("soyuz", ascent_s=5.0)

"""CZML documents (Cesium's CZML, as written by czml3): packets, availability, positions.

Positions are compared with the segment's states in metres at the sample epochs: the JSON
carries float64 values, so they agree to float64 rounding (1e-6 m at 1e9 m). Sample times are
seconds since ``position.epoch`` in TT (= TAI) seconds, the way Cesium's JulianDate adds them;
we check them against TT differences and the epoch against UTC to the printed microsecond.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from sojourn.core.constants import GM_KM3_S2
from sojourn.core.ephemeris import position
from sojourn.core.kepler import propagate
from sojourn.core.time import tdb, tdb_to_tt, utc_iso
from sojourn.io.czml import EARTH_SOI_KM, czml_document, write_czml
from sojourn.leo.tle import builtin_tles, propagate_tle
from sojourn.mission.model import Plan, PlanPhase, TrajectorySegment
from sojourn.mission.views import with_views
from sojourn.transfer import transfer

pytest.importorskip("czml3")


@pytest.fixture(scope="module")
def plan():
    tle = builtin_tles()[0]
    tt = tle.epoch_tdb_s + np.arange(0.0, 5700.0, 60.0)
    rr, vv = propagate_tle(tle, tt)
    leo = TrajectorySegment("ISS orbit", "earth", tt, rr, vv, frame="GCRS")
    dep, arr = float(tdb("2020-07-30T11:50")), float(tdb("2021-02-18T20:55"))
    tr = transfer("earth", "mars", dep, arr)
    # Hourly for four days (leaving the Earth's sphere of influence), then every 10 days.
    t = np.concatenate(
        [
            dep + np.arange(0.0, 4 * 86400.0, 3600.0),
            np.arange(dep + 10 * 86400.0, arr, 10 * 86400.0),
        ]
    )
    r, v = propagate(tr.r1_km, tr.v1_km_s, t - dep, GM_KM3_S2["sun"])
    helio = with_views(TrajectorySegment("outbound", "sun", t, r, v))  # the planner's re-centring
    phases = [PlanPhase("leo", "stay", float(tt[0]), arr, environment="leo")]
    return Plan("m", "Test <mission>", "interplanetary", phases, [leo, helio])


def _by_id(doc):
    return {p["id"]: p for p in doc}


def test_document_packets_and_earth_centred_positions(plan):
    doc = json.loads(czml_document(plan))
    assert doc[0]["id"] == "document" and doc[0]["version"] == "1.0"
    assert doc[0]["name"] == "Test <mission>"
    packets = _by_id(doc)
    leo = plan.trajectories[0]
    p = packets["iss-orbit"]
    assert p["name"] == "ISS orbit" and p["label"]["text"] == "ISS orbit" and "path" in p
    assert p["availability"] == (
        f"{utc_iso(leo.t_tdb_s[0], precision=6)}Z/{utc_iso(leo.t_tdb_s[-1], precision=6)}Z"
    )
    pos = p["position"]
    assert pos["referenceFrame"] == "INERTIAL"
    assert pos["epoch"] == utc_iso(leo.t_tdb_s[0], precision=6) + "Z"
    samples = np.array(pos["cartesian"]).reshape(-1, 4)
    tt = tdb_to_tt(leo.t_tdb_s)
    np.testing.assert_allclose(samples[:, 0], tt - tt[0], rtol=0, atol=1e-6)
    np.testing.assert_allclose(samples[:, 1:], leo.r_km * 1000.0, rtol=1e-15, atol=1e-6)
    # Clock spans every shown arc.
    start, end = doc[0]["clock"]["interval"].split("/")
    assert start == pos["epoch"]


def test_sun_centred_arc_shown_whole_not_from_earths_centre(plan):
    """Issue 14: the Mars CZML showed only three days near the Earth and began at the
    Earth's centre. The whole arc is shown, less its samples inside the Earth's sphere of
    influence at the ends (a patched conic starts at the Earth's centre)."""
    doc = json.loads(czml_document(plan))
    packets = _by_id(doc)
    helio = plan.trajectories[1]
    assert set(packets) == {"document", "iss-orbit", "outbound"}
    samples = np.array(packets["outbound"]["position"]["cartesian"]).reshape(-1, 4)
    r_geo = helio.r_km + position("sun", helio.t_tdb_s, center="earth")
    far = np.linalg.norm(r_geo, axis=1) > EARTH_SOI_KM
    k = int(np.argmax(far))
    assert not far[:k].any() and far[k:].all()  # leaves the sphere once, never returns
    assert samples.shape[0] == helio.t_tdb_s.size - k  # every later sample: to Mars arrival
    np.testing.assert_allclose(samples[:, 1:], r_geo[k:] * 1000.0, rtol=1e-12, atol=1e-3)
    assert np.linalg.norm(samples[0, 1:]) > EARTH_SOI_KM * 1000.0  # not at the Earth's centre
    end = packets["outbound"]["availability"].split("/")[1]
    assert end == utc_iso(helio.t_tdb_s[-1], precision=6) + "Z"
    # The clock covers the whole mission, loops and plays it in about two minutes.
    clock = doc[0]["clock"]
    start, stop = clock["interval"].split("/")
    t1 = max(plan.end_tdb_s, helio.t_tdb_s[-1])
    assert stop == utc_iso(t1, precision=6) + "Z" and clock["range"] == "LOOP_STOP"
    assert clock["step"] == "SYSTEM_CLOCK_MULTIPLIER"
    span = t1 - plan.start_tdb_s
    assert clock["multiplier"] == pytest.approx(span / 120.0, rel=1e-3)


@pytest.fixture(scope="module")
def station_plan():
    from sojourn.mission.plan import load_example
    from sojourn.mission.plan import plan as make_plan

    return make_plan(load_example("soyuz-ms19"))


def test_station_plan_sites_and_zones(station_plan):
    p = station_plan
    packets = _by_id(json.loads(czml_document(p)))
    site = packets["site/site"]["position"]["cartographicDegrees"]
    (mk,) = [m for m in p.ground_map.marks if m.kind == "site"]
    assert site == [mk.lon_deg, mk.lat_deg, 0.0]
    land = packets["site/landing"]["position"]["cartographicDegrees"]
    assert land[:2] == [p.landing.opportunity.lon_deg, p.landing.opportunity.lat_deg]
    assert "zone/kazakhstan" in packets
    assert {"soyuz-ms19-insertion", "soyuz-ms19-return"} <= set(packets)


def test_station_plan_shows_the_station_path(station_plan):
    """Issue 14: the station's own path, insertion to docking, as a sampled inertial packet.

    Plausible positions, checked against the published element set the plan used (the
    built-in ISS TLE of the launch section): every radius lies within the TLE's perigee and
    apogee radii, a (1 -/+ e) with a from its mean motion (Kepler's third law), widened by
    15 km for SGP4's J2 short-period terms (about J2 R^2 / a = 6.5 km at the ISS) and drag
    over two days. At docking the crew vehicle is at the station (rendezvous_path ends on the
    target's state), so the two packets' last samples agree to 1 m.
    """
    p = station_plan
    sp = p.station_path
    assert sp is not None and sp.center == "earth" and sp.object_id == "1998-067A"
    ins = next(s for s in p.trajectories if s.name.endswith("insertion"))
    assert sp.t_tdb_s[0] == ins.t_tdb_s[0] and sp.t_tdb_s[-1] == pytest.approx(ins.t_tdb_s[-1])
    packets = _by_id(json.loads(czml_document(p)))
    ident = [k for k in packets if k.startswith("station/")]
    assert ident == ["station/iss-zarya"]  # the TLE title "ISS (ZARYA)", slugified
    pk = packets[ident[0]]
    assert pk["position"]["referenceFrame"] == "INERTIAL" and "path" in pk
    r_m = np.array(pk["position"]["cartesian"]).reshape(-1, 4)[:, 1:]
    assert r_m.shape == sp.r_km.shape
    (tle,) = [
        t
        for t in builtin_tles()
        if t.epoch_utc == p.launch.tle_epoch_utc and t.name == p.launch.target
    ]
    sat = tle.satrec()
    n_rad_s = sat.no_kozai / 60.0
    a_km = (GM_KM3_S2["earth"] / n_rad_s**2) ** (1.0 / 3.0)
    radius = np.linalg.norm(r_m, axis=1) / 1000.0
    assert radius.min() > a_km * (1.0 - sat.ecco) - 15.0
    assert radius.max() < a_km * (1.0 + sat.ecco) + 15.0
    ins_last = np.array(packets["soyuz-ms19-insertion"]["position"]["cartesian"][-3:])
    np.testing.assert_allclose(r_m[-1], ins_last, rtol=0, atol=1.0)


def test_ground_station_packets_at_published_coordinates():
    """Issue 14: the comms ground stations as fixed packets. Goldstone DSS-14's and Madrid
    DSS-63's positions, turned back to Earth-fixed Cartesian, are JPL's published ITRF
    coordinates (stored with their source in sojourn.comms.STATIONS) to 1 mm (float64 round
    trip of the geodetic conversion); Cebreros' are ESA's published geodetic values."""
    from sojourn.core.frames import geodetic_to_ecef
    from sojourn.mission.views import ground_stations

    stations = ground_stations(["goldstone", "madrid", "cebreros", "madrid"])
    assert [s.id for s in stations] == ["goldstone", "madrid", "cebreros"]
    p = Plan(
        "m",
        "M",
        "interplanetary",
        [PlanPhase("p", "x", 0.0, 86400.0)],
        (),
        ground_stations=stations,
    )
    packets = _by_id(json.loads(czml_document(p)))
    published_m = {
        "goldstone": (-2353621.3873, -4641341.4492, 3677052.2629),  # JPL, DSS-14
        "madrid": (4849092.518, -360180.348, 4115109.251),  # JPL via Kim et al. 2022, DSS-63
    }
    for ident, xyz in published_m.items():
        lon, lat, h_m = packets[f"groundstation/{ident}"]["position"]["cartographicDegrees"]
        got = np.asarray(geodetic_to_ecef(lat, lon, h_m / 1000.0)) * 1000.0
        np.testing.assert_allclose(got, xyz, rtol=0, atol=1e-3)
    ceb = packets["groundstation/cebreros"]
    assert ceb["position"]["cartographicDegrees"] == [-4.3676, 40.4527, pytest.approx(794.0)]
    assert ceb["name"] == "Cebreros DSA 2 (35 m)" and ceb["label"]["text"] == ceb["name"]


def test_empty_plan_and_atomic_write(tmp_path):
    empty = Plan("m", "Empty", "station", [PlanPhase("p", "x", 0.0, 86400.0)])
    doc = json.loads(czml_document(empty))
    assert [p["id"] for p in doc] == ["document"]
    write_czml(empty, tmp_path / "out" / "plan.czml")
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["plan.czml"]
    assert json.loads((tmp_path / "out" / "plan.czml").read_text())[0]["name"] == "Empty"

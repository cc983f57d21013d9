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


def test_sun_centred_arc_kept_near_earth_only(plan):
    packets = _by_id(json.loads(czml_document(plan)))
    helio = plan.trajectories[1]
    assert set(packets) == {"document", "iss-orbit", "outbound/near-earth-1"}
    samples = np.array(packets["outbound/near-earth-1"]["position"]["cartesian"]).reshape(-1, 4)
    r_geo = helio.r_km + position("sun", helio.t_tdb_s, center="earth")
    near = np.linalg.norm(r_geo, axis=1) <= EARTH_SOI_KM
    n = int(near.sum())
    assert near[:n].all() and n == samples.shape[0] and 48 <= n <= 96  # 2 to 4 days out
    np.testing.assert_allclose(samples[:, 1:], r_geo[:n] * 1000.0, rtol=1e-12, atol=1e-3)
    # Departure is from the Earth's centre (patched conics): first sample at the origin.
    assert np.linalg.norm(samples[0, 1:]) < 1.0


def test_empty_plan_and_atomic_write(tmp_path):
    empty = Plan("m", "Empty", "station", [PlanPhase("p", "x", 0.0, 86400.0)])
    doc = json.loads(czml_document(empty))
    assert [p["id"] for p in doc] == ["document"]
    write_czml(empty, tmp_path / "out" / "plan.czml")
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["plan.czml"]
    assert json.loads((tmp_path / "out" / "plan.czml").read_text())[0]["name"] == "Empty"

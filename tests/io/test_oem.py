"""CCSDS OEM files (CCSDS 502.0-B-3, Orbit Data Messages, section 5: OEM in KVN), read back
with an independent reader, the ``oem`` package (``OrbitEphemerisMessage.open``, which parses
epochs with astropy in the file's TIME_SYSTEM).

Tolerances come from the printed precision: positions are printed to 1e-6 km, so a read-back
value is within half of that (5e-7 km) plus float64 rounding (3e-8 km at 2 AU); velocities to
1e-9 km/s (within 5e-10). Epochs are printed to the microsecond, in UTC (the only TIME_SYSTEM
GMAT's reader takes, tests/reference/gmat_oem_frames.txt). A UTC epoch is turned back into TDB
by astropy's own UTC -> TAI -> TT -> TDB chain, which differs from ours (NAIF LSK TDB-TT term,
good to about 30 us per the LSK's own notes) by some microseconds: 50 us.
"""

from __future__ import annotations

import numpy as np
import pytest

from sojourn.core.constants import GM_KM3_S2
from sojourn.core.kepler import propagate
from sojourn.core.time import tdb
from sojourn.errors import InputError
from sojourn.io.oem import oem_text, slugify, write_oem
from sojourn.leo.tle import builtin_tles, propagate_tle
from sojourn.mission.model import Plan, PlanPhase, TrajectorySegment
from sojourn.transfer import transfer

oem = pytest.importorskip("oem")
astropy_time = pytest.importorskip("astropy.time")

J2000_TDB = astropy_time.Time("2000-01-01T12:00:00", scale="tdb")


@pytest.fixture(scope="module")
def segments():
    # Mars 2020's launch and landing dates (NASA press kit: 2020-07-30, 2021-02-18).
    dep, arr = float(tdb("2020-07-30T11:50")), float(tdb("2021-02-18T20:55"))
    tr = transfer("earth", "mars", dep, arr)
    t = np.linspace(dep, arr, 60)
    r, v = propagate(tr.r1_km, tr.v1_km_s, t - dep, GM_KM3_S2["sun"])
    helio = TrajectorySegment("first-mars outbound", "sun", t, r, v)
    tle = builtin_tles()[0]
    tt = tle.epoch_tdb_s + np.arange(0.0, 5700.0, 60.0)
    rr, vv = propagate_tle(tle, tt)
    leo = TrajectorySegment("ISS / LEO stay", "earth", tt, rr, vv, frame="GCRS")
    return helio, leo


def _plan(trajectories):
    t0 = float(trajectories[0].t_tdb_s[0])
    return Plan("m", "M", "interplanetary", [PlanPhase("p", "x", t0, t0 + 86400.0)], trajectories)


def _read(path):
    msg = oem.OrbitEphemerisMessage.open(path)
    (seg,) = list(msg)
    states = list(seg.states)
    epochs = astropy_time.Time([s.epoch for s in states])
    t = (epochs.tdb - J2000_TDB).sec
    r = np.array([s.position for s in states])
    v = np.array([s.velocity for s in states])
    return seg.metadata, t, r, v


def test_files_read_back_by_independent_reader(segments, tmp_path):
    helio, leo = segments
    paths = write_oem(_plan([helio, leo]), tmp_path / "oem")
    assert [p.name for p in paths] == ["first-mars-outbound.oem", "iss-leo-stay.oem"]
    assert sorted(p.name for p in (tmp_path / "oem").iterdir()) == sorted(p.name for p in paths)

    meta, t, r, v = _read(paths[0])
    assert meta["OBJECT_NAME"] == "first-mars outbound"
    assert meta["CENTER_NAME"] == "SUN"
    assert meta["REF_FRAME"] == "ICRF"
    assert meta["TIME_SYSTEM"] == "UTC"  # issue 14: GMAT reads UTC only (was TDB)
    np.testing.assert_allclose(t, helio.t_tdb_s, rtol=0, atol=5e-5)
    np.testing.assert_allclose(r, helio.r_km, rtol=0, atol=1e-6)
    np.testing.assert_allclose(v, helio.v_km_s, rtol=0, atol=1e-9)

    meta, t, r, v = _read(paths[1])
    assert meta["CENTER_NAME"] == "EARTH"
    assert meta["REF_FRAME"] == "EME2000"  # issue 14: GMAT does not read GCRF
    assert meta["TIME_SYSTEM"] == "UTC"
    np.testing.assert_allclose(t, leo.t_tdb_s, rtol=0, atol=5e-5)
    np.testing.assert_allclose(r, leo.r_km, rtol=0, atol=1e-6)
    np.testing.assert_allclose(v, leo.v_km_s, rtol=0, atol=1e-9)


def test_header_and_metadata_layout(segments):
    helio, _ = segments
    text = oem_text(helio, originator="TEST ORG")
    lines = text.splitlines()
    assert lines[0] == "CCSDS_OEM_VERS = 2.0"
    assert lines[1].startswith("CREATION_DATE = ")
    assert lines[2] == "ORIGINATOR = TEST ORG"
    block = lines[lines.index("META_START") + 1 : lines.index("META_STOP")]
    n_comments = sum(m.startswith("COMMENT ") for m in block)
    # Comments open the metadata block (where GMAT's parser requires them), nowhere else.
    assert n_comments >= 1 and all(m.startswith("COMMENT ") for m in block[:n_comments])
    meta = block[n_comments:]
    keys = [m.split(" = ")[0] for m in meta]
    assert keys[:7] == [
        "OBJECT_NAME",
        "OBJECT_ID",
        "CENTER_NAME",
        "REF_FRAME",
        "TIME_SYSTEM",
        "START_TIME",
        "STOP_TIME",
    ]
    # START_TIME is the first data line's epoch (UTC).
    assert dict(m.split(" = ") for m in meta)["START_TIME"] == lines[-len(helio.t_tdb_s)].split()[0]
    data = [ln.split() for ln in lines if ln[:2] == "20"]
    assert len(data) == len(helio.t_tdb_s) and all(len(d) == 7 for d in data)


def test_slugs_unique_and_one_state(segments, tmp_path):
    helio, _ = segments
    one = TrajectorySegment(
        "First-Mars outbound!", "sun", helio.t_tdb_s[:1], helio.r_km[:1], helio.v_km_s[:1]
    )
    paths = write_oem(_plan([helio, one]), tmp_path)
    assert [p.name for p in paths] == ["first-mars-outbound.oem", "first-mars-outbound-2.oem"]
    assert "INTERPOLATION" not in paths[1].read_text()
    assert slugify("  ../..  ") == "segment"
    assert write_oem(Plan("m", "M", "station", [PlanPhase("p", "x", 0.0, 1.0)]), tmp_path) == []


def test_bad_segments_rejected_before_any_file(segments, tmp_path):
    helio, _ = segments
    t = helio.t_tdb_s.copy()
    t[3] = t[2]
    dup = TrajectorySegment("dup", "sun", t, helio.r_km, helio.v_km_s)
    with pytest.raises(InputError, match="must increase"):
        write_oem(_plan([helio, dup]), tmp_path)
    assert list(tmp_path.iterdir()) == []  # the valid one was not written either
    bad = TrajectorySegment("bad", "sun", helio.t_tdb_s, helio.r_km[:-1], helio.v_km_s)
    with pytest.raises(InputError, match=r"shape \(60, 3\)"):
        oem_text(bad)
    nan = TrajectorySegment("nan", "sun", helio.t_tdb_s, helio.r_km * np.nan, helio.v_km_s)
    with pytest.raises(InputError, match="non-finite"):
        oem_text(nan)


# --- issue 14: frames and designators other tools read ------------------------------------
def test_frames_are_ones_the_readers_take(segments, tmp_path):
    """Each file's REF_FRAME is in the inertial frames an established reader documents
    (tests/reference/oem_reader_frames.toml), read back by the independent reader; the
    Earth-centred file says in a COMMENT that its states are GCRS labelled EME2000."""
    import tomllib
    from pathlib import Path

    ref = tomllib.loads(
        (Path(__file__).resolve().parents[1] / "reference" / "oem_reader_frames.toml").read_text()
    )
    accepted = set(ref["stk_11_0"]["inertial"])
    assert "GCRF" not in ref["stk_11_0"]["frames"]
    helio, leo = segments
    paths = write_oem(_plan([helio, leo]), tmp_path / "oem")
    for path in paths:
        meta, *_ = _read(path)
        assert meta["REF_FRAME"] in accepted
    text = paths[1].read_text()
    assert "COMMENT States are GCRS (ICRF-aligned axes); labelled EME2000" in text


def test_object_id_designator_or_placeholder(segments):
    import dataclasses

    helio, leo = segments
    iss = dataclasses.replace(leo, object_id="1998-067A")
    assert "OBJECT_ID = 1998-067A" in oem_text(iss)
    text = oem_text(helio)
    assert "OBJECT_ID = SOJOURN-FIRST-MARS-OUTBOUND" in text
    assert "COMMENT OBJECT_ID is a placeholder, not an international designator" in text


def test_station_plan_insertion_carries_soyuz_designator():
    from sojourn.io.oem import oem_files
    from sojourn.mission.plan import load_example, plan

    files = dict(oem_files(plan(load_example("soyuz-ms19"))))
    # Soyuz MS-19's COSPAR ID 2021-089A (Wikipedia infobox; see mission/views.DESIGNATORS).
    assert "OBJECT_ID = 2021-089A" in files["soyuz-ms19-insertion.oem"]
    assert "REF_FRAME = EME2000" in files["soyuz-ms19-insertion.oem"]
    # The return flies on Soyuz MS-18, whose designator is not catalogued: a placeholder.
    assert "OBJECT_ID = SOJOURN-" in files["soyuz-ms19-return.oem"]


def _gmat_reference():
    """The sets in tests/reference/gmat_oem_frames.txt (quoted from NASA GMAT's source)."""
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / "reference" / "gmat_oem_frames.txt").read_text()
    sets = {}
    for line in text.splitlines():
        for key in ("time_systems", "ref_frames", "center_names"):
            if line.startswith(f"# {key} = "):
                sets[key] = set(line.split(" = ", 1)[1].split())
    # The sets restate the verbatim excerpts below them: check they agree.
    assert 'if (timeSystem != "UTC")' in text
    assert 'csType = "EME2000";' in text and "IAU2000 axes ICRF regardless of the origin" in text
    return sets


def test_values_gmat_reads(segments, tmp_path):
    """Every file's TIME_SYSTEM is one GMAT's OEM reader accepts (UTC only), its REF_FRAME one
    GMAT writes or names (EME2000 for MJ2000Eq axes, ICRF for IAU 2000 axes at any origin) and
    its CENTER_NAME a GMAT body (GMAT's reader stores it unchecked; we compare upper-cased
    spellings); read back by the independent reader."""
    ref = _gmat_reference()
    assert ref["time_systems"] == {"UTC"}
    helio, leo = segments
    paths = write_oem(_plan([helio, leo]), tmp_path / "oem")
    frames = {f.upper() for f in ref["ref_frames"]}
    centers = {c.upper() for c in ref["center_names"]}
    for path in paths:
        meta, *_ = _read(path)
        assert meta["TIME_SYSTEM"] in ref["time_systems"]
        assert meta["REF_FRAME"] in frames
        assert meta["CENTER_NAME"] in centers
        text = path.read_text()
        # GMAT's data loop parses every non-blank line after META_STOP as an epoch and states.
        data = text.split("META_STOP\n", 1)[1].split()
        assert "COMMENT" not in data
        # GMAT's epoch parser wants YYYY-MM-DDThh:mm:ss[.fff] (CCSDSEMSegment::ParseEpoch).
        first = [ln for ln in text.splitlines() if ln.startswith("START_TIME")][0].split(" = ")[1]
        assert len(first.split("T")[1]) >= 8 and first.count("-") == 2 and first.count(":") == 2

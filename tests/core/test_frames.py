"""Earth frames against published examples, the previous implementation, and round trips.

Published values live verbatim in tests/reference/vallado_gcrf_itrf.toml:

- Vallado 4th ed., Example 3-14 (IAU-2006/2000, CIO based): 2004-04-06 07:51:28.386009 UTC,
  with its Earth orientation (UT1-UTC, xp, yp), r/v ITRF -> r/v GCRF.
- Vallado et al. (2006), AIAA 2006-6753: TEME -> J2000 at the same epoch.
- Vallado 4th ed., Example 3-5: IAU-82 GMST.
- IERS Conventions 2010, eq. 5.15: ERA(J2000.0 UT1) = 2 pi x 0.7790572732640.

Tolerances:

- Position, Example 3-14, with the book's EOP: 5 cm. The book prints millimetres. What is
  left is the model: the book's reductions (IAU-76/FK5 with its dPsi/dEps corrections, or its
  IAU-2006/2000 with its own dX, dY) against ours (IAU 2006/2000A from pyerfa with today's
  IERS dX, dY) agree at the 0.1-1 mas level, and 1 mas at |r| = 10,300 km is 5 cm.
  Measured: 1.4 cm.
- Velocity: 2 mm/s. Printings of the example's velocity differ by 1.3 mm/s among themselves
  (see the reference file): how each carries omega x r; we use the nominal rotation rate.
- Defaults (the IERS table in place of the book's numbers): 0.5 m. The book takes the 0h UTC
  values of the day; we interpolate to 07:51, where UT1-UTC has moved by 0.48 ms (LOD
  1.5 ms/day), i.e. 0.48 ms x 7.29e-5 rad/s x 7,970 km from the axis = 0.28 m. The pole of
  today's table differs from the book's by < 1 mas (< 5 cm).
- Without polar motion: |pole| x |r| = 0.36" x 10,300 km = 18 m: allowed 25 m.
- Previous implementation (IAU 2006 + IAU 2000B truncated to 20 terms): its documented bound,
  20 mas of rotation (1 m at this radius); measured 2-4 mas. ERA and GMST82 are the same
  formulas: 1e-10 rad.
"""

from __future__ import annotations

import tomllib
import warnings
from pathlib import Path

import erfa
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sojourn.core import eop, frames
from sojourn.core.time import tdb, tdb_to_tt

REF = tomllib.loads(
    (Path(__file__).parents[1] / "reference" / "vallado_gcrf_itrf.toml").read_text()
)
EX = REF["vallado_3_14"]
EPOCH = EX["utc"]
DUT1 = EX["dut1_s"]
XP, YP = EX["xp_arcsec"], EX["yp_arcsec"]
R_ITRF = np.array(EX["r_itrf_km"])
V_ITRF = np.array(EX["v_itrf_km_s"])
R_GCRF = np.array(EX["r_gcrf_km"])
V_GCRF = np.array(EX["v_gcrf_km_s"])
METRE = 1e-3
CM = 1e-5
MAS = np.pi / (180.0 * 3600.0 * 1000.0)  # milliarcsecond, rad
UAS = MAS / 1000.0


def test_vallado_example_3_14_itrf_to_gcrf():
    t = tdb(EPOCH)
    r, v = frames.ecef_to_gcrs(R_ITRF, V_ITRF, t, dut1_s=DUT1, xp_arcsec=XP, yp_arcsec=YP)
    assert np.linalg.norm(r - R_GCRF) < 5 * CM
    assert np.linalg.norm(v - V_GCRF) < 2e-6
    for v_other in EX["v_gcrf_km_s_other_printings"]:
        assert np.linalg.norm(v - v_other) < 2e-6
    back, vb = frames.gcrs_to_ecef(r, v, t, dut1_s=DUT1, xp_arcsec=XP, yp_arcsec=YP)
    assert np.linalg.norm(back - R_ITRF) < 1e-6 and np.linalg.norm(vb - V_ITRF) < 1e-9


def test_vallado_example_3_14_with_the_iers_table():
    # No Earth orientation given: UT1-UTC, pole and dX, dY come from the packaged table.
    r, _ = frames.ecef_to_gcrs(R_ITRF, None, tdb(EPOCH))
    assert np.linalg.norm(r - R_GCRF) < 0.5 * METRE


def test_vallado_example_3_14_without_polar_motion():
    r, _ = frames.ecef_to_gcrs(R_ITRF, None, tdb(EPOCH), dut1_s=DUT1, xp_arcsec=0, yp_arcsec=0)
    assert np.linalg.norm(r - R_GCRF) < 25.0 * METRE


def test_vallado_2006_teme_to_j2000():
    ex = REF["vallado_2006_teme"]
    r, v = frames.teme_to_gcrs(
        np.array(ex["r_teme_km"]), np.array(ex["v_teme_km_s"]), tdb(EPOCH), dut1_s=DUT1
    )
    assert np.linalg.norm(r - ex["r_j2000_km"]) < 5 * CM  # as above
    assert np.linalg.norm(v - ex["v_j2000_km_s"]) < 1e-6
    # UT1 - UTC hardly enters TEME -> GCRS (both sidereal angles turn together).
    r0, _ = frames.teme_to_gcrs(np.array(ex["r_teme_km"]), np.array(ex["v_teme_km_s"]), tdb(EPOCH))
    assert np.linalg.norm(r0 - r) < 1e-6 * METRE


def test_vallado_example_3_5_gmst82():
    ex = REF["vallado_3_5"]
    # The example's instant is UT1; give it as UTC with UT1 - UTC = 0.
    gmst = np.degrees(frames.gmst82_rad(tdb(ex["ut1"]), dut1_s=0.0))
    # Printed to 1e-9 deg, but the book carries the Julian date in one double (ulp 4.7e-10 d =
    # 40 us = 1.7e-7 deg of GMST): computed that way the formula gives the printed digits
    # exactly; our two-part date lands 4.2e-8 deg away. Allowed 1e-7 deg.
    assert abs(gmst - ex["gmst_deg"]) < 1e-7


def test_era_at_j2000_iers_eq_5_15():
    # UT1 = UTC here (dut1 = 0); 2000-01-01T12:00:00 UTC is JD(UT1) 2451545.0.
    era = frames.era_rad(tdb("2000-01-01T12:00:00"), dut1_s=0.0)
    assert abs(era - 2 * np.pi * 0.7790572732640) < 1e-12


def test_era_default_uses_the_iers_ut1():
    # Left out, UT1 - UTC comes from the table (+0.355 s on 2000-01-01): ERA moves by
    # 1.00273781 x 2 pi x dut1 / 86400 s.
    t = tdb("2000-01-01T12:00:00")
    dut1 = float(eop.ut1_utc_s(t))
    assert 0.35 < dut1 < 0.36
    d = frames.era_rad(t) - frames.era_rad(t, dut1_s=0.0)
    assert abs(d - 1.00273781191135448 * 2 * np.pi * dut1 / 86400.0) < 1e-12
    # An explicit number still overrides, element by element.
    assert frames.era_rad(t, dut1_s=dut1) == frames.era_rad(t)


@pytest.mark.parametrize("i", range(4))
def test_agrees_with_previous_2000b_implementation(i):
    prev = REF["previous_2000b"]
    t = tdb(prev["utc"][i])
    m = frames.gcrs_to_itrs_matrix(t, 0.0, 0.0, 0.0, dx_arcsec=0.0, dy_arcsec=0.0)
    r = m @ np.array(prev["r_gcrs_km"])
    bound = prev["documented_bound_mas"] * MAS * np.linalg.norm(prev["r_gcrs_km"])
    assert np.linalg.norm(r - prev["r_itrs_km"][i]) < bound


def test_matches_erfa_one_call_reference():
    # Our CIO-based composition with the interpolated CIP against SOFA's one-call
    # c2t06a (no dX, dY) and gst06a, at scattered times 1950-2100.
    t = np.random.default_rng(7).uniform(-50, 100, 200) * 365.25 * 86400.0
    dut1, xp, yp = 0.2, 0.1, 0.3
    from sojourn.core.time import tdb_to_utc

    tt = np.asarray(tdb_to_tt(t)) / 86400.0
    ut1 = (np.asarray(tdb_to_utc(t)) + dut1) / 86400.0
    as2r = np.pi / 648000.0
    ref = erfa.c2t06a(2451545.0, tt, 2451545.0, ut1, xp * as2r, yp * as2r)
    m = frames.gcrs_to_itrs_matrix(t, dut1, xp, yp, dx_arcsec=0.0, dy_arcsec=0.0)
    assert np.abs(m - ref).max() < 20 * UAS
    gst = erfa.gst06a(2451545.0, ut1, 2451545.0, tt)
    d = np.angle(np.exp(1j * (frames.gast_rad(t, dut1) - gst)))
    assert np.abs(d).max() < 20 * UAS


def test_a_time_does_not_depend_on_its_array():
    t0 = tdb("2021-10-05T08:55:02")
    alone = frames.gcrs_to_itrs_matrix(t0)
    among = frames.gcrs_to_itrs_matrix(t0 + np.array([-5e6, 0.0, 33.0, 7e7]))[1]
    np.testing.assert_array_equal(alone, among)


def test_far_dates_do_not_raise():
    # DE440 spans 1550-2650: before the IERS table and after its predictions (eop module).
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for date in ("1600-01-01", "1972-06-01", "2600-01-01"):
            m = frames.gcrs_to_itrs_matrix(tdb(date))
            assert np.allclose(m @ m.T, np.eye(3), atol=1e-14)


def test_broadcasting_shapes():
    t = tdb("2021-10-05T08:55:02") + np.arange(6.0).reshape(2, 3) * 600.0
    r, v = frames.ecef_to_gcrs(np.broadcast_to(R_ITRF, (2, 3, 3)), None, t)
    assert r.shape == (2, 3, 3) and v.shape == (2, 3, 3)
    assert frames.gcrs_to_itrs_matrix(t).shape == (2, 3, 3, 3)
    assert frames.gast_rad(t).shape == (2, 3) and frames.era_rad(t).shape == (2, 3)
    rt, vt = frames.teme_to_gcrs(np.broadcast_to(R_ITRF, (2, 3, 3)), np.zeros((2, 3, 3)), t)
    assert rt.shape == (2, 3, 3) and vt.shape == (2, 3, 3)
    # Per-time Earth orientation broadcasts too.
    m = frames.gcrs_to_itrs_matrix(t, dut1_s=np.zeros((2, 3)), xp_arcsec=0.1, yp_arcsec=0.2)
    assert m.shape == (2, 3, 3, 3)


def test_vallado_example_3_3_ecef_to_geodetic():
    """Vallado 4th ed., Example 3-3, p. 173. Longitude and height are matched to half a unit
    in the printed last place. Latitude to 2e-6 deg (0.2 m) rather than the printed 5e-7:
    Vallado's Earth radius is 6378.1363 km (EGM-08), ours WGS 84's 6378.137 km; that 0.7 m
    moves the geodetic latitude by ~8e-7 deg here (measured: ours 34.3524952)."""
    lat, lon, h = frames.ecef_to_geodetic(np.array([6524.834, 6862.875, 6448.296]))
    assert abs(lat - 34.352496) < 2e-6
    assert abs(lon - 46.4464) < 5e-5
    assert abs(h - 5085.22) < 5e-3
    # And back: the printed (rounded) angles give the book's position to a few metres
    # (5e-5 deg of longitude at 9,500 km from the axis is 8 m).
    r = frames.geodetic_to_ecef(34.352496, 46.4464, 5085.22)
    assert np.linalg.norm(r - [6524.834, 6862.875, 6448.296]) < 0.01


@settings(max_examples=40, deadline=None)
@given(st.floats(-89.9, 89.9), st.floats(-180.0, 179.999), st.floats(-0.5, 40000.0))
def test_geodetic_ecef_round_trip(lat, lon, h):
    la, lo, hh = frames.ecef_to_geodetic(frames.geodetic_to_ecef(lat, lon, h))
    assert (
        abs(la - lat) < 1e-8 and abs(((lo - lon + 180) % 360) - 180) < 1e-8 and abs(hh - h) < 1e-6
    )


@settings(max_examples=40, deadline=None)
@given(st.floats(-3.0e8, 1.0e9), st.lists(st.floats(-8000, 8000), min_size=6, max_size=6))
def test_gcrs_ecef_round_trip(t, rv):
    r, v = np.array(rv[:3]), np.array(rv[3:]) / 1000.0
    re_, ve = frames.gcrs_to_ecef(r, v, t, dut1_s=0.3)
    r2, v2 = frames.ecef_to_gcrs(re_, ve, t, dut1_s=0.3)
    assert np.allclose(r2, r, atol=1e-8) and np.allclose(v2, v, atol=1e-11)
    assert abs(np.linalg.norm(re_) - np.linalg.norm(r)) < 1e-8  # a rotation keeps lengths


def test_nan_times_give_nan_quietly():
    # As the NumPy formulas before: a NaN time poisons its own row only, without warnings.
    t = np.array([np.nan, tdb("2021-10-05T08:55:02")])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        m = frames.gcrs_to_itrs_matrix(t)
        r, _ = frames.teme_to_gcrs(np.ones((2, 3)), np.ones((2, 3)), t)
        g = frames.gast_rad(t)
    assert np.isnan(m[0]).all() and np.isfinite(m[1]).all()
    assert np.isnan(r[0]).all() and np.isfinite(r[1]).all()
    assert np.isnan(g[0]) and np.isfinite(g[1])

"""Earth orientation from the packaged IERS table against published bulletins, and its
behaviour between rows, across leap seconds and outside the table.

Published values: tests/reference/iers_eop_bulletins.toml (IERS Bulletin B 373, Bulletin A
Vol. XXI No. 026, Vallado 4th ed. Example 3-14). Tolerance: 0.5 mas (pole, dX, dY) and
0.05 ms (UT1-UTC), five times the jumps IERS announces when it re-realises its series and
about the rapid-versus-final difference (reference file).
"""

from __future__ import annotations

import tomllib
import warnings
from pathlib import Path

import numpy as np
import pytest

from sojourn.core import eop
from sojourn.core.time import delta_at_s, tdb, tdb_to_utc, utc_to_tdb

REF = tomllib.loads(
    (Path(__file__).parents[1] / "reference" / "iers_eop_bulletins.toml").read_text()
)
MAS = 1e-3  # arcsec
MS = 1e-3  # s
POLE_TOL = 0.5 * MAS
UT1_TOL = 0.05 * MS
DAY_S = 86_400.0


def _t(date: str) -> float:
    return tdb(date + "T00:00:00")


@pytest.mark.parametrize("row", REF["bulletin_b_373"]["rows"], ids=lambda r: r[0])
def test_bulletin_b_373_final_values(row):
    date, _mjd, x_mas, y_mas, dut1_ms, dx_mas, dy_mas = row
    e = eop.eop(_t(date))
    assert abs(e.xp_arcsec - x_mas * MAS) < POLE_TOL
    assert abs(e.yp_arcsec - y_mas * MAS) < POLE_TOL
    assert abs(e.dut1_s - dut1_ms * MS) < UT1_TOL
    assert abs(e.dx_arcsec - dx_mas * MAS) < POLE_TOL
    assert abs(e.dy_arcsec - dy_mas * MAS) < POLE_TOL


@pytest.mark.parametrize("row", REF["bulletin_a_xxi_026"]["rows"], ids=lambda r: r[0])
def test_bulletin_a_xxi_026_rapid_values(row):
    date, _mjd, x, y, dut1 = row
    t = _t(date)
    xp, yp = eop.polar_motion_arcsec(t)
    assert abs(xp - x) < POLE_TOL and abs(yp - y) < POLE_TOL
    assert abs(eop.ut1_utc_s(t) - dut1) < UT1_TOL


def test_vallado_example_3_14_eop():
    ex = REF["vallado_3_14"]
    e = eop.eop(_t(ex["date"]))
    assert abs(e.dut1_s - ex["dut1_s"]) < UT1_TOL
    assert abs(e.xp_arcsec - ex["xp_arcsec"]) < POLE_TOL
    assert abs(e.yp_arcsec - ex["yp_arcsec"]) < POLE_TOL


def test_linear_between_daily_rows():
    a, b = _t("2019-01-04"), _t("2019-01-05")
    ea, eb = eop.eop(a), eop.eop(b)
    for f in (0.25, 0.5, 0.9):
        e = eop.eop(a + f * (b - a))
        for name in ("xp_arcsec", "yp_arcsec", "dut1_s", "dx_arcsec", "dy_arcsec"):
            lo, hi = getattr(ea, name), getattr(eb, name)
            assert getattr(e, name) == pytest.approx(lo + f * (hi - lo), abs=1e-9)


def test_leap_second_day_interpolates_ut1_minus_tai():
    # UT1-UTC steps by +1 s at 2017-01-01 0h (leap second, IERS Bulletin C 52). Interpolating
    # UT1-UTC itself would put ~+0.09 s at noon on 31 December; the right value is the
    # midpoint of -0.408 s and (+0.591 - 1) s.
    d31, j1 = _t("2016-12-31"), _t("2017-01-01")
    u31, uj1 = float(eop.ut1_utc_s(d31)), float(eop.ut1_utc_s(j1))
    assert -0.5 < u31 < -0.3 and 0.5 < uj1 < 0.7
    noon = tdb("2016-12-31T12:00:00")
    assert float(eop.ut1_utc_s(noon)) == pytest.approx(0.5 * (u31 + uj1 - 1.0), abs=1e-9)
    # UT1 - TAI runs on smoothly through the leap second (1 ms/day scale, not 1 s).
    t = j1 + np.array([-2.0, -1.5, -0.5, 0.5, 1.5])  # SI seconds around 23:59:60
    ut1_minus_tai = eop.ut1_utc_s(t) + _utc_minus_tai(t)
    assert np.ptp(ut1_minus_tai) < 1e-6


def _utc_minus_tai(t):
    return -delta_at_s(tdb_to_utc(t))


def test_before_the_table_is_zero():
    # The table starts 1973-01-02: earlier dates get UT1 = UTC, no pole, no dX, dY.
    first = eop.table_span_mjd()["dut1"][0]
    assert first == 41684.0  # 1973-01-02
    t = np.array([tdb("1550-01-02"), tdb("1900-01-01"), tdb("1973-01-01T23:00:00")])
    e = eop.eop(t)
    for v in (e.dut1_s, e.xp_arcsec, e.yp_arcsec, e.dx_arcsec, e.dy_arcsec):
        np.testing.assert_array_equal(v, 0.0)
    assert eop.eop(_t("1973-01-02")).dut1_s != 0.0


def test_after_the_table_holds_the_last_value():
    span = eop.table_span_mjd()
    for name, key in (
        ("dut1_s", "dut1"),
        ("xp_arcsec", "xp"),
        ("yp_arcsec", "yp"),
        ("dx_arcsec", "dx"),
    ):
        last_mjd = span[key][1]
        t0 = float(utc_to_tdb((last_mjd - 51544.5) * DAY_S))
        later = t0 + np.array([1.0, 30.0, 3650.0, 200 * 365.25]) * DAY_S  # to 2227
        v0 = getattr(eop.eop(t0), name)
        np.testing.assert_allclose(getattr(eop.eop(later), name), v0, atol=1e-12)


def test_whole_de440_span_never_raises_nor_warns():
    t = np.linspace(tdb("1550-01-02"), tdb("2650-01-20"), 2001)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        e = eop.eop(t)
    assert all(np.all(np.isfinite(v)) for v in vars(e).values())
    assert np.abs(e.dut1_s).max() < 0.9 + 1e-3  # IERS keeps |UT1-UTC| < 0.9 s
    assert np.abs(e.xp_arcsec).max() < 0.5 and np.abs(e.yp_arcsec).max() < 0.8


def test_shapes_follow_the_times():
    t = _t("2019-01-04") + np.arange(6.0).reshape(2, 3) * 3600.0
    e = eop.eop(t)
    assert all(np.shape(v) == (2, 3) for v in vars(e).values())
    assert np.shape(eop.ut1_utc_s(_t("2019-01-04"))) == ()
    xp, yp = eop.polar_motion_arcsec(t)
    assert xp.shape == yp.shape == (2, 3)


def test_table_is_the_packaged_file():
    path = Path(eop.table_path())
    assert path.name == "finals2000A.all" and path.is_file()
    assert "astropy_iers_data" in path.parts

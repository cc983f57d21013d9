"""Time scales against published offsets.

Sources:
- IERS Bulletin C (leap seconds): TAI-UTC = 32 s from 1999-01-01, 37 s from 2017-01-01.
- TT = TAI + 32.184 s (IAU 1991 Resolution A4).
- J2000.0 = 2000-01-01T12:00:00 TT = 2000-01-01T11:58:55.816 UTC (Explanatory Supplement to
  the Astronomical Almanac, 3rd ed., section 3.4; Vallado 4th ed., section 3.5).
- Vallado, Fundamentals of Astrodynamics and Applications, 4th ed., Example 3-7:
  2004-05-14 16:43:00 UTC: dAT = 32 s, TT = 16:44:04.184; TDB - TT from the book's Eq. 3-48
  series, 0.001657 sin M + 0.00001385 sin 2M, M = 357.5277233 + 35999.05034 T_TT degrees.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sojourn.core import time as T
from sojourn.errors import InputError

MICROSECOND = 1e-6


def test_j2000_is_115855816_utc():
    # Explanatory Supplement 3rd ed. 3.4: J2000 = 11:58:55.816 UTC; TDB-TT there is -7.3e-5 s.
    t = T.tdb("2000-01-01T11:58:55.816")
    assert abs(float(T.tdb_to_tt(t))) < MICROSECOND
    assert T.utc_iso(0.0, precision=3) == "2000-01-01T11:58:55.816"


@pytest.mark.parametrize(
    ("date", "tt_minus_utc_s"),
    [
        ("1972-01-01T00:00:00", 42.184),  # first integer leap second era: TAI-UTC = 10 s
        ("1999-01-01T00:00:00", 64.184),  # Bulletin C 16: 32 s
        ("2012-07-01T00:00:00", 67.184),  # Bulletin C 43: 35 s
        ("2015-07-01T00:00:00", 68.184),  # Bulletin C 49: 36 s
        ("2017-01-01T00:00:00", 69.184),  # Bulletin C 52: 37 s
        ("2026-06-30T12:00:00", 69.184),  # no leap second announced since
    ],
)
def test_tt_minus_utc_iers_bulletin_c(date, tt_minus_utc_s):
    utc_s = T.utc_s_from_text(date)
    assert float(T.tai_to_tt(T.utc_to_tai(utc_s)) - utc_s) == pytest.approx(
        tt_minus_utc_s, abs=MICROSECOND
    )


def test_day_before_leap_second_has_old_offset():
    utc_s = T.utc_s_from_text("2016-12-31T23:59:59")
    assert float(T.delta_at_s(utc_s)) == 36.0


def test_leap_second_is_a_real_second():
    # 2016-12-31 ended with 23:59:60 (IERS Bulletin C 52): three UTC labels, three SI seconds.
    a = T.tdb("2016-12-31T23:59:59")
    b = T.tdb("2016-12-31T23:59:60")
    c = T.tdb("2017-01-01T00:00:00")
    assert b - a == pytest.approx(1.0, abs=1e-6)
    assert c - b == pytest.approx(1.0, abs=1e-6)
    assert T.utc_iso(b) == "2016-12-31T23:59:60"
    assert T.utc_iso(b + 0.5, precision=1) == "2016-12-31T23:59:60.5"


def test_vallado_example_3_7():
    # Vallado 4th ed. Example 3-7: 2004 May 14 16:43:00 UTC -> TT 16:44:04.184 (dAT = 32 s).
    t_tdb = T.tdb("2004-05-14T16:43:00")
    t_tt = float(T.tdb_to_tt(t_tdb))
    tt_expected = T.utc_s_from_text("2004-05-14T16:44:04.184")  # same clock reading, TT scale
    # utc_s and TT both count from J2000 noon; TT's origin is 12:00 TT (no leap-second shift).
    assert t_tt == pytest.approx(tt_expected, abs=MICROSECOND)
    # Vallado Eq. 3-48 (two terms of Fairhead & Bretagnon); the LSK term agrees to ~30 us.
    m = np.radians(357.5277233 + 35999.05034 * t_tt / (36525 * 86400))
    expected = 0.001657 * np.sin(m) + 0.00001385 * np.sin(2 * m)
    assert t_tdb - t_tt == pytest.approx(expected, abs=3e-5)


def test_tdb_minus_tt_amplitude():
    # Fairhead & Bretagnon (1990): the main periodic term has amplitude 1.657 ms (annual).
    t = np.linspace(0, 365.25 * 86400, 2000)
    d = T.tt_to_tdb(t) - t
    assert d.max() == pytest.approx(1.657e-3, abs=2e-5)
    assert d.min() == pytest.approx(-1.657e-3, abs=2e-5)


@settings(max_examples=300, deadline=None)
@given(st.floats(min_value=-14e9, max_value=20e9, allow_nan=False))
def test_tdb_utc_tdb_round_trip(t_tdb_s):
    utc_s = T.tdb_to_utc(t_tdb_s)
    back = float(T.utc_to_tdb(utc_s))
    # A time inside a leap second folds onto the next second in utc_s; skip those.
    _, in_leap = T._tai_to_utc_leap(T.tt_to_tai(T.tdb_to_tt(t_tdb_s)))
    if not in_leap:
        assert back == pytest.approx(t_tdb_s, abs=10 * MICROSECOND)


@settings(max_examples=300, deadline=None)
@given(
    st.datetimes(min_value=dt.datetime(1600, 1, 1), max_value=dt.datetime(2600, 12, 31)),
)
def test_utc_text_round_trip(when):
    text = when.strftime("%Y-%m-%dT%H:%M:%S") + f".{when.microsecond // 1000:03d}"
    assert T.utc_iso(T.tdb(text), precision=3) == text


def test_vectorized_and_shapes():
    t = T.tdb([["2020-07-30", "2020-07-31"], ["2020-08-01", "2020-08-02"]])
    assert t.shape == (2, 2)
    assert np.allclose(np.diff(t.ravel()), 86400.0)
    iso = T.utc_iso(t)
    assert iso.shape == (2, 2)
    assert iso[1, 1] == "2020-08-02T00:00:00"
    d64 = np.array(["2020-07-30T11:50", "1600-02-29T00:00"], dtype="datetime64[s]")
    assert list(T.utc_iso(T.tdb(d64))) == ["2020-07-30T11:50:00", "1600-02-29T00:00:00"]


def test_aware_datetime_and_offsets():
    a = T.tdb(dt.datetime(2021, 10, 5, 8, 55, 2, tzinfo=dt.UTC))
    b = T.tdb("2021-10-05T11:55:02+03:00")  # Moscow time
    c = T.tdb("2021-10-05T08:55:02Z")
    assert a == pytest.approx(b, abs=1e-6)
    assert a == pytest.approx(c, abs=1e-6)


def test_naive_datetime_rejected_with_fix():
    with pytest.raises(InputError, match="tzinfo=datetime.timezone.utc"):
        T.tdb(dt.datetime(2021, 10, 5, 8, 55))


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("2021-13-01", "months run 01-12"),
        ("2021-02-29", "2021-02 has 28 days"),
        ("05/10/2021", "ISO 8601"),
        ("2021-10-05T25:00", "impossible time"),
        ("2021-10-05T23:59:60", "no leap second"),
    ],
)
def test_bad_dates(text, match):
    with pytest.raises(InputError, match=match):
        T.tdb(text, field="depart")


def test_numbers_rejected():
    with pytest.raises(InputError, match="pass UTC as text"):
        T.tdb(np.array([1.0, 2.0]))


def test_range():
    t0, t1 = T.parse_range("2020-07-01..2020-08-15", field="depart")
    # 45 UTC days; TDB runs 1.2 ms apart from TT over them (periodic term), hence the tolerance.
    assert (t1 - t0) == pytest.approx(45.0 * 86400, abs=2e-3)
    with pytest.raises(InputError, match="'depart' ends before it starts"):
        T.parse_range("2020-08-15..2020-07-01", field="depart")
    with pytest.raises(InputError, match="must be a range 'A..B'"):
        T.parse_range("2020-08-15", field="depart")


def test_julian_dates():
    # JD 2451545.0 TDB is J2000 (Meeus, Astronomical Algorithms 2nd ed., ch. 7).
    assert float(T.tdb_from_jd(2451545.0)) == 0.0
    assert float(T.jd_tdb(86400.0)) == 2451546.0


def test_leap_seconds_match_erfa_dat_1972_2030():
    """The NAIF leap-second kernel as Sojourn reads it against ERFA's own table (eraDat, from
    IERS Bulletin C), at the first and the last second of every UTC day 1972-2030. ERFA warns
    "dubious year" past its release year + 5; its table is the same (no leap second since
    2017-01-01), so the warning is silenced here."""
    import warnings

    import erfa

    days = np.arange(np.datetime64("1972-01-01"), np.datetime64("2031-01-01"))
    y, m, d = (
        days.astype("datetime64[Y]").astype(int) + 1970,
        days.astype("datetime64[M]").astype(int) % 12 + 1,
        (days - days.astype("datetime64[M]")).astype(int) + 1,
    )
    for sec in (0.0, 86_399.0):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", erfa.ErfaWarning)
            ref = erfa.dat(y, m, d, sec / 86_400.0)
        utc_s = (days - np.datetime64("2000-01-01T12:00:00")).astype("timedelta64[s]").astype(
            float
        ) + sec
        np.testing.assert_array_equal(T.delta_at_s(utc_s), ref)


# --- Edges of tdb() and utc_iso() (issue 9: nothing silently reinterpreted) ----------------
def test_tdb_refuses_nat():
    # Before issue 9, tdb(NaT) returned -9.2e12 s (NaT's int64 read as microseconds).
    with pytest.raises(InputError, match="'depart' is NaT"):
        T.tdb(np.datetime64("NaT"), field="depart")
    with pytest.raises(InputError, match="NaT .* in 1 of 2 entries"):
        T.tdb(np.array(["2020-07-30", "NaT"], dtype="datetime64[s]"))


def test_tdb_reads_astropy_time():
    Time = pytest.importorskip("astropy.time").Time
    assert T.tdb(Time(2451545.0, format="jd", scale="tdb")) == 0.0
    # astropy's TDB (full series) against the LSK term: within the LSK's 30 us.
    assert T.tdb(Time("2020-07-30T11:50", scale="utc")) == pytest.approx(
        T.tdb("2020-07-30T11:50"), abs=5e-5
    )


def test_tdb_refuses_bool_and_complex():
    for bad in (True, 1 + 0j, None):
        with pytest.raises(InputError, match="'date'"):
            T.tdb(bad)


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -float("inf")])
def test_utc_iso_refuses_non_finite(bad):
    # Before issue 9, utc_iso(nan) printed '-292277022627-01-26T08:29:52'.
    with pytest.raises(InputError, match="'t_tdb_s' must be finite"):
        T.utc_iso(bad)
    with pytest.raises(InputError, match="at flat index 1"):
        T.utc_iso(np.array([0.0, bad]))


def test_utc_iso_refuses_what_it_cannot_count():
    with pytest.raises(InputError, match="must lie within"):
        T.utc_iso(1e10, precision=9)  # 2316 in nanoseconds overflows int64
    assert T.utc_iso(1e10, precision=3).startswith("2316-")
    with pytest.raises(InputError, match="'precision' must be an integer 0-9"):
        T.utc_iso(0.0, precision=12)


def test_to_datetime64_gives_nat_for_missing_times():
    d = T.to_datetime64(np.array([0.0, np.nan]))
    assert d[0] == np.datetime64("2000-01-01T11:58:55.816")
    assert np.isnat(d[1])

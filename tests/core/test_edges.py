"""Tests of sojourn.core.edges: each input kind accepted or refused, units converted once.

Reference values:
- J2000 = 2000-01-01T12:00:00 TDB = JD 2451545.0 TDB = 2000-01-01T11:58:55.816 UTC
  (Explanatory Supplement to the Astronomical Almanac, 3rd ed., section 3.4).
- 1 au = 149,597,870.700 km exactly (IAU 2012 Resolution B2).
- GM of the Earth 3.986004418e14 m^3/s^2 (IERS Conventions 2010, table 1.1).
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sojourn.core import time as T
from sojourn.core.edges import (
    as_deg,
    as_gm_km3_s2,
    as_km,
    as_km_s,
    as_rad,
    as_seconds,
    as_tdb,
)
from sojourn.errors import InputError

MICROSECOND = 1e-6
AU_KM = 149_597_870.700
MARS2020 = "2020-07-30T11:50:00"


def _ulps(t):
    """A tolerance of a few units in the last place of t (float64 seconds past J2000)."""
    return 4 * float(np.spacing(abs(float(t))))


# --- times: each kind accepted -------------------------------------------------------------
def test_text_datetime_date_and_datetime64_agree():
    t = as_tdb(MARS2020)
    assert isinstance(t, float)
    assert as_tdb(dt.datetime(2020, 7, 30, 11, 50, tzinfo=dt.UTC)) == t
    assert as_tdb(dt.datetime(2020, 7, 30, 14, 50, tzinfo=dt.timezone(dt.timedelta(hours=3)))) == t
    assert as_tdb(np.datetime64("2020-07-30T11:50")) == pytest.approx(t, abs=_ulps(t))
    assert as_tdb(dt.date(2020, 7, 30)) == as_tdb("2020-07-30")


@pytest.mark.parametrize("unit", ["D", "h", "m", "s", "ms", "us", "ns"])
def test_datetime64_any_unit_is_utc(unit):
    d64 = np.datetime64("2020-07-30", unit)
    assert as_tdb(d64) == pytest.approx(as_tdb("2020-07-30"), abs=MICROSECOND)


def test_datetime64_calendar_units_and_nanoseconds():
    assert as_tdb(np.datetime64("2020-07", "M")) == as_tdb("2020-07-01")
    assert as_tdb(np.datetime64("2021", "Y")) == as_tdb("2021-01-01")
    # Nanoseconds are kept (the old path cut datetime64 to microseconds).
    a = as_tdb(np.datetime64("2020-07-30T11:50:00.000000000", "ns"))
    b = as_tdb(np.datetime64("2020-07-30T11:50:00.000000500", "ns"))
    assert b - a == pytest.approx(5e-7, abs=2 * _ulps(a))
    # Before 1970 the day is floored, not truncated towards zero.
    assert as_tdb(np.datetime64("1969-12-31T23:00")) == pytest.approx(
        as_tdb("1969-12-31T23:00"), abs=MICROSECOND
    )


def test_arrays_and_lists_keep_their_shape():
    d64 = np.array([["2020-07-30", "2020-07-31"], ["2020-08-01", "2020-08-02"]], "M8[D]")
    t = as_tdb(d64)
    assert t.shape == (2, 2)
    np.testing.assert_allclose(np.diff(t.ravel()), 86400.0, atol=2e-3)  # TDB-TT drifts ms
    text = as_tdb([["2020-07-30", "2020-07-31"], ["2020-08-01", "2020-08-02"]])
    np.testing.assert_allclose(text, t, atol=MICROSECOND)
    aware = [dt.datetime(2020, 7, 30, tzinfo=dt.UTC), dt.datetime(2020, 7, 31, tzinfo=dt.UTC)]
    np.testing.assert_allclose(as_tdb(aware), t[0], atol=MICROSECOND)
    assert as_tdb(np.array([], dtype="M8[s]")).shape == (0,)


def test_numbers_are_tdb_seconds_past_j2000():
    assert as_tdb(0.0) == 0.0
    assert as_tdb(86400) == 86400.0
    assert as_tdb(np.float32(2.5)) == 2.5
    x = np.array([0.0, 1e9])
    assert as_tdb(x) is x  # the fast path: no copy
    np.testing.assert_array_equal(as_tdb([0, 1e9]), x)
    with pytest.raises(InputError, match="pass UTC as text"):
        as_tdb(0.0, "depart", numbers=False)


def test_leap_second_text_goes_through_the_time_module():
    # IERS Bulletin C 52: 2016-12-31 ended with 23:59:60.
    assert as_tdb("2016-12-31T23:59:60") - as_tdb("2016-12-31T23:59:59") == pytest.approx(
        1.0, abs=MICROSECOND
    )


# --- times: astropy Time ------------------------------------------------------------------
def test_astropy_time_uses_its_own_tdb_exactly():
    Time = pytest.importorskip("astropy.time").Time
    assert as_tdb(Time(2451545.0, format="jd", scale="tdb")) == 0.0
    assert as_tdb(Time(2451545.0, 0.5, format="jd", scale="tdb")) == 43200.0
    # jd1 and jd2 kept apart: a microsecond ten years out survives (jd1 + jd2 in one float
    # would keep 40 us: the spacing of float64 near 2.46e6 days).
    t = Time(2451545.0 + 3650, 1e-6 / 86400, format="jd", scale="tdb")
    assert as_tdb(t) - 3650 * 86400.0 == pytest.approx(1e-6, abs=1e-7)


def test_astropy_time_in_utc_agrees_with_our_scale_to_30_us():
    Time = pytest.importorskip("astropy.time").Time
    # astropy's TDB-TT (full series) against the NAIF LSK periodic term (about 30 us).
    assert as_tdb(Time(MARS2020, scale="utc")) == pytest.approx(as_tdb(MARS2020), abs=5e-5)
    arr = Time(["2020-07-30T11:50", "2021-02-18T20:55"], scale="utc")
    np.testing.assert_allclose(
        as_tdb(arr), as_tdb(["2020-07-30T11:50", "2021-02-18T20:55"]), atol=5e-5
    )


def test_astropy_masked_time_and_lists_of_times_refused():
    Time = pytest.importorskip("astropy.time").Time
    t = Time(["2020-07-30", "2020-07-31"], scale="utc")
    t[1] = np.ma.masked
    with pytest.raises(InputError, match="'t' has masked"):
        as_tdb(t)
    with pytest.raises(InputError, match="one Time array"):
        as_tdb([Time("2020-07-30"), Time("2020-07-31")])


# --- times: refusals ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        (True, "got a bool"),
        (np.bool_(False), "got a bool"),
        (np.array([True, False]), "got a bool"),
        (1 + 2j, "got a complex number"),
        (np.array([1 + 0j]), "got a complex number"),
        (None, "got None"),
        ("yesterday", "is not a date: 'yesterday'"),
        (b"2020-07-30", "got bytes"),
        (["2020-07-30", 3.0], "mixes kinds (a number, text)"),
        ([True, 1.0], "mixes kinds (a bool, a number)"),
        ([[1.0, 2.0], [3.0]], "ragged"),
        (np.datetime64("NaT"), "is NaT (not a time)"),
        (np.array(["2020-07-30", "NaT"], "M8[s]"), "NaT (not a time) in 1 of 2 entries"),
        (dt.datetime(2020, 7, 30, 11, 50), "tzinfo=datetime.timezone.utc"),
        (np.timedelta64(1, "h"), "got a numpy timedelta64"),
        (dt.timedelta(hours=1), "got a datetime.timedelta"),
        (float("nan"), "must be finite, got nan"),
        (np.array([0.0, np.inf]), "must be finite, got inf at flat index 1"),
        ({"t": 0.0}, "got a dict"),
    ],
)
def test_times_refused_with_the_field_named(value, fragment):
    with pytest.raises(InputError) as info:
        as_tdb(value, "t")
    assert fragment in str(info.value)
    assert str(info.value).startswith("'t' ")
    assert isinstance(info.value, ValueError)


def test_nan_passes_when_the_caller_masks_it():
    t = as_tdb(np.array([0.0, np.nan]), finite=False)
    assert np.isnan(t[1])


def test_quantities_are_not_times():
    u = pytest.importorskip("astropy.units")
    with pytest.raises(InputError, match="must be an instant, got an astropy Quantity"):
        as_tdb(3.0 * u.s, "t")


# --- durations ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        (np.timedelta64(3, "h"), 10_800.0),  # hours, not 3 s
        (np.timedelta64(5, "m"), 300.0),  # numpy's 'm' is minutes
        (np.timedelta64(2, "W"), 1_209_600.0),
        (np.timedelta64(1, "D"), 86_400.0),
        (np.timedelta64(1500, "ms"), 1.5),
        (np.timedelta64(1, "ns"), 1e-9),
        (np.timedelta64(10**18, "ns"), 1e9),  # whole seconds and fraction apart
        (np.timedelta64(-90, "s"), -90.0),
        (dt.timedelta(days=1, microseconds=5), 86_400.000005),
        (600, 600.0),
        (600.0, 600.0),
    ],
)
def test_durations_in_seconds(value, seconds):
    assert as_seconds(value) == seconds


def test_duration_arrays():
    x = np.array([1.0, 2.0])
    assert as_seconds(x) is x
    np.testing.assert_array_equal(as_seconds(np.array([1, 2], "m8[h]")), [3600.0, 7200.0])
    np.testing.assert_array_equal(
        as_seconds([np.timedelta64(1, "h"), np.timedelta64(1, "m")]), [3600.0, 60.0]
    )
    np.testing.assert_array_equal(
        as_seconds([dt.timedelta(hours=1), dt.timedelta(minutes=1)]), [3600.0, 60.0]
    )


def test_duration_quantities_and_timedeltas_from_astropy():
    u = pytest.importorskip("astropy.units")
    TimeDelta = pytest.importorskip("astropy.time").TimeDelta
    assert as_seconds(5 * u.min) == 300.0
    assert as_seconds(1.5 * u.h) == 5400.0
    assert as_seconds(2 * u.day) == 172_800.0
    np.testing.assert_array_equal(as_seconds([1 * u.min, 2 * u.s]), [60.0, 2.0])
    assert as_seconds(TimeDelta(1.5 * u.h)) == 5400.0
    with pytest.raises(InputError, match="'dt_s' must be a duration, got a Quantity in 'm'"):
        as_seconds(5 * u.m)


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ([np.timedelta64(1, "h"), 3], "mixes kinds (a number, a numpy timedelta64)"),
        (np.timedelta64(1, "M"), "in months, which have no fixed length"),
        (np.timedelta64(1, "Y"), "in years"),
        (np.timedelta64(5), "without a unit"),
        (np.timedelta64("NaT", "s"), "NaT"),
        (np.datetime64("2020-07-30"), "got an instant"),
        (dt.datetime(2020, 7, 30, tzinfo=dt.UTC), "got an instant"),
        (1 + 0j, "got a complex number"),
        (np.array([600 + 1j]), "got a complex number"),
        (True, "got a bool"),
        ("600", "got text"),
        (None, "got None"),
    ],
)
def test_durations_refused(value, fragment):
    with pytest.raises(InputError) as info:
        as_seconds(value, "dt_s")
    assert fragment in str(info.value)
    assert "'dt_s'" in str(info.value)


def test_finite_durations_when_required():
    with pytest.raises(InputError, match="'dt_s' must be finite, got nan"):
        as_seconds(float("nan"), "dt_s", finite=True)
    assert np.isnan(as_seconds(np.array([np.nan])))[0]


# --- lengths, speeds, GM, angles ----------------------------------------------------------
def test_plain_numbers_are_the_documented_unit():
    assert as_km(7000) == 7000.0
    assert as_km_s(7.5) == 7.5
    assert as_gm_km3_s2(398600.4418) == 398600.4418
    assert as_rad(0.5) == 0.5
    assert as_deg(30) == 30.0
    np.testing.assert_array_equal(as_km([7000, 0, 0]), [7000.0, 0.0, 0.0])
    assert as_km(np.array([1, 2])).dtype == np.float64
    assert as_km(np.array([1.0, 2.0], dtype=np.float32)).dtype == np.float64


def test_quantities_converted_with_astropy_units():
    u = pytest.importorskip("astropy.units")
    np.testing.assert_allclose(as_km([7e6, 0.0, 0.0] * u.m), [7000.0, 0.0, 0.0], rtol=1e-15)
    assert as_km(1.0 * u.AU) == pytest.approx(AU_KM, rel=1e-15)
    np.testing.assert_allclose(as_km([7000 * u.km, 1 * u.m, 0 * u.m]), [7000.0, 1e-3, 0.0])
    assert as_km_s(7800 * u.m / u.s) == pytest.approx(7.8, rel=1e-15)
    assert as_km_s(1 * u.AU / u.day) == pytest.approx(AU_KM / 86400.0, rel=1e-15)
    assert as_gm_km3_s2(3.986004418e14 * u.m**3 / u.s**2) == pytest.approx(398600.4418)
    assert as_rad(180 * u.deg) == pytest.approx(np.pi, rel=1e-15)
    assert as_deg(np.pi * u.rad) == pytest.approx(180.0, rel=1e-15)
    assert isinstance(as_km(3 * u.km), float)


@pytest.mark.parametrize(
    ("convert", "fragment"),
    [
        (as_km, "'x' must be a length, got a Quantity in 's' (time)"),
        (as_km_s, "'x' must be a speed, got a Quantity in 's' (time)"),
        (as_gm_km3_s2, "'x' must be a gravitational parameter"),
        (as_rad, "'x' must be an angle"),
    ],
)
def test_quantity_of_the_wrong_dimension(convert, fragment):
    u = pytest.importorskip("astropy.units")
    with pytest.raises(InputError) as info:
        convert(3.0 * u.s, "x")
    assert fragment in str(info.value)


def test_complex_quantity_and_other_units_refused():
    u = pytest.importorskip("astropy.units")
    with pytest.raises(InputError, match="'r' is a complex Quantity"):
        as_km((1 + 1j) * u.m, "r")

    class PintLike:  # another library's quantity: refused, never stripped of its unit
        units = "meter"
        magnitude = 3.0

        def __array__(self, dtype=None, copy=None):
            return np.asarray(self.magnitude)

    with pytest.raises(InputError, match="carries units from"):
        as_km(PintLike(), "r")


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        (True, "got a bool"),
        (1 + 0j, "got a complex number"),
        (np.array([[1 + 0j, 0, 0]]), "got a complex number"),
        ("7000", "got text"),
        (None, "got None"),
        (np.timedelta64(1, "h"), "got a numpy timedelta64"),
        ([7000.0, "0", 0.0], "mixes kinds"),
        (np.ma.masked_array([1.0, 2.0], [False, True]), "masked"),
    ],
)
def test_lengths_refused(value, fragment):
    with pytest.raises(InputError) as info:
        as_km(value, "r0_km")
    assert fragment in str(info.value)
    assert str(info.value).startswith("'r0_km' ")


def test_finite_lengths_when_required():
    with pytest.raises(InputError, match=r"'r' must be finite, got inf at flat index 1 \(1 of 3\)"):
        as_km(np.array([1.0, np.inf, 2.0]), "r", finite=True)


# --- properties ----------------------------------------------------------------------------
@settings(max_examples=300, deadline=None)
@given(st.datetimes(min_value=dt.datetime(1600, 1, 1), max_value=dt.datetime(2600, 12, 31)))
def test_datetime64_and_iso_text_give_the_same_tdb(when):
    text = when.strftime("%Y-%m-%dT%H:%M:%S") + f".{when.microsecond:06d}"
    d64 = np.datetime64(when, "us")
    t_text = as_tdb(text)
    # Two float paths to the same UTC instant: equal to a few ulp (4 us in 2600).
    assert as_tdb(d64) == pytest.approx(t_text, abs=_ulps(t_text))
    assert as_tdb(np.array([d64]))[0] == as_tdb(d64)
    assert as_tdb(when.replace(tzinfo=dt.UTC)) == t_text
    assert T.utc_iso(as_tdb(d64), precision=3) == T.utc_iso(t_text, precision=3)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=-(10**12), max_value=10**12), st.sampled_from(["h", "m", "s", "ms"]))
def test_timedelta64_counts_scale_by_their_unit(n, unit):
    per = {"h": 3600.0, "m": 60.0, "s": 1.0, "ms": 1e-3}[unit]
    assert as_seconds(np.timedelta64(n, unit)) == pytest.approx(n * per, rel=1e-15)


# --- cost ----------------------------------------------------------------------------------
def test_astropy_is_never_imported_for_plain_inputs():
    code = (
        "import sys, datetime as dt, numpy as np\n"
        "from sojourn.core.edges import as_tdb, as_km, as_seconds\n"
        "as_tdb('2020-07-30'); as_tdb(np.datetime64('2020-07-30')); as_tdb(0.0)\n"
        "as_tdb(dt.datetime(2020, 7, 30, tzinfo=dt.UTC)); as_km([1.0, 2.0, 3.0])\n"
        "as_seconds(np.timedelta64(1, 'h'))\n"
        "for bad in (None, True, 1j):\n"
        "    try: as_km(bad)\n"
        "    except ValueError: pass\n"
        "print('astropy' in sys.modules, 'numba' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_docstring_examples():
    import doctest

    from sojourn.core import edges

    result = doctest.testmod(edges, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0


def test_as_days_numbers_durations_and_refusals():
    """Days: plain numbers as they are, durations converted at 86,400 s a day; complex, bool,
    text and instants refused naming the field (issue 10: complex days in the crew budget and
    the round trip's step were a TypeError deep inside)."""
    import datetime

    from sojourn.core.edges import as_days

    assert as_days(3) == 3.0 and as_days(np.timedelta64(36, "h")) == 1.5
    assert as_days(datetime.timedelta(days=2)) == 2.0
    for bad in (1 + 1j, True, "x", np.datetime64("2020-01-01"), float("nan")):
        with pytest.raises(InputError, match="'step_days'"):
            as_days(bad, "step_days")

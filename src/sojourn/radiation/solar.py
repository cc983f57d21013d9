"""The solar cycle: the 10.7 cm solar radio flux (F10.7) record, its lagged index, a forecast.

Galactic cosmic rays at 1 AU follow solar activity with a delay: the heliosphere that
modulates them is built by the solar wind of the months before. Sojourn's activity index is
the 13-month smoothed monthly mean F10.7 (observed flux, solar flux units; the tapered running
mean, half weight on the two end months, that NOAA and SILSO use for smoothed indices) taken
**9 months earlier**: the mean delay between solar activity and the cosmic-ray modulation
potential in Nymmik, Panasyuk & Suslov (1996), Adv. Space Res. 17(2):19-30 (as described on
the Paris Observatory's forecast page, previ.obspm.fr "Modulation Potential").

The record (package data ``data/f107_monthly_1957-2041.csv``, see the README there) is the
monthly mean of CelesTrak's daily F10.7 (NRCan/DRAO Penticton, distributed by NOAA SWPC and
CelesTrak for any use): observed 1957-10..2026-03, the 45-day forecast months 2026-04..06, then
NOAA SWPC's monthly solar-cycle progression forecast (``PRM``) to 2041-10.

Forecast band: NOAA's high/low F10.7 bands (``predicted-solar-cycle.json``) were not found in a
readable copy offline, so the band around NOAA's mean is built from past cycles (an analog
spread): the smoothed record's cycles that began at the F10.7 minima of 1964, 1976, 1986 and
1996, each followed month by month from its minimum, are divided by their mean at each phase;
their lowest and highest ratio, at the forecast month's phase from the last minimum (2019-12 in
the smoothed F10.7), scale NOAA's mean into the band. A statistical band, not NOAA's.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from sojourn.errors import InputError

__all__ = [
    "F107_SOURCE",
    "LAG_MONTHS",
    "SolarRecord",
    "f107_index",
    "month_index",
    "solar_record",
]

#: Delay of cosmic-ray modulation behind the smoothed activity index, months (Nymmik et al.
#: 1996, mean delay 9 months).
LAG_MONTHS = 9
F107_SOURCE = (
    "F10.7 cm solar radio flux (NRCan/DRAO Penticton; NOAA SWPC), monthly means of CelesTrak "
    "SW-All.csv daily values, observed 1957-10..2026-03, then NOAA SWPC's solar-cycle "
    "progression forecast to 2041-10 (public; CelesTrak distributes it for any use)"
)
_FILE = "f107_monthly_1957-2041.csv"
#: Month index (months since 1950-01) of the file's first row (1957-10).
_M0 = (1957 - 1950) * 12 + 9


@dataclass(frozen=True)
class SolarRecord:
    """The shipped F10.7 record and what is derived from it (month index 0 = 1950-01)."""

    month0: int  # month index of row 0
    monthly: np.ndarray  # (n,) monthly mean F10.7, sfu (observed, then forecast)
    kind: tuple[str, ...]  # (n,) OBS, PRD (45-day forecast) or PRM (monthly forecast)
    smoothed: np.ndarray  # (n,) 13-month smoothed; NaN for the 6 months at each end
    low: np.ndarray  # (n,) band: equal to smoothed up to the last observed month
    high: np.ndarray
    minima: tuple[int, ...]  # row indices of the smoothed minima (cycle starts)
    last_observed: int  # row index of the last month fully observed

    @property
    def first_month(self) -> int:
        """First month index the lagged index can be evaluated for."""
        return self.month0 + 6 + LAG_MONTHS

    @property
    def last_month(self) -> int:
        """Last month index the lagged index can be evaluated for."""
        return self.month0 + self.monthly.size - 7 + LAG_MONTHS


def month_index(utc_s) -> np.ndarray:
    """Fractional months since 1950-01-01 of UTC seconds past J2000 noon (array)."""
    days = np.asarray(utc_s, dtype=np.float64) / 86400.0 + 0.5 + 18262.0  # days since 1950-01-01
    return days / (365.25 / 12.0)


@lru_cache(maxsize=1)
def solar_record() -> SolarRecord:
    """Read the shipped F10.7 file once; derive the smoothed index, the minima and the band."""
    text = resources.files("sojourn.radiation").joinpath("data", _FILE).read_text("ascii")
    rows = [line.split(",") for line in text.splitlines()[1:] if line.strip()]
    if (int(rows[0][0]), int(rows[0][1])) != (1957, 10):  # pragma: no cover - fixed file
        raise RuntimeError(f"{_FILE} must start at 1957-10")
    monthly = np.array([float(r[2]) for r in rows])
    kind = tuple(r[4] for r in rows)
    n = monthly.size
    w = np.ones(13) / 12.0
    w[0] = w[-1] = 1.0 / 24.0
    smoothed = np.full(n, np.nan)
    smoothed[6 : n - 6] = np.convolve(monthly, w, mode="valid")
    last_obs = max(i for i, k in enumerate(kind) if k == "OBS")
    last_sm = last_obs - 6  # last smoothed month built from observations only
    minima = []
    for i in range(6, last_sm + 1):
        lo, hi = max(6, i - 48), min(last_sm, i + 48)
        if smoothed[i] == np.nanmin(smoothed[lo : hi + 1]) and (not minima or i - minima[-1] > 60):
            minima.append(i)
    start = minima[-1]
    # Earlier cycles that can be followed as far as the forecast goes (phase n - 7 - start).
    analogs = [a for a in minima[:-1] if a + (n - 7 - start) <= last_sm]
    phases = np.arange(last_sm + 1 - start, n - 6 - start)
    curves = np.array([smoothed[a + phases] for a in analogs])
    ratio = curves / curves.mean(axis=0)
    low, high = smoothed.copy(), smoothed.copy()
    sl = slice(last_sm + 1, n - 6)
    low[sl] = smoothed[sl] * ratio.min(axis=0)
    high[sl] = smoothed[sl] * ratio.max(axis=0)
    return SolarRecord(
        month0=_M0,
        monthly=monthly,
        kind=kind,
        smoothed=smoothed,
        low=low,
        high=high,
        minima=tuple(minima),
        last_observed=last_sm,
    )


def f107_index(utc_s, band: str = "mean", field: str = "date", lag_months: int = LAG_MONTHS):
    """Smoothed F10.7 (sfu) 9 months before each time (the modulation index), array.

    Parameters
    ----------
    utc_s : float or ndarray
        UTC seconds past 2000-01-01T12:00 (the internal UTC count).
    band : {"mean", "low", "high"}
        Which curve to use where the index comes from the forecast (the record is the record).
    field : str
        Name of the input, for error messages.
    lag_months : int
        How many months before each time the smoothed value is taken: :data:`LAG_MONTHS` for
        the GCR modulation index, 0 for the activity of the month itself.

    Returns
    -------
    index : float or ndarray
        Lagged smoothed F10.7, sfu, linear between month centres.
    forecast : bool or ndarray
        Whether each value comes from the forecast rather than the observed record.
    """
    if band not in ("mean", "low", "high"):
        raise InputError(f"'band' must be mean, low or high, got {band!r}")
    rec = solar_record()
    m = month_index(utc_s) - 0.5 - lag_months - rec.month0  # row of the index lag months before
    if np.any(~np.isfinite(m)) or np.any(m < 6) or np.any(m > rec.monthly.size - 7):
        shift = lag_months - LAG_MONTHS
        raise InputError(
            f"'{field}' must be between {_month_text(rec.first_month + shift)} and "
            f"{_month_text(rec.last_month + shift)} (the F10.7 record from 1957-10 and NOAA's "
            f"forecast to 2041-10, smoothed and lagged {lag_months} months), got a date outside; "
            "pick a date in that span"
        )
    series = {"mean": rec.smoothed, "low": rec.low, "high": rec.high}[band]
    i0 = np.clip(np.floor(m).astype(int), 6, rec.monthly.size - 8)
    frac = m - i0
    out = series[i0] * (1.0 - frac) + series[i0 + 1] * frac
    fc = m > rec.last_observed
    return (float(out), bool(fc)) if np.ndim(out) == 0 else (out, fc)


def _month_text(i: int) -> str:
    return f"{1950 + i // 12:04d}-{i % 12 + 1:02d}"

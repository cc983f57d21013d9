"""The solar cycle: the SILSO sunspot record, its smoothed and lagged index, and a forecast.

Galactic cosmic rays at 1 AU follow solar activity with a delay: the heliosphere that
modulates them is built by the solar wind of the months before. Sojourn's index of that
modulation is the 13-month smoothed monthly mean total sunspot number (SILSO V2.0; the
tapered running mean SILSO itself uses, half weight on the two end months) taken **9 months
earlier**: the mean delay between the smoothed sunspot number and the cosmic-ray modulation
potential in Nymmik, Panasyuk & Suslov (1996), Adv. Space Res. 17(2):19-30 (as described on the
Paris Observatory's forecast page, previ.obspm.fr "Modulation Potential").

No published sunspot-to-modulation-potential relation (phi in MV) was available offline when
this was written, so the index is used directly by the dose model (:mod:`sojourn.radiation.gcr`).
The published monthly phi (Usoskin et al. 2017, 2014-2025, :mod:`sojourn.radiation.modulation`)
is reported as ``phi_mv`` where it covers a stay (``None`` elsewhere, never made up), and tests
that this index tracks it.

Future dates (after the record's last smoothed month) use a **climatological analog
forecast** built from the record itself: the cycles that began at the sunspot minima of 1954,
1964, 1976, 1986 and 1996 (minima found in the smoothed record), each followed month by month
from its minimum, are aligned on the last minimum (2019-12, the start of cycle 25). Their mean
is the forecast, their lowest and highest the band. Near the end of the record the mean is
scaled to the last smoothed value, the scaling fading out over 60 months. This is a
statistical forecast from past cycles, not NOAA's cycle-25 panel forecast (not shipped).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from sojourn.errors import InputError

__all__ = [
    "LAG_MONTHS",
    "SUNSPOT_SOURCE",
    "SolarRecord",
    "month_index",
    "solar_record",
    "sunspot_index",
]

#: Delay of cosmic-ray modulation behind the smoothed sunspot number, months (Nymmik et al.
#: 1996, mean delay 9 months).
LAG_MONTHS = 9
SUNSPOT_SOURCE = (
    "WDC-SILSO, Royal Observatory of Belgium, Brussels: monthly mean total sunspot number V2.0, "
    "1950-01..2025-07 (CC BY-NC 4.0)"
)
#: Months of the first analog cycles after their minimum that the forecast can follow.
_FADE_MONTHS = 60
_N_ANALOGS = 5
#: First month index (months since 1950-01) a dose may be asked for: the first smoothed,
#: lagged month of the record.
_FIRST = 6 + LAG_MONTHS


@dataclass(frozen=True)
class SolarRecord:
    """The shipped record and what is derived from it (month index 0 = 1950-01)."""

    monthly: np.ndarray  # (n,) monthly mean total sunspot number
    smoothed: np.ndarray  # (n,) 13-month smoothed; NaN for the 6 months at each end
    minima: tuple[int, ...]  # month indices of the smoothed minima (cycle starts)
    forecast_mean: np.ndarray  # (m,) smoothed index from the last valid month on
    forecast_low: np.ndarray
    forecast_high: np.ndarray
    last_smoothed: int  # index of the last month with a smoothed value

    @property
    def last_month(self) -> int:
        """Last month index the index can be evaluated for (forecast end plus the lag)."""
        return self.last_smoothed + len(self.forecast_mean) - 1 + LAG_MONTHS


def month_index(utc_s) -> np.ndarray:
    """Fractional months since 1950-01-01 of UTC seconds past J2000 noon (array)."""
    days = np.asarray(utc_s, dtype=np.float64) / 86400.0 + 0.5 + 18262.0  # days since 1950-01-01
    return days / (365.25 / 12.0)


@lru_cache(maxsize=1)
def solar_record() -> SolarRecord:
    """Read the shipped SILSO file once and derive the smoothed index and the forecast."""
    text = (
        resources.files("sojourn.radiation")
        .joinpath("data", "SN_m_tot_V2.0_1950-2025.csv")
        .read_text(encoding="ascii")
    )
    rows = [line.split(";") for line in text.splitlines() if line.strip()]
    monthly = np.array([float(r[3]) for r in rows])
    first = (int(rows[0][0]), int(rows[0][1]))
    if first != (1950, 1):  # pragma: no cover - the shipped file is fixed
        raise RuntimeError(f"sunspot file starts at {first}, expected 1950-01")
    n = monthly.size
    w = np.ones(13) / 12.0
    w[0] = w[-1] = 1.0 / 24.0
    smoothed = np.full(n, np.nan)
    smoothed[6 : n - 6] = np.convolve(monthly, w, mode="valid")
    last = n - 7
    # Cycle minima: smoothed values lowest within +-48 months (ties broken by the first).
    minima = []
    for i in range(6, last + 1):
        lo, hi = max(6, i - 48), min(last, i + 48)
        if smoothed[i] == np.nanmin(smoothed[lo : hi + 1]) and (not minima or i - minima[-1] > 60):
            minima.append(i)
    start = minima[-1]  # the current cycle's minimum
    analogs = [m for m in minima[:-1]][:_N_ANALOGS]
    horizon = min(last - a for a in analogs)  # months each analog can be followed
    phase0 = last - start
    phases = np.arange(phase0, horizon + 1)
    curves = np.array([smoothed[a + phases] for a in analogs])
    mean = curves.mean(axis=0)
    ratio = smoothed[last] / mean[0] if mean[0] > 0 else 1.0
    fade = np.clip(1.0 - (phases - phase0) / _FADE_MONTHS, 0.0, 1.0)
    scale = 1.0 + (ratio - 1.0) * fade
    return SolarRecord(
        monthly=monthly,
        smoothed=smoothed,
        minima=tuple(minima),
        forecast_mean=mean * scale,
        forecast_low=curves.min(axis=0) * scale,
        forecast_high=curves.max(axis=0) * scale,
        last_smoothed=last,
    )


def sunspot_index(utc_s, band: str = "mean", field: str = "date"):
    """Smoothed sunspot number 9 months before each time (the modulation index), array.

    Parameters
    ----------
    utc_s : float or ndarray
        UTC seconds past 2000-01-01T12:00 (the internal UTC count).
    band : {"mean", "low", "high"}
        Which forecast curve to use after the record ends (the record is the record).
    field : str
        Name of the input, for error messages.

    Returns
    -------
    index : float or ndarray
        Lagged smoothed sunspot number, interpolated linearly between months.
    forecast : bool or ndarray
        Whether each value comes from the forecast rather than the record.
    """
    if band not in ("mean", "low", "high"):
        raise InputError(f"'band' must be mean, low or high, got {band!r}")
    rec = solar_record()
    m = month_index(utc_s) - 0.5 - LAG_MONTHS  # month centres; the index of 9 months before
    lo = _FIRST - LAG_MONTHS
    hi = rec.last_month - LAG_MONTHS
    if np.any(~np.isfinite(m)) or np.any(m < lo) or np.any(m > hi):
        raise InputError(
            f"'{field}' must be between 1951-04 and {_month_text(rec.last_month)} (the sunspot "
            f"record from 1950 and the analog forecast), got a date outside; pick a date in "
            "that span"
        )
    f = {"mean": rec.forecast_mean, "low": rec.forecast_low, "high": rec.forecast_high}[band]
    series = np.concatenate([rec.smoothed[: rec.last_smoothed], f])
    i0 = np.clip(np.floor(m).astype(int), 0, series.size - 2)
    frac = m - i0
    out = series[i0] * (1.0 - frac) + series[i0 + 1] * frac
    fc = m > rec.last_smoothed
    return (float(out), bool(fc)) if np.ndim(out) == 0 else (out, fc)


def _month_text(i: int) -> str:
    return f"{1950 + i // 12:04d}-{i % 12 + 1:02d}"

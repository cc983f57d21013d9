"""Galactic cosmic ray dose rates through the solar cycle: free space, Mars surface, LEO.

Model ``sojourn-gcr-1`` (first order; every constant below is a published value, none is
fitted to the measurements the tests compare with):

Free space, behind aluminium
    Solar-minimum depth-dose from Badhwar, Cucinotta & O'Neill (1993), Radiat. Res.
    134:9-15 (spherical diffusion modulation theory, 1976-77 solar-minimum spectra, HZETRN-type
    transport, ICRP 26 quality factors): the blood-forming-organ (BFO) dose equivalent is
    0.6 Sv/yr behind 9 g/cm2 and 0.5 Sv/yr behind 17.5 g/cm2 of aluminium. Between (and, flagged
    as an extrapolation, from 5 to 30 g/cm2) the dose falls exponentially through those two
    points (attenuation length 8.5 / ln 1.2 = 46.6 g/cm2). The same paper: with ICRP 60
    quality factors the dose equivalent is "about 15% higher"; the factor 1.15 converts.
Solar cycle
    Badhwar et al. (1994), "An analysis of interplanetary space radiation exposure for various
    solar cycles" (abstract): "the maximum variation between solar
    minimum and maximum equivalent dose is about a factor of three". The dose scales linearly
    with the modulation index (the 9-month lagged, 13-month smoothed sunspot number,
    :mod:`sojourn.radiation.solar`) from 1 at the 1976-77 minimum to 1/3 at the 1989-91
    maximum (the index's values then, from the shipped record). A factor of three is the
    paper's *maximum* variation; behind thick shielding it is smaller, so solar-maximum doses
    are the model's least certain (optimistic) side.
Mars surface
    The planet hides half the sky (Letaw, Silberberg & Tsao 1987, "the dose on the lunar
    surface is one-half of free space because there is only a single hemisphere of exposure")
    and the CO2 column shields the other half: P / g with P from the site's elevation (datum
    636 Pa, scale height 11.1 km: NSSDC fact sheet); Gale (-4.5 km) 25.7 g/cm2. CO2 is taken
    as aluminium-equivalent per g/cm2 (flagged; CO2 shields slightly better). The upward
    albedo is added as RAD measured it: about 19% of the total surface dose.
Low Earth orbit
    The ISS's measured range: 50-180 mSv per 180-day stay (NASEM 2021, "Space Radiation and
    Astronaut Health", as quoted), middle 0.64 mSv/day. Altitude, inclination, the South
    Atlantic Anomaly and the solar cycle are NOT modelled beyond that measured range: a
    request away from the ISS orbit (370-435 km, 51.6 deg) is flagged ``outside_basis``.

Quantities: ``dose_equivalent`` is the BFO dose equivalent (ICRP 60 Q(L)); ``effective dose``
is taken equal to it (the BFO dose equivalent stood in for the whole body in NCRP Report 98's
limits; no organ weighting is modelled). Rates are mSv/day.
"""

from __future__ import annotations

import numpy as np

from sojourn.errors import InputError
from sojourn.radiation.solar import solar_record

__all__ = [
    "ALUMINIUM_RANGE_G_CM2",
    "ANCHOR_RANGE_G_CM2",
    "GCR_MODEL",
    "GCR_SOURCES",
    "ISS_RATE_MSV_PER_DAY",
    "free_space_rate_msv_per_day",
    "mars_column_g_cm2",
    "solar_factor",
]

GCR_MODEL = (
    "sojourn-gcr-1 (first order): Badhwar-Cucinotta-O'Neill 1993 solar-minimum BFO depth-dose "
    "in aluminium (ICRP 60 Q: x1.15), scaled by the lagged smoothed sunspot number to 1/3 at "
    "solar maximum (Badhwar et al. 1994)"
)
GCR_SOURCES = (
    "Badhwar GD, Cucinotta FA, O'Neill PM (1993) Radiat Res 134(1):9-15, PubMed 8475259",
    "Badhwar et al. (1994) 'An analysis of interplanetary space radiation exposure for various "
    "solar cycles' (solar minima and maxima 1954-1989)",
    "Letaw JR, Silberberg R, Tsao CH (1987) OSTI 6318929 (surface = half of free space)",
)
#: Badhwar et al. 1993 anchors: (g/cm2 Al, Sv/yr BFO dose equivalent, ICRP 26), 1976-77 minimum.
_ANCHORS = ((9.0, 0.6), (17.5, 0.5))
ICRP60_OVER_ICRP26 = 1.15  # Badhwar et al. 1993: "about 15% higher"
SOLAR_MAX_OVER_MIN = 1.0 / 3.0  # Badhwar et al. 1994: "about a factor of three"
#: Depths between the published anchors (interpolated) and the widest accepted (flagged).
ANCHOR_RANGE_G_CM2 = (9.0, 17.5)
ALUMINIUM_RANGE_G_CM2 = (5.0, 30.0)
_ATT_G_CM2 = (_ANCHORS[1][0] - _ANCHORS[0][0]) / np.log(_ANCHORS[0][1] / _ANCHORS[1][1])
ISS_RATE_MSV_PER_DAY = (50.0 / 180.0, 0.5 * (50.0 + 180.0) / 180.0, 180.0 / 180.0)
ISS_ALT_KM = (370.0, 435.0)
ISS_INCLINATION_DEG = 51.6
MARS_G_M_S2 = 3.71
#: Mars atmosphere: surface pressure at the datum 636 Pa and scale height 11.1 km (NASA NSSDC
#: Mars fact sheet, as quoted); the column above a site is P / g with P = P0 exp(-z / H).
MARS_DATUM_PRESSURE_PA = 636.0
MARS_SCALE_HEIGHT_KM = 11.1
#: Curiosity's landing site at Gale crater, km below the MOLA datum (about -4.5 km; recalled,
#: not checked against a stored copy): the default site.
GALE_ELEVATION_KM = -4.5
#: Upward albedo radiation, fraction of the total surface dose on flat terrain: "about 19%"
#: (RAD at the Murray Buttes, "Directionality of the Martian surface radiation and derivation
#: of the upward albedo radiation", abstract). The downward dose is divided by 1 - 0.19.
MARS_ALBEDO_FRACTION = 0.19


def _reference_indices() -> tuple[float, float]:
    """Lagged index at the 1976-77 minimum (mean) and the 1989-91 maximum (max), from the record."""
    from sojourn.radiation.solar import LAG_MONTHS

    s = solar_record().smoothed
    i76 = (1976 - 1950) * 12 - LAG_MONTHS
    i89 = (1989 - 1950) * 12 - LAG_MONTHS
    return float(np.nanmean(s[i76 : i76 + 24])), float(np.nanmax(s[i89 : i89 + 36]))


def solar_factor(index) -> np.ndarray:
    """Dose relative to solar minimum for a modulation index (lagged smoothed sunspot number)."""
    s_min, s_max = _reference_indices()
    x = (np.asarray(index, dtype=np.float64) - s_min) / (s_max - s_min)
    return np.clip(1.0 - (1.0 - SOLAR_MAX_OVER_MIN) * x, SOLAR_MAX_OVER_MIN, 1.0)


def check_aluminium(depth_g_cm2: float, field: str = "shielding_g_cm2") -> bool:
    """Refuse depths outside 5-30 g/cm2; return whether the depth is extrapolated."""
    d = float(depth_g_cm2)
    lo, hi = ALUMINIUM_RANGE_G_CM2
    if not (np.isfinite(d) and lo <= d <= hi):
        raise InputError(
            f"'{field}' must be {lo:g}-{hi:g} g/cm2 of aluminium (the span of the published "
            f"GCR depth-dose this model rests on), got {depth_g_cm2}; give a depth in that range"
        )
    return not (ANCHOR_RANGE_G_CM2[0] <= d <= ANCHOR_RANGE_G_CM2[1])


def free_space_rate_msv_per_day(depth_g_cm2, index) -> np.ndarray:
    """GCR BFO dose-equivalent rate, mSv/day (ICRP 60), behind aluminium, any index array."""
    d = np.asarray(depth_g_cm2, dtype=np.float64)
    h_min_sv_yr = _ANCHORS[0][1] * np.exp(-(d - _ANCHORS[0][0]) / _ATT_G_CM2)
    return h_min_sv_yr * ICRP60_OVER_ICRP26 * 1000.0 / 365.25 * solar_factor(index)


def mars_column_g_cm2(elevation_km: float = GALE_ELEVATION_KM) -> float:
    """Vertical CO2 column, g/cm2, above a Mars site at ``elevation_km`` (MOLA datum)."""
    z = float(elevation_km)
    if not (np.isfinite(z) and -9.0 <= z <= 22.0):
        raise InputError(
            f"'site_elevation_km' must be -9..22 km (Mars, MOLA datum), got {elevation_km}"
        )
    p = MARS_DATUM_PRESSURE_PA * np.exp(-z / MARS_SCALE_HEIGHT_KM)
    return float(p / MARS_G_M_S2 / 10.0)

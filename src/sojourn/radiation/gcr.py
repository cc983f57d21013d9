"""Galactic cosmic ray dose rates driven by the modulation potential phi: free space, Mars, LEO.

Model ``sojourn-gcr-2`` (first order; the constants below are published values or are
calibrated where said, none on the measurements the tests compare with):

Solar modulation (the driver)
    phi (MV) for every date from :func:`sojourn.radiation.modulation.phi_series`: Usoskin et
    al. (2017)'s published monthly phi where it exists (2014-2025), elsewhere the lagged
    smoothed F10.7 through a relation calibrated on that phi, and NOAA's F10.7 forecast after
    the record.
Dose behind aluminium: shape by physics, level by Badhwar et al. (1993)
    The force-field GCR proton spectrum (:mod:`sojourn.radiation.modulation`) is carried through
    a spherical aluminium shell and then 5 g/cm2 of tissue (water; the BFO depth) by the
    continuous-slowing-down approximation of :mod:`sojourn.radiation.spe` (Bethe stopping
    power, range tables extended to 1 TeV); the dose is the omnidirectional fluence rate times
    the stopping power of water at the point, the dose equivalent adds ICRP 60's Q(L). This is
    precomputed once on a (phi, depth) grid (0-2000 MV by 10, 0-60 g/cm2 by 1: one compiled
    kernel) and interpolated bilinearly; depths outside the grid are refused, never
    extrapolated. The absolute level is NOT from this proton-only calculation (no helium or
    heavier ions, no secondaries, no nuclear losses: an energy-independent nuclear attenuation
    would cancel in the ratio below): at each depth the dose equivalent is Badhwar,
    Cucinotta & O'Neill (1993)'s (Radiat. Res. 134:9-15; HZETRN-type transport of the 1976-77
    solar-minimum spectra, ICRP 26 Q: 0.6 Sv/yr behind 9 g/cm2 and 0.5 behind 17.5 g/cm2 of
    aluminium, exponential between and, flagged, from 5 to 30 g/cm2; ICRP 60 Q "about 15%
    higher": x1.15) times the physics ratio D(phi, depth) / D(phi_1976-77, depth), phi_1976-77
    being the mean phi of 1976-01..1977-12 from the F10.7 relation; helium and heavier nuclei
    (Z/A near 1/2) are modulated by phi/2 per nucleon (:func:`modulation_ratio`, protons'
    share of the dose equivalent 0.5 from Walker et al. 2013). So the solar-cycle variation is
    physics (force field, CSDA), the depth dependence and level are Badhwar's.
    Badhwar et al. (1994)'s "factor of three" between solar minimum and maximum and Reitz
    et al. (2012)'s lunar 380/110 mSv/yr are TESTS of this modulation, not inputs.
Mars surface
    The planet hides half the sky (Letaw, Silberberg & Tsao 1987, "the dose on the lunar
    surface is one-half of free space because there is only a single hemisphere of exposure")
    and the CO2 column shields the other half: P / g with P from the site's elevation (datum
    636 Pa, scale height 11.1 km: NSSDC fact sheet); Gale (-4.5 km) 25.7 g/cm2. CO2 is taken
    as aluminium-equivalent per g/cm2 (flagged; CO2 shields slightly better). The upward
    albedo is added as RAD measured it: about 19% of the total surface dose.
Low Earth orbit
    Not here: :mod:`sojourn.radiation.leo` (``sojourn-leo-1``: GCR above the orbit-averaged
    geomagnetic cutoff, trapped protons in the South Atlantic Anomaly, by altitude,
    inclination and the solar cycle).

Quantities: ``dose_equivalent`` is the BFO dose equivalent (ICRP 60 Q(L)); ``effective dose``
is had from it by :func:`sojourn.radiation.effective.effective_from_dose_equivalent` (E = H,
stated: no published organ-weighted E/H ratio for GCR is stored). Rates are mSv/day.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from numba import njit, prange

from sojourn.errors import InputError

__all__ = [
    "ALUMINIUM_RANGE_G_CM2",
    "ANCHOR_RANGE_G_CM2",
    "GCR_MODEL",
    "GCR_SOURCES",
    "DEPTH_GRID_G_CM2",
    "PHI_GRID_MV",
    "free_space_rate_msv_per_day",
    "mars_column_g_cm2",
    "modulation_ratio",
    "proton_dose_grid",
    "proton_dose_rate",
    "reference_phi_mv",
]

GCR_MODEL = (
    "sojourn-gcr-2 (first order): GCR driven by the modulation potential phi (Usoskin 2017 "
    "published; elsewhere from lagged smoothed F10.7); solar-cycle variation from force-field "
    "protons (and Z/A=1/2 nuclei at phi/2) carried through the shield by CSDA (Bethe) to the BFO, "
    "ICRP 60 Q(L); level and depth "
    "dependence from Badhwar-Cucinotta-O'Neill 1993's 1976-77 solar-minimum BFO depth-dose in "
    "aluminium (ICRP 60 Q: x1.15)"
)
GCR_SOURCES = (
    "Badhwar GD, Cucinotta FA, O'Neill PM (1993) Radiat Res 134(1):9-15, PubMed 8475259",
    "Usoskin IG et al. (2005) J Geophys Res 110:A12108 (Burger et al. 2000 proton LIS, Eq. 2); "
    "Gleeson & Axford (1968) ApJ 154:1011 (force field)",
    "Letaw JR, Silberberg R, Tsao CH (1987) OSTI 6318929 (surface = half of free space)",
)
#: Badhwar et al. 1993 anchors: (g/cm2 Al, Sv/yr BFO dose equivalent, ICRP 26), 1976-77 minimum.
_ANCHORS = ((9.0, 0.6), (17.5, 0.5))
ICRP60_OVER_ICRP26 = 1.15  # Badhwar et al. 1993: "about 15% higher"
#: Depths between the published anchors (interpolated) and the widest accepted (flagged).
ANCHOR_RANGE_G_CM2 = (9.0, 17.5)
ALUMINIUM_RANGE_G_CM2 = (5.0, 30.0)
_ATT_G_CM2 = (_ANCHORS[1][0] - _ANCHORS[0][0]) / np.log(_ANCHORS[0][1] / _ANCHORS[1][1])
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


#: The (phi, depth) grid of the proton transport: MV and g/cm2 of aluminium.
PHI_GRID_MV = np.arange(0.0, 2000.0 + 1e-9, 10.0)
DEPTH_GRID_G_CM2 = np.arange(0.0, 60.0 + 1e-9, 1.0)
#: Years whose mean phi is the Badhwar et al. (1993) solar-minimum reference (1976-77 spectra),
#: and the 1989-91 maximum Badhwar et al. (1994) compare it with.
SOLAR_MIN_YEARS = (1976, 1977)
SOLAR_MAX_YEARS = (1989, 1991)
#: Share of the solar-minimum BFO dose equivalent carried by protons; the rest by helium and
#: heavier nuclei. Walker, Townsend & Norbury (2013, Adv. Space Res., "Heavy ion contributions
#: to organ dose equivalent for the 1977 galactic cosmic ray spectrum", HZETRN 2010, abstract):
#: "For thin shields, contributions from ions heavier than alpha particles comprise at least
#: half of the organ dose equivalent", so protons carry at most half: 0.5 is that bound (the
#: strongest solar-cycle modulation the statement allows). Not fitted to any measurement.
PROTON_SHARE = 0.5
_MEV_G_TO_GY = 1.602176634e-10  # 1 MeV/g in J/kg
_SECONDS_PER_DAY = 86400.0


#: Span of the proton range tables the grid uses: 0.5 MeV to 2 TeV on 6000 log nodes.
_RANGE_SPAN = (2.0e6, 6000)


@njit(cache=True, parallel=True)
def _grid_kernel(phi_gv, e0_gev, w_gy, w_sv, a, g1, b, g2, m):  # pragma: no cover - compiled
    """Sum force-field flux x weights over energy, for every (phi, depth): (gy, sv) grids.

    ``e0_gev[j, k]``: incident energy reaching energy node k at the BFO behind depth j;
    ``w_gy``/``w_sv``: the CSDA Jacobian x stopping power (x Q) x quadrature weights there.
    The flux is :func:`sojourn.radiation.modulation.modulated_proton_flux` (same formula,
    coefficients passed in; a test checks they agree).
    """
    nphi, nd, ne = phi_gv.size, e0_gev.shape[0], e0_gev.shape[1]
    gy = np.empty((nphi, nd))
    sv = np.empty((nphi, nd))
    for j in prange(nd):
        for i in range(nphi):
            big = phi_gv[i]
            s1 = 0.0
            s2 = 0.0
            for k in range(ne):
                t = e0_gev[j, k]
                tt = t + big
                lnp = 0.5 * np.log(tt * (tt + 2.0 * m))  # log rigidity, GV
                lis = a * np.exp(-g1 * lnp) / (1.0 + b * np.exp(-g2 * lnp))
                f = lis * t * (t + 2.0 * m) / (tt * (tt + 2.0 * m))
                s1 += f * w_gy[j, k]
                s2 += f * w_sv[j, k]
            gy[i, j] = s1
            sv[i, j] = s2
    return gy, sv


@lru_cache(maxsize=1)
def proton_dose_grid() -> tuple[np.ndarray, np.ndarray]:
    """BFO absorbed dose and dose equivalent rates of GCR protons on the (phi, depth) grid.

    Returns (Gy/day, Sv/day), each (len(PHI_GRID_MV), len(DEPTH_GRID_G_CM2)): the force-field
    spectrum, isotropic (4 pi sr), through a spherical aluminium shell of each depth and then
    5 g/cm2 of water (CSDA, Bethe), times the stopping power of water there (ICRP 60 Q(L)).
    As in :func:`sojourn.radiation.spe.design_event_dose`, the integral runs over the energy
    E2 at the point (smooth at the Bragg peak): with E1 leaving the shield and E0 incident,
    ``dE0 = S_al(E0) / S_al(E1) * S_w(E1) / S_w(E2) dE2``. Geometry in NumPy, the sum over
    (phi, depth, energy) in one compiled kernel; computed once per process.
    """
    from sojourn.radiation import modulation as mod
    from sojourn.radiation.spe import (
        BFO_DEPTH_G_CM2,
        _incident_mev,
        _q_icrp60,
        stopping_power_mev_cm2_g,
    )

    e2 = np.geomspace(0.5, 1.0e6, 600)  # MeV at the BFO point (1e-4 from 1500 nodes)
    e1 = _incident_mev(e2, BFO_DEPTH_G_CM2, "water", *_RANGE_SPAN)
    s_w1 = stopping_power_mev_cm2_g(e1, "water")
    q = _q_icrp60(stopping_power_mev_cm2_g(e2, "water") * 0.1)  # MeV cm2/g x 1 g/cm3 -> keV/um
    d = DEPTH_GRID_G_CM2[:, None]
    e0 = np.where(d > 0, _incident_mev(e1[None, :], d, "aluminium", *_RANGE_SPAN), e1[None, :])
    jac = stopping_power_mev_cm2_g(e0, "aluminium") / stopping_power_mev_cm2_g(e1, "aluminium")
    tw = np.empty_like(e2)  # trapezoid weights on the e2 nodes, MeV
    tw[1:-1] = 0.5 * (e2[2:] - e2[:-2])
    tw[0], tw[-1] = 0.5 * (e2[1] - e2[0]), 0.5 * (e2[-1] - e2[-2])
    # particles / (m2 s sr GeV) -> omnidirectional per cm2 s MeV: x 4 pi 1e-4 1e-3; -> Gy/day
    k = 4e-7 * np.pi * _MEV_G_TO_GY * _SECONDS_PER_DAY
    w_gy = k * jac * (s_w1 * tw)[None, :]
    gy, sv = _grid_kernel(
        PHI_GRID_MV / 1000.0, e0 / 1000.0, w_gy, w_gy * q[None, :],
        mod._A, mod._G1, mod._B, mod._G2, mod.PROTON_REST_GEV,
    )  # fmt: skip
    return gy, sv


def _bilinear(table, phi_mv, depth_g_cm2):
    phi = np.asarray(phi_mv, dtype=np.float64)
    d = np.asarray(depth_g_cm2, dtype=np.float64)
    if np.any(~np.isfinite(d)) or np.any(d < 0) or np.any(d > DEPTH_GRID_G_CM2[-1]):
        raise InputError(
            f"'depth_g_cm2' must be 0-{DEPTH_GRID_G_CM2[-1]:g} g/cm2 (the transport grid), got "
            f"{depth_g_cm2}; give a depth in that range"
        )
    if np.any(~np.isfinite(phi)) or np.any(phi < 0) or np.any(phi > PHI_GRID_MV[-1]):
        raise InputError(
            f"'phi_mv' must be 0-{PHI_GRID_MV[-1]:g} MV (the transport grid), got {phi_mv}"
        )
    x = phi / (PHI_GRID_MV[1] - PHI_GRID_MV[0])
    y = d / (DEPTH_GRID_G_CM2[1] - DEPTH_GRID_G_CM2[0])
    i = np.clip(np.floor(x).astype(int), 0, PHI_GRID_MV.size - 2)
    j = np.clip(np.floor(y).astype(int), 0, DEPTH_GRID_G_CM2.size - 2)
    fx, fy = x - i, y - j
    return (
        table[i, j] * (1 - fx) * (1 - fy)
        + table[i + 1, j] * fx * (1 - fy)
        + table[i, j + 1] * (1 - fx) * fy
        + table[i + 1, j + 1] * fx * fy
    )


def proton_dose_rate(phi_mv, depth_g_cm2) -> tuple[np.ndarray, np.ndarray]:
    """GCR-proton BFO (Gy/day, Sv/day) behind aluminium, interpolated on the grid (broadcasts)."""
    gy, sv = proton_dose_grid()
    return _bilinear(gy, phi_mv, depth_g_cm2), _bilinear(sv, phi_mv, depth_g_cm2)


@lru_cache(maxsize=1)
def reference_phi_mv() -> tuple[float, float]:
    """phi (MV) of the 1976-77 solar minimum (24-month mean) and the 1989-91 maximum (mean of
    the 12 months centred on its highest month)."""
    from sojourn.radiation.modulation import month_centre_utc_s, phi_series

    def months(y0, y1):
        return np.arange((y0 - 1950) * 12, (y1 - 1950 + 1) * 12)

    lo, _ = phi_series(month_centre_utc_s(months(*SOLAR_MIN_YEARS)))
    hi, _ = phi_series(month_centre_utc_s(months(*SOLAR_MAX_YEARS)))
    k = min(max(int(np.argmax(hi)), 6), hi.size - 6)
    return float(np.mean(lo)), float(np.mean(hi[k - 6 : k + 6]))


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


def badhwar_solar_min_msv_per_day(depth_g_cm2) -> np.ndarray:
    """Badhwar et al. (1993) 1976-77 BFO dose equivalent, mSv/day, ICRP 60 (x1.15), at a depth."""
    d = np.asarray(depth_g_cm2, dtype=np.float64)
    h_min_sv_yr = _ANCHORS[0][1] * np.exp(-(d - _ANCHORS[0][0]) / _ATT_G_CM2)
    return h_min_sv_yr * ICRP60_OVER_ICRP26 * 1000.0 / 365.25


def modulation_ratio(phi_mv, depth_g_cm2) -> np.ndarray:
    """BFO dose equivalent at phi relative to the 1976-77 minimum, behind aluminium (physics).

    ``f_p P(phi) / P(phi_ref) + (1 - f_p) P(phi / 2) / P(phi_ref / 2)``, P the proton-transport
    dose equivalent (:func:`proton_dose_rate`): protons feel the whole potential; helium and
    heavier nuclei (Z/A close to 1/2) lose ``(Z/A) phi`` per nucleon (the force field), taken
    with the protons' spectral shape per nucleon (an assumption: no helium or heavy-ion LIS is
    shipped). ``f_p`` = :data:`PROTON_SHARE` of the dose equivalent.
    """
    phi = np.asarray(phi_mv, dtype=np.float64)
    phi_ref, _ = reference_phi_mv()
    _, hp = proton_dose_rate(phi, depth_g_cm2)
    _, hp0 = proton_dose_rate(phi_ref, depth_g_cm2)
    _, hi = proton_dose_rate(0.5 * phi, depth_g_cm2)
    _, hi0 = proton_dose_rate(0.5 * phi_ref, depth_g_cm2)
    return PROTON_SHARE * hp / hp0 + (1.0 - PROTON_SHARE) * hi / hi0


def free_space_rate_msv_per_day(depth_g_cm2, phi_mv) -> np.ndarray:
    """GCR BFO dose-equivalent rate, mSv/day (ICRP 60), behind aluminium, for phi (MV) arrays.

    Badhwar et al. (1993)'s solar-minimum level at the depth times :func:`modulation_ratio`.
    """
    return badhwar_solar_min_msv_per_day(depth_g_cm2) * modulation_ratio(phi_mv, depth_g_cm2)


def mars_column_g_cm2(elevation_km: float = GALE_ELEVATION_KM) -> float:
    """Vertical CO2 column, g/cm2, above a Mars site at ``elevation_km`` (MOLA datum)."""
    z = float(elevation_km)
    if not (np.isfinite(z) and -9.0 <= z <= 22.0):
        raise InputError(
            f"'site_elevation_km' must be -9..22 km (Mars, MOLA datum), got {elevation_km}"
        )
    p = MARS_DATUM_PRESSURE_PA * np.exp(-z / MARS_SCALE_HEIGHT_KM)
    return float(p / MARS_G_M_S2 / 10.0)

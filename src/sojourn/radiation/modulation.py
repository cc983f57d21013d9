"""GCR protons at 1 AU: the force-field approximation with a published interstellar spectrum.

Model ``force-field/Burger-Usoskin LIS`` (the GCR proton model whose transport sets the dose's
solar-cycle variation, :mod:`sojourn.radiation.gcr`):

Local interstellar spectrum (LIS)
    Burger, Potgieter & Heber (2000), J. Geophys. Res. 105:27447 (doi:10.1029/2000JA000153),
    in the form Usoskin et al. (2005), J. Geophys. Res. 110:A12108 (doi:10.1029/2005JA011250)
    give as their Eq. (2)::

        J_LIS(T) = 1.9e4 P(T)^-2.78 / (1 + 0.4866 P(T)^-2.51),   P(T) = sqrt(T (T + 2 Tr))

    with T the kinetic energy per nucleon in GeV, Tr = 0.938 GeV the proton rest energy, P the
    rigidity in GV and J in particles / (m2 s sr GeV/nucleon). The coefficients were checked
    against an independent transcription (SWMF ``util/EMPIRICAL/srcCosmicRay/
    ModCosmicRayBc.f90``, "Here we refer to Eq. (2) in Usoskin et al. 2005").
Solar modulation
    The force-field approximation (Gleeson & Axford 1968, ApJ 154:1011): a proton seen at 1 AU
    with kinetic energy T had T + Phi outside the heliosphere, Phi = (Z e / A) phi, and the
    phase-space density is conserved along the way::

        J(T, phi) = J_LIS(T + Phi) T (T + 2 Tr) / ((T + Phi) (T + Phi + 2 Tr))

    The modulation potential phi (MV) is the single parameter; its value depends on the LIS
    it is quoted with (Usoskin et al. 2005 stress this), so phi from this module is comparable
    only with phi series built on the same Burger/Usoskin LIS (e.g. Usoskin et al. 2011, whose
    values Gieseler, Heber & Herbst 2017 quote with a 26 MV uncertainty).

The phi series (:func:`phi_series`, the driver of the GCR dose for every date)
    1. Published: monthly phi, 2014-01 to 2025-12, from the Oulu reconstruction (Usoskin et
       al. 2017, J. Geophys. Res. Space Phys., arXiv:1705.07197, ``Phi_mon.txt`` at
       cosmicrays.oulu.fi/phi, Burger/Usoskin LIS convention), package data
       ``data/phi_usoskin2017_monthly_2014-2025.csv`` (provenance in the README there),
       linear between month centres. No longer copy (from 1951) was found in a readable
       public copy offline.
    2. Elsewhere, from F10.7: ``phi = a + b F``, F the 9-month lagged, 13-month smoothed F10.7
       (:func:`sojourn.radiation.solar.f107_index`; the lag from Nymmik et al. 1996, not
       fitted). a and b are CALIBRATED by least squares on the published phi of 2017-01..2025-12
       (108 months: the cycle-24 decline, the 2019-20 minimum and the cycle-25 rise) and TESTED
       on 2014-01..2016-12 (36 months around the cycle-24 maximum, not used). No published
       F10.7- or sunspot-to-phi relation was found offline. First order: one relation for
       every cycle (no 22-year polarity term); the tests state the hold-out error.
    3. Forecast: the same relation applied to NOAA SWPC's F10.7 forecast and its band.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import numpy as np

from sojourn.errors import InputError

__all__ = [
    "LIS_SOURCE",
    "MODEL",
    "PHI_SOURCE",
    "PHI_RANGE_MV",
    "PROTON_REST_GEV",
    "integral_flux_m2_s_sr",
    "lis_proton_flux",
    "modulated_proton_flux",
    "PHI_FORECAST",
    "PHI_FROM_F107",
    "PHI_PUBLISHED",
    "PHI_SOURCES",
    "phi_from_f107",
    "phi_mv",
    "phi_relation",
    "phi_series",
    "phi_table",
    "rigidity_gv",
]

PROTON_REST_GEV = 0.93827208816
#: Modulation potentials accepted, MV: the reconstructed series since 1936 stay inside this span
#: by a wide margin; beyond it the force field is not a description of the heliosphere.
PHI_RANGE_MV = (0.0, 2000.0)
MODEL = (
    "force-field approximation (Gleeson & Axford 1968) on the Burger et al. (2000) proton LIS "
    "as parametrised by Usoskin et al. (2005) Eq. 2"
)
LIS_SOURCE = (
    "Usoskin IG, Alanko-Huotari K, Kovaltsov GA, Mursula K (2005) J Geophys Res 110:A12108, "
    "doi:10.1029/2005JA011250, Eq. 2 (LIS of Burger, Potgieter & Heber 2000, "
    "doi:10.1029/2000JA000153)"
)
PHI_SOURCE = (
    "Usoskin IG, Gil A, Kovaltsov GA, Mishev AL, Mikhailov VV (2017) J Geophys Res Space Phys, "
    "arXiv:1705.07197: monthly phi (MV), Oulu Phi_mon.txt, 2014-01..2025-12 "
    "(Burger/Usoskin LIS convention)"
)
#: Source codes of :func:`phi_series` (per time) and their text.
PHI_PUBLISHED, PHI_FROM_F107, PHI_FORECAST = 0, 1, 2
PHI_SOURCES = {
    PHI_PUBLISHED: "Usoskin 2017 published",
    PHI_FROM_F107: "from F10.7 via phi = a + b F10.7 (13-month smoothed, 9 months before), "
    "calibrated on the Usoskin 2017 phi of 2017-01..2025-12",
    PHI_FORECAST: "forecast: NOAA SWPC F10.7 solar-cycle progression forecast via the same "
    "relation",
}
#: Months (year, month; inclusive) of the published phi that calibrate the F10.7 relation,
#: and the months held out to test it.
CALIBRATION_MONTHS = ((2017, 1), (2025, 12))
HOLDOUT_MONTHS = ((2014, 1), (2016, 12))
_A, _G1, _B, _G2 = 1.9e4, 2.78, 0.4866, 2.51
_PHI_FILE = "phi_usoskin2017_monthly_2014-2025.csv"


def rigidity_gv(t_gev) -> np.ndarray:
    """Rigidity (GV) of a proton of kinetic energy ``t_gev`` (GeV): sqrt(T (T + 2 Tr))."""
    t = np.asarray(t_gev, dtype=np.float64)
    return np.sqrt(t * (t + 2.0 * PROTON_REST_GEV))


def lis_proton_flux(t_gev) -> np.ndarray:
    """Local interstellar proton spectrum, particles / (m2 s sr GeV), at kinetic energy T (GeV)."""
    p = rigidity_gv(t_gev)
    return _A * p ** (-_G1) / (1.0 + _B * p ** (-_G2))


def _check_phi(phi_mv) -> np.ndarray:
    phi = np.asarray(phi_mv, dtype=np.float64)
    lo, hi = PHI_RANGE_MV
    if not np.all(np.isfinite(phi) & (phi >= lo) & (phi <= hi)):
        raise InputError(
            f"'phi_mv' must be {lo:g}-{hi:g} MV (solar modulation potential), got {phi_mv}; "
            "give a potential in that range"
        )
    return phi


def modulated_proton_flux(t_gev, phi_mv) -> np.ndarray:
    """GCR proton spectrum at 1 AU, particles / (m2 s sr GeV), for a modulation potential (MV).

    Broadcasts ``t_gev`` against ``phi_mv`` (e.g. an energy grid against a series of phi).
    """
    phi = _check_phi(phi_mv)
    t = np.asarray(t_gev, dtype=np.float64)
    if np.any(~np.isfinite(t)) or np.any(t <= 0):
        raise InputError(f"'t_gev' must be > 0 GeV (kinetic energy), got {t_gev}")
    big = phi * 1e-3  # Phi = (Z/A) phi for protons, GeV
    tr2 = 2.0 * PROTON_REST_GEV
    return lis_proton_flux(t + big) * t * (t + tr2) / ((t + big) * (t + big + tr2))


def integral_flux_m2_s_sr(e_min_gev: float, phi_mv, e_max_gev: float = 1000.0) -> np.ndarray:
    """Protons above ``e_min_gev`` (up to ``e_max_gev``), per m2 s sr, for each phi (array)."""
    if not (np.isfinite(e_min_gev) and 0 < e_min_gev < e_max_gev):
        raise InputError(f"'e_min_gev' must be > 0 and below {e_max_gev:g} GeV, got {e_min_gev}")
    t = np.geomspace(e_min_gev, e_max_gev, 2000)
    phi = np.atleast_1d(_check_phi(phi_mv))
    j = modulated_proton_flux(t[None, :], phi[:, None])
    out = np.trapezoid(j, t, axis=1)
    return float(out[0]) if np.ndim(phi_mv) == 0 else out


@lru_cache(maxsize=1)
def phi_table() -> tuple[np.ndarray, np.ndarray]:
    """The shipped phi series: (month index since 1950-01, phi in MV), one row a month."""
    text = resources.files("sojourn.radiation").joinpath("data", _PHI_FILE).read_text("ascii")
    rows = np.array(
        [[float(v) for v in line.split(",")] for line in text.splitlines()[1:] if line.strip()]
    )
    month = (rows[:, 0] - 1950.0) * 12.0 + rows[:, 1] - 1.0
    if np.any(np.diff(month) != 1.0):  # pragma: no cover - the shipped file is fixed
        raise RuntimeError(f"{_PHI_FILE}: months not consecutive")
    return month, rows[:, 2]


def phi_mv(utc_s) -> np.ndarray:
    """Published modulation potential (MV) at UTC seconds past J2000 (array); NaN outside.

    Linear between month centres, the first and last month's value held to that month's
    edges; NaN for times outside 2014-01..2025-12 (the series shipped).
    """
    from sojourn.radiation.solar import month_index

    m = np.asarray(month_index(utc_s), dtype=np.float64)
    month, phi = phi_table()
    out = np.interp(m - 0.5, month, phi)
    inside = (m >= month[0]) & (m < month[-1] + 1.0)
    return np.where(inside, out, np.nan)


def month_centre_utc_s(month) -> np.ndarray:
    """UTC seconds past J2000 of the centre of month index ``month`` (0 = 1950-01)."""
    return ((np.asarray(month, dtype=np.float64) + 0.5) * 365.25 / 12.0 - 18262.0 - 0.5) * 86400.0


def _month_of(ym) -> float:
    return (ym[0] - 1950.0) * 12.0 + ym[1] - 1.0


@lru_cache(maxsize=1)
def phi_relation() -> tuple[float, float]:
    """(a MV, b MV/sfu) of ``phi = a + b F``, least squares on the calibration months."""
    from sojourn.radiation.solar import f107_index

    month, phi = phi_table()
    sel = (month >= _month_of(CALIBRATION_MONTHS[0])) & (month <= _month_of(CALIBRATION_MONTHS[1]))
    f, _ = f107_index(month_centre_utc_s(month[sel]))
    b, a = np.polyfit(f, phi[sel], 1)
    return float(a), float(b)


def phi_from_f107(f107_sfu) -> np.ndarray:
    """Modulation potential (MV) from the lagged smoothed F10.7 by the calibrated relation."""
    a, b = phi_relation()
    lo, hi = PHI_RANGE_MV
    return np.clip(a + b * np.asarray(f107_sfu, dtype=np.float64), lo, hi)


def phi_series(utc_s, band: str = "mean", field: str = "date"):
    """Modulation potential phi (MV) at UTC times, for every date the F10.7 record covers.

    Parameters
    ----------
    utc_s : float or ndarray
        UTC seconds past 2000-01-01T12:00.
    band : {"mean", "low", "high"}
        The F10.7 forecast curve where phi comes from the forecast ("low" activity: low phi,
        more GCR). Published and observed months are the same in every band.
    field : str
        Name of the input, for error messages.

    Returns
    -------
    phi_mv : ndarray
        phi, MV (Burger/Usoskin LIS convention), at least 1-D, one per time.
    source : ndarray of int8
        Per time :data:`PHI_PUBLISHED`, :data:`PHI_FROM_F107` or :data:`PHI_FORECAST`
        (texts in :data:`PHI_SOURCES`).
    """
    from sojourn.radiation.solar import f107_index

    t = np.atleast_1d(np.asarray(utc_s, dtype=np.float64))
    f, fc = f107_index(t, band, field)
    pub = phi_mv(t)
    inside = np.isfinite(pub)
    out = np.where(inside, pub, phi_from_f107(f))
    src = np.where(inside, PHI_PUBLISHED, np.where(fc, PHI_FORECAST, PHI_FROM_F107))
    return out, src.astype(np.int8)

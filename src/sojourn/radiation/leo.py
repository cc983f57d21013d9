"""Crew dose in low Earth orbit by altitude, inclination, the South Atlantic Anomaly and the
solar cycle: :func:`leo_rate_msv_per_day` (model ``sojourn-leo-1``, first order).

The dose rate inside a crewed vehicle in LEO is the sum of two parts, each from its own
physical basis, in the structure ISSCREM (El-Jaby et al., the ISS TEPC model) uses: the GCR
part follows the geomagnetic cutoff along the orbit, the trapped part follows the atmospheric
density where the orbit crosses the South Atlantic Anomaly (SAA).

Galactic cosmic rays (GCR)
    The force-field GCR proton spectrum at 1 AU for the modulation potential phi
    (:func:`sojourn.radiation.modulation.modulated_proton_flux`, Burger/Usoskin LIS) is cut off
    by the Earth's field: at each point of the orbit only particles above the Stormer vertical
    cutoff of a tilted centred dipole arrive, ``Rc = 14.9 cos^4(lambda_m) (R_E / r)^2`` GV
    (lambda_m the geomagnetic latitude; 14.9 GV the vertical cutoff at the equator at the
    surface, Smart & Shea's value as usually quoted: recalled, not checked against a stored
    copy). The orbit average is over a grid of orbit positions and Earth longitudes (the
    ground track of a circular orbit of inclination i covers all longitudes), giving the
    fraction ``w(T)`` of the orbit whose cutoff lies below kinetic energy T; the transmitted
    flux is ``integral J(T, phi) w(T) dT`` from 0.1 GeV (about the energy a proton needs to
    cross ~9 g/cm2 of aluminium: the vehicle; recalled, not checked). The solid earth hides
    a cone of half angle asin(R_E / r): the flux is multiplied by the visible fraction
    ``(1 + cos asin(R_E / r)) / 2``. The dose equivalent is proportional to that flux; the
    constant is calibrated on STS-40 (see below). Protons stand for all GCR ions (heavier
    ions, with A/Z = 2, reach lower cutoffs per nucleon: first order).
Trapped protons (SAA)
    Below ~1000 km the inner-belt protons are lost to the atmosphere, so their flux at the
    SAA falls where the air is denser: the trapped dose rises steeply with altitude and
    falls at solar maximum (a hotter, denser thermosphere). ISSCREM relates the trapped dose
    to the mean atmospheric density at the SAA crossing; here
    ``H_trap = K_trap S(i) (rho(h, F10.7) / rho_cal)^-n``, with rho the NRLMSIS 2.1 mass
    density (``pymsis``) at the SAA centre at altitude h for the month's F10.7 (averaged over
    8 universal times), S(i) the fraction of the ground track of inclination i inside the
    SAA (a spherical cap of radius 25 deg centred at 26 deg S: recalled, not checked; the
    centre's longitude does not matter, the track covers all longitudes). The equilibrium of a
    constant source against atmospheric loss would give n = 1; that is far too steep against
    the flights (Mir 1995 would get 10x its measured trapped dose), and no published
    exponent was found offline, so n is CALIBRATED: on Mir 1995 against STS-40 (n ~ 0.42,
    computed on first use; see :func:`_constants`).
Solar activity
    phi (MV): the published monthly series where it covers a date
    (Usoskin et al. 2017, 2014-2025), elsewhere from the lagged smoothed F10.7 through the
    relation calibrated on that series, and NOAA's forecast after the record: all from
    :func:`sojourn.radiation.modulation.phi_series` (:func:`phi_for` is the one call).
    F10.7 (sfu): the shipped CelesTrak record (81-day centred mean; NOAA monthly
    predictions to 2041, ``sojourn/leo/data/space_weather.csv``); before 2000 the 13-month
    smoothed monthly F10.7 of :mod:`sojourn.radiation.solar` (observed from 1957-10).
Calibration and tests
    The two levels come from ONE flight, STS-40 (June 1991, 39 deg, 278 x 296 km, TEPC in
    Spacelab; Badhwar et al., NTRS 20040090397): GCR 14.63 mrem/day, trapped 7.72 mrem/day;
    the trapped density exponent from Mir 1995 (Badhwar et al. 1998: 51.65 deg, ~400 km,
    solar minimum, TEPC 300 uGy/day "roughly equally divided", mean Q 2.6). Everything else
    is a test, none of it used above: Mir 1995's GCR half, STS-91 (1998, effective dose from
    a phantom), the Mir solar-minimum/maximum ratio, the ISS's NASEM 50-180 mSv per 180
    days, the RME-III Shuttle range 70-5300 uSv/day (tests/reference/radiation_leo.toml,
    docs/validation.md).
Quantities
    Dose equivalent as the TEPCs measured it (Q(L); ICRP 26 as stated for Mir 1995). The
    effective dose is taken equal to it: ISSCREM's PHITS simulations "indicate that the TEPC
    dose equivalent is a conservative estimate of the effective dose equivalent" (El-Jaby
    et al., abstract): conservative, stated in each result.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from sojourn.core.constants import R_EARTH_KM
from sojourn.errors import InputError
from sojourn.radiation import modulation

__all__ = [
    "ALT_RANGE_KM",
    "BASIS_ALT_KM",
    "BASIS_INCLINATION_DEG",
    "CALIBRATION",
    "CALIBRATION_DENSITY",
    "LEO_MODEL",
    "LEO_SOURCES",
    "LeoRates",
    "Q_SYSTEM",
    "DEFAULT_ORBIT",
    "UNCERTAINTY_FACTOR",
    "check_orbit",
    "cutoff_fraction",
    "f107_for",
    "leo_components",
    "leo_rate_msv_per_day",
    "model_text",
    "notes",
    "phi_for",
    "saa_fraction",
]

#: Accepted orbits: altitude 150-2000 km (below, no orbit lasts a day; above, the inner belt's
#: heart, which this model does not describe) and inclination 0-180 deg.
ALT_RANGE_KM = (150.0, 2000.0)
INCLINATION_RANGE_DEG = (0.0, 180.0)
#: The published basis: the measurements the model was calibrated or tested on span
#: 200-600 km and 28.5-57 deg (RME-III on the Shuttle; STS-40, Mir, ISS inside it). Outside,
#: results say ``outside_basis``.
BASIS_ALT_KM = (200.0, 600.0)
BASIS_INCLINATION_DEG = (28.5, 57.0)
#: The orbit assumed when none is given: the ISS, km and deg (mean of the 12 built-in ISS
#: element sets 2020-2026, sojourn/leo/data/iss.tle: semi-major axis minus 6378.137 km).
DEFAULT_ORBIT = (419.0, 51.64)
#: The model's uncertainty, a factor either way: STS-91's model/measurement ratio (1.75 x the
#: phantom's 4.1 mSv effective dose, the widest of the cases in tests/reference/
#: radiation_leo.toml), rounded up. The band comes FROM STS-91, so STS-91 cannot test it (its
#: test checks only that the model is at or above the measurement); no independent case
#: tests this factor yet.
UNCERTAINTY_FACTOR = 1.8
#: The quantity: TEPC dose equivalent, taken as the effective dose (conservative).
Q_SYSTEM = (
    "TEPC dose equivalent, Q(L) as the calibration TEPCs used (ICRP 26, 1990s flights); "
    "effective dose taken equal to it (conservative: ISSCREM, El-Jaby et al.)"
)
#: Stormer vertical cutoff at the dipole equator at the surface, GV (recalled, not checked).
STORMER_GV = 14.9
#: Geomagnetic north pole (centred dipole), deg latitude and east longitude: IGRF epoch 2020,
#: 80.7 N 72.7 W (recalled, not checked; the cutoff's orbit average depends on the tilt only).
DIPOLE_POLE_DEG = (80.7, -72.7)
#: Lowest proton energy counted, GeV: about what crosses a vehicle's ~9 g/cm2 of aluminium.
E_FLOOR_GEV = 0.1
#: SAA as a spherical cap: centre latitude and angular radius, deg (recalled, not checked).
SAA_CAP_DEG = (-26.0, 25.0)
#: ap used with NRLMSIS for the monthly density (a moderate, typical value: an assumption).
AP_TYPICAL = 12.0
#: The one calibration flight, STS-40 (Badhwar et al., NTRS 20040090397): dose-equivalent
#: rates, mSv/day, of the GCR and trapped parts; orbit 278 x 296 km, 39 deg, from 1991-06-06
#: for 124.5 h.
CALIBRATION = {
    "flight": "STS-40",
    "start_utc": "1991-06-06",
    "alt_km": 0.5 * (278.0 + 296.0),
    "inclination_deg": 39.0,
    "gcr_msv_per_day": 14.63e-2,  # 14.63 mrem/day
    "trapped_msv_per_day": 7.72e-2,  # 7.72 mrem/day
    "q_trapped": 1.83,
    "q_gcr": 2.74,
}
#: The density exponent's calibration: Mir in 1995 (Badhwar et al. 1998, Adv. Space Res.
#: 22(4):501, Mir-18/19, 51.65 deg, ~400 km): TEPC 300 uGy/day "roughly equally divided"
#: between trapped protons and GCR, mean quality factor 2.6 (ICRP 26). The trapped dose
#: equivalent is 150 uGy/day x Q_trap, Q_trap from STS-40's trapped/GCR ratio scaled to the
#: mean 2.6: 150 x 5.2 x 1.83 / (1.83 + 2.74) = 312 uSv/day.
CALIBRATION_DENSITY = {
    "flight": "Mir 1995 (Mir-18/19)",
    "start_utc": "1995-06-01",
    "alt_km": 400.0,
    "inclination_deg": 51.65,
    "absorbed_ugy_per_day": 300.0,
    "q_mean": 2.6,
}
LEO_MODEL = (
    "sojourn-leo-1 (first order): GCR = force-field protons above the orbit-averaged "
    "Stormer cutoff (tilted dipole) x Earth shadow; trapped = SAA ground-track fraction x "
    "(NRLMSIS 2.1 density at the SAA)^-n; levels scaled on STS-40 (1991), n on Mir (1995); "
    "phi from sojourn.radiation.modulation.phi_series; F10.7 from the shipped records"
)
LEO_SOURCES = (
    "Badhwar GD et al., 'Dose rate, dose-equivalent rate, and quality factor in SLS-1' "
    "(STS-40 TEPC), NTRS 20040090397: trapped 7.72 and GCR 14.63 mrem/day (calibration)",
    "El-Jaby S et al., 'ISSCREM: International Space Station Cosmic Radiation Exposure Model' "
    "(GCR vs cutoff rigidity, trapped vs atmospheric density at the SAA; TEPC dose equivalent "
    "conservative for effective dose)",
    "Emmert JT et al. (2022) NRLMSIS 2.1, Earth Space Sci., doi:10.1029/2022EA002219 (density)",
    modulation.LIS_SOURCE,
    modulation.PHI_SOURCE,
    "CelesTrak SW-All space weather (F10.7), sojourn/leo/data/space_weather.csv",
)
_N_U, _N_LON = 96, 72
_T_GRID_GEV = np.geomspace(E_FLOOR_GEV, 1000.0, 600)
_PHI_STEP_MV = 5.0
_MONTH_S = 86400.0 * 30.4375


def check_orbit(alt_km, inclination_deg) -> bool:
    """Refuse impossible orbits (InputError); return whether the orbit is outside the basis."""
    try:
        h = float(alt_km)
        i = float(inclination_deg)
    except (TypeError, ValueError):
        raise InputError(
            f"'alt_km' and 'inclination_deg' must be numbers, got {alt_km!r}, {inclination_deg!r}"
        ) from None
    lo, hi = ALT_RANGE_KM
    if not (np.isfinite(h) and lo <= h <= hi):
        raise InputError(
            f"'alt_km' must be {lo:g}-{hi:g} km (circular LEO altitude), got {alt_km}; give an "
            "altitude in that range"
        )
    lo, hi = INCLINATION_RANGE_DEG
    if not (np.isfinite(i) and lo <= i <= hi):
        raise InputError(
            f"'inclination_deg' must be {lo:g}-{hi:g} deg, got {inclination_deg}; give the "
            "orbit's inclination in that range"
        )
    ie = min(i, 180.0 - i)  # a retrograde orbit covers the same latitudes
    return not (
        BASIS_ALT_KM[0] <= h <= BASIS_ALT_KM[1]
        and BASIS_INCLINATION_DEG[0] <= ie <= BASIS_INCLINATION_DEG[1]
    )


def _track(inclination_deg: float):
    """Geographic latitude and longitude (rad) of a grid over one orbit and all longitudes."""
    i = np.radians(inclination_deg)
    u = (np.arange(_N_U) + 0.5) * 2.0 * np.pi / _N_U
    lon0 = (np.arange(_N_LON) + 0.5) * 2.0 * np.pi / _N_LON
    lat = np.arcsin(np.sin(i) * np.sin(u))
    lon = np.arctan2(np.cos(i) * np.sin(u), np.cos(u))[:, None] + lon0[None, :]
    return np.broadcast_to(lat[:, None], lon.shape), lon


@lru_cache(maxsize=256)
def cutoff_fraction(alt_km: float, inclination_deg: float) -> np.ndarray:
    """w(T): fraction of the orbit whose vertical cutoff (proton kinetic energy) is <= T.

    Evaluated on the model's energy grid ``_T_GRID_GEV`` (0.1-1000 GeV).
    """
    lat, lon = _track(float(inclination_deg))
    pl, pn = np.radians(DIPOLE_POLE_DEG)
    sin_m = np.sin(lat) * np.sin(pl) + np.cos(lat) * np.cos(pl) * np.cos(lon - pn)
    cos2 = 1.0 - np.clip(sin_m, -1.0, 1.0) ** 2
    rc_gv = STORMER_GV * cos2**2 * (R_EARTH_KM / (R_EARTH_KM + float(alt_km))) ** 2
    tr = modulation.PROTON_REST_GEV
    tc = np.sort((np.sqrt(rc_gv**2 + tr**2) - tr).ravel())
    return np.searchsorted(tc, _T_GRID_GEV, side="right") / tc.size


def _visible(alt_km) -> np.ndarray:
    """Fraction of the sky not hidden by the solid Earth at altitude ``alt_km``."""
    s = R_EARTH_KM / (R_EARTH_KM + np.asarray(alt_km, dtype=np.float64))
    return 0.5 * (1.0 + np.sqrt(1.0 - s * s))


def _transmitted_flux(alt_km: float, inclination_deg: float, phi_mv) -> np.ndarray:
    """Orbit-averaged GCR proton flux above the cutoff and 0.1 GeV, per m2 s sr, per phi."""
    phi = np.atleast_1d(np.asarray(phi_mv, dtype=np.float64))
    w = cutoff_fraction(float(alt_km), float(inclination_deg))
    j = modulation.modulated_proton_flux(_T_GRID_GEV[None, :], phi[:, None])
    return np.trapezoid(j * w[None, :], _T_GRID_GEV, axis=1) * _visible(alt_km)


def _flux_at(alt_km: float, inclination_deg: float, phi_mv) -> np.ndarray:
    """:func:`_transmitted_flux` for an array of phi: exact on a 5 MV grid spanning them,
    linear between (the flux is smooth in phi: the interpolation error is below 1e-4)."""
    phi = np.asarray(phi_mv, dtype=np.float64)
    p_lo, p_hi = modulation.PHI_RANGE_MV
    if not np.all(np.isfinite(phi) & (phi >= p_lo) & (phi <= p_hi)):
        raise InputError(
            f"'phi_mv' must be {p_lo:g}-{p_hi:g} MV (solar modulation potential), got "
            f"{np.min(phi):g}-{np.max(phi):g}; give a potential in that range"
        )
    lo = max(np.floor(np.min(phi) / _PHI_STEP_MV) * _PHI_STEP_MV, p_lo)
    hi = min(np.ceil(np.max(phi) / _PHI_STEP_MV) * _PHI_STEP_MV, p_hi)
    nodes = np.arange(lo, hi + 0.5 * _PHI_STEP_MV, _PHI_STEP_MV)
    return np.interp(phi, nodes, _transmitted_flux(alt_km, inclination_deg, nodes))


@lru_cache(maxsize=64)
def saa_fraction(inclination_deg: float) -> float:
    """Fraction of the ground track of a circular orbit of this inclination inside the SAA."""
    lat, lon = _track(float(inclination_deg))
    c_lat, radius = np.radians(SAA_CAP_DEG)
    # Angular distance to the cap centre; the centre's longitude is arbitrary (all longitudes
    # are covered by the grid), taken as 0.
    cosd = np.sin(lat) * np.sin(c_lat) + np.cos(lat) * np.cos(c_lat) * np.cos(lon)
    return float(np.mean(cosd >= np.cos(radius)))


def _saa_density(alt_km: float, f107, month_utc_s) -> np.ndarray:
    """NRLMSIS 2.1 mass density (kg/m3) at the SAA centre at ``alt_km``, per (F10.7, month).

    The mean over 8 universal times (so over local times) of the middle day of each month.
    """
    import pymsis

    f = np.atleast_1d(np.asarray(f107, dtype=np.float64))
    t = np.atleast_1d(np.asarray(month_utc_s, dtype=np.float64))
    hours = np.arange(8) * 3.0
    base = np.datetime64("2000-01-01T12:00:00", "s")
    dates = base + (t[:, None] + hours[None, :] * 3600.0).astype("timedelta64[s]")
    n = dates.size
    out = pymsis.calculate(
        dates.ravel(),
        np.full(n, -50.0),
        np.full(n, SAA_CAP_DEG[0]),
        np.full(n, float(alt_km)),
        np.repeat(f, hours.size),
        np.repeat(f, hours.size),
        np.full((n, 7), AP_TYPICAL),
        version=2.1,
    )
    rho = out[:, pymsis.Variable.MASS_DENSITY].reshape(dates.shape)
    return rho.mean(axis=1)


# --- solar activity: the one place phi and F10.7 are chosen -----------------------------


def phi_for(utc_s) -> tuple[np.ndarray, np.ndarray]:
    """Modulation potential (MV) for each UTC time, and whether it is not a published value.

    :func:`sojourn.radiation.modulation.phi_series` (the project's one phi for every date:
    Usoskin 2017's published months, elsewhere from the lagged smoothed F10.7 record or NOAA's
    forecast through the relation calibrated there).
    """
    t = np.atleast_1d(np.asarray(utc_s, dtype=np.float64))
    phi, src = modulation.phi_series(t, "mean")
    return np.asarray(phi, dtype=np.float64), np.asarray(src) != modulation.PHI_PUBLISHED


def f107_for(utc_s) -> tuple[np.ndarray, np.ndarray]:
    """F10.7 (81-day mean, sfu) for each UTC time, and whether it came from the monthly record.

    The shipped daily CelesTrak record (observed, then NOAA's predictions to 2041); before
    2000, the 13-month smoothed monthly F10.7 of :mod:`sojourn.radiation.solar` (observed from
    1957-10; its monthly mean where the smoothing has no value).
    """
    from sojourn.leo.drag import space_weather
    from sojourn.radiation.solar import month_index, solar_record

    t = np.atleast_1d(np.asarray(utc_s, dtype=np.float64))
    sw = space_weather()
    day = np.floor(t / 86400.0 + 0.5).astype(int) - sw.day0
    inside = (day >= 0) & (day < sw.n)
    out = np.full(t.shape, np.nan)
    out[inside] = sw.f107a[day[inside]]
    miss = ~np.isfinite(out)
    if np.any(miss):
        rec = solar_record()
        series = np.where(np.isfinite(rec.smoothed), rec.smoothed, rec.monthly)
        rows = np.arange(series.size, dtype=np.float64)
        m = month_index(t[miss]) - 0.5 - rec.month0
        if np.any(m < 0) or np.any(m > series.size - 1):
            raise InputError(
                "'date' must be between 1957-10 and 2041-10 for a LEO dose (the F10.7 record "
                "and NOAA's forecast), got a date outside; pick a date in that span"
            )
        out[miss] = np.interp(m, rows, series)
    return out, miss


# --- the model ---------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _constants() -> tuple[float, float, float, float]:
    """(K_gcr, K_trap, rho_cal, n_trapped) from the calibration flights (module notes)."""
    from sojourn.core.time import tdb, tdb_to_utc

    def drivers(c):
        utc = float(tdb_to_utc(tdb(c["start_utc"])))
        return utc, phi_for(utc)[0], f107_for(utc)[0]

    c = CALIBRATION
    utc, phi, f107 = drivers(c)
    flux = float(_transmitted_flux(c["alt_km"], c["inclination_deg"], phi)[0])
    rho = float(_saa_density(c["alt_km"], f107, [utc])[0])
    k_gcr = c["gcr_msv_per_day"] / flux
    k_trap = c["trapped_msv_per_day"] / saa_fraction(c["inclination_deg"])
    m = CALIBRATION_DENSITY
    q_trap = 2.0 * m["q_mean"] * c["q_trapped"] / (c["q_trapped"] + c["q_gcr"])
    h_trap = 0.5 * m["absorbed_ugy_per_day"] * q_trap * 1e-3
    utc_m, _, f107_m = drivers(m)
    rho_m = float(_saa_density(m["alt_km"], f107_m, [utc_m])[0])
    n = np.log(h_trap / (k_trap * saa_fraction(m["inclination_deg"]))) / np.log(rho / rho_m)
    return k_gcr, k_trap, rho, float(n)


class LeoRates(dict):
    """``gcr``, ``trapped``, ``total`` (mSv/day arrays), ``phi_mv``, ``f107``, and flags."""


def leo_components(
    alt_km: float, inclination_deg: float, utc_s, phi_mv=None, f107=None
) -> LeoRates:
    """GCR and trapped dose-equivalent rates (mSv/day) at each UTC time (array).

    ``phi_mv`` / ``f107`` override the solar activity (arrays broadcast against ``utc_s``);
    by default they come from :func:`phi_for` and :func:`f107_for`.
    """
    check_orbit(alt_km, inclination_deg)
    h, inc = float(alt_km), float(inclination_deg)
    inc = min(inc, 180.0 - inc)
    t = np.atleast_1d(np.asarray(utc_s, dtype=np.float64))
    if not np.all(np.isfinite(t)):
        raise InputError("'utc_s' must be finite UTC seconds past J2000")
    phi_reg = f107_reg = np.zeros(t.shape, dtype=bool)
    if phi_mv is None:
        phi, phi_reg = phi_for(t)
    else:
        phi = np.broadcast_to(np.asarray(phi_mv, dtype=np.float64), t.shape)
    if f107 is None:
        f, f107_reg = f107_for(t)
    else:
        f = np.broadcast_to(np.asarray(f107, dtype=np.float64), t.shape).copy()
        if not np.all(np.isfinite(f) & (f > 0)):
            raise InputError(f"'f107' must be > 0 sfu (10.7 cm solar flux), got {f107}")
    k_gcr, k_trap, rho_cal, n_trap = _constants()
    gcr = k_gcr * _flux_at(h, inc, phi)
    # The density for each calendar month in the stay, at the month's mean F10.7.
    month = np.floor(t / _MONTH_S)
    u_month, inv = np.unique(month, return_inverse=True)
    inv = inv.ravel()
    f_month = np.bincount(inv, f.ravel()) / np.bincount(inv)
    rho = _saa_density(h, f_month, (u_month + 0.5) * _MONTH_S)[inv].reshape(t.shape)
    trapped = k_trap * saa_fraction(inc) * (rho / rho_cal) ** (-n_trap)
    return LeoRates(
        gcr=gcr,
        trapped=trapped,
        total=gcr + trapped,
        phi_mv=np.asarray(phi),
        f107=f,
        phi_regressed=np.asarray(phi_reg),
        f107_regressed=np.asarray(f107_reg),
    )


def leo_rate_msv_per_day(alt_km, inclination_deg, utc_s, phi_mv=None, f107=None) -> np.ndarray:
    """Dose-equivalent rate (mSv/day; effective dose taken equal) in LEO, one per UTC time.

    Parameters
    ----------
    alt_km : float
        Circular orbit altitude, km (150-2000).
    inclination_deg : float
        Orbit inclination, deg (0-180).
    utc_s : float or ndarray
        UTC seconds past J2000 (the internal UTC count).
    phi_mv, f107 : float or ndarray, optional
        Solar modulation potential (MV) and 81-day F10.7 (sfu); default: for each date.
    """
    return leo_components(alt_km, inclination_deg, utc_s, phi_mv, f107)["total"]


def notes(alt_km, inclination_deg, utc_s, outside: bool, components=None) -> list[str]:
    """What a LEO result should say: the orbit, the solar drivers and their origin.

    ``components``: the :func:`leo_components` of the same arguments when the caller has them
    (they are not computed again).
    """
    c = leo_components(alt_km, inclination_deg, utc_s) if components is None else components
    out = [
        f"LEO {float(alt_km):g} km, {float(inclination_deg):g} deg: GCR "
        f"{float(np.mean(c['gcr'])):.3f} + trapped (SAA) {float(np.mean(c['trapped'])):.3f} "
        f"mSv/day (mean); phi {float(np.mean(c['phi_mv'])):.0f} MV, F10.7 "
        f"{float(np.mean(c['f107'])):.0f} sfu; effective dose = TEPC dose equivalent "
        "(conservative, ISSCREM); band: x/÷ the model's uncertainty factor "
        f"{UNCERTAINTY_FACTOR:g}"
    ]
    if np.any(c["phi_regressed"]):
        out.append("phi not published for some dates: from the lagged smoothed F10.7 or forecast")
    if np.any(c["f107_regressed"]):
        out.append("F10.7 before the daily record (2000): the smoothed monthly F10.7 from 1957")
    if outside:
        out.append(
            f"orbit outside the measured basis ({BASIS_ALT_KM[0]:g}-{BASIS_ALT_KM[1]:g} km, "
            f"{BASIS_INCLINATION_DEG[0]:g}-{BASIS_INCLINATION_DEG[1]:g} deg): extrapolated"
        )
    return out


def model_text() -> str:
    """:data:`LEO_MODEL` with the calibrated exponent."""
    n = _constants()[3]
    return (
        "sojourn-leo-1 (first order): GCR = force-field protons above the orbit-averaged "
        "Stormer cutoff (tilted dipole) x Earth shadow; trapped = SAA ground-track fraction x "
        f"(NRLMSIS 2.1 density at the SAA)^-{n:.2f}; levels scaled on STS-40 (1991), the "
        "density exponent on Mir (1995); phi from sojourn.radiation.modulation.phi_series "
        "(published where it exists, else from the lagged smoothed F10.7); F10.7 the daily "
        "CelesTrak record from 2000, the smoothed monthly record before"
    )

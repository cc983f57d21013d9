"""Dated, shielded GCR dose for a stay in one environment: :func:`dose` (``sojourn dose``)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from sojourn.errors import InputError
from sojourn.radiation import gcr, modulation
from sojourn.radiation.effective import QUALITY_FACTOR_SYSTEM, effective_from_dose_equivalent
from sojourn.radiation.solar import F107_SOURCE, f107_index

__all__ = ["DEFAULT_SHIELDING_G_CM2", "ENVIRONMENTS", "DoseResult", "dose", "rate_series"]

ENVIRONMENTS = ("cruise", "mars_surface", "leo")
#: Aluminium areal density assumed when none is given, g/cm2: a mid value of the 5-30 g/cm2
#: the model accepts, about a crewed vehicle's average (an assumption, stated in each result).
DEFAULT_SHIELDING_G_CM2 = {"cruise": 10.0, "mars_surface": 0.0, "leo": None}
MAX_DAYS = 36_525
_Q_SYSTEM = QUALITY_FACTOR_SYSTEM


@dataclass(frozen=True)
class DoseResult:
    """GCR dose over a dated stay, per crew member (see :mod:`sojourn.radiation.gcr`)."""

    environment: str
    start_utc: str
    days: float
    dose_equivalent_msv: float
    effective_dose_msv: float
    shielding_g_cm2: float | None
    material: str
    f107_index: float
    model: str
    sources: tuple[str, ...]
    band_msv: tuple[float, float]
    forecast: bool
    extrapolated: bool
    outside_basis: bool
    day: np.ndarray = field(repr=False)
    rate_msv_per_day_series: np.ndarray = field(repr=False)
    index_series: np.ndarray = field(repr=False)  # lagged smoothed F10.7 per day, sfu
    notes: tuple[str, ...] = ()
    phi_mv: float = float("nan")  # mean over the stay, MV
    phi_series: np.ndarray = field(repr=False, default_factory=lambda: np.zeros(0))
    phi_source: str = ""

    @property
    def rate_msv_per_day(self) -> float:
        return (
            self.effective_dose_msv / self.days
            if self.days > 0
            else float(self.rate_msv_per_day_series[0])
        )

    def to_dict(self) -> dict:
        step = max(1, int(np.ceil(self.day.size / 400)))
        return {
            "environment": self.environment,
            "start_utc": self.start_utc,
            "days": self.days,
            "dose_equivalent_msv": self.dose_equivalent_msv,
            "effective_dose_msv": self.effective_dose_msv,
            "rate_msv_per_day": self.rate_msv_per_day,
            "band_msv": list(self.band_msv),
            "phi_mv": self.phi_mv,
            "phi_source": self.phi_source,
            "phi_note": "phi_mv: mean over the stay of the solar modulation potential (MV, "
            "Burger/Usoskin LIS convention) that drives the GCR dose; f107_index (the 9-month "
            "lagged, 13-month smoothed F10.7, sfu) replaces the former sunspot_index",
            "f107_index": self.f107_index,
            "forecast": self.forecast,
            "shielding_g_cm2": self.shielding_g_cm2,
            "material": self.material,
            "extrapolated": self.extrapolated,
            "outside_basis": self.outside_basis,
            "quality_factor_system": _Q_SYSTEM if self.environment != "leo" else _leo_q(),
            "model": self.model,
            "sources": list(self.sources),
            "notes": list(self.notes),
            "series": {
                "day": self.day[::step].tolist(),
                "rate_msv_per_day": self.rate_msv_per_day_series[::step].tolist(),
                "phi_mv": self.phi_series[::step].tolist(),
                "f107_index": self.index_series[::step].tolist(),
            },
        }


def _leo_q() -> str:
    from sojourn.radiation.leo import Q_SYSTEM

    return Q_SYSTEM


def rate_series(
    environment,
    utc_s,
    shielding_g_cm2=None,
    band="mean",
    elevation_km=None,
    alt_km=None,
    inclination_deg=None,
):
    """GCR effective-dose rate, mSv/day, at each UTC time (array) in an environment.

    LEO (``alt_km``, ``inclination_deg``; default the ISS's): GCR and trapped protons,
    :func:`sojourn.radiation.leo.leo_rate_msv_per_day` (``band`` does not apply there).
    """
    if environment == "leo":
        from sojourn.radiation import leo

        h = leo.DEFAULT_ORBIT[0] if alt_km is None else alt_km
        i = leo.DEFAULT_ORBIT[1] if inclination_deg is None else inclination_deg
        return leo.leo_rate_msv_per_day(h, i, np.atleast_1d(np.asarray(utc_s, dtype=float)))
    phi, _ = modulation.phi_series(np.atleast_1d(np.asarray(utc_s, dtype=np.float64)), band)
    return _gcr_rates(environment, phi, shielding_g_cm2, elevation_km)


def _gcr_rates(environment, phi_mv, shielding_g_cm2, elevation_km):
    """Free-space or Mars-surface GCR rate, mSv/day, for each modulation potential (MV)."""
    if environment == "cruise":
        return gcr.free_space_rate_msv_per_day(shielding_g_cm2, phi_mv)
    if environment == "mars_surface":
        col = gcr.mars_column_g_cm2(gcr.GALE_ELEVATION_KM if elevation_km is None else elevation_km)
        down = 0.5 * gcr.free_space_rate_msv_per_day(col + shielding_g_cm2, phi_mv)
        return down / (1.0 - gcr.MARS_ALBEDO_FRACTION)
    raise InputError(  # pragma: no cover - dose() checks the environment first
        f"'environment' must be one of {', '.join(ENVIRONMENTS)}, got {environment!r}"
    )


def dose(
    environment: str = "cruise",
    start="2030-01-01",
    days: float = 180.0,
    shielding_g_cm2: float | None = None,
    material: str = "aluminium",
    alt_km: float | None = None,
    inclination_deg: float | None = None,
    site_elevation_km: float | None = None,
) -> DoseResult:
    """GCR dose per crew member over ``days`` from ``start`` in an environment.

    Parameters
    ----------
    environment : {"cruise", "mars_surface", "leo"}
        Free space (interplanetary cruise), the surface of Mars, or low Earth orbit.
    start : str, datetime, datetime64
        First day, UTC (ISO 8601 text such as ``2033-04-01``).
    days : float
        Length of the stay, days, 0-36525.
    shielding_g_cm2 : float, optional
        Aluminium areal density, g/cm2 (cruise: 5-30, default 10; Mars surface: habitat
        shielding added to the CO2 column, default 0; LEO: not used, the vehicles as measured).
    material : {"aluminium", "polyethylene"}
        Only aluminium has a published GCR depth-dose here; polyethylene is refused for GCR.
    alt_km, inclination_deg : float, optional
        LEO circular orbit (150-2000 km, 0-180 deg; default the ISS's, 419 km, 51.64 deg);
        outside the measurements' span (200-600 km, 28.5-57 deg) the result says
        ``outside_basis`` (:mod:`sojourn.radiation.leo`).
    site_elevation_km : float, optional
        Mars site elevation, km (MOLA datum; column = P/g); default -4.5 km (Gale).

    Returns
    -------
    DoseResult
        Dose equivalent and effective dose (mSv), mean rate, the forecast band, the daily series.
    """
    from sojourn.core.time import tdb, tdb_to_utc, utc_iso

    if environment not in ENVIRONMENTS:
        raise InputError(
            f"'environment' must be one of {', '.join(ENVIRONMENTS)}, got {environment!r}"
        )
    if material not in ("aluminium", "polyethylene"):
        raise InputError(f"'material' must be aluminium or polyethylene, got {material!r}")
    if material != "aluminium" and environment == "leo":
        raise InputError(
            "'material' applies to cruise and Mars-surface shielding; the LEO model is scaled on "
            "dosimeters inside the Shuttle and Mir (their own shielding): leave --material out"
        )
    if material == "polyethylene" and environment != "leo":
        raise InputError(
            "'material' polyethylene: no published GCR depth-dose curve for polyethylene is "
            "shipped with this model; give the aluminium-equivalent areal density with "
            "--material aluminium"
        )
    d = float(days) if not isinstance(days, bool) else float("nan")
    if not (np.isfinite(d) and 0 <= d <= MAX_DAYS):
        raise InputError(f"'days' must be 0-{MAX_DAYS} (a century), got {days}")
    t0_tdb = float(tdb(start, field="start"))
    utc0 = float(tdb_to_utc(t0_tdb))
    n = max(1, int(np.ceil(d)))
    day = np.minimum(np.arange(n) + 0.5, max(d, 0.5)) if d > 0 else np.array([0.0])
    utc = utc0 + day * 86400.0
    # The whole stay must lie in the solar record and its forecast: say which end is outside.
    modulation.phi_series(utc[:1], "mean", "start")
    modulation.phi_series(utc[-1:], "mean", "start + days (the end of the stay)")
    notes = []
    extrapolated = outside = False
    shield = shielding_g_cm2
    if environment == "cruise":
        shield = DEFAULT_SHIELDING_G_CM2["cruise"] if shield is None else float(shield)
        extrapolated = gcr.check_aluminium(shield)
        if shielding_g_cm2 is None:
            notes.append(f"shielding not given: {shield:g} g/cm2 aluminium assumed")
    elif environment == "mars_surface":
        shield = 0.0 if shield is None else float(shield)
        if not (np.isfinite(shield) and shield >= 0):
            raise InputError(f"'shielding_g_cm2' must be >= 0 g/cm2, got {shielding_g_cm2}")
        col = gcr.mars_column_g_cm2(
            gcr.GALE_ELEVATION_KM if site_elevation_km is None else site_elevation_km
        )
        room = gcr.ALUMINIUM_RANGE_G_CM2[1] - col
        if 0.0 <= room < shield:
            raise InputError(
                f"'shielding_g_cm2' must be 0-{room:.1f} g/cm2 at this site: the CO2 column "
                f"above it is {col:.1f} g/cm2 and the published GCR depth-dose basis ends at "
                f"{gcr.ALUMINIUM_RANGE_G_CM2[1]:g} g/cm2 aluminium in all; got {shield:g}"
            )
        extrapolated = gcr.check_aluminium(col + shield, "CO2 column + shielding_g_cm2")
        notes.append(
            f"Mars surface: half the sky, behind {col:.1f} g/cm2 CO2 (aluminium-equivalent) "
            f"+ {shield:g} g/cm2; upward albedo added (19% of the total, RAD)"
        )
    else:
        from sojourn.radiation import leo

        if shielding_g_cm2 is not None:
            notes.append(
                "LEO: shielding_g_cm2 not used; the model is scaled on dosimeters inside "
                "the Shuttle and Mir (their own shielding)"
            )
        shield = None
        alt_km = leo.DEFAULT_ORBIT[0] if alt_km is None else alt_km
        inclination_deg = leo.DEFAULT_ORBIT[1] if inclination_deg is None else inclination_deg
        outside = leo.check_orbit(alt_km, inclination_deg)
        leo_rates = leo.leo_components(alt_km, inclination_deg, utc)
        notes.extend(leo.notes(alt_km, inclination_deg, utc, outside, leo_rates))
    if extrapolated:
        notes.append(
            "shielding outside the published anchors (9-17.5 g/cm2 Al): exponential extrapolated"
        )
    phi, src = modulation.phi_series(utc, "mean")
    w = np.full(n, 1.0) if d > 0 else np.zeros(1)
    if d > 0 and n > d:
        w[-1] = d - (n - 1)
    if environment == "leo":
        rates = leo_rates["total"]
        total = float(np.sum(rates * w))
        band = (total / leo.UNCERTAINTY_FACTOR, total * leo.UNCERTAINTY_FACTOR)
    else:
        rates = _gcr_rates(environment, phi, shield, site_elevation_km)
        total = float(np.sum(rates * w))
        band = tuple(  # more activity (band "high": more phi) gives the lower dose
            float(np.sum(_gcr_rates(environment, p, shield, site_elevation_km) * w))
            for p in (modulation.phi_series(utc, k)[0] for k in ("high", "low"))
        )
    idx, fc = f107_index(utc, "mean")
    phi_source = " + ".join(modulation.PHI_SOURCES[int(k)] for k in np.unique(src))
    sources = (
        (modulation.PHI_SOURCE, F107_SOURCE, *gcr.GCR_SOURCES)
        if environment != "leo"
        else (modulation.PHI_SOURCE, F107_SOURCE, *leo.LEO_SOURCES)
    )
    model = gcr.GCR_MODEL if environment != "leo" else leo.model_text()
    return DoseResult(
        environment=environment,
        start_utc=utc_iso(t0_tdb),
        days=d,
        dose_equivalent_msv=total,
        effective_dose_msv=float(effective_from_dose_equivalent(total, environment, shield)),
        shielding_g_cm2=shield,
        material=material,
        f107_index=float(np.mean(idx)),
        model=model,
        sources=sources,
        band_msv=band,
        forecast=bool(np.any(fc)),
        extrapolated=bool(extrapolated),
        outside_basis=bool(outside),
        day=day,
        rate_msv_per_day_series=rates,
        index_series=idx,
        notes=tuple(notes),
        phi_mv=float(np.mean(phi)),
        phi_series=phi,
        phi_source=phi_source,
    )

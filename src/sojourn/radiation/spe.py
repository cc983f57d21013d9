"""Solar particle events: design events behind a shield, by physics, and how likely they are.

**Transport.** A design event's proton fluence spectrum is carried through a slab of aluminium
(or polyethylene) and then through tissue (water) by the continuous-slowing-down
approximation: the Bethe stopping power (PDG, "Passage of particles through matter", eq. 34.5,
without shell and density corrections) gives each proton's residual energy, and the dose is the
omnidirectional fluence times the stopping power of water at the point (``D = sum F(E) S(E'')``).
A spherical shell around a point: every direction crosses the same areal density. Nuclear
attenuation and secondaries are NOT modelled (they lower the dose behind thick shields by some
tens of percent: the result is conservative there). Dose equivalent uses ICRP 60's Q(L) with L
the unrestricted LET in water. BFO: 5 g/cm2 of tissue beyond the shield; skin: 0. Every
dose-vs-depth evaluation runs on whole arrays of depths (:func:`bfo_dose_mgy`), and the
thickness a limit needs is solved by a vectorized bisection (:func:`shelter_required_g_cm2`).

**Design events** (:data:`DESIGN_EVENTS`):

- ``aug1972``: the August 1972 event as King (1974) fitted it (J. Spacecraft Rockets 11:401),
  ``F(>E) = 7.9e9 exp((30 - E) / 26.5)`` protons/cm2, E in MeV;
- ``extreme_f30_1e10``: an event with ``F(>30 MeV) = 1e10`` protons/cm2, the fluence Usoskin &
  Kovaltsov (2012) give an occurrence probability of about 1e-2 per year, with the August 1972
  spectral shape -- the method Townsend et al. (2006) used for a Carrington-class event ("the
  Carrington event proton fluence P30 MeV in combination with an event spectrum similar to that
  of the August 1972 event").

The October 1989 and February 1956 events are NOT shipped: no published fit of their fluence
spectra (parameters) could be read offline when this was written (the Band-function fits of
Tylka & Dietrich and the 2018 design-standard spectrum of Townsend et al. were only available
as abstracts).

**How likely** (:func:`exceedance_probability`, :func:`dose_exceedance_probability`). The
occurrence rate of events at least as large as a >30 MeV fluence ``F30`` is Usoskin &
Kovaltsov (2012)'s published distribution, "F30 ~ 1, 2-3, and 5 x 10^10 cm^-2 for the
occurrence probability ~10^-2, 10^-3 and 10^-4 year^-1" (the middle point taken at 2.5e10),
interpolated log-log between those points and never extrapolated: below 1e10 the rate at 1e10
is a lower bound (``bound="at_least"``), above 5e10 the rate at 5e10 an upper bound
(``"at_most"``). The authors call the whole curve "a conservative upper limit of the SPE
occurrence near Earth". Events arrive as a Poisson process whose rate follows solar activity
(Nymmik's principle of "proportionality between averaged event occurrence rate and solar
activity (SA) level"): the mission's *activity-weighted years* are the sum over its days of the
solar activity relative to its long-term mean (:func:`solar_activity`: the smoothed F10.7's
excess over the quiet-Sun floor, which tracks the sunspot number; :func:`activity_years`), so
the same stay is
likelier to meet an event near solar maximum. ``P = 1 - exp(-rate(F30) * activity_years)``.
The dose-exceedance curve holds the spectral shape of the August 1972 event fixed and scales
its >30 MeV fluence, so a BFO dose ``D`` behind a shield maps to one ``F30``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np

from sojourn.errors import InputError

__all__ = [
    "DESIGN_EVENTS",
    "OCCURRENCE_MODEL",
    "SpeAssessment",
    "SpeDose",
    "activity_years",
    "assess_mission",
    "bfo_dose_mgy",
    "csda_range_g_cm2",
    "design_event_dose",
    "dose_exceedance_probability",
    "event_rate_per_year",
    "exceedance_probability",
    "shelter_required_g_cm2",
    "solar_activity",
    "stopping_power_mev_cm2_g",
]

_K = 0.307075  # MeV cm2/mol (PDG)
_ME = 0.51099895  # MeV
_MP = 938.27208816  # MeV
#: (Z/A, mean excitation energy I in eV); water and aluminium: ICRU 49 values (PSTAR uses
#: them); polyethylene (CH2)n: Z/A = 0.57034, I = 57.4 eV (ICRU 37).
MATERIALS = {
    "water": (0.55509, 75.0),
    "aluminium": (0.48181, 166.0),
    "polyethylene": (0.57034, 57.4),
}
_KING = "King JH (1974) J Spacecraft Rockets 11:401, F(>E)=7.9e9 exp((30-E)/26.5)"
_USOSKIN = (
    "Usoskin IG, Kovaltsov GA (2012), 'Occurrence of extreme solar particle events: "
    "assessment from historical proxy data', ApJ 757:92, arXiv:1207.5932"
)
_TOWNSEND_2006 = (
    "Townsend LW et al. (2006), 'The Carrington event: possible doses to crews in space from a "
    "comparable event', Adv Space Res 38:226-231 (F30 scaled on the August 1972 spectrum)"
)
#: Each event: integral fluence F(>E) = f0 exp((e_ref - E) / e0) protons/cm2 above 10 MeV.
DESIGN_EVENTS = {
    "aug1972": {
        "name": "August 1972 (King 1974 fit)",
        "f0_cm2": 7.9e9,
        "e0_mev": 26.5,
        "e_ref_mev": 30.0,
        "source": _KING,
    },
    "extreme_f30_1e10": {
        "name": "extreme event, F30 = 1e10 cm-2 (about 1 in 100 years), August 1972 shape",
        "f0_cm2": 1.0e10,
        "e0_mev": 26.5,
        "e_ref_mev": 30.0,
        "source": f"{_USOSKIN}; shape: {_KING}; method: {_TOWNSEND_2006}",
    },
}
BFO_DEPTH_G_CM2 = 5.0
#: Shield thicknesses the transport accepts, g/cm2 (below 0.5 the fit's sub-10 MeV protons
#: would reach the point; above 100 the neglected nuclear losses dominate).
MIN_SHIELD_G_CM2, MAX_SHIELD_G_CM2 = 0.5, 100.0

#: Usoskin & Kovaltsov (2012): F30 (cm-2) and the occurrence rate (per year) of events at least
#: that large. "2-3 x 10^10" is taken at its middle, 2.5e10.
_OCC_F30 = np.array([1.0e10, 2.5e10, 5.0e10])
_OCC_RATE = np.array([1.0e-2, 1.0e-3, 1.0e-4])
OCCURRENCE_MODEL = (
    "Poisson events; rate of events with F(>30 MeV) >= F from Usoskin & Kovaltsov (2012) "
    "(1e-2, 1e-3, 1e-4 per year at F30 = 1, 2.5, 5 x 1e10 cm-2, log-log interpolated, not "
    "extrapolated; a conservative upper limit, as the authors say), scaled by solar activity "
    "(13-month smoothed F10.7 above its quiet-Sun floor over its 1957-2026 mean; Nymmik's "
    "proportionality of event rate to solar activity)"
)


def stopping_power_mev_cm2_g(e_mev, material: str = "water") -> np.ndarray:
    """Bethe mass stopping power of protons, MeV cm2/g (no shell or density correction)."""
    za, i_ev = MATERIALS[material]
    e = np.asarray(e_mev, dtype=np.float64)
    gamma = 1.0 + e / _MP
    b2 = 1.0 - 1.0 / gamma**2
    bg2 = b2 * gamma**2
    tmax = 2 * _ME * bg2 / (1 + 2 * gamma * _ME / _MP + (_ME / _MP) ** 2)
    i = i_ev * 1e-6
    return _K * za / b2 * (0.5 * np.log(2 * _ME * bg2 * tmax / i**2) - b2)


@lru_cache(maxsize=8)
def _range_table(material: str, e_max_mev: float = 5000.0, n: int = 4000):
    """CSDA range (g/cm2) of protons from 0.5 MeV to ``e_max_mev`` on ``n`` log nodes (Bethe).

    The SPE transport uses the default span; the GCR dose grid (:mod:`sojourn.radiation.gcr`)
    asks for one to 2 TeV.
    """
    e = np.geomspace(0.5, e_max_mev, n)
    s = stopping_power_mev_cm2_g(e, material)
    # Below 0.5 MeV the range is a few mg/cm2: counted as the 0.5 MeV range of a constant S.
    steps = np.diff(e) * 0.5 * (1 / s[1:] + 1 / s[:-1])
    r = np.concatenate([[0.5 / s[0]], 0.5 / s[0] + np.cumsum(steps)])
    return e, r


def csda_range_g_cm2(e_mev, material: str = "water") -> np.ndarray:
    """CSDA range of protons, g/cm2 (Bethe, integrated from 0.5 MeV)."""
    e, r = _range_table(material)
    x = np.maximum(np.asarray(e_mev, dtype=np.float64), e[0])
    return np.interp(np.log(x), np.log(e), r)


def _incident_mev(e_out_mev, depth_g_cm2, material, e_max_mev: float = 5000.0, n: int = 4000):
    """Energy a proton had before crossing ``depth_g_cm2`` if it leaves with ``e_out_mev``
    (range table of :func:`_range_table` with the same span)."""
    e, r = _range_table(material, e_max_mev, n)
    x = np.maximum(np.asarray(e_out_mev, dtype=np.float64), e[0])
    need = np.interp(np.log(x), np.log(e), r) + depth_g_cm2
    return np.exp(np.interp(need, r, np.log(e)))


def _q_icrp60(let_kev_um):
    lt = np.maximum(np.asarray(let_kev_um, dtype=np.float64), 1e-9)
    return np.where(lt < 10, 1.0, np.where(lt <= 100, 0.32 * lt - 2.2, 300 / np.sqrt(lt)))


#: Residual energies at the dose point, MeV (below 0.5 MeV: a few mg/cm2 left, ignored).
_E2 = np.geomspace(0.5, 2000.0, 3000)
_MEV_G_TO_MGY = 1.602176634e-10 * 1000.0


@lru_cache(maxsize=4)
def _tissue_tables():
    """Per tissue depth (skin 0, BFO 5 g/cm2): the energy entering the body for each residual
    energy at the point, and the water stopping power and Q there (fixed arrays, cached)."""
    s2 = stopping_power_mev_cm2_g(_E2, "water")
    q = _q_icrp60(s2 * 0.1)  # MeV cm2/g x 1 g/cm3 = 0.1 keV/um
    e1 = {"skin": _E2, "bfo": _incident_mev(_E2, BFO_DEPTH_G_CM2, "water")}
    return e1, q


def _doses_per_event(depth_g_cm2, material: str, f0: float, e_fold: float, e_ref: float):
    """Skin dose, BFO dose (mGy) and BFO dose equivalent (mSv) behind each depth (arrays (n,)).

    Integrates over the residual energy E2 at the point (smooth integrand): with E1 the energy
    leaving the shield and E0 the incident one (CSDA: R(E0) = R(E1) + d), the dose
    ``sum_E0 F(E0) S_w(E2) dE0`` becomes ``sum_E2 F(E0) S_sh(E0) S_w(E1) / S_sh(E1) dE2``.
    All depths at once: arrays (n, 3000).
    """
    d = np.atleast_1d(np.asarray(depth_g_cm2, dtype=np.float64))[:, None]
    e1s, q = _tissue_tables()
    s_w = {"skin": stopping_power_mev_cm2_g(e1s["skin"], "water")}
    s_w["bfo"] = stopping_power_mev_cm2_g(e1s["bfo"], "water")
    out = []
    for name in ("skin", "bfo"):
        e1 = e1s[name][None, :]
        e0 = _incident_mev(e1, d, material)
        f = f0 / e_fold * np.exp((e_ref - e0) / e_fold)
        f = np.where(e0 >= 10.0, f, 0.0)  # the fits start at 10 MeV
        ratio_sh = stopping_power_mev_cm2_g(e0, material) / stopping_power_mev_cm2_g(e1, material)
        g = f * ratio_sh * s_w[name][None, :]
        out.append(_MEV_G_TO_MGY * np.trapezoid(g, _E2, axis=-1))
        if name == "bfo":
            out.append(_MEV_G_TO_MGY * np.trapezoid(g * q[None, :], _E2, axis=-1))
    return out[0], out[1], out[2]


def _event(event: str) -> dict:
    if event not in DESIGN_EVENTS:
        raise InputError(
            f"'event' must be one of {', '.join(DESIGN_EVENTS)} (the shipped design solar "
            f"particle events), got {event!r}"
        )
    return DESIGN_EVENTS[event]


def _material(material: str) -> str:
    if material not in ("aluminium", "polyethylene"):
        raise InputError(f"'material' must be aluminium or polyethylene, got {material!r}")
    return material


def _shield(value, field: str = "shielding_g_cm2") -> np.ndarray:
    d = np.asarray(value, dtype=np.float64)
    if not np.all(np.isfinite(d) & (d >= MIN_SHIELD_G_CM2) & (d <= MAX_SHIELD_G_CM2)):
        # Below 0.5 g/cm2 the protons under the fit's 10 MeV would reach the point too.
        raise InputError(
            f"'{field}' for a solar particle event must be 0.5-100 g/cm2 (the fit "
            f"starts at 10 MeV, whose range is 0.17 g/cm2 of aluminium), got {value}"
        )
    return d


def bfo_dose_mgy(shielding_g_cm2, material: str = "aluminium", event: str = "aug1972"):
    """BFO absorbed dose (mGy, whole event) of a design event behind each shield thickness.

    ``shielding_g_cm2`` is a scalar or an array (any shape) of areal densities, g/cm2; the
    result has its shape. One vectorized transport over all thicknesses.
    """
    ev = _event(event)
    d = _shield(shielding_g_cm2)
    _, bfo, _ = _doses_per_event(d.ravel(), _material(material), ev["f0_cm2"],
                                 ev["e0_mev"], ev["e_ref_mev"])  # fmt: skip
    bfo = bfo.reshape(d.shape)
    return float(bfo) if bfo.ndim == 0 else bfo


def shelter_required_g_cm2(
    limit_mgy, material: str = "aluminium", event: str = "aug1972", iterations: int = 40
):
    """Thinnest shield (g/cm2) that keeps a design event's BFO dose at or under ``limit_mgy``.

    A vectorized bisection in log thickness between 0.5 and 100 g/cm2 over all limits at once
    (scalar or array; the BFO dose falls monotonically with thickness). Where even 0.5 g/cm2
    keeps under the limit the answer is 0.5; where 100 g/cm2 does not, ``inf`` (beyond what
    the transport accepts).
    """
    ev = _event(event)
    _material(material)
    lim = np.asarray(limit_mgy, dtype=np.float64)
    if not np.all(np.isfinite(lim) & (lim > 0)):
        raise InputError(f"'limit_mgy' must be > 0 mGy, got {limit_mgy}")
    flat = lim.ravel()

    def dose(t):
        return _doses_per_event(t, material, ev["f0_cm2"], ev["e0_mev"], ev["e_ref_mev"])[1]

    lo = np.full(flat.shape, np.log(MIN_SHIELD_G_CM2))
    hi = np.full(flat.shape, np.log(MAX_SHIELD_G_CM2))
    for _ in range(iterations):
        mid = 0.5 * (lo + hi)
        over = dose(np.exp(mid)) > flat
        lo = np.where(over, mid, lo)
        hi = np.where(over, hi, mid)
    out = np.exp(hi)
    edge = dose(np.array([MIN_SHIELD_G_CM2, MAX_SHIELD_G_CM2]))
    out = np.where(flat >= edge[0], MIN_SHIELD_G_CM2, out)
    out = np.where(flat < edge[1], np.inf, out).reshape(lim.shape)
    return float(out) if out.ndim == 0 else out


# --- how likely: event statistics and the solar cycle ------------------------------------


def solar_activity(utc_s) -> np.ndarray:
    """Solar activity at each time relative to its long-term mean (1 = average), array.

    The one place SPE statistics read the solar cycle. Nymmik's principle makes the event rate
    proportional to the sunspot number; the project's activity record is F10.7 (the sunspot
    file's licence forbids shipping it, :mod:`sojourn.radiation.solar`), whose excess over the
    quiet-Sun floor tracks the sunspot number. So activity = (F - F_floor) / mean(F - F_floor)
    with F the 13-month smoothed F10.7 of the month itself (not the 9-month lagged GCR index),
    F_floor the lowest smoothed monthly value of the observed record (1957-2026) and the mean
    over the observed record; NOAA's forecast after it.
    """
    from sojourn.radiation.solar import f107_index, solar_record

    rec = solar_record()
    obs = rec.smoothed[: rec.last_observed + 1]
    floor = float(np.nanmin(obs))
    mean = float(np.nanmean(obs)) - floor
    index, _ = f107_index(np.asarray(utc_s, dtype=np.float64), "mean", "start_utc", lag_months=0)
    return np.maximum(np.asarray(index) - floor, 0.0) / mean


def activity_years(start_utc_s: float, days: float) -> float:
    """Activity-weighted years of a stay: sum over its days of :func:`solar_activity` / 365.25.

    ``start_utc_s``: UTC seconds past J2000 (the internal UTC count); ``days`` >= 0.
    """
    if not (np.isfinite(days) and days >= 0):
        raise InputError(f"'days' must be >= 0, got {days}")
    n = int(np.ceil(days))
    if n == 0:
        return 0.0
    t = start_utc_s + (np.arange(n) + 0.5) * 86400.0
    w = np.ones(n)
    w[-1] = days - (n - 1)  # the last, partial day
    return float(np.sum(solar_activity(t) * w) / 365.25)


def event_rate_per_year(f30_cm2):
    """Rate (per average-activity year) of events with F(>30 MeV) >= ``f30_cm2``, and a bound.

    Returns ``(rate, bound)`` arrays of the input's shape; ``bound`` is ``"estimate"`` inside
    the published range (1e10-5e10 cm-2), ``"at_least"`` below it (the rate at 1e10) and
    ``"at_most"`` above it (the rate at 5e10). Never extrapolated.
    """
    f = np.asarray(f30_cm2, dtype=np.float64)
    if not np.all(np.isfinite(f) & (f > 0)):
        raise InputError(f"'f30_cm2' must be > 0 protons/cm2, got {f30_cm2}")
    lf = np.clip(np.log(f), np.log(_OCC_F30[0]), np.log(_OCC_F30[-1]))
    rate = np.exp(np.interp(lf, np.log(_OCC_F30), np.log(_OCC_RATE)))
    bound = np.where(f < _OCC_F30[0], "at_least", np.where(f > _OCC_F30[-1], "at_most", "estimate"))
    return rate, bound


def exceedance_probability(f30_cm2, activity_weighted_years):
    """Probability that at least one event with F(>30 MeV) >= ``f30_cm2`` occurs, and a bound.

    ``activity_weighted_years`` from :func:`activity_years` (broadcast with ``f30_cm2``).
    """
    a = np.asarray(activity_weighted_years, dtype=np.float64)
    if not np.all(np.isfinite(a) & (a >= 0)):
        raise InputError(f"'activity_weighted_years' must be >= 0, got {activity_weighted_years}")
    rate, bound = event_rate_per_year(f30_cm2)
    p = -np.expm1(-rate * a)
    return p, np.broadcast_to(bound, p.shape)


def dose_exceedance_probability(
    dose_mgy, shielding_g_cm2, activity_weighted_years, material: str = "aluminium"
):
    """P(some event gives a BFO dose above ``dose_mgy`` behind the shield), and a bound.

    The August 1972 spectral shape with its >30 MeV fluence scaled: BFO dose is linear in
    F30, so ``dose_mgy`` (array) maps to one F30 and :func:`exceedance_probability` follows.
    """
    dm = np.asarray(dose_mgy, dtype=np.float64)
    if not np.all(np.isfinite(dm) & (dm > 0)):
        raise InputError(f"'dose_mgy' must be > 0 mGy, got {dose_mgy}")
    ev = DESIGN_EVENTS["aug1972"]
    per_f30 = bfo_dose_mgy(shielding_g_cm2, material, "aug1972") / ev["f0_cm2"]
    return exceedance_probability(dm / per_f30, activity_weighted_years)


@dataclass(frozen=True)
class SpeDose:
    """A design event's dose behind a shield, per crew member (whole event)."""

    event: str
    shielding_g_cm2: float
    material: str
    skin_dose_mgy: float
    bfo_dose_mgy: float
    bfo_dose_equivalent_msv: float
    source: str
    exceedance_probability: float | None = None
    #: "vehicle" or "storm shelter" when the crew budget placed it; None for a bare call.
    where: str | None = None
    #: "estimate", "at_least" or "at_most" (see :func:`event_rate_per_year`).
    exceedance_bound: str | None = None
    activity_weighted_years: float | None = None
    #: Aluminium (or the material's) thickness that keeps this event under the 30-day BFO
    #: limit, g/cm2 (:func:`shelter_required_g_cm2`).
    shelter_required_g_cm2: float | None = None
    key: str = "aug1972"

    def to_dict(self) -> dict:
        return {
            "event": self.event,
            "event_key": self.key,
            "where": self.where,
            "shielding_g_cm2": self.shielding_g_cm2,
            "material": self.material,
            "skin_dose_mgy": self.skin_dose_mgy,
            "bfo_dose_mgy": self.bfo_dose_mgy,
            "bfo_dose_equivalent_msv": self.bfo_dose_equivalent_msv,
            "exceedance_probability": self.exceedance_probability,
            "exceedance_bound": self.exceedance_bound,
            "exceedance_model": None if self.exceedance_probability is None else OCCURRENCE_MODEL,
            "activity_weighted_years": self.activity_weighted_years,
            "shelter_required_g_cm2": self.shelter_required_g_cm2,
            "model": "CSDA Bethe transport of the event's proton spectrum; no nuclear losses "
            "(conservative behind thick shields); ICRP 60 Q(L)",
            "source": self.source,
        }


def design_event_dose(
    shielding_g_cm2: float, material: str = "aluminium", event: str = "aug1972"
) -> SpeDose:
    """Dose of a design solar particle event behind ``shielding_g_cm2`` of a material."""
    ev = _event(event)
    _material(material)
    d = float(_shield(shielding_g_cm2))
    skin, bfo, bfo_h = _doses_per_event([d], material, ev["f0_cm2"], ev["e0_mev"],
                                        ev["e_ref_mev"])  # fmt: skip
    return SpeDose(
        event=ev["name"],
        shielding_g_cm2=d,
        material=material,
        skin_dose_mgy=float(skin[0]),
        bfo_dose_mgy=float(bfo[0]),
        bfo_dose_equivalent_msv=float(bfo_h[0]),
        source=ev["source"],
        key=event,
    )


@dataclass(frozen=True)
class SpeAssessment:
    """Every design event behind the vehicle (and the storm shelter), with their likelihood."""

    doses: tuple[SpeDose, ...]  # per event: vehicle, then shelter when one is stated
    activity_weighted_years: float
    mission_years: float
    limit_mgy: float
    #: P(some event puts the BFO over the limit) behind the vehicle / the shelter, and bounds.
    p_over_limit_vehicle: float
    p_over_limit_vehicle_bound: str
    p_over_limit_shelter: float | None = None
    p_over_limit_shelter_bound: str | None = None
    note: str = ""

    def to_dict(self) -> dict:
        return {
            "events": [d.to_dict() for d in self.doses],
            "activity_weighted_years": self.activity_weighted_years,
            "mission_years": self.mission_years,
            "bfo_limit_mgy_eq": self.limit_mgy,
            "p_bfo_over_limit_vehicle": self.p_over_limit_vehicle,
            "p_bfo_over_limit_vehicle_bound": self.p_over_limit_vehicle_bound,
            "p_bfo_over_limit_shelter": self.p_over_limit_shelter,
            "p_bfo_over_limit_shelter_bound": self.p_over_limit_shelter_bound,
            "exceedance_model": OCCURRENCE_MODEL,
            "sources": [_USOSKIN, _KING, _TOWNSEND_2006],
            "note": self.note,
        }


def assess_mission(
    vehicle_g_cm2: float,
    shelter_g_cm2: float | None,
    stays,
    material: str = "aluminium",
    limit_mgy: float = 250.0,
    note: str = "",
) -> SpeAssessment:
    """Design events behind the vehicle and the shelter over a mission's exposed stays.

    ``stays``: iterable of ``(start_utc_s, days)`` spent outside the magnetosphere and
    atmosphere (cruise, Mars orbit). ``limit_mgy``: the 30-day BFO limit the shelter is sized
    for (NCRP 132, 250 mGy-Eq; compared with the absorbed BFO dose as the plan's finding does).
    """
    _material(material)
    _shield(vehicle_g_cm2, "shielding_g_cm2")
    if shelter_g_cm2 is not None:
        _shield(shelter_g_cm2, "spe_shelter_g_cm2")
    a = float(sum(activity_years(t0, days) for t0, days in stays))
    years = float(sum(days for _, days in stays)) / 365.25
    doses = []
    for key, ev in DESIGN_EVENTS.items():
        p, bound = exceedance_probability(ev["f0_cm2"], a)
        need = float(shelter_required_g_cm2(limit_mgy, material, key))
        for where, t in (("vehicle", vehicle_g_cm2), ("storm shelter", shelter_g_cm2)):
            if t is None:
                continue
            d = design_event_dose(t, material, key)
            doses.append(
                replace(
                    d,
                    exceedance_probability=float(p),
                    where=where,
                    exceedance_bound=str(bound),
                    activity_weighted_years=a,
                    shelter_required_g_cm2=need,
                    key=key,
                )
            )
    pv, bv = dose_exceedance_probability(limit_mgy, vehicle_g_cm2, a, material)
    ps = bs = None
    if shelter_g_cm2 is not None:
        ps, bs = dose_exceedance_probability(limit_mgy, shelter_g_cm2, a, material)
        ps, bs = float(ps), str(bs)
    return SpeAssessment(tuple(doses), a, years, float(limit_mgy), float(pv), str(bv), ps, bs,
                         note)  # fmt: skip

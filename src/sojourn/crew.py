"""First-order crew budgets: consumables to carry and radiation dose per mission phase.

These are **first-order budgets**, meant for trade studies, not for flight: mass scales linearly
with crew and days; a life-support closure is a single recovered fraction per loop (water,
oxygen); food is never recycled; no margins, spares, tankage, hygiene or EVA water unless you add
them; dose is a constant measured rate per environment times the days spent there (no solar
particle events, no shielding trades, no solar-cycle modulation beyond what the measuring
mission saw). Every figure is settable; the defaults carry their sources.

Life-support figures (per crew member per day, "CM-d"): the current NASA Life Support Baseline
Values and Assumptions Document, NASA/TP-2015-218570/REV2 (Anderson et al., 2022), line by line
with table numbers in :mod:`sojourn.eclss` (food as carried, with packaging; drinking,
food-preparation, exercise, hygiene, flush and EVA water; oxygen by activity); an ECLSS preset
(``open-loop``, ``iss``, ``mars-transit``) turns them into mass carried through a mass balance
(electrolysis, Sabatier, urine and brine processing), with spares and margin.

Dose-equivalent rates (mSv/day, behind spacecraft shielding as measured):

- interplanetary cruise 1.84 (466 +/- 84 mSv over MSL's 253-day cruise, 2011-11-26 to
  2012-08-06, solar maximum of cycle 24): Zeitlin et al. (2013), Science 340:1080,
  doi:10.1126/science.1235989;
- Mars surface (Gale crater) 0.64 +/- 0.12: Hassler et al. (2014), Science 343:1244797,
  doi:10.1126/science.1244797 (value from memory of the paper, not checked against a stored copy);
- low Earth orbit (ISS) 0.64: the middle of "50 to 180 mSv" for a 180-day ISS stay (NASEM 2021
  report as quoted by MIT Technology Review, 2021), i.e. 0.28-1.0 mSv/day.

Dated phases (issue 12): a phase with a start date (``Phase.start_utc``, or ``crew_budget(...,
start_utc=...)`` for consecutive phases) and no rate of its own gets its dose from the
solar-cycle GCR model, :func:`sojourn.radiation.dose` (dose equivalent and effective dose,
shielding stated); ``dose_msv`` is then the effective dose. Members given to
:func:`crew_budget` are each judged against their own agency's limit
(:mod:`sojourn.radiation.limits`), and deep-space phases get the design solar particle events
behind the vehicle and the storm shelter, with the probability of meeting them over the
mission's dates (:mod:`sojourn.radiation.spe`; ``spe``, ``spe_risk``, ``spe_note``). The rates below
remain for undated phases and for rates given by the user.

Career limits (mSv): NASA 600 mSv effective dose for all ages and sexes (NASA's proposal,
endorsed by NASEM 2021, "Space Radiation and Astronaut Health", doi:10.17226/26155; adopted in
NASA-STD-3001 Vol. 1 Rev. B, 2022 -- the adoption is from memory, not a stored copy);
ESA, CSA and Roscosmos 1000 mSv (NASEM 2021, Table 3-1); JAXA 500-1000 mSv by age and sex
(Table 3-1; the lower end is used here).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from sojourn.core.defaults import (
    BVAD_SOURCE,
    FOOD_KG_PER_CREW_DAY,
    FOOD_PACKAGING_KG_PER_CREW_DAY,
    O2_KG_PER_CREW_DAY,
    WATER_KG_PER_CREW_DAY,
)
from sojourn.errors import InputError

__all__ = [
    "CAREER_LIMITS_MSV",
    "DOSE_RATES_MSV_PER_DAY",
    "DOSE_SOURCES",
    "CrewBudget",
    "LifeSupport",
    "Phase",
    "PhaseBudget",
    "crew_budget",
    "phase_dose_msv",
]

#: Dose-equivalent rate per environment, mSv/day (see module notes for sources).
DOSE_RATES_MSV_PER_DAY: dict[str, float] = {
    "leo": 0.64,
    "cruise": 466.0 / 253.0,  # 1.842: Zeitlin et al. 2013, MSL/RAD cruise total / days
    "mars_surface": 0.64,
}
#: One-sigma uncertainty of each rate, mSv/day (the measuring paper's; LEO: half the range).
DOSE_RATE_SIGMA_MSV_PER_DAY: dict[str, float] = {
    "leo": 0.36,
    "cruise": 84.0 / 253.0,
    "mars_surface": 0.12,
}
DOSE_SOURCES: dict[str, str] = {
    "leo": "ISS: 50-180 mSv per 180 days (NASEM 2021 via MIT Technology Review); middle value",
    "cruise": "MSL/RAD cruise: 466 +/- 84 mSv in 253 days (Zeitlin et al. 2013, Science 340:1080)",
    "mars_surface": (
        "MSL/RAD at Gale: 0.64 +/- 0.12 mSv/day (Hassler et al. 2014, Science 343:1244797)"
    ),
}
#: Career limits, mSv, by standard (see module notes).
CAREER_LIMITS_MSV: dict[str, float] = {
    "nasa": 600.0,  # NASA proposal endorsed by NASEM 2021 (NASA-STD-3001 Rev. B)
    "esa": 1000.0,  # NASEM 2021 Table 3-1
    "csa": 1000.0,
    "roscosmos": 1000.0,
    "jaxa": 500.0,  # 500-1000 by age and sex; lower end
}


#: Largest crew a budget takes: a crew, not a population (the masses stay finite and
#: meaningful; larger numbers are typing mistakes or hostile input).
MAX_CREW = 1000
#: Longest phase a budget takes, days: a century (longer is no crewed mission, and 1e308 days
#: would overflow the masses to infinity).
MAX_PHASE_DAYS = 36_525.0


@dataclass(frozen=True)
class LifeSupport:
    """Per-crew-member-per-day figures, kg/CM-d, and loop closures (fractions recovered).

    Defaults: NASA BVAD REV2 (2022), line by line in :data:`sojourn.eclss.BVAD`: O2 0.895
    (Table 3-31), water used 4.117 (drinking, food rehydration, exercise, hygiene, flush;
    Tables 3-31 and 4-20), food 1.56 as eaten (solids and food water, Table 3-31) plus
    ``food_packaging_kg`` 0.273 (15 % of NASA's 1.82 kg/CM-d packaged food system).

    ``eclss`` names an ECLSS (:func:`sojourn.eclss.eclss_preset`: ``open-loop``, ``iss``,
    ``mars-transit``, or an :class:`sojourn.eclss.Eclss`): the O2 and water carried then come
    from its mass balance (electrolysis, Sabatier, UPA/BPA/WPA), with its spares and margin,
    and ``water_recovery``/``o2_recovery`` are not used. Without it (the user-set closure),
    ``water_recovery`` and ``o2_recovery`` are the fractions of the daily water use and O2
    need that the loops return (0 = open loop, everything carried).
    """

    o2_kg: float = O2_KG_PER_CREW_DAY
    water_kg: float = WATER_KG_PER_CREW_DAY
    food_kg: float = FOOD_KG_PER_CREW_DAY
    food_packaging_kg: float = FOOD_PACKAGING_KG_PER_CREW_DAY
    water_recovery: float = 0.0
    o2_recovery: float = 0.0
    source: str = BVAD_SOURCE
    eclss: object = None  # None, a preset name or a sojourn.eclss.Eclss

    def __post_init__(self):
        for name in ("o2_kg", "water_kg", "food_kg", "food_packaging_kg"):
            v = getattr(self, name)
            if not (np.isfinite(v) and v >= 0):
                raise InputError(f"'{name}' must be >= 0 kg per crew member per day, got {v}")
        for name in ("water_recovery", "o2_recovery"):
            v = getattr(self, name)
            if not (np.isfinite(v) and 0.0 <= v <= 1.0):
                raise InputError(
                    f"'{name}' must be a fraction in [0, 1] (0 open loop, 0.9 = 90 % recycled), "
                    f"got {v}"
                )
        if self.eclss is not None:
            from sojourn.eclss import Eclss, eclss_preset

            if not isinstance(self.eclss, Eclss):
                object.__setattr__(self, "eclss", eclss_preset(self.eclss))

    def per_crew_day(self, crew: int = 1):
        """(O2, water, food) carried per crew member-day, kg, and the ECLSS balance or None.

        ``crew`` shares the ECLSS's whole-vehicle losses (cabin leak, airlock, EVAs); the N2
        carried for them is the balance's ``n2_carried_kg``."""
        if self.eclss is None:
            return (
                self.o2_kg * (1.0 - self.o2_recovery),
                self.water_kg * (1.0 - self.water_recovery),
                self.food_kg + self.food_packaging_kg,
                None,
            )
        from sojourn.eclss import balance

        b = balance(self.eclss, self.o2_kg, self.food_kg, self.food_packaging_kg, crew)
        return b.o2_carried_kg, b.water_carried_kg, b.food_carried_kg, b


@dataclass(frozen=True)
class Phase:
    """A mission phase: a name, a duration and a radiation environment.

    ``environment`` is a key of :data:`DOSE_RATES_MSV_PER_DAY` (``leo``, ``cruise``,
    ``mars_surface``); ``dose_rate_msv_per_day`` overrides its rate.
    """

    name: str
    days: float
    environment: str = "cruise"
    dose_rate_msv_per_day: float | None = None
    #: First day of the phase, UTC (ISO text or a time :func:`sojourn.tdb` reads); with it the
    #: dose comes from the solar-cycle model (:func:`sojourn.radiation.dose`).
    start_utc: str | None = None
    #: Aluminium areal density around the crew, g/cm2 (None: the model's default).
    shielding_g_cm2: float | None = None

    def __post_init__(self):
        from sojourn.core.edges import as_days

        # Real days (or a timedelta64, a timedelta, a time Quantity); complex, bool and text
        # are refused here rather than failing later in the arithmetic.
        object.__setattr__(self, "days", as_days(self.days, f"{self.name}.days"))

    def rate(self, rates: dict[str, float]) -> float:
        if self.dose_rate_msv_per_day is not None:
            r = float(self.dose_rate_msv_per_day)
            if not (np.isfinite(r) and r >= 0):
                raise InputError(f"phase {self.name!r}: dose rate must be >= 0 mSv/day, got {r}")
            return r
        if self.environment not in rates:
            raise InputError(
                f"phase {self.name!r}: unknown environment {self.environment!r}; known: "
                f"{', '.join(rates)} (or give dose_rate_msv_per_day)"
            )
        return float(rates[self.environment])


@dataclass(frozen=True)
class PhaseBudget:
    """Consumables (kg, whole crew) and dose (mSv, per crew member) of one phase."""

    name: str
    environment: str
    days: float
    o2_kg: float
    water_kg: float
    food_kg: float
    dose_rate_msv_per_day: float
    dose_msv: float
    #: Dose equivalent and effective dose, mSv (``dose_msv`` is the effective dose); the dose
    #: model ("measured rate" or the radiation model's name); the daily rate series (mSv/day).
    dose_equivalent_msv: float | None = None
    effective_dose_msv: float | None = None
    dose_model: str = "measured rate x days"
    start_utc: str | None = None
    shielding_g_cm2: float | None = None
    rate_series_msv_per_day: tuple[float, ...] = ()
    spares_kg: float = 0.0
    #: N2 (and argon) carried to make up the cabin air lost to leaks and the airlock, kg.
    n2_kg: float = 0.0

    @property
    def mass_kg(self) -> float:
        return self.o2_kg + self.water_kg + self.food_kg + self.spares_kg + self.n2_kg

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "environment": self.environment,
            "days": self.days,
            "o2_kg": self.o2_kg,
            "water_kg": self.water_kg,
            "food_kg": self.food_kg,
            "spares_kg": self.spares_kg,
            "n2_kg": self.n2_kg,
            "mass_kg": self.mass_kg,
            "dose_rate_msv_per_day": self.dose_rate_msv_per_day,
            "dose_msv": self.dose_msv,
            "dose_equivalent_msv": (
                self.dose_msv if self.dose_equivalent_msv is None else self.dose_equivalent_msv
            ),
            "effective_dose_msv": (
                self.dose_msv if self.effective_dose_msv is None else self.effective_dose_msv
            ),
            "dose_model": self.dose_model,
            "start_utc": self.start_utc,
            "shielding_g_cm2": self.shielding_g_cm2,
        }


@dataclass(frozen=True)
class CrewBudget:
    """The whole mission's first-order budget. Dose is per crew member."""

    crew: int
    phases: tuple[PhaseBudget, ...]
    life_support: LifeSupport
    standard: str
    career_limit_msv: float
    assumptions: tuple[str, ...] = field(default=())
    #: Each crew member against their own agency's limit (:mod:`sojourn.radiation.limits`).
    members: tuple = field(default=())
    #: Design solar particle events behind the vehicle and the storm shelter.
    spe: tuple = field(default=())
    #: Every design event with its probability over the mission
    #: (:class:`sojourn.radiation.spe.SpeAssessment`), or None; and why not, when None.
    spe_risk: object = None
    spe_note: str = ""
    eclss: object = None  # sojourn.eclss.EclssBalance of one crew member-day, or None

    @property
    def days(self) -> float:
        return float(sum(p.days for p in self.phases))

    @property
    def mass_kg(self) -> float:
        return float(sum(p.mass_kg for p in self.phases))

    @property
    def dose_msv(self) -> float:
        return float(sum(p.dose_msv for p in self.phases))

    @property
    def fraction_of_limit(self) -> float:
        return self.dose_msv / self.career_limit_msv

    def life_support_dict(self) -> dict:
        """The consumables line by line with sources, the ECLSS and its spares and margin."""
        from sojourn.eclss import BVAD

        ls = self.life_support
        if self.eclss is not None:
            d = self.eclss.to_dict()
        else:
            d = {
                "preset": "user-set closure",
                "model": "carried = need x (1 - recovery) per loop (water, O2); food carried",
                "source": ls.source,
                "efficiencies": {
                    "water_recovery": ls.water_recovery,
                    "o2_recovery": ls.o2_recovery,
                },
                "spares_kg_per_day": 0.0,
                "margin": 0.0,
                "lines": [
                    BVAD[k].to_dict()
                    for k in (
                        "o2_consumed",
                        "food_solids",
                        "food_water",
                        "food_packaging",
                        "drinking_water",
                        "food_prep_water",
                        "exercise_water",
                        "hygiene_water",
                        "flush_water",
                    )
                ],
            }
        d["spares_kg"] = float(sum(p.spares_kg for p in self.phases))
        return d

    def to_dict(self) -> dict:
        ls = self.life_support
        o2_cd, water_cd, food_cd, e = ls.per_crew_day(self.crew)
        return {
            "first_order": True,
            "note": "first-order budget: linear in crew and days, no margins; see assumptions",
            "crew": self.crew,
            "days": self.days,
            "phases": [p.to_dict() for p in self.phases],
            "consumables_kg": {
                "o2": float(sum(p.o2_kg for p in self.phases)),
                "water": float(sum(p.water_kg for p in self.phases)),
                "food": float(sum(p.food_kg for p in self.phases)),
                "spares": float(sum(p.spares_kg for p in self.phases)),
                "n2": float(sum(p.n2_kg for p in self.phases)),
                "total": self.mass_kg,
            },
            "per_crew_member_day_kg": {
                "o2": o2_cd,
                "water": water_cd,
                "food": food_cd,
                "n2": 0.0 if e is None else e.n2_carried_kg,
                "water_recovery": ls.water_recovery if e is None else e.water_recovery,
                "o2_recovery": ls.o2_recovery if e is None else e.o2_recovery,
                "source": ls.source,
                "as_carried": True,
            },
            "life_support": self.life_support_dict(),
            "dose_msv": self.dose_msv,
            "career_limit_msv": self.career_limit_msv,
            "standard": self.standard,
            "fraction_of_limit": self.fraction_of_limit,
            "within_limit": self.dose_msv <= self.career_limit_msv,
            "dose_note": "dose_msv is the effective dose per crew member (mSv)",
            "dose_equivalent_msv": float(
                sum(p.to_dict()["dose_equivalent_msv"] for p in self.phases)
            ),
            "effective_dose_msv": self.dose_msv,
            "member_verdicts": [m.to_dict() for m in self.members],
            "spe": [e.to_dict() for e in self.spe],
            "spe_risk": None if self.spe_risk is None else self.spe_risk.to_dict(),
            "spe_note": self.spe_note,
            "assumptions": list(self.assumptions),
        }


def phase_dose_msv(days, environment="cruise", rate_msv_per_day=None):
    """Dose equivalent, mSv, of ``days`` (scalar or array) in an environment at a constant rate."""
    d = np.asarray(days, dtype=np.float64)
    if not np.all(np.isfinite(d) & (d >= 0)):
        raise InputError(f"'days' must be >= 0, got {days}")
    rate = Phase("phase", 0.0, environment, rate_msv_per_day).rate(DOSE_RATES_MSV_PER_DAY)
    out = d * rate
    return float(out) if out.ndim == 0 else out


def crew_budget(
    crew: int,
    phases,
    life_support: LifeSupport | None = None,
    dose_rates_msv_per_day: dict[str, float] | None = None,
    standard: str = "nasa",
    career_limit_msv: float | None = None,
    start_utc=None,
    shielding_g_cm2: float | None = None,
    members=None,
    spe_shelter_g_cm2: float | None = None,
) -> CrewBudget:
    """Consumables to carry and dose per crew member for a mission's phases.

    Parameters
    ----------
    crew : int
        Crew size, >= 1.
    phases : sequence of Phase or of (name, days, environment) tuples
        Mission phases in order.
    life_support : LifeSupport, optional
        Per-CM-day figures and closures (default: BVAD 2004, open loop).
    dose_rates_msv_per_day : dict, optional
        Overrides of :data:`DOSE_RATES_MSV_PER_DAY` by environment.
    standard : str, default "nasa"
        A key of :data:`CAREER_LIMITS_MSV`.
    career_limit_msv : float, optional
        Overrides the standard's limit.
    start_utc : str, optional
        First day of the first phase, UTC; later phases follow on (a phase's own
        ``start_utc`` wins). Dated phases get the solar-cycle GCR model
        (:func:`sojourn.radiation.dose`) unless a rate is given for them.
    shielding_g_cm2 : float, optional
        Aluminium areal density around the crew (default: the model's, 10 g/cm2 in cruise).
    members : sequence of dict, optional
        Crew members (``name``, ``agency``, optional ``prior_dose_msv``, ``age``, ``sex``,
        ``age_at_first_flight`` (JAXA's cell),
        ``limit_msv``), each judged against their own agency's career limit.
    spe_shelter_g_cm2 : float, optional
        Storm-shelter areal density: the August 1972 event is computed behind the vehicle and
        behind the shelter.

    Returns
    -------
    CrewBudget
        Mass to carry per phase (kg, whole crew): ``crew * days * rate * (1 - recovery)`` for
        water and O2, ``crew * days * (food + packaging)`` for food; dose per crew member.
    """
    if isinstance(crew, bool) or not isinstance(crew, int | np.integer) or crew < 1:
        raise InputError(f"'crew' must be a whole number >= 1, got {crew!r}")
    if crew > MAX_CREW:
        raise InputError(
            f"'crew' must be at most {MAX_CREW} (a crew, not a population), got {crew}; "
            "budget a large crew as several vehicles"
        )
    ls = life_support or LifeSupport()
    rates = dict(DOSE_RATES_MSV_PER_DAY)
    if dose_rates_msv_per_day:
        for k, v in dose_rates_msv_per_day.items():
            if not (np.isfinite(v) and v >= 0):
                raise InputError(f"dose rate for {k!r} must be >= 0 mSv/day, got {v}")
            rates[k] = float(v)
    key = standard.lower()
    if career_limit_msv is None:
        if key not in CAREER_LIMITS_MSV:
            raise InputError(
                f"unknown standard {standard!r}; known: {', '.join(CAREER_LIMITS_MSV)} "
                "(or give career_limit_msv)"
            )
        limit = CAREER_LIMITS_MSV[key]
    else:
        limit = float(career_limit_msv)
        if not (np.isfinite(limit) and limit > 0):
            raise InputError(f"'career_limit_msv' must be > 0, got {career_limit_msv}")
    ph = [p if isinstance(p, Phase) else Phase(*p) for p in phases]
    if not ph:
        raise InputError(
            "'phases' is empty; give at least one phase, e.g. ('cruise', 180, 'cruise')"
        )
    o2_cd, water_cd, food_cd, bal = ls.per_crew_day(crew)
    spares_per_day = 0.0 if bal is None else bal.system.spares_kg_per_day
    n2_cd = 0.0 if bal is None else bal.n2_carried_kg
    out = []
    user_rates = set(dose_rates_msv_per_day or ())
    next_start = None if start_utc is None else _utc_s(start_utc, "start_utc")
    for p in ph:
        if not (np.isfinite(p.days) and 0 <= p.days <= MAX_PHASE_DAYS):
            raise InputError(
                f"phase {p.name!r}: 'days' must be in 0..{MAX_PHASE_DAYS:g} (a century), "
                f"got {p.days}; give the phase's length in days"
            )
        t0 = next_start if p.start_utc is None else _utc_s(p.start_utc, f"{p.name}.start_utc")
        next_start = None if t0 is None else t0 + p.days * 86_400.0
        cd = crew * p.days
        dated = _dated_dose(p, t0, rates, user_rates, shielding_g_cm2)
        rate = p.rate(rates) if dated is None else dated["rate"]
        out.append(
            PhaseBudget(
                name=p.name,
                environment=p.environment,
                days=float(p.days),
                o2_kg=cd * o2_cd,
                water_kg=cd * water_cd,
                food_kg=cd * food_cd,
                dose_rate_msv_per_day=rate,
                dose_msv=p.days * rate if dated is None else dated["effective"],
                **({} if dated is None else dated["fields"]),
                spares_kg=p.days * spares_per_day,
                n2_kg=cd * n2_cd,
            )
        )
    if bal is None:
        closure = (
            f"closure (user-set): {ls.water_recovery:.0%} of water and {ls.o2_recovery:.0%} of "
            "O2 recovered; food not recycled; no spares or margin"
        )
    else:
        s = bal.system
        closure = (
            f"ECLSS {s.name}: {bal.water_recovery:.1%} of wastewater and {bal.o2_recovery:.0%} "
            f"of O2 recovered (mass balance); spares {s.spares_kg_per_day:g} kg/day, margin "
            f"{s.margin:.0%}; food not recycled; cabin leak {s.cabin_leak_kg_per_day:g} kg/day, "
            f"{s.evas_per_year:g} EVAs/year; water surplus {bal.water_surplus_kg:.3f} kg/CM-d"
        )
    assumptions = (
        "first-order: mass linear in crew x days; steady-state life support; no tankage",
        f"life support per crew member-day as carried: O2 {o2_cd:.3f} kg, water "
        f"{water_cd:.3f} kg, food with packaging {food_cd:.3f} kg ({ls.source})",
        closure,
        *(
            ["dose: constant measured rate x days per environment; no solar particle events"]
            if not any(p.start_utc for p in out)
            else [
                "dose of dated phases: " + _radiation_model(),
                "dose_msv is the effective dose (BFO dose equivalent stands in for it)",
            ]
        ),
        *(
            f"dose rate {k}: {rates[k]:.3f} mSv/day ({DOSE_SOURCES.get(k, 'user')})"
            for k in sorted({p.environment for p in out if p.start_utc is None})
            if k in rates
        ),
        f"career limit: {limit:g} mSv ({key})",
    )
    dose_total = float(sum(p.dose_msv for p in out))
    verdicts = _member_verdicts(members, key, career_limit_msv, dose_total, out)
    spe, spe_risk, spe_note = _spe(out, shielding_g_cm2, spe_shelter_g_cm2)
    return CrewBudget(
        crew, tuple(out), ls, key, limit, assumptions, verdicts, spe, eclss=bal,
        spe_risk=spe_risk, spe_note=spe_note,
    )  # fmt: skip


# --- dated dose (issue 12): the radiation model per dated phase, members, SPEs -------------


def _utc_s(value, field: str) -> float:
    from sojourn.core.time import tdb, tdb_to_utc

    return float(tdb_to_utc(tdb(value, field=field)))


def _radiation_model() -> str:
    from sojourn.radiation.gcr import GCR_MODEL

    return GCR_MODEL


#: Environments the radiation model covers; Mars orbit is taken as free space (the planet
#: hides little of the sky from a 1-sol orbit: conservative).
_MODEL_ENV = {"cruise": "cruise", "mars_orbit": "cruise", "mars_surface": "mars_surface",
              "leo": "leo"}  # fmt: skip


def _dated_dose(p: Phase, t0, rates, user_rates, shielding_g_cm2):
    """The radiation model's dose for a dated phase, or None (undated, or a rate was given)."""
    if t0 is None or p.dose_rate_msv_per_day is not None or p.environment in user_rates:
        return None
    env = _MODEL_ENV.get(p.environment)
    if env is None:
        return None
    from sojourn.core.time import utc_iso, utc_to_tdb
    from sojourn.radiation import dose

    shield = p.shielding_g_cm2 if p.shielding_g_cm2 is not None else shielding_g_cm2
    if env == "mars_surface":
        shield = None  # the atmosphere shields; habitat shielding is not assumed
    r = dose(env, utc_iso(float(utc_to_tdb(t0))), p.days, shield)
    rate = r.effective_dose_msv / p.days if p.days > 0 else float(r.rate_msv_per_day)
    return {
        "rate": rate,
        "effective": r.effective_dose_msv,
        "fields": {
            "dose_equivalent_msv": r.dose_equivalent_msv,
            "effective_dose_msv": r.effective_dose_msv,
            "dose_model": r.model,
            "start_utc": r.start_utc,
            "shielding_g_cm2": r.shielding_g_cm2,
            "rate_series_msv_per_day": tuple(float(x) for x in r.rate_msv_per_day_series),
        },
    }


def _member_verdicts(members, standard, career_limit_msv, dose_msv, phases):
    """Each member against their agency's limit (the mission's standard when none is given).

    Career: prior + this mission's effective dose. Short-term: the worst 30-day and 365-day
    windows of the whole mission's daily dose (dated phases' daily series, others' mean rate).
    """
    if not members:
        return ()
    from sojourn.radiation.limits import daily_dose_series, max_window_msv, member_verdict

    daily, slot = daily_dose_series(
        [p.days for p in phases],
        [p.dose_rate_msv_per_day for p in phases],
        [p.rate_series_msv_per_day for p in phases],
        with_days=True,
    )
    worst30, worst365 = max_window_msv(daily, 30, slot), max_window_msv(daily, 365, slot)
    out = []
    for i, m in enumerate(members):
        if not isinstance(m, dict):
            raise InputError(
                f"crew member {i + 1}: must be a table of name, agency, prior_dose_msv, age, "
                f"sex, age_at_first_flight, limit_msv; got {m!r}"
            )
        m = dict(m)
        agency = m.get("agency") or standard
        limit = m.get("limit_msv")
        out.append(
            member_verdict(
                m.get("name", f"crew member {i + 1}"), agency, dose_msv,
                m.get("prior_dose_msv", 0.0),
                career_limit_msv if limit is None else limit,
                m.get("age"), m.get("sex"), worst30, worst365, m.get("age_at_first_flight"),
            )
        )  # fmt: skip
    return tuple(out)


def _spe(phases, shielding_g_cm2, shelter_g_cm2):
    """Design solar particle events behind the vehicle and the shelter (deep-space phases).

    Returns the August 1972 event behind the vehicle (and the shelter), every design event
    with its probability over the dated deep-space stays (:func:`sojourn.radiation.spe.
    assess_mission`), and a note saying why there is none.
    """
    deep = [p for p in phases if p.start_utc and p.environment in ("cruise", "mars_orbit")]
    if not deep:
        if any(p.environment == "leo" for p in phases):
            note = (
                "solar particle events: not applicable in low Earth orbit, where the "
                "geomagnetic field shields the crew from most solar protons (no sourced "
                "fraction is stored)"
            )
        else:
            note = "solar particle events: assessed for dated cruise and Mars-orbit phases only"
        return (), None, note
    from sojourn.radiation.dose import DEFAULT_SHIELDING_G_CM2
    from sojourn.radiation.limits import SHORT_TERM_BFO_MGY_EQ
    from sojourn.radiation.spe import assess_mission

    vehicle = DEFAULT_SHIELDING_G_CM2["cruise"] if shielding_g_cm2 is None else shielding_g_cm2
    note = (
        "exposed: dated cruise and Mars-orbit phases; Mars-surface stays are not counted (the "
        "atmosphere shields them; not modelled here)"
    )
    risk = assess_mission(
        vehicle, shelter_g_cm2, [(_utc_s(p.start_utc, "start_utc"), p.days) for p in deep],
        limit_mgy=SHORT_TERM_BFO_MGY_EQ["30_day"], note=note,
    )  # fmt: skip
    aug = tuple(d for d in risk.doses if d.key == "aug1972")
    return aug, risk, ""


def with_closure(ls: LifeSupport, water_recovery: float, o2_recovery: float) -> LifeSupport:
    """A copy of ``ls`` with other loop closures."""
    return replace(ls, water_recovery=water_recovery, o2_recovery=o2_recovery)

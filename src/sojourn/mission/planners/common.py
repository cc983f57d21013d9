"""What every planner shares: the :class:`Draft` it fills, training phases, the crew budget."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import numpy as np

from sojourn.core.constants import DAY_S
from sojourn.mission import schema as S
from sojourn.mission.model import (
    CrewMember,
    CrewSection,
    Finding,
    Plan,
    PlanPhase,
    TrajectorySegment,
)

__all__ = ["DOSE_WARN_FRACTION", "Draft", "training_phases", "vehicle", "phase_name", "crew"]

#: Share of the limit above which a dose draws a warning.
DOSE_WARN_FRACTION = 0.8

#: Plan fields a planner may set with :meth:`Draft.set` (the typed sections and figures).
_SETTABLE = frozenset(
    f.name
    for f in dataclasses.fields(Plan)
    if f.name not in ("mission", "title", "kind", "phases", "trajectories", "findings")
)


class Draft:
    """A plan being built: the planner appends phases, trajectories and findings and sets the
    typed sections; :meth:`freeze` makes the :class:`~sojourn.mission.model.Plan`."""

    def __init__(self, mission: S.Mission, progress: Callable[[str], None] | None = None):
        self.mission = mission
        self.phases: list[PlanPhase] = []
        self.trajectories: list[TrajectorySegment] = []
        self.findings: list[Finding] = []
        self.assumptions: dict = {}
        self.sections: dict = {}
        self.progress = progress or (lambda text: None)

    def find(self, severity: str, code: str, message: str, phase: str | None = None) -> None:
        self.findings.append(Finding(severity, code, message, phase))

    def set(self, **sections) -> None:
        """Set typed sections by their :class:`Plan` field name (``launch=...``, ``crew=...``)."""
        unknown = set(sections) - _SETTABLE
        if unknown:
            raise TypeError(f"Plan has no section {sorted(unknown)}; known: {sorted(_SETTABLE)}")
        self.sections.update(sections)

    def freeze(self) -> Plan:
        m = self.mission
        order = {"error": 0, "warning": 1, "info": 2}
        return Plan(
            mission=m.mission.name,
            title=m.mission.title or m.mission.name,
            kind=m.mission.kind,
            phases=tuple(self.phases),
            trajectories=tuple(self.trajectories),
            findings=tuple(sorted(self.findings, key=lambda f: order[f.severity])),
            assumptions=self.assumptions,
            **self.sections,
        )


def phase_name(p, default: str) -> str:
    return p.name or default


def vehicle(m: S.Mission, name: str | None = None):
    """The named vehicle of the mission file, else its first one, else None."""
    if name is not None:
        return next(v for v in m.vehicles if v.name == name)
    return m.vehicles[0] if m.vehicles else None


def training_phases(m: S.Mission, t_first: float) -> list[PlanPhase]:
    """The mission file's training phases, back to back, ending at ``t_first`` (TDB s)."""
    tr = [p for p in m.phases if p.kind == "training"]
    out = []
    t = t_first - sum(p.days for p in tr) * DAY_S
    for i, p in enumerate(tr):
        end = t + p.days * DAY_S
        name = phase_name(p, "training" if len(tr) == 1 else f"training {i + 1}")
        out.append(PlanPhase(name, "training", t, end, {}, "ground"))
        t = end
    return out


def crew(d: Draft) -> None:
    """The crew budget over the flight phases (:func:`sojourn.crew.crew_budget`), its section
    and its findings (``consumables-short``, ``dose-over-limit``, ``dose-near-limit``,
    ``dose-short-term-over-limit``)."""
    from sojourn.crew import LifeSupport, Phase, crew_budget

    m = d.mission
    a = m.assumptions
    veh = vehicle(m)
    flight = [p for p in d.phases if p.environment != "ground" and p.days > 0]
    if not flight:
        return
    rates = {k: v for k, v in a.dose_rates_msv_per_day.model_dump().items() if v is not None}
    if "mars_orbit" not in rates and "cruise" in rates:
        # No measurement in Mars orbit: the cruise rate (Mars shields little from orbit).
        rates["mars_orbit"] = rates["cruise"]
    ls = LifeSupport(
        o2_kg=a.o2_kg_per_crew_day,
        water_kg=a.water_kg_per_crew_day,
        food_kg=a.food_kg_per_crew_day,
        water_recovery=veh.water_recovery if veh else 0.0,
        o2_recovery=veh.o2_recovery if veh else 0.0,
        eclss=_eclss(veh, sum(p.days for p in flight)),
    )
    from sojourn.core.time import utc_iso

    b = crew_budget(
        len(m.crew),
        [Phase(p.name, p.days, p.environment, start_utc=utc_iso(p.start_tdb_s)) for p in flight],
        ls,
        rates,
        a.dose_standard,
        a.career_limit_msv,
        shielding_g_cm2=a.shielding_g_cm2,
        members=[
            {
                "name": c.name,
                "agency": c.agency or a.dose_standard,
                "prior_dose_msv": c.prior_dose_msv,
                "age": c.age,
                "sex": c.sex,
                "age_at_first_flight": c.age_at_first_flight,
                "limit_msv": c.limit_msv if c.limit_msv is not None else a.career_limit_msv,
            }
            for c in m.crew
        ],  # fmt: skip
        spe_shelter_g_cm2=a.spe_shelter_g_cm2,
    )
    cap = veh.consumables_kg if veh is not None else None
    members = tuple(
        CrewMember(
            c.name, c.role, c.agency, c.prior_dose_msv, c.prior_dose_msv + b.dose_msv,
            v.limit_msv, v.limit_quantity, v.within_limit,
            v.limit_basis, v.age, v.sex, v.to_dict()["short_term"],
        )
        for c, v in zip(m.crew, b.members, strict=True)
    )  # fmt: skip
    stock = None
    if veh is not None and veh.resupply:
        from sojourn.eclss import Resupply, resupply_check

        stock = resupply_check(
            cap or 0.0,
            b.mass_kg / b.days if b.days > 0 else 0.0,
            b.days,
            [Resupply(r.day, r.vehicle, r.consumables_kg) for r in veh.resupply],
        )
        brought = sum(c["delivered_kg"] for c in stock.checkpoints)
        if stock.run_out_day is not None:
            d.find(
                "error",
                "consumables-run-out",
                f"consumables run out on day {stock.run_out_day:.0f} of {b.days:.0f}: "
                f"{veh.name} starts with {cap or 0.0:,.0f} kg and {len(veh.resupply)} "
                f"resupply flight(s) bring {brought:,.0f} kg",
                None,
            )
    d.set(crew=CrewSection(b, members, cap, _dose_series(b), stock))
    if cap is not None and b.mass_kg > cap and stock is None:
        d.find(
            "error",
            "consumables-short",
            f"the crew of {b.crew} needs {b.mass_kg:,.0f} kg "
            f"of O2, water and food; {veh.name} carries {cap:,.0f} kg",
            None,
        )
    for c, v in zip(members, b.members, strict=True):
        frac = c.career_dose_msv / v.limit_msv
        if frac > 1.0:
            d.find(
                "error",
                "dose-over-limit",
                f"{c.name}: {c.career_dose_msv:.0f} mSv career dose (effective) "
                f"exceeds the {v.agency.upper()} limit of {v.limit_msv:g} mSv",
                None,
            )
        elif frac > DOSE_WARN_FRACTION:
            d.find(
                "warning",
                "dose-near-limit",
                f"{c.name}: {c.career_dose_msv:.0f} mSv is {frac:.0%} of the "
                f"{v.agency.upper()} limit",
                None,
            )
    _short_term_findings(d, b)
    _spe_findings(d, b)


def _eclss(veh, days):
    """The vehicle's ECLSS preset with its EVAs, leak, airlock and spares (or None)."""
    if veh is None or veh.eclss is None:
        return None
    from sojourn.eclss import eclss_preset

    over = {"evas_per_year": veh.eva_count * 365.25 / days if days > 0 else 0.0}
    for name in ("cabin_leak_kg_per_day", "airlock_volume_m3", "spares_kg_per_day"):
        if getattr(veh, name) is not None:
            over[name] = getattr(veh, name)
    return eclss_preset(veh.eclss, **over)


def _short_term_findings(d, b):
    """``dose-short-term-over-limit``: a member's worst 30-day or 365-day BFO dose over NCRP
    132's 250 / 500 mGy-Eq (one finding per window; every member shares the mission's dose)."""
    from sojourn.radiation.limits import SHORT_TERM_BFO_MGY_EQ

    if not b.members:
        return
    v = b.members[0]
    for key, worst, label in (
        ("30_day", v.max_30_day_msv, "30 days"),
        ("annual", v.max_annual_msv, "365 days"),
    ):
        lim = SHORT_TERM_BFO_MGY_EQ[key]
        if worst is not None and worst > lim:
            d.find(
                "error",
                "dose-short-term-over-limit",
                f"the worst {label} of the mission give {worst:.0f} mSv at the blood-forming "
                f"organs, over the {lim:g} mGy-Eq short-term limit (NCRP 132)",
                None,
            )


def _dose_series(b):
    """Daily dose rate of the dated phases and the solar-cycle index behind it, or None."""
    from sojourn.core.time import tdb, tdb_to_utc
    from sojourn.mission.model import DoseSeries
    from sojourn.radiation.modulation import PHI_FORECAST, phi_series
    from sojourn.radiation.solar import f107_index

    t, rate, env = [], [], []
    for p in b.phases:
        if p.start_utc and p.rate_series_msv_per_day:
            n = len(p.rate_series_msv_per_day)
            t.append(float(tdb(p.start_utc)) + (np.arange(n) + 0.5) * 86_400.0)
            rate.append(np.asarray(p.rate_series_msv_per_day))
            env += [p.environment] * n
    if not t:
        return None
    tt = np.concatenate(t)
    utc = tdb_to_utc(tt)
    phi, src = phi_series(utc, "mean")
    lo, _ = phi_series(utc, "low")
    hi, _ = phi_series(utc, "high")
    idx, _ = f107_index(utc, "mean")
    return DoseSeries(tt, np.concatenate(rate), tuple(env), phi, lo, hi, idx, src == PHI_FORECAST)


def _spe_findings(d: Draft, b) -> None:
    """A storm shelter too thin (or none): a design event behind the best protection the crew
    has breaks the 30-day BFO limit. The August 1972 event is an error (a deterministic limit,
    not a risk); the 1-in-100-year event a warning with its probability over the mission. Each
    says the thickness that would keep under the limit (solved by bisection)."""
    from sojourn.radiation.limits import SHORT_TERM_BFO_MGY_EQ

    if not b.spe:
        return
    lim = SHORT_TERM_BFO_MGY_EQ["30_day"]
    risk = b.spe_risk
    best = {}
    for e in risk.doses if risk is not None else b.spe:
        best[e.key] = e  # vehicle first, then the shelter: the last is the best protection
    for key, e in best.items():
        if e.bfo_dose_mgy <= lim:
            continue
        where = (
            "storm shelter" if e.where == "storm shelter" else "vehicle (no storm shelter stated)"
        )
        need = (
            ""
            if e.shelter_required_g_cm2 is None
            else f"; {e.shelter_required_g_cm2:.1f} g/cm2 of {e.material} would keep under it"
        )
        odds = (
            ""
            if e.exceedance_probability is None
            else f"; probability of such an event during the mission {e.exceedance_probability:.1%}"
            + (" or more" if e.exceedance_bound == "at_least" else "")
        )
        d.find(
            "error" if key == "aug1972" else "warning",
            "spe-shelter-thin" if key == "aug1972" else "spe-extreme-event",
            f"{e.event} behind the {where}, {e.shielding_g_cm2:g} g/cm2 "
            f"{e.material}: {e.bfo_dose_mgy:.0f} mGy to the blood-forming organs, over "
            f"the 30-day limit of {lim:g} mGy-Eq (NCRP 132){need}{odds}; state a thicker storm "
            "shelter (assumptions.spe_shelter_g_cm2)",
            None,
        )
    if risk is not None:
        shelter = risk.p_over_limit_shelter is not None
        p = risk.p_over_limit_shelter if shelter else risk.p_over_limit_vehicle
        bound = risk.p_over_limit_shelter_bound if shelter else risk.p_over_limit_vehicle_bound
        d.find(
            "info",
            "spe-risk",
            f"probability that a solar particle event puts the blood-forming organs over "
            f"{lim:g} mGy-Eq behind the {'storm shelter' if shelter else 'vehicle'} during the "
            f"mission: {p:.2%}"
            + (" or more" if bound == "at_least" else "")
            + (" or less" if bound == "at_most" else "")
            + f" ({risk.activity_weighted_years:.2f} activity-weighted years exposed; "
            "Usoskin & Kovaltsov 2012 event rates, a conservative upper limit)",
            None,
        )


def sampled(t0: float, t1: float, step_s: float) -> np.ndarray:
    """``ceil((t1 - t0) / step_s)`` equal steps from ``t0`` to ``t1`` inclusive (at least 1)."""
    import math

    n = max(int(math.ceil((t1 - t0) / step_s)), 1)
    return np.linspace(t0, t1, n + 1)

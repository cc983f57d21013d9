"""The key figures of a plan, computed once: the terminal (``sojourn plan``) and the HTML
report's header both format this one :class:`KeyFigures` (``plan.key_figures()``).

Every field is a number (TDB seconds, days, km/s, mSv, kg...) or a name, None when the plan
lacks it; formatting (UTC text, units, rounding) is the writer's.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["KeyFigures", "key_figures"]

SEVERITY_ORDER = ("error", "warning", "info")


@dataclass(frozen=True)
class KeyFigures:
    """What a reader looks for first in a plan (None where the plan has no such figure)."""

    start_tdb_s: float
    end_tdb_s: float
    duration_days: float
    n_phases: int
    # Station missions.
    launch_tdb_s: float | None = None
    launch_site: str | None = None
    docking_tdb_s: float | None = None
    docking_profile: str | None = None
    landing_tdb_s: float | None = None
    landing_zone: str | None = None
    abort_hours_min: float | None = None
    abort_hours_max: float | None = None
    home_hours_worst: float | None = None  # the way home at every hour: decision to touchdown
    home_hours_median: float | None = None
    # Interplanetary missions.
    depart_tdb_s: float | None = None
    depart_c3_km2_s2: float | None = None
    arrive_tdb_s: float | None = None
    outbound_tof_days: float | None = None
    return_tdb_s: float | None = None
    return_tof_days: float | None = None
    stay_days: float | None = None
    dv_total_km_s: float | None = None
    light_time_min_s: float | None = None
    light_time_max_s: float | None = None
    blackouts_tdb_s: tuple[tuple[float, float], ...] = ()
    abort_coverage: float | None = None  # share of burn dates with a return in the budget
    # Departure geometry (sojourn.departure).
    depart_dla_deg: float | None = None
    depart_dv_km_s: float | None = None  # Earth departure, plane change included
    depart_penalty_km_s: float | None = None  # above the in-plane burn
    depart_method: str | None = None
    mars_node_drift_deg: float | None = None  # over the stay
    mars_apsides_drift_deg: float | None = None
    tei_dv_km_s: float | None = None  # from the Mars orbit as it is at the end of the stay
    tei_no_drift_dv_km_s: float | None = None
    #: The round trip's delta-v with the geometry's penalties added: the Earth departure's
    #: plane change above the in-plane burn and the TEI from the drifted Mars orbit above the
    #: round trip's in-plane figure (the round-trip search itself assumes in-plane burns).
    dv_with_geometry_km_s: float | None = None
    # Crew.
    crew: int | None = None
    consumables_kg: float | None = None
    dose_msv: float | None = None  # per crew member, this mission
    career_limit_msv: float | None = None
    # Findings by severity.
    n_errors: int = 0
    n_warnings: int = 0
    n_infos: int = 0

    @property
    def blackout_days(self) -> float:
        return sum(max(0.0, b - a) for a, b in self.blackouts_tdb_s) / 86_400.0


def key_figures(plan) -> KeyFigures:
    """The :class:`KeyFigures` of a :class:`~sojourn.mission.model.Plan`."""
    f: dict = {
        "start_tdb_s": plan.start_tdb_s,
        "end_tdb_s": plan.end_tdb_s,
        "duration_days": (plan.end_tdb_s - plan.start_tdb_s) / 86_400.0,
        "n_phases": len(plan.phases),
    }
    if plan.launch is not None:
        f["launch_tdb_s"] = plan.launch.window.launch_tdb_s
        f["launch_site"] = plan.launch.site
        if plan.launch.rendezvous is not None:
            f["docking_tdb_s"] = plan.launch.rendezvous.docking_tdb_s
            f["docking_profile"] = plan.launch.rendezvous.profile
    if plan.landing is not None:
        f["landing_tdb_s"] = plan.landing.opportunity.landing_tdb_s
        f["landing_zone"] = plan.landing.opportunity.zone
    out = None
    if plan.roundtrip is not None:
        rt = plan.roundtrip
        out = rt.outbound
        f["return_tdb_s"] = rt.inbound.arrive_tdb_s
        f["return_tof_days"] = rt.inbound.tof_days
        f["stay_days"] = rt.stay_days
        f["dv_total_km_s"] = rt.dv_total_km_s
    elif plan.transfer is not None:
        out = plan.transfer
    if out is not None:
        f["depart_tdb_s"] = out.depart_tdb_s
        f["depart_c3_km2_s2"] = out.c3_km2_s2
        f["arrive_tdb_s"] = out.arrive_tdb_s
        f["outbound_tof_days"] = out.tof_days
    if getattr(plan, "departure", None) is not None:
        dep = plan.departure.departure
        f["depart_dla_deg"] = dep.dla_deg
        f["depart_dv_km_s"] = dep.dv_km_s
        f["depart_penalty_km_s"] = dep.penalty_km_s
        f["depart_method"] = dep.method
    if getattr(plan, "mars_orbit", None) is not None:
        mo = plan.mars_orbit.orbit
        f["mars_node_drift_deg"] = mo.node_drift_deg
        f["mars_apsides_drift_deg"] = mo.apsides_drift_deg
        f["tei_dv_km_s"] = mo.departure.dv_km_s
        f["tei_no_drift_dv_km_s"] = mo.departure_no_drift.dv_km_s
    if f.get("dv_total_km_s") is not None and (
        f.get("depart_penalty_km_s") is not None or f.get("tei_dv_km_s") is not None
    ):
        extra = max(0.0, f.get("depart_penalty_km_s") or 0.0)
        if getattr(plan, "mars_orbit", None) is not None:
            extra += max(0.0, plan.mars_orbit.orbit.departure.penalty_km_s)
        f["dv_with_geometry_km_s"] = f["dv_total_km_s"] + extra
    if plan.comms is not None:
        rep = plan.comms.report
        f["light_time_min_s"] = rep.light_time_min_s
        f["light_time_max_s"] = rep.light_time_max_s
        f["blackouts_tdb_s"] = tuple(
            (float(a), float(b)) for a, b in np.asarray(plan.comms.series.blackouts_tdb_s)
        )
    if plan.aborts is not None:
        tab = plan.aborts.table
        if plan.aborts.kind == "leo":
            h = np.asarray(tab.hours_to_ground, dtype=np.float64)
            h = h[np.isfinite(h)]
            if h.size:
                f["abort_hours_min"], f["abort_hours_max"] = float(h.min()), float(h.max())
        else:
            er = np.asarray(tab.earliest_tof_days, dtype=np.float64)
            if er.size:
                f["abort_coverage"] = float(np.isfinite(er).mean())
    if getattr(plan, "home", None) is not None:
        h = np.asarray(plan.home.hours_to_ground, dtype=np.float64)
        h = h[np.isfinite(h)]
        if h.size:
            f["home_hours_worst"], f["home_hours_median"] = float(h.max()), float(np.median(h))
    if plan.crew is not None:
        b = plan.crew.budget
        f["crew"] = b.crew
        f["consumables_kg"] = b.mass_kg
        f["dose_msv"] = b.dose_msv
        f["career_limit_msv"] = b.career_limit_msv
    sev = [x.severity for x in plan.findings]
    f["n_errors"], f["n_warnings"], f["n_infos"] = (
        sev.count(s) for s in ("error", "warning", "info")
    )
    return KeyFigures(**f)

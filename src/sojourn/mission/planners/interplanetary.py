"""Interplanetary missions (``kind = "interplanetary"``): out, stay, back, and what rides along.

- the round trip of least total delta-v in the departure window
  (:func:`sojourn.roundtrip.roundtrip`), or the outbound leg alone (least C3 in a porkchop,
  refined by :func:`sojourn.windows.optimize`);
- the race against rival departures (:func:`sojourn.roundtrip.race`, re-ranked with the plan
  by :func:`sojourn.roundtrip.rank_race`);
- communications over the whole mission along the crew's path
  (:func:`sojourn.roundtrip.mission_trajectory`, :func:`sojourn.comms.comms`; station
  contacts on arrival day);
- the abort table over the whole round trip (:func:`sojourn.abort.mission_aborts`; the
  outbound cruise alone, :func:`sojourn.abort.abort_table`, for a one-way plan);
- the porkchop of the chosen opportunity, the planets' orbits and the arcs re-centred for the
  pictures (:mod:`sojourn.mission.views`).

Findings: ``no-window``, ``transit-too-long``, ``delta-v-short``, ``race``, ``no-abort``,
``abort-entry-speed``, ``blackout``, ``blackout-critical``.
"""

from __future__ import annotations

import numpy as np

from sojourn.core.constants import DAY_S, GM_SUN_KM3_S2
from sojourn.core.jobs import WorkTooLarge
from sojourn.core.time import parse_range, tdb, utc_iso
from sojourn.errors import EphemerisRangeError, InputError
from sojourn.mission.model import (
    AbortSection,
    CommsSection,
    CommsSeries,
    PlanPhase,
    PorkchopSection,
    TrajectorySegment,
)
from sojourn.mission.planners.common import Draft, phase_name, sampled, training_phases, vehicle
from sojourn.mission.planners.registry import register
from sojourn.mission.views import ground_stations, planet_orbits, with_views

__all__ = ["plan_interplanetary", "porkchop_window"]

#: Porkchop of the chosen opportunity: at least +-40 days of departure, +-80 of arrival,
#: 1-day step (fine enough to draw the ridge); grown and re-centred (at most
#: PORKCHOP_TRIES grids) until both the chosen transfer and the grid's least C3 lie at least
#: PORKCHOP_MARGIN of the half-span inside each edge.
PORKCHOP_DEPART_DAYS, PORKCHOP_ARRIVE_DAYS, PORKCHOP_STEP_DAYS = 40.0, 80.0, 1.0
PORKCHOP_MARGIN, PORKCHOP_TRIES = 0.25, 4
#: Return flight times searched by the abort table, days.
ABORT_RETURN_TOF_DAYS = np.arange(30.0, 601.0, 5.0)
#: Flight-time bounds of a rival's fastest transfer in the race, days.
RACE_TOF_DAYS = (60.0, 500.0)


def _arc(transfer, step_s=DAY_S):
    """Daily Sun-centred states of a transfer's two-body arc: (t (N,), r (N, 3), v (N, 3))."""
    from sojourn.core.kepler import propagate

    t = sampled(transfer.depart_tdb_s, transfer.arrive_tdb_s, step_s)
    r, v = propagate(transfer.r1_km, transfer.v1_km_s, t - transfer.depart_tdb_s, GM_SUN_KM3_S2)
    return t, np.asarray(r), np.asarray(v)


@register("interplanetary")
def plan_interplanetary(d: Draft) -> None:
    """Plan an interplanetary mission into ``d`` (see the module notes)."""
    from sojourn.core.time import date_range
    from sojourn.roundtrip import roundtrip
    from sojourn.windows import optimize, porkchop

    m = d.mission
    a = m.assumptions
    dep, cruise, surf, ret = (m.phase(k) for k in ("departure", "transfer", "surface", "return"))
    t0, t1 = parse_range(dep.window, "departure.window")
    cap_s = a.capture_period_hours * 3600.0 if a.capture_period_hours else None
    veh = vehicle(m)
    phases = d.phases
    out = back = rt = None
    tof_lo, tof_hi = cruise.min_days, cruise.max_days
    if ret is not None:
        tof_lo = min(tof_lo, ret.min_days or tof_lo)
        tof_hi = max(tof_hi, ret.max_days or tof_hi)
    d.progress("round trip" if surf is not None else "outbound window")
    try:
        if surf is not None and ret is not None:
            rt = roundtrip(
                "earth",
                dep.target,
                (t0, t1),
                dep.mission_class,
                stay_days=(surf.min_days, surf.max_days),
                step_days=dep.step_days,
                tof_days=(tof_lo, tof_hi),
                parking_alt_km=a.parking_alt_km,
                capture_periapsis_alt_km=a.capture_periapsis_alt_km,
                capture_period_s=cap_s,
                entry_alt_km=a.entry_alt_km,
                max_entry_km_s=a.max_entry_speed_km_s or None,
                via="none",  # the plan's timeline and comms draw two direct legs (issue 11)
            )
            out, back = rt.outbound, rt.inbound
            d.set(roundtrip=rt)
        else:
            grid = porkchop(
                "earth",
                dep.target,
                date_range(t0, t1, dep.step_days),
                date_range(t0 + tof_lo * DAY_S, t1 + tof_hi * DAY_S, dep.step_days),
                parking_alt_km=a.parking_alt_km,
            )
            ok = (grid.tof_days >= tof_lo) & (grid.tof_days <= tof_hi) & (grid.status == 0)
            if not ok.any():
                raise InputError("no transfer in the window within the flight-time bounds")
            out = optimize(grid, "c3")
            d.set(transfer=out)
    except WorkTooLarge as e:  # a user error: exit 2, naming the mission file's fields
        fix = (
            f"use a larger {_field(m, 'departure', 'step_days')}, a shorter "
            f"{_field(m, 'departure', 'window')} or a narrower stay "
            f"({_field(m, 'surface', 'min_days')}..max_days)"
        )
        if "scan" in e.what:  # the opportunity scan's size depends on the window alone
            fix = f"use a shorter {_field(m, 'departure', 'window')} (a few decades at most)"
        err = e.renamed(set_by="max_cells, fixed", shrink_by=fix)
        raise InputError(f"mission file {m.source}: {err}") from None
    except EphemerisRangeError as e:  # dates the ephemeris cannot give: exit 2, not a finding
        raise InputError(
            f"mission file {m.source}: {_field(m, 'departure', 'window')}: the mission "
            f"({dep.window} plus its flight and stay times) reaches past DE440, which covers "
            f"{e.start_utc[:10]} to {e.end_utc[:10]} UTC; move the window into that span"
        ) from None
    except InputError as e:
        d.find(
            "error",
            "no-window",
            f"no {dep.target} opportunity in {dep.window} meets the constraints: "
            f"{mission_words(m, str(e))}",
            "departure",
        )
        phases += training_phases(m, t0)
        phases.append(PlanPhase(phase_name(dep, "departure"), "departure", t0, t0, {}, "leo"))
        _orbits(d)
        return
    _timeline(d, out, back)
    _checks(d, out, back, rt, veh)
    _departure(d, out, back, rt, veh)
    # Trajectory segments, Sun-centred, daily, with their Earth-centred copies (CZML).
    for leg, label in ((out, "outbound"), (back, "return")):
        if leg is not None:
            t, r, v = _arc(leg)
            seg = TrajectorySegment(f"{m.mission.name} {label}", "sun", t, r, v)
            d.trajectories.append(with_views(seg))
    # Porkchop of the chosen opportunity.
    d.progress("porkchop")
    grid = porkchop_window(dep.target, out, a.parking_alt_km)
    try:
        best_cell = grid.best_cell("c3")
    except InputError:
        best_cell = None
    d.set(porkchop=PorkchopSection(grid, out, best_cell))
    if m.race:
        _race(d, out, dep.target, veh)
    _comms(d, out, back, dep.target)
    _aborts(d, out, veh, rt)
    _orbits(d, out, back)


def porkchop_window(target: str, chosen, parking_alt_km: float):
    """The porkchop drawn for ``chosen``: it holds the chosen transfer and the grid's least C3
    with a margin (PORKCHOP_MARGIN of the half-span) on every side, so neither sits on an edge.

    Starts at +-PORKCHOP_DEPART_DAYS x +-PORKCHOP_ARRIVE_DAYS around ``chosen``; while the least
    C3 lies in the margin, the grid is re-centred between the two and grown to hold both.
    """
    from sojourn.windows import porkchop

    half = np.array([PORKCHOP_DEPART_DAYS, PORKCHOP_ARRIVE_DAYS]) * DAY_S
    want = np.array([chosen.depart_tdb_s, chosen.arrive_tdb_s], dtype=np.float64)
    centre = want.copy()
    grid = None
    for _ in range(PORKCHOP_TRIES):
        axes = [
            centre[k] + np.arange(-half[k], half[k] + 1.0, PORKCHOP_STEP_DAYS * DAY_S)
            for k in range(2)
        ]
        try:
            wider = porkchop("earth", target, axes[0], axes[1], parking_alt_km=parking_alt_km)
        except EphemerisRangeError:
            if grid is None:
                raise
            break  # grown past DE440: keep the grid we have
        grid = wider
        try:
            i, j = grid.best_cell("c3")
        except InputError:
            break
        low = np.array([grid.depart_tdb_s[i], grid.arrive_tdb_s[j]])
        inner = (1.0 - PORKCHOP_MARGIN) * half
        if np.all(np.abs(low - centre) <= inner) and np.all(np.abs(want - centre) <= inner):
            break
        centre = 0.5 * (low + want)
        need = (0.5 * np.abs(low - want) + PORKCHOP_STEP_DAYS * DAY_S) / (1.0 - PORKCHOP_MARGIN)
        half = np.maximum(1.5 * half, need)
    return grid


def _field(m, kind: str, name: str) -> str:
    """``phases[i].name`` of the first phase of ``kind`` (the mission file's word for it)."""
    i = next((i for i, p in enumerate(m.phases) if p.kind == kind), None)
    return f"phases.{name}" if i is None else f"phases[{i}].{name}"


def mission_words(m, text: str) -> str:
    """A domain message in the mission file's words: the API's parameter names and the CLI's
    options it quotes (``'capture_period_s'``, ``--stay-days``) become the mission fields that
    set them (``assumptions.capture_period_hours``, ``phases[3].min_days..max_days``)."""
    stay = f"{_field(m, 'surface', 'min_days')}..max_days"
    cruise = f"{_field(m, 'transfer', 'min_days')}..max_days"
    words = {
        "'capture_period_s'": "assumptions.capture_period_hours (as seconds)",
        "'max_total_days'": "the opposition class's whole-trip limit (650 days)",
        "'stay_days'": stay,
        "'tof_days'": cruise,
        "--depart": _field(m, "departure", "window"),
        "--stay-days": stay,
        "--max-total-days": f"{_field(m, 'departure', 'mission_class')} (conjunction: no limit)",
        "--step-days": _field(m, "departure", "step_days"),
    }
    for key, value in words.items():
        text = text.replace(key, value)
    return text


def _orbits(d: Draft, out=None, back=None) -> None:
    """Earth's and Mars's orbits over the whole timeline, for the Sun-centred view, with the
    planets marked at the legs' departures and arrivals."""
    t_start = min(p.start_tdb_s for p in d.phases)
    t_end = max(p.end_tdb_s for p in d.phases)
    events = []
    for leg, (a, b) in ((out, ("departure", "arrival")), (back, ("return departure", "return"))):
        if leg is not None:
            events += [(a, float(leg.depart_tdb_s)), (b, float(leg.arrive_tdb_s))]
    d.set(planet_orbits=planet_orbits(t_start, t_end, events=tuple(events)))


def _timeline(d: Draft, out, back) -> None:
    m = d.mission
    dep, cruise, surf, ret = (m.phase(k) for k in ("departure", "transfer", "surface", "return"))
    landing = m.phase("landing")
    phases = d.phases
    phases += training_phases(m, out.depart_tdb_s)
    phases.append(
        PlanPhase(
            phase_name(dep, "departure"),
            "departure",
            out.depart_tdb_s,
            out.depart_tdb_s,
            {"c3_km2_s2": out.c3_km2_s2},
            "leo",
        )
    )
    phases.append(
        PlanPhase(
            phase_name(cruise, "outbound cruise"),
            "transfer",
            out.depart_tdb_s,
            out.arrive_tdb_s,
            {"tof_days": out.tof_days},
            "cruise",
        )
    )
    env_surf = "mars_surface" if surf is None or surf.environment == "surface" else "mars_orbit"
    if back is None:
        return
    phases.append(
        PlanPhase(
            phase_name(surf, f"{dep.target} stay"),
            "surface",
            out.arrive_tdb_s,
            back.depart_tdb_s,
            {},
            env_surf,
        )
    )
    phases.append(
        PlanPhase(
            phase_name(ret, "return cruise"),
            "return",
            back.depart_tdb_s,
            back.arrive_tdb_s,
            {"tof_days": back.tof_days},
            "cruise",
        )
    )
    if landing is not None:
        t_home = back.arrive_tdb_s
        phases.append(
            PlanPhase(
                phase_name(landing, "landing"),
                "landing",
                t_home,
                t_home + landing.days * DAY_S,
                {},
                "ground",
            )
        )


def _checks(d: Draft, out, back, rt, veh) -> None:
    m = d.mission
    dep, cruise, ret = (m.phase(k) for k in ("departure", "transfer", "return"))
    for leg, p, label in ((out, cruise, "outbound"), (back, ret, "return")):
        if leg is not None and p is not None and p.max_days and leg.tof_days > p.max_days + 1e-6:
            d.find(
                "warning",
                "transit-too-long",
                f"the {label} cruise lasts {leg.tof_days:.0f} days, more than {p.max_days:g}",
                p.kind,
            )
    if veh is not None and veh.c3_max_km2_s2 is not None and out.c3_km2_s2 > veh.c3_max_km2_s2:
        d.find(
            "error",
            "no-window",
            f"no opportunity in {dep.window} within {veh.name}'s launch energy: the best "
            f"departure needs C3 {out.c3_km2_s2:.1f} km2/s2, more than {veh.c3_max_km2_s2:g}",
            "departure",
        )
    if (
        veh is not None
        and veh.delta_v_km_s is not None
        and rt is not None
        and rt.dv_total_km_s > veh.delta_v_km_s
    ):
        d.find(
            "error",
            "delta-v-short",
            f"the round trip needs {rt.dv_total_km_s:.2f} km/s, "
            f"{veh.name} carries {veh.delta_v_km_s:g} km/s",
            "departure",
        )


def _race(d: Draft, out, target: str, veh) -> None:
    from sojourn.roundtrip import RaceEntry, race, rank_race

    name = d.mission.mission.name
    c3 = veh.c3_max_km2_s2 if veh is not None and veh.c3_max_km2_s2 else out.c3_km2_s2
    d.progress("race")
    entries = [RaceEntry(0, name, out, 0.0)]
    i = 0
    try:
        for i, r in enumerate(d.mission.race):  # noqa: B007 (i names the entry on failure)
            entries += race(
                [(r.label, tdb(r.depart))],
                "earth",
                target,
                c3_max_km2_s2=r.c3_max_km2_s2 or c3,
                tof_days=RACE_TOF_DAYS,
            )
    except InputError as e:
        text = mission_words(d.mission, str(e)).replace(
            "c3_max_km2_s2 / --c3-max", f"race[{i}].c3_max_km2_s2"
        )
        d.find("warning", "race", f"the race could not be run: race[{i}]: {text}", "transfer")
        return
    results = rank_race(entries)
    d.set(race=tuple(results))
    winner = results[0]
    ours = next(x for x in results if x.label == name)
    if winner.label == name:
        d.find(
            "info", "race", f"{name} arrives first ({winner.transfer.arrive_utc[:10]})", "transfer"
        )
    else:
        d.find(
            "info",
            "race",
            f"{winner.label} arrives first ({winner.transfer.arrive_utc[:10]}),"
            f" {ours.behind_days:.0f} days before {name}",
            "transfer",
        )


def _comms(d: Draft, out, back, target: str) -> None:
    import dataclasses

    from sojourn.comms import comms, contact_windows, link_geometry
    from sojourn.roundtrip import mission_trajectory

    a = d.mission.assumptions
    d.progress("communications")
    traj = mission_trajectory(out, back, target)
    t_end = traj.end_tdb_s
    t_start = out.depart_tdb_s + DAY_S  # at departure the arc starts at Earth's centre
    rep = comms(traj, t_start, t_end, threshold_deg=a.blackout_threshold_deg, step_hours=12.0)
    span = None
    # Station contacts on arrival day (the critical pass).
    try:
        contacts = contact_windows(
            traj,
            out.arrive_tdb_s - 0.5 * DAY_S,
            out.arrive_tdb_s + 0.5 * DAY_S,
            stations=tuple(a.stations),
        )
        rep = dataclasses.replace(rep, contacts=tuple(contacts))
        span = "arrival day"
    except InputError:
        pass
    t = np.linspace(t_start, t_end, max(int((t_end - t_start) / DAY_S), 2) + 1)
    g = link_geometry(traj, t)
    blackouts = np.array(
        [[c.start_tdb_s, c.end_tdb_s] for c in rep.conjunctions], dtype=np.float64
    ).reshape(-1, 2)
    series = CommsSeries(t, g.one_way_light_time_s, g.sep_deg, a.blackout_threshold_deg, blackouts)
    d.set(comms=CommsSection(rep, series, span))
    d.set(ground_stations=ground_stations(a.stations))  # for the CZML
    critical = [(out.arrive_tdb_s, f"{target} arrival")]
    if back is not None:
        critical.append((back.arrive_tdb_s, "Earth entry"))
        critical.append((back.depart_tdb_s, f"{target} departure"))
    for c in rep.conjunctions:
        for tc, label in critical:
            if c.start_tdb_s - 7 * DAY_S <= tc <= c.end_tdb_s + 7 * DAY_S:
                d.find(
                    "warning",
                    "blackout-critical",
                    f"solar conjunction blackout "
                    f"{utc_iso(c.start_tdb_s)[:10]}..{utc_iso(c.end_tdb_s)[:10]} within a "
                    f"week of the {label}",
                    None,
                )
    for c in rep.conjunctions:
        d.find(
            "info",
            "blackout",
            f"solar conjunction: no commanding "
            f"{utc_iso(c.start_tdb_s)[:10]}..{utc_iso(c.end_tdb_s)[:10]} "
            f"(Sun within {a.blackout_threshold_deg:g} deg)",
            None,
        )


def _aborts(d: Draft, out, veh, rt=None) -> None:
    """The abort table: over the whole round trip (departure to Earth return) when the plan
    flies one (:func:`sojourn.abort.mission_aborts`), else over the outbound cruise."""
    from sojourn.abort import abort_table, mission_aborts

    a = d.mission.assumptions
    d.progress("abort table")
    budget = veh.abort_delta_v_km_s if veh is not None else None
    try:
        if rt is not None:
            limit = _entry_limit(a)
            tab = mission_aborts(
                rt,
                step_days=a.abort_step_days,
                return_tof_days=ABORT_RETURN_TOF_DAYS,
                dv_budget_km_s=budget,
                entry_limit_km_s=limit,
            )
            d.set(aborts=AbortSection(tab, a.abort_step_days))
            _mission_abort_findings(d, tab, budget, limit)
            return
        tab = abort_table(
            out,
            return_tof_days=ABORT_RETURN_TOF_DAYS,
            dv_budget_km_s=budget,
            step_days=a.abort_step_days,
        )
    except WorkTooLarge as e:
        fix = f"use a larger assumptions.abort_step_days (got {a.abort_step_days:g}; e.g. 10)"
        err = e.renamed(set_by="max_cells, fixed", shrink_by=fix)
        raise InputError(f"mission file {d.mission.source}: {err}") from None
    d.set(aborts=AbortSection(tab, a.abort_step_days))
    if budget is not None:
        none = ~np.isfinite(tab.earliest_tof_days)
        if none.any():
            d.find(
                "warning",
                "no-abort",
                f"on {int(none.sum())} of {none.size} abort dates "
                f"no return fits the {budget:g} km/s abort budget",
                "transfer",
            )


#: Departure penalty (above the in-plane burn) from which a plan warns, km/s: 50 m/s, about
#: the launch-period margin a planetary mission books for its injection dispersions.
DEPARTURE_PENALTY_WARN_KM_S = 0.05


def _departure(d: Draft, out, back, rt, veh) -> None:
    """Earth departure from the stated parking orbit; the orbit at the target over the stay.

    Findings: ``departure-unreachable`` (the site's inclinations cannot hold the asymptote),
    ``departure-penalty`` (the parking orbit's plane costs more than
    :data:`DEPARTURE_PENALTY_WARN_KM_S`), ``departure`` (info: in plane), ``mars-orbit-drift``
    (info: the drift and the TEI costs), ``tei-penalty`` (the TEI from the drifted orbit costs
    more than in plane), ``delta-v-short`` (the round trip with these penalties).
    """
    from sojourn.departure import mars_orbit, parking_departure
    from sojourn.mission.model import DepartureSection, MarsOrbitSection

    m = d.mission
    a = m.assumptions
    d.progress("departure geometry")
    try:
        dep = parking_departure(
            out.vinf_depart_vec_km_s,
            a.parking_alt_km,
            a.parking_inclination_deg,
            a.launch_site,
            body="earth",
            t_tdb_s=out.depart_tdb_s,
            coast_days=a.parking_coast_days,
        )
    except InputError as e:
        text = str(e).replace("'parking_inclination_deg'", "assumptions.parking_inclination_deg")
        raise InputError(f"mission file {m.source}: {text}") from None
    d.set(departure=DepartureSection(dep, a.launch_site))
    orbit = f"{dep.parking_alt_km:g} km x {dep.parking_inclination_deg:.1f} deg parking orbit"
    if a.launch_site:
        orbit += f" from {a.launch_site}"
    if a.launch_site and a.parking_inclination_deg is None and not dep.reachable:
        d.find(
            "warning",
            "departure-unreachable",
            f"the outbound asymptote (DLA {dep.dla_deg:.1f} deg) cannot be reached in plane "
            f"from {a.launch_site}'s inclinations; from its {orbit} the departure costs "
            f"{dep.dv_km_s:.2f} km/s ({dep.method}), {dep.penalty_km_s:.2f} km/s more",
            "departure",
        )
    elif dep.penalty_km_s > DEPARTURE_PENALTY_WARN_KM_S:
        d.find(
            "warning",
            "departure-penalty",
            f"the outbound asymptote (DLA {dep.dla_deg:.1f} deg) lies out of the {orbit}: "
            f"the departure costs {dep.dv_km_s:.2f} km/s ({dep.method}, plane turned "
            f"{dep.plane_change_deg:.1f} deg), {dep.penalty_km_s:.2f} km/s more than in plane",
            "departure",
        )
    else:
        d.find(
            "info",
            "departure",
            f"departure in plane from the {orbit} (DLA {dep.dla_deg:.1f} deg): "
            f"{dep.dv_km_s:.2f} km/s",
            "departure",
        )
    penalty = max(0.0, dep.penalty_km_s)
    if back is not None and out.arrive_body == "mars":
        cap_s = a.capture_period_hours * 3600.0 if a.capture_period_hours else None
        mo = mars_orbit(
            out.vinf_arrive_vec_km_s,
            back.vinf_depart_vec_km_s,
            out.arrive_tdb_s,
            back.depart_tdb_s,
            periapsis_alt_km=a.capture_periapsis_alt_km,
            period_s=cap_s,
            periapsis_lat_deg=a.mars_periapsis_lat_deg,
        )
        d.set(mars_orbit=MarsOrbitSection(mo))
        tei = mo.departure
        d.find(
            "info",
            "mars-orbit-drift",
            f"over the {mo.stay_days:.0f}-day stay Mars's J2 turns the capture orbit's node "
            f"{mo.node_drift_deg:+.0f} deg and its periapsis {mo.apsides_drift_deg:+.0f} deg; "
            f"the trans-Earth injection costs {tei.dv_km_s:.2f} km/s from the orbit as it then "
            f"is ({tei.method}), {mo.departure_no_drift.dv_km_s:.2f} without the drift, "
            f"{tei.in_plane_dv_km_s:.2f} in plane",
            "surface",
        )
        if tei.penalty_km_s > DEPARTURE_PENALTY_WARN_KM_S:
            d.find(
                "warning",
                "tei-penalty",
                f"the Mars orbit at the end of the stay does not hold the return asymptote: "
                f"the trans-Earth injection costs {tei.dv_km_s:.2f} km/s, "
                f"{tei.penalty_km_s:.2f} km/s more than the {tei.in_plane_dv_km_s:.2f} "
                "of the round trip's figure",
                "return",
            )
        penalty += max(0.0, tei.penalty_km_s)
    if (
        veh is not None
        and veh.delta_v_km_s is not None
        and rt is not None
        and rt.dv_total_km_s <= veh.delta_v_km_s < rt.dv_total_km_s + penalty
    ):
        d.find(
            "error",
            "delta-v-short",
            f"with its departure geometry the round trip needs "
            f"{rt.dv_total_km_s + penalty:.2f} km/s, {veh.name} carries {veh.delta_v_km_s:g} km/s",
            "departure",
        )


def _entry_limit(a) -> float:
    """The Earth entry speed limit: the mission file's, where its schema has one, else
    :data:`sojourn.core.defaults.MAX_ENTRY_SPEED_KM_S`."""
    from sojourn.core.defaults import MAX_ENTRY_SPEED_KM_S

    given = getattr(a, "max_entry_speed_km_s", None)
    if given == 0:  # lifted
        return float("inf")
    return MAX_ENTRY_SPEED_KM_S if given is None else float(given)


def _mission_abort_findings(d: Draft, tab, budget, limit: float) -> None:
    """``no-abort``: dates with no abort option (the planned return apart) inside the budget;
    ``abort-entry-speed``: dates whose earliest abort home enters faster than the limit."""
    phases = {"outbound": "transfer", "stay": "surface", "return": "return"}
    earliest = tab.earliest_tof_days
    if budget is not None:
        none = ~np.isfinite(earliest)
        for ph, where in phases.items():
            sel = none & (tab.phase == ph)
            if sel.any():
                d.find(
                    "warning",
                    "no-abort",
                    f"{ph}: on {int(sel.sum())} of {int((tab.phase == ph).sum())} abort dates "
                    f"no abort option fits the {budget:g} km/s abort budget "
                    f"(first {utc_iso(float(tab.t_tdb_s[sel][0]))[:10]} UTC)",
                    where,
                )
    entry = tab.earliest_entry_speed_km_s
    fast = np.isfinite(entry) & (entry > limit)
    if fast.any():
        # dates where no abort option in the budget enters within the limit at all
        aborts = np.array([o != "planned-return" for o in tab.options])[None, :]
        safe = aborts & (tab.within_budget > 0) & (tab.entry_speed_km_s <= limit)
        none = fast & ~safe.any(axis=1)
        d.find(
            "warning",
            "abort-entry-speed",
            f"on {int(fast.sum())} of {fast.size} abort dates the earliest abort home enters "
            f"Earth's atmosphere faster than the {limit:g} km/s limit "
            f"(up to {float(np.max(entry[fast])):.1f} km/s); on {int(none.sum())} of them no "
            "abort option within the budget enters below it",
            "return",
        )

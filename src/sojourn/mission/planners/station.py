"""Station missions (``kind = "station"``): launch, rendezvous, stay, return, landing.

- launch window from the site into the station's plane
  (:func:`sojourn.leo.launch.launch_windows`, element set of the date);
- rendezvous profile (:func:`sojourn.leo.rendezvous.rendezvous_options`);
- docked stay, undocking and the next landing opportunity
  (:func:`sojourn.leo.landing.landing_opportunities`);
- the abort table: the next landing and hours to ground for each day of the stay, each day
  with its own element set (:func:`sojourn.abort.leo_abort_table`);
- the way home at every hour of the stay (every 6 h past 30 days, coarser past
  :data:`MAX_HOME_ROWS_PLAN` decisions): the fastest way down into the return vehicle's
  primary zones (:func:`sojourn.leo.home.home_options`, fast pass search).

Findings: ``no-window``, ``range-clipped``, ``liftoff-moved``, ``profile-infeasible``,
``no-rendezvous``, ``stay-negative``, ``stay-too-long``, ``tle-too-old`` (the station's
element set is older at insertion than ``max_tle_age_days``: the rendezvous profile, which
depends on the phase along the orbit, is not known), ``home-slow`` (at some hour of the stay
the fastest way home takes more than :data:`HOME_SLOW_HOURS`), ``home-coarse`` (a long stay's
way home is sampled more coarsely than every 6 h), ``home-none`` (no way home found from some
decision time within 48 h), ``reboost-ignored`` (a planned reboost outside the stay, or a
stay too far from the element set to propagate).
"""

from __future__ import annotations

import numpy as np

from sojourn.core.constants import DAY_S, GM_EARTH_KM3_S2
from sojourn.core.time import parse_range, tdb, utc_iso
from sojourn.errors import InputError
from sojourn.mission.model import (
    AbortSection,
    HomeSection,
    LandingSection,
    LaunchSection,
    PlanPhase,
    StationOrbitSection,
    TrajectorySegment,
)
from sojourn.mission.planners.common import Draft, phase_name, sampled, training_phases, vehicle
from sojourn.mission.planners.registry import register
from sojourn.mission.views import designator, ground_map, station_path

__all__ = ["plan_station", "MAX_LAUNCH_SEARCH_DAYS", "MAX_HOME_ROWS_PLAN", "HOME_SLOW_HOURS"]

#: Longest launch range searched, days (a longer one is clipped, with a finding).
MAX_LAUNCH_SEARCH_DAYS = 30.0
#: How long after undocking a landing opportunity is searched, hours.
LANDING_SEARCH_HOURS = 48.0
#: Stays up to this many days get a daily abort table; longer ones a weekly one.
DAILY_ABORTS_MAX_DAYS = 60.0
#: Stays up to this many days get the way home every hour; longer ones every 6 h.
HOURLY_HOME_MAX_DAYS = 30.0
#: Most decision times of the plan's way home (a 180-day stay every 6 h); a longer stay gets
#: a coarser step, with a ``home-coarse`` finding. Measured: 277 hourly decisions (Soyuz
#: MS-19's 11.5-day stay, two zones) take about 6 s on one core.
MAX_HOME_ROWS_PLAN = 720
#: A way home longer than this (decision to touchdown, h) at any hour gets ``home-slow``:
#: a crew member who needs a hospital within a day may not get one (a review threshold, not
#: a published medical criterion).
HOME_SLOW_HOURS = 24.0


def _tles(d: Draft, tle_file: str | None):
    from sojourn.leo.tle import builtin_tles, read_tle

    if tle_file is None:
        return builtin_tles("iss")
    # Only a file in the mission file's folder or below (Mission.file_path); read bounded.
    return read_tle(d.mission.file_path(tle_file), source=str(d.mission.base_dir / tle_file))


def _launch_span(text: str) -> tuple[float, float, float | None]:
    """``(start, end, exact)`` TDB s of a launch date: a range ``A..B``, a day, or an instant.

    A range whose end is a date (no time) runs at least one day; an instant is searched
    +-12 h and returned as ``exact``.
    """
    if ".." in text:
        a, b = parse_range(text, "launch.date")
        if "T" not in text.partition("..")[2]:
            b = max(b, a + DAY_S)
        return a, b, None
    if "T" in text:
        exact = tdb(text)
        return exact - 0.5 * DAY_S, exact + 0.5 * DAY_S, exact
    a = tdb(text)
    return a, a + DAY_S, None


def _pick_window(d: Draft, launch, site, tles, profile=None):
    """(window, tle, t_nominal): the window (None with a finding when there is none)."""
    from sojourn.leo.launch import launch_windows
    from sojourn.leo.tle import tle_for_date

    text = launch.date
    a, b, exact = _launch_span(text)
    t_nominal = a if exact is None else exact
    if b - a > MAX_LAUNCH_SEARCH_DAYS * DAY_S:
        d.find(
            "warning",
            "range-clipped",
            f"launch range {text} is longer than 30 days; only its first 30 days were searched",
            "launch",
        )
        b = a + MAX_LAUNCH_SEARCH_DAYS * DAY_S
    try:
        tle = tle_for_date(tles, 0.5 * (a + b))
    except InputError as e:
        d.find("error", "no-window", f"no element set of the target for {text}: {e}", "launch")
        return None, None, t_nominal
    windows = [w for w in launch_windows(site, tle, a, (b - a) / DAY_S) if w.allowed]
    if not windows:
        d.find("error", "no-window", f"no allowed launch window from {site.id} in {text}", "launch")
        return None, tle, t_nominal
    if exact is None:
        want = getattr(profile, "profile", "fastest")
        if want != "fastest":
            from sojourn.leo.rendezvous import (
                INSERTION_SOYUZ,
                INSERTIONS,
                profiles_for,
                rendezvous_options,
            )

            kw = {
                "profiles": profiles_for(site.vehicle),
                "insertion": INSERTIONS.get(site.vehicle, INSERTION_SOYUZ),
            }
            for w in windows:  # the first window from which the asked-for profile flies
                if any(o.profile == want for o in rendezvous_options(w, tle, **kw)):
                    return w, tle, t_nominal
        return windows[0], tle, t_nominal
    w = min(windows, key=lambda w: abs(w.launch_tdb_s - exact))
    off_min = (w.launch_tdb_s - exact) / 60.0
    if abs(off_min) > 30.0:
        d.find(
            "warning",
            "liftoff-moved",
            f"the requested lift-off {utc_iso(exact)} UTC is "
            f"{off_min:+.0f} min from the nearest window ({utc_iso(w.launch_tdb_s)} UTC); "
            "the plan uses the window",
            "launch",
        )
    return w, tle, t_nominal


def _leo_states(tle, t0: float, t1: float, step_s: float = 60.0):
    from sojourn.leo.tle import propagate_tle

    t = sampled(t0, t1, step_s)
    r, v = propagate_tle(tle, t)
    return t, np.asarray(r), np.asarray(v)


def _rendezvous(d: Draft, window, tle, rv, vehicle=None, max_tle_age_days=7.0):
    """(chosen option or None, all options) from the window, with findings."""
    from sojourn.leo.rendezvous import INSERTION_SOYUZ, INSERTIONS, profiles_for, rendezvous_options

    d.progress("rendezvous")
    options = rendezvous_options(
        window,
        tle,
        profiles=profiles_for(vehicle),
        insertion=INSERTIONS.get(vehicle, INSERTION_SOYUZ),
        max_tle_age_days=max_tle_age_days,
    )
    if options and not options[0].allowed:
        d.find("warning", "tle-too-old", options[0].reason, "rendezvous")
    want = rv.profile if rv is not None else "fastest"
    if want == "fastest":
        chosen = min(options, key=lambda o: o.docking_tdb_s) if options else None
    else:
        chosen = next((o for o in options if o.profile == want), None)
        if chosen is None and options:
            chosen = min(options, key=lambda o: o.docking_tdb_s)
            d.find(
                "warning",
                "profile-infeasible",
                f"the {want} rendezvous is not "
                f"feasible from this window; the plan uses {chosen.profile}",
                "rendezvous",
            )
    if chosen is None:
        d.find("error", "no-rendezvous", "no rendezvous profile fits this window", "rendezvous")
    return chosen, options


@register("station")
def plan_station(d: Draft) -> None:
    """Plan a station mission into ``d`` (see the module notes)."""
    from sojourn.abort import leo_abort_table
    from sojourn.core.kepler import propagate
    from sojourn.leo.landing import SOYUZ_DESCENT, descent_path, landing_opportunities
    from sojourn.leo.sites import site as get_site
    from sojourn.leo.tle import tle_for_date

    m = d.mission
    launch, rv, stay, ret = (m.phase(k) for k in ("launch", "rendezvous", "stay", "return"))
    landing = m.phase("landing")
    site = get_site(launch.site)
    i_launch = m.phases.index(launch)
    d.progress("launch windows")
    try:
        tles = _tles(d, launch.tle)
    except InputError as e:
        raise InputError(f"mission file {m.source}: phases[{i_launch}].tle: {e}") from None
    try:
        window, tle, t_nominal = _pick_window(d, launch, site, tles, rv)
    except InputError as e:  # the site cannot reach the target's plane, SGP4 fails
        field = "tle" if launch.tle else "site"
        raise InputError(f"mission file {m.source}: phases[{i_launch}].{field}: {e}") from None
    phases = d.phases
    if window is None:
        t_launch = t_ins = t_dock = t_nominal
        chosen = None
    else:
        t_launch, t_ins = window.launch_tdb_s, window.insertion_tdb_s
        from dataclasses import replace

        from sojourn.leo.quality import element_set_quality

        window = replace(window, quality=element_set_quality(tle, t_ins, launch.max_tle_age_days))
        chosen, options = _rendezvous(d, window, tle, rv, site.vehicle, launch.max_tle_age_days)
        t_dock = t_ins if chosen is None else chosen.docking_tdb_s
        d.set(
            launch=LaunchSection(
                site=site.id,
                target=tle.name,
                tle_epoch_utc=tle.epoch_utc,
                requested=launch.date,
                window=window,
                options=tuple(options),
                rendezvous=chosen,
            )
        )
        if chosen is not None:
            # The crew vehicle along its burn plan, from insertion to the station at docking.
            from sojourn.leo.rendezvous import rendezvous_path

            tt, r, v = rendezvous_path(chosen, tle)
        else:  # no plan: the insertion orbit, coasting
            n = max(int((t_dock - t_ins) / 60.0), 1)
            tt = np.linspace(t_ins, t_dock, n + 1)
            r, v = propagate(
                window.r_insertion_km, window.v_insertion_km_s, tt - t_ins, GM_EARTH_KM3_S2
            )
        d.trajectories.append(
            TrajectorySegment(
                f"{m.mission.name} insertion",
                "earth",
                tt,
                np.asarray(r),
                np.asarray(v),
                "GCRS",
                object_id=designator(launch.vehicle),
            )
        )
        d.set(station_path=station_path(tle, t_ins, t_dock))  # the target, for the CZML
    phases += training_phases(m, t_launch)
    phases.append(
        PlanPhase(phase_name(launch, "launch"), "launch", t_launch, t_ins, {"site": site.id}, "leo")
    )
    if rv is not None or window is not None:
        phases.append(
            PlanPhase(
                phase_name(rv, "rendezvous") if rv else "rendezvous",
                "rendezvous",
                t_ins,
                t_dock,
                {"profile": chosen.profile if chosen else None},
                "leo",
            )
        )
    # Stay.
    t_undock = tdb(stay.undock) if stay.undock else t_dock + stay.days * DAY_S
    if t_undock <= t_dock:
        d.find(
            "error",
            "stay-negative",
            f"undocking {stay.undock} is before docking ({utc_iso(t_dock)} UTC)",
            "stay",
        )
        t_undock = t_dock
    stay_days = (t_undock - t_dock) / DAY_S
    phases.append(PlanPhase(phase_name(stay, "stay"), "stay", t_dock, t_undock, {}, "leo"))
    veh = vehicle(m, launch.vehicle)
    limits = [(stay.max_days, "the mission file's max_days")]
    if veh is not None and veh.max_docked_days is not None:
        limits.append((veh.max_docked_days, f"{veh.name}'s docked life"))
    for lim, what in limits:
        if lim is not None and stay_days > lim + 1e-9:
            d.find(
                "warning",
                "stay-too-long",
                f"the stay lasts {stay_days:.1f} days, more "
                f"than {what} ({lim:g} days); plan a vehicle swap or shorten the stay",
                "stay",
            )
    # Return: next landing opportunity after undocking.
    d.progress("landing opportunities")
    rtle = None
    try:
        rtles = _tles(d, ret.tle) if ret.tle else tles
    except InputError as e:
        i_ret = m.phases.index(ret)
        raise InputError(f"mission file {m.source}: phases[{i_ret}].tle: {e}") from None
    try:
        rtle = tle_for_date(rtles, t_undock)
    except InputError as e:
        d.find(
            "error",
            "no-window",
            f"no element set of the station near undocking ({utc_iso(t_undock)[:10]}): {e}",
            "return",
        )
    t_land = t_undock + SOYUZ_DESCENT.undock_to_deorbit_s + SOYUZ_DESCENT.descent_s
    if rtle is not None:
        opps = landing_opportunities(rtle, t_undock, ret.zone, LANDING_SEARCH_HOURS)
        if not opps:
            d.find(
                "error",
                "no-window",
                f"no landing opportunity to {ret.zone} within 48 h of undocking",
                "return",
            )
        else:
            first = opps[0]
            t_land = first.landing_tdb_s
            d.set(landing=LandingSection(first, t_undock, rtle.epoch_utc))
            tt, r, v = _leo_states(rtle, t_undock, first.deorbit_tdb_s)
            d.trajectories.append(
                TrajectorySegment(f"{m.mission.name} return", "earth", tt, r, v, "GCRS")
            )
            # The flown descent: burn, coast, entry and chutes to touchdown (sojourn.leo.entry).
            tt, r, v = descent_path(rtle, first)
            d.trajectories.append(
                TrajectorySegment(f"{m.mission.name} descent", "earth", tt, r, v, "GCRS")
            )
    phases.append(
        PlanPhase(phase_name(ret, "return"), "return", t_undock, t_land, {"zone": ret.zone}, "leo")
    )
    if landing is not None:
        phases.append(
            PlanPhase(
                phase_name(landing, "landing"),
                "landing",
                t_land,
                t_land + landing.days * DAY_S,
                {"zone": ret.zone},
                "ground",
            )
        )
    # Aborts: next landing for each day of the stay (weekly past 60 days), element set of the day.
    if window is not None and t_undock > t_dock:
        d.progress("abort table")
        step = DAY_S if stay_days <= DAILY_ABORTS_MAX_DAYS else 7 * DAY_S
        table = leo_abort_table(tles, np.arange(t_dock, t_undock, step), ret.zone)
        d.set(aborts=AbortSection(table, step / DAY_S))
        age = table.max_element_set_age_days
        if age > 30:
            d.assumptions["aborts"] = (
                f"element sets up to {age:.0f} days from the request "
                "dates: landing times indicative"
            )
    # Planned reboosts: the station's altitude at undocking with and without them.
    if stay.reboosts and t_undock > t_dock:
        _reboosts(d, tles, stay.reboosts, t_dock, t_undock)
    # The way home at every hour of the stay (sojourn.leo.home).
    if window is not None and t_undock > t_dock:
        _home(d, tles, t_dock, t_undock, ret.zone)
    # The report's map (ground tracks, sites, zones): mission/views.py.
    sec = d.sections
    d.set(ground_map=ground_map(d.trajectories, sec.get("launch"), sec.get("landing")))


def _home(d: Draft, tles, t_dock: float, t_undock: float, zone_id: str) -> None:
    """The ``home`` section: the fastest way down from every hour of the stay."""
    from sojourn.leo.home import home_options
    from sojourn.leo.landing import ZONES

    d.progress("the way home")
    stay_h = (t_undock - t_dock) / 3600.0
    step_h = 1.0 if stay_h <= HOURLY_HOME_MAX_DAYS * 24.0 else 6.0
    if stay_h / step_h > MAX_HOME_ROWS_PLAN:
        step_h = float(np.ceil(stay_h / MAX_HOME_ROWS_PLAN))
        d.find(
            "info",
            "home-coarse",
            f"the stay lasts {stay_h / 24:.0f} days: the way home is computed every "
            f"{step_h:g} h (at most {MAX_HOME_ROWS_PLAN} decision times); ask "
            "`sojourn home --at DATE --hours N` for hourly answers around a date",
            "stay",
        )
    vehicle = ZONES[zone_id].vehicle
    zones = tuple(z.id for z in ZONES.values() if z.vehicle == vehicle and z.kind == "primary") or (
        zone_id,
    )
    t = np.arange(t_dock, t_undock, step_h * 3600.0)
    try:
        rep = home_options(tles, t, zones, precise=False, max_rows=MAX_HOME_ROWS_PLAN + 1)
    except InputError as e:  # no element set near some decision time
        d.find("warning", "home-none", f"the way home was not computed: {e}", "stay")
        return
    sec = HomeSection(rep, step_h)
    d.set(home=sec)
    h = sec.hours_to_ground
    if np.any(~np.isfinite(h)):
        bad = [r.decision_tdb_s for r in rep.rows if r.fastest is None]
        d.find(
            "warning",
            "home-none",
            f"no way home into {', '.join(zones)} within 48 h of {len(bad)} decision "
            f"time(s), the first {utc_iso(bad[0])} UTC",
            "stay",
        )
    ok = h[np.isfinite(h)]
    if ok.size and ok.max() > HOME_SLOW_HOURS:
        worst = rep.rows[int(np.nanargmax(h))]
        d.find(
            "warning",
            "home-slow",
            f"a decision at {utc_iso(worst.decision_tdb_s)} UTC puts the crew on the ground "
            f"{ok.max():.1f} h later (into {', '.join(zones)}), more than "
            f"{HOME_SLOW_HOURS:g} h; the median over the stay is {np.median(ok):.1f} h",
            "stay",
        )


#: Samples over the last revolution before undocking for the station's mean altitude.
_MEAN_ALT_SAMPLES = 32


def _reboosts(d: Draft, tles, reboosts, t_dock: float, t_undock: float) -> None:
    """The ``station_orbit`` section: :func:`sojourn.leo.drag.drag_orbit` from the last
    element set before docking (or the nearest), with and without the planned reboosts."""
    from sojourn.core.constants import R_EARTH_KM
    from sojourn.leo.drag import drag_orbit
    from sojourn.leo.tle import tle_for_date

    d.progress("station orbit with reboosts")
    before = [x for x in tles if x.epoch_tdb_s <= t_dock]
    tle = max(before, key=lambda x: x.epoch_tdb_s) if before else tle_for_date(tles, t_dock)
    t0 = max(tle.epoch_tdb_s, t_dock)
    kept = []
    for b in reboosts:
        tb = tdb(b.utc)
        if t0 < tb < t_undock:
            kept.append((tb, float(b.dv_m_s)))
        else:
            d.find(
                "warning",
                "reboost-ignored",
                f"the reboost at {b.utc} UTC is outside the stay as propagated "
                f"({utc_iso(t0)} to {utc_iso(t_undock)} UTC); it was left out",
                "stay",
            )
    if not kept:
        return
    if (t_undock - tle.epoch_tdb_s) / DAY_S > 60.0:
        d.find(
            "warning",
            "reboost-ignored",
            f"undocking is {(t_undock - tle.epoch_tdb_s) / DAY_S:.0f} days past the station's "
            f"element set ({tle.epoch_utc} UTC), more than the 60 days drag_orbit propagates; "
            "the reboosts were not flown (give a fresher element set)",
            "stay",
        )
        return
    period_s = DAY_S / tle.mean_motion_rev_day
    t = t_undock - np.linspace(period_s, 0.0, _MEAN_ALT_SAMPLES, endpoint=False)
    t = t[t >= tle.epoch_tdb_s]
    with_rb = drag_orbit(tle, t, reboosts=tuple(kept))
    without = drag_orbit(tle, t)

    def mean_alt(o):
        return float(np.mean(np.linalg.norm(o.r_km, axis=1)) - R_EARTH_KM)

    d.set(
        station_orbit=StationOrbitSection(
            tle.epoch_utc,
            t_undock,
            mean_alt(with_rb),
            mean_alt(without),
            tuple(kept),
            with_rb.b_m2_kg,
            with_rb.model
            + "; mean altitude: mean geocentric radius over the last revolution before "
            "undocking minus the equatorial radius",
        )
    )

"""``plan(mission) -> Plan``: a mission file turned into a dated, checked plan.

:func:`plan` is a pure function of the :class:`~sojourn.mission.schema.Mission` and the
ephemeris: it calls the domain layers and never prints or writes.

Station missions (``kind = "station"``)
    launch window from the site into the station's plane
    (:func:`sojourn.leo.launch.launch_windows`, element set of the date), rendezvous profile
    (:func:`sojourn.leo.rendezvous.rendezvous_options`),
    docked stay, undocking and the next landing opportunity
    (:func:`sojourn.leo.landing.landing_opportunities`); the abort table is the next landing
    and hours to ground for each day of the stay (:func:`sojourn.abort.leo_abort_options`).
Interplanetary missions (``kind = "interplanetary"``)
    the round trip of least total delta-v in the departure window
    (:func:`sojourn.roundtrip.roundtrip`), or the outbound leg alone; the race against rival
    departures (:func:`sojourn.roundtrip.race`); communications over the whole mission
    (light time, solar conjunctions, station contacts on arrival day,
    :func:`sojourn.comms.comms`); the abort table over the outbound cruise
    (:func:`sojourn.abort.abort_table`); the porkchop of the chosen opportunity.

Both get the crew budget (consumables, dose against the career limit,
:func:`sojourn.crew.crew_budget`). Conflicts are :class:`~sojourn.mission.model.Finding`
objects, never exceptions: ``no-window`` (error: no launch window, element set or
opportunity in the range; the plan keeps what could be computed), ``consumables-short``,
``dose-over-limit`` (errors), ``dose-near-limit``, ``stay-too-long``, ``transit-too-long``,
``delta-v-short``, ``blackout-critical`` (warnings), ``race``,
``liftoff-moved`` (info or warning).

``Plan.figures`` (what the HTML report draws; plain arrays and dicts, TDB s past J2000)
---------------------------------------------------------------------------------------
- ``"timeline"``: list of ``{"name", "kind", "environment", "start_tdb_s", "end_tdb_s"}``.
- ``"porkchop"`` (interplanetary): :class:`sojourn.windows.PorkchopGrid` around the chosen
  departure; ``"porkchop_best"``: ``{"depart_tdb_s", "arrive_tdb_s", "c3_km2_s2"}``.
- ``"comms_series"`` (interplanetary): ``{"t_tdb_s" (N,), "light_time_s" (N,) one-way,
  "sep_deg" (N,) Sun-Earth-spacecraft, "threshold_deg", "blackouts": [[start, end], ...]}``.
- ``"aborts"``: ``{"kind": "interplanetary", "t_tdb_s", "earliest_return_days",
  "earliest_dv_km_s", "min_dv_km_s", "min_dv_tof_days", "dv_budget_km_s"}`` or
  ``{"kind": "leo", "t_tdb_s", "landing_tdb_s", "hours_to_ground", "zone"}``.
- ``"crew"``: ``{"phase", "environment", "days", "dose_msv", "cumulative_dose_msv",
  "mass_kg", "o2_kg", "water_kg", "food_kg", "career_limit_msv", "capacity_kg"}``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import numpy as np

from sojourn.core.constants import DAY_S, GM_EARTH_KM3_S2, GM_SUN_KM3_S2
from sojourn.core.time import tdb, utc_iso
from sojourn.errors import InputError
from sojourn.mission import schema as S
from sojourn.mission.model import Finding, Plan, PlanPhase, TrajectorySegment

__all__ = ["plan", "example_names", "example_path", "example_title", "load_example"]

#: Share of the limit above which a dose draws a warning.
DOSE_WARN_FRACTION = 0.8


# --- Built-in examples --------------------------------------------------------------------------
def example_names() -> list[str]:
    """Names of the built-in missions (``sojourn examples``)."""
    from importlib import resources

    root = resources.files("sojourn.mission").joinpath("examples")
    return sorted(p.name[:-5] for p in root.iterdir() if p.name.endswith(".toml"))


def example_path(name: str):
    """The packaged file of a built-in mission (an importlib.resources Traversable)."""
    from importlib import resources

    names = example_names()
    if name not in names:
        raise InputError(
            f"'--example' must be one of {', '.join(names)}, got {name!r}; "
            "run 'sojourn examples' for the list"
        )
    return resources.files("sojourn.mission").joinpath("examples", f"{name}.toml")


def load_example(name: str) -> S.Mission:
    """The validated :class:`Mission` of a built-in example."""
    text = example_path(name).read_text(encoding="utf-8")
    return S.parse_mission(text, source=f"example {name}", base_dir=Path.cwd())


def example_title(name: str) -> str:
    return load_example(name).mission.title


# --- Helpers ------------------------------------------------------------------------------------
class _Ctx:
    def __init__(self, mission: S.Mission, progress):
        self.m = mission
        self.findings: list[Finding] = []
        self.sections: dict = {}
        self.figures: dict = {}
        self.trajectories: list[TrajectorySegment] = []
        self.assumptions: dict = {}
        self.progress = progress or (lambda text: None)

    def find(self, severity, code, message, phase=None):
        self.findings.append(Finding(severity, code, message, phase))


def _name(p, default: str) -> str:
    return p.name or default


def _vehicle(m: S.Mission, name: str | None = None):
    if name is not None:
        return next(v for v in m.vehicles if v.name == name)
    return m.vehicles[0] if m.vehicles else None


def _training(m: S.Mission, t_first: float) -> list[PlanPhase]:
    tr = [p for p in m.phases if p.kind == "training"]
    out = []
    t = t_first - sum(p.days for p in tr) * DAY_S
    for i, p in enumerate(tr):
        end = t + p.days * DAY_S
        out.append(
            PlanPhase(
                _name(p, "training" if len(tr) == 1 else f"training {i + 1}"),
                "training",
                t,
                end,
                {},
                "ground",
            )
        )
        t = end
    return out


# --- Station missions ---------------------------------------------------------------------------
def _tles(ctx: _Ctx, tle_file: str | None):
    from sojourn.leo.tle import builtin_tles, read_tle

    if tle_file is None:
        return builtin_tles("iss")
    path = Path(tle_file)
    if not path.is_absolute():
        path = ctx.m.base_dir / path
    return read_tle(path)


def _pick_window(ctx, launch, site, tles, profile=None):
    """(window, tle) or (None, tle-or-None) with a finding."""
    from sojourn.leo.launch import launch_windows
    from sojourn.leo.tle import tle_for_date

    text = launch.date
    exact = None
    if ".." in text:
        a, b = (tdb(x.strip()) for x in text.split(".."))
        b = max(b, a + DAY_S) if "T" not in text.split("..")[1] else b
    elif "T" in text:
        exact = tdb(text)
        a, b = exact - 0.5 * DAY_S, exact + 0.5 * DAY_S
    else:
        a = tdb(text)
        b = a + DAY_S
    if b - a > 30 * DAY_S:
        ctx.find(
            "warning",
            "range-clipped",
            f"launch range {text} is longer than 30 days; only its first 30 days were searched",
            "launch",
        )
        b = a + 30 * DAY_S
    try:
        tle = tle_for_date(tles, 0.5 * (a + b))
    except InputError as e:
        ctx.find("error", "no-window", f"no element set of the target for {text}: {e}", "launch")
        return None, None
    windows = [w for w in launch_windows(site, tle, a, (b - a) / DAY_S) if w.allowed]
    if not windows:
        ctx.find(
            "error", "no-window", f"no allowed launch window from {site.id} in {text}", "launch"
        )
        return None, tle
    if exact is None:
        want = getattr(profile, "profile", "fastest")
        if want != "fastest":
            from sojourn.leo.rendezvous import rendezvous_options

            for w in windows:  # the first window from which the asked-for profile flies
                if any(o.profile == want for o in rendezvous_options(w, tle)):
                    return w, tle
        return windows[0], tle
    w = min(windows, key=lambda w: abs(w.launch_tdb_s - exact))
    off_min = (w.launch_tdb_s - exact) / 60.0
    if abs(off_min) > 30.0:
        ctx.find(
            "warning",
            "liftoff-moved",
            f"the requested lift-off {utc_iso(exact)} UTC is "
            f"{off_min:+.0f} min from the nearest window ({utc_iso(w.launch_tdb_s)} UTC); "
            "the plan uses the window",
            "launch",
        )
    return w, tle


def _leo_states(tle, t0: float, t1: float, step_s: float = 60.0):
    from sojourn.leo.tle import propagate_tle

    n = max(int(math.ceil((t1 - t0) / step_s)), 1)
    t = np.linspace(t0, t1, n + 1)
    r, v = propagate_tle(tle, t)
    return t, np.asarray(r), np.asarray(v)


def _station(ctx: _Ctx) -> list[PlanPhase]:
    from sojourn.abort import leo_abort_options
    from sojourn.leo.landing import SOYUZ_DESCENT, landing_opportunities
    from sojourn.leo.rendezvous import rendezvous_options
    from sojourn.leo.sites import site as get_site
    from sojourn.leo.tle import tle_for_date

    m = ctx.m
    launch, rv, stay, ret = (m.phase(k) for k in ("launch", "rendezvous", "stay", "return"))
    landing = m.phase("landing")
    site = get_site(launch.site)
    i_launch = m.phases.index(launch)
    ctx.progress("launch windows")
    try:
        tles = _tles(ctx, launch.tle)
    except InputError as e:
        raise InputError(f"mission file {m.source}: phases[{i_launch}].tle: {e}") from None
    try:
        window, tle = _pick_window(ctx, launch, site, tles, rv)
    except InputError as e:  # the site cannot reach the target's plane, SGP4 fails
        field = "tle" if launch.tle else "site"
        raise InputError(f"mission file {m.source}: phases[{i_launch}].{field}: {e}") from None
    phases: list[PlanPhase] = []
    t_nominal = tdb(launch.date.split("..")[0].strip())
    if window is None:
        t_launch = t_ins = t_dock = t_nominal
        chosen = None
    else:
        t_launch, t_ins = window.launch_tdb_s, window.insertion_tdb_s
        ctx.progress("rendezvous")
        options = rendezvous_options(window, tle)
        want = rv.profile if rv is not None else "fastest"
        if want == "fastest":
            chosen = min(options, key=lambda o: o.docking_tdb_s) if options else None
        else:
            chosen = next((o for o in options if o.profile == want), None)
            if chosen is None and options:
                chosen = min(options, key=lambda o: o.docking_tdb_s)
                ctx.find(
                    "warning",
                    "profile-infeasible",
                    f"the {want} rendezvous is not "
                    f"feasible from this window; the plan uses {chosen.profile}",
                    "rendezvous",
                )
        if chosen is None:
            ctx.find(
                "error", "no-rendezvous", "no rendezvous profile fits this window", "rendezvous"
            )
            t_dock = t_ins
        else:
            t_dock = chosen.docking_tdb_s
        wd = window.to_dict()
        wd["rendezvous"] = [o.to_dict() for o in options]
        ctx.sections["launch"] = {
            "site": site.id,
            "target": tle.name,
            "tle_epoch_utc": tle.epoch_utc,
            "requested": launch.date,
            "window": wd,
            "windows": [wd],  # the launch contract's list (DESIGN.md): the chosen window
            "rendezvous": chosen.to_dict() if chosen else None,
        }
        # The crew vehicle's insertion orbit, coasting (phasing burns not modelled), to docking.
        from sojourn.core.kepler import propagate

        n = max(int((t_dock - t_ins) / 60.0), 1)
        tt = np.linspace(t_ins, t_dock, n + 1)
        r, v = propagate(
            window.r_insertion_km, window.v_insertion_km_s, tt - t_ins, GM_EARTH_KM3_S2
        )
        ctx.trajectories.append(
            TrajectorySegment(
                f"{m.mission.name} insertion", "earth", tt, np.asarray(r), np.asarray(v), "GCRS"
            )
        )
    phases += _training(m, t_launch)
    phases.append(
        PlanPhase(_name(launch, "launch"), "launch", t_launch, t_ins, {"site": site.id}, "leo")
    )
    if rv is not None or window is not None:
        phases.append(
            PlanPhase(
                _name(rv, "rendezvous") if rv else "rendezvous",
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
        ctx.find(
            "error",
            "stay-negative",
            f"undocking {stay.undock} is before docking ({utc_iso(t_dock)} UTC)",
            "stay",
        )
        t_undock = t_dock
    stay_days = (t_undock - t_dock) / DAY_S
    phases.append(PlanPhase(_name(stay, "stay"), "stay", t_dock, t_undock, {}, "leo"))
    veh = _vehicle(m, launch.vehicle)
    limits = [(stay.max_days, "the mission file's max_days")]
    if veh is not None and veh.max_docked_days is not None:
        limits.append((veh.max_docked_days, f"{veh.name}'s docked life"))
    for lim, what in limits:
        if lim is not None and stay_days > lim + 1e-9:
            ctx.find(
                "warning",
                "stay-too-long",
                f"the stay lasts {stay_days:.1f} days, more "
                f"than {what} ({lim:g} days); plan a vehicle swap or shorten the stay",
                "stay",
            )
    # Return: next landing opportunity after undocking.
    ctx.progress("landing opportunities")
    rtle = None
    try:
        rtles = _tles(ctx, ret.tle) if ret.tle else tles
    except InputError as e:
        i_ret = m.phases.index(ret)
        raise InputError(f"mission file {m.source}: phases[{i_ret}].tle: {e}") from None
    try:
        rtle = tle_for_date(rtles, t_undock)
    except InputError as e:
        ctx.find(
            "error",
            "no-window",
            f"no element set of the station near undocking ({utc_iso(t_undock)[:10]}): {e}",
            "return",
        )
    t_land = t_undock + SOYUZ_DESCENT.undock_to_deorbit_s + SOYUZ_DESCENT.descent_s
    if rtle is not None:
        opps = landing_opportunities(rtle, t_undock, ret.zone, 48.0)
        if not opps:
            ctx.find(
                "error",
                "no-window",
                f"no landing opportunity to {ret.zone} within 48 h of undocking",
                "return",
            )
        else:
            first = opps[0]
            t_land = first.landing_tdb_s
            ctx.sections["landing"] = {
                **first.to_dict(),
                "undocking_utc": utc_iso(t_undock),
                "tle_epoch_utc": rtle.epoch_utc,
            }
            tt, r, v = _leo_states(rtle, t_undock, first.deorbit_tdb_s)
            ctx.trajectories.append(
                TrajectorySegment(f"{m.mission.name} return", "earth", tt, r, v, "GCRS")
            )
    phases.append(
        PlanPhase(_name(ret, "return"), "return", t_undock, t_land, {"zone": ret.zone}, "leo")
    )
    if landing is not None:
        phases.append(
            PlanPhase(
                _name(landing, "landing"),
                "landing",
                t_land,
                t_land + landing.days * DAY_S,
                {"zone": ret.zone},
                "ground",
            )
        )
    # Aborts: next landing for each day of the stay (weekly past 60 days), element set of the day.
    if window is not None and t_undock > t_dock:
        ctx.progress("abort table")
        step = DAY_S if stay_days <= 60 else 7 * DAY_S
        req = np.arange(t_dock, t_undock, step)
        epochs = np.array([s.epoch_tdb_s for s in tles])
        which = np.argmin(np.abs(req[:, None] - epochs[None, :]), axis=1)
        parts = []
        for j in np.unique(which):
            sel = which == j
            try:
                parts.append((sel, leo_abort_options(tles[j], req[sel], ret.zone)))
            except InputError:
                continue
        land = np.full(req.size, np.nan)
        hours = np.full(req.size, np.nan)
        burn = np.full(req.size, np.nan)
        for sel, tab in parts:
            land[sel], hours[sel] = tab.landing_tdb_s, tab.hours_to_ground
            burn[sel] = tab.deorbit_tdb_s
        age = np.abs(req - epochs[which]).max() / DAY_S
        from sojourn.abort import LeoAbortTable

        table = LeoAbortTable(req, burn, land, hours, np.full(req.size, np.nan), ret.zone)
        d = table.to_dict()
        for row in d["rows"]:
            row.pop("miss_km", None)
        d["step_days"] = step / DAY_S
        d["max_element_set_age_days"] = float(age)
        ctx.sections["aborts"] = d
        ctx.figures["aborts"] = {
            "kind": "leo",
            "t_tdb_s": req,
            "landing_tdb_s": land,
            "hours_to_ground": hours,
            "zone": ret.zone,
        }
        if age > 30:
            ctx.assumptions["aborts"] = (
                f"element sets up to {age:.0f} days from the request "
                "dates: landing times indicative"
            )
    return phases


# --- Interplanetary missions --------------------------------------------------------------------
def _arc(transfer, step_s=DAY_S):
    from sojourn.core.kepler import propagate

    t0, t1 = transfer.depart_tdb_s, transfer.arrive_tdb_s
    n = max(int(math.ceil((t1 - t0) / step_s)), 1)
    t = np.linspace(t0, t1, n + 1)
    r, v = propagate(transfer.r1_km, transfer.v1_km_s, t - t0, GM_SUN_KM3_S2)
    return t, np.asarray(r), np.asarray(v)


def _mission_trajectory(out, back, target: str):
    """Sun-centred path: outbound arc, the target body during the stay, return arc."""
    from sojourn.comms import Trajectory
    from sojourn.core import ephemeris
    from sojourn.core.kepler import propagate

    end = back.arrive_tdb_s if back is not None else out.arrive_tdb_s

    def f(t):
        t = np.asarray(t, dtype=float)
        r = np.empty(t.shape + (3,))
        v = np.empty(t.shape + (3,))
        a = t <= out.arrive_tdb_s
        if a.any():
            r[a], v[a] = propagate(out.r1_km, out.v1_km_s, t[a] - out.depart_tdb_s, GM_SUN_KM3_S2)
        c = (t >= back.depart_tdb_s) if back is not None else np.zeros(t.shape, bool)
        c &= ~a
        if c.any():
            r[c], v[c] = propagate(
                back.r1_km, back.v1_km_s, t[c] - back.depart_tdb_s, GM_SUN_KM3_S2
            )
        b = ~(a | c)
        if b.any():
            rb, vb = ephemeris.state(target, t[b], center="sun")
            r[b], v[b] = rb, vb
        return r, v

    return Trajectory.from_callable(f, out.depart_tdb_s, end, name="crew vehicle")


def _interplanetary(ctx: _Ctx) -> list[PlanPhase]:
    from sojourn.roundtrip import roundtrip
    from sojourn.windows import date_range, optimize, porkchop

    m = ctx.m
    a = m.assumptions
    dep, cruise, surf, ret = (m.phase(k) for k in ("departure", "transfer", "surface", "return"))
    landing = m.phase("landing")
    t0, t1 = (tdb(x.strip()) for x in dep.window.split(".."))
    cap_s = a.capture_period_hours * 3600.0 if a.capture_period_hours else None
    veh = _vehicle(m)
    phases: list[PlanPhase] = []
    out = back = rt = None
    tof_lo, tof_hi = cruise.min_days, cruise.max_days
    if ret is not None:
        tof_lo = min(tof_lo, ret.min_days or tof_lo)
        tof_hi = max(tof_hi, ret.max_days or tof_hi)
    ctx.progress("round trip" if surf is not None else "outbound window")
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
            )
            out, back = rt.outbound, rt.inbound
            ctx.sections["roundtrip"] = {"best": rt.summary()}
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
            ctx.sections["transfer"] = out.to_dict()
    except InputError as e:
        ctx.find(
            "error",
            "no-window",
            f"no {dep.target} opportunity in {dep.window} meets the constraints: {e}",
            "departure",
        )
        phases += _training(m, t0)
        phases.append(PlanPhase(_name(dep, "departure"), "departure", t0, t0, {}, "leo"))
        return phases
    # Timeline.
    phases += _training(m, out.depart_tdb_s)
    phases.append(
        PlanPhase(
            _name(dep, "departure"),
            "departure",
            out.depart_tdb_s,
            out.depart_tdb_s,
            {"c3_km2_s2": out.c3_km2_s2},
            "leo",
        )
    )
    phases.append(
        PlanPhase(
            _name(cruise, "outbound cruise"),
            "transfer",
            out.depart_tdb_s,
            out.arrive_tdb_s,
            {"tof_days": out.tof_days},
            "cruise",
        )
    )
    env_surf = "mars_surface" if surf is None or surf.environment == "surface" else "mars_orbit"
    if back is not None:
        phases.append(
            PlanPhase(
                _name(surf, f"{dep.target} stay"),
                "surface",
                out.arrive_tdb_s,
                back.depart_tdb_s,
                {},
                env_surf,
            )
        )
        phases.append(
            PlanPhase(
                _name(ret, "return cruise"),
                "return",
                back.depart_tdb_s,
                back.arrive_tdb_s,
                {"tof_days": back.tof_days},
                "cruise",
            )
        )
        t_home = back.arrive_tdb_s
        if landing is not None:
            phases.append(
                PlanPhase(
                    _name(landing, "landing"),
                    "landing",
                    t_home,
                    t_home + landing.days * DAY_S,
                    {},
                    "ground",
                )
            )
    # Constraint checks.
    for leg, p, label in ((out, cruise, "outbound"), (back, ret, "return")):
        if leg is not None and p is not None and p.max_days and leg.tof_days > p.max_days + 1e-6:
            ctx.find(
                "warning",
                "transit-too-long",
                f"the {label} cruise lasts {leg.tof_days:.0f} days, more than {p.max_days:g}",
                p.kind,
            )
    if veh is not None and veh.c3_max_km2_s2 is not None and out.c3_km2_s2 > veh.c3_max_km2_s2:
        ctx.find(
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
        ctx.find(
            "error",
            "delta-v-short",
            f"the round trip needs {rt.dv_total_km_s:.2f} km/s, "
            f"{veh.name} carries {veh.delta_v_km_s:g} km/s",
            "departure",
        )
    # Trajectory segments, Sun-centred, daily.
    for leg, label in ((out, "outbound"), (back, "return")):
        if leg is not None:
            t, r, v = _arc(leg)
            ctx.trajectories.append(TrajectorySegment(f"{m.mission.name} {label}", "sun", t, r, v))
    # Porkchop of the chosen opportunity: +-40 days, 2-day step.
    ctx.progress("porkchop")
    dd = np.arange(-40.0, 40.0 + 1e-9, 2.0) * DAY_S
    ad = np.arange(-80.0, 80.0 + 1e-9, 2.0) * DAY_S
    grid = porkchop(
        "earth",
        dep.target,
        out.depart_tdb_s + dd,
        out.arrive_tdb_s + ad,
        parking_alt_km=a.parking_alt_km,
    )
    ctx.figures["porkchop"] = grid
    ctx.figures["porkchop_best"] = {
        "depart_tdb_s": out.depart_tdb_s,
        "arrive_tdb_s": out.arrive_tdb_s,
        "c3_km2_s2": out.c3_km2_s2,
    }
    # Race.
    if m.race:
        _race(ctx, out, dep.target, veh)
    # Communications.
    _comms(ctx, out, back, dep.target, phases)
    # Aborts over the outbound cruise.
    ctx.progress("abort table")
    from sojourn.abort import abort_table

    budget = veh.abort_delta_v_km_s if veh is not None else None
    tab = abort_table(
        out,
        return_tof_days=np.arange(30.0, 601.0, 5.0),
        dv_budget_km_s=budget,
        step_days=a.abort_step_days,
    )
    d = tab.to_dict()
    d["step_days"] = a.abort_step_days
    ctx.sections["aborts"] = d
    ctx.figures["aborts"] = {
        "kind": "interplanetary",
        "t_tdb_s": tab.t_tdb_s,
        "earliest_return_days": tab.earliest_tof_days,
        "earliest_dv_km_s": tab.earliest_dv_km_s,
        "min_dv_km_s": tab.min_dv_km_s,
        "min_dv_tof_days": tab.min_dv_tof_days,
        "dv_budget_km_s": tab.dv_budget_km_s,
    }
    if budget is not None:
        none = ~np.isfinite(tab.earliest_tof_days)
        if none.any():
            ctx.find(
                "warning",
                "no-abort",
                f"on {int(none.sum())} of {none.size} abort dates "
                f"no return fits the {budget:g} km/s abort budget",
                "transfer",
            )
    return phases


def _race(ctx: _Ctx, out, target: str, veh):
    from sojourn.roundtrip import RaceEntry, race

    c3 = veh.c3_max_km2_s2 if veh is not None and veh.c3_max_km2_s2 else out.c3_km2_s2
    ctx.progress("race")
    entries = [RaceEntry(0, ctx.m.mission.name, out, 0.0)]
    try:
        for r in ctx.m.race:
            lim = r.c3_max_km2_s2 or c3
            entries += race(
                [(r.label, tdb(r.depart))],
                "earth",
                target,
                c3_max_km2_s2=lim,
                tof_days=(60.0, 500.0),
            )
    except InputError as e:
        ctx.find("warning", "race", f"the race could not be run: {e}", "transfer")
        return
    entries.sort(key=lambda x: (x.transfer.arrive_tdb_s, x.transfer.depart_tdb_s))
    first = entries[0].transfer.arrive_tdb_s
    results = [
        RaceEntry(i + 1, x.label, x.transfer, (x.transfer.arrive_tdb_s - first) / DAY_S)
        for i, x in enumerate(entries)
    ]
    ctx.sections["race"] = [x.to_dict() for x in results]
    winner = results[0]
    ours = next(x for x in results if x.label == ctx.m.mission.name)
    if winner.label == ctx.m.mission.name:
        ctx.find(
            "info",
            "race",
            f"{ctx.m.mission.name} arrives first ({winner.transfer.arrive_utc[:10]})",
            "transfer",
        )
    else:
        ctx.find(
            "info",
            "race",
            f"{winner.label} arrives first ({winner.transfer.arrive_utc[:10]}),"
            f" {ours.behind_days:.0f} days before {ctx.m.mission.name}",
            "transfer",
        )


def _comms(ctx: _Ctx, out, back, target: str, phases):
    from sojourn.comms import comms, contact_windows, link_geometry

    a = ctx.m.assumptions
    ctx.progress("communications")
    traj = _mission_trajectory(out, back, target)
    t_end = traj.end_tdb_s
    t_start = out.depart_tdb_s + DAY_S  # at departure the arc starts at Earth's centre
    rep = comms(traj, t_start, t_end, threshold_deg=a.blackout_threshold_deg, step_hours=12.0)
    d = rep.to_dict()
    # Station contacts on arrival day (the critical pass).
    try:
        contacts = contact_windows(
            traj,
            out.arrive_tdb_s - 0.5 * DAY_S,
            out.arrive_tdb_s + 0.5 * DAY_S,
            stations=tuple(a.stations),
        )
        d["contacts"] = [c.to_dict() for c in contacts]
        d["contacts_span"] = "arrival day"
    except InputError:
        pass
    ctx.sections["comms"] = d
    t = np.linspace(t_start, t_end, max(int((t_end - t_start) / DAY_S), 2) + 1)
    g = link_geometry(traj, t)
    blackouts = [[c.start_tdb_s, c.end_tdb_s] for c in rep.conjunctions]
    ctx.figures["comms_series"] = {
        "t_tdb_s": t,
        "light_time_s": g.one_way_light_time_s,
        "sep_deg": g.sep_deg,
        "threshold_deg": a.blackout_threshold_deg,
        "blackouts": blackouts,
    }
    critical = [(out.arrive_tdb_s, f"{target} arrival")]
    if back is not None:
        critical.append((back.arrive_tdb_s, "Earth entry"))
        critical.append((back.depart_tdb_s, f"{target} departure"))
    for c in rep.conjunctions:
        for tc, label in critical:
            if c.start_tdb_s - 7 * DAY_S <= tc <= c.end_tdb_s + 7 * DAY_S:
                ctx.find(
                    "warning",
                    "blackout-critical",
                    f"solar conjunction blackout "
                    f"{utc_iso(c.start_tdb_s)[:10]}..{utc_iso(c.end_tdb_s)[:10]} within a "
                    f"week of the {label}",
                    None,
                )
    for c in rep.conjunctions:
        ctx.find(
            "info",
            "blackout",
            f"solar conjunction: no commanding "
            f"{utc_iso(c.start_tdb_s)[:10]}..{utc_iso(c.end_tdb_s)[:10]} "
            f"(Sun within {a.blackout_threshold_deg:g} deg)",
            None,
        )


# --- Crew ---------------------------------------------------------------------------------------
def _crew(ctx: _Ctx, phases: list[PlanPhase]):
    from sojourn.crew import LifeSupport, Phase, crew_budget

    m = ctx.m
    a = m.assumptions
    veh = _vehicle(m)
    flight = [p for p in phases if p.environment != "ground" and p.days > 0]
    if not flight:
        return
    rates = {k: v for k, v in a.dose_rates_msv_per_day.model_dump().items() if v is not None}
    if "mars_orbit" not in rates:
        # No measurement in Mars orbit: the cruise rate (Mars shields little from orbit).
        from sojourn.crew import DOSE_RATES_MSV_PER_DAY

        rates["mars_orbit"] = rates.get("cruise", DOSE_RATES_MSV_PER_DAY["cruise"])
    ls = LifeSupport(
        o2_kg=a.o2_kg_per_crew_day,
        water_kg=a.water_kg_per_crew_day,
        food_kg=a.food_kg_per_crew_day,
        water_recovery=veh.water_recovery if veh else 0.0,
        o2_recovery=veh.o2_recovery if veh else 0.0,
    )
    b = crew_budget(
        len(m.crew),
        [Phase(p.name, p.days, p.environment) for p in flight],
        ls,
        rates,
        a.dose_standard,
        a.career_limit_msv,
    )
    d = b.to_dict()
    d["members"] = [
        {
            "name": c.name,
            "role": c.role,
            "agency": c.agency,
            "prior_dose_msv": c.prior_dose_msv,
            "career_dose_msv": c.prior_dose_msv + b.dose_msv,
        }
        for c in m.crew
    ]
    ctx.sections["crew"] = d
    cap = veh.consumables_kg if veh is not None else None
    dose = np.array([p.dose_msv for p in b.phases])
    ctx.figures["crew"] = {
        "phase": [p.name for p in b.phases],
        "environment": [p.environment for p in b.phases],
        "days": np.array([p.days for p in b.phases]),
        "dose_msv": dose,
        "cumulative_dose_msv": np.cumsum(dose),
        "mass_kg": np.array([p.mass_kg for p in b.phases]),
        "o2_kg": np.array([p.o2_kg for p in b.phases]),
        "water_kg": np.array([p.water_kg for p in b.phases]),
        "food_kg": np.array([p.food_kg for p in b.phases]),
        "career_limit_msv": b.career_limit_msv,
        "capacity_kg": cap,
    }
    if cap is not None and b.mass_kg > cap:
        ctx.find(
            "error",
            "consumables-short",
            f"the crew of {b.crew} needs {b.mass_kg:,.0f} kg "
            f"of O2, water and food; {veh.name} carries {cap:,.0f} kg",
            None,
        )
    for c in m.crew:
        total = c.prior_dose_msv + b.dose_msv
        frac = total / b.career_limit_msv
        if frac > 1.0:
            ctx.find(
                "error",
                "dose-over-limit",
                f"{c.name}: {total:.0f} mSv career dose "
                f"exceeds the {b.standard.upper()} limit of {b.career_limit_msv:g} mSv",
                None,
            )
        elif frac > DOSE_WARN_FRACTION:
            ctx.find(
                "warning",
                "dose-near-limit",
                f"{c.name}: {total:.0f} mSv is {frac:.0%} of the {b.standard.upper()} limit",
                None,
            )


# --- The plan -----------------------------------------------------------------------------------
def plan(mission: S.Mission, progress: Callable[[str], None] | None = None) -> Plan:
    """Plan a mission: dated phases, trajectories, comms, crew, aborts and findings.

    Parameters
    ----------
    mission : Mission
        From :func:`sojourn.mission.schema.load_mission` (or ``parse_mission``).
    progress : callable(str), optional
        Told the name of each step as it starts (for a status line); nothing else.

    Returns
    -------
    Plan
        Conflicts are in ``findings``; an error finding means part of the plan could not be
        computed (e.g. no launch window in the range).

    Raises
    ------
    InputError
        Only for input that the schema could not check on its own (an unreadable TLE file,
        dates outside the ephemeris).
    """
    if not isinstance(mission, S.Mission):
        raise InputError(f"plan() needs a Mission (load_mission), got {type(mission).__name__}")
    ctx = _Ctx(mission, progress)
    if mission.mission.kind == "station":
        phases = _station(ctx)
    else:
        phases = _interplanetary(ctx)
    ctx.progress("crew budget")
    _crew(ctx, phases)
    ctx.figures["timeline"] = [
        {
            "name": p.name,
            "kind": p.kind,
            "environment": p.environment,
            "start_tdb_s": p.start_tdb_s,
            "end_tdb_s": p.end_tdb_s,
        }
        for p in phases
    ]
    a = mission.assumptions
    ctx.assumptions.update(a.model_dump())
    ctx.assumptions["crew"] = [c.model_dump() for c in mission.crew]
    ctx.assumptions["vehicles"] = [v.model_dump() for v in mission.vehicles]
    order = {"error": 0, "warning": 1, "info": 2}
    findings = sorted(ctx.findings, key=lambda f: order[f.severity])
    return Plan(
        mission=mission.mission.name,
        title=mission.mission.title or mission.mission.name,
        kind=mission.mission.kind,
        phases=phases,
        trajectories=ctx.trajectories,
        sections=ctx.sections,
        figures=ctx.figures,
        findings=findings,
        assumptions=ctx.assumptions,
    )

"""The plan a mission file turns into: a typed contract between the planners and the writers.

A :class:`Plan` holds the domain's own result objects (frozen dataclasses from
:mod:`sojourn.leo`, :mod:`sojourn.transfer`, :mod:`sojourn.roundtrip`, :mod:`sojourn.comms`,
:mod:`sojourn.crew`, :mod:`sojourn.abort`, :mod:`sojourn.windows`), the dated phases, the
sampled trajectories and whatever a picture needs (planet orbits, arcs re-centred on the Sun
and on the Earth, the porkchop of the chosen opportunity), so the writers in
:mod:`sojourn.io` read the Plan and compute nothing. Times are TDB seconds past J2000; UTC
text appears only in :meth:`Plan.to_dict`, the one place where the plan becomes the
DESIGN.md ``plan`` JSON.

=================  ==========================================  ===============================
Plan field         type                                        JSON key (``to_dict``)
=================  ==========================================  ===============================
``phases``         tuple of :class:`PlanPhase`                 ``phases`` (also the timeline)
``trajectories``   tuple of :class:`TrajectorySegment`         ``trajectories``
``launch``         :class:`LaunchSection` or None              ``launch``
``landing``        :class:`LandingSection` or None             ``landing``
``roundtrip``      :class:`sojourn.roundtrip.RoundTrip`        ``roundtrip`` (``{"best": ...}``)
``transfer``       :class:`sojourn.transfer.Transfer`          ``transfer``
``departure``      :class:`DepartureSection` or None           ``departure``
``mars_orbit``     :class:`MarsOrbitSection` or None           ``mars_orbit``
``race``           tuple of :class:`sojourn.roundtrip.RaceEntry`  ``race``
``comms``          :class:`CommsSection` or None               ``comms``
``aborts``         :class:`AbortSection` or None               ``aborts``
``home``           :class:`HomeSection` or None                ``home``
``station_orbit``  :class:`StationOrbitSection` or None        ``station_orbit``
``crew``           :class:`CrewSection` or None                ``crew``
``porkchop``       :class:`PorkchopSection` or None            (figure only)
``planet_orbits``  tuple of :class:`PlanetOrbit`               (figure only)
``findings``       tuple of :class:`Finding`                   ``findings``
=================  ==========================================  ===============================
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from sojourn.core.time import utc_iso

if TYPE_CHECKING:  # the domain's result types, for readers; nothing here imports them at run time
    from sojourn.abort import AbortTable, LeoAbortTable, MissionAbortTable
    from sojourn.comms import CommsReport
    from sojourn.crew import CrewBudget
    from sojourn.departure import Departure, MarsOrbit
    from sojourn.leo.home import HomeReport
    from sojourn.leo.landing import Landing
    from sojourn.leo.launch import LaunchWindow
    from sojourn.leo.rendezvous import Rendezvous
    from sojourn.mission.summary import KeyFigures
    from sojourn.roundtrip import RaceEntry, RoundTrip
    from sojourn.transfer import Transfer
    from sojourn.windows import PorkchopGrid

__all__ = [
    "SEVERITIES",
    "SECTION_NAMES",
    "Finding",
    "PlanPhase",
    "TrajectorySegment",
    "PlanStation",
    "LaunchSection",
    "LandingSection",
    "CommsSeries",
    "CommsSection",
    "CrewMember",
    "CrewSeries",
    "CrewSection",
    "DoseSeries",
    "AbortSection",
    "HomeSection",
    "StationOrbitSection",
    "DepartureSection",
    "MarsOrbitSection",
    "PorkchopSection",
    "PlanetOrbit",
    "PlanetMark",
    "GroundTrack",
    "MapMark",
    "MapZone",
    "GroundMap",
    "Plan",
]

#: Severities of a finding, mildest first.
SEVERITIES = ("info", "warning", "error")

#: The JSON sections a plan may carry, in the order :meth:`Plan.to_dict` writes them.
SECTION_NAMES = (
    "launch",
    "landing",
    "roundtrip",
    "transfer",
    "departure",
    "mars_orbit",
    "race",
    "comms",
    "aborts",
    "home",
    "station_orbit",
    "crew",
)


@dataclass(frozen=True)
class Finding:
    """Something the planner wants a person to read: a conflict, a risk, an assumption.

    ``severity`` is one of :data:`SEVERITIES`; ``code`` is a stable machine id
    (``"consumables-short"``, ``"dose-over-limit"``, ``"no-window"``...); ``phase`` names the
    phase concerned, when one is.
    """

    severity: str
    code: str
    message: str
    phase: str | None = None

    def __post_init__(self):
        if self.severity not in SEVERITIES:
            raise ValueError(f"severity must be one of {SEVERITIES}, got {self.severity!r}")

    def to_dict(self) -> dict:
        return {
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "phase": self.phase,
        }


@dataclass(frozen=True)
class PlanPhase:
    """One dated phase of the timeline (training, launch, rendezvous, stay, transfer...)."""

    name: str
    kind: str
    start_tdb_s: float
    end_tdb_s: float
    detail: Mapping[str, Any] = field(default_factory=dict)
    #: Where the crew is: "ground", "leo", "cruise", "mars_orbit", "mars_surface" (the keys of
    #: ``sojourn.crew.DOSE_RATES_MSV_PER_DAY``, which drive the dose).
    environment: str = "ground"

    @property
    def days(self) -> float:
        return (self.end_tdb_s - self.start_tdb_s) / 86_400.0

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "kind": self.kind,
            "start_utc": utc_iso(self.start_tdb_s),
            "end_utc": utc_iso(self.end_tdb_s),
            "days": self.days,
            "environment": self.environment,
            **self.detail,
        }


@dataclass(frozen=True)
class TrajectorySegment:
    """Sampled states of the crew's vehicle over one arc, for OEM, CZML and plots.

    Attributes
    ----------
    name : str
        Object name, e.g. ``"first-mars outbound"``.
    center : str
        Centre body of the states, an ephemeris name (``"earth"``, ``"sun"``, ``"mars"``).
    t_tdb_s : ndarray (N,)
        Increasing epochs, TDB seconds past J2000.
    r_km, v_km_s : ndarray (N, 3)
        Position and velocity relative to ``center``, ICRF.
    frame : str
        Frame name for the OEM header (``"ICRF"`` or ``"GCRS"``).
    r_sun_km, r_earth_km : ndarray (N, 3) or None
        The same positions re-centred on the Sun and on the Earth, km, ICRF axes, for the
        Sun-centred and Earth-centred views (:func:`sojourn.mission.views.with_views`); None
        where not computed (then that view leaves the arc out unless ``center`` is that body).
    """

    name: str
    center: str
    t_tdb_s: np.ndarray
    r_km: np.ndarray
    v_km_s: np.ndarray
    frame: str = "ICRF"
    r_sun_km: np.ndarray | None = field(default=None, repr=False)
    r_earth_km: np.ndarray | None = field(default=None, repr=False)
    #: ``r_sun_km`` (or ``r_km`` about the Sun) in the ecliptic of J2000, for the ecliptic view.
    r_sun_ecl_km: np.ndarray | None = field(default=None, repr=False)
    #: International (COSPAR) designator of the object flying the arc, e.g. "2021-089A".
    object_id: str | None = None

    def positions_about(self, body: str) -> np.ndarray | None:
        """Positions relative to ``"sun"`` or ``"earth"``, km (N, 3), or None if not carried."""
        if self.center.lower() == body:
            return np.asarray(self.r_km, dtype=np.float64).reshape(-1, 3)
        r = {"sun": self.r_sun_km, "earth": self.r_earth_km}[body]
        return None if r is None else np.asarray(r, dtype=np.float64).reshape(-1, 3)

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "center": self.center,
            "frame": self.frame,
            "start_utc": utc_iso(float(self.t_tdb_s[0])),
            "end_utc": utc_iso(float(self.t_tdb_s[-1])),
            "n_states": int(len(self.t_tdb_s)),
        }


# --- Sections: the domain's results, as the plan uses them ---------------------------------
@dataclass(frozen=True)
class LaunchSection:
    """Station missions: the launch window chosen, its rendezvous options and the one flown."""

    site: str
    target: str
    tle_epoch_utc: str
    requested: str
    window: LaunchWindow
    options: tuple[Rendezvous, ...]
    rendezvous: Rendezvous | None

    def to_dict(self) -> dict:
        wd = self.window.to_dict()
        wd["rendezvous"] = [o.to_dict() for o in self.options]
        return {
            "site": self.site,
            "target": self.target,
            "tle_epoch_utc": self.tle_epoch_utc,
            "requested": self.requested,
            "window": wd,
            "windows": [wd],  # the launch contract's list (DESIGN.md): the chosen window
            "rendezvous": self.rendezvous.to_dict() if self.rendezvous else None,
        }


@dataclass(frozen=True)
class LandingSection:
    """Station missions: the first landing opportunity after undocking."""

    opportunity: Landing
    undocking_tdb_s: float
    tle_epoch_utc: str

    def to_dict(self) -> dict:
        return {
            **self.opportunity.to_dict(),
            "undocking_utc": utc_iso(self.undocking_tdb_s),
            "tle_epoch_utc": self.tle_epoch_utc,
        }


@dataclass(frozen=True)
class CommsSeries:
    """What the communications figure draws (daily over the mission).

    Attributes
    ----------
    t_tdb_s, light_time_s, sep_deg : ndarray (N,)
        Epochs (TDB s), one-way light time (s) and Sun-Earth-spacecraft angle (deg).
    threshold_deg : float
        The blackout threshold.
    blackouts_tdb_s : ndarray (K, 2)
        Start and end of each blackout, TDB s.
    """

    t_tdb_s: np.ndarray
    light_time_s: np.ndarray
    sep_deg: np.ndarray
    threshold_deg: float
    blackouts_tdb_s: np.ndarray


@dataclass(frozen=True)
class CommsSection:
    """Interplanetary missions: the comms report (contacts on arrival day) and its series."""

    report: CommsReport
    series: CommsSeries
    contacts_span: str | None = None  # what the report's contacts cover, e.g. "arrival day"

    def to_dict(self) -> dict:
        d = self.report.to_dict()
        if self.contacts_span is not None:
            d["contacts_span"] = self.contacts_span
        return d


@dataclass(frozen=True)
class CrewMember:
    name: str
    role: str | None
    agency: str | None
    prior_dose_msv: float
    career_dose_msv: float
    #: The member's own limit (their agency's, :mod:`sojourn.radiation.limits`), the quantity
    #: it limits and the verdict; None when the budget judged no members.
    limit_msv: float | None = None
    limit_quantity: str | None = None
    within_limit: bool | None = None
    #: Why this limit (JAXA's cell by sex and age at first flight, "given", one for all), the
    #: member's age and sex, and the worst 30-day and 365-day BFO doses against NCRP 132
    #: (:meth:`sojourn.radiation.limits.MemberVerdict.to_dict`'s ``short_term``).
    limit_basis: str | None = None
    age: float | None = None
    sex: str | None = None
    short_term: dict | None = None

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "role": self.role,
            "agency": self.agency,
            "prior_dose_msv": self.prior_dose_msv,
            "career_dose_msv": self.career_dose_msv,
            "limit_msv": self.limit_msv,
            "limit_quantity": self.limit_quantity,
            "within_limit": self.within_limit,
            "limit_basis": self.limit_basis,
            "age": self.age,
            "sex": self.sex,
            "short_term": self.short_term,
        }


@dataclass(frozen=True)
class CrewSeries:
    """The crew budget per phase, as arrays (K,) for the crew figure."""

    phase: tuple[str, ...]
    environment: tuple[str, ...]
    days: np.ndarray
    dose_msv: np.ndarray  # per crew member, per phase
    cumulative_dose_msv: np.ndarray
    mass_kg: np.ndarray  # whole crew
    o2_kg: np.ndarray
    water_kg: np.ndarray
    food_kg: np.ndarray


@dataclass(frozen=True)
class DoseSeries:
    """Daily GCR dose rate through the mission with the solar cycle behind it (arrays (N,)):
    the dated phases' rates (:func:`sojourn.radiation.dose`), the solar modulation potential
    phi (MV) that drives them with its forecast band, and the activity index (9-month lagged,
    13-month smoothed F10.7, sfu)."""

    t_tdb_s: np.ndarray
    rate_msv_per_day: np.ndarray
    environment: tuple[str, ...]
    phi_mv: np.ndarray
    phi_low: np.ndarray  # forecast band (equal to phi_mv outside the forecast)
    phi_high: np.ndarray
    f107_index: np.ndarray
    forecast: np.ndarray  # bool: phi comes from the forecast


@dataclass(frozen=True)
class CrewSection:
    """The crew budget (:class:`sojourn.crew.CrewBudget`), the members' career doses and the
    vehicle's consumables capacity (kg, None if not stated)."""

    budget: CrewBudget
    members: tuple[CrewMember, ...] = ()
    capacity_kg: float | None = None
    #: The dose rate day by day with the solar cycle (None when no phase is dated).
    dose_series: DoseSeries | None = None
    resupply: Any = None  # sojourn.eclss.ResupplyCheck when the vehicle lists cargo flights

    @property
    def series(self) -> CrewSeries:
        ph = self.budget.phases
        dose = np.array([p.dose_msv for p in ph], dtype=np.float64)
        return CrewSeries(
            phase=tuple(p.name for p in ph),
            environment=tuple(p.environment for p in ph),
            days=np.array([p.days for p in ph], dtype=np.float64),
            dose_msv=dose,
            cumulative_dose_msv=np.cumsum(dose),
            mass_kg=np.array([p.mass_kg for p in ph], dtype=np.float64),
            o2_kg=np.array([p.o2_kg for p in ph], dtype=np.float64),
            water_kg=np.array([p.water_kg for p in ph], dtype=np.float64),
            food_kg=np.array([p.food_kg for p in ph], dtype=np.float64),
        )

    def to_dict(self) -> dict:
        d = self.budget.to_dict()
        d["members"] = [m.to_dict() for m in self.members]
        if self.resupply is not None:
            d["resupply"] = self.resupply.to_dict()
        return d


@dataclass(frozen=True)
class AbortSection:
    """The abort table: :class:`sojourn.abort.MissionAbortTable` over a round trip (departure
    to Earth return, every option home), :class:`sojourn.abort.AbortTable` over a one-way
    interplanetary cruise, or :class:`sojourn.abort.LeoAbortTable` over a station stay;
    ``step_days`` between requests."""

    table: AbortTable | LeoAbortTable | MissionAbortTable
    step_days: float

    @property
    def kind(self) -> str:
        """``"leo"`` (next landing from the station) or ``"interplanetary"``."""
        from sojourn.abort import LeoAbortTable

        return "leo" if isinstance(self.table, LeoAbortTable) else "interplanetary"

    def to_dict(self) -> dict:
        d = self.table.to_dict()
        if self.kind == "leo":
            for row in d["rows"]:
                row.pop("miss_km", None)
            age = d.pop("max_element_set_age_days", None)
            d["step_days"] = self.step_days
            if age is not None:
                d["max_element_set_age_days"] = age
        else:
            d["step_days"] = self.step_days
        return d


@dataclass(frozen=True)
class HomeSection:
    """Station missions: the way home at every ``step_hours`` of the stay
    (:class:`sojourn.leo.home.HomeReport`): for each decision time the fastest way down into
    the zones searched, decision-to-touchdown hours, peak g and what made the crew wait."""

    report: HomeReport
    step_hours: float

    @property
    def hours_to_ground(self) -> np.ndarray:
        """Fastest decision-to-touchdown per decision time, h (NaN where none)."""
        return self.report.hours_to_ground

    def to_dict(self) -> dict:
        h = self.hours_to_ground
        ok = h[np.isfinite(h)]
        rows = []
        for r in self.report.rows:
            f = r.fastest
            land = f.landing if f is not None else None
            rows.append(
                {
                    "decision_utc": utc_iso(r.decision_tdb_s),
                    "hours_to_ground": round(f.hours_to_ground, 3) if land else None,
                    "zone": f.zone if land else None,
                    "peak_g": round(land.peak_g, 2) if land else None,
                    "constraint": f.constraint
                    if land
                    else "+".join(sorted({o.constraint for o in r.options})),
                    "deorbit_utc": utc_iso(land.deorbit_tdb_s) if land else None,
                    "landing_utc": utc_iso(land.landing_tdb_s) if land else None,
                }
            )
        return {
            "zones": list(self.report.zones),
            "mode": self.report.mode,
            "step_hours": self.step_hours,
            "decision_to_undock_s": self.report.decision_to_undock_s,
            "hours_to_ground_worst": round(float(ok.max()), 3) if ok.size else None,
            "hours_to_ground_median": round(float(np.median(ok)), 3) if ok.size else None,
            "hours_to_ground_best": round(float(ok.min()), 3) if ok.size else None,
            "rows": rows,
            "model": "fast pass search (burn from the arc model, flown descent, no dispersion); "
            "the nominal undocking-to-deorbit time; see sojourn.leo.home",
        }


@dataclass(frozen=True)
class StationOrbitSection:
    """Station missions with planned reboosts: the station's mean altitude over its last
    revolution before undocking, propagated numerically with drag
    (:func:`sojourn.leo.drag.drag_orbit`) from the element set ``tle_epoch_utc``, with and
    without the reboosts ``reboosts`` (``(t_tdb_s, dv_m_s)``)."""

    tle_epoch_utc: str
    at_tdb_s: float
    mean_alt_km: float
    mean_alt_no_reboosts_km: float
    reboosts: tuple[tuple[float, float], ...]
    b_m2_kg: float
    model: str

    def to_dict(self) -> dict:
        return {
            "tle_epoch_utc": self.tle_epoch_utc,
            "at_utc": utc_iso(self.at_tdb_s),
            "mean_alt_km": round(self.mean_alt_km, 3),
            "mean_alt_no_reboosts_km": round(self.mean_alt_no_reboosts_km, 3),
            "reboost_gain_km": round(self.mean_alt_km - self.mean_alt_no_reboosts_km, 3),
            "reboosts": [{"utc": utc_iso(t), "dv_m_s": dv} for t, dv in self.reboosts],
            "b_m2_kg": self.b_m2_kg,
            "model": self.model,
        }


@dataclass(frozen=True)
class DepartureSection:
    """Leaving Earth: the parking orbit the mission file states (a launch site and/or an
    inclination) and the cost of the outbound asymptote from it
    (:class:`sojourn.departure.Departure`, from :func:`sojourn.departure.parking_departure`)."""

    departure: Departure
    launch_site: str | None = None

    def to_dict(self) -> dict:
        d = self.departure.to_dict()
        d["launch_site"] = self.launch_site
        return d


@dataclass(frozen=True)
class MarsOrbitSection:
    """The orbit at the target over the stay (:class:`sojourn.departure.MarsOrbit`): its
    orientation from the arrival asymptote, the J2 drift of node and apsides, the trans-Earth
    injection from the orbit as it then is and as it was at arrival."""

    orbit: MarsOrbit

    def to_dict(self) -> dict:
        return self.orbit.to_dict()


@dataclass(frozen=True)
class PorkchopSection:
    """The porkchop of the chosen opportunity and where the plan departs in it.

    ``best_cell`` is the grid's least-C3 cell ``(i, j)`` (row = departure, column = arrival);
    ``chosen`` is the transfer the plan flies (refined off the grid).
    """

    grid: PorkchopGrid
    chosen: Transfer
    best_cell: tuple[int, int] | None = None


@dataclass(frozen=True)
class PlanetOrbit:
    """A planet's heliocentric path for the Sun-centred view (DE440, sampled by the planner).

    ``t_tdb_s`` (N,), ``r_km`` (N, 3) Sun-centred ICRF over the mission (at least one orbit);
    ``r_start_km`` and ``r_end_km`` (3,): the planet at the plan's start and end.
    """

    body: str
    t_tdb_s: np.ndarray
    r_km: np.ndarray
    r_start_km: np.ndarray
    r_end_km: np.ndarray
    #: ``r_km`` in the ecliptic of J2000 (None: not computed).
    r_ecl_km: np.ndarray | None = field(default=None, repr=False)
    #: The planet at the mission's events (departure, arrival, ...), for the markers.
    marks: tuple[PlanetMark, ...] = ()


@dataclass(frozen=True)
class PlanetMark:
    """A planet at one dated event: ``r_km`` Sun-centred ICRF, ``r_ecl_km`` ecliptic J2000."""

    label: str
    t_tdb_s: float
    r_km: np.ndarray
    r_ecl_km: np.ndarray


# --- The ground map of a station mission (mission/views.py fills it) --------------------------
@dataclass(frozen=True)
class GroundTrack:
    """An Earth-centred arc's sub-satellite points, WGS 84 geodetic degrees (N,)."""

    name: str
    t_tdb_s: np.ndarray
    lat_deg: np.ndarray
    lon_deg: np.ndarray


@dataclass(frozen=True)
class MapMark:
    """A dated point on the map: ``kind`` is ``site``, ``insertion``, ``docking``, ``deorbit``,
    ``entry`` or ``landing``; ``outline_*`` (a dispersion ellipse or circle) may be empty."""

    label: str
    kind: str
    lat_deg: float
    lon_deg: float
    t_tdb_s: float | None = None
    dispersion_km: float | None = None
    outline_lat_deg: np.ndarray = field(default_factory=lambda: np.zeros(0), repr=False)
    outline_lon_deg: np.ndarray = field(default_factory=lambda: np.zeros(0), repr=False)


@dataclass(frozen=True)
class MapZone:
    """A landing zone: its centre and the outline of the area it accepts (degrees)."""

    id: str
    name: str
    lat_deg: float
    lon_deg: float
    radius_km: float
    used: bool
    outline_lat_deg: np.ndarray = field(repr=False)
    outline_lon_deg: np.ndarray = field(repr=False)


@dataclass(frozen=True)
class GroundMap:
    """What the report's LEO map draws: ground tracks, dated points and landing zones."""

    tracks: tuple[GroundTrack, ...] = ()
    marks: tuple[MapMark, ...] = ()
    zones: tuple[MapZone, ...] = ()


@dataclass(frozen=True)
class PlanStation:
    """A ground station the plan's communications use, for the 3-D view (issue 14).

    Geodetic WGS 84 coordinates of :data:`sojourn.comms.STATIONS` (set by
    :func:`sojourn.mission.views.ground_stations`).
    """

    id: str
    name: str
    network: str
    lat_deg: float
    lon_deg: float
    h_km: float


def _tuple(x) -> tuple:
    return x if isinstance(x, tuple) else tuple(x)


@dataclass(frozen=True)
class Plan:
    """A complete mission plan: dated phases, the domain results, what the pictures need.

    Sections a mission kind does not use are None (or empty); see the module table.
    """

    mission: str
    title: str
    kind: str  # a key of sojourn.mission.planners.PLANNERS: "station", "interplanetary"
    phases: tuple[PlanPhase, ...]
    trajectories: tuple[TrajectorySegment, ...] = ()
    launch: LaunchSection | None = None
    landing: LandingSection | None = None
    roundtrip: RoundTrip | None = None
    transfer: Transfer | None = None
    departure: DepartureSection | None = None
    mars_orbit: MarsOrbitSection | None = None
    race: tuple[RaceEntry, ...] = ()
    comms: CommsSection | None = None
    aborts: AbortSection | None = None
    home: HomeSection | None = None  # station missions: the way home at every hour
    station_orbit: StationOrbitSection | None = None  # station missions with reboosts
    crew: CrewSection | None = None
    porkchop: PorkchopSection | None = None
    planet_orbits: tuple[PlanetOrbit, ...] = ()
    findings: tuple[Finding, ...] = ()
    assumptions: Mapping[str, Any] = field(default_factory=dict)
    ground_map: GroundMap | None = None  # station missions: the report's map (views.py)
    #: Interplanetary missions: the comms stations (views.ground_stations), for the CZML.
    ground_stations: tuple[PlanStation, ...] = ()
    #: Station missions: the station's own path from insertion to docking (views.station_path).
    station_path: TrajectorySegment | None = None

    def __post_init__(self):
        for name in ("phases", "trajectories", "race", "planet_orbits", "findings"):
            object.__setattr__(self, name, _tuple(getattr(self, name)))

    @property
    def start_tdb_s(self) -> float:
        return min(p.start_tdb_s for p in self.phases)

    @property
    def end_tdb_s(self) -> float:
        return max(p.end_tdb_s for p in self.phases)

    def key_figures(self) -> KeyFigures:
        """The plan's key figures, computed once for the terminal and the report."""
        from sojourn.mission.summary import key_figures

        return key_figures(self)

    def section_dicts(self) -> dict[str, Any]:
        """The JSON of each section the plan carries, in :data:`SECTION_NAMES` order."""
        out: dict[str, Any] = {}
        for name in SECTION_NAMES:
            value = getattr(self, name)
            if value is None or (name == "race" and not value):
                continue
            if name == "roundtrip":
                out[name] = {"best": value.summary()}
            elif name == "race":
                out[name] = [x.to_dict() for x in value]
            else:
                out[name] = value.to_dict()
        return out

    def to_dict(self) -> dict:
        """The DESIGN.md ``plan`` JSON: mission, phases, the sections used, findings."""
        out: dict[str, Any] = {
            "mission": self.mission,
            "title": self.title,
            "kind": self.kind,
            "start_utc": utc_iso(self.start_tdb_s),
            "end_utc": utc_iso(self.end_tdb_s),
            "total_days": (self.end_tdb_s - self.start_tdb_s) / 86_400.0,
            "phases": [p.to_dict() for p in self.phases],
        }
        out.update(self.section_dicts())
        out["trajectories"] = [s.to_dict() for s in self.trajectories]
        out["findings"] = [f.to_dict() for f in self.findings]
        out["assumptions"] = dict(self.assumptions)
        return out

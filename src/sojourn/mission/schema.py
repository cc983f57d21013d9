"""The mission file: a TOML document read into validated, frozen pydantic models.

The format is documented, with a full example, in ``docs/mission-file.md``. In short::

    [mission]            name, title, kind ("station" or "interplanetary"), description
    [[crew]]             name, role, agency, prior_dose_msv
    [[vehicles]]         name, c3_max_km2_s2, delta_v_km_s, consumables_kg, closures...
    [assumptions]        parking/capture orbits, dose rates and standard, blackout threshold...
    [[phases]]           in order; ``kind`` picks the table's keys:
                         training, launch, rendezvous, stay, departure, transfer, surface,
                         return, landing
    [[race]]             rival departures (interplanetary): label, depart

Every table forbids unknown keys. :func:`load_mission` and :func:`parse_mission` turn every
problem (TOML syntax, wrong type, bad date, a phase out of order) into one
:class:`~sojourn.errors.InputError` line naming the file, the field path, the rule, the value
and the fix, e.g. ``mission file m.toml: phases[2].days: must be > 0, got -3; give the
duration in days, e.g. 12``. With several problems the first is reported, with the count.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
    model_validator,
)

from sojourn.core import defaults as D
from sojourn.errors import InputError

__all__ = [
    "PHASE_KINDS",
    "Assumptions",
    "CrewMember",
    "Mission",
    "MissionInfo",
    "RaceEntry",
    "Vehicle",
    "load_mission",
    "parse_mission",
]

#: Rendezvous profiles a launch may ask for (sojourn.leo.rendezvous.PROFILES, plus "fastest").
RENDEZVOUS_PROFILES = ("fast-track", "4-orbit", "2-day", "fastest")

# allow_inf_nan=False: TOML has inf and nan literals; no quantity in a mission may be either.
_CFG = ConfigDict(extra="forbid", frozen=True, strict=True, allow_inf_nan=False)


def _check_date(value: str, field: str) -> str:
    from sojourn.core.time import tdb

    try:
        tdb(value, field=field)
    except InputError as e:
        raise ValueError(str(e)) from None
    return value


def _check_date_or_range(value: str, field: str) -> str:
    from sojourn.core.time import parse_range

    if ".." in value:
        try:
            parse_range(value, field=field)
        except InputError as e:
            raise ValueError(str(e)) from None
        return value
    return _check_date(value, field)


def _check_range(value: str, field: str) -> str:
    from sojourn.core.time import parse_range

    try:
        parse_range(value, field=field)
    except InputError as e:
        raise ValueError(str(e)) from None
    return value


class _Model(BaseModel):
    model_config = _CFG


# --- Header, crew, vehicles, assumptions -------------------------------------------------------
class MissionInfo(_Model):
    """``[mission]``: who and what."""

    name: str = Field(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    title: str = Field(default="", max_length=200)
    kind: Literal["station", "interplanetary"]
    description: str = ""


class CrewMember(_Model):
    """``[[crew]]``: one crew member."""

    name: str = Field(min_length=1)
    role: str = "crew"
    agency: str = ""
    prior_dose_msv: float = Field(default=0.0, ge=0.0)
    #: Age (years) and sex, for standards that need them (JAXA's table); optional.
    age: float | None = Field(default=None, ge=18.0, le=100.0)
    sex: Literal["female", "male"] | None = None
    #: Age (years) at the member's first spaceflight: JAXA's career limit depends on it
    #: (without it, ``age`` stands in for a member with no prior dose).
    age_at_first_flight: float | None = Field(default=None, ge=18.0, le=100.0)
    #: The member's own career limit, mSv (overrides the agency's).
    limit_msv: float | None = Field(default=None, gt=0.0)


class ResupplyFlight(_Model):
    """``[[vehicles.resupply]]``: a cargo flight ``day`` days after the first flight phase
    starts, by a cargo vehicle (``progress-ms``, ``cygnus``, ``dragon``: published manifests)
    or with ``consumables_kg`` stated."""

    day: float = Field(ge=0.0, le=36_525.0)
    vehicle: Literal["progress-ms", "cygnus", "dragon"] = "progress-ms"
    consumables_kg: float | None = Field(default=None, ge=0.0, le=1.0e6)


class Vehicle(_Model):
    """``[[vehicles]]``: a vehicle and what it can do (every capability optional).

    ``eclss`` names a life-support preset (``open-loop``, ``iss``, ``mars-transit``;
    :mod:`sojourn.eclss`); when it is set, ``water_recovery`` and ``o2_recovery`` are not used
    (they are the user-set closure otherwise). ``resupply`` lists cargo flights checked
    against the stock ``consumables_kg``.
    """

    name: str = Field(min_length=1)
    role: str = ""
    c3_max_km2_s2: float | None = Field(default=None, gt=0.0)
    delta_v_km_s: float | None = Field(default=None, gt=0.0)
    abort_delta_v_km_s: float | None = Field(default=None, gt=0.0)
    consumables_kg: float | None = Field(default=None, ge=0.0)
    water_recovery: float = Field(default=0.0, ge=0.0, le=1.0)
    o2_recovery: float = Field(default=0.0, ge=0.0, le=1.0)
    max_docked_days: float | None = Field(default=None, gt=0.0)
    eclss: Literal["open-loop", "iss", "mars-transit"] | None = None
    resupply: list[ResupplyFlight] = Field(default_factory=list, max_length=1000)
    #: With ``eclss``: EVAs during the flight phases (each two crew for the EMU's 7 h design
    #: duration), the cabin air lost per day (default: the preset's), the airlock's free volume
    #: (m3; its vented share is lost each EVA) and ECLSS spares per day (kg, whole vehicle).
    eva_count: int = Field(default=0, ge=0, le=10_000)
    cabin_leak_kg_per_day: float | None = Field(default=None, ge=0.0, le=1000.0)
    airlock_volume_m3: float | None = Field(default=None, ge=0.0, le=1000.0)
    spares_kg_per_day: float | None = Field(default=None, ge=0.0, le=10_000.0)


class DoseRates(_Model):
    """``[assumptions.dose_rates_msv_per_day]``: overrides of the measured rates."""

    leo: float | None = Field(default=None, ge=0.0)
    cruise: float | None = Field(default=None, ge=0.0)
    mars_surface: float | None = Field(default=None, ge=0.0)
    mars_orbit: float | None = Field(default=None, ge=0.0)


class Assumptions(_Model):
    """``[assumptions]``: orbits, rates and thresholds (each with a sourced default)."""

    parking_alt_km: float = Field(default=D.PARKING_ALT_KM, gt=0.0, le=2000.0)
    capture_periapsis_alt_km: float = Field(
        default=D.CAPTURE_PERIAPSIS_ALT_KM, gt=0.0, le=100_000.0
    )
    capture_period_hours: float | None = Field(default=D.CAPTURE_PERIOD_HOURS, gt=0.0)
    entry_alt_km: float = Field(default=D.ENTRY_INTERFACE_ALT_KM, gt=0.0, le=500.0)
    #: Highest Earth entry speed a return may have, km/s, at entry_alt_km (Striepe et al. 1993's
    #: 14 km/s by default); the round-trip search and the abort findings respect it. 0 lifts it.
    max_entry_speed_km_s: float = Field(default=D.MAX_ENTRY_SPEED_KM_S, ge=0.0, le=30.0)
    dose_standard: Literal["nasa", "esa", "csa", "roscosmos", "jaxa"] = "nasa"
    career_limit_msv: float | None = Field(default=None, gt=0.0)
    dose_rates_msv_per_day: DoseRates = DoseRates()
    #: Aluminium areal density around the crew in flight, g/cm2 (the GCR model takes 5-30;
    #: None: 10 g/cm2), and the storm shelter's for solar particle events (None: no shelter).
    shielding_g_cm2: float | None = Field(default=None, ge=5.0, le=30.0)
    spe_shelter_g_cm2: float | None = Field(default=None, ge=0.5, le=100.0)
    o2_kg_per_crew_day: float = Field(default=D.O2_KG_PER_CREW_DAY, ge=0.0)
    water_kg_per_crew_day: float = Field(default=D.WATER_KG_PER_CREW_DAY, ge=0.0)
    food_kg_per_crew_day: float = Field(default=D.FOOD_KG_PER_CREW_DAY, ge=0.0)
    blackout_threshold_deg: float = Field(default=D.BLACKOUT_THRESHOLD_DEG, gt=0.0, lt=180.0)
    stations: list[str] = Field(default_factory=lambda: list(D.GROUND_STATIONS))
    abort_step_days: float = Field(default=D.ABORT_STEP_DAYS, gt=0.0, le=100.0)
    # Departure geometry (sojourn.departure): the Earth parking orbit's inclination and/or the
    # launch site that bounds it, days from launch to departure, the Mars periapsis latitude.
    parking_inclination_deg: float | None = Field(default=None, ge=0.0, le=180.0)
    launch_site: str | None = None
    parking_coast_days: float = Field(default=0.0, ge=0.0, le=3650.0)
    mars_periapsis_lat_deg: float | None = Field(default=None, ge=-90.0, le=90.0)

    @field_validator("launch_site")
    @classmethod
    def _known_launch_site(cls, v: str | None) -> str | None:
        from sojourn.leo.sites import SITES

        if v is not None and v not in SITES:
            raise ValueError(f"unknown launch site {v!r}; known: {', '.join(SITES)}")
        return v

    @field_validator("stations")
    @classmethod
    def _known_stations(cls, v: list[str]) -> list[str]:
        from sojourn.comms import STATIONS

        for s in v:
            if s not in STATIONS:
                raise ValueError(f"unknown ground station {s!r}; known: {', '.join(STATIONS)}")
        return v


# --- Phases ------------------------------------------------------------------------------------
class _Phase(_Model):
    name: str = ""


class Training(_Phase):
    """Ground training before flight: ``days`` (ends at lift-off or departure)."""

    kind: Literal["training"]
    days: float = Field(gt=0.0, le=3650.0)


class Launch(_Phase):
    """Launch from a site to a station's orbit (station missions).

    ``date``: a day (``2021-10-05``: the first allowed window that day), a lift-off time
    (``2021-10-05T08:55:02``: the window nearest it) or a range ``A..B`` (the first allowed
    window in it, at most 30 days). ``target``: ``"iss"`` (built-in element sets) or ``tle``:
    a TLE file path relative to the mission file. ``max_tle_age_days``: beyond this age of
    the station's element set at insertion, the rendezvous answer (which depends on the
    phase along the orbit) is flagged (``sojourn.leo.quality``; default 7).
    """

    kind: Literal["launch"]
    site: str
    date: str
    target: str | None = None
    tle: str | None = None
    vehicle: str | None = None
    # = sojourn.leo.quality.DEFAULT_MAX_PHASE_AGE_DAYS (a test checks they agree)
    max_tle_age_days: float = Field(default=7.0, gt=0.0, le=365.0)

    @field_validator("site")
    @classmethod
    def _known_site(cls, v: str) -> str:
        from sojourn.leo.sites import SITES

        if v not in SITES:
            raise ValueError(f"unknown launch site {v!r}; known: {', '.join(SITES)}")
        return v

    @field_validator("date")
    @classmethod
    def _date(cls, v: str) -> str:
        _check_date_or_range(v, "date")
        if ".." in v:
            from sojourn.core.time import parse_range

            a, b = parse_range(v, field="date")
            if not b > a:
                raise ValueError(
                    f"the launch range {v!r} spans no time; give one date (the day or the "
                    "lift-off) or a range A..B with B after A"
                )
        return v

    @field_validator("target")
    @classmethod
    def _target(cls, v: str | None) -> str | None:
        if v is not None and v != "iss":
            raise ValueError(f"unknown built-in target {v!r}; use 'iss' or give tle = 'FILE'")
        return v


class Rendezvous(_Phase):
    """Rendezvous with the station: ``profile`` fast-track, 4-orbit, 1-day, 2-day or fastest."""

    kind: Literal["rendezvous"]
    profile: Literal["fast-track", "4-orbit", "1-day", "2-day", "fastest"] = "fastest"


class Reboost(_Model):
    """A planned station reboost during a stay: ``utc`` and ``dv_m_s`` along the velocity
    (Progress reboosts are about 0.5-2.2 m/s; at most 20)."""

    utc: str
    dv_m_s: float = Field(gt=0.0, le=20.0)

    @field_validator("utc")
    @classmethod
    def _date(cls, v: str) -> str:
        return _check_date(v, "utc")


class Stay(_Phase):
    """Docked stay: ``days`` or an ``undock`` date; ``max_days`` is the allowed limit;
    ``reboosts`` the station's planned reboosts (``[[phases.reboosts]]``: utc, dv_m_s)."""

    kind: Literal["stay"]
    days: float | None = Field(default=None, gt=0.0, le=3650.0)
    undock: str | None = None
    max_days: float | None = Field(default=None, gt=0.0)
    reboosts: list[Reboost] = Field(default_factory=list, max_length=50)

    @field_validator("undock")
    @classmethod
    def _date(cls, v: str | None) -> str | None:
        return None if v is None else _check_date(v, "undock")

    @model_validator(mode="after")
    def _one_of(self):
        if (self.days is None) == (self.undock is None):
            raise ValueError("give exactly one of 'days' or 'undock'")
        return self


def _check_min_max(phase):
    """``min_days <= max_days`` of a phase with both bounds (ValueError naming both)."""
    lo, hi = phase.min_days, phase.max_days
    if lo is not None and hi is not None and lo > hi:
        raise ValueError(
            f"'min_days' ({lo:g}) is more than 'max_days' ({hi:g}); give min_days <= max_days"
        )
    return phase


class Departure(_Phase):
    """Departure from Earth (interplanetary): ``window`` range, ``target`` and class."""

    kind: Literal["departure"]
    window: str
    target: Literal["mars", "venus"] = "mars"
    mission_class: Literal["conjunction", "opposition"] = "conjunction"
    step_days: float = Field(default=5.0, ge=0.5, le=30.0)

    @field_validator("window")
    @classmethod
    def _window(cls, v: str) -> str:
        return _check_range(v, "window")


class Transfer(_Phase):
    """Interplanetary cruise out: flight-time bounds ``min_days``..``max_days``."""

    kind: Literal["transfer"]
    min_days: float = Field(default=110.0, gt=0.0)
    max_days: float = Field(default=330.0, gt=0.0, le=1000.0)

    @model_validator(mode="after")
    def _min_le_max(self):
        return _check_min_max(self)


class Surface(_Phase):
    """Stay at the target: ``min_days``..``max_days``; ``environment`` surface or orbit."""

    kind: Literal["surface"]
    min_days: float = Field(default=450.0, ge=0.0)
    max_days: float = Field(default=600.0, gt=0.0, le=2000.0)
    environment: Literal["surface", "orbit"] = "surface"

    @model_validator(mode="after")
    def _min_le_max(self):
        return _check_min_max(self)


class Return(_Phase):
    """Way home. Station: ``zone`` (landing zone id). Interplanetary: ``max_days`` cruise."""

    kind: Literal["return"]
    zone: str = "kazakhstan"
    min_days: float | None = Field(default=None, gt=0.0)
    max_days: float | None = Field(default=None, gt=0.0, le=1000.0)
    tle: str | None = None

    @model_validator(mode="after")
    def _min_le_max(self):
        return _check_min_max(self)

    @field_validator("zone")
    @classmethod
    def _zone(cls, v: str) -> str:
        from sojourn.leo.landing import ZONES

        if v not in ZONES:
            raise ValueError(f"unknown landing zone {v!r}; known: {', '.join(ZONES)}")
        return v


class Landing(_Phase):
    """Landing and recovery on Earth: ``days`` of recovery (0: the landing instant)."""

    kind: Literal["landing"]
    days: float = Field(default=0.0, ge=0.0, le=365.0)


Phase = Annotated[
    Training | Launch | Rendezvous | Stay | Departure | Transfer | Surface | Return | Landing,
    Field(discriminator="kind"),
]

PHASE_KINDS = (
    "training",
    "launch",
    "rendezvous",
    "stay",
    "departure",
    "transfer",
    "surface",
    "return",
    "landing",
)

#: Allowed phase sequences: the order of kinds, and which are required, per mission kind.
_ORDER = {
    "station": ("training", "launch", "rendezvous", "stay", "return", "landing"),
    "interplanetary": ("training", "departure", "transfer", "surface", "return", "landing"),
}
_REQUIRED = {"station": ("launch", "stay", "return"), "interplanetary": ("departure", "transfer")}


class RaceEntry(_Model):
    """``[[race]]``: a rival departure; it flies the fastest transfer its C3 allows."""

    label: str = Field(min_length=1)
    depart: str
    c3_max_km2_s2: float | None = Field(default=None, gt=0.0)

    @field_validator("depart")
    @classmethod
    def _date(cls, v: str) -> str:
        return _check_date(v, "depart")


class Mission(_Model):
    """A whole mission file."""

    mission: MissionInfo
    crew: list[CrewMember] = Field(min_length=1, max_length=50)
    vehicles: list[Vehicle] = Field(default_factory=list)
    assumptions: Assumptions = Assumptions()
    phases: list[Phase] = Field(min_length=1)
    race: list[RaceEntry] = Field(default_factory=list)
    _base_dir: Path = PrivateAttr(default_factory=Path.cwd)
    _source: str = PrivateAttr(default="<text>")

    @model_validator(mode="after")
    def _phase_order(self):
        kind = self.mission.kind
        order = _ORDER[kind]
        last = -1
        seen: set[str] = set()
        for i, p in enumerate(self.phases):
            if p.kind not in order:
                raise ValueError(
                    f"phases[{i}]: a '{p.kind}' phase does not belong in a {kind} mission; "
                    f"its phases are, in order: {', '.join(order)}"
                )
            rank = order.index(p.kind)
            if p.kind in seen and p.kind != "training":
                raise ValueError(f"phases[{i}]: a second '{p.kind}' phase; give it once")
            if rank < last:
                raise ValueError(
                    f"phases[{i}]: '{p.kind}' comes after '{order[last]}', out of order; "
                    f"put phases in this order: {', '.join(order)}"
                )
            last = rank
            seen.add(p.kind)
        missing = [k for k in _REQUIRED[kind] if k not in seen]
        if missing:
            raise ValueError(
                f"phases: a {kind} mission needs a '{missing[0]}' phase; add "
                f'[[phases]] kind = "{missing[0]}"'
            )
        if self.race and kind != "interplanetary":
            raise ValueError("race: rival departures only apply to interplanetary missions")
        for i, p in enumerate(self.phases):
            if isinstance(p, Launch) and p.tle is not None and p.target is not None:
                raise ValueError(f"phases[{i}]: give 'target' or 'tle', not both")
        names = [v.name for v in self.vehicles]
        for i, p in enumerate(self.phases):
            if isinstance(p, Launch) and p.vehicle is not None and p.vehicle not in names:
                raise ValueError(
                    f"phases[{i}].vehicle: {p.vehicle!r} is not among [[vehicles]] "
                    f"({', '.join(names) or 'none given'}); add it or fix the name"
                )
        return self

    def phase(self, kind: str):
        """The first phase of ``kind``, or None."""
        return next((p for p in self.phases if p.kind == kind), None)

    @property
    def base_dir(self) -> Path:
        """Directory that relative paths in the file (TLE files) are taken from."""
        return self._base_dir

    @property
    def source(self) -> str:
        return self._source

    def file_path(self, value: str, field: str = "tle") -> Path:
        """The file a path in this mission names (``tle``), inside :attr:`base_dir`.

        A mission file may only read files in its own folder or below (symlinks resolved);
        ``..`` or an absolute path elsewhere is an :class:`~sojourn.errors.InputError`
        naming ``field``. Files the user names on the command line (``--tle``) are not
        subject to this rule.
        """
        from sojourn.userfiles import resolve_within

        return resolve_within(self._base_dir, value, field=field)


# --- Loading and error messages ----------------------------------------------------------------
#: Fixes named by the last field of an error's path (the generic fix follows the rule).
_FIXES = {
    "days": "give the duration in days, e.g. 12",
    "min_days": "give the shortest duration in days",
    "max_days": "give the longest duration in days",
    "date": "give a UTC date, a lift-off time or a range, e.g. 2021-10-05T08:55:02",
    "undock": "give the undocking time in UTC, e.g. 2021-10-17T01:14:00",
    "utc": "give the reboost time in UTC, e.g. 2021-10-10T12:00:00",
    "dv_m_s": "give the reboost's delta-v in m/s, e.g. 1.5",
    "window": "give the departure range, e.g. 2033-01-01..2033-08-31",
    "depart": "give the departure date in UTC, e.g. 2033-04-20",
    "kind": "see docs/mission-file.md for the kinds",
    "crew": "list each crew member as a [[crew]] table with a name",
    "phases": "list the phases as [[phases]] tables, in order",
    "name": "give a short name (letters, digits, '-', '_', '.')",
    "site": "run 'sojourn sites' for the ids",
    "zone": "use a landing zone id such as kazakhstan",
    "prior_dose_msv": "give the crew member's career dose so far in mSv (0 for a rookie)",
}


def _path(loc: tuple) -> str:
    out = ""
    prev = None
    for i, part in enumerate(loc):
        if isinstance(part, int):
            out += f"[{part}]"
        elif (
            (prev == "phases_index" and part in PHASE_KINDS)
            or part.startswith("function-after")
            or part.startswith("function-")
        ):
            pass  # the discriminator tag pydantic inserts, not a key of the file
        else:
            out += ("." if out else "") + part
        prev = (
            "phases_index" if (isinstance(part, int) and i > 0 and loc[i - 1] == "phases") else part
        )
    return out or "(top level)"


def _rule(err: dict) -> str:
    t = err["type"]
    ctx = err.get("ctx") or {}
    if t in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        op = {
            "greater_than": ">",
            "greater_than_equal": ">=",
            "less_than": "<",
            "less_than_equal": "<=",
        }[t]
        return f"must be {op} {next(iter(ctx.values()))}"
    if t == "extra_forbidden":
        return "unknown key (not ignored)"
    if t == "missing":
        return "is required"
    if t in ("int_type", "int_parsing", "int_from_float"):
        return "must be a whole number"
    if t in ("float_type", "float_parsing"):
        return "must be a number"
    if t == "finite_number":
        return "must be a finite number (not inf or nan)"
    if t in ("string_type",):
        return "must be text in quotes"
    if t in ("list_type",):
        return "must be a list (an array of tables [[...]] or [ ... ])"
    if t in ("model_type", "dict_type", "model_attributes_type"):
        return "must be a table"
    if t == "bool_type":
        return "must be true or false"
    if t == "literal_error":
        return f"must be one of {ctx.get('expected', '')}"
    if t == "union_tag_invalid":
        return f"unknown phase kind; must be one of {', '.join(PHASE_KINDS)}"
    if t == "union_tag_not_found":
        return f"needs a 'kind' (one of {', '.join(PHASE_KINDS)})"
    if t in ("too_short", "too_long"):
        return err["msg"].replace("List", "list").replace("String", "text").lower()
    if t == "string_pattern_mismatch":
        return "may hold only letters, digits, '-', '_' and '.', starting with a letter or digit"
    if t == "value_error":
        return err["msg"].removeprefix("Value error, ")
    return err["msg"]


def _fix(err: dict, loc: tuple) -> str:
    t = err["type"]
    keys = [p for p in loc if isinstance(p, str) and p not in PHASE_KINDS]
    last = keys[-1] if keys else ""
    if t == "extra_forbidden":
        return "remove it or check its spelling against docs/mission-file.md"
    if t == "value_error":
        return ""  # the message carries its own fix
    return _FIXES.get(last, "see docs/mission-file.md")


def _one_error(err: dict) -> str:
    loc = tuple(err.get("loc", ()))
    if err["type"] == "value_error" and not loc:
        msg = err["msg"].removeprefix("Value error, ")
        return msg
    where = _path(loc)
    rule = _rule(err)
    text = f"{where}: {rule}"
    if err["type"] not in ("missing", "value_error", "union_tag_not_found"):
        value = err.get("input")
        shown = repr(value)
        if len(shown) > 60:
            shown = shown[:57] + "..."
        if not isinstance(value, dict | list):
            text += f", got {shown}"
    fix = _fix(err, loc)
    return f"{text}; {fix}" if fix else text


def _input_error(source: str, e: ValidationError) -> InputError:
    errs = e.errors(include_url=False)
    head = _one_error(errs[0])
    more = (
        f" (and {len(errs) - 1} more problem{'s' if len(errs) > 2 else ''})"
        if len(errs) > 1
        else ""
    )
    return InputError(f"mission file {source}: {head}{more}")


def parse_mission(text: str, source: str = "<text>", base_dir: Path | str | None = None) -> Mission:
    """A :class:`Mission` from TOML text.

    Parameters
    ----------
    text : str
        The mission file's contents.
    source : str
        How error messages name the file.
    base_dir : path, optional
        Directory for relative paths inside the file (default: the working directory). Files
        the mission names (``tle``) must lie in it or below (:meth:`Mission.file_path`).

    Raises
    ------
    InputError
        Malformed TOML (with its line and column), nesting too deep, text over
        :data:`~sojourn.userfiles.MISSION_MAX_BYTES`, an invalid mission (field path, rule,
        value and fix), or a ``tle`` path outside ``base_dir``.
    """
    from sojourn.userfiles import MISSION_MAX_BYTES

    if not isinstance(text, str):
        raise InputError(f"mission file {source}: must be text, got {type(text).__name__}")
    if len(text) > MISSION_MAX_BYTES:  # characters: at least as many bytes in UTF-8
        raise InputError(
            f"mission file {source}: is {len(text):,} characters, over the "
            f"{MISSION_MAX_BYTES >> 20} MiB limit for a mission file; a mission needs a few kB"
        )
    try:
        data = tomllib.loads(text)
    except RecursionError:  # tomllib recurses once per nested array or inline table
        raise InputError(
            f"mission file {source}: arrays or inline tables are nested too deeply for a "
            "mission file; a mission file needs at most a few levels, fix the brackets"
        ) from None
    except ValueError as e:
        if not isinstance(e, tomllib.TOMLDecodeError):
            # int() of a literal past Python's int_max_str_digits (4,300 digits): no mission
            # number needs more than a few digits.
            raise InputError(
                f"mission file {source}: a number has more than 4,300 digits (Python's limit); "
                "a mission file's numbers need a few digits, fix the value"
            ) from None
        msg = str(e).split(" (at ")[0]
        line = getattr(e, "lineno", None)
        col = getattr(e, "colno", None)
        where = f"line {line}, column {col}" if line is not None else "TOML"
        if line is None:  # Python < 3.14 puts the position in the text only
            import re

            m = re.search(r"at line (\d+), column (\d+)", str(e))
            where = f"line {m[1]}, column {m[2]}" if m else "end of document"
        raise InputError(
            f"mission file {source}: {where}: not valid TOML ({msg}); fix the syntax there "
            "(strings in quotes, one key = value a line, [table] headers)"
        ) from None
    try:
        mission = Mission.model_validate(data)
    except ValidationError as e:
        raise _input_error(source, e) from None
    except RecursionError:  # deep nesting under the recursion limit of tomllib, not pydantic's
        raise InputError(
            f"mission file {source}: arrays or inline tables are nested too deeply for a "
            "mission file; a mission file needs at most a few levels, fix the brackets"
        ) from None
    mission._base_dir = Path(base_dir) if base_dir is not None else Path.cwd()
    mission._source = source
    for i, p in enumerate(mission.phases):  # files it names: in its folder, checked now
        tle = getattr(p, "tle", None)
        if tle is not None:
            try:
                mission.file_path(tle, field=f"phases[{i}].tle")
            except InputError as e:
                raise InputError(f"mission file {source}: {e}") from None
    return mission


def _as_text(path) -> str:
    try:
        return os.fsdecode(os.fspath(path))
    except TypeError:
        return ""  # not a path: read_text names its type


def load_mission(path: str | Path) -> Mission:
    """Read and validate a mission file (relative paths in it are taken from its folder).

    The file is read by :func:`sojourn.userfiles.read_text`: a regular file (not a folder,
    FIFO or device) of at most :data:`~sojourn.userfiles.MISSION_MAX_BYTES`, UTF-8 text
    without NUL bytes. Files it names (``tle``) must lie in its folder or below
    (:meth:`Mission.file_path`).

    Raises
    ------
    InputError
        The file cannot be read or is not a mission file (one line, naming the fix).
    """
    from sojourn.userfiles import MISSION_MAX_BYTES, printable, read_text

    fix = "give the path of a mission TOML file, or use --example NAME (see 'sojourn examples')"
    shown = "" if path is None else printable(_as_text(path), one_line=True)
    text = read_text(
        path, label=f"mission file {shown}".rstrip(), max_bytes=MISSION_MAX_BYTES, fix=fix
    )
    return parse_mission(text, source=shown, base_dir=Path(os.fsdecode(os.fspath(path))).parent)


def dump_fields(model: type[BaseModel]) -> dict[str, Any]:  # pragma: no cover - docs helper
    """Field names and defaults of a model (used to keep docs/mission-file.md in step)."""
    return {k: f.default for k, f in model.model_fields.items()}

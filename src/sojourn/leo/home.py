"""The way home at any hour: from a decision on the station to the crew on the ground.

For each decision time (every hour of a stay, or one instant) and each landing zone asked
for, the first landing opportunity (:func:`sojourn.leo.landing.landing_opportunities`,
a flown descent) that satisfies the constraints, the decision-to-touchdown time, the peak
deceleration and what made the crew wait:

* ``phasing``: the first pass of the ground track over the zone after the least undocking
  and separation time (the orbit decides; nothing else constrained it);
* ``daylight``: an earlier pass was in the dark and daylight was required;
* ``g-limit``: an earlier pass would load the crew above ``max_g``;
* ``zone``: no pass over this zone within the search span (none found).

Timeline: decision -> undocking ``decision_to_undock_s`` (crew ingress, hatch closing, leak
checks; not a published figure: 0 by default, give your own), undocking -> deorbit burn at
least ``Descent.undock_to_deorbit_s`` (2.4 h: Soyuz MS-11 2.49 h and MS-18 2.45 h flown,
see :mod:`sojourn.leo.landing`), then the flown descent (about 54 min). The least
decision-to-touchdown time is therefore about 3.3 h plus the decision-to-undocking time, in
line with the NASA Soyuz fact sheet's "The return to Earth aboard a Soyuz takes less than 3.5
hours" (from undocking). A faster emergency deorbit than the nominal 2.4 h after undocking
is not modelled (no published timeline was found).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sojourn.core.time import utc_iso
from sojourn.errors import InputError
from sojourn.leo.landing import (
    DESCENT_MODEL,
    SOYUZ_DESCENT,
    Descent,
    Landing,
    _mode,
    landing_opportunities,
    zone,
)
from sojourn.leo.tle import TLE, element_sets, tle_for_date

__all__ = [
    "HomeOption",
    "HomeRow",
    "HomeReport",
    "home",
    "home_options",
    "home_report",
    "MAX_HOME_ROWS",
]

#: Most decision times one request may ask for (a 10-day stay, hourly).
MAX_HOME_ROWS = 240


@dataclass(frozen=True)
class HomeOption:
    """The way home into one zone from one decision time.

    ``landing`` is None when no opportunity satisfying the constraints lies in the search
    span; ``constraint`` names what set the wait (module notes)."""

    zone: str
    landing: Landing | None
    hours_to_ground: float
    constraint: str

    def to_dict(self) -> dict:
        d = {"zone": self.zone, "constraint": self.constraint}
        if self.landing is None:
            return {**d, "hours_to_ground": None}
        return {**d, "hours_to_ground": round(self.hours_to_ground, 3), **self.landing.to_dict()}


@dataclass(frozen=True)
class HomeRow:
    """One decision time: every zone's way home, and the fastest."""

    decision_tdb_s: float
    options: tuple[HomeOption, ...]
    tle_epoch_utc: str
    tle_age_days: float

    @property
    def fastest(self) -> HomeOption | None:
        ok = [o for o in self.options if o.landing is not None]
        return min(ok, key=lambda o: o.landing.landing_tdb_s) if ok else None

    def to_dict(self) -> dict:
        f = self.fastest
        return {
            "decision_utc": utc_iso(self.decision_tdb_s),
            "tle_epoch_utc": self.tle_epoch_utc,
            "tle_age_days": round(self.tle_age_days, 2),
            "fastest": f.to_dict() if f is not None else None,
            "options": [o.to_dict() for o in self.options],
        }


@dataclass(frozen=True)
class HomeReport:
    """The way home for each decision time (``sojourn home``)."""

    target: str
    zones: tuple[str, ...]
    daylight: bool
    max_g: float | None
    mode: str
    decision_to_undock_s: float
    rows: tuple[HomeRow, ...]

    @property
    def hours_to_ground(self) -> np.ndarray:
        """Fastest decision-to-touchdown per row, h (NaN where none)."""
        return np.array(
            [f.hours_to_ground if (f := r.fastest) is not None else np.nan for r in self.rows]
        )

    def to_dict(self) -> dict:
        h = self.hours_to_ground
        h = h[np.isfinite(h)]
        return {
            "target": self.target,
            "zones": list(self.zones),
            "daylight": self.daylight,
            "max_g": self.max_g,
            "mode": self.mode,
            "decision_to_undock_s": self.decision_to_undock_s,
            "hours_to_ground": {
                "min": round(float(h.min()), 3) if h.size else None,
                "max": round(float(h.max()), 3) if h.size else None,
            },
            "rows": [r.to_dict() for r in self.rows],
            "model": DESCENT_MODEL,
        }


def _opportunities(tle, t_start, t_end, zone_id, mode, descent, precise=True):
    """All opportunities whose undocking may be at or after ``t_start`` and whose search
    starts before ``t_end``, in pieces of at most 240 h."""
    out, t = [], t_start
    while t < t_end:
        span = min(240.0, (t_end - t) / 3600.0)
        out += landing_opportunities(tle, t, zone_id, span, descent, mode=mode, precise=precise)
        t += span * 3600.0
    # pieces overlap by the undocking-to-burn time at most: drop repeated passes
    out.sort(key=lambda o: o.deorbit_tdb_s)
    uniq = []
    for o in out:
        if not uniq or o.deorbit_tdb_s - uniq[-1].deorbit_tdb_s > 600.0:
            uniq.append(o)
    return uniq


def _zone_option(ops, t_dec, zone_id, daylight, max_g, descent, undock_s, search_h):
    t_burn = t_dec + undock_s + descent.undock_to_deorbit_s - 1e-3
    t_last = t_dec + undock_s + search_h * 3600.0 + descent.undock_to_deorbit_s
    reasons = set()
    for o in ops:
        if o.deorbit_tdb_s < t_burn:
            continue
        if o.deorbit_tdb_s > t_last:
            break
        if daylight and not o.daylight:
            reasons.add("daylight")
        elif max_g is not None and o.peak_g > max_g:
            reasons.add("g-limit")
        else:
            why = "phasing" if not reasons else "+".join(sorted(reasons))
            return HomeOption(zone_id, o, (o.landing_tdb_s - t_dec) / 3600.0, why)
    why = "+".join(sorted(reasons)) if reasons else "zone"
    return HomeOption(zone_id, None, float("nan"), why)


def home_options(
    tles,
    decision_tdb_s,
    zones=("kazakhstan",),
    *,
    daylight: bool = False,
    max_g: float | None = None,
    mode: str = "guided",
    decision_to_undock_s: float = 0.0,
    search_hours: float = 48.0,
    descent: Descent = SOYUZ_DESCENT,
    target: str = "iss",
    source: str = "built-in",
    precise: bool = True,
    max_rows: int = MAX_HOME_ROWS,
) -> HomeReport:
    """The way home from each decision time (module notes).

    Parameters
    ----------
    tles : TLE or sequence of TLE
        The station's element sets; each decision uses the one nearest it.
    decision_tdb_s : float or array_like (M,)
        Decision times, TDB s past J2000 (at most :data:`MAX_HOME_ROWS`).
    zones : sequence of str
        Zone ids (:data:`sojourn.leo.landing.ZONES`).
    daylight : bool
        Require the Sun above the horizon at touchdown.
    max_g : float, optional
        Refuse descents whose peak deceleration exceeds this, g.
    mode : str
        ``guided`` or ``ballistic``.
    decision_to_undock_s : float
        Decision to undocking, s (0 to 6 h).
    search_hours : float
        How far past each decision to look, h (0 < h <= 240).
    precise : bool
        Refine each pass's burn on the flown descent and fly its dispersion
        (:func:`sojourn.leo.landing.landing_opportunities`); False: the fast search (the
        burn from the arc model, no dispersion), which the plan uses for a whole stay.
    max_rows : int
        Most decision times accepted (:data:`MAX_HOME_ROWS` for a request; a plan, which
        bounds its own step, passes its larger cap).

    Returns
    -------
    HomeReport
    """
    t = np.atleast_1d(np.asarray(decision_tdb_s, dtype=np.float64))
    if t.ndim != 1 or t.size == 0 or not np.all(np.isfinite(t)):
        raise InputError("'decision_tdb_s' must be one finite time or a 1-D array of them")
    if t.size > max_rows:
        raise InputError(
            f"'--hours' asks for {t.size} decision times, more than {max_rows}; "
            "ask for fewer hours (at most 240)"
        )
    if isinstance(zones, str):
        zones = (zones,)
    zones = tuple(zone(z, "--zones").id for z in zones)
    if not zones:
        raise InputError("'--zones' is empty; give at least one zone id, e.g. kazakhstan")
    if not (0.0 <= decision_to_undock_s <= 6 * 3600.0):
        raise InputError(
            f"'decision_to_undock_s' must be in [0, 21600] s, got {decision_to_undock_s!r}"
        )
    if not (0.0 < search_hours <= 240.0):
        raise InputError(f"'search_hours' must be in (0, 240], got {search_hours!r}")
    if max_g is not None and not (1.0 <= max_g <= 20.0):
        raise InputError(f"'--max-g' must be in [1, 20] g, got {max_g!r}; e.g. 5")
    mode = _mode(mode, "--mode")
    sets = [tles] if isinstance(tles, TLE) else list(tles)
    if not sets:
        raise InputError("'tles' is empty; give at least one element set of the station")
    which = [
        (tle_for_date(sets, float(tj), source=source) if len(sets) > 1 else sets[0]) for tj in t
    ]
    # One search per element set and zone over the decisions it answers (hourly decisions
    # share their passes), then each decision takes the first pass it can make.
    ops = {}
    for tle in {id(x): x for x in which}.values():
        sel = np.array([w is tle for w in which])
        t0, t1 = t[sel].min() + decision_to_undock_s, t[sel].max() + decision_to_undock_s
        for z in zones:
            ops[id(tle), z] = _opportunities(
                tle, t0, t1 + search_hours * 3600.0, z, mode, descent, precise
            )
    rows = []
    for tj, tle in zip(t, which, strict=True):
        opts = tuple(
            _zone_option(
                ops[id(tle), z],
                float(tj),
                z,
                daylight,
                max_g,
                descent,
                decision_to_undock_s,
                search_hours,
            )
            for z in zones
        )
        rows.append(
            HomeRow(float(tj), opts, tle.epoch_utc, abs(float(tj) - tle.epoch_tdb_s) / 86400.0)
        )
    return HomeReport(
        target=target,
        zones=zones,
        daylight=bool(daylight),
        max_g=max_g,
        mode=mode,
        decision_to_undock_s=float(decision_to_undock_s),
        rows=tuple(rows),
    )


def home_report(
    at_tdb_s: float,
    hours: float = 0.0,
    zones=("kazakhstan",),
    *,
    tle_path=None,
    target: str | None = None,
    daylight: bool = False,
    max_g: float | None = None,
    mode: str = "guided",
    decision_to_undock_s: float = 0.0,
    search_hours: float = 48.0,
) -> HomeReport:
    """``sojourn home``: decisions at ``at_tdb_s`` and every hour for ``hours`` hours after,
    each searched ``search_hours`` ahead."""
    if not (0.0 <= hours <= 240.0):
        raise InputError(f"'--hours' must be in [0, 240], got {hours!r}; e.g. 24")
    n = int(np.floor(hours + 1e-9)) + 1
    if n > MAX_HOME_ROWS:
        raise InputError(
            f"'--hours' asks for {n} decision times, more than {MAX_HOME_ROWS}; ask for fewer"
        )
    sets, source = element_sets(tle_path, target)
    t = at_tdb_s + 3600.0 * np.arange(n)
    return home_options(
        sets,
        t,
        zones,
        daylight=daylight,
        max_g=max_g,
        mode=mode,
        decision_to_undock_s=decision_to_undock_s,
        search_hours=search_hours,
        target=sets[0].name if sets else (target or "iss"),
        source=source,
    )


def home(at, hours: float = 0.0, zones=("kazakhstan", "arkalyk"), **options) -> HomeReport:
    """``sojourn.home``: :func:`home_report` from a time in any accepted form (ISO UTC text,
    datetime, datetime64, astropy Time), the flat API's name for ``sojourn home``."""
    from sojourn.core.edges import as_tdb

    return home_report(float(as_tdb(at, "at")), hours, zones, **options)

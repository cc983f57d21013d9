"""Aborts: the fastest way home, and its cost, from anywhere on a planned trajectory.

Interplanetary abort-to-Earth (or to any ``home`` body): from the spacecraft's Sun-centred
state at time ``t`` one impulsive burn puts it on the Lambert arc (Izzo 2015, batched
:func:`sojourn.transfer.heliocentric_lambert`, zero revolutions, prograde about the ecliptic
pole) that reaches the home
body's centre at ``t + tof``, for a grid of return times ``tof``. For each return:

- ``dv_km_s`` = |v1 - v_sc|, the abort burn (heliocentric, impulsive, at ``t``);
- ``vinf_arrive_km_s``, the hyperbolic excess speed at home, and the entry speed at the
  entry interface (:data:`sojourn.core.defaults.ENTRY_INTERFACE_ALT_KM`, 125 km),
  sqrt(vinf^2 + 2 GM / (R + 125 km)) (patched conics, Earth's atmosphere: the speed the heat
  shield must take; no aerocapture or braking burn is charged).

The **earliest return within a delta-v budget** is the shortest ``tof`` whose burn fits it;
the **minimum-delta-v return** is the cheapest over the grid. :func:`abort_table` evaluates a
whole (t, tof) grid as a chunked job (:class:`AbortJob`, :mod:`sojourn.core.jobs`): rows are
burn times, each chunk of rows one batched Lambert call (a state every day, return times
every day is ~10^5 cells: well under a second); the same job runs on a Dask cluster
(:func:`sojourn.distributed.run`) to the same bits.

First-order limits: patched conics with a zero-radius sphere of influence outside Earth's
(a burn made deep in Mars's well is charged its heliocentric value, not the smaller
Oberth-assisted one; direct returns from inside Mars's sphere are left to the flyby and
early-return options); no multi-revolution direct returns; no plane change, ascent or orbit
drift charged on an early return.

**The whole mission** (:func:`mission_aborts`, :class:`MissionAbortTable`): for every abort
date from Earth departure to Earth return, the options home (:data:`MISSION_OPTIONS`), each
with its delta-v, time to Earth, wait before its burn and entry speed at the entry interface:

- ``deorbit`` (the departure instant): from the parking orbit, before the departure burn,
  down to a perigee at the entry interface;
- ``direct``: inside Earth's sphere of influence after the departure burn, one in-plane burn
  from the departure hyperbola onto a conic whose perigee is the entry interface
  (:func:`geocentric_returns`: the Earth is a body with an atmosphere, never a point to burn
  at); outside both spheres, the Lambert returns above, on the outbound and return legs;
- ``mars-flyby`` and ``powered-flyby`` (outbound): a burn on the abort date retargets the
  arrival at the target, whose swing-by (no periapsis burn beyond a grid-resolution trim,
  or one periapsis impulse, :func:`sojourn.core.flyby.powered_flyby_dv`) sends the craft
  home on a direct or one-revolution arc;
- ``early-return`` (stay): the first trans-Earth injection from the capture orbit whose cost
  fits the planned injection plus the abort reserve; the wait and the flight;
- ``planned-return``: the rest of the plan (its remaining impulses, home on the planned day).

Low Earth orbit aborts (:func:`leo_abort_options`): from a station, the way home is the
next landing opportunity to a landing zone (:func:`sojourn.leo.landing.landing_opportunities`,
Soyuz descent timeline); the table gives, for each request time, that landing and the hours
from the request to the crew on the ground.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np

from sojourn.core import ephemeris, tabular
from sojourn.core.bodies import body
from sojourn.core.constants import DAY_S, GM_KM3_S2, RADIUS_KM
from sojourn.core.defaults import ENTRY_INTERFACE_ALT_KM
from sojourn.core.jobs import ChunkedJob, Progress, check_work, count_text, run
from sojourn.core.maneuvers import hyperbolic_speed_km_s
from sojourn.core.time import to_datetime64, utc_iso
from sojourn.core.trajectory import Trajectory, as_trajectory
from sojourn.errors import InputError
from sojourn.transfer import heliocentric_lambert, transfer

__all__ = [
    "DEFAULT_RETURN_TOF_DAYS",
    "ENTRY_INTERFACE_ALT_KM",
    "MAX_ABORT_CELLS",
    "AbortJob",
    "AbortOption",
    "AbortOptions",
    "AbortTable",
    "LeoAbortTable",
    "ReturnTimes",
    "abort_job",
    "abort_options",
    "abort_study",
    "abort_table",
    "leo_abort_options",
    "leo_abort_table",
    "entry_speed_km_s",
    "BALLISTIC_FLYBY_DV_KM_S",
    "MISSION_OPTIONS",
    "MissionAbortJob",
    "MissionAbortTable",
    "departure_hyperbola_state",
    "geocentric_returns",
    "mission_abort_job",
    "mission_abort_study",
    "mission_aborts",
]

#: Default return flight times, days: 30 to 600, daily.
DEFAULT_RETURN_TOF_DAYS = tuple(float(x) for x in range(30, 601))
#: Largest abort table :func:`abort_table` computes, (burn time, return time) cells (results
#: 16 B a cell; a chunk's temporaries are bounded by :attr:`AbortJob.chunk_cells`).
MAX_ABORT_CELLS = 8_000_000


def entry_speed_km_s(vinf_km_s, body="earth", alt_km=ENTRY_INTERFACE_ALT_KM):
    """Speed at altitude ``alt_km`` on a hyperbola of excess speed ``vinf_km_s`` (vis-viva)."""
    return hyperbolic_speed_km_s(vinf_km_s, GM_KM3_S2[body], RADIUS_KM[body] + alt_km)


@dataclass(frozen=True)
class ReturnTimes:
    """Return flight times on a regular axis: ``min_days`` to ``max_days`` every ``step_days``.

    The axis is ``numpy.arange(min_days, max_days + step_days / 2, step_days)`` (``max_days``
    included when on the step), days. Its :attr:`size` is known without building it, so a
    table's size is checked against its budget before anything is allocated.
    """

    min_days: float
    max_days: float
    step_days: float = 1.0

    def __post_init__(self):
        lo, hi, step = (float(v) for v in (self.min_days, self.max_days, self.step_days))
        if not (math.isfinite(lo) and math.isfinite(hi) and 0 < lo <= hi):
            raise InputError(
                f"'return_tof_days' must run from min > 0 to max >= min, finite days, got "
                f"{self.min_days!r}..{self.max_days!r}; e.g. ReturnTimes(30, 600)"
            )
        if not (math.isfinite(step) and step > 0):
            raise InputError(f"'step_days' of the return times must be > 0, got {step!r}")
        for name, value in (("min_days", lo), ("max_days", hi), ("step_days", step)):
            object.__setattr__(self, name, value)

    @property
    def size(self) -> int:
        """Number of return times (``len(self.days())``, computed without building the axis);
        ``math.inf`` when a step of 1e-320 makes the count overflow."""
        q = (self.max_days + 0.5 * self.step_days - self.min_days) / self.step_days
        return max(0, math.ceil(q)) if math.isfinite(q) else math.inf

    def days(self) -> np.ndarray:
        """The axis, (size,) days, ascending."""
        return np.arange(self.min_days, self.max_days + 0.5 * self.step_days, self.step_days)


def _n_returns(return_tof_days) -> int:
    """Number of return times, without building a :class:`ReturnTimes` axis."""
    if isinstance(return_tof_days, ReturnTimes):
        return return_tof_days.size
    return int(np.size(return_tof_days))


def _size_text(n_burns, n_returns) -> str:
    return (
        f"{count_text(n_burns)} burn times x {count_text(n_returns)} return times = "
        f"{count_text(n_burns * n_returns)} cells"
    )


def _check_cells(n_burns, n_returns, max_cells: int) -> None:
    """:meth:`AbortJob.check_size` before the job's arrays exist (same message)."""
    n = n_burns * n_returns
    check_work(n, max_cells, AbortJob.what, _size_text(n_burns, n_returns),
               shrink_by=AbortJob.size_fix)  # fmt: skip


def _tofs_s(return_tof_days) -> np.ndarray:
    if isinstance(return_tof_days, ReturnTimes):
        return np.sort(return_tof_days.days()) * DAY_S
    tof = np.atleast_1d(np.asarray(return_tof_days, dtype=np.float64))
    if tof.ndim != 1 or tof.size == 0 or not np.all(np.isfinite(tof) & (tof > 0)):
        raise InputError(
            f"'return_tof_days' must be a non-empty 1-D set of return times > 0 days, got "
            f"{return_tof_days!r}; e.g. numpy.arange(30, 600)"
        )
    return np.sort(tof) * DAY_S


def _budget(dv_budget_km_s):
    if dv_budget_km_s is None:
        return np.inf
    b = float(dv_budget_km_s)
    if not (b >= 0 and not np.isnan(b)):
        raise InputError(f"'dv_budget_km_s' must be >= 0 km/s, got {dv_budget_km_s}")
    return b


def _grid(traj: Trajectory, t: np.ndarray, tof_s: np.ndarray, home: str):
    """Lambert returns for every (t, tof): dv (M, K), vinf (M, K), v1 (M, K, 3), r, v_sc."""
    r_sc, v_sc = traj.state(t)
    if v_sc is None:
        raise InputError(
            "abort options need the spacecraft's velocity: build the Trajectory with v_km_s "
            "(or from a Transfer)"
        )
    t_arr = t[:, None] + tof_s[None, :]
    r2, vb2 = ephemeris.state(home, t_arr, center="sun")
    v1, v2, status = heliocentric_lambert(
        r_sc[:, None, :], r2, np.broadcast_to(tof_s, t_arr.shape), 0, True
    )
    ok = status == 0
    dv = np.where(ok, np.linalg.norm(v1 - v_sc[:, None, :], axis=-1), np.nan)
    vinf = np.where(ok, np.linalg.norm(v2 - vb2, axis=-1), np.nan)
    return dv, vinf, v1, r_sc, v_sc


def _earliest(dv: np.ndarray, budget: float) -> np.ndarray:
    """Index of the first column with dv <= budget in each row, -1 where none (NaN fails)."""
    fit = dv <= budget
    return np.where(fit.any(axis=-1), np.argmax(fit, axis=-1), -1)


def _argmin(dv: np.ndarray) -> np.ndarray:
    anyok = np.isfinite(dv).any(axis=-1)
    return np.where(anyok, np.argmin(np.where(np.isfinite(dv), dv, np.inf), axis=-1), -1)


@dataclass(frozen=True)
class AbortOption:
    """One way home: burn at ``t_tdb_s``, arrive at ``arrive_tdb_s``."""

    t_tdb_s: float
    tof_days: float
    dv_km_s: float
    vinf_arrive_km_s: float
    entry_speed_km_s: float
    r_km: np.ndarray  # (3,) spacecraft at the burn, Sun-centred ICRF
    v_before_km_s: np.ndarray  # (3,) before the burn
    v_after_km_s: np.ndarray  # (3,) on the return arc

    @property
    def arrive_tdb_s(self) -> float:
        return self.t_tdb_s + self.tof_days * DAY_S

    def to_dict(self) -> dict:
        return {
            "burn_utc": utc_iso(self.t_tdb_s),
            "arrive_utc": utc_iso(self.arrive_tdb_s),
            "tof_days": self.tof_days,
            "dv_km_s": self.dv_km_s,
            "vinf_arrive_km_s": self.vinf_arrive_km_s,
            "entry_speed_km_s": self.entry_speed_km_s,
        }


@dataclass(frozen=True)
class AbortOptions:
    """Returns home from one point of a trajectory, over a grid of return times."""

    t_tdb_s: float
    home: str
    tof_days: np.ndarray  # (K,)
    dv_km_s: np.ndarray  # (K,), NaN where no Lambert solution
    vinf_arrive_km_s: np.ndarray  # (K,)
    v_after_km_s: np.ndarray  # (K, 3)
    r_km: np.ndarray  # (3,)
    v_before_km_s: np.ndarray  # (3,)
    dv_budget_km_s: float

    def _option(self, k: int) -> AbortOption | None:
        if k < 0:
            return None
        return AbortOption(
            self.t_tdb_s,
            float(self.tof_days[k]),
            float(self.dv_km_s[k]),
            float(self.vinf_arrive_km_s[k]),
            float(entry_speed_km_s(self.vinf_arrive_km_s[k], self.home)),
            self.r_km,
            self.v_before_km_s,
            self.v_after_km_s[k],
        )

    @property
    def earliest(self) -> AbortOption | None:
        """The shortest return whose burn fits the budget (None if none does)."""
        return self._option(int(_earliest(self.dv_km_s, self.dv_budget_km_s)))

    @property
    def min_dv(self) -> AbortOption | None:
        """The cheapest return on the grid (None if no return solved)."""
        return self._option(int(_argmin(self.dv_km_s)))

    def to_dict(self) -> dict:
        e, m = self.earliest, self.min_dv
        return {
            "burn_utc": utc_iso(self.t_tdb_s),
            "home": self.home,
            "dv_budget_km_s": self.dv_budget_km_s,
            "earliest_within_budget": None if e is None else e.to_dict(),
            "min_dv": None if m is None else m.to_dict(),
            "n_returns": int(self.tof_days.size),
            "n_solved": int(np.isfinite(self.dv_km_s).sum()),
        }


def abort_options(
    trajectory,
    t_tdb_s: float,
    return_tof_days=DEFAULT_RETURN_TOF_DAYS,
    dv_budget_km_s: float | None = None,
    home: str = "earth",
    *,
    max_cells: int = MAX_ABORT_CELLS,
) -> AbortOptions:
    """Abort-to-home returns from the spacecraft's state at one time.

    Parameters
    ----------
    trajectory : Trajectory or Transfer or tuple
        The planned path with velocities (:func:`sojourn.core.trajectory.as_trajectory`).
    t_tdb_s : float
        Time of the abort burn, TDB s past J2000, inside the trajectory's span.
    return_tof_days : array_like (K,) or ReturnTimes, default 30..600 daily
        Return flight times to try, days (> 0); sorted.
    dv_budget_km_s : float or None
        Budget for "earliest return within budget" (None: no limit).
    home : str, default "earth"
        The body to return to (:data:`sojourn.core.bodies.ORBITING_BODIES`).
    max_cells : int
        Refuse more return times than this (checked before a :class:`ReturnTimes` axis is
        built).

    Returns
    -------
    AbortOptions
        ``earliest`` and ``min_dv`` give the two headline options.
    """
    traj = as_trajectory(trajectory)
    _check_cells(1, _n_returns(return_tof_days), int(max_cells))
    tof = _tofs_s(return_tof_days)
    budget = _budget(dv_budget_km_s)
    t = np.array([float(t_tdb_s)])
    home = body(home, "home")
    dv, vinf, v1, r, v = _grid(traj, t, tof, home)
    return AbortOptions(float(t[0]), home, tof / DAY_S, dv[0], vinf[0], v1[0], r[0], v[0], budget)


@dataclass(frozen=True, repr=False)
class AbortTable:
    """Abort options across a mission timeline: rows are burn times, columns return times."""

    t_tdb_s: np.ndarray  # (M,)
    tof_days: np.ndarray  # (K,)
    dv_km_s: np.ndarray  # (M, K)
    vinf_arrive_km_s: np.ndarray  # (M, K)
    home: str
    dv_budget_km_s: float

    def _pick(self, idx: np.ndarray, grid: np.ndarray) -> np.ndarray:
        rows = np.arange(idx.size)
        return np.where(idx >= 0, grid[rows, np.maximum(idx, 0)], np.nan)

    @property
    def earliest_tof_days(self) -> np.ndarray:
        """(M,) shortest return within budget per burn time, NaN where none."""
        i = _earliest(self.dv_km_s, self.dv_budget_km_s)
        return np.where(i >= 0, self.tof_days[np.maximum(i, 0)], np.nan)

    @property
    def earliest_dv_km_s(self) -> np.ndarray:
        return self._pick(_earliest(self.dv_km_s, self.dv_budget_km_s), self.dv_km_s)

    @property
    def min_dv_km_s(self) -> np.ndarray:
        return self._pick(_argmin(self.dv_km_s), self.dv_km_s)

    @property
    def min_dv_tof_days(self) -> np.ndarray:
        i = _argmin(self.dv_km_s)
        return np.where(i >= 0, self.tof_days[np.maximum(i, 0)], np.nan)

    @property
    def earliest_entry_speed_km_s(self) -> np.ndarray:
        """(M,) entry speed of the earliest return within budget, km/s, NaN where none."""
        vinf = self._pick(_earliest(self.dv_km_s, self.dv_budget_km_s), self.vinf_arrive_km_s)
        return entry_speed_km_s(vinf, self.home)

    @property
    def min_dv_entry_speed_km_s(self) -> np.ndarray:
        """(M,) entry speed of the minimum-delta-v return, km/s, NaN where none."""
        return entry_speed_km_s(self._pick(_argmin(self.dv_km_s), self.vinf_arrive_km_s), self.home)

    def _columns(self) -> dict[str, np.ndarray]:
        """The per-burn-time summary, (M,) each, under the JSON row keys (times apart)."""
        return {
            "earliest_tof_days": self.earliest_tof_days,
            "earliest_dv_km_s": self.earliest_dv_km_s,
            "earliest_entry_speed_km_s": self.earliest_entry_speed_km_s,
            "min_dv_km_s": self.min_dv_km_s,
            "min_dv_tof_days": self.min_dv_tof_days,
            "min_dv_entry_speed_km_s": self.min_dv_entry_speed_km_s,
        }

    def rows(self) -> list[dict]:
        cols = self._columns()
        return [
            {"burn_utc": utc_iso(float(t)), **{k: v[j] for k, v in cols.items()}}
            for j, t in enumerate(self.t_tdb_s)
        ]

    def to_dict(self) -> dict:
        return {
            "home": self.home,
            "dv_budget_km_s": self.dv_budget_km_s,
            "return_tof_days": {
                "min": float(self.tof_days[0]),
                "max": float(self.tof_days[-1]),
                "n": int(self.tof_days.size),
            },
            "n_cells": int(self.dv_km_s.size),
            "rows": self.rows(),
            "method": "impulsive burn onto a 0-rev prograde Lambert arc to the home body "
            f"(Izzo 2015), patched conics; entry speed at {ENTRY_INTERFACE_ALT_KM:g} km",
        }

    def to_dataframe(self):
        """A :class:`pandas.DataFrame`, one row per burn time, indexed by ``burn_utc``.

        Columns: ``t_tdb_s`` (TDB s past J2000) and the keys of :meth:`rows` (the earliest
        return within budget and the minimum-delta-v return: flight time, delta-v, entry
        speed; NaN where none). Optional extra (pandas).
        """
        return tabular.to_dataframe(
            {"burn_utc": to_datetime64(self.t_tdb_s), "t_tdb_s": self.t_tdb_s,
             **self._columns()},
            index="burn_utc",
        )  # fmt: skip

    def to_xarray(self):
        """An :class:`xarray.Dataset` of the whole grid over dims ``burn`` x ``tof`` (extra).

        Variables ``dv_km_s``, ``vinf_arrive_km_s`` and ``entry_speed_km_s`` (M, K); coords
        ``burn`` (UTC ``datetime64[ms]``), ``t_tdb_s`` and ``tof`` (return flight time, days).
        """
        dims = ("burn", "tof")
        return tabular.to_xarray(
            {
                "dv_km_s": (dims, self.dv_km_s),
                "vinf_arrive_km_s": (dims, self.vinf_arrive_km_s),
                "entry_speed_km_s": (dims, entry_speed_km_s(self.vinf_arrive_km_s, self.home)),
            },
            {
                "burn": ("burn", to_datetime64(self.t_tdb_s)),
                "t_tdb_s": ("burn", self.t_tdb_s),
                "tof": ("tof", self.tof_days),
            },
            {"home": self.home, "dv_budget_km_s": self.dv_budget_km_s,
             "entry_interface_alt_km": ENTRY_INTERFACE_ALT_KM},
        )  # fmt: skip

    def __repr__(self) -> str:
        t, k = self.t_tdb_s, self.tof_days
        budget = (
            "no budget"
            if not np.isfinite(self.dv_budget_km_s)
            else f"budget {self.dv_budget_km_s:g} km/s"
        )
        return (
            f"AbortTable(home {self.home}, {t.size:,} burn times "
            f"{utc_iso(t[0])[:10]}..{utc_iso(t[-1])[:10]} x {k.size:,} return times "
            f"{k[0]:g}..{k[-1]:g} d, {budget})"
        )


@dataclass(frozen=True, eq=False)
class AbortJob(ChunkedJob):
    """An abort table ready to compute (a :class:`~sojourn.core.jobs.ChunkedJob`). Picklable.

    Rows are burn times and never depend on each other, so any partition of the rows, joined
    in order, is the whole table to the last bit. A chunk is ``(dv_km_s, vinf_arrive_km_s)``,
    each (rows, K). The trajectory must be picklable to run on Dask (one built from states or
    a Transfer is). Build it with :func:`abort_job`.
    """

    what: ClassVar[str] = "the abort table"
    size_fix: ClassVar[str] = (
        "use a larger step (--step-days, --tof-step-days) or fewer return times (--tof)"
    )
    # A chunk holds ~20 float temporaries a cell (states, Lambert velocities): ~40 MB.
    chunk_cells: ClassVar[int] = 262_144

    trajectory: Trajectory = field(repr=False)
    t_tdb_s: np.ndarray = field(repr=False)  # (M,) burn times, TDB s
    tof_s: np.ndarray = field(repr=False)  # (K,) return flight times, s
    home: str = "earth"
    dv_budget_km_s: float = np.inf
    max_cells: int = MAX_ABORT_CELLS

    def __post_init__(self):
        self.check_size()

    @property
    def n_rows(self) -> int:
        return self.t_tdb_s.size

    @property
    def row_cells(self) -> int:
        return self.tof_s.size

    def size_text(self) -> str:
        return _size_text(self.t_tdb_s.size, self.tof_s.size)

    def chunk(self, start: int, stop: int) -> tuple[np.ndarray, np.ndarray]:
        """``(dv_km_s, vinf_arrive_km_s)``, each (stop - start, K), for burn rows start:stop."""
        dv, vinf, _, _, _ = _grid(self.trajectory, self.t_tdb_s[start:stop], self.tof_s, self.home)
        return dv, vinf

    def combine(self, parts: Sequence[tuple]) -> AbortTable:
        """Stack row chunks (in row order) into an :class:`AbortTable`."""
        dv = np.concatenate([p[0] for p in parts], axis=0)
        vinf = np.concatenate([p[1] for p in parts], axis=0)
        return AbortTable(
            self.t_tdb_s, self.tof_s / DAY_S, dv, vinf, self.home, self.dv_budget_km_s
        )


def abort_job(
    trajectory,
    t_tdb_s=None,
    return_tof_days=DEFAULT_RETURN_TOF_DAYS,
    dv_budget_km_s: float | None = None,
    home: str = "earth",
    step_days: float = 1.0,
    max_cells: int = MAX_ABORT_CELLS,
) -> AbortJob:
    """Check the inputs of :func:`abort_table` and build its job (no Lambert solved yet).

    The size (burn times x return times) is checked against ``max_cells`` before any axis
    given by a step (``t_tdb_s=None``, a :class:`ReturnTimes`) is built.
    """
    traj = as_trajectory(trajectory)
    if t_tdb_s is None:
        if not (np.isfinite(step_days) and step_days > 0):
            raise InputError(f"'step_days' must be > 0, got {step_days}")
        span_s, step_s = traj.end_tdb_s - traj.start_tdb_s, step_days * DAY_S
        q = span_s / step_s
        n_burns = max(0, math.ceil(q)) if math.isfinite(q) else math.inf
        _check_cells(n_burns, _n_returns(return_tof_days), max_cells)
        t = np.arange(traj.start_tdb_s, traj.end_tdb_s, step_s)
    else:
        t = np.atleast_1d(np.asarray(t_tdb_s, dtype=np.float64))
    if t.ndim != 1 or t.size == 0:
        raise InputError("'t_tdb_s' must be a non-empty 1-D array of burn times")
    _check_cells(t.size, _n_returns(return_tof_days), max_cells)
    return AbortJob(
        traj, t, _tofs_s(return_tof_days), body(home, "home"), _budget(dv_budget_km_s),
        int(max_cells),
    )  # fmt: skip


def abort_table(
    trajectory,
    t_tdb_s=None,
    return_tof_days=DEFAULT_RETURN_TOF_DAYS,
    dv_budget_km_s: float | None = None,
    home: str = "earth",
    step_days: float = 1.0,
    *,
    max_cells: int = MAX_ABORT_CELLS,
    progress: Progress | None = None,
) -> AbortTable:
    """Abort options at every burn time of a mission, as one chunked Lambert grid.

    Parameters
    ----------
    trajectory : Trajectory or Transfer or tuple
        The planned path with velocities.
    t_tdb_s : array_like (M,) or None
        Burn times, TDB s; None: the trajectory's span every ``step_days``.
    return_tof_days, dv_budget_km_s, home
        As :func:`abort_options`.
    step_days : float, default 1.0
        Spacing of burn times when ``t_tdb_s`` is None.
    max_cells : int
        Refuse tables of more (burn time, return time) cells than this.
    progress : callable(done_cells, total_cells) or None
        Called after each chunk of burn times.

    Returns
    -------
    AbortTable

    See Also
    --------
    abort_job : the same table as a chunked job, e.g. for :func:`sojourn.distributed.run`.
    """
    job = abort_job(trajectory, t_tdb_s, return_tof_days, dv_budget_km_s, home, step_days,
                    max_cells)  # fmt: skip
    return run(job, progress=progress)


def abort_study(
    depart_body: str,
    arrive_body: str,
    depart_tdb_s: float,
    arrive_tdb_s: float,
    *,
    at_tdb_s: float | None = None,
    return_tof_days=DEFAULT_RETURN_TOF_DAYS,
    dv_budget_km_s: float | None = None,
    home: str = "earth",
    step_days: float = 1.0,
    runner: Callable[..., Any] | None = None,
    progress: Progress | None = None,
) -> AbortOptions | AbortTable:
    """The ways home from a planned ballistic transfer: at one time, or a table across it.

    Parameters
    ----------
    depart_body, arrive_body : str
        The planned transfer's bodies (:func:`sojourn.transfer.transfer`).
    depart_tdb_s, arrive_tdb_s : float
        Its departure and arrival, TDB s past J2000.
    at_tdb_s : float or None
        One abort time (:func:`abort_options`); None: the table (:func:`abort_table`) over
        the transfer every ``step_days``.
    return_tof_days : array_like (K,) or ReturnTimes
        Return flight times, days (a :class:`ReturnTimes` is sized before it is built).
    dv_budget_km_s, home
        As :func:`abort_options`.
    step_days : float
        Spacing of the table's burn times, days.
    runner : callable or None
        ``runner(job, progress=...)`` runs the table's job (:func:`sojourn.core.jobs.run` by
        default; e.g. ``functools.partial(sojourn.distributed.run, scheduler=address)``).
    progress : callable(done_cells, total_cells) or None
        Passed to the runner.

    Returns
    -------
    AbortOptions or AbortTable
        Options at ``at_tdb_s``, or the table.

    Raises
    ------
    InputError
        Bad bodies, times or return times, or a table over :data:`MAX_ABORT_CELLS` cells
        (checked before anything is allocated).
    """
    planned = transfer(depart_body, arrive_body, depart_tdb_s, arrive_tdb_s)
    if at_tdb_s is not None:
        return abort_options(planned, at_tdb_s, return_tof_days, dv_budget_km_s, home)
    job = abort_job(planned, None, return_tof_days, dv_budget_km_s, home, step_days)
    return (run if runner is None else runner)(job, progress=progress)


# --- Low Earth orbit ---------------------------------------------------------------------------
@dataclass(frozen=True)
class LeoAbortTable:
    """Next landing opportunity for a crew leaving the station at each request time.

    Attributes
    ----------
    t_tdb_s : ndarray (M,)
        Request (earliest undocking) times, TDB s past J2000.
    deorbit_tdb_s, landing_tdb_s : ndarray (M,)
        Deorbit burn and landing of the next opportunity, TDB s; NaN where none was found
        within the search span.
    hours_to_ground : ndarray (M,)
        Landing minus request, hours (NaN where none).
    miss_km : ndarray (M,)
        Cross-track distance of the landing point from the zone centre, km.
    zone : str
    max_element_set_age_days : float or None
        Largest distance, days, between a request time and the epoch of the element set
        that answered it (:func:`leo_abort_table`); None for a single element set.
    peak_g : ndarray (M,) or None
        Peak deceleration of the descent, Earth g (NaN where none).
    """

    t_tdb_s: np.ndarray
    deorbit_tdb_s: np.ndarray
    landing_tdb_s: np.ndarray
    hours_to_ground: np.ndarray
    miss_km: np.ndarray
    zone: str
    max_element_set_age_days: float | None = None
    peak_g: np.ndarray | None = None

    def rows(self) -> list[dict]:
        from sojourn.core.time import utc_iso

        out = []
        for j, t in enumerate(self.t_tdb_s):
            ok = bool(np.isfinite(self.landing_tdb_s[j]))
            out.append(
                {
                    "request_utc": utc_iso(float(t)),
                    "deorbit_utc": utc_iso(float(self.deorbit_tdb_s[j])) if ok else None,
                    "landing_utc": utc_iso(float(self.landing_tdb_s[j])) if ok else None,
                    "hours_to_ground": float(self.hours_to_ground[j]) if ok else None,
                    "miss_km": float(self.miss_km[j]) if ok else None,
                    **(
                        {"peak_g": float(self.peak_g[j]) if ok else None}
                        if self.peak_g is not None
                        else {}
                    ),
                }
            )
        return out

    def to_dict(self) -> dict:
        h = self.hours_to_ground[np.isfinite(self.hours_to_ground)]
        return {
            "home": "earth",
            "zone": self.zone,
            "hours_to_ground": {
                "min": float(h.min()) if h.size else None,
                "max": float(h.max()) if h.size else None,
            },
            "rows": self.rows(),
            "method": "next landing opportunity to the zone after the request "
            "(sojourn.leo.landing: a flown Soyuz descent, guided entry)",
            **(
                {"max_element_set_age_days": float(self.max_element_set_age_days)}
                if self.max_element_set_age_days is not None
                else {}
            ),
        }


def leo_abort_options(
    tle,
    t_tdb_s,
    zone_id: str = "kazakhstan",
    hours: float = 48.0,
    descent=None,
    dut1_s: float | None = None,
) -> LeoAbortTable:
    """The next landing opportunity, and hours to ground, from a station at each request time.

    Parameters
    ----------
    tle : TLE
        The station's element set (the returning vehicle starts on its orbit).
    t_tdb_s : float or array_like (M,)
        Request times (earliest undocking), TDB s past J2000, any order.
    zone_id : str
        Landing zone, a key of :data:`sojourn.leo.landing.ZONES`.
    hours : float
        How far past each request to look, h (0 < hours <= 240).
    descent : Descent, optional
        Undocking-to-landing timeline (default Soyuz).

    Returns
    -------
    LeoAbortTable
        Rows in the order of ``t_tdb_s``; NaN where no opportunity lies within ``hours``.

    Notes
    -----
    For each request the opportunities are searched forward in 12 h pieces, up to ``hours``,
    and the first whose deorbit burn leaves the undocking-to-burn time is taken.
    """
    from sojourn.leo.landing import SOYUZ_DESCENT, landing_opportunities, zone

    descent = descent or SOYUZ_DESCENT
    zone(zone_id)
    if not (0.0 < hours <= 240.0):
        raise InputError(f"'hours' must be in (0, 240], got {hours!r}")
    t = np.atleast_1d(np.asarray(t_tdb_s, dtype=np.float64))
    if t.ndim != 1 or t.size == 0 or not np.all(np.isfinite(t)):
        raise InputError("'t_tdb_s' must be one finite time or a 1-D array of them")
    n = t.size
    out_b, out_l, out_m = np.full(n, np.nan), np.full(n, np.nan), np.full(n, np.nan)
    out_g = np.full(n, np.nan)
    piece_h = 12.0
    for j, tj in enumerate(t):
        # Search forward in 12 h pieces and stop at the first opportunity: the next landing
        # is usually within a day, so this costs far less than one long search per request.
        done = 0.0
        while done < hours and np.isnan(out_l[j]):
            span = min(piece_h, hours - done)
            opps = landing_opportunities(
                tle, float(tj) + done * 3600.0, zone_id, span, descent, dut1_s, precise=False
            )
            opps = [o for o in opps if o.deorbit_tdb_s >= tj + descent.undock_to_deorbit_s - 1e-3]
            if opps:
                out_b[j], out_l[j], out_m[j], out_g[j] = (
                    opps[0].deorbit_tdb_s,
                    opps[0].landing_tdb_s,
                    opps[0].miss_km,
                    opps[0].peak_g,
                )
            done += span
    return LeoAbortTable(t, out_b, out_l, (out_l - t) / 3600.0, out_m, zone_id, peak_g=out_g)


def leo_abort_table(
    tles,
    t_tdb_s,
    zone_id: str = "kazakhstan",
    hours: float = 48.0,
    descent=None,
) -> LeoAbortTable:
    """:func:`leo_abort_options` over a long stay, each request with its own element set.

    Parameters
    ----------
    tles : sequence of TLE (K,)
        The station's element sets, any order (e.g. a year of them).
    t_tdb_s : array_like (M,)
        Request times (earliest undocking), TDB s past J2000.
    zone_id, hours, descent
        As for :func:`leo_abort_options`.

    Returns
    -------
    LeoAbortTable
        Rows in the order of ``t_tdb_s``. Each request is answered from the element set whose
        epoch is nearest to it; ``max_element_set_age_days`` is the largest such distance.
        Rows whose element set cannot be propagated (SGP4 fails) are NaN.
    """
    t = np.atleast_1d(np.asarray(t_tdb_s, dtype=np.float64))
    if len(tles) == 0:
        raise InputError("'tles' is empty; give at least one element set of the station")
    if t.ndim != 1 or t.size == 0 or not np.all(np.isfinite(t)):
        raise InputError("'t_tdb_s' must be one finite time or a 1-D array of them")
    epochs = np.array([s.epoch_tdb_s for s in tles], dtype=np.float64)
    which = np.argmin(np.abs(t[:, None] - epochs[None, :]), axis=1)
    n = t.size
    burn, land, miss = np.full(n, np.nan), np.full(n, np.nan), np.full(n, np.nan)
    peak = np.full(n, np.nan)
    for j in np.unique(which):
        sel = which == j
        try:
            tab = leo_abort_options(tles[j], t[sel], zone_id, hours, descent)
        except InputError:
            continue  # this element set does not propagate: its rows stay NaN
        burn[sel], land[sel], miss[sel] = tab.deorbit_tdb_s, tab.landing_tdb_s, tab.miss_km
        peak[sel] = tab.peak_g
    age_days = float(np.abs(t - epochs[which]).max() / DAY_S)
    return LeoAbortTable(t, burn, land, (land - t) / 3600.0, miss, zone_id, age_days, peak)


# --- The whole mission: out, stay, back --------------------------------------------------------
#: The options home a whole-mission abort table weighs, in column order (see
#: :func:`mission_abort_job`).
MISSION_OPTIONS = (
    "deorbit",
    "direct",
    "mars-flyby",
    "powered-flyby",
    "early-return",
    "planned-return",
)
#: Return flight times after a flyby of the target or a departure from its orbit, days.
FLYBY_RETURN_TOF_DAYS = ReturnTimes(60.0, 1000.0, 4.0)
#: Arrival times at the target tried by a flyby abort: the planned arrival +- this many days.
FLYBY_ARRIVAL_SPAN_DAYS = 40.0
#: Step of those arrival times, days.
FLYBY_ARRIVAL_STEP_DAYS = 2.0
#: Largest periapsis impulse of a flyby still called ballistic ("mars-flyby"), km/s: the
#: resolution of the (arrival, return) grid, whose neighbouring cells differ in |v_inf| by
#: up to ~0.05 km/s; a trim of this size is a course correction, not a propulsive flyby.
BALLISTIC_FLYBY_DV_KM_S = 0.05
#: Samples of the angular momentum of a return from inside Earth's sphere of influence.
_N_H = 512


def _kepler_hyperbola(mu, a_km, e, dt_s):
    """Hyperbolic anomaly F at ``dt_s`` past periapsis (e sinh F - F = n dt), Newton."""
    n = np.sqrt(mu / a_km**3)
    m = n * np.asarray(dt_s, dtype=np.float64)
    f = np.arcsinh(m / e)
    for _ in range(50):
        step = (e * np.sinh(f) - f - m) / (e * np.cosh(f) - 1.0)
        f = f - step
        if np.all(np.abs(step) < 1e-13 * np.maximum(1.0, np.abs(f))):
            break
    return f


def departure_hyperbola_state(vinf_km_s, r_park_km, dt_s, mu_km3_s2=GM_KM3_S2["earth"]):
    """Radius and radial/transverse speed on an escape hyperbola ``dt_s`` after its perigee.

    The hyperbola leaves a circular parking orbit of radius ``r_park_km`` (its perigee) with
    excess speed ``vinf_km_s``. Returns ``(r_km, vr_km_s, vt_km_s)``, arrays like ``dt_s``.
    """
    mu = float(mu_km3_s2)
    a = mu / vinf_km_s**2  # |a|
    e = 1.0 + r_park_km * vinf_km_s**2 / mu
    f = _kepler_hyperbola(mu, a, e, dt_s)
    r = a * (e * np.cosh(f) - 1.0)
    h = np.sqrt(mu * a * (e * e - 1.0))
    return r, np.sqrt(mu * a) * e * np.sinh(f) / r, h / r


def _time_to_periapsis(mu, r, vr, h):
    """Time from radius ``r`` (radial speed ``vr``) to the next periapsis of the conic of
    angular momentum ``h``, s; inf for an outgoing hyperbola (it never comes back)."""
    v2 = vr * vr + (h / r) ** 2
    energy = 0.5 * v2 - mu / r
    p = h * h / mu
    with np.errstate(invalid="ignore", divide="ignore"):
        e = np.sqrt(np.maximum(0.0, 1.0 + 2.0 * energy * p / mu))
        a = -mu / (2.0 * energy)  # > 0 ellipse, < 0 hyperbola
        ell = energy < 0
        # ellipse: eccentric anomaly E in [0, pi] from r = a (1 - e cos E)
        ce = np.clip((1.0 - r / np.where(ell, a, 1.0)) / np.where(e > 0, e, 1.0), -1.0, 1.0)
        big_e = np.arccos(ce)
        n_e = np.sqrt(mu / np.abs(a) ** 3)
        m_e = big_e - e * np.sin(big_e)
        t_ell = np.where(vr <= 0, m_e / n_e, (2.0 * np.pi - m_e) / n_e)
        # hyperbola: F >= 0 from r = |a| (e cosh F - 1)
        ch = np.maximum(1.0, (1.0 + r / np.abs(a)) / np.where(e > 1, e, 1.0))
        big_f = np.arccosh(ch)
        t_hyp = np.where(vr <= 0, (e * np.sinh(big_f) - big_f) / n_e, np.inf)
    return np.where(ell, t_ell, t_hyp)


def geocentric_returns(r_km, vr_km_s, vt_km_s, mu_km3_s2=GM_KM3_S2["earth"],
                       r_entry_km=RADIUS_KM["earth"] + ENTRY_INTERFACE_ALT_KM):  # fmt: skip
    """Returns to the entry interface from inside a planet's sphere of influence.

    From a state of radius ``r_km`` and radial / transverse speeds (arrays (M,)), one
    in-plane impulse puts the craft on a conic whose periapsis lies at the entry interface
    ``r_entry_km`` (the planet as a body with an atmosphere: the return grazes the interface,
    never its centre). The family of such conics is swept by angular momentum ``h`` (periapsis
    speed ``h / r_entry``), each flown inbound or, when elliptic, outbound through apoapsis.

    Returns
    -------
    dv_km_s, flight_s, entry_speed_km_s : ndarray (M, 2 * _N_H)
        Impulse, time from the burn to the entry interface, and speed there; NaN where the
        conic cannot reach radius ``r_km``.
    """
    mu = float(mu_km3_s2)
    r = np.asarray(r_km, dtype=np.float64)[:, None]
    vr0 = np.asarray(vr_km_s, dtype=np.float64)[:, None]
    vt0 = np.asarray(vt_km_s, dtype=np.float64)[:, None]
    # h from ~0 to the circular-at-r_entry-and-beyond range: periapsis speeds up to the
    # craft's own speed at r_entry plus 10 km/s (cheaper returns are all below that).
    v_now = np.sqrt(vr0**2 + vt0**2)
    vp_max = np.sqrt(v_now**2 + 2.0 * mu / r_entry_km - 2.0 * mu / r) + 10.0
    frac = (np.arange(1, _N_H + 1, dtype=np.float64) / _N_H)[None, :]
    vp = frac * vp_max  # periapsis speed = entry speed
    h = vp * r_entry_km
    speed2 = vp**2 - 2.0 * mu / r_entry_km + 2.0 * mu / r  # vis-viva at r
    vt = h / r
    vr2 = speed2 - vt**2
    ok = vr2 >= 0.0
    vr_mag = np.sqrt(np.where(ok, vr2, 0.0))
    dv_in = np.hypot(-vr_mag - vr0, vt - vt0)
    dv_out = np.hypot(vr_mag - vr0, vt - vt0)
    t_in = _time_to_periapsis(mu, r, -vr_mag, h)
    t_out = _time_to_periapsis(mu, r, vr_mag, h)
    dv = np.concatenate([dv_in, dv_out], axis=1)
    t = np.concatenate([t_in, t_out], axis=1)
    ok2 = np.concatenate([ok, ok], axis=1) & np.isfinite(t)
    vp2 = np.broadcast_to(np.concatenate([vp, vp], axis=1), dv.shape)
    nan = np.nan
    return np.where(ok2, dv, nan), np.where(ok2, t, nan), np.where(ok2, vp2, nan)


def _pick_return(dv, days_to_home, budget):
    """Per row: index of the earliest arrival whose dv fits ``budget``, else of the cheapest;
    and whether it fits. ``dv``, ``days_to_home`` (M, K); NaN cells never chosen. Without a
    budget (inf) the cheapest: the earliest return of an unlimited budget is a burn no
    vehicle carries."""
    if not np.isfinite(budget):
        budget = -1.0  # nothing "fits": every row falls back to its cheapest, marked fitting
        idx, _ = _pick_return(dv, days_to_home, budget)
        return idx, idx >= 0
    fit = (dv <= budget) & np.isfinite(days_to_home)
    t_fit = np.where(fit, days_to_home, np.inf)
    i_fit = np.argmin(t_fit, axis=-1)
    dv_ok = np.where(np.isfinite(dv) & np.isfinite(days_to_home), dv, np.inf)
    i_min = np.argmin(dv_ok, axis=-1)
    any_fit = fit.any(axis=-1)
    any_ok = np.isfinite(dv_ok).any(axis=-1)
    idx = np.where(any_fit, i_fit, np.where(any_ok, i_min, -1))
    return idx, any_fit


def _take(a, idx):
    rows = np.arange(idx.size)
    return np.where(idx >= 0, a[rows, np.maximum(idx, 0)], np.nan)


_FIELDS = ("dv_km_s", "days_to_home", "wait_days", "entry_speed_km_s", "within_budget",
           "flyby_tdb_s", "flyby_alt_km", "flyby_dv_km_s")  # fmt: skip


@dataclass(frozen=True, repr=False)
class MissionAbortTable:
    """The options home at every abort date from Earth departure to Earth return.

    Arrays are (M, P): rows the abort (decision) dates :attr:`t_tdb_s`, columns the options
    of :data:`MISSION_OPTIONS`; NaN where an option does not exist on that date (a flyby of
    the target after arrival, an early return before it). For each cell: ``dv_km_s`` (the
    impulses the option still needs), ``days_to_home`` (decision to entry interface),
    ``wait_days`` (decision to the option's burn), ``entry_speed_km_s`` (at the entry
    interface), ``within_budget`` (1.0 or 0.0), and for flybys their date, periapsis
    altitude and periapsis impulse.
    """

    t_tdb_s: np.ndarray  # (M,)
    phase: np.ndarray  # (M,) "outbound" | "stay" | "return"
    dv_km_s: np.ndarray  # (M, P)
    days_to_home: np.ndarray
    wait_days: np.ndarray
    entry_speed_km_s: np.ndarray
    within_budget: np.ndarray
    flyby_tdb_s: np.ndarray
    flyby_alt_km: np.ndarray
    flyby_dv_km_s: np.ndarray
    home: str
    target: str
    dv_budget_km_s: float
    tei_budget_km_s: float
    planned_arrive_tdb_s: float
    entry_limit_km_s: float | None = None
    options: tuple[str, ...] = MISSION_OPTIONS

    # The per-date summary of the abort options (the planned return left out), under the
    # names AbortTable uses, so the report and key figures read either table alike.
    def _abort_cols(self) -> np.ndarray:
        return np.array([o != "planned-return" for o in self.options])

    def _best(self, earliest: bool):
        cols = self._abort_cols()
        dv = np.where(cols[None, :], self.dv_km_s, np.nan)
        days = np.where(cols[None, :], self.days_to_home, np.nan)
        if earliest:
            key = np.where((self.within_budget > 0) & np.isfinite(dv), days, np.inf)
        else:
            key = np.where(np.isfinite(dv) & np.isfinite(days), dv, np.inf)
        idx = np.argmin(key, axis=1)
        has = np.isfinite(key).any(axis=1)
        return np.where(has, idx, -1)

    @property
    def earliest_tof_days(self) -> np.ndarray:
        """(M,) soonest arrival home (days from the abort date) of an abort option within its
        budget, NaN where none fits."""
        return _take(self.days_to_home, self._best(True))

    @property
    def earliest_dv_km_s(self) -> np.ndarray:
        return _take(self.dv_km_s, self._best(True))

    @property
    def earliest_entry_speed_km_s(self) -> np.ndarray:
        return _take(self.entry_speed_km_s, self._best(True))

    @property
    def min_dv_km_s(self) -> np.ndarray:
        """(M,) the cheapest abort option's delta-v, km/s."""
        return _take(self.dv_km_s, self._best(False))

    @property
    def min_dv_tof_days(self) -> np.ndarray:
        return _take(self.days_to_home, self._best(False))

    @property
    def min_dv_entry_speed_km_s(self) -> np.ndarray:
        return _take(self.entry_speed_km_s, self._best(False))

    def column(self, option: str) -> dict[str, np.ndarray]:
        """One option's (M,) arrays by field name."""
        j = self.options.index(option)
        return {f: getattr(self, f)[:, j] for f in _FIELDS}

    def rows(self) -> list[dict]:
        """One row per (abort date, available option), in date then option order."""
        out = []
        for i, t in enumerate(self.t_tdb_s):
            t = float(t)
            for j, name in enumerate(self.options):
                dv = float(self.dv_km_s[i, j])
                if not math.isfinite(dv):
                    continue
                wait = float(self.wait_days[i, j])
                days = float(self.days_to_home[i, j])
                burn = t + wait * DAY_S
                row = {
                    "abort_utc": utc_iso(t),
                    "phase": str(self.phase[i]),
                    "option": name,
                    "burn_utc": utc_iso(burn),
                    "arrive_utc": utc_iso(t + days * DAY_S),
                    "dv_km_s": dv,
                    "tof_days": days - wait,
                    "wait_days": wait,
                    "days_to_earth" if self.home == "earth" else "days_to_home": days,
                    "entry_speed_km_s": float(self.entry_speed_km_s[i, j]),
                    "within_budget": bool(self.within_budget[i, j] > 0),
                }
                if math.isfinite(float(self.flyby_tdb_s[i, j])):
                    row["flyby"] = {
                        "body": self.target,
                        "utc": utc_iso(float(self.flyby_tdb_s[i, j])),
                        "altitude_km": float(self.flyby_alt_km[i, j]),
                        "dv_km_s": float(self.flyby_dv_km_s[i, j]),
                    }
                out.append(row)
        return out

    def to_dict(self) -> dict:
        return {
            "home": self.home,
            "target": self.target,
            "span": "mission",
            "dv_budget_km_s": self.dv_budget_km_s,
            "tei_budget_km_s": self.tei_budget_km_s,
            "entry_limit_km_s": self.entry_limit_km_s,
            "options": list(self.options),
            "n_dates": int(self.t_tdb_s.size),
            "rows": self.rows(),
            "method": MISSION_ABORT_METHOD,
        }

    def to_dataframe(self):
        """A :class:`pandas.DataFrame`, one row per (abort date, available option), in the
        order of :meth:`rows`: ``abort``, ``burn`` (UTC ``datetime64``), ``phase``,
        ``option`` and the fields of the table (flyby columns NaN off flybys). Optional
        extra (pandas)."""
        i, j = np.nonzero(np.isfinite(self.dv_km_s))
        t = self.t_tdb_s[i]
        cols = {
            "abort": to_datetime64(t),
            "burn": to_datetime64(t + self.wait_days[i, j] * DAY_S),
            "phase": self.phase[i],
            "option": np.asarray(self.options)[j],
            **{f: getattr(self, f)[i, j] for f in _FIELDS if f != "flyby_tdb_s"},
        }
        cols["within_budget"] = cols["within_budget"] > 0
        return tabular.to_dataframe(cols)

    def __repr__(self) -> str:
        t = self.t_tdb_s
        return (
            f"MissionAbortTable({t.size:,} abort dates {utc_iso(t[0])[:10]}.."
            f"{utc_iso(t[-1])[:10]}, options {', '.join(self.options)})"
        )


MISSION_ABORT_METHOD = (
    "patched conics, impulsive burns. Inside Earth's sphere of influence (after the departure "
    "burn) one in-plane burn to a conic whose perigee is the entry interface; before it, a "
    "deorbit from the parking orbit. Outside: one burn onto a 0-rev Lambert arc (Izzo 2015) "
    "to Earth, whose hyperbola reaches perigee at the entry interface (entry speed by "
    "vis-viva). Flyby aborts: a burn on the abort date retargets the arrival at the target "
    "(planned arrival +- 40 d; on a date inside Earth's sphere it is charged its heliocentric "
    "value, without Oberth credit), then an unpowered ('mars-flyby', periapsis trim <= "
    "0.05 km/s) "
    "or powered ('powered-flyby', one periapsis impulse) swing-by home. Early return: the "
    "first trans-Earth injection from the capture orbit (at the capture periapsis, no plane "
    "change or ascent charged; orbit drift not modelled) whose cost fits the planned TEI "
    "delta-v plus the abort reserve. Planned return: the remaining planned impulses."
)


@dataclass(frozen=True, eq=False)
class MissionAbortJob(ChunkedJob):
    """A whole-mission abort table ready to compute (a :class:`~sojourn.core.jobs.ChunkedJob`).

    Rows are abort dates and never depend on each other: the grids every row shares (returns
    from the target at each flyby date and each stay day) are solved once when the job is
    built (:func:`mission_abort_job`) and travel with it, so any partition of the rows,
    joined in order, is the whole table to the last bit (local or on Dask).
    """

    what: ClassVar[str] = "the abort table"
    size_fix: ClassVar[str] = "use a larger step between abort dates (--step-days)"
    chunk_cells: ClassVar[int] = 262_144

    outbound: Any = field(repr=False)  # Transfer
    inbound: Any = field(repr=False)  # Transfer
    t_tdb_s: np.ndarray = field(repr=False)  # (M,) abort dates
    tof_s: np.ndarray = field(repr=False)  # (K,) direct return times
    # returns from the target after a flyby at each of F dates, K2 flight times
    fb_t_tdb_s: np.ndarray = field(repr=False)  # (F,)
    fb_vinf_out: np.ndarray = field(repr=False)  # (F, K2, 3)
    fb_arrive_tdb_s: np.ndarray = field(repr=False)  # (F, K2)
    fb_entry_km_s: np.ndarray = field(repr=False)  # (F, K2)
    # the best trans-Earth injection on each stay day (earliest-within-budget, else cheapest)
    tei_t_tdb_s: np.ndarray = field(repr=False)  # (D,)
    tei_dv_km_s: np.ndarray = field(repr=False)  # (D,)
    tei_arrive_tdb_s: np.ndarray = field(repr=False)  # (D,)
    tei_entry_km_s: np.ndarray = field(repr=False)  # (D,)
    planned: tuple = ()  # (dv_capture, dv_tei, entry_speed, r_park_km, r_cap_km, period_s)
    home: str = "earth"
    dv_budget_km_s: float = np.inf
    tei_budget_km_s: float = np.inf
    flyby_rp_min_km: float = 0.0
    entry_limit_km_s: float | None = None
    max_cells: int = MAX_ABORT_CELLS

    def __post_init__(self):
        self.check_size()

    @property
    def n_rows(self) -> int:
        return self.t_tdb_s.size

    @property
    def row_cells(self) -> int:
        """Cells of the costliest row (an outbound date: direct returns and flyby returns)."""
        return self.tof_s.size + self.fb_t_tdb_s.size * (1 + self.fb_arrive_tdb_s.shape[-1])

    @property
    def n_outbound(self) -> int:
        return int(np.count_nonzero(self.t_tdb_s < self.outbound.arrive_tdb_s))

    @property
    def n_cells(self) -> int:
        """Direct returns on every date plus flyby returns on the outbound dates."""
        flyby = self.n_outbound * self.fb_t_tdb_s.size * (1 + self.fb_arrive_tdb_s.shape[-1])
        return self.n_rows * self.tof_s.size + flyby

    def size_text(self) -> str:
        return (
            f"{count_text(self.n_rows)} abort dates x {count_text(self.tof_s.size)} direct "
            f"returns + flyby returns = {count_text(self.n_cells)} cells"
        )

    def chunk(self, start: int, stop: int) -> dict[str, np.ndarray]:
        return _mission_rows(self, self.t_tdb_s[start:stop])

    def combine(self, parts: Sequence[dict]) -> MissionAbortTable:
        cat = {k: np.concatenate([p[k] for p in parts], axis=0) for k in parts[0]}
        return MissionAbortTable(
            self.t_tdb_s, cat.pop("phase"), **cat, home=self.home,
            target=self.outbound.arrive_body, dv_budget_km_s=self.dv_budget_km_s,
            tei_budget_km_s=self.tei_budget_km_s, planned_arrive_tdb_s=self.inbound.arrive_tdb_s,
            entry_limit_km_s=self.entry_limit_km_s,
        )  # fmt: skip


def _soi_km(name: str, t_tdb_s: np.ndarray) -> np.ndarray:
    """Laplace sphere-of-influence radius of a planet at its heliocentric distance, km."""
    r, _ = ephemeris.state(name, t_tdb_s, center="sun")
    return np.linalg.norm(r, axis=-1) * (GM_KM3_S2[name] / GM_KM3_S2["sun"]) ** 0.4


def _direct(traj, t, tof_s, home, budget):
    """Heliocentric Lambert returns: picked (dv, days, entry) per row, and fits."""
    dv, vinf, _, _, _ = _grid(traj, t, tof_s, home)
    days = np.broadcast_to(tof_s / DAY_S, dv.shape)
    idx, fit = _pick_return(dv, days, budget)
    return _take(dv, idx), _take(days, idx), entry_speed_km_s(_take(vinf, idx), home), fit


def _mission_rows(job: MissionAbortJob, t: np.ndarray) -> dict[str, np.ndarray]:
    out_t, back_t = job.outbound, job.inbound
    home, target = job.home, out_t.arrive_body
    m, p = t.size, len(MISSION_OPTIONS)
    res = {f: np.full((m, p), np.nan) for f in _FIELDS}
    res["within_budget"] = np.zeros((m, p))
    col = {name: j for j, name in enumerate(MISSION_OPTIONS)}
    dv_cap, dv_tei, entry_planned, r_park, _r_cap, _period = job.planned
    t_arr, t_dep2, t_home = out_t.arrive_tdb_s, back_t.depart_tdb_s, back_t.arrive_tdb_s
    phase = np.where(t < t_arr, "outbound", np.where(t < t_dep2, "stay", "return"))
    budget = job.dv_budget_km_s

    def put(option, rows, dv, days, wait, entry, fit):
        j = col[option]
        res["dv_km_s"][rows, j] = dv
        res["days_to_home"][rows, j] = days
        res["wait_days"][rows, j] = wait
        res["entry_speed_km_s"][rows, j] = entry
        res["within_budget"][rows, j] = np.where(np.isfinite(dv) & fit, 1.0, 0.0)

    # planned return: the remaining planned impulses, home on the planned date
    rem = np.where(phase == "outbound", dv_cap + dv_tei, np.where(phase == "stay", dv_tei, 0.0))
    wait = np.where(phase == "return", 0.0, (t_dep2 - t) / DAY_S)
    put("planned-return", slice(None), rem, (t_home - t) / DAY_S, wait,
        np.full(m, entry_planned), np.ones(m, bool))  # fmt: skip

    # deorbit from the parking orbit, before the departure burn (the departure instant only)
    r_ei = RADIUS_KM[home] + ENTRY_INTERFACE_ALT_KM
    mu_h = GM_KM3_S2[home]
    at_dep = np.flatnonzero(t == out_t.depart_tdb_s)
    if at_dep.size:
        a_tr = 0.5 * (r_park + r_ei)
        v_apo = math.sqrt(mu_h * (2.0 / r_park - 1.0 / a_tr))
        dv = math.sqrt(mu_h / r_park) - v_apo
        half = math.pi * math.sqrt(a_tr**3 / mu_h) / DAY_S
        v_ei = math.sqrt(mu_h * (2.0 / r_ei - 1.0 / a_tr))
        put("deorbit", at_dep, dv, half, 0.0, v_ei, np.array([dv <= budget]))

    # direct returns on the cruise legs
    for leg, name in ((out_t, "outbound"), (back_t, "return")):
        rows = np.flatnonzero(phase == name)
        if rows.size == 0:
            continue
        tt = t[rows]
        # inside the home planet's sphere of influence after departure: geocentric returns
        if name == "outbound":
            vinf = float(np.linalg.norm(leg.vinf_depart_vec_km_s))
            r, vr, vt = departure_hyperbola_state(vinf, r_park, tt - leg.depart_tdb_s, mu_h)
            near = r < _soi_km(home, tt)
            if near.any():
                g_dv, g_t, g_v = geocentric_returns(r[near], vr[near], vt[near], mu_h, r_ei)
                idx, fit = _pick_return(g_dv, g_t / DAY_S, budget)
                put("direct", rows[near], _take(g_dv, idx), _take(g_t, idx) / DAY_S, 0.0,
                    _take(g_v, idx), fit)  # fmt: skip
            far_home = ~near
        else:  # on the way home inside Earth's sphere: the planned return is the way home
            r_h, _ = ephemeris.state(home, tt, center="sun")
            r_sc, _ = as_trajectory(leg).state(tt)
            far_home = np.linalg.norm(r_sc - r_h, axis=-1) > _soi_km(home, tt)
        # inside the target's sphere: a heliocentric burn from its centre means nothing
        r_t, _ = ephemeris.state(target, tt, center="sun")
        r_sc, _ = as_trajectory(leg).state(tt)
        far = far_home & (np.linalg.norm(r_sc - r_t, axis=-1) > _soi_km(target, tt))
        if far.any():
            dv, days, entry, fit = _direct(as_trajectory(leg), tt[far], job.tof_s, home, budget)
            put("direct", rows[far], dv, days, 0.0, entry, fit)

    # flyby aborts from the outbound cruise
    rows = np.flatnonzero(phase == "outbound")
    if rows.size and job.fb_t_tdb_s.size:
        _flyby_rows(job, t[rows], rows, res, col)

    # early return from the stay: the first good TEI on or after the abort date
    rows = np.flatnonzero(phase == "stay")
    if rows.size and job.tei_t_tdb_s.size:
        td = job.tei_t_tdb_s
        # without a budget the cheapest injection from the abort date on (as _pick_return)
        fits = job.tei_dv_km_s <= (job.tei_budget_km_s if np.isfinite(job.tei_budget_km_s)
                                   else -1.0)  # fmt: skip
        free = not np.isfinite(job.tei_budget_km_s)
        for i in rows:  # a few hundred stay dates at most: cheap suffix searches
            later = td >= t[i]
            cand = later & fits
            if cand.any():
                k = np.flatnonzero(cand)[np.argmin(job.tei_arrive_tdb_s[cand])]
                ok = True
            elif (later & np.isfinite(job.tei_dv_km_s)).any():
                sel = np.flatnonzero(later & np.isfinite(job.tei_dv_km_s))
                k = sel[np.argmin(job.tei_dv_km_s[sel])]
                ok = free
            else:
                continue
            put("early-return", i, job.tei_dv_km_s[k], (job.tei_arrive_tdb_s[k] - t[i]) / DAY_S,
                (td[k] - t[i]) / DAY_S, job.tei_entry_km_s[k], np.array(ok))  # fmt: skip
    res["phase"] = phase
    return res


def _flyby_rows(job, tt, rows, res, col):
    """Mars-flyby and powered-flyby aborts for outbound abort dates ``tt`` (rows ``rows``)."""
    from sojourn.core.flyby import powered_flyby_dv

    target = job.outbound.arrive_body
    traj = as_trajectory(job.outbound)
    r_sc, v_sc = traj.state(tt)
    tf = job.fb_t_tdb_s  # (F,)
    r_t, v_t = ephemeris.state(target, tf, center="sun")  # (F, 3)
    dt = tf[None, :] - tt[:, None]  # (M, F)
    valid = dt > DAY_S  # the retargeted arrival must lie ahead
    v1, v2, st = heliocentric_lambert(
        np.broadcast_to(r_sc[:, None, :], (*dt.shape, 3)),
        np.broadcast_to(r_t[None, :, :], (*dt.shape, 3)),
        np.where(valid, dt, DAY_S), 0, True,
    )  # fmt: skip
    ok = valid & (st == 0)
    burn = np.where(ok, np.linalg.norm(v1 - v_sc[:, None, :], axis=-1), np.nan)  # (M, F)
    vin = v2 - v_t[None, :, :]  # (M, F, 3)
    k2 = job.fb_vinf_out.shape[1]
    m, f = burn.shape
    vin_b = np.broadcast_to(vin[:, :, None, :], (m, f, k2, 3)).reshape(-1, 3)
    vout_b = np.broadcast_to(job.fb_vinf_out[None], (m, f, k2, 3)).reshape(-1, 3)
    fb_dv, rp = powered_flyby_dv(np.ascontiguousarray(vin_b), np.ascontiguousarray(vout_b),
                                 GM_KM3_S2[target], job.flyby_rp_min_km)  # fmt: skip
    fb_dv = np.asarray(fb_dv).reshape(m, f, k2)
    rp = np.asarray(rp).reshape(m, f, k2)
    total = burn[:, :, None] + fb_dv
    arrive = np.broadcast_to(job.fb_arrive_tdb_s[None], total.shape)
    days = (arrive - tt[:, None, None]) / DAY_S
    entry = np.broadcast_to(job.fb_entry_km_s[None], total.shape)
    for name, mask in (
        ("mars-flyby", fb_dv <= BALLISTIC_FLYBY_DV_KM_S),
        ("powered-flyby", np.ones(total.shape, bool)),
    ):
        tot = np.where(mask & np.isfinite(total) & np.isfinite(days), total, np.nan).reshape(m, -1)
        idx, fit = _pick_return(tot, days.reshape(m, -1), job.dv_budget_km_s)
        j = col[name]
        res["dv_km_s"][rows, j] = _take(tot, idx)
        res["days_to_home"][rows, j] = _take(days.reshape(m, -1), idx)
        res["wait_days"][rows, j] = 0.0
        res["entry_speed_km_s"][rows, j] = _take(entry.reshape(m, -1), idx)
        res["within_budget"][rows, j] = np.where(fit, 1.0, 0.0)
        fi = np.where(idx >= 0, np.maximum(idx, 0) // k2, 0)
        res["flyby_tdb_s"][rows, j] = np.where(idx >= 0, tf[fi], np.nan)
        res["flyby_alt_km"][rows, j] = _take(rp.reshape(m, -1), idx) - RADIUS_KM[target]
        res["flyby_dv_km_s"][rows, j] = _take(fb_dv.reshape(m, -1), idx)
        res["wait_days"][rows, j] = np.where(idx >= 0, 0.0, np.nan)


def _target_returns(target, home, t_dep, tof_s, one_rev=True):
    """Lambert returns from the target at each of ``t_dep`` (F,) over ``tof_s`` (K,), direct
    (0 revolutions) and with one revolution (low and high path): the excess velocity leaving
    the target (F, 3K, 3), the arrival time (F, 3K) and the entry speed at home (F, 3K), NaN
    where unsolved. ``one_rev=False``: direct arcs only, (F, K)."""
    r_t, v_t = ephemeris.state(target, t_dep, center="sun")
    # direct arcs, then one-revolution arcs on both paths (the long free returns)
    n_arc = 3 if one_rev else 1
    tof_all = np.concatenate([tof_s] * n_arc)
    revs = np.repeat(np.array([0, 1, 1][:n_arc]), tof_s.size)
    low = np.repeat(np.array([True, True, False][:n_arc]), tof_s.size)
    t_arr = t_dep[:, None] + tof_all[None, :]
    # the grid's arrival dates repeat (daily departures, whole-day flights): read each once
    uniq, inv = np.unique(t_arr, return_inverse=True)
    r_u, v_u = ephemeris.state(home, uniq, center="sun")
    r_h, v_h = r_u[inv.reshape(t_arr.shape)], v_u[inv.reshape(t_arr.shape)]
    v1, v2, st = heliocentric_lambert(
        np.broadcast_to(r_t[:, None, :], r_h.shape), r_h, np.broadcast_to(tof_all, t_arr.shape),
        revs, low,
    )  # fmt: skip
    ok = st == 0
    vout = np.where(ok[..., None], v1 - v_t[:, None, :], np.nan)
    vinf_home = np.where(ok, np.linalg.norm(v2 - v_h, axis=-1), np.nan)
    return vout, np.where(ok, t_arr, np.nan), entry_speed_km_s(vinf_home, home)


def mission_abort_job(
    outbound,
    inbound,
    *,
    step_days: float = 10.0,
    return_tof_days=DEFAULT_RETURN_TOF_DAYS,
    dv_budget_km_s: float | None = None,
    tei_budget_km_s: float | None = None,
    parking_alt_km: float | None = None,
    capture_periapsis_alt_km: float | None = None,
    capture_period_s: float | None = None,
    flyby_min_alt_km: float | None = None,
    entry_limit_km_s: float | None = None,
    max_cells: int = MAX_ABORT_CELLS,
) -> MissionAbortJob:
    """Check the inputs of :func:`mission_aborts` and build its job.

    The size (abort dates x returns per date) is checked against ``max_cells`` before any
    grid is built; the grids every date shares (returns home from the target after a flyby
    and from each stay day) are solved here.
    """
    from sojourn.core.defaults import (
        CAPTURE_PERIAPSIS_ALT_KM,
        CAPTURE_PERIOD_S,
        PARKING_ALT_KM,
    )
    from sojourn.core.flyby import flyby_rp_min_km
    from sojourn.core.maneuvers import capture_dv_km_s
    from sojourn.transfer import Transfer

    for name, leg in (("outbound", outbound), ("inbound", inbound)):
        if not isinstance(leg, Transfer):
            raise InputError(f"'{name}' must be a Transfer (sojourn.transfer), got {leg!r}")
    home = body(outbound.depart_body, "home")
    target = outbound.arrive_body
    if inbound.depart_body != target or inbound.arrive_body != home:
        raise InputError(
            f"the inbound leg must fly {target} -> {home}, got {inbound.depart_body} -> "
            f"{inbound.arrive_body}; pass the round trip's two legs"
        )
    if not inbound.depart_tdb_s >= outbound.arrive_tdb_s:
        raise InputError(
            f"the inbound leg departs {utc_iso(inbound.depart_tdb_s)} UTC, before the outbound "
            f"arrives ({utc_iso(outbound.arrive_tdb_s)} UTC); the stay must be >= 0 days"
        )
    if not (np.isfinite(step_days) and step_days > 0):
        raise InputError(f"'step_days' must be > 0 days, got {step_days}; e.g. 10")
    budget = _budget(dv_budget_km_s)
    park = PARKING_ALT_KM if parking_alt_km is None else float(parking_alt_km)
    cap_alt = CAPTURE_PERIAPSIS_ALT_KM if capture_periapsis_alt_km is None else float(
        capture_periapsis_alt_km)  # fmt: skip
    period = CAPTURE_PERIOD_S if capture_period_s is None else capture_period_s
    r_park = RADIUS_KM[home] + park
    r_cap = RADIUS_KM[target] + cap_alt
    mu_t = GM_KM3_S2[target]
    dv_cap = float(capture_dv_km_s(outbound.vinf_arrive_km_s, mu_t, r_cap, period))
    dv_tei = float(capture_dv_km_s(inbound.vinf_depart_km_s, mu_t, r_cap, period))
    entry = float(entry_speed_km_s(inbound.vinf_arrive_km_s, home))
    if tei_budget_km_s is not None:
        tei_budget = _budget(tei_budget_km_s)
    else:  # the planned injection's propellant plus the abort reserve (none: no limit)
        tei_budget = dv_tei + budget
    # sizes first
    span_s, step_s = inbound.arrive_tdb_s - outbound.depart_tdb_s, step_days * DAY_S
    q = span_s / step_s
    n_dates = max(1, math.ceil(q)) if math.isfinite(q) else math.inf
    fb = FLYBY_RETURN_TOF_DAYS
    n_fb = int(2 * FLYBY_ARRIVAL_SPAN_DAYS / FLYBY_ARRIVAL_STEP_DAYS) + 1
    n_out = max(1, math.ceil(outbound.tof_days / step_days))
    per_date = _n_returns(return_tof_days)
    _mission_check(n_dates, per_date, n_out * n_fb * (1 + 3 * fb.size), max_cells)
    stay_days = (inbound.depart_tdb_s - outbound.arrive_tdb_s) / DAY_S
    n_target = int(math.floor(stay_days) + 1 + 3 * n_fb) * fb.size
    check_work(n_target, max_cells, MissionAbortJob.what,
               f"{count_text(n_target)} returns from the target",
               shrink_by="use a shorter stay")  # fmt: skip
    t = np.arange(outbound.depart_tdb_s, inbound.arrive_tdb_s, step_s)
    tof = _tofs_s(return_tof_days)
    fb_tof = fb.days() * DAY_S
    fb_t = outbound.arrive_tdb_s + DAY_S * np.linspace(
        -FLYBY_ARRIVAL_SPAN_DAYS, FLYBY_ARRIVAL_SPAN_DAYS, n_fb
    )
    fb_vout, fb_arr, fb_entry = _target_returns(target, home, fb_t, fb_tof)
    # the best trans-Earth injection from the capture orbit on each stay day
    tei_t = outbound.arrive_tdb_s + DAY_S * np.arange(0.0, stay_days + 1e-9, 1.0)
    vout, arr, ent = _target_returns(target, home, tei_t, fb_tof, one_rev=False)
    dv = capture_dv_km_s(np.linalg.norm(vout, axis=-1), mu_t, r_cap, period)
    idx, _ = _pick_return(dv, (arr - tei_t[:, None]) / DAY_S, tei_budget)
    return MissionAbortJob(
        outbound, inbound, t, tof, fb_t, fb_vout, fb_arr, fb_entry, tei_t, _take(dv, idx),
        _take(arr, idx), _take(ent, idx), (dv_cap, dv_tei, entry, r_park, r_cap, period), home,
        budget, tei_budget, flyby_rp_min_km(target, flyby_min_alt_km),
        None if entry_limit_km_s is None else float(entry_limit_km_s), int(max_cells),
    )  # fmt: skip


def _mission_check(n_dates, per_date, flyby_cells, max_cells):
    n = n_dates * per_date + flyby_cells
    check_work(n, max_cells, MissionAbortJob.what,
               f"{count_text(n_dates)} abort dates x {count_text(per_date)} direct returns + "
               f"{count_text(flyby_cells)} flyby returns = {count_text(n)} cells",
               shrink_by=MissionAbortJob.size_fix)  # fmt: skip


def mission_aborts(
    outbound,
    inbound=None,
    *,
    step_days: float = 10.0,
    return_tof_days=DEFAULT_RETURN_TOF_DAYS,
    dv_budget_km_s: float | None = None,
    tei_budget_km_s: float | None = None,
    parking_alt_km: float | None = None,
    capture_periapsis_alt_km: float | None = None,
    capture_period_s: float | None = None,
    flyby_min_alt_km: float | None = None,
    entry_limit_km_s: float | None = None,
    max_cells: int = MAX_ABORT_CELLS,
    runner: Callable[..., Any] | None = None,
    progress: Progress | None = None,
) -> MissionAbortTable:
    """The options home at every abort date from Earth departure to Earth return.

    Parameters
    ----------
    outbound : Transfer or RoundTrip
        The outbound leg (:func:`sojourn.transfer.transfer`), or a round trip
        (:class:`sojourn.roundtrip.RoundTrip`: its legs and parking, capture orbit and
        entry assumptions are used unless given here).
    inbound : Transfer or None
        The return leg (None with a RoundTrip).
    step_days : float, default 10
        Spacing of abort dates, days, from the departure (the first date is the departure
        itself: the deorbit before the departure burn and the return after it).
    return_tof_days : array_like or ReturnTimes
        Flight times of the direct returns from the cruise legs, days.
    dv_budget_km_s : float or None
        Abort delta-v budget (direct and flyby aborts); None: no limit.
    tei_budget_km_s : float or None
        Budget of an early return from the target's orbit; default the planned trans-Earth
        injection plus ``dv_budget_km_s`` (no limit when neither is set).
    parking_alt_km, capture_periapsis_alt_km, capture_period_s
        Earth parking orbit and the capture orbit at the target (defaults:
        :mod:`sojourn.core.defaults`).
    flyby_min_alt_km : float or None
        Lowest flyby altitude at the target, km (default
        :data:`sojourn.core.flyby.FLYBY_MIN_ALT_KM`).
    entry_limit_km_s : float or None
        The Earth entry speed limit, recorded with the table (findings use it).
    max_cells : int
        Refuse tables of more (abort date, return) cells than this.
    runner, progress
        As :func:`abort_study` (e.g. :func:`sojourn.distributed.run`).

    Returns
    -------
    MissionAbortTable
    """
    kw = {}
    if inbound is None:
        rt = outbound
        if not hasattr(rt, "inbound"):
            raise InputError("give the inbound leg, or pass a RoundTrip as the first argument")
        outbound, inbound = rt.outbound, rt.inbound
        kw = {"parking_alt_km": rt.parking_alt_km,
              "capture_periapsis_alt_km": rt.capture_periapsis_alt_km,
              "capture_period_s": rt.capture_period_s}  # fmt: skip
    given = {"parking_alt_km": parking_alt_km,
             "capture_periapsis_alt_km": capture_periapsis_alt_km,
             "capture_period_s": capture_period_s}  # fmt: skip
    kw.update({k: v for k, v in given.items() if v is not None})
    job = mission_abort_job(
        outbound, inbound, step_days=step_days, return_tof_days=return_tof_days,
        dv_budget_km_s=dv_budget_km_s, tei_budget_km_s=tei_budget_km_s,
        flyby_min_alt_km=flyby_min_alt_km, entry_limit_km_s=entry_limit_km_s,
        max_cells=max_cells, **kw,
    )  # fmt: skip
    return (run if runner is None else runner)(job, progress=progress)


def mission_abort_study(
    depart_body: str,
    arrive_body: str,
    depart_tdb_s: float,
    arrive_tdb_s: float,
    return_depart_tdb_s: float,
    return_arrive_tdb_s: float,
    *,
    runner: Callable[..., Any] | None = None,
    progress: Progress | None = None,
    **options,
) -> MissionAbortTable:
    """:func:`mission_aborts` for a round trip given by its four dates.

    The outbound ``depart_body -> arrive_body`` and the return ``arrive_body ->
    depart_body`` are ballistic transfers (:func:`sojourn.transfer.transfer`, zero
    revolutions); ``options`` are those of :func:`mission_aborts`.
    """
    if not return_depart_tdb_s >= arrive_tdb_s:
        raise InputError(
            f"'--return-depart' ({utc_iso(return_depart_tdb_s)} UTC) must be on or after "
            f"the arrival ({utc_iso(arrive_tdb_s)} UTC); e.g. --stay-days 500"
        )
    out = transfer(depart_body, arrive_body, depart_tdb_s, arrive_tdb_s)
    back = transfer(arrive_body, depart_body, return_depart_tdb_s, return_arrive_tdb_s)
    return mission_aborts(out, back, runner=runner, progress=progress, **options)

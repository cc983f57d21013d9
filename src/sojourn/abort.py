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

First-order limits: patched conics with a zero-radius sphere of influence (a burn made deep
in a planet's well, e.g. just after departure, is charged its heliocentric value, not the
smaller Oberth-assisted one); no multi-revolution returns; no flybys.

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

"""Porkchop grids: every ballistic transfer between a set of departure and arrival dates.

A porkchop grid is every ballistic transfer (patched conics, zero sphere of influence, as in
:mod:`sojourn.transfer`) between M departure dates and N arrival dates. It is a chunked job
(:mod:`sojourn.core.jobs`): :func:`porkchop_job` checks the request and reads DE440 once per
date (never once per cell); each chunk of departure rows runs one compiled ``parallel=True``
kernel (:func:`sojourn.windows.kernels.grid_kernel`); the chunks stack into a
:class:`PorkchopGrid`. The same job runs here (:func:`porkchop`, :func:`sojourn.core.jobs.run`)
or on a Dask cluster (:func:`sojourn.distributed.run`) and gives the same bits.

The grid is a pure result: its best cell, the values of any cell and the launch period under a
C3 limit are array look-ups (:meth:`PorkchopGrid.best_cell`, :meth:`PorkchopGrid.cell`,
:meth:`PorkchopGrid.launch_period`) that read no ephemeris and solve nothing; only
:meth:`PorkchopGrid.best` rebuilds a full :class:`~sojourn.transfer.Transfer` (ephemeris and
Lambert), for domain callers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import ClassVar, NamedTuple

import numpy as np

from sojourn.core import tabular
from sojourn.core.bodies import check_body_pair
from sojourn.core.constants import DAY_S, GM_KM3_S2, GM_SUN_KM3_S2, RADIUS_KM
from sojourn.core.defaults import CAPTURE_PERIAPSIS_ALT_KM, CAPTURE_PERIOD_S, PARKING_ALT_KM
from sojourn.core.jobs import CHUNK_CELLS, ChunkedJob, Progress, run
from sojourn.core.lambert import LAMBERT_STATUS
from sojourn.core.maneuvers import hyperbolic_speed_km_s, injection_dv_km_s
from sojourn.core.time import utc_iso
from sojourn.errors import InputError
from sojourn.transfer import EQ_TO_ECL, Transfer, transfer
from sojourn.windows import _inputs
from sojourn.windows.kernels import STATUS_ARRIVAL_NOT_AFTER_DEPARTURE, grid_kernel

__all__ = [
    "CRITERIA",
    "GRID_STATUS",
    "MAX_CELLS",
    "GridCell",
    "LaunchPeriod",
    "PorkchopGrid",
    "PorkchopJob",
    "launch_period",
    "porkchop",
    "porkchop_job",
]

#: Meaning of every grid ``status`` code.
GRID_STATUS: dict[int, str] = {
    **LAMBERT_STATUS,
    STATUS_ARRIVAL_NOT_AFTER_DEPARTURE: "arrival not after departure",
}
#: Criteria :meth:`PorkchopGrid.best_cell` and :func:`~sojourn.windows.optimize` minimize, and
#: the grid array of each.
CRITERIA: dict[str, str] = {
    "c3": "c3_km2_s2",
    "vinf_arrive": "vinf_arrive_km_s",
    "dv_total": "dv_total_km_s",
}
#: Largest grid :func:`porkchop` builds in one call (about 0.7 GiB of result arrays).
MAX_CELLS = 8_000_000

# The arrays of a chunk, in the kernel's output order.
_OUTPUTS = ("c3", "vinf_d", "vinf_a", "dla", "rla", "dv_d", "dv_a", "status")


def _criterion_field(criterion: str) -> str:
    if criterion not in CRITERIA:
        raise InputError(f"'criterion' must be one of {', '.join(CRITERIA)}, got {criterion!r}")
    return CRITERIA[criterion]


def _delta_v(dep, arr, vinf_d, vinf_a, parking_alt_km, capture_alt_km, vp_cap):
    """Departure and capture delta-v, km/s, of one transfer (Curtis eq. 8.42, 8.58-8.59)."""
    dv_d = float(injection_dv_km_s(vinf_d, GM_KM3_S2[dep], RADIUS_KM[dep] + parking_alt_km))
    if capture_alt_km is None or math.isnan(vp_cap):
        return dv_d, 0.0
    v_hyp = hyperbolic_speed_km_s(vinf_a, GM_KM3_S2[arr], RADIUS_KM[arr] + capture_alt_km)
    return dv_d, float(v_hyp) - vp_cap


def _stack(parts: Sequence[tuple], k: int) -> np.ndarray:
    # One chunk (the usual grid) is used as it is: no copy.
    if len(parts) == 1:
        return parts[0][k]
    return np.concatenate([p[k] for p in parts], axis=0)


# --- The job ------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class PorkchopJob(ChunkedJob):
    """A porkchop grid ready to compute (a :class:`~sojourn.core.jobs.ChunkedJob`). Picklable.

    Build it with :func:`porkchop_job` (which checks the inputs). Constructing it checks the
    size against ``max_cells`` and then reads DE440 once per date (the Sun-centred states are
    kept in the ecliptic of J2000, the frame the kernel works in). Rows are departure dates;
    a chunk is ``(c3, vinf_d, vinf_a, dla, rla, dv_d, dv_a, status)``, each (rows, N).
    """

    what: ClassVar[str] = "the grid"
    size_fix: ClassVar[str] = "use a larger step (--step-days) or narrower date ranges"

    depart_body: str
    arrive_body: str
    depart_tdb_s: np.ndarray = field(repr=False)  # (M,) TDB s past J2000
    arrive_tdb_s: np.ndarray = field(repr=False)  # (N,)
    revs: int = 0
    low_path: bool = True
    parking_alt_km: float = PARKING_ALT_KM
    capture_periapsis_alt_km: float | None = CAPTURE_PERIAPSIS_ALT_KM
    capture_period_s: float | None = CAPTURE_PERIOD_S
    vp_capture_km_s: float = math.nan  # periapsis speed of the capture orbit; NaN: no capture
    max_cells: int = MAX_CELLS
    # Filled from DE440 on construction: (M, 3) / (N, 3), km and km/s, ecliptic of J2000.
    r1_ecl_km: np.ndarray = field(init=False, repr=False)
    v1_ecl_km_s: np.ndarray = field(init=False, repr=False)
    r2_ecl_km: np.ndarray = field(init=False, repr=False)
    v2_ecl_km_s: np.ndarray = field(init=False, repr=False)

    def __post_init__(self):
        # Size checked first, then DE440 once per date.
        _inputs.fill_states(self, self.depart_tdb_s, self.arrive_tdb_s)

    @property
    def shape(self) -> tuple[int, int]:
        """``(M, N)``: departures x arrivals."""
        return (self.depart_tdb_s.size, self.arrive_tdb_s.size)

    @property
    def n_rows(self) -> int:
        return self.depart_tdb_s.size

    @property
    def row_cells(self) -> int:
        return self.arrive_tdb_s.size

    def size_text(self) -> str:
        m, n = self.shape
        return f"{m} x {n} = {m * n:,} cells"

    def chunk(self, start: int, stop: int) -> tuple[np.ndarray, ...]:
        """Departure rows ``start:stop``: the (stop - start, N) arrays of :data:`_OUTPUTS`."""
        rows, n = stop - start, self.arrive_tdb_s.size
        outs = [np.empty((rows, n)) for _ in _OUTPUTS[:-1]] + [np.empty((rows, n), np.int8)]
        rp_d = RADIUS_KM[self.depart_body] + self.parking_alt_km
        rp_a = RADIUS_KM[self.arrive_body] + (self.capture_periapsis_alt_km or 0.0)
        grid_kernel(
            GM_SUN_KM3_S2, self.r1_ecl_km[start:stop], self.v1_ecl_km_s[start:stop],
            self.depart_tdb_s[start:stop], self.r2_ecl_km, self.v2_ecl_km_s, self.arrive_tdb_s,
            self.revs, self.low_path, GM_KM3_S2[self.depart_body], rp_d,
            GM_KM3_S2[self.arrive_body], rp_a, self.vp_capture_km_s,
            EQ_TO_ECL[1, 1], EQ_TO_ECL[1, 2], *outs,
        )  # fmt: skip
        return tuple(outs)

    def combine(self, parts: Sequence[tuple]) -> PorkchopGrid:
        """Stack the chunks (in row order) into a :class:`PorkchopGrid`."""
        c3, vd, va, dla, rla, dvd, dva, status = (_stack(parts, k) for k in range(len(_OUTPUTS)))
        tof = (self.arrive_tdb_s[None, :] - self.depart_tdb_s[:, None]) / DAY_S
        tof[status == STATUS_ARRIVAL_NOT_AFTER_DEPARTURE] = np.nan
        return PorkchopGrid(
            depart_body=self.depart_body,
            arrive_body=self.arrive_body,
            depart_tdb_s=self.depart_tdb_s,
            arrive_tdb_s=self.arrive_tdb_s,
            c3_km2_s2=c3,
            vinf_depart_km_s=vd,
            vinf_arrive_km_s=va,
            tof_days=tof,
            dla_deg=dla,
            rla_deg=rla,
            dv_depart_km_s=dvd,
            dv_arrive_km_s=dva,
            dv_total_km_s=dvd + dva,
            status=status,
            revs=self.revs,
            parking_alt_km=self.parking_alt_km,
            capture_periapsis_alt_km=self.capture_periapsis_alt_km,
            capture_period_s=self.capture_period_s,
            low_path=self.low_path,
            _vp_capture_km_s=self.vp_capture_km_s,
        )


def porkchop_job(
    depart_body,
    arrive_body,
    depart_tdb_s,
    arrive_tdb_s,
    *,
    revs=0,
    low_path=True,
    parking_alt_km=PARKING_ALT_KM,
    capture_periapsis_alt_km=CAPTURE_PERIAPSIS_ALT_KM,
    capture_period_s=CAPTURE_PERIOD_S,
    max_cells=MAX_CELLS,
) -> PorkchopJob:
    """Check a porkchop request and build its job (ephemeris once per date, no Lambert yet).

    Arguments as :func:`porkchop`. Run the job with :func:`sojourn.core.jobs.run` (here) or
    :func:`sojourn.distributed.run` (on Dask).
    """
    dep, arr = check_body_pair(depart_body, arrive_body)  # different, not the Earth and Moon
    t1 = _inputs.dates("depart_tdb_s", depart_tdb_s)
    t2 = _inputs.dates("arrive_tdb_s", arrive_tdb_s)
    m_revs = _inputs.revs(revs)
    if not t2.max() > t1.min():
        raise InputError(
            f"the arrival dates (latest {utc_iso(t2.max())[:10]}) all lie before the first "
            f"departure ({utc_iso(t1.min())[:10]}); give arrival dates after the departures"
        )
    if not (math.isfinite(parking_alt_km) and parking_alt_km >= 0):
        raise InputError(f"'parking_alt_km' must be >= 0, got {parking_alt_km!r}")
    vp = _inputs.capture_speed(arr, capture_periapsis_alt_km, capture_period_s)
    return PorkchopJob(
        depart_body=dep,
        arrive_body=arr,
        depart_tdb_s=t1,
        arrive_tdb_s=t2,
        revs=m_revs,
        low_path=bool(low_path),
        parking_alt_km=float(parking_alt_km),
        capture_periapsis_alt_km=None if math.isnan(vp) else float(capture_periapsis_alt_km),
        capture_period_s=None if math.isnan(vp) else float(capture_period_s),
        vp_capture_km_s=vp,
        max_cells=int(max_cells),
    )


# --- The result ---------------------------------------------------------------------------
class LaunchPeriod(NamedTuple):
    """Departures with some arrival under a C3 limit (a tuple: ``first, last, n_days``)."""

    first_depart_tdb_s: float
    last_depart_tdb_s: float
    #: Span from first to last departure inclusive of the last grid day,
    #: ``(last - first) / 86400 + step_days``; the period may have gaps.
    n_days: float


@dataclass(frozen=True)
class GridCell:
    """The values of one grid cell (row ``i`` = departure, column ``j`` = arrival)."""

    i: int
    j: int
    depart_tdb_s: float
    arrive_tdb_s: float
    tof_days: float
    c3_km2_s2: float
    vinf_depart_km_s: float
    vinf_arrive_km_s: float
    dla_deg: float
    rla_deg: float
    dv_depart_km_s: float
    dv_arrive_km_s: float
    dv_total_km_s: float
    status: int

    def to_dict(self) -> dict:
        """Times as UTC ISO text (``depart_utc``, ``arrive_utc``) and every value."""
        d = {k: v for k, v in self.__dict__.items() if k not in ("depart_tdb_s", "arrive_tdb_s")}
        return {
            "depart_utc": utc_iso(self.depart_tdb_s),
            "arrive_utc": utc_iso(self.arrive_tdb_s),
            **d,
        }


@dataclass(frozen=True, repr=False)
class PorkchopGrid:
    """Every ballistic transfer between M departure and N arrival dates.

    Arrays are (M, N), row = departure, column = arrival; NaN where ``status != 0``
    (:data:`GRID_STATUS`). Velocities km/s, C3 km^2/s^2, angles degrees (DLA/RLA of the
    outgoing asymptote, ICRF/J2000 equator), times TDB seconds past J2000.
    """

    depart_body: str
    arrive_body: str
    depart_tdb_s: np.ndarray
    arrive_tdb_s: np.ndarray
    c3_km2_s2: np.ndarray
    vinf_depart_km_s: np.ndarray
    vinf_arrive_km_s: np.ndarray
    tof_days: np.ndarray
    dla_deg: np.ndarray
    rla_deg: np.ndarray
    dv_depart_km_s: np.ndarray
    dv_arrive_km_s: np.ndarray
    dv_total_km_s: np.ndarray
    status: np.ndarray
    revs: int
    parking_alt_km: float
    capture_periapsis_alt_km: float | None
    capture_period_s: float | None
    low_path: bool = True
    _vp_capture_km_s: float = field(default=math.nan, repr=False)

    # -- pure array accessors (no ephemeris, no Lambert) --
    @property
    def n_points(self) -> int:
        return int(self.status.size)

    @property
    def n_converged(self) -> int:
        return int(np.count_nonzero(self.status == 0))

    @property
    def depart_step_days(self) -> float:
        """Spacing of the departure dates, days (median; 1 for a single date)."""
        return _inputs.step_s(self.depart_tdb_s) / DAY_S

    @property
    def arrive_step_days(self) -> float:
        """Spacing of the arrival dates, days (median; 1 for a single date)."""
        return _inputs.step_s(self.arrive_tdb_s) / DAY_S

    def best_cell(self, criterion: str = "c3") -> tuple[int, int]:
        """``(i, j)`` of the cell with the least ``criterion`` (:data:`CRITERIA`). No ephemeris.

        Raises
        ------
        InputError
            Unknown criterion, or no cell converged.
        """
        values = getattr(self, _criterion_field(criterion))
        if not np.isfinite(values).any():
            raise InputError(
                f"no transfer converged in the {self.status.shape[0]} x "
                f"{self.status.shape[1]} grid from {self.depart_body} to {self.arrive_body}; "
                "widen the arrival range or check that arrivals follow departures"
            )
        i, j = divmod(int(np.nanargmin(values)), values.shape[1])
        return i, j

    def cell(self, i: int, j: int) -> GridCell:
        """The values of cell ``(i, j)`` as stored in the grid. No ephemeris."""
        i, j = int(i), int(j)
        return GridCell(
            i=i,
            j=j,
            depart_tdb_s=float(self.depart_tdb_s[i]),
            arrive_tdb_s=float(self.arrive_tdb_s[j]),
            tof_days=float(self.tof_days[i, j]),
            c3_km2_s2=float(self.c3_km2_s2[i, j]),
            vinf_depart_km_s=float(self.vinf_depart_km_s[i, j]),
            vinf_arrive_km_s=float(self.vinf_arrive_km_s[i, j]),
            dla_deg=float(self.dla_deg[i, j]),
            rla_deg=float(self.rla_deg[i, j]),
            dv_depart_km_s=float(self.dv_depart_km_s[i, j]),
            dv_arrive_km_s=float(self.dv_arrive_km_s[i, j]),
            dv_total_km_s=float(self.dv_total_km_s[i, j]),
            status=int(self.status[i, j]),
        )

    def launch_period(self, c3_max_km2_s2: float) -> LaunchPeriod | None:
        """First and last departure with some arrival at C3 <= ``c3_max_km2_s2``. No ephemeris.

        Returns
        -------
        LaunchPeriod or None
            ``(first_depart_tdb_s, last_depart_tdb_s, n_days)``; ``n_days`` is
            ``(last - first) / 86400 + depart_step_days`` (the period may have gaps: rows
            inside it with no arrival under the limit). None if no cell meets the limit.
        """
        if not (np.isscalar(c3_max_km2_s2) and float(c3_max_km2_s2) > 0):
            raise InputError(f"'c3_max_km2_s2' must be > 0, got {c3_max_km2_s2!r}")
        with np.errstate(invalid="ignore"):
            ok = (self.c3_km2_s2 <= c3_max_km2_s2).any(axis=1)
        rows = np.flatnonzero(ok)
        if rows.size == 0:
            return None
        first = float(self.depart_tdb_s[rows[0]])
        last = float(self.depart_tdb_s[rows[-1]])
        return LaunchPeriod(first, last, (last - first) / DAY_S + self.depart_step_days)

    # -- domain helpers (these read the ephemeris) --
    def best(self, criterion: str = "c3") -> Transfer:
        """The best cell (:meth:`best_cell`) rebuilt as a :class:`~sojourn.transfer.Transfer`.

        Reads DE440 and solves Lambert again (for the transfer's full state); pictures use
        :meth:`best_cell` and :meth:`cell` instead.
        """
        i, j = self.best_cell(criterion)
        return transfer(
            self.depart_body,
            self.arrive_body,
            float(self.depart_tdb_s[i]),
            float(self.arrive_tdb_s[j]),
            revs=self.revs,
            low_path=self.low_path if self.revs > 0 else None,
        )

    def delta_v(self, t: Transfer) -> dict:
        """Departure, capture and total delta-v, km/s, of a transfer under this grid's orbits."""
        dv_d, dv_a = _delta_v(
            self.depart_body,
            self.arrive_body,
            t.vinf_depart_km_s,
            t.vinf_arrive_km_s,
            self.parking_alt_km,
            self.capture_periapsis_alt_km,
            self._vp_capture_km_s,
        )
        return {"dv_depart_km_s": dv_d, "dv_arrive_km_s": dv_a, "dv_total_km_s": dv_d + dv_a}

    def transfer_dict(self, t: Transfer) -> dict:
        """DESIGN.md ``transfer`` object plus this grid's delta-v figures."""
        return {**t.to_dict(), **self.delta_v(t)}

    def to_dict(self, criterion: str = "c3") -> dict:
        """Summary (DESIGN.md ``windows``): :meth:`summary_dict` and ``best`` (the best cell).

        ``best`` rebuilds the best cell's transfer (:meth:`best`: ephemeris and Lambert);
        :class:`sojourn.windows.study.PorkchopStudy` adds the refined optimum and the timing.
        """
        out = self.summary_dict(criterion)
        out["best"] = self.transfer_dict(self.best(criterion)) if self.n_converged else None
        return out

    def summary_dict(self, criterion: str = "c3") -> dict:
        """The grid's figures without any transfer: bodies, sizes, date ranges, orbits (pure)."""
        return {
            "from": self.depart_body,
            "to": self.arrive_body,
            "criterion": criterion,
            "n_points": self.n_points,
            "n_converged": self.n_converged,
            "n_depart": int(self.depart_tdb_s.size),
            "n_arrive": int(self.arrive_tdb_s.size),
            "depart_range_utc": [utc_iso(self.depart_tdb_s[0]), utc_iso(self.depart_tdb_s[-1])],
            "arrive_range_utc": [utc_iso(self.arrive_tdb_s[0]), utc_iso(self.arrive_tdb_s[-1])],
            "revs": self.revs,
            "parking_alt_km": self.parking_alt_km,
            "capture_periapsis_alt_km": self.capture_periapsis_alt_km,
            "capture_period_s": self.capture_period_s,
        }

    # -- tables --
    def to_xarray(self):
        """An :class:`xarray.Dataset` over dims ``depart`` x ``arrive`` (optional extra).

        Coordinates ``depart``/``arrive`` are UTC ``datetime64[ms]``, with the TDB seconds as
        ``depart_tdb_s``/``arrive_tdb_s``; variables are the grid's (M, N) arrays under their
        own names (``c3_km2_s2``, ``vinf_depart_km_s``, ..., ``status``); attributes hold the
        bodies, the revolutions and the parking and capture orbits (None ones left out).
        """
        dims = ("depart", "arrive")
        names = (
            "c3_km2_s2", "vinf_depart_km_s", "vinf_arrive_km_s", "tof_days", "dla_deg",
            "rla_deg", "dv_depart_km_s", "dv_arrive_km_s", "dv_total_km_s", "status",
        )  # fmt: skip
        attrs = {
            "depart_body": self.depart_body,
            "arrive_body": self.arrive_body,
            "revs": self.revs,
            "low_path": int(self.low_path),
            "parking_alt_km": self.parking_alt_km,
            "capture_periapsis_alt_km": self.capture_periapsis_alt_km,
            "capture_period_s": self.capture_period_s,
            "status_meaning": "; ".join(f"{k}: {v}" for k, v in GRID_STATUS.items()),
            "time_scale": "coordinates UTC; *_tdb_s TDB seconds past J2000",
        }
        return tabular.to_xarray(
            {name: (dims, getattr(self, name)) for name in names},
            {
                "depart": ("depart", _inputs.datetime64(self.depart_tdb_s)),
                "arrive": ("arrive", _inputs.datetime64(self.arrive_tdb_s)),
                "depart_tdb_s": ("depart", self.depart_tdb_s),
                "arrive_tdb_s": ("arrive", self.arrive_tdb_s),
            },
            {k: v for k, v in attrs.items() if v is not None},
        )

    def __repr__(self) -> str:
        m, n = self.status.shape
        span = f"{utc_iso(self.depart_tdb_s[0])[:10]}..{utc_iso(self.depart_tdb_s[-1])[:10]}"
        span += f" x {utc_iso(self.arrive_tdb_s[0])[:10]}..{utc_iso(self.arrive_tdb_s[-1])[:10]}"
        revs = f", {self.revs} rev" if self.revs else ""
        return (
            f"PorkchopGrid({self.depart_body}->{self.arrive_body}, {m}x{n} cells, {span}, "
            f"{self.n_converged:,} converged{revs})"
        )


def porkchop(
    depart_body,
    arrive_body,
    depart_tdb_s,
    arrive_tdb_s,
    *,
    revs=0,
    low_path=True,
    parking_alt_km=PARKING_ALT_KM,
    capture_periapsis_alt_km=CAPTURE_PERIAPSIS_ALT_KM,
    capture_period_s=CAPTURE_PERIOD_S,
    chunk_cells=CHUNK_CELLS,
    max_cells=MAX_CELLS,
    progress: Progress | None = None,
) -> PorkchopGrid:
    """Porkchop grid: every prograde ballistic transfer between two sets of dates.

    Parameters
    ----------
    depart_body, arrive_body : str
        Planet (or Moon) names, e.g. ``"earth"``, ``"mars"``.
    depart_tdb_s : array_like (M,)
        Departure dates, TDB s past J2000 (e.g. :func:`sojourn.core.time.date_range`).
    arrive_tdb_s : array_like (N,)
        Arrival dates, TDB s past J2000.
    revs : int
        Complete revolutions about the Sun (0: direct).
    low_path : bool
        For ``revs > 0``, the low-path branch (see :func:`sojourn.core.lambert.lambert_izzo`).
    parking_alt_km : float
        Altitude of the circular parking orbit at departure, km (departure delta-v; default
        :data:`sojourn.core.defaults.PARKING_ALT_KM`).
    capture_periapsis_alt_km, capture_period_s : float or None
        Capture orbit at arrival (periapsis altitude km, period s; default 250 km, 1 sol, from
        :mod:`sojourn.core.defaults`). ``capture_period_s=None``: no capture (flyby or direct
        entry), ``dv_arrive = 0``.
    chunk_cells : int
        About this many cells per chunk of departure rows (bounds temporary memory).
    max_cells : int
        Refuse grids larger than this (:class:`~sojourn.errors.InputError` with the fix).
    progress : callable(done_cells, total_cells) or None
        Called after each chunk.

    Returns
    -------
    PorkchopGrid

    Raises
    ------
    InputError
        Unknown or equal bodies, empty or non-finite dates, every arrival before the first
        departure, too many cells, negative ``revs`` or altitudes, impossible capture orbit.
    EphemerisRangeError
        A date outside DE440.
    """
    job = porkchop_job(
        depart_body,
        arrive_body,
        depart_tdb_s,
        arrive_tdb_s,
        revs=revs,
        low_path=low_path,
        parking_alt_km=parking_alt_km,
        capture_periapsis_alt_km=capture_periapsis_alt_km,
        capture_period_s=capture_period_s,
        max_cells=max_cells,
    )
    return run(job, chunk_cells, progress)


def launch_period(grid: PorkchopGrid, c3_max_km2_s2: float) -> LaunchPeriod | None:
    """:meth:`PorkchopGrid.launch_period` as a function (first, last departure, n_days)."""
    return grid.launch_period(c3_max_km2_s2)

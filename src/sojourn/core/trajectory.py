"""A spacecraft's planned path: sampled states, a callable, or pieces joined end to end.

A :class:`Trajectory` answers "where is the spacecraft at these times" for whole arrays of
times, Sun-centred ICRF (km, km/s, TDB s past J2000). It is built

- from sampled states (:meth:`Trajectory.from_states`): each time is propagated two-body about
  the Sun from the nearest sample at or before it (:func:`sojourn.core.kepler.propagate`); from
  positions only, linear interpolation;
- from a callable ``f(t (N,)) -> r_km (N, 3)`` or ``(r_km, v_km_s)``
  (:meth:`Trajectory.from_callable`);
- from pieces (:meth:`Trajectory.piecewise`): Kepler arcs (:func:`kepler_arc`, a state and a
  span, two-body about a centre) and stretches spent with a body (:func:`body_arc`, the body's
  DE440 ephemeris over a span), e.g. a round trip's outbound arc, the target during the stay
  and the return arc. Each time is answered by the piece whose span holds it; a time on the
  seam between two pieces belongs to the earlier piece, times before the first piece to the
  first and after the last to the last (coasted back / forward, for light-time retardation).

Trajectories take plain arrays; domain objects (a Transfer) are read by attribute only
(:meth:`Trajectory.from_transfer`), so ``core`` imports nothing above it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from sojourn.core.constants import GM_SUN_KM3_S2
from sojourn.errors import InputError

__all__ = ["BodyArc", "KeplerArc", "Trajectory", "as_trajectory", "body_arc", "kepler_arc"]


@dataclass(frozen=True)
class KeplerArc:
    """A two-body arc from the state ``(r0_km, v0_km_s)`` at ``t0_tdb_s``, over ``[t0, t1]``.

    ``r0_km``, ``v0_km_s`` (3,) are relative to ``center`` (ICRF); ``mu_km3_s2`` is its GM.
    """

    t0_tdb_s: float
    r0_km: np.ndarray
    v0_km_s: np.ndarray
    t1_tdb_s: float
    mu_km3_s2: float = GM_SUN_KM3_S2
    center: str = "sun"

    @property
    def span_tdb_s(self) -> tuple[float, float]:
        return self.t0_tdb_s, self.t1_tdb_s

    def state(self, t_tdb_s: np.ndarray):
        """``(r_km, v_km_s)`` (N, 3) at times (N,), relative to ``center``."""
        from sojourn.core.kepler import propagate

        return propagate(self.r0_km, self.v0_km_s, t_tdb_s - self.t0_tdb_s, self.mu_km3_s2)


@dataclass(frozen=True)
class BodyArc:
    """A body's DE440 state relative to ``center`` over ``[t0_tdb_s, t1_tdb_s]``."""

    body: str
    t0_tdb_s: float
    t1_tdb_s: float
    center: str = "sun"

    @property
    def span_tdb_s(self) -> tuple[float, float]:
        return self.t0_tdb_s, self.t1_tdb_s

    def state(self, t_tdb_s: np.ndarray):
        """``(r_km, v_km_s)`` (N, 3) at times (N,), relative to ``center``."""
        from sojourn.core import ephemeris

        return ephemeris.state(self.body, t_tdb_s, center=self.center)


def kepler_arc(
    t0_tdb_s: float,
    r0_km,
    v0_km_s,
    t1_tdb_s: float,
    mu_km3_s2: float = GM_SUN_KM3_S2,
    center: str = "sun",
) -> KeplerArc:
    """A two-body piece: state ``r0_km, v0_km_s`` (3,) at ``t0_tdb_s``, flown to ``t1_tdb_s``.

    Parameters
    ----------
    t0_tdb_s, t1_tdb_s : float
        Start (the state's epoch) and end of the piece, TDB s past J2000; ``t1 > t0``.
    r0_km, v0_km_s : array (3,)
        State at ``t0``, km and km/s, ICRF, relative to ``center``.
    mu_km3_s2 : float
        GM of the centre, km^3/s^2 (default the Sun's, DE440).
    """
    r = np.asarray(r0_km, dtype=np.float64).reshape(3)
    v = np.asarray(v0_km_s, dtype=np.float64).reshape(3)
    t0, t1 = float(t0_tdb_s), float(t1_tdb_s)
    if not (np.all(np.isfinite(r)) and np.all(np.isfinite(v)) and np.isfinite(t0)):
        raise InputError("a Kepler arc needs a finite state r0_km, v0_km_s and epoch t0_tdb_s")
    if not t1 > t0:
        raise InputError(f"a Kepler arc must end after it starts: t0 {t0}, t1 {t1} (TDB s)")
    return KeplerArc(t0, r, v, t1, float(mu_km3_s2), center)


def body_arc(body: str, t0_tdb_s: float, t1_tdb_s: float, center: str = "sun") -> BodyArc:
    """A piece spent with ``body`` (its DE440 state) from ``t0_tdb_s`` to ``t1_tdb_s``."""
    from sojourn.core import ephemeris

    name = str(body).strip().lower()
    ephemeris.naif_id(name, "body")  # UnknownBodyError with the list
    t0, t1 = float(t0_tdb_s), float(t1_tdb_s)
    if not t1 >= t0:
        raise InputError(f"a body arc must not end before it starts: t0 {t0}, t1 {t1} (TDB s)")
    return BodyArc(name, t0, t1, center)


def _piecewise_func(pieces: tuple):
    # Seams: a time t belongs to the first piece whose end is >= t (so the earlier piece
    # owns a seam), the last piece beyond the last seam.
    seams = np.array([p.t1_tdb_s for p in pieces[:-1]], dtype=np.float64)

    def f(t):
        t = np.asarray(t, dtype=np.float64)
        k = np.searchsorted(seams, t, side="left")
        r = np.empty(t.shape + (3,))
        v = np.empty(t.shape + (3,))
        for j, p in enumerate(pieces):  # one vectorized call per piece
            m = k == j
            if m.any():
                r[m], v[m] = p.state(t[m])
        return r, v

    return f


@dataclass(frozen=True)
class Trajectory:
    """A spacecraft's planned path, Sun-centred ICRF, over ``[start_tdb_s, end_tdb_s]``.

    Built from sampled states (propagated two-body about the Sun from the nearest sample at
    or before each requested time), from sampled positions only (linear interpolation; give
    samples dense enough), from a callable ``f(t_tdb_s (N,)) -> r_km (N, 3)`` or
    ``-> (r_km, v_km_s)``, or from pieces (:meth:`piecewise`).

    Attributes
    ----------
    t_tdb_s : ndarray (N,)
        Sample epochs, TDB s past J2000, increasing (empty for a callable).
    r_km, v_km_s : ndarray (N, 3)
        Sampled positions (km) and velocities (km/s, or None), Sun-centred ICRF.
    func : callable or None
        The callable form.
    start_tdb_s, end_tdb_s : float
        The span over which the trajectory is defined.
    name : str
        A label for output.
    pieces : tuple of KeplerArc / BodyArc
        The pieces of a piecewise trajectory (empty otherwise).
    """

    t_tdb_s: np.ndarray
    r_km: np.ndarray
    v_km_s: np.ndarray | None
    start_tdb_s: float
    end_tdb_s: float
    func: Callable | None = None
    name: str = "spacecraft"
    pieces: tuple = ()

    @classmethod
    def from_states(cls, t_tdb_s, r_km, v_km_s=None, end_tdb_s=None, name="spacecraft"):
        """Trajectory from samples ``t_tdb_s (N,)``, ``r_km (N, 3)`` and optional ``v_km_s (N, 3)``.

        With velocities, one sample is enough and ``end_tdb_s`` may extend the span past the
        last sample (two-body coast about the Sun).
        """
        t = np.atleast_1d(np.asarray(t_tdb_s, dtype=np.float64))
        r = np.asarray(r_km, dtype=np.float64).reshape(-1, 3)
        v = None if v_km_s is None else np.asarray(v_km_s, dtype=np.float64).reshape(-1, 3)
        if t.ndim != 1 or r.shape[0] != t.size or (v is not None and v.shape[0] != t.size):
            raise InputError(
                f"trajectory samples must be t_tdb_s (N,), r_km (N, 3), v_km_s (N, 3); got "
                f"{t.shape}, {np.shape(r_km)}, {None if v_km_s is None else np.shape(v_km_s)}"
            )
        if t.size == 0 or not np.all(np.isfinite(t)) or np.any(np.diff(t) <= 0):
            raise InputError(
                "trajectory 't_tdb_s' must be finite, non-empty and strictly increasing"
            )
        if v is None and t.size < 2:
            raise InputError(
                "a trajectory of positions only needs at least 2 samples; give v_km_s too"
            )
        end = float(t[-1]) if end_tdb_s is None else float(end_tdb_s)
        if end < t[-1] or (v is None and end != t[-1]):
            raise InputError(
                f"'end_tdb_s' ({end}) must be >= the last sample ({t[-1]}) and needs velocities "
                "to extend past it"
            )
        return cls(t, r, v, float(t[0]), end, None, name)

    @classmethod
    def from_callable(cls, func, start_tdb_s, end_tdb_s, name="spacecraft"):
        """Trajectory from ``func(t_tdb_s (N,)) -> r_km (N, 3)`` or ``(r_km, v_km_s)``."""
        if not float(end_tdb_s) > float(start_tdb_s):
            raise InputError(
                f"trajectory span must have end > start, got {start_tdb_s}, {end_tdb_s}"
            )
        e = np.empty(0)
        return cls(e, e.reshape(0, 3), None, float(start_tdb_s), float(end_tdb_s), func, name)

    @classmethod
    def piecewise(cls, pieces: Sequence[KeplerArc | BodyArc], name="spacecraft"):
        """Trajectory from pieces flown one after the other (:func:`kepler_arc`, :func:`body_arc`).

        Pieces must be Sun-centred, in time order and contiguous (each starts where the one
        before ends, to 1 ms). The span runs from the first piece's start to the last's end.

        Examples
        --------
        A round trip (``out`` and ``back`` hold the departure states of two Lambert arcs)::

            Trajectory.piecewise([
                kepler_arc(t_dep, r1_out, v1_out, t_arr),
                body_arc("mars", t_arr, t_back),
                kepler_arc(t_back, r1_back, v1_back, t_home),
            ], name="crew vehicle")
        """
        ps = tuple(pieces)
        if not ps or not all(isinstance(p, (KeplerArc, BodyArc)) for p in ps):
            raise InputError(
                "'pieces' must be a non-empty sequence of kepler_arc(...) / body_arc(...) pieces"
            )
        for p in ps:
            if p.center != "sun":
                raise InputError(f"trajectory pieces must be Sun-centred, got center {p.center!r}")
        for i in range(1, len(ps)):
            gap = ps[i].t0_tdb_s - ps[i - 1].t1_tdb_s
            if abs(gap) > 1e-3:
                raise InputError(
                    f"trajectory piece {i} starts {gap:+.3f} s from the end of piece {i - 1}; "
                    "pieces must follow each other without gaps or overlaps"
                )
        t0, t1 = ps[0].t0_tdb_s, ps[-1].t1_tdb_s
        if not t1 > t0:
            raise InputError(f"trajectory span must have end > start, got {t0}, {t1}")
        e = np.empty(0)
        return cls(e, e.reshape(0, 3), None, t0, t1, _piecewise_func(ps), name, ps)

    @classmethod
    def from_transfer(cls, t, name=None):
        """The ballistic arc of a :class:`sojourn.transfer.Transfer`, departure to arrival."""
        return cls.from_states(
            [t.depart_tdb_s],
            [t.r1_km],
            [t.v1_km_s],
            end_tdb_s=t.arrive_tdb_s,
            name=name or f"{t.depart_body}->{t.arrive_body}",
        )

    def _check(self, t, allow_before_s=0.0):
        eps = 1e-6
        bad = (
            (t < self.start_tdb_s - eps - allow_before_s)
            | (t > self.end_tdb_s + eps)
            | ~np.isfinite(t)
        )
        if bad.any():
            from sojourn.core.time import utc_iso

            first = float(t[bad].flat[0])
            where = utc_iso(first) if np.isfinite(first) else repr(first)
            raise InputError(
                f"time {where} UTC is outside the trajectory '{self.name}', which runs "
                f"{utc_iso(self.start_tdb_s)} to {utc_iso(self.end_tdb_s)} UTC; "
                "choose times in that span"
            )

    def state(self, t_tdb_s, allow_before_s=0.0):
        """``(r_km, v_km_s)`` at ``t_tdb_s`` (any shape), Sun-centred ICRF; v is None if unknown.

        ``allow_before_s`` lets light-time-retarded epochs fall that much before the start
        (coasted back from the first sample, or held at it for positions-only samples).
        """
        t = np.asarray(t_tdb_s, dtype=np.float64)
        self._check(t, allow_before_s)
        flat = t.reshape(-1)
        if self.func is not None:
            out = self.func(flat)
            if isinstance(out, tuple):
                r, v = np.asarray(out[0], dtype=np.float64), np.asarray(out[1], dtype=np.float64)
                return r.reshape(t.shape + (3,)), v.reshape(t.shape + (3,))
            return np.asarray(out, dtype=np.float64).reshape(t.shape + (3,)), None
        if self.v_km_s is not None:
            from sojourn.core.kepler import propagate

            i = np.clip(
                np.searchsorted(self.t_tdb_s, flat, side="right") - 1, 0, self.t_tdb_s.size - 1
            )
            r, v = propagate(self.r_km[i], self.v_km_s[i], flat - self.t_tdb_s[i], GM_SUN_KM3_S2)
            return r.reshape(t.shape + (3,)), v.reshape(t.shape + (3,))
        r = np.stack([np.interp(flat, self.t_tdb_s, self.r_km[:, k]) for k in range(3)], -1)
        return r.reshape(t.shape + (3,)), None

    def position(self, t_tdb_s):
        """Sun-centred ICRF position, km, at ``t_tdb_s`` (any shape) -> (..., 3)."""
        return self.state(t_tdb_s)[0]


def as_trajectory(obj) -> Trajectory:
    """A :class:`Trajectory` from a Trajectory, a Transfer, or a tuple ``(t, r[, v])``."""
    if isinstance(obj, Trajectory):
        return obj
    if hasattr(obj, "r1_km") and hasattr(obj, "v1_km_s") and hasattr(obj, "depart_tdb_s"):
        return Trajectory.from_transfer(obj)
    if isinstance(obj, tuple) and len(obj) in (2, 3):
        return Trajectory.from_states(*obj)
    raise InputError(
        "a trajectory must be a sojourn.core.trajectory.Trajectory, a Transfer, or "
        f"(t_tdb_s, r_km[, v_km_s]); got {type(obj).__name__}"
    )

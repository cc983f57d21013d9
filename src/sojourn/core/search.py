"""The one event finder: level crossings and extrema of a function of time.

In the manner of skyfield's ``searchlib`` (``find_discrete``, ``find_maxima``,
``find_minima``): the caller gives a function ``f(t (N,)) -> y (N,)`` that is evaluated on
whole arrays of times and a sampling grid fine enough to separate the events; the finder
brackets every event on the grid and refines all brackets together, one call of ``f`` per
refinement step for all of them (never one Python call per sample or per event).

- Crossings of a level (:func:`find_crossings`): a crossing lies between grid samples ``i``
  and ``i + 1`` when ``f < level`` holds at one and not the other; bisection on that
  predicate halves every bracket per step until it is shorter than ``tol_s`` (Press et al.,
  *Numerical Recipes*, 3rd ed., sec. 9.1). A *rising* crossing goes from ``f < level`` to
  ``f >= level``.
- Extrema (:func:`find_minima`, :func:`find_maxima`): a local minimum lies around grid sample
  ``i`` when ``y[i] < y[i-1]`` and ``y[i] <= y[i+1]`` (a plateau counts once, at its first
  sample); golden-section search (Numerical Recipes sec. 10.2) shrinks the bracket
  ``[t[i-1], t[i+1]]`` by 0.618 per step until it is shorter than ``tol_s``, or, with
  ``points=n``, a multi-section search samples n points per bracket per step (fewer calls of
  ``f``, for functions whose cost is per call). Neither needs a derivative or smoothness (a
  V-shaped minimum, such as a distance passing through zero, is found as well as a
  parabolic one).

Events closer together than a grid step can be missed, as in any sampled search; the caller
chooses the step. Times are in whatever unit ``t`` is given (TDB seconds past J2000 in
Sojourn); the bracketed refinements (:func:`refine_crossings`, :func:`refine_minima`) work on
any monotone argument (an altitude, an angle) with ``tol`` in its unit.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

__all__ = [
    "find_crossings",
    "find_maxima",
    "find_minima",
    "local_minima",
    "refine_crossings",
    "refine_minima",
]

_GOLDEN = (math.sqrt(5.0) - 1.0) / 2.0  # 0.618..., the bracket's shrink factor per step


def _values(f, t, y):
    t = np.asarray(t, dtype=np.float64)
    if t.ndim != 1 or t.size < 2:
        raise ValueError(f"the search grid must be 1-D with >= 2 samples, got shape {t.shape}")
    y = f(t) if y is None else y
    y = np.asarray(y, dtype=np.float64)
    if y.shape != t.shape:
        raise ValueError(f"f(t) must have the grid's shape {t.shape}, got {y.shape}")
    return t, y


def _steps(width, tol, shrink):
    """Refinement steps that bring every bracket of ``width`` under ``tol``."""
    w = float(np.max(width)) if np.size(width) else 0.0
    if not (tol > 0.0):
        raise ValueError(f"the tolerance must be > 0, got {tol}")
    if w <= tol:
        return 0
    return int(math.ceil(math.log(tol / w) / math.log(shrink)))


def refine_crossings(
    f: Callable[[np.ndarray], np.ndarray], a, b, level: float = 0.0, tol: float = 1e-3
) -> np.ndarray:
    """Crossings of ``level`` by ``f`` inside brackets ``[a, b]``, refined by bisection.

    Parameters
    ----------
    f : callable
        ``f(x (K,)) -> y (K,)``, evaluated once per step on all brackets at once.
    a, b : ndarray (K,)
        Bracket ends; ``f(a) < level`` and ``f(b) < level`` must differ.
    level : float
        The level crossed.
    tol : float
        Final bracket width, in the unit of ``x``.

    Returns
    -------
    ndarray (K,)
        The midpoints of the final brackets (within ``tol / 2`` of the crossing).
    """
    a = np.array(a, dtype=np.float64, copy=True).reshape(-1)
    b = np.array(b, dtype=np.float64, copy=True).reshape(-1)
    if a.size == 0:
        return a
    below_a = np.asarray(f(a)) < level
    for _ in range(_steps(np.abs(b - a), tol, 0.5)):
        m = 0.5 * (a + b)
        same = (np.asarray(f(m)) < level) == below_a
        a = np.where(same, m, a)
        b = np.where(same, b, m)
    return 0.5 * (a + b)


def find_crossings(
    f: Callable[[np.ndarray], np.ndarray],
    t,
    level: float = 0.0,
    direction: int = 0,
    tol_s: float = 1e-3,
    y=None,
) -> tuple[np.ndarray, np.ndarray]:
    """Instants where ``f`` crosses ``level`` over a sampled grid, refined to ``tol_s``.

    Parameters
    ----------
    f : callable
        ``f(t (K,)) -> y (K,)``, vectorized over times.
    t : ndarray (N,)
        Increasing search grid, s (TDB s past J2000 in Sojourn).
    level : float
        The level crossed.
    direction : {0, +1, -1}
        +1: rising crossings only (``f < level`` before, ``f >= level`` after); -1: falling
        only; 0: both.
    tol_s : float
        Refinement tolerance, s (final bracket width).
    y : ndarray (N,), optional
        ``f(t)`` when the caller has it already (saves one evaluation of the grid).

    Returns
    -------
    t_cross : ndarray (K,)
        The crossings, in time order.
    rising : ndarray (K,) of bool
        True for a rising crossing, False for a falling one.
    """
    if direction not in (-1, 0, 1):
        raise ValueError(f"'direction' must be -1, 0 or +1, got {direction!r}")
    t, y = _values(f, t, y)
    below = y < level
    edge = np.diff(below.astype(np.int8))  # -1: rising (below -> not below), +1: falling
    want = (edge != 0) if direction == 0 else (edge == -direction)
    i = np.nonzero(want)[0]
    tc = refine_crossings(f, t[i], t[i + 1], level, tol_s)
    return tc, edge[i] == -1


def local_minima(y) -> np.ndarray:
    """Interior indices i of local minima of ``y (N,)``: y[i] < y[i-1] and y[i] <= y[i+1]."""
    y = np.asarray(y)
    return np.nonzero((y[1:-1] < y[:-2]) & (y[1:-1] <= y[2:]))[0] + 1


def refine_minima(
    f: Callable[[np.ndarray], np.ndarray], lo, hi, tol: float = 1.0, points: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Minima of ``f`` inside brackets ``[lo, hi]``, all brackets refined together.

    Parameters
    ----------
    f : callable
        ``f(x (K,)) -> y (K,)``; one call per step for all brackets.
    lo, hi : ndarray (K,)
        Brackets, each holding one minimum (``f`` unimodal in it).
    tol : float
        Final bracket width, in the unit of ``x``.
    points : int
        0: golden-section search (one new point per bracket per step, the bracket shrinks by
        0.618). n >= 3: multi-section search, n equally spaced interior points per bracket
        per step and the bracket shrinks to the two cells around the best (by 2 / (n + 1)):
        fewer, larger calls, for functions whose cost is mostly per call (an ephemeris read).

    Returns
    -------
    x_min, y_min : ndarray (K,)
        The best point evaluated in each final bracket and its value.
    """
    a = np.array(lo, dtype=np.float64, copy=True).reshape(-1)
    b = np.array(hi, dtype=np.float64, copy=True).reshape(-1)
    if a.size == 0:
        return a, a.copy()
    if points:
        return _multisection(f, a, b, tol, int(points))
    c = b - _GOLDEN * (b - a)
    d = a + _GOLDEN * (b - a)
    yc, yd = np.asarray(f(c), dtype=np.float64), np.asarray(f(d), dtype=np.float64)
    for _ in range(_steps(b - a, tol, _GOLDEN)):
        left = yc <= yd  # the minimum lies in [a, d]; otherwise in [c, b]
        a, b = np.where(left, a, c), np.where(left, d, b)
        # The surviving interior point is reused: one new point per bracket per step.
        x = np.where(left, b - _GOLDEN * (b - a), a + _GOLDEN * (b - a))
        yx = np.asarray(f(x), dtype=np.float64)
        c, d, yc, yd = (
            np.where(left, x, d),
            np.where(left, c, x),
            np.where(left, yx, yd),
            np.where(left, yc, yx),
        )
    best_c = yc <= yd
    return np.where(best_c, c, d), np.where(best_c, yc, yd)


def _multisection(f, a, b, tol, n):
    if n < 3:
        raise ValueError(f"'points' must be 0 (golden section) or >= 3, got {n}")
    u = np.arange(1, n + 1) / (n + 1.0)
    rows = np.arange(a.size)
    best_x = best_y = None
    for _ in range(max(_steps(b - a, tol, 2.0 / (n + 1.0)), 1)):
        h = (b - a) / (n + 1.0)
        x = a[:, None] + (b - a)[:, None] * u[None, :]
        y = np.asarray(f(x.ravel()), dtype=np.float64).reshape(x.shape)
        k = np.argmin(y, axis=1)
        bx, by = x[rows, k], y[rows, k]
        if best_x is not None:
            keep = best_y < by
            bx, by = np.where(keep, best_x, bx), np.where(keep, best_y, by)
        best_x, best_y = bx, by
        a, b = np.maximum(best_x - h, a), np.minimum(best_x + h, b)
    return best_x, best_y


def find_minima(
    f: Callable[[np.ndarray], np.ndarray], t, tol_s: float = 1.0, y=None, points: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Local minima of ``f`` over a sampled grid, refined by golden section to ``tol_s``.

    Parameters
    ----------
    f : callable
        ``f(t (K,)) -> y (K,)``, vectorized over times.
    t : ndarray (N,)
        Increasing search grid, s. End points are never minima (an edge is no event).
    tol_s : float
        Refinement tolerance, s.
    y : ndarray (N,), optional
        ``f(t)`` when the caller has it already.
    points : int
        Refinement: 0 golden section, n >= 3 multi-section (:func:`refine_minima`).

    Returns
    -------
    t_min, y_min : ndarray (K,)
        The minima in time order and the values of ``f`` there.
    """
    t, y = _values(f, t, y)
    i = local_minima(y)
    tm, ym = refine_minima(f, t[i - 1], t[i + 1], tol_s, points)
    # Never worse than the grid sample that flagged the minimum.
    grid_better = y[i] < ym
    return np.where(grid_better, t[i], tm), np.where(grid_better, y[i], ym)


def find_maxima(
    f: Callable[[np.ndarray], np.ndarray], t, tol_s: float = 1.0, y=None, points: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Local maxima of ``f`` over a sampled grid (:func:`find_minima` of ``-f``)."""
    tm, ym = find_minima(
        lambda x: -np.asarray(f(x), dtype=np.float64),
        t,
        tol_s,
        None if y is None else -np.asarray(y, dtype=np.float64),
        points,
    )
    return tm, -ym

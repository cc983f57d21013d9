"""The event finder: crossings and extrema of functions with known answers."""

from __future__ import annotations

import numpy as np
import pytest

from sojourn.core.search import (
    find_crossings,
    find_maxima,
    find_minima,
    local_minima,
    refine_crossings,
    refine_minima,
)


class _Counting:
    """sin(t / 5) that counts its calls and the times it is given."""

    def __init__(self):
        self.calls = 0
        self.points = 0

    def __call__(self, t):
        self.calls += 1
        self.points += np.size(t)
        return np.sin(np.asarray(t) / 5.0)


def test_crossings_of_a_level_with_direction_and_tolerance():
    t = np.linspace(0.0, 100.0, 51)
    f = _Counting()
    tc, rising = find_crossings(f, t, 0.3, tol_s=1e-6)
    # Exact: t = 5 asin(0.3) + 10 pi k (rising), 5 (pi - asin(0.3)) + 10 pi k (falling).
    a = np.arcsin(0.3)
    expect = np.sort(
        np.concatenate(
            [5 * (a + 2 * np.pi * np.arange(4)), 5 * (np.pi - a + 2 * np.pi * np.arange(3))]
        )
    )
    expect = expect[expect <= 100.0]
    np.testing.assert_allclose(tc, expect, atol=1e-6)
    np.testing.assert_array_equal(
        rising, np.isclose(np.sin(tc / 5.0 + 1e-9), 0.3) & (np.cos(tc / 5.0) > 0)
    )
    # Vectorized: one call for the grid, one per bisection step for all brackets together.
    assert f.calls == 1 + 1 + int(np.ceil(np.log2(2.0 / 1e-6)))
    up, _ = find_crossings(np.sin, t, 0.3, direction=+1, tol_s=1e-6)
    down, _ = find_crossings(np.sin, t, 0.3, direction=-1, tol_s=1e-6)
    assert np.all(np.cos(up) > 0) and np.all(np.cos(down) < 0)
    assert up.size + down.size == find_crossings(np.sin, t, 0.3)[0].size


def test_extrema_refined_by_golden_section():
    t = np.linspace(0.0, 100.0, 51)
    tm, ym = find_minima(lambda x: np.sin(x / 5.0), t, tol_s=1e-6)
    np.testing.assert_allclose(tm, 5 * (1.5 * np.pi + 2 * np.pi * np.arange(3)), atol=1e-5)
    np.testing.assert_allclose(ym, -1.0, atol=1e-12)
    tx, yx = find_maxima(lambda x: np.sin(x / 5.0), t, tol_s=1e-6, y=np.sin(t / 5.0))
    np.testing.assert_allclose(tx, 5 * (0.5 * np.pi + 2 * np.pi * np.arange(3)), atol=1e-5)
    np.testing.assert_allclose(yx, 1.0, atol=1e-12)


def test_v_shaped_minimum_and_plateaus():
    # A distance through zero has a kink: golden section does not need a parabola.
    t = np.linspace(0.0, 100.0, 51)
    tm, ym = find_minima(lambda x: np.abs(x - 33.3), t, tol_s=1e-6)
    assert tm == pytest.approx([33.3], abs=1e-6) and ym[0] < 1e-6
    # A plateau counts once, and the ends are never extrema.
    assert list(local_minima(np.array([3.0, 1.0, 1.0, 2.0, 0.0]))) == [1]


def test_bracketed_refinements_and_empty_inputs():
    x = refine_crossings(lambda a: a**2, np.array([0.0, -3.0]), np.array([3.0, 0.0]), 2.0, 1e-9)
    np.testing.assert_allclose(x, [np.sqrt(2), -np.sqrt(2)], atol=1e-9)
    assert refine_crossings(np.sin, [], []).size == 0
    xm, ym = refine_minima(lambda a: (a - 1.0) ** 2, [0.0], [4.0], 1e-8)
    assert xm[0] == pytest.approx(1.0, abs=1e-8)
    tc, rising = find_crossings(np.sin, np.linspace(0.1, 3.0, 10), 5.0)
    assert tc.size == 0 and rising.size == 0
    with pytest.raises(ValueError, match="direction"):
        find_crossings(np.sin, np.linspace(0, 1, 5), direction=2)


def test_multisection_refinement_agrees_with_golden_section_in_fewer_calls():
    t = np.linspace(0.0, 100.0, 51)
    golden, multi = _Counting(), _Counting()
    tg, yg = find_minima(golden, t, tol_s=1e-6)
    tm, ym = find_minima(multi, t, tol_s=1e-6, points=20)
    np.testing.assert_allclose(tm, tg, atol=1e-5)
    np.testing.assert_allclose(ym, yg, atol=1e-12)
    assert multi.calls < golden.calls / 3
    with pytest.raises(ValueError, match="'points'"):
        find_minima(np.sin, t, points=2)

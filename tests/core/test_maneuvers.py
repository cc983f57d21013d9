"""Periapsis impulses against Curtis's worked examples."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sojourn.core.maneuvers import (
    capture_dv_km_s,
    hyperbolic_speed_km_s,
    injection_dv_km_s,
    orbit_periapsis_speed_km_s,
)
from sojourn.errors import InputError


def test_curtis_ex8_4_departure_dv():
    # Curtis, Orbital Mechanics for Engineering Students, 2nd ed., Example 8.4: from a 300 km
    # circular Earth orbit (mu 398600, R 6378) onto v_inf 2.943 km/s: 3.590 km/s (printed to
    # 4 figures, hence 1 m/s).
    assert float(injection_dv_km_s(2.943, 398600.0, 6378.0 + 300.0)) == pytest.approx(
        3.590, abs=1e-3
    )


def test_curtis_ex8_5_capture_dv():
    # Curtis 2nd ed. Example 8.5: Mars (mu 42830) arrival at v_inf 2.648 km/s into an orbit of
    # periapsis radius 5446 km and period 7 h: 1.470 km/s.
    dv = capture_dv_km_s(2.648, 42830.0, 5446.0, 7 * 3600.0)
    assert float(dv) == pytest.approx(1.470, abs=1e-3)


def test_escape_speed_at_entry_interface():
    # v_inf = 0 is parabolic: the speed at 125 km is the local escape speed, 11.07 km/s
    # (sqrt(2 mu / r), Curtis eq. 2.91); larger v_inf add in quadrature (eq. 2.101).
    v = hyperbolic_speed_km_s(np.array([0.0, 3.0]), 398600.4418, 6378.137 + 125.0)
    assert v[0] == pytest.approx(math.sqrt(2 * 398600.4418 / 6503.137), rel=1e-12)
    assert v[1] == pytest.approx(math.hypot(3.0, v[0]), rel=1e-12)


@given(st.floats(0.0, 10.0), st.floats(6600.0, 50_000.0))
def test_capture_into_circular_orbit_is_injection(vinf, r):
    # Leaving a circular orbit and capturing into it are the same impulse.
    assert float(capture_dv_km_s(vinf, 398600.4418, r)) == pytest.approx(
        float(injection_dv_km_s(vinf, 398600.4418, r)), rel=1e-14
    )


def test_period_below_circular_is_an_error():
    with pytest.raises(InputError, match="'capture_period_s' must be at least the circular"):
        orbit_periapsis_speed_km_s(42828.0, 3646.0, 3600.0)

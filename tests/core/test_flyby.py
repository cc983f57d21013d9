"""The powered-flyby kernel: invariants of the patched-conic flyby (hypothesis) and limits.

Published mission figures exercise it end to end in the round-trip and abort tests; here the
kernel's own physics is checked: an unpowered flyby built from the turn-angle formula costs
nothing and gives back its periapsis; a burn can never be smaller than the change in excess
speed; a turn beyond what the body gives at rp_min is charged.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sojourn.core.constants import GM_KM3_S2, RADIUS_KM
from sojourn.core.flyby import flyby_rp_min_km, powered_flyby_dv, turn_angle_rad

MU_VENUS = GM_KM3_S2["venus"]
RP_MIN_VENUS = flyby_rp_min_km("venus")


def _rotated(v, angle_rad, axis=(0.0, 0.0, 1.0)):
    """``v`` rotated by ``angle_rad`` about ``axis`` (Rodrigues)."""
    v = np.asarray(v, float)
    k = np.asarray(axis, float) / np.linalg.norm(axis)
    c, s = math.cos(angle_rad), math.sin(angle_rad)
    return v * c + np.cross(k, v) * s + k * (k @ v) * (1 - c)


@settings(max_examples=60, deadline=None)
@given(
    vinf=st.floats(1.0, 15.0),
    alt_km=st.floats(300.0, 50_000.0),
    phase=st.floats(0.0, 2 * math.pi),
)
def test_unpowered_flyby_costs_nothing_and_recovers_its_periapsis(vinf, alt_km, phase):
    rp = RADIUS_KM["venus"] + alt_km
    v_in = vinf * np.array([math.cos(phase), math.sin(phase), 0.3])
    v_in *= vinf / np.linalg.norm(v_in)
    delta = float(turn_angle_rad(vinf, rp, MU_VENUS))
    v_out = _rotated(v_in, delta, axis=np.cross(v_in, [0.1, -0.4, 1.0]))
    dv, rp_found = powered_flyby_dv(v_in, v_out, MU_VENUS, RP_MIN_VENUS)
    assert dv[0] == pytest.approx(0.0, abs=1e-9)
    assert rp_found[0] == pytest.approx(rp, rel=1e-8)


@settings(max_examples=60, deadline=None)
@given(
    v_in=st.floats(1.0, 15.0),
    v_out=st.floats(1.0, 15.0),
    angle=st.floats(0.0, math.pi),
)
def test_burn_is_at_least_the_change_in_excess_speed(v_in, v_out, angle):
    a = np.array([v_in, 0.0, 0.0])
    b = _rotated(np.array([v_out, 0.0, 0.0]), angle)
    dv, rp = powered_flyby_dv(a, b, MU_VENUS, RP_MIN_VENUS)
    assert rp[0] >= RP_MIN_VENUS * (1 - 1e-12)
    # at periapsis the speeds differ by less than the excess speeds (Oberth), but a turn never
    # makes it cheaper than the burn that changes |v_inf| at rp_min
    floor = abs(math.sqrt(v_out**2 + 2 * MU_VENUS / RP_MIN_VENUS)
                - math.sqrt(v_in**2 + 2 * MU_VENUS / RP_MIN_VENUS))
    assert dv[0] >= floor - 1e-12


def test_a_turn_beyond_the_body_is_charged():
    v = 10.0
    delta_max = float(turn_angle_rad(v, RP_MIN_VENUS, MU_VENUS))
    a = np.array([v, 0.0, 0.0])
    dv_ok, _ = powered_flyby_dv(a, _rotated(a, 0.999 * delta_max), MU_VENUS, RP_MIN_VENUS)
    dv_far, rp = powered_flyby_dv(a, _rotated(a, delta_max + 0.2), MU_VENUS, RP_MIN_VENUS)
    assert dv_ok[0] == pytest.approx(0.0, abs=1e-9)
    assert rp[0] == RP_MIN_VENUS
    assert dv_far[0] == pytest.approx(2 * v * math.sin(0.1), rel=1e-12)


def test_rows_shapes_and_bad_rows():
    a = np.array([[3.0, 0, 0], [0.0, 0, 0], [np.nan, 1, 1]])
    dv, rp = powered_flyby_dv(a, a, MU_VENUS, RP_MIN_VENUS)
    assert dv.shape == (3,)
    assert dv[0] == pytest.approx(0.0, abs=1e-12)
    assert np.isnan(dv[1:]).all() and np.isnan(rp[1:]).all()
    with pytest.raises(ValueError, match="shape"):
        powered_flyby_dv(np.zeros((2, 2)), np.zeros((2, 2)), MU_VENUS, RP_MIN_VENUS)

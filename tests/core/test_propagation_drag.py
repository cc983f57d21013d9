"""The drag force of the propagation seam (sojourn.core.propagation.forces.drag_accel)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sojourn.core.constants import F_EARTH, OMEGA_EARTH_RAD_S, R_EARTH_KM
from sojourn.core.propagation.forces import FORCES, drag_accel, drag_params
from sojourn.errors import InputError

H0, DH = 300.0, 10.0
# An exponential atmosphere: rho = 3e-12 kg/m^3 at 400 km, scale height 60 km (the order of
# the thermosphere at the ISS, Vallado 4th ed. table 8-4: 400 km, H = 58.5 km).
ALTS = H0 + DH * np.arange(21)
LN_RHO = np.log(3e-12) - (ALTS - 400.0) / 60.0


def _params(b=0.005, table=None):
    tab = np.tile(LN_RHO, (3, 1)) if table is None else table
    return drag_params(b, 0.0, 3600.0, H0, DH, tab, OMEGA_EARTH_RAD_S, R_EARTH_KM, F_EARTH)


def test_registered_and_formula():
    assert FORCES["drag"][0] is drag_accel
    r = np.array([R_EARTH_KM + 400.0, 0.0, 0.0])  # on the equator: h = r - R_eq
    v = np.array([0.0, 7.67, 0.0])
    a = drag_accel(0.0, r, v, _params())
    v_rel = v - np.cross([0, 0, OMEGA_EARTH_RAD_S], r)
    expect = -0.5 * 3e-12 * 0.005 * 1000.0 * np.linalg.norm(v_rel) * v_rel
    assert np.allclose(a, expect, rtol=1e-12, atol=0)
    # Units: Gauss's da/dt = 2 a^2 (v . a) / mu for a circular orbit is the decay rate
    # -rho B sqrt(mu a) (Vallado 4th ed. sec. 9.6, circular-orbit drag decay), here
    # 3e-12 kg/m^3 x 0.005 m^2/kg: about 67 m/day, times the co-rotating wind's factor
    # |v_rel| (v . v_rel) / v^2 (0.87 for this equatorial prograde orbit).
    mu = 398600.4418
    r0 = np.linalg.norm(r)
    v_c = np.array([0.0, math.sqrt(mu / r0), 0.0])
    a_c = drag_accel(0.0, r, v_c, _params())
    dadt_m_day = 2 * r0**2 * np.dot(v_c, a_c) / mu * 1000.0 * 86400.0
    vallado = -3e-12 * 0.005 * math.sqrt(mu * 1e9 * r0 * 1e3) * 86400.0
    vr = v_c - np.cross([0, 0, OMEGA_EARTH_RAD_S], r)
    wind = np.linalg.norm(vr) * np.dot(v_c, vr) / np.dot(v_c, v_c) ** 1.0 / np.linalg.norm(v_c)
    assert 0.85 < wind < 0.9
    assert dadt_m_day == pytest.approx(vallado * wind, rel=1e-9)


@settings(max_examples=50, deadline=None)
@given(st.floats(310.0, 490.0), st.floats(-1.0, 1.0))
def test_log_linear_between_levels_and_ellipsoid_altitude(h, s):
    # Exactly exponential between levels, and the altitude above the ellipsoid to first order.
    c = math.sqrt(1 - s * s)
    re_local = R_EARTH_KM * (1 - F_EARTH * s * s)
    r = (re_local + h) * np.array([c, 0.0, s])
    v = np.array([0.0, 7.6, 0.0])
    a = drag_accel(1800.0, r, v, _params())
    v_rel = v - np.cross([0, 0, OMEGA_EARTH_RAD_S], r)
    hh = np.linalg.norm(r) - R_EARTH_KM * (1 - F_EARTH * (r[2] / np.linalg.norm(r)) ** 2)
    rho = 3e-12 * math.exp(-(hh - 400.0) / 60.0)
    assert np.allclose(a, -0.5 * rho * 5.0 * np.linalg.norm(v_rel) * v_rel, rtol=1e-9)
    assert abs(hh - h) < 0.1  # first order in f: within 0.1 km of the geometric offset


def test_time_interpolation_and_bad_tables():
    tab = np.stack([LN_RHO, LN_RHO + math.log(2.0)])  # density doubles over an hour
    r = np.array([R_EARTH_KM + 400.0, 0.0, 0.0])
    v = np.array([0.0, 7.67, 0.0])
    a0 = np.linalg.norm(drag_accel(0.0, r, v, _params(table=tab)))
    a_half = np.linalg.norm(drag_accel(1800.0, r, v, _params(table=tab)))
    a_late = np.linalg.norm(drag_accel(9e9, r, v, _params(table=tab)))
    assert a_half / a0 == pytest.approx(math.sqrt(2.0)) and a_late / a0 == pytest.approx(2.0)
    with pytest.raises(InputError, match="'ln_rho'"):
        _params(table=np.array([1.0, np.nan]))
    with pytest.raises(InputError, match="B >= 0"):
        _params(b=-1.0)


def test_seam_checks_param_lengths():
    from sojourn.core.propagation import propagate_perturbed

    r0, v0 = np.array([6778.0, 0, 0]), np.array([0, 7.67, 0.0])
    with pytest.raises(InputError, match="force 'drag' params"):
        propagate_perturbed(r0, v0, 10.0, 398600.4418, forces=[("drag", [1.0])])
    with pytest.raises(InputError, match="takes 3 params"):
        propagate_perturbed(r0, v0, 10.0, 398600.4418, forces=[("j2", [1.0])])

"""Propagation: two-body through the integrator, conservation, J2 against secular theory.

Sources: the J2 secular node rate -3/2 n J2 (R/p)^2 cos i (Vallado, *Fundamentals of
Astrodynamics and Applications*, 4th ed., eq. 9-41); the Sun-synchronous orbit of Landsat 8
(tests/reference/j2_orbits.toml, stored with its source).
"""

from __future__ import annotations

import math
import tomllib
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sojourn.core.constants import GM_EARTH_KM3_S2, J2_EARTH, R_EARTH_KM
from sojourn.core.kepler import coe_from_rv
from sojourn.core.propagation import (
    FORCES,
    earth_zonal,
    j2_secular_rates,
    propagate_perturbed,
    propagate_twobody,
    zonal_params,
)
from sojourn.core.propagation.forces import J3_EARTH, J4_EARTH
from sojourn.errors import InputError

MU = GM_EARTH_KM3_S2
REF = tomllib.loads((Path(__file__).parents[1] / "reference" / "j2_orbits.toml").read_text())
MM = 1e-6  # km


def _circular(alt_km, inc_deg, raan_deg=0.0, u_deg=0.0):
    a = R_EARTH_KM + alt_km
    i, o, u = np.radians([inc_deg, raan_deg, u_deg])
    node = np.array([np.cos(o), np.sin(o), 0.0])
    w = np.array([-np.cos(i) * np.sin(o), np.cos(i) * np.cos(o), np.sin(i)])
    r = a * (np.cos(u) * node + np.sin(u) * w)
    v = math.sqrt(MU / a) * (-np.sin(u) * node + np.cos(u) * w)
    return r, v


def test_two_body_through_the_integrator_matches_kepler_to_a_millimetre_over_a_day():
    r0, v0 = _circular(400.0, 51.64, 30.0, 10.0)
    v0 = v0 * 1.01  # slightly elliptic
    dt = np.array([-86_400.0, 3_600.0, 86_400.0])
    r, v, status = propagate_perturbed(r0, v0, dt, MU, rtol=1e-14, atol=1e-14, return_status=True)
    rk, vk = propagate_twobody(r0, v0, dt, MU)
    assert np.all(status == 0)
    # 1 mm: DP5(4)'s global error at these tolerances is ~0.2 mm over a day (~1e4 steps).
    assert np.all(np.linalg.norm(r - rk, axis=-1) < 1.0 * MM)
    assert np.all(np.linalg.norm(v - vk, axis=-1) < 1e-9)


def _energy_h(r, v):
    e = 0.5 * np.sum(v * v, -1) - MU / np.linalg.norm(r, axis=-1)
    return e, np.cross(r, v)


@settings(max_examples=10)
@given(
    alt=st.floats(300.0, 2000.0),
    inc=st.floats(0.0, 180.0),
    ecc_boost=st.floats(1.0, 1.2),
    dt=st.floats(-20_000.0, 20_000.0),
)
def test_energy_and_angular_momentum_hold(alt, inc, ecc_boost, dt):
    r0, v0 = _circular(alt, inc, 40.0, 75.0)
    v0 = v0 * ecc_boost
    r, v = propagate_perturbed(r0, v0, dt, MU, rtol=1e-12, atol=1e-12)
    e0, h0 = _energy_h(r0, v0)
    e1, h1 = _energy_h(r, v)
    assert abs(e1 - e0) < 1e-9 * abs(e0)
    assert np.linalg.norm(h1 - h0) < 1e-9 * np.linalg.norm(h0)
    # J2 keeps the energy (a conservative, time-independent force) and h_z (axisymmetric).
    rj, vj = propagate_perturbed(
        r0,
        v0,
        dt,
        MU,
        forces=[("j2", zonal_params(MU, R_EARTH_KM, J2_EARTH))],
        rtol=1e-12,
        atol=1e-12,
    )
    u0 = (
        -J2_EARTH
        * MU
        * R_EARTH_KM**2
        / (2 * np.linalg.norm(r0) ** 3)
        * (3 * (r0[2] / np.linalg.norm(r0)) ** 2 - 1)
    )
    u1 = (
        -J2_EARTH
        * MU
        * R_EARTH_KM**2
        / (2 * np.linalg.norm(rj) ** 3)
        * (3 * (rj[2] / np.linalg.norm(rj)) ** 2 - 1)
    )
    ej0, hj0 = _energy_h(r0, v0)
    ej1, hj1 = _energy_h(rj, vj)
    assert abs((ej1 - u1) - (ej0 - u0)) < 1e-9 * abs(ej0)
    assert abs(hj1[2] - hj0[2]) < 1e-9 * np.linalg.norm(hj0)


def _potential(r, n, jn):
    """Zonal term of the potential, -(mu/r) J_n (R/r)^n P_n(z/r) (Vallado 4th ed., eq. 8-20)."""
    rr = np.linalg.norm(r)
    s = r[2] / rr
    p = {2: 0.5 * (3 * s**2 - 1), 3: 0.5 * (5 * s**3 - 3 * s), 4: (35 * s**4 - 30 * s**2 + 3) / 8}[
        n
    ]
    return -(MU / rr) * jn * (R_EARTH_KM / rr) ** n * p


@pytest.mark.parametrize("n, jn", [(2, J2_EARTH), (3, J3_EARTH), (4, J4_EARTH)])
def test_zonal_accelerations_are_gradients_of_the_zonal_potential(n, jn):
    # The potential (per unit mass, positive) is V = mu/r - sum_n (mu/r) J_n (R/r)^n P_n and
    # a = grad V, so each zonal acceleration is the gradient of its term (central differences).
    f = FORCES[f"j{n}"][0]
    r = np.array([4000.0, -3000.0, 5000.0])
    a = f(0.0, r, np.zeros(3), zonal_params(MU, R_EARTH_KM, jn))
    h = 1e-3
    grad = np.array(
        [(_potential(r + h * e, n, jn) - _potential(r - h * e, n, jn)) / (2 * h) for e in np.eye(3)]
    )
    np.testing.assert_allclose(a, grad, rtol=1e-6, atol=1e-18)


def test_j2_node_regression_of_an_iss_like_orbit_matches_secular_theory():
    # ISS-like: 51.64 deg, 400 km, circular. Osculating node sampled every 2 min over 3 days
    # and fitted by a line: the short-period terms (amplitude ~0.03 deg, twice per orbit)
    # average out. The osculating a (6778 km) differs from the mean a by O(J2 R^2/a) ~ 10 km
    # at most, which moves the rate by up to 3.5 da/a ~ 0.5 %: tolerance 1 %.
    r0, v0 = _circular(400.0, 51.64)
    t = np.arange(0.0, 3 * 86_400.0, 120.0)
    r, v = propagate_perturbed(r0, v0, t, MU, forces=earth_zonal(2))
    node = np.unwrap(coe_from_rv(r, v, MU)["raan_rad"])
    rate = np.polyfit(t, node, 1)[0]
    expect, _, _ = j2_secular_rates(
        R_EARTH_KM + 400.0, 0.0, np.radians(51.64), MU, J2_EARTH, R_EARTH_KM
    )
    assert np.degrees(expect) * 86_400 == pytest.approx(-5.0, abs=0.1)  # "about -5 deg/day"
    assert rate == pytest.approx(float(expect), rel=1e-2)


def test_sun_synchronous_orbit_from_published_elements():
    ref = REF["landsat8"]
    node_dot, _, _ = j2_secular_rates(
        R_EARTH_KM + ref["altitude_km"],
        0.0,
        np.radians(ref["inclination_deg"]),
        MU,
        J2_EARTH,
        R_EARTH_KM,
    )
    deg_per_day = np.degrees(node_dot) * 86_400.0
    # Sun-synchronous: 360 deg per tropical year; the published elements are rounded
    # (705 km, 98.2 deg), worth ~0.5 % in the rate.
    assert deg_per_day == pytest.approx(ref["sun_synchronous_deg_per_day"], rel=5e-3)


def test_j2_rates_reduce_to_the_circular_in_plane_rate_of_rendezvous():
    from sojourn.leo.rendezvous import secular_rate_rad_s

    a, i = R_EARTH_KM + 420.0, np.radians(51.64)
    node, argp, m = j2_secular_rates(a, 0.0, i, MU, J2_EARTH, R_EARTH_KM)
    assert float(secular_rate_rad_s(a, i)) == pytest.approx(
        float(argp + m + node * np.cos(i)), rel=1e-15
    )


def test_batching_and_errors():
    r0, v0 = _circular(400.0, 51.64)
    r, v = propagate_perturbed(np.stack([r0, r0]), np.stack([v0, v0]), np.zeros((3, 2)), MU)
    assert r.shape == (3, 2, 3)
    np.testing.assert_array_equal(r[1, 0], r0)
    r, v, s = propagate_perturbed([np.nan, 0, 0], v0, 10.0, MU, return_status=True)
    assert s == 2 and np.all(np.isnan(r))
    with pytest.raises(InputError, match="unknown force"):
        propagate_perturbed(r0, v0, 10.0, MU, forces=[("srp", [1.0])])
    with pytest.raises(InputError, match="pair"):
        propagate_perturbed(r0, v0, 10.0, MU, forces=["j2"])
    with pytest.raises(InputError, match="'degree'"):
        earth_zonal(5)


def test_vallado_example_11_2_sun_synchronous_design():
    ref = REF["vallado_ex11_2"]
    node_dot, _, _ = j2_secular_rates(
        ref["a_km"],
        ref["ecc"],
        np.radians(ref["inclination_deg"]),
        ref["mu_km3_s2"],
        ref["j2"],
        ref["r_eq_km"],
    )
    rate = np.radians(ref["node_rate_deg_per_year"] / ref["tropical_year_days"]) / ref["day_s"]
    # a was solved from this inclination and printed to 1e-5 km: worth 5e-9 in the rate.
    assert float(node_dot) == pytest.approx(rate, rel=1e-7)


def test_fixed_step_option():
    # DP5 at 10 s steps in LEO: local error ~ (n h)^6 r ~ 1e-8 km per step, ~1 cm a day.
    r0, v0 = _circular(400.0, 51.64, 30.0, 10.0)
    r, v = propagate_perturbed(r0, v0, 5_555.0, MU, step_s=10.0)
    rk, _ = propagate_twobody(r0, v0, 5_555.0, MU)
    assert np.linalg.norm(r - rk) < 1e-3
    with pytest.raises(InputError, match="'step_s'"):
        propagate_perturbed(r0, v0, 10.0, MU, step_s=0.0)

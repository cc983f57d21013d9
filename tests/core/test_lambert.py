"""Tests of sojourn.core.lambert (Izzo 2015) against published solutions and physics.

Published cases are read from tests/reference/lambert_textbook.toml, which names each
source (Curtis 3rd ed. Example 5.2, Vallado 4th ed. Example 7-5, Der 2011 Example 1).
"""

from __future__ import annotations

import math
import tomllib
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from numba import njit

from sojourn.core.kepler import propagate
from sojourn.core.lambert import (
    LAMBERT_STATUS,
    STATUS_BAD_INPUT,
    STATUS_DEGENERATE,
    STATUS_NO_SOLUTION,
    STATUS_OK,
    izzo_core,
    lambert,
    lambert_izzo,
)
from sojourn.errors import InputError

REFERENCE = tomllib.loads(
    (Path(__file__).parents[1] / "reference" / "lambert_textbook.toml").read_text()
)
MU_EARTH = 398600.4418  # km^3/s^2, the value Vallado and Der use


def _solve_case(case):
    return lambert_izzo(
        case["mu_km3_s2"],
        case["r1_km"],
        case["r2_km"],
        case["tof_s"],
        case["revs"],
        case["prograde"],
        case["low_path"],
    )


def _check_case(name):
    case = REFERENCE[name]
    v1, v2, status = _solve_case(case)
    assert status == STATUS_OK, case["source"]
    np.testing.assert_allclose(v1, case["v1_km_s"], rtol=0, atol=case["tol_km_s"])
    np.testing.assert_allclose(v2, case["v2_km_s"], rtol=0, atol=case["tol_km_s"])


# --- published solutions ---------------------------------------------------------------
def test_curtis52():
    """Curtis, Orbital Mechanics for Engineering Students, 3rd ed., Example 5.2."""
    _check_case("curtis_5_2")


def test_vallado75():
    """Vallado, Fundamentals of Astrodynamics and Applications, 4th ed., Example 7-5."""
    _check_case("vallado_7_5")


@pytest.mark.parametrize("name", sorted(k for k in REFERENCE if k.startswith("der_2011_ex1_M1")))
def test_der2011_example1_one_revolution(name):
    """Der, The Superior Lambert Algorithm (AMOS 2011), Example 1: the four 1-rev solutions
    (prograde/retrograde x low/high path)."""
    _check_case(name)


def test_der2011_example1_no_one_rev_solution_in_5_hours():
    """Der 2011 Example 1 geometry with tof = 5 h has no 1-revolution solution (lamberthub's
    test_exception_try_lower_M records the same): status, not an exception."""
    case = REFERENCE["der_2011_ex1_M1_prograde_low"]
    v1, v2, status = lambert_izzo(
        case["mu_km3_s2"], case["r1_km"], case["r2_km"], 5 * 3600.0, 1, True, True
    )
    assert status == STATUS_NO_SOLUTION
    assert np.isnan(v1).all() and np.isnan(v2).all()


def test_friendly_signature_scalar_problem():
    """DESIGN.md's `lambert` on Curtis Example 5.2: (3,), (3,) and a plain bool."""
    case = REFERENCE["curtis_5_2"]
    v1, v2, ok = lambert(case["r1_km"], case["r2_km"], case["tof_s"], case["mu_km3_s2"])
    assert v1.shape == (3,) and v2.shape == (3,)
    assert ok is True
    np.testing.assert_allclose(v1, case["v1_km_s"], atol=case["tol_km_s"])


# --- physics: the solution, propagated for tof, reaches r2 ---------------------------------
def _unit(v):
    v = np.asarray(v, dtype=float)
    return v / np.linalg.norm(v)


@st.composite
def lambert_problems(draw):
    """Random geometries (any plane, transfer angles including near 0, 180 and 360 deg),
    elliptic and hyperbolic flight times, 0-3 revolutions, both directions and paths."""
    R1 = draw(st.floats(6600.0, 80_000.0))
    R2 = draw(st.floats(6600.0, 80_000.0))
    # Near 0 and 360 deg Izzo's formulation sees theta only through lam^2 = r1 r2
    # cos^2(theta/2) / s^2, so theta is resolved to ~1e-16/theta rad: 1e-6 rad still lands
    # to 1e-8 relative, 1e-7 rad does not (pykep's solution lands equally far off).
    kind = draw(st.sampled_from(["any", "near0", "near180", "near360"]))
    if kind == "any":
        theta = draw(st.floats(1e-3, 2 * math.pi - 1e-3))
    elif kind == "near0":
        theta = draw(st.floats(1e-6, 1e-3))
    elif kind == "near180":
        theta = math.pi + draw(st.floats(1e-9, 1e-3)) * draw(st.sampled_from([-1.0, 1.0]))
    else:
        theta = 2 * math.pi - draw(st.floats(1e-6, 1e-3))
    n = _unit([draw(st.floats(-1, 1)) for _ in range(3)] + np.array([0, 0, 1e-3]))
    a = _unit(np.cross(n, [1.0, 0.3, -0.2]))
    b = np.cross(n, a)
    phi = draw(st.floats(0.0, 2 * math.pi))
    e1 = math.cos(phi) * a + math.sin(phi) * b
    e2 = -math.sin(phi) * a + math.cos(phi) * b
    r1 = R1 * e1
    r2 = R2 * (math.cos(theta) * e1 + math.sin(theta) * e2)
    revs = draw(st.integers(0, 3))
    s = 0.5 * (R1 + R2 + np.linalg.norm(r2 - r1))
    if revs == 0:  # non-dimensional T (Izzo eq. 7) from deep hyperbolic to long ellipses
        T = 10 ** draw(st.floats(-1.0, 1.3))
    else:
        T = revs * math.pi + draw(st.floats(0.0, 6.0))
    tof = T * math.sqrt(s**3 / (2 * MU_EARTH))
    return r1, r2, tof, revs, draw(st.booleans()), draw(st.booleans())


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow],
)
@given(lambert_problems())
def test_solution_propagates_to_r2(problem):
    """A Lambert solution propagated (universal variables, sojourn.core.kepler) for the time
    of flight lands on r2 with v2, to 1e-8 relative (Izzo 2015 converges x to ~1e-15)."""
    r1, r2, tof, revs, prograde, low_path = problem
    v1, v2, status = lambert_izzo(MU_EARTH, r1, r2, tof, revs, prograde, low_path)
    sin_theta = np.linalg.norm(np.cross(r1, r2)) / (np.linalg.norm(r1) * np.linalg.norm(r2))
    if sin_theta < 1e-14:
        # Exactly 0 or 180 deg (hypothesis does draw theta = pi): the plane is undefined, and
        # the solver must say so rather than return an arbitrary plane.
        assert status == STATUS_DEGENERATE
        return
    if revs > 0:
        assume(status != STATUS_NO_SOLUTION)  # tof below the minimum for this many revs
    assert status == STATUS_OK, LAMBERT_STATUS[int(status)]
    r, v = propagate(r1, v1, tof, MU_EARTH)
    assert np.linalg.norm(r - r2) <= 1e-8 * np.linalg.norm(r2)
    assert np.linalg.norm(v - v2) <= 1e-8 * np.linalg.norm(v2)
    # direction of motion: angular momentum along +z when prograde (Izzo sec. 2)
    hz = np.cross(r1, v1)[2]
    if abs(hz) > 1e-6 * np.linalg.norm(np.cross(r1, v1)):
        assert (hz > 0) == prograde


def test_multirev_paths_differ_and_both_land():
    """For revs = 1 the low and high paths are two different orbits through r1 and r2 (Der
    2011 Example 1 geometry), and both reach r2."""
    case = REFERENCE["der_2011_ex1_M1_prograde_low"]
    v1, v2, status = lambert_izzo(
        MU_EARTH, case["r1_km"], case["r2_km"], case["tof_s"], 1, True, np.array([True, False])
    )
    assert (status == 0).all()
    assert np.linalg.norm(v1[0] - v1[1]) > 0.1
    r, _ = propagate(np.array([case["r1_km"]] * 2), v1, case["tof_s"], MU_EARTH)
    np.testing.assert_allclose(r, [case["r2_km"]] * 2, rtol=1e-10)


# --- batches: one bad element never sinks the rest ------------------------------------------
def test_batch_bad_elements_get_nan_and_status():
    """Curtis Example 5.2 repeated, with one element each: too short for revs = 2, tof < 0,
    r1 = 0, NaN in r2, tof = 0, and r2 collinear with r1; the rest still solve."""
    case = REFERENCE["curtis_5_2"]
    r1 = np.tile(case["r1_km"], (8, 1))
    r2 = np.tile(case["r2_km"], (8, 1))
    tof = np.full(8, case["tof_s"])
    revs = np.zeros(8, dtype=int)
    revs[1] = 2
    tof[2] = -3600.0
    r1[3] = 0.0
    r2[4, 1] = np.nan
    tof[5] = 0.0
    r2[6] = -2.0 * r1[6]
    v1, v2, status = lambert_izzo(case["mu_km3_s2"], r1, r2, tof, revs, True, True)
    expected = [0, STATUS_NO_SOLUTION, STATUS_BAD_INPUT, STATUS_DEGENERATE, STATUS_BAD_INPUT,
                STATUS_BAD_INPUT, STATUS_DEGENERATE, 0]  # fmt: skip
    assert status.tolist() == expected
    assert status.dtype == np.int8
    bad = status != 0
    assert np.isnan(v1[bad]).all() and np.isnan(v2[bad]).all()
    np.testing.assert_allclose(v1[~bad], [case["v1_km_s"]] * 2, atol=case["tol_km_s"])
    _, _, ok = lambert(r1, r2, tof, case["mu_km3_s2"], revs=revs)
    assert ok.tolist() == [s == 0 for s in expected]


def test_status_table_covers_every_code():
    assert set(LAMBERT_STATUS) == {0, 1, 2, 3, 4}
    assert LAMBERT_STATUS[0] == "ok"


# --- broadcasting ----------------------------------------------------------------------------
def test_broadcasting_shapes():
    """Scalar problem, (N, 3) with scalar tof, (N, M, 3) against (M, 3), per-element flags;
    every element equals the scalar solution of Curtis Example 5.2."""
    case = REFERENCE["curtis_5_2"]
    mu = case["mu_km3_s2"]
    r1 = np.array(case["r1_km"])
    r2 = np.array(case["r2_km"])
    v1s, v2s, st0 = lambert_izzo(mu, r1, r2, case["tof_s"], 0, True, True)
    assert v1s.shape == (3,) and st0.shape == ()

    v1, v2, status = lambert_izzo(mu, np.tile(r1, (5, 1)), r2, case["tof_s"], 0, True, True)
    assert v1.shape == (5, 3) and v2.shape == (5, 3) and status.shape == (5,)
    np.testing.assert_allclose(v1, np.broadcast_to(v1s, (5, 3)), rtol=1e-14)

    r1_nm = np.broadcast_to(r1, (4, 6, 3))
    r2_m = np.broadcast_to(r2, (6, 3))
    v1, v2, status = lambert_izzo(mu, r1_nm, r2_m, case["tof_s"], 0, True, True)
    assert v1.shape == (4, 6, 3) and status.shape == (4, 6)
    np.testing.assert_allclose(v2, np.broadcast_to(v2s, (4, 6, 3)), rtol=1e-14)

    tof = np.array([case["tof_s"], 2 * case["tof_s"]])
    pro = np.array([True, False])
    v1, _, status = lambert_izzo(mu, r1, r2, tof[:, None], 0, pro[None, :], True)
    assert v1.shape == (2, 2, 3) and (status == 0).all()
    np.testing.assert_allclose(v1[0, 0], v1s, rtol=1e-14)
    assert not np.allclose(v1[0, 1], v1s)  # retrograde is another orbit


# --- wrapper validation -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"r1_km": [1.0, 2.0]}, "'r1_km' must have shape (..., 3)"),
        ({"r2_km": 5.0}, "'r2_km' must have shape (..., 3)"),
        ({"revs": -1}, "'revs' must be >= 0"),
        ({"revs": 1.5}, "'revs' must be a whole number"),
        ({"mu_km3_s2": float("nan")}, "'mu_km3_s2' must be finite and > 0"),
        ({"mu_km3_s2": -1.0}, "'mu_km3_s2' must be finite and > 0"),
        ({"prograde": "yes"}, "'prograde' must be bool"),
        ({"tof_s": np.ones(4), "r1_km": np.ones((3, 3))}, "must broadcast together"),
    ],
)
def test_input_errors_name_field_rule_value(kwargs, fragment):
    args = {
        "mu_km3_s2": MU_EARTH,
        "r1_km": [7000.0, 0.0, 0.0],
        "r2_km": [0.0, 8000.0, 0.0],
        "tof_s": 3000.0,
        "revs": 0,
        "prograde": True,
        "low_path": True,
    }
    args.update(kwargs)
    with pytest.raises(InputError) as err:
        lambert_izzo(**args)
    assert fragment in str(err.value)
    assert isinstance(err.value, ValueError)


# --- the scalar door for other kernels: warm start ------------------------------------------
@njit(cache=True)
def _sweep(mu, r1, r2, tofs, warm):
    n = tofs.shape[0]
    v1x = np.empty(n)
    iters = np.empty(n, dtype=np.int64)
    x = np.nan
    for i in range(n):
        x0 = x if warm else np.nan
        out = izzo_core(mu, r1[0], r1[1], r1[2], r2[0], r2[1], r2[2], tofs[i], 0, True,
                         True, x0)  # fmt: skip
        v1x[i] = out[0]
        x = out[6]
        iters[i] = out[7]
    return v1x, iters


def test_izzo_core_warm_start_same_answer_fewer_iterations():
    """izzo_core called from a Numba loop over a fine tof sweep (Curtis 5.2 geometry): warm
    starting from the neighbour's x gives the same velocities in fewer iterations."""
    case = REFERENCE["curtis_5_2"]
    r1 = np.array(case["r1_km"])
    r2 = np.array(case["r2_km"])
    tofs = np.linspace(3600.0, 3610.0, 200)  # 0.05 s apart: x moves ~2e-5 a step
    cold, it_cold = _sweep(case["mu_km3_s2"], r1, r2, tofs, False)
    warm, it_warm = _sweep(case["mu_km3_s2"], r1, r2, tofs, True)
    np.testing.assert_allclose(warm, cold, rtol=1e-12)
    assert it_warm.sum() < it_cold.sum()


# --- agreement with the anchors, when installed (bench venv) ---------------------------------
def _random_problems(n, seed, tof_range_s):
    rng = np.random.default_rng(seed)
    u1 = rng.normal(size=(n, 3))
    u2 = rng.normal(size=(n, 3))
    r1 = u1 / np.linalg.norm(u1, axis=1)[:, None] * rng.uniform(7000, 50000, (n, 1))
    r2 = u2 / np.linalg.norm(u2, axis=1)[:, None] * rng.uniform(7000, 50000, (n, 1))
    return r1, r2, rng.uniform(*tof_range_s, n)


def _rel(a, b):
    return np.linalg.norm(np.asarray(a) - b, axis=-1) / np.linalg.norm(b, axis=-1)


@pytest.mark.parametrize(("revs", "low_path"), [(0, True), (1, True), (1, False)])
def test_agrees_with_lamberthub(revs, low_path):
    """lamberthub 1.0 izzo2015 (Rodriguez, independent Izzo implementation), to 1e-9."""
    lamberthub = pytest.importorskip("lamberthub")
    r1, r2, tof = _random_problems(200, 7 + revs, (600.0, 90000.0))
    v1, v2, status = lambert_izzo(MU_EARTH, r1, r2, tof, revs, True, low_path)
    for i in np.flatnonzero(status == 0):
        a1, a2 = lamberthub.izzo2015(MU_EARTH, r1[i], r2[i], tof[i], M=revs,
                                     prograde=True, low_path=low_path)  # fmt: skip
        assert _rel(v1[i], a1) < 1e-9 and _rel(v2[i], a2) < 1e-9
    assert (status == 0).sum() > 50


@pytest.mark.parametrize(("revs", "low_path"), [(0, True), (1, True), (1, False)])
def test_agrees_with_pykep(revs, low_path):
    """pykep 3 lambert_problem (Izzo's own C++ implementation), to 1e-9; for revs = 1
    pykep returns [0 rev, 1 rev high path, 1 rev low path]."""
    pk = pytest.importorskip("pykep")
    r1, r2, tof = _random_problems(200, 11 + revs, (600.0, 90000.0))
    v1, v2, status = lambert_izzo(MU_EARTH, r1, r2, tof, revs, True, low_path)
    k = 0 if revs == 0 else (2 if low_path else 1)
    for i in np.flatnonzero(status == 0):
        lp = pk.lambert_problem(r1[i].tolist(), r2[i].tolist(), float(tof[i]), MU_EARTH,
                                False, revs)  # fmt: skip
        assert _rel(v1[i], lp.v0[k]) < 1e-9 and _rel(v2[i], lp.v1[k]) < 1e-9
    assert (status == 0).sum() > 50


def test_multirev_tmin_near_360_deg_retrograde():
    """Regression (found by hypothesis): a retrograde 2-revolution problem within 1 mrad of
    360 deg (lam = -0.9996) has no solution: T = 2 pi + 1.0 while T(x) stays above 9.13 on
    (-1, 1). lamberthub's izzo2015 answers "No feasible solution"; the paper's Halley
    iteration for T_min diverges here (pykep 3.0.1 reports Nmax = 2, then fails to converge)."""
    r1 = np.array([-1896.49604474, 6321.65348246, 0.0])
    r2 = np.array([-1901.70019967, 6320.08990051, 0.0])
    for low_path in (True, False):
        _, _, status = lambert_izzo(398600.4418, r1, r2, 4376.445228880107, 2, False, low_path)
        assert status == STATUS_NO_SOLUTION


def test_multirev_high_path_near_360_deg_converges():
    """Regression (found by hypothesis): retrograde, one revolution, 0.7 mrad short of
    360 deg. Izzo's first guess for the high path (x = -0.60) sends Householder's steps out
    of (-1, 1); the safeguarded branch solve finds the root. Both paths agree with
    lamberthub 1.0.0's izzo2015 (which converges here; pykep 3.0.1 fails the high path):
    v1 = [1.2713888, -4.22193861, 0] (low) and [0.1665755, -0.38610322, 0] km/s (high)."""
    r1 = np.array([-1896.49604474, 6321.65348246, 0.0])
    r2 = np.array([-1900.74580865, 6320.37699595, 0.0])
    tof = 3690.0476861100983
    v1, _, status = lambert_izzo(398600.4418, r1, r2, tof, 1, False, np.array([True, False]))
    assert (status == STATUS_OK).all()
    np.testing.assert_allclose(v1[0], [1.2713888, -4.22193861, 0.0], atol=1e-7)
    np.testing.assert_allclose(v1[1], [0.1665755, -0.38610322, 0.0], atol=1e-7)
    r, _ = propagate(np.stack([r1, r1]), v1, tof, 398600.4418)
    np.testing.assert_allclose(r, [r2, r2], rtol=1e-8)


# --- the edge: absurd flight times, units, wrong kinds (issue 9) ---------------------------
def test_absurd_tof_is_a_status_not_a_system_error():
    """tof = 1e25 s between two points 1 AU from the Sun (T = 2e18 in Izzo's units): Izzo's
    first guess rounds to x = -1 and the kernel divided by zero; before issue 9 the call
    raised SystemError for one problem and for a batch alike."""
    mu = 1.32712440041279419e11
    r1, r2 = [1.5e8, 0.0, 0.0], [0.0, 1.5e8, 0.0]
    v1, v2, ok = lambert(r1, r2, 1e25, mu)
    assert ok is False and np.isnan(v1).all() and np.isnan(v2).all()
    # In a batch the other problems still solve, exactly as on their own.
    tof = np.array([200 * 86400.0, 1e25, 1e30, 300 * 86400.0])
    v1b, _, status = lambert_izzo(mu, r1, r2, tof, 0, True, True)
    assert status.tolist() == [STATUS_OK, STATUS_BAD_INPUT, STATUS_BAD_INPUT, STATUS_OK]
    v1_alone, _, _ = lambert_izzo(mu, r1, r2, tof[[0, 3]], 0, True, True)
    np.testing.assert_array_equal(v1b[[0, 3]], v1_alone)
    # Degenerate geometry keeps its own reason whatever the flight time (the kernel's order).
    _, _, st = lambert_izzo(mu, np.zeros((2, 3)), r2, [1e25, 1e25], 0, True, True)
    assert st.tolist() == [STATUS_DEGENERATE] * 2


def test_tof_quantity_and_timedelta64_are_converted():
    case = REFERENCE["curtis_5_2"]
    v1_ref, v2_ref, ok = lambert(case["r1_km"], case["r2_km"], case["tof_s"], case["mu_km3_s2"])
    assert ok
    hours = case["tof_s"] / 3600.0
    assert hours == 1.0  # Curtis 5.2 is a one-hour flight
    v1, v2, ok = lambert(case["r1_km"], case["r2_km"], np.timedelta64(1, "h"), case["mu_km3_s2"])
    np.testing.assert_array_equal(v1, v1_ref)
    u = pytest.importorskip("astropy.units")
    v1, v2, ok = lambert(np.array(case["r1_km"]) * 1000 * u.m, case["r2_km"] * u.km,
                         60 * u.min, case["mu_km3_s2"] * u.km**3 / u.s**2)  # fmt: skip
    assert ok
    np.testing.assert_allclose(v1, v1_ref, rtol=1e-13)
    np.testing.assert_allclose(v2, v2_ref, rtol=1e-13)


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"r1_km": np.array([7000.0 + 1j, 0.0, 0.0])}, "'r1_km' must be a length in km"),
        ({"tof_s": np.array([3000.0 + 0j])}, "'tof_s' must be a duration in s"),
        ({"tof_s": True}, "'tof_s' must be a duration in s"),
        ({"tof_s": "3000"}, "'tof_s' must be a duration in s"),
        ({"tof_s": np.timedelta64("NaT", "s")}, "'tof_s' is NaT"),
        ({"mu_km3_s2": [398600.4418, 398600.4418]}, "'mu_km3_s2' must be a scalar number"),
        ({"mu_km3_s2": 398600.4418 + 0j}, "'mu_km3_s2' must be a gravitational parameter"),
        ({"revs": 1 + 0j}, "'revs' must be a whole number"),
        ({"revs": "1"}, "'revs' must be a whole number"),
    ],
)
def test_wrong_kinds_refused_at_the_edge(kwargs, fragment):
    args = {"mu_km3_s2": MU_EARTH, "r1_km": [7000.0, 0.0, 0.0], "r2_km": [0.0, 8000.0, 0.0],
            "tof_s": 3000.0, "revs": 0, "prograde": True, "low_path": True}  # fmt: skip
    args.update(kwargs)
    with pytest.raises(InputError) as err:
        lambert_izzo(**args)
    assert fragment in str(err.value)

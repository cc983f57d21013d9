"""Force models: perturbing accelerations with one signature, and their registry.

Every force is a Numba-compiled function (the model of poliastro's
``core/perturbations.py``; Orekit's ``ForceModel``)::

    accel(t_s, r_km, v_km_s, params) -> a_km_s2

with ``t_s`` the time (TDB s past J2000, float), ``r_km`` and ``v_km_s`` the state (3,)
relative to the central body in an inertial frame, ``params`` a 1-D float64 array of the
force's own constants, and ``a_km_s2`` (3,) the *perturbing* acceleration (the central
body's point-mass term -mu r / r^3 is the propagator's). The propagator
(:func:`sojourn.core.propagation.propagate_perturbed`) sums the forces it is given.

Adding a force (drag, a third body, ...) is one ``@njit(cache=True)`` function with that
signature and one entry in :data:`FORCES` (name -> function, and the names of its params).

Zonal harmonics
---------------
J2, J3 and J4 of a body whose rotation axis is the frame's z axis, from the gradient of the
zonal potential U = -(mu / r) sum_n J_n (R / r)^n P_n(z / r) (Vallado, *Fundamentals of
Astrodynamics and Applications*, 4th ed., eq. 8-20 and sec. 8.7.1; Schaub & Junkins,
*Analytical Mechanics of Space Systems*, eq. 11.4). ``params = [mu_km3_s2, r_eq_km, J_n]``.
For the Earth in GCRS, the frame's z axis is the pole of J2000, not of date: precession
tilts the pole by 0.36 deg from 2000 to 2026, which shifts a J2 orbit's node regression by a
relative 1e-4; a precise propagator would rotate into the true-of-date frame first.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from sojourn.core.constants import GM_EARTH_KM3_S2, J2_EARTH, R_EARTH_KM
from sojourn.errors import InputError

__all__ = [
    "FORCES",
    "J3_EARTH",
    "J4_EARTH",
    "earth_zonal",
    "j2_accel",
    "j3_accel",
    "j4_accel",
    "zonal_params",
]

# --- Constants -------------------------------------------------------------------------------
#: Earth's J3, unnormalized: -sqrt(7) C30 with the EGM2008 normalized C30 =
#: 9.57161207093473e-7 (Pavlis et al. 2012, JGR 117:B04406, coefficient file EGM2008
#: "EGM2008_to2190_TideFree", degree 3 order 0).
J3_EARTH = -math.sqrt(7.0) * 9.57161207093473e-7
#: Earth's J4, unnormalized: -sqrt(9) C40 with the EGM2008 normalized C40 =
#: 5.39965866638991e-7 (same source, degree 4 order 0).
J4_EARTH = -3.0 * 5.39965866638991e-7


# --- Forces (one signature: t_s, r_km (3,), v_km_s (3,), params (k,) -> a_km_s2 (3,)) -----
@njit(cache=True)
def j2_accel(t_s, r_km, v_km_s, params):
    """J2 zonal acceleration, km/s^2; ``params = [mu_km3_s2, r_eq_km, J2]``.

    a = -3/2 J2 mu R^2 / r^5 [x (1 - 5 z^2/r^2), y (1 - 5 z^2/r^2), z (3 - 5 z^2/r^2)]
    (Vallado 4th ed., eq. 8-30; Curtis 3rd ed., eq. 10.30).
    """
    mu, re, j2 = params[0], params[1], params[2]
    x, y, z = r_km[0], r_km[1], r_km[2]
    r2 = x * x + y * y + z * z
    r = math.sqrt(r2)
    k = -1.5 * j2 * mu * re * re / (r2 * r2 * r)
    s = 5.0 * z * z / r2
    out = np.empty(3)
    out[0] = k * x * (1.0 - s)
    out[1] = k * y * (1.0 - s)
    out[2] = k * z * (3.0 - s)
    return out


@njit(cache=True)
def j3_accel(t_s, r_km, v_km_s, params):
    """J3 zonal acceleration, km/s^2; ``params = [mu_km3_s2, r_eq_km, J3]``.

    a = -5/2 J3 mu R^3 / r^7 [x (3 z - 7 z^3/r^2), y (3 z - 7 z^3/r^2),
    6 z^2 - 7 z^4/r^2 - 3/5 r^2] (Vallado 4th ed., eq. 8-30).
    """
    mu, re, j3 = params[0], params[1], params[2]
    x, y, z = r_km[0], r_km[1], r_km[2]
    r2 = x * x + y * y + z * z
    r = math.sqrt(r2)
    k = -2.5 * j3 * mu * re**3 / (r2 * r2 * r2 * r)
    z2 = z * z
    c = 3.0 * z - 7.0 * z2 * z / r2
    out = np.empty(3)
    out[0] = k * x * c
    out[1] = k * y * c
    out[2] = k * (6.0 * z2 - 7.0 * z2 * z2 / r2 - 0.6 * r2)
    return out


@njit(cache=True)
def j4_accel(t_s, r_km, v_km_s, params):
    """J4 zonal acceleration, km/s^2; ``params = [mu_km3_s2, r_eq_km, J4]``.

    a = 15/8 J4 mu R^4 / r^7 [x (1 - 14 z^2/r^2 + 21 z^4/r^4), y (...),
    z (5 - 70/3 z^2/r^2 + 21 z^4/r^4)] (Vallado 4th ed., eq. 8-30).
    """
    mu, re, j4 = params[0], params[1], params[2]
    x, y, z = r_km[0], r_km[1], r_km[2]
    r2 = x * x + y * y + z * z
    r = math.sqrt(r2)
    k = 1.875 * j4 * mu * re**4 / (r2 * r2 * r2 * r)
    s = z * z / r2
    c = 1.0 - 14.0 * s + 21.0 * s * s
    out = np.empty(3)
    out[0] = k * x * c
    out[1] = k * y * c
    out[2] = k * z * (5.0 - 70.0 / 3.0 * s + 21.0 * s * s)
    return out


#: The registry: force name -> (function, names of its params, in order). The propagator
#: accepts a name from here or any function with the signature above.
FORCES: dict[str, tuple] = {
    "j2": (j2_accel, ("mu_km3_s2", "r_eq_km", "j2")),
    "j3": (j3_accel, ("mu_km3_s2", "r_eq_km", "j3")),
    "j4": (j4_accel, ("mu_km3_s2", "r_eq_km", "j4")),
}


def zonal_params(mu_km3_s2: float, r_eq_km: float, j: float) -> np.ndarray:
    """``params`` of a zonal force: ``[mu_km3_s2, r_eq_km, J_n]`` as a float64 array."""
    return np.array([mu_km3_s2, r_eq_km, j], dtype=np.float64)


def earth_zonal(degree: int = 4) -> list[tuple[str, np.ndarray]]:
    """Earth's zonal forces J2..J``degree`` (2 to 4) as ``[(name, params), ...]``.

    Constants: GM and equatorial radius of :mod:`sojourn.core.constants`, J2 EGM2008
    (``J2_EARTH``), J3 and J4 EGM2008 (:data:`J3_EARTH`, :data:`J4_EARTH`).
    """
    js = {2: J2_EARTH, 3: J3_EARTH, 4: J4_EARTH}
    if degree not in (2, 3, 4):
        raise InputError(f"'degree' must be 2, 3 or 4, got {degree!r}; e.g. 2 for J2 alone")
    return [
        (f"j{n}", zonal_params(GM_EARTH_KM3_S2, R_EARTH_KM, js[n])) for n in range(2, degree + 1)
    ]

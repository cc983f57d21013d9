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
    "DRAG_HEADER",
    "FORCES",
    "drag_accel",
    "drag_params",
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


#: Header length of the drag params (before the log-density table).
DRAG_HEADER = 10


@njit(cache=True)
def drag_accel(t_s, r_km, v_km_s, params):
    """Atmospheric drag, km/s^2, from a tabulated density (log-linear in time and altitude).

    a = -1/2 rho B |v_rel| v_rel, v_rel = v - omega x r (the atmosphere co-rotates with the
    Earth about the frame's z axis), B = C_D A / m (Vallado 4th ed., eq. 8-28 and 8-29).
    ``params = [B_m2_kg, omega_rad_s, r_eq_km, flattening, t0_s, dt_s, n_t, h0_km, dh_km, n_h,
    ln rho (kg/m^3) at (t0 + i dt, h0 + j dh) row-major (i, j)...]``
    (:func:`drag_params`). The altitude is above the ellipsoid to first order in the
    flattening, h = r - R_eq (1 - f sin^2 phi'), phi' the geocentric latitude (the
    density is tabulated against geodetic altitude: at the ISS's 51.6 deg the surface lies
    13 km below the equatorial radius, a 20-25 % density difference). Times outside the
    table hold its first or last row; altitudes outside it extend its end slopes
    (exponential atmosphere).
    """
    B, om, re, f = params[0], params[1], params[2], params[3]
    t0, dt, nt, h0, dh, nh = (
        params[4],
        params[5],
        int(params[6]),
        params[7],
        params[8],
        int(params[9]),
    )
    x, y, z = r_km[0], r_km[1], r_km[2]
    r = math.sqrt(x * x + y * y + z * z)
    h = r - re * (1.0 - f * (z / r) ** 2)
    # time index (clamped), altitude index (extrapolated at the ends)
    ft = (t_s - t0) / dt
    if ft < 0.0:
        ft = 0.0
    if ft > nt - 1.0:
        ft = nt - 1.0
    i = min(int(ft), nt - 2) if nt > 1 else 0
    wt = ft - i if nt > 1 else 0.0
    fh = (h - h0) / dh
    j = int(math.floor(fh))
    if j < 0:
        j = 0
    if j > nh - 2:
        j = nh - 2
    wh = fh - j
    base = DRAG_HEADER
    i1 = min(i + 1, nt - 1)
    l00 = params[base + i * nh + j]
    l01 = params[base + i * nh + j + 1]
    l10 = params[base + i1 * nh + j]
    l11 = params[base + i1 * nh + j + 1]
    lnrho = (1.0 - wt) * ((1.0 - wh) * l00 + wh * l01) + wt * ((1.0 - wh) * l10 + wh * l11)
    rho = math.exp(lnrho)  # kg/m^3
    vx, vy, vz = v_km_s[0] + om * y, v_km_s[1] - om * x, v_km_s[2]
    vr = math.sqrt(vx * vx + vy * vy + vz * vz)
    # rho [kg/m^3] * B [m^2/kg] = 1/m = 1000/km
    k = -0.5 * rho * B * 1000.0 * vr
    out = np.empty(3)
    out[0] = k * vx
    out[1] = k * vy
    out[2] = k * vz
    return out


def drag_params(
    b_m2_kg: float,
    t0_s: float,
    dt_s: float,
    h0_km: float,
    dh_km: float,
    ln_rho,
    omega_rad_s: float,
    r_eq_km: float,
    flattening: float,
) -> np.ndarray:
    """``params`` of :func:`drag_accel` from a log-density table ``ln_rho`` (n_t, n_h)."""
    tab = np.asarray(ln_rho, dtype=np.float64)
    if tab.ndim != 2 or tab.shape[1] < 2 or tab.shape[0] < 1 or not np.all(np.isfinite(tab)):
        raise InputError(
            f"'ln_rho' must be a finite (n_t, n_h >= 2) table, got shape {tab.shape}; "
            "build it with sojourn.leo.drag.density_table"
        )
    if not (b_m2_kg >= 0.0 and dt_s > 0.0 and dh_km > 0.0):
        raise InputError(
            f"drag needs B >= 0 m^2/kg, dt_s > 0 and dh_km > 0, got {b_m2_kg!r}, {dt_s!r}, "
            f"{dh_km!r}"
        )
    head = [b_m2_kg, omega_rad_s, r_eq_km, flattening, t0_s, dt_s, tab.shape[0], h0_km, dh_km]
    return np.concatenate([np.array(head + [tab.shape[1]], dtype=np.float64), tab.ravel()])


#: The registry: force name -> (function, names of its params, in order). The propagator
#: accepts a name from here or any function with the signature above.
FORCES: dict[str, tuple] = {
    "j2": (j2_accel, ("mu_km3_s2", "r_eq_km", "j2")),
    "j3": (j3_accel, ("mu_km3_s2", "r_eq_km", "j3")),
    "j4": (j4_accel, ("mu_km3_s2", "r_eq_km", "j4")),
    "drag": (
        drag_accel,
        (
            "b_m2_kg",
            "omega_rad_s",
            "r_eq_km",
            "flattening",
            "t0_s",
            "dt_s",
            "n_t",
            "h0_km",
            "dh_km",
            "n_h",
            "ln_rho...",
        ),
    ),  # fmt: skip
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

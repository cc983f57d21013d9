"""Propagation: two-body today, and a seam for force models with one signature.

- :func:`propagate_twobody` (= :func:`sojourn.core.kepler.propagate`): universal variables,
  exact for a point mass, batched over leading axes.
- :func:`propagate_perturbed`: the point mass plus any forces of
  :mod:`sojourn.core.propagation.forces` (J2, J3, J4 today; drag and third bodies next),
  integrated by Dormand-Prince 5(4) with error control (:mod:`.integrate`), batched in Numba.
- :func:`j2_secular_rates`: the J2 secular drift of the node, the argument of periapsis and
  the mean anomaly (Vallado 4th ed., eqs. 9-41 and 9-39 (sec. 9.6)), for analytic planning
  (rendezvous phasing, node regression).

A new force is one Numba function ``accel(t_s, r_km (3,), v_km_s (3,), params) -> a_km_s2
(3,)`` and one entry in :data:`sojourn.core.propagation.forces.FORCES`.
"""

from __future__ import annotations

import math

import numpy as np

from sojourn.core.edges import as_gm_km3_s2, as_km, as_km_s, as_seconds
from sojourn.core.propagation.forces import FORCES, earth_zonal, zonal_params
from sojourn.core.propagation.integrate import STATUS, integrate_rows, total_acceleration
from sojourn.core.propagation.twobody import kepler_uv, propagate_twobody
from sojourn.errors import InputError

__all__ = [
    "FORCES",
    "STATUS",
    "earth_zonal",
    "j2_secular_rates",
    "kepler_uv",
    "propagate_perturbed",
    "propagate_twobody",
    "zonal_params",
]

_ACCEL_CACHE: dict = {}


def _vectors(arr, name: str) -> np.ndarray:
    """Float64 array (..., 3), or InputError naming ``name``."""
    arr = np.asarray(arr, dtype=np.float64)
    if arr.ndim == 0 or arr.shape[-1] != 3:
        raise InputError(
            f"'{name}' must have shape (..., 3), got shape {arr.shape}; "
            "pass Cartesian x, y, z components along the last axis"
        )
    return arr


def _check_params(key: str, p: np.ndarray) -> None:
    """A registered force's params have the length its kernel reads (it does not check)."""
    from sojourn.core.propagation.forces import DRAG_HEADER

    names = FORCES[key][1]
    if key == "drag":
        ok = p.size >= DRAG_HEADER and np.all(np.isfinite(p[:DRAG_HEADER]))
        ok = ok and p[6] >= 1 and p[9] >= 2 and p.size == DRAG_HEADER + int(p[6]) * int(p[9])
        if not ok:
            raise InputError(
                f"force 'drag' params must be a header ({', '.join(names[:-1])}) and an "
                f"n_t x n_h ln-density table, got {p.size} values; build them with "
                "sojourn.core.propagation.forces.drag_params"
            )
    elif p.size != len(names):
        raise InputError(
            f"force {key!r} takes {len(names)} params ({', '.join(names)}), got {p.size}; "
            "e.g. zonal_params(mu, r_eq, j)"
        )


def _resolve_forces(forces):
    funcs, params = [], []
    for item in forces:
        if not (isinstance(item, (tuple, list)) and len(item) == 2):
            raise InputError(
                f"each force must be a pair (name or function, params), got {item!r}; "
                "e.g. ('j2', zonal_params(mu, r_eq, j2))"
            )
        f, p = item
        if isinstance(f, str):
            key = f.strip().lower()
            if key not in FORCES:
                raise InputError(
                    f"unknown force {f!r}; known forces: {', '.join(FORCES)} "
                    "(or pass a Numba function with the force signature)"
                )
            f = FORCES[key][0]
        p = np.atleast_1d(np.asarray(p, dtype=np.float64))
        if p.ndim != 1:
            raise InputError(f"force params must be a 1-D array, got shape {p.shape}")
        if isinstance(item[0], str):
            _check_params(item[0].strip().lower(), p)
        funcs.append(f)
        params.append(p)
    width = max([p.size for p in params], default=1)
    P = np.full((max(len(params), 1), width), np.nan)
    if not params:
        P[0] = 0.0
    for i, p in enumerate(params):
        P[i, : p.size] = p
    key = tuple(funcs)
    if key not in _ACCEL_CACHE:
        _ACCEL_CACHE[key] = total_acceleration(key)
    return _ACCEL_CACHE[key], P


def propagate_perturbed(
    r0_km,
    v0_km_s,
    dt_s,
    mu_km3_s2,
    forces=(),
    t0_s=0.0,
    rtol: float = 1e-11,
    atol: float = 1e-9,
    max_steps: int = 1_000_000,
    return_status: bool = False,
    step_s: float | None = None,
):
    """Propagate states under the central body's point mass plus ``forces``.

    Parameters
    ----------
    r0_km, v0_km_s : array_like (..., 3)
        Initial states, km and km/s, inertial frame centred on the body (for the zonal
        forces, its z axis along the body's rotation axis).
    dt_s : array_like (...)
        Times of flight, s, either sign; broadcast with the leading axes.
    mu_km3_s2 : float or array_like (...)
        GM of the central body, km^3/s^2, > 0.
    forces : sequence of (str or function, params)
        Perturbations: a name of :data:`~sojourn.core.propagation.forces.FORCES` (``"j2"``)
        or a Numba function with the force signature, each with its params (1-D array), e.g.
        :func:`~sojourn.core.propagation.forces.earth_zonal` ``(4)``. Empty: two-body.
    t0_s : float or array_like (...)
        Epoch of the initial states (TDB s past J2000), passed to time-dependent forces.
    rtol, atol : float
        Relative and absolute (km, km/s) local error tolerances of the step control.
    max_steps : int
        Steps allowed per row before it is given up (status 1).
    return_status : bool
        Also return the status per row (:data:`STATUS`).
    step_s : float, optional
        Fixed step, s (> 0), instead of the adaptive step: the error is then not controlled
        (``rtol``, ``atol`` unused).

    Returns
    -------
    r_km, v_km_s : ndarray (..., 3)
        Final states, same frame; NaN where a row failed.
    status : ndarray (...) of int, only with ``return_status``
        0 ok, see :data:`STATUS`.

    Notes
    -----
    Dormand-Prince 5(4) with error control (:mod:`sojourn.core.propagation.integrate`).
    With no forces it agrees with :func:`propagate_twobody` to about 1 mm over a day of a
    low orbit at the default tolerances (tested).
    """
    r0 = _vectors(as_km(r0_km, "r0_km"), "r0_km")
    v0 = _vectors(as_km_s(v0_km_s, "v0_km_s"), "v0_km_s")
    dt = np.asarray(as_seconds(dt_s, "dt_s"), dtype=np.float64)
    mu = np.asarray(as_gm_km3_s2(mu_km3_s2, "mu_km3_s2"), dtype=np.float64)
    if not np.all(np.isfinite(mu) & (mu > 0.0)):
        raise InputError(
            "'mu_km3_s2' must be finite and > 0; use sojourn.core.constants.GM_KM3_S2[body]"
        )
    t0 = np.asarray(as_seconds(t0_s, "t0_s"), dtype=np.float64)
    if step_s is not None and not (np.isfinite(step_s) and step_s > 0):
        raise InputError(f"'step_s' must be > 0 s, got {step_s!r}; or None for adaptive steps")
    if not (rtol > 0 and atol > 0 and max_steps >= 1):
        raise InputError(
            f"'rtol' and 'atol' must be > 0 and 'max_steps' >= 1, got {rtol}, {atol}, {max_steps}"
        )
    try:
        lead = np.broadcast_shapes(r0.shape[:-1], v0.shape[:-1], dt.shape, mu.shape, t0.shape)
    except ValueError as exc:
        raise InputError(
            f"shapes do not broadcast: 'r0_km' {r0.shape}, 'v0_km_s' {v0.shape}, "
            f"'dt_s' {dt.shape}, 'mu_km3_s2' {mu.shape}, 't0_s' {t0.shape}"
        ) from exc
    accel, P = _resolve_forces(forces)
    n = math.prod(lead)
    y0 = np.empty((n, 6))
    y0[:, :3] = np.broadcast_to(r0, lead + (3,)).reshape(n, 3)
    y0[:, 3:] = np.broadcast_to(v0, lead + (3,)).reshape(n, 3)

    def flat(x):
        return np.ascontiguousarray(np.broadcast_to(x, lead), dtype=np.float64).reshape(n)

    y, status = integrate_rows(
        accel, y0, flat(t0), flat(dt), flat(mu), P, rtol, atol, max_steps, step_s or 0.0
    )
    r, v = y[:, :3].reshape(lead + (3,)), y[:, 3:].reshape(lead + (3,))
    if return_status:
        return r, v, status.reshape(lead)
    return r, v


def j2_secular_rates(a_km, e, inc_rad, mu_km3_s2, j2, r_eq_km):
    """Secular rates of the node, argument of periapsis and mean anomaly under J2, rad/s.

    Parameters
    ----------
    a_km : float or ndarray (...)
        Mean semi-major axis, km.
    e : float or ndarray (...)
        Mean eccentricity, < 1.
    inc_rad : float or ndarray (...)
        Mean inclination to the body's equator, rad.
    mu_km3_s2, j2, r_eq_km : float
        The body's GM, J2 (unnormalized) and equatorial radius.

    Returns
    -------
    raan_dot, argp_dot, mean_anomaly_dot : ndarray (...)
        rad/s; ``mean_anomaly_dot`` includes the mean motion n.

    Notes
    -----
    First-order secular theory (Vallado 4th ed., sec. 9.6, eqs. 9-41, 9-39 and 9-40), with
    n = sqrt(mu / a^3) and p = a (1 - e^2):

    - node: -3/2 n J2 (R/p)^2 cos i;
    - argument of periapsis: 3/4 n J2 (R/p)^2 (4 - 5 sin^2 i);
    - mean anomaly: n [1 + 3/4 J2 (R/p)^2 sqrt(1 - e^2) (2 - 3 sin^2 i)].
    """
    a = np.asarray(a_km, dtype=np.float64)
    e = np.asarray(e, dtype=np.float64)
    i = np.asarray(inc_rad, dtype=np.float64)
    n = np.sqrt(mu_km3_s2 / a**3)
    k = j2 * (r_eq_km / (a * (1.0 - e * e))) ** 2
    s2 = np.sin(i) ** 2
    raan_dot = -1.5 * n * k * np.cos(i)
    argp_dot = 0.75 * n * k * (4.0 - 5.0 * s2)
    m_dot = n * (1.0 + 0.75 * k * np.sqrt(1.0 - e * e) * (2.0 - 3.0 * s2))
    return raan_dot, argp_dot, m_dot

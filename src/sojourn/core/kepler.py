"""Two-body propagation with universal variables, batched over whole arrays.

The kernel solves the universal Kepler equation for the universal anomaly chi and
applies the Lagrange coefficients f, g, fdot, gdot:

  Curtis, H. D., *Orbital Mechanics for Engineering Students*, 3rd ed. (2014),
  Sec. 3.7, Eqs. 3.49-3.52 (Stumpff functions), Algorithm 3.3 (universal anomaly),
  Eq. 3.69 / Algorithm 3.4 (Lagrange coefficients);
  Vallado, D. A., *Fundamentals of Astrodynamics and Applications*, 4th ed. (2013),
  Algorithm 8 (KEPLER), whose first guesses for chi we use.

The one scalar door other kernels may call is :func:`kepler_uv`; the NumPy wrapper
:func:`propagate` validates shapes and broadcasts, then calls a parallel kernel.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit, prange

from sojourn.core.edges import as_gm_km3_s2, as_km, as_km_s, as_seconds
from sojourn.errors import InputError

__all__ = ["propagate", "coe_from_rv", "kepler_uv"]

#: Newton stops when a step is below this fraction of |chi|; Newton converges
#: quadratically, so the chi it returns is then good to a few ulp.
_CHI_RTOL = 1e-12
#: Iteration cap (safeguarded Newton; bisection alone needs ~60 from any bracket).
_MAX_ITER = 200
#: |alpha| r0 below this counts as parabolic for the first guess only (Vallado Alg. 8).
_PARABOLIC_ALPHA_R0 = 1e-6


@njit(cache=True)
def _stumpff(z):
    """Stumpff functions C(z), S(z) and c1(z) = 1 - z S(z) (Curtis 3rd ed., Eqs. 3.52-3.53).

    Near z = 0 the closed forms cancel catastrophically, so a Maclaurin series is used
    for |z| < 1 (Curtis Eq. 3.54). C is written as 2 sin^2(sqrt(z)/2)/z (and the sinh
    analogue), which has no 1 - cos cancellation anywhere, and c1 = sin(sqrt z)/sqrt(z)
    directly, because 1 - z S cancels near sqrt(z) = pi (half a revolution), where the
    Lagrange coefficients g and fdot need it.
    """
    if z > 1.0:
        sz = math.sqrt(z)
        h = math.sin(0.5 * sz)
        sn = math.sin(sz)
        C = 2.0 * h * h / z
        S = (sz - sn) / (sz * z)
        c1 = sn / sz
    elif z < -1.0:
        sz = math.sqrt(-z)
        h = math.sinh(0.5 * sz)
        sn = math.sinh(sz)
        C = 2.0 * h * h / (-z)
        S = (sn - sz) / (sz * (-z))
        c1 = sn / sz
    else:
        # C = sum (-z)^k/(2k+2)!, S = sum (-z)^k/(2k+3)!; 12 terms leave < 1e-20 at |z| = 1.
        C = 0.0
        S = 0.0
        term_c = 0.5  # 1/2!
        term_s = 1.0 / 6.0  # 1/3!
        for k in range(12):
            C += term_c
            S += term_s
            term_c *= -z / ((2 * k + 3) * (2 * k + 4))
            term_s *= -z / ((2 * k + 4) * (2 * k + 5))
        c1 = 1.0 - z * S  # |z S| <= 1/5 here: no cancellation
    return C, S, c1


@njit(cache=True)
def _uv_F(chi, sigma0, one_m_alpha_r0, r0, alpha, sqrt_mu_dt):
    """Universal Kepler equation residual F(chi) and dF/dchi = r (Curtis Eqs. 3.46, 3.48).

    sigma0 = r0 . v0 / sqrt(mu) (Vallado 4th ed., Alg. 8 uses the same grouping), so
    F = sigma0 chi^2 C + (1 - alpha r0) chi^3 S + r0 chi - sqrt(mu) dt,
    F' = sigma0 chi (1 - z S) + (1 - alpha r0) chi^2 C + r0 = r(chi) > 0.
    """
    chi2 = chi * chi
    z = alpha * chi2
    C, S, c1 = _stumpff(z)
    F = sigma0 * chi2 * C + one_m_alpha_r0 * chi2 * chi * S + r0 * chi - sqrt_mu_dt
    dF = sigma0 * chi * c1 + one_m_alpha_r0 * chi2 * C + r0
    return F, dF


@njit(cache=True)
def _universal_anomaly(r0, sigma0, alpha, h, dt, mu):
    """Universal anomaly chi (km^0.5) after dt (s); NaN when it cannot be found.

    Parameters are scalars: r0 (km), sigma0 = r0.v0/sqrt(mu) (km^0.5), alpha = 1/a
    (1/km), h = |r0 x v0| (km^2/s, for the parabolic guess), dt (s), mu (km^3/s^2).
    dt must already be reduced modulo the period for ellipses.

    Safeguarded Newton (Curtis Algorithm 3.3 plus a bracket): F is strictly increasing
    (F' = r > 0), so F(lo) < 0 < F(hi) brackets the unique root and any Newton step that
    leaves the bracket is replaced by bisection. First guesses: Vallado 4th ed., Alg. 8.
    """
    if dt == 0.0:
        return 0.0
    sqrt_mu = math.sqrt(mu)
    sqrt_mu_dt = sqrt_mu * dt
    one_m_alpha_r0 = 1.0 - alpha * r0
    s = 1.0 if dt > 0.0 else -1.0
    linear_guess = sqrt_mu_dt / r0
    # chi = sqrt(a) Delta E: below 1e-16 sqrt(r0) a change of chi moves the state by less
    # than rounding; without this floor a subnormal dt never meets the relative test.
    chi_atol = 1e-16 * math.sqrt(r0)

    # --- first guess (Vallado Alg. 8) ---
    if alpha * r0 > _PARABOLIC_ALPHA_R0:  # ellipse
        chi0 = sqrt_mu_dt * alpha
    elif alpha * r0 < -_PARABOLIC_ALPHA_R0:  # hyperbola
        a = 1.0 / alpha
        arg = (-2.0 * mu * alpha * dt) / (
            sigma0 * sqrt_mu + s * math.sqrt(-mu * a) * one_m_alpha_r0
        )
        if arg > 0.0:
            chi0 = s * math.sqrt(-a) * math.log(arg)
        else:
            # Approaching periapsis (r0.v0 < 0) the log's argument can be <= 0. Guess in
            # the hyperbolic anomaly instead: e cosh F0 = 1 - alpha r0, e sinh F0 =
            # sigma0 sqrt(-alpha) (Curtis Eqs. 3.38, 3.44a), M = e sinh F - F advanced by
            # n dt, then F1 from the large-M asymptote; chi = (F1 - F0) / sqrt(-alpha).
            sqrt_ma = math.sqrt(-alpha)
            ech = one_m_alpha_r0
            esh = sigma0 * sqrt_ma
            ecc = math.sqrt(max(ech * ech - esh * esh, 0.0))
            F0 = math.atanh(esh / ech)
            M1 = esh - F0 + math.sqrt(-mu * alpha * alpha * alpha) * dt
            F1 = math.copysign(math.log(2.0 * abs(M1) / ecc + 1.8), M1)
            chi0 = (F1 - F0) / sqrt_ma
    else:  # near-parabolic: Barker's equation
        p = h * h / mu
        x = 3.0 * math.sqrt(mu / (p * p * p)) * dt
        sb = 0.5 * math.atan(1.0 / x)  # acot(x)
        t = math.tan(sb)
        w = math.atan(math.copysign(abs(t) ** (1.0 / 3.0), t))
        chi0 = math.sqrt(p) * 2.0 / math.tan(2.0 * w)
    if not (math.isfinite(chi0) and chi0 * s > 0.0):
        chi0 = linear_guess

    # --- bracket [lo, hi] with F(lo) < 0 < F(hi); chi = 0 gives F = -sqrt(mu) dt ---
    if alpha * r0 > _PARABOLIC_ALPHA_R0 or alpha > 0.0:
        # |Delta E| <= |Delta M| + 2e < n|dt| + 2 and chi = Delta E / sqrt(alpha).
        n = math.sqrt(mu * alpha * alpha * alpha)
        bound = (n * abs(dt) + 2.0) / math.sqrt(alpha) * (1.0 + 1e-12)
    else:
        bound = abs(chi0)
        for _ in range(_MAX_ITER):
            F, _dF = _uv_F(s * bound, sigma0, one_m_alpha_r0, r0, alpha, sqrt_mu_dt)
            if not (s * F < 0.0):  # past the root (or overflowed: also past it)
                break
            bound *= 2.0
    if s > 0.0:
        lo, hi = 0.0, bound
    else:
        lo, hi = -bound, 0.0

    chi = chi0
    if not (lo < chi < hi):
        chi = 0.5 * (lo + hi)
    dx_old = hi - lo
    for _ in range(_MAX_ITER):
        F, dF = _uv_F(chi, sigma0, one_m_alpha_r0, r0, alpha, sqrt_mu_dt)
        if F < 0.0:
            lo = chi
        elif F > 0.0:
            hi = chi
        elif F == 0.0:
            return chi
        else:  # NaN from overflow: |chi| is too large
            if chi > 0.0:
                hi = chi
            else:
                lo = chi
        new = chi - F / dF
        # Bisect when Newton leaves the bracket (or is NaN) or when it is not at least
        # halving the step (Numerical Recipes' rtsafe rule): from far beyond the root of
        # a hyperbola F grows like exp(sqrt(-alpha) chi) and Newton would only crawl.
        if not (lo < new < hi) or abs(2.0 * F) > abs(dx_old * dF):
            new = 0.5 * (lo + hi)
        dx_old = new - chi
        if abs(new - chi) <= _CHI_RTOL * abs(new) + chi_atol:
            return new
        chi = new
    return math.nan


@njit(cache=True)
def kepler_uv(rx, ry, rz, vx, vy, vz, dt, mu):
    """Propagate one two-body state by dt; scalar, callable from other kernels.

    Parameters
    ----------
    rx, ry, rz : float
        Initial position, km, any inertial frame centred on the attracting body.
    vx, vy, vz : float
        Initial velocity, km/s, same frame.
    dt : float
        Time of flight, s, either sign, any length.
    mu : float
        Gravitational parameter, km^3/s^2, > 0.

    Returns
    -------
    tuple of 7
        (rx, ry, rz, vx, vy, vz, ok): final state (km, km/s, same frame) and whether it
        converged; on failure the six floats are NaN and ok is False.
    """
    nan = math.nan
    r0 = math.sqrt(rx * rx + ry * ry + rz * rz)
    v0sq = vx * vx + vy * vy + vz * vz
    if not (math.isfinite(r0) and math.isfinite(v0sq) and math.isfinite(dt)) or r0 == 0.0:
        return nan, nan, nan, nan, nan, nan, False
    sqrt_mu = math.sqrt(mu)
    rdotv = rx * vx + ry * vy + rz * vz
    sigma0 = rdotv / sqrt_mu
    alpha = 2.0 / r0 - v0sq / mu  # 1/a, Curtis Eq. 3.44
    hx = ry * vz - rz * vy
    hy = rz * vx - rx * vz
    hz = rx * vy - ry * vx
    h = math.sqrt(hx * hx + hy * hy + hz * hz)

    # Ellipses: reduce dt to [-T/2, T/2]; f, g, fdot, gdot are periodic in chi with
    # period 2 pi / sqrt(alpha), so whole revolutions only cost accuracy if kept.
    if alpha * r0 > _PARABOLIC_ALPHA_R0:
        T = 2.0 * math.pi / math.sqrt(mu * alpha * alpha * alpha)
        if abs(dt) > 0.5 * T:
            dt = dt - T * math.floor(dt / T + 0.5)

    chi = _universal_anomaly(r0, sigma0, alpha, h, dt, mu)
    if not math.isfinite(chi):
        return nan, nan, nan, nan, nan, nan, False

    chi2 = chi * chi
    z = alpha * chi2
    C, S, c1 = _stumpff(z)
    # Lagrange coefficients, Curtis Eqs. 3.69. g is written without dt,
    # sqrt(mu) g = sigma0 chi^2 C + r0 chi (1 - z S) (from Eq. 3.46), which keeps
    # f gdot - fdot g = 1 to rounding even for dt near T/2.
    f = 1.0 - chi2 / r0 * C
    g = (sigma0 * chi2 * C + r0 * chi * c1) / sqrt_mu
    px = f * rx + g * vx
    py = f * ry + g * vy
    pz = f * rz + g * vz
    r = math.sqrt(px * px + py * py + pz * pz)
    fdot = -sqrt_mu / (r * r0) * chi * c1
    gdot = 1.0 - chi2 / r * C
    return (
        px,
        py,
        pz,
        fdot * rx + gdot * vx,
        fdot * ry + gdot * vy,
        fdot * rz + gdot * vz,
        True,
    )


@njit(cache=True)
def _propagate_row(r0, v0, dt, mu, r_out, v_out, i):
    rx, ry, rz, vx, vy, vz, _ok = kepler_uv(
        r0[i, 0], r0[i, 1], r0[i, 2], v0[i, 0], v0[i, 1], v0[i, 2], dt[i], mu[i]
    )
    r_out[i, 0] = rx
    r_out[i, 1] = ry
    r_out[i, 2] = rz
    v_out[i, 0] = vx
    v_out[i, 1] = vy
    v_out[i, 2] = vz


@njit(cache=True, parallel=True)
def _propagate_kernel(r0, v0, dt, mu, r_out, v_out):
    """Vectorized entry point: rows i of r0, v0 (N, 3), dt, mu (N,) -> r_out, v_out."""
    for i in prange(r0.shape[0]):
        _propagate_row(r0, v0, dt, mu, r_out, v_out, i)


@njit(cache=True)
def _propagate_kernel_serial(r0, v0, dt, mu, r_out, v_out):
    """As :func:`_propagate_kernel` on one thread: small batches skip the pool start-up."""
    for i in range(r0.shape[0]):
        _propagate_row(r0, v0, dt, mu, r_out, v_out, i)


#: Below this many rows the serial kernel is faster than waking the thread pool.
_PARALLEL_MIN_ROWS = 256


def _as_vectors(value, name: str, convert) -> np.ndarray:
    """Float64 array (..., 3) through the edge converter ``convert`` (km or km/s)."""
    arr = np.asarray(convert(value, name))
    if arr.ndim == 0 or arr.shape[-1] != 3:
        raise InputError(
            f"'{name}' must have shape (..., 3), got shape {arr.shape}; "
            "pass Cartesian x, y, z components along the last axis"
        )
    return arr


def _as_mu(mu_km3_s2) -> np.ndarray:
    mu = np.asarray(as_gm_km3_s2(mu_km3_s2, "mu_km3_s2"))
    if not np.all(np.isfinite(mu) & (mu > 0.0)):
        bad = mu[~(np.isfinite(mu) & (mu > 0.0))].ravel()[0] if mu.ndim else float(mu)
        raise InputError(
            f"'mu_km3_s2' must be finite and > 0, got {bad!r}; "
            "use sojourn.core.constants.GM_KM3_S2[body]"
        )
    return mu


def propagate(r0_km, v0_km_s, dt_s, mu_km3_s2):
    """Propagate two-body states by a time of flight (universal variables).

    Parameters
    ----------
    r0_km : array_like (..., 3)
        Initial positions, km, any inertial frame centred on the attracting body (or an
        astropy ``Quantity`` of any length unit, converted).
    v0_km_s : array_like (..., 3)
        Initial velocities, km/s, same frame (or a speed ``Quantity``).
    dt_s : array_like (...)
        Times of flight, s, either sign, any length (or ``numpy.timedelta64`` of any fixed
        unit, ``datetime.timedelta``, astropy ``TimeDelta`` or a time ``Quantity``). Broadcast
        with the leading axes of ``r0_km`` and ``v0_km_s`` (a scalar, or one per state, or N
        times for one state).
    mu_km3_s2 : float or array_like (...)
        Gravitational parameter of the central body, km^3/s^2, > 0 (or a ``Quantity`` such
        as ``u.m**3 / u.s**2``); broadcast too. Conversions: :mod:`sojourn.core.edges`.

    Returns
    -------
    r_km : ndarray (..., 3)
        Final positions, km, same frame. The leading shape is the broadcast of the
        leading shapes of all inputs.
    v_km_s : ndarray (..., 3)
        Final velocities, km/s, same frame.

    Rows whose iteration does not converge (or whose inputs are not finite, or r0 = 0)
    are NaN; the call never raises for one bad row.

    Raises
    ------
    InputError
        A vector without a last axis of 3, shapes that do not broadcast, input that is not
        real numbers or a convertible quantity (bool, complex, text, ``NaT``, a ``Quantity``
        of the wrong dimension), or a ``mu_km3_s2`` that is not finite and positive.

    Notes
    -----
    Curtis, *Orbital Mechanics for Engineering Students*, 3rd ed., Algorithms 3.3-3.4;
    Vallado, *Fundamentals of Astrodynamics and Applications*, 4th ed., Algorithm 8.
    Elliptic times of flight are reduced modulo the period first.

    Examples
    --------
    Curtis 3rd ed., Example 3.7:

    >>> r, v = propagate([7000.0, -12124.0, 0.0], [2.6679, 4.6210, 0.0], 3600.0, 398600.0)
    >>> [round(float(x), 1) for x in r]
    [-3297.8, 7413.4, 0.0]
    """
    r0 = _as_vectors(r0_km, "r0_km", as_km)
    v0 = _as_vectors(v0_km_s, "v0_km_s", as_km_s)
    dt = np.asarray(as_seconds(dt_s, "dt_s"))
    mu = _as_mu(mu_km3_s2)
    try:
        lead = np.broadcast_shapes(r0.shape[:-1], v0.shape[:-1], dt.shape, mu.shape)
    except ValueError as exc:
        raise InputError(
            f"shapes do not broadcast: 'r0_km' {r0.shape}, 'v0_km_s' {v0.shape}, "
            f"'dt_s' {dt.shape}, 'mu_km3_s2' {mu.shape}; leading axes of the (..., 3) "
            "vectors must broadcast with 'dt_s' and 'mu_km3_s2'"
        ) from exc
    n = math.prod(lead)
    r0_flat = np.ascontiguousarray(np.broadcast_to(r0, lead + (3,))).reshape(n, 3)
    v0_flat = np.ascontiguousarray(np.broadcast_to(v0, lead + (3,))).reshape(n, 3)
    dt_flat = np.ascontiguousarray(np.broadcast_to(dt, lead)).reshape(n)
    mu_flat = np.ascontiguousarray(np.broadcast_to(mu, lead)).reshape(n)
    r_out = np.empty((n, 3))
    v_out = np.empty((n, 3))
    if n >= _PARALLEL_MIN_ROWS:
        _propagate_kernel(r0_flat, v0_flat, dt_flat, mu_flat, r_out, v_out)
    elif n:
        _propagate_kernel_serial(r0_flat, v0_flat, dt_flat, mu_flat, r_out, v_out)
    return r_out.reshape(lead + (3,)), v_out.reshape(lead + (3,))


def coe_from_rv(r_km, v_km_s, mu_km3_s2) -> dict[str, np.ndarray]:
    """Classical orbital elements from state vectors (Curtis 3rd ed., Algorithm 4.2).

    Parameters
    ----------
    r_km : array_like (..., 3)
        Positions, km, inertial frame centred on the body (its equator for inc/raan).
    v_km_s : array_like (..., 3)
        Velocities, km/s, same frame.
    mu_km3_s2 : float or array_like (...)
        Gravitational parameter, km^3/s^2, > 0.

    Returns
    -------
    dict of ndarray (...)
        ``a_km`` (semi-major axis, km; negative for hyperbolas, inf for parabolas),
        ``ecc``, ``h_km2_s`` (specific angular momentum), ``inc_rad`` in [0, pi],
        ``raan_rad``, ``argp_rad``, ``nu_rad`` in [0, 2 pi).

    Notes
    -----
    Angles are computed with atan2 rather than the book's arccos (same angles, full
    precision near 0 and pi). Conventions where an angle is undefined: equatorial orbits
    (|N| < 1e-11 h) get raan = 0 and argp measured from the x axis (longitude of
    periapsis); circular orbits (e < 1e-11) get argp = 0 and nu measured from the node
    (or from the x axis when also equatorial).
    """
    r = _as_vectors(r_km, "r_km", as_km)
    v = _as_vectors(v_km_s, "v_km_s", as_km_s)
    mu = _as_mu(mu_km3_s2)
    try:
        lead = np.broadcast_shapes(r.shape[:-1], v.shape[:-1], mu.shape)
    except ValueError as exc:
        raise InputError(
            f"shapes do not broadcast: 'r_km' {r.shape}, 'v_km_s' {v.shape}, 'mu_km3_s2' {mu.shape}"
        ) from exc
    r = np.broadcast_to(r, lead + (3,))
    v = np.broadcast_to(v, lead + (3,))
    mu = np.broadcast_to(mu, lead)
    two_pi = 2.0 * np.pi
    eps = 1e-11

    rn = np.linalg.norm(r, axis=-1)
    vn = np.linalg.norm(v, axis=-1)
    vr = np.sum(r * v, axis=-1) / rn  # Step 3
    hv = np.cross(r, v)  # Step 4
    h = np.linalg.norm(hv, axis=-1)
    # Step 6, Eq. 4.7, as atan2: arccos loses half the digits near 0 and pi.
    inc = np.arctan2(np.hypot(hv[..., 0], hv[..., 1]), hv[..., 2])
    K = np.zeros_like(hv)
    K[..., 2] = 1.0
    Nv = np.cross(K, hv)  # Step 7, Eq. 4.8
    N = np.linalg.norm(Nv, axis=-1)
    ev = ((vn**2 - mu / rn)[..., None] * r - (rn * vr)[..., None] * v) / mu[..., None]
    e = np.linalg.norm(ev, axis=-1)  # Step 9, Eq. 4.10
    equatorial = N < eps * h
    circular = e < eps
    x_axis = np.zeros_like(hv)
    x_axis[..., 0] = 1.0
    # Undefined reference directions: the x axis for the node of an equatorial orbit,
    # the node for the periapsis of a circular orbit.
    node = np.where(equatorial[..., None], x_axis, Nv)
    peri = np.where(circular[..., None], node, ev)

    with np.errstate(invalid="ignore", divide="ignore"):
        h_hat = hv / h[..., None]

        def wrap(x):
            x = np.mod(x, two_pi)
            return np.where(x >= two_pi, 0.0, x)  # mod of a tiny negative gives 2 pi

        def angle(frm, to):
            """Angle from frm to to about h_hat, in [0, 2 pi) (atan2 form of Eqs. 4.9-4.13)."""
            sin_part = np.sum(np.cross(frm, to) * h_hat, axis=-1)
            return wrap(np.arctan2(sin_part, np.sum(frm * to, axis=-1)))

        raan = np.where(equatorial, 0.0, wrap(np.arctan2(Nv[..., 1], Nv[..., 0])))
        argp = np.where(circular, 0.0, angle(node, peri))  # Step 10, Eq. 4.12
        nu = angle(peri, r)  # Step 11, Eq. 4.13
        energy = 0.5 * vn**2 - mu / rn
        a = -mu / (2.0 * energy)  # Eq. 2.61 / 2.71
    return {
        "a_km": a,
        "ecc": e,
        "h_km2_s": h,
        "inc_rad": inc,
        "raan_rad": raan,
        "argp_rad": argp,
        "nu_rad": nu,
    }

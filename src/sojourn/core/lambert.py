"""Lambert's problem: Izzo's 2015 algorithm, batched, as Numba kernels.

Given two position vectors and a flight time, find the velocities of the conic (single or
multi-revolution, prograde or retrograde) that joins them. Reference:

    Izzo, D. (2015), "Revisiting Lambert's problem", Celest. Mech. Dyn. Astr. 121:1-15,
    doi:10.1007/s10569-014-9587-y.

Equation numbers below refer to that paper. Inside the kernels the paper's symbols are kept:
``lam`` (lambda, eq. 5), ``T`` (non-dimensional time of flight, eq. 7), ``x``, ``y`` (eq. 12),
``M`` (complete revolutions).

Three layers, from Python down:

- :func:`lambert` and :func:`lambert_izzo`: thin NumPy wrappers; they check shapes and types,
  broadcast, and call the batched kernel. A bad element never raises: its velocities are NaN
  and its ``status`` says why (codes in :data:`LAMBERT_STATUS`).
- ``_lambert_batch`` (per-problem flags) and ``_lambert_batch_flags`` (one set of flags for
  the batch): the ``parallel=True`` kernels over flat, contiguous arrays, writing into
  preallocated outputs.
- :func:`izzo_core`: the scalar solver, usable from other Numba kernels (the porkchop grid in
  ``sojourn.windows`` calls it with a warm start ``x0`` taken from the neighbouring cell).

Speed comes from few, cheap iterations rather than clever compilation: Izzo's first guess
(eq. 30 with the rational form for long flights used by pykep), third-order Householder steps
(eq. 22 derivatives, which reuse ``y`` and ``T(x)`` of the same step), the hypergeometric series
only within 0.01 of the parabola, one inverse trigonometric or logarithm per step, no Python
objects and no allocation inside the loop.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit, prange

from sojourn.core.edges import as_gm_km3_s2, as_km, as_seconds
from sojourn.errors import InputError

__all__ = [
    "LAMBERT_STATUS",
    "STATUS_OK",
    "STATUS_NO_SOLUTION",
    "STATUS_NOT_CONVERGED",
    "STATUS_DEGENERATE",
    "STATUS_BAD_INPUT",
    "lambert",
    "lambert_izzo",
    "izzo_core",
]

STATUS_OK = 0
STATUS_NO_SOLUTION = 1
STATUS_NOT_CONVERGED = 2
STATUS_DEGENERATE = 3
STATUS_BAD_INPUT = 4

#: Meaning of each ``status`` code returned by :func:`lambert_izzo`.
LAMBERT_STATUS: dict[int, str] = {
    STATUS_OK: "ok",
    STATUS_NO_SOLUTION: "no solution: the time of flight is below the minimum for this many "
    "revolutions (use fewer revs or a longer tof)",
    STATUS_NOT_CONVERGED: "did not converge: Householder iterations exceeded their limit",
    STATUS_DEGENERATE: "degenerate geometry: r1 or r2 is zero, or r1 and r2 are collinear "
    "(0 or 180 deg transfer: the transfer plane is undefined)",
    STATUS_BAD_INPUT: "bad input: tof <= 0, a non-finite position or time of flight, or a "
    "time of flight beyond 2^52 units of sqrt(s^3 / 2 mu) (10^15 orbits)",
}

# fastmath without 'nnan'/'ninf': we test for NaN inputs and return NaN outputs on purpose,
# which LLVM may delete under the full flag set. Reassociation and contraction only change
# results in the last bits (tests check 1e-9 agreement with pykep and lamberthub).
_FM = {"nsz", "arcp", "contract", "afn", "reassoc"}

_PI = math.pi
_LN2 = math.log(2.0)
_TWO_THIRDS = 2.0 / 3.0
#: Use Battin's hypergeometric series (eq. 20) when |x - 1| is below this; elsewhere the
#: Lancaster form of Lagrange's equation (eq. 18) loses at most ~2 digits to cancellation.
_BATTIN_DIST = 0.01
#: Householder stopping test on |x_{n+1} - x_n|: single and multi-revolution (pykep's values;
#: the method is third order, so the x returned is accurate to ~1e-15).
_TOL_SINGLE = 1e-4
_TOL_MULTI = 1e-8
_MAXITER = 15
#: |unit(r1) x unit(r2)| below this: the transfer plane is undefined.
_SIN_MIN = 1e-14


# fdlibm's e_acos.c rational approximation (Sun Microsystems, 1993; also in musl and
# OpenLibm): under 1 ulp, and several times faster here than the libm acos Numba calls,
# which sits on the critical path of every elliptic Householder step.
_PIO2_HI = 1.57079632679489655800e00
_PIO2_LO = 6.12323399573676603587e-17
_PS0 = 1.66666666666666657415e-01
_PS1 = -3.25565818622400915405e-01
_PS2 = 2.01212532134862925881e-01
_PS3 = -4.00555345006794114027e-02
_PS4 = 7.91534994289814532176e-04
_PS5 = 3.47933107596021167570e-05
_QS1 = -2.40339491173441421878e00
_QS2 = 2.02094576023350569471e00
_QS3 = -6.88283971605453293030e-01
_QS4 = 7.70381505559019352791e-02


@njit(cache=True, fastmath=_FM)
def _acos(x):
    """arccos(x) for -1 <= x <= 1 (NaN outside), fdlibm's algorithm, written with selects
    rather than branches (the sign and size of x are random across a batch)."""
    ax = abs(x)
    small = ax < 0.5
    z = x * x if small else 0.5 * (1.0 - ax)
    p = z * (_PS0 + z * (_PS1 + z * (_PS2 + z * (_PS3 + z * (_PS4 + z * _PS5)))))
    q = 1.0 + z * (_QS1 + z * (_QS2 + z * (_QS3 + z * _QS4)))
    r = p / q
    sq = math.sqrt(z)  # NaN for |x| > 1
    a = 2.0 * (sq + sq * r)
    big = a if x > 0.0 else 2.0 * _PIO2_HI - (a - 2.0 * _PIO2_LO)
    return _PIO2_HI - (x - (_PIO2_LO - x * r)) if small else big


@njit(cache=True, fastmath=_FM)
def _hyp2f1b(z):
    """Hypergeometric 2F1(3, 1; 5/2; z) by its series (Izzo eq. 20, after Battin)."""
    Sj = 1.0
    Cj = 1.0
    j = 0
    while True:
        Cj = Cj * (3.0 + j) * (1.0 + j) / (2.5 + j) * z / (j + 1.0)
        Sj = Sj + Cj
        j += 1
        if abs(Cj) < 1e-16 * Sj or j > 200:
            return Sj


@njit(cache=True, fastmath=_FM)
def _tof_x(x, lam, M):
    """Non-dimensional time of flight T(x) for ``M`` revolutions (Izzo eqs. 18 and 20).

    Returns ``(T, y)`` with ``y = sqrt(1 - lam^2 (1 - x^2))`` (eq. 12) for reuse in the
    derivatives (eq. 22).
    """
    E = x * x - 1.0
    y = math.sqrt(1.0 + lam * lam * E)
    if abs(x - 1.0) < _BATTIN_DIST:
        # Battin's series near the parabola, eq. 20: T = (eta^3 Q + 4 lam eta) / 2
        eta = y - lam * x
        S1 = 0.5 * (1.0 - lam - x * eta)
        Q = 4.0 / 3.0 * _hyp2f1b(S1)
        T = 0.5 * (eta * eta * eta * Q + 4.0 * lam * eta)
        if M > 0:
            T += M * _PI / abs(E) ** 1.5
        return T, y
    # Lancaster's form of Lagrange's equation, eq. 18 (with psi from eq. 17):
    # T = [ (psi + M pi) / sqrt|1 - x^2| - x + lam y ] / (1 - x^2)
    rho = abs(E)
    sq = math.sqrt(rho)
    g = x * y - lam * E  # cos(psi) or cosh(psi), eq. 17
    if E < 0.0:
        d = M * _PI + _acos(g)
    else:
        # sinh(psi) = (y - x lam) sqrt(x^2 - 1); psi = log(sinh + cosh)
        d = math.log(sq * (y - lam * x) + g)
    T = (x - lam * y - d / sq) / E
    return T, y


@njit(cache=True, fastmath=_FM)
def _dtdx(x, y, T, lam):
    """First three derivatives of T(x) at fixed lam, Izzo eq. 22."""
    l2 = lam * lam
    l3 = l2 * lam
    umx2 = 1.0 - x * x
    inv = 1.0 / umx2
    y2 = y * y
    y3 = y2 * y
    dT = inv * (3.0 * T * x - 2.0 + 2.0 * l3 * x / y)
    ddT = inv * (3.0 * T + 5.0 * x * dT + 2.0 * (1.0 - l2) * l3 / y3)
    dddT = inv * (7.0 * x * ddT + 8.0 * dT - 6.0 * (1.0 - l2) * l2 * l3 * x / (y3 * y2))
    return dT, ddT, dddT


@njit(cache=True, fastmath=_FM)
def _householder(T, x0, lam, M, tol, maxiter):
    """Solve T(x) = T by Householder's third-order method from ``x0`` (Izzo sec. 3).

    T(x) (eq. 18, or eq. 20 near x = 1) and its derivatives (eq. 22) are evaluated together,
    sharing y, 1/y and 1/(1 - x^2): four divisions, two square roots and one acos or log a
    step. Stops when |x_{n+1} - x_n| <= tol. Returns ``(x, iterations, converged)``.
    """
    l2 = lam * lam
    l3 = l2 * lam
    c2 = 2.0 * (1.0 - l2) * l3  # eq. 22 constants
    c3 = 6.0 * (1.0 - l2) * l2 * l3
    x = x0
    for it in range(1, maxiter + 1):
        E = x * x - 1.0
        y = math.sqrt(1.0 + l2 * E)
        iy = 1.0 / y
        inv = -1.0 / E  # 1 / (1 - x^2)
        if abs(x - 1.0) < _BATTIN_DIST:
            Tx, _ = _tof_x(x, lam, M)
        else:
            # eq. 18 with psi from eq. 17, as _tof_x; 1/sqrt|E| without a division
            isq = math.sqrt(abs(inv))
            sq = abs(E) * isq
            g = x * y - lam * E
            if E < 0.0:
                d = M * _PI + _acos(g)
            else:
                d = math.log(sq * (y - lam * x) + g)
            Tx = (lam * y - x + d * isq) * inv
        iy3 = iy * iy * iy
        dT = inv * (3.0 * Tx * x - 2.0 + 2.0 * l3 * x * iy)
        ddT = inv * (3.0 * Tx + 5.0 * x * dT + c2 * iy3)
        dddT = inv * (7.0 * x * ddT + 8.0 * dT - c3 * x * iy3 * iy * iy)
        delta = Tx - T
        dT2 = dT * dT
        xn = x - delta * (dT2 - 0.5 * delta * ddT) / (
            dT * (dT2 - delta * ddT) + dddT * delta * delta * (1.0 / 6.0)
        )
        err = abs(xn - x)
        x = xn
        if err <= tol:
            return x, it, True
        if not (err == err):  # NaN: give up now, the caller flags it
            return x, it, False
    return x, maxiter, False


@njit(cache=True, fastmath=_FM)
def _tmin(lam, M, T00):
    """Minimum non-dimensional time of flight for ``M`` revolutions (Izzo sec. 3, Halley
    iterations on dT/dx = 0 from x = 0, where T = T00 + M pi). Returns ``(x_M, T_min)``.

    For lam near -1 (transfers within a few mrad of 360 deg) the paper's iteration leaves
    (-1, 1) and reports a T_min far too small; :func:`_tmin_bisect` takes over then.
    """
    x_old = 0.0
    x_new = 0.0
    T_min = T00 + M * _PI
    for _ in range(13):
        y = math.sqrt(1.0 - lam * lam * (1.0 - x_old * x_old))
        dT, ddT, dddT = _dtdx(x_old, y, T_min, lam)
        if dT != 0.0:
            x_new = x_old - dT * ddT / (ddT * ddT - 0.5 * dT * dddT)
        if not abs(x_new) < 1.0:
            return _tmin_bisect(lam, M)
        err = abs(x_old - x_new)
        if err < 1e-13:
            break
        T_min, _ = _tof_x(x_new, lam, M)
        x_old = x_new
    return x_new, T_min


@njit(cache=True, fastmath=_FM)
def _tmin_bisect(lam, M):
    """T_min by bisection on the sign of dT/dx over (-1, 1), where T(x) is convex (M > 0)."""
    a = -1.0
    b = 1.0
    x = 0.0
    for _ in range(64):
        x = 0.5 * (a + b)
        T_x, y = _tof_x(x, lam, M)
        if _dtdx(x, y, T_x, lam)[0] < 0.0:
            a = x
        else:
            b = x
        if b - a < 1e-13:
            break
    x = 0.5 * (a + b)
    T_x, _ = _tof_x(x, lam, M)
    return x, T_x


@njit(cache=True, fastmath=_FM)
def _solve_branch(T, lam, M, low_path, maxiter):
    """Safeguarded solve of T(x) = T on one branch of a multi-revolution problem.

    The fallback when Householder's steps leave (-1, 1) from a poor first guess (seen for lam
    near -1, transfers within a few mrad of 360 deg). T(x) is convex on (-1, 1) for M > 0
    with its minimum at x_M (:func:`_tmin`): the high path lies on (-1, x_M), where T falls,
    the low path on (x_M, 1), where it rises. Newton steps are kept inside that bracket,
    which shrinks on the sign of T(x) - T; a step that would leave it bisects instead.
    Returns ``(x, iterations, converged)``.
    """
    x_m, T_m = _tmin(lam, M, _acos(lam) + lam * math.sqrt(1.0 - lam * lam))
    if T_m > T:
        return math.nan, 0, False
    a, b = (x_m, 1.0) if low_path else (-1.0, x_m)
    x = 0.5 * (a + b)
    for it in range(1, maxiter + 1):
        Tx, y = _tof_x(x, lam, M)
        above = Tx > T
        # low path: T rises with x, so T(x) > T puts the root left of x; high path: right.
        if above == low_path:
            b = x
        else:
            a = x
        dT = _dtdx(x, y, Tx, lam)[0]
        xn = x - (Tx - T) / dT if dT != 0.0 else 0.5 * (a + b)
        if not (a < xn < b):
            xn = 0.5 * (a + b)
        if abs(xn - x) < 1e-14 or b - a < 1e-14:
            return xn, it, True
        x = xn
    return x, maxiter, False


@njit(cache=True, fastmath=_FM)
def _initial_guess(T, lam, M, low_path, T00):
    """Izzo's first guess for x (eq. 30 for M = 0, eq. 31 for M > 0)."""
    if M == 0:
        l2 = lam * lam
        T1 = _TWO_THIRDS * (1.0 - l2 * lam)  # eq. 21
        if T >= T00:
            # rational form of (T0/T)^(2/3) - 1 (as in pykep), no pow needed
            return -(T - T00) / (T - T00 + 4.0)
        if T <= T1:
            return 2.5 * T1 * (T1 - T) / ((1.0 - l2 * l2 * lam) * T) + 1.0
        # T1 < T < T0: (T/T0)^(log2(T1/T0)^-1) - 1, corrected form (poliastro issue 1362)
        return math.exp(_LN2 * math.log(T / T00) / math.log(T1 / T00)) - 1.0
    # M > 0, eq. 31: left and right branch guesses; the low path is the larger x
    a = ((M * _PI + _PI) / (8.0 * T)) ** _TWO_THIRDS
    x0l = (a - 1.0) / (a + 1.0)
    b = ((8.0 * T) / (M * _PI)) ** _TWO_THIRDS
    x0r = (b - 1.0) / (b + 1.0)
    if low_path:
        return max(x0l, x0r)
    return min(x0l, x0r)


#: Largest non-dimensional time of flight T = tof sqrt(2 mu / s^3) (Izzo eq. 7) solved. Far
#: beyond it Izzo's first guess (eq. 30, -(T - T00) / (T - T00 + 4)) rounds to exactly x = -1,
#: where 1 / (1 - x^2) divides by zero inside the kernel (T > 4 / 2^-52 = 1.8e16, e.g. a
#: tof of 1e25 s between two points 1 AU from the Sun). :func:`izzo_core` refuses such
#: flights as bad input (STATUS_BAD_INPUT), after the geometry checks, so every caller (the
#: batch, the porkchop and scan kernels) is protected: 2^52 time units is 10^15 orbits, no
#: transfer anyone flies.
_T_MAX = 2.0**52


@njit(cache=True, fastmath=_FM)
def izzo_core(mu, r1x, r1y, r1z, r2x, r2y, r2z, tof, M, prograde, low_path, x0):
    """Solve one Lambert problem (Izzo 2015); the door for other Numba kernels.

    Parameters
    ----------
    mu : float
        Gravitational parameter, km^3/s^2 (> 0 and finite: not checked here).
    r1x, r1y, r1z, r2x, r2y, r2z : float
        Departure and arrival positions, km, any inertial frame.
    tof : float
        Time of flight, s.
    M : int
        Complete revolutions (>= 0: not checked here).
    prograde, low_path : bool
        Direction of motion (prograde: angular momentum along +z) and, for ``M > 0``,
        which of the two solutions (low path: the larger x, Izzo's right branch).
    x0 : float
        First guess for Izzo's x (warm start, e.g. the converged x of the neighbouring
        cell of a grid). NaN: use Izzo's own guess (eqs. 30-31).

    Returns
    -------
    v1x, v1y, v1z, v2x, v2y, v2z : float
        Velocities at departure and arrival, km/s (NaN unless status == 0).
    x : float
        Converged x (NaN unless status == 0); pass it as ``x0`` to a neighbour.
    iters : int
        Householder iterations taken.
    status : int
        Code from :data:`LAMBERT_STATUS`.
    """
    nan = np.nan
    # --- input checks (bad input, then degenerate geometry) --------------------------
    ok_in = (
        tof > 0.0
        and abs(tof) < np.inf
        and abs(r1x) + abs(r1y) + abs(r1z) + abs(r2x) + abs(r2y) + abs(r2z) < np.inf
    )
    if not ok_in:
        return nan, nan, nan, nan, nan, nan, nan, 0, STATUS_BAD_INPUT
    R1 = math.sqrt(r1x * r1x + r1y * r1y + r1z * r1z)
    R2 = math.sqrt(r2x * r2x + r2y * r2y + r2z * r2z)
    if R1 == 0.0 or R2 == 0.0:
        return nan, nan, nan, nan, nan, nan, nan, 0, STATUS_DEGENERATE
    # --- geometry, Izzo Algorithm 1 lines 1-12 ---------------------------------------
    iR1 = 1.0 / R1
    iR2 = 1.0 / R2
    i1x, i1y, i1z = r1x * iR1, r1y * iR1, r1z * iR1  # unit r1
    i2x, i2y, i2z = r2x * iR2, r2y * iR2, r2z * iR2  # unit r2
    hx = i1y * i2z - i1z * i2y
    hy = i1z * i2x - i1x * i2z
    hz = i1x * i2y - i1y * i2x
    hn = math.sqrt(hx * hx + hy * hy + hz * hz)
    if not hn > _SIN_MIN:
        return nan, nan, nan, nan, nan, nan, nan, 0, STATUS_DEGENERATE
    ihn = 1.0 / hn
    hx *= ihn
    hy *= ihn
    hz *= ihn
    cx, cy, cz = r2x - r1x, r2y - r1y, r2z - r1z
    c = math.sqrt(cx * cx + cy * cy + cz * cz)
    s = 0.5 * (R1 + R2 + c)  # semi-perimeter
    i_s = 1.0 / s
    # eq. 5, lam^2 = 1 - c/s, written as lam = sqrt(r1 r2) cos(theta/2) / s with
    # 2 cos(theta/2) = |unit(r1) + unit(r2)|: no cancellation near 180 deg, where 1 - c/s
    # would lose the transfer angle to rounding (the sign is set below).
    px, py, pz = i1x + i2x, i1y + i2y, i1z + i2z
    lam = min(1.0, 0.5 * math.sqrt(R1 * R2 * (px * px + py * py + pz * pz)) * i_s)
    # tangential unit vectors it = ih x ir (swapped and lam < 0 beyond 180 deg)
    # branch-free: the sign of hz is random across a batch
    sgn = math.copysign(1.0, hz) if prograde else -math.copysign(1.0, hz)
    lam = lam * sgn
    t1x = sgn * (hy * i1z - hz * i1y)
    t1y = sgn * (hz * i1x - hx * i1z)
    t1z = sgn * (hx * i1y - hy * i1x)
    t2x = sgn * (hy * i2z - hz * i2y)
    t2y = sgn * (hz * i2x - hx * i2z)
    t2z = sgn * (hx * i2y - hy * i2x)
    gamma = math.sqrt(0.5 * mu * s)
    T = 2.0 * gamma * i_s * i_s * tof  # eq. 7: sqrt(2 mu / s^3) tof
    if not T < _T_MAX:  # absurd flight time (10^15 orbits): bad input, not a division by 0
        return nan, nan, nan, nan, nan, nan, nan, 0, STATUS_BAD_INPUT
    # --- existence for M revolutions (sec. 3) ------------------------------------------
    T00 = _acos(lam) + lam * math.sqrt(1.0 - lam * lam)  # eq. 19, T(x=0) for M = 0
    if M > 0:
        Mmax = math.floor(T / _PI)
        if M > Mmax:
            return nan, nan, nan, nan, nan, nan, nan, 0, STATUS_NO_SOLUTION
        if M == Mmax and T < T00 + M * _PI:
            _, T_min = _tmin(lam, M, T00)
            if T_min > T:
                return nan, nan, nan, nan, nan, nan, nan, 0, STATUS_NO_SOLUTION
    # --- solve T(x) = T ------------------------------------------------------------------
    if x0 == x0:
        xg = x0
    else:
        xg = _initial_guess(T, lam, M, low_path, T00)
    tol = _TOL_SINGLE if M == 0 else _TOL_MULTI
    x, iters, conv = _householder(T, xg, lam, M, tol, _MAXITER)
    if not conv and M > 0:
        x, more, conv = _solve_branch(T, lam, M, low_path, 4 * _MAXITER)
        iters += more
    if not conv:
        return nan, nan, nan, nan, nan, nan, nan, iters, STATUS_NOT_CONVERGED
    # --- velocities, Algorithm 1 lines 17-24 -----------------------------------------
    y = math.sqrt(1.0 - lam * lam + lam * lam * x * x)
    rho = (R1 - R2) / c
    sigma = math.sqrt(max(0.0, 1.0 - rho * rho))
    ly = lam * y
    vr1 = gamma * ((ly - x) - rho * (ly + x)) * iR1
    vr2 = -gamma * ((ly - x) + rho * (ly + x)) * iR2
    vt = gamma * sigma * (y + lam * x)
    vt1 = vt * iR1
    vt2 = vt * iR2
    return (
        vr1 * i1x + vt1 * t1x,
        vr1 * i1y + vt1 * t1y,
        vr1 * i1z + vt1 * t1z,
        vr2 * i2x + vt2 * t2x,
        vr2 * i2y + vt2 * t2y,
        vr2 * i2z + vt2 * t2z,
        x,
        iters,
        STATUS_OK,
    )


@njit(cache=True, parallel=True, fastmath=_FM)
def _lambert_batch(mu, r1, r2, tof, revs, prograde, low_path, v1, v2, status):
    """Batched Izzo solver over flat arrays, writing into preallocated outputs.

    ``r1, r2, v1, v2`` (N, 3) float64 C-contiguous; ``tof`` (N,) float64; ``revs`` (N,)
    int64; ``prograde, low_path`` (N,) bool; ``status`` (N,) int8.
    """
    n = tof.shape[0]
    nan = np.nan
    for i in prange(n):
        a, b, cc, d, e, f, _x, _it, st = izzo_core(
            mu,
            r1[i, 0],
            r1[i, 1],
            r1[i, 2],
            r2[i, 0],
            r2[i, 1],
            r2[i, 2],
            tof[i],
            revs[i],
            prograde[i],
            low_path[i],
            nan,
        )
        v1[i, 0] = a
        v1[i, 1] = b
        v1[i, 2] = cc
        v2[i, 0] = d
        v2[i, 1] = e
        v2[i, 2] = f
        status[i] = st


@njit(cache=True, parallel=True, fastmath=_FM)
def _lambert_batch_flags(mu, r1, r2, tof, M, prograde, low_path, v1, v2, status):
    """:func:`_lambert_batch` with one ``revs``, ``prograde`` and ``low_path`` for the whole
    batch (scalars: the common call, which then builds no per-problem flag arrays)."""
    n = tof.shape[0]
    nan = np.nan
    for i in prange(n):
        a, b, cc, d, e, f, _x, _it, st = izzo_core(
            mu,
            r1[i, 0],
            r1[i, 1],
            r1[i, 2],
            r2[i, 0],
            r2[i, 1],
            r2[i, 2],
            tof[i],
            M,
            prograde,
            low_path,
            nan,
        )
        v1[i, 0] = a
        v1[i, 1] = b
        v1[i, 2] = cc
        v2[i, 0] = d
        v2[i, 1] = e
        v2[i, 2] = f
        status[i] = st


def _as_vectors(name, value):
    arr = np.asarray(as_km(value, name))
    if arr.ndim == 0 or arr.shape[-1] != 3:
        raise InputError(
            f"'{name}' must have shape (..., 3) (x, y, z in km), got shape {arr.shape}; "
            "pass one vector as [x, y, z] or a stack as an (N, 3) array"
        )
    return arr


def _as_flags(name, value):
    arr = np.asarray(value)
    if arr.dtype != np.bool_:
        if not (np.issubdtype(arr.dtype, np.integer) and np.isin(arr, (0, 1)).all()):
            raise InputError(
                f"'{name}' must be bool (scalar or array), got dtype {arr.dtype}; "
                "pass True or False"
            )
        arr = arr.astype(np.bool_)
    return arr


def lambert_izzo(mu_km3_s2, r1_km, r2_km, tof_s, revs, prograde, low_path):
    """Solve batches of Lambert problems with Izzo's (2015) algorithm.

    Parameters
    ----------
    mu_km3_s2 : float
        Gravitational parameter of the central body, km^3/s^2 (finite, > 0).
    r1_km : array_like (..., 3)
        Position at departure, km, any inertial frame (ICRF in Sojourn).
    r2_km : array_like (..., 3)
        Position at arrival, km, same frame.
    tof_s : array_like (...)
        Time of flight, s.
    revs : int or array_like of int (...)
        Complete revolutions, >= 0.
    prograde : bool or array_like of bool (...)
        True: motion with angular momentum along +z of the frame; False: retrograde.
    low_path : bool or array_like of bool (...)
        For ``revs > 0``, which of the two solutions: True the low path (Izzo's right
        branch, larger x), False the high path. Ignored for ``revs == 0``.

    Returns
    -------
    v1_km_s, v2_km_s : ndarray (..., 3)
        Velocities at departure and arrival, km/s, same frame; NaN where ``status != 0``.
    status : ndarray (...) of int8
        0 where solved; otherwise a code from :data:`LAMBERT_STATUS` (never raised).

    Raises
    ------
    InputError
        Wrong shapes or types, negative ``revs``, non-finite or non-positive ``mu_km3_s2``.
        Bad values inside the batch (tof <= 0, NaN, zero or collinear positions,
        impossible revolutions) do not raise: they get NaN and a status.

    Notes
    -----
    Izzo, D. (2015), "Revisiting Lambert's problem", Celest. Mech. Dyn. Astr. 121:1-15.
    The leading axes of all inputs broadcast like NumPy's.
    """
    mu = as_gm_km3_s2(mu_km3_s2, "mu_km3_s2")
    if np.ndim(mu) != 0:
        raise InputError(
            f"'mu_km3_s2' must be a scalar number, got shape {np.shape(mu)}; "
            "pass one GM per call, e.g. 398600.4418"
        )
    mu = float(mu)
    if not (math.isfinite(mu) and mu > 0.0):
        raise InputError(
            f"'mu_km3_s2' must be finite and > 0, got {mu}; "
            "pass the body's GM, e.g. sojourn.core.constants.GM_KM3_S2['sun']"
        )
    r1 = _as_vectors("r1_km", r1_km)
    r2 = _as_vectors("r2_km", r2_km)
    tof = np.asarray(as_seconds(tof_s, "tof_s"))
    revs_a = np.asarray(revs)
    if revs_a.dtype.kind not in "iu":
        if revs_a.dtype.kind != "f" or not np.all(np.mod(revs_a, 1) == 0):
            raise InputError(
                f"'revs' must be a whole number of revolutions (int), got {revs!r}; "
                "pass 0 for a direct transfer"
            )
    revs_a = revs_a.astype(np.int64)
    if (revs_a < 0).any():
        raise InputError(f"'revs' must be >= 0, got {revs_a.min()}; pass 0 for a direct transfer")
    pro = _as_flags("prograde", prograde)
    low = _as_flags("low_path", low_path)
    try:
        shape = np.broadcast_shapes(
            r1.shape[:-1], r2.shape[:-1], tof.shape, revs_a.shape, pro.shape, low.shape
        )
    except ValueError as exc:
        raise InputError(
            "'r1_km' (..., 3), 'r2_km' (..., 3), 'tof_s', 'revs', 'prograde', 'low_path' "
            f"must broadcast together, got shapes {r1.shape}, {r2.shape}, {tof.shape}, "
            f"{revs_a.shape}, {pro.shape}, {low.shape}; give them matching leading axes"
        ) from exc
    n = math.prod(shape)
    r1f = np.ascontiguousarray(np.broadcast_to(r1, (*shape, 3)).reshape(n, 3), np.float64)
    r2f = np.ascontiguousarray(np.broadcast_to(r2, (*shape, 3)).reshape(n, 3), np.float64)
    tf = np.ascontiguousarray(np.broadcast_to(tof, shape).reshape(n), np.float64)
    # v1 and v2 share one allocation: at batch sizes where allocation shows (>= 4 MiB) NumPy
    # backs it with huge pages, where two separate arrays would each fault in page by page
    # (and glibc may hand their memory back between calls): measured on the 2-core machine,
    # first-touch faults of two fresh 2.4 MB arrays cost as much as the solves themselves.
    out = np.empty((2, n, 3))
    v1, v2 = out[0], out[1]
    status = np.empty(n, dtype=np.int8)
    if revs_a.ndim == 0 and pro.ndim == 0 and low.ndim == 0:  # one set of flags: no arrays
        _lambert_batch_flags(mu, r1f, r2f, tf, int(revs_a), bool(pro), bool(low), v1, v2,
                             status)  # fmt: skip
    else:
        mf = np.ascontiguousarray(np.broadcast_to(revs_a, shape).reshape(n))
        pf = np.ascontiguousarray(np.broadcast_to(pro, shape).reshape(n))
        lf = np.ascontiguousarray(np.broadcast_to(low, shape).reshape(n))
        _lambert_batch(mu, r1f, r2f, tf, mf, pf, lf, v1, v2, status)  # absurd tof: a status
    return v1.reshape(*shape, 3), v2.reshape(*shape, 3), status.reshape(shape)


def lambert(r1_km, r2_km, tof_s, mu_km3_s2, revs=0, prograde=True, low_path=True):
    """Solve Lambert's problem (Izzo 2015); the friendly signature of DESIGN.md.

    Parameters
    ----------
    r1_km, r2_km : array_like (..., 3)
        Positions at departure and arrival, km, same inertial frame (ICRF in Sojourn).
    tof_s : array_like (...)
        Time of flight, s.
    mu_km3_s2 : float
        Gravitational parameter of the central body, km^3/s^2.
    revs : int or array_like of int (...), default 0
        Complete revolutions.
    prograde : bool or array_like of bool (...), default True
        Motion with angular momentum along +z of the frame.
    low_path : bool or array_like of bool (...), default True
        For ``revs > 0``, the low-path solution (see :func:`lambert_izzo`).

    Returns
    -------
    v1_km_s, v2_km_s : ndarray (..., 3)
        Velocities at departure and arrival, km/s; NaN where not ``ok``.
    ok : ndarray (...) of bool
        True where solved; :func:`lambert_izzo` gives the reason for each failure.
        For one problem (``r1_km`` of shape (3,)) the results are (3,), (3,) and a bool.

    Examples
    --------
    Curtis, Orbital Mechanics for Engineering Students, 3rd ed., Example 5.2:

    >>> v1, v2, ok = lambert([5000, 10000, 2100], [-14600, 2500, 7000], 3600, 398600)
    >>> bool(ok), [round(float(v), 4) for v in v1]
    (True, [-5.9925, 1.9254, 3.2456])
    """
    v1, v2, status = lambert_izzo(mu_km3_s2, r1_km, r2_km, tof_s, revs, prograde, low_path)
    ok = status == STATUS_OK
    if ok.ndim == 0:
        ok = bool(ok)
    return v1, v2, ok

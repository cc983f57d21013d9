"""Numerical propagation under perturbing forces: Dormand-Prince 5(4), batched in Numba.

The equations of motion are r'' = -mu r / r^3 + sum_k a_k(t, r, v, params_k), the forces
a_k of :mod:`sojourn.core.propagation.forces` (one signature). They are integrated by the
embedded Runge-Kutta pair of Dormand & Prince (1980, J. Comput. Appl. Math. 6:19; Hairer,
Norsett & Wanner, *Solving Ordinary Differential Equations I*, 2nd ed., sec. II.5, Table 5.2)
with local extrapolation (the 5th-order solution is kept), first-same-as-last, and the
standard step control: the error estimate of each step, scaled component-wise by
``atol + rtol * max(|y_n|, |y_n+1|)`` and combined as an RMS norm, must be <= 1; the next
step is h * min(5, max(0.2, 0.9 err^(-1/5))) (Hairer et al., eqs. 4.11-4.13). A fixed step
(``step_s``) is offered too, for reproducible sampling, with no error control.

Rows are independent and run in parallel (``prange``); a row that fails (non-finite state,
more than ``max_steps`` steps, a step size underflow) gets NaN and a status, never an
exception. The forces' sum is built once per combination of force functions (a small Numba
closure) and passed to the integrator kernel as a first-class function.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit, prange

__all__ = ["STATUS", "integrate_rows", "total_acceleration"]

#: Row status codes of :func:`integrate_rows`.
STATUS = {0: "ok", 1: "too many steps", 2: "non-finite state", 3: "step size underflow"}

# Dormand-Prince 5(4) tableau (Hairer, Norsett & Wanner, Table 5.2).
_C2, _C3, _C4, _C5 = 1.0 / 5.0, 3.0 / 10.0, 4.0 / 5.0, 8.0 / 9.0
_A21 = 1.0 / 5.0
_A31, _A32 = 3.0 / 40.0, 9.0 / 40.0
_A41, _A42, _A43 = 44.0 / 45.0, -56.0 / 15.0, 32.0 / 9.0
_A51, _A52, _A53, _A54 = 19372.0 / 6561.0, -25360.0 / 2187.0, 64448.0 / 6561.0, -212.0 / 729.0
_A61, _A62, _A63, _A64, _A65 = (
    9017.0 / 3168.0,
    -355.0 / 33.0,
    46732.0 / 5247.0,
    49.0 / 176.0,
    -5103.0 / 18656.0,
)
_B1, _B3, _B4, _B5, _B6 = 35.0 / 384.0, 500.0 / 1113.0, 125.0 / 192.0, -2187.0 / 6784.0, 11.0 / 84.0
# Error weights: 5th-order minus 4th-order weights.
_E1, _E3, _E4, _E5, _E6, _E7 = (
    71.0 / 57600.0,
    -71.0 / 16695.0,
    71.0 / 1920.0,
    -17253.0 / 339200.0,
    22.0 / 525.0,
    -1.0 / 40.0,
)


@njit(cache=True)
def _no_force(t_s, r_km, v_km_s, params):
    return np.zeros(3)


def total_acceleration(functions: tuple):
    """A Numba function ``acc(t_s, r (3,), v (3,), P (k, m)) -> (3,)`` summing ``functions``.

    Force ``i`` gets row ``P[i]`` as its params. Built by composing closures (Numba compiles
    each once per process; the closures themselves cannot be cached on disk).
    """
    if not functions:
        first = _no_force

        @njit
        def acc(t, r, v, P):
            return first(t, r, v, P[0])

        return acc
    acc = None
    for i, f in enumerate(functions):
        acc = _chain(acc, f, i)
    return acc


def _chain(prev, f, i):
    if prev is None:

        @njit
        def acc(t, r, v, P):
            return f(t, r, v, P[i])

    else:

        @njit
        def acc(t, r, v, P):
            return prev(t, r, v, P) + f(t, r, v, P[i])

    return acc


@njit
def _deriv(accel, t, y, mu, P, out):
    r = y[:3]
    v = y[3:]
    rr = math.sqrt(r[0] * r[0] + r[1] * r[1] + r[2] * r[2])
    a = accel(t, r, v, P)
    k = -mu / (rr * rr * rr)
    for j in range(3):
        out[j] = v[j]
        out[3 + j] = k * r[j] + a[j]


@njit
def _integrate_row(accel, y0, t0, dt, mu, P, rtol, atol, h_fixed, max_steps, y_out):
    """Integrate one state y0 (6,) from t0 over dt; returns the status code.

    ``h_fixed`` > 0: fixed steps of that size (the last one shortened), no error control.
    """
    y = y0.copy()
    for j in range(6):
        if not math.isfinite(y[j]):
            return 2
    if dt == 0.0:
        y_out[:] = y
        return 0
    sgn = 1.0 if dt > 0.0 else -1.0
    span = abs(dt)
    rr = math.sqrt(y[0] * y[0] + y[1] * y[1] + y[2] * y[2])
    vv = math.sqrt(y[3] * y[3] + y[4] * y[4] + y[5] * y[5])
    # First step: 1/1000 of the time to cover one radius at the current speed (a small arc).
    h = min(span, 1e-3 * rr / vv if vv > 0.0 else span)
    if h_fixed > 0.0:
        h = min(span, h_fixed)
    k1 = np.empty(6)
    k2 = np.empty(6)
    k3 = np.empty(6)
    k4 = np.empty(6)
    k5 = np.empty(6)
    k6 = np.empty(6)
    k7 = np.empty(6)
    yt = np.empty(6)
    yn = np.empty(6)
    done = 0.0
    t = t0
    _deriv(accel, t, y, mu, P, k1)
    for _ in range(max_steps):
        last = False
        if done + h >= span:
            h = span - done
            last = True
        hs = sgn * h
        for j in range(6):
            yt[j] = y[j] + hs * _A21 * k1[j]
        _deriv(accel, t + _C2 * hs, yt, mu, P, k2)
        for j in range(6):
            yt[j] = y[j] + hs * (_A31 * k1[j] + _A32 * k2[j])
        _deriv(accel, t + _C3 * hs, yt, mu, P, k3)
        for j in range(6):
            yt[j] = y[j] + hs * (_A41 * k1[j] + _A42 * k2[j] + _A43 * k3[j])
        _deriv(accel, t + _C4 * hs, yt, mu, P, k4)
        for j in range(6):
            yt[j] = y[j] + hs * (_A51 * k1[j] + _A52 * k2[j] + _A53 * k3[j] + _A54 * k4[j])
        _deriv(accel, t + _C5 * hs, yt, mu, P, k5)
        for j in range(6):
            yt[j] = y[j] + hs * (
                _A61 * k1[j] + _A62 * k2[j] + _A63 * k3[j] + _A64 * k4[j] + _A65 * k5[j]
            )
        _deriv(accel, t + hs, yt, mu, P, k6)
        for j in range(6):
            yn[j] = y[j] + hs * (
                _B1 * k1[j] + _B3 * k3[j] + _B4 * k4[j] + _B5 * k5[j] + _B6 * k6[j]
            )
        _deriv(accel, t + hs, yn, mu, P, k7)
        err = 0.0
        for j in range(6):
            e = hs * (
                _E1 * k1[j] + _E3 * k3[j] + _E4 * k4[j] + _E5 * k5[j] + _E6 * k6[j] + _E7 * k7[j]
            )
            sc = atol + rtol * max(abs(y[j]), abs(yn[j]))
            err += (e / sc) ** 2
        err = math.sqrt(err / 6.0)
        if not math.isfinite(err):
            return 2
        if h_fixed > 0.0:
            err = 0.0
        if err <= 1.0:
            done = span if last else done + h
            t = t0 + sgn * done
            for j in range(6):
                y[j] = yn[j]
                k1[j] = k7[j]  # first same as last
            if last:
                y_out[:] = y
                return 0
            if h_fixed > 0.0:
                fac = 1.0
            else:
                fac = 5.0 if err == 0.0 else min(5.0, max(0.2, 0.9 * err ** (-0.2)))
        else:
            fac = max(0.2, 0.9 * err ** (-0.2))
        h = h * fac
        if h < 1e-12 * max(span, 1.0):
            return 3
    return 1


@njit(parallel=True)
def _integrate_kernel(accel, y0, t0, dt, mu, P, rtol, atol, h_fixed, max_steps, y_out, status):
    for i in prange(y0.shape[0]):
        status[i] = _integrate_row(
            accel, y0[i], t0[i], dt[i], mu[i], P, rtol, atol, h_fixed, max_steps, y_out[i]
        )
        if status[i] != 0:
            for j in range(6):
                y_out[i, j] = np.nan


def integrate_rows(accel, y0, t0, dt, mu, P, rtol, atol, max_steps, h_fixed=0.0):
    """Rows ``y0 (N, 6)`` from ``t0 (N,)`` over ``dt (N,)``; returns ``(y (N, 6), status (N,))``.

    ``h_fixed`` > 0 takes fixed steps of that many seconds (no error control).
    """
    n = y0.shape[0]
    y_out = np.empty((n, 6))
    status = np.zeros(n, dtype=np.int64)
    if n:
        _integrate_kernel(
            accel,
            y0,
            t0,
            dt,
            mu,
            P,
            float(rtol),
            float(atol),
            float(h_fixed),
            int(max_steps),
            y_out,
            status,
        )
    return y_out, status

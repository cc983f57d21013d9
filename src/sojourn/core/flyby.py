"""Powered gravity-assist flybys in the patched-conic model, compiled.

A spacecraft arrives at a planet with hyperbolic excess velocity ``vinf_in`` and must leave
with ``vinf_out`` (both planet-relative, km/s, any inertial frame). The flyby is one hyperbola
in, an impulse at the common periapsis, one hyperbola out (the *powered flyby* of Prado 1996
and of the multiple-gravity-assist literature, e.g. Izzo's MGA problems in pykep). The turn the
two half-hyperbolas give at periapsis radius ``rp`` is::

    delta(rp) = asin(1 / e_in) + asin(1 / e_out),   e = 1 + rp v_inf^2 / mu

which falls monotonically from ``delta(rp_min)`` towards zero as ``rp`` grows. The kernel finds
the ``rp`` whose turn equals the angle between ``vinf_in`` and ``vinf_out`` (bisection on
``log rp``, 64 halvings: relative precision below 1e-12 over the bracket) and charges the
periapsis impulse::

    dv = | sqrt(v_out^2 + 2 mu / rp) - sqrt(v_in^2 + 2 mu / rp) |

When the planet cannot turn the trajectory that far above ``rp_min``, the flyby is flown at
``rp_min`` and the missing turn ``delta - delta_max`` is charged as a rotation of the outgoing
excess velocity, ``2 v_out sin((delta - delta_max) / 2)``, added to the periapsis impulse: a
conservative penalty (a real mission would place a deep-space manoeuvre) that keeps the cost
surface continuous for a search. A ballistic flyby (free return, unpowered swing-by) is one
with ``|v_in| == |v_out|`` and ``rp >= rp_min``: its ``dv`` is zero.

All arrays are NumPy; :func:`powered_flyby_dv` runs one compiled loop over the rows, and
:func:`_powered_flyby_one` is the scalar kernel for other ``@njit`` code.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from sojourn.core.constants import GM_KM3_S2, RADIUS_KM

__all__ = [
    "FLYBY_MIN_ALT_KM",
    "flyby_rp_min_km",
    "turn_angle_rad",
    "powered_flyby_dv",
    "_powered_flyby_one",
]

#: Lowest periapsis altitude allowed for a flyby, km, per body. These are safety altitudes
#: above each sensible atmosphere (Venus's clouds and upper atmosphere reach about 250 km of
#: drag-relevant density; Mars's entry interface is about 125 km; Earth's 125 km), chosen
#: here, not taken from one study: a search may pass its own bound.
FLYBY_MIN_ALT_KM: dict[str, float] = {
    "venus": 300.0,
    "earth": 300.0,
    "mars": 200.0,
    "jupiter": 200_000.0,
}

_BISECT_STEPS = 64
_RP_MAX_FACTOR = 1e12  # upper bracket: rp_min * 1e12 turns any real trajectory by < 1e-9 rad


def flyby_rp_min_km(body: str, min_alt_km: float | None = None) -> float:
    """Lowest periapsis radius for a flyby of ``body``, km (radius + minimum altitude)."""
    alt = FLYBY_MIN_ALT_KM.get(body, 0.0) if min_alt_km is None else float(min_alt_km)
    return float(RADIUS_KM[body]) + alt


@njit(cache=True)
def _turn(rp, v_in, v_out, mu):
    e_in = 1.0 + rp * v_in * v_in / mu
    e_out = 1.0 + rp * v_out * v_out / mu
    return math.asin(1.0 / e_in) + math.asin(1.0 / e_out)


@njit(cache=True)
def _powered_flyby_one(vin_x, vin_y, vin_z, vout_x, vout_y, vout_z, mu, rp_min):
    """One powered flyby: returns ``(dv_km_s, rp_km)`` (see the module text).

    Non-finite input or a zero excess speed gives ``(nan, nan)``.
    """
    v_in = math.sqrt(vin_x * vin_x + vin_y * vin_y + vin_z * vin_z)
    v_out = math.sqrt(vout_x * vout_x + vout_y * vout_y + vout_z * vout_z)
    if not (v_in > 0.0 and v_out > 0.0 and mu > 0.0 and rp_min > 0.0):
        return math.nan, math.nan
    c = (vin_x * vout_x + vin_y * vout_y + vin_z * vout_z) / (v_in * v_out)
    c = min(1.0, max(-1.0, c))
    delta = math.acos(c)
    delta_max = _turn(rp_min, v_in, v_out, mu)
    if delta >= delta_max:
        rp = rp_min
        extra = 2.0 * v_out * math.sin(0.5 * (delta - delta_max))
    else:
        lo = math.log(rp_min)
        hi = math.log(rp_min * _RP_MAX_FACTOR)
        for _ in range(_BISECT_STEPS):
            mid = 0.5 * (lo + hi)
            if _turn(math.exp(mid), v_in, v_out, mu) > delta:
                lo = mid
            else:
                hi = mid
        rp = math.exp(0.5 * (lo + hi))
        extra = 0.0
    dv = abs(math.sqrt(v_out * v_out + 2.0 * mu / rp) - math.sqrt(v_in * v_in + 2.0 * mu / rp))
    return dv + extra, rp


@njit(cache=True)
def _powered_flyby_rows(vin, vout, mu, rp_min, dv, rp):
    for i in range(vin.shape[0]):
        dv[i], rp[i] = _powered_flyby_one(
            vin[i, 0], vin[i, 1], vin[i, 2], vout[i, 0], vout[i, 1], vout[i, 2], mu, rp_min
        )


def _rows(name: str, x) -> np.ndarray:
    a = np.ascontiguousarray(np.asarray(x, dtype=np.float64))
    if a.ndim == 1:
        a = a.reshape(1, -1)
    if a.ndim != 2 or a.shape[1] != 3:
        raise ValueError(f"{name} must have shape (3,) or (n, 3), got {a.shape}")
    return a


def powered_flyby_dv(vinf_in_km_s, vinf_out_km_s, mu_km3_s2, rp_min_km):
    """Periapsis impulse of a powered flyby, km/s, and the periapsis radius flown, km.

    Parameters
    ----------
    vinf_in_km_s, vinf_out_km_s : array_like, shape (3,) or (n, 3)
        Incoming and outgoing hyperbolic excess velocities relative to the flyby body, km/s,
        in one inertial frame. Rows are independent flybys; a single vector is one row.
    mu_km3_s2 : float
        The flyby body's GM, km^3/s^2 (e.g. ``sojourn.core.constants.GM_KM3_S2["venus"]``).
    rp_min_km : float
        Lowest periapsis radius allowed, km (:func:`flyby_rp_min_km`).

    Returns
    -------
    dv_km_s, rp_km : ndarray, shape (n,)
        The impulse (periapsis burn plus, where the body cannot turn the path far enough above
        ``rp_min_km``, the rotation penalty) and the periapsis radius. NaN rows for non-finite
        input or a zero excess speed.
    """
    vin = _rows("vinf_in_km_s", vinf_in_km_s)
    vout = _rows("vinf_out_km_s", vinf_out_km_s)
    if vin.shape != vout.shape:
        raise ValueError(f"vinf_in_km_s {vin.shape} and vinf_out_km_s {vout.shape} differ")
    dv = np.empty(vin.shape[0])
    rp = np.empty(vin.shape[0])
    _powered_flyby_rows(vin, vout, float(mu_km3_s2), float(rp_min_km), dv, rp)
    return dv, rp


def turn_angle_rad(vinf_km_s, rp_km, mu_km3_s2):
    """Turn of the excess velocity in an unpowered flyby at periapsis radius ``rp_km``, rad:
    ``2 asin(1 / e)``, ``e = 1 + rp v^2 / mu``. Broadcasts over arrays."""
    v = np.asarray(vinf_km_s, dtype=np.float64)
    e = 1.0 + np.asarray(rp_km, dtype=np.float64) * v * v / float(mu_km3_s2)
    return 2.0 * np.arcsin(1.0 / e)


def gm(body: str) -> float:
    """GM of a flyby body, km^3/s^2 (convenience over ``GM_KM3_S2``)."""
    return float(GM_KM3_S2[body])

"""Impulses at periapsis between a hyperbola and an orbit about a body (patched conics).

One place for the arithmetic every planner repeats: leave a parking orbit for a departure
hyperbola, capture from an arrival hyperbola into an orbit, and the speed at an entry
interface. Vectorized over ``vinf_km_s``; other arguments are scalars.

    v_hyp(r) = sqrt(v_inf^2 + 2 mu / r)                       (energy integral)
    dv       = v_hyp(r_p) - v_orbit(r_p)                       (tangential burn at periapsis)
    v_orbit  = sqrt(mu / r_p) circular, or sqrt(mu (2 / r_p - 1 / a)) with
               a = (mu (T / 2 pi)^2)^(1/3) for an ellipse of period T (vis-viva, Kepler III)

Curtis, Orbital Mechanics for Engineering Students, 3rd ed., eqs. 2.101, 8.42 and 8.58-8.59;
Examples 8.4 (departure) and 8.5 (capture) are the tests.
"""

from __future__ import annotations

import math

import numpy as np

from sojourn.errors import InputError

__all__ = [
    "hyperbolic_speed_km_s",
    "orbit_periapsis_speed_km_s",
    "injection_dv_km_s",
    "capture_dv_km_s",
]


def hyperbolic_speed_km_s(vinf_km_s, mu_km3_s2: float, r_km: float):
    """Speed at radius ``r_km`` on a hyperbola of excess speed ``vinf_km_s``, km/s.

    At an entry interface this is the entry speed; at periapsis, the speed after injection.
    """
    v = np.asarray(vinf_km_s, dtype=np.float64)
    return np.sqrt(v * v + 2.0 * mu_km3_s2 / r_km)


def orbit_periapsis_speed_km_s(mu_km3_s2: float, r_p_km: float, period_s: float | None = None):
    """Periapsis speed of a circular orbit (``period_s`` None) or of an ellipse of that period.

    Raises
    ------
    InputError
        The period is shorter than the circular period at ``r_p_km`` (no such ellipse).
    """
    if not (math.isfinite(r_p_km) and r_p_km > 0):
        raise InputError(f"'periapsis radius' must be > 0 km, got {r_p_km!r}")
    if period_s is None:
        return math.sqrt(mu_km3_s2 / r_p_km)
    a_km = (mu_km3_s2 * (float(period_s) / (2.0 * math.pi)) ** 2) ** (1.0 / 3.0)
    if not a_km >= r_p_km:
        p_min = 2.0 * math.pi * math.sqrt(r_p_km**3 / mu_km3_s2)
        raise InputError(
            f"'capture_period_s' must be at least the circular period at the periapsis "
            f"({p_min:.0f} s at radius {r_p_km:.0f} km), got {period_s:g}; give a longer "
            "period or a lower periapsis"
        )
    return math.sqrt(mu_km3_s2 * (2.0 / r_p_km - 1.0 / a_km))


def injection_dv_km_s(vinf_km_s, mu_km3_s2: float, r_park_km: float):
    """Impulse to leave a circular parking orbit of radius ``r_park_km`` onto a hyperbola."""
    return hyperbolic_speed_km_s(vinf_km_s, mu_km3_s2, r_park_km) - orbit_periapsis_speed_km_s(
        mu_km3_s2, r_park_km
    )


def capture_dv_km_s(vinf_km_s, mu_km3_s2: float, r_p_km: float, period_s: float | None = None):
    """Impulse at periapsis from a hyperbola into an orbit of periapsis radius ``r_p_km``.

    The orbit is circular (``period_s`` None) or elliptic with that period. By symmetry it is
    also the impulse to leave that orbit onto the same hyperbola.
    """
    return hyperbolic_speed_km_s(vinf_km_s, mu_km3_s2, r_p_km) - orbit_periapsis_speed_km_s(
        mu_km3_s2, r_p_km, period_s
    )

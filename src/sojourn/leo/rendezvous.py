"""Rendezvous after insertion: phase angle, standard phasing profiles, burns, docking time.

Model
-----
At insertion the chaser is in the target's plane (:mod:`sojourn.leo.launch`); the *phase
angle* phi is the target's angle ahead of the chaser, measured about the orbit normal,
in [0, 360) deg. A profile makes the chaser fly ``orbits`` revolutions from insertion to the
rendezvous point (Soyuz/Progress "2-orbit fast track" about 3 h, "4-orbit" about 6 h, and the
"2-day" 34-orbit scheme; RussianSpaceWeb "Soyuz MS" rendezvous pages, NASA ISS blog), so the
target must travel 360 deg x orbits - phi (+ k 360 deg) in the same time:

    t_rv = (2 pi N - phi + 2 pi k) / w_t,

with w_t the target's secular rate of the argument of latitude plus the in-plane share of
its node regression (J2 secular theory, Vallado 4th ed. eqs. 9-41 and 9-39, computed by
:func:`sojourn.core.propagation.j2_secular_rates`):
w = n [1 + 3/4 J2 (R/a)^2 (6 - 8 sin^2 i)] + Omega_dot cos i, Omega_dot = -3/2 n J2 (R/a)^2 cos i.
The chaser fits the N revolutions with a Hohmann raise from the insertion orbit to a
circular phasing orbit, N - 1 revolutions there, and a Hohmann raise to the target orbit
(same J2 rates); the phasing altitude solving the timing (bisection,
:func:`sojourn.core.search.refine_crossings`, all revolution counts at once) must lie between
``min_phasing_alt_km`` and the target's altitude, which is the phase-angle window of the
profile. Docking = insertion + t_rv + ``final_approach_s`` (station-keeping, fly-around and
docking after the last burn). Delta-v is the sum of the four impulses (circular orbits).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sojourn.core.constants import GM_EARTH_KM3_S2, J2_EARTH, R_EARTH_KM
from sojourn.core.propagation import j2_secular_rates
from sojourn.core.search import refine_crossings
from sojourn.core.time import utc_iso
from sojourn.leo.tle import TLE, propagate_tle

#: Bisection tolerance of the phasing orbit's semi-major axis, km.
_PHASING_TOL_KM = 1e-6

__all__ = [
    "Profile",
    "PROFILES",
    "Rendezvous",
    "phase_angle_deg",
    "rendezvous_options",
    "secular_rate_rad_s",
]


@dataclass(frozen=True)
class Profile:
    """A phasing scheme: chaser revolutions from insertion to rendezvous, and the final approach.

    Attributes
    ----------
    name : str
    orbits : int
    final_approach_s : float
        Last burn to docking, s.
    min_phasing_alt_km : float
        Lowest phasing orbit allowed, km.
    """

    name: str
    orbits: int
    final_approach_s: float
    min_phasing_alt_km: float = 190.0


#: Standard profiles. The named revolution counts are flown *including* the final approach
#: (Soyuz MS fast-track docks about 2 revolutions after insertion: 3 h 03 min to 3 h 22 min
#: after lift-off for MS-17, MS-18, MS-22), so ``final_approach_s`` is 0 by default.
PROFILES = (
    Profile("fast-track", 2, 0.0),
    Profile("4-orbit", 4, 0.0),
    Profile("2-day", 34, 0.0),
)


@dataclass(frozen=True)
class Rendezvous:
    """One feasible rendezvous option (times TDB seconds past J2000)."""

    profile: str
    orbits: int
    phase_angle_deg: float
    phasing_alt_km: float
    dv_m_s: float
    docking_tdb_s: float
    flight_time_s: float

    def to_dict(self) -> dict:
        return {
            "profile": self.profile,
            "orbits": self.orbits,
            "docking_utc": utc_iso(self.docking_tdb_s),
            "phase_angle_deg": round(self.phase_angle_deg, 3),
            "phasing_alt_km": round(self.phasing_alt_km, 1),
            "dv_m_s": round(self.dv_m_s, 1),
            "flight_time_h": round(self.flight_time_s / 3600.0, 3),
        }


def secular_rate_rad_s(a_km, inc_rad):
    """In-plane angular rate of a circular orbit with J2 secular terms, rad/s (see module notes).

    The argument of latitude's rate (argument of perigee + mean anomaly) plus the in-plane
    share of the node's (:func:`sojourn.core.propagation.j2_secular_rates`, e = 0).
    """
    node_dot, argp_dot, m_dot = j2_secular_rates(
        a_km, 0.0, inc_rad, GM_EARTH_KM3_S2, J2_EARTH, R_EARTH_KM
    )
    return argp_dot + m_dot + node_dot * np.cos(inc_rad)


def phase_angle_deg(r_chaser_km, r_target_km, h_hat):
    """Target's angle ahead of the chaser about ``h_hat``, deg in [0, 360). Shapes (..., 3)."""
    c = np.cross(r_chaser_km, r_target_km)
    ang = np.arctan2(
        np.einsum("...i,...i->...", c, h_hat), np.einsum("...i,...i->...", r_chaser_km, r_target_km)
    )
    return np.degrees(ang) % 360.0


def _hohmann_dv(a1, a2):
    a1, a2 = np.asarray(a1, float), np.asarray(a2, float)
    mu = GM_EARTH_KM3_S2
    at = 0.5 * (a1 + a2)
    return np.abs(np.sqrt(mu * (2 / a1 - 1 / at)) - np.sqrt(mu / a1)) + np.abs(
        np.sqrt(mu / a2) - np.sqrt(mu * (2 / a2 - 1 / at))
    )


def _timeline_s(a_ins, a_ph, a_t, orbits, inc):
    """Chaser time for `orbits` revolutions: raise, N-1 revs at a_ph, raise (J2 rates)."""
    at1, at2 = 0.5 * (a_ins + a_ph), 0.5 * (a_ph + a_t)
    return (
        np.pi / secular_rate_rad_s(at1, inc)
        + (orbits - 1) * 2 * np.pi / secular_rate_rad_s(a_ph, inc)
        + np.pi / secular_rate_rad_s(at2, inc)
    )


def rendezvous_options(
    window,
    tle: TLE,
    insertion_alt_km: float | None = None,
    profiles=PROFILES,
    dut1_s: float | None = None,
):
    """Feasible rendezvous options for a launch window.

    Parameters
    ----------
    window : LaunchWindow
        From :func:`sojourn.leo.launch.launch_windows` (insertion instant and state).
    tle : TLE
        The target.
    insertion_alt_km : float, optional
        Insertion orbit altitude; default |r_insertion| - R_earth.
    profiles : sequence of Profile

    Returns
    -------
    list of Rendezvous
        One per feasible profile (the cheapest timing when several fit), in profile order.
    """
    t_ins = window.insertion_tdb_s
    r_t, v_t = propagate_tle(tle, t_ins, dut1_s)
    h = np.cross(r_t, v_t)
    h /= np.linalg.norm(h)
    phi = np.radians(float(phase_angle_deg(window.r_insertion_km, r_t, h)))
    inc = np.radians(tle.inclination_deg)
    # Target mean semi-major axis from the SGP4 mean motion (Kozai; < 1 km from Brouwer
    # for the ISS).
    n_t = tle.mean_motion_rev_day * 2 * np.pi / 86_400.0
    a_t = (GM_EARTH_KM3_S2 / n_t**2) ** (1.0 / 3.0)
    a_ins = (
        float(np.linalg.norm(window.r_insertion_km))
        if insertion_alt_km is None
        else R_EARTH_KM + insertion_alt_km
    )
    w_t = secular_rate_rad_s(a_t, inc)
    out = []
    for p in profiles:
        a_lo = R_EARTH_KM + p.min_phasing_alt_km
        t_min, t_max = (
            _timeline_s(a_ins, a_lo, a_t, p.orbits, inc),
            _timeline_s(a_ins, a_t, a_t, p.orbits, inc),
        )
        # Target travel 2 pi N - phi + 2 pi k must take between t_min and t_max.
        k_lo = int(np.ceil((w_t * t_min - 2 * np.pi * p.orbits + phi) / (2 * np.pi)))
        k_hi = int(np.floor((w_t * t_max - 2 * np.pi * p.orbits + phi) / (2 * np.pi)))
        best = None
        if k_hi >= k_lo:
            # Every revolution count k at once: the phasing orbit whose timeline matches the
            # target's travel (the timeline grows with a_ph), by bisection to 1 mm.
            k = np.arange(k_lo, k_hi + 1)
            t_rv = (2 * np.pi * p.orbits - phi + 2 * np.pi * k) / w_t
            a_ph = refine_crossings(
                lambda a, t_rv=t_rv, p=p: _timeline_s(a_ins, a, a_t, p.orbits, inc) - t_rv,
                np.full(k.size, a_lo),
                np.full(k.size, a_t),
                0.0,
                _PHASING_TOL_KM,
            )
            dv = (_hohmann_dv(a_ins, a_ph) + _hohmann_dv(a_ph, a_t)) * 1000.0
            j = int(np.argmin(dv))  # the first of equal costs, as before
            best = (float(dv[j]), float(t_rv[j]), float(a_ph[j]))
        if best is None:
            continue
        dv, t_rv, a_ph = best
        out.append(
            Rendezvous(
                profile=p.name,
                orbits=p.orbits,
                phase_angle_deg=float(np.degrees(phi)),
                phasing_alt_km=float(a_ph - R_EARTH_KM),
                dv_m_s=dv,
                docking_tdb_s=float(t_ins + t_rv + p.final_approach_s),
                flight_time_s=float(t_ins + t_rv + p.final_approach_s - window.launch_tdb_s),
            )
        )
    return out

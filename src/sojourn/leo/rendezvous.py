"""Rendezvous after insertion: phase angle, standard phasing profiles, the burn plan, docking.

Model
-----
At insertion the chaser is in the target's plane (:mod:`sojourn.leo.launch`); the *phase
angle* phi is the target's angle ahead of the chaser, measured about the orbit normal,
in [0, 360) deg. A profile makes the chaser fly ``orbits`` revolutions from insertion to the
rendezvous point (Soyuz/Progress "2-orbit fast track" about 3 h, "4-orbit" about 6 h, and the
"2-day" 34-orbit scheme; RussianSpaceWeb "Soyuz MS" rendezvous pages, NASA ISS blog; a
"1-day" scheme of 16 orbits for vehicles that use one), so the target must travel
360 deg x orbits - phi (+ k 360 deg) in the same time:

    t_rv = (2 pi N - phi + 2 pi k) / w_t,

with w_t the target's secular rate of the argument of latitude plus the in-plane share of
its node regression (J2 secular theory, Vallado 4th ed. eqs. 9-41 and 9-39, computed by
:func:`sojourn.core.propagation.j2_secular_rates`):
w = n [1 + 3/4 J2 (R/a)^2 (6 - 8 sin^2 i)] + Omega_dot cos i, Omega_dot = -3/2 n J2 (R/a)^2 cos i.

The burn plan (all impulses tangential, in the plane; each leg flown at its own J2 rate):
the chaser is inserted at the perigee of the real insertion orbit (Soyuz-2.1a: about
200 x 242 km, :data:`INSERTION_SOYUZ`); half a revolution later, at its apogee, burn 1 puts it
on an ellipse to the phasing radius; half a revolution later burn 2 circularizes there; it
coasts 2 pi (N - 1.5) on the phasing orbit; burn 3 starts a Hohmann transfer to the target's
radius, and burn 4, half a revolution later, matches the target's orbit at the rendezvous
point. The total angle flown is 2 pi N. The phasing radius solving the timing (bisection,
:func:`sojourn.core.search.refine_crossings`, all revolution counts at once) must lie between
``min_phasing_alt_km`` and the target's altitude, which is the phase-angle window of the
profile. Docking = burn 4 + ``final_approach_s``. The profile's delta-v is the sum of its
burns. What this leaves out, said in :data:`MODEL`: the real schemes split the transfers into
more burns (plus the autonomous final approach, a few m/s), and a plane correction.

The arc of the chaser (:func:`rendezvous_path`) is sampled from the same plan: each leg a
Kepler ellipse in the target's plane run at its J2 rate, placed in the target's osculating
plane (SGP4) at each instant, so it reaches the station at docking.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from sojourn.core.constants import GM_EARTH_KM3_S2, J2_EARTH, R_EARTH_KM
from sojourn.core.propagation import j2_secular_rates
from sojourn.core.search import refine_crossings
from sojourn.core.time import utc_iso
from sojourn.errors import InputError
from sojourn.leo.quality import DEFAULT_MAX_PHASE_AGE_DAYS, element_set_quality
from sojourn.leo.tle import TLE, propagate_tle

#: Bisection tolerance of the phasing orbit's semi-major axis, km.
_PHASING_TOL_KM = 1e-6

#: What the burn plan is (said in every answer).
MODEL = (
    "four tangential impulses in the target's plane (raise to the phasing orbit from the "
    "insertion apogee, circularize, Hohmann to the target), J2 secular rates on every leg; "
    "final approach and plane corrections not included"
)

__all__ = [
    "Burn",
    "Insertion",
    "INSERTION_SOYUZ",
    "INSERTIONS",
    "MODEL",
    "Profile",
    "PROFILES",
    "VEHICLE_PROFILES",
    "Rendezvous",
    "phase_angle_deg",
    "phase_window_deg",
    "profiles_for",
    "rendezvous_options",
    "rendezvous_path",
    "secular_rate_rad_s",
]


@dataclass(frozen=True)
class Insertion:
    """The chaser's insertion orbit: perigee and apogee altitudes, km (inserted at perigee)."""

    perigee_alt_km: float
    apogee_alt_km: float

    def __post_init__(self):
        if not (120.0 <= self.perigee_alt_km <= self.apogee_alt_km <= 2000.0):
            raise InputError(
                f"insertion orbit must have 120 <= perigee <= apogee <= 2000 km, got "
                f"{self.perigee_alt_km!r} x {self.apogee_alt_km!r} km; e.g. 200 x 242"
            )


#: Soyuz-2.1a insertion orbit of the Soyuz MS / Progress MS flights, km: about 200 x 242 km
#: (tests/reference/leo_rendezvous.toml quotes the sources).
INSERTION_SOYUZ = Insertion(200.0, 242.0)
#: Insertion orbits per vehicle (a site's ``vehicle``): Soyuz-2.1a as above; Falcon 9 / Crew
#: Dragon about 200 x 210 km (the figure of :data:`sojourn.leo.launch.ASCENTS`' note, NASA
#: Crew-1/Crew-2 press kits). Others: circular at their ascent's insertion altitude.
INSERTIONS = {"soyuz": INSERTION_SOYUZ, "dragon": Insertion(200.0, 210.0)}


@dataclass(frozen=True)
class Profile:
    """A phasing scheme: chaser revolutions from insertion to rendezvous, and the final approach.

    Attributes
    ----------
    name : str
    orbits : int
        Chaser revolutions from insertion to the rendezvous point (>= 2).
    final_approach_s : float
        Last burn to docking, s.
    min_phasing_alt_km : float
        Lowest phasing orbit allowed, km.
    """

    name: str
    orbits: int
    final_approach_s: float
    min_phasing_alt_km: float = 190.0


#: Standard Soyuz/Progress profiles. The named revolution counts are flown *including* the
#: final approach (Soyuz MS fast-track docks about 2 revolutions after insertion: 3 h 03 min to
#: 3 h 22 min after lift-off for MS-17, MS-18, MS-22), so ``final_approach_s`` is 0 by default.
PROFILES = (
    Profile("fast-track", 2, 0.0),
    Profile("4-orbit", 4, 0.0),
    Profile("2-day", 34, 0.0),
)
#: About a day (16 revolutions) for vehicles that fly a one-day rendezvous (Dragon-class).
ONE_DAY = Profile("1-day", 16, 0.0)
#: Profiles per vehicle (a site's ``vehicle``); others get :data:`PROFILES`.
VEHICLE_PROFILES = {
    "soyuz": PROFILES,
    "dragon": (ONE_DAY, PROFILES[2]),
    "htv": (ONE_DAY, PROFILES[2]),
}


def profiles_for(vehicle: str | None):
    """The rendezvous profiles ``vehicle`` flies (:data:`VEHICLE_PROFILES`)."""
    return VEHICLE_PROFILES.get(vehicle or "soyuz", PROFILES)


@dataclass(frozen=True)
class Burn:
    """One impulse of a rendezvous plan."""

    name: str
    t_tdb_s: float
    dv_m_s: float
    alt_km: float

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "utc": utc_iso(self.t_tdb_s),
            "dv_m_s": round(self.dv_m_s, 2),
            "alt_km": round(self.alt_km, 1),
        }


@dataclass(frozen=True)
class Rendezvous:
    """One feasible rendezvous option (times TDB seconds past J2000).

    ``burns`` are the plan's impulses in time order, ``dv_m_s`` their sum. ``allowed`` is
    False (with ``reason``) when the element set is too old for the phase this answer
    depends on (:mod:`sojourn.leo.quality`).
    """

    profile: str
    orbits: int
    phase_angle_deg: float
    phasing_alt_km: float
    dv_m_s: float
    docking_tdb_s: float
    flight_time_s: float
    burns: tuple = ()
    insertion_tdb_s: float = float("nan")
    perigee_alt_km: float = float("nan")
    apogee_alt_km: float = float("nan")
    allowed: bool = True
    reason: str | None = None
    phase_uncertainty_deg: float = 0.0
    geometry: dict = field(default_factory=dict, repr=False, compare=False)

    def to_dict(self) -> dict:
        return {
            "profile": self.profile,
            "orbits": self.orbits,
            "docking_utc": utc_iso(self.docking_tdb_s),
            "phase_angle_deg": round(self.phase_angle_deg, 3),
            "phasing_alt_km": round(self.phasing_alt_km, 1),
            "dv_m_s": round(self.dv_m_s, 1),
            "flight_time_h": round(self.flight_time_s / 3600.0, 3),
            "burns": [b.to_dict() for b in self.burns],
            "insertion_orbit_km": [self.perigee_alt_km, self.apogee_alt_km],
            "allowed": self.allowed,
            "reason": self.reason,
            "model": MODEL,
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


def _vis_viva(r, a):
    return np.sqrt(GM_EARTH_KM3_S2 * (2.0 / r - 1.0 / a))


def _insertion_point(r_p, r_a, theta0):
    """Radius, km, and time from perigee, s (Kepler; scaled to J2 by the caller), at true
    anomaly ``theta0`` on the insertion orbit."""
    a, e = 0.5 * (r_p + r_a), (r_a - r_p) / (r_a + r_p)
    theta0 = np.asarray(theta0, float)
    r0 = a * (1 - e * e) / (1 + e * np.cos(theta0))
    E = 2 * np.arctan2(np.sqrt(1 - e) * np.sin(theta0 / 2), np.sqrt(1 + e) * np.cos(theta0 / 2))
    M = np.mod(E - e * np.sin(E), 2 * np.pi)
    M = np.where(theta0 >= np.pi, np.where(M < 1e-12, 2 * np.pi, M), M)
    M = np.where(np.isclose(theta0, np.pi), np.pi, M)
    return r0, M


def _burns_dv(r_p, r_a, r_ph, r_t, theta0=np.pi):
    """The four impulses, km/s (arrays broadcast over r_ph and theta0): module notes.

    Burn 1 is at true anomaly ``theta0`` of the insertion orbit (its apogee by default),
    taken as tangential (the insertion orbit's flight-path angle is under 0.2 deg)."""
    r_ph = np.asarray(r_ph, float)
    r0, _ = _insertion_point(r_p, r_a, theta0)
    a_ins, a1, a2 = 0.5 * (r_p + r_a), 0.5 * (r0 + r_ph), 0.5 * (r_ph + r_t)
    dv1 = np.abs(_vis_viva(r0, a1) - _vis_viva(r0, a_ins))
    dv2 = np.abs(np.sqrt(GM_EARTH_KM3_S2 / r_ph) - _vis_viva(r_ph, a1))
    dv3 = np.abs(_vis_viva(r_ph, a2) - np.sqrt(GM_EARTH_KM3_S2 / r_ph))
    dv4 = np.abs(np.sqrt(GM_EARTH_KM3_S2 / r_t) - _vis_viva(r_t, a2))
    return dv1, dv2, dv3, dv4


def _legs_s(r_p, r_a, r_ph, r_t, orbits, inc, theta0=np.pi):
    """Durations of the four legs, s: insertion->B1, B1->B2, B2->B3 (coast), B3->B4.

    The chaser flies theta0 on the insertion orbit, pi to the phasing radius, the coast, and
    pi to the target: 2 pi N in all."""
    r_ph = np.asarray(r_ph, float)
    theta0 = np.asarray(theta0, float)
    r0, M0 = _insertion_point(r_p, r_a, theta0)
    a_ins, a1, a2 = 0.5 * (r_p + r_a), 0.5 * (r0 + r_ph), 0.5 * (r_ph + r_t)
    return (
        M0 / secular_rate_rad_s(a_ins, inc) + 0.0 * r_ph,
        np.pi / secular_rate_rad_s(a1, inc),
        (2 * np.pi * (orbits - 1) - theta0) / secular_rate_rad_s(r_ph, inc),
        np.pi / secular_rate_rad_s(a2, inc),
    )


def _timeline_s(r_p, r_a, r_ph, r_t, orbits, inc, theta0=np.pi):
    return sum(_legs_s(r_p, r_a, r_ph, r_t, orbits, inc, theta0))


def _target(tle: TLE):
    """(inclination rad, mean semi-major axis km, in-plane rate rad/s) of the target."""
    inc = np.radians(tle.inclination_deg)
    # Mean semi-major axis from the SGP4 mean motion (Kozai; < 1 km from Brouwer for the ISS).
    n_t = tle.mean_motion_rev_day * 2 * np.pi / 86_400.0
    a_t = (GM_EARTH_KM3_S2 / n_t**2) ** (1.0 / 3.0)
    return inc, a_t, secular_rate_rad_s(a_t, inc)


def _solve(phi, w_t, orbits, lo, hi, timeline):
    """All revolution counts k whose target travel 2 pi N - phi + 2 pi k the ``timeline(x)``
    (increasing in x) meets for x in [lo, hi]: (k, t_rv, x) arrays, bisection to 1 mm/1 urad."""
    t_min, t_max = float(timeline(np.array([lo]))[0]), float(timeline(np.array([hi]))[0])
    if t_min > t_max:
        t_min, t_max = t_max, t_min
    k_lo = int(np.ceil((w_t * t_min - 2 * np.pi * orbits + phi) / (2 * np.pi)))
    k_hi = int(np.floor((w_t * t_max - 2 * np.pi * orbits + phi) / (2 * np.pi)))
    if k_hi < k_lo:
        return None
    k = np.arange(k_lo, k_hi + 1)
    t_rv = (2 * np.pi * orbits - phi + 2 * np.pi * k) / w_t
    x = refine_crossings(
        lambda x: timeline(x) - t_rv, np.full(k.size, lo), np.full(k.size, hi), 0.0,
        _PHASING_TOL_KM,
    )  # fmt: skip
    return k, t_rv, x


def rendezvous_options(
    window,
    tle: TLE,
    insertion_alt_km: float | None = None,
    profiles=PROFILES,
    dut1_s: float | None = None,
    insertion: Insertion = INSERTION_SOYUZ,
    max_tle_age_days: float = DEFAULT_MAX_PHASE_AGE_DAYS,
):
    """Feasible rendezvous options for a launch window, each with its burn plan.

    Parameters
    ----------
    window : LaunchWindow
        From :func:`sojourn.leo.launch.launch_windows` (insertion instant and state).
    tle : TLE
        The target.
    insertion_alt_km : float, optional
        A circular insertion orbit at this altitude instead of ``insertion``.
    profiles : sequence of Profile
    insertion : Insertion
        The insertion orbit (inserted at its perigee); default Soyuz-2.1a's 200 x 242 km.
    max_tle_age_days : float
        Beyond this age of ``tle`` at insertion the options are flagged ``allowed = False``
        with a ``reason`` (:func:`sojourn.leo.quality.element_set_quality`).

    Returns
    -------
    list of Rendezvous
        One per feasible profile (the cheapest timing when several fit), in profile order.

    Notes
    -----
    Burn 1 is at the insertion orbit's apogee when a phasing orbit between
    ``min_phasing_alt_km`` and the target fits the phase. When the phase is smaller than
    that allows (the chaser would gain too much even climbing straight to the target from
    the apogee), burn 1 comes earlier on the insertion orbit (true anomaly theta0 in
    [0, pi], solved by bisection) with the phasing orbit at the target's radius: a direct
    climb that gains less.
    """
    t_ins = window.insertion_tdb_s
    q = element_set_quality(tle, t_ins, max_tle_age_days)
    r_t, v_t = propagate_tle(tle, t_ins, dut1_s)
    h = np.cross(r_t, v_t)
    h /= np.linalg.norm(h)
    phi = np.radians(float(phase_angle_deg(window.r_insertion_km, r_t, h)))
    inc, a_t, w_t = _target(tle)
    if insertion_alt_km is not None:
        insertion = Insertion(insertion_alt_km, insertion_alt_km)
    r_p = R_EARTH_KM + insertion.perigee_alt_km
    r_a = R_EARTH_KM + insertion.apogee_alt_km
    out = []
    for p in profiles:
        r_lo = R_EARTH_KM + p.min_phasing_alt_km
        sol = _solve(
            phi, w_t, p.orbits, r_lo, a_t,
            lambda x, p=p: _timeline_s(r_p, r_a, x, a_t, p.orbits, inc),
        )  # fmt: skip
        if sol is not None:
            _, _, r_ph = sol
            theta0 = np.full(r_ph.size, np.pi)
        else:
            sol = _solve(
                phi, w_t, p.orbits, 0.0, np.pi,
                lambda x, p=p: _timeline_s(r_p, r_a, a_t, a_t, p.orbits, inc, x),
            )  # fmt: skip
            if sol is None:
                continue
            theta0 = sol[2]
            r_ph = np.full(theta0.size, a_t)
        dvs = _burns_dv(r_p, r_a, r_ph, a_t, theta0)
        total = sum(dvs) * 1000.0
        j = int(np.argmin(total))  # the first of equal costs
        legs = np.cumsum(
            [float(x) for x in _legs_s(r_p, r_a, r_ph[j], a_t, p.orbits, inc, theta0[j])]
        )
        r0, _ = _insertion_point(r_p, r_a, theta0[j])
        alts = (float(r0), float(r_ph[j]), float(r_ph[j]), a_t)
        burns = tuple(
            Burn(
                f"burn {i + 1}",
                float(t_ins + legs[i]),
                float(dvs[i][j]) * 1000.0,
                alts[i] - R_EARTH_KM,
            )  # fmt: skip
            for i in range(4)
        )
        t_dock = float(t_ins + legs[-1] + p.final_approach_s)
        out.append(
            Rendezvous(
                profile=p.name,
                orbits=p.orbits,
                phase_angle_deg=float(np.degrees(phi)),
                phasing_alt_km=float(r_ph[j] - R_EARTH_KM),
                dv_m_s=float(sum(b.dv_m_s for b in burns)),
                docking_tdb_s=t_dock,
                flight_time_s=float(t_dock - window.launch_tdb_s),
                burns=burns,
                insertion_tdb_s=float(t_ins),
                perigee_alt_km=insertion.perigee_alt_km,
                apogee_alt_km=insertion.apogee_alt_km,
                allowed=q.allowed,
                reason=q.reason,
                phase_uncertainty_deg=q.phase_uncertainty_deg,
                geometry={
                    "r_ph_km": float(r_ph[j]),
                    "r_t_km": float(a_t),
                    "inc_rad": float(inc),
                    "phi_rad": float(phi),
                    "w_t_rad_s": float(w_t),
                    "theta0_rad": float(theta0[j]),
                },  # fmt: skip
            )
        )
    return out


def phase_window_deg(profile: Profile, tle: TLE, insertion: Insertion = INSERTION_SOYUZ):
    """(lowest, highest) insertion phase angle, deg, that ``profile`` can fly to ``tle``'s
    orbit (one revolution count k = 0): from a direct climb at insertion to the longest stay
    at ``min_phasing_alt_km`` (see :func:`rendezvous_options`)."""
    inc, a_t, w_t = _target(tle)
    r_p, r_a = R_EARTH_KM + insertion.perigee_alt_km, R_EARTH_KM + insertion.apogee_alt_km
    r_lo = R_EARTH_KM + profile.min_phasing_alt_km
    t_fast = _timeline_s(r_p, r_a, r_lo, a_t, profile.orbits, inc)
    t_slow = _timeline_s(r_p, r_a, a_t, a_t, profile.orbits, inc, 0.0)
    n = 2 * np.pi * profile.orbits
    return float(np.degrees(n - w_t * t_slow)), float(np.degrees(n - w_t * t_fast))


def _kepler_E(M, e):
    E = M.copy()
    for _ in range(12):  # Newton; e < 0.05 here, converges in 3-4 steps
        E = E - (E - e * np.sin(E) - M) / (1.0 - e * np.cos(E))
    return E


def rendezvous_path(rv: Rendezvous, tle: TLE, step_s: float = 60.0, dut1_s: float | None = None):
    """The chaser's sampled path from insertion to docking along the burn plan, GCRS.

    Each leg is a Kepler ellipse (from a periapsis or apoapsis, as the plan has it) whose
    mean anomaly runs at the leg's J2 in-plane rate; its argument of latitude is placed
    relative to the target's (the same linear rate the plan solved with) in the target's
    osculating SGP4 plane at each instant. At docking the chaser's angle equals the
    target's by construction; the radius is brought to the target's osculating radius over
    the last leg (the mean-to-osculating difference, a few km), so the last sample is the
    station's state.

    Returns
    -------
    t_tdb_s : ndarray (N,)
    r_km, v_km_s : ndarray (N, 3)
    """
    g = rv.geometry
    if not rv.burns or not g:
        raise InputError("rendezvous_path needs a Rendezvous from rendezvous_options")
    t0, t_end = rv.insertion_tdb_s, rv.burns[-1].t_tdb_s
    n = max(int(np.ceil((t_end - t0) / step_s)), 2)
    t = np.linspace(t0, t_end, n + 1)
    r_p, r_a = R_EARTH_KM + rv.perigee_alt_km, R_EARTH_KM + rv.apogee_alt_km
    r_ph, r_t, inc = g["r_ph_km"], g["r_t_km"], g["inc_rad"]
    # Legs: (start time, periapsis radius, apoapsis radius, start at periapsis?, angle at start)
    tb = [t0] + [b.t_tdb_s for b in rv.burns]
    theta0 = g["theta0_rad"]
    r0, _ = _insertion_point(r_p, r_a, theta0)
    r0 = float(r0)
    legs = [
        (r_p, r_a, True),
        (min(r0, r_ph), max(r0, r_ph), r0 <= r_ph),
        (r_ph, r_ph, True),
        (min(r_ph, r_t), max(r_ph, r_t), r_ph <= r_t),
    ]
    u = np.empty(n + 1)
    rad = np.empty(n + 1)
    rdot = np.empty(n + 1)
    udot = np.empty(n + 1)
    u_start = 0.0
    for i, (rpe, rap, at_peri) in enumerate(legs):
        m = (t >= tb[i]) & (t <= tb[i + 1]) if i == 3 else (t >= tb[i]) & (t < tb[i + 1])
        a = 0.5 * (rpe + rap)
        e = (rap - rpe) / (rap + rpe)
        w = secular_rate_rad_s(a, inc)
        M0 = 0.0 if at_peri else np.pi
        M = M0 + w * (t[m] - tb[i])
        E = _kepler_E(M, e)
        nu = 2.0 * np.arctan2(np.sqrt(1 + e) * np.sin(E / 2), np.sqrt(1 - e) * np.cos(E / 2))
        nu0 = M0
        # Unwrapped true anomaly travelled since the leg's start.
        dnu = np.unwrap(np.concatenate(([nu0], nu)))[1:] - nu0
        p_semi = a * (1 - e * e)
        rr = p_semi / (1 + e * np.cos(nu))
        scale = w / np.sqrt(GM_EARTH_KM3_S2 / a**3)  # J2 rate over Kepler's
        hmag = np.sqrt(GM_EARTH_KM3_S2 * p_semi)
        u[m] = u_start + dnu
        rad[m] = rr
        rdot[m] = scale * GM_EARTH_KM3_S2 / hmag * e * np.sin(nu)
        udot[m] = scale * hmag / rr**2
        u_start += (theta0, np.pi, w * (tb[3] - tb[2]), np.pi)[i]
    # The target at the same instants, and the chaser's angle behind it.
    r_tg, v_tg = propagate_tle(tle, t, dut1_s)
    d_u = (u - g["phi_rad"]) - g["w_t_rad_s"] * (t - t0)  # chaser minus target, rad
    # Radius: bring the mean-orbit radius to the target's osculating one over the last leg.
    rt_osc = np.linalg.norm(r_tg, axis=-1)
    frac = np.clip((t - tb[3]) / (tb[4] - tb[3]), 0.0, 1.0)
    rad = rad + frac * (rt_osc[-1] - r_t)
    hhat = np.cross(r_tg, v_tg)
    hhat /= np.linalg.norm(hhat, axis=-1, keepdims=True)
    xhat = r_tg / rt_osc[:, None]
    yhat = np.cross(hhat, xhat)
    c, s = np.cos(d_u)[:, None], np.sin(d_u)[:, None]
    rhat = c * xhat + s * yhat
    that = -s * xhat + c * yhat
    r = rad[:, None] * rhat
    v = rdot[:, None] * rhat + (rad * udot)[:, None] * that
    r[-1], v[-1] = r_tg[-1], v_tg[-1]
    return t, r, v

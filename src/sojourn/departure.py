"""Leaving a real parking orbit: the departure asymptote, the plane it needs, and what it costs.

A transfer fixes the outgoing asymptote: its direction (declination DLA and right ascension RLA
in the equator of the departure body) and its speed v_inf. A parking orbit can only leave
along it for the in-plane cost (a tangential burn at periapsis, Curtis eq. 8.42) when the
asymptote lies in the orbit's plane; a circular orbit of inclination i contains directions of
declination up to i (a great circle tilted by i reaches latitude i and no further), so
|DLA| <= i is the condition. Otherwise the departure pays for the plane it lacks, in one of
these ways, each costed here and named in ``method``:

``in-plane``
    The orbit contains the asymptote: one tangential burn, v_h(r_p) - v_orbit(r_p).
``one-burn``
    Plane change and departure in a single impulse: the best burn point on the orbit, onto
    the hyperbola through that point with the required asymptote (closed form, below).
``plane-change-then-departure``
    Turn the circular orbit by the angle the asymptote lies out of its plane
    (the simple plane change, 2 v_c sin(beta / 2)), then leave in plane.
``three-burn``
    Raise apoapsis to a high ellipse, turn the plane about the line of apsides at apoapsis
    where the speed is low, then fire at periapsis onto the hyperbola (the high-energy
    departure of the issue; the ellipse's period, one day by default, is an assumption and
    adds that time before departure).
``apoapsis-plane-change``
    From an elliptic orbit that is already high (the Mars 1-sol orbit): turn the plane about
    the line of apsides at apoapsis so it holds the asymptote, then the best burn in plane.
``wait``
    A fixed orbit whose node drifts under J2 until it holds the asymptote (the asymptote held
    fixed over the wait: a first-order model, said in ``model``), when that fits in the
    allowed wait.

The hyperbola through a burn point r with a given outgoing asymptote s (angle psi between r
and s) has, with k = r v_inf^2 / mu and w = sqrt(e^2 - 1),

    k (1 - cos psi + w sin psi) = w^2          (the conic equation r = p / (1 + e cos nu) with
                                                nu = theta_inf - psi, cos theta_inf = -1 / e,
                                                p = mu w^2 / v_inf^2)

whose positive root gives e, p and the velocity (radial sqrt(mu/p) e sin nu, transverse
sqrt(mu/p) (1 + e cos nu), in the plane of r and s). At psi = theta_inf this is the
tangential periapsis burn, e = 1 + r v_inf^2 / mu. A burn before periapsis
(nu < 0) is allowed only when the hyperbola's periapsis stays above ``MIN_PERIAPSIS_ALT_KM``.

Everything here is patched conics with impulsive burns; finite burns, gravity losses and the
launch vehicle's own performance at each inclination are outside it (the ``model`` string
says so).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from sojourn.core.constants import (
    DAY_S,
    GM_KM3_S2,
    J2_EARTH,
    J2_MARS,
    MARS_POLE_DEC_DEG,
    MARS_POLE_DEC_RATE_DEG_PER_CENTURY,
    MARS_POLE_RA_DEG,
    MARS_POLE_RA_RATE_DEG_PER_CENTURY,
    RADIUS_KM,
)
from sojourn.core.defaults import (
    CAPTURE_PERIAPSIS_ALT_KM,
    CAPTURE_PERIOD_S,
    HIGH_ORBIT_PERIOD_S,
    PARKING_ALT_KM,
)
from sojourn.core.propagation import j2_secular_rates
from sojourn.errors import InputError

__all__ = [
    "MIN_PERIAPSIS_ALT_KM",
    "METHODS",
    "DepartureOption",
    "Departure",
    "MarsOrbit",
    "equator_matrix",
    "asymptote_in_equator",
    "hyperbola_velocity_km_s",
    "single_burn_dv_km_s",
    "site_inclination_range_deg",
    "parking_departure",
    "orbit_departure",
    "mars_orbit",
]

#: Lowest periapsis altitude a departure hyperbola may dip to when the burn comes before its
#: periapsis, km: 100 km, the conventional edge of the sensible atmosphere (Karman line), for
#: Earth and Mars alike (an assumption of this model).
MIN_PERIAPSIS_ALT_KM = 100.0
#: The departure methods, cheapest first when they tie.
METHODS = (
    "in-plane",
    "wait",
    "one-burn",
    "plane-change-then-departure",
    "three-burn",
    "apoapsis-plane-change",
)
#: J2 of the bodies whose orbits drift here (core constants, with their sources).
_J2 = {"earth": J2_EARTH, "mars": J2_MARS}
#: Burn points sampled round an orbit when searching the best single burn (0.25 deg).
_N_NU = 1440
_MODEL = (
    "patched conics, impulsive burns; circular or elliptic parking orbit; J2 secular node and "
    "apsidal drift (Vallado 4th ed. sec. 9.6); asymptote held fixed while waiting; launch "
    "vehicle performance at the chosen inclination not included"
)


def _unit(v):
    v = np.asarray(v, dtype=np.float64)
    return v / np.linalg.norm(v, axis=-1, keepdims=True)


def equator_matrix(body: str, t_tdb_s: float = 0.0) -> np.ndarray:
    """Rotation ICRF -> the body's mean equator at ``t_tdb_s`` (x at the equator's ascending
    node on the ICRF equator, z the pole): ``v_eq = M @ v_icrf``.

    Earth: the identity (the J2000 mean equator, ICRF to 0.02 arcsec; the 2030s equator of
    date is ~0.2 deg away, inside the planning accuracy here). Mars: the IAU 2009 pole
    (Archinal et al. 2011) at that date.
    """
    if body == "earth":
        return np.eye(3)
    if body != "mars":
        raise InputError(
            f"'body' must be 'earth' or 'mars' for a departure from a parking orbit, got "
            f"{body!r}; other bodies' equators are not in sojourn.core.constants"
        )
    t_cy = float(t_tdb_s) / (DAY_S * 36_525.0)
    ra = math.radians(MARS_POLE_RA_DEG + MARS_POLE_RA_RATE_DEG_PER_CENTURY * t_cy)
    dec = math.radians(MARS_POLE_DEC_DEG + MARS_POLE_DEC_RATE_DEG_PER_CENTURY * t_cy)
    z = np.array([math.cos(dec) * math.cos(ra), math.cos(dec) * math.sin(ra), math.sin(dec)])
    x = _unit(np.cross([0.0, 0.0, 1.0], z))
    y = np.cross(z, x)
    return np.vstack([x, y, z])


def asymptote_in_equator(vinf_icrf_km_s, body: str, t_tdb_s: float = 0.0):
    """``(vinf_eq (3,), dla_deg, rla_deg)``: an ICRF v-infinity in the body's equator frame."""
    v = equator_matrix(body, t_tdb_s) @ np.asarray(vinf_icrf_km_s, dtype=np.float64)
    n = float(np.linalg.norm(v))
    dla = math.degrees(math.asin(max(-1.0, min(1.0, v[2] / n))))
    rla = math.degrees(math.atan2(v[1], v[0])) % 360.0
    return v, dla, rla


def hyperbola_velocity_km_s(r_km, s_hat, vinf_km_s: float, mu_km3_s2: float):
    """Velocity at ``r_km`` (..., 3) on the hyperbola leaving along ``s_hat`` at ``vinf_km_s``.

    Returns ``(v_km_s (..., 3), rp_km (...))``: the velocity and the hyperbola's periapsis
    radius (module notes). Rows where the burn point looks straight along the asymptote get
    the radial solution.
    """
    r_km = np.asarray(r_km, dtype=np.float64)
    s = _unit(s_hat)
    r = np.linalg.norm(r_km, axis=-1)
    rh = r_km / r[..., None]
    cpsi = np.clip(np.sum(rh * s, axis=-1), -1.0, 1.0)
    spsi = np.sqrt(1.0 - cpsi * cpsi)
    k = r * vinf_km_s**2 / mu_km3_s2
    w = 0.5 * (k * spsi + np.sqrt(k * k * spsi * spsi + 4.0 * k * (1.0 - cpsi)))
    e = np.sqrt(1.0 + w * w)
    p = mu_km3_s2 * w * w / vinf_km_s**2
    nu = np.arccos(-1.0 / e) - np.arccos(cpsi)
    with np.errstate(invalid="ignore", divide="ignore"):
        vr = np.sqrt(mu_km3_s2 / p) * e * np.sin(nu)
        vt = np.sqrt(mu_km3_s2 / p) * (1.0 + e * np.cos(nu))
        th = (s - cpsi[..., None] * rh) / spsi[..., None]
    radial = spsi < 1e-6  # within 0.2 arcsec of the radius: the radial solution
    vr = np.where(radial, np.sqrt(vinf_km_s**2 + 2.0 * mu_km3_s2 / r), vr)
    vt = np.where(radial, 0.0, vt)
    th = np.where(radial[..., None], 0.0, th)
    return vr[..., None] * rh + vt[..., None] * th, p / (1.0 + e)


def _perifocal(inc, raan, argp):
    """P, Q, W (..., 3) of orbits with these angles (rad), in the equator frame."""
    inc, raan, argp = np.broadcast_arrays(
        np.asarray(inc, float), np.asarray(raan, float), np.asarray(argp, float)
    )
    ci, si = np.cos(inc), np.sin(inc)
    co, so = np.cos(raan), np.sin(raan)
    cw, sw = np.cos(argp), np.sin(argp)
    p = np.stack([co * cw - so * sw * ci, so * cw + co * sw * ci, sw * si], axis=-1)
    q = np.stack([-co * sw - so * cw * ci, -so * sw + co * cw * ci, cw * si], axis=-1)
    w = np.stack([so * si, -co * si, ci], axis=-1)
    return p, q, w


def _states(rp_km, ra_km, pq, nu, mu):
    """States at true anomalies ``nu`` (N,) of ellipses with axes ``pq = (P, Q)`` (..., 3)."""
    a = 0.5 * (rp_km + ra_km)
    e = (ra_km - rp_km) / (ra_km + rp_km)
    p_km = a * (1.0 - e * e)
    P, Q = (np.asarray(x)[..., None, :] for x in pq)
    c, s = np.cos(nu)[:, None], np.sin(nu)[:, None]
    r = (p_km / (1.0 + e * c)) * (c * P + s * Q)
    v = math.sqrt(mu / p_km) * (-s * P + (e + c) * Q)
    return r, v


def single_burn_dv_km_s(
    rp_km, ra_km, inc_rad, raan_rad, argp_rad, s_hat, vinf_km_s, mu, r_min_km, n_nu=_N_NU
):
    """Least single impulse from orbits (angles broadcast over leading axes) onto the hyperbola.

    Searches ``n_nu`` burn points round the orbit (every 0.25 deg by default). Returns
    ``(dv_km_s (...), plane_change_deg (...))``: the cost and the angle between the orbit's
    plane and the hyperbola's at the best point.
    """
    nu = np.linspace(0.0, 2.0 * np.pi, n_nu, endpoint=False)
    P, Q, W = _perifocal(
        np.asarray(inc_rad, float), np.asarray(raan_rad, float), np.asarray(argp_rad, float)
    )
    r, v = _states(rp_km, ra_km, (P, Q), nu, mu)
    vh, rph = hyperbola_velocity_km_s(r, s_hat, vinf_km_s, mu)
    dv = np.linalg.norm(vh - v, axis=-1)
    dv = np.where(rph >= r_min_km - 1e-6, dv, np.inf)
    j = np.argmin(dv, axis=-1)
    best = np.take_along_axis(dv, j[..., None], axis=-1)[..., 0]
    rb = np.take_along_axis(r, j[..., None, None], axis=-2)[..., 0, :]
    vb = np.take_along_axis(vh, j[..., None, None], axis=-2)[..., 0, :]
    hh = _unit(np.cross(rb, vb))
    ang = np.degrees(np.arccos(np.clip(np.sum(hh * W, axis=-1), -1.0, 1.0)))
    return best, ang


@dataclass(frozen=True)
class DepartureOption:
    """One costed way to leave: ``method`` (one of :data:`METHODS`), its impulse (all burns),
    the plane it turns through, the days it adds before departure, a note."""

    method: str
    dv_km_s: float
    plane_change_deg: float
    extra_days: float = 0.0
    note: str = ""

    def to_dict(self) -> dict:
        return {
            "method": self.method,
            "dv_km_s": self.dv_km_s,
            "plane_change_deg": self.plane_change_deg,
            "extra_days": self.extra_days,
            "note": self.note,
        }


@dataclass(frozen=True)
class Departure:
    """The cheapest way found to leave a parking orbit along a transfer's asymptote.

    Angles are in the departure body's equator (Earth: J2000 mean equator; Mars: IAU pole).
    ``dv_km_s`` includes any plane change; ``in_plane_dv_km_s`` is the ideal tangential burn
    from an orbit holding the asymptote; ``options`` lists every method costed.
    """

    body: str
    parking_alt_km: float  # periapsis altitude (the circular orbit's altitude)
    apoapsis_alt_km: float
    parking_inclination_deg: float
    dla_deg: float
    rla_deg: float
    vinf_km_s: float
    in_plane_dv_km_s: float
    dv_km_s: float
    plane_change_deg: float
    method: str
    reachable: bool  # the orbit's plane can hold the asymptote (|DLA| <= i, or aligned)
    options: tuple[DepartureOption, ...] = ()
    raan_deg: float | None = None  # the orbit's node at departure (required or given)
    launch_raan_deg: float | None = None  # its node at launch, J2 regression removed
    node_rate_deg_per_day: float | None = None
    coast_days: float = 0.0
    wait_days: float = 0.0
    site: str | None = None
    inclination_source: str = "given"
    model: str = _MODEL
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def penalty_km_s(self) -> float:
        """What the geometry costs above the in-plane burn, km/s."""
        return self.dv_km_s - self.in_plane_dv_km_s

    def to_dict(self) -> dict:
        """The DESIGN.md ``departure`` object (plus the options, the node and the model)."""
        return {
            "body": self.body,
            "parking_alt_km": self.parking_alt_km,
            "apoapsis_alt_km": self.apoapsis_alt_km,
            "parking_inclination_deg": self.parking_inclination_deg,
            "inclination_source": self.inclination_source,
            "site": self.site,
            "dla_deg": self.dla_deg,
            "rla_deg": self.rla_deg,
            "vinf_km_s": self.vinf_km_s,
            "in_plane_dv_km_s": self.in_plane_dv_km_s,
            "dv_km_s": self.dv_km_s,
            "penalty_km_s": self.penalty_km_s,
            "plane_change_deg": self.plane_change_deg,
            "method": self.method,
            "reachable": self.reachable,
            "raan_deg": self.raan_deg,
            "launch_raan_deg": self.launch_raan_deg,
            "node_rate_deg_per_day": self.node_rate_deg_per_day,
            "coast_days": self.coast_days,
            "wait_days": self.wait_days,
            "options": [o.to_dict() for o in self.options],
            "notes": list(self.notes),
            "model": self.model,
        }


def _check_pos(value, name: str, fix: str, upper: float | None = None) -> float:
    try:
        x = float(value)
    except (TypeError, ValueError):
        x = math.nan
    if isinstance(value, bool) or not math.isfinite(x) or x <= 0 or (upper and x > upper):
        rule = f"> 0 and <= {upper:g}" if upper else "> 0"
        raise InputError(f"'{name}' must be {rule}, got {value!r}; {fix}")
    return x


def _check_inclination(value, name: str = "parking_inclination_deg") -> float:
    try:
        x = float(value)
    except (TypeError, ValueError):
        x = math.nan
    if isinstance(value, bool) or not (0.0 <= x <= 180.0):
        raise InputError(
            f"'{name}' must be between 0 and 180 deg, got {value!r}; give the parking "
            "orbit's inclination to the equator, e.g. 28.5 or 51.6"
        )
    return x


def site_inclination_range_deg(site) -> tuple[float, float]:
    """Lowest and highest direct-ascent inclination from a :class:`sojourn.leo.sites.Site`.

    cos i = cos(latitude) sin(azimuth) (spherical trigonometry of the launch: the
    azimuth at latitude phi of a great circle of inclination i), over the site's allowed
    azimuths (``azimuth_ranges_deg``, the range corridors cited in :mod:`sojourn.leo.sites`).
    The latitude bounds it below: i >= |latitude| (due east).
    """
    az = np.concatenate([np.linspace(lo, hi, 721) for lo, hi in site.azimuth_ranges_deg])
    inc = np.degrees(np.arccos(math.cos(math.radians(site.lat_deg)) * np.sin(np.radians(az))))
    return float(max(inc.min(), abs(site.lat_deg))), float(inc.max())


def _node_solutions(dla, rla, inc):
    """Nodes (deg) of a circular orbit of inclination ``inc`` whose plane holds (DLA, RLA)."""
    si = math.sin(math.radians(inc))
    if si < 1e-12:
        return [0.0]
    u1 = math.asin(max(-1.0, min(1.0, math.sin(math.radians(dla)) / si)))
    out = []
    for u in (u1, math.pi - u1):
        d = math.atan2(math.sin(u) * math.cos(math.radians(inc)), math.cos(u))
        out.append((rla - math.degrees(d)) % 360.0)
    return out


def _node_rate_deg_day(body, rp_km, ra_km, inc_deg):
    if body not in _J2:
        return None
    a = 0.5 * (rp_km + ra_km)
    e = (ra_km - rp_km) / (ra_km + rp_km)
    rd, _, _ = j2_secular_rates(
        a, e, math.radians(inc_deg), GM_KM3_S2[body], _J2[body], RADIUS_KM[body]
    )
    return float(np.degrees(rd) * DAY_S)


def parking_departure(
    vinf_km_s,
    parking_alt_km: float = PARKING_ALT_KM,
    parking_inclination_deg: float | None = None,
    site: str | None = None,
    *,
    body: str = "earth",
    t_tdb_s: float = 0.0,
    coast_days: float = 0.0,
    high_orbit_period_s: float = HIGH_ORBIT_PERIOD_S,
) -> Departure:
    """Leave a circular parking orbit whose node is set by the launch time (free).

    Parameters
    ----------
    vinf_km_s : array (3,)
        Outgoing v-infinity, km/s, ICRF (a :class:`sojourn.transfer.Transfer`'s
        ``vinf_depart_vec_km_s``).
    parking_alt_km : float
        Circular parking orbit altitude, km.
    parking_inclination_deg : float or None
        Its inclination to the body's equator, deg. None with a ``site``: the lowest the site
        reaches that holds the asymptote (or its highest when none does); None without a
        site: an orbit chosen to hold the asymptote (i = |DLA|, the old in-plane figure).
    site : str or None
        A launch site id (:data:`sojourn.leo.sites.SITES`, Earth only): the inclination must
        be reachable from it (i >= |latitude|, within its azimuth corridor).
    body : {"earth", "mars"}
    t_tdb_s : float
        Departure, TDB seconds (the body's pole at that date, for Mars).
    coast_days : float
        Days from launch to departure: the node regresses under J2 meanwhile, so the launch
        node differs from the departure node by the rate times this.
    high_orbit_period_s : float
        Period of the high ellipse of the ``three-burn`` method, s.
    """
    mu = GM_KM3_S2[body]
    alt = _check_pos(parking_alt_km, "parking_alt_km", "give the altitude in km, e.g. 400", 1e5)
    r_p = RADIUS_KM[body] + alt
    coast = float(coast_days)
    if not (math.isfinite(coast) and coast >= 0):
        raise InputError(f"'coast_days' must be >= 0, got {coast_days!r}; give 0 for none")
    v_eq, dla, rla = asymptote_in_equator(vinf_km_s, body, t_tdb_s)
    vinf = float(np.linalg.norm(v_eq))
    notes: list[str] = []
    source = "given"
    site_id = None
    reachable_by_site = True
    if site is not None:
        from sojourn.leo.sites import site as get_site

        if body != "earth":
            raise InputError(f"'site' applies to Earth departures only, got body {body!r}")
        s = get_site(site)
        site_id = s.id
        i_lo, i_hi = site_inclination_range_deg(s)
        if parking_inclination_deg is None:
            i_pro = min(i_hi, 90.0)
            if abs(dla) <= i_pro:
                inc = max(i_lo, abs(dla))
                source = f"lowest from {s.id} holding the asymptote ({i_lo:.1f}-{i_hi:.1f} deg)"
            else:
                inc = i_pro
                reachable_by_site = False
                source = f"highest prograde from {s.id} ({i_lo:.1f}-{i_hi:.1f} deg)"
                notes.append(
                    f"the asymptote (DLA {dla:.1f} deg) cannot be reached in plane from "
                    f"{s.id}: its inclinations are {i_lo:.1f}-{i_hi:.1f} deg"
                )
        else:
            inc = _check_inclination(parking_inclination_deg)
            if not (i_lo - 0.05 <= inc <= i_hi + 0.05):
                raise InputError(
                    f"'parking_inclination_deg' {inc:g} cannot be flown from {s.id} "
                    f"(latitude {s.lat_deg:.2f} deg, azimuths "
                    f"{', '.join(f'{a:g}..{b:g}' for a, b in s.azimuth_ranges_deg)}): it "
                    f"reaches {i_lo:.1f}-{i_hi:.1f} deg; give an inclination in that range"
                )
            source = f"given (from {s.id}, which reaches {i_lo:.1f}-{i_hi:.1f} deg)"
    elif parking_inclination_deg is None:
        inc = abs(dla)
        source = "chosen to hold the asymptote (no site or inclination given)"
    else:
        inc = _check_inclination(parking_inclination_deg)
    v_c = math.sqrt(mu / r_p)
    v_h = math.sqrt(vinf * vinf + 2.0 * mu / r_p)
    ideal = v_h - v_c
    i_eff = min(inc, 180.0 - inc)
    rate = _node_rate_deg_day(body, r_p, r_p, inc)
    s_hat = v_eq / vinf
    r_min = RADIUS_KM[body] + MIN_PERIAPSIS_ALT_KM
    if abs(dla) <= i_eff + 1e-9:
        nodes = _node_solutions(dla, rla, inc)
        options = (DepartureOption("in-plane", ideal, 0.0, 0.0, "launch timed for the node"),)
        best = options[0]
        raan = nodes[0]
        reachable = True
        notes.append("in-plane nodes at departure: " + ", ".join(f"{n:.2f} deg" for n in nodes))
    else:
        reachable = False
        beta = abs(dla) - i_eff
        opts = [
            DepartureOption(
                "plane-change-then-departure",
                2.0 * v_c * math.sin(math.radians(beta) / 2.0) + ideal,
                beta,
                0.0,
                "turn the circular orbit, then the in-plane burn",
            )
        ]
        # Best plane: the one whose highest (lowest) point faces the asymptote; search round it.
        base = rla - 90.0 if dla * (1 if inc <= 90 else -1) > 0 else rla + 90.0
        raans = np.radians(base + np.arange(-30.0, 30.01, 1.0))
        dv1, ang1 = single_burn_dv_km_s(
            r_p, r_p, math.radians(inc), raans, 0.0, s_hat, vinf, mu, r_min
        )
        j = int(np.argmin(dv1))
        raan = float(np.degrees(raans[j]) % 360.0)
        opts.append(DepartureOption("one-burn", float(dv1[j]), float(ang1[j]), 0.0, ""))
        # Three-burn: rotation about the apse line by Delta (cos Delta from the module notes).
        e_h = 1.0 + r_p * vinf * vinf / mu
        cb = math.cos(math.radians(beta))
        if cb > 1.0 / e_h:
            delta = math.degrees(math.acos(math.sqrt(cb * cb - e_h**-2) / math.sqrt(1 - e_h**-2)))
            a_hi = (mu * (high_orbit_period_s / (2.0 * math.pi)) ** 2) ** (1.0 / 3.0)
            r_a = 2.0 * a_hi - r_p
            if r_a > r_p:
                v_a = math.sqrt(mu * (2.0 / r_a - 1.0 / a_hi))
                opts.append(
                    DepartureOption(
                        "three-burn",
                        ideal + 2.0 * v_a * math.sin(math.radians(delta) / 2.0),
                        delta,
                        high_orbit_period_s / DAY_S,
                        f"via a {high_orbit_period_s / 3600.0:.1f} h ellipse (apoapsis "
                        f"{r_a - RADIUS_KM[body]:.0f} km), plane turned at apoapsis",
                    )
                )
        options = tuple(sorted(opts, key=lambda o: (round(o.dv_km_s, 6), o.extra_days)))
        best = options[0]
    launch_raan = None
    if rate is not None and raan is not None:
        launch_raan = (raan - rate * coast) % 360.0
    if not reachable_by_site:
        reachable = False
    return Departure(
        body=body,
        parking_alt_km=alt,
        apoapsis_alt_km=alt,
        parking_inclination_deg=inc,
        dla_deg=dla,
        rla_deg=rla,
        vinf_km_s=vinf,
        in_plane_dv_km_s=ideal,
        dv_km_s=best.dv_km_s,
        plane_change_deg=best.plane_change_deg,
        method=best.method,
        reachable=reachable,
        options=options,
        raan_deg=raan,
        launch_raan_deg=launch_raan,
        node_rate_deg_per_day=rate,
        coast_days=coast,
        wait_days=0.0,
        site=site_id,
        inclination_source=source,
        notes=tuple(notes),
    )


def orbit_departure(
    vinf_km_s,
    periapsis_alt_km: float,
    apoapsis_alt_km: float,
    inclination_deg: float,
    raan_deg: float,
    argp_deg: float,
    *,
    body: str = "mars",
    t_tdb_s: float = 0.0,
    max_wait_days: float = 0.0,
    wait_step_days: float = 0.25,
) -> Departure:
    """Leave an orbit of fixed orientation (the Mars orbit as it is after the stay, or an
    assembled Earth parking orbit) along an asymptote.

    Angles in the body's equator frame at ``t_tdb_s`` (deg); ``vinf_km_s`` (3,) in ICRF.
    Costs ``one-burn`` (best point on the orbit), ``apoapsis-plane-change`` (elliptic orbits:
    turn about the apse line at apoapsis, then the best burn in the new plane) or
    ``plane-change-then-departure`` (circular orbits), and ``wait`` (up to ``max_wait_days``
    for the J2 node and apsides to drift into place, the asymptote held fixed). ``in-plane``
    when the orbit already holds the asymptote at its periapsis (within 1 m/s).
    """
    mu = GM_KM3_S2[body]
    rp = RADIUS_KM[body] + _check_pos(periapsis_alt_km, "periapsis_alt_km", "give km", 1e6)
    ra = RADIUS_KM[body] + _check_pos(apoapsis_alt_km, "apoapsis_alt_km", "give km", 1e7)
    if ra < rp:
        raise InputError(
            f"'apoapsis_alt_km' ({ra - RADIUS_KM[body]:g}) must be >= 'periapsis_alt_km' "
            f"({rp - RADIUS_KM[body]:g}); swap them"
        )
    inc = _check_inclination(inclination_deg, "inclination_deg")
    v_eq, dla, rla = asymptote_in_equator(vinf_km_s, body, t_tdb_s)
    vinf = float(np.linalg.norm(v_eq))
    s_hat = v_eq / vinf
    a = 0.5 * (rp + ra)
    v_p = math.sqrt(mu * (2.0 / rp - 1.0 / a))
    v_a = math.sqrt(mu * (2.0 / ra - 1.0 / a))
    ideal = math.sqrt(vinf * vinf + 2.0 * mu / rp) - v_p
    r_min = RADIUS_KM[body] + MIN_PERIAPSIS_ALT_KM
    i_r, o_r, w_r = (math.radians(x) for x in (inc, raan_deg, argp_deg))
    dv1, ang1 = single_burn_dv_km_s(rp, ra, i_r, o_r, w_r, s_hat, vinf, mu, r_min)
    dv1, ang1 = float(dv1), float(ang1)
    P, Q, W = _perifocal(i_r, o_r, w_r)
    out_of_plane = math.degrees(math.asin(min(1.0, abs(float(np.dot(s_hat, W))))))
    opts = [DepartureOption("one-burn", dv1, ang1, 0.0, "best single burn on the orbit")]
    if ra > rp * (1.0 + 1e-9):
        # Turn about the line of apsides so the plane holds the asymptote.
        n_new = _unit(np.cross(P, s_hat))
        if np.dot(n_new, W) < 0:
            n_new = -n_new
        chi = math.degrees(math.acos(max(-1.0, min(1.0, float(np.dot(n_new, W))))))
        # Angles of the turned orbit from its axes (P kept, W -> n_new).
        inc2 = math.acos(max(-1.0, min(1.0, n_new[2])))
        raan2 = math.atan2(n_new[0], -n_new[1])
        node = np.array([math.cos(raan2), math.sin(raan2), 0.0])
        argp2 = math.atan2(float(np.dot(np.cross(node, P), n_new)), float(np.dot(node, P)))
        dv2, _ = single_burn_dv_km_s(rp, ra, inc2, raan2, argp2, s_hat, vinf, mu, r_min)
        opts.append(
            DepartureOption(
                "apoapsis-plane-change",
                2.0 * v_a * math.sin(math.radians(chi) / 2.0) + float(dv2),
                chi,
                0.5 * 2.0 * math.pi * math.sqrt(a**3 / mu) / DAY_S,
                "plane turned about the apse line at apoapsis, then the best burn in plane",
            )
        )
    else:
        opts.append(
            DepartureOption(
                "plane-change-then-departure",
                2.0 * v_p * math.sin(math.radians(out_of_plane) / 2.0) + ideal
                if abs(dla) <= min(inc, 180 - inc) + 1e-9
                else math.inf,
                out_of_plane,
                0.0,
                "turn the circular orbit to hold the asymptote, then the in-plane burn",
            )
        )
    rate = _node_rate_deg_day(body, rp, ra, inc)
    wait = 0.0
    if max_wait_days and max_wait_days > 0 and body in _J2:
        steps = np.arange(wait_step_days, float(max_wait_days) + 1e-9, wait_step_days)
        if steps.size > 20_000:
            raise InputError(
                f"'max_wait_days' {max_wait_days:g} at a {wait_step_days:g}-day step is "
                "more than 20000 orbits to try; give a shorter wait"
            )
        rd, wd, _ = j2_secular_rates(a, (ra - rp) / (ra + rp), i_r, mu, _J2[body], RADIUS_KM[body])
        dvw, angw = single_burn_dv_km_s(
            rp,
            ra,
            i_r,
            o_r + rd * steps * DAY_S,
            w_r + wd * steps * DAY_S,
            s_hat,
            vinf,
            mu,
            r_min,
        )
        good = np.flatnonzero(dvw <= ideal + 1e-3)
        k = int(good[0]) if good.size else int(np.argmin(dvw))
        if dvw[k] < dv1 - 1e-3:
            wait = float(steps[k])
            opts.append(
                DepartureOption(
                    "wait",
                    float(dvw[k]),
                    float(angw[k]),
                    wait,
                    f"node drifts {math.degrees(rd * wait * DAY_S):.1f} deg in {wait:g} days",
                )
            )
    options = tuple(sorted(opts, key=lambda o: (round(o.dv_km_s, 6), o.extra_days)))
    best = options[0]
    method = best.method
    aligned = best.method != "wait" and best.dv_km_s <= ideal + 1e-3
    if aligned:
        method = "in-plane"
    return Departure(
        body=body,
        parking_alt_km=rp - RADIUS_KM[body],
        apoapsis_alt_km=ra - RADIUS_KM[body],
        parking_inclination_deg=inc,
        dla_deg=dla,
        rla_deg=rla,
        vinf_km_s=vinf,
        in_plane_dv_km_s=ideal,
        dv_km_s=best.dv_km_s,
        plane_change_deg=0.0 if aligned else best.plane_change_deg,
        method=method,
        reachable=out_of_plane < 0.01 or aligned,
        options=options,
        raan_deg=float(raan_deg) % 360.0,
        node_rate_deg_per_day=rate,
        wait_days=wait if method == "wait" else 0.0,
        notes=(f"asymptote {out_of_plane:.2f} deg out of the orbit's plane",),
    )


@dataclass(frozen=True)
class MarsOrbit:
    """The orbit at the target over the stay: set up at arrival, drifting under J2, left at
    the end (angles in the target's equator at arrival, IAU pole; times TDB seconds)."""

    body: str
    arrive_tdb_s: float
    depart_tdb_s: float
    periapsis_alt_km: float
    apoapsis_alt_km: float
    period_s: float
    inclination_deg: float
    raan_deg: float
    argp_deg: float
    periapsis_lat_deg: float
    periapsis_lat_target_deg: float | None
    node_rate_deg_per_day: float
    apsides_rate_deg_per_day: float
    arrival_vinf_km_s: float
    departure: Departure  # the trans-Earth injection from the orbit as it then is
    departure_no_drift: Departure  # the same from the orbit as it was at arrival
    notes: tuple[str, ...] = ()

    @property
    def stay_days(self) -> float:
        return (self.depart_tdb_s - self.arrive_tdb_s) / DAY_S

    @property
    def node_drift_deg(self) -> float:
        return self.node_rate_deg_per_day * self.stay_days

    @property
    def apsides_drift_deg(self) -> float:
        return self.apsides_rate_deg_per_day * self.stay_days

    @property
    def drift_penalty_km_s(self) -> float:
        return self.departure.dv_km_s - self.departure_no_drift.dv_km_s

    def to_dict(self) -> dict:
        from sojourn.core.time import utc_iso

        return {
            "body": self.body,
            "arrive_utc": utc_iso(self.arrive_tdb_s),
            "depart_utc": utc_iso(self.depart_tdb_s),
            "stay_days": self.stay_days,
            "periapsis_alt_km": self.periapsis_alt_km,
            "apoapsis_alt_km": self.apoapsis_alt_km,
            "period_hours": self.period_s / 3600.0,
            "inclination_deg": self.inclination_deg,
            "raan_deg": self.raan_deg,
            "argp_deg": self.argp_deg,
            "periapsis_lat_deg": self.periapsis_lat_deg,
            "periapsis_lat_target_deg": self.periapsis_lat_target_deg,
            "node_rate_deg_per_day": self.node_rate_deg_per_day,
            "apsides_rate_deg_per_day": self.apsides_rate_deg_per_day,
            "node_drift_deg": self.node_drift_deg,
            "apsides_drift_deg": self.apsides_drift_deg,
            "tei_dv_km_s": self.departure.dv_km_s,
            "tei_no_drift_dv_km_s": self.departure_no_drift.dv_km_s,
            "tei_in_plane_dv_km_s": self.departure.in_plane_dv_km_s,
            "tei_drift_penalty_km_s": self.drift_penalty_km_s,
            "tei_method": self.departure.method,
            "tei_plane_change_deg": self.departure.plane_change_deg,
            "tei": self.departure.to_dict(),
            "tei_no_drift": self.departure_no_drift.to_dict(),
            "notes": list(self.notes),
            "model": self.departure.model,
        }


def mars_orbit(
    arrival_vinf_km_s,
    departure_vinf_km_s,
    arrive_tdb_s: float,
    depart_tdb_s: float,
    *,
    periapsis_alt_km: float = CAPTURE_PERIAPSIS_ALT_KM,
    period_s: float | None = CAPTURE_PERIOD_S,
    periapsis_lat_deg: float | None = None,
    body: str = "mars",
) -> MarsOrbit:
    """The capture orbit, its drift over the stay and the departure from it.

    Capture is a tangential burn at the arrival hyperbola's periapsis, so the orbit keeps the
    hyperbola's plane and periapsis. The periapsis lies on the cone r_p . v_in = 1/e about the
    incoming asymptote; of its points (every 0.1 deg round the cone), the one whose orbit,
    drifted over the stay, gives the cheapest trans-Earth injection: among those at
    ``periapsis_lat_deg`` (a landing site's latitude; the nearest reachable latitude when the
    cone does not reach it), or among all of them when None. The node and apsides then drift
    at the J2 secular rates (:func:`sojourn.core.propagation.j2_secular_rates`) for the stay,
    and the trans-Earth injection is costed from the orbit as it then is (:func:`orbit_departure`)
    and, for comparison, from the orbit as it was at arrival.

    Parameters
    ----------
    arrival_vinf_km_s, departure_vinf_km_s : array (3,)
        Incoming and outgoing v-infinity at the target, km/s, ICRF.
    arrive_tdb_s, depart_tdb_s : float
        Arrival and departure, TDB seconds past J2000.
    periapsis_alt_km, period_s : float
        The capture orbit (default 250 km x 1 sol, :mod:`sojourn.core.defaults`); a period
        of None means a circular orbit at that altitude.
    periapsis_lat_deg : float or None
        Wanted periapsis latitude, deg.
    """
    mu = GM_KM3_S2[body]
    alt = _check_pos(periapsis_alt_km, "capture_periapsis_alt_km", "give km, e.g. 250", 1e5)
    r_p = RADIUS_KM[body] + alt
    if period_s is None:  # a circular orbit at the periapsis altitude
        period_s = 2.0 * math.pi * math.sqrt(r_p**3 / mu)
    period = _check_pos(period_s, "capture_period_s", "give seconds, e.g. 88775 (one sol)")
    if periapsis_lat_deg is not None:
        lat_t = float(periapsis_lat_deg)
        if not -90.0 <= lat_t <= 90.0:
            raise InputError(
                f"'mars_periapsis_lat_deg' must be between -90 and 90, got {periapsis_lat_deg!r};"
                " give the landing site's latitude"
            )
    stay_s = float(depart_tdb_s) - float(arrive_tdb_s)
    if not stay_s >= 0:
        raise InputError("'depart_tdb_s' must not be before 'arrive_tdb_s'; check the dates")
    a = (mu * (period / (2.0 * math.pi)) ** 2) ** (1.0 / 3.0)
    if a < r_p * (1.0 - 1e-9):
        raise InputError(
            f"'capture_period_s' {period:g} is shorter than the circular period at the "
            f"periapsis; give a longer period or a lower periapsis"
        )
    a = max(a, r_p)  # a circular orbit's period computed back may round a hair below r_p
    r_a = 2.0 * a - r_p
    e = (r_a - r_p) / (r_a + r_p)
    M = equator_matrix(body, arrive_tdb_s)
    v_in = M @ np.asarray(arrival_vinf_km_s, dtype=np.float64)
    vinf_in = float(np.linalg.norm(v_in))
    u_in = v_in / vinf_in
    e_h = 1.0 + r_p * vinf_in**2 / mu
    ref = [0.0, 0.0, 1.0] if abs(u_in[2]) < 0.999 else [1.0, 0.0, 0.0]
    e1 = _unit(np.cross(u_in, ref))
    e2 = np.cross(u_in, e1)
    th = np.linspace(0.0, 2.0 * np.pi, 3600, endpoint=False)[:, None]
    rp_hat = u_in / e_h + math.sqrt(1.0 - e_h**-2) * (np.cos(th) * e1 + np.sin(th) * e2)
    vp_hat = _unit(u_in - (1.0 / e_h) * rp_hat)
    h_hat = _unit(np.cross(rp_hat, vp_hat))
    incs = np.degrees(np.arccos(np.clip(h_hat[:, 2], -1.0, 1.0)))
    lats = np.degrees(np.arcsin(np.clip(rp_hat[:, 2], -1.0, 1.0)))
    notes = []
    # Every candidate orientation (one per point of the cone), drifted over the stay, and the
    # trans-Earth injection from it: the capture places periapsis for the cheapest one.
    raans = np.arctan2(h_hat[:, 0], -h_hat[:, 1])
    nodes = np.stack([np.cos(raans), np.sin(raans), np.zeros_like(raans)], axis=-1)
    argps = np.arctan2(
        np.sum(np.cross(nodes, rp_hat) * h_hat, axis=-1), np.sum(nodes * rp_hat, axis=-1)
    )
    rds, wds, _ = j2_secular_rates(a, e, np.radians(incs), mu, _J2[body], RADIUS_KM[body])
    v_out = M @ np.asarray(departure_vinf_km_s, dtype=np.float64)
    vinf_out = float(np.linalg.norm(v_out))
    if periapsis_lat_deg is None:
        lat_target = None
        cand = np.arange(0, th.size, 20)  # every 2 deg round the cone, then refined
        how = "periapsis placed for the cheapest trans-Earth injection after the drift"
    else:
        lat_target = float(periapsis_lat_deg)
        miss = np.abs(lats - lat_target)
        cand = np.flatnonzero(miss <= miss.min() + 0.05)
        how = f"periapsis at latitude {lats[cand[0]]:.1f} deg (asked {lat_target:g})"
        if miss.min() > 0.5:
            notes.append(
                f"periapsis latitude {lat_target:g} deg not reachable from the arrival "
                f"asymptote; nearest {lats[cand[0]]:.1f} deg"
            )
    r_min = RADIUS_KM[body] + MIN_PERIAPSIS_ALT_KM

    def tei_dv(idx, n_nu=_N_NU):
        """TEI cost from the drifted orbits of candidates ``idx``, km/s."""
        dv, _ = single_burn_dv_km_s(
            r_p,
            r_a,
            np.radians(incs[idx]),
            raans[idx] + rds[idx] * stay_s,
            argps[idx] + wds[idx] * stay_s,
            v_out / vinf_out,
            vinf_out,
            mu,
            r_min,
            n_nu,
        )
        return dv

    tei = np.empty(cand.size)
    for k in range(0, cand.size, 60):  # bounded temporaries: 60 x 360 burn points a block
        tei[k : k + 60] = tei_dv(cand[k : k + 60], 360)
    j = int(cand[int(np.argmin(tei))])
    if periapsis_lat_deg is None:  # refine to the 0.1 deg grid round the best 2 deg
        fine = (j + np.arange(-20, 21)) % th.size
        tf = tei_dv(fine)
        j = int(fine[int(np.argmin(tf))])
        how += f" (periapsis latitude {lats[j]:.1f} deg)"
    notes.append(how)
    n_hat, r_hat = h_hat[j], rp_hat[j]
    inc = float(incs[j])
    raan = math.degrees(math.atan2(n_hat[0], -n_hat[1])) % 360.0
    node = np.array([math.cos(math.radians(raan)), math.sin(math.radians(raan)), 0.0])
    argp = (
        math.degrees(
            math.atan2(float(np.dot(np.cross(node, r_hat), n_hat)), float(np.dot(node, r_hat)))
        )
        % 360.0
    )
    rd, wd, _ = j2_secular_rates(a, e, math.radians(inc), mu, _J2[body], RADIUS_KM[body])
    node_rate = float(np.degrees(rd) * DAY_S)
    aps_rate = float(np.degrees(wd) * DAY_S)
    stay_days = stay_s / DAY_S
    common = dict(body=body, t_tdb_s=arrive_tdb_s)
    apo_alt = r_a - RADIUS_KM[body]
    tei = orbit_departure(
        departure_vinf_km_s,
        alt,
        apo_alt,
        inc,
        raan + node_rate * stay_days,
        argp + aps_rate * stay_days,
        **common,
    )
    tei0 = orbit_departure(departure_vinf_km_s, alt, apo_alt, inc, raan, argp, **common)
    return MarsOrbit(
        body=body,
        arrive_tdb_s=float(arrive_tdb_s),
        depart_tdb_s=float(depart_tdb_s),
        periapsis_alt_km=alt,
        apoapsis_alt_km=apo_alt,
        period_s=period,
        inclination_deg=inc,
        raan_deg=raan,
        argp_deg=argp,
        periapsis_lat_deg=float(lats[j]),
        periapsis_lat_target_deg=lat_target,
        node_rate_deg_per_day=node_rate,
        apsides_rate_deg_per_day=aps_rate,
        arrival_vinf_km_s=vinf_in,
        departure=tei,
        departure_no_drift=tei0,
        notes=tuple(notes),
    )

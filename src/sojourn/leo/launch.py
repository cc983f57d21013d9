"""Launch windows from a site into a target's orbital plane.

Model
-----
The site (WGS 84, rotating with the Earth, :mod:`sojourn.core.frames`) is *in plane* when its
GCRS position is perpendicular to the target's orbit normal h (from the SGP4 state of the
target, so the plane's J2 regression of about -5 deg/day for the ISS is included). The
ascent (:class:`Ascent`) takes ``ascent_s`` from lift-off to insertion at ``insertion_alt_km``,
``downrange_deg`` of arc from the pad. During the ascent the vehicle keeps the Earth's
eastward velocity, whose component across the target plane it must steer out; removing it
at a steady rate displaces the vehicle by half of what the pad itself moves in the same
time, so lift-off is timed for the pad to be in plane ``lead_fraction * ascent_s`` after
lift-off (0.5 by default), against the plane as it is at insertion:

    dot(r_site(t_L + lead_fraction * ascent_s), h_hat(t_L + ascent_s)) = 0.

Roots are found on a 60 s grid over the whole span by the event finder
(:mod:`sojourn.core.search`), refined by bisection to 1 ms (closest approaches, for a dogleg,
by golden-section search to 1 ms). The *ascending* opportunity launches north-east (the pad
crosses the plane going north), the *descending* one south-east. The launch azimuth is
reported relative to the ground (the inertial in-plane direction minus the pad's rotation
velocity, for a circular speed at insertion). The daily window around each instant is where
the pad lies within ``plane_change_deg`` of the plane (the vehicle's plane-change capability).

Targets whose inclination is below the site's latitude are unreachable (the pad never
crosses the plane) unless the site's dogleg capability (``Site.dogleg_deg`` or the caller's
``dogleg_deg``) covers the difference; then the windows are the closest approaches.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from sojourn.core.constants import F_EARTH, GM_EARTH_KM3_S2, OMEGA_EARTH_RAD_S, R_EARTH_KM
from sojourn.core.frames import ecef_to_gcrs, gcrs_to_itrs_matrix, geodetic_to_ecef
from sojourn.core.search import find_crossings, find_minima
from sojourn.core.time import utc_iso
from sojourn.errors import InputError
from sojourn.leo.quality import DEFAULT_MAX_PHASE_AGE_DAYS, element_set_quality
from sojourn.leo.rendezvous import INSERTIONS, Insertion, profiles_for, rendezvous_options
from sojourn.leo.sites import Site
from sojourn.leo.tle import TLE, element_set_for, propagate_tle

__all__ = [
    "Ascent",
    "ASCENTS",
    "ascent_for",
    "LaunchWindow",
    "LaunchReport",
    "launch_windows",
    "launch_report",
    "site_gcrs",
    "orbit_normal",
]

#: Refinement tolerance of the in-plane instants, s (:mod:`sojourn.core.search`).
_INSTANT_TOL_S = 1e-3


@dataclass(frozen=True)
class Ascent:
    """Ascent model: from lift-off to orbit insertion.

    Attributes
    ----------
    ascent_s : float
        Lift-off to insertion (third-stage cut-off / spacecraft separation), s.
    insertion_alt_km : float
        Mean altitude of the insertion orbit, km.
    downrange_deg : float
        Central angle from the pad to the insertion point, deg.
    lead_fraction : float
        Fraction of ``ascent_s`` after lift-off at which the pad is in plane (see module notes).
    """

    ascent_s: float = 528.0
    insertion_alt_km: float = 220.0
    downrange_deg: float = 15.0
    lead_fraction: float = 0.5

    def __post_init__(self):
        for name, lo, hi in (
            ("ascent_s", 60.0, 3600.0),
            ("insertion_alt_km", 120.0, 2000.0),
            ("downrange_deg", 0.0, 90.0),
            ("lead_fraction", 0.0, 1.0),
        ):
            v = getattr(self, name)
            if not (lo <= v <= hi):
                raise InputError(
                    f"'{name}' must be in {lo:g}..{hi:g}, got {v!r}; give a value in that range"
                )


#: Default ascent per vehicle. Soyuz-2.1a: separation 528 s after lift-off into about
#: 200 x 242 km (Roscosmos/NASA launch coverage of Soyuz MS-17..22: "nearly nine minutes");
#: Falcon 9/Crew Dragon: separation about 12 min after lift-off into about 200 x 210 km
#: (NASA Crew-1/Crew-2 press kits); the others a generic 10 min ascent to 200 km.
ASCENTS = {
    "soyuz": Ascent(528.0, 220.0, 15.0, 0.5),
    "dragon": Ascent(720.0, 205.0, 24.0, 0.5),
    "shenzhou": Ascent(580.0, 220.0, 16.0, 0.5),
    "htv": Ascent(900.0, 250.0, 30.0, 0.5),
    "generic": Ascent(600.0, 200.0, 18.0, 0.5),
}


def ascent_for(
    vehicle: str, ascent_s: float | None = None, insertion_alt_km: float | None = None
) -> Ascent:
    """The ascent of ``vehicle`` (:data:`ASCENTS`, ``generic`` when unknown), with overrides.

    Parameters
    ----------
    vehicle : str
        A site's vehicle (``Site.vehicle``).
    ascent_s, insertion_alt_km : float, optional
        Replace the vehicle's lift-off-to-insertion time (s) and insertion altitude (km);
        :class:`Ascent` checks their ranges.
    """
    ascent = ASCENTS.get(vehicle, ASCENTS["generic"])
    if ascent_s is not None:
        ascent = replace(ascent, ascent_s=ascent_s)
    if insertion_alt_km is not None:
        ascent = replace(ascent, insertion_alt_km=insertion_alt_km)
    return ascent


@dataclass(frozen=True)
class LaunchWindow:
    """One launch opportunity (times TDB seconds past J2000; text fields UTC).

    Attributes
    ----------
    launch_tdb_s : float
        Lift-off instant.
    insertion_tdb_s : float
        Orbit insertion instant (lift-off + ascent).
    node : str
        ``"ascending"`` (north-east launch) or ``"descending"`` (south-east).
    azimuth_deg : float
        Launch azimuth relative to the ground, deg from north.
    azimuth_inertial_deg : float
        Inertial azimuth of the target plane at the pad, deg.
    plane_error_deg : float
        Angle between the pad (at lift-off + lead) and the target plane, deg (0 at an
        in-plane instant; the dogleg needed otherwise).
    window_open_tdb_s, window_close_tdb_s : float
        The interval around ``launch_tdb_s`` where the plane error stays within the
        plane-change capability.
    allowed : bool
        Whether the azimuth lies in the site's allowed ranges.
    r_insertion_km, v_insertion_km_s : ndarray (3,)
        Insertion state (circular, in the target plane), GCRS.
    rendezvous : list
        Filled by :func:`sojourn.leo.rendezvous.rendezvous_options` when asked.
    quality : ElementSetQuality, optional
        The target set's age at insertion and the phase it leaves uncertain
        (:func:`sojourn.leo.quality.element_set_quality`), when rendezvous options were asked.
    """

    launch_tdb_s: float
    insertion_tdb_s: float
    node: str
    azimuth_deg: float
    azimuth_inertial_deg: float
    plane_error_deg: float
    window_open_tdb_s: float
    window_close_tdb_s: float
    allowed: bool
    r_insertion_km: np.ndarray = field(repr=False)
    v_insertion_km_s: np.ndarray = field(repr=False)
    rendezvous: list = field(default_factory=list)
    quality: object = None

    def to_dict(self) -> dict:
        q = {}
        if self.quality is not None:
            qd = self.quality.to_dict()
            q = {
                "tle_age_days": qd["tle_age_days"],
                "phase_uncertainty_deg": qd["phase_uncertainty_deg"],
                "along_track_uncertainty_km": qd["along_track_uncertainty_km"],
                "max_tle_age_days": qd["max_tle_age_days"],
                "rendezvous_allowed": qd["allowed"],
                "rendezvous_reason": qd["reason"],
            }
        return {
            "launch_utc": utc_iso(self.launch_tdb_s),
            "insertion_utc": utc_iso(self.insertion_tdb_s),
            "node": self.node,
            "azimuth_deg": round(self.azimuth_deg, 3),
            "azimuth_inertial_deg": round(self.azimuth_inertial_deg, 3),
            "plane_error_deg": round(self.plane_error_deg, 4),
            "window_open_utc": utc_iso(self.window_open_tdb_s),
            "window_close_utc": utc_iso(self.window_close_tdb_s),
            "allowed": self.allowed,
            "rendezvous": [r.to_dict() for r in self.rendezvous],
            **q,
        }


def site_gcrs(site: Site, t_tdb_s, dut1_s: float | None = None):
    """GCRS position (..., 3) km and velocity (..., 3) km/s of a pad at ``t_tdb_s`` (...)."""
    r_ecef = geodetic_to_ecef(site.lat_deg, site.lon_deg, site.h_km)
    t = np.asarray(t_tdb_s, dtype=np.float64)
    return ecef_to_gcrs(np.broadcast_to(r_ecef, t.shape + (3,)), None, t, dut1_s)


def orbit_normal(tle: TLE, t_tdb_s, dut1_s: float | None = None):
    """Unit orbit normal h_hat (..., 3), GCRS, of the target at ``t_tdb_s`` (SGP4 osculating)."""
    r, v = propagate_tle(tle, t_tdb_s, dut1_s)
    h = np.cross(r, v)
    return h / np.linalg.norm(h, axis=-1, keepdims=True)


def _enu(r_hat, pole):
    """East and north unit vectors (..., 3) at geocentric directions r_hat (..., 3), GCRS.

    ``pole`` (..., 3) is the Earth's pole of date in GCRS (precession moves it 0.1 deg from
    the GCRS z axis in 20 years, which would bias azimuths by as much).
    """
    east = np.cross(pole, r_hat)
    east /= np.linalg.norm(east, axis=-1, keepdims=True)
    north = np.cross(r_hat, east)
    return east, north


def launch_windows(
    site: Site,
    tle: TLE,
    start_tdb_s: float,
    days: float = 1.0,
    ascent: Ascent | None = None,
    plane_change_deg: float = 0.1,
    dogleg_deg: float | None = None,
    dut1_s: float | None = None,
    include_disallowed: bool = False,
) -> list[LaunchWindow]:
    """Launch opportunities from ``site`` into ``tle``'s plane over ``days`` from ``start_tdb_s``.

    Parameters
    ----------
    site : Site
    tle : TLE
        The target (its plane and phase come from SGP4).
    start_tdb_s : float
        Start of the search, TDB seconds past J2000.
    days : float
        Length of the search, days (0 < days <= 30).
    ascent : Ascent, optional
        Ascent model; default ``ASCENTS[site.vehicle]``.
    plane_change_deg : float
        Plane change the vehicle can make, deg; sets the width of each window.
    dogleg_deg : float, optional
        Dogleg capability, deg (default ``site.dogleg_deg``).
    include_disallowed : bool
        Also return opportunities whose azimuth the site does not allow (flagged).

    Returns
    -------
    list of LaunchWindow, in time order.

    Raises
    ------
    InputError
        Bad span; a target inclination below the site's latitude beyond the dogleg
        capability; no allowed opportunity at all while some exist (names the azimuths).
    """
    if not (0.0 < days <= 30.0):
        raise InputError(f"'days' must be in (0, 30], got {days!r}; search at most 30 days, e.g. 1")
    if not (0.0 <= plane_change_deg <= 10.0):
        raise InputError(
            f"'plane_change_deg' must be in 0..10, got {plane_change_deg!r}; "
            "give the vehicle's plane-change capability in degrees, e.g. 0.1"
        )
    ascent = ascent or ascent_for(site.vehicle)
    dogleg = site.dogleg_deg if dogleg_deg is None else float(dogleg_deg)
    incl = tle.inclination_deg
    eff_incl = min(incl, 180.0 - incl)
    # The plane passes through the Earth's centre, so it is the geocentric latitude that counts.
    lat = abs(np.degrees(np.arctan((1.0 - F_EARTH) ** 2 * np.tan(np.radians(site.lat_deg)))))
    if eff_incl < lat - dogleg:
        raise InputError(
            f"target {tle.name} (inclination {incl:.2f} deg) is unreachable from {site.id} "
            f"(latitude {site.lat_deg:.2f} deg, geocentric {lat:.2f} deg): the pad never passes "
            f"through its plane and the dogleg capability is {dogleg:g} deg; pick a site at or "
            f"below {eff_incl:.1f} deg latitude"
        )
    lead = ascent.lead_fraction * ascent.ascent_s

    def g(t_launch):
        r_s, _ = site_gcrs(site, t_launch + lead, dut1_s)
        h = orbit_normal(tle, t_launch + ascent.ascent_s, dut1_s)
        return np.einsum("...i,...i->...", r_s / np.linalg.norm(r_s, axis=-1, keepdims=True), h)

    step = 60.0
    grid = start_tdb_s + np.arange(0.0, days * 86_400.0 + step, step)
    f = g(grid)
    windows: list[LaunchWindow] = []
    if eff_incl >= lat:
        t_l, _ = find_crossings(g, grid, 0.0, tol_s=_INSTANT_TOL_S, y=f)
    else:
        # Dogleg: closest approaches, where |f| has a local minimum.
        t_l, af = find_minima(lambda x: np.abs(g(x)), grid, _INSTANT_TOL_S, y=np.abs(f))
        t_l = t_l[np.degrees(np.arcsin(np.clip(af, 0, 1))) <= dogleg + 1e-9]
    t_l = t_l[(t_l >= start_tdb_s) & (t_l <= start_tdb_s + days * 86_400.0)]
    if t_l.size == 0:
        return []
    # Geometry at each opportunity.
    r_s, v_s = site_gcrs(site, t_l + lead, dut1_s)
    h = orbit_normal(tle, t_l + ascent.ascent_s, dut1_s)
    r_hat = r_s / np.linalg.norm(r_s, axis=-1, keepdims=True)
    err_deg = np.degrees(np.arcsin(np.clip(np.einsum("...i,...i->...", r_hat, h), -1, 1)))
    # In-plane direction of motion at the pad: project r_hat on the plane, then h x r.
    rp = r_hat - np.einsum("...i,...i->...", r_hat, h)[:, None] * h
    rp /= np.linalg.norm(rp, axis=-1, keepdims=True)
    d = np.cross(h, rp)
    pole = gcrs_to_itrs_matrix(t_l + lead, dut1_s)[..., 2, :]
    east, north = _enu(r_hat, pole)
    de, dn = np.einsum("...i,...i->...", d, east), np.einsum("...i,...i->...", d, north)
    az_i = np.degrees(np.arctan2(de, dn)) % 360.0
    r_ins_mag = R_EARTH_KM + ascent.insertion_alt_km
    v_circ = np.sqrt(GM_EARTH_KM3_S2 / r_ins_mag)
    v_rot = OMEGA_EARTH_RAD_S * np.linalg.norm(r_s[:, :2], axis=-1)
    az_g = np.degrees(np.arctan2(v_circ * de - v_rot, v_circ * dn)) % 360.0
    # Window: |plane error| <= capability, using the local rate of the error (finite difference).
    dt = 10.0
    rate = (
        np.degrees(np.arcsin(np.clip(g(t_l + dt), -1, 1)))
        - np.degrees(np.arcsin(np.clip(g(t_l - dt), -1, 1)))
    ) / (2 * dt)
    half = np.where(
        np.abs(rate) > 1e-12,
        np.maximum(plane_change_deg - np.abs(err_deg), 0.0) / np.maximum(np.abs(rate), 1e-12),
        0.0,
    )
    half = np.minimum(half, 3600.0)
    # Insertion state: rotate the pad's in-plane direction downrange, circular speed, in plane.
    phi = np.radians(ascent.downrange_deg)
    u_ins = np.cos(phi) * rp + np.sin(phi) * d
    t_ins = t_l + ascent.ascent_s
    h_ins = orbit_normal(tle, t_ins, dut1_s)
    u_ins = u_ins - np.einsum("...i,...i->...", u_ins, h_ins)[:, None] * h_ins
    u_ins /= np.linalg.norm(u_ins, axis=-1, keepdims=True)
    r_ins = r_ins_mag * u_ins
    v_ins = v_circ * np.cross(h_ins, u_ins)
    for j in range(t_l.size):
        allowed = site.azimuth_allowed(float(az_g[j]))
        if not allowed and not include_disallowed:
            continue
        windows.append(
            LaunchWindow(
                launch_tdb_s=float(t_l[j]),
                insertion_tdb_s=float(t_ins[j]),
                node="ascending" if dn[j] > 0 else "descending",
                azimuth_deg=float(az_g[j]),
                azimuth_inertial_deg=float(az_i[j]),
                plane_error_deg=float(abs(err_deg[j])),
                window_open_tdb_s=float(t_l[j] - half[j]),
                window_close_tdb_s=float(t_l[j] + half[j]),
                allowed=allowed,
                r_insertion_km=r_ins[j],
                v_insertion_km_s=v_ins[j],
            )
        )
    if not windows and t_l.size:
        azs = ", ".join(f"{a:.1f}" for a in sorted(set(np.round(az_g, 1))))
        ranges = ", ".join(f"{lo:g}..{hi:g}" for lo, hi in site.azimuth_ranges_deg)
        raise InputError(
            f"target {tle.name} needs launch azimuths {azs} deg from {site.id}, "
            f"outside its allowed "
            f"azimuths ({ranges} deg); pick another site"
        )
    return windows


@dataclass(frozen=True)
class LaunchReport:
    """Launch windows from a site into a target's plane, each with its rendezvous options.

    Attributes
    ----------
    site : Site
    tle : TLE
        The target's element set used (the one nearest the start of the search).
    ascent : Ascent
        The ascent model used (the vehicle's, with any overrides).
    windows : tuple of LaunchWindow
        In time order, ``rendezvous`` filled (:func:`sojourn.leo.rendezvous.rendezvous_options`).
    """

    site: Site
    tle: TLE
    ascent: Ascent
    windows: tuple[LaunchWindow, ...]

    def to_dict(self) -> dict:
        a = self.ascent
        return {
            "site": self.site.id,
            "target": self.tle.name,
            "tle_epoch_utc": self.tle.epoch_utc,
            "ascent": {
                "ascent_s": a.ascent_s,
                "insertion_alt_km": a.insertion_alt_km,
                "downrange_deg": a.downrange_deg,
                "lead_fraction": a.lead_fraction,
            },
            "windows": [w.to_dict() for w in self.windows],
        }


def launch_report(
    site: Site,
    start_tdb_s: float,
    days: float = 1.0,
    *,
    tle: TLE | None = None,
    tle_path=None,
    target: str | None = None,
    plane_change_deg: float = 0.1,
    ascent_s: float | None = None,
    insertion_alt_km: float | None = None,
    max_tle_age_days: float = DEFAULT_MAX_PHASE_AGE_DAYS,
) -> LaunchReport:
    """Launch windows from ``site`` over ``days`` from ``start_tdb_s``, with rendezvous options.

    Parameters
    ----------
    site : Site
    start_tdb_s : float
        Start of the search, TDB seconds past J2000.
    days : float
        Length of the search, days (0 < days <= 30).
    tle : TLE, optional
        The target's element set. Without it, the set of ``tle_path`` or of the built-in
        ``target`` (default iss) nearest ``start_tdb_s``
        (:func:`sojourn.leo.tle.element_set_for`).
    tle_path : str or path-like, optional
        A file of element sets (TLE or OMM).
    target : str, optional
        A built-in target (``iss``).
    plane_change_deg : float
        Plane change the vehicle can make, deg.
    ascent_s, insertion_alt_km : float, optional
        Overrides of the vehicle's ascent (:func:`ascent_for`). An ``insertion_alt_km``
        also makes the rendezvous start from a circular orbit at that altitude (otherwise
        the vehicle's real insertion orbit, :data:`sojourn.leo.rendezvous.INSERTION_SOYUZ`).
    max_tle_age_days : float
        Age of the target's set (at insertion) beyond which the rendezvous options, which
        depend on the phase along the orbit, are flagged ``allowed = False`` with a reason.

    Raises
    ------
    InputError
        As :func:`launch_windows`, :func:`ascent_for` and
        :func:`sojourn.leo.tle.element_set_for`.
    """
    if tle is None:
        tle = element_set_for(start_tdb_s, tle_path, target)
    ascent = ascent_for(site.vehicle, ascent_s, insertion_alt_km)
    wins = launch_windows(
        site, tle, start_tdb_s, days=days, ascent=ascent, plane_change_deg=plane_change_deg
    )
    profiles = profiles_for(site.vehicle)
    insertion = INSERTIONS.get(site.vehicle) or Insertion(
        ascent.insertion_alt_km, ascent.insertion_alt_km
    )
    wins = tuple(
        replace(
            w,
            rendezvous=list(
                rendezvous_options(
                    w,
                    tle,
                    insertion_alt_km,
                    profiles,
                    insertion=insertion,
                    max_tle_age_days=max_tle_age_days,
                )
            ),
            quality=element_set_quality(tle, w.insertion_tdb_s, max_tle_age_days),
        )
        for w in wins
    )
    return LaunchReport(site=site, tle=tle, ascent=ascent, windows=wins)

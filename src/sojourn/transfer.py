"""Ballistic transfers between bodies: C3, v-infinity, departure asymptote, flight time.

A transfer is the Sun-centred Lambert arc between the departure body's centre at departure
and the arrival body's centre at arrival (patched conics, zero sphere of influence), on the
DE440 ephemeris with the Sun's GM of DE440.

- C3 = |v_inf,depart|^2, the launch energy (Vallado 4th ed., section 12.6).
- "Prograde" is about the ecliptic pole (the sense the planets go round the Sun): the Lambert
  problem is solved in the ecliptic-of-J2000 frame (:func:`heliocentric_lambert`). Izzo's
  ``prograde`` flag refers to the +z axis of whatever frame it is given; in ICRF that is the
  Earth's pole, which would pick the retrograde (long-way) arc for near-180 deg transfers
  whose plane lies between the two poles.
- ``departure`` (when a parking orbit is given): the cost of leaving that orbit along the
  asymptote, plane change included (:func:`sojourn.departure.parking_departure`).
- DLA and RLA are the declination and right ascension of the outgoing asymptote v_inf,depart
  in the Earth mean equator and equinox of J2000 (= ICRF to 0.02 arcsec), the quantities a
  launch-vehicle contract quotes (Kos, Polsgrove et al. / JPL mission design handbooks).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from sojourn.core import ephemeris
from sojourn.core.bodies import check_body_pair
from sojourn.core.constants import DAY_S, GM_SUN_KM3_S2, OBLIQUITY_J2000_RAD
from sojourn.core.edges import as_tdb
from sojourn.core.lambert import LAMBERT_STATUS, lambert_izzo
from sojourn.core.time import utc_iso
from sojourn.errors import InputError

if TYPE_CHECKING:
    from sojourn.departure import Departure

__all__ = [
    "MAX_REVS",
    "Transfer",
    "check_revs",
    "transfer",
    "asymptote_deg",
    "heliocentric_lambert",
    "EQ_TO_ECL",
]

_CE, _SE = np.cos(OBLIQUITY_J2000_RAD), np.sin(OBLIQUITY_J2000_RAD)
#: Rotation ICRF (equatorial) -> ecliptic of J2000 (about x by the obliquity; IAU 2006
#: value, frame bias neglected): ``v_ecl = v_eq @ EQ_TO_ECL.T``, ``v_eq = v_ecl @ EQ_TO_ECL``.
EQ_TO_ECL = np.array([[1.0, 0.0, 0.0], [0.0, _CE, _SE], [0.0, -_SE, _CE]])


def heliocentric_lambert(r1_km, r2_km, tof_s, revs, low_path):
    """Sun-centred Lambert arcs moving in the planets' sense, ICRF in and out.

    ``lambert_izzo`` with the Sun's GM, solved in the ecliptic of J2000 so that "prograde"
    means angular momentum towards the ecliptic north pole. Shapes as
    :func:`sojourn.core.lambert.lambert_izzo`; returns ``(v1_km_s, v2_km_s, status)`` with
    velocities in ICRF.
    """
    r1e = np.asarray(r1_km, dtype=np.float64) @ EQ_TO_ECL.T
    r2e = np.asarray(r2_km, dtype=np.float64) @ EQ_TO_ECL.T
    v1e, v2e, status = lambert_izzo(GM_SUN_KM3_S2, r1e, r2e, tof_s, revs, True, low_path)
    return v1e @ EQ_TO_ECL, v2e @ EQ_TO_ECL, status


@dataclass(frozen=True)
class Transfer:
    """One ballistic transfer (patched conics). Times are TDB seconds past J2000."""

    depart_body: str
    arrive_body: str
    depart_tdb_s: float
    arrive_tdb_s: float
    revs: int
    low_path: bool
    r1_km: np.ndarray  # (3,) departure body, Sun-centred ICRF
    v1_km_s: np.ndarray  # (3,) spacecraft velocity on the arc at departure
    r2_km: np.ndarray
    v2_km_s: np.ndarray
    vinf_depart_vec_km_s: np.ndarray
    vinf_arrive_vec_km_s: np.ndarray
    #: Leaving the parking orbit (None unless one was given): :class:`sojourn.departure.Departure`.
    departure: Departure | None = None

    @property
    def tof_days(self) -> float:
        return (self.arrive_tdb_s - self.depart_tdb_s) / DAY_S

    @property
    def vinf_depart_km_s(self) -> float:
        return float(np.linalg.norm(self.vinf_depart_vec_km_s))

    @property
    def vinf_arrive_km_s(self) -> float:
        return float(np.linalg.norm(self.vinf_arrive_vec_km_s))

    @property
    def c3_km2_s2(self) -> float:
        return self.vinf_depart_km_s**2

    @property
    def dla_deg(self) -> float:
        return float(asymptote_deg(self.vinf_depart_vec_km_s)[0])

    @property
    def rla_deg(self) -> float:
        return float(asymptote_deg(self.vinf_depart_vec_km_s)[1])

    @property
    def depart_utc(self) -> str:
        return utc_iso(self.depart_tdb_s)

    @property
    def arrive_utc(self) -> str:
        return utc_iso(self.arrive_tdb_s)

    def to_dict(self) -> dict:
        """The DESIGN.md ``transfer`` JSON object (with ``departure`` when there is one)."""
        out = {
            "from": self.depart_body,
            "to": self.arrive_body,
            "depart_utc": self.depart_utc,
            "arrive_utc": self.arrive_utc,
            "tof_days": self.tof_days,
            "c3_km2_s2": self.c3_km2_s2,
            "vinf_depart_km_s": self.vinf_depart_km_s,
            "vinf_arrive_km_s": self.vinf_arrive_km_s,
            "dla_deg": self.dla_deg,
            "rla_deg": self.rla_deg,
            "revs": self.revs,
            "path": "low" if self.low_path else "high",
        }
        if self.departure is not None:
            out["departure"] = self.departure.to_dict()
        return out


#: Most complete revolutions a transfer may make. Planetary transfers with more than a few
#: revolutions need decades of flight; 1000 keeps the Lambert solver's dimensionless time
#: (about 2 pi revs) far inside float64 and any request a person means.
MAX_REVS = 1000


def check_revs(revs, field: str = "revs") -> int:
    """``revs`` as an int when it is a whole number in [0, :data:`MAX_REVS`]; else InputError
    naming ``field`` (``--revs`` from the CLI)."""
    ok = not isinstance(revs, bool)
    try:
        n = int(revs)
        ok = ok and n == revs
    except (TypeError, ValueError, OverflowError):
        ok = False
    if not ok or not 0 <= n <= MAX_REVS:
        raise InputError(
            f"'{field}' must be >= 0 and <= {MAX_REVS}, a whole number of revolutions, got "
            f"{revs!r}; pass 0 for a direct transfer"
        )
    return n


def asymptote_deg(vinf_km_s):
    """Declination and right ascension, degrees, of asymptote vectors ``(..., 3)`` (ICRF).

    Returns ``(dla_deg, rla_deg)`` with RLA in [0, 360).
    """
    v = np.asarray(vinf_km_s, dtype=np.float64)
    norm = np.linalg.norm(v, axis=-1)
    dla = np.degrees(np.arcsin(np.clip(v[..., 2] / norm, -1.0, 1.0)))
    rla = np.degrees(np.arctan2(v[..., 1], v[..., 0])) % 360.0
    return dla, rla


def transfer(
    depart_body: str,
    arrive_body: str,
    depart_tdb_s: float,
    arrive_tdb_s: float,
    revs: int = 0,
    low_path: bool | None = None,
    *,
    same_body: bool = False,
    parking_alt_km: float | None = None,
    parking_inclination_deg: float | None = None,
    site: str | None = None,
    coast_days: float = 0.0,
) -> Transfer:
    """The prograde ballistic transfer from one body to another between two dates.

    Parameters
    ----------
    depart_body, arrive_body : str
        Ephemeris body names (``sojourn.core.ephemeris.BODIES``), e.g. ``"earth"``, ``"mars"``.
    depart_tdb_s, arrive_tdb_s : float
        Departure and arrival, TDB seconds past J2000.
    revs : int
        Complete revolutions about the Sun (0 for a direct transfer).
    low_path : bool or None
        For ``revs > 0`` the branch; ``None`` picks the branch of lower total v-infinity.
    same_body : bool, keyword only
        Allow ``depart_body == arrive_body`` (an Earth-to-Earth arc: a free return, a path
        to test aborts on). Off by default: asked for by mistake (``sojourn transfer earth
        earth``), such an arc is a meaningless "transfer" with C3 ~ 0.
    parking_alt_km, parking_inclination_deg, site, coast_days : keyword only
        The circular parking orbit the departure leaves from (Earth or Mars): altitude (km;
        default :data:`sojourn.core.defaults.PARKING_ALT_KM` when only an inclination or a
        site is given), inclination (deg) or a launch site id (Earth) whose latitude and
        azimuths bound it, days from launch to departure (J2 node regression). Any of them
        fills ``Transfer.departure`` (:func:`sojourn.departure.parking_departure`).

    Raises
    ------
    InputError
        Arrival not after departure, ``revs`` not a whole number in [0, MAX_REVS], bodies
        that are not a planet, Pluto or the Moon, the same body twice (unless
        ``same_body``), or the Earth and the Moon (:func:`check_body_pair`),
        or no transfer of that kind exists (for example too short a flight for ``revs``
        revolutions).
    """
    depart_body, arrive_body = check_body_pair(depart_body, arrive_body, allow_same=same_body)
    revs = check_revs(revs)
    depart_tdb_s = as_tdb(depart_tdb_s, "depart_tdb_s")
    arrive_tdb_s = as_tdb(arrive_tdb_s, "arrive_tdb_s")
    if np.ndim(depart_tdb_s) or np.ndim(arrive_tdb_s):
        raise InputError(
            "'depart_tdb_s' and 'arrive_tdb_s' must be single times; for many "
            "dates use sojourn.windows.porkchop"
        )
    tof_s = float(arrive_tdb_s) - float(depart_tdb_s)
    if not tof_s > 0:
        raise InputError(
            f"'arrive' must be after 'depart' (flight time {tof_s / DAY_S:.3f} days); "
            "give an arrival date later than the departure"
        )
    r1, vb1 = ephemeris.state(depart_body, float(depart_tdb_s), center="sun")
    r2, vb2 = ephemeris.state(arrive_body, float(arrive_tdb_s), center="sun")
    paths = [True] if revs == 0 else ([low_path] if low_path is not None else [True, False])
    best: Transfer | None = None
    last_status = 0
    for path in paths:
        v1, v2, status = heliocentric_lambert(r1, r2, tof_s, revs, path)
        if int(status) != 0:
            last_status = int(status)
            continue
        t = Transfer(
            depart_body=depart_body,
            arrive_body=arrive_body,
            depart_tdb_s=float(depart_tdb_s),
            arrive_tdb_s=float(arrive_tdb_s),
            revs=int(revs),
            low_path=bool(path),
            r1_km=r1,
            v1_km_s=v1,
            r2_km=r2,
            v2_km_s=v2,
            vinf_depart_vec_km_s=v1 - vb1,
            vinf_arrive_vec_km_s=v2 - vb2,
        )
        if best is None or (
            t.vinf_depart_km_s + t.vinf_arrive_km_s < best.vinf_depart_km_s + best.vinf_arrive_km_s
        ):
            best = t
    if best is None:
        reason = LAMBERT_STATUS.get(last_status, f"status {last_status}")
        hint = " (try fewer --revs or a longer flight)" if revs > 0 else ""
        raise InputError(
            f"no {revs}-revolution transfer from {depart_body} to {arrive_body} in "
            f"{tof_s / DAY_S:.1f} days: {reason}{hint}"
        )
    if parking_alt_km is not None or parking_inclination_deg is not None or site is not None:
        import dataclasses

        from sojourn.core.defaults import PARKING_ALT_KM
        from sojourn.departure import parking_departure

        dep = parking_departure(
            best.vinf_depart_vec_km_s,
            PARKING_ALT_KM if parking_alt_km is None else parking_alt_km,
            parking_inclination_deg,
            site,
            body=depart_body,
            t_tdb_s=best.depart_tdb_s,
            coast_days=coast_days,
        )
        best = dataclasses.replace(best, departure=dep)
    return best

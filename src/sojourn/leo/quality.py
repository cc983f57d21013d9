"""How far an element set can be trusted: its age at an event and the along-track phase it
leaves uncertain.

Why
---
SGP4 keeps the *plane* of a low orbit well for weeks (the J2 node regression is in the
theory), but not the *phase* along the orbit: the decay the set's drag terms predict is only a
forecast (the thermosphere follows the Sun), and the station's reboosts, which the set cannot
know about, change the mean motion at once. Whether a two-orbit rendezvous fits depends on
that phase to a few degrees, so every phase-dependent answer carries the set's age and an
estimate of the phase it leaves uncertain, and is flagged beyond an age limit.

Model (an envelope, not a covariance)
-------------------------------------
For a set of age ``t`` (days, either side of its epoch) the argument-of-latitude uncertainty,
degrees, is the sum of two terms:

- **drag forecast**: 360 * 1/2 * k_drag * |n_dot| * t^2, with n_dot = 2 x the set's
  "first derivative of mean motion" field (rev/day^2; the TLE column holds n_dot / 2,
  Vallado et al. 2006, AIAA 2006-6753, Appendix A) and ``k_drag`` = 1 (the decay rate itself
  is taken as uncertain as it is large: a solar storm doubles it within a day);
- **an unannounced reboost**: one burn of ``reboost_dv_m_s`` changes the mean motion by
  dn = 3 n dv / v (Gauss's equation for a tangential impulse on a circular orbit,
  da/a = 2 dv/v, dn/n = -3/2 da/a), so the phase drifts by 360 dn deg/day after it. A burn
  at a uniformly random time in a span of ``reboost_interval_days`` gives on average
  360 dn t^2 / (2 T) for t <= T and 360 dn (t - T/2) beyond.

``reboost_dv_m_s`` = 2.2 m/s is a published ISS reboost (Progress M-28M, 14 Sept 2015:
"increasing the station's velocity by 2.2 m/s", orbit raised by 3.7 km; Roscosmos via TASS).
``reboost_interval_days`` = 26.5 days was CALIBRATED on one pair of real ISS sets (epochs
2026-08-25 15:51 and 2026-09-16 20:27 UTC, 22.2 days apart, phase 58.3 deg apart; both in
``sojourn/leo/data/iss.tle``): the value for which the envelope equals that difference. The
tests check the envelope against every other pair of real ISS sets shipped or stored in
``tests/reference/`` (5 to 51 days apart).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sojourn.core.constants import GM_EARTH_KM3_S2
from sojourn.errors import InputError
from sojourn.leo.tle import TLE

__all__ = [
    "DEFAULT_MAX_PHASE_AGE_DAYS",
    "REBOOST_DV_M_S",
    "REBOOST_INTERVAL_DAYS",
    "ElementSetQuality",
    "element_set_quality",
    "mean_motion_dot_rev_day2",
    "phase_uncertainty_deg",
    "check_max_age_days",
]

#: Default age limit of a set for a phase-dependent answer (which rendezvous profile fits),
#: days. At 7 days the envelope is about 5 deg for the ISS, comparable to the published
#: phase range of the two-orbit scheme (6 deg, Rossiyskaya Gazeta 2024, quoted in
#: tests/reference/leo_rendezvous.toml): beyond it, "fast track possible" is a guess.
DEFAULT_MAX_PHASE_AGE_DAYS = 7.0
#: A published ISS reboost, m/s (see the module notes).
REBOOST_DV_M_S = 2.2
#: Mean interval between unannounced phase changes, days (calibrated; see the module notes).
REBOOST_INTERVAL_DAYS = 26.5
#: Drag-forecast factor: the decay rate is taken as uncertain as it is large.
K_DRAG = 1.0


def check_max_age_days(value, field: str = "max_tle_age_days") -> float:
    """``value`` as a float in (0, 365], or :class:`InputError` naming ``field``."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        v = float("nan")
    if not (np.isfinite(v) and 0.0 < v <= 365.0):
        raise InputError(
            f"'{field}' must be a number of days in (0, 365], got {value!r}; "
            f"e.g. {DEFAULT_MAX_PHASE_AGE_DAYS:g}"
        )
    return v


def mean_motion_dot_rev_day2(tle: TLE) -> float:
    """The set's n_dot, rev/day^2 (twice line 1's columns 34-43, which hold n_dot / 2)."""
    if tle.omm is not None:
        return 2.0 * float(dict(tle.omm).get("MEAN_MOTION_DOT", 0.0))
    return 2.0 * float(tle.line1[33:43])


def phase_uncertainty_deg(
    age_days,
    n_dot_rev_day2: float,
    mean_motion_rev_day: float,
    reboost_dv_m_s: float = REBOOST_DV_M_S,
    reboost_interval_days: float = REBOOST_INTERVAL_DAYS,
):
    """Along-track (argument of latitude) uncertainty envelope, deg (module notes).

    Parameters
    ----------
    age_days : float or ndarray
        Time from the set's epoch, days (either sign).
    n_dot_rev_day2 : float
        The set's mean-motion rate, rev/day^2.
    mean_motion_rev_day : float
        The set's mean motion, rev/day.
    """
    t = np.abs(np.asarray(age_days, dtype=float))
    drag = 360.0 * 0.5 * K_DRAG * abs(n_dot_rev_day2) * t**2
    n_rad_s = mean_motion_rev_day * 2.0 * np.pi / 86_400.0
    v_km_s = (GM_EARTH_KM3_S2 * n_rad_s) ** (1.0 / 3.0)  # circular speed, v = (mu n)^(1/3)
    dn_rev_day = 3.0 * mean_motion_rev_day * (reboost_dv_m_s / 1000.0) / v_km_s
    T = reboost_interval_days
    burn = 360.0 * dn_rev_day * np.where(t <= T, t**2 / (2.0 * T), t - 0.5 * T)
    return drag + burn


@dataclass(frozen=True)
class ElementSetQuality:
    """The set used for an event, its age and what that leaves uncertain.

    Attributes
    ----------
    epoch_utc : str
    age_days : float
        Event minus epoch, days (negative: the set is newer than the event).
    phase_uncertainty_deg : float
        Along-track envelope at the event, deg (:func:`phase_uncertainty_deg`).
    along_track_km : float
        The same as a distance along the orbit, km.
    max_age_days : float
        Age limit for a phase-dependent answer.
    allowed : bool
        ``|age_days| <= max_age_days``.
    reason : str or None
        Why a phase-dependent answer is refused, when it is.
    """

    epoch_utc: str
    age_days: float
    phase_uncertainty_deg: float
    along_track_km: float
    max_age_days: float
    allowed: bool
    reason: str | None

    def to_dict(self) -> dict:
        return {
            "tle_epoch_utc": self.epoch_utc,
            "tle_age_days": round(self.age_days, 3),
            "phase_uncertainty_deg": round(self.phase_uncertainty_deg, 3),
            "along_track_uncertainty_km": round(self.along_track_km, 1),
            "max_tle_age_days": self.max_age_days,
            "allowed": self.allowed,
            "reason": self.reason,
        }


def element_set_quality(
    tle: TLE, t_tdb_s: float, max_age_days: float = DEFAULT_MAX_PHASE_AGE_DAYS
) -> ElementSetQuality:
    """Age of ``tle`` at ``t_tdb_s`` and the phase it leaves uncertain (module notes).

    Raises :class:`InputError` for a ``max_age_days`` outside (0, 365].
    """
    max_age = check_max_age_days(max_age_days)
    age = (float(t_tdb_s) - tle.epoch_tdb_s) / 86_400.0
    sigma = float(
        phase_uncertainty_deg(age, mean_motion_dot_rev_day2(tle), tle.mean_motion_rev_day)
    )
    n_rad_s = tle.mean_motion_rev_day * 2.0 * np.pi / 86_400.0
    a_km = (GM_EARTH_KM3_S2 / n_rad_s**2) ** (1.0 / 3.0)
    allowed = abs(age) <= max_age
    reason = None
    if not allowed:
        reason = (
            f"element set epoch {tle.epoch_utc} UTC is {abs(age):.1f} days from the event "
            f"(limit {max_age:g}): the phase along the orbit is uncertain by about "
            f"{sigma:.0f} deg, so which rendezvous profile fits is not known; use a set "
            "within the limit (--tle FILE, tle = 'FILE') or raise --max-tle-age-days"
        )
    return ElementSetQuality(
        epoch_utc=tle.epoch_utc,
        age_days=age,
        phase_uncertainty_deg=sigma,
        along_track_km=float(np.radians(sigma) * a_km),
        max_age_days=max_age,
        allowed=allowed,
        reason=reason,
    )

"""Numerical LEO propagation with drag: NRLMSIS density, shipped space weather, a ballistic
coefficient fitted to the element set, planned reboosts.

Model
-----
- **Forces**: the Earth's point mass, J2-J4 (:func:`sojourn.core.propagation.earth_zonal`)
  and drag (:func:`sojourn.core.propagation.forces.drag_accel`), integrated by
  :func:`sojourn.core.propagation.propagate_perturbed` (Dormand-Prince 5(4)) in TEME, the
  frame SGP4 gives and whose z axis is the true pole of the epoch (the zonal forces need it;
  over days TEME's own precession, 50 arcsec/year, is negligible).
- **Density**: NRLMSIS 2.1 (``pymsis``; Emmert et al. 2022, doi:10.1029/2022EA002219)
  cannot be called inside the Numba kernel, so it is tabulated first: every
  ``table_step_s`` (3 h, the cadence of ap) over the span, the density is averaged over
  ``n_angles`` points equally spaced around the orbit as SGP4 has it at that time (so the
  day-night bulge is averaged the way one revolution samples it), at altitudes covering the
  orbit; the kernel interpolates ln(density) bilinearly.
- **Space weather**: F10.7 (previous day), its 81-day centred mean and the 7 ap values NRLMSIS
  takes, from ``sojourn/leo/data/space_weather.csv`` (CelesTrak SW-All, README beside it):
  observed to 2026-04-26, then NOAA's 45-day and monthly forecasts.
- **Initial state and ballistic coefficient**: the SGP4 state at the set's epoch, its speed
  scaled by (1 + e), and B = C_D A/m, both fitted by linear least squares so the numerical
  orbit's along-track angle matches SGP4's at 12 times over ``fit_days`` (3 runs, the
  along-track angle linear in B and e): the set's own drag terms, carried by the physical
  density of the day instead of SGP4's fixed power law, and the osculating state's mean
  motion aligned with SGP4's. ``b_m2_kg`` overrides B (and e is then 0).
- **Reboosts**: impulses ``(t_tdb_s, dv_m_s)`` along the velocity.

What is left out (said in :data:`MODEL`): solar radiation pressure, third bodies, the
attitude-dependent drag area of a real station (B is one number for the span).
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from importlib import resources

import numpy as np

from sojourn.core.constants import F_EARTH, GM_EARTH_KM3_S2, OMEGA_EARTH_RAD_S, R_EARTH_KM
from sojourn.core.time import tdb_to_utc, utc_iso
from sojourn.errors import InputError
from sojourn.leo.tle import TLE, propagate_tle

__all__ = [
    "MODEL",
    "SpaceWeather",
    "space_weather",
    "msis_indices",
    "density_table",
    "DragOrbit",
    "drag_orbit",
]

MODEL = (
    "numerical: point mass + J2-J4 + drag (NRLMSIS 2.1, orbit-averaged every 3 h, CelesTrak "
    "space weather), SGP4 state at epoch, B fitted to the set; no SRP or third bodies"
)
#: Seconds from 2000-01-01T00:00 UTC to the internal UTC origin (2000-01-01T12:00 UTC).
_UTC0_S = 43_200.0


@dataclass(frozen=True)
class SpaceWeather:
    """The shipped daily indices (row i is day ``first_day + i``, days past 2000-01-01)."""

    day0: int
    ap3: np.ndarray  # (n, 8) 3-hourly ap
    ap_daily: np.ndarray  # (n,)
    f107: np.ndarray  # (n,) observed 10.7 cm flux (sfu)
    f107a: np.ndarray  # (n,) 81-day centred mean of the observed flux
    kind: tuple  # per row: OBS, INT, PRD, PRM
    last_observed: str

    @property
    def n(self) -> int:
        return self.f107.size


@functools.cache
def space_weather() -> SpaceWeather:
    """Read ``sojourn/leo/data/space_weather.csv`` once (README beside it)."""
    text = resources.files("sojourn.leo").joinpath("data/space_weather.csv").read_text("ascii")
    rows = list(csv.DictReader(text.splitlines()))
    day0 = np.datetime64(rows[0]["DATE"], "D")
    days = np.array([np.datetime64(r["DATE"], "D") for r in rows])
    # Monthly forecast rows (PRM) are one a month: spread them to daily rows by holding.
    idx_days = (days - day0).astype(int)
    n = int(idx_days[-1]) + 1
    fill = np.searchsorted(idx_days, np.arange(n), side="right") - 1

    def col(name):
        return np.array([float(r[name]) if r[name] else np.nan for r in rows])

    ap3 = np.stack([col(f"AP{k}") for k in range(1, 9)], axis=1)
    ap_d = col("AP_AVG")
    kind = tuple(r["F10.7_DATA_TYPE"] for r in rows)
    obs = [i for i, k in enumerate(kind) if k == "OBS"]
    # Forecast months give no ap: the mean daily Ap of the last 365 observed days.
    mean_ap = float(np.nanmean(ap_d[obs[-365:]]))
    ap_d = np.where(np.isnan(ap_d), mean_ap, ap_d)
    ap3 = np.where(np.isnan(ap3), ap_d[:, None], ap3)
    return SpaceWeather(
        day0=int((day0 - np.datetime64("2000-01-01", "D")).astype(int)),
        ap3=ap3[fill],
        ap_daily=ap_d[fill],
        f107=col("F10.7_OBS")[fill],
        f107a=col("F10.7_OBS_CENTER81")[fill],
        kind=tuple(kind[i] for i in fill),
        last_observed=rows[obs[-1]]["DATE"],
    )


def msis_indices(t_tdb_s):
    """F10.7 of the previous day, 81-day mean and the 7 NRLMSIS ap values at ``t_tdb_s`` (...).

    Returns
    -------
    f107, f107a : ndarray (...)
    aps : ndarray (..., 7)
        Daily Ap, 3-h ap now, 3, 6 and 9 h before, mean of the eight 3-h values 12-33 h and
        36-57 h before (the NRLMSIS convention).
    outside : bool
        Whether any time lies outside the shipped record and forecast (the ends are held).
    """
    sw = space_weather()
    utc = np.asarray(tdb_to_utc(np.asarray(t_tdb_s, dtype=float))) + _UTC0_S
    day = np.floor(utc / 86_400.0).astype(int) - sw.day0
    slot = np.floor((utc - np.floor(utc / 86_400.0) * 86_400.0) / 10_800.0).astype(int)
    outside = bool(np.any((day < 1) | (day >= sw.n)))
    d = np.clip(day, 1, sw.n - 1)
    flat = sw.ap3.ravel()
    k = np.clip(d * 8 + slot, 0, flat.size - 1)

    def ap_at(back):  # 3-h ap `back` slots before now
        return flat[np.clip(k - back, 0, flat.size - 1)]

    aps = np.stack(
        [
            sw.ap_daily[d],
            ap_at(0),
            ap_at(1),
            ap_at(2),
            ap_at(3),
            np.mean([ap_at(b) for b in range(4, 12)], axis=0),
            np.mean([ap_at(b) for b in range(12, 20)], axis=0),
        ],
        axis=-1,
    )
    return sw.f107[d - 1], sw.f107a[d], aps, outside


def _teme_state(tle: TLE, t_tdb_s):
    """TEME state (km, km/s) of the set at TDB ``t_tdb_s`` (N,), SGP4."""
    sat = tle.satrec()
    utc = np.asarray(tdb_to_utc(np.atleast_1d(np.asarray(t_tdb_s, dtype=float))))
    day = np.floor(utc / 86_400.0)
    err, r, v = sat.sgp4_array(2_451_545.0 + day, (utc - day * 86_400.0) / 86_400.0)
    if np.any(err):
        raise InputError(f"SGP4 cannot propagate {tle.name} over the requested span")
    return r, v


def density_table(
    tle: TLE,
    t0_tdb_s: float,
    t1_tdb_s: float,
    table_step_s: float = 10_800.0,
    n_angles: int = 12,
    dh_km: float = 10.0,
    margin_km: float = 60.0,
):
    """Orbit-averaged NRLMSIS 2.1 ln(density) (kg/m^3) over time and geodetic altitude.

    Returns ``(t0_s, dt_s, h0_km, dh_km, ln_rho (n_t, n_h), outside)``; ``outside`` says a
    time lay beyond the shipped space weather (its ends were held).
    """
    import pymsis

    from sojourn.core.frames import gmst82_rad

    n_t = int(np.ceil((t1_tdb_s - t0_tdb_s) / table_step_s)) + 1
    t = t0_tdb_s + table_step_s * np.arange(n_t)
    r, v = _teme_state(tle, t)
    rn = np.linalg.norm(r, axis=1)
    h0 = float(np.floor((rn.min() - R_EARTH_KM - margin_km) / dh_km) * dh_km)
    h1 = float(np.ceil((rn.max() - R_EARTH_KM + margin_km) / dh_km) * dh_km)
    alts = np.arange(max(h0, 100.0), h1 + dh_km / 2, dh_km)
    h_hat = np.cross(r, v)
    h_hat /= np.linalg.norm(h_hat, axis=1, keepdims=True)
    x_hat = r / rn[:, None]
    y_hat = np.cross(h_hat, x_hat)
    ang = 2 * np.pi * np.arange(n_angles) / n_angles
    u = (
        np.cos(ang)[None, :, None] * x_hat[:, None, :]
        + np.sin(ang)[None, :, None] * y_hat[:, None, :]
    )  # (n_t, n_angles, 3) TEME unit vectors around the orbit
    lon = np.degrees(np.arctan2(u[..., 1], u[..., 0]) - gmst82_rad(t)[:, None])
    lon = (lon + 180.0) % 360.0 - 180.0
    lat = np.degrees(np.arcsin(np.clip(u[..., 2], -1, 1)))
    f107, f107a, aps, outside = msis_indices(t)
    utc = np.asarray(tdb_to_utc(t))
    dates = np.datetime64("2000-01-01T12:00:00", "ms") + (utc * 1000).astype("timedelta64[ms]")
    shape = (n_t, n_angles, alts.size)

    def grid(a):
        return np.broadcast_to(a, shape).ravel()

    out = pymsis.calculate(
        grid(dates[:, None, None]),
        grid(lon[:, :, None]),
        grid(lat[:, :, None]),
        grid(alts[None, None, :]),
        grid(f107[:, None, None]),
        grid(f107a[:, None, None]),
        np.broadcast_to(aps[:, None, None, :], shape + (7,)).reshape(-1, 7),
        version=2.1,
    )
    rho = out[:, pymsis.Variable.MASS_DENSITY].reshape(shape)
    ln_rho = np.log(np.mean(rho, axis=1))
    return float(t0_tdb_s), float(table_step_s), float(alts[0]), float(dh_km), ln_rho, outside


@dataclass(frozen=True)
class DragOrbit:
    """A numerically propagated element set (times TDB s; states TEME and GCRS).

    Attributes
    ----------
    tle : TLE
    b_m2_kg : float
        Ballistic coefficient C_D A / m used, m^2/kg.
    b_fitted : bool
        Whether it was fitted to the set (else given).
    t_tdb_s : ndarray (N,)
    r_km, v_km_s : ndarray (N, 3)
        GCRS states.
    space_weather_outside : bool
        Some time lay beyond the shipped space weather (its ends were held).
    model : str
    """

    tle: TLE
    b_m2_kg: float
    b_fitted: bool
    t_tdb_s: np.ndarray
    r_km: np.ndarray
    v_km_s: np.ndarray
    space_weather_outside: bool
    model: str = MODEL

    def to_dict(self) -> dict:
        return {
            "tle_epoch_utc": self.tle.epoch_utc,
            "b_m2_kg": round(self.b_m2_kg, 6),
            "b_fitted": self.b_fitted,
            "utc": [utc_iso(t) for t in self.t_tdb_s],
            "alt_km": [round(float(np.linalg.norm(r)) - R_EARTH_KM, 3) for r in self.r_km],
            "space_weather_last_observed": space_weather().last_observed,
            "space_weather_outside": self.space_weather_outside,
            "model": self.model,
        }


def _propagate_teme(r0, v0, t0, t_out, forces, reboosts):
    """TEME states at ``t_out`` (sorted, >= t0) from (r0, v0) at t0, with impulses."""
    from sojourn.core.propagation import propagate_perturbed

    t_out = np.asarray(t_out, float)
    r_out = np.empty((t_out.size, 3))
    v_out = np.empty((t_out.size, 3))
    events = sorted(b for b in reboosts if t0 < b[0] <= t_out[-1])
    cuts = [t0] + [b[0] for b in events] + [np.inf]
    r, v = np.asarray(r0, float), np.asarray(v0, float)
    for seg in range(len(cuts) - 1):
        a, b = cuts[seg], cuts[seg + 1]
        m = (t_out >= a) & (t_out < b)
        if np.any(m):
            rr, vv = propagate_perturbed(
                r, v, t_out[m] - a, GM_EARTH_KM3_S2, forces, t0_s=a, rtol=1e-10, atol=1e-8
            )
            r_out[m], v_out[m] = rr, vv
        if np.isfinite(b):
            r, v = propagate_perturbed(
                r, v, b - a, GM_EARTH_KM3_S2, forces, t0_s=a, rtol=1e-10, atol=1e-8
            )
            dv = events[seg][1] / 1000.0
            v = v + dv * v / np.linalg.norm(v)
    return r_out, v_out


def _phase_ahead_deg(r, r_ref, v_ref):
    """Angle of ``r`` ahead of ``r_ref`` about the reference orbit normal, deg (N,)."""
    h = np.cross(r_ref, v_ref)
    h /= np.linalg.norm(h, axis=-1, keepdims=True)
    c = np.cross(r_ref, r)
    return np.degrees(np.arctan2(np.sum(c * h, axis=-1), np.sum(r_ref * r, axis=-1)))


def _fit(tle, r0, v0, t0, fit_days, forces, n_samples: int = 12):
    """Least-squares B and a relative speed correction at epoch matching SGP4's along-track
    angle at ``n_samples`` times over ``fit_days``: the linear drift (the osculating state's
    mean motion against SGP4's) and the quadratic one (drag) are told apart by their shapes.
    """
    t_fit = t0 + np.linspace(fit_days / n_samples, fit_days, n_samples) * 86_400.0
    r_s, v_s = _teme_state(tle, t_fit)
    b1, e1 = 0.005, 1e-6
    runs = []
    for b, e in ((0.0, 0.0), (b1, 0.0), (0.0, e1)):
        r_n, _ = _propagate_teme(r0, v0 * (1 + e), t0, t_fit, forces(b), ())
        runs.append(_phase_ahead_deg(r_n, r_s, v_s))
    base = runs[0]
    A = np.stack([(runs[1] - base) / b1, (runs[2] - base) / e1], axis=1)
    (b, e), *_ = np.linalg.lstsq(A, -base, rcond=None)
    if b < 0.0:  # SGP4 decays less than no drag at all (a set fitted across a reboost)
        b = 0.0
        (e,), *_ = np.linalg.lstsq(A[:, 1:], -base, rcond=None)
    return float(b), float(e)


def drag_orbit(
    tle: TLE,
    t_tdb_s,
    b_m2_kg: float | None = None,
    reboosts=(),
    fit_days: float = 3.0,
    dut1_s: float | None = None,
) -> DragOrbit:
    """Propagate ``tle`` numerically with drag to the times ``t_tdb_s`` (module notes).

    Parameters
    ----------
    tle : TLE
    t_tdb_s : array_like (N,)
        Output times, TDB s past J2000, at or after the set's epoch, within 60 days of it.
    b_m2_kg : float, optional
        Ballistic coefficient C_D A / m, m^2/kg; default fitted to the set.
    reboosts : sequence of (t_tdb_s, dv_m_s)
        Planned impulses along the velocity (a reboost is positive).
    fit_days : float
        Span of the fit of B to the set's SGP4 along-track motion, days.

    Raises
    ------
    InputError
        Times before the epoch or beyond 60 days; a negative B.
    """
    from sojourn.core.frames import teme_to_gcrs
    from sojourn.core.propagation import earth_zonal
    from sojourn.core.propagation.forces import drag_params

    t = np.atleast_1d(np.asarray(t_tdb_s, dtype=float))
    t0 = tle.epoch_tdb_s
    if t.size == 0 or np.any(~np.isfinite(t)) or np.any(t < t0 - 1e-6):
        raise InputError(
            f"'t_tdb_s' must be finite times at or after the set's epoch ({tle.epoch_utc} UTC)"
        )
    span_days = (t.max() - t0) / 86_400.0
    if span_days > 60.0:
        raise InputError(
            f"'t_tdb_s' reaches {span_days:.1f} days past the set's epoch, more than 60; "
            "use an element set closer to the dates"
        )
    if b_m2_kg is not None and not (np.isfinite(b_m2_kg) and b_m2_kg >= 0):
        raise InputError(f"'b_m2_kg' must be >= 0 m^2/kg, got {b_m2_kg!r}; e.g. 0.005")
    order = np.argsort(t)
    t_end = max(float(t.max()), t0 + fit_days * 86_400.0)
    t_tab, dt_tab, h0, dh, ln_rho, outside = density_table(tle, t0, t_end + 10_800.0)
    r0, v0 = (x[0] for x in _teme_state(tle, np.array([t0])))
    zonal = earth_zonal(4)

    def forces(b):
        p = drag_params(b, t_tab, dt_tab, h0, dh, ln_rho, OMEGA_EARTH_RAD_S, R_EARTH_KM, F_EARTH)
        return zonal + [("drag", p)]

    fitted = b_m2_kg is None
    if fitted:
        b_m2_kg, dv_rel = _fit(tle, r0, v0, t0, fit_days, forces)
        v0 = v0 * (1.0 + dv_rel)
    r_te, v_te = _propagate_teme(r0, v0, t0, t[order], forces(b_m2_kg), tuple(reboosts))
    r_g, v_g = teme_to_gcrs(r_te, v_te, t[order], dut1_s)
    inv = np.argsort(order)
    return DragOrbit(
        tle=tle,
        b_m2_kg=float(b_m2_kg),
        b_fitted=fitted,
        t_tdb_s=t,
        r_km=np.asarray(r_g)[inv],
        v_km_s=np.asarray(v_g)[inv],
        space_weather_outside=outside,
    )


def along_track_error_km(orbit: DragOrbit, later: TLE):
    """Distance and along-track angle (deg, + ahead) of ``orbit`` from ``later``'s SGP4 state
    at ``later``'s epoch, which must be one of ``orbit``'s times: (distance_km, phase_deg)."""
    j = int(np.argmin(np.abs(orbit.t_tdb_s - later.epoch_tdb_s)))
    r_l, v_l = propagate_tle(later, orbit.t_tdb_s[j])
    dist = float(np.linalg.norm(orbit.r_km[j] - r_l))
    return dist, float(_phase_ahead_deg(orbit.r_km[j][None], r_l[None], v_l[None])[0])

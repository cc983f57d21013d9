"""A physical descent from orbit: deorbit burn, coast, 3-DOF lifting entry, parachutes.

Model
-----
The returning capsule is a point mass integrated in the rotating Earth frame (ITRS/ECEF,
z = the Earth's axis; polar motion and its 10 m neglected), so the Earth's rotation enters
through the Coriolis and centrifugal terms and the landing point is read directly in
ECEF. Forces: central gravity with J2; during the burn a constant thrust acceleration
``dv / burn_s`` along the inertial retrograde direction, pitched by ``pitch_deg`` towards
the nadir (0: pure retrograde, the Soyuz attitude; the mass lost in the burn, about 4 %,
is neglected); aerodynamic drag and lift from the relative wind (winds neglected) with the
U.S. Standard Atmosphere 1976 (below).

Lift is rotated about the wind by the bank angle sigma. Bank-reversal guidance keeps the
cross-range small by flipping the sign of sigma; its net lateral lift is taken as zero, so
only the vertical component ``L/D cos(sigma)`` (``lift_fraction``) is flown. That is the
first-order model of a bank-modulated capsule (the lateral channel is not flown; the
output's ``model`` string says so):

* **guided**: ``lift_fraction`` in [0, L/D] is solved by bisection so the landing point
  reaches the target's range (:func:`sojourn.leo.landing`);
* **ballistic**: the capsule spins about its axis and the lift averages out:
  ``lift_fraction = 0`` (Soyuz TMA-1, TMA-10, TMA-11, MS-10).

The flight ends at the parachute command (10.8 km, CSA timeline below); the descent under
the canopies is vertical at the local terminal speed (drift neglected): drogue (24 m2) then
main (1000 m2, 7.2 m/s near the ground, CSA), the main opening at ``main_open_km``.

Integration: classical Runge-Kutta 4 with fixed steps, 2 s above 120 km (and during the
burn), 0.5 s below; every trajectory of a batch is independent (``prange`` for batches).

Sources (tests/reference/soyuz_descent.toml holds them verbatim):

* CSA, "Canadian astronaut David Saint-Jacques returns to Earth" (Soyuz MS-11, 24 Jun
  2019), https://www.asc-csa.gc.ca/eng/missions/expedition58/david-saint-jacques-returns-to-earth.asp:
  deorbit burn 4 min 41 s, 128 m/s at 432.7 km; entry interface 99.7 km; maximum g-loads
  4-5 g at 35.3 km; chute command 10.8 km; drogue 24 m2 (230 -> 80 m/s); main 1000 m2,
  7.2 m/s; landing 14 min 18 s after the chute command.
* RSC Energia, "Soyuz TMA main characteristics": descent module mass ~2900 kg; diameter
  of the living compartments 2200 mm.
* Lift-to-drag ratio: Soyuz-class L/D is commonly quoted as 0.25-0.3; no primary source was
  found while writing this model, so ``SOYUZ`` takes 0.3 and says so in its ``source``.

Calibration (Soyuz MS-11 only; every other flight is a test): the nominal lift fraction
(0.14) so the model reproduces MS-11's entry-interface-to-chute-command time (8 min 17 s;
flown from an ISS orbit of the built-in 2021-10-16 set, since no 2019 set is shipped), and
the main-canopy opening height (6.85 km) so the chute phase lasts MS-11's 14 min 18 s.
The drag coefficient (1.25) is assumed, not published nor calibrated: over cd 1.1-1.5 the
entry-to-chute time changes by 1 s and the peak deceleration by 0.1 g (measured), because
a capsule's g-pulse depends on its entry angle and lift, not on its ballistic coefficient.

U.S. Standard Atmosphere 1976
-----------------------------
NOAA-S/T 76-1562 (1976). Below 86 km the density follows from its defining constants
(Table 4 layers: base geopotential heights and temperature gradients, T0 = 288.15 K,
P0 = 101325 Pa, g0 = 9.80665 m/s2, M0 = 28.9644 kg/kmol, R* = 8314.32 J/(kmol K));
above, its tabulated densities (Table I) interpolated log-linearly. A documented fallback
for NRLMSIS: below 80 km, where a capsule decelerates, solar activity changes the density
by a few per cent only; above 120 km the burn coast feels no drag worth counting.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numba import njit, prange

from sojourn.core.constants import (
    F_EARTH,
    GM_EARTH_KM3_S2,
    J2_EARTH,
    OMEGA_EARTH_RAD_S,
    R_EARTH_KM,
)
from sojourn.errors import InputError

__all__ = [
    "Vehicle",
    "SOYUZ",
    "MODES",
    "EntryResult",
    "fly",
    "us76_density_kg_m3",
    "parachute_descent_s",
    "G0_M_S2",
]

G0_M_S2 = 9.80665
MODES = ("guided", "ballistic")

# --- U.S. Standard Atmosphere 1976 --------------------------------------------------------
_R0_KM = 6356.766  # effective Earth radius for geopotential height (US76)
_HB_KM = np.array([0.0, 11.0, 20.0, 32.0, 47.0, 51.0, 71.0, 84.852])
_LB_K_KM = np.array([-6.5, 0.0, 1.0, 2.8, 0.0, -2.8, -2.0, 0.0])
_M0 = 28.9644
_RSTAR = 8314.32
#: US76 Table I densities above 86 km (geometric altitude km, kg/m3).
_UPPER = np.array(
    [
        [86.0, 6.958e-6],
        [90.0, 3.416e-6],
        [100.0, 5.604e-7],
        [110.0, 9.708e-8],
        [120.0, 2.222e-8],
        [130.0, 8.152e-9],
        [140.0, 3.831e-9],
        [150.0, 2.076e-9],
        [160.0, 1.233e-9],
        [180.0, 5.194e-10],
        [200.0, 2.541e-10],
    ]
)


def _us76_lower(z_km):
    h = _R0_KM * z_km / (_R0_KM + z_km)  # geopotential km
    t_b, p_b = 288.15, 101325.0
    gmr = G0_M_S2 * _M0 / _RSTAR * 1000.0  # K per km
    out_t, out_p = np.empty_like(h), np.empty_like(h)
    for i in range(len(_HB_KM)):
        top = _HB_KM[i + 1] if i + 1 < len(_HB_KM) else np.inf
        sel = (h >= _HB_KM[i]) & (h < top)
        dh = h[sel] - _HB_KM[i]
        lapse = _LB_K_KM[i]
        if lapse == 0.0:
            out_t[sel] = t_b
            out_p[sel] = p_b * np.exp(-gmr * dh / t_b)
        else:
            out_t[sel] = t_b + lapse * dh
            out_p[sel] = p_b * (t_b / (t_b + lapse * dh)) ** (gmr / lapse)
        if i + 1 < len(_HB_KM):
            d = _HB_KM[i + 1] - _HB_KM[i]
            if lapse == 0.0:
                p_b = p_b * math.exp(-gmr * d / t_b)
            else:
                p_b = p_b * (t_b / (t_b + lapse * d)) ** (gmr / lapse)
            t_b = t_b + lapse * d
    return out_p * _M0 / (_RSTAR * out_t)


def us76_density_kg_m3(alt_km):
    """U.S. Standard Atmosphere 1976 density, kg/m3, at geometric altitude ``alt_km`` (...).

    0-86 km from the defining constants, 86-200 km log-linear in Table I; 0 above 200 km
    would be wrong, so the top layer's scale height is extended; below 0 km, 0 km's value.
    """
    z = np.clip(np.asarray(alt_km, dtype=np.float64), 0.0, None)
    out = np.empty_like(z)
    low = z < 86.0
    out[low] = _us76_lower(z[low])
    hi = ~low
    lz = np.log(_UPPER[:, 1])
    zz = z[hi]
    # log-linear inside the table, extended with the last interval's slope above 200 km
    slope = (lz[-1] - lz[-2]) / (_UPPER[-1, 0] - _UPPER[-2, 0])
    out[hi] = np.exp(
        np.where(
            zz <= _UPPER[-1, 0],
            np.interp(zz, _UPPER[:, 0], lz),
            lz[-1] + slope * (zz - _UPPER[-1, 0]),
        )
    )
    return out


_TABLE_STEP_KM = 0.25
_TABLE_TOP_KM = 400.0
_LOG_RHO = np.log(us76_density_kg_m3(np.arange(0.0, _TABLE_TOP_KM + 1e-9, _TABLE_STEP_KM)))


# --- Vehicle ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Vehicle:
    """A returning capsule.

    Attributes
    ----------
    name : str
    mass_kg : float
        Descent-module mass at entry.
    diameter_m : float
        Reference (heat-shield) diameter.
    cd : float
        Hypersonic drag coefficient on the reference area.
    lift_to_drag : float
        Maximum L/D (bank 0); guided flight uses ``lift_fraction`` in [0, L/D].
    nominal_lift_fraction : float
        The vertical L/D of the nominal guided entry (what the deorbit burn is timed for).
    deorbit_dv_m_s, deorbit_burn_s : float
        Deorbit burn delta-v and duration.
    entry_interface_km, chute_km, main_open_km : float
        Entry interface, parachute command and main-canopy opening heights.
    drogue_sl_m_s, main_sl_m_s : float
        Terminal speeds at sea level under the drogue and the main canopy.
    source : str
    """

    name: str
    mass_kg: float
    diameter_m: float
    cd: float
    lift_to_drag: float
    nominal_lift_fraction: float
    deorbit_dv_m_s: float
    deorbit_burn_s: float
    entry_interface_km: float
    chute_km: float
    main_open_km: float
    drogue_sl_m_s: float
    main_sl_m_s: float
    source: str

    @property
    def area_m2(self) -> float:
        return math.pi * (0.5 * self.diameter_m) ** 2

    @property
    def ballistic_coefficient_kg_m2(self) -> float:
        """m / (Cd A), kg/m2."""
        return self.mass_kg / (self.cd * self.area_m2)


SOYUZ = Vehicle(
    name="Soyuz MS descent module",
    mass_kg=2900.0,
    diameter_m=2.2,
    cd=1.25,
    lift_to_drag=0.3,
    nominal_lift_fraction=0.14,
    deorbit_dv_m_s=128.0,
    deorbit_burn_s=281.0,
    entry_interface_km=99.7,
    chute_km=10.8,
    main_open_km=6.85,
    # drogue: the main canopy's 7.2 m/s scaled by sqrt(1000 m2 / 24 m2) (same Cd assumed)
    drogue_sl_m_s=7.2 * math.sqrt(1000.0 / 24.0),
    main_sl_m_s=7.2,
    source="CSA Soyuz MS-11 descent timeline (2019): 128 m/s, 4 min 41 s burn, EI 99.7 km, "
    "chutes 10.8 km, main 1000 m2 at 7.2 m/s, drogue 24 m2; RSC Energia Soyuz TMA "
    "characteristics: descent module ~2900 kg, 2.2 m; L/D 0.3 commonly quoted (no primary "
    "source found); cd 1.25 assumed (insensitive); nominal lift fraction and main opening "
    "calibrated on Soyuz MS-11",
)


def parachute_descent_s(vehicle: Vehicle = SOYUZ) -> float:
    """Time from the chute command to touchdown, s: vertical fall at the local terminal
    speed, v = v_sl sqrt(rho0 / rho(h)), under the drogue down to ``main_open_km`` and under
    the main canopy below (trapezoid rule on 10 m steps)."""
    h = np.arange(0.0, vehicle.chute_km + 1e-9, 0.01)
    rho = us76_density_kg_m3(h)
    v_sl = np.where(h > vehicle.main_open_km, vehicle.drogue_sl_m_s, vehicle.main_sl_m_s)
    v = v_sl * np.sqrt(rho[0] / rho) / 1000.0  # km/s
    return float(np.trapezoid(1.0 / v, h))


# --- The kernel ---------------------------------------------------------------------------
@njit(cache=True)
def _density(h_km, log_rho, step_km):
    if h_km <= 0.0:
        return math.exp(log_rho[0])
    x = h_km / step_km
    i = int(x)
    if i >= log_rho.size - 1:
        return 0.0
    f = x - i
    return math.exp(log_rho[i] * (1.0 - f) + log_rho[i + 1] * f)


@njit(cache=True)
def _alt_km(x, y, z, r_eq, f):
    r = math.sqrt(x * x + y * y + z * z)
    s = z / r
    return r - r_eq * (1.0 - f * s * s)


@njit(cache=True)
def _deriv(t, s, p, out, mu, j2, r_eq, f, w, log_rho, step_km):
    """d/dt of the ECEF state s (6,) with params p = [dv_km_s, burn_s, pitch, lift_frac,
    beta_kg_m2, density_scale]; returns the aerodynamic acceleration's magnitude, km/s2."""
    x, y, z, vx, vy, vz = s[0], s[1], s[2], s[3], s[4], s[5]
    r2 = x * x + y * y + z * z
    r = math.sqrt(r2)
    # gravity with J2 (Vallado 4th ed. eq. 8-25)
    k = -mu / (r2 * r)
    zr2 = z * z / r2
    c = 1.5 * j2 * (r_eq * r_eq) / r2
    ax = k * x * (1.0 + c * (1.0 - 5.0 * zr2))
    ay = k * y * (1.0 + c * (1.0 - 5.0 * zr2))
    az = k * z * (1.0 + c * (3.0 - 5.0 * zr2))
    # rotating frame: -2 w x v - w x (w x r), w = (0, 0, w)
    ax += 2.0 * w * vy + w * w * x
    ay += -2.0 * w * vx + w * w * y
    # deorbit burn along the inertial retrograde direction, pitched towards nadir
    if t < p[1]:
        vix, viy, viz = vx - w * y, vy + w * x, vz
        vi = math.sqrt(vix * vix + viy * viy + viz * viz)
        a_t = p[0] / p[1]
        cp, sp = math.cos(p[2]), math.sin(p[2])
        ax += a_t * (-cp * vix / vi - sp * x / r)
        ay += a_t * (-cp * viy / vi - sp * y / r)
        az += a_t * (-cp * viz / vi - sp * z / r)
    a_aero = 0.0
    h = _alt_km(x, y, z, r_eq, f)
    rho = _density(h, log_rho, step_km) * p[5]
    if rho > 0.0:
        v = math.sqrt(vx * vx + vy * vy + vz * vz)
        drag = 0.5 * rho * (v * 1000.0) ** 2 / p[4] / 1000.0  # km/s2
        ux, uy, uz = vx / v, vy / v, vz / v
        # vertical lift direction: r_hat minus its component along the wind
        rx, ry, rz = x / r, y / r, z / r
        d = rx * ux + ry * uy + rz * uz
        lx, ly, lz = rx - d * ux, ry - d * uy, rz - d * uz
        ln = math.sqrt(lx * lx + ly * ly + lz * lz)
        lift = p[3] * drag
        ax += -drag * ux + lift * lx / ln
        ay += -drag * uy + lift * ly / ln
        az += -drag * uz + lift * lz / ln
        a_aero = math.sqrt(drag * drag + lift * lift)
    out[0], out[1], out[2] = vx, vy, vz
    out[3], out[4], out[5] = ax, ay, az
    return a_aero


def _fly_rows(s0, params, h_ei, h_stop, g_limit, log_rho, step_km, sample_s, samples, res):
    """Integrate each row of s0 (N, 6) ECEF km, km/s to ``h_stop``.

    res (N, 9): t_ei, t_stop, x, y, z at stop, peak_g, s above g_limit, t_peak, status
    (0 ok, 1 did not reach h_stop within 3 h). samples (N, K, 4): t, x, y, z every
    ``sample_s`` (K may be 0)."""
    mu, j2, r_eq, f, w = GM_EARTH_KM3_S2, J2_EARTH, R_EARTH_KM, F_EARTH, OMEGA_EARTH_RAD_S
    g0 = 9.80665e-3
    n = s0.shape[0]
    nk = samples.shape[1]
    for i in prange(n):
        p = params[i]
        s = s0[i].copy()
        k1, k2, k3, k4 = np.empty(6), np.empty(6), np.empty(6), np.empty(6)
        tmp = np.empty(6)
        t = 0.0
        t_ei = np.nan
        peak, t_peak, above = 0.0, np.nan, 0.0
        status = 1.0
        h_prev = _alt_km(s[0], s[1], s[2], r_eq, f)
        ks = 0
        next_sample = 0.0
        while t < 3.0 * 3600.0:
            if ks < nk and t >= next_sample:
                samples[i, ks, 0] = t
                samples[i, ks, 1] = s[0]
                samples[i, ks, 2] = s[1]
                samples[i, ks, 3] = s[2]
                ks += 1
                next_sample += sample_s
            dt = 0.5 if h_prev < 120.0 else 2.0
            if t < p[1] and t + dt > p[1]:
                dt = p[1] - t  # end the burn on a step boundary
            a1 = _deriv(t, s, p, k1, mu, j2, r_eq, f, w, log_rho, step_km)
            for j in range(6):
                tmp[j] = s[j] + 0.5 * dt * k1[j]
            _deriv(t + 0.5 * dt, tmp, p, k2, mu, j2, r_eq, f, w, log_rho, step_km)
            for j in range(6):
                tmp[j] = s[j] + 0.5 * dt * k2[j]
            _deriv(t + 0.5 * dt, tmp, p, k3, mu, j2, r_eq, f, w, log_rho, step_km)
            for j in range(6):
                tmp[j] = s[j] + dt * k3[j]
            _deriv(t + dt, tmp, p, k4, mu, j2, r_eq, f, w, log_rho, step_km)
            for j in range(6):
                s[j] += dt / 6.0 * (k1[j] + 2.0 * k2[j] + 2.0 * k3[j] + k4[j])
            g = a1 / g0
            if g > peak:
                peak, t_peak = g, t
            if g > g_limit:
                above += dt
            t += dt
            h = _alt_km(s[0], s[1], s[2], r_eq, f)
            if h_prev > h_ei >= h and math.isnan(t_ei):
                t_ei = t - dt * (h_ei - h) / (h_prev - h)
            if h <= h_stop:
                # back to the crossing, linearly in height
                frac = (h_stop - h) / (h_prev - h)
                for j in range(3):
                    s[j] -= frac * dt * s[j + 3]
                t -= frac * dt
                status = 0.0
                break
            h_prev = h
        if ks < nk:
            samples[i, ks, 0] = t
            samples[i, ks, 1] = s[0]
            samples[i, ks, 2] = s[1]
            samples[i, ks, 3] = s[2]
            ks += 1
        for kk in range(ks, nk):
            samples[i, kk, 0] = np.nan
        res[i, 0] = t_ei
        res[i, 1] = t
        res[i, 2] = s[0]
        res[i, 3] = s[1]
        res[i, 4] = s[2]
        res[i, 5] = peak
        res[i, 6] = above
        res[i, 7] = t_peak
        res[i, 8] = status


# The same kernel twice: threads pay off only for batches (a thread pool's start costs more
# than one trajectory, about 3 ms, on a loaded machine).
_fly_serial = njit(cache=True)(_fly_rows)
_fly_parallel = njit(cache=True, parallel=True)(_fly_rows)
#: Batches at least this large run on threads.
_PARALLEL_ROWS = 16


# --- The Python door ----------------------------------------------------------------------
def _run(s0, lf, vehicle, dv_m_s, pitch_deg, g_limit, density_scale, sample_s, nk):
    """The kernel on ECEF start states s0 (N, 6): (res (N, 9), samples (N, nk, 4))."""
    params = np.empty((s0.shape[0], 6))
    params[:, 0] = dv_m_s / 1000.0
    params[:, 1] = vehicle.deorbit_burn_s
    params[:, 2] = np.radians(pitch_deg)
    params[:, 3] = lf
    params[:, 4] = vehicle.ballistic_coefficient_kg_m2
    params[:, 5] = density_scale
    samples = np.empty((s0.shape[0], nk, 4))
    res = np.empty((s0.shape[0], 9))
    kernel = _fly_parallel if s0.shape[0] >= _PARALLEL_ROWS else _fly_serial
    kernel(
        s0,
        params,
        vehicle.entry_interface_km,
        vehicle.chute_km,
        float(g_limit),
        _LOG_RHO,
        _TABLE_STEP_KM,
        float(sample_s) if sample_s > 0 else 1.0,
        samples,
        res,
    )
    return res, samples


def chute_points_ecef_km(r_gcrs_km, v_gcrs_km_s, burn_tdb_s, vehicle=None, dut1_s=None):
    """A closure flying many lift fractions from the same burns cheaply (the frame rotation
    done once): ``f(lift_fraction (N,)) -> chute-command points (N, 3) ECEF km``."""
    from sojourn.core.frames import gcrs_to_ecef

    vehicle = SOYUZ if vehicle is None else vehicle
    r = np.atleast_2d(np.asarray(r_gcrs_km, dtype=np.float64))
    v = np.atleast_2d(np.asarray(v_gcrs_km_s, dtype=np.float64))
    r_e, v_e = gcrs_to_ecef(r, v, np.asarray(burn_tdb_s, dtype=np.float64), dut1_s)
    s0 = np.ascontiguousarray(np.concatenate([r_e, v_e], axis=1))

    def f(lift_fraction):
        lf = np.broadcast_to(np.asarray(lift_fraction, dtype=np.float64), (s0.shape[0],))
        res, _ = _run(s0, lf, vehicle, vehicle.deorbit_dv_m_s, 0.0, 3.0, 1.0, 1.0, 0)
        return res[:, 2:5]

    return f


@dataclass(frozen=True)
class EntryResult:
    """A batch of descents (N,), times TDB s past J2000.

    Attributes
    ----------
    burn_tdb_s, entry_tdb_s, chute_tdb_s, landing_tdb_s : ndarray (N,)
        Deorbit burn start, entry interface, parachute command, touchdown.
    lat_deg, lon_deg : ndarray (N,)
        Touchdown, WGS 84 geodetic.
    landing_ecef_km : ndarray (N, 3)
    peak_g : ndarray (N,)
        Peak aerodynamic deceleration, Earth g.
    above_g_s : ndarray (N,)
        Seconds spent above ``g_limit`` g.
    g_limit : float
    lift_fraction : ndarray (N,)
        The vertical L/D flown (0 = ballistic).
    ok : ndarray (N,) bool
        False where the capsule did not come down within 3 h of the burn (no entry).
    samples : ndarray (N, K, 4) or None
        (t TDB s, x, y, z ECEF km) along the path, NaN past the end.
    """

    burn_tdb_s: np.ndarray
    entry_tdb_s: np.ndarray
    chute_tdb_s: np.ndarray
    landing_tdb_s: np.ndarray
    lat_deg: np.ndarray
    lon_deg: np.ndarray
    landing_ecef_km: np.ndarray
    peak_g: np.ndarray
    above_g_s: np.ndarray
    g_limit: float
    lift_fraction: np.ndarray
    ok: np.ndarray
    samples: np.ndarray | None = None


def fly(
    r_gcrs_km,
    v_gcrs_km_s,
    burn_tdb_s,
    lift_fraction,
    vehicle: Vehicle = SOYUZ,
    *,
    dv_m_s: float | None = None,
    pitch_deg: float = 0.0,
    g_limit: float = 3.0,
    sample_s: float = 0.0,
    density_scale=1.0,
    dut1_s: float | None = None,
) -> EntryResult:
    """Fly deorbit burns from orbit states to touchdown (see module notes).

    Parameters
    ----------
    r_gcrs_km, v_gcrs_km_s : ndarray (N, 3) or (3,)
        The vehicle's state at the burn start, GCRS, km and km/s.
    burn_tdb_s : ndarray (N,) or float
        Burn start, TDB s past J2000.
    lift_fraction : ndarray (N,) or float
        Vertical L/D flown, in [0, vehicle.lift_to_drag] (0: ballistic).
    vehicle : Vehicle
    dv_m_s : float, optional
        Burn delta-v (default the vehicle's).
    pitch_deg : float
        Burn attitude: 0 retrograde, positive tilted towards the nadir.
    g_limit : float
        Level, g, whose exceedance time is reported.
    sample_s : float
        Path sample spacing, s (0: no samples).
    density_scale : float or ndarray (N,)
        Factor on the US76 density (dispersion studies; 1 = the standard atmosphere).
    """
    from sojourn.core.frames import ecef_to_geodetic, gcrs_to_ecef, geodetic_to_ecef

    r = np.atleast_2d(np.asarray(r_gcrs_km, dtype=np.float64))
    v = np.atleast_2d(np.asarray(v_gcrs_km_s, dtype=np.float64))
    tb = np.broadcast_to(np.asarray(burn_tdb_s, dtype=np.float64), (r.shape[0],)).copy()
    lf = np.broadcast_to(np.asarray(lift_fraction, dtype=np.float64), (r.shape[0],)).copy()
    dv = vehicle.deorbit_dv_m_s if dv_m_s is None else float(dv_m_s)
    if not (0.0 < dv <= 1000.0):
        raise InputError(f"'dv_m_s' must be in (0, 1000] m/s, got {dv!r}; e.g. 128 (Soyuz)")
    if not (-90.0 <= pitch_deg <= 90.0):
        raise InputError(f"'pitch_deg' must be in [-90, 90], got {pitch_deg!r}; 0 = retrograde")
    if np.any(lf < 0.0) or np.any(lf > vehicle.lift_to_drag + 1e-12):
        raise InputError(
            f"'lift_fraction' must be in [0, {vehicle.lift_to_drag}] (the vehicle's L/D)"
        )
    r_e, v_e = gcrs_to_ecef(r, v, tb, dut1_s)
    s0 = np.ascontiguousarray(np.concatenate([r_e, v_e], axis=1))
    nk = 0 if sample_s <= 0.0 else int(3.0 * 3600.0 / sample_s) + 2
    res, samples = _run(s0, lf, vehicle, dv, pitch_deg, g_limit, density_scale, sample_s, nk)
    ok = res[:, 8] == 0.0
    lat, lon, _ = ecef_to_geodetic(res[:, 2:5])
    ground = geodetic_to_ecef(lat, lon, 0.0)
    t_land = tb + res[:, 1] + parachute_descent_s(vehicle)
    nan = np.where(ok, 1.0, np.nan)
    if nk:
        samples[:, :, 0] += tb[:, None]
        # trim to the longest path
        used = int(np.max(np.sum(np.isfinite(samples[:, :, 0]), axis=1)))
        samples = samples[:, :used]
    return EntryResult(
        burn_tdb_s=tb,
        entry_tdb_s=tb + res[:, 0] * nan,
        chute_tdb_s=tb + res[:, 1] * nan,
        landing_tdb_s=t_land * nan,
        lat_deg=np.atleast_1d(lat) * nan,
        lon_deg=np.atleast_1d(lon) * nan,
        landing_ecef_km=ground * nan[:, None],
        peak_g=res[:, 5] * nan,
        above_g_s=res[:, 6] * nan,
        g_limit=float(g_limit),
        lift_fraction=lf,
        ok=ok,
        samples=samples if nk else None,
    )

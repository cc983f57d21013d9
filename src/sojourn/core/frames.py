"""Earth frames: GCRS <-> ITRS (ECEF), TEME -> GCRS, geodetic <-> ECEF.

Model (equinox-based, IERS Conventions 2010, chapter 5):

- **Frame bias + precession**: IAU 2006 (Capitaine et al. 2003, P03) through the
  Fukushima-Williams angles gamma_bar, phi_bar, psi_bar and the mean obliquity eps_A
  (IERS Conventions 2010, eqs. 5.39-5.40; SOFA ``iauPfw06``/``iauObl06``).
- **Nutation**: IAU 2000B lunisolar series truncated to its 20 largest terms (of 77)
  plus the fixed planetary offsets of IAU 2000B (McCarthy & Luzum 2003, Celest. Mech.
  85:37; coefficients as in SOFA ``iauNut00b``). The omitted 57 terms are each below
  4.8 mas; together they stay under about 20 mas (0.7 m at 7000 km, 1 m at 10,000 km).
- **Earth rotation**: GAST = GMST(IAU 2006, IERS 2010 eq. 5.32, from the Earth Rotation
  Angle of eq. 5.15) + equation of the equinoxes (dpsi cos eps_A plus the two largest
  complementary terms, IERS 2010 eq. 5.30 and Table 5.2e).
- **Polar motion**: optional (``xp_arcsec``, ``yp_arcsec``, default 0). Neglecting it moves
  a point on the ground by up to about 15 m (|xp|, |yp| < 0.5 arcsec).
- **UT1**: UT1 = UTC + ``dut1_s`` (default 0). IERS keeps |UT1-UTC| < 0.9 s, so the default
  rotates the Earth by up to 0.9 s x 465 m/s, about 0.4 km at the equator.

TEME (the frame of SGP4's output) is rotated into the pseudo Earth-fixed frame with the
IAU 1982 GMST, as SGP4 itself assumes (Vallado, Crawford, Hujsak & Kelso 2006, "Revisiting
Spacetrack Report #3", AIAA 2006-6753, eq. (1) and Appendix C), then from there to GCRS
with the model above (polar motion does not enter: TEME -> PEF -> GCRS).

Times are TDB seconds past J2000 (``t_tdb_s``); TT and UTC are derived with
:mod:`sojourn.core.time`. Positions km, velocities km/s, vectors ``(..., 3)``.
"""

from __future__ import annotations

import numpy as np

from sojourn.core.constants import F_EARTH, OMEGA_EARTH_RAD_S, R_EARTH_KM
from sojourn.core.time import tdb_to_tt, tdb_to_utc

__all__ = [
    "ecef_to_gcrs",
    "ecef_to_geodetic",
    "gast_rad",
    "gcrs_to_ecef",
    "gcrs_to_itrs_matrix",
    "geodetic_to_ecef",
    "gmst82_rad",
    "era_rad",
    "teme_to_gcrs",
]

_AS2R = np.pi / (180.0 * 3600.0)  # arcsec -> rad
_TURNAS = 1_296_000.0  # arcsec in a full turn
_DAY_S = 86_400.0
_CENTURY_DAYS = 36_525.0

# IAU 2000B lunisolar nutation, 20 largest of 77 terms (SOFA iauNut00b order), units 0.1 uas.
# Columns: multipliers of (l, l', F, D, Om); dpsi sin, sin*t, cos; deps cos, cos*t, sin.
_NUT = np.array(
    [
        [0, 0, 0, 0, 1, -172064161, -174666, 33386, 92052331, 9086, 15377],
        [0, 0, 2, -2, 2, -13170906, -1675, -13696, 5730336, -3015, -4587],
        [0, 0, 2, 0, 2, -2276413, -234, 2796, 978459, -485, 1374],
        [0, 0, 0, 0, 2, 2074554, 207, -698, -897492, 470, -291],
        [0, 1, 0, 0, 0, 1475877, -3633, 11817, 73871, -184, -1924],
        [0, 1, 2, -2, 2, -516821, 1226, -524, 224386, -677, -174],
        [1, 0, 0, 0, 0, 711159, 73, -872, -6750, 0, 358],
        [0, 0, 2, 0, 1, -387298, -367, 380, 200728, 18, 318],
        [1, 0, 2, 0, 2, -301461, -36, 816, 129025, -63, 367],
        [0, -1, 2, -2, 2, 215829, -494, 111, -95929, 299, 132],
        [0, 0, 2, -2, 1, 128227, 137, 181, -68982, -9, 39],
        [-1, 0, 2, 0, 2, 123457, 11, 19, -53311, 32, -4],
        [-1, 0, 0, 2, 0, 156994, 10, -168, -1235, 0, 82],
        [1, 0, 0, 0, 1, 63110, 63, 27, -33228, 0, -9],
        [-1, 0, 0, 0, 1, -57976, -63, -189, 31429, 0, -75],
        [-1, 0, 2, 2, 2, -59641, -11, 149, 25543, -11, 66],
        [1, 0, 2, 0, 1, -51613, -42, 129, 26366, 0, 78],
        [-2, 0, 2, 0, 1, 45893, 50, 31, -24236, -10, 20],
        [0, 0, 0, 2, 0, 63384, 11, -150, -1220, 0, 29],
        [0, 0, 2, 2, 2, -38571, -1, 158, 16452, -11, 68],
    ],
    dtype=np.float64,
)
_U2R = _AS2R / 1e7  # 0.1 microarcsecond -> rad
# IAU 2000B fixed offsets standing in for the planetary terms (SOFA iauNut00b), rad.
_DPPLAN = -0.135e-3 * _AS2R
_DEPLAN = 0.388e-3 * _AS2R


def _rx(a):
    """Frame rotation about x by ``a`` (rad), shape a.shape + (3, 3) (SOFA iauRx)."""
    c, s = np.cos(a), np.sin(a)
    o, z = np.ones_like(a), np.zeros_like(a)
    return np.stack(
        [np.stack([o, z, z], -1), np.stack([z, c, s], -1), np.stack([z, -s, c], -1)], -2
    )


def _ry(a):
    c, s = np.cos(a), np.sin(a)
    o, z = np.ones_like(a), np.zeros_like(a)
    return np.stack(
        [np.stack([c, z, -s], -1), np.stack([z, o, z], -1), np.stack([s, z, c], -1)], -2
    )


def _rz(a):
    c, s = np.cos(a), np.sin(a)
    o, z = np.ones_like(a), np.zeros_like(a)
    return np.stack(
        [np.stack([c, s, z], -1), np.stack([-s, c, z], -1), np.stack([z, z, o], -1)], -2
    )


def _tt_centuries(t_tdb_s):
    return np.asarray(tdb_to_tt(t_tdb_s), dtype=np.float64) / _DAY_S / _CENTURY_DAYS


def _ut1_days(t_tdb_s, dut1_s):
    """Days of UT1 past JD 2451545.0 (UT1 = UTC + dut1_s)."""
    return (np.asarray(tdb_to_utc(t_tdb_s), dtype=np.float64) + dut1_s) / _DAY_S


def era_rad(t_tdb_s, dut1_s=0.0):
    """Earth Rotation Angle, rad in [0, 2 pi) (IERS Conventions 2010, eq. 5.15).

    Parameters
    ----------
    t_tdb_s : float or ndarray (...)
        TDB seconds past J2000.
    dut1_s : float
        UT1 - UTC, s (default 0: an error of up to 0.9 s of rotation).
    """
    tu = _ut1_days(t_tdb_s, dut1_s)
    # Split the day fraction out first to keep precision (as SOFA iauEra00 does).
    f = np.mod(tu, 1.0)
    return np.mod(2.0 * np.pi * (f + 0.7790572732640 + 0.00273781191135448 * tu), 2.0 * np.pi)


def gmst82_rad(t_tdb_s, dut1_s=0.0):
    """IAU 1982 Greenwich mean sidereal time, rad, as SGP4 uses it.

    GMST = 67310.54841 s + (876600 h + 8640184.812866 s) T + 0.093104 s T^2 - 6.2e-6 s T^3,
    T in Julian centuries of UT1 past J2000 (Vallado et al. 2006, AIAA 2006-6753, eq. C-5).
    """
    tu = _ut1_days(t_tdb_s, dut1_s) / _CENTURY_DAYS
    sec = (
        67310.54841 + (876600.0 * 3600.0 + 8640184.812866) * tu + 0.093104 * tu**2 - 6.2e-6 * tu**3
    )
    return np.mod(sec * (2.0 * np.pi / _DAY_S), 2.0 * np.pi)


def _nutation(t):
    """(dpsi, deps) rad, IAU 2000B truncated (see module notes); t in TT centuries."""
    t = np.asarray(t, dtype=np.float64)
    # Delaunay arguments, linear (Simon et al. 1994 as in SOFA iauNut00b), rad.
    el = np.mod(485868.249036 + 1717915923.2178 * t, _TURNAS) * _AS2R
    elp = np.mod(1287104.79305 + 129596581.0481 * t, _TURNAS) * _AS2R
    f = np.mod(335779.526232 + 1739527262.8478 * t, _TURNAS) * _AS2R
    d = np.mod(1072260.70369 + 1602961601.2090 * t, _TURNAS) * _AS2R
    om = np.mod(450160.398036 - 6962890.5431 * t, _TURNAS) * _AS2R
    args = np.stack([el, elp, f, d, om], -1) @ _NUT[:, :5].T  # (..., 20)
    sa, ca = np.sin(args), np.cos(args)
    tt = t[..., None]
    dpsi = ((_NUT[:, 5] + _NUT[:, 6] * tt) * sa + _NUT[:, 7] * ca).sum(-1) * _U2R + _DPPLAN
    deps = ((_NUT[:, 8] + _NUT[:, 9] * tt) * ca + _NUT[:, 10] * sa).sum(-1) * _U2R + _DEPLAN
    return dpsi, deps, om


def _fw_angles(t):
    """IAU 2006 Fukushima-Williams angles and mean obliquity, rad (IERS 2010 eq. 5.40, 5.39)."""
    gamb = (
        -0.052928
        + (10.556378 + (0.4932044 + (-0.00031238 + (-0.000002788 + 0.0000000260 * t) * t) * t) * t)
        * t
    )
    phib = (
        84381.412819
        + (-46.811016 + (0.0511268 + (0.00053289 + (-0.000000440 - 0.0000000176 * t) * t) * t) * t)
        * t
    )
    psib = (
        -0.041775
        + (
            5038.481484
            + (1.5584175 + (-0.00018522 + (-0.000026452 - 0.0000000148 * t) * t) * t) * t
        )
        * t
    )
    epsa = (
        84381.406
        + (-46.836769 + (-0.0001831 + (0.00200340 + (-0.000000576 - 0.0000000434 * t) * t) * t) * t)
        * t
    )
    return gamb * _AS2R, phib * _AS2R, psib * _AS2R, epsa * _AS2R


def _npb_and_gast(t_tdb_s, dut1_s):
    """Bias-precession-nutation matrix (..., 3, 3) and GAST (...), rad."""
    t = _tt_centuries(t_tdb_s)
    gamb, phib, psib, epsa = _fw_angles(t)
    dpsi, deps, om = _nutation(t)
    # N P B = R1(-(eps_A + deps)) R3(-(psi_bar + dpsi)) R1(phi_bar) R3(gamma_bar)
    # (IERS 2010 eq. 5.40 ff).
    npb = _rx(-(epsa + deps)) @ _rz(-(psib + dpsi)) @ _rx(phib) @ _rz(gamb)
    era = era_rad(t_tdb_s, dut1_s)
    gmst = (
        era
        + (
            0.014506
            + (
                4612.156534
                + (1.3915817 + (-0.00000044 + (-0.000029956 - 0.0000000368 * t) * t) * t) * t
            )
            * t
        )
        * _AS2R
    )
    # Equation of the equinoxes: dpsi cos(eps_A) + complementary terms
    # (IERS 2010 eq. 5.30, Table 5.2e).
    ee = dpsi * np.cos(epsa) + (2640.96e-6 * np.sin(om) + 63.52e-6 * np.sin(2.0 * om)) * _AS2R
    return npb, np.mod(gmst + ee, 2.0 * np.pi)


def gcrs_to_itrs_matrix(t_tdb_s, dut1_s=0.0, xp_arcsec=0.0, yp_arcsec=0.0):
    """Rotation matrix taking GCRS vectors to ITRS (ECEF) vectors.

    Parameters
    ----------
    t_tdb_s : float or ndarray (...)
        TDB seconds past J2000.
    dut1_s : float
        UT1 - UTC, s (IERS Bulletin A); 0 by default (see module notes).
    xp_arcsec, yp_arcsec : float
        Pole coordinates, arcsec; 0 by default (polar motion neglected, up to ~15 m).

    Returns
    -------
    ndarray (..., 3, 3)
        ``r_itrs = M @ r_gcrs``.
    """
    npb, gast = _npb_and_gast(t_tdb_s, dut1_s)
    m = _rz(gast) @ npb
    if xp_arcsec or yp_arcsec:
        # W = R3(-s') R2(xp) R1(yp), s' < 0.1 mas omitted (IERS 2010 eq. 5.3; SOFA iauPom00).
        w = _ry(-np.float64(xp_arcsec) * _AS2R) @ _rx(-np.float64(yp_arcsec) * _AS2R)
        m = w @ m
    return m


def _omega_cross(r_km):
    w = OMEGA_EARTH_RAD_S
    return np.stack([-w * r_km[..., 1], w * r_km[..., 0], np.zeros_like(r_km[..., 0])], -1)


def gcrs_to_ecef(r_km, v_km_s, t_tdb_s, dut1_s=0.0, xp_arcsec=0.0, yp_arcsec=0.0):
    """GCRS state -> ITRS (ECEF) state, km and km/s, at TDB seconds ``t_tdb_s``.

    ``r_km``, ``v_km_s`` (..., 3) broadcast against ``t_tdb_s`` (...). ``v_km_s`` may be None.
    The velocity is relative to the rotating Earth (v_ecef = M v - omega x r_ecef).
    """
    m = gcrs_to_itrs_matrix(t_tdb_s, dut1_s, xp_arcsec, yp_arcsec)
    r_ecef = np.einsum("...ij,...j->...i", m, np.asarray(r_km, dtype=np.float64))
    if v_km_s is None:
        return r_ecef, None
    v_ecef = np.einsum("...ij,...j->...i", m, np.asarray(v_km_s, dtype=np.float64)) - _omega_cross(
        r_ecef
    )
    return r_ecef, v_ecef


def ecef_to_gcrs(r_ecef_km, v_ecef_km_s, t_tdb_s, dut1_s=0.0, xp_arcsec=0.0, yp_arcsec=0.0):
    """ITRS (ECEF) state -> GCRS state; the inverse of :func:`gcrs_to_ecef`.

    ``v_ecef_km_s`` may be None (a point fixed on the Earth: zero ECEF velocity is used).
    """
    m = gcrs_to_itrs_matrix(t_tdb_s, dut1_s, xp_arcsec, yp_arcsec)
    r_ecef = np.asarray(r_ecef_km, dtype=np.float64)
    v_ecef = (
        np.zeros_like(r_ecef) if v_ecef_km_s is None else np.asarray(v_ecef_km_s, dtype=np.float64)
    )
    mt = np.swapaxes(m, -1, -2)
    r = np.einsum("...ij,...j->...i", mt, r_ecef)
    v = np.einsum("...ij,...j->...i", mt, v_ecef + _omega_cross(r_ecef))
    return r, v


def teme_to_gcrs(r_teme_km, v_teme_km_s, t_tdb_s, dut1_s=0.0):
    """TEME state (SGP4 output) -> GCRS state, km and km/s.

    r_gcrs = (R3(GAST) N P B)^T R3(GMST82) r_teme; the same rotation takes the velocity
    because both sidereal angles turn at the same rate (their difference, the equation of
    the equinoxes plus the 1982 vs 2006 model offset, drifts by under 1e-12 rad/s).
    """
    npb, gast = _npb_and_gast(t_tdb_s, dut1_s)
    theta = gmst82_rad(t_tdb_s, dut1_s)
    # PEF = R3(GMST82) TEME; GCRS = NPB^T R3(-GAST) PEF.
    m = np.swapaxes(npb, -1, -2) @ _rz(theta - gast)
    r = np.einsum("...ij,...j->...i", m, np.asarray(r_teme_km, dtype=np.float64))
    v = np.einsum("...ij,...j->...i", m, np.asarray(v_teme_km_s, dtype=np.float64))
    return r, v


def gast_rad(t_tdb_s, dut1_s=0.0):
    """Greenwich apparent sidereal time (IAU 2006/2000B as above), rad in [0, 2 pi)."""
    return _npb_and_gast(t_tdb_s, dut1_s)[1]


# --- Geodetic (WGS 84) -----------------------------------------------------------------
_E2 = F_EARTH * (2.0 - F_EARTH)


def geodetic_to_ecef(lat_deg, lon_deg, h_km=0.0):
    """WGS 84 geodetic latitude, longitude (deg) and height (km) -> ECEF position (..., 3) km.

    Vallado, Fundamentals of Astrodynamics and Applications, 4th ed., Algorithm 51 / eq. 3-7.
    """
    lat = np.radians(np.asarray(lat_deg, dtype=np.float64))
    lon = np.radians(np.asarray(lon_deg, dtype=np.float64))
    h = np.asarray(h_km, dtype=np.float64)
    n = R_EARTH_KM / np.sqrt(1.0 - _E2 * np.sin(lat) ** 2)
    return np.stack(
        [
            (n + h) * np.cos(lat) * np.cos(lon),
            (n + h) * np.cos(lat) * np.sin(lon),
            (n * (1.0 - _E2) + h) * np.sin(lat),
        ],
        -1,
    )


def ecef_to_geodetic(r_ecef_km):
    """ECEF position (..., 3) km -> (lat_deg, lon_deg, h_km), WGS 84.

    Fixed-point iteration on latitude (Vallado 4th ed., Algorithm 12); five passes reach
    1e-12 rad for points between the ground and GEO.
    """
    r = np.asarray(r_ecef_km, dtype=np.float64)
    x, y, z = r[..., 0], r[..., 1], r[..., 2]
    p = np.hypot(x, y)
    lon = np.arctan2(y, x)
    lat = np.arctan2(z, p * (1.0 - _E2))
    for _ in range(6):
        n = R_EARTH_KM / np.sqrt(1.0 - _E2 * np.sin(lat) ** 2)
        lat = np.arctan2(z + n * _E2 * np.sin(lat), p)
    n = R_EARTH_KM / np.sqrt(1.0 - _E2 * np.sin(lat) ** 2)
    cl = np.cos(lat)
    h = np.where(
        np.abs(cl) > 1e-10,
        p / np.where(np.abs(cl) > 1e-10, cl, 1.0) - n,
        np.abs(z) - n * (1.0 - _E2),
    )
    return np.degrees(lat), np.degrees(lon), h

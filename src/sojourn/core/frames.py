"""Earth frames: GCRS <-> ITRS (ECEF), TEME -> GCRS, geodetic <-> ECEF.

Model: IERS Conventions 2010, chapter 5, CIO-based, through ``pyerfa`` (the IAU SOFA
library's routines, the reference implementation of the conventions):

- **Bias-precession-nutation**: IAU 2006 precession with the full IAU 2000A nutation series
  (1,365 terms, adjusted to IAU 2006; ``eraPnm06a``), giving the CIP coordinates X, Y
  (``eraBpn2xy``) and the CIO locator s (``eraS06``); the celestial pole offsets dX, dY of
  the IERS are added to X, Y (IERS 2010 eq. 5.26) and ``eraC2ixys`` forms the GCRS -> CIRS
  matrix.
- **Earth rotation**: the Earth Rotation Angle of UT1 (``eraEra00``, IERS 2010 eq. 5.15).
  Greenwich apparent sidereal time is ERA minus the equation of the origins (``eraEors``,
  eq. 5.31), i.e. IAU 2006/2000A GAST.
- **Polar motion**: W = R3(-s') R2(xp) R1(yp) with the TIO locator s' (``eraPom00`` with
  ``eraSp00``, eq. 5.3).
- **Earth orientation parameters** (UT1-UTC, xp, yp, dX, dY): an argument left ``None``
  (the default) is looked up in the IERS table of :mod:`sojourn.core.eop` (offline, with its
  behaviour outside the table's span documented there); a number given overrides it (0 for
  UT1 = UTC, the model of Sojourn before the table: up to 0.4 km of rotation at the equator).

The precession-nutation quantities (X, Y, s and the equation of the origins) change slowly
(their fastest terms have periods of days), so they are evaluated on a fixed one-hour grid
of TT and interpolated linearly: the full series costs ~60 us a time, and a month of
one-minute steps would otherwise take seconds. The interpolation error is under 20 micro-
arcseconds (0.6 mm at 7,000 km), well below the IAU 2000A model's own 0.2 mas; a time's
result does not depend on what else is in the array. ERA, polar motion and GMST are computed
at each time.

TEME (the frame of SGP4's output) is rotated into the pseudo Earth-fixed frame with the
IAU 1982 GMST (``eraGmst82``), as SGP4 itself assumes (Vallado, Crawford, Hujsak & Kelso
2006, "Revisiting Spacetrack Report #3", AIAA 2006-6753, eq. (1) and Appendix C), then from
there (the terrestrial intermediate frame, polar motion not applied) to GCRS with the model
above.

Times are TDB seconds past J2000 (``t_tdb_s``); TT and UTC are derived with
:mod:`sojourn.core.time`. Positions km, velocities km/s, vectors ``(..., 3)``.
"""

from __future__ import annotations

import functools

import erfa
import numpy as np

from sojourn.core import eop as _eop
from sojourn.core.constants import F_EARTH, OMEGA_EARTH_RAD_S, R_EARTH_KM
from sojourn.core.time import tdb_to_tt, tdb_to_utc

__all__ = [
    "ecef_to_gcrs",
    "ecef_to_geodetic",
    "era_rad",
    "gast_rad",
    "gcrs_to_ecef",
    "gcrs_to_itrs_matrix",
    "geodetic_to_ecef",
    "gmst82_rad",
    "teme_to_gcrs",
]

_AS2R = np.pi / (180.0 * 3600.0)  # arcsec -> rad
_DAY_S = 86_400.0
_J2000_JD = 2_451_545.0
#: Spacing of the TT grid on which the precession-nutation quantities are interpolated,
#: days (module notes: < 20 micro-arcseconds with linear interpolation).
_NODE_DAYS = 1.0 / 24.0


def _nan_through(func):
    """NaN times give NaN results quietly, as NumPy arithmetic does (erfa's ufuncs would warn)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with np.errstate(invalid="ignore"):
            return func(*args, **kwargs)

    return wrapper


def _tt_days(t_tdb_s):
    """TT days past J2000 (the second part of a two-part Julian date)."""
    return np.asarray(tdb_to_tt(t_tdb_s), dtype=np.float64) / _DAY_S


def _cip_exact(tt_days):
    """(..., 4): CIP X, Y, CIO locator s, equation of the origins (rad), full IAU 2006/2000A."""
    rbpn = erfa.pnm06a(_J2000_JD, tt_days)
    x, y = erfa.bpn2xy(rbpn)
    s = erfa.s06(_J2000_JD, tt_days, x, y)
    return np.stack([x, y, s, erfa.eors(rbpn, s)], -1)


def _cip(tt_days):
    """X, Y, s, EO (each shaped like ``tt_days``), interpolated on the fixed TT grid."""
    tt = np.asarray(tt_days, dtype=np.float64)
    u = tt.ravel() / _NODE_DAYS
    k = np.floor(u)
    # Only the grid nodes next to the times asked for are evaluated.
    nodes, inv = np.unique(np.concatenate([k, k + 1.0]), return_inverse=True)
    vals = _cip_exact(nodes * _NODE_DAYS)
    n = u.size
    lo, hi = vals[inv[:n]], vals[inv[n:]]
    out = lo + (u - k)[:, None] * (hi - lo)
    return tuple(out[:, j].reshape(tt.shape) for j in range(4))


def _eop_args(t_tdb_s, dut1_s, xp_arcsec, yp_arcsec, dx_arcsec, dy_arcsec):
    """The Earth orientation parameters: each ``None`` looked up in the IERS table."""
    given = (dut1_s, xp_arcsec, yp_arcsec, dx_arcsec, dy_arcsec)
    if all(v is not None for v in given):
        return tuple(np.asarray(v, dtype=np.float64) for v in given)
    e = _eop.eop(t_tdb_s)
    table = (e.dut1_s, e.xp_arcsec, e.yp_arcsec, e.dx_arcsec, e.dy_arcsec)
    return tuple(
        t if v is None else np.asarray(v, dtype=np.float64)
        for v, t in zip(given, table, strict=True)
    )


def _ut1_days(t_tdb_s, dut1_s):
    """Days of UT1 past JD 2451545.0 (UT1 = UTC + dut1_s)."""
    return (np.asarray(tdb_to_utc(t_tdb_s), dtype=np.float64) + dut1_s) / _DAY_S


def _dut1(t_tdb_s, dut1_s):
    if dut1_s is not None:
        return np.asarray(dut1_s, dtype=np.float64)
    return _eop.ut1_utc_s(t_tdb_s)


@_nan_through
def era_rad(t_tdb_s, dut1_s=None):
    """Earth Rotation Angle, rad in [0, 2 pi) (IERS Conventions 2010, eq. 5.15; ``eraEra00``).

    Parameters
    ----------
    t_tdb_s : float or ndarray (...)
        TDB seconds past J2000.
    dut1_s : float or ndarray (...), optional
        UT1 - UTC, s; ``None`` (default) looks it up in the IERS table
        (:mod:`sojourn.core.eop`), 0 gives UT1 = UTC.
    """
    return erfa.era00(_J2000_JD, _ut1_days(t_tdb_s, _dut1(t_tdb_s, dut1_s)))


@_nan_through
def gmst82_rad(t_tdb_s, dut1_s=None):
    """IAU 1982 Greenwich mean sidereal time, rad in [0, 2 pi), as SGP4 uses it (``eraGmst82``).

    GMST = 24110.54841 s + 8640184.812866 s T + 0.093104 s T^2 - 6.2e-6 s T^3 (+ the UT1 day
    fraction), T in Julian centuries of UT1 past J2000 (Vallado et al. 2006, AIAA 2006-6753,
    eq. C-5). ``dut1_s`` as in :func:`era_rad`.
    """
    return erfa.gmst82(_J2000_JD, _ut1_days(t_tdb_s, _dut1(t_tdb_s, dut1_s)))


@_nan_through
def gast_rad(t_tdb_s, dut1_s=None):
    """Greenwich apparent sidereal time, IAU 2006/2000A, rad in [0, 2 pi).

    GAST = ERA - EO, the equation of the origins from the full series (IERS Conventions
    2010, eq. 5.31; what ``eraGst06a`` computes). ``dut1_s`` as in :func:`era_rad`.
    """
    era = era_rad(t_tdb_s, dut1_s)
    eo = _cip(_tt_days(t_tdb_s))[3]
    return np.mod(era - eo, 2.0 * np.pi)


def _c2i(t_tdb_s, dx_arcsec, dy_arcsec):
    """GCRS -> CIRS matrix (..., 3, 3), the IERS pole offsets added to X, Y (eq. 5.26)."""
    x, y, s, _ = _cip(_tt_days(t_tdb_s))
    return erfa.c2ixys(x + dx_arcsec * _AS2R, y + dy_arcsec * _AS2R, s)


@_nan_through
def gcrs_to_itrs_matrix(
    t_tdb_s,
    dut1_s=None,
    xp_arcsec=None,
    yp_arcsec=None,
    *,
    dx_arcsec=None,
    dy_arcsec=None,
):
    """Rotation matrix taking GCRS vectors to ITRS (ECEF) vectors, IAU 2006/2000A, CIO based.

    Parameters
    ----------
    t_tdb_s : float or ndarray (...)
        TDB seconds past J2000.
    dut1_s : float or ndarray (...), optional
        UT1 - UTC, s.
    xp_arcsec, yp_arcsec : float or ndarray (...), optional
        Pole coordinates, arcsec.
    dx_arcsec, dy_arcsec : float or ndarray (...), optional
        Celestial pole offsets dX, dY with respect to IAU 2006/2000A, arcsec.

    Each Earth orientation parameter left ``None`` (the default) is taken from the IERS table
    (:func:`sojourn.core.eop.eop`); a number overrides it (0 neglects it).

    Returns
    -------
    ndarray (..., 3, 3)
        ``r_itrs = M @ r_gcrs`` (``eraC2tcio``).
    """
    dut1, xp, yp, dx, dy = _eop_args(t_tdb_s, dut1_s, xp_arcsec, yp_arcsec, dx_arcsec, dy_arcsec)
    rc2i = _c2i(t_tdb_s, dx, dy)
    era = erfa.era00(_J2000_JD, _ut1_days(t_tdb_s, dut1))
    sp = erfa.sp00(_J2000_JD, _tt_days(t_tdb_s))
    rpom = erfa.pom00(xp * _AS2R, yp * _AS2R, sp)
    return erfa.c2tcio(rc2i, era, rpom)


def _rz(a):
    """Frame rotation about z by ``a`` (rad), shape a.shape + (3, 3) (SOFA iauRz)."""
    c, s = np.cos(a), np.sin(a)
    o, z = np.ones_like(a), np.zeros_like(a)
    return np.stack(
        [np.stack([c, s, z], -1), np.stack([-s, c, z], -1), np.stack([z, z, o], -1)], -2
    )


def _omega_cross(r_km):
    w = OMEGA_EARTH_RAD_S
    return np.stack([-w * r_km[..., 1], w * r_km[..., 0], np.zeros_like(r_km[..., 0])], -1)


def gcrs_to_ecef(
    r_km,
    v_km_s,
    t_tdb_s,
    dut1_s=None,
    xp_arcsec=None,
    yp_arcsec=None,
    *,
    dx_arcsec=None,
    dy_arcsec=None,
):
    """GCRS state -> ITRS (ECEF) state, km and km/s, at TDB seconds ``t_tdb_s``.

    ``r_km``, ``v_km_s`` (..., 3) broadcast against ``t_tdb_s`` (...). ``v_km_s`` may be None.
    The velocity is relative to the rotating Earth (v_ecef = M v - omega x r_ecef, with the
    nominal rotation rate ``OMEGA_EARTH_RAD_S``). Earth orientation parameters as in
    :func:`gcrs_to_itrs_matrix`.
    """
    m = gcrs_to_itrs_matrix(
        t_tdb_s, dut1_s, xp_arcsec, yp_arcsec, dx_arcsec=dx_arcsec, dy_arcsec=dy_arcsec
    )
    r_ecef = np.einsum("...ij,...j->...i", m, np.asarray(r_km, dtype=np.float64))
    if v_km_s is None:
        return r_ecef, None
    v_ecef = np.einsum("...ij,...j->...i", m, np.asarray(v_km_s, dtype=np.float64)) - _omega_cross(
        r_ecef
    )
    return r_ecef, v_ecef


def ecef_to_gcrs(
    r_ecef_km,
    v_ecef_km_s,
    t_tdb_s,
    dut1_s=None,
    xp_arcsec=None,
    yp_arcsec=None,
    *,
    dx_arcsec=None,
    dy_arcsec=None,
):
    """ITRS (ECEF) state -> GCRS state; the inverse of :func:`gcrs_to_ecef`.

    ``v_ecef_km_s`` may be None (a point fixed on the Earth: zero ECEF velocity is used).
    """
    m = gcrs_to_itrs_matrix(
        t_tdb_s, dut1_s, xp_arcsec, yp_arcsec, dx_arcsec=dx_arcsec, dy_arcsec=dy_arcsec
    )
    r_ecef = np.asarray(r_ecef_km, dtype=np.float64)
    v_ecef = (
        np.zeros_like(r_ecef) if v_ecef_km_s is None else np.asarray(v_ecef_km_s, dtype=np.float64)
    )
    mt = np.swapaxes(m, -1, -2)
    r = np.einsum("...ij,...j->...i", mt, r_ecef)
    v = np.einsum("...ij,...j->...i", mt, v_ecef + _omega_cross(r_ecef))
    return r, v


@_nan_through
def teme_to_gcrs(r_teme_km, v_teme_km_s, t_tdb_s, dut1_s=None, *, dx_arcsec=None, dy_arcsec=None):
    """TEME state (SGP4 output) -> GCRS state, km and km/s.

    r_gcrs = C^T R3(ERA - GMST82) r_teme with C the GCRS -> CIRS matrix: TEME -> PEF by the
    1982 GMST, PEF (= the terrestrial intermediate frame before polar motion) -> GCRS by the
    model above. The same rotation takes the velocity because both angles turn at the same
    rate (their difference drifts by under 1e-11 rad/s); for the same reason UT1 - UTC hardly
    matters here (0.9 s of it moves the result by under a micrometre).
    """
    # Polar motion does not enter (TEME -> PEF -> GCRS); 0 spares its look-up.
    dut1, _, _, dx, dy = _eop_args(t_tdb_s, dut1_s, 0.0, 0.0, dx_arcsec, dy_arcsec)
    rc2i = _c2i(t_tdb_s, dx, dy)
    ut1 = _ut1_days(t_tdb_s, dut1)
    m = np.swapaxes(rc2i, -1, -2) @ _rz(erfa.gmst82(_J2000_JD, ut1) - erfa.era00(_J2000_JD, ut1))
    r = np.einsum("...ij,...j->...i", m, np.asarray(r_teme_km, dtype=np.float64))
    v = np.einsum("...ij,...j->...i", m, np.asarray(v_teme_km_s, dtype=np.float64))
    return r, v


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

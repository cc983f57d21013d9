"""Compiled kernels of the porkchop grid and the synodic scan (whole arrays, rows in parallel).

Inside a row the arrival dates (or flight times) are neighbours: the converged Izzo ``x`` of
one cell is the first guess of the next (:func:`sojourn.core.lambert.izzo_core` takes a warm
start ``x0``), so a cell costs one or two Householder steps instead of three or four. Rows are
independent (the warm start runs along a row only), so the answer does not depend on how rows
are chunked or on how many threads run them.

Delta-v figures are impulsive and at periapsis (Curtis, *Orbital Mechanics for Engineering
Students*, 3rd ed., section 8.9 eq. 8.42 for departure from a circular parking orbit and
section 8.10 eq. 8.58-8.59 for capture into an orbit of given periapsis and period):

- departure: ``dv = sqrt(vinf^2 + 2 mu / rp) - sqrt(mu / rp)``
- capture:   ``dv = sqrt(vinf^2 + 2 mu / rp) - sqrt(mu (2 / rp - 1 / a))``, with
  ``a = (mu P^2 / 4 pi^2)^(1/3)``.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit, prange

from sojourn.core.lambert import izzo_core

__all__ = ["STATUS_ARRIVAL_NOT_AFTER_DEPARTURE", "grid_kernel", "scan_kernel"]

#: Grid status code for a cell whose arrival is not after its departure (Lambert codes 0-4
#: are :data:`sojourn.core.lambert.LAMBERT_STATUS`).
STATUS_ARRIVAL_NOT_AFTER_DEPARTURE = 5

# Same fastmath flags as the Lambert kernel (no 'nnan'/'ninf': NaN marks failed cells).
_FM = {"nsz", "arcp", "contract", "afn", "reassoc"}
_RAD2DEG = 180.0 / math.pi


@njit(cache=True, parallel=True, fastmath=_FM)
def grid_kernel(
    mu, r1, vb1, t1, r2, vb2, t2, M, low_path, mu_d, rp_d, mu_a, rp_a, vp_cap, ce, se,
    c3, vinf_d, vinf_a, dla, rla, dv_d, dv_a, status,
):  # fmt: skip
    """All cells of a (m, n) grid; rows in parallel, warm start along each row.

    r1, vb1 (m, 3) departure body position/velocity km, km/s, Sun-centred **ecliptic of
    J2000** (so that prograde means the planets' sense); t1 (m,) TDB s; r2, vb2 (n, 3), t2 (n,)
    the same at arrival. ``ce, se``: cosine and sine of the obliquity, to turn the departure
    asymptote back to the ICRF equator for DLA and RLA. ``vp_cap``: periapsis speed of the capture
    orbit, km/s (NaN: no capture, dv_a = 0). Outputs (m, n), written in place.
    """
    m = t1.shape[0]
    n = t2.shape[0]
    nan = np.nan
    vesc_d2 = 2.0 * mu_d / rp_d  # escape speed^2 at the parking-orbit radius
    vcirc_d = math.sqrt(mu_d / rp_d)  # circular speed there (Curtis eq. 8.42)
    vesc_a2 = 2.0 * mu_a / rp_a
    capture = vp_cap == vp_cap
    for i in prange(m):
        x = nan  # cold start at the first cell of a row
        for j in range(n):
            tof = t2[j] - t1[i]
            st = STATUS_ARRIVAL_NOT_AFTER_DEPARTURE
            if tof > 0.0:
                v1x, v1y, v1z, v2x, v2y, v2z, xs, _it, st = izzo_core(
                    mu, r1[i, 0], r1[i, 1], r1[i, 2], r2[j, 0], r2[j, 1], r2[j, 2],
                    tof, M, True, low_path, x,
                )  # fmt: skip
            status[i, j] = st
            if st != 0:
                x = nan
                c3[i, j] = nan
                vinf_d[i, j] = nan
                vinf_a[i, j] = nan
                dla[i, j] = nan
                rla[i, j] = nan
                dv_d[i, j] = nan
                dv_a[i, j] = nan
                continue
            x = xs
            wx = v1x - vb1[i, 0]
            wy = v1y - vb1[i, 1]
            wz = v1z - vb1[i, 2]
            cc = wx * wx + wy * wy + wz * wz
            vd = math.sqrt(cc)
            ux = v2x - vb2[j, 0]
            uy = v2y - vb2[j, 1]
            uz = v2z - vb2[j, 2]
            va2 = ux * ux + uy * uy + uz * uz
            c3[i, j] = cc
            vinf_d[i, j] = vd
            vinf_a[i, j] = math.sqrt(va2)
            qy = ce * wy - se * wz  # ecliptic -> ICRF equator
            qz = se * wy + ce * wz
            dla[i, j] = math.asin(min(1.0, max(-1.0, qz / vd))) * _RAD2DEG
            ra = math.atan2(qy, wx) * _RAD2DEG
            rla[i, j] = ra + 360.0 if ra < 0.0 else ra
            dv_d[i, j] = math.sqrt(cc + vesc_d2) - vcirc_d
            dv_a[i, j] = math.sqrt(va2 + vesc_a2) - vp_cap if capture else 0.0


@njit(cache=True, parallel=True, fastmath=_FM)
def scan_kernel(mu, r1, vb1, t1, r2, vb2, t2, n_tof, M, low_path, c3min, jbest, vinf_a, nconv):
    """Minimum C3 over flight time for each departure row of a synodic scan.

    Row i departs at t1[i]; its k-th flight time arrives at t2[i + k] (k < n_tof), so the
    arrival states are shared by neighbouring rows and evaluated once. Outputs (m,):
    minimum C3 km^2/s^2 (NaN if no cell converged), the k of that minimum (-1 if none), the
    arrival v-infinity there, km/s, and the number of converged cells.
    """
    m = t1.shape[0]
    nan = np.nan
    for i in prange(m):
        x = nan
        best = np.inf
        kbest = -1
        vab = nan
        count = 0
        for k in range(n_tof):
            j = i + k
            tof = t2[j] - t1[i]
            if not tof > 0.0:
                x = nan
                continue
            v1x, v1y, v1z, v2x, v2y, v2z, xs, _it, st = izzo_core(
                mu, r1[i, 0], r1[i, 1], r1[i, 2], r2[j, 0], r2[j, 1], r2[j, 2],
                tof, M, True, low_path, x,
            )  # fmt: skip
            if st != 0:
                x = nan
                continue
            x = xs
            count += 1
            wx = v1x - vb1[i, 0]
            wy = v1y - vb1[i, 1]
            wz = v1z - vb1[i, 2]
            cc = wx * wx + wy * wy + wz * wz
            if cc < best:
                best = cc
                kbest = k
                ux = v2x - vb2[j, 0]
                uy = v2y - vb2[j, 1]
                uz = v2z - vb2[j, 2]
                vab = math.sqrt(ux * ux + uy * uy + uz * uz)
        c3min[i] = best if kbest >= 0 else nan
        jbest[i] = kbest
        vinf_a[i] = vab
        nconv[i] = count

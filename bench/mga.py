"""A decade of Earth-Venus-Mars(-Earth) gravity-assist trajectories: Sojourn against pykep 3's
``pykep.trajopt.mga`` in the same run.

Run from a venv holding pykep 3 and Sojourn (see bench/README.md)::

    python bench/mga.py [--repeat 3] [--pykep-sample 20000]

1. The daily Earth-Venus-Mars grid of a decade: every daily Earth departure 2030-01-01..
   2039-12-31 (3,652), every daily Venus flyby date with an Earth-Venus flight of 70-250 days,
   every daily Mars arrival with a Venus-Mars flight of 70-350 days: 3,652 x 181 x 281 = 186 M
   chains, each costed as injection from a 200 km LEO + the powered Venus flyby (one periapsis
   impulse, >= 300 km) + capture into 250 km x 1 sol, the cheapest flyby kept per
   (departure, arrival). Sojourn: :func:`sojourn.mga.leg_vectors` per leg (one Lambert batch a
   leg, DE440) and :func:`sojourn.mga.reduce_over_flyby` (compiled, pruned), one departure year
   at a time. pykep: ``pykep.trajopt.mga`` (seq Earth-Venus-Mars, direct encoding, orbit
   insertion at Mars) ``fitness`` on a random sample of the same chains, timed and extrapolated
   linearly to all of them (the full grid would take hours in pykep).
2. The user's call: ``sojourn.roundtrip("earth", "mars", 2030..2040, "opposition",
   via="venus")``: the best Earth-Venus-Mars-Earth or Earth-Mars-Venus-Earth round trip
   (30-90-day stay, <= 650 days, entry <= 14 km/s) of every opportunity in the decade (5-day
   grid, then a 0.5-day one around each best; DE440).

Timings: best of ``--repeat`` with a warm Numba cache (one untimed warm-up call first).
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import time

import numba
import numpy as np

from sojourn.core.constants import DAY_S, GM_KM3_S2, RADIUS_KM
from sojourn.core.defaults import CAPTURE_PERIAPSIS_ALT_KM, CAPTURE_PERIOD_S, PARKING_ALT_KM
from sojourn.core.maneuvers import capture_dv_km_s, injection_dv_km_s
from sojourn.core.time import date_range, tdb
from sojourn.mga import leg_vectors, reduce_over_flyby
from sojourn.roundtrip import roundtrip

EV_DAYS = (70.0, 250.0)
VM_DAYS = (70.0, 350.0)
T_J2000_MJD2000 = 0.5  # pykep's MJD2000 counts from 2000-01-01T00:00 (J2000 is 0.5)


def evm_decade(t0, t1):
    """Best EVM cost per (departure, arrival) for daily departures in [t0, t1], a year at a
    time; returns (overall best cost, chains on the grid, Lambert arcs solved)."""
    r_park = RADIUS_KM["earth"] + PARKING_ALT_KM
    r_cap = RADIUS_KM["mars"] + CAPTURE_PERIAPSIS_ALT_KM
    best, chains, arcs = math.inf, 0, 0
    for y0 in np.arange(t0, t1 + DAY_S, 365 * DAY_S):
        t_dep = date_range(y0, min(y0 + 364 * DAY_S, t1), 1.0)
        t_v = date_range(t_dep[0] + EV_DAYS[0] * DAY_S, t_dep[-1] + EV_DAYS[1] * DAY_S, 1.0)
        t_arr = date_range(t_v[0] + VM_DAYS[0] * DAY_S, t_v[-1] + VM_DAYS[1] * DAY_S, 1.0)
        vd1, va1 = leg_vectors("earth", "venus", t_dep, t_v, EV_DAYS[0] * DAY_S, EV_DAYS[1] * DAY_S)
        vd2, va2 = leg_vectors("venus", "mars", t_v, t_arr, VM_DAYS[0] * DAY_S, VM_DAYS[1] * DAY_S)
        c1 = injection_dv_km_s(np.linalg.norm(vd1, axis=-1), GM_KM3_S2["earth"], r_park)
        c2 = capture_dv_km_s(
            np.linalg.norm(va2, axis=-1), GM_KM3_S2["mars"], r_cap, CAPTURE_PERIOD_S
        )
        cost, _, _ = reduce_over_flyby(c1, va1, c2, vd2, "venus")
        best = min(best, float(np.min(cost)))
        n1 = (t_v[None, :] - t_dep[:, None]) / DAY_S
        in1 = (n1 >= EV_DAYS[0]) & (n1 <= EV_DAYS[1])
        n2 = (t_arr[None, :] - t_v[:, None]) / DAY_S
        in2 = (n2 >= VM_DAYS[0]) & (n2 <= VM_DAYS[1])
        chains += int(in1.sum(axis=0) @ in2.sum(axis=1))
        arcs += int(in1.sum() + in2.sum())
    return best, chains, arcs


def best_time(fn, repeat):
    """Best wall time and the CPU time (all threads) of that run, s, and the result. On a
    shared machine the CPU time is the fairer measure; both are printed."""
    best, cpu, out = math.inf, math.inf, None
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        out = fn()
        dt = time.perf_counter() - t
        if dt < best:
            best, cpu = dt, time.process_time() - c
    return (best, cpu), out


def pykep_per_chain(t0, t1, n_sample, seed=11):
    """Seconds per ``mga.fitness`` call of pykep 3 on random chains of the same grid."""
    try:
        import pykep as pk
    except ImportError as exc:
        print(f"pykep not importable ({exc}); the pykep anchor is skipped")
        return None, None, None
    seq = [pk.planet(pk.udpla.jpl_lp(n)) for n in ("earth", "venus", "mars")]
    udp = pk.trajopt.mga(
        seq=seq,
        t0=[t0 / DAY_S + T_J2000_MJD2000, t1 / DAY_S + T_J2000_MJD2000],
        tof=[list(EV_DAYS), list(VM_DAYS)],
        vinf=0.0,
        orbit_insertion=True,
        e_target=0.82,  # 250 km x 1 sol at Mars: a = 20,430 km, rp = 3,646 km
        rp_target=(RADIUS_KM["mars"] + CAPTURE_PERIAPSIS_ALT_KM) * 1000.0,
    )
    rng = np.random.default_rng(seed)
    xs = np.column_stack(
        [
            rng.integers(0, int((t1 - t0) / DAY_S) + 1, n_sample) + t0 / DAY_S + T_J2000_MJD2000,
            rng.integers(EV_DAYS[0], EV_DAYS[1] + 1, n_sample).astype(float),
            rng.integers(VM_DAYS[0], VM_DAYS[1] + 1, n_sample).astype(float),
        ]
    )
    udp.fitness(xs[0])  # warm-up
    t = time.process_time()
    vals = [udp.fitness(x)[0] for x in xs]
    dt = time.process_time() - t  # one thread: CPU time = its own time
    return dt / n_sample, getattr(pk, "__version__", "?"), vals


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--pykep-sample", type=int, default=20000)
    a = ap.parse_args()
    t0, t1 = tdb("2030-01-01"), tdb("2039-12-31")
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores; Numba {numba.__version__} "
        f"({numba.get_num_threads()} threads), NumPy {np.__version__}"
    )
    evm_decade(t0, t0 + 30 * DAY_S)  # warm-up: Numba cache, DE440
    (dt, cpu), (best, chains, arcs) = best_time(lambda: evm_decade(t0, t1), a.repeat)
    print(
        f"1. daily EVM decade: {chains:,} chains, {arcs:,} Lambert arcs, best "
        f"{best:.3f} km/s: Sojourn {dt:.2f} s wall, {cpu:.2f} s CPU "
        f"({chains / cpu / 1e6:.1f} M chains per CPU-second), load {os.getloadavg()[0]:.1f}"
    )
    got = pykep_per_chain(t0, t1, a.pykep_sample)
    if got[0] is not None:
        per, ver, _ = got
        est = per * chains
        print(
            f"   pykep {ver} mga.fitness: {per * 1e6:.1f} us CPU a chain on "
            f"{a.pykep_sample:,} sampled chains -> {est:,.0f} CPU-s for the grid (extrapolated);"
            f" ratio per CPU-second {est / cpu:,.0f}x"
        )
    roundtrip("earth", "mars", (t0, t0 + 200 * DAY_S), "opposition", via="venus")  # warm-up
    (dt2, cpu2), r = best_time(
        lambda: roundtrip("earth", "mars", (t0, tdb("2040-12-31")), "opposition", via="venus"),
        a.repeat,
    )
    print(f"2. roundtrip(2030..2040, opposition, via venus): {dt2:.2f} s wall, {cpu2:.2f} s "
          f"CPU, {len(r.opportunities)} opportunities")  # fmt: skip
    for o in r.opportunities:
        fb = ", ".join(f"{f.body} {f.utc[:10]} {f.altitude_km:.0f} km {f.dv_km_s * 1e3:.0f} m/s"
                       for f in o.flybys)  # fmt: skip
        print(
            f"   {o.outbound.depart_utc[:10]} {o.total_days:5.0f} d stay {o.stay_days:4.0f} d "
            f"dv {o.dv_total_km_s:6.3f} km/s entry {o.entry_speed_km_s:5.2f} km/s  {fb}"
        )


if __name__ == "__main__":
    main()

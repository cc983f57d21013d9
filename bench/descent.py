"""Descent throughput: the flown Soyuz descent (sojourn.leo.entry) in batches, and a landing
search (sojourn.leo.landing) over two days.

    python bench/descent.py [--n 1024] [--repeat 3]

Prints the best of ``--repeat`` wall times with a warm Numba cache. No anchor: no public
package flies a 3-DOF capsule entry from an element set for comparison.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from sojourn.core.time import tdb
from sojourn.leo.entry import fly
from sojourn.leo.landing import landing_opportunities
from sojourn.leo.tle import builtin_tles, propagate_tle, tle_for_date


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1024)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    t = tdb("2021-10-17T03:41")
    tle = tle_for_date(builtin_tles(), t)
    tb = t + np.linspace(0.0, 600.0, a.n)
    r, v = propagate_tle(tle, tb)
    lift = np.linspace(0.0, 0.3, a.n)
    fly(r[:16], v[:16], tb[:16], lift[:16])  # compile / load the cache
    best = min(_timed(lambda: fly(r, v, tb, lift)) for _ in range(a.repeat))
    print(f"fly: {a.n} descents in {best * 1e3:.1f} ms ({best / a.n * 1e6:.0f} us each)")
    t0 = tdb("2021-10-17T01:14")
    landing_opportunities(tle, t0, hours=6.0)
    best = min(_timed(lambda: landing_opportunities(tle, t0, hours=48.0)) for _ in range(a.repeat))
    print(f"landing_opportunities: 48 h search in {best:.2f} s")


def _timed(f) -> float:
    t0 = time.perf_counter()
    f()
    return time.perf_counter() - t0


if __name__ == "__main__":
    main()

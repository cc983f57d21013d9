"""LEO dose throughput (sojourn.radiation.leo): daily rates over 40 years, and a
grid of orbits (altitude x inclination) at one date.

    python bench/leo_dose.py [--repeat 3]

Prints the best of ``--repeat`` wall times (the first call, which reads the shipped records
and calibrates, is not timed). No anchor: no public package gives crewed LEO dose by orbit.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from sojourn.core.time import tdb, tdb_to_utc
from sojourn.radiation.leo import cutoff_fraction, leo_rate_msv_per_day


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    t0 = float(tdb_to_utc(tdb("2000-01-01")))
    days = t0 + (np.arange(14_610) + 0.5) * 86_400.0
    leo_rate_msv_per_day(419.0, 51.64, days[:10])  # read records, calibrate
    best = min(_timed(lambda: leo_rate_msv_per_day(419.0, 51.64, days)) for _ in range(a.repeat))
    print(f"leo_rate_msv_per_day: 14610 daily rates (2000-2040) in {best:.2f} s")
    alts, incs = np.arange(200.0, 1001.0, 50.0), np.arange(0.0, 91.0, 5.0)

    def grid():
        cutoff_fraction.cache_clear()
        for h in alts:
            for i in incs:
                leo_rate_msv_per_day(h, i, t0)

    best = min(_timed(grid) for _ in range(a.repeat))
    n = alts.size * incs.size
    print(f"orbit grid: {n} orbits in {best:.2f} s ({best / n * 1e3:.1f} ms each)")


def _timed(f) -> float:
    s = time.perf_counter()
    f()
    return time.perf_counter() - s


if __name__ == "__main__":
    main()

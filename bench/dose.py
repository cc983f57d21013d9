"""GCR dose throughput: the (phi, depth) proton-transport grid and dated doses on it.

    python bench/dose.py [--repeat 5]

Prints the grid's build time (once per process, compiled kernel with a warm Numba cache) and
the best of ``--repeat`` wall times for a 1000-day cruise, Mars-surface and LEO (ISS orbit)
dose after it (the LEO model's first call, which calibrates it, is not timed). No anchor: no
public package computes this dose chain for comparison.
"""

from __future__ import annotations

import argparse
import time

from sojourn.radiation import dose, gcr


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args()
    t0 = time.perf_counter()
    gcr.proton_dose_grid()
    gcr.reference_phi_mv()
    print(f"grid ({gcr.PHI_GRID_MV.size} phi x {gcr.DEPTH_GRID_G_CM2.size} depths): "
          f"{time.perf_counter() - t0:.2f} s")  # fmt: skip
    dose("leo", "2030-01-01", 1)  # reads the records and calibrates the LEO model once
    for env, shield in (("cruise", 10.0), ("mars_surface", None), ("leo", None)):
        best = min(
            _timed(lambda e=env, s=shield: dose(e, "2030-01-01", 1000, s)) for _ in range(a.repeat)
        )
        print(f"{env}: 1000-day dose in {best * 1e3:.1f} ms")


def _timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


if __name__ == "__main__":
    main()

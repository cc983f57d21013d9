"""The physical descent (sojourn.leo.entry) against published figures
(tests/reference/soyuz_descent.toml).

Calibration (not validation): Soyuz MS-11's CSA timeline chose the nominal guided lift
fraction (entry interface to chute command, 8 min 17 s) and the main-canopy opening height
(chute command to touchdown, 14 min 18 s); ``test_calibration_ms11`` only checks the model
still reproduces them. Every other test compares with a flight or a table not used to choose
a constant: US76 Table I, the NASA nominal g-load, the ballistic re-entries of Soyuz TMA-10
and TMA-11 (peak g, how far short), the TMA-13M parachute phase.
"""

from __future__ import annotations

import math
import tomllib
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sojourn.core.time import tdb
from sojourn.errors import InputError
from sojourn.leo.entry import SOYUZ, fly, parachute_descent_s, us76_density_kg_m3
from sojourn.leo.tle import builtin_tles, propagate_tle, tle_for_date

REF = tomllib.loads(
    (Path(__file__).resolve().parents[1] / "reference" / "soyuz_descent.toml").read_text()
)

#: An ISS orbit and a burn on the Soyuz MS-18 return's revolution (built-in set 2021-10-16):
#: the entry figures below depend on the entry angle a 128 m/s burn gives from a ~420 km
#: orbit, not on the date.
_T_BURN = tdb("2021-10-17T03:40:59")


def _burn_states(n):
    tle = tle_for_date(builtin_tles(), _T_BURN)
    return propagate_tle(tle, np.full(n, _T_BURN))


def _km(lat1, lon1, lat2, lon2):
    a1, o1, a2, o2 = map(math.radians, (lat1, lon1, lat2, lon2))
    c = math.sin(a1) * math.sin(a2) + math.cos(a1) * math.cos(a2) * math.cos(o1 - o2)
    return 6371.0 * math.acos(min(1.0, c))


def test_us76_table_i():
    """US76 densities from the defining constants vs Table I (printed to 5 figures: 1e-4)."""
    ref = REF["us76"]
    got = us76_density_kg_m3(np.array(ref["alt_km"]))
    assert got == pytest.approx(ref["density_kg_m3"], rel=1e-4)


def test_calibration_ms11():
    """Calibration check (MS-11 chose these two constants): entry-to-chute and chute phase."""
    ref = REF["calibration_ms11"]
    r, v = _burn_states(1)
    res = fly(r, v, _T_BURN, SOYUZ.nominal_lift_fraction)
    # 10 s: the lift fraction was set to 0.01 (12 s of entry time per 0.01)
    assert res.chute_tdb_s[0] - res.entry_tdb_s[0] == pytest.approx(ref["entry_to_chute_s"], abs=10)
    assert parachute_descent_s() == pytest.approx(ref["chute_to_landing_s"], abs=5)
    assert SOYUZ.deorbit_dv_m_s == ref["deorbit_dv_m_s"]
    assert SOYUZ.deorbit_burn_s == ref["deorbit_burn_s"]
    assert SOYUZ.mass_kg == REF["descent_module"]["mass_kg"]


def test_nominal_peak_g_nasa():
    """Guided entry at the nominal lift fraction: peak deceleration vs the published 4-5 g.

    Tolerance 0.5 g below the range: the constant-bank model flies a smoother g-pulse than
    the real bank-modulated entry (the MS-11-calibrated lift gives 3.9 g); above, none."""
    ref = REF["nominal_g"]
    r, v = _burn_states(1)
    g = fly(r, v, _T_BURN, SOYUZ.nominal_lift_fraction).peak_g[0]
    assert ref["peak_g_min"] - 0.5 <= g <= ref["peak_g_max"]


def test_ballistic_tma10_tma11():
    """Ballistic (spinning) entry: peak g vs TMA-11 (~8 g) and TMA-10 (8.5 g), and how far
    short of the guided landing point it comes down vs TMA-11 (420-475 km short).

    Tolerances: peak within 0.75 g of either flight (both quoted to 0.5 g; the flights
    started from a 340-350 km ISS, ours from ~420 km); the short fall within the quoted
    range widened by 50 km each side (the sources disagree by 55 km)."""
    r, v = _burn_states(2)
    res = fly(r, v, _T_BURN, np.array([SOYUZ.nominal_lift_fraction, 0.0]))
    g = res.peak_g[1]
    for key in ("ballistic_tma11", "ballistic_tma10"):
        assert abs(g - REF[key]["peak_g"]) <= 0.75, (key, g)
    short = _km(res.lat_deg[0], res.lon_deg[0], res.lat_deg[1], res.lon_deg[1])
    ref = REF["ballistic_tma11"]
    assert ref["short_km_min"] - 50.0 <= short <= ref["short_km_max"] + 50.0
    # ballistic lands earlier (shorter range) and loads the crew about twice as much
    assert res.landing_tdb_s[1] < res.landing_tdb_s[0]
    assert res.peak_g[1] > 1.8 * res.peak_g[0]


def test_chute_phase_tma13m():
    """Chute command to touchdown vs Soyuz TMA-13M (NASA blog, times to the minute)."""
    ref = REF["chute_tma13m"]
    assert abs(parachute_descent_s() - ref["chute_to_landing_s"]) <= ref["rounding_s"]


@settings(max_examples=8, deadline=None)
@given(st.floats(0.0, 0.25), st.floats(0.02, 0.05))
def test_more_lift_flies_farther_and_softer(c, dc):
    """Property: more vertical lift, a later touchdown and a lower peak deceleration."""
    r, v = _burn_states(2)
    res = fly(r, v, _T_BURN, np.array([c, c + dc]))
    assert res.landing_tdb_s[1] > res.landing_tdb_s[0]
    assert res.peak_g[1] < res.peak_g[0]


def test_samples_follow_the_path_to_the_ground():
    r, v = _burn_states(1)
    res = fly(r, v, _T_BURN, 0.1, sample_s=30.0)
    s = res.samples[0]
    s = s[np.isfinite(s[:, 0])]
    assert np.all(np.diff(s[:, 0]) > 0)
    h = np.linalg.norm(s[:, 1:4], axis=1)
    assert h[0] > 6700.0 and h[-1] < 6380.0  # from orbit to the chute command
    assert s[0, 0] == _T_BURN


def test_errors():
    r, v = _burn_states(1)
    with pytest.raises(InputError, match="lift_fraction"):
        fly(r, v, _T_BURN, 0.5)
    with pytest.raises(InputError, match="dv_m_s"):
        fly(r, v, _T_BURN, 0.1, dv_m_s=-3.0)
    with pytest.raises(InputError, match="pitch_deg"):
        fly(r, v, _T_BURN, 0.1, pitch_deg=120.0)

"""Numerical propagation with drag (sojourn.leo.drag) against LATER real ISS element sets.

The measurement: an ISS set propagated numerically (J2-J4, NRLMSIS 2.1 with the shipped CelesTrak
space weather, B and the epoch speed fitted to the set's own SGP4 motion over 3 days) to the
epoch of a later real set, and the distance to that set's state there, next to SGP4's own
distance. Nothing is calibrated on these pairs: B is fitted per set, on the set itself.

Measured (km, numerical vs SGP4): 5.7 d 3.6 vs 2.6; 5.5 d 23.0 vs 22.1; 9.7 d 42.2 vs 45.6;
15.2 d 189 vs 137. Over 5-10 days the two agree with the later set equally well; beyond,
the numerical orbit does worse (one B for the span, no attitude-dependent area). The bound
below: within 1.5 x SGP4's distance + 5 km for spans up to 10 days (no published value is
used for the bound: it is the claim "as good as SGP4 against the later set", with a margin
for the one fitted number). The sets are those of src/sojourn/leo/data/iss.tle and
tests/reference/leo_landing_tles.txt, stored verbatim with their sources.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from sojourn.core.time import tdb
from sojourn.errors import InputError
from sojourn.leo.drag import along_track_error_km, drag_orbit, msis_indices, space_weather
from sojourn.leo.tle import builtin_tles, parse_tle, propagate_tle

REF = Path(__file__).resolve().parents[1] / "reference"

PAIRS = [
    ("20287.53670015", "20293.22611972"),
    ("21098.03858124", "21103.51063550"),
    ("21103.51063550", "21113.19226883"),
]


@pytest.fixture(scope="module")
def sets():
    s = builtin_tles() + parse_tle((REF / "leo_landing_tles.txt").read_text())
    return {t.line1[18:32]: t for t in s}


@pytest.fixture(scope="module")
def results(sets):
    out = []
    for a, b in PAIRS:
        A, B = sets[a], sets[b]
        o = drag_orbit(A, [B.epoch_tdb_s])
        dist, ph = along_track_error_km(o, B)
        rs, _ = propagate_tle(A, B.epoch_tdb_s)
        rl, _ = propagate_tle(B, B.epoch_tdb_s)
        out.append((A, B, o, dist, ph, float(np.linalg.norm(rs - rl))))
    return out


def test_as_good_as_sgp4_against_later_real_sets(results):
    for A, B, o, dist, _, sgp4 in results:
        days = (B.epoch_tdb_s - A.epoch_tdb_s) / 86_400.0
        assert days <= 10.0
        assert dist <= 1.5 * sgp4 + 5.0, (A.epoch_utc, B.epoch_utc, dist, sgp4)
        assert o.b_fitted and not o.space_weather_outside


def test_fitted_ballistic_coefficient_is_physical(results):
    # ISS: ~4.2e5 kg, drag area a few thousand m^2 at most, C_D ~ 2-2.5: B = C_D A/m lies
    # well inside 0.0005-0.05 m^2/kg; the fits gave 0.0018-0.0087.
    for _, _, o, *_ in results:
        assert 0.0005 < o.b_m2_kg < 0.05


def test_reboost_raises_the_orbit(sets):
    A = sets["20287.53670015"]
    t = A.epoch_tdb_s + np.array([0.5, 2.0]) * 86_400.0
    plain = drag_orbit(A, t, b_m2_kg=0.004)
    boosted = drag_orbit(A, t, b_m2_kg=0.004, reboosts=[(A.epoch_tdb_s + 86_400.0, 1.0)])
    assert np.allclose(plain.r_km[0], boosted.r_km[0])
    # 1 m/s along the velocity raises the mean altitude by about 2 a dv / v = 1.8 km: the
    # station falls behind the unboosted one (a slower, higher orbit).
    d = boosted.to_dict()["alt_km"][1] - plain.to_dict()["alt_km"][1]
    assert -5.0 < d < 5.0
    h = np.cross(plain.r_km[1], plain.v_km_s[1])
    ahead = np.dot(np.cross(plain.r_km[1], boosted.r_km[1]), h)
    assert ahead < 0.0


def test_space_weather_read_verbatim():
    # Row "2020-10-12,...,73.8,OBS,75.7" of CelesTrak SW-All.csv (copied in the data file).
    f107, f107a, aps, outside = msis_indices(np.array([tdb("2020-10-12T13:30")]))
    assert f107[0] == 72.9  # the previous day's observed flux (NRLMSIS convention)
    assert f107a[0] == 75.7 and aps[0, 0] == 2.0 and aps[0, 1] == 3.0  # daily Ap, ap 12-15 h
    assert not outside
    sw = space_weather()
    assert sw.last_observed == "2026-04-26" and np.all(np.isfinite(sw.ap_daily))


def test_bad_inputs(sets):
    A = sets["20287.53670015"]
    with pytest.raises(InputError, match="at or after the set's epoch"):
        drag_orbit(A, [A.epoch_tdb_s - 10.0])
    with pytest.raises(InputError, match="more than 60"):
        drag_orbit(A, [A.epoch_tdb_s + 61 * 86_400.0])
    with pytest.raises(InputError, match="'b_m2_kg'"):
        drag_orbit(A, [A.epoch_tdb_s + 1.0], b_m2_kg=-1.0)

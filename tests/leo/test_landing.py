"""Landing opportunities: Soyuz returns from the ISS (tests/reference/leo_flights.toml).

Calibration (not a validation): the three Soyuz descent constants of sojourn.leo.landing
(undocking-to-burn at least 2.4 h, burn-to-landing 53.7 min, descent arc 162 deg) were chosen
from Soyuz MS-18's return (undocking 2021-10-17 01:14 UTC, landing 04:35:44 UTC;
RussianSpaceWeb "Soyuz MS-18"; NASA ISS blog), so ``test_soyuz_ms18_return`` only checks that
the model reproduces the flight it was fitted on (first opportunity 04:32:03 UTC, -3.7 min).

Validation: ``test_soyuz_return_validation`` runs the same constants, unchanged, on four other
crewed returns ([[landing_validation]]: Soyuz MS-16, MS-17, MS-20, MS-21; sources quoted in the
TOML). The model's first opportunity after undocking is the revolution actually flown on all
four, and lands -3.5, -3.0, -4.1 and -3.4 min from the real landing (MS-18: -3.7): always early,
by 3-4 min. Tolerance 5 min (plus the quoted landing time's rounding), because:

* the model is a fixed in-plane arc and duration, not a re-entry trajectory; its burn is placed
  where the landing point passes closest to the zone centre (75-150 km cross-track here), while
  the real burn is timed for the planned landing point. The modelled burns are about 3 min
  before the real ones (MS-17: 03:58:20 vs 04:01:30 UTC, TASS; MS-21: 10:00 vs ~10:03 UTC,
  TASS), which is where the systematic early bias comes from;
* TLE age matters little: for MS-21 the built-in set 11.3 d old and sets 1-2 d old (public
  repositories) give first opportunities 5 s apart although the ISS positions differ by about
  45 km; for MS-20 the 13.6-d-old built-in set and a set 8.3 d old (public repository, not
  stored here) differ by 0.7 min.

A tolerance under 3 min would fail every flight: the bias is the model's, and is reported, not
tuned away.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from sojourn.core.time import tdb
from sojourn.errors import InputError
from sojourn.leo.landing import landing_opportunities
from sojourn.leo.tle import builtin_tles, read_tle, tle_for_date

_REFDIR = Path(__file__).resolve().parents[1] / "reference"
_FLIGHTS = tomllib.loads((_REFDIR / "leo_flights.toml").read_text())
REF = _FLIGHTS["landing"]
VALIDATION = _FLIGHTS["landing_validation"]
LANDING_TLES = {t.line1[18:32]: t for t in read_tle(_REFDIR / "leo_landing_tles.txt")}

#: Model minus real landing time allowed, minutes (see module notes).
TOLERANCE_MIN = 5.0


def test_soyuz_ms18_return():
    """Calibration check: the descent constants were fitted on this flight (MS-18 return)."""
    t = tdb(REF["undocking_utc"])
    tle = tle_for_date(builtin_tles(), t)
    assert tle.epoch_utc.startswith(REF["tle_epoch_utc"])
    ops = landing_opportunities(tle, t, zone_id=REF["zone"], hours=30.0)
    first = ops[0]
    assert abs(first.landing_tdb_s - tdb(REF["landing_utc"])) / 60.0 < 10.0
    assert 3.0 < first.hours_from_request < 3.6
    assert all(o.miss_km <= 250.0 for o in ops)
    assert [o.landing_tdb_s for o in ops] == sorted(o.landing_tdb_s for o in ops)


@pytest.mark.parametrize("flight", VALIDATION, ids=[f["name"] for f in VALIDATION])
def test_soyuz_return_validation(flight):
    """Other Soyuz returns (not used to choose the constants): first opportunity = real landing."""
    t = tdb(flight["undocking_utc"])
    if flight["tle"] == "builtin":
        tle = tle_for_date(builtin_tles(), t)
        assert tle.epoch_utc.startswith(flight["tle_epoch_utc"])
    else:
        tle = LANDING_TLES[flight["tle"]]
        assert 0.0 < (t - tle.epoch_tdb_s) / 86400.0 < 4.0  # set published before undocking
    first = landing_opportunities(tle, t, zone_id=flight["zone"], hours=30.0)[0]
    real = tdb(flight["landing_utc"])
    d_min = (first.landing_tdb_s - real) / 60.0
    # The revolution flown: the next opportunities are >= 3 h later, so this cannot pass on
    # a neighbouring pass.
    assert abs(d_min) < TOLERANCE_MIN + flight["landing_uncertainty_min"], d_min
    assert abs((real - t) / 3600.0 - first.hours_from_request) < 0.1
    # The difference recorded in the TOML is the one the model gives now.
    assert d_min == pytest.approx(flight["model_minus_real_min"], abs=0.1)


def test_ocean_zone_and_errors():
    t = tdb("2021-10-17")
    tle = tle_for_date(builtin_tles(), t)
    ops = landing_opportunities(tle, t, zone_id="florida-atlantic", hours=48.0)
    assert ops and all(o.zone == "florida-atlantic" for o in ops)
    with pytest.raises(InputError, match="known: kazakhstan"):
        landing_opportunities(tle, t, zone_id="moon")


def test_landing_report_carries_the_set_and_the_zone():
    from sojourn.leo.landing import landing_report

    t = tdb("2021-10-17T01:14")
    tle = tle_for_date(builtin_tles(), t)
    rep = landing_report(t, zone_id="Kazakhstan", hours=30.0, target="iss")
    assert rep.tle == tle and rep.zone == "kazakhstan" and rep.hours == 30.0
    ops = landing_opportunities(tle, t, zone_id="kazakhstan", hours=30.0)
    assert rep.opportunities == tuple(ops)
    d = rep.to_dict()
    assert list(d) == ["target", "tle_epoch_utc", "zone", "opportunities"]
    assert d["opportunities"] == [o.to_dict() for o in ops]
    assert landing_report(t, hours=1.0, tle=tle).tle is tle

"""Landing opportunities: Soyuz MS-18's return (tests/reference/leo_flights.toml, [landing]).

Undocking 2021-10-17 01:14 UTC, landing 04:35:44 UTC (RussianSpaceWeb "Soyuz MS-18"; NASA
ISS blog). With the Soyuz timeline of sojourn.leo.landing the first opportunity after
undocking lands at 04:32 UTC: -3.7 min. Tolerance 10 min: the descent is a fixed arc and
duration, not a re-entry trajectory, and the burn of the real flight was on the same pass.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from sojourn.core.time import tdb
from sojourn.errors import InputError
from sojourn.leo.landing import landing_opportunities
from sojourn.leo.tle import builtin_tles, tle_for_date

REF = tomllib.loads(
    (Path(__file__).resolve().parents[1] / "reference" / "leo_flights.toml").read_text()
)["landing"]


def test_soyuz_ms18_return():
    t = tdb(REF["undocking_utc"])
    tle = tle_for_date(builtin_tles(), t)
    assert tle.epoch_utc.startswith(REF["tle_epoch_utc"])
    ops = landing_opportunities(tle, t, zone_id=REF["zone"], hours=30.0)
    first = ops[0]
    assert abs(first.landing_tdb_s - tdb(REF["landing_utc"])) / 60.0 < 10.0
    assert 3.0 < first.hours_from_request < 3.6
    assert all(o.miss_km <= 250.0 for o in ops)
    assert [o.landing_tdb_s for o in ops] == sorted(o.landing_tdb_s for o in ops)


def test_ocean_zone_and_errors():
    t = tdb("2021-10-17")
    tle = tle_for_date(builtin_tles(), t)
    ops = landing_opportunities(tle, t, zone_id="florida-atlantic", hours=48.0)
    assert ops and all(o.zone == "florida-atlantic" for o in ops)
    with pytest.raises(InputError, match="known: kazakhstan"):
        landing_opportunities(tle, t, zone_id="moon")

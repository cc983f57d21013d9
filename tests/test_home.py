"""The way home at any hour (sojourn.leo.home, ``sojourn home``).

Validation: from Soyuz MS-20's undocking (2021-12-19 23:50:25 UTC, Spacefacts; landing
03:12:53 UTC, tests/reference/leo_flights.toml) the fastest way home is the pass actually
flown, within the landing-time tolerance of tests/leo/test_landing.py (1.5 min), and under
the published "less than 3.5 hours" from undocking (NASA Soyuz fact sheet,
tests/reference/soyuz_descent.toml [nominal_g]). That landing came at sunrise (the model:
Sun 0.2 deg below the horizon), so asking for daylight moves the fastest way home to the
Arkalyk zone 1.6 h later, and the Kazakhstan option says daylight is what set its wait.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import numpy as np
import pytest

from sojourn.cli import main
from sojourn.core.time import tdb
from sojourn.errors import InputError
from sojourn.leo.home import home_options, home_report
from sojourn.leo.tle import builtin_tles

REF = tomllib.loads((Path(__file__).parent / "reference" / "leo_flights.toml").read_text())
MS20 = [f for f in REF["landing_validation"] if f["name"] == "Soyuz MS-20 return"][0]
NASA = tomllib.loads((Path(__file__).parent / "reference" / "soyuz_descent.toml").read_text())
T = tdb(MS20["undocking_utc"])
ZONES = ("kazakhstan", "arkalyk")


def test_fastest_way_home_is_the_ms20_landing():
    rep = home_options(builtin_tles(), T, ZONES, search_hours=6.0)
    row = rep.rows[0]
    f = row.fastest
    assert f.zone == "kazakhstan" and f.constraint == "phasing"
    assert abs(f.landing.landing_tdb_s - tdb(MS20["landing_utc"])) / 60.0 < 1.5
    assert 3.0 < f.hours_to_ground < NASA["nominal_g"]["undock_to_landing_max_h"]
    assert 3.5 <= f.landing.peak_g <= 5.0
    assert row.tle_age_days == pytest.approx(13.6, abs=0.1)
    d = rep.to_dict()
    assert d["rows"][0]["fastest"]["landing_utc"].startswith("2021-12-20T03:1")
    assert d["hours_to_ground"]["min"] == pytest.approx(f.hours_to_ground, abs=1e-3)


def test_daylight_and_g_limit_say_what_set_the_wait():
    rep = home_options(builtin_tles(), T, ZONES, daylight=True, search_hours=6.0)
    by_zone = {o.zone: o for o in rep.rows[0].options}
    assert rep.rows[0].fastest.zone == "arkalyk"
    assert rep.rows[0].fastest.landing.daylight
    assert by_zone["kazakhstan"].landing is None
    assert by_zone["kazakhstan"].constraint == "daylight"
    heavy = home_options(builtin_tles(), T, ZONES, max_g=3.0, search_hours=6.0)
    assert heavy.rows[0].fastest is None
    assert {o.constraint for o in heavy.rows[0].options} == {"g-limit"}
    assert np.isnan(heavy.hours_to_ground).all()


def test_every_hour_later_decisions_never_land_earlier():
    """Property over a morning of hourly decisions: a later decision never touches down
    earlier, and never sooner than the least undocking-to-burn time plus the descent."""
    rep = home_report(T, hours=2, zones=ZONES, target="iss", search_hours=8.0)
    land = [r.fastest.landing.landing_tdb_s for r in rep.rows]
    assert len(rep.rows) == 3 and np.all(np.diff(land) >= 0.0)
    assert np.all(rep.hours_to_ground > 2.4 + 0.85)
    delayed = home_report(T, zones=ZONES, decision_to_undock_s=3600.0, search_hours=8.0)
    assert delayed.rows[0].fastest.hours_to_ground > 2.4 + 0.85 + 1.0


def test_errors():
    with pytest.raises(InputError, match="'--zones' is not a known landing zone"):
        home_options(builtin_tles(), T, ("atlantis",))
    with pytest.raises(InputError, match="'--hours'"):
        home_report(T, hours=500.0)
    with pytest.raises(InputError, match="'--max-g'"):
        home_options(builtin_tles(), T, max_g=0.5)
    with pytest.raises(InputError, match="decision_to_undock_s"):
        home_options(builtin_tles(), T, decision_to_undock_s=-1.0)


def test_cli_home_json_and_errors(capsys):
    argv = ["home", "--target", "iss", "--at", MS20["undocking_utc"], "--zones", "kazakhstan"]
    argv += ["--search-hours", "6"]
    assert main([*argv, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    f = out["rows"][0]["fastest"]
    for key in (
        "deorbit_utc",
        "deorbit_dv_m_s",
        "entry_utc",
        "landing_utc",
        "lat_deg",
        "lon_deg",
        "dispersion_km",
        "zone",
        "daylight",
        "peak_g",
        "mode",
    ):
        assert key in f
    assert f["landing_utc"].startswith("2021-12-20T03:1") and out["zones"] == ["kazakhstan"]
    assert main([*argv, "--max-g", "3"]) == 0
    assert "g-limit" in capsys.readouterr().out
    assert main(["home", "--at", "2021-12-19", "--zones", "atlantis"]) == 2
    err = capsys.readouterr().err
    assert "--zones" in err and "Traceback" not in err


def test_flat_api_name():
    import sojourn

    rep = sojourn.home(MS20["undocking_utc"], zones=("kazakhstan",), search_hours=6.0)
    assert rep.rows[0].fastest.landing.landing_tdb_s == pytest.approx(
        home_options(builtin_tles(), T, ("kazakhstan",), search_hours=6.0)
        .rows[0]
        .fastest.landing.landing_tdb_s
    )

"""Planned reboosts in the mission file (``[[phases.reboosts]]`` of a stay, issue 13 item 2):
the plan flies them with :func:`sojourn.leo.drag.drag_orbit` and reports the station's mean
altitude at undocking with and without them (``station_orbit``).

Validation: the altitude gained per m/s against two published Progress reboosts of the ISS
(tests/reference/station_reboosts.toml): Progress MS-24 (1.5 m/s, +2.8 km, 2023) and
Progress M-28M (2.2 m/s, +3.7 km, 2015). Nothing in the model was tuned on them.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from sojourn.errors import InputError
from sojourn.mission.plan import plan
from sojourn.mission.schema import parse_mission

REF = tomllib.loads((Path(__file__).parents[1] / "reference" / "station_reboosts.toml").read_text())

_TOML = """
[mission]
name = "v"
kind = "station"

[[crew]]
name = "A"

[[phases]]
kind = "launch"
site = "baikonur-31"
target = "iss"
date = "2021-10-05"

[[phases]]
kind = "stay"
days = 1.5

[[phases.reboosts]]
utc = "{utc}"
dv_m_s = {dv}

[[phases]]
kind = "return"
"""


@pytest.fixture(scope="module")
def reboosted():
    # One reboost half-way through a 1.5-day stay (docking 2021-10-05 12:05 UTC).
    return plan(parse_mission(_TOML.format(utc="2021-10-06T00:00:00", dv=1.5)))


@pytest.mark.parametrize("ref", REF["reboost"], ids=lambda r: r["name"])
def test_reboost_gain_per_m_s_matches_published_reboosts(reboosted, ref):
    so = reboosted.station_orbit
    gain_per_m_s = (so.mean_alt_km - so.mean_alt_no_reboosts_km) / 1.5
    published = ref["mean_alt_gain_km"] / ref["dv_m_s"]
    # 8 %: the published gains are rounded to 0.1 km (2-4 %), "average height" is Roscosmos'
    # definition (here: mean radius over a revolution minus the equatorial radius), and the
    # ISS flew at 405-418 km, not the 420 km here (2a/v changes by < 1 %). Measured: -5 %
    # (MS-24) and +5 % (M-28M).
    assert gain_per_m_s == pytest.approx(published, rel=0.08)


def test_station_orbit_json_and_drag(reboosted):
    d = reboosted.to_dict()["station_orbit"]
    assert d["reboosts"] == [{"utc": "2021-10-06T00:00:00", "dv_m_s": 1.5}]
    assert d["reboost_gain_km"] > 0
    # without the reboost the station sinks under drag from its ~420 km (NRLMSIS, fitted B)
    assert 380.0 < d["mean_alt_no_reboosts_km"] < 430.0 and d["b_m2_kg"] > 0
    assert "NRLMSIS" in d["model"]


def test_reboost_outside_the_stay_is_ignored_with_a_finding(monkeypatch):
    import sojourn.leo.drag as drag

    def boom(*a, **k):  # nothing is propagated when no reboost falls in the stay
        raise AssertionError("drag_orbit called")

    monkeypatch.setattr(drag, "drag_orbit", boom)
    from sojourn.mission.planners import station
    from sojourn.mission.planners.common import Draft

    m = parse_mission(_TOML.format(utc="2021-11-01T00:00:00", dv=1.0))
    d = Draft(m)
    from sojourn.core.time import tdb
    from sojourn.leo.tle import builtin_tles

    station._reboosts(
        d, builtin_tles("iss"), m.phase("stay").reboosts, tdb("2021-10-05"), tdb("2021-10-07")
    )
    assert [f.code for f in d.findings] == ["reboost-ignored"]
    assert "station_orbit" not in d.sections


@pytest.mark.parametrize(
    ("utc", "dv", "field"),
    [
        ("2021-10-06T00:00:00", 0, "dv_m_s"),
        ("2021-10-06T00:00:00", 25, "dv_m_s"),
        ("not a date", 1, "utc"),
    ],
)
def test_bad_reboosts_are_refused(utc, dv, field):
    with pytest.raises(InputError, match=rf"phases\[1\]\.reboosts\[0\]\.{field}"):
        parse_mission(_TOML.format(utc=utc, dv=dv))

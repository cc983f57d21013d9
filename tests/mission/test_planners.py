"""The planner registry and the one summary of key figures.

plan() dispatches through ``PLANNERS``; a planner fills a Draft with typed sections; the
terminal and the report format the same ``plan.key_figures()``.
"""

import numpy as np
import pytest

from sojourn.core.time import utc_iso
from sojourn.errors import InputError
from sojourn.mission.model import PlanPhase
from sojourn.mission.plan import example_path, plan
from sojourn.mission.planners import PLANNERS, planner_for, register
from sojourn.mission.planners.common import Draft
from sojourn.mission.schema import parse_mission

MS19 = example_path("soyuz-ms19").read_text(encoding="utf-8")


def test_built_in_planners_are_registered():
    assert {"station", "interplanetary"} <= set(PLANNERS)
    with pytest.raises(InputError, match=r"'mission.kind' has no planner: 'lunar'; known: "):
        planner_for("lunar")


def test_plan_dispatches_through_the_registry(monkeypatch):
    calls = []

    def fake(d: Draft) -> None:
        calls.append(d.mission.mission.name)
        d.phases.append(PlanPhase("stay", "stay", 6.5e8, 6.5e8 + 10 * 86400.0, {}, "leo"))
        d.find("info", "fake", "planned by the fake planner")

    monkeypatch.setitem(PLANNERS, "station", fake)
    p = plan(parse_mission(MS19))
    assert calls == ["soyuz-ms19"]
    assert [ph.name for ph in p.phases] == ["stay"]
    assert p.crew is not None and p.crew.budget.days == pytest.approx(10.0)  # shared part
    assert [f.code for f in p.findings] == ["fake"]


def test_register_refuses_a_second_planner_for_a_kind():
    with pytest.raises(ValueError, match="already registered"):
        register("station")(lambda d: None)


def test_draft_sets_only_plan_sections():
    d = Draft(parse_mission(MS19))
    with pytest.raises(TypeError, match="no section"):
        d.set(figures={})


def test_terminal_and_report_read_one_summary(example_plan):
    from sojourn.cli.plan import _key_figures as terminal_rows
    from sojourn.io.report import _key_figures as report_cards

    p = example_plan("first-mars")
    k = p.key_figures()
    rt = p.roundtrip
    assert k.depart_c3_km2_s2 == rt.outbound.c3_km2_s2 and k.dv_total_km_s == rt.dv_total_km_s
    assert k.dose_msv == p.crew.budget.dose_msv and k.crew == 4
    assert k.light_time_max_s == p.comms.report.light_time_max_s
    assert len(k.blackouts_tdb_s) == len(p.comms.report.conjunctions) >= 1
    assert k.abort_coverage == pytest.approx(np.isfinite(p.aborts.table.earliest_tof_days).mean())
    terminal = dict(terminal_rows(p))
    cards = dict(report_cards(p))
    assert terminal["departure"].startswith(utc_iso(k.depart_tdb_s))
    assert f"C3 {k.depart_c3_km2_s2:.2f}" in terminal["departure"]
    assert cards["Departure C3"].startswith(f"{k.depart_c3_km2_s2:.2f}")
    assert terminal["dose"].startswith(f"{k.dose_msv:.0f} mSv")
    assert cards["Dose per crew member"].startswith(f"{k.dose_msv:.0f} mSv")
    assert f"{k.light_time_max_s / 60:.1f} min" in terminal["light time"]
    assert cards["Max one-way light time"] == f"{k.light_time_max_s / 60:.1f} min"


def test_station_summary(example_plan):
    p = example_plan("soyuz-ms19")
    k = p.key_figures()
    assert k.launch_tdb_s == p.launch.window.launch_tdb_s and k.launch_site == p.launch.site
    assert k.docking_tdb_s == p.launch.rendezvous.docking_tdb_s
    assert k.landing_tdb_s == p.landing.opportunity.landing_tdb_s
    h = p.aborts.table.hours_to_ground
    assert (k.abort_hours_min, k.abort_hours_max) == (np.nanmin(h), np.nanmax(h))
    assert k.depart_tdb_s is None and k.light_time_max_s is None

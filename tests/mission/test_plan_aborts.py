"""The first-mars plan's abort table spans the whole round trip (issue 11, item 6)."""

from __future__ import annotations

import numpy as np

from sojourn.core.defaults import MAX_ENTRY_SPEED_KM_S


def test_first_mars_aborts_span_the_mission(example_plan):
    p = example_plan("first-mars")
    rt, tab = p.roundtrip, p.aborts.table
    assert p.aborts.kind == "interplanetary"
    assert tab.t_tdb_s[0] == rt.outbound.depart_tdb_s
    assert tab.t_tdb_s[-1] < rt.inbound.arrive_tdb_s <= tab.t_tdb_s[-1] + p.aborts.step_days * 86400
    d = p.to_dict()["aborts"]
    assert d["span"] == "mission" and d["entry_limit_km_s"] == MAX_ENTRY_SPEED_KM_S
    assert {r["phase"] for r in d["rows"]} == {"outbound", "stay", "return"}
    for r in d["rows"]:
        assert {"burn_utc", "option", "dv_km_s", "tof_days", "entry_speed_km_s"} <= set(r)
    planned = [r for r in d["rows"] if r["option"] == "planned-return"]
    assert all(r["entry_speed_km_s"] == rt.entry_speed_km_s for r in planned)
    # the key figure and the report read the summary the old table had
    assert p.key_figures().abort_coverage == np.isfinite(tab.earliest_tof_days).mean()
    codes = {f.code for f in p.findings}
    fast = np.nanmax(tab.earliest_entry_speed_km_s) > MAX_ENTRY_SPEED_KM_S
    assert ("abort-entry-speed" in codes) == fast

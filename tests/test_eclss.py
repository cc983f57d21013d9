"""Life support against BVAD REV2, ISS ECLSS and logistics figures (reference/eclss_*.toml).

Calibrated: the ISS Brine Processor share, on NASA's 2023 98 % (checked to give it back, which
is bookkeeping). Tested on figures nothing was fitted to: the BVAD table's own mass balance, its
daily respiratory quotient, the HIDH worked day, the ISS loop before the BPA (about 93.5 %),
the ISS Sabatier's published capacity, NASA's 1.82 kg packaged food, Progress manifests.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sojourn.cli import main
from sojourn.eclss import (
    ACTIVITY_O2_KG_PER_MIN,
    BVAD,
    CARGO_VEHICLES,
    ISS_BPA_CALIBRATED,
    M_CO2,
    PRESETS,
    Eclss,
    Resupply,
    balance,
    eclss_preset,
    resupply_check,
)
from sojourn.errors import InputError

REF = tomllib.loads((Path(__file__).parent / "reference" / "eclss_bvad_rev2.toml").read_text())
T331 = REF["bvad_rev2_table_3_31"]


def test_bvad_table_3_31_transcribed_and_mass_balanced():
    # Our lines are the table's values, and the table closes: what a crew member takes in (O2,
    # food solids, potable water, food water) equals what leaves (CO2, solid wastes, fecal,
    # respiration/perspiration and urine water) to the gram: a check of the transcription.
    for key, ref in [
        ("o2_consumed", "o2_consumed_kg"),
        ("co2_produced", "co2_load_kg"),
        ("food_solids", "food_solids_kg"),
        ("food_water", "water_in_food_kg"),
        ("metabolic_water", "metabolic_water_kg"),
        ("urine_water", "urine_water_kg"),
        ("condensate", "respiration_perspiration_water_kg"),
        ("fecal_water", "fecal_water_kg"),
    ]:
        assert BVAD[key].kg == T331[ref]
        assert "Table 3-31" in BVAD[key].source
    t = T331
    into = t["o2_consumed_kg"] + t["food_solids_kg"] + t["potable_water_kg"] + t["water_in_food_kg"]
    out = (
        t["co2_load_kg"]
        + t["fecal_solids_kg"]
        + t["perspiration_solids_kg"]
        + t["urine_solids_kg"]
        + t["fecal_water_kg"]
        + t["respiration_perspiration_water_kg"]
        + t["urine_water_kg"]
    )
    assert into == pytest.approx(out, abs=1e-3)  # 1 g: the table's last digit
    # Potable water = drinking + food preparation + exercise (the p. 59 split).
    w = REF["bvad_rev2_table_4_20"]
    assert BVAD["drinking_water"].kg + BVAD["food_prep_water"].kg + BVAD[
        "exercise_water"
    ].kg == pytest.approx(t["potable_water_kg"], abs=1e-9)
    assert BVAD["drinking_water"].kg == w["drinking_water_kg"]
    assert BVAD["hygiene_water"].kg == w["personal_hygiene_kg"]
    assert BVAD["laundry_water"].kg == w["laundry_kg"]


def test_daily_rq_between_nominal_and_exercise():
    # The table's daily CO2/O2 molar ratio blends nominal (RQ 0.86) and exercise (0.95) hours;
    # it must fall between them (a physical check the table was not built to pass).
    rq = (T331["co2_load_kg"] / M_CO2) / (T331["o2_consumed_kg"] / 31.998)
    assert T331["respiratory_quotient"] < rq < T331["rq_exercise_aerobic"]


def test_hidh_worked_day_from_activity_rates():
    # HIDH's day (via OCHMO-TB-004): 8 h asleep, the rest awake: 0.91 kg CO2; with about half
    # an hour at 75 % VO2max: 1.04 kg. Our activity rates come from BVAD Table 3-26 and the
    # exercise rate; the day is rebuilt from the HIDH rates to check the bookkeeping, and our
    # BVAD-based O2 rates give the BVAD daily O2 within 10 % (the resistive-exercise rate is
    # not stored; it is taken at the awake rate).
    h = REF["hidh_day"]
    day = 480 * h["co2_sleep_kg_min"] + 960 * h["co2_nominal_kg_min"]
    assert day == pytest.approx(h["co2_day_without_exercise_kg"], abs=0.005)  # 2-digit rounding
    ex = day + 30 * (h["co2_exercise_kg_min"] - h["co2_nominal_kg_min"])
    assert ex == pytest.approx(h["co2_day_with_exercise_kg"], abs=0.005)
    a = ACTIVITY_O2_KG_PER_MIN
    o2_day = 480 * a["sleep"] + 30 * a["exercise"] + 930 * a["nominal"]
    assert o2_day == pytest.approx(T331["o2_consumed_kg"], rel=0.10)


def test_food_as_carried_matches_nasa_packaged_food():
    # Solids + food water (BVAD REV2 Table 3-31) + packaging (15 % of 1.82, Cooper et al.)
    # reproduce the 1.82 kg/CM-d packaged food system to 1 % (the packaging share is rounded
    # to "about 15%" in the source). Against the 2004 dry mass (0.617) it is about 3x, as the
    # issue says.
    f = REF["packaged_food"]
    carried = balance("open-loop").food_carried_kg
    assert carried == pytest.approx(f["packaged_food_kg_per_person_day"], rel=0.01)
    assert 2.5 < carried / 0.617 < 3.5


def test_iss_water_loop_before_and_after_bpa():
    # Calibrated: the BPA share gives NASA's 98 % (checks the calibration, nothing more).
    w = REF["iss_water_recovery"]
    iss = PRESETS["iss"]
    assert iss.urine_recovery == w["upa_now"] and iss.condensate_recovery == w["wpa"]
    assert balance(iss).water_recovery == pytest.approx(w["overall_with_bpa"], abs=5e-4)
    # Tested: with the BPA off, the same loop gives "about 93.5%" (not fitted). Our loop
    # returns 95.3 %: within 2.5 points, the size of what the quote leaves open (which
    # wastewater the 93.5 % counts: flush and hygiene water are in ours).
    pre = balance(replace(iss, brine_recovery=0.0)).water_recovery
    assert pre == pytest.approx(w["overall_before_bpa"], abs=0.025)
    # The design UPA (85 %) lowers it, as it must.
    assert (
        balance(replace(iss, brine_recovery=0.0, urine_recovery=w["upa_design"])).water_recovery
        < pre
    )
    assert 0.0 < ISS_BPA_CALIBRATED < 1.0


def test_sabatier_stoichiometry_and_iss_capacity():
    # CO2 + 4 H2 -> CH4 + 2 H2O, hydrogen from electrolysis of the O2 need: half the oxygen
    # comes back (the hydrogen limit), whatever the O2 rate. The ISS Sabatier is published as
    # making "up to 530 gallons of water per year": six crew on our ISS preset stay under it.
    b = balance("iss")
    assert b.o2_recovery == pytest.approx(0.5, abs=1e-12)
    assert b.co2_reduced_kg < b.co2_produced_kg  # hydrogen-limited: CO2 left over
    # Hydrogen balance: no H2 vented when all is used; methane carries the rest.
    assert b.hydrogen_vented_kg == pytest.approx(0.0, abs=1e-12)
    s = REF["iss_sabatier"]
    cap_kg_per_year = s["water_gal_per_year_max"] * s["us_gallon_l"]
    assert 6 * 365.25 * b.water_recovered_kg["sabatier"] < cap_kg_per_year
    # Mass conservation of the reaction: CO2 + H2 in = CH4 + H2O out.
    h2_in = 4 * b.co2_reduced_kg / M_CO2 * 2.016
    assert b.co2_reduced_kg + h2_in == pytest.approx(
        b.methane_vented_kg + b.water_recovered_kg["sabatier"], rel=1e-3
    )


def test_mars_transit_meets_nasa_targets():
    t = REF["exploration_targets"]
    b = balance("mars-transit")
    assert b.o2_recovery == pytest.approx(t["o2_recovery"], abs=1e-9)
    assert b.water_recovery >= t["water_recovery"] - 5e-4
    assert b.methane_vented_kg < balance("iss").methane_vented_kg


def test_open_loop_carries_everything():
    b = balance("open-loop")
    assert b.o2_carried_kg == T331["o2_consumed_kg"]
    assert b.water_carried_kg == pytest.approx(4.117)
    assert b.water_recovery == 0 and b.o2_recovery == 0


def test_eva_laundry_margin_add_mass():
    base = balance(Eclss("x"))
    eva = balance(Eclss("x", eva_hours_per_day=1.0))
    assert eva.water_use_kg - base.water_use_kg == pytest.approx(0.24)
    assert eva.o2_need_kg > base.o2_need_kg
    assert balance(Eclss("x", laundry=True)).water_use_kg - base.water_use_kg == pytest.approx(1.10)
    m = balance(Eclss("x", margin=0.1))
    assert m.carried_kg == pytest.approx(1.1 * base.carried_kg)


@settings(max_examples=60, deadline=None)
@given(
    st.floats(0, 1),
    st.floats(0, 1),
    st.floats(0, 1),
    st.floats(0, 1),
    st.floats(0, 1),
    st.floats(0, 1),
    st.floats(0, 0.99),
)
def test_more_recovery_never_carries_more(gen, u, up, br, co, hy, p):
    # Invariants: carried masses are >= 0, recoveries in [0, 1], and raising any recovery never
    # raises the water carried.
    s = Eclss(
        "h",
        o2_generation=gen,
        sabatier_h2_use=u,
        methane_h2_recovery=p,
        urine_recovery=up,
        brine_recovery=br,
        condensate_recovery=co,
        hygiene_recovery=hy,
    )
    b = balance(s)
    assert b.o2_carried_kg >= 0 and b.water_carried_kg >= 0
    assert 0 <= b.water_recovery <= 1 and 0 <= b.o2_recovery <= 1
    more = balance(replace(s, urine_recovery=min(up + 0.1, 1.0)))
    assert more.water_carried_kg <= b.water_carried_kg + 1e-12


def test_resupply_checkpoints_and_run_out():
    c = REF["cargo"]
    pm = CARGO_VEHICLES["progress-ms"]
    assert pm.consumables_kg == (
        c["progress_ms03_water_kg"]
        + c["progress_ms03_air_o2_kg"]
        + c["progress_ms03_food_and_sanitary_kg"]
    )
    assert CARGO_VEHICLES["cygnus"].cargo_kg == c["cygnus_ng20_kg"]
    assert CARGO_VEHICLES["dragon"].cargo_kg == pytest.approx(
        c["dragon_crs5_lb"] * 0.45359237, abs=0.5
    )
    # 3 crew eating 1.833 kg/CM-d with 500 kg: runs out on day 500 / 5.499 = 90.9 ...
    need = 3 * balance("iss").carried_kg
    r = resupply_check(500.0, need, 365.0)
    assert r.run_out_day == pytest.approx(500.0 / need)
    # ... a Progress on day 60 carries it to day (500 + 788) / need = 234 ...
    r = resupply_check(500.0, need, 365.0, [Resupply(60.0)])
    assert r.run_out_day == pytest.approx((500.0 + pm.consumables_kg) / need)
    assert r.checkpoints[0]["stock_before_kg"] == pytest.approx(500 - 60 * need)
    # ... and one every 90 days lasts the year; one arriving after the run-out is too late.
    r = resupply_check(
        500.0,
        need,
        365.0,
        [
            (60.0, "progress-ms"),
            (150.0, "progress-ms"),
            (240.0, "progress-ms"),
            (330.0, "progress-ms"),
        ],
    )
    assert r.run_out_day is None and r.to_dict()["lasts"]
    late = resupply_check(100.0, need, 365.0, [Resupply(200.0, "dragon")])
    assert late.run_out_day == pytest.approx(100.0 / need)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: eclss_preset("bogus"), "unknown ECLSS preset 'bogus'"),
        (lambda: Eclss("x", urine_recovery=1.5), "'urine_recovery' must be a fraction"),
        (lambda: Eclss("x", margin=-1.0), "'margin' must be a number >= 0"),
        (lambda: Eclss("x", eva_hours_per_day=30.0), "'eva_hours_per_day' must be at most 24"),
        (lambda: resupply_check(-1.0, 1.0, 10.0), "'initial_kg' must be a number >= 0"),
        (lambda: resupply_check(1.0, 1.0, 10.0, [Resupply(20.0)]), "resupply 'day' must be"),
        (lambda: resupply_check(1.0, 1.0, 10.0, [Resupply(2.0, "soyuz")]), "vehicle 'soyuz'"),
    ],
)
def test_bad_inputs(call, message):
    with pytest.raises(InputError, match=message):
        call()


def test_cli_crew_eclss(capsys):
    status = main(["crew", "--crew", "4", "--phase", "out:180:cruise", "--eclss", "iss", "--json"])
    out, err = capsys.readouterr()
    assert status == 0, err
    d = json.loads(out)
    ls = d["life_support"]
    assert ls["preset"] == "iss" and ls["lines"] and all(x["source"] for x in ls["lines"])
    assert set(d["per_crew_member_day_kg"]) >= {"o2", "water", "food"}
    status = main(["crew", "--crew", "4", "--phase", "a:10", "--eclss", "nope"])
    out, err = capsys.readouterr()
    assert status == 2 and out == "" and "unknown ECLSS preset" in err


def test_station_plan_resupply_run_out_finding():
    # The soyuz-ms19 stay (12 days, 3 crew, ISS preset: 5.5 kg/day of food) with 20 kg aboard
    # and a Progress on day 6: the stock runs out on day 20 / 5.499 = 3.6, before the Progress;
    # the plan says so (finding) and lists the checkpoint.
    from sojourn.mission.plan import example_path, plan
    from sojourn.mission.schema import parse_mission

    text = example_path("soyuz-ms19").read_text(encoding="utf-8")
    text = text.replace(
        'eclss = "iss"',
        'eclss = "iss"\nconsumables_kg = 20.0\nresupply = [{ day = 6, vehicle = "progress-ms" }]',
    )
    p = plan(parse_mission(text))
    assert ("error", "consumables-run-out") in {(f.severity, f.code) for f in p.findings}
    r = p.to_dict()["crew"]["resupply"]
    need = p.crew.budget.mass_kg / p.crew.budget.days
    assert r["run_out_day"] == pytest.approx(20.0 / need)
    assert r["checkpoints"][0]["delivered_kg"] == CARGO_VEHICLES["progress-ms"].consumables_kg

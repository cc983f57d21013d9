"""Mission-file validation: every error names the field path, the rule, the value and the fix."""

import pytest

from sojourn.errors import InputError
from sojourn.mission.schema import Mission, parse_mission

GOOD = """
[mission]
name = "t"
kind = "station"

[[crew]]
name = "A"

[[phases]]
kind = "launch"
site = "baikonur-31"
date = "2021-10-05"

[[phases]]
kind = "stay"
days = 12

[[phases]]
kind = "return"
"""


def err(text):
    with pytest.raises(InputError) as e:
        parse_mission(text, source="m.toml")
    msg = str(e.value)
    assert "\n" not in msg and msg.startswith("mission file m.toml: ")
    return msg


def test_good_file_parses():
    m = parse_mission(GOOD)
    assert isinstance(m, Mission)
    assert [p.kind for p in m.phases] == ["launch", "stay", "return"]
    assert m.phase("stay").days == 12


def test_unknown_key_is_an_error():
    msg = err(GOOD.replace('name = "A"', 'name = "A"\nshoe_size = 42'))
    assert "crew[0].shoe_size: unknown key" in msg and "got 42" in msg and "remove it" in msg


def test_wrong_type():
    msg = err(GOOD.replace("days = 12", 'days = "twelve"'))
    assert "phases[1].days: must be a number, got 'twelve'; give the duration in days" in msg


def test_negative_days():
    msg = err(GOOD.replace("days = 12", "days = -3"))
    assert "phases[1].days: must be > 0.0, got -3; give the duration in days" in msg


def test_bad_date():
    msg = err(GOOD.replace('"2021-10-05"', '"2021-13-05"'))
    assert "phases[0].date" in msg and "month 13" in msg


def test_crew_needs_someone():
    msg = err("crew = []\n" + GOOD.replace('[[crew]]\nname = "A"\n', ""))
    assert "crew: list should have at least 1 item" in msg


def test_negative_prior_dose():
    msg = err(GOOD.replace('name = "A"', 'name = "A"\nprior_dose_msv = -5'))
    assert "crew[0].prior_dose_msv: must be >= 0.0, got -5" in msg


def test_phase_order():
    text = GOOD.replace('kind = "stay"\ndays = 12', 'kind = "stay"\ndays = 12\n', 1)
    a, b = text.index('[[phases]]\nkind = "launch"'), text.index('[[phases]]\nkind = "stay"')
    swapped = (
        text[:a]
        + text[b : text.index('[[phases]]\nkind = "return"')]
        + text[a:b]
        + (text[text.index('[[phases]]\nkind = "return"') :])
    )
    msg = err(swapped)
    assert "'launch' comes after 'stay', out of order" in msg


def test_unknown_phase_kind():
    msg = err(GOOD.replace('kind = "return"', 'kind = "picnic"'))
    assert "phases[2]" in msg and "unknown phase kind" in msg


def test_unknown_site():
    msg = err(GOOD.replace("baikonur-31", "baikonur-99"))
    assert "phases[0].site: unknown launch site 'baikonur-99'" in msg


def test_missing_required_phase():
    msg = err(GOOD.replace('[[phases]]\nkind = "return"\n', ""))
    assert "needs a 'return' phase" in msg


def test_toml_syntax_error_names_the_line():
    msg = err(GOOD.replace("days = 12", "days = = 12"))
    line = GOOD.splitlines().index("days = 12") + 1
    assert f"line {line}, column" in msg and "not valid TOML" in msg


def test_several_errors_count():
    msg = err(GOOD.replace("days = 12", "days = -1\nfoo = 1"))
    assert "(and 1 more problem)" in msg


@pytest.mark.parametrize(
    "old, new, where",
    [
        ("days = 12", "days = nan", "phases[1].days"),
        ("days = 12", "days = 12\nmax_days = inf", "phases[1].max_days"),
        ('name = "A"', 'name = "A"\nprior_dose_msv = inf', "crew[0].prior_dose_msv"),
    ],
)
def test_inf_and_nan_are_refused(old, new, where):
    # TOML has inf and nan literals; an infinite stay limit or dose would pass '> 0' checks.
    msg = err(GOOD.replace(old, new))
    assert f"{where}: must be a finite number (not inf or nan)" in msg


def test_zero_length_launch_range_names_the_date():
    msg = err(GOOD.replace('date = "2021-10-05"', 'date = "2021-10-05..2021-10-05"'))
    assert "phases[0].date: " in msg and "spans no time" in msg and "'days'" not in msg


def test_min_days_above_max_days_is_refused():
    mars = (
        GOOD.replace('kind = "station"', 'kind = "interplanetary"').split("[[phases]]")[0]
        + '[[phases]]\nkind = "departure"\nwindow = "2033-02-01..2033-08-31"\n'
        + '[[phases]]\nkind = "transfer"\nmin_days = 300\nmax_days = 200\n'
        + '[[phases]]\nkind = "return"\n'
    )
    msg = err(mars)
    assert "phases[1]: 'min_days' (300) is more than 'max_days' (200)" in msg


def test_entry_speed_limit_default_and_bounds():
    # Issue 11: Earth entry speed is a constraint by default (Striepe et al. 1993: < 14 km/s,
    # quoted in tests/reference/mga_human_mars.toml); 0 lifts it; a negative one is refused.
    from sojourn.core.defaults import MAX_ENTRY_SPEED_KM_S
    from sojourn.mission.planners.interplanetary import _entry_limit

    m = parse_mission(GOOD)
    assert m.assumptions.max_entry_speed_km_s == MAX_ENTRY_SPEED_KM_S == 14.0
    assert _entry_limit(m.assumptions) == 14.0
    lifted = parse_mission(GOOD + "\n[assumptions]\nmax_entry_speed_km_s = 0\n")
    assert _entry_limit(lifted.assumptions) == float("inf")
    msg = err(GOOD + "\n[assumptions]\nmax_entry_speed_km_s = -1\n")
    assert "assumptions.max_entry_speed_km_s" in msg

"""``sojourn crew``: options that do nothing in a given combination are refused, not ignored.

Each case exits 2 with one line naming the option, the rule and the fix, and writes nothing
to stdout (a reviewer found these accepted silently with exit 0).
"""

from __future__ import annotations

import json

import pytest

from sojourn.cli import main

BASE = ["crew", "--crew", "2", "--phase", "cruise:100"]


def _run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def _refused(capsys, argv, *words):
    status, out, err = _run(capsys, *argv)
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    for w in words:
        assert w in err, (w, err)


@pytest.mark.parametrize(
    ("extra", "option"),
    [
        (["--shielding-g-cm2", "20"], "'--shielding-g-cm2' needs --start"),
        (["--spe-shelter-g-cm2", "20"], "'--spe-shelter-g-cm2' needs --start"),
    ],
    ids=["shielding", "shelter"],
)
def test_dated_options_need_start(capsys, extra, option):
    _refused(capsys, [*BASE, *extra, "--json"], option, "add --start")


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        (["--shielding-g-cm2", "50"], ("'--shielding-g-cm2' must be 5-30 g/cm2", "50")),
        (["--shielding-g-cm2", "4.9"], ("'--shielding-g-cm2' must be 5-30 g/cm2",)),
        (["--shielding-g-cm2", "nan"], ("'--shielding-g-cm2' must be 5-30 g/cm2",)),
        (["--spe-shelter-g-cm2", "-3"], ("'--spe-shelter-g-cm2' must be 0.5-100 g/cm2", "-3")),
        (["--spe-shelter-g-cm2", "101"], ("'--spe-shelter-g-cm2' must be 0.5-100 g/cm2",)),
    ],
    ids=["shield-50", "shield-4.9", "shield-nan", "shelter-neg", "shelter-101"],
)
@pytest.mark.parametrize("start", [[], ["--start", "2033-04-01"]], ids=["undated", "dated"])
def test_dated_option_ranges_checked_with_or_without_start(capsys, extra, words, start):
    _refused(capsys, [*BASE, *start, *extra, "--json"], *words)


def test_reviewer_case_shielding_and_shelter_without_start(capsys):
    argv = [*BASE, "--shielding-g-cm2", "50", "--spe-shelter-g-cm2", "-3", "--json"]
    _refused(capsys, argv, "'--shielding-g-cm2'")


@pytest.mark.parametrize(
    "extra",
    [["--water-recovery", "0.9"], ["--o2-recovery", "0.5"], ["--water-recovery", "0"]],
    ids=["water", "o2", "water-0"],
)
def test_recoveries_conflict_with_eclss_preset(capsys, extra):
    _refused(
        capsys, [*BASE, "--eclss", "iss", *extra, "--json"],
        "'--water-recovery'/'--o2-recovery' conflict with --eclss",
        "the preset sets its recoveries",
    )  # fmt: skip


@pytest.mark.parametrize("n", [1, 3])
def test_member_count_must_equal_crew(capsys, n):
    members = [a for i in range(n) for a in ("--member", f"m{i}:esa")]
    _refused(capsys, [*BASE, *members, "--json"], f"given {n} times", "--crew is 2")


def test_accepted_combinations_still_run(capsys):
    # the same options where they apply: dated, members matching the crew, user closure alone
    status, out, err = _run(
        capsys, *BASE, "--start", "2033-04-01", "--shielding-g-cm2", "20",
        "--spe-shelter-g-cm2", "20", "--member", "a:esa", "--member", "b:nasa", "--json",
    )  # fmt: skip
    assert status == 0, err
    d = json.loads(out)
    assert d["phases"][0]["shielding_g_cm2"] == 20.0 and len(d["member_verdicts"]) == 2
    status, out, err = _run(capsys, *BASE, "--water-recovery", "0.9", "--json")
    assert status == 0, err
    closed = json.loads(out)["consumables_kg"]["water"]
    status, out, err = _run(capsys, *BASE, "--json")
    assert status == 0, err
    assert closed < json.loads(out)["consumables_kg"]["water"]

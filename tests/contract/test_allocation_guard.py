"""Big jobs are refused by the work budget before anything is allocated.

Each command runs in a process of its own under an address-space limit (RLIMIT_AS): a
command that allocates first and checks later dies there with MemoryError (exit 1, or an
"internal error" line) instead of the one-line refusal (exit 2) that names the option that
sets the size and the one that would shrink it. The control case shows the limit leaves
room for ordinary work (Numba, LLVM, the ephemeris, a porkchop grid). A process start costs
seconds, so only a few cases run here; ``test_hostile_cli.py`` runs every big-job case in the
shared worker, which has the same limit.
"""

from __future__ import annotations

import pytest
from contract_check import EXAMPLES, check_contract, check_refused, run_sojourn

LIMIT = 2 * 1024**3


def test_ordinary_work_fits_the_limit():
    r = run_sojourn(
        ["windows", "earth", "mars", "--depart", "2020-07-01..2020-08-15",
         "--arrive", "2021-01-15..2021-03-01", "--json"],
        memory_limit_bytes=LIMIT, timeout_s=120,
    )  # fmt: skip
    check_contract(r, statuses=(0,), json_out=True)


BIG = {
    "windows-step": (
        ["windows", "earth", "mars", "--depart", "2030-01-01..2031-01-01",
         "--arrive", "2030-06-01..2032-01-01", "--step-days", "0.0001"], "--step-days"),
    "roundtrip-millennium": (
        ["roundtrip", "earth", "mars", "--depart", "1600-01-01..2600-01-01",
         "--step-days", "0.5"], ["--step-days", "--depart"]),
}  # fmt: skip


@pytest.mark.parametrize("case", list(BIG))
def test_big_job_refused_under_memory_limit(case):
    argv, option = BIG[case]
    r = run_sojourn([*argv, "--json"], memory_limit_bytes=LIMIT, timeout_s=120)
    assert "MemoryError" not in r.err, str(r)
    check_refused(r, names=option)


def test_mission_abort_step_under_memory_limit(tmp_path):
    text = (EXAMPLES / "first-mars.toml").read_text(encoding="utf-8")
    mission = tmp_path / "m.toml"
    mission.write_text(text.replace("abort_step_days = 10", "abort_step_days = 0.001"))
    r = run_sojourn(["plan", mission, "--json"], memory_limit_bytes=LIMIT, timeout_s=120)
    assert "MemoryError" not in r.err, str(r)
    check_contract(r, json_out=True, names="abort_step_days")

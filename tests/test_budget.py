"""The work budget (issue 10): every grid, scan, table and search is counted before anything is
allocated, refused with one line naming the limit's parameter and the option that shrinks
it, the same in the CLI, the mission file and the Python API."""

from __future__ import annotations

import math
import pickle
import time

import numpy as np
import pytest

from sojourn.cli import main
from sojourn.core.jobs import WorkTooLarge, axis_size, check_work, count_text
from sojourn.errors import InputError


@pytest.fixture
def no_big_arrays(monkeypatch):
    """Fail the test if anything allocates an array of more than 10^7 elements."""
    real_empty, real_full, real_arange = np.empty, np.full, np.arange

    def guard(real):
        def wrapper(*args, **kwargs):
            out = real(*args, **kwargs)
            assert out.size < 10**7, "an array over the budget was built"
            return out

        return wrapper

    monkeypatch.setattr(np, "empty", guard(real_empty))
    monkeypatch.setattr(np, "full", guard(real_full))
    monkeypatch.setattr(np, "arange", guard(real_arange))


def test_axis_size_counts_like_date_range():
    from sojourn.core.time import date_range

    for span, step in ((10.0, 1.0), (10.5, 1.0), (0.0, 3.0), (122 * 86400.0, 86400.0)):
        assert axis_size(span, step) == date_range(0.0, span, step / 86400.0).size
    assert axis_size(1.0, 1e-300) == math.inf
    assert axis_size(math.inf, 1.0) == math.inf


def test_check_work_message_and_rename():
    check_work(100, 100, "the toy", shrink_by="ask for less")  # at the limit: fine
    with pytest.raises(InputError) as e:
        check_work(101, 100, "the toy", shrink_by="use a larger --step")
    assert str(e.value) == (
        "the toy has 101 cells, more than the limit 100 (max_cells); use a larger --step"
    )
    err = e.value.renamed(shrink_by="use a larger assumptions.abort_step_days")
    assert isinstance(err, WorkTooLarge)
    assert str(err).endswith("(max_cells); use a larger assumptions.abort_step_days")
    assert str(pickle.loads(pickle.dumps(err))) == str(err)
    assert count_text(math.inf) == "over 10^18" and count_text(12345) == "12,345"


def _cli(capsys, *argv):
    t0 = time.perf_counter()
    status = main(list(argv))
    _, err = capsys.readouterr()
    return status, err.strip(), time.perf_counter() - t0


# Each of these allocated GiB to TiB (or raised an internal error) before issue 10.
CASES = [
    (["roundtrip", "earth", "mars", "--depart", "1600-01-01..2600-01-01", "--step-days", "0.5"],
     "the launch-opportunity scan has 45,683 departures x 36,571 arrivals", "--depart"),
    (["roundtrip", "earth", "mars", "--depart", "2033-01-01..2033-12-31", "--stay-days",
      "1..1e9"], "the round-trip search has 200,000,088 target departures", "--stay-days"),
    (["scan", "earth", "mars", "--start", "2020-01-01", "--end", "2030-01-01", "--step-days",
      "0.00001"], "the scan has 365,300,001 departures", "--step-days"),
    (["scan", "earth", "mars", "--start", "2020-01-01", "--end", "2030-01-01", "--step-days",
      "1e-300"], "the scan has over 10^18 departures", "--step-days"),
    (["windows", "earth", "mars", "--depart", "2020-06-01..2020-09-30", "--arrive",
      "2021-01-01..2021-06-01", "--step-days", "1e-300"], "the grid has over 10^18 x",
     "--step-days"),
    (["abort", "earth", "mars", "--depart", "2020-07-30", "--arrive", "2021-02-18",
      "--tof-step-days", "1e-320"], "x over 10^18 return times", "--tof-step-days"),
]  # fmt: skip


@pytest.mark.parametrize(("argv", "size", "option"), CASES)
def test_cli_refuses_work_over_budget_before_allocating(capsys, no_big_arrays, argv, size, option):
    status, err, elapsed_s = _cli(capsys, *argv)
    assert status == 2, err
    assert size in err and "more than the limit" in err and "(max_" in err and option in err
    assert "\n" not in err and elapsed_s < 30


def test_api_budget_is_the_same(no_big_arrays):
    from sojourn.core.time import tdb
    from sojourn.roundtrip import roundtrip
    from sojourn.windows.study import porkchop_study

    with pytest.raises(WorkTooLarge, match="more than the limit 100,000,000 "):
        roundtrip("earth", "mars", (tdb("2033-01-01"), tdb("2033-12-31")), stay_days=(1, 1e9))
    with pytest.raises(WorkTooLarge, match="the grid has 122 x 151 = 18,422 cells, more than "
                                           r"the limit 1,000 \(max_cells\)"):  # fmt: skip
        porkchop_study(
            "earth", "mars", (tdb("2020-06-01"), tdb("2020-09-30")),
            (tdb("2021-01-01"), tdb("2021-05-31")), max_cells=1000,
        )  # fmt: skip


def test_scan_names_its_budget():
    from sojourn.windows import scan_job

    with pytest.raises(WorkTooLarge, match=r"\(max_transfers\)"):
        scan_job("earth", "mars", 0.0, 1000 * 86400.0, max_transfers=1000)
    with pytest.raises(InputError, match="'tof_days' must be"):
        scan_job("earth", "mars", 0.0, 1000 * 86400.0, tof_days=(1.0, math.inf))


def test_mission_abort_step_is_refused_naming_the_field(tmp_path, capsys):
    from importlib import resources

    text = (resources.files("sojourn.mission") / "examples" / "first-mars.toml").read_text()
    path = tmp_path / "m.toml"
    path.write_text(text.replace("abort_step_days = 10", "abort_step_days = 0.001"))
    status, err, elapsed_s = _cli(capsys, "plan", str(path), "--json")
    assert status == 2, err
    assert "assumptions.abort_step_days" in err and "the abort table has" in err
    assert "--step-days" not in err and elapsed_s < 60

"""Fuzz the mission file: malformed input always ends in one clear line and exit 2."""

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sojourn.cli import main
from sojourn.mission.plan import example_path

HC = [HealthCheck.function_scoped_fixture]
BASE = example_path("soyuz-ms19").read_text(encoding="utf-8")
LINES = [ln for ln in BASE.splitlines() if "=" in ln and not ln.lstrip().startswith("#")]
VALUES = st.one_of(
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.text(max_size=12).map(lambda s: '"' + s.replace("\\", "").replace('"', "") + '"'),
    st.sampled_from(
        [
            "true",
            "[]",
            "{}",
            "[1, 2]",
            '"2021-02-30"',
            '"2021-10-05..2021-01-01"',
            '"..."',
            "-0",
            '""',
            "= =",
            "[[",
            '"\\x"',
        ]
    ),
)


def _run(text: bytes, capsys) -> None:
    with tempfile.TemporaryDirectory() as d:
        f = Path(d) / "m.toml"
        f.write_bytes(text)
        out = Path(d) / "out"
        status = main(["plan", str(f), "--out", str(out)])
        err = capsys.readouterr().err
        if status != 0:
            assert status == 2, err
            assert err.count("\n") == 1 and err.startswith("sojourn: error: "), err
            assert "Traceback" not in err
            assert not out.exists() or not any(out.iterdir())


@settings(max_examples=40, deadline=None, suppress_health_check=HC)
@given(st.sampled_from(LINES), st.one_of(VALUES, st.sampled_from(["bogus_key = 1"])))
def test_value_mutations(capsys, line, value):
    key = line.split("=")[0]
    mutated = value if "bogus" in str(value) else f"{key}= {value}"
    text = BASE.replace(line, mutated, 1)
    # Keep to cheap failures: a mutation that still validates would run a full plan.
    from sojourn.errors import InputError
    from sojourn.mission.schema import parse_mission

    try:
        parse_mission(text)
    except InputError:
        _run(text.encode(), capsys)


@settings(max_examples=40, deadline=None, suppress_health_check=HC)
@given(st.binary(max_size=300))
def test_random_bytes(capsys, data):
    _run(data, capsys)


@settings(max_examples=30, deadline=None, suppress_health_check=HC)
@given(st.integers(0, len(BASE) - 1), st.integers(1, 40))
def test_truncated_and_spliced(capsys, cut, n):
    _run((BASE[:cut] + "\n[[" + BASE[cut : cut + n]).encode(), capsys)

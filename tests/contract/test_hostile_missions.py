"""Hypothesis mutations of the built-in mission files, planned with ``--json --out DIR``.

Each example takes one built-in mission file, changes one or two of its ``key = value`` lines
(a value replaced by an edge value of another type or size, a line deleted or duplicated, an
unknown key added) and plans it. Whatever the mutation, the contract holds: exit 0 with strict
JSON alone on stdout and a complete set of files with no temporary left over, or exit 2 with
one line naming the key, and DIR (and its parent) untouched.

Bounded for CI: a fixed seed (``derandomize``), a few dozen examples, no shrinking (each
example is a whole plan), first-mars most (0.3 s a plan once warm), the station missions less.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from pathlib import Path

from contract_check import EXAMPLES, check_contract, snapshot
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st

_ASSIGN = re.compile(r"^(?P<key>[A-Za-z_][A-Za-z0-9_]*)\s*=\s*(?P<value>.*?)\s*(?P<comment>#.*)?$")


def toml_string(s: str) -> str:
    """``s`` as a TOML basic string (control characters and quotes escaped)."""
    out = []
    for c in s:
        if c in '"\\' or not c.isprintable() or 0xD800 <= ord(c) <= 0xDFFF:
            out.append(f"\\u{ord(c):04x}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08x}")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


HOSTILE_TEXT = st.sampled_from(
    [
        "[/x]",
        "[link=https://evil.example]x[/link]",
        "\x1b]0;pwned\x07\x1b[2J",
        "<script>alert(1)</script>",
        "a\nb\rc\td",
        "\u202eevil\u200b",
        "x" * 5000,
        "",
        " ",
        "é🚀",
    ]
) | st.text(max_size=40)

NUMBERS = st.sampled_from(
    ["0", "-1", "1e308", "-1e308", "nan", "inf", "-inf", "99999999999999999999",
     "-99999999999999999999", "1e-9", "0.001", "5e-324", "1", "3.5", "0.01", "36500",
     "1e5", "2147483648"]
)  # fmt: skip
DATES = st.sampled_from(
    ['"1600-01-01"', '"2650-01-01"', '"2033-02-30"', '"2033-13-01"', '"9999-99-99"',
     '"2033-02-01..2033-01-01"', '"2033-02-01..2033-02-01"', '"2033-02-01.."', '".."',
     '"1600-01-01..2600-01-01"', '"2021-10-05T25:00"', '"2025-01-01..2049-12-31"',
     '"2021-10-05T08:55:02Z"', "2033-02-01", "2033-02-01T00:00:00", "1600-01-01", '"now"',
     '"2021-10-05 08:55"']
)  # fmt: skip
OTHER = st.sampled_from(
    ["true", "[]", "[1, 2]", '["a", 1]', "{a = 1}", "{}", "[[1]]", "[" * 60 + "]" * 60,
     '"iss"', '"mars"', '"earth"', '"moon"', '"sun"', '"baikonur-31"', '"kazakhstan"']
)  # fmt: skip
VALUES = NUMBERS | DATES | OTHER | HOSTILE_TEXT.map(toml_string)


@st.composite
def mutated(draw, text: str):
    """(new text, keys touched): one or two line mutations of a mission file."""
    lines = text.splitlines()
    assigns = [i for i, ln in enumerate(lines) if _ASSIGN.match(ln)]
    keys = []
    for _ in range(draw(st.integers(1, 2))):
        i = draw(st.sampled_from(assigns))
        m = _ASSIGN.match(lines[i])
        if m is None:  # already deleted or replaced by a mutation that is not an assignment
            continue
        keys.append(m["key"])
        how = draw(st.sampled_from(["value", "value", "value", "delete", "duplicate", "extra"]))
        if how == "value":
            lines[i] = f"{m['key']} = {draw(VALUES)}"
        elif how == "delete":
            lines[i] = "# (deleted)"
        elif how == "duplicate":
            lines[i] = f"{lines[i]}\n{m['key']} = {draw(VALUES)}"
        else:
            extra = draw(st.sampled_from(["unknown_key", "tle", "days", "kind", "name"]))
            keys.append(extra)
            lines[i] = f"{lines[i]}\n{extra} = {draw(VALUES)}"
    return "\n".join(lines) + "\n", keys


#: The keys that size a mission's work, and values that make it huge or degenerate.
WORK_KEYS = ("step_days", "abort_step_days", "window", "min_days", "max_days", "days")
WORK_VALUES = st.sampled_from(
    ["1e-9", "0.001", "0.1", "1e5", "36500", "1e308", '"1600-01-01..2600-01-01"',
     '"2025-01-01..2049-12-31"', '"2033-02-01..2033-02-01"', '"2033-02-01..2033-02-01T00:00:01"']
)  # fmt: skip


@st.composite
def work_mutated(draw, text: str):
    """(new text, keys touched): one or two work-sizing values made huge or degenerate."""
    lines = text.splitlines()
    sizing = [i for i, ln in enumerate(lines) if (m := _ASSIGN.match(ln)) and m["key"] in WORK_KEYS]
    keys = []
    for i in draw(st.lists(st.sampled_from(sizing), min_size=1, max_size=2, unique=True)):
        m = _ASSIGN.match(lines[i])
        keys.append(m["key"])
        lines[i] = f"{m['key']} = {draw(WORK_VALUES)}"
    return "\n".join(lines) + "\n", keys


def plan_mutation(worker, example: str, case) -> None:
    text, keys = case
    root = Path(tempfile.mkdtemp(prefix="sojourn-contract-"))
    try:
        mission = root / "mission.toml"
        mission.write_text(text, encoding="utf-8", errors="surrogatepass")
        out = root / "out"
        out.mkdir()
        (out / "keep.txt").write_text("from an earlier run\n")
        before = snapshot(root)
        # The limit only stops a runaway: a cold Numba cache makes a first plan take ~20 s.
        r = worker.run(["plan", str(mission), "--json", "--out", str(out)], timeout_s=90)
        r.notes.append(text)
        event(f"exit {r.status}")
        # The message names the key that was changed, a key of the file, or (a TOML syntax
        # error) the line.
        check_contract(r, json_out=True, unchanged=(root, before))
        if r.status == 2:
            line = r.err.lower().replace(str(mission).lower(), "")  # the file is always named
            assert any(k.lower() in line for k in keys) or "line" in line, (
                f"the message names none of {keys}\n{r}\n--- mission file ---\n{text}"
            )
        else:
            files = sorted(p.name for p in out.iterdir())
            assert "plan.json" in files and "report.html" in files, f"{files}\n{r}"
            assert not [f for f in files if f.startswith(".")], f"temporaries left: {files}\n{r}"
            assert json.loads((out / "plan.json").read_text()) == json.loads(r.out)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _mutation_test(example: str, n: int, strategy=mutated):
    text = (EXAMPLES / f"{example}.toml").read_text(encoding="utf-8")

    @settings(
        max_examples=n,
        derandomize=True,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],  # no shrinking: each example is a whole plan
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        database=None,
    )
    @given(case=strategy(text))
    def test(worker, case):
        plan_mutation(worker, example, case)

    test.__name__ = f"test_mutated_{example.replace('-', '_')}"
    return test


test_mutated_first_mars = _mutation_test("first-mars", 30)
test_mutated_soyuz_ms19 = _mutation_test("soyuz-ms19", 8)
test_mutated_iss_year = _mutation_test("iss-year", 4)
# The work budget: a huge or degenerate size is refused quickly (or planned within the limit).
test_work_mutated_first_mars = _mutation_test("first-mars", 12, work_mutated)
test_work_mutated_first_mars.__name__ = "test_work_mutated_first_mars"


TEXT_KEYS = {
    "title": 'title = "First Mars: an ESA crew of four in the 2033 opportunity"',
    "phase name": 'name = "outbound cruise"',
    "crew name": 'name = "Geologist"',
    "vehicle name": 'name = "Mars transfer vehicle"',
    "race label": 'label = "Rival crew (C3 up to 30)"',
}
_FIRST_MARS = (EXAMPLES / "first-mars.toml").read_text(encoding="utf-8")


@settings(
    max_examples=12,
    derandomize=True,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)
@given(
    where=st.sampled_from(list(TEXT_KEYS)),
    text=HOSTILE_TEXT
    | st.text(
        alphabet=st.characters(codec="utf-8") | st.sampled_from("[]/=\x1b\x07\x9b"), max_size=30
    ),
)
def test_user_text_reaches_the_terminal_as_text(worker, where, text):
    """Any text in a title, name or label: exit 0 or 2, and no escape byte on the terminal."""
    old = TEXT_KEYS[where]
    key = old.split(" = ")[0]
    root = Path(tempfile.mkdtemp(prefix="sojourn-contract-"))
    try:
        mission = root / "mission.toml"
        mission.write_text(_FIRST_MARS.replace(old, f"{key} = {toml_string(text)}", 1))
        r = worker.run(["plan", str(mission)], timeout_s=90)
        check_contract(r, names=[key, "line"])
        for ch in "\x1b\x07\x9b":
            assert ch not in r.out + r.err, f"{ch!r} reached the terminal\n{r}"
    finally:
        shutil.rmtree(root, ignore_errors=True)


def test_markup_in_title_is_escaped_in_the_report(worker, tmp_path):
    mission = tmp_path / "mission.toml"
    title = "<script>alert(1)</script> [/x] \x1b[2J"
    mission.write_text(_FIRST_MARS.replace(TEXT_KEYS["title"], f"title = {toml_string(title)}"))
    r = worker.run(["plan", str(mission), "--out", str(tmp_path / "out")])
    check_contract(r, statuses=(0,))
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html, "the title reached the report as HTML"

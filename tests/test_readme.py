"""The README's Python snippet runs as written (a newcomer copies it first)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = Path(__file__).parents[1] / "README.md"


def test_readme_python_snippet_runs():
    pytest.importorskip("xarray")  # the snippet calls grid.to_xarray() (the [tables] extra)
    text = README.read_text(encoding="utf-8")
    match = re.search(r"### Python\n.*?```python\n(.*?)```", text, re.S)
    assert match, "README has no Python snippet under '### Python'"
    namespace: dict = {}
    exec(compile(match.group(1), "README.md", "exec"), namespace)  # noqa: S102
    # What the comments promise: Mars 2020's window and a plan with key figures.
    assert 3.0 < namespace["best"].c3_km2_s2 < 20.0
    assert namespace["ok"]
    assert namespace["p"].to_dict()["mission"] == "first-mars"

"""docs/tutorial.md runs as written: its python blocks, in order, in one namespace."""

from __future__ import annotations

import re
from pathlib import Path

DOCS = Path(__file__).resolve().parents[1] / "docs"
ROOT = DOCS.parent


def test_tutorial_runs_in_order():
    text = (DOCS / "tutorial.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert len(blocks) >= 5
    namespace: dict = {}
    for i, block in enumerate(blocks, 1):
        exec(compile(block, f"docs/tutorial.md block {i}", "exec"), namespace)  # noqa: S102


def test_readme_and_docs_links_point_to_files_in_a_clone():
    for page in [ROOT / "README.md", *DOCS.glob("*.md")]:
        text = page.read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)#\s]+)\)", text):
            if re.match(r"[a-z]+:", target):  # https:, mailto:
                continue
            assert (page.parent / target).exists(), f"{page.name} links to missing {target}"

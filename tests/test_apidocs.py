"""The API reference builds offline from the docstrings (issue 14, item 6).

``docs/build_api.py`` documents every public module with pdoc; this builds it (without the
source listings and search index, for time) and checks what a reader looks for.
"""

from __future__ import annotations

import importlib.util
import re
import warnings
from pathlib import Path

import pytest

pytest.importorskip("pdoc")

DOCS = Path(__file__).resolve().parents[1] / "docs"


def _builder():
    spec = importlib.util.spec_from_file_location("build_api", DOCS / "build_api.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_api_reference_builds_offline_with_every_public_module(tmp_path):
    build_api = _builder()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pdoc notes the flat API's re-exported names
        modules = build_api.build(tmp_path, search=False, show_source=False)
    assert {"sojourn.core.flyby", "sojourn.windows.study", "sojourn.mission.model"} <= set(modules)
    assert not any(part.startswith("_") for m in modules for part in m.split("."))
    pages = {
        "sojourn/core/flyby.html": "powered_flyby_dv",
        "sojourn/windows/study.html": "porkchop_study",
        "sojourn/core/time.html": "utc_iso",
        "sojourn/mission/model.html": "Plan",
    }
    for page, name in pages.items():
        html = (tmp_path / page).read_text(encoding="utf-8")
        assert name in html, page
    for html_file in tmp_path.rglob("*.html"):  # offline: nothing loaded from the network
        html = html_file.read_text(encoding="utf-8")
        assert not re.search(r"<script[^>]+src=\"https?://", html), html_file
        assert not re.search(r"<link[^>]+href=\"https?://[^\"]+\.css", html), html_file

"""Headless Chromium for the page tests: one place for its path and flags.

The ``chromium`` fixture skips the test when no browser is installed and otherwise returns
``run(args, timeout=90, check=False)``: Chromium with the flags this offline machine needs
(no background networking, sync or first run) and a fresh profile in the test's tmp_path.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
)


@pytest.fixture
def chromium(tmp_path):
    if CHROMIUM is None:
        pytest.skip("needs /usr/bin/chromium (apt-get install chromium)")

    def run(args, timeout=90, check=False):
        cmd = [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            *args,
        ]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=check)

    return run

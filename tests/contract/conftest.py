"""Fixtures of the contract tests; the checker itself is ``contract_check.py``."""

from __future__ import annotations

import pytest
from contract_check import TIMEOUT_S, Result, Worker


@pytest.fixture(scope="session")
def worker():
    w = Worker()
    yield w
    w.close()


@pytest.fixture
def sojourn_cli(worker):
    """``sojourn_cli(*argv, timeout_s=..., cwd=...) -> Result``, in the shared worker."""

    def run(*argv, timeout_s: float = TIMEOUT_S, cwd=None) -> Result:
        return worker.run(list(argv), timeout_s=timeout_s, cwd=cwd)

    return run

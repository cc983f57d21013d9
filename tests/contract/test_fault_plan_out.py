"""``plan --out DIR`` killed at random moments: DIR holds one complete set, never a mix.

The folder starts with a complete set from an earlier run (the same mission under another
title, so ``plan.json`` and ``report.html`` tell which run wrote them).
``sojourn plan --example soyuz-ms19 --out DIR`` is started in a process of its own and killed
(SIGKILL twice, SIGTERM once) at a random moment of its writing phase: the folder beside DIR
and DIR itself are watched, and the signal goes a random 0-200 ms (fixed seed) after the
first new entry appears there (a temporary file, a staging folder) -- killing while it still
computes would test nothing. After each kill the visible files of DIR are exactly the old set
or exactly the new one; after a SIGTERM nothing temporary is left; after the next normal run
nothing temporary is left beside DIR either (a killed run's staging is swept).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from contract_check import EXAMPLES, check_contract, child_env
from contract_check import snapshot as _snapshot

#: Each kill costs a whole process start and plan (5-10 s): three, to keep the suite short.
KILLS = [signal.SIGKILL, signal.SIGTERM, signal.SIGKILL]


def snapshot(root: Path) -> dict[str, str]:
    """:func:`contract_check.snapshot` with OEM files' CREATION_DATE (the wall clock) left out."""
    state = _snapshot(root)
    for k in state:
        if k.endswith(".oem"):
            with contextlib.suppress(OSError):
                lines = (root / k).read_text(encoding="utf-8").splitlines()
                kept = "\n".join(ln for ln in lines if not ln.startswith("CREATION_DATE"))
                state[k] = hashlib.sha256(kept.encode()).hexdigest()
    return state


def visible(state: dict[str, str]) -> dict[str, str]:
    """The snapshot's files under ``out/`` whose path has no part starting with a dot."""
    return {
        k: v
        for k, v in state.items()
        if k.startswith("out/") and k != "out/" and not any(p.startswith(".") for p in k.split("/"))
    }


def extra(state: dict[str, str], before: dict[str, str]) -> list[str]:
    """Entries that are hidden, or beside ``out/`` and not there before: temporaries."""
    return sorted(
        k
        for k in state
        if any(p.startswith(".") for p in k.rstrip("/").split("/"))
        or (not k.startswith("out/") and k not in before)
    )


def _entries(root: Path) -> set[str]:
    names = set()
    with contextlib.suppress(OSError):
        for e in os.scandir(root):
            names.add(e.name)
            if e.is_dir(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    names.update(f"{e.name}/{f}" for f in os.listdir(e.path))
    return names


def kill_while_writing(out: Path, sig: signal.Signals, delay_s: float, root: Path):
    """Start the plan, kill it ``delay_s`` after its first new entry; (returncode, stderr)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "sojourn", "plan", "--example", "soyuz-ms19", "--out", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=child_env(),
    )
    start = _entries(root)
    deadline = time.monotonic() + 300
    while proc.poll() is None and time.monotonic() < deadline:
        if _entries(root) - start:
            time.sleep(delay_s)
            break
        time.sleep(0.002)
    with contextlib.suppress(ProcessLookupError):
        os.kill(proc.pid, sig)
    try:
        _, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        _, err = proc.communicate()
        raise AssertionError(f"{sig.name}: the run did not stop within 60 s") from None
    return proc.returncode, err.decode("utf-8", "replace")


def test_killed_plan_leaves_one_complete_set(worker, tmp_path):
    root = tmp_path / "work"
    root.mkdir()
    out = root / "out"
    old_mission = tmp_path / "old.toml"
    old_mission.write_text(
        (EXAMPLES / "soyuz-ms19.toml")
        .read_text(encoding="utf-8")
        .replace('title = "Soyuz MS-19:', 'title = "An earlier run of Soyuz MS-19:', 1)
    )
    check_contract(worker.run(["plan", old_mission, "--out", out]), statuses=(0,))
    old = snapshot(root)
    saved = tmp_path / "saved"
    shutil.copytree(out, saved)

    rng = random.Random(10)
    kills = []
    for i, sig in enumerate(KILLS):
        shutil.rmtree(out)
        shutil.copytree(saved, out)
        delay = 0.0 if i < 2 else rng.uniform(0.0, 0.2)  # at the first entry, then later
        status, err = kill_while_writing(out, sig, delay, root)
        state = snapshot(root)
        kills.append((sig.name, round(delay, 3), status, state, err))
        assert "Traceback" not in err, err[-2000:]
        if sig == signal.SIGTERM:
            assert not extra(state, old), f"SIGTERM left temporaries: {extra(state, old)}"
            # 143 and one line; 0 if the run had finished when the signal came
            assert status in (0, 143), f"SIGTERM: exit {status}; stderr {err[-500:]!r}"
            assert status == 0 or len(err.splitlines()) == 1, f"SIGTERM: stderr {err!r}"

    # The next normal run completes the set and sweeps whatever a killed run left.
    check_contract(worker.run(["plan", "--example", "soyuz-ms19", "--out", out]), statuses=(0,))
    new = snapshot(root)
    assert visible(new) != visible(old)
    assert not extra(new, old), f"left after a normal run: {extra(new, old)}"
    for name, delay, status, state, err in kills:
        which = (
            "old" if visible(state) == visible(old) else "new" if visible(state) == visible(new)
            else "a mix"
        )  # fmt: skip
        assert which != "a mix", (
            f"{name} {delay} s into the writing (exit {status}) left a mix of old and new "
            f"files: {sorted(visible(state))}; stderr {err[-500:]!r}"
        )


def test_second_mission_leaves_none_of_the_first(worker, tmp_path):
    """Two plans into one folder: the second's set, none of the first mission's files."""
    out = tmp_path / "out"
    check_contract(worker.run(["plan", "--example", "first-mars", "--out", out]), statuses=(0,))
    first = {p.name for p in out.iterdir()}
    check_contract(worker.run(["plan", "--example", "soyuz-ms19", "--out", out]), statuses=(0,))
    left = {p.name for p in out.iterdir()}
    stale = sorted(n for n in left & first if "first-mars" in n or n.endswith(".oem"))
    assert not [n for n in stale if "soyuz" not in n], f"first-mars files left: {stale}"
    assert not [n for n in left if n.startswith(".")], f"temporaries left: {sorted(left)}"
    assert not [p for p in tmp_path.iterdir() if p.name != "out"], sorted(tmp_path.iterdir())

"""Faults: a run killed while it writes its files, and output paths that cannot be written.

The contract: ``plan --out DIR`` leaves DIR holding the complete previous set or the complete
new one, whatever moment a SIGKILL or SIGTERM lands; the next run sweeps what a killed run
left; ``--plot`` to a path that cannot be written is exit 2 before the grid is computed.
"""

import errno
import json
import os
import random
import re
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from sojourn.cli import main
from sojourn.io.atomic import MANIFEST

SRC = str(Path(__file__).resolve().parents[1] / "src")
ENV = {**os.environ, "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", "")}
OEM_DATA = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?( -?\d+\.\d+){6}$")


def _complete_plan_set(out: Path) -> list[str]:
    """Assert ``out`` holds one complete set (names as its manifest, every file whole)."""
    manifest = json.loads((out / MANIFEST).read_text())
    names = manifest["files"]
    assert sorted(os.listdir(out)) == sorted([*names, MANIFEST])
    json.loads((out / "plan.json").read_text())
    json.loads((out / "plan.czml").read_text())
    assert (out / "report.html").read_text().rstrip().endswith("</html>")
    oems = [n for n in names if n.endswith(".oem")]
    assert oems
    for n in oems:
        last = (out / n).read_text().rstrip("\n").rsplit("\n", 1)[-1]
        assert OEM_DATA.match(last), (n, last)
    return names


def _no_staging(*folders: Path) -> None:
    for f in folders:
        assert not [n for n in os.listdir(f) if "sojourn-staging" in n], os.listdir(f)


def _plan(out: Path) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "sojourn", "plan", "--example", "soyuz-ms19", "--out", str(out)]
    return subprocess.Popen(cmd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def test_plan_out_killed_at_random_moments_keeps_a_complete_set(tmp_path):
    # One full run (its time sets the kill moments), two kills in its second half, where the
    # files are written (a SIGTERM and a SIGKILL), then a normal run that sweeps. The writer's
    # own kill test below lands many more kills inside the writing step itself.
    out = tmp_path / "out"
    t0 = time.monotonic()
    p = _plan(out)
    assert p.wait(timeout=300) == 0, p.stderr.read()
    run_s = time.monotonic() - t0
    names = _complete_plan_set(out)
    rng = random.Random(10)
    for sig in (signal.SIGTERM, signal.SIGKILL):
        p = _plan(out)
        time.sleep(rng.uniform(0.5, 1.0) * run_s)
        p.send_signal(sig)
        rc = p.wait(timeout=300)
        err = p.stderr.read().decode()
        if sig == signal.SIGTERM and rc not in (0, -signal.SIGTERM):  # -15: before main()
            assert rc == 143 and err == "sojourn: error: terminated (SIGTERM)\n", (rc, err)
        assert _complete_plan_set(out) == names
    p = _plan(out)
    assert p.wait(timeout=300) == 0
    assert _complete_plan_set(out) == names
    _no_staging(tmp_path, out)


WRITER = textwrap.dedent(
    """
    import sys
    from sojourn.io.atomic import write_set
    out, k = sys.argv[1], 0
    while True:  # two sets of different names, each file a few MiB, the last line a marker
        files = [(f"{'ab'[k % 2]}{i}.txt", ("x" * 99 + "\\n") * 30000 + f"end {k % 2}\\n")
                 for i in range(1 + k % 2, 5 + k % 2)]
        write_set(out, files, label="ab"[k % 2])
        k += 1
    """
)


def _complete_writer_set(out: Path) -> None:
    names = json.loads((out / MANIFEST).read_text())["files"]
    listing = sorted(n for n in os.listdir(out) if n != "notes.txt")
    assert listing == sorted([*names, MANIFEST])
    kind = names[0][0]
    assert names == [f"{kind}{i}.txt" for i in range(1 + (kind == "b"), 5 + (kind == "b"))]
    for n in names:
        text = (out / n).read_text()
        assert len(text) == 3_000_006 and text.endswith(f"end {'ab'.index(kind)}\n"), n


@pytest.mark.parametrize("user_file", [False, True], ids=["swap", "merge"])
def test_writer_killed_at_random_moments_keeps_a_complete_set(tmp_path, user_file):
    # Without a user file the folder is exchanged in one step, so even SIGKILL leaves a whole
    # set; with one, the files are renamed one by one with SIGTERM held back, so a SIGTERM
    # does too (a SIGKILL there could leave a mix of whole files: see io.atomic.write_set).
    out = tmp_path / "out"
    if user_file:
        out.mkdir()
        (out / "notes.txt").write_text("mine")
    rng = random.Random(3)
    for kill in range(8):
        p = subprocess.Popen([sys.executable, "-c", WRITER, str(out)], env=ENV)
        while not (out / MANIFEST).exists():  # the first set is complete
            assert p.poll() is None
            time.sleep(0.01)
        time.sleep(rng.uniform(0.0, 0.4))
        sig = signal.SIGTERM if user_file or kill % 2 else signal.SIGKILL
        p.send_signal(sig)
        p.wait(timeout=60)
        _complete_writer_set(out)
        assert not user_file or (out / "notes.txt").read_text() == "mine"
    from sojourn.io.atomic import write_set

    write_set(out, [("c.txt", "c")], label="c")  # the next run sweeps what the kills left
    _no_staging(tmp_path, out)
    assert sorted(os.listdir(out)) == sorted(["c.txt", MANIFEST] + ["notes.txt"] * user_file)


# --- --plot paths that cannot be written: exit 2 before the grid is computed ------------------
WINDOWS = ["windows", "earth", "mars", "--depart", "2020-07-01..2020-07-21",
           "--arrive", "2021-01-01..2021-02-10", "--step-days", "10"]  # fmt: skip


@pytest.fixture
def no_grid(monkeypatch):
    import sojourn.windows.study as study

    def refuse(*args, **kwargs):
        raise AssertionError("the grid was computed before --plot was checked")

    monkeypatch.setattr(study, "porkchop_study", refuse)


def test_plot_to_a_folder_is_refused_before_computing(tmp_path, capsys, no_grid):
    (tmp_path / "pc.html").mkdir()
    assert main([*WINDOWS, "--plot", str(tmp_path / "pc.html")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "'--plot'" in err and "is a folder" in err


def test_plot_under_a_file_is_refused_before_computing(tmp_path, capsys, no_grid):
    (tmp_path / "f.txt").write_text("x")
    assert main([*WINDOWS, "--plot", str(tmp_path / "f.txt" / "pc.html")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "'--plot'" in err and "is a file, not a folder" in err
    assert os.listdir(tmp_path) == ["f.txt"]


def test_plot_on_a_read_only_disk_is_refused_before_computing(tmp_path, capsys, no_grid,
                                                              monkeypatch):  # fmt: skip
    import sojourn.io.atomic as atomic

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(atomic.tempfile, "mkstemp", read_only)
    assert main([*WINDOWS, "--plot", str(tmp_path / "pc.html")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "'--plot'" in err and "Read-only file system" in err


def test_plot_on_a_full_disk_is_exit_2_and_leaves_nothing(tmp_path, capsys, monkeypatch):
    real_replace = os.replace

    def full(src, dst, *args, **kwargs):
        if str(dst).endswith("pc.html"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", full)
    assert main([*WINDOWS, "--plot", str(tmp_path / "pc.html")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "'--plot'" in err and "No space left on device" in err
    assert os.listdir(tmp_path) == []

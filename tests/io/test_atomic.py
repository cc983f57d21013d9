"""The set writer (io.atomic.write_set): the folder holds the previous set or the new one."""

import errno
import json
import os
import subprocess
import sys

import pytest

from sojourn.errors import InputError
from sojourn.io import atomic
from sojourn.io.atomic import MANIFEST, check_file_target, read_manifest, sweep_staging, write_set


def _listing(folder):
    return sorted(os.listdir(folder))


def test_new_folder_gets_the_set_and_its_manifest(tmp_path):
    out = tmp_path / "a" / "out"
    paths = write_set(out, [("plan.json", "{}"), ("x.oem", "X")], label="m1")
    assert paths == [out / "plan.json", out / "x.oem"]
    assert _listing(out) == sorted(["plan.json", "x.oem", MANIFEST])
    assert json.loads((out / MANIFEST).read_text())["files"] == ["plan.json", "x.oem"]
    assert read_manifest(out) == {"plan.json", "x.oem"}
    assert _listing(out.parent) == ["out"]  # no staging left beside it
    assert (out.stat().st_mode & 0o777) == 0o777 & ~_umask()  # mkdtemp's 0700 not kept


def _umask():
    m = os.umask(0)
    os.umask(m)
    return m


def test_second_set_replaces_the_first_and_drops_its_extra_files(tmp_path):
    out = tmp_path / "out"
    write_set(out, [("plan.json", "1"), ("old-mission.oem", "O")], label="m1")
    os.chmod(out, 0o750)
    write_set(out, [("plan.json", "2"), ("new.oem", "N")], label="m2")
    assert _listing(out) == sorted(["plan.json", "new.oem", MANIFEST])
    assert (out / "plan.json").read_text() == "2"
    assert (out.stat().st_mode & 0o777) == 0o750  # the folder keeps its mode
    assert _listing(tmp_path) == ["out"]


def test_user_files_are_never_touched(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    (out / "mine.oem").write_text("mine")  # an OEM the manifest does not name
    write_set(out, [("plan.json", "1"), ("a.oem", "A")], label="m1")
    write_set(out, [("plan.json", "2"), ("b.oem", "B")], label="m2")
    assert _listing(out) == sorted(["notes.txt", "mine.oem", "plan.json", "b.oem", MANIFEST])
    assert (out / "notes.txt").read_text() == "mine" and (out / "mine.oem").read_text() == "mine"
    assert not [n for n in _listing(out) if "staging" in n]


def test_without_the_exchange_the_merge_gives_the_same_set(tmp_path, monkeypatch):
    monkeypatch.setattr(atomic, "_exchange", lambda a, b: False)  # e.g. not Linux
    out = tmp_path / "out"
    write_set(out, [("plan.json", "1"), ("a.oem", "A")], label="m1")
    write_set(out, [("plan.json", "2"), ("b.oem", "B")], label="m2")
    assert _listing(out) == sorted(["plan.json", "b.oem", MANIFEST])
    assert _listing(tmp_path) == ["out"]


def test_failure_leaves_the_previous_set_and_no_staging(tmp_path, monkeypatch):
    out = tmp_path / "out"
    write_set(out, [("plan.json", "1"), ("a.oem", "A")], label="m1")
    before = {n: (out / n).read_text() for n in _listing(out)}

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic, "_exchange", full)
    with pytest.raises(OSError):
        write_set(out, [("plan.json", "2"), ("b.oem", "B")], label="m2")
    assert {n: (out / n).read_text() for n in _listing(out)} == before
    assert _listing(tmp_path) == ["out"]


def test_a_folder_in_the_way_refuses_before_writing(tmp_path):
    out = tmp_path / "out"
    (out / "report.html").mkdir(parents=True)
    with pytest.raises(IsADirectoryError):
        write_set(out, [("plan.json", "1"), ("report.html", "R")], label="m")
    assert _listing(out) == ["report.html"] and _listing(tmp_path) == ["out"]


def test_names_must_be_plain(tmp_path):
    for bad in ("../x", "", MANIFEST, "a/b"):
        with pytest.raises(ValueError):
            write_set(tmp_path / "o", [(bad, "x")], label="m")
    with pytest.raises(ValueError):
        write_set(tmp_path / "o", [("a", "x"), ("a", "y")], label="m")


def test_stale_staging_of_a_dead_process_is_swept_a_live_one_kept(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    pid = int(dead.stdout)
    stale = [tmp_path / f"out.sojourn-staging-{pid}-abc123", out / f".sojourn-staging-{pid}-x"]
    live = tmp_path / f"out.sojourn-staging-{os.getppid()}-live"  # a running process
    other = tmp_path / f"other.sojourn-staging-{pid}-abc"  # another folder's: not ours
    for d in (*stale, live, other):
        d.mkdir()
        (d / "plan.json").write_text("half")
    assert sorted(sweep_staging(out)) == sorted(stale)
    assert live.exists() and other.exists() and not any(d.exists() for d in stale)
    os.utime(live, (0, 0))  # older than STALE_AFTER_S: the pid was reused
    assert sweep_staging(out) == [live]


def test_check_file_target(tmp_path):
    a_file = tmp_path / "f.txt"
    a_file.write_text("x")
    with pytest.raises(InputError, match=r"^'--plot' .* is a folder; give a file name"):
        check_file_target(tmp_path, "--plot")
    with pytest.raises(InputError, match=r"^'--plot' .* cannot be created: .* is a file"):
        check_file_target(a_file / "sub" / "pc.html", "--plot")
    assert check_file_target(tmp_path / "new" / "pc.html", "--plot") == tmp_path / "new" / "pc.html"
    assert _listing(tmp_path) == ["f.txt"]  # the probe is removed, no folder made


def test_check_file_target_unwritable(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(atomic.tempfile, "mkstemp", refuse)
    with pytest.raises(InputError, match=r"^'--plot' .* cannot be written \(Read-only file"):
        check_file_target(tmp_path / "pc.html", "--plot")


def test_write_oem_is_all_or_none(tmp_path, monkeypatch):
    from sojourn.io import oem

    monkeypatch.setattr(oem, "oem_files", lambda plan: [("a.oem", "A"), ("b.oem", "B")])
    (tmp_path / "b.oem").mkdir()  # a folder where the second file should go
    with pytest.raises(IsADirectoryError):
        oem.write_oem(object(), tmp_path)
    assert _listing(tmp_path) == ["b.oem"]  # the first one was not written either
    monkeypatch.setattr(oem, "oem_files", lambda plan: [])
    assert oem.write_oem(object(), tmp_path / "none") == [] and not (tmp_path / "none").exists()

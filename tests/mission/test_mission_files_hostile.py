"""Mission files as a careless or hostile user writes them (issue 10): exit 2 with one line
naming the field, no traceback, nothing written to --out, never a hang or an unbounded read.

A mission file may only read files in its own folder or below; a file there that is not an
element set is refused without quoting it. Cases that would hang or eat memory on a
regression (a FIFO, /dev/zero) run in a subprocess with a timeout."""

import os
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from sojourn.cli import main
from sojourn.errors import InputError
from sojourn.mission.schema import load_mission, parse_mission

SECRET = "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"


def _plan_fails(capsys, tmp_path, text: str, *words: str, name: str = "m.toml") -> str:
    """Run ``plan FILE --out DIR``: exit 2, one line on stderr holding ``words``, no --out."""
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["plan", str(f), "--out", str(out)]) == 2
    cap = capsys.readouterr()
    err = cap.err
    assert err.count("\n") == 1 and err.startswith("sojourn: error: "), err
    assert "Traceback" not in err and "internal error" not in err
    for w in words:
        assert w in err, (w, err)
    assert not out.exists()
    return err


def _limit_memory():  # pragma: no cover - runs in the child
    import resource

    limit = 3 << 30  # 3 GiB of address space: an unbounded read fails fast instead of OOM
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _run(args, timeout_s=120.0):
    """The CLI in a fresh process (a regression must not hang or exhaust the test process):
    with a timeout and, where the platform allows, a 3 GiB address-space limit."""
    env = dict(os.environ)
    src = str(Path(__file__).resolve().parents[2] / "src")
    env["PYTHONPATH"] = src + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run(
        [sys.executable, "-m", "sojourn", *args],
        capture_output=True,
        text=True,
        timeout=timeout_s,
        env=env,
        stdin=subprocess.DEVNULL,
        preexec_fn=_limit_memory if sys.platform.startswith("linux") else None,
    )


# --- Structure ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "a = " + "[" * 10_000 + "]" * 10_000,  # RecursionError in tomllib before
        "a = " + "{b = " * 10_000 + "1" + "}" * 10_000,
    ],
    ids=["arrays", "inline-tables"],
)
def test_deep_nesting_is_a_user_error(capsys, tmp_path, text):
    _plan_fails(capsys, tmp_path, text, "nested too deeply", "m.toml")


def test_mission_text_over_the_cap_is_refused():
    with pytest.raises(InputError, match="over the 1 MiB limit for a mission file"):
        parse_mission("# " + "x" * (1 << 20) + "\n")


def test_mission_file_over_the_cap_is_refused_before_reading(capsys, tmp_path):
    f = tmp_path / "big.toml"
    with open(f, "wb") as fh:
        fh.truncate(2 << 20)  # sparse, all NULs: refused by size before anything is read
    out = tmp_path / "out"
    assert main(["plan", str(f), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "is 2,097,152 bytes, over the 1 MiB limit" in err
    assert not out.exists()


def test_directory_and_nul_path_and_empty_example(capsys, tmp_path):
    assert main(["plan", str(tmp_path)]) == 2
    assert "is a directory, not a regular file" in capsys.readouterr().err
    with pytest.raises(InputError, match="the path holds a NUL byte"):  # ValueError before
        load_mission("\x00")
    with pytest.raises(InputError, match="no path given"):
        load_mission(None)
    assert main(["plan", "--example", ""]) == 2  # internal error (TypeError) before
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "internal error" not in err


# --- What a mission file may read ---------------------------------------------------------------
def test_tle_path_with_a_nul_byte(capsys, tmp_path, station_toml):
    _plan_fails(
        capsys,
        tmp_path,
        station_toml(target='tle = "iss\\u0000.tle"'),
        "phases[0].tle",
        "NUL byte",
    )


@pytest.mark.parametrize("path", ["/etc/passwd", "../x.tle", "sub/../../x.tle"])
def test_tle_outside_the_mission_folder_is_refused(capsys, tmp_path, path, station_toml):
    # /etc/passwd was read and 80 characters of a line quoted in the error.
    (tmp_path / "x.tle").write_text(SECRET)
    d = tmp_path / "m"
    d.mkdir()
    err = _plan_fails(
        capsys, d, station_toml(target=f"tle = '{path}'"), "phases[0].tle", "lies outside"
    )
    assert "root:x" not in err


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_symlink_out_of_the_folder_is_refused(capsys, tmp_path, station_toml):
    (tmp_path / "secret").write_text(SECRET)
    d = tmp_path / "m"
    d.mkdir()
    (d / "iss.tle").symlink_to(tmp_path / "secret")
    err = _plan_fails(
        capsys, d, station_toml(target="tle = 'iss.tle'"), "phases[0].tle", "lies outside"
    )
    assert "root:x" not in err


def test_non_tle_file_in_the_folder_is_not_quoted(capsys, tmp_path, station_toml):
    (tmp_path / "passwd").write_text(SECRET)
    err = _plan_fails(
        capsys,
        tmp_path,
        station_toml(target="tle = 'passwd'"),
        "phases[0].tle",
        "not an element-set file (no line starting with '1 ' and '2 '",
    )
    assert "root:x" not in err and "daemon:x" not in err


def test_tle_in_the_folder_or_below_is_read(capsys, tmp_path, station_toml):
    iss = resources.files("sojourn.leo").joinpath("data/iss.tle").read_text(encoding="ascii")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "iss.tle").write_text(iss)
    f = tmp_path / "m.toml"
    f.write_text(station_toml(target="tle = 'data/iss.tle'"))
    m = load_mission(f)
    assert m.file_path("data/iss.tle") == (tmp_path / "data" / "iss.tle").resolve()
    assert main(["plan", str(f), "--json"]) == 0
    capsys.readouterr()


def test_examples_read_only_packaged_files():
    from sojourn.mission.plan import load_example

    m = load_example("soyuz-ms19")
    assert m.base_dir.name == "examples" and m.base_dir.parent.name == "mission"
    with pytest.raises(InputError, match="lies outside"):
        m.file_path("../../../../etc/passwd")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_mission_file_and_fifo_tle_do_not_block(tmp_path, station_toml):
    fifo = tmp_path / "m.toml"
    os.mkfifo(fifo)
    out = tmp_path / "out"
    r = _run(["plan", str(fifo), "--out", str(out)], timeout_s=60.0)  # blocked forever before
    assert r.returncode == 2 and r.stderr.count("\n") == 1, r.stderr
    assert "is a pipe (FIFO), not a regular file" in r.stderr and not out.exists()
    d = tmp_path / "d"
    d.mkdir()
    os.mkfifo(d / "iss.tle")
    (d / "m.toml").write_text(station_toml(target="tle = 'iss.tle'"))
    r = _run(["plan", str(d / "m.toml"), "--out", str(out)], timeout_s=120.0)
    assert r.returncode == 2 and r.stderr.count("\n") == 1, r.stderr
    assert "phases[0].tle" in r.stderr and "pipe (FIFO)" in r.stderr and not out.exists()


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero here")
def test_tle_dev_zero_in_a_mission_is_refused_without_reading(tmp_path, station_toml):
    # Read until memory ran out before; now outside the mission's folder, so never opened.
    (tmp_path / "m.toml").write_text(station_toml(target="tle = '/dev/zero'"))
    out = tmp_path / "out"
    r = _run(["plan", str(tmp_path / "m.toml"), "--out", str(out)], timeout_s=120.0)
    assert r.returncode == 2 and r.stderr.count("\n") == 1, r.stderr
    assert "phases[0].tle: '/dev/zero' lies outside" in r.stderr and not out.exists()


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero here")
def test_tle_option_dev_zero_is_refused_without_reading():
    # --tle is the user's own choice (any folder), still bounded: read until OOM before.
    r = _run(
        ["launch", "--site", "baikonur-31", "--tle", "/dev/zero", "--date", "2021-10-05"],
        timeout_s=120.0,
    )
    assert r.returncode == 2 and r.stderr.count("\n") == 1, r.stderr
    assert "TLE file /dev/zero: is a character device, not a regular file" in r.stderr

"""The bounded reader of user files (sojourn.userfiles): regular files only, a size cap checked
before reading, no NUL, decoded once; and the rule for paths written inside a mission file."""

import os
import sys

import pytest

from sojourn.errors import InputError
from sojourn.userfiles import (
    ELEMENTS_MAX_BYTES,
    MISSION_MAX_BYTES,
    printable,
    read_text,
    resolve_within,
)

FIX = "give a good file"


def _read(path, max_bytes=1000):
    return read_text(path, label="test file", max_bytes=max_bytes, fix=FIX)


def _one_line(e) -> str:
    msg = str(e.value)
    assert "\n" not in msg and msg.startswith("test file") and msg.endswith(FIX)
    return msg


def test_caps_are_what_the_docs_say():
    assert MISSION_MAX_BYTES == 1 << 20 and ELEMENTS_MAX_BYTES == 16 << 20


def test_reads_utf8_and_drops_the_bom(tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes("\ufeffZ\u00c4RYA\n".encode())
    assert _read(f) == "Z\u00c4RYA\n"
    assert _read(str(f)) == "Z\u00c4RYA\n"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_is_refused_before_opening(tmp_path):
    # Opening a FIFO for reading blocks until a writer comes: it must be refused from stat.
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(InputError) as e:
        _read(fifo)
    assert "is a pipe (FIFO), not a regular file" in _one_line(e)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero here")
def test_device_is_refused_without_reading():
    with pytest.raises(InputError) as e:
        _read("/dev/zero")
    assert "is a character device, not a regular file" in _one_line(e)


def test_directory_missing_empty_none_and_nul(tmp_path):
    with pytest.raises(InputError, match="is a directory, not a regular file"):
        _read(tmp_path)
    with pytest.raises(InputError, match=r"cannot be read \(No such file"):
        _read(tmp_path / "missing")
    with pytest.raises(InputError, match="the path is empty"):
        _read("")
    with pytest.raises(InputError, match="no path given"):
        _read(None)
    with pytest.raises(InputError, match=r"must be a file path \(str or os.PathLike\), got int"):
        _read(3)
    with pytest.raises(InputError) as e:  # os.stat would raise ValueError
        _read("a\x00b")
    assert "the path holds a NUL byte" in _one_line(e)


def test_size_cap_is_checked_before_reading(tmp_path):
    f = tmp_path / "big.txt"
    with open(f, "wb") as fh:
        fh.truncate(10 * 1000)  # sparse: nothing to read if the cap is checked first
    with pytest.raises(InputError) as e:
        _read(f, max_bytes=1000)
    assert "is 10,000 bytes, over the" in _one_line(e)
    f.write_bytes(b"x" * 1000)
    assert len(_read(f, max_bytes=1000)) == 1000


def test_nul_and_non_utf8_content_name_the_line(tmp_path):
    f = tmp_path / "bin.txt"
    f.write_bytes(b"ok\nok\nab\x00cd\n")
    with pytest.raises(InputError) as e:
        _read(f)
    assert "line 3: not a text file (it holds a NUL byte)" in _one_line(e)
    f.write_bytes(b"ok\n\x1b[2J\xff\n")
    with pytest.raises(InputError) as e:
        _read(f)
    msg = _one_line(e)
    assert "line 2: not a text file (byte 0xff)" in msg and "\x1b" not in msg


def test_resolve_within_keeps_paths_in_the_folder(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "x.tle").write_text("x")
    assert resolve_within(tmp_path, "sub/x.tle", field="tle") == (tmp_path / "sub/x.tle").resolve()
    assert resolve_within(tmp_path, str(tmp_path / "sub/x.tle"), field="tle").name == "x.tle"
    for bad in ("../x.tle", "sub/../../x.tle", "/etc/passwd", "/dev/zero"):
        with pytest.raises(InputError, match=r"tle: .* lies outside the mission file's folder"):
            resolve_within(tmp_path, bad, field="tle")
    with pytest.raises(InputError, match="tle: the path holds a NUL byte"):
        resolve_within(tmp_path, "x\x00.tle", field="tle")
    with pytest.raises(InputError, match="tle: must be a file path in quotes, got int"):
        resolve_within(tmp_path, 3, field="tle")


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_resolve_within_follows_symlinks(tmp_path):
    inside = tmp_path / "m"
    inside.mkdir()
    (inside / "real.tle").write_text("x")
    (inside / "ok.tle").symlink_to(inside / "real.tle")
    (inside / "out.tle").symlink_to("/etc/passwd")
    assert resolve_within(inside, "ok.tle", field="tle").name == "real.tle"
    with pytest.raises(InputError, match="lies outside"):
        resolve_within(inside, "out.tle", field="tle")


def test_printable_escapes_controls():
    assert printable("a\x1b]0;pwn\x07b") == "a\\x1b]0;pwn\\x07b"
    assert printable("a\nb\tc\x9b\u202e") == "a\nb\tc\\x9b\\u202e"
    assert printable("a\nb", one_line=True) == "a\\nb"
    assert printable("Z\u00c4RYA [/x]") == "Z\u00c4RYA [/x]"  # text is kept, markup is not ours


def test_numbers_past_pythons_digit_limit_are_user_errors():
    """int() refuses literals over 4,300 digits (ValueError): in a mission file or an OMM JSON
    file that is bad input, exit 2, never an internal error (issue 10, found by the contract
    suite)."""
    from sojourn.leo.tle import parse_elements
    from sojourn.mission.schema import parse_mission

    with pytest.raises(InputError, match="more than 4,300 digits"):
        parse_mission("a = " + "1" * 5000)
    with pytest.raises(InputError, match="more than 4,300 digits"):
        parse_elements('[{"NORAD_CAT_ID": ' + "1" * 5000 + "}]", "x.json")
    with pytest.raises(InputError, match="nested too deeply"):
        parse_elements("[" * 100_000 + "]" * 100_000, "x.json")

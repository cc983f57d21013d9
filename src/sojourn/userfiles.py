"""What Sojourn reads from its users: files (bounded, regular, text) and the text in them.

Every file a user names (a mission file, an element-set file) is read by
:func:`read_text`, which refuses before reading anything that is not a plain text file of a
sane size, and turns every problem into one :class:`~sojourn.errors.InputError` line naming
the file and the fix:

- the path must be text without NUL bytes (``os.stat`` would raise ``ValueError``);
- it must name a **regular file**: directories, FIFOs, sockets and devices
  (``/dev/zero``, ``/dev/stdin``) are refused after ``os.stat`` and *before* opening for
  reading (opening a FIFO blocks until a writer appears; a device never ends);
- its size is checked against a cap before reading, and at most ``cap + 1`` bytes are read,
  so a file that grows meanwhile is refused too;
- it is decoded once, as UTF-8 (a byte-order mark is dropped), and may hold no NUL byte.

:func:`resolve_within` is the rule for paths written *inside* a file (a mission's ``tle``):
they may only name files in the file's own folder or below it, after resolving symlinks.
A path the user types on the command line (``--tle FILE``) is the user's own choice and is
read wherever it is, still through :func:`read_text`.

:func:`printable` makes user text safe for a one-line message or a terminal: control
characters (C0 except newline and tab, DEL, C1, bidirectional overrides) are shown as
Python escapes (``\\x1b``), so a file can neither clear the screen nor retitle the terminal.

Like :mod:`sojourn.errors`, this module imports nothing of Sojourn's but the errors, so
every layer may use it.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from sojourn.errors import InputError

__all__ = [
    "MISSION_MAX_BYTES",
    "ELEMENTS_MAX_BYTES",
    "read_text",
    "resolve_within",
    "printable",
]

#: Largest mission file read, bytes (1 MiB). The built-in examples are 2-3 kB; a mission with
#: 50 crew, every phase and a long race list stays under 50 kB. 1 MiB leaves 20x headroom and
#: still parses and validates in well under a second.
MISSION_MAX_BYTES = 1 << 20
#: Largest element-set file read, bytes (16 MiB). Years of daily ISS sets are about 1 MB as
#: TLE and 5 MB as OMM JSON or XML; CelesTrak's whole active catalogue is about 2 MB as TLE
#: and 10 MB as OMM JSON. Every set is checked in Python, so 16 MiB (about 100,000 TLEs)
#: bounds both memory and the seconds spent; filter a bigger catalogue to the object needed.
ELEMENTS_MAX_BYTES = 16 << 20

# C0 controls but tab and newline, DEL, C1 controls, and the bidirectional overrides and
# isolates (which can make text read differently from what it holds).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROL_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _escape(m: re.Match) -> str:
    return ascii(m.group())[1:-1]  # '\x1b' -> \x1b, '\u202e' -> \u202e


def printable(text, *, one_line: bool = False) -> str:
    """``text`` with its control characters shown as escapes (``\\x1b``, ``\\x07``, ``\\u202e``).

    Parameters
    ----------
    text : str or object
        Converted with ``str``.
    one_line : bool
        Escape newlines and tabs too (for a one-line error message).
    """
    s = text if isinstance(text, str) else str(text)
    return (_CONTROL_LINE if one_line else _CONTROL).sub(_escape, s)


def _path_text(path) -> str:
    """A path as it may appear in a one-line message."""
    return printable(os.fsdecode(path) if isinstance(path, bytes) else path, one_line=True)


def _fspath(path, label: str, fix: str) -> str:
    if path is None:
        raise InputError(f"{label}: no path given; {fix}")
    try:
        p = os.fspath(path)
    except TypeError:
        raise InputError(
            f"{label}: must be a file path (str or os.PathLike), got {type(path).__name__}; {fix}"
        ) from None
    if isinstance(p, bytes):
        p = os.fsdecode(p)
    if p == "":
        raise InputError(f"{label}: the path is empty; {fix}")
    if "\x00" in p:
        raise InputError(f"{label}: the path holds a NUL byte (\\x00); {fix}")
    return p


_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def _mib(n: int) -> str:
    return f"{n / (1 << 20):g} MiB"


def read_text(path, *, label: str, max_bytes: int, fix: str) -> str:
    """The text of a user's file, read with a size cap, refusing anything but a regular file.

    Parameters
    ----------
    path : str or os.PathLike
        The file.
    label : str
        How messages name it, e.g. ``"mission file m.toml"`` or ``"TLE file iss.tle"``.
    max_bytes : int
        Size cap, bytes (:data:`MISSION_MAX_BYTES`, :data:`ELEMENTS_MAX_BYTES`).
    fix : str
        What to do instead, ending every message (e.g. ``"give the path of a TLE file"``).

    Returns
    -------
    str
        The content, decoded from UTF-8, byte-order mark dropped.

    Raises
    ------
    InputError
        One line: no path, a NUL byte in the path, a missing or unreadable file, not a
        regular file, over the cap, a NUL byte in the content, not UTF-8.
    """
    p = _fspath(path, label, fix)
    try:
        st = os.stat(p)
    except OSError as e:
        raise InputError(f"{label}: cannot be read ({e.strerror or e}); {fix}") from None
    if not stat.S_ISREG(st.st_mode):  # before open(): opening a FIFO blocks
        raise InputError(f"{label}: is {_kind(st.st_mode)}, not a regular file; {fix}")
    if st.st_size > max_bytes:
        raise InputError(
            f"{label}: is {st.st_size:,} bytes, over the {_mib(max_bytes)} limit for this "
            f"kind of file; {fix}"
        )
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(p, flags)  # O_NONBLOCK: a FIFO swapped in since stat() cannot block us
    except OSError as e:
        raise InputError(f"{label}: cannot be read ({e.strerror or e}); {fix}") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise InputError(f"{label}: is {_kind(st.st_mode)}, not a regular file; {fix}")
        chunks: list[bytes] = []
        left = max_bytes + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as e:
        raise InputError(f"{label}: cannot be read ({e.strerror or e}); {fix}") from None
    finally:
        os.close(fd)
    raw = b"".join(chunks)
    if len(raw) > max_bytes:
        raise InputError(
            f"{label}: is over the {_mib(max_bytes)} limit for this kind of file; {fix}"
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise InputError(
            f"{label}: line {line}: not a text file (byte 0x{raw[e.start]:02x}), or not UTF-8; "
            f"save it as UTF-8 text, or {fix}"
        ) from None
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        raise InputError(f"{label}: line {line}: not a text file (it holds a NUL byte); {fix}")
    return text.removeprefix("\ufeff")


def resolve_within(base_dir, value, *, field: str) -> Path:
    """The file a path written inside a user's file names, refused outside the file's folder.

    Parameters
    ----------
    base_dir : str or os.PathLike
        The folder of the file the path was written in.
    value : str
        The path as written: relative to ``base_dir``, or absolute.
    field : str
        How messages name the field (``"phases[1].tle"``).

    Returns
    -------
    Path
        The resolved path (symlinks followed), inside ``base_dir``'s resolved folder.

    Raises
    ------
    InputError
        Not text, empty, a NUL byte, or a path that resolves outside ``base_dir``
        (``..``, an absolute path elsewhere, a symlink pointing out).
    """
    fix = "put the file in the mission file's folder and give its name, e.g. tle = 'iss.tle'"
    if not isinstance(value, str):
        raise InputError(f"{field}: must be a file path in quotes, got {type(value).__name__}")
    p = _fspath(value, field, fix)
    base = Path(base_dir).resolve()
    try:
        target = (base / p).resolve()
    except (OSError, RuntimeError) as e:  # a symlink loop
        raise InputError(f"{field}: {_path_text(p)!r} cannot be resolved ({e}); {fix}") from None
    if not target.is_relative_to(base):
        raise InputError(
            f"{field}: {_path_text(p)!r} lies outside the mission file's folder {_path_text(base)} "
            f"(a mission file may only read files in its own folder or below); {fix}"
        )
    return target

"""Atomic file writes: a temporary file beside the target, then ``os.replace``.

A failure (an exception while producing the content, a full disk) leaves the target as it
was and no partial or temporary file behind.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on clean exit it becomes ``path``.

    For writers that want a file name (``savefig``, ``write_html``). The parent directory
    is created if needed. The file gets the usual mode (0666 less the umask), not
    ``mkstemp``'s 0600.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_text(path: str | os.PathLike, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically."""
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


def write_bytes(path: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically."""
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


def write_texts(folder: str | os.PathLike, files: list[tuple[str, str]]) -> list[Path]:
    """Write several ``(name, text)`` files into ``folder``, all or none.

    Every file is first written to a temporary file beside its target; only when all of them
    are complete are they renamed into place. A failure on the way (a full disk, a target
    that is a folder) removes the temporary files and leaves the folder as it was. Returns the
    paths, in order.
    """
    root = Path(folder)
    root.mkdir(parents=True, exist_ok=True)
    targets = [root / name for name, _ in files]
    for t in targets:
        if t.is_dir():
            raise IsADirectoryError(21, "a folder is in the way of the file", str(t))
    umask = os.umask(0)
    os.umask(umask)
    staged: list[str] = []
    try:
        for t, (_, text) in zip(targets, files, strict=True):
            fd, tmp = tempfile.mkstemp(prefix=f".{t.name}.", suffix=".tmp", dir=root)
            staged.append(tmp)
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
            os.chmod(tmp, 0o666 & ~umask)
        for t, tmp in zip(targets, staged, strict=True):
            os.replace(tmp, t)
    except BaseException:
        for tmp in staged:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
        raise
    return targets

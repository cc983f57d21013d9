"""Atomic file writes: a temporary file beside the target, then ``os.replace``.

A failure (an exception while producing the content, a full disk) leaves the target as it
was and no partial or temporary file behind.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import shutil
import signal
import sys
import tempfile
import time
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


# --- A set of files in one folder ---------------------------------------------------------------
#: The file in a folder that lists the set Sojourn wrote there (and so may replace or remove).
MANIFEST = "sojourn-manifest.json"
#: Staging folders: ``<out>.sojourn-staging-<pid>-<random>`` beside the folder, or
#: ``.sojourn-staging-<pid>-<random>`` inside it when the folder cannot be swapped.
_STAGING = re.compile(r"^(?P<prefix>.*)sojourn-staging-(?P<pid>[0-9]+)-[A-Za-z0-9_]+$")
#: A staging folder whose process is alive is still swept after this long (pid reuse).
STALE_AFTER_S = 24 * 3600.0


def write_set(folder: str | os.PathLike, files: list[tuple[str, str]], label: str) -> list[Path]:
    """Write ``(name, text)`` files into ``folder`` as one set: the folder then holds either
    the complete previous set or the complete new one.

    The files (and a manifest, :data:`MANIFEST`, naming them and ``label``) are written and
    flushed in a staging folder first. Then:

    - ``folder`` does not exist: the staging folder is renamed to it (one ``rename``);
    - ``folder`` holds nothing but the previous set the manifest names (or nothing): the two
      folders are exchanged in one ``renameat2(RENAME_EXCHANGE)`` (Linux) and the old set,
      now in the staging folder, is removed;
    - otherwise (other files in the folder, a mount point, a symbolic link, no exchange on
      this system): the files are renamed into the folder one by one with SIGINT and SIGTERM
      held back, the new manifest last, then the files of the previous set that the new set
      lacks are removed. Only a SIGKILL or a power cut within that step leaves a mix, and
      every file in it is complete. Files the manifest does not name are never touched.

    The staging folder is ``<folder>.sojourn-staging-<pid>-<random>`` beside the folder, so a
    killed run leaves nothing inside it; only where that is impossible (a mount point, a
    link, a parent folder that is not writable) is it ``.sojourn-staging-...`` inside.

    Staging folders that a killed run left behind (their process is gone, or they are older
    than :data:`STALE_AFTER_S`) are removed first. A failure (a full disk, a folder where a
    file should go) removes the staging folder and leaves ``folder`` as it was. Returns the
    paths of the files, in order (the manifest not included).
    """
    root = Path(folder)
    names = [name for name, _ in files]
    for name in names:
        if not name or name in (".", "..", MANIFEST) or "/" in name or os.sep in name:
            raise ValueError(f"not a plain file name for a set: {name!r}")
    if len(set(names)) != len(names):
        raise ValueError(f"file names in a set must be unique, got {names}")
    sweep_staging(root)
    old = read_manifest(root)
    exists = root.is_dir()
    if root.exists() and not exists:
        raise NotADirectoryError(20, "not a folder", str(root))
    if not exists:
        root.parent.mkdir(parents=True, exist_ok=True)
    # Staging beside the folder (same file system unless the folder is a mount point or a
    # link), so a killed run leaves nothing inside it; inside it only when that cannot be.
    beside = not exists or (
        not root.is_symlink()
        and not os.path.ismount(root)
        and os.access(root.parent, os.W_OK | os.X_OK)
    )
    # The folder itself is exchanged when it holds nothing but the previous set.
    swap = beside and (
        not exists
        or all(
            e.name in old | {MANIFEST} and not e.is_dir(follow_symlinks=False)
            for e in os.scandir(root)
        )
    )
    if not swap:
        for name in names:  # a folder where a file should go: refuse before writing anything
            if (root / name).is_dir() and not (root / name).is_symlink():
                raise IsADirectoryError(21, "a folder is in the way of the file", str(root / name))
    umask = os.umask(0)
    os.umask(umask)
    staging = Path(
        tempfile.mkdtemp(
            prefix=f"{root.name}.sojourn-staging-{os.getpid()}-"
            if beside
            else f".sojourn-staging-{os.getpid()}-",
            dir=root.parent if beside else root,
        )
    )
    try:
        manifest = json.dumps({"sojourn_set": 1, "label": label, "files": names}, indent=1)
        for name, text in [*files, (MANIFEST, manifest + "\n")]:
            fd = os.open(staging / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666 & ~umask)
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
                fh.flush()
                os.fsync(fh.fileno())
        os.chmod(staging, (root.stat().st_mode & 0o7777) if exists else 0o777 & ~umask)
        if not exists:
            os.rename(staging, root)
        elif not (swap and _exchange(staging, root)):
            _merge(staging, root, names, old)
        _fsync_dir(root.parent)
    finally:  # after a swap the staging path holds the previous set; after a rename, nothing
        shutil.rmtree(staging, ignore_errors=True)
    return [root / name for name in names]


def read_manifest(folder: str | os.PathLike) -> set[str]:
    """The file names of the set Sojourn last wrote into ``folder`` (empty if none)."""
    try:
        with open(Path(folder) / MANIFEST, encoding="utf-8") as fh:
            data = json.loads(fh.read(1 << 20))
        files = data["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return set()
    if not isinstance(files, list):
        return set()
    return {
        f for f in files
        if isinstance(f, str) and f and f not in (".", "..", MANIFEST) and "/" not in f
        and os.sep not in f
    }  # fmt: skip


def sweep_staging(folder: str | os.PathLike) -> list[Path]:
    """Remove the staging folders of ``folder`` that a killed run left behind.

    A staging folder is stale when the process that made it is gone (or is this process,
    which makes one per set), or when it is older than :data:`STALE_AFTER_S`. Returns what was
    removed.
    """
    root = Path(folder)
    found: list[Path] = []
    for where, prefix in ((root.parent, f"{root.name}."), (root, ".")):
        try:
            entries = list(os.scandir(where))
        except OSError:
            continue
        for e in entries:
            m = _STAGING.match(e.name)
            if m is None or m["prefix"] != prefix or not e.is_dir(follow_symlinks=False):
                continue
            if _alive(int(m["pid"])):
                try:
                    if time.time() - e.stat(follow_symlinks=False).st_mtime < STALE_AFTER_S:
                        continue
                except OSError:
                    continue
            shutil.rmtree(e.path, ignore_errors=True)
            found.append(Path(e.path))
    return found


def _alive(pid: int) -> bool:
    if pid == os.getpid():  # a folder of ours is removed by its own run; this one is stale
        return False
    if os.name != "posix":  # os.kill(pid, 0) would terminate the process on Windows
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True
    return True


def _merge(staging: Path, root: Path, names: list[str], old: set[str]) -> None:
    """Rename the staged files into ``root`` with SIGINT/SIGTERM held back, manifest last."""
    with _signals_held():
        for name in names:
            os.replace(staging / name, root / name)
        os.replace(staging / MANIFEST, root / MANIFEST)
        for name in sorted(old - set(names)):  # files of the previous set the new one lacks
            path = root / name
            if not path.is_dir() or path.is_symlink():
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
        _fsync_dir(root)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back for a few renames, then deliver them.

    Blocking the signals in this thread is not enough where other threads run (Numba's, a
    BLAS pool): the kernel may hand a signal to one of them and Python still runs the handler
    here at once. So, in the main thread, the Python handlers are swapped for one that only
    records the signal; the recorded signals are raised again afterwards.
    """
    import threading

    held = [s for s in (signal.SIGINT, getattr(signal, "SIGTERM", None)) if s is not None]
    caught: list[int] = []
    previous: dict[int, object] = {}
    if threading.current_thread() is threading.main_thread():
        for s in held:
            if signal.getsignal(s) is not signal.SIG_IGN:
                previous[s] = signal.signal(s, lambda signum, frame: caught.append(signum))
    mask = getattr(signal, "pthread_sigmask", None)
    blocked = mask(signal.SIG_BLOCK, held) if mask is not None else None
    try:
        yield
    finally:
        if mask is not None:
            mask(signal.SIG_SETMASK, blocked)  # a signal that was pending runs the recorder
        for s, handler in previous.items():
            signal.signal(s, handler)
        for s in dict.fromkeys(caught):
            signal.raise_signal(s)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux ``renameat2(RENAME_EXCHANGE)``); False if unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        fn = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    fn.restype = ctypes.c_int
    at_fdcwd, rename_exchange = -100, 2
    if fn(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV,
               errno.EBUSY, errno.EPERM):  # fmt: skip
        return False
    raise OSError(err, os.strerror(err), str(b))


def _fsync_dir(path: Path) -> None:
    """Make a rename durable (a crash after it keeps it); ignored where folders cannot sync."""
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def check_file_target(path: str | os.PathLike, field: str) -> Path:
    """Refuse, before any work, a file path that :func:`atomic_path` could not write.

    The path must not be a folder; its nearest existing ancestor must be a folder in which a
    file can be created (tried: a probe file is created and removed). Returns the path.

    Raises
    ------
    InputError
        Naming ``field``, the path, what is wrong and the fix.
    """
    from sojourn.errors import InputError

    target = Path(path)
    if target.is_dir():
        raise InputError(
            f"'{field}' {str(path)!r} is a folder; give a file name, e.g. "
            f"{str(target / 'porkchop.html')!r}"
        )
    parent = target.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        raise InputError(
            f"'{field}' {str(path)!r} cannot be created: {str(parent)!r} is a file, not a "
            "folder; give a path in a folder"
        )
    try:
        fd, probe = tempfile.mkstemp(prefix=".sojourn-probe-", dir=parent)
        os.close(fd)
        os.unlink(probe)
    except OSError as e:
        raise InputError(
            f"'{field}' {str(path)!r} cannot be written ({e.strerror or e} in {str(parent)!r}); "
            "give a path in a folder you can write to"
        ) from None
    return target

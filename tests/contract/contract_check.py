"""The contract checker: run a ``sojourn`` command and assert what it promises.

The contract (docs/contract.md):

- exit 0 on success, 2 on a user error, 1 only for an internal failure: user input never
  gives 1, and nothing ever prints a traceback;
- on exit 2, exactly one non-empty line on stderr, ``sojourn: error: ...``, naming the field
  or option;
- with ``--json`` and exit 0, stdout is one strict JSON document (no NaN, no Infinity) and
  nothing else;
- with ``--out DIR`` and exit 2, DIR and its parent are as they were: no new file, no hidden
  temporary or staging file.

Commands run in a long-lived worker process (``_worker.py``, one per pytest process) through
``sojourn.cli.main(argv)``: Numba's caches load once, and a case that runs away (a loop over
a billion dates, an allocation of a terabyte) costs its time limit and a restart, not the
machine, because the worker runs under a memory limit and is killed at the limit. Cases that
need a process of their own (signals, FIFOs, a tighter memory limit) use :func:`run_sojourn`.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import resource
import select
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import sojourn

#: Where this tree's package lives, so subprocesses import the code under test.
SRC = Path(sojourn.__file__).resolve().parents[1]
EXAMPLES = SRC / "sojourn" / "mission" / "examples"
TLE_FILE = SRC / "sojourn" / "leo" / "data" / "iss.tle"
WORKER = Path(__file__).with_name("_worker.py")

#: Address-space limit of the worker and of memory-limited subprocesses. A normal command
#: peaks near 0.7 GiB of address space (Numba's LLVM, the ephemeris map, the thread pool);
#: 2 GiB leaves room for every legitimate case and turns a runaway allocation into a fast
#: MemoryError instead of minutes of swapping.
MEMORY_LIMIT_BYTES = 2 * 1024**3

#: Default time limit of one case, seconds (a built-in plan takes 0.3 to 7 s warm).
TIMEOUT_S = 60.0

ERROR_PREFIX = "sojourn: error: "


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(SRC), *filter(None, [env.get("PYTHONPATH")])])
    env.pop("SOJOURN_DEBUG", None)  # the contract is the user's view: one line, no traceback
    env.setdefault("PYTHONHASHSEED", "0")
    return env


def _limit_memory(limit_bytes: int | None):
    def preexec() -> None:
        os.setsid()  # its own process group: a kill reaches its children (Dask, Numba)
        if limit_bytes is not None:
            resource.setrlimit(resource.RLIMIT_AS, (limit_bytes, limit_bytes))

    return preexec


@dataclass
class Result:
    """What one command did: status, streams, time; ``timed_out`` if it was killed."""

    argv: list[str]
    status: int | str | None
    out: str
    err: str
    seconds: float
    timed_out: bool = False
    notes: list[str] = field(default_factory=list)

    def __str__(self) -> str:  # what a failing assertion shows
        def cut(s: str) -> str:
            return s if len(s) < 1500 else s[:700] + f"\n... [{len(s)} chars] ...\n" + s[-700:]

        return (
            f"sojourn {' '.join(map(repr, self.argv))}\n  status={self.status!r} "
            f"seconds={self.seconds:.2f} timed_out={self.timed_out}\n"
            f"  stderr: {cut(self.err)!r}\n  stdout: {cut(self.out)!r}"
        )


class Worker:
    """One ``_worker.py`` process; restarted after a timeout or a crash."""

    def __init__(self, memory_limit_bytes: int | None = MEMORY_LIMIT_BYTES):
        self.memory_limit_bytes = memory_limit_bytes
        self.proc: subprocess.Popen | None = None
        self.reply_fd: int | None = None
        self.buffer = b""

    def _start(self) -> None:
        r, w = os.pipe()
        self.proc = subprocess.Popen(
            [sys.executable, str(WORKER), str(w)],
            stdin=subprocess.PIPE,
            pass_fds=(w,),
            env=child_env(),
            preexec_fn=_limit_memory(self.memory_limit_bytes),
        )
        os.close(w)
        self.reply_fd = r
        self.buffer = b""
        ready = self._read_line(120.0)
        if ready is None or not json.loads(ready).get("ready"):
            self.close()
            raise RuntimeError("the contract worker did not start")

    def _read_line(self, timeout_s: float) -> bytes | None:
        deadline = time.monotonic() + timeout_s
        while b"\n" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            ready, _, _ = select.select([self.reply_fd], [], [], left)
            if not ready:
                return None
            chunk = os.read(self.reply_fd, 1 << 20)
            if not chunk:  # the worker died
                return None
            self.buffer += chunk
        line, _, self.buffer = self.buffer.partition(b"\n")
        return line

    def close(self) -> None:
        if self.proc is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            with contextlib.suppress(Exception):
                self.proc.stdin.close()
            self.proc.wait()
            self.proc = None
        if self.reply_fd is not None:
            os.close(self.reply_fd)
            self.reply_fd = None

    def run(self, argv: list[str], *, timeout_s: float = TIMEOUT_S, cwd=None) -> Result:
        argv = [str(a) for a in argv]
        if self.proc is None or self.proc.poll() is not None:
            self.close()
            self._start()
        request = json.dumps({"argv": argv, "cwd": str(cwd) if cwd else None}) + "\n"
        t0 = time.perf_counter()
        self.proc.stdin.write(request.encode())
        self.proc.stdin.flush()
        line = self._read_line(timeout_s)
        if line is None:
            code = self.proc.poll()
            self.close()
            seconds = time.perf_counter() - t0
            if code is None:
                return Result(argv, None, "", f"[killed after {seconds:.0f} s]", seconds, True)
            return Result(argv, f"worker died ({code})", "", "", seconds)
        d = json.loads(line)
        return Result(argv, d["status"], d["out"], d["err"], d["seconds"])


def run_sojourn(
    argv,
    *,
    timeout_s: float = TIMEOUT_S,
    memory_limit_bytes: int | None = None,
    cwd=None,
    env: dict | None = None,
) -> Result:
    """Run ``python -m sojourn ARGV`` in a process of its own (signals, FIFOs, memory)."""
    argv = [str(a) for a in argv]
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "sojourn", *argv],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=cwd,
        env={**child_env(), **(env or {})},
        preexec_fn=_limit_memory(memory_limit_bytes),
    )
    try:
        out, err = proc.communicate(timeout=timeout_s)
        timed_out = False
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        timed_out = True
    return Result(
        argv,
        None if timed_out else proc.returncode,
        out.decode("utf-8", "backslashreplace"),
        err.decode("utf-8", "backslashreplace"),
        time.perf_counter() - t0,
        timed_out,
    )


# -- the checks -------------------------------------------------------------------------------


def snapshot(root: Path) -> dict[str, str]:
    """Every entry under ``root`` (hidden ones too): relative path -> content hash or 'dir'."""
    root = Path(root)
    state: dict[str, str] = {}
    if not root.exists():
        return state
    for dirpath, dirnames, filenames in os.walk(root):
        for d in dirnames:
            state[os.path.relpath(os.path.join(dirpath, d), root) + "/"] = "dir"
        for f in filenames:
            p = os.path.join(dirpath, f)
            try:
                with open(p, "rb") as fh:
                    state[os.path.relpath(p, root)] = hashlib.sha256(fh.read()).hexdigest()
            except OSError as e:  # a FIFO, a socket: its name is enough
                state[os.path.relpath(p, root)] = f"unreadable: {e.strerror}"
    return state


def _reject_constant(name: str):
    raise ValueError(f"non-standard JSON constant {name}")


#: What a field or option looks like in a message: --option, 'field', phases[1].window, a
#: dotted mission key, a snake_case name, or the file named ("TLE file PATH: ...").
_FIELD = re.compile(
    r"--[a-z][a-z0-9-]*|'[^']+'|\"[^\"]+\"|\b[a-z_]+\[\d+\]|\b[a-z_]+\.[a-z_]+|\b[a-z]+_[a-z_]+\b"
    r"|\bfile \S+:"
)


def check_contract(
    r: Result,
    *,
    statuses=(0, 2),
    json_out: bool = False,
    names=None,
    unchanged: tuple[Path, dict] | None = None,
    max_seconds: float | None = None,
) -> None:
    """Assert the contract on one result.

    Parameters
    ----------
    statuses : tuple of int
        The exit statuses this input may give (user input: 0 or 2).
    json_out : bool
        The command ran with ``--json``: on exit 0 stdout must be strict JSON alone.
    names : str or iterable of str, optional
        On exit 2 the message must contain at least one of these (the field or option).
    unchanged : (path, snapshot), optional
        On exit 2 the folder must be as :func:`snapshot` saw it before the command.
    max_seconds : float, optional
        The command must finish within this time (a refusal that comes before the work).
    """
    assert not r.timed_out, f"ran past its time limit\n{r}"
    assert r.status in statuses, f"exit {r.status!r}, expected one of {statuses}\n{r}"
    assert "Traceback" not in r.err and "Traceback" not in r.out, f"a traceback\n{r}"
    assert "internal error" not in r.err, f"an internal error on user input\n{r}"
    if max_seconds is not None:
        assert r.seconds <= max_seconds, f"took {r.seconds:.1f} s (> {max_seconds} s)\n{r}"
    if r.status == 2:
        lines = r.err.splitlines()
        assert len(lines) == 1, f"exit 2 must print exactly one line on stderr\n{r}"
        line = lines[0]
        assert line.startswith(ERROR_PREFIX) and line[len(ERROR_PREFIX) :].strip(), str(r)
        assert not r.out.strip() or not json_out, f"exit 2 with --json printed stdout\n{r}"
        if names is not None:
            names = [names] if isinstance(names, str) else list(names)
            assert any(n.lower() in line.lower() for n in names), (
                f"the message names none of {names}\n{r}"
            )
        else:
            assert _FIELD.search(line[len(ERROR_PREFIX) :]), f"the message names no field\n{r}"
        if unchanged is not None:
            path, before = unchanged
            after = snapshot(path)
            assert after == before, (
                f"exit 2 changed {path}: new {sorted(set(after) - set(before))}, gone "
                f"{sorted(set(before) - set(after))}, changed "
                f"{sorted(k for k in set(after) & set(before) if after[k] != before[k])}\n{r}"
            )
    if r.status == 0 and json_out:
        try:
            json.loads(r.out, parse_constant=_reject_constant)
        except ValueError as e:
            raise AssertionError(f"--json stdout is not strict JSON alone ({e})\n{r}") from None


def check_refused(r: Result, names=None, **kw) -> None:
    """The input must be refused: exit 2 with one line naming ``names``."""
    check_contract(r, statuses=(2,), names=names, **kw)

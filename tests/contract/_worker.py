"""A long-lived process that runs ``sojourn.cli.main(argv)`` on request (the contract tests).

Started by ``tests/contract/conftest.py``. Numba's caches and the ephemeris load once, so a
hostile case costs what the command costs, not an interpreter start; the parent kills and
restarts this process when a case runs past its time limit, and may start it under a memory
limit, so a runaway allocation or loop costs one case, not the machine.

Protocol: one JSON object a line on stdin, ``{"argv": [...], "cwd": "..."}``; one JSON object
a line on the file descriptor given as ``argv[1]``: ``{"status", "out", "err", "seconds"}``.
The command's stdout and stderr are captured at the file-descriptor level, so text written
by C code or by a library that kept a handle on the real stream is captured too.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time


def _run(request: dict) -> dict:
    from sojourn.cli import main

    cwd = os.getcwd()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        sys.stdout.flush()
        sys.stderr.flush()
        saved = os.dup(1), os.dup(2)
        os.dup2(out.fileno(), 1)
        os.dup2(err.fileno(), 2)
        t0 = time.perf_counter()
        try:
            if request.get("cwd"):
                os.chdir(request["cwd"])
            try:
                status = main(list(request["argv"]))
            except SystemExit as e:  # main(argv) returns; a SystemExit is itself a finding
                status = e.code if isinstance(e.code, int) else 1
                sys.stderr.write(f"[worker] SystemExit escaped main(): {e.code!r}\n")
            except BaseException as e:  # noqa: BLE001 - reported, never raised here
                import traceback

                traceback.print_exc()
                status = f"escaped: {type(e).__name__}"
        finally:
            seconds = time.perf_counter() - t0
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(saved[0])
            os.close(saved[1])
            os.chdir(cwd)
        out.seek(0)
        err.seek(0)
        return {
            "status": status,
            "out": out.read().decode("utf-8", "backslashreplace"),
            "err": err.read().decode("utf-8", "backslashreplace"),
            "seconds": seconds,
        }


def serve(reply_fd: int) -> None:
    reply = os.fdopen(reply_fd, "w", encoding="utf-8", buffering=1)
    import sojourn.cli  # noqa: F401 - import once, before the first request is timed

    reply.write(json.dumps({"ready": True}) + "\n")
    for line in sys.stdin:
        if not line.strip():
            continue
        reply.write(json.dumps(_run(json.loads(line))) + "\n")


if __name__ == "__main__":
    serve(int(sys.argv[1]))

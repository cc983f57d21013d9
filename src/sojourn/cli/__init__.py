"""Sojourn's command-line program (typer).

Each command parses its options (:mod:`sojourn.cli.options`: the ``A..B`` range parsers),
calls one domain or mission function, and prints through :func:`sojourn.cli.output.emit`
(JSON alone on stdout, or a rendering); it computes no physics. A command lives in the module
named after it (``sojourn.cli.transfer``, ``sojourn.cli.windows`` holds ``windows`` and
``scan``, ...).
:func:`main` is a plain function (``main(["transfer", "earth", "mars", ...])``) returning the
exit status: 0 success, 2 user error (one line on stderr, no traceback), 1 internal failure.

Command modules import their science lazily, inside the command, so ``sojourn --help``
stays fast (no Numba, no ephemeris at start-up).
"""

from __future__ import annotations

import contextlib
import os
import sys

import typer

from sojourn import __version__
from sojourn.errors import SojournError

try:  # recent typer vendors its own copy of click
    from typer._click import exceptions as _cx
except ImportError:  # pragma: no cover - older typer on plain click
    from click import exceptions as _cx

_EXIT = tuple({typer.Exit, getattr(_cx, "Exit", typer.Exit)})
_ABORT = tuple({typer.Abort, getattr(_cx, "Abort", typer.Abort)})
_USAGE = (_cx.ClickException,)

app = typer.Typer(
    name="sojourn",
    help="Plan crewed spaceflight missions: launch windows, transfers, stays and the ways home.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"sojourn {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Plan crewed spaceflight missions: launch windows, transfers, stays and the ways home."""


#: Command modules, in the order their commands are listed in ``sojourn --help``.
_COMMAND_MODULES = (
    "plan",  # plan, examples: the main job
    "ephem",  # ephem
    "transfer",  # transfer
    "windows",  # windows, scan
    "roundtrip",  # roundtrip, race
    "swingby",  # swingby
    "launch",  # sites, launch, landing
    "comms",  # comms
    "crew",  # crew
    "dose",  # dose
    "abort",  # abort
    "home",  # home
    "bodies",  # bodies
)


def _register() -> None:
    # Imported for their @app.command side effects; each imports only typer at module level.
    from importlib import import_module

    for name in _COMMAND_MODULES:
        import_module(f"sojourn.cli.{name}")
    _readable_metavars()


#: Units an option's name ends with, and the metavar that says so (``--step-days DAYS``).
_UNIT_METAVARS = (
    ("-km2-s2", "KM2/S2"), ("-km-s", "KM/S"), ("-m-s", "M/S"), ("-g-cm2", "G/CM2"),
    ("-days", "DAYS"), ("-hours", "HOURS"), ("-km", "KM"), ("-deg", "DEG"), ("-msv", "MSV"),
    ("-kg", "KG"), ("-s", "SECONDS"), ("-g", "G"),
)  # fmt: skip


def _metavar_for(info, annotation) -> str | None:
    """A readable metavar for an option without one: its unit (``DAYS``, ``KM/S``), a date or
    a range when its help says so, else a plain word for its type; None for flags."""
    names = [n for n in (info.param_decls or ()) if n.startswith("--")]
    text = (info.help or "").lower()
    kind = getattr(annotation, "__origin__", annotation)
    if annotation is bool or kind is bool:
        return None
    name = names[0] if names else ""
    for suffix, metavar in _UNIT_METAVARS:
        if name.endswith(suffix):
            return f"A..B {metavar}" if "a..b" in text else metavar
    if "a..b" in text or "range" in text:
        return "A..B"
    if "utc" in text or "iso 8601" in text or "date" in text:
        return "DATE"
    if "file" in text or "folder" in text:
        return "PATH"
    if kind is list:
        return "TEXT"
    return {float: "NUMBER", int: "INTEGER", str: "TEXT"}.get(kind, "VALUE")


def _readable_metavars() -> None:
    """Give every option that has no metavar a readable one (typer would print its Python
    type, ``<list[str]>``, ``<float>``), and show an argument by its metavar alone
    (``FROM``, not ``FROM <str>``)."""
    import inspect
    import typing

    from typer import core
    from typer.models import OptionInfo

    arg_cls = getattr(core, "TyperArgument", None)
    shown = getattr(arg_cls, "display_type_rich", None)
    if shown is not None and not getattr(shown, "_sojourn", False):

        def display_type_rich(self, ctx):
            return None if self.metavar else shown(self, ctx)

        display_type_rich._sojourn = True
        arg_cls.display_type_rich = display_type_rich

    for command in app.registered_commands:
        func = command.callback
        try:
            hints = typing.get_type_hints(func)
        except Exception:  # pragma: no cover - an annotation typer reads but we cannot
            hints = {}
        for pname, param in inspect.signature(func).parameters.items():
            info = param.default
            if isinstance(info, OptionInfo) and info.metavar is None:
                ann = hints.get(pname, str)
                args = [a for a in typing.get_args(ann) if a is not type(None)]
                if args and getattr(ann, "__origin__", None) is not list:
                    ann = args[0]  # Optional[X] -> X
                info.metavar = _metavar_for(info, ann)


def _error(message: str) -> None:
    from sojourn.userfiles import printable

    # One line, control characters shown as escapes (click's usage errors echo raw argv).
    sys.stderr.write(f"sojourn: error: {printable(message, one_line=True)}\n")
    sys.stderr.flush()


#: The signal that stopped the current run (SIGINT or SIGTERM), or None.
_stopped_by: list[int] = []


def _on_signal(signum, frame) -> None:
    """SIGINT and SIGTERM alike: unwind as ``KeyboardInterrupt`` so writers clean up.

    Only the first signal raises; a second one during the clean-up is recorded and ignored,
    so the staging folder is removed.
    """
    _stopped_by.append(signum)
    if len(_stopped_by) == 1:
        raise KeyboardInterrupt


@contextlib.contextmanager
def _signals_unwind():
    """Route SIGINT and SIGTERM through :func:`_on_signal` while a command runs."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    _stopped_by.clear()
    wanted = [signal.SIGINT] + ([signal.SIGTERM] if hasattr(signal, "SIGTERM") else [])
    previous = {s: signal.signal(s, _on_signal) for s in wanted}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


def _stop_status() -> int:
    """Exit status after an interrupt: 128 + the signal (130 SIGINT, 143 SIGTERM); one line."""
    import signal

    signum = _stopped_by[0] if _stopped_by else signal.SIGINT
    _error("terminated (SIGTERM)" if signum == getattr(signal, "SIGTERM", None) else "interrupted")
    return 128 + int(signum)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI with ``argv`` (default ``sys.argv[1:]``); return the exit status.

    SIGTERM is handled like SIGINT (Ctrl-C): the command unwinds, files being written are
    removed (``--out`` keeps its previous set), one line goes to stderr and the status is
    128 + the signal number (130, 143).
    """
    _register()
    args = list(sys.argv[1:] if argv is None else argv) or ["--help"]
    with _signals_unwind():
        try:
            status = _run(args)
        except KeyboardInterrupt:  # a signal between the command's end and the return
            status = _stop_status()
    if argv is None:
        sys.exit(status)
    return status


def _run(args: list[str]) -> int:
    try:
        result = app(args=args, prog_name="sojourn", standalone_mode=False)
        status = result if isinstance(result, int) else 0
    except _EXIT as e:
        status = e.exit_code
    except _ABORT:
        _error("aborted")
        status = 1
    except _USAGE as e:  # usage errors: unknown option, missing argument
        _error(_one_line(e.format_message()) + "; see 'sojourn --help'")
        status = 2
    except SojournError as e:
        from sojourn.errors import InputError

        _error(_one_line(str(e)))
        status = 2 if isinstance(e, InputError) else 1
    except KeyboardInterrupt:  # outside typer's own handling (which exits 130)
        return _stop_status()
    except Exception as e:  # an internal failure: one line unless SOJOURN_DEBUG asks for more
        if os.environ.get("SOJOURN_DEBUG"):
            raise
        _error(
            f"internal error ({type(e).__name__}): {_one_line(str(e))}; "
            "rerun with SOJOURN_DEBUG=1 for the traceback and report it"
        )
        status = 1
    if _stopped_by and status in (130, 0):  # typer turned the interrupt into Exit(130)
        status = _stop_status()
    return status


def _one_line(text: str) -> str:
    return " ".join(text.split())

"""What the commands share on the way out: :func:`emit`: JSON alone on stdout, the answer's
table as CSV, or a rendering for people."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import typer

R = TypeVar("R")


def emit(
    result: R,
    as_json: bool,
    render: Callable[[R], Any],
    as_csv: bool = False,
    csv_table: Callable[[R], Any] | None = None,
) -> None:
    """Print a command's result: strict JSON alone on stdout, its table as CSV, or
    ``render(result)`` for people.

    Parameters
    ----------
    result : dict or object with ``to_dict()``
        What the command computed; :func:`sojourn.io.jsonout.dumps` shapes it for ``--json``
        (units in the keys, NaN as null).
    as_json : bool
        The command's ``--json`` flag.
    render : callable
        ``render(result)`` prints the terminal view (tables, key-value lists) with rich.
    as_csv : bool
        The command's ``--csv`` flag: print ``csv_table(result)`` (a
        :class:`sojourn.io.terminal.FitTable`) as CSV, every column, nothing else.
    csv_table : callable, optional
        Builds the command's answer table; required with ``as_csv``.
    """
    if as_json and as_csv:
        from sojourn.errors import InputError

        raise InputError("'--json' and '--csv' are exclusive: choose one output format")
    if as_json:
        from sojourn.io.jsonout import dumps

        typer.echo(dumps(result))
        return
    if as_csv and csv_table is not None:
        from sojourn.io.terminal import csv_text

        header, *rows = csv_table(result).csv_rows()
        typer.echo(csv_text(header, rows), nl=False)
        return
    render(result)

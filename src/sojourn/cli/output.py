"""What the commands share on the way out: :func:`emit`, JSON alone on stdout or a rendering."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import typer

R = TypeVar("R")


def emit(result: R, as_json: bool, render: Callable[[R], Any]) -> None:
    """Print a command's result: strict JSON alone on stdout, or ``render(result)`` for people.

    Parameters
    ----------
    result : dict or object with ``to_dict()``
        What the command computed; :func:`sojourn.io.jsonout.dumps` shapes it for ``--json``
        (units in the keys, NaN as null).
    as_json : bool
        The command's ``--json`` flag.
    render : callable
        ``render(result)`` prints the terminal view (tables, key-value lists) with rich.
    """
    if as_json:
        from sojourn.io.jsonout import dumps

        typer.echo(dumps(result))
        return
    render(result)

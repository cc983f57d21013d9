"""Terminal rendering with rich: key-value panels and tables, nothing computed here."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from rich.console import Console
from rich.table import Table


def console() -> Console:
    """A console on stdout (no colour codes when stdout is not a terminal).

    Piped output gets 140 columns instead of rich's 80, so tables keep one row a line.
    """
    width = None if sys.stdout.isatty() else 140
    return Console(file=sys.stdout, soft_wrap=True, highlight=False, width=width)


def key_values(title: str, rows: Iterable[tuple[str, str]]) -> Table:
    table = Table(title=title, show_header=False, box=None, pad_edge=False, title_justify="left")
    table.add_column(style="bold")
    table.add_column()
    for key, value in rows:
        table.add_row(key, value)
    return table


def table(title: str, columns: Sequence[str], rows: Iterable[Sequence[str]]) -> Table:
    t = Table(title=title, title_justify="left")
    for c in columns:
        t.add_column(c, justify="right" if c.endswith(")") else "left")
    for r in rows:
        t.add_row(*r)
    return t


def fmt(value: float, digits: int = 3) -> str:
    """A number for a table: fixed decimals, 'n/a' for NaN."""
    if value != value:  # NaN
        return "n/a"
    return f"{value:.{digits}f}"


def duration(days: float) -> str:
    """A phase length for people: ``3 h 03 min`` under a day, ``11.5 d`` above."""
    if days != days:  # NaN
        return "n/a"
    if days < 1.0:
        minutes = round(days * 1440.0)
        return f"{minutes // 60} h {minutes % 60:02d} min"
    return f"{days:.1f} d"


@contextmanager
def progress_bar(enabled: bool, label: str) -> Iterator:
    """A rich progress bar on stderr, yielding ``update(done, total)``; None when disabled.

    Shown only when ``enabled`` (the CLI passes ``not --json``) and stdout is a terminal, so
    pipes, files and JSON consumers never see it; it is transient (erased when done).
    """
    if not (enabled and sys.stdout.isatty()):
        yield None
        return
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn(label),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeElapsedColumn(),
        console=Console(file=sys.stderr),
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=1)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update

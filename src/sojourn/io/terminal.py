"""Terminal rendering with rich: key-value panels and tables, nothing computed here.

**User text is never markup.** Titles, phase names, labels, crew names and messages that
quote them come from files and command lines; rich would read ``[/x]`` in them as a closing
tag (and crash), ``[link=...]`` as a hyperlink, and pass ``ESC`` sequences to the terminal
raw (clearing the screen, retitling the window). So the escaping is done here, once:

- :func:`console` returns a console that reads **no markup, no emoji codes and no
  highlighting** in any string it prints (table cells and titles included), and shows
  control characters as escapes (:func:`safe`) in every string it renders;
- :func:`table` and :func:`key_values` turn every cell, header and title into a
  :class:`rich.text.Text` of :func:`safe` text, which no console parses as markup;
- :func:`safe` (control characters shown as ``\\x1b``) and :func:`safe_markup` (the same,
  markup-escaped, for the rare string that is deliberately markup) for anything else.

The commands' own styling is done with styles (a bold column, a bold ``Text`` header), never
with markup in strings.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from sojourn.userfiles import printable

__all__ = [
    "console",
    "key_values",
    "table",
    "safe",
    "safe_markup",
    "fmt",
    "duration",
    "progress_bar",
]


def safe(text) -> str:
    """User text fit for a terminal: control characters (C0 but newline and tab, DEL, C1,
    bidirectional overrides) shown as Python escapes (``ESC`` -> ``\\x1b``); ``str(text)``
    for anything not text. Print it through :func:`console` (which reads no markup) or as a
    :class:`~rich.text.Text`."""
    return printable(text)


def safe_markup(text) -> str:
    """:func:`safe` text, with rich markup escaped (``[`` -> ``\\[``), for a string that is
    deliberately rich markup (a progress-bar label, a console with markup on)."""
    return escape(printable(text))


def _text(value, style: str = "") -> Text:
    return value if isinstance(value, Text) else Text(safe(value), style=style)



class _SafeConsole(Console):
    """A console that reads no markup in strings and shows control characters as escapes."""

    def render_str(self, text: str, **kwargs) -> Text:  # every str it prints or lays out
        kwargs.update(markup=False, emoji=False, highlight=False)
        return super().render_str(safe(text), **kwargs)


def console() -> Console:
    """A console on stdout (no colour codes when stdout is not a terminal).

    It reads no markup, emoji codes or highlighting in the strings it prints, and shows their
    control characters as escapes (see the module notes): user text printed through it
    cannot restyle, link, or drive the terminal. Piped output gets 140 columns instead of
    rich's 80, so tables keep one row a line.
    """
    width = None if sys.stdout.isatty() else 140
    return _SafeConsole(
        file=sys.stdout, soft_wrap=True, highlight=False, markup=False, emoji=False, width=width
    )


def key_values(title: str, rows: Iterable[tuple[str, str]]) -> Table:
    """A two-column list, keys bold; every key, value and the title shown literally
    (:func:`safe`, never read as markup)."""
    table = Table(
        title=_text(title, "table.title"),
        show_header=False,
        box=None,
        pad_edge=False,
        title_justify="left",
    )
    table.add_column(style="bold")
    table.add_column()
    for key, value in rows:
        table.add_row(_text(key), _text(value))
    return table


def table(title: str, columns: Sequence[str], rows: Iterable[Sequence[str]]) -> Table:
    """A table with a header; columns whose name ends in ``)`` (a unit) right-aligned. Every
    cell, header and the title is shown literally (:func:`safe`, never read as markup)."""
    t = Table(title=_text(title, "table.title"), title_justify="left")
    for c in columns:
        t.add_column(_text(c), justify="right" if str(c).endswith(")") else "left")
    for r in rows:
        t.add_row(*(_text(cell) for cell in r))
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

    # The label is a format string read as markup: escape both for it to show as written.
    shown = safe_markup(label).replace("{", "{{").replace("}", "}}")
    with Progress(
        TextColumn(shown),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeElapsedColumn(),
        console=Console(file=sys.stderr),
        transient=True,
    ) as bar:
        task = bar.add_task(safe(label), total=1)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update

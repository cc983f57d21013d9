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
    "FitTable",
    "csv_text",
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
    cannot restyle, link, or drive the terminal. Its width is rich's: the terminal's own on a
    terminal, else ``COLUMNS`` when set, else 80 columns; tables (:class:`FitTable`) fit it.
    """
    return _SafeConsole(
        file=sys.stdout, soft_wrap=True, highlight=False, markup=False, emoji=False
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


def _longest_word(text: str) -> int:
    return max((len(w) for w in text.split()), default=0)


def _wrap_header(text: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width=max(width, 1), break_long_words=False)) or text


class FitTable:
    """A table that fits the console it is printed on, never truncating a cell.

    Each column is as wide as its widest cell (headers wrap at spaces instead); when the
    table is wider than the console, the ``wrap`` columns (free text) wrap first, down to
    ``min_wrap`` characters, then whole columns are left out, least important first (the
    order ``keep`` gives; by default the rightmost first, never the first), and a line under
    the table names them and how to see them (a wider terminal, ``COLUMNS``, ``--json`` or
    ``--csv``). ``omitted`` rows left out by the caller (a long listing summarised) are
    counted in a line under the table with ``more_hint``.

    Every cell, header and the title is shown literally (:func:`safe`, never read as markup).
    Columns whose name ends in ``)`` (a unit) are right-aligned. :meth:`csv_rows` gives the
    whole table (every column) for ``--csv``.
    """

    #: Characters a column costs beyond its text in rich's default box: ``│ x `` plus one.
    _BORDER = 3

    def __init__(self, title, columns, rows, keep=None, wrap=(), min_wrap=16,
                 omitted=0, more_hint=""):  # fmt: skip
        self.title = str(title)
        self.columns = [safe(c) for c in columns]
        self.rows = [[safe(cell) for cell in r] for r in rows]
        n = len(self.columns)
        order = list(keep) if keep is not None else list(range(n))
        order += [i for i in range(n) if i not in order]
        self.keep = order
        self.wrap = set(wrap)
        self.min_wrap = int(min_wrap)
        self.omitted = int(omitted)
        self.more_hint = more_hint

    def _natural(self, i: int) -> int:
        cells = max((len(r[i]) for r in self.rows), default=0)
        return max(cells, _longest_word(self.columns[i]), 1)

    def _floor(self, i: int) -> int:
        """The narrowest a column may get: a wrap column down to ``min_wrap`` (or its longest
        word), any other its natural width."""
        if i not in self.wrap:
            return self._natural(i)
        longest = max((_longest_word(r[i]) for r in self.rows), default=0)
        return min(self._natural(i), max(self.min_wrap, longest, _longest_word(self.columns[i])))

    def layout(self, width: int) -> tuple[list[int], dict[int, int]]:
        """The columns shown (in table order) and each one's width, for ``width`` columns."""

        def total(ws) -> int:
            return sum(ws.values()) + self._BORDER * len(ws) + 1

        full = {i: max(self._natural(i), len(self.columns[i])) for i in self.keep}
        if total(full) <= width:  # everything fits, headers on one line
            return sorted(full), full
        shown = list(self.keep)
        while len(shown) > 1 and total({i: self._floor(i) for i in shown}) > width:
            shown.pop()  # the least important left
        widths = {i: self._floor(i) for i in shown}
        spare = width - total(widths)
        for target in (self._natural, lambda i: full[i]):  # wrapped text back, then headers
            for i in sorted(shown):
                grow = max(0, min(spare, target(i) - widths[i]))
                widths[i] += grow
                spare -= grow
        return sorted(shown), widths

    def __rich_console__(self, console, options):
        shown, widths = self.layout(options.max_width)
        t = Table(title=_text(self.title, "table.title"), title_justify="left")
        for i in shown:
            name = self.columns[i]
            t.add_column(
                _text(_wrap_header(name, widths[i])),
                justify="right" if name.endswith(")") else "left",
                width=widths[i],
                no_wrap=i not in self.wrap,
                overflow="fold",
            )
        for r in self.rows:
            t.add_row(*(_text(r[i]) for i in shown))
        yield t
        import textwrap

        notes = []
        left_out = [self.columns[i] for i in range(len(self.columns)) if i not in shown]
        if left_out:
            notes.append(
                f"Left out to fit {options.max_width} columns: " + ", ".join(left_out)
                + " (widen the terminal or set COLUMNS; --json has every field)."
            )
        if self.omitted:
            hint = f" ({self.more_hint})" if self.more_hint else ""
            notes.append(f"... and {self.omitted} more row(s){hint}.")
        for note in notes:
            yield Text(safe("\n".join(textwrap.wrap(note, width=max(options.max_width, 20)))))

    def csv_rows(self) -> list[list[str]]:
        """Header and rows, every column, as text (for :func:`csv_text`)."""
        return [self.columns, *self.rows]


def csv_text(columns: Sequence[str], rows: Iterable[Sequence]) -> str:
    """``columns`` and ``rows`` as RFC 4180 CSV text (comma, CRLF-free ``\n`` line ends)."""
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([str(c) for c in columns])
    for r in rows:
        w.writerow(["" if c is None else c for c in r])
    return buf.getvalue()


def table(title: str, columns: Sequence[str], rows: Iterable[Sequence[str]], **fit) -> FitTable:
    """A :class:`FitTable` (fits the console; see there for ``keep``, ``wrap``, ``omitted`` and
    ``more_hint``). Every cell, header and the title is shown literally (:func:`safe`)."""
    return FitTable(title, columns, rows, **fit)


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

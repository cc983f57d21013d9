"""What the commands share on the way in: the ``--json`` and ``--scheduler`` options and THE
parsers of the CLI's ``A..B`` ranges and positive steps.

Dates go through :func:`sojourn.core.time.parse_range` (the one date parser); numbers through
:func:`parse_number_range`. Every refusal is an :class:`~sojourn.errors.InputError` naming the
option, so the CLI exits 2 with one line. Only typer is imported here at module level, so
``sojourn --help`` stays fast.
"""

from __future__ import annotations

import math

import typer

JSON_OPT = typer.Option(False, "--json", help="Machine-readable JSON on stdout.")
CSV_OPT = typer.Option(
    False, "--csv", help="The answer's table as CSV on stdout (every column, nothing else)."
)


def one_format(json_out: bool, csv_out: bool) -> None:
    """Refuse ``--json`` with ``--csv`` before any work is done (one line, exit 2)."""
    if json_out and csv_out:
        from sojourn.errors import InputError

        raise InputError("'--json' and '--csv' are exclusive: choose one output format")


SCHEDULER_OPT = typer.Option(
    None, "--scheduler", help="Dask scheduler address (tcp://host:8786): run the chunks there."
)


#: Schemes a Dask scheduler listens on (``distributed.comm``); ``host:port`` means tcp.
_SCHEDULER_SCHEMES = ("tcp", "tls", "ws", "wss", "ucx")


def scheduler_address(text: str, field: str = "--scheduler") -> str:
    """``text`` when it has the form of a Dask scheduler address, ``[scheme://]host:port``
    (scheme tcp, tls, ws, wss or ucx; port 1-65535) or ``inproc://...`` (a scheduler in this
    process, as Dask's tests make), checked before anything connects.

    Raises
    ------
    InputError
        Any other text (``not a url``, ``http://...``, a missing or impossible port), naming
        ``field`` and the expected form.
    """
    import re

    from sojourn.errors import InputError

    if re.fullmatch(r"inproc://[A-Za-z0-9_.:/-]+", text):  # a scheduler in this process
        return text
    m = re.fullmatch(r"(?:([a-z]+)://)?(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9_.-]+):([0-9]{1,5})", text)
    ok = m is not None and (m.group(1) in (None, *_SCHEDULER_SCHEMES))
    if not ok or not 1 <= int(m.group(3)) <= 65535:
        raise InputError(
            f"'{field}' must be a Dask scheduler address such as tcp://host:8786 "
            f"([tcp|tls|ws|wss|ucx://]host:port), got {text!r}"
        )
    return text


def parse_date_range(text: str, field: str) -> tuple[float, float]:
    """``(start, end)`` TDB seconds past J2000 of a UTC range ``A..B`` given as option ``field``.

    Parameters
    ----------
    text : str
        ``A..B``, two ISO 8601 UTC dates, e.g. ``2020-06-01..2020-09-30``.
    field : str
        The option's name as the user typed it (``--depart``), used in error messages.

    Raises
    ------
    InputError
        Not two dates, an impossible date, or the range ends before it starts.
    """
    from sojourn.core.time import parse_range

    return parse_range(text, field=field)


def parse_number_range(
    text: str,
    field: str,
    lo: float | None = None,
    hi: float | None = None,
    *,
    lo_inclusive: bool = True,
    unit: str = "days",
    example: str = "90..450",
) -> tuple[float, float]:
    """``(a, b)`` of a numeric range ``A..B`` given as option ``field``.

    Parameters
    ----------
    text : str
        ``A..B`` with two finite numbers, ``A <= B`` (``1e9`` notation accepted).
    field : str
        The option's name as the user typed it (``--tof-days``), used in error messages.
    lo, hi : float, optional
        Bounds both ends must respect: ``lo <= A`` (``lo < A`` when ``lo_inclusive`` is false)
        and ``B <= hi``.
    unit : str
        What the numbers count, for the messages (``days``, ``hours``).
    example : str
        A valid value, for the messages.

    Raises
    ------
    InputError
        Not two numbers; ``inf`` or ``nan``; reversed; outside ``lo``/``hi``.

    Examples
    --------
    >>> parse_number_range("100..400", "--tof-days", lo=0, lo_inclusive=False)
    (100.0, 400.0)
    """
    from sojourn.errors import InputError

    parts = text.split("..") if isinstance(text, str) else []
    try:
        if len(parts) != 2:
            raise ValueError
        a, b = (float(p) for p in parts)
    except ValueError:
        raise InputError(
            f"'{field}' must be a range of {unit} 'A..B' such as {example}, got {text!r}"
        ) from None
    if not (math.isfinite(a) and math.isfinite(b)):
        raise InputError(
            f"'{field}' must be a range of finite {unit}, got {text!r}; e.g. {example}"
        )
    if b < a:
        raise InputError(f"'{field}' ends before it starts ({text!r}); write the smaller first")
    if lo is not None and (a < lo or (a == lo and not lo_inclusive)):
        rule = ">=" if lo_inclusive else ">"
        raise InputError(f"'{field}' must start {rule} {lo:g} {unit}, got {text!r}; e.g. {example}")
    if hi is not None and b > hi:
        raise InputError(f"'{field}' must end <= {hi:g} {unit}, got {text!r}; e.g. {example}")
    return a, b


def within(value: float, field: str, hi: float, example: str) -> float:
    """``value`` when it is a finite number in (0, hi]; else InputError naming the option
    ``field`` (the library names its own parameter; the command line names its option)."""
    from sojourn.errors import InputError

    if not (math.isfinite(value) and 0 < value <= hi):
        raise InputError(f"'{field}' must be in (0, {hi:g}], got {value}; e.g. {example}")
    return value


def positive(value: float, field: str, example: str) -> float:
    """``value`` when it is a finite number > 0; else InputError naming ``field``.

    ``example`` is a valid use of the option (``--step-days 1``), quoted in the message.
    """
    from sojourn.errors import InputError

    if not (math.isfinite(value) and value > 0):
        raise InputError(f"'{field}' must be > 0, got {value}; e.g. {example}")
    return value

"""Sojourn's error tree.

Every error is also a builtin, so callers who do not know Sojourn can still catch
``ValueError``. The library never prints or exits: the CLI catches
:class:`SojournError` in one place and turns it into one line on stderr and exit 2
(user errors) or 1 (internal failures).

Messages name the field, the rule, the value and the fix, e.g.
``'tof_days' must be > 0, got -3.0``.
"""

from __future__ import annotations


class SojournError(Exception):
    """Base class of every error Sojourn raises on purpose."""


class InputError(SojournError, ValueError):
    """The user asked for something malformed or impossible (exit 2 in the CLI).

    Also what :mod:`sojourn.core.edges` raises for a value of the wrong kind (a bool, a
    complex number, ``NaT``, a naive datetime, a Quantity of the wrong dimension): a
    ``ValueError`` rather than a ``TypeError`` so that one ``except`` catches every refusal.
    """


class EphemerisRangeError(InputError):
    """A time lies outside the span the ephemeris covers.

    Attributes
    ----------
    start_utc, end_utc : str
        The span the ephemeris covers, ISO 8601 UTC.
    time_mask : ndarray of bool or None
        Which of the requested times were outside, when an array was requested.
    """

    def __init__(self, message: str, start_utc: str, end_utc: str, time_mask=None):
        super().__init__(message)
        self.start_utc = start_utc
        self.end_utc = end_utc
        self.time_mask = time_mask


class UnknownBodyError(InputError, KeyError):
    """A body name the ephemeris does not know; the message lists the known ones."""

    def __str__(self) -> str:  # KeyError quotes its message; we want the plain line
        return str(self.args[0]) if self.args else ""


class ConvergenceError(SojournError, ArithmeticError):
    """An iteration did not converge where a single answer was required."""

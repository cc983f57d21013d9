"""Sojourn plans crewed spaceflight missions with real physics and real data.

The flat public surface (DESIGN.md, "Python API")::

    import sojourn
    t = sojourn.tdb("2020-07-30T11:50")                 # UTC text -> TDB s past J2000
    r, v = sojourn.state("mars", t, center="sun")        # km, km/s, ICRF
    r, v = sojourn.propagate(r0, v0, dt_s, mu_km3_s2)    # two-body, batched
    v1, v2, ok = sojourn.lambert(r1, r2, tof_s, mu_km3_s2)
    p = sojourn.plan(sojourn.load_mission("mission.toml"))  # a complete mission plan

Every argument is converted once, at the edge (:mod:`sojourn.core.edges`): a time may be
ISO 8601 UTC text, an aware ``datetime``, a ``numpy.datetime64`` (UTC) or an astropy
``Time`` (plain numbers are TDB seconds past J2000); a length, speed, duration or GM may be
an astropy ``Quantity`` (durations also ``numpy.timedelta64``), plain numbers being in the
unit the argument's name says. Anything else (NaT, NaN where a value is needed, complex,
bool, mixed lists) raises :class:`InputError`, a ``ValueError``.

Names are imported lazily so ``sojourn --help`` starts fast (no Numba, no ephemeris).
``sojourn.transfer``, ``sojourn.roundtrip`` and ``sojourn.comms`` are the functions, also
after their submodules are imported; reach the modules with ``from sojourn.transfer import
Transfer`` (or ``sys.modules["sojourn.transfer"]``), not ``import sojourn.transfer as m``.
"""

from __future__ import annotations

import sys as _sys
import types as _types
from importlib import import_module
from typing import TYPE_CHECKING

__version__ = "0.1.0"

_LAZY = {
    "tdb": "sojourn.core.time",
    "utc_iso": "sojourn.core.time",
    "parse_range": "sojourn.core.time",
    "state": "sojourn.core.ephemeris",
    "position": "sojourn.core.ephemeris",
    "propagate": "sojourn.core.kepler",
    "lambert": "sojourn.core.lambert",
    "transfer": "sojourn.transfer",
    "Transfer": "sojourn.transfer",
    "porkchop": "sojourn.windows",
    "optimize": "sojourn.windows",
    "launch_period": "sojourn.windows",
    "synodic_scan": "sojourn.windows",
    "roundtrip": "sojourn.roundtrip",
    "race": "sojourn.roundtrip",
    "swingby_transfers": "sojourn.mga",
    "comms": "sojourn.comms",
    "crew_budget": "sojourn.crew",
    "dose": "sojourn.radiation",
    "abort_options": "sojourn.abort",
    "abort_table": "sojourn.abort",
    "home": "sojourn.leo.home",
    "load_mission": "sojourn.mission.schema",
    "plan": "sojourn.mission.plan",
    "SojournError": "sojourn.errors",
    "InputError": "sojourn.errors",
    "EphemerisRangeError": "sojourn.errors",
    "UnknownBodyError": "sojourn.errors",
}

__all__ = ["__version__", *_LAZY]

#: Flat names that are also submodules (``sojourn.transfer`` the function and the module):
#: importing the submodule would make Python set the package attribute to the module, so
#: ``sojourn.transfer(...)`` would stop working after any import of ``sojourn.transfer``.
_FUNCTIONS_OVER_MODULES = frozenset(
    name for name, module in _LAZY.items() if module == f"sojourn.{name}"
)


class _Package(_types.ModuleType):
    """The package module: the flat API's functions keep their names over same-named
    submodules (which stay importable as ``from sojourn.transfer import Transfer`` through
    ``sys.modules``)."""

    def __setattr__(self, name, value):
        if name in _FUNCTIONS_OVER_MODULES and isinstance(value, _types.ModuleType):
            return
        super().__setattr__(name, value)


_sys.modules[__name__].__class__ = _Package


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'sojourn' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(__all__)


if TYPE_CHECKING:  # pragma: no cover
    from sojourn.abort import abort_options, abort_table
    from sojourn.comms import comms
    from sojourn.core.ephemeris import position, state
    from sojourn.core.kepler import propagate
    from sojourn.core.lambert import lambert
    from sojourn.core.time import parse_range, tdb, utc_iso
    from sojourn.crew import crew_budget
    from sojourn.errors import EphemerisRangeError, InputError, SojournError, UnknownBodyError
    from sojourn.leo.home import home
    from sojourn.mission.plan import plan
    from sojourn.mission.schema import load_mission
    from sojourn.radiation import dose
    from sojourn.roundtrip import race, roundtrip
    from sojourn.transfer import Transfer, transfer
    from sojourn.windows import launch_period, optimize, porkchop, synodic_scan

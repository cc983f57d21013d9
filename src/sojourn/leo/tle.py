"""Targets from element sets: read, check, propagate with SGP4, rotate to GCRS.

Formats, all read by ``sgp4``'s own parsers with Sojourn's checks on top:

- **TLE** (NORAD two-line element sets, optionally with a title line): parsed by
  ``sgp4.api.Satrec.twoline2rv``, which also reads Alpha-5 catalogue numbers (``A0001`` =
  100001; a letter A-Z without I and O, then four digits). The layout is checked first
  (CelesTrak "FAQs: Two-Line Element Set Format"; Vallado et al. 2006, AIAA 2006-6753,
  Appendix A): each line is 69 columns, fixed blank columns, numeric fields where numbers
  belong, the last column a modulo-10 checksum (digits count their value, '-' counts 1).
  ``twoline2rv`` itself reads letters in a numeric field as garbage (NaN or inf) without
  complaint, so its elements are then checked to be finite and physical (inclination
  0-180 deg, angles 0-360 deg, eccentricity below 1, mean motion 0.0047-20 rev/day: inside
  the Earth's Hill sphere and above its surface; day of year 1 to the year's end). Errors
  print the expected column layout above the line received, as ``sgp4`` does.
- **CCSDS OMM** (Orbit Mean-elements Message, CCSDS 502.0-B-3) in KVN (``KEY = value``) or
  XML, and its JSON form (CelesTrak's ``FORMAT=JSON``): XML through ``sgp4.omm.parse_xml``,
  KVN and JSON field by field here; the fields are checked as above and handed to
  ``sgp4.omm.initialize`` (``Satrec.sgp4init``). The two TLE lines shown for such a set
  (``line1``, ``line2``) are rendered by ``sgp4.exporter.export_tle``; propagation uses the
  OMM's own values.

Propagation is ``sgp4`` (Vallado's C++ SGP4, WGS 72 as the element sets assume); its TEME
output is rotated to GCRS with :func:`sojourn.core.frames.teme_to_gcrs`.
"""

from __future__ import annotations

import io
import json
import math
import re
from dataclasses import dataclass, field
from importlib import resources

import numpy as np

from sojourn.core.frames import teme_to_gcrs
from sojourn.core.time import tdb_to_utc, utc_iso, utc_s_from_text, utc_to_tdb
from sojourn.errors import InputError

__all__ = [
    "TLE",
    "parse_tle",
    "parse_omm",
    "parse_elements",
    "read_tle",
    "builtin_tles",
    "tle_for_date",
    "element_sets",
    "element_set_for",
    "propagate_tle",
    "MAX_TLE_AGE_DAYS",
]

#: Built-in sets are only used within this many days of their epoch (ISS reboosts and drag
#: make older ones wrong by tens of km along track).
MAX_TLE_AGE_DAYS = 30.0

_LAYOUT = (
    "expected the NORAD two-line layout (69 columns, last one a mod-10 checksum):\n"
    "1 NNNNNC NNNNNAAA NNNNN.NNNNNNNN +.NNNNNNNN +NNNNN-N +NNNNN-N N NNNNN\n"
    "2 NNNNN NNN.NNNN NNN.NNNN NNNNNNN NNN.NNNN NNN.NNNN NN.NNNNNNNNNNNNNN\n"
    "(NNNNN, the catalogue number, may be Alpha-5: a letter other than I or O, then 4 digits)"
)

# Columns that must be blank (1-based, CelesTrak layout) and fields that must be numbers.
_SATNUM = r"\s*\d+|[A-HJ-NP-Z]\d{4}"
_BLANKS = {1: (2, 9, 18, 33, 44, 53, 62, 64), 2: (2, 8, 17, 26, 34, 43, 52)}
_FIELDS = {
    1: (
        ("satellite number", 3, 7, _SATNUM),
        ("epoch", 19, 32, r"\d{2}[\d ]{3}\.\d+"),
        ("first derivative of mean motion", 34, 43, r"[ +-]\.\d{8}"),
        ("second derivative of mean motion", 45, 52, r"[ +-]\d{5}[+-]\d"),
        ("B* drag term", 54, 61, r"[ +-]\d{5}[+-]\d"),
        ("ephemeris type", 63, 63, r"[\d ]"),
        ("element set number", 65, 68, r"\s*\d+"),
    ),
    2: (
        ("satellite number", 3, 7, _SATNUM),
        ("inclination", 9, 16, r"\s*\d+\.\d+"),
        ("right ascension of the node", 18, 25, r"\s*\d+\.\d+"),
        ("eccentricity", 27, 33, r"\d{7}"),
        ("argument of perigee", 35, 42, r"\s*\d+\.\d+"),
        ("mean anomaly", 44, 51, r"\s*\d+\.\d+"),
        ("mean motion", 53, 63, r"\s*\d+\.\d+"),
        ("revolution number", 64, 68, r"[\d ]{5}"),
    ),
}
#: Mean motion upper limit, rev/day: 20 rev/day is a 72-minute orbit, below the surface.
_MEAN_MOTION_MAX = 20.0
#: Mean motion lower limit, rev/day: an orbit about the Earth must stay inside its Hill sphere,
#: r_H = 1 AU (GM_earth / (3 GM_sun))^(1/3) = 1.4966 million km, where the mean motion is
#: 0.00474 rev/day; anything slower (e.g. 0.0001 rev/day, a 33-million-km orbit) is no Earth
#: orbit but a corrupted set.
_MEAN_MOTION_MIN = 0.0047
_RANGES = (
    ("inclination", 9, 16, 0.0, 180.0),
    ("right ascension of the node", 18, 25, 0.0, 360.0),
    ("argument of perigee", 35, 42, 0.0, 360.0),
    ("mean anomaly", 44, 51, 0.0, 360.0),
    ("mean motion", 53, 63, _MEAN_MOTION_MIN, _MEAN_MOTION_MAX),
)


@dataclass(frozen=True)
class TLE:
    """One checked element set (from a TLE, or from an OMM rendered as one).

    Attributes
    ----------
    name : str
        Title line of a three-line set or the OMM's OBJECT_NAME, else ``"NORAD <number>"``.
    line1, line2 : str
        The two element lines (69 columns each); for an OMM, as ``sgp4.exporter`` renders
        it (display only: propagation uses the OMM's own values).
    norad_id : int
        Catalogue number (an Alpha-5 ``A0001`` is 100001).
    epoch_tdb_s : float
        Epoch, TDB seconds past J2000.
    inclination_deg : float
    mean_motion_rev_day : float
    omm : tuple of (str, str), optional
        The OMM fields the set was built from (``None`` for a TLE).
    """

    name: str
    line1: str
    line2: str
    norad_id: int
    epoch_tdb_s: float
    inclination_deg: float
    mean_motion_rev_day: float
    omm: tuple | None = field(default=None, compare=False, repr=False)

    @property
    def epoch_utc(self) -> str:
        return utc_iso(self.epoch_tdb_s, precision=3)

    def satrec(self):
        """A fresh ``sgp4.api.Satrec`` for this set (WGS 72)."""
        from sgp4.api import WGS72, Satrec

        if self.omm is not None:
            from sgp4.omm import initialize

            sat = Satrec()
            initialize(sat, dict(self.omm), WGS72)
            return sat
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
    if number == 1:
        year, doy = _epoch_year_doy(line)
        days = 366 if (year % 4 == 0 and year % 100 != 0) or year % 400 == 0 else 365
        if not 1.0 <= doy < days + 1.0:
            raise _fail(
                where,
                f"line 1 columns 21-32 (epoch day of year) {doy:.8f} is outside 1..{days + 1} "
                f"(exclusive) for {year}",
                line,
            )
    if number == 2:
        for name, a, b, lo, hi in _RANGES:
            value = float(line[a - 1 : b])
            if not (lo <= value < hi if name != "inclination" else lo <= value <= hi) or (
                name == "mean motion" and value == 0
            ):
                raise _fail(where, f"line 2 {name} {value:g} is outside {lo:g}..{hi:g}", line)


def _epoch_year_doy(line1: str) -> tuple[int, float]:
    yy = int(line1[18:20])
    year = 1900 + yy if yy >= 57 else 2000 + yy  # two-digit years 57-99 are 1900s (NORAD rule)
    return year, float(line1[20:32])


def _epoch_tdb_s(line1: str) -> float:
    return _epoch_from_doy(*_epoch_year_doy(line1))


def _epoch_from_doy(year: int, doy: float) -> float:
    """TDB of a TLE epoch: day-of-year 1.0 is 1 January 00:00 UTC."""
    utc_s = utc_s_from_text(f"{year:04d}-01-01T00:00:00") + (doy - 1.0) * 86_400.0
    return float(utc_to_tdb(utc_s))


#: What sgp4 parsed, with its unit and how to read it back in the line's own terms.
_SATREC_FIELDS = (
    ("bstar", "B* drag term", 1, "54-61"),
    ("ndot", "first derivative of mean motion", 1, "34-43"),
    ("nddot", "second derivative of mean motion", 1, "45-52"),
    ("ecco", "eccentricity", 2, "27-33"),
    ("inclo", "inclination", 2, "9-16"),
    ("nodeo", "right ascension of the node", 2, "18-25"),
    ("argpo", "argument of perigee", 2, "35-42"),
    ("mo", "mean anomaly", 2, "44-51"),
    ("no_kozai", "mean motion", 2, "53-63"),
)


def _check_satrec(sat, line1: str, line2: str, where1: str, where2: str) -> None:
    """What ``twoline2rv`` read must be finite (it turns stray letters into NaN or inf)."""
    for attr, name, number, cols in _SATREC_FIELDS:
        value = float(getattr(sat, attr))
        if not math.isfinite(value):
            line = line1 if number == 1 else line2
            raise _fail(
                where1 if number == 1 else where2,
                f"line {number} columns {cols} ({name}) do not read as a finite number "
                f"(sgp4 reads {value}): the field is corrupted",
                line,
            )


def _tle_from_lines(name: str | None, ln: str, ln2: str, where1: str, where2: str) -> TLE:
    from sgp4.api import WGS72, Satrec

    _check_line(ln, 1, where1)
    _check_line(ln2, 2, where2)
    if ln[2:7] != ln2[2:7]:
        raise _fail(
            where2,
            f"satellite numbers differ: {ln[2:7]!r} on line 1, {ln2[2:7]!r} on line 2",
            ln2,
        )
    sat = Satrec.twoline2rv(ln, ln2, WGS72)
    _check_satrec(sat, ln, ln2, where1, where2)
    return TLE(
        name=name or f"NORAD {sat.satnum}",
        line1=ln,
        line2=ln2,
        norad_id=int(sat.satnum),
        epoch_tdb_s=_epoch_tdb_s(ln),
        inclination_deg=float(ln2[8:16]),
        mean_motion_rev_day=float(ln2[52:63]),
    )


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
        out.append(_tle_from_lines(name, ln, ln2, f"{source} line {i}", f"{source} line {i2}"))
        k += 2
    if not out:
        raise InputError(f"{source}: no element set found; {_LAYOUT}")
    return out


# --- CCSDS OMM (KVN, XML) and its JSON form ---------------------------------------------
_OMM_FIX = (
    "give a CCSDS OMM (CCSDS 502.0-B-3) with SGP4 mean elements, e.g. CelesTrak's "
    "FORMAT=KVN, XML or JSON output"
)
#: Required fields: (name, lower bound, upper bound, upper bound included).
_OMM_NUMBERS = (
    ("MEAN_MOTION", _MEAN_MOTION_MIN, _MEAN_MOTION_MAX, False),
    ("ECCENTRICITY", 0.0, 1.0, False),
    ("INCLINATION", 0.0, 180.0, True),
    ("RA_OF_ASC_NODE", 0.0, 360.0, False),
    ("ARG_OF_PERICENTER", 0.0, 360.0, False),
    ("MEAN_ANOMALY", 0.0, 360.0, False),
    # The rates as the TLE columns can hold them: +.NNNNNNNN and +NNNNN-N (0.NNNNN x 10^N).
    ("MEAN_MOTION_DOT", -1.0, 1.0, False),
    ("MEAN_MOTION_DDOT", -1e9, 1e9, False),
    ("BSTAR", -1e9, 1e9, False),
)
#: Below this magnitude a rate shows as 0 in the rendered TLE lines (the columns' least
#: non-zero value is 0.1e-9); the OMM's own value is still the one propagated.
_TLE_RATE_MIN = 1e-10
#: Integer fields: (name, value when absent (None: required), lower bound, upper bound).
_OMM_INTEGERS = (
    ("NORAD_CAT_ID", None, 0, 339_999),
    ("EPHEMERIS_TYPE", 0, 0, 9),
    ("ELEMENT_SET_NO", 999, 0, 9999),
    ("REV_AT_EPOCH", 0, 0, 99_999),
)
#: Metadata that, when present, must have the value SGP4 assumes.
_OMM_FIXED = (
    ("MEAN_ELEMENT_THEORY", "SGP4"),
    ("REF_FRAME", "TEME"),
    ("TIME_SYSTEM", "UTC"),
    ("CENTER_NAME", "EARTH"),
)


def _omm_fail(where: str, key: str, rule: str, value) -> InputError:
    return InputError(f"{where}: '{key}' {rule}, got {_shown(str(value))!r}; {_OMM_FIX}")


def _omm_kvn(text: str, source: str) -> list[dict]:
    """KVN records: ``KEY = value [unit]`` lines; each CCSDS_OMM_VERS line starts a message."""
    out: list[dict] = []
    for i, raw in enumerate(text.splitlines(), 1):
        ln = raw.strip()
        if not ln or ln.startswith("COMMENT"):
            continue
        key, sep, value = ln.partition("=")
        key = key.strip()
        if not sep or not re.fullmatch(r"[A-Z0-9_]+", key):
            raise InputError(
                f"{source} line {i}: expected 'KEY = value' (OMM KVN), got {_shown(ln)!r}; "
                + _OMM_FIX
            )
        if key == "CCSDS_OMM_VERS":
            out.append({})
        elif not out:
            raise InputError(
                f"{source} line {i}: an OMM in KVN starts with 'CCSDS_OMM_VERS = ...', "
                f"got {_shown(ln)!r}; {_OMM_FIX}"
            )
        out[-1][key] = re.sub(r"\s*\[[^\]]*\]\s*$", "", value.strip())
    return out


def _omm_xml(text: str, source: str) -> list[dict]:
    import xml.etree.ElementTree as ET

    from sgp4.omm import parse_xml

    try:
        return [
            {k: (v or "").strip() for k, v in rec.items()}
            for rec in parse_xml(io.BytesIO(text.encode("utf-8")))
        ]
    except ET.ParseError as e:
        line, col = e.position
        raise InputError(
            f"{source} line {line} column {col + 1}: not well-formed XML ({e.msg}); {_OMM_FIX}"
        ) from None
    except (AttributeError, TypeError):
        raise InputError(
            f"{source}: an OMM <segment> lacks <metadata>, <data>, <meanElements> or "
            f"<tleParameters>; {_OMM_FIX}"
        ) from None


def _omm_json(text: str, source: str) -> list[dict]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError(
            f"{source} line {e.lineno} column {e.colno}: not valid JSON ({e.msg}); {_OMM_FIX}"
        ) from None
    except RecursionError:  # json recurses once per nested array or object
        raise InputError(
            f"{source}: JSON nested too deeply for element sets (a list of flat objects); "
            + _OMM_FIX
        ) from None
    except ValueError:  # an integer past Python's int_max_str_digits (4,300 digits)
        raise InputError(
            f"{source}: a number has more than 4,300 digits (Python's limit); {_OMM_FIX}"
        ) from None
    records = data if isinstance(data, list) else [data]
    for k, rec in enumerate(records, 1):
        if not isinstance(rec, dict):
            raise InputError(
                f"{source} element set {k}: expected an object of OMM fields "
                f'({{"OBJECT_NAME": ..., "EPOCH": ..., ...}}), got {type(rec).__name__}; '
                + _OMM_FIX
            )
    return [
        {str(key): "" if v is None else str(v).strip() for key, v in rec.items()} for rec in records
    ]


def _omm_tle(rec: dict, where: str) -> TLE:
    """Check one OMM record's fields and build the TLE (satrec through sgp4.omm)."""
    from sgp4 import exporter
    from sgp4.api import WGS72, Satrec
    from sgp4.omm import initialize

    for key, want in _OMM_FIXED:
        if rec.get(key, want).upper() != want:
            raise _omm_fail(where, key, f"must be {want!r} (SGP4 mean elements)", rec[key])
    fields: dict[str, str] = {}
    for key, lo, hi, hi_in in _OMM_NUMBERS:
        if key not in rec or rec[key] == "":
            raise _omm_fail(where, key, "is required", "")
        try:
            value = float(rec[key])
        except ValueError:
            raise _omm_fail(where, key, "must be a number", rec[key]) from None
        if not (math.isfinite(value) and lo <= value and (value <= hi if hi_in else value < hi)):
            rule = f"must be in {lo:g}..{hi:g}" + (" (inclusive)" if hi_in else " (exclusive)")
            raise _omm_fail(where, key, rule, rec[key])
        fields[key] = repr(value)
    for key, default, lo, hi in _OMM_INTEGERS:
        text = rec.get(key, "")
        if text == "":
            if default is None:
                raise _omm_fail(where, key, "is required", "")
            text = str(default)
        try:
            number = int(float(text)) if re.fullmatch(r"\d+(\.0*)?", text) else None
        except ValueError:
            number = None
        if number is None or not lo <= number <= hi:
            raise _omm_fail(where, key, f"must be an integer in {lo}..{hi}", text)
        fields[key] = str(number)
    epoch_text = rec.get("EPOCH", "")
    try:
        utc_s = utc_s_from_text(epoch_text, field="EPOCH")
    except InputError:
        raise _omm_fail(
            where, "EPOCH", "must be an ISO 8601 UTC time (2021-10-04T20:40:47.734)", epoch_text
        ) from None
    # sgp4.omm wants exactly %Y-%m-%dT%H:%M:%S.%f.
    us = np.datetime64("2000-01-01T12:00:00", "us") + np.timedelta64(round(utc_s * 1e6), "us")
    fields["EPOCH"] = str(us)
    fields["CLASSIFICATION_TYPE"] = (rec.get("CLASSIFICATION_TYPE") or "U")[:1]
    object_id = rec.get("OBJECT_ID", "")
    fields["OBJECT_ID"] = object_id if re.fullmatch(r"\d{4}-\d{3}[A-Z]{0,3}", object_id) else ""
    sat = Satrec()
    initialize(sat, fields, WGS72)
    tiny = {
        k: "0.0" for k in ("MEAN_MOTION_DDOT", "BSTAR") if abs(float(fields[k])) < _TLE_RATE_MIN
    }
    shown = sat
    if tiny:
        shown = Satrec()
        initialize(shown, {**fields, **tiny}, WGS72)
    line1, line2 = exporter.export_tle(shown)
    _check_line(line1, 1, where)  # holds by the ranges above; kept as a guard
    _check_line(line2, 2, where)
    name = "".join(c for c in rec.get("OBJECT_NAME", "") if c.isprintable()).strip()
    return TLE(
        name=name or f"NORAD {sat.satnum}",
        line1=line1,
        line2=line2,
        norad_id=int(sat.satnum),
        epoch_tdb_s=float(utc_to_tdb(utc_s)),
        inclination_deg=float(fields["INCLINATION"]),
        mean_motion_rev_day=float(fields["MEAN_MOTION"]),
        omm=tuple(sorted(fields.items())),
    )


def _omm_kind(text: str) -> str | None:
    head = text.lstrip()
    if head.startswith("<"):
        return "xml"
    if head.startswith(("{", "[")):
        return "json"
    if re.search(r"^\s*CCSDS_OMM_VERS\s*=", text, re.MULTILINE):
        return "kvn"
    return None


def parse_omm(text: str, source: str = "OMM text", kind: str | None = None) -> list[TLE]:
    """Parse CCSDS OMMs (KVN or XML) or their JSON form into checked element sets.

    Parameters
    ----------
    text : str
        The file content.
    source : str
        Name used in error messages (a file name).
    kind : {"kvn", "xml", "json"}, optional
        The format; by default recognised from the content (``<`` XML, ``[``/``{`` JSON,
        a ``CCSDS_OMM_VERS`` line KVN).

    Returns
    -------
    list of TLE
        In file order, each carrying its OMM fields (:attr:`TLE.omm`). :class:`InputError`
        naming the element set, the field, the rule and the value for any bad field, and
        when there is none.
    """
    kind = kind or _omm_kind(text)
    readers = {"kvn": _omm_kvn, "xml": _omm_xml, "json": _omm_json}
    if kind not in readers:
        raise InputError(
            f"{source}: not an OMM (expected XML, JSON, or KVN starting with "
            f"'CCSDS_OMM_VERS = ...'); {_OMM_FIX}"
        )
    records = readers[kind](text, source)
    if not records:
        raise InputError(f"{source}: no element set found; {_OMM_FIX}")
    return [_omm_tle(rec, f"{source} element set {k}") for k, rec in enumerate(records, 1)]


def parse_elements(text: str, source: str = "element sets") -> list[TLE]:
    """TLE or OMM text (KVN, XML, JSON), recognised from the content; see :func:`parse_tle`
    and :func:`parse_omm`."""
    if _omm_kind(text) is not None:
        return parse_omm(text, source)
    return parse_tle(text, source)


def read_tle(path, source: str | None = None) -> list[TLE]:
    """Read and check the element sets in a file: TLE, or CCSDS OMM in KVN, XML or JSON
    (recognised from the content; see :func:`parse_elements`).

    The file is read by :func:`sojourn.userfiles.read_text`: a regular file (not a folder,
    FIFO or device such as ``/dev/zero``) of at most
    :data:`~sojourn.userfiles.ELEMENTS_MAX_BYTES`, UTF-8 text without NUL bytes. A file
    with no line starting with ``1 `` and ``2 `` (and not an OMM) is refused without
    quoting it: what it holds was not meant as an element set.

    Parameters
    ----------
    path : str or path-like
    source : str, optional
        How messages name the file (default: ``path``).
    """
    from sojourn.userfiles import ELEMENTS_MAX_BYTES, printable, read_text

    shown = printable(path if source is None else source, one_line=True)
    text = read_text(
        path,
        label=f"TLE file {shown}",
        max_bytes=ELEMENTS_MAX_BYTES,
        fix="give a TLE text file (two- or three-line element sets) or a CCSDS OMM",
    )
    if _omm_kind(text) is None and not _looks_like_tle(text):
        raise InputError(
            f"TLE file {shown}: not an element-set file (no line starting with '1 ' and "
            "'2 ', and not an OMM); give a TLE text file (two- or three-line element sets) "
            "or a CCSDS OMM"
        )
    return parse_elements(text, source=shown)


def _looks_like_tle(text: str) -> bool:
    """Whether ``text`` has a line starting ``1 `` and one starting ``2 `` (only such a file
    may be quoted in an error: its lines were meant as element lines)."""
    return re.search(r"^1 ", text, re.MULTILINE) is not None and (
        re.search(r"^2 ", text, re.MULTILINE) is not None
    )


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


def element_sets(tle_path=None, target: str | None = None) -> tuple[list[TLE], str]:
    """The element sets of a file or of a built-in target, and whose they are.

    Parameters
    ----------
    tle_path : str or path-like, optional
        A file of element sets (TLE or OMM, :func:`read_tle`).
    target : str, optional
        A built-in target (:func:`builtin_tles`); ``iss`` when neither is given.

    Returns
    -------
    sets : list of TLE
    source : str
        ``"built-in"`` or ``"FILE's"``, for :func:`tle_for_date`'s messages.

    Raises
    ------
    InputError
        Both a file and a target; an unreadable file; an unknown target.
    """
    if tle_path and target:
        raise InputError("give either '--tle FILE' or '--target NAME', not both")
    if tle_path:
        return read_tle(tle_path), f"{tle_path}'s"
    return builtin_tles(target or "iss"), "built-in"


def element_set_for(t_tdb_s: float, tle_path=None, target: str | None = None) -> TLE:
    """The element set of ``tle_path`` or ``target`` (default iss) nearest ``t_tdb_s``.

    A file's sets obey the same age limit as the built-in ones
    (:data:`MAX_TLE_AGE_DAYS`, :func:`tle_for_date`): a set months or years from its epoch
    puts the station thousands of km from where it is.
    """
    sets, source = element_sets(tle_path, target)
    return tle_for_date(sets, t_tdb_s, source=source)


def propagate_tle(tle: TLE, t_tdb_s, dut1_s: float | None = None):
    """GCRS state of the object at TDB seconds ``t_tdb_s`` (scalar or (N,)), SGP4.

    Parameters
    ----------
    tle : TLE
    t_tdb_s : float or ndarray (N,)
        TDB seconds past J2000.
    dut1_s : float, optional
        UT1 - UTC, s, for the TEME -> GCRS rotation; ``None`` (default) looks it up in the
        IERS table. It hardly matters here (both sidereal angles of that rotation turn
        together: 0.9 s of it moves the result by under a micrometre).

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

"""Corrupted element sets: refused (exit 2, one line), never planned from NaN elements.

A built-in ISS set is mutated column by column, with the mod-10 checksum recomputed so that
only the field checks can catch it (sgp4's ``twoline2rv`` turns stray letters into NaN without
complaint), then fed to ``sojourn launch --tle`` and ``sojourn landing --tle``.
"""

from __future__ import annotations

import json

import pytest
from contract_check import TLE_FILE, check_contract, check_refused
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

# The set of 2021-10-04 20:40 UTC (before Soyuz MS-19), good for both commands below.
_LINES = TLE_FILE.read_text(encoding="utf-8").splitlines()
_I = next(i for i, ln in enumerate(_LINES) if ln.startswith("1 25544U 98067A   21277"))
NAME, LINE1, LINE2 = _LINES[_I - 1], _LINES[_I], _LINES[_I + 1]

LAUNCH = ["launch", "--site", "baikonur-31", "--date", "2021-10-05", "--json"]
LANDING = ["landing", "--after", "2021-10-05", "--hours", "12", "--json"]
COMMANDS = {"launch": LAUNCH, "landing": LANDING}

#: Columns (1-based, inclusive) of the numeric fields, where a letter is always corruption.
#: The catalogue number (Alpha-5 allows a letter), the element-set and revolution numbers
#: (which no computation reads) are left out.
FIELDS = {
    1: {
        "epoch year": (19, 20),
        "epoch day": (21, 32),
        "ndot": (34, 43),
        "nddot": (45, 52),
        "bstar": (54, 61),
    },
    2: {
        "inclination": (9, 16),
        "raan": (18, 25),
        "eccentricity": (27, 33),
        "argument of perigee": (35, 42),
        "mean anomaly": (44, 51),
        "mean motion": (53, 63),
    },
}


def checksum(line: str) -> str:
    """The NORAD mod-10 checksum of columns 1-68: digits count as themselves, '-' as 1."""
    s = sum(int(c) if c.isdigit() else 1 if c == "-" else 0 for c in line[:68])
    return str(s % 10)


def with_checksum(line: str) -> str:
    return line[:68] + checksum(line)


def put(line: str, col: int, text: str) -> str:
    """``line`` with ``text`` written from 1-based column ``col``, checksum recomputed."""
    return with_checksum(line[: col - 1] + text + line[col - 1 + len(text) :])


def write_tle(tmp_path, line1: str, line2: str, name: str = NAME) -> str:
    path = tmp_path / "target.tle"
    path.write_text(f"{name}\n{line1}\n{line2}\n", encoding="utf-8")
    return str(path)


def test_unmutated_set_plans(sojourn_cli, tmp_path):
    assert with_checksum(LINE1) == LINE1 and with_checksum(LINE2) == LINE2
    path = write_tle(tmp_path, LINE1, LINE2)
    for argv in COMMANDS.values():
        r = sojourn_cli(*argv, "--tle", path)
        check_contract(r, statuses=(0,), json_out=True)


CORRUPT = {
    # (line, column, text): letters in the columns sgp4 parses with float() on a slice
    "bstar-letter": (1, 56, "X"),
    "ndot-letter": (1, 38, "Z"),
    "nddot-letter": (1, 47, "Q"),
    "bstar-exponent-letter": (1, 60, "e"),
    "mean-motion-tiny": (2, 53, " 0.00010000"),
    "day-of-year-999": (1, 21, "999.86166359"),
    "day-of-year-0": (1, 21, "000.86166359"),
    "eccentricity-letter": (2, 29, "x"),
    "inclination-over-180": (2, 9, "251.6453"),
    "epoch-day-letter": (1, 25, "a"),
}


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("case", list(CORRUPT))
def test_corrupted_field_refused(sojourn_cli, tmp_path, case, command):
    n, col, text = CORRUPT[case]
    line1, line2 = LINE1, LINE2
    if n == 1:
        line1 = put(LINE1, col, text)
    else:
        line2 = put(LINE2, col, text)
    r = sojourn_cli(*COMMANDS[command], "--tle", write_tle(tmp_path, line1, line2))
    check_refused(r)
    assert '"windows": []' not in r.out, str(r)


def _raw(tmp_path, data: bytes) -> str:
    path = tmp_path / "raw.tle"
    path.write_bytes(data)
    return str(path)


def _binary(tmp_path):
    path = tmp_path / "binary.tle"
    path.write_bytes(bytes(range(256)) * 8)
    return str(path)


LAYOUT = {
    "truncated-line-2": lambda p: write_tle(p, LINE1, LINE2[:40]),
    "truncated-line-1": lambda p: write_tle(p, LINE1[:60], LINE2),
    "no-line-2": lambda p: write_tle(p, LINE1, "").rstrip(),
    "extra-bytes": lambda p: write_tle(p, LINE1 + "0000", LINE2 + "  x"),
    "bad-checksum": lambda p: write_tle(p, LINE1[:68] + str((int(LINE1[68]) + 1) % 10), LINE2),
    "binary": _binary,
    "empty": lambda p: _raw(p, b""),
    "nul-in-line": lambda p: write_tle(p, LINE1[:30] + "\x00" + LINE1[31:], LINE2),
    "swapped-lines": lambda p: write_tle(p, LINE2, LINE1),
    "crlf": lambda p: _raw(p, f"{NAME}\r\n{LINE1}\r\n{LINE2}\r\n".encode()),
}


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("case", list(LAYOUT))
def test_malformed_layout(sojourn_cli, tmp_path, case, command):
    r = sojourn_cli(*COMMANDS[command], "--tle", LAYOUT[case](tmp_path))
    if case == "crlf":  # Windows line ends are a valid file
        check_contract(r, statuses=(0, 2), json_out=True)
    else:
        check_refused(r)


_POSITIONS = [(n, c) for n, fields in FIELDS.items() for a, b in fields.values()
              for c in range(a, b + 1)]  # fmt: skip


@settings(
    max_examples=30,
    derandomize=True,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: each example costs a command
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    where=st.sampled_from(_POSITIONS),
    letter=st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%&*/:;=?@_~"),
    command=st.sampled_from(list(COMMANDS)),
)
def test_any_letter_in_a_numeric_column_is_refused(sojourn_cli, tmp_path, where, letter, command):
    n, col = where
    line1 = put(LINE1, col, letter) if n == 1 else LINE1
    line2 = put(LINE2, col, letter) if n == 2 else LINE2
    r = sojourn_cli(*COMMANDS[command], "--tle", write_tle(tmp_path, line1, line2))
    check_refused(r)


# -- CCSDS OMM (JSON, XML): the same reader, the same refusals ---------------------------------

_OMM = {
    "OBJECT_NAME": "ISS (ZARYA)", "OBJECT_ID": "1998-067A", "EPOCH": "2021-10-04T20:40:47.734",
    "MEAN_MOTION": 15.4893155, "ECCENTRICITY": 0.000417, "INCLINATION": 51.6453,
    "RA_OF_ASC_NODE": 160.435, "ARG_OF_PERICENTER": 58.5851, "MEAN_ANOMALY": 39.6969,
    "EPHEMERIS_TYPE": 0, "CLASSIFICATION_TYPE": "U", "NORAD_CAT_ID": 25544,
    "ELEMENT_SET_NO": 999, "REV_AT_EPOCH": 30559, "BSTAR": 0.00010685,
    "MEAN_MOTION_DOT": 5.427e-05, "MEAN_MOTION_DDOT": 0,
}  # fmt: skip
_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol0 "lol">\n'
    + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">\n' for i in range(1, 10))
    + "]>\n<ndm><omm><body><segment><metadata><OBJECT_NAME>&lol9;</OBJECT_NAME></metadata>"
    "</segment></body></omm></ndm>\n"
)
_XXE = (
    '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'
    "<ndm><omm><body><segment><metadata><OBJECT_NAME>&e;</OBJECT_NAME></metadata></segment>"
    "</body></omm></ndm>\n"
)


def _json(**changes) -> str:
    return json.dumps([{**_OMM, **changes}])


OMM_CASES = {
    "valid": ("omm.json", json.dumps([_OMM]), (0,)),
    "nan-mean-motion": ("omm.json", _json(MEAN_MOTION=float("nan")), (2,)),
    "eccentricity-2": ("omm.json", _json(ECCENTRICITY=2.0), (2,)),
    "epoch-object": ("omm.json", _json(EPOCH={"a": [1]}), (2,)),
    "not-objects": ("omm.json", json.dumps(["x", 1]), (2,)),
    "billion-laughs": ("omm.xml", _LAUGHS, (2,)),
    "external-entity": ("omm.xml", _XXE, (2,)),
    "deep-json": ("omm.json", "[" * 100_000 + "]" * 100_000, (2,)),
    "huge-int-json": ("omm.json", _json(MEAN_MOTION=None).replace("null", "1" * 5000), (2,)),
}


@pytest.mark.parametrize("case", list(OMM_CASES))
def test_hostile_omm(sojourn_cli, tmp_path, case):
    name, text, statuses = OMM_CASES[case]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    r = sojourn_cli(*LANDING, "--tle", path)
    check_contract(r, statuses=statuses, json_out=True)
    assert "root:" not in r.err, str(r)

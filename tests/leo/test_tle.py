"""TLE reader and SGP4 propagation against Vallado's verification set, and error paths.

Reference: Vallado, Crawford, Hujsak & Kelso (2006), "Revisiting Spacetrack Report #3",
AIAA 2006-6753: the element sets SGP4-VER.TLE and the C++ output tcppver.out, both shipped
inside the ``sgp4`` package (read from there, not copied). Line 2 of SGP4-VER.TLE carries the
test's start/stop/step after column 69; we cut it to the 69 standard columns. The check is
that our reader keeps every field, so SGP4 reproduces tcppver.out to 1e-8 km (printing
precision) for the sets our checks accept.

Alpha-5 catalogue numbers (``A0001`` = 100001) are read as sgp4 reads them; CCSDS OMMs in KVN,
XML and JSON are made from a TLE with ``sgp4.exporter.export_omm`` and read back (the OMM's
epoch carries microseconds: 4 mm at 7.7 km/s is the round trip's tolerance).
"""

from __future__ import annotations

import os

import numpy as np
import pytest
import sgp4

from sojourn.errors import InputError
from sojourn.leo.tle import (
    builtin_tles,
    parse_elements,
    parse_omm,
    parse_tle,
    propagate_tle,
    read_tle,
    tle_for_date,
)

SGP4_DIR = os.path.dirname(sgp4.__file__)
ISS = (
    "1 25544U 98067A   21277.86166359  .00005427  00000-0  10685-3 0  9994\n"
    "2 25544  51.6453 160.4350 0004170  58.5851  39.6969 15.48931550305594\n"
)


def _vallado_sets():
    lines = [
        ln.rstrip()
        for ln in open(os.path.join(SGP4_DIR, "SGP4-VER.TLE"))
        if ln.strip() and not ln.startswith("#")
    ]
    return [(lines[i], lines[i + 1][:69]) for i in range(0, len(lines) - 1, 2)]


def _tcppver():
    out, sat = {}, None
    for ln in open(os.path.join(SGP4_DIR, "tcppver.out")):
        f = ln.split()
        if len(f) == 2 and f[1] == "xx":
            sat = int(f[0])
            out[sat] = []
        elif sat is not None and len(f) >= 7:
            out[sat].append([float(x) for x in f[:7]])
    return out


def test_vallado_verification_set():
    ref = _tcppver()
    checked = 0
    for l1, l2 in _vallado_sets():
        try:
            (tle,) = parse_tle(l1 + "\n" + l2 + "\n")
        except InputError:
            continue  # the 3 sets whose line-1 checksum is wrong in SGP4-VER.TLE
        rows = ref.get(tle.norad_id)
        if not rows:
            continue
        sat = tle.satrec()
        for row in rows[:5]:
            e, r, v = sat.sgp4_tsince(row[0])
            if e == 0:
                assert np.allclose(r, row[1:4], atol=1e-8) and np.allclose(v, row[4:7], atol=1e-9)
        checked += 1
    assert checked >= 30  # all but the 3 with bad checksums


def test_iss_three_line_and_epoch():
    (t,) = parse_tle("ISS (ZARYA)\n" + ISS)
    assert t.name == "ISS (ZARYA)" and t.norad_id == 25544
    assert t.epoch_utc == "2021-10-04T20:40:47.734"  # 21277.86166359 = day 277 + 0.86166359 d
    r, v = propagate_tle(t, np.array([t.epoch_tdb_s, t.epoch_tdb_s + 600.0]))
    assert (
        r.shape == (2, 3)
        and 6700 < np.linalg.norm(r[0]) < 6850
        and 7.6 < np.linalg.norm(v[0]) < 7.7
    )


def test_builtin_tles_load_from_installed_package():
    sets = builtin_tles("iss")
    assert len(sets) >= 10 and all(s.norad_id == 25544 for s in sets)
    chosen = tle_for_date(sets, sets[3].epoch_tdb_s + 86_400.0)
    assert chosen is sets[3]


@pytest.mark.parametrize(
    "text, words",
    [
        (ISS.replace("0  9994", "0  9995"), "checksum"),
        (ISS.replace("15.48931550305594", "15.4893155030559"), "69 columns"),
        (
            ISS.replace("2 25544  51", "2 25545  51").replace("305594", "305595"),
            "satellite numbers differ",
        ),
        (ISS.replace(" 160.4350", " 16x.4350"), "not a number"),
        ("hello\n", "not followed"),
        ("", "no element set"),
    ],
)
def test_bad_tles_name_the_rule_and_show_the_layout(text, words):
    with pytest.raises(InputError) as e:
        parse_tle(text, source="x.tle")
    msg = str(e.value)
    assert words in msg and "x.tle" in msg and "1 NNNNNC" in msg


def test_unreadable_file_and_stale_date(tmp_path):
    with pytest.raises(InputError, match="cannot be read"):
        read_tle(tmp_path / "missing.tle")
    with pytest.raises(InputError, match="--tle FILE"):
        tle_for_date(builtin_tles(), builtin_tles()[0].epoch_tdb_s - 400 * 86_400.0)


_L1 = "1 25544U 98067A   21277.86166359  .00005427  00000-0  10685-3 0  9994"
_L2 = "2 25544  51.6453 160.4350 0004170  58.5851  39.6969 15.48931550305594"


def test_binary_file_is_refused_without_echoing_it(tmp_path):
    f = tmp_path / "x.tle"
    f.write_bytes(b"\x1b[2J\xff\xfe\x00garbage\n")
    with pytest.raises(InputError, match=r"line 1: not a text file \(byte 0xff\)") as e:
        read_tle(f)
    assert "\x1b" not in str(e.value)


def test_control_and_non_ascii_characters_are_named_not_echoed():
    # A terminal escape inside an element line must not reach the terminal raw.
    with pytest.raises(InputError, match=r"line 1 column 15 holds '\\x1b'") as e:
        parse_tle(_L1[:14] + "\x1b" + _L1[15:] + "\n" + _L2 + "\n")
    assert "\x1b" not in str(e.value)
    with pytest.raises(InputError, match=r"column 15 holds '\\xc4', not a printable ASCII"):
        parse_tle(_L1[:14] + "\u00c4" + _L1[15:] + "\n" + _L2 + "\n")


def test_utf8_title_line_is_kept(tmp_path):
    f = tmp_path / "x.tle"
    f.write_text("ISS Z\u00c4RYA\n" + _L1 + "\n" + _L2 + "\n", encoding="utf-8")
    assert read_tle(f)[0].name == "ISS Z\u00c4RYA"


def test_stale_date_names_whose_epochs():
    sets = parse_tle(_L1 + "\n" + _L2 + "\n")
    with pytest.raises(InputError, match=r"\(my.tle's epochs: 2021-10-04\)"):
        tle_for_date(sets, 10 * 365.25 * 86400.0, source="my.tle's")


# --- Alpha-5, OMM, and corrupted fields that sgp4 alone would read as garbage ------------------
def _fix_checksum(line: str) -> str:
    """Line with its column 69 recomputed (digits count their value, '-' counts 1)."""
    s = sum(int(c) if c.isdigit() else (1 if c == "-" else 0) for c in line[:68]) % 10
    return line[:68] + str(s)


def _set(l1: str, l2: str) -> str:
    return _fix_checksum(l1) + "\n" + _fix_checksum(l2) + "\n"


def test_alpha5_catalogue_number_is_accepted():
    # Alpha-5 (Space Force, 2020s): 'A0001' = 10 x 10,000 + 1 = 100001; I and O are skipped.
    (t,) = parse_tle(_set(_L1.replace("25544", "A0001"), _L2.replace("25544", "A0001")))
    assert t.norad_id == 100001 and t.name == "NORAD 100001"
    (iss,) = parse_tle(ISS)
    times = iss.epoch_tdb_s + np.array([0.0, 3600.0])
    r, v = propagate_tle(t, times)
    r0, v0 = propagate_tle(iss, times)
    np.testing.assert_array_equal(r, r0)
    (z,) = parse_tle(_set(_L1.replace("25544", "Z9999"), _L2.replace("25544", "Z9999")))
    assert z.norad_id == 339999


@pytest.mark.parametrize(
    "l1, l2, words",
    [
        # Letters where sgp4 reads numbers (it returns NaN or inf for them, silently).
        (_L1[:53] + " 1X685-3" + _L1[61:], _L2, "columns 54-61 (B* drag term) are not a number"),
        (_L1[:33] + " .0000Z427" + _L1[43:], _L2, "columns 34-43 (first derivative"),
        (_L1[:44] + " 0A000-0" + _L1[52:], _L2, "columns 45-52 (second derivative"),
        (_L1, _L2[:63] + "3O559" + _L2[68:], "columns 64-68 (revolution number)"),
        (_L1.replace("25544", "I0001"), _L2.replace("25544", "I0001"), "(satellite number)"),
        # Day of year: 1 to the year's end (2021 has 365 days).
        (_L1.replace("21277.86166359", "21366.50000000"), _L2, "day of year) 366.50000000"),
        (_L1.replace("21277.86166359", "21000.50000000"), _L2, "day of year) 0.50000000"),
        # Mean motion: a positive number of revolutions a day, under 20 (72-minute orbit).
        (
            _L1,
            _L2.replace("15.48931550", "25.48931550"),
            "mean motion 25.4893 is outside 0.0047..20",
        ),
        (_L1, _L2.replace("15.48931550", " 0.00000000"), "mean motion 0 is outside 0.0047..20"),
        # 0.0001 rev/day: a 33-million-km orbit, outside the Earth's Hill sphere (issue 10).
        (
            _L1,
            _L2.replace("15.48931550", " 0.00010000"),
            "mean motion 0.0001 is outside 0.0047..20",
        ),
    ],
)
def test_corrupted_fields_are_refused_with_the_layout(l1, l2, words):
    with pytest.raises(InputError) as e:
        parse_tle(_set(l1, l2), source="x.tle")
    msg = str(e.value)
    assert words in msg and "x.tle line" in msg and "1 NNNNNC" in msg


def test_leap_year_day_366_is_accepted():
    (t,) = parse_tle(_set(_L1.replace("21277.86166359", "20366.50000000"), _L2))
    assert t.epoch_utc == "2020-12-31T12:00:00.000"


def test_non_finite_sgp4_fields_are_refused():
    # Second line of defence behind the column patterns: whatever sgp4 read must be finite.
    from types import SimpleNamespace

    from sojourn.leo.tle import _check_satrec

    names = ("bstar", "ndot", "nddot", "ecco", "inclo", "nodeo", "argpo", "mo", "no_kozai")
    sat = SimpleNamespace(**dict.fromkeys(names, 0.1))
    _check_satrec(sat, _L1, _L2, "x.tle line 1", "x.tle line 2")
    sat.bstar = float("nan")
    with pytest.raises(InputError, match=r"x.tle line 1: line 1 columns 54-61 \(B\* drag term\)"):
        _check_satrec(sat, _L1, _L2, "x.tle line 1", "x.tle line 2")


def _iss_omm() -> dict:
    from sgp4.exporter import export_omm

    (t,) = parse_tle("ISS (ZARYA)\n" + ISS)
    return export_omm(t.satrec(), t.name)


def _kvn(fields: dict) -> str:
    units = {"MEAN_MOTION": " [rev/day]", "INCLINATION": " [deg]", "BSTAR": " [1/ER]"}
    body = "\n".join(f"{k} = {v}{units.get(k, '')}" for k, v in fields.items())
    return "CCSDS_OMM_VERS = 2.0\nCOMMENT made from a TLE by sgp4.exporter\n" + body + "\n"


def _xml(fields: dict) -> str:
    meta = ("OBJECT_NAME", "OBJECT_ID", "CENTER_NAME", "REF_FRAME", "TIME_SYSTEM")
    meta += ("MEAN_ELEMENT_THEORY",)
    mean = ("EPOCH", "MEAN_MOTION", "ECCENTRICITY", "INCLINATION", "RA_OF_ASC_NODE")
    mean += ("ARG_OF_PERICENTER", "MEAN_ANOMALY")
    tle = ("EPHEMERIS_TYPE", "CLASSIFICATION_TYPE", "NORAD_CAT_ID", "ELEMENT_SET_NO")
    tle += ("REV_AT_EPOCH", "BSTAR", "MEAN_MOTION_DOT", "MEAN_MOTION_DDOT")

    def block(tag, keys):
        return f"<{tag}>" + "".join(f"<{k}>{fields[k]}</{k}>" for k in keys) + f"</{tag}>"

    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<ndm xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        '<omm id="CCSDS_OMM_VERS" version="2.0"><header/><body><segment>'
        + block("metadata", meta)
        + "<data>"
        + block("meanElements", mean)
        + block("tleParameters", tle)
        + "</data></segment></body></omm></ndm>\n"
    )


@pytest.mark.parametrize("kind", ["kvn", "xml", "json"])
def test_omm_round_trip(kind, tmp_path):
    import json

    fields = _iss_omm()
    text = {"kvn": _kvn, "xml": _xml, "json": lambda f: json.dumps([f])}[kind](fields)
    f = tmp_path / f"iss.{kind}"
    f.write_text(text, encoding="utf-8")
    (o,) = read_tle(f)  # the format is recognised from the content
    (t,) = parse_tle("ISS (ZARYA)\n" + ISS)
    assert o.name == "ISS (ZARYA)" and o.norad_id == 25544
    assert (o.line1, o.line2) == (t.line1, t.line2)  # rendered back by sgp4.exporter
    assert abs(o.epoch_tdb_s - t.epoch_tdb_s) < 1e-5  # the OMM carries microseconds
    assert o.inclination_deg == t.inclination_deg
    assert o.mean_motion_rev_day == t.mean_motion_rev_day
    times = t.epoch_tdb_s + np.array([0.0, 600.0, 86_400.0])
    (r, v), (r0, v0) = propagate_tle(o, times), propagate_tle(t, times)
    # The OMM's EPOCH has microseconds, the TLE's day fraction 1e-8 d: 0.5 us x 7.7 km/s = 4 mm.
    assert np.abs(r - r0).max() < 1e-5 and np.abs(v - v0).max() < 1e-8  # 1 cm, 0.01 mm/s


def test_omm_rate_below_the_tle_columns_is_kept_for_propagation():
    import json

    fields = _iss_omm()
    fields["MEAN_MOTION_DDOT"] = 3e-15  # the TLE columns hold nothing below 0.1e-9
    (o,) = parse_omm(json.dumps(fields))
    assert o.line1[44:52] == " 00000-0" and dict(o.omm)["MEAN_MOTION_DDOT"] == "3e-15"
    assert o.satrec().nddot != 0.0


def test_omm_alpha5_and_several_sets():
    import json

    a, b = _iss_omm(), _iss_omm()
    b["NORAD_CAT_ID"] = 100001
    b["OBJECT_NAME"] = ""
    sets = parse_omm(json.dumps([a, b]), source="two.json")
    assert [s.norad_id for s in sets] == [25544, 100001]
    assert sets[1].name == "NORAD 100001" and sets[1].line1[2:7] == "A0001"
    assert parse_omm(_kvn(a) + _kvn(b))[1].norad_id == 100001


@pytest.mark.parametrize(
    "change, words",
    [
        ({"MEAN_MOTION": None}, "'MEAN_MOTION' is required"),
        ({"ECCENTRICITY": "abc"}, "'ECCENTRICITY' must be a number, got 'abc'"),
        ({"ECCENTRICITY": 1.2}, "'ECCENTRICITY' must be in 0..1 (exclusive), got '1.2'"),
        ({"INCLINATION": "nan"}, "'INCLINATION' must be in 0..180"),
        ({"MEAN_MOTION": 0}, "'MEAN_MOTION' must be in 0.0047..20"),
        ({"MEAN_MOTION": 0.0001}, "'MEAN_MOTION' must be in 0.0047..20"),
        ({"BSTAR": "inf"}, "'BSTAR' must be in -1e+09..1e+09 (exclusive), got 'inf'"),
        ({"MEAN_MOTION_DOT": 2.5}, "'MEAN_MOTION_DOT' must be in -1..1 (exclusive)"),
        ({"NORAD_CAT_ID": 340000}, "'NORAD_CAT_ID' must be an integer in 0..339999"),
        ({"EPOCH": "yesterday"}, "'EPOCH' must be an ISO 8601 UTC time"),
        ({"MEAN_ELEMENT_THEORY": "SGP4-XP"}, "'MEAN_ELEMENT_THEORY' must be 'SGP4'"),
        ({"REF_FRAME": "GCRF"}, "'REF_FRAME' must be 'TEME'"),
    ],
)
def test_bad_omm_fields_name_field_rule_value_and_fix(change, words):
    import json

    fields = _iss_omm()
    for k, v in change.items():
        if v is None:
            del fields[k]
        else:
            fields[k] = v
    with pytest.raises(InputError) as e:
        parse_omm(json.dumps(fields), source="x.json")
    msg = str(e.value)
    assert words in msg and "x.json element set 1" in msg and "CCSDS OMM" in msg


@pytest.mark.parametrize(
    "text, words",
    [
        ('[{"EPOCH": 1,}]', "x.omm line 1 column 14: not valid JSON"),
        ("[1]", "expected an object of OMM fields"),
        ("<ndm><omm><body><segment>", "not well-formed XML"),
        ("<ndm><segment><metadata/></segment></ndm>", "lacks <metadata>, <data>"),
        ("<ndm/>", "no element set found"),
        ("OBJECT_NAME = X\nCCSDS_OMM_VERS = 2.0\n", "starts with 'CCSDS_OMM_VERS = ...'"),
        ("CCSDS_OMM_VERS = 2.0\nMEAN MOTION 15\n", "line 2: expected 'KEY = value'"),
    ],
)
def test_bad_omm_files(text, words):
    with pytest.raises(InputError) as e:
        parse_omm(text, source="x.omm")
    assert words in str(e.value) and "x.omm" in str(e.value)


def test_tle_text_is_still_tle():
    # parse_elements / read_tle: text without OMM markers is read as TLE, with TLE errors.
    with pytest.raises(InputError, match="1 NNNNNC"):
        parse_elements("hello\n", source="x.txt")
    assert parse_elements(ISS)[0].norad_id == 25544


def test_element_set_for_a_file_or_a_target(tmp_path):
    from sojourn.leo.tle import element_set_for, element_sets

    t = builtin_tles()[0].epoch_tdb_s
    sets, source = element_sets()
    assert source == "built-in" and [s.epoch_tdb_s for s in sets] == [
        s.epoch_tdb_s for s in builtin_tles()
    ]
    assert element_set_for(t) == builtin_tles()[0] == element_set_for(t, target="ISS")
    f = tmp_path / "iss.tle"
    f.write_text(ISS)
    assert element_set_for(read_tle(f)[0].epoch_tdb_s, tle_path=f) == read_tle(f)[0]
    with pytest.raises(InputError, match="not both"):
        element_sets(f, "iss")
    with pytest.raises(InputError, match=r"iss\.tle's epochs: 2021-10-04"):
        element_set_for(t, tle_path=f)
    with pytest.raises(InputError, match="'--target' must be 'iss'"):
        element_set_for(t, target="tiangong")

"""CCSDS Orbit Ephemeris Messages (OEM, CCSDS 502.0-B-3, KVN, version 2.0) of a plan's arcs.

One file per :class:`sojourn.mission.model.TrajectorySegment`, written as plain text (the
format is a few fixed keywords and one line per state; writing it ourselves keeps every
printed digit under our control). GMAT, Orekit and STK read these files.

Choices, and why
----------------
``CCSDS_OEM_VERS = 2.0``
    Read by every tool above (GMAT's reader predates 3.0); nothing we write needs 3.0.
``REF_FRAME``
    ``ICRF`` for Sun- and Mars-centred arcs: DE440 and our Lambert arcs are in ICRF axes
    (a name GMAT, Orekit and STK all read; GMAT names the IAU 2000 axes ``ICRF`` whatever the
    origin, per its EphemerisFile help).
    ``EME2000`` for Earth-centred arcs. The states are GCRS (SGP4 rotated TEME -> GCRS by
    :func:`sojourn.core.frames.teme_to_gcrs`, IAU 2006/2000A with frame bias), whose CCSDS
    name would be ``GCRF``; but GMAT's OEM reader does not take ``GCRF`` (issue 14), and
    ``EME2000`` is the Earth-centred inertial name every reader takes. The two differ by the
    frame bias (about 23 mas, 0.8 m at ISS altitude), far below the SGP4 model's error; a
    ``COMMENT`` line in the file says so (:data:`EME2000_COMMENT`).
    A segment whose ``frame`` is neither ``"ICRF"`` nor ``"GCRS"``/``"GCRF"`` keeps its own
    name, upper-cased.
``OBJECT_ID``
    The international (COSPAR) designator when the segment carries one (``object_id``) or
    the planner knows it (:data:`sojourn.mission.views.DESIGNATORS`); else the placeholder
    ``SOJOURN-<NAME>`` (not a designator: a ``COMMENT`` line says so).
``TIME_SYSTEM``
    ``UTC`` for every arc, converted from our TDB seconds with the leap-second table by
    :func:`sojourn.core.time.utc_iso`. GMAT's reader takes no other scale: its segment check
    (``CCSDSEMSegment::Validate``) rejects any ``TIME_SYSTEM`` but ``UTC``, TDB included
    (quoted in ``tests/reference/gmat_oem_frames.txt``); Orekit and STK read UTC too.
    Heliocentric arcs lose nothing: the epochs are the same instants, printed on another scale.
Precision
    Epochs to the microsecond (the finest most readers parse, e.g. Python ``datetime``),
    positions to 1e-6 km (1 mm) and velocities to 1e-9 km/s (1 um/s): finer than any
    model behind them, and 15-16 significant digits, the most a float64 carries.
``INTERPOLATION``
    ``LAGRANGE`` of degree ``min(7, N - 1)`` (a file of one state says none).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from sojourn.errors import InputError
from sojourn.io.atomic import write_texts

__all__ = [
    "EME2000_COMMENT",
    "oem_text",
    "write_oem",
    "slugify",
    "oem_frame",
    "oem_object_id",
    "oem_time_system",
]

OEM_VERSION = "2.0"
INTERPOLATION_DEGREE = 7


#: Said in every Earth-centred OEM (see ``REF_FRAME`` in the module notes).
EME2000_COMMENT = (
    "States are GCRS (ICRF-aligned axes); labelled EME2000, which differs from GCRS by the "
    "frame bias (about 23 mas, 0.8 m at LEO)"
)
_PLACEHOLDER = "SOJOURN-"


def slugify(name: str) -> str:
    """File-name-safe form of ``name``: lower case, ``[a-z0-9._-]``, runs of others as ``-``."""
    slug = re.sub(r"[^a-z0-9._-]+", "-", name.lower()).strip("-.")
    return slug or "segment"


def oem_frame(segment) -> str:
    """CCSDS ``REF_FRAME`` of a segment (see the module notes)."""
    frame = str(segment.frame).upper()
    if frame in ("ICRF", "GCRS", "GCRF"):
        return "EME2000" if segment.center.lower() == "earth" else "ICRF"
    return frame


def oem_object_id(segment) -> str:
    """``OBJECT_ID``: the segment's designator (``segment.object_id``, set by the planner from
    :data:`sojourn.mission.views.DESIGNATORS`) or the ``SOJOURN-<NAME>`` placeholder."""
    given = getattr(segment, "object_id", None)
    if given:
        return str(given)
    return _PLACEHOLDER + (slugify(segment.name).upper() or "SPACECRAFT")


def oem_time_system(segment) -> str:
    """CCSDS ``TIME_SYSTEM`` of a segment: ``UTC`` for every arc (the only scale GMAT's OEM
    reader accepts; see the module notes)."""
    return "UTC"


def _epochs(segment, t_tdb_s: np.ndarray) -> list[str]:
    from sojourn.io.utc import utc_list

    return utc_list(t_tdb_s, precision=6)


def _checked(segment) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    t = np.asarray(segment.t_tdb_s, dtype=np.float64).reshape(-1)
    r = np.asarray(segment.r_km, dtype=np.float64)
    v = np.asarray(segment.v_km_s, dtype=np.float64)
    name = segment.name
    if t.size == 0:
        raise InputError(f"trajectory {name!r} has no states; an OEM needs at least one")
    if r.shape != (t.size, 3) or v.shape != (t.size, 3):
        raise InputError(
            f"trajectory {name!r}: 'r_km' and 'v_km_s' must have shape ({t.size}, 3) to match "
            f"'t_tdb_s', got {r.shape} and {v.shape}"
        )
    if not (np.all(np.isfinite(t)) and np.all(np.isfinite(r)) and np.all(np.isfinite(v))):
        raise InputError(
            f"trajectory {name!r} has non-finite epochs or states; drop those rows before "
            "writing an OEM"
        )
    if t.size > 1 and not np.all(np.diff(t) >= 1e-6):
        raise InputError(
            f"trajectory {name!r}: 't_tdb_s' must increase by at least 1 us per state (OEM "
            "epochs are printed to the microsecond); sort the states and drop duplicates"
        )
    return t, r, v


def oem_text(segment, originator: str = "SOJOURN") -> str:
    """The OEM (KVN, version 2.0) of one trajectory segment.

    Parameters
    ----------
    segment : sojourn.mission.model.TrajectorySegment
        States ``r_km (N, 3)``, ``v_km_s (N, 3)`` at increasing ``t_tdb_s (N,)``, relative to
        ``segment.center``, ICRF axes.
    originator : str, default "SOJOURN"
        The ``ORIGINATOR`` header value.

    Returns
    -------
    str
        The message; data lines ``epoch x y z vx vy vz`` in km and km/s.

    Raises
    ------
    InputError
        Empty, mis-shaped, non-finite or non-increasing states (the message names the fix).
    """
    t, r, v = _checked(segment)
    epochs = _epochs(segment, t)
    created = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S")
    obj = segment.name.replace("\n", " ").strip() or "SPACECRAFT"
    comments = []
    if oem_frame(segment) == "EME2000":
        comments.append(f"COMMENT {EME2000_COMMENT}")
    if oem_object_id(segment).startswith(_PLACEHOLDER):
        comments.append("COMMENT OBJECT_ID is a placeholder, not an international designator")
    lines = [
        f"CCSDS_OEM_VERS = {OEM_VERSION}",
        f"CREATION_DATE = {created}",
        f"ORIGINATOR = {originator}",
        "",
        "META_START",
        # Comments open the metadata block (CCSDS 502.0-B, OEM KVN), where GMAT's parser takes
        # them ("directly after META_START"); its data loop parses every line as an epoch.
        "COMMENT Generated by sojourn; km and km/s; patched-conic/SGP4 model states",
        *comments,
        f"OBJECT_NAME = {obj}",
        f"OBJECT_ID = {oem_object_id(segment)}",
        f"CENTER_NAME = {segment.center.upper()}",
        f"REF_FRAME = {oem_frame(segment)}",
        f"TIME_SYSTEM = {oem_time_system(segment)}",
        f"START_TIME = {epochs[0]}",
        f"STOP_TIME = {epochs[-1]}",
    ]
    if t.size > 1:
        lines += [
            "INTERPOLATION = LAGRANGE",
            f"INTERPOLATION_DEGREE = {min(INTERPOLATION_DEGREE, t.size - 1)}",
        ]
    lines += ["META_STOP", ""]
    for e, (x, y, z), (vx, vy, vz) in zip(epochs, r.tolist(), v.tolist(), strict=True):
        lines.append(f"{e} {x:.6f} {y:.6f} {z:.6f} {vx:.9f} {vy:.9f} {vz:.9f}")
    return "\n".join(lines) + "\n"


def oem_files(plan) -> list[tuple[str, str]]:
    """``(file name, OEM text)`` for each trajectory segment of ``plan``, in the plan's order.

    File names are the slugified segment names with ``.oem`` (``-2``, ``-3``... appended when
    two names slugify alike). Every segment is checked before any text is returned.
    """
    used: set[str] = set()
    texts = [oem_text(seg) for seg in plan.trajectories]
    out = []
    for seg, text in zip(plan.trajectories, texts, strict=True):
        base = slugify(seg.name)
        stem, k = base, 2
        while stem in used:
            stem, k = f"{base}-{k}", k + 1
        used.add(stem)
        out.append((f"{stem}.oem", text))
    return out


def write_oem(plan, out_dir) -> list[Path]:
    """Write one OEM per trajectory segment of ``plan`` into ``out_dir``, all or none.

    Names as :func:`oem_files`. Returns the paths written, in the plan's order; a plan with
    no trajectories writes nothing and returns ``[]``.
    """
    files = oem_files(plan)  # all validated before any is written
    return write_texts(out_dir, files) if files else []

"""CZML of a plan's trajectories, for viewing in Cesium (written with ``czml3``).

The document holds a preamble packet (``id="document"``, the plan's title, a clock over the
whole mission: its interval, ``range = "LOOP_STOP"``, ``step = "SYSTEM_CLOCK_MULTIPLIER"``
and a multiplier that plays the mission in about two minutes), one packet per arc: sampled
``position.cartesian`` in metres with ``referenceFrame = "INERTIAL"``, ``availability`` over
the samples, a ``path``, a ``point`` and a ``label`` with the arc's name; and, for a
station plan, one fixed packet per site on the ground (``site/<kind>``: the launch site and
the landing point, ``zone/<id>``: the landing zones) from the plan's ground map, and the
station's own path from insertion to docking (``station/<name>``, sampled like an arc, from
``plan.station_path``); for an interplanetary plan, one fixed packet per comms ground
station (``groundstation/<id>``, WGS 84 latitude, longitude and height, from
``plan.ground_stations``).

Frames and what is shown
------------------------
Cesium's ``INERTIAL`` frame is ICRF axes at the Earth's centre; Cesium has no heliocentric
frame. So:

* Earth-centred segments (GCRS states, ICRF axes) are written as they are, km -> m.
* Segments about another centre (Sun, Mars) are shown whole, with the Earth-centred
  positions the planner carries (``segment.r_earth_km``, DE440,
  :func:`sojourn.mission.views.with_views`; an arc without them is left out), so a Mars
  plan shows the whole cruise, out and back. The samples at either end of such an arc that
  lie inside the Earth's sphere of influence (:data:`EARTH_SOI_KM`, Laplace radius
  ``a (m/M)^(2/5)``) are dropped: a patched-conic arc starts at the Earth's centre (no
  Earth gravity), which is not where the crew is; the departure hyperbola is not modelled.

Time
----
Each packet's ``position.epoch`` is the first sample in UTC (ISO 8601, ``Z``); each sample
is tagged with seconds since that epoch counted in TT (= TAI) seconds, which is how Cesium's
``JulianDate`` adds seconds, so samples stay right across a leap second.
"""

from __future__ import annotations

import numpy as np

from sojourn.core.constants import SOI_EARTH_KM
from sojourn.core.time import utc_iso
from sojourn.io.atomic import write_text
from sojourn.io.oem import slugify

__all__ = ["czml_document", "write_czml", "czml_packets", "clock_multiplier", "EARTH_SOI_KM"]

#: Seconds a whole mission takes to play at the document clock's multiplier.
PLAYBACK_S = 120.0

#: Earth's sphere of influence, km (:data:`sojourn.core.constants.SOI_EARTH_KM`).
EARTH_SOI_KM = SOI_EARTH_KM

#: The station's own path (the rendezvous target): grey, apart from the crew's arcs.
_STATION_RGBA = [200, 200, 200, 255]

_COLORS = (
    (66, 135, 245, 255),
    (245, 130, 48, 255),
    (60, 180, 75, 255),
    (230, 25, 75, 255),
    (145, 30, 180, 255),
    (70, 240, 240, 255),
)


def _utc(t_tdb_s: float) -> str:
    return str(utc_iso(float(t_tdb_s), precision=6, suffix="Z"))


def czml_packets(plan) -> list[tuple[str, str, np.ndarray, np.ndarray]]:
    """The arcs the document shows: ``(id, name, t_tdb_s (N,), r_km (N, 3))``, Earth-centred.

    Arcs about another centre are whole, less their end samples inside the Earth's sphere
    of influence (see the module notes).

    ``r_km`` is ICRF axes at the Earth's centre (see the module notes for what is kept).
    """
    out = []
    used: set[str] = set()
    for seg in plan.trajectories:
        t = np.asarray(seg.t_tdb_s, dtype=np.float64).reshape(-1)
        r = np.asarray(seg.r_km, dtype=np.float64).reshape(-1, 3)
        if t.size < 2:
            continue
        base = slugify(seg.name)
        ident, k = base, 2
        while ident in used:
            ident, k = f"{base}-{k}", k + 1
        used.add(ident)
        if seg.center.lower() == "earth":
            out.append((ident, seg.name, t, r))
            continue
        r_geo = seg.positions_about("earth")
        if r_geo is None:
            continue  # the planner did not re-centre it (outside DE440)
        far = np.flatnonzero(np.linalg.norm(r_geo, axis=1) > EARTH_SOI_KM)
        if far.size < 2:
            continue  # never leaves the Earth's sphere: nothing a patched conic can show
        a, b = int(far[0]), int(far[-1]) + 1  # inner samples inside the sphere stay (a flyby)
        out.append((ident, seg.name, t[a:b], r_geo[a:b]))
    return out


def czml_document(plan) -> str:
    """CZML (JSON text) of the plan's whole mission; see the module notes.

    Parameters
    ----------
    plan : sojourn.mission.model.Plan

    Returns
    -------
    str
        A JSON array: the ``document`` packet, then one packet per shown arc. A plan with no
        arc to show gives the document packet alone (its clock spans the plan).
    """
    from czml3 import Document, Packet
    from czml3.properties import Clock
    from czml3.types import TimeInterval

    arcs = czml_packets(plan)
    t0, t1 = plan.start_tdb_s, plan.end_tdb_s
    if arcs:  # the whole mission: its phases and every arc
        t0 = min(t0, min(float(a[2][0]) for a in arcs))
        t1 = max(t1, max(float(a[2][-1]) for a in arcs))
    packets = [
        Packet(
            id="document",
            name=plan.title or plan.mission,
            version="1.0",
            clock=Clock(
                interval=TimeInterval(start=_utc(t0), end=_utc(t1)),
                currentTime=_utc(t0),
                multiplier=clock_multiplier(t1 - t0),
                range="LOOP_STOP",
                step="SYSTEM_CLOCK_MULTIPLIER",
            ),
        )
    ]
    for i, (ident, name, t, r) in enumerate(arcs):
        packets.append(_arc_packet(ident, name, t, r, list(_COLORS[i % len(_COLORS)])))
    sp = getattr(plan, "station_path", None)
    if sp is not None and np.asarray(sp.t_tdb_s).size >= 2:
        t = np.asarray(sp.t_tdb_s, dtype=np.float64).reshape(-1)
        r = np.asarray(sp.r_km, dtype=np.float64).reshape(-1, 3)
        packets.append(_arc_packet(f"station/{slugify(sp.name)}", sp.name, t, r, _STATION_RGBA))
    packets += _ground_packets(plan)
    packets += _station_packets(plan)
    return Document(packets=packets).dumps()


def _arc_packet(ident: str, name: str, t: np.ndarray, r: np.ndarray, rgba: list[int]):
    """A sampled, Earth-centred inertial packet (GCRS = ICRF axes, km -> m) with its path."""
    from czml3 import Packet
    from czml3.properties import (
        Color,
        Label,
        Path,
        Point,
        PolylineMaterial,
        Position,
        SolidColorMaterial,
    )
    from czml3.types import TimeInterval

    from sojourn.core.time import tdb_to_tt

    tt = np.asarray(tdb_to_tt(t), dtype=np.float64)
    offsets = tt - tt[0]  # TT seconds = TAI seconds: what Cesium's JulianDate adds
    samples = np.column_stack([offsets, r * 1000.0]).ravel().tolist()
    return Packet(
        id=ident,
        name=name,
        availability=TimeInterval(start=_utc(t[0]), end=_utc(t[-1])),
        position=Position(
            referenceFrame="INERTIAL",
            epoch=_utc(t[0]),
            cartesian=samples,
            interpolationAlgorithm="LAGRANGE",
            interpolationDegree=int(min(5, t.size - 1)),
        ),
        path=Path(
            width=2.0,
            material=PolylineMaterial(solidColor=SolidColorMaterial(color=Color(rgba=rgba))),
        ),
        point=Point(pixelSize=8.0, color=Color(rgba=rgba)),
        label=Label(text=name, font="12pt sans-serif", show=True),
    )


def _station_packets(plan) -> list:
    """Fixed packets for the plan's comms ground stations (WGS 84 geodetic, height in m)."""
    from czml3 import Packet
    from czml3.properties import Color, Label, Point, Position

    out = []
    for st in getattr(plan, "ground_stations", ()):
        out.append(
            Packet(
                id=f"groundstation/{st.id}",
                name=st.name,
                description=f"{st.network} ground station",
                position=Position(cartographicDegrees=[st.lon_deg, st.lat_deg, st.h_km * 1000.0]),
                point=Point(pixelSize=9.0, color=Color(rgba=[255, 215, 0, 255])),
                label=Label(text=st.name, font="10pt sans-serif", show=True),
            )
        )
    return out


def clock_multiplier(span_s: float) -> float:
    """Seconds of mission per second of viewing: the whole span in about
    :data:`PLAYBACK_S` seconds, never slower than real time x 10."""
    return float(max(10.0, round(span_s / PLAYBACK_S)))


def _ground_packets(plan) -> list:
    """Fixed packets for the ground map's sites and landing zones (WGS 84, on the ground)."""
    from czml3 import Packet
    from czml3.properties import Color, Label, Point, Position

    gm = getattr(plan, "ground_map", None)
    if gm is None:
        return []
    out = []
    for mk in gm.marks:
        if mk.kind not in ("site", "landing"):
            continue  # the in-flight points ride on the arcs
        out.append(
            Packet(
                id=f"site/{mk.kind}",
                name=mk.label,
                position=Position(cartographicDegrees=[mk.lon_deg, mk.lat_deg, 0.0]),
                point=Point(pixelSize=10.0, color=Color(rgba=[255, 255, 255, 255])),
                label=Label(text=mk.label, font="11pt sans-serif", show=True),
            )
        )
    for z in gm.zones:
        out.append(
            Packet(
                id=f"zone/{z.id}",
                name=z.name,
                position=Position(cartographicDegrees=[z.lon_deg, z.lat_deg, 0.0]),
                point=Point(pixelSize=8.0, color=Color(rgba=[46, 160, 67, 255])),
                label=Label(text=z.name, font="10pt sans-serif", show=z.used),
            )
        )
    return out


def write_czml(plan, path) -> None:
    """Write :func:`czml_document` of ``plan`` to ``path`` (``.czml``), atomically."""
    write_text(path, czml_document(plan))

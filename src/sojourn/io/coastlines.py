"""The world's coastlines for the offline ground-track map (Natural Earth 1:110m, shipped).

``data/land-110m.json`` is TopoJSON (see ``data/README.md`` for its source and licence): a
list of *arcs*, each a run of quantized, delta-encoded points, with one affine transform to
degrees. The land outline is exactly the set of arcs, so drawing the coastlines is decoding
every arc: ``x_k = x_{k-1} + dx_k`` (TopoJSON specification, section 2.1.3 "Quantized
Positions"), then ``lon = x * scale_x + translate_x`` and likewise for latitude.
No physics, no network: a file read once per process.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

import numpy as np

__all__ = ["coastlines", "coastline_polyline"]


@lru_cache(maxsize=1)
def coastlines() -> tuple[tuple[np.ndarray, np.ndarray], ...]:
    """Each coastline arc as ``(lon_deg (K,), lat_deg (K,))``, longitudes in [-180, 180]."""
    text = resources.files("sojourn.io").joinpath("data/land-110m.json").read_text("utf-8")
    topo = json.loads(text)
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    out = []
    for arc in topo["arcs"]:
        q = np.cumsum(np.asarray(arc, dtype=np.float64), axis=0)
        out.append((q[:, 0] * sx + tx, q[:, 1] * sy + ty))
    return tuple(out)


def coastline_polyline() -> tuple[list, list]:
    """All arcs as one ``(lon, lat)`` pair of lists with ``None`` between arcs (and where an
    arc crosses the antimeridian), ready for one plotly line trace."""
    xs: list = []
    ys: list = []
    for lon, lat in coastlines():
        cut = np.flatnonzero(np.abs(np.diff(lon)) > 180.0) + 1
        for a, b in zip(np.r_[0, cut], np.r_[cut, lon.size], strict=True):
            xs += [*np.round(lon[a:b], 3).tolist(), None]
            ys += [*np.round(lat[a:b], 3).tolist(), None]
    return xs, ys

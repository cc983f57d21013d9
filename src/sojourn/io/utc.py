"""UTC text for arrays of epochs: the one list formatter of ``sojourn.io``.

A thin wrapper of :func:`sojourn.core.time.utc_iso` (the formatter) that always returns a
list of ``str``, as plotly and the page templates want.
"""

from __future__ import annotations

import numpy as np

from sojourn.core.time import utc_iso

__all__ = ["utc_list"]


def utc_list(t_tdb_s, sep: str = "T", precision: int = 0, suffix: str = "") -> list[str]:
    """ISO 8601 UTC text of each epoch (TDB s past J2000, any shape, flattened)."""
    t = np.asarray(t_tdb_s, dtype=np.float64).reshape(-1)
    return [str(s) for s in np.atleast_1d(utc_iso(t, precision=precision, sep=sep, suffix=suffix))]

"""Two-body propagation: the universal-variable Kepler solver of :mod:`sojourn.core.kepler`.

:func:`propagate_twobody` is :func:`sojourn.core.kepler.propagate` (batched over leading axes,
NaN rows for what does not converge); :func:`kepler_uv` is its scalar kernel for other Numba
kernels. They live in ``kepler`` and are re-exported here so that every propagator has one
home.
"""

from __future__ import annotations

from sojourn.core.kepler import kepler_uv
from sojourn.core.kepler import propagate as propagate_twobody

__all__ = ["kepler_uv", "propagate_twobody"]

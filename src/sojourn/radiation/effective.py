"""Effective dose from the dose equivalent the GCR model gives: the relation and what it rests on.

The GCR model (:mod:`sojourn.radiation.gcr`) gives a point (blood-forming-organ) dose
equivalent H, with ICRP 60 Q(L). Career limits are set on **effective dose** E (NASEM 2021,
Table 3-1; NASA-STD-3001 Rev. B), a tissue-weighted sum of organ dose equivalents. The two
differ by the body's self-shielding and the organ mix; the published organ-dose computations
that would give E/H for GCR behind a given aluminium areal density (Cucinotta et al. 2013,
NASA/TP-2013-217375; ICRP Publication 123, 2013; Sato et al. 2011 with PHITS) were found in
this work only as abstracts, without their tables, so **no published E/H ratio is stored**.

Until one is, :func:`effective_from_dose_equivalent` takes E equal to H (ratio 1.0), the
assumption the earlier model made silently, and says so: ``EFFECTIVE_MODEL`` and
:data:`QUALITY_FACTOR_SYSTEM` name it in every output that uses it. Sato et al. (2011, JAEA,
"Dose estimation for astronauts using dose conversion coefficients calculated with the PHITS
code and the ICRP/ICRU adult reference computational phantoms") report that ICRP 103 effective
doses exceed the Q-based effective dose equivalents for astronauts, so the system matters: the
ratio table below is keyed by it, and a published ratio goes in as one row.
"""

from __future__ import annotations

import numpy as np

from sojourn.errors import InputError

__all__ = [
    "EFFECTIVE_MODEL",
    "EFFECTIVE_TO_H_RATIO",
    "QUALITY_FACTOR_SYSTEM",
    "effective_from_dose_equivalent",
]

#: The quality-factor system behind the dose equivalent, and how effective dose is had from it.
QUALITY_FACTOR_SYSTEM = (
    "dose equivalent with ICRP 60 Q(L) at the blood-forming organs (point dose behind the "
    "shielding); effective dose taken equal to it (E/H = 1: no published organ-weighted "
    "E/H ratio for GCR stored, see sojourn.radiation.effective)"
)
EFFECTIVE_MODEL = "E = H x 1.0 (assumed; no published E/H ratio stored)"

#: E/H by environment: (ratio, basis). Every row is the stated assumption until a published
#: organ-dose computation replaces it (issue 12, item 2).
EFFECTIVE_TO_H_RATIO: dict[str, tuple[float, str]] = {
    env: (1.0, "assumed: no published E/H for GCR stored")
    for env in ("cruise", "mars_orbit", "mars_surface", "leo")
}
#: Areal densities the relation is stated for, g/cm2 (the GCR model's own range, Mars column
#: included).
_SHIELD_RANGE_G_CM2 = (0.0, 1000.0)


def effective_from_dose_equivalent(h_msv, environment: str = "cruise", shielding_g_cm2=None):
    """Effective dose, mSv, from a BFO/point dose equivalent ``h_msv`` (scalar or array).

    Parameters
    ----------
    h_msv : float or array
        Dose equivalent, mSv (>= 0, finite).
    environment : {"cruise", "mars_orbit", "mars_surface", "leo"}
        Where it was received (the E/H relation is per environment).
    shielding_g_cm2 : float or array, optional
        Aluminium areal density, g/cm2 (0-1000; broadcast against ``h_msv``).

    Returns
    -------
    float or ndarray
        E, mSv, the shape of ``h_msv`` broadcast with ``shielding_g_cm2``. The relation used
        is :data:`EFFECTIVE_MODEL` (E = H, stated, until a published ratio is stored).
    """
    if environment not in EFFECTIVE_TO_H_RATIO:
        raise InputError(
            f"'environment' must be one of {', '.join(EFFECTIVE_TO_H_RATIO)}, got {environment!r}"
        )
    try:
        h = np.asarray(h_msv, dtype=np.float64)
    except (TypeError, ValueError):
        raise InputError(f"'h_msv' must be a dose in mSv (>= 0), got {h_msv!r}") from None
    if not np.all(np.isfinite(h) & (h >= 0)):
        raise InputError(f"'h_msv' must be finite and >= 0 mSv, got {h_msv!r}")
    ratio = EFFECTIVE_TO_H_RATIO[environment][0]
    if shielding_g_cm2 is not None:
        try:
            s = np.asarray(shielding_g_cm2, dtype=np.float64)
        except (TypeError, ValueError):
            raise InputError(
                f"'shielding_g_cm2' must be an areal density in g/cm2, got {shielding_g_cm2!r}"
            ) from None
        lo, hi = _SHIELD_RANGE_G_CM2
        if not np.all(np.isfinite(s) & (s >= lo) & (s <= hi)):
            raise InputError(
                f"'shielding_g_cm2' must be {lo:g}-{hi:g} g/cm2, got {shielding_g_cm2!r}"
            )
        h, _ = np.broadcast_arrays(h, s)
    e = h * ratio
    return float(e) if e.ndim == 0 else e

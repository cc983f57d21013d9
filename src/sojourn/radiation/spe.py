"""Solar particle events: a design event's dose behind a shield, by physics.

The August 1972 event's proton fluence spectrum as King (1974) fitted it (J. Spacecraft
Rockets 11:401), integral fluence ``F(>E) = 7.9e9 exp((30 - E) / 26.5)`` protons/cm2, E in MeV,
is carried through a slab of aluminium (or polyethylene) and then through tissue (water) by
the continuous-slowing-down approximation: the Bethe stopping power (PDG, "Passage of
particles through matter", eq. 34.5, without shell and density corrections) gives each
proton's residual energy, and the dose is the omnidirectional fluence times the stopping
power of water at the point (``D = sum F(E) S(E'')``). A spherical shell around a point: every
direction crosses the same areal density. Nuclear attenuation and secondaries are NOT modelled
(they lower the dose behind thick shields by some tens of percent: the result is
conservative there). Dose equivalent uses ICRP 60's Q(L) with L the unrestricted LET in water.
BFO: 5 g/cm2 of tissue beyond the shield; skin: 0.

No published event-statistics model (Xapsos ESP, Kim et al.) is shipped: the probability of
meeting such an event during a mission is not computed (``None``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from sojourn.errors import InputError

__all__ = [
    "DESIGN_EVENTS",
    "SpeDose",
    "csda_range_g_cm2",
    "design_event_dose",
    "stopping_power_mev_cm2_g",
]

_K = 0.307075  # MeV cm2/mol (PDG)
_ME = 0.51099895  # MeV
_MP = 938.27208816  # MeV
#: (Z/A, mean excitation energy I in eV); water and aluminium: ICRU 49 values (PSTAR uses
#: them); polyethylene (CH2)n: Z/A = 0.57034, I = 57.4 eV (ICRU 37).
MATERIALS = {
    "water": (0.55509, 75.0),
    "aluminium": (0.48181, 166.0),
    "polyethylene": (0.57034, 57.4),
}
DESIGN_EVENTS = {
    "aug1972": {
        "name": "August 1972 (King 1974 fit)",
        "f0_cm2": 7.9e9,
        "e0_mev": 26.5,
        "e_ref_mev": 30.0,
        "source": "King JH (1974) J Spacecraft Rockets 11:401, F(>E)=7.9e9 exp((30-E)/26.5)",
    },
}
BFO_DEPTH_G_CM2 = 5.0


def stopping_power_mev_cm2_g(e_mev, material: str = "water") -> np.ndarray:
    """Bethe mass stopping power of protons, MeV cm2/g (no shell or density correction)."""
    za, i_ev = MATERIALS[material]
    e = np.asarray(e_mev, dtype=np.float64)
    gamma = 1.0 + e / _MP
    b2 = 1.0 - 1.0 / gamma**2
    bg2 = b2 * gamma**2
    tmax = 2 * _ME * bg2 / (1 + 2 * gamma * _ME / _MP + (_ME / _MP) ** 2)
    i = i_ev * 1e-6
    return _K * za / b2 * (0.5 * np.log(2 * _ME * bg2 * tmax / i**2) - b2)


@lru_cache(maxsize=8)
def _range_table(material: str):
    e = np.geomspace(0.5, 5000.0, 4000)
    s = stopping_power_mev_cm2_g(e, material)
    # Below 0.5 MeV the range is a few mg/cm2: counted as the 0.5 MeV range of a constant S.
    steps = np.diff(e) * 0.5 * (1 / s[1:] + 1 / s[:-1])
    r = np.concatenate([[0.5 / s[0]], 0.5 / s[0] + np.cumsum(steps)])
    return e, r


def csda_range_g_cm2(e_mev, material: str = "water") -> np.ndarray:
    """CSDA range of protons, g/cm2 (Bethe, integrated from 0.5 MeV)."""
    e, r = _range_table(material)
    x = np.maximum(np.asarray(e_mev, dtype=np.float64), e[0])
    return np.interp(np.log(x), np.log(e), r)


def _incident_mev(e_out_mev, depth_g_cm2, material):
    """Energy a proton had before crossing ``depth_g_cm2`` if it leaves with ``e_out_mev``."""
    e, r = _range_table(material)
    need = csda_range_g_cm2(e_out_mev, material) + depth_g_cm2
    return np.exp(np.interp(need, r, np.log(e)))


def _q_icrp60(let_kev_um):
    lt = np.maximum(np.asarray(let_kev_um, dtype=np.float64), 1e-9)
    return np.where(lt < 10, 1.0, np.where(lt <= 100, 0.32 * lt - 2.2, 300 / np.sqrt(lt)))


@dataclass(frozen=True)
class SpeDose:
    """A design event's dose behind a shield, per crew member (whole event)."""

    event: str
    shielding_g_cm2: float
    material: str
    skin_dose_mgy: float
    bfo_dose_mgy: float
    bfo_dose_equivalent_msv: float
    source: str
    exceedance_probability: float | None = None

    def to_dict(self) -> dict:
        return {
            "event": self.event,
            "shielding_g_cm2": self.shielding_g_cm2,
            "material": self.material,
            "skin_dose_mgy": self.skin_dose_mgy,
            "bfo_dose_mgy": self.bfo_dose_mgy,
            "bfo_dose_equivalent_msv": self.bfo_dose_equivalent_msv,
            "exceedance_probability": self.exceedance_probability,
            "model": "CSDA Bethe transport of the event's proton spectrum; no nuclear losses "
            "(conservative behind thick shields); ICRP 60 Q(L)",
            "source": self.source,
        }


def design_event_dose(
    shielding_g_cm2: float, material: str = "aluminium", event: str = "aug1972"
) -> SpeDose:
    """Dose of a design solar particle event behind ``shielding_g_cm2`` of a material."""
    if event not in DESIGN_EVENTS:
        raise InputError(f"unknown design event {event!r}; known: {', '.join(DESIGN_EVENTS)}")
    if material not in ("aluminium", "polyethylene"):
        raise InputError(f"'material' must be aluminium or polyethylene, got {material!r}")
    d = float(shielding_g_cm2)
    if not (np.isfinite(d) and 0.5 <= d <= 100.0):
        # Below 0.5 g/cm2 the protons under the fit's 10 MeV would reach the point too.
        raise InputError(
            f"'shielding_g_cm2' for a solar particle event must be 0.5-100 g/cm2 (the fit "
            f"starts at 10 MeV, whose range is 0.17 g/cm2 of aluminium), got {shielding_g_cm2}"
        )
    ev = DESIGN_EVENTS[event]
    out = {}
    for name, t in (("skin", 0.0), ("bfo", BFO_DEPTH_G_CM2)):
        # Integrate over the residual energy E2 at the point (smooth integrand): with E1 the
        # energy leaving the shield and E0 the incident one (CSDA: R(E0) = R(E1) + d), the dose
        # sum_E0 F(E0) S_w(E2) dE0 becomes sum_E2 F(E0) S_sh(E0) S_w(E1) / S_sh(E1) dE2.
        e2 = np.geomspace(0.5, 2000.0, 3000)  # below 0.5 MeV: a few mg/cm2 left, ignored
        e1 = _incident_mev(e2, t, "water") if t > 0 else e2
        e0 = _incident_mev(e1, d, material)
        f = ev["f0_cm2"] / ev["e0_mev"] * np.exp((ev["e_ref_mev"] - e0) / ev["e0_mev"])
        f = np.where(e0 >= 10.0, f, 0.0)  # the fit starts at 10 MeV
        ratio_sh = stopping_power_mev_cm2_g(e0, material) / stopping_power_mev_cm2_g(e1, material)
        g = f * ratio_sh * stopping_power_mev_cm2_g(e1, "water")
        s2 = stopping_power_mev_cm2_g(e2, "water")
        q = _q_icrp60(s2 * 0.1)  # MeV cm2/g x 1 g/cm3 = 0.1 keV/um
        mev_g_to_mgy = 1.602176634e-10 * 1000.0
        out[name] = mev_g_to_mgy * np.trapezoid(g, e2)
        out[name + "_h"] = mev_g_to_mgy * np.trapezoid(g * q, e2)
    return SpeDose(
        event=ev["name"],
        shielding_g_cm2=d,
        material=material,
        skin_dose_mgy=float(out["skin"]),
        bfo_dose_mgy=float(out["bfo"]),
        bfo_dose_equivalent_msv=float(out["bfo_h"]),
        source=ev["source"],
    )

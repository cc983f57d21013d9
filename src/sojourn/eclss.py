"""Life support from the current NASA baseline: consumables, an ECLSS mass balance, resupply.

Three things, each with its source:

1. **Consumables per crew member-day (CM-d)**, line by line, from the current NASA Life Support
   Baseline Values and Assumptions Document (BVAD): Anderson, Ewert and Keener (eds.),
   NASA/TP-2015-218570/REV2, NASA Johnson Space Center, February 2022 (NTRS 20210024855).
   Table 3-31 (p. 58) is the nominal 82 kg crew member (RQ 0.860, daily exercise included);
   Table 4-20 the water uses; Table 3-26 the CO2 output asleep and awake; the exercise rate is
   the Human Integration Design Handbook's (HIDH 2014, as quoted in NASA OCHMO-TB-004 Rev B).
   Food as carried includes its packaging: about 15 % of a 1.82 kg/CM-d packaged food system
   (Cooper et al., NASA JSC, NTRS 20090006804); BVAD REV2's own packaged-food table was not in
   the stored sources, so that figure stands in for it (and matches solids + food water +
   packaging to 1 %, a test).
2. **An ECLSS mass balance** per CM-d: oxygen made by electrolysis of water
   (2 H2O -> 2 H2 + O2), CO2 reduced by Sabatier (CO2 + 4 H2 -> CH4 + 2 H2O; the methane
   vented, optionally part of its hydrogen recovered, as methane pyrolysis would), urine
   distilled (UPA) with its brine processed (BPA), condensate and hygiene water processed
   (WPA). Stoichiometry is exact; each recovery fraction is a published figure or a stated
   calibration. Presets: ``open-loop``, ``iss`` (UPA 87 %, WPA 100 %, BPA calibrated so the
   whole loop reaches NASA's 98 % of 2023) and ``mars-transit`` (NASA's exploration targets:
   98 % water, 75 % oxygen recovered from CO2). Losses: cabin air lost to leaks (the ISS's
   measured 0.227 kg/day of 2011; its N2 carried, its O2 made again), the airlock's vented
   gas per EVA, and EVAs (suit O2 by Weir's equation from the EMU's design metabolic rate,
   carried as gas; sublimator feedwater from the enthalpy of sublimation; drinking water).
   Water recovered beyond the need is reported as a surplus. Spares and margins are listed
   and settable; no published ISS spares rate was found in the stored sources, so presets
   carry none and their ``spares`` line says so.
3. **Resupply checkpoints**: the stock of consumables day by day against deliveries
   (published Progress MS, Cygnus and Dragon cargo manifests), the day it runs out.

The mass balance is first order: steady state, daily means, no storage dynamics or failures.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from sojourn.core.defaults import (
    FOOD_KG_PER_CREW_DAY,
    FOOD_PACKAGING_KG_PER_CREW_DAY,
    O2_KG_PER_CREW_DAY,
)
from sojourn.errors import InputError

__all__ = [
    "ACTIVITY_O2_KG_PER_MIN",
    "AIR_O2_MASS_FRACTION",
    "BVAD",
    "EVA_METABOLIC_W",
    "CARGO_VEHICLES",
    "PRESETS",
    "Eclss",
    "EclssBalance",
    "Line",
    "Resupply",
    "ResupplyCheck",
    "balance",
    "eclss_preset",
    "suit_o2_kg_per_hour",
    "suit_water_kg_per_hour",
    "resupply_check",
]

_REV2 = "BVAD REV2 (NASA/TP-2015-218570/REV2, 2022)"

# Molar masses, g/mol (IUPAC standard atomic weights: H 1.008, C 12.011, O 15.999).
M_H2 = 2.016
M_O2 = 31.998
M_H2O = 18.015
M_CO2 = 44.009
M_CH4 = 16.043


@dataclass(frozen=True)
class Line:
    """One line of the baseline: ``kg`` per crew member-day (or per EVA hour) and its source."""

    key: str
    kg: float
    source: str
    per: str = "CM-d"

    def to_dict(self) -> dict:
        return {"key": self.key, "kg": self.kg, "per": self.per, "source": self.source}


#: The baseline, line by line (kg/CM-d unless ``per`` says otherwise).
BVAD: dict[str, Line] = {
    line.key: line
    for line in (
        Line("o2_consumed", O2_KG_PER_CREW_DAY, f"{_REV2} Table 3-31, oxygen consumed"),
        Line("co2_produced", 1.085, f"{_REV2} Table 3-31, carbon dioxide load"),
        Line("food_solids", 0.800, f"{_REV2} Table 3-31, food solids (without packaging)"),
        Line("food_water", 0.760, f"{_REV2} Table 3-31, water in food prior to rehydration"),
        Line(
            "food_packaging",
            FOOD_PACKAGING_KG_PER_CREW_DAY,
            "15 % of the 1.82 kg/CM-d packaged food system (Cooper et al., NASA JSC, "
            "'Food Mass Reduction Trade Study', NTRS 20090006804); BVAD REV2 table not stored",
        ),
        Line("drinking_water", 2.00, f"{_REV2} Table 4-20, drinking water"),
        Line("food_prep_water", 0.50, f"{_REV2} Table 4-20, food rehydration water"),
        Line(
            "exercise_water",
            0.717,
            f"{_REV2} Table 3-31 note: potable water 3.217 = 2.00 + 0.5 + 0.717 (exercise)",
        ),
        Line("hygiene_water", 0.40, f"{_REV2} Table 4-20, personal hygiene"),
        Line("flush_water", 0.50, f"{_REV2} Table 4-20, urinal flush"),
        Line("laundry_water", 1.10, f"{_REV2} Table 4-20, laundry (mature base; not on ISS)"),
        Line("metabolic_water", 0.490, f"{_REV2} Table 3-31, metabolic water (produced)"),
        Line("urine_water", 1.420, f"{_REV2} Table 3-31, urine water"),
        Line("urine_solids", 0.061, f"{_REV2} Table 3-31, urine solid waste"),
        Line("condensate", 2.946, f"{_REV2} Table 3-31, respiration and perspiration water"),
        Line("fecal_water", 0.101, f"{_REV2} Table 3-31, fecal water"),
        Line(
            "eva_water",
            0.240,
            "NASA-STD-3001 Vol. 2 Rev. B: an extra 240 mL of drinking water per EVA hour",
            per="EVA hour",
        ),
    )
}

#: Oxygen consumed by activity, kg/min, from CO2 output and respiratory quotient: O2 = CO2 /
#: RQ x M_O2 / M_CO2. Sleep 0.44 and awake 0.69 g CO2/min (BVAD REV2 Table 3-26, reference
#: crew member, RQ 0.86); exercise at 75 % VO2max 49.85e-4 kg CO2/min (HIDH 2014 via
#: OCHMO-TB-004 Rev B) at BVAD's aerobic RQ 0.95. EVA: no published EVA metabolic rate was in
#: the stored sources; the exercise rate is used as a conservative upper bound (a stated
#: assumption, settable through ``Eclss.eva_o2_kg_per_hour``).
ACTIVITY_O2_KG_PER_MIN: dict[str, float] = {
    "sleep": 0.44e-3 / 0.86 * M_O2 / M_CO2,
    "nominal": 0.69e-3 / 0.86 * M_O2 / M_CO2,
    "exercise": 49.85e-4 / 0.95 * M_O2 / M_CO2,
    "eva": 49.85e-4 / 0.95 * M_O2 / M_CO2,
}

# --- Losses: cabin leakage, EVA, airlock (issue 12) ---------------------------------------------
#: Dry air by volume, N2 0.7808 / O2 0.2095 / Ar 0.0093 (U.S. Standard Atmosphere 1976; recalled,
#: not checked): the O2 share of a leak's mass. Whatever leaks that is not O2 (N2, Ar) is
#: carried as gas; the O2 is made again by the electrolyser or carried, as the crew's is.
AIR_O2_MASS_FRACTION = 0.2095 * M_O2 / (0.7808 * 28.013 + 0.2095 * M_O2 + 0.0093 * 39.948)
#: Molar volume of an ideal gas at 0 degC and 1 atm, L/mol (R T / p = 8.314462618 x 273.15 /
#: 101.325 kPa): turns Weir's litres of O2 into kilograms.
_MOLAR_VOLUME_L = 8.314462618 * 273.15 / 101.325
#: EVA metabolic rate, W: the EMU's design average, "1000 Btu/hr for 7 hours" (NASA, ISS EVA
#: Suit Water Intrusion Mishap Investigation Report, 2013), 1 Btu(IT) = 1055.056 J.
EVA_METABOLIC_W = 1000.0 * 1055.05585262 / 3600.0
#: EMU design duration, hours per EVA ("Total duration of 7 hours maximum", same report).
EVA_HOURS_EACH = 7.0
#: Crew members per EVA: the ISS crew lock "simultaneously supports two spacesuits" (Boeing).
EVA_CREW = 2
#: Respiratory quotient during EVA: BVAD REV2's aerobic-exercise 0.95 (Table 3-31 note).
EVA_RQ = 0.95
#: Enthalpy of sublimation of ice at 273.15 K, 50.9 kJ/mol (tests/reference/eclss_logistics.toml).
SUBLIMATION_J_PER_KG = 50.9e3 / (M_H2O * 1e-3)
#: ISS crew lock: depressed by pump to 3 psi, the rest vented, from a 14.7 psi cabin (Boeing,
#: "Joint Airlock"): the share of the lock's gas lost per EVA.
AIRLOCK_VENT_FRACTION_ISS = 3.0 / 14.7
_CABIN_KPA = 14.7 * 6.894757293168
_CABIN_K = 295.15  # 22 degC, an assumed cabin temperature for the airlock gas density
_M_AIR = 0.7808 * 28.013 + 0.2095 * M_O2 + 0.0093 * 39.948
#: ISS cabin air loss, kg/day, whole station, first quarter of 2011 (NASA ICES 2011, NTRS
#: 20110012997, via its summary; 0.064 in 2004). Structural leaks and component losses (CDRA,
#: Vozdukh); EVAs, dockings and one-time events not included (Williams et al., SAE 2004-01-2597).
ISS_CABIN_LEAK_KG_PER_DAY = 0.227


def suit_o2_kg_per_hour(metabolic_w: float = EVA_METABOLIC_W, rq: float = EVA_RQ) -> float:
    """Oxygen a suited crew member consumes, kg/h, from the metabolic rate by Weir's equation.

    Energy per litre of O2 = 3.941 + 1.106 RQ kcal (Weir 1949; VCO2 = RQ VO2), the litre at
    0 degC and 1 atm. The EMU's design 1000 Btu/h at RQ 0.95 gives 0.073 kg/h.
    """
    kcal_per_l = 3.941 + 1.106 * rq
    litres_per_h = metabolic_w * 3600.0 / (kcal_per_l * 4184.0)
    return litres_per_h / _MOLAR_VOLUME_L * M_O2 * 1e-3


def suit_water_kg_per_hour(metabolic_w: float = EVA_METABOLIC_W) -> float:
    """Feedwater a suit's sublimator uses, kg/h, rejecting the whole metabolic heat by subliming
    ice (an upper bound: the suit also loses heat by radiation and gains it from the Sun and its
    electronics, which this first-order figure does not count). 1000 Btu/h: 0.37 kg/h."""
    return metabolic_w * 3600.0 / SUBLIMATION_J_PER_KG


def airlock_gas_kg(volume_m3: float, vent_fraction: float = AIRLOCK_VENT_FRACTION_ISS) -> float:
    """Cabin air lost per EVA, kg: the vented share of an airlock's air (ideal gas at 14.7 psi
    and 22 degC): m = f p V M / (R T)."""
    return vent_fraction * _CABIN_KPA * volume_m3 * _M_AIR / (8.314462618 * _CABIN_K)


ACTIVITY_O2_KG_PER_MIN["eva"] = suit_o2_kg_per_hour() / 60.0


@dataclass(frozen=True)
class Eclss:
    """An ECLSS: what each processor recovers, and what the crew's day asks of it.

    Fractions are in [0, 1]. ``o2_generation``: share of the oxygen made aboard by electrolysis
    (the rest carried as gas). ``sabatier_h2_use``: share of the electrolysis hydrogen reacted
    with CO2 (0 = no CO2 reduction). ``methane_h2_recovery``: share of the methane's hydrogen
    recovered and fed back (0 on ISS, which vents it). ``urine_recovery`` (UPA),
    ``brine_recovery`` (BPA, of the water left in the brine), ``condensate_recovery`` and
    ``hygiene_recovery`` (WPA). ``spares_kg_per_day``: ECLSS spares and filters per day of
    operation, whole system. ``margin``: fraction added to every consumable carried.
    """

    name: str
    o2_generation: float = 0.0
    sabatier_h2_use: float = 0.0
    methane_h2_recovery: float = 0.0
    urine_recovery: float = 0.0
    brine_recovery: float = 0.0
    condensate_recovery: float = 0.0
    hygiene_recovery: float = 0.0
    laundry: bool = False
    eva_hours_per_day: float = 0.0
    eva_o2_kg_per_hour: float = ACTIVITY_O2_KG_PER_MIN["eva"] * 60.0
    spares_kg_per_day: float = 0.0
    margin: float = 0.0
    source: str = ""
    #: Whole-vehicle losses (issue 12). Cabin atmosphere lost to leaks and component losses,
    #: kg/day; EVAs over a year (each ``eva_crew`` members for ``eva_hours_each`` hours at
    #: ``eva_metabolic_w``: suit O2, carried as high-pressure gas, sublimator feedwater and
    #: drinking water); the airlock's free volume, m3, and the share of its gas vented per EVA.
    cabin_leak_kg_per_day: float = 0.0
    evas_per_year: float = 0.0
    eva_hours_each: float = EVA_HOURS_EACH
    eva_crew: int = EVA_CREW
    eva_metabolic_w: float = EVA_METABOLIC_W
    airlock_volume_m3: float = 0.0
    airlock_vent_fraction: float = AIRLOCK_VENT_FRACTION_ISS

    def __post_init__(self):
        for name in (
            "o2_generation",
            "sabatier_h2_use",
            "methane_h2_recovery",
            "urine_recovery",
            "brine_recovery",
            "condensate_recovery",
            "hygiene_recovery",
            "airlock_vent_fraction",
        ):
            v = getattr(self, name)
            if not (isinstance(v, int | float) and np.isfinite(v) and 0.0 <= v <= 1.0):
                raise InputError(
                    f"ECLSS '{name}' must be a fraction in [0, 1] (0.87 = 87 %), got {v!r}"
                )
        for name in (
            "eva_hours_per_day",
            "eva_o2_kg_per_hour",
            "spares_kg_per_day",
            "margin",
            "cabin_leak_kg_per_day",
            "evas_per_year",
            "eva_hours_each",
            "eva_metabolic_w",
            "airlock_volume_m3",
        ):
            v = getattr(self, name)
            if isinstance(v, bool) or not (
                isinstance(v, int | float) and np.isfinite(v) and v >= 0.0
            ):
                raise InputError(f"ECLSS '{name}' must be a number >= 0, got {v!r}")
        for name, top, unit in (
            ("cabin_leak_kg_per_day", 1000.0, "kg/day (a leak that size empties a station)"),
            ("evas_per_year", 3650.0, "EVAs per year (ten a day)"),
            ("eva_hours_each", 24.0, "hours"),
            ("eva_metabolic_w", 2000.0, "W (a sprint is about 1500 W)"),
            ("airlock_volume_m3", 1000.0, "m3"),
        ):
            if getattr(self, name) > top:
                raise InputError(
                    f"ECLSS '{name}' must be at most {top:g} {unit}, got {getattr(self, name)}"
                )
        if (
            isinstance(self.eva_crew, bool)
            or not isinstance(self.eva_crew, int | np.integer)
            or not (1 <= self.eva_crew <= 10)
        ):
            raise InputError(
                f"ECLSS 'eva_crew' must be a whole number 1..10, got {self.eva_crew!r}"
            )
        if self.eva_hours_per_day > 24.0:
            raise InputError(
                f"ECLSS 'eva_hours_per_day' must be at most 24, got {self.eva_hours_per_day}"
            )
        if self.margin > 1.0:
            raise InputError(f"ECLSS 'margin' must be at most 1 (100 %), got {self.margin}")


#: NASA, "NASA Achieves Water Recovery Milestone on International Space Station" (20 June 2023).
_NASA_2023 = (
    "NASA 2023 water recovery milestone: 98 % with the Brine Processor Assembly "
    "(https://www.nasa.gov/mission_pages/station/research/news/water_recovery_milestone)"
)
#: L. Carter (NASA MSFC) on the UPA (85 % design, 87 % now) and WPA (100 %), phys.org 2021.
_CARTER_2021 = (
    "UPA 87 % (85 % design), WPA 100 %, overall about 93.5 % before the BPA: L. Carter, NASA "
    "MSFC, in 'New brine processor increases water recycling on ISS', phys.org, March 2021"
)
#: The BPA share is calibrated: the value that makes the whole ISS loop (UPA 87 %, WPA 100 %,
#: BVAD REV2 flows) recover 98 % of its wastewater, NASA's 2023 figure. Tested on the pre-BPA
#: figure (93.5 %), which it was not fitted to.
ISS_BPA_CALIBRATED = 0.5780

PRESETS: dict[str, Eclss] = {
    "open-loop": Eclss(
        "open-loop",
        source="everything carried: no oxygen generation, no CO2 reduction, no water recovery",
    ),
    "iss": Eclss(
        "iss",
        o2_generation=1.0,
        sabatier_h2_use=1.0,
        urine_recovery=0.87,
        brine_recovery=ISS_BPA_CALIBRATED,
        condensate_recovery=1.0,
        hygiene_recovery=1.0,
        cabin_leak_kg_per_day=ISS_CABIN_LEAK_KG_PER_DAY,
        source=(
            f"ISS US segment: {_CARTER_2021}; BPA fraction calibrated on {_NASA_2023}; "
            "OGA electrolysis of all O2 and Sabatier on all its H2 (stoichiometric upper bound; "
            "NASA 2010: the Sabatier 'can create up to 530 gallons of water per year'); "
            "cabin air loss 0.227 kg/day (ISS, 2011); "
            "spares not included (no published rate stored)"
        ),
    ),
    "mars-transit": Eclss(
        "mars-transit",
        o2_generation=1.0,
        sabatier_h2_use=1.0,
        # 2 u / (4 - 2 u p) = 0.75 with u = 1: p = 2/3 (methane H2 recovered, e.g. pyrolysis).
        methane_h2_recovery=2.0 / 3.0,
        urine_recovery=0.87,
        brine_recovery=ISS_BPA_CALIBRATED,
        condensate_recovery=1.0,
        hygiene_recovery=1.0,
        cabin_leak_kg_per_day=ISS_CABIN_LEAK_KG_PER_DAY,
        source=(
            "NASA exploration targets: 'close to 98%' water recovery (NASA 2023) and 'at least "
            "75 percent' oxygen recovery (NASA Space Technology oxygen-recovery selections, "
            "2013); ISS-class water processors, CO2 reduction with 2/3 of the methane's "
            "hydrogen recovered (the value that gives 75 %); cabin air loss taken as the ISS's "
            "0.227 kg/day of 2011 (no published transit-habitat rate was found); spares not "
            "included"
        ),
    ),
}


def eclss_preset(name: str, **overrides) -> Eclss:
    """A preset by name (``open-loop``, ``iss``, ``mars-transit``), with fields overridden."""
    key = str(name).strip().lower()
    if key not in PRESETS:
        raise InputError(
            f"unknown ECLSS preset {name!r}; known: {', '.join(PRESETS)} (or set recoveries)"
        )
    return replace(PRESETS[key], **overrides) if overrides else PRESETS[key]


@dataclass(frozen=True)
class EclssBalance:
    """One crew member-day through an ECLSS, kg/CM-d (spares: kg per day, whole system)."""

    system: Eclss
    o2_need_kg: float
    o2_generated_kg: float
    o2_carried_kg: float
    co2_produced_kg: float
    co2_reduced_kg: float
    methane_vented_kg: float
    hydrogen_vented_kg: float
    water_use_kg: float
    electrolysis_water_kg: float
    water_recovered_kg: dict[str, float]
    brine_water_lost_kg: float
    water_carried_kg: float
    food_carried_kg: float
    lines: tuple[Line, ...] = field(default=())
    #: Crew sharing the whole-vehicle losses; gas lost (leak + airlock), N2/Ar carried for it,
    #: suit O2 and EVA water (sublimator + drinking), water recovered beyond the need.
    crew: int = 1
    gas_lost_kg: float = 0.0
    n2_carried_kg: float = 0.0
    eva_o2_kg: float = 0.0
    eva_water_kg: float = 0.0
    water_surplus_kg: float = 0.0

    @property
    def water_recovery(self) -> float:
        """Fraction of the wastewater collected (urine, flush, condensate, hygiene) returned."""
        s = self.system
        collected = _wastewater(s)
        got = sum(v for k, v in self.water_recovered_kg.items() if k != "sabatier")
        return got / collected if collected > 0 else 0.0

    @property
    def o2_recovery(self) -> float:
        """Fraction of the oxygen need whose oxygen came back from CO2 (via Sabatier water)."""
        sab = self.water_recovered_kg.get("sabatier", 0.0)
        return sab * (M_O2 / (2 * M_H2O)) / self.o2_need_kg if self.o2_need_kg > 0 else 0.0

    @property
    def carried_kg(self) -> float:
        """O2 + N2 + water + food carried per CM-d, with the margin."""
        return (
            self.o2_carried_kg + self.n2_carried_kg + self.water_carried_kg + self.food_carried_kg
        )

    def to_dict(self) -> dict:
        s = self.system
        return {
            "preset": s.name,
            "model": "first-order steady-state ECLSS mass balance (daily means; stoichiometric "
            "electrolysis and Sabatier; fixed processor recoveries; leaks, airlock and EVA "
            "losses as daily means; EVA water an upper bound)",
            "source": s.source,
            "efficiencies": {
                "o2_generation": s.o2_generation,
                "sabatier_h2_use": s.sabatier_h2_use,
                "methane_h2_recovery": s.methane_h2_recovery,
                "urine_recovery": s.urine_recovery,
                "brine_recovery": s.brine_recovery,
                "condensate_recovery": s.condensate_recovery,
                "hygiene_recovery": s.hygiene_recovery,
            },
            "per_crew_member_day_kg": {
                "o2_need": self.o2_need_kg,
                "o2_generated": self.o2_generated_kg,
                "o2_carried": self.o2_carried_kg,
                "co2_produced": self.co2_produced_kg,
                "co2_reduced": self.co2_reduced_kg,
                "methane_vented": self.methane_vented_kg,
                "hydrogen_vented": self.hydrogen_vented_kg,
                "water_use": self.water_use_kg,
                "electrolysis_water": self.electrolysis_water_kg,
                "water_recovered": dict(self.water_recovered_kg),
                "brine_water_lost": self.brine_water_lost_kg,
                "water_carried": self.water_carried_kg,
                "food_carried": self.food_carried_kg,
                "gas_lost": self.gas_lost_kg,
                "n2_carried": self.n2_carried_kg,
                "eva_o2": self.eva_o2_kg,
                "eva_water": self.eva_water_kg,
                "water_surplus": self.water_surplus_kg,
            },
            "losses": {
                "crew": self.crew,
                "cabin_leak_kg_per_day": s.cabin_leak_kg_per_day,
                "evas_per_year": s.evas_per_year,
                "eva_hours_each": s.eva_hours_each,
                "eva_crew": s.eva_crew,
                "eva_metabolic_w": s.eva_metabolic_w,
                "airlock_volume_m3": s.airlock_volume_m3,
                "airlock_vent_fraction": s.airlock_vent_fraction,
                "air_o2_mass_fraction": AIR_O2_MASS_FRACTION,
            },
            "water_recovery": self.water_recovery,
            "o2_recovery": self.o2_recovery,
            "spares_kg_per_day": s.spares_kg_per_day,
            "margin": s.margin,
            "eva_hours_per_day": s.eva_hours_per_day,
            "laundry": s.laundry,
            "lines": [ln.to_dict() for ln in self.lines],
        }


def _wastewater(s: Eclss) -> float:
    b = BVAD
    hyg = b["hygiene_water"].kg + (b["laundry_water"].kg if s.laundry else 0.0)
    return b["urine_water"].kg + b["flush_water"].kg + b["condensate"].kg + hyg


def balance(
    system: Eclss | str = "open-loop",
    o2_kg: float = O2_KG_PER_CREW_DAY,
    food_kg: float = FOOD_KG_PER_CREW_DAY,
    food_packaging_kg: float = FOOD_PACKAGING_KG_PER_CREW_DAY,
    crew: int = 1,
) -> EclssBalance:
    """The mass balance of one crew member-day through ``system`` (a preset name or an Eclss).

    Water used: drinking, food rehydration, exercise, hygiene, flush (+ laundry, + EVA drinking
    water). Oxygen need: ``o2_kg`` plus EVA hours at the EVA rate above the nominal one, plus
    the O2 in the cabin atmosphere lost to leaks and airlock venting. The electrolyser makes
    ``o2_generation`` of that need from water (1.126 kg water per kg O2); the Sabatier turns
    hydrogen and crew CO2 into water and methane, limited by whichever runs out; recycled
    methane hydrogen (``methane_h2_recovery`` p) raises the reaction extent to
    x = u h / (4 - 2 u p) mol CO2 for h mol H2 made and u used. Recovered water returns to the
    loop; what is still missing is carried, as is the oxygen not generated; water recovered
    beyond the need is ``water_surplus_kg`` (stored or vented, never a credit to food).

    Whole-vehicle losses are shared by the ``crew``: the leak and airlock gas (its O2 made or
    carried as the crew's; its N2 and argon carried as gas), and EVAs: suit O2 (carried: suits
    are charged from high-pressure tanks), sublimator feedwater and EVA drinking water.
    """
    s = eclss_preset(system) if isinstance(system, str) else system
    for name, v in (
        ("o2_kg", o2_kg),
        ("food_kg", food_kg),
        ("food_packaging_kg", food_packaging_kg),
    ):
        if not (np.isfinite(v) and v >= 0):
            raise InputError(f"'{name}' must be >= 0 kg per crew member per day, got {v}")
    if isinstance(crew, bool) or not isinstance(crew, int | np.integer) or crew < 1:
        raise InputError(f"'crew' must be a whole number >= 1, got {crew!r}")
    b = BVAD
    # Whole-vehicle gas losses per crew member-day: leaks, and the airlock's vented share.
    airlock_kg = airlock_gas_kg(s.airlock_volume_m3, s.airlock_vent_fraction)
    evas_per_day = s.evas_per_year / 365.25
    gas_lost = (s.cabin_leak_kg_per_day + evas_per_day * airlock_kg) / crew
    gas_o2 = AIR_O2_MASS_FRACTION * gas_lost
    # EVAs per crew member-day: suit O2 (carried), sublimator feedwater and drinking water.
    eva_h = evas_per_day * s.eva_crew * s.eva_hours_each / crew
    suit_o2 = eva_h * suit_o2_kg_per_hour(s.eva_metabolic_w)
    suit_water = eva_h * (suit_water_kg_per_hour(s.eva_metabolic_w) + b["eva_water"].kg)
    # Oxygen: the daily need, EVA hours charged at the EVA rate instead of the nominal one.
    o2_nominal_hour = ACTIVITY_O2_KG_PER_MIN["nominal"] * 60.0
    o2_crew = o2_kg + s.eva_hours_per_day * max(s.eva_o2_kg_per_hour - o2_nominal_hour, 0.0)
    co2 = b["co2_produced"].kg * (o2_crew / O2_KG_PER_CREW_DAY if O2_KG_PER_CREW_DAY else 1.0)
    o2_need = o2_crew + gas_o2
    gen = s.o2_generation * o2_need
    elec_water = gen * (2 * M_H2O / M_O2)
    h_mol = gen * 1e3 / M_O2 * 2.0  # mol H2 made
    u, p = s.sabatier_h2_use, s.methane_h2_recovery
    x = u * h_mol / (4.0 - 2.0 * u * p) if h_mol > 0 else 0.0  # mol CO2 reacted
    x = min(x, co2 * 1e3 / M_CO2)
    sab_water = 2.0 * x * M_H2O / 1e3
    ch4_mol = x * (1.0 - p)  # methane vented (its hydrogen not recovered)
    h2_used = 4.0 * x - 2.0 * p * x  # electrolysis H2 consumed, net of recycled H2
    h2_vented = max(h_mol - h2_used, 0.0) * M_H2 / 1e3
    # Water: uses, and what the processors return.
    use = (
        b["drinking_water"].kg
        + b["food_prep_water"].kg
        + b["exercise_water"].kg
        + b["hygiene_water"].kg
        + b["flush_water"].kg
        + (b["laundry_water"].kg if s.laundry else 0.0)
        + s.eva_hours_per_day * b["eva_water"].kg
        + suit_water
    )
    urine = b["urine_water"].kg + b["flush_water"].kg
    upa = s.urine_recovery * urine
    brine = (1.0 - s.urine_recovery) * urine
    bpa = s.brine_recovery * brine
    hyg = b["hygiene_water"].kg + (b["laundry_water"].kg if s.laundry else 0.0)
    recovered = {
        "urine": upa,
        "brine": bpa,
        "condensate": s.condensate_recovery * b["condensate"].kg,
        "hygiene": s.hygiene_recovery * hyg,
        "sabatier": sab_water,
    }
    net = use + elec_water - sum(recovered.values())
    short, surplus = max(net, 0.0), max(-net, 0.0)
    k = 1.0 + s.margin
    lines = tuple(
        b[key]
        for key in (
            "o2_consumed",
            "co2_produced",
            "food_solids",
            "food_water",
            "food_packaging",
            "drinking_water",
            "food_prep_water",
            "exercise_water",
            "hygiene_water",
            "flush_water",
            *(("laundry_water",) if s.laundry else ()),
            *(("eva_water",) if s.eva_hours_per_day > 0 or s.evas_per_year > 0 else ()),
            "metabolic_water",
            "urine_water",
            "condensate",
        )
    ) + _loss_lines(s, crew, airlock_kg)
    return EclssBalance(
        system=s,
        o2_need_kg=o2_need,
        o2_generated_kg=gen,
        o2_carried_kg=k * (o2_need - gen + suit_o2),
        co2_produced_kg=co2,
        co2_reduced_kg=x * M_CO2 / 1e3,
        methane_vented_kg=ch4_mol * M_CH4 / 1e3,
        hydrogen_vented_kg=h2_vented,
        water_use_kg=use,
        electrolysis_water_kg=elec_water,
        water_recovered_kg=recovered,
        brine_water_lost_kg=brine - bpa,
        water_carried_kg=k * short,
        food_carried_kg=k * (food_kg + food_packaging_kg),
        lines=lines,
        crew=int(crew),
        gas_lost_kg=gas_lost,
        n2_carried_kg=k * (gas_lost - gas_o2),
        eva_o2_kg=suit_o2,
        eva_water_kg=suit_water,
        water_surplus_kg=surplus,
    )


def _loss_lines(s: Eclss, crew: int, airlock_kg: float) -> tuple[Line, ...]:
    """The losses and spares as lines, each with its source (whole vehicle, per day or EVA)."""
    out = [
        Line(
            "cabin_leak",
            s.cabin_leak_kg_per_day,
            "ISS 2011 cabin air loss 0.227 kg/day (NASA ICES 2011, NTRS 20110012997)"
            if s.cabin_leak_kg_per_day == ISS_CABIN_LEAK_KG_PER_DAY
            else "user-set cabin leak (0: none)",
            per="vehicle-day",
        ),
        Line(
            "spares",
            s.spares_kg_per_day,
            "user-set ECLSS spares"
            if s.spares_kg_per_day > 0
            else "no published ECLSS spares rate per day was found in the stored sources: none "
            "counted (set spares_kg_per_day)",
            per="vehicle-day",
        ),
    ]
    if s.evas_per_year > 0:
        w = s.eva_metabolic_w
        out += [
            Line(
                "eva_suit_o2",
                suit_o2_kg_per_hour(w),
                f"{w:.0f} W (EMU design 1000 Btu/h, NASA EVA 23 mishap report 2013) at RQ "
                f"{EVA_RQ} by Weir's equation (1949); carried as high-pressure gas",
                per="EVA crew-hour",
            ),
            Line(
                "eva_sublimator_water",
                suit_water_kg_per_hour(w),
                "all metabolic heat by sublimation, 50.9 kJ/mol (upper bound)",
                per="EVA crew-hour",
            ),
            Line(
                "airlock_gas",
                airlock_kg,
                f"{s.airlock_vent_fraction:.0%} of a {s.airlock_volume_m3:g} m3 lock's air at "
                "14.7 psi (ISS: pumped to 3 psi, the rest vented; Boeing)"
                if s.airlock_volume_m3 > 0
                else "airlock volume not given: no airlock gas counted (crew-lock volume not "
                "in the stored sources)",
                per="EVA",
            ),
        ]
    return tuple(out)


# --- Resupply ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class CargoVehicle:
    """A cargo vehicle: crew consumables one flight delivers, kg, and the manifest it is from."""

    name: str
    consumables_kg: float
    cargo_kg: float
    source: str


#: Published cargo manifests. ``consumables_kg`` is water + air/O2 + food where a manifest
#: gives them; otherwise the whole cargo (an upper bound, said in the source).
CARGO_VEHICLES: dict[str, CargoVehicle] = {
    "progress-ms": CargoVehicle(
        "Progress MS",
        420.0 + 50.0 + 318.0,
        2400.0,
        "Progress MS-03 manifest (Roscosmos via Spaceflight Now, 15 July 2016): 420 kg water, "
        "50 kg air and oxygen, 318 kg food rations and sanitary items among 1,230 kg dry "
        "cargo; 'more than 2.4 metric tons' in all",
    ),
    "cygnus": CargoVehicle(
        "Cygnus (enhanced)",
        3720.0,
        3720.0,
        "Cygnus NG-20 (Space.com, 1 Feb 2024): 'more than 8,200 pounds (3,720 kilograms) of "
        "supplies and scientific hardware'; whole cargo, an upper bound on consumables",
    ),
    "dragon": CargoVehicle(
        "Dragon (CRS)",
        2317.0,
        2317.0,
        "SpaceX CRS-5 Dragon (NASA blog, 6 Jan 2015): '5,108 pounds of cargo' (2,317 kg) incl. "
        "food, water and clothing; whole cargo, an upper bound on consumables",
    ),
}


@dataclass(frozen=True)
class Resupply:
    """A delivery ``day`` days into the stay: a cargo vehicle (key of :data:`CARGO_VEHICLES`)
    and the consumables it brings, kg (default: the vehicle's published figure)."""

    day: float
    vehicle: str = "progress-ms"
    consumables_kg: float | None = None

    def kg(self) -> float:
        if self.consumables_kg is not None:
            return float(self.consumables_kg)
        key = self.vehicle.strip().lower()
        if key not in CARGO_VEHICLES:
            raise InputError(
                f"resupply vehicle {self.vehicle!r} unknown; known: {', '.join(CARGO_VEHICLES)} "
                "(or give consumables_kg)"
            )
        return CARGO_VEHICLES[key].consumables_kg


@dataclass(frozen=True)
class ResupplyCheck:
    """Stock day by day: checkpoints at each delivery, the day it runs out (None: it lasts)."""

    initial_kg: float
    need_kg_per_day: float
    days: float
    checkpoints: tuple[dict, ...]
    run_out_day: float | None

    def to_dict(self) -> dict:
        return {
            "initial_kg": self.initial_kg,
            "need_kg_per_day": self.need_kg_per_day,
            "days": self.days,
            "checkpoints": [dict(c) for c in self.checkpoints],
            "run_out_day": self.run_out_day,
            "lasts": self.run_out_day is None,
        }


def resupply_check(initial_kg, need_kg_per_day, days, resupplies=()) -> ResupplyCheck:
    """When the stock of consumables runs out over ``days``, given deliveries.

    ``initial_kg`` stock at day 0; ``need_kg_per_day`` used each day (whole crew, as carried);
    ``resupplies``: :class:`Resupply` entries (or ``(day, vehicle[, kg])`` tuples). Each
    checkpoint gives the stock before and after the delivery; a delivery after the stock ran
    out arrives too late (the run-out day stands).
    """
    vals = {"initial_kg": initial_kg, "need_kg_per_day": need_kg_per_day, "days": days}
    for name, v in vals.items():
        if not (isinstance(v, int | float | np.floating) and np.isfinite(v) and v >= 0):
            raise InputError(f"'{name}' must be a number >= 0, got {v!r}")
    rs = sorted(
        (r if isinstance(r, Resupply) else Resupply(*r) for r in resupplies), key=lambda r: r.day
    )
    stock, t, out = float(initial_kg), 0.0, None
    rows = []
    for r in rs:
        if not (np.isfinite(r.day) and 0 <= r.day <= days):
            raise InputError(
                f"resupply 'day' must be within the stay, 0..{days:g} days, got {r.day}"
            )
        kg = r.kg()
        if not (np.isfinite(kg) and kg >= 0):
            raise InputError(f"resupply 'consumables_kg' must be >= 0, got {kg}")
        before = stock - need_kg_per_day * (r.day - t)
        if out is None and before < 0:
            out = t + stock / need_kg_per_day
        stock = before + kg
        t = r.day
        rows.append(
            {
                "day": r.day,
                "vehicle": r.vehicle,
                "delivered_kg": kg,
                "stock_before_kg": before,
                "stock_after_kg": stock,
            }
        )
    end = stock - need_kg_per_day * (days - t)
    if out is None and end < 0:
        out = t + stock / need_kg_per_day
    return ResupplyCheck(float(initial_kg), float(need_kg_per_day), float(days), tuple(rows), out)

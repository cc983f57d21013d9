"""Every default a planner assumes, in one place, each with its source.

The mission file (:mod:`sojourn.mission.schema`), the CLI and the domain functions take their
defaults from here, so a changed assumption is changed once. Values a user may override stay
overridable where they are used; this module only names the starting point.
"""

from __future__ import annotations

from sojourn.core.constants import SOL_S

__all__ = [
    "PARKING_ALT_KM",
    "CAPTURE_PERIAPSIS_ALT_KM",
    "CAPTURE_PERIOD_S",
    "CAPTURE_PERIOD_HOURS",
    "ENTRY_INTERFACE_ALT_KM",
    "MAX_EARTH_ENTRY_KM_S",
    "O2_KG_PER_CREW_DAY",
    "WATER_KG_PER_CREW_DAY",
    "FOOD_KG_PER_CREW_DAY",
    "BVAD_SOURCE",
    "BLACKOUT_THRESHOLD_DEG",
    "ABORT_STEP_DAYS",
    "GROUND_STATIONS",
]

# --- Orbits ----------------------------------------------------------------------------------
#: Earth parking orbit altitude for departures, km: the 185-200 km circular orbits from which
#: escape stages fire (NASA Mars Design Reference Architecture 5.0, NASA/SP-2009-566, sec. 2).
PARKING_ALT_KM = 200.0
#: Periapsis altitude of the capture orbit at the target, km (DRA 5.0's 250 km x 1 sol
#: elliptic parking orbit, NASA/SP-2009-566-ADD, sec. 3.3).
CAPTURE_PERIAPSIS_ALT_KM = 250.0
#: Period of that capture orbit: one Mars solar day (sol), s (Allison & McEwen 2000).
CAPTURE_PERIOD_S = SOL_S
#: The same period in hours, as the mission file states it.
CAPTURE_PERIOD_HOURS = SOL_S / 3600.0
#: Earth entry interface altitude, km, where entry speed is quoted (Apollo and Orion use
#: 400,000 ft = 121.9 km; 125 km is the common round figure in Mars-return studies).
ENTRY_INTERFACE_ALT_KM = 125.0
#: Highest Earth entry speed of a crewed return, km/s, at ENTRY_INTERFACE_ALT_KM: the Earth
#: return constraint of a human Mars mission survey ("an Earth return entry velocity below
#: 14 km/s", Striepe et al., "Influence of interplanetary trajectory selection on Mars
#: atmospheric entry velocity", J. Spacecraft and Rockets 30(4):426, 1993, abstract). The
#: abort findings of a plan use it (the issue 11 gravity-assist work names the same figure).
MAX_EARTH_ENTRY_KM_S = 14.0

# --- Life support (per crew member per day) --------------------------------------------------
#: NASA Advanced Life Support Baseline Values and Assumptions Document, CTSD-ADV-484A
#: (Hanford 2004), crew metabolic table, nominal 70 kg crew member, RQ 0.869.
BVAD_SOURCE = "NASA ALS BVAD CTSD-ADV-484A (Hanford 2004)"
#: Oxygen consumed, kg/CM-d (BVAD 2004).
O2_KG_PER_CREW_DAY = 0.835
#: Potable water consumed, kg/CM-d (BVAD 2004).
WATER_KG_PER_CREW_DAY = 3.909
#: Food, dry mass without packaging, kg/CM-d (BVAD 2004; 11.82 MJ).
FOOD_KG_PER_CREW_DAY = 0.617

# --- Communications --------------------------------------------------------------------------
#: Sun-Earth-probe angle below which commanding stops, deg: the 2 deg of NASA's Mars solar
#: conjunction moratoria (JPL, "Mars Solar Conjunction" fact sheets, 2013, 2015, 2021).
BLACKOUT_THRESHOLD_DEG = 2.0
#: ESA's deep-space antennas that see a Mars mission from Europe (ESTRACK Cebreros, and DSN
#: Madrid as the partner agency's station).
GROUND_STATIONS = ("cebreros", "madrid")

# --- Aborts ----------------------------------------------------------------------------------
#: Step between abort decision dates in a mission plan, days.
ABORT_STEP_DAYS = 10.0

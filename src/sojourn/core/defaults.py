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
    "HIGH_ORBIT_PERIOD_S",
    "MAX_ENTRY_SPEED_KM_S",
    "MAX_ENTRY_SPEED_SOURCE",
    "O2_KG_PER_CREW_DAY",
    "WATER_KG_PER_CREW_DAY",
    "FOOD_KG_PER_CREW_DAY",
    "FOOD_PACKAGING_KG_PER_CREW_DAY",
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
#: Period of the high ellipse a three-burn departure climbs to before turning its plane at
#: apoapsis, s: one day (86,400 s). An assumption of Sojourn, not a published figure: long
#: enough that the apoapsis speed is under 1 km/s from a low Earth orbit, short enough to
#: keep the extra time before departure to a day (sojourn.departure).
HIGH_ORBIT_PERIOD_S = 86_400.0
#: Highest Earth entry speed a crewed return may have, km/s, unless a search is told otherwise:
#: the Earth-return constraint of a human Mars mission survey that used Venus swing-bys to meet
#: it ("an Earth return entry velocity below 14 km/s", Striepe et al., J. Spacecraft and
#: Rockets 30(4), 1993, abstract; quoted in tests/reference/mga_human_mars.toml). The study
#: does not state its entry-interface altitude here; Sojourn applies it at
#: ENTRY_INTERFACE_ALT_KM. NASA DRA 5.0's own figure was not found in a searchable source.
MAX_ENTRY_SPEED_KM_S = 14.0
MAX_ENTRY_SPEED_SOURCE = (
    "Striepe et al., 'Influence of interplanetary trajectory selection on Mars atmospheric "
    "entry velocity', J. Spacecraft and Rockets 30(4):426, 1993 (Earth return entry < 14 km/s)"
)

# --- Life support (per crew member per day, "CM-d") ------------------------------------------
#: The current NASA Life Support Baseline Values and Assumptions Document: Anderson, Ewert and
#: Keener (eds.), NASA/TP-2015-218570/REV2, NASA JSC, February 2022 (NTRS 20210024855). Table
#: 3-31 (p. 58) is the nominal 82 kg crew member, RQ 0.860, with the daily exercise regimen
#: (30 min aerobic, 60 min resistive); Table 4-20 the water uses. Transcriptions with table and
#: page in tests/reference/eclss_bvad_rev2.toml; :mod:`sojourn.eclss` holds every line item.
BVAD_SOURCE = "NASA BVAD, NASA/TP-2015-218570/REV2 (Anderson et al. 2022)"
#: Oxygen consumed, kg/CM-d (BVAD REV2 Table 3-31; includes the daily exercise).
O2_KG_PER_CREW_DAY = 0.895
#: Water used per CM-d as carried with no recycling, kg: drinking 2.00 + food rehydration 0.50
#: (Table 4-20) + the exercise share of potable water 0.717 (Table 3-31: potable 3.217 =
#: 2.00 + 0.5 + 0.717) + personal hygiene 0.40 + urinal flush 0.50 (Table 4-20).
WATER_KG_PER_CREW_DAY = 2.00 + 0.50 + 0.717 + 0.40 + 0.50
#: Food as eaten, kg/CM-d: solids 0.800 + water in food before rehydration 0.760 (Table 3-31).
FOOD_KG_PER_CREW_DAY = 0.800 + 0.760
#: Food packaging, kg/CM-d: about 15 % of the 1.82 kg/CM-d packaged ISS-derived food system
#: (Cooper et al., "Food Mass Reduction Trade Study", NASA JSC, NTRS 20090006804). BVAD REV2's
#: own packaged-food table was not available in the stored sources (see eclss.py).
FOOD_PACKAGING_KG_PER_CREW_DAY = 0.15 * 1.82

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

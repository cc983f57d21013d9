"""Physical constants, each with its source. Units in names: km, s, rad.

Gravitational parameters are those of the DE440 ephemeris we integrate against, so a
two-body transfer and the ephemeris agree on the Sun's GM:
  Park, R. S., Folkner, W. M., Williams, J. G., Boggs, D. H. (2021),
  "The JPL Planetary and Lunar Ephemerides DE440 and DE441", AJ 161:105, Table 8.
"""

from __future__ import annotations

# --- Defining constants -------------------------------------------------------------
#: Astronomical unit, km (IAU 2012 Resolution B2, exact).
AU_KM = 149_597_870.700
#: Speed of light, km/s (SI, exact).
C_KM_S = 299_792.458
#: Seconds in a Julian day and a Julian year (IAU).
DAY_S = 86_400.0
JULIAN_YEAR_DAYS = 365.25
#: Julian date of the J2000 epoch (2000-01-01T12:00:00 TT), Meeus, Astronomical Algorithms 2nd ed.
JD_J2000 = 2_451_545.0

# --- Gravitational parameters, km^3/s^2 (DE440, Park et al. 2021, Table 8) -----------
GM_KM3_S2 = {
    "sun": 132_712_440_041.279419,
    "mercury": 22_031.868551,
    "venus": 324_858.592000,
    "earth": 398_600.435507,
    "moon": 4_902.800118,
    "mars": 42_828.375816,  # Mars system (planet + Phobos + Deimos)
    "jupiter": 126_712_764.100000,  # system
    "saturn": 37_940_584.841800,  # system
    "uranus": 5_794_556.400000,  # system
    "neptune": 6_836_527.100580,  # system
    "pluto": 975.500000,  # system
}
GM_SUN_KM3_S2 = GM_KM3_S2["sun"]
#: Earth's sphere of influence about the Sun, km: 1 AU * (GM_earth / GM_sun)^(2/5), about
#: 924,600 km (Laplace; Curtis, Orbital Mechanics for Engineering Students, 3rd ed.,
#: eq. 8.22; its table A.2 lists 925,000 km).
SOI_EARTH_KM = AU_KM * (GM_KM3_S2["earth"] / GM_KM3_S2["sun"]) ** 0.4
GM_EARTH_KM3_S2 = GM_KM3_S2["earth"]
GM_MARS_KM3_S2 = GM_KM3_S2["mars"]

# --- Shapes ------------------------------------------------------------------------------
#: Equatorial radii, km. Earth: WGS 84 (NIMA TR8350.2, 3rd ed., Table 3.1).
#: Others: IAU WG on Cartographic Coordinates and Rotational Elements 2015
#: (Archinal et al. 2018, Celest. Mech. Dyn. Astr. 130:22, Table 1 and 5).
RADIUS_KM = {
    "sun": 695_700.0,
    "mercury": 2_440.53,
    "venus": 6_051.8,
    "earth": 6_378.137,
    "moon": 1_738.1,
    "mars": 3_396.19,
    "jupiter": 71_492.0,
    "saturn": 60_268.0,
    "uranus": 25_559.0,
    "neptune": 24_764.0,
    "pluto": 1_188.3,
}
R_EARTH_KM = RADIUS_KM["earth"]
R_MARS_KM = RADIUS_KM["mars"]
#: WGS 84 flattening (NIMA TR8350.2, Table 3.1).
F_EARTH = 1.0 / 298.257223563
#: Earth's J2, unnormalized (EGM2008: C20 = -4.84165143790815e-4 normalized,
#: J2 = -sqrt(5) C20; Pavlis et al. 2012, JGR 117:B04406).
J2_EARTH = 1.0826261738522227e-3
#: Mars J2, unnormalized, as used for Mars orbit design (GMM-2B gravity field,
#: Lemoine et al. 2001, JGR 106:23359).
J2_MARS = 1.96045e-3
#: Earth's rotation rate, rad/s, nominal mean angular velocity (IERS Conventions 2010, Table 1.1).
OMEGA_EARTH_RAD_S = 7.292_115e-5
#: Mars solar day (sol), s (Allison & McEwen 2000, Planet. Space Sci. 48:215).
SOL_S = 88_775.244
#: Mean obliquity of the ecliptic at J2000, rad (IAU 2006, 84381.406 arcsec;
#: Capitaine et al. 2003, A&A 412:567).
OBLIQUITY_J2000_RAD = 84_381.406 / 3600.0 * 3.141592653589793 / 180.0
#: Mars's north pole in ICRF: right ascension and declination at J2000, deg, and their rates,
#: deg per Julian century (IAU WG on Cartographic Coordinates and Rotational Elements 2009,
#: Archinal et al. 2011, Celest. Mech. Dyn. Astr. 109:101, Table 2:
#: alpha0 = 317.68143 - 0.1061 T, delta0 = 52.88650 - 0.0609 T). The Mars orbit's elements
#: (inclination, node) are referred to this equator.
MARS_POLE_RA_DEG = 317.68143
MARS_POLE_DEC_DEG = 52.88650
MARS_POLE_RA_RATE_DEG_PER_CENTURY = -0.1061
MARS_POLE_DEC_RATE_DEG_PER_CENTURY = -0.0609
#: Mars's sidereal orbital period, days (NASA GSFC Mars Fact Sheet, D. R. Williams:
#: "Sidereal orbit period (days) 686.980"):
#: the node rate of a Sun-synchronous Mars orbit is 360 deg per this period.
MARS_SIDEREAL_YEAR_DAYS = 686.980

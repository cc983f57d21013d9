"""sojourn.radiation.leo: crew dose in LEO by altitude, inclination, SAA and solar cycle.

tests/reference/radiation_leo.toml: [input.*] set the model's constants (STS-40 both levels,
Mir 1995 the trapped density exponent) and are only checked for being the values the code
uses; [test.*] were used for nothing in the model and are the validation, except STS-91's
ratio, which set leo.UNCERTAINTY_FACTOR (so only its independent lower bound is tested).
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sojourn.core.time import tdb, tdb_to_utc
from sojourn.errors import InputError
from sojourn.radiation import dose, leo

REF = tomllib.loads((Path(__file__).parent / "reference" / "radiation_leo.toml").read_text())
CREW = tomllib.loads(
    (Path(__file__).parent / "reference" / "crew_radiation_life_support.toml").read_text()
)


def _utc(text: str) -> float:
    return float(tdb_to_utc(tdb(text)))


def _mean_rate(alt_km, inc_deg, start, days, part="total"):
    t = _utc(start) + (np.arange(int(np.ceil(days))) + 0.5) * 86400.0
    return float(np.mean(leo.leo_components(alt_km, inc_deg, t)[part]))


# ---------------------------------------------------------------- the inputs are the sources'


def test_calibration_constants_are_the_published_values():
    s, m = REF["input"]["sts40"], REF["input"]["mir_1995"]
    c, d = leo.CALIBRATION, leo.CALIBRATION_DENSITY
    assert c["gcr_msv_per_day"] == pytest.approx(s["gcr_mrem_per_day"] / 100.0, rel=1e-12)
    assert c["trapped_msv_per_day"] == pytest.approx(s["trapped_mrem_per_day"] / 100.0)
    assert (c["q_trapped"], c["q_gcr"]) == (s["q_trapped"], s["q_gcr"])
    assert c["alt_km"] == 0.5 * (s["perigee_km"] + s["apogee_km"])
    assert c["inclination_deg"] == s["inclination_deg"] and c["start_utc"] == s["start_utc"]
    assert d["absorbed_ugy_per_day"] == m["absorbed_ugy_per_day"] and d["q_mean"] == m["q_mean"]
    assert d["alt_km"] == REF["input"]["mir_altitude"]["alt_km"]
    assert d["inclination_deg"] == m["inclination_deg"]
    n = leo._constants()[3]
    assert 0.2 < n < 1.0  # between no density dependence and the equilibrium exponent 1


# ---------------------------------------------------------------- validation (not fitted)


def test_mir_1995_gcr_part():
    r = REF["test"]["mir_1995_gcr"]
    m = REF["input"]["mir_1995"]
    model = 1000.0 * _mean_rate(400.0, m["inclination_deg"], m["start_utc"], 30, "gcr")
    assert model == pytest.approx(r["gcr_usv_per_day"], rel=r["tolerance_rel"])


def test_sts91_effective_dose_conservative():
    # Only the independent half: the model (TEPC dose equivalent) is at or above the phantom's
    # effective dose, as ISSCREM expects. Its 1.75 x is stored as a finding in the toml: the
    # band factor leo.UNCERTAINTY_FACTOR was set from it, so STS-91 cannot test the band.
    r = REF["test"]["sts91"]
    model = _mean_rate(r["alt_km"], r["inclination_deg"], r["start_utc"], r["days"]) * r["days"]
    assert model >= r["effective_dose_msv"]


def test_mir_solar_minimum_over_maximum():
    r = REF["test"]["mir_solar_cycle"]
    lo, hi = r["ratio_range"]
    at_min = _mean_rate(400.0, 51.65, "1996-07-01", 60)
    at_max = _mean_rate(400.0, 51.65, "2000-07-01", 60)
    assert lo <= at_min / at_max <= hi


def test_rme3_shuttle_span():
    lo, hi = REF["test"]["rme3"]["usv_per_day_range"]
    for alt in (300.0, 600.0):
        for inc in (28.5, 57.0):
            rate = 1000.0 * _mean_rate(alt, inc, "1990-06-01", 5)
            assert lo <= rate <= hi, (alt, inc, rate)


def test_iss_year_lands_in_nasem_range():
    ref = CREW["iss_180_days"]
    # the iss-year example's stay (from 2025-10-10, the station's built-in orbit)
    r = dose("leo", "2025-10-10", 180)
    assert ref["dose_min_msv"] <= r.dose_equivalent_msv <= ref["dose_max_msv"]
    assert r.effective_dose_msv == r.dose_equivalent_msv  # TEPC H taken as E (conservative)
    assert r.band_msv[0] < r.dose_equivalent_msv < r.band_msv[1]
    assert not r.outside_basis


ALT = REF["test"]["iss_altitude_2008_2010"]
OVER_AT_419_KM = ALT["over_nasem_at_419_km"]


def _monthly_starts():
    return [f"{y}-{m:02d}-01" for y in range(2001, 2026) for m in range(1, 13)]


def test_iss_through_two_solar_cycles_within_nasem_range():
    ref = CREW["iss_180_days"]
    # every monthly start 2001-2025 at the model's ISS orbit (419 km): NASEM's own range, no
    # margin. The starts over 180 mSv are only the ones listed (a stored finding, each tested
    # below at the altitude the ISS flew then); the list cannot grow silently.
    over = []
    for start in _monthly_starts():
        h = dose("leo", start, 180).dose_equivalent_msv
        assert ref["dose_min_msv"] <= h, start
        if h > ref["dose_max_msv"]:
            over.append(start)
    assert set(over) <= set(OVER_AT_419_KM), over


@pytest.mark.xfail(
    strict=True,
    reason="at the model's default ISS orbit (419 km, the 2020-2026 mean) these 180-day stays "
    "give 180.06 (2009-04), 180.13 (2020-03), 180.12 (2020-04) mSv, over NASEM's 180: in "
    "2009 the ISS flew at about 355 km and in 2020 at 418.1 km (tests below, inside); the "
    "station's altitude history is not shipped, so a dated stay assumes 419 km",
)
@pytest.mark.parametrize("start", OVER_AT_419_KM)
def test_iss_at_default_orbit_over_nasem_max_at_deep_minima(start):
    assert dose("leo", start, 180).dose_equivalent_msv <= CREW["iss_180_days"]["dose_max_msv"]


def test_iss_2009_minimum_at_the_altitude_it_flew():
    ref = CREW["iss_180_days"]
    for alt in (ALT["alt_km_2008"], ALT["alt_km_2010"]):
        for start in ("2008-04-01", "2009-04-01", "2009-10-01"):
            h = dose("leo", start, 180, alt_km=alt).dose_equivalent_msv
            assert ref["dose_min_msv"] <= h <= ref["dose_max_msv"], (alt, start, h)


def _shipped_iss_altitudes_km():
    """Mean altitude (semi-major axis - 6378.137 km) and epoch of each shipped ISS element set."""
    from importlib.resources import files

    mu, out, epoch = 398600.4418, [], None
    for line in (files("sojourn.leo") / "data" / "iss.tle").read_text().splitlines():
        if line.startswith("1 "):
            yy, doy = int(line[18:20]), float(line[20:32])
            epoch = _utc(f"{2000 + yy}-01-01") + (doy - 1.0) * 86400.0
        elif line.startswith("2 "):
            n_rad_s = float(line[52:63]) * 2.0 * np.pi / 86400.0
            out.append((epoch, (mu / n_rad_s**2) ** (1.0 / 3.0) - 6378.137))
    return out


def test_iss_2020_minimum_at_the_altitude_it_flew():
    ref = CREW["iss_180_days"]
    for start in ("2020-03-01", "2020-04-01"):
        t0 = _utc(start)
        inside = [h for t, h in _shipped_iss_altitudes_km() if t0 <= t <= t0 + 180 * 86400.0]
        assert len(inside) == 1  # the 2020-07-18 set
        h = dose("leo", start, 180, alt_km=inside[0]).dose_equivalent_msv
        assert ref["dose_min_msv"] <= h <= ref["dose_max_msv"], (start, inside[0], h)


# ---------------------------------------------------------------- properties


@settings(max_examples=25, deadline=None)
@given(
    st.floats(150.0, 1900.0),
    st.floats(5.0, 100.0),
    st.floats(0.0, 120.0),
    st.sampled_from(["1996-07-01", "2001-01-01", "2020-01-01", "2033-06-01"]),
)
def test_rate_rises_with_altitude(alt, dh, inc, day):
    t = _utc(day)
    assert leo.leo_rate_msv_per_day(alt + dh, inc, t)[0] > leo.leo_rate_msv_per_day(alt, inc, t)[0]


@settings(max_examples=25, deadline=None)
@given(st.floats(150.0, 2000.0), st.floats(0.0, 85.0), st.floats(2.0, 30.0))
def test_gcr_part_rises_with_inclination(alt, inc, di):
    t = _utc("2019-01-01")
    lo = leo.leo_components(alt, inc, t)["gcr"][0]
    hi = leo.leo_components(alt, min(inc + di, 90.0), t)["gcr"][0]
    assert hi > lo


@settings(max_examples=20, deadline=None)
@given(st.floats(250.0, 1000.0), st.floats(300.0, 1000.0), st.floats(70.0, 250.0))
def test_solar_activity_lowers_both_parts(phi, dphi, f107):
    t = _utc("2019-01-01")
    quiet = leo.leo_components(420.0, 51.6, t, phi_mv=phi, f107=f107)
    active = leo.leo_components(420.0, 51.6, t, phi_mv=phi + dphi, f107=f107 + 50.0)
    assert active["gcr"][0] < quiet["gcr"][0] and active["trapped"][0] < quiet["trapped"][0]


def test_vectorized_over_dates_and_retrograde_symmetry():
    t = _utc("2030-01-01") + np.arange(0.0, 400.0, 37.0) * 86400.0
    whole = leo.leo_rate_msv_per_day(500.0, 97.4, t)
    each = [leo.leo_rate_msv_per_day(500.0, 97.4, x)[0] for x in t]
    assert whole == pytest.approx(each, rel=1e-12)
    assert leo.leo_rate_msv_per_day(500.0, 82.6, t) == pytest.approx(whole, rel=1e-12)


# ---------------------------------------------------------------- bad input, basis


@pytest.mark.parametrize(
    ("alt", "inc", "field"),
    [(-5.0, 51.6, "alt_km"), (100.0, 51.6, "alt_km"), (2500.0, 51.6, "alt_km"),
     (float("nan"), 51.6, "alt_km"), (400.0, -1.0, "inclination_deg"),
     (400.0, 181.0, "inclination_deg"), (400.0, float("inf"), "inclination_deg")],
)  # fmt: skip
def test_bad_orbits_refused(alt, inc, field):
    with pytest.raises(InputError, match=f"'{field}' must be"):
        dose("leo", "2025-01-01", 10, alt_km=alt, inclination_deg=inc)
    with pytest.raises(InputError, match=f"'{field}' must be"):
        leo.leo_rate_msv_per_day(alt, inc, 0.0)


@pytest.mark.parametrize(("phi", "f107"), [(2100.0, None), (-1.0, None), (500.0, -3.0)])
def test_bad_solar_drivers_refused(phi, f107):
    field = "phi_mv" if f107 is None else "f107"
    with pytest.raises(InputError, match=f"'{field}' must be"):
        leo.leo_rate_msv_per_day(400.0, 51.6, 0.0, phi_mv=phi, f107=f107)


def test_outside_basis_flagged():
    assert not dose("leo", "2025-01-01", 10).outside_basis  # the ISS
    assert dose("leo", "2025-01-01", 10, alt_km=800.0).outside_basis
    r = dose("leo", "2025-01-01", 10, alt_km=500.0, inclination_deg=97.4)  # sun-synchronous
    assert r.outside_basis and any("outside the measured basis" in n for n in r.notes)


def test_cli_leo_json_and_bad_altitude(capsys):
    from sojourn.cli import main

    rc = main(["dose", "--environment", "leo", "--start", "2025-10-10", "--days", "30",
               "--alt-km", "430", "--inclination-deg", "51.6", "--json"])  # fmt: skip
    out, _ = capsys.readouterr()
    assert rc == 0
    d = json.loads(out)
    keys = {"dose_equivalent_msv", "effective_dose_msv", "rate_msv_per_day", "phi_mv",
            "shielding_g_cm2", "model", "sources", "band_msv", "outside_basis"}  # fmt: skip
    assert keys <= set(d)
    assert d["model"].startswith("sojourn-leo-1") and "TEPC" in d["quality_factor_system"]
    rc = main(["dose", "--environment", "leo", "--start", "2025-10-10", "--days", "30",
               "--alt-km", "-5"])  # fmt: skip
    out, err = capsys.readouterr()
    assert rc == 2 and out == ""
    assert err.count("\n") == 1 and "'alt_km' must be 150-2000 km" in err


def test_cli_orbit_options_only_for_leo(capsys):
    from sojourn.cli import main

    rc = main(["dose", "--environment", "cruise", "--start", "2033-04-01", "--days", "10",
               "--alt-km", "400"])  # fmt: skip
    _, err = capsys.readouterr()
    assert rc == 2 and "apply to --environment leo only" in err

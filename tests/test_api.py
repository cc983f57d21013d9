"""The flat public surface (DESIGN.md, "Python API") and the package's data files."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from importlib import resources

import numpy as np
import pytest

import sojourn


def test_every_public_name_resolves():
    for name in sojourn.__all__:
        assert getattr(sojourn, name) is not None, name


def test_design_md_python_api():
    # DESIGN.md's four lines, on Mars at the Mars 2020 launch.
    t = sojourn.tdb("2020-07-30T11:50")
    r, v = sojourn.state("mars", t, center="sun")
    assert r.shape == (3,) and v.shape == (3,)
    r2, v2 = sojourn.propagate(r, v, 86400.0, 1.32712440041279419e11)
    assert np.linalg.norm(r2 - r) > 1e6  # Mars moves ~2 million km a day
    r1, r_end = np.array([r]), np.array([r2])
    v1, v_end, ok = sojourn.lambert(r1, r_end, np.array([86400.0]), 1.32712440041279419e11)
    assert ok.all() and np.allclose(v1[0], v, rtol=1e-8)  # the same conic comes back


def test_import_is_lazy():
    # `import sojourn` must not pull in Numba or the ephemeris (sojourn --help < 0.3 s).
    code = "import sys, sojourn; print('numba' in sys.modules, 'jplephem' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_bundled_data_files_load_from_the_installed_package():
    # Every data file the package ships is found through importlib.resources (what a wheel
    # install sees), not through the source tree.
    root = resources.files("sojourn")
    tles = list(root.joinpath("leo", "data").iterdir())
    assert any(p.name.endswith(".tle") for p in tles)
    examples = sorted(p.name for p in root.joinpath("mission", "examples").iterdir())
    assert {"first-mars.toml", "iss-year.toml", "soyuz-ms19.toml"} <= set(examples)
    assert root.joinpath("py.typed").is_file()


# --- the edges of the Python API (issue 9): each input kind accepted or clearly refused ------
def test_design_md_python_api_with_every_time_kind():
    t = sojourn.tdb("2020-07-30T11:50")
    assert sojourn.tdb(np.datetime64("2020-07-30T11:50")) == pytest.approx(t, abs=1e-6)
    assert sojourn.tdb(dt.datetime(2020, 7, 30, 11, 50, tzinfo=dt.UTC)) == t
    r, _ = sojourn.state("mars", t)
    for when in ("2020-07-30T11:50", np.datetime64("2020-07-30T11:50"),
                 dt.datetime(2020, 7, 30, 11, 50, tzinfo=dt.UTC), t):  # fmt: skip
        np.testing.assert_allclose(sojourn.state("mars", when)[0], r, rtol=0, atol=1e-6)
    Time = pytest.importorskip("astropy.time").Time
    t_astropy = sojourn.tdb(Time("2020-07-30T11:50", scale="utc"))
    assert t_astropy == pytest.approx(t, abs=5e-5)  # astropy's TDB series vs the LSK term
    # A TDB Time in two parts is used as it is: the same Mars to a millimetre.
    t_two_part = Time(2451545.0, t_astropy / 86400.0, format="jd", scale="tdb")
    np.testing.assert_allclose(
        sojourn.position("mars", t_two_part), sojourn.position("mars", t_astropy), atol=1e-6
    )


def test_state_of_mars_on_mars2020_launch_day_from_datetime64():
    # The example: this returned Mars in November 2000 (datetime64 read as a float).
    r_text, _ = sojourn.state("mars", "2020-07-30T11:50")
    r, _ = sojourn.state("mars", np.datetime64("2020-07-30T11:50"))
    np.testing.assert_array_equal(r, r_text)


def test_propagate_and_lambert_with_units():
    u = pytest.importorskip("astropy.units")
    gm_sun = 1.32712440041279419e11
    r, v = sojourn.state("mars", "2020-07-30T11:50")
    r_day, v_day = sojourn.propagate(r, v, 86400.0, gm_sun)
    r_q, v_q = sojourn.propagate(r * 1000 * u.m, v * u.km / u.s, 1440 * u.min, gm_sun)
    np.testing.assert_allclose(r_q, r_day, rtol=1e-13)
    r_td, _ = sojourn.propagate(r, v, np.timedelta64(24, "h"), gm_sun)
    np.testing.assert_array_equal(r_td, r_day)
    v1, _, ok = sojourn.lambert(r / 149_597_870.7 * u.AU, r_day, np.timedelta64(1, "D"), gm_sun)
    assert ok and np.allclose(v1, v, rtol=1e-8)


def test_errors_are_one_tree_of_builtins():
    assert issubclass(sojourn.InputError, sojourn.SojournError)
    assert issubclass(sojourn.InputError, ValueError)
    assert issubclass(sojourn.EphemerisRangeError, sojourn.InputError)
    assert issubclass(sojourn.UnknownBodyError, sojourn.InputError)
    assert issubclass(sojourn.UnknownBodyError, KeyError)
    with pytest.raises(sojourn.InputError, match="'t_tdb_s' is NaT"):
        sojourn.state("mars", np.datetime64("NaT"))
    with pytest.raises(ValueError, match="'t_tdb_s' must be finite"):
        sojourn.utc_iso(float("nan"))


def test_tdb_loads_neither_numba_nor_astropy():
    # The edges import astropy only for astropy's own objects; time conversion needs no Numba.
    code = (
        "import sys, numpy as np, sojourn\n"
        "sojourn.tdb('2020-07-30'); sojourn.tdb(np.datetime64('2020-07-30T11:50'))\n"
        "print('numba' in sys.modules, 'astropy' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]

"""The flat public surface (DESIGN.md, "Python API") and the package's data files."""

from __future__ import annotations

import subprocess
import sys
from importlib import resources

import numpy as np

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

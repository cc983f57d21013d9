"""Gravity assists, free returns and the Earth entry-speed limit (issue 11, items 3-5).

Published values (tests/reference/mga_human_mars.toml, verbatim with sources):
- the 14 km/s Earth-return entry limit of Striepe et al. (JSR 1993), Sojourn's default;
- the Inspiration Mars 2018 fast free return (Tito et al. 2013 as reported: launch
  5 Jan 2018, 501 days, back 21 May 2019, ~100 km at Mars, entry "near 32,000 mph").
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from sojourn.cli import main
from sojourn.core.constants import GM_KM3_S2
from sojourn.core.defaults import MAX_ENTRY_SPEED_KM_S
from sojourn.core.flyby import _powered_flyby_one, flyby_rp_min_km, powered_flyby_dv
from sojourn.core.time import tdb
from sojourn.errors import InputError
from sojourn.mga import _flyby_dv, reduce_at_flyby, reduce_over_flyby
from sojourn.roundtrip import FREE_RETURN_DV_TOL_KM_S, roundtrip

REF = tomllib.loads(
    (Path(__file__).parent / "reference" / "mga_human_mars.toml").read_text(encoding="utf-8")
)
DAY = 86400.0
MPH_KM_S = 1.609344 / 3600.0


def test_default_entry_limit_is_the_published_one():
    assert REF["entry_limit"]["earth_entry_max_km_s"] == MAX_ENTRY_SPEED_KM_S
    assert "below 14 km/s" in REF["entry_limit"]["quote"]


@pytest.mark.parametrize("seed", range(4))
def test_reduce_over_flyby_matches_brute_force(seed):
    """The compiled reduction (with its lower-bound pruning) finds the same minimum as trying
    every flyby date with the public powered-flyby function."""
    rng = np.random.default_rng(seed)
    a, v, b = 4, 6, 5
    c1 = rng.uniform(0, 3, (a, v))
    c2 = rng.uniform(0, 3, (v, b))
    c1[rng.uniform(size=c1.shape) < 0.2] = np.nan
    vin = rng.normal(0, 4, (a, v, 3))
    vout = rng.normal(0, 4, (v, b, 3))
    weight = 1.0 + 9.0 * (seed % 2)
    cost, arg, dvb = reduce_over_flyby(c1, vin, c2, vout, "venus", weight=weight)
    mu, rp_min = GM_KM3_S2["venus"], flyby_rp_min_km("venus")
    for i in range(a):
        for k in range(b):
            best, best_v = np.inf, -1
            for j in range(v):
                if not np.isfinite(c1[i, j]):
                    continue
                dv, _ = powered_flyby_dv(vin[i, j], vout[j, k], mu, rp_min)
                c = c1[i, j] + c2[j, k] + weight * dv[0]
                if c < best:
                    best, best_v = c, j
            assert cost[i, k] == pytest.approx(best, rel=1e-12, abs=1e-12)
            if best_v >= 0:
                assert arg[i, k] == best_v
                assert cost[i, k] == pytest.approx(
                    c1[i, best_v] + c2[best_v, k] + weight * dvb[i, k], rel=1e-12
                )


_comp = st.floats(-12.0, 12.0, allow_nan=False)


@settings(max_examples=300, deadline=None)
@given(st.tuples(_comp, _comp, _comp), st.tuples(_comp, _comp, _comp), st.sampled_from(
    ["venus", "mars", "earth"]))  # fmt: skip
def test_newton_flyby_equals_the_core_kernel(vin, vout, body):
    """The search's Newton solve is the core kernel's physics: same impulse to 1e-9 km/s
    (both converge on rp to ~1e-12 relative), including the rotation penalty below rp_min."""
    # Excess speeds under 10 m/s are no flyby (the hyperbola degenerates towards a parabola,
    # where the two solvers' bracket ends differ): outside what a search ever asks.
    assume(np.linalg.norm(vin) > 0.01 and np.linalg.norm(vout) > 0.01)
    mu, rp_min = GM_KM3_S2[body], flyby_rp_min_km(body)
    ref, _ = _powered_flyby_one(*vin, *vout, mu, rp_min)
    got = _flyby_dv(*vin, *vout, mu, rp_min)
    if np.isnan(ref):
        assert np.isnan(got)
    else:
        assert got == pytest.approx(ref, abs=1e-9)


@pytest.mark.parametrize("keep", ["out", "in"])
def test_reduce_at_flyby_matches_brute_force(keep):
    rng = np.random.default_rng(7)
    ni, nf, no = 4, 3, 5
    c1, c2 = rng.uniform(0, 3, (ni, nf)), rng.uniform(0, 3, (nf, no))
    c2[rng.uniform(size=c2.shape) < 0.2] = np.nan
    vin, vout = rng.normal(0, 4, (ni, nf, 3)), rng.normal(0, 4, (nf, no, 3))
    cost, arg = reduce_at_flyby(c1, vin, c2, vout, "mars", keep=keep, weight=3.0)
    mu, rp_min = GM_KM3_S2["mars"], flyby_rp_min_km("mars")
    full = np.full((ni, nf, no), np.inf)
    for i in range(ni):
        for f in range(nf):
            for o in range(no):
                if np.isfinite(c2[f, o]):
                    dv, _ = powered_flyby_dv(vin[i, f], vout[f, o], mu, rp_min)
                    full[i, f, o] = c1[i, f] + c2[f, o] + 3.0 * dv[0]
    want = full.min(axis=0) if keep == "out" else full.min(axis=2)
    np.testing.assert_allclose(cost, want, rtol=1e-12)
    idx = full.argmin(axis=0) if keep == "out" else full.argmin(axis=2)
    ok = np.isfinite(want)
    assert (arg[ok] == idx[ok]).all() and (arg[~ok] == -1).all()


@pytest.fixture(scope="module")
def im2018():
    # Fast free returns only (Patel et al. 1998: ~1.4 years): total <= 550 days; no entry
    # limit, since the published trajectory itself enters above 14 km/s.
    return roundtrip(
        "earth", "mars", (tdb("2017-11-01"), tdb("2018-03-01")), "free-return",
        max_total_days=550, max_entry_km_s=None,
    )  # fmt: skip


def test_inspiration_mars_2018_free_return(im2018):
    ref = REF["inspiration_mars_2018"]
    r = im2018
    (fb,) = r.flybys
    # Ballistic: no propulsive event at Mars (the residual is the 0.005-day date resolution).
    assert fb.body == "mars" and fb.dv_km_s <= FREE_RETURN_DV_TOL_KM_S
    assert r.stay_days == 0.0 and r.dv_capture_km_s == 0.0 and r.dv_return_km_s == 0.0
    # Dates: ours is the least-C3 ballistic trajectory of the window, the published one a
    # launch date chosen in it with integrated dynamics: 7 days on launch and return.
    assert abs(r.outbound.depart_tdb_s - tdb(ref["launch_utc"])) <= 7 * DAY
    assert abs(r.inbound.arrive_tdb_s - tdb(ref["return_utc"])) <= 7 * DAY
    assert r.total_days == pytest.approx(ref["total_days"], abs=5.0)
    # "speeds will near 32,000 mph" (14.3 km/s): 0.3 km/s for "near" and an unstated entry
    # altitude (ours at 125 km).
    assert r.entry_speed_km_s == pytest.approx(ref["earth_entry_mph"] * MPH_KM_S, abs=0.3)
    # ~100 km at Mars published; Sojourn never flies below its 200 km Mars minimum, and the
    # least-C3 trajectory passes within a few hundred km.
    assert 200.0 - 1e-6 <= fb.altitude_km <= 600.0


def test_free_return_respects_the_entry_limit_by_default():
    r = roundtrip("earth", "mars", (tdb("2017-11-01"), tdb("2018-03-01")), "free-return",
                  max_total_days=550)  # fmt: skip
    assert r.max_entry_km_s == MAX_ENTRY_SPEED_KM_S
    assert r.entry_speed_km_s <= MAX_ENTRY_SPEED_KM_S + 1e-9
    assert r.flybys[0].dv_km_s <= FREE_RETURN_DV_TOL_KM_S
    with pytest.raises(InputError, match="max-entry-km-s"):
        roundtrip("earth", "mars", (tdb("2017-11-01"), tdb("2018-03-01")), "free-return",
                  max_total_days=550, max_entry_km_s=12.0)  # fmt: skip


@pytest.fixture(scope="module")
def opp2033_default():
    return roundtrip("earth", "mars", (tdb("2033-01-01"), tdb("2033-12-31")), "opposition")


def test_opposition_2033_venus_swingby_under_the_limit(opp2033_default):
    r = opp2033_default
    direct = roundtrip("earth", "mars", (tdb("2033-01-01"), tdb("2033-12-31")), "opposition",
                       via="none", max_entry_km_s=None)  # fmt: skip
    # The direct trip re-enters far above the limit (the issue: 16-23 km/s); the default
    # (via auto) respects it with a Venus swing-by and costs less.
    assert direct.entry_speed_km_s > MAX_ENTRY_SPEED_KM_S
    assert r.entry_speed_km_s <= MAX_ENTRY_SPEED_KM_S
    assert r.via == "venus" and len(r.flybys) == 1
    fb = r.flybys[0]
    assert fb.body == "venus" and fb.altitude_km >= 300.0 - 1e-6
    assert r.dv_total_km_s < direct.dv_total_km_s
    # Opposition class (Mattfeld et al. 2014): 30-90-day stay, 400-650 days in all.
    assert 30.0 <= r.stay_days <= 90.0 and 400.0 <= r.total_days <= 650.0 + 1e-6
    # The legs meet: at the flyby the next leg departs where and when the previous arrived.
    legs = r.all_legs
    assert len(legs) == 3
    for x, y in zip(legs[:-1], legs[1:], strict=True):
        assert x.arrive_body == y.depart_body
        if x.arrive_body == "venus":
            assert x.arrive_tdb_s == y.depart_tdb_s == fb.t_tdb_s
            assert np.allclose(x.r2_km, y.r1_km, atol=1e-3)
    assert r.dv_total_km_s == pytest.approx(
        r.dv_depart_km_s + r.dv_capture_km_s + r.dv_return_km_s + fb.dv_km_s
    )
    traj = r.trajectory()
    assert traj.end_tdb_s == pytest.approx(r.inbound.arrive_tdb_s)


def test_venus_forced_and_none_choices(opp2033_default):
    forced = roundtrip("earth", "mars", (tdb("2033-01-01"), tdb("2033-12-31")), "opposition",
                       via="venus")  # fmt: skip
    assert forced.flybys and forced.dv_total_km_s == pytest.approx(
        opp2033_default.dv_total_km_s, rel=1e-9
    )
    # Direct under the limit exists only at a far higher cost (a fast, high-C3 outbound).
    direct = roundtrip("earth", "mars", (tdb("2033-01-01"), tdb("2033-12-31")), "opposition",
                       via="none")  # fmt: skip
    assert direct.entry_speed_km_s <= MAX_ENTRY_SPEED_KM_S and not direct.flybys
    assert direct.dv_total_km_s > opp2033_default.dv_total_km_s + 2.0
    with pytest.raises(InputError, match="max-entry-km-s"):
        roundtrip("earth", "mars", (tdb("2033-01-01"), tdb("2033-12-31")), "opposition",
                  via="none", max_entry_km_s=11.0)  # fmt: skip
    conj = roundtrip("earth", "mars", (tdb("2033-01-01"), tdb("2033-12-31")), "conjunction")
    assert conj.via == "none" and conj.flybys == ()


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"via": "jupiter"}, "'via' must be one of"),
        ({"max_entry_km_s": "fast"}, "'max_entry_km_s' must be a speed"),
        ({"max_entry_km_s": -1.0}, "'max_entry_km_s' must be a speed"),
        ({"mission_class": "free-return", "via": "auto"}, "not searched for a free return"),
        ({"mission_class": "free-return", "stay_days": (10, 20)}, "must be 0..0"),
    ],
)
def test_errors(kwargs, match):
    args = {"mission_class": "opposition", **kwargs}
    with pytest.raises(InputError, match=match):
        roundtrip("earth", "mars", (tdb("2033-01-01"), tdb("2033-03-01")), **args)


def test_cli_free_return_json(capsys):
    rc = main(["roundtrip", "earth", "mars", "--depart", "2017-11-01..2018-03-01",
               "--class", "free-return", "--max-total-days", "550", "--max-entry-km-s", "none",
               "--json"])  # fmt: skip
    assert rc in (0, None)
    d = json.loads(capsys.readouterr().out)
    for res in (d["best"], *d["opportunities"]):
        assert res["stay_days"] == 0.0
        assert res["max_entry_km_s"] is None
        for key in ("total_days", "dv_total_km_s", "entry_speed_km_s"):
            assert isinstance(res[key], float)
        (fb,) = res["flybys"]
        assert set(fb) >= {"body", "utc", "altitude_km", "dv_km_s"}
        assert fb["body"] == "mars" and fb["utc"].startswith("2018-08")


def test_cli_opposition_table_and_errors(capsys):
    rc = main(["roundtrip", "earth", "mars", "--depart", "2033-01-01..2033-12-31",
               "--class", "opposition", "--via", "auto", "--max-entry-km-s", "14"])  # fmt: skip
    assert rc in (0, None)
    out = capsys.readouterr().out
    assert "venus flyby" in out and "entry limit" in out
    for argv, match in (
        (["--via", "pluto"], "'via' must be one of"),
        (["--max-entry-km-s", "abc"], "--max-entry-km-s must be a speed"),
    ):
        rc = main(["roundtrip", "earth", "mars", "--depart", "2033-01-01..2033-03-01", *argv])
        assert rc == 2
        assert match in capsys.readouterr().err


def test_hughes_2021_venus_mars_free_return():
    """Hughes et al. (AIAA 2014-4109): the 2021 Earth-Venus-Mars-Earth free return, launch
    22 Nov 2021, launch / arrival v-inf 4.50 / 6.53 km/s, 582 days. Searched as a user
    would: ballistic flybys, the Earth arrival capped at the published 6.53 km/s (its entry
    speed at 125 km is 12.85 km/s: the limit is 12.86), the least launch energy."""
    ref = REF["hughes_2014_evme_2021"]
    r = roundtrip(
        "earth", "mars", (tdb("2021-11-01"), tdb("2021-12-15")), "free-return", via="venus",
        max_total_days=600, max_entry_km_s=12.86, step_days=2.0,
    )  # fmt: skip
    assert [f.body for f in r.flybys] == ["venus", "mars"]
    assert all(f.dv_km_s <= FREE_RETURN_DV_TOL_KM_S for f in r.flybys)
    assert r.stay_days == 0.0 and r.via == "venus"
    # Patched conics on DE440 against the paper's search (its own ephemeris and model):
    # 3 days on dates, 0.1 km/s on excess speeds (about 2%), 3 days on the total.
    assert abs(r.outbound.depart_tdb_s - tdb(ref["launch_utc"])) <= 3 * DAY
    assert r.outbound.vinf_depart_km_s == pytest.approx(ref["vinf_launch_km_s"], abs=0.1)
    assert r.inbound.vinf_arrive_km_s == pytest.approx(ref["vinf_arrival_km_s"], abs=0.1)
    assert r.total_days == pytest.approx(ref["total_days"], abs=3.0)

"""Earth-Mars round trips (conjunction and opposition class) and "the race" to arrive first.

A round trip is two ballistic legs (patched conics on DE440, :mod:`sojourn.transfer`): out
from the home body (Earth) to the target (Mars), a stay, and back. Its cost is the sum of
three impulses:

- departure from a circular parking orbit at the home body (LEO 200 km by default),
- capture at the target into an elliptic orbit (250 km periapsis, period one sol by default),
- departure from that same orbit for home;

the arrival home is a direct atmospheric entry: no impulse, and the entry speed at the
entry interface (125 km) is reported. Each impulse is applied at periapsis, tangentially:
``dv = sqrt(v_inf^2 + 2 mu / r_p) - v_p(orbit)`` (Curtis, *Orbital Mechanics for Engineering
Students*, 3rd ed., eqs. 8.40-8.42 (departure) and 8.58-8.59 (capture)).

Mission classes (NASA Mars Design Reference Architecture 5.0, NASA-SP-2009-566, 2009,
section 2; Mattfeld, Stromgren et al., "Trades Between Opposition and Conjunction Class
Trajectories for Early Human Missions to Mars", AIAA SPACE 2014):

- **conjunction** (long stay): near-minimum-energy legs both ways, stay about 450-600 days,
  total about 900 days;
- **opposition** (short stay): stay 30-90 days; one leg needs much more energy, total about
  400-650 days; a Venus swing-by on the outbound or the return leg (``via="venus"``, or
  ``"auto"``: the cheaper of direct and Venus, the opposition default) lowers the cost and the
  Earth entry speed;
- **free-return**: Earth-Mars-Earth with a ballistic Mars flyby (no stay, no burn at Mars;
  the flyby altitude is free above the minimum), cheapest departure per opportunity.

Every search respects an Earth entry-speed limit by default
(:data:`sojourn.core.defaults.MAX_ENTRY_SPEED_KM_S`, from a published human Mars study);
``max_entry_km_s=None`` (or 0) lifts it. Swing-by legs are joined by the powered flyby of
:mod:`sojourn.core.flyby` through :mod:`sojourn.mga` (per-leg Lambert grids reduced over the
flyby date in compiled code).

Search method (whole arrays, no Python loop per combination): the departure range is cut
into launch opportunities by a coarse C3 scan; per opportunity an outbound grid
(departure x arrival) and a return grid (target departure x home arrival) of v-infinity
are solved in one Lambert batch each; the stay (and optional total-duration) constraint
couples the two grids, and the best combination is found with array reductions (a 3-D
reduction over departure x arrival x return departure when the total is bounded, using a
prefix minimum over the home-arrival axis). The best cell is then refined on a grid ten
times finer around it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from sojourn.core import ephemeris
from sojourn.core.bodies import check_body_pair, synodic_period_days
from sojourn.core.constants import DAY_S, GM_KM3_S2, RADIUS_KM
from sojourn.core.defaults import (
    CAPTURE_PERIAPSIS_ALT_KM,
    CAPTURE_PERIOD_S,
    ENTRY_INTERFACE_ALT_KM,
    MAX_ENTRY_SPEED_KM_S,
    PARKING_ALT_KM,
)
from sojourn.core.edges import as_days, as_range
from sojourn.core.jobs import axis_size, check_work, count_text
from sojourn.core.maneuvers import capture_dv_km_s, hyperbolic_speed_km_s, injection_dv_km_s
from sojourn.core.time import date_range, utc_iso
from sojourn.errors import InputError
from sojourn.transfer import Transfer, heliocentric_lambert
from sojourn.transfer import transfer as solve_transfer

__all__ = [
    "MAX_ROUNDTRIP_CELLS",
    "MISSION_CLASSES",
    "VIA_CHOICES",
    "RaceEntry",
    "RoundTrip",
    "first_arrival",
    "mission_trajectory",
    "race",
    "rank_race",
    "roundtrip",
]

#: Defaults per mission class: stay and one-leg flight-time bounds, days, and the half-width
#: of the departure window searched around each opportunity's minimum-C3 date, days.
#: Stay bounds from NASA DRA 5.0 (NASA-SP-2009-566) and Mattfeld et al. (AIAA 2014):
#: conjunction ~500-day stays, opposition 30-90 days; an opposition-class trip is bounded
#: to 650 days in all (the long end of the 400-650-day class), else the cheapest
#: "short-stay" trip would simply stretch both legs.
MISSION_CLASSES: dict[str, dict[str, tuple[float, float] | float]] = {
    "conjunction": {
        "stay_days": (450.0, 600.0),
        "tof_days": (110.0, 330.0),
        "window_days": 110.0,
        "max_total_days": math.inf,
    },
    "opposition": {
        "stay_days": (30.0, 90.0),
        "tof_days": (70.0, 420.0),
        "window_days": 170.0,
        "max_total_days": 650.0,
    },
    # A free return flies past the target and home without a stay: "tof_days" bounds each of
    # its two legs; the fast free returns (about 1.4 years; Patel et al. 1998, Tito et al.
    # 2013) need max_total_days near 550, the slower ones run 2-3 years.
    "free-return": {
        "stay_days": (0.0, 0.0),
        "tof_days": (100.0, 500.0),
        "window_days": 0.0,  # the whole synodic cycle around each opportunity
        "max_total_days": math.inf,
    },
}
#: The swing-by choices: "none" (direct legs), "venus" (a Venus flyby on the outbound or on the
#: return leg, whichever is cheaper), "auto" (the cheapest of direct and Venus).
VIA_CHOICES = ("none", "venus", "auto")
#: The default per class: the opposition class is where Venus pays (its direct trips return
#: at 16-23 km/s); a conjunction trip keeps its direct legs.
_DEFAULT_VIA = {"conjunction": "none", "opposition": "auto", "free-return": "none"}
#: Flight-time bounds of the legs to and from a Venus flyby, days (Earth-Venus and Venus-Mars
#: arcs of the inner-planet swing-by missions: 70-250 and 70-350 days).
_VENUS_LEG_DAYS = {"earth": (70.0, 250.0), "mars": (70.0, 350.0)}


#: The work budget of a round-trip search: the largest array (cells) one step may build, the
#: opportunity scan's departure x arrival grid or one opportunity's grids (departure x
#: arrival, target departure x home arrival, and departure x arrival x target departure when
#: the total is bounded). 100 million float64 cells is 0.8 GB an array, a few arrays at once.
MAX_ROUNDTRIP_CELLS = 100_000_000
#: How to make a round-trip search smaller (the message names the CLI options; the mission
#: planner re-raises it naming the mission-file fields).
_SHRINK = "use a larger --step-days, a narrower --stay-days or a shorter --depart range"

_SCAN_STEP_DAYS = 8.0  # the opportunity scan: departure step, days
_SCAN_ARRIVE_STEP_DAYS = 10.0  # and arrival step, days
_SCAN_TOF_DAYS = (120.0, 360.0)  # and flight times, days


@dataclass(frozen=True)
class RoundTrip:
    """A round trip: out, stay, back. Times are TDB seconds past J2000 inside the transfers.

    ``opportunities`` holds the best round trip of each launch opportunity searched (this
    one among them) when the search spanned several; it is empty on those members.
    """

    mission_class: str
    outbound: Transfer
    inbound: Transfer
    dv_depart_km_s: float  # injection from the home parking orbit
    dv_capture_km_s: float  # capture at the target
    dv_return_km_s: float  # departure from the target orbit
    entry_speed_km_s: float  # at home, at the entry interface
    parking_alt_km: float
    capture_periapsis_alt_km: float
    capture_period_s: float | None
    entry_alt_km: float
    opportunities: tuple[RoundTrip, ...] = field(default=(), repr=False)
    #: Every leg in order when the trip has flybys (``outbound`` is then the first leg and
    #: ``inbound`` the last); empty for the two direct legs.
    legs: tuple[Transfer, ...] = ()
    flybys: tuple = ()  # sojourn.mga.Flyby, in date order
    dv_flyby_km_s: float = 0.0  # sum of the flyby impulses
    max_entry_km_s: float | None = None  # the entry-speed limit the search respected
    via: str = "none"

    @property
    def all_legs(self) -> tuple[Transfer, ...]:
        return self.legs or (self.outbound, self.inbound)

    @property
    def target(self) -> str:
        """The target body: where the crew stays, or the body a free return flies past."""
        return self.inbound.depart_body if not self.legs else next(
            (x.arrive_body for x in self.legs if x.arrive_body not in ("venus",)), ""
        )  # fmt: skip

    @property
    def _at_target(self) -> tuple[float, float]:
        """Arrival at and departure from the target, TDB s (equal for a free return)."""
        legs = self.all_legs
        for a, b in zip(legs[:-1], legs[1:], strict=True):
            if a.arrive_body == self.target:
                return a.arrive_tdb_s, b.depart_tdb_s
        return self.outbound.arrive_tdb_s, self.inbound.depart_tdb_s

    @property
    def stay_days(self) -> float:
        t_arr, t_dep = self._at_target
        return (t_dep - t_arr) / DAY_S

    @property
    def total_days(self) -> float:
        return (self.inbound.arrive_tdb_s - self.outbound.depart_tdb_s) / DAY_S

    @property
    def dv_total_km_s(self) -> float:
        return self.dv_depart_km_s + self.dv_capture_km_s + self.dv_return_km_s + self.dv_flyby_km_s

    @property
    def entry_vinf_km_s(self) -> float:
        return self.inbound.vinf_arrive_km_s

    def summary(self) -> dict:
        """This round trip alone: the DESIGN.md ``best`` object (transfers under ``outbound``
        and ``return``) plus the impulse breakdown and the entry conditions."""
        return {
            "outbound": self.outbound.to_dict(),
            "return": self.inbound.to_dict(),
            "depart_utc": self.outbound.depart_utc,
            "return_utc": self.inbound.arrive_utc,
            "arrive_target_utc": utc_iso(self._at_target[0]),
            "depart_target_utc": utc_iso(self._at_target[1]),
            "outbound_days": (self._at_target[0] - self.outbound.depart_tdb_s) / DAY_S,
            "return_days": (self.inbound.arrive_tdb_s - self._at_target[1]) / DAY_S,
            "stay_days": self.stay_days,
            "total_days": self.total_days,
            "dv_total_km_s": self.dv_total_km_s,
            "dv_depart_km_s": self.dv_depart_km_s,
            "dv_capture_km_s": self.dv_capture_km_s,
            "dv_return_km_s": self.dv_return_km_s,
            "entry_vinf_km_s": self.entry_vinf_km_s,
            "entry_speed_km_s": self.entry_speed_km_s,
            "max_entry_km_s": self.max_entry_km_s,
            "flybys": [f.to_dict() for f in self.flybys],
            "dv_flyby_km_s": self.dv_flyby_km_s,
            "via": self.via,
            "legs": [x.to_dict() for x in self.all_legs],
        }

    def to_dict(self) -> dict:
        """The DESIGN.md ``roundtrip`` JSON object: ``best`` and ``opportunities``."""
        opps = self.opportunities or (self,)
        return {
            "from": self.outbound.depart_body,
            "to": self.outbound.arrive_body,
            "class": self.mission_class,
            "best": self.summary(),
            "opportunities": [o.summary() for o in opps],
            "assumptions": {
                "parking_alt_km": self.parking_alt_km,
                "capture_periapsis_alt_km": self.capture_periapsis_alt_km,
                "capture_period_s": self.capture_period_s,
                "entry_alt_km": self.entry_alt_km,
                "max_entry_km_s": self.max_entry_km_s,
                "model": "patched conics, ballistic legs, DE440; impulses at periapsis; "
                "powered flybys (one periapsis impulse, minimum altitude per body); "
                "direct entry at home (no impulse)",
            },
        }

    def trajectory(self):
        """The crew's Sun-centred path over every leg, riding the target during the stay
        (:func:`mission_trajectory` generalised to flybys)."""
        from sojourn.core.trajectory import Trajectory, body_arc, kepler_arc

        pieces = []
        legs = self.all_legs
        for n, x in enumerate(legs):
            pieces.append(kepler_arc(x.depart_tdb_s, x.r1_km, x.v1_km_s, x.arrive_tdb_s))
            if n + 1 < len(legs) and legs[n + 1].depart_tdb_s > x.arrive_tdb_s:
                pieces.append(body_arc(x.arrive_body, x.arrive_tdb_s, legs[n + 1].depart_tdb_s))
        return Trajectory.piecewise(pieces, name="crew vehicle")


# --- Grids ------------------------------------------------------------------------------------
def _leg_vinf(dep_body, arr_body, t_dep, t_arr, tof_min_s, tof_max_s):
    """v-infinity norms (M, N) at departure and arrival of the direct prograde transfers
    between every departure ``t_dep`` (M,) and arrival ``t_arr`` (N,); NaN outside the
    flight-time bounds or where Lambert failed. One Lambert batch over the valid cells."""
    r1, vb1 = ephemeris.state(dep_body, t_dep, center="sun")
    r2, vb2 = ephemeris.state(arr_body, t_arr, center="sun")
    tof = t_arr[None, :] - t_dep[:, None]
    ii, jj = np.nonzero((tof >= tof_min_s) & (tof <= tof_max_s))
    vd = np.full(tof.shape, np.nan)
    va = np.full(tof.shape, np.nan)
    if ii.size:
        v1, v2, _status = heliocentric_lambert(r1[ii], r2[jj], tof[ii, jj], 0, True)
        vd[ii, jj] = np.linalg.norm(v1 - vb1[ii], axis=-1)  # NaN where status != 0
        va[ii, jj] = np.linalg.norm(v2 - vb2[jj], axis=-1)
    return vd, va


def _combine(dv_out, dv_ret, t_arr, t_mdep, t_dep, t_home, stay_min_s, stay_max_s, max_total_s):
    """Best (i, j, k, l) of outbound (i dep, j arr) and return (k dep, l arr) cost grids.

    ``dv_out`` (M, N), ``dv_ret`` (K, L) in km/s, NaN = no transfer. The stay
    ``t_mdep[k] - t_arr[j]`` must lie in [stay_min_s, stay_max_s]; with ``max_total_s`` also
    ``t_home[l] - t_dep[i] <= max_total_s``. Returns None when nothing qualifies.
    """
    out = np.where(np.isfinite(dv_out), dv_out, np.inf)
    ret = np.where(np.isfinite(dv_ret), dv_ret, np.inf)
    stay = t_mdep[None, :] - t_arr[:, None]  # (N, K)
    ok_stay = (stay >= stay_min_s) & (stay <= stay_max_s)
    if max_total_s is None:
        bi = np.argmin(out, axis=0)  # (N,) best departure per arrival
        bo = out[bi, np.arange(out.shape[1])]
        bl = np.argmin(ret, axis=1)  # (K,) best home arrival per target departure
        br = ret[np.arange(ret.shape[0]), bl]
        pair = np.where(ok_stay, bo[:, None] + br[None, :], np.inf)
        j, k = np.unravel_index(np.argmin(pair), pair.shape)
        cost = pair[j, k]
        i, l_ = bi[j], bl[k]
    else:
        # Prefix minimum over home arrival: P[k, l] = min_{l' <= l} ret[k, l'] and its index.
        P = np.minimum.accumulate(ret, axis=1)
        idx = np.where(ret == P, np.arange(ret.shape[1])[None, :], -1)
        argP = np.maximum.accumulate(idx, axis=1)
        lmax = np.searchsorted(t_home, t_dep + max_total_s, side="right") - 1  # (M,)
        Q = np.where(lmax[:, None] >= 0, P[:, np.clip(lmax, 0, None)].T, np.inf)  # (M, K)
        C = out[:, :, None] + Q[:, None, :]  # (M, N, K)
        C = np.where(ok_stay[None, :, :], C, np.inf)
        i, j, k = np.unravel_index(np.argmin(C), C.shape)
        cost = C[i, j, k]
        l_ = argP[k, lmax[i]] if lmax[i] >= 0 else 0
    if not np.isfinite(cost):
        return None
    return int(i), int(j), int(k), int(l_), float(cost)


@dataclass(frozen=True)
class _Setup:
    home: str
    target: str
    mu_home: float
    mu_target: float
    r_park_km: float
    r_cap_km: float
    capture_period_s: float | None
    r_entry_km: float
    tof_min_s: float
    tof_max_s: float
    stay_min_s: float
    stay_max_s: float
    max_total_s: float | None
    max_entry_speed_km_s: float | None
    via: str = "none"


def _entry_ok(s: _Setup, vinf_home_km_s):
    """True where the entry speed at home is within the limit (everywhere without one)."""
    if s.max_entry_speed_km_s is None:
        return np.ones(np.shape(vinf_home_km_s), dtype=bool)
    return hyperbolic_speed_km_s(vinf_home_km_s, s.mu_home, s.r_entry_km) <= s.max_entry_speed_km_s


def _venus_axis(t_a, t_b, a_body, b_body, step_s):
    """Flyby dates between the legs ``a_body -> venus`` (from dates ``t_a``) and
    ``venus -> b_body`` (to dates ``t_b``), on the same step."""
    lo = t_a[0] + _VENUS_LEG_DAYS[a_body][0] * DAY_S
    hi = min(t_a[-1] + _VENUS_LEG_DAYS[a_body][1] * DAY_S,
             t_b[-1] - _VENUS_LEG_DAYS[b_body][0] * DAY_S)  # fmt: skip
    return _axis(lo, hi, step_s) if hi >= lo else np.empty(0)


def _out_venus(s: _Setup, t_dep, t_arr, t_v):
    """Outbound Earth-Venus-target: cost (M, N) reduced over the flyby dates, and its index."""
    from sojourn.mga import leg_vectors, reduce_over_flyby

    e_lo, e_hi = (x * DAY_S for x in _VENUS_LEG_DAYS[s.home])
    m_lo, m_hi = (x * DAY_S for x in _VENUS_LEG_DAYS[s.target])
    vd1, va1 = leg_vectors(s.home, "venus", t_dep, t_v, e_lo, e_hi)
    vd2, va2 = leg_vectors("venus", s.target, t_v, t_arr, m_lo, m_hi)
    c1 = injection_dv_km_s(np.linalg.norm(vd1, axis=-1), s.mu_home, s.r_park_km)
    c2 = capture_dv_km_s(np.linalg.norm(va2, axis=-1), s.mu_target, s.r_cap_km,
                         s.capture_period_s)  # fmt: skip
    cost, arg, _ = reduce_over_flyby(c1, va1, c2, vd2, "venus")
    return np.where(np.isfinite(cost), cost, np.nan), arg


def _ret_venus(s: _Setup, t_mdep, t_home, t_v):
    """Return target-Venus-Earth: cost (K, L) reduced over the flyby dates, and its index."""
    from sojourn.mga import leg_vectors, reduce_over_flyby

    m_lo, m_hi = (x * DAY_S for x in _VENUS_LEG_DAYS[s.target])
    e_lo, e_hi = (x * DAY_S for x in _VENUS_LEG_DAYS[s.home])
    vd1, va1 = leg_vectors(s.target, "venus", t_mdep, t_v, m_lo, m_hi)
    vd2, va2 = leg_vectors("venus", s.home, t_v, t_home, e_lo, e_hi)
    c1 = capture_dv_km_s(np.linalg.norm(vd1, axis=-1), s.mu_target, s.r_cap_km,
                         s.capture_period_s)  # fmt: skip
    c2 = np.where(_entry_ok(s, np.linalg.norm(va2, axis=-1)), 0.0, np.nan)
    cost, arg, _ = reduce_over_flyby(c1, va1, c2, vd2, "venus")
    return np.where(np.isfinite(cost), cost, np.nan), arg


#: The placements of a Venus flyby a search may try, per ``via``: (outbound, return) legs.
_PLACEMENTS = {
    "none": (("direct", "direct"),),
    "venus": (("venus", "direct"), ("direct", "venus")),
    "auto": (("direct", "direct"), ("venus", "direct"), ("direct", "venus")),
}


def _search(s: _Setup, t_dep, t_arr, t_mdep, t_home, placements=None, t_vo=None, t_vr=None):
    """Solve the leg grids on the given date axes and combine.

    Returns ``((t_dep, t_arr, t_mdep, t_home), (t_venus_out, t_venus_ret), placement, cost)``
    (a flyby date None where that leg is direct) or None.
    """
    placements = placements or _PLACEMENTS[s.via]
    step_s = float(t_dep[1] - t_dep[0]) if t_dep.size > 1 else DAY_S
    out_grids, ret_grids = {}, {}
    if any(p[0] == "direct" for p in placements):
        vd_o, va_o = _leg_vinf(s.home, s.target, t_dep, t_arr, s.tof_min_s, s.tof_max_s)
        out_grids["direct"] = (
            injection_dv_km_s(vd_o, s.mu_home, s.r_park_km)
            + capture_dv_km_s(va_o, s.mu_target, s.r_cap_km, s.capture_period_s),
            None,
        )
    if any(p[1] == "direct" for p in placements):
        vd_r, va_r = _leg_vinf(s.target, s.home, t_mdep, t_home, s.tof_min_s, s.tof_max_s)
        dv_ret = capture_dv_km_s(vd_r, s.mu_target, s.r_cap_km, s.capture_period_s)
        ret_grids["direct"] = (np.where(_entry_ok(s, va_r), dv_ret, np.nan), None)
    if any(p[0] == "venus" for p in placements):
        if t_vo is None:
            t_vo = _venus_axis(t_dep, t_arr, s.home, s.target, step_s)
        out_grids["venus"] = _out_venus(s, t_dep, t_arr, t_vo)
    if any(p[1] == "venus" for p in placements):
        if t_vr is None:
            t_vr = _venus_axis(t_mdep, t_home, s.target, s.home, step_s)
        ret_grids["venus"] = _ret_venus(s, t_mdep, t_home, t_vr)
    best = None
    for p in placements:
        (dv_out, arg_o), (dv_ret, arg_r) = out_grids[p[0]], ret_grids[p[1]]
        found = _combine(dv_out, dv_ret, t_arr, t_mdep, t_dep, t_home, s.stay_min_s,
                         s.stay_max_s, s.max_total_s)  # fmt: skip
        if found is None or (best is not None and found[4] >= best[3]):
            continue
        i, j, k, l_, cost = found
        tvo = None if arg_o is None else float(t_vo[arg_o[i, j]])
        tvr = None if arg_r is None else float(t_vr[arg_r[k, l_]])
        best = ((t_dep[i], t_arr[j], t_mdep[k], t_home[l_]), (tvo, tvr), p, cost)
    return best


def _axis(a, b, step_s):
    """Dates ``a, a + step_s, ...`` up to ``b`` (the one date axis, :func:`date_range`)."""
    return date_range(a, b, step_s / DAY_S)


def _check_opportunity(s: _Setup, width_s: float, step_s: float, max_cells: int) -> None:
    """The work budget of one opportunity's grids (departures over ``width_s``), counted from
    the axes' spans as :func:`_opportunity` builds them, before any is built."""
    f, st = s.tof_max_s - s.tof_min_s, s.stay_max_s - s.stay_min_s
    m = axis_size(width_s, step_s)
    n = axis_size(width_s + f, step_s)
    k = axis_size(width_s + f + st, step_s)
    n_home = axis_size(width_s + 2 * f + st, step_s)
    sizes = [(m * n, f"{count_text(m)} departures x {count_text(n)} arrivals"),
             (k * n_home, f"{count_text(k)} target departures x {count_text(n_home)} "
                          "home arrivals"),
             (n * k, f"{count_text(n)} arrivals x {count_text(k)} target departures")]  # fmt: skip
    if s.max_total_s is not None:
        sizes.append((m * n * k, f"{count_text(m)} departures x {count_text(n)} arrivals x "
                                 f"{count_text(k)} target departures"))  # fmt: skip
    cells, text = max(sizes, key=lambda x: x[0])
    check_work(cells, max_cells, "the round-trip search", f"{text} = {count_text(cells)} cells",
               shrink_by=_SHRINK)  # fmt: skip


def _check_scan(t0: float, t1: float, window_s: float, max_cells: int) -> None:
    """The work budget of the opportunity scan over [t0, t1] (:func:`_opportunities`)."""
    span = t1 - t0 + 2 * window_s
    m = axis_size(span, _SCAN_STEP_DAYS * DAY_S)
    n = axis_size(span + (_SCAN_TOF_DAYS[1] - _SCAN_TOF_DAYS[0]) * DAY_S,
                  _SCAN_ARRIVE_STEP_DAYS * DAY_S)  # fmt: skip
    check_work(
        m * n, max_cells, "the launch-opportunity scan", f"{count_text(m)} departures x "
        f"{count_text(n)} arrivals = {count_text(m * n)} cells",
        shrink_by="use a shorter --depart range (search a few decades at a time)",
    )  # fmt: skip


def _opportunity(s: _Setup, d0, d1, step_s, max_cells: int = MAX_ROUNDTRIP_CELLS):
    """Best round trip with Earth departure in [d0, d1]: coarse grid, then a finer one."""
    _check_opportunity(s, d1 - d0, step_s, max_cells)
    t_dep = _axis(d0, d1, step_s)
    t_arr = _axis(d0 + s.tof_min_s, d1 + s.tof_max_s, step_s)
    t_mdep = _axis(t_arr[0] + s.stay_min_s, t_arr[-1] + s.stay_max_s, step_s)
    t_home = _axis(t_mdep[0] + s.tof_min_s, t_mdep[-1] + s.tof_max_s, step_s)
    if s.max_total_s is not None:
        t_home = t_home[t_home <= d1 + s.max_total_s]
        if t_home.size == 0:
            return None
    coarse = _search(s, t_dep, t_arr, t_mdep, t_home)
    if coarse is None:
        return None
    (td, ta, tm, th), (tvo, tvr), placement, _ = coarse
    fine = np.linspace(-step_s, step_s, 21)
    t_dep_f = np.unique(np.clip(td + fine, d0, d1))
    refined = _search(
        s, t_dep_f, ta + fine, tm + fine, th + fine, (placement,),
        None if tvo is None else tvo + fine, None if tvr is None else tvr + fine,
    )  # fmt: skip
    return refined if refined is not None else coarse


#: A free return's Mars flyby impulse is weighed this many times the departure impulse in the
#: grid search, so the search settles on ballistic flybys; what remains after refinement is
#: reported (``dv_flyby_km_s``) and must stay under :data:`FREE_RETURN_DV_TOL_KM_S`.
_FREE_RETURN_WEIGHT = 10.0
#: The largest flyby impulse still called a free return, km/s: 5 m/s, the size of a
#: trajectory-correction manoeuvre, left by the 0.005-day date resolution of the refinement.
FREE_RETURN_DV_TOL_KM_S = 0.005


def _free_return_grid(s: _Setup, t_dep, t_fb, t_home):
    """Best (cost, (t_dep, t_flyby, t_home)) of Earth-target-Earth chains with a flyby."""
    from sojourn.mga import leg_vectors, reduce_over_flyby

    if t_dep.size == 0 or t_fb.size == 0 or t_home.size == 0:
        return None
    vd1, va1 = leg_vectors(s.home, s.target, t_dep, t_fb, s.tof_min_s, s.tof_max_s)
    vd2, va2 = leg_vectors(s.target, s.home, t_fb, t_home, s.tof_min_s, s.tof_max_s)
    c1 = injection_dv_km_s(np.linalg.norm(vd1, axis=-1), s.mu_home, s.r_park_km)
    c2 = np.where(_entry_ok(s, np.linalg.norm(va2, axis=-1)), 0.0, np.nan)
    cost, arg, _ = reduce_over_flyby(c1, va1, c2, vd2, s.target, weight=_FREE_RETURN_WEIGHT)
    if s.max_total_s is not None:
        cost = np.where(t_home[None, :] - t_dep[:, None] <= s.max_total_s, cost, np.inf)
    i, l_ = np.unravel_index(np.argmin(cost), cost.shape)
    if not np.isfinite(cost[i, l_]):
        return None
    return float(cost[i, l_]), (float(t_dep[i]), float(t_fb[arg[i, l_]]), float(t_home[l_]))


def _evme_grid(s: _Setup, t_dep, t_v, t_m, t_home):
    """Best (cost, (t_dep, t_venus, t_target, t_home)) of Earth-Venus-target-Earth chains.

    Separable given the middle (Venus-target) leg: the best Earth departure for each middle
    leg (through the Venus flyby) plus the best Earth arrival for it (through the target
    flyby), each one compiled reduction (:func:`sojourn.mga.reduce_at_flyby`)."""
    from sojourn.mga import leg_vectors, reduce_at_flyby

    if min(t_dep.size, t_v.size, t_m.size, t_home.size) == 0:
        return None
    ev = tuple(x * DAY_S for x in _VENUS_LEG_DAYS[s.home])
    vm = tuple(x * DAY_S for x in _VENUS_LEG_DAYS[s.target])
    vd1, va1 = leg_vectors(s.home, "venus", t_dep, t_v, *ev)
    vd2, va2 = leg_vectors("venus", s.target, t_v, t_m, *vm)
    vd3, va3 = leg_vectors(s.target, s.home, t_m, t_home, s.tof_min_s, s.tof_max_s)
    c_inj = injection_dv_km_s(np.linalg.norm(vd1, axis=-1), s.mu_home, s.r_park_km)
    mid = np.where(np.isfinite(vd2[..., 0]), 0.0, np.nan)
    pen = np.where(_entry_ok(s, np.linalg.norm(va3, axis=-1)), 0.0, np.nan)
    a_cost, a_arg = reduce_at_flyby(c_inj, va1, mid, vd2, "venus", keep="out",
                                    weight=_FREE_RETURN_WEIGHT)  # fmt: skip
    c_cost, c_arg = reduce_at_flyby(mid, va2, pen, vd3, s.target, keep="in",
                                    weight=_FREE_RETURN_WEIGHT)  # fmt: skip
    total = a_cost + c_cost
    if s.max_total_s is not None:
        ok = (a_arg >= 0) & (c_arg >= 0)
        span = t_home[np.clip(c_arg, 0, None)] - t_dep[np.clip(a_arg, 0, None)]
        total = np.where(ok & (span <= s.max_total_s), total, np.inf)
    v, m = np.unravel_index(np.argmin(total), total.shape)
    if not np.isfinite(total[v, m]):
        return None
    dates = (float(t_dep[a_arg[v, m]]), float(t_v[v]), float(t_m[m]), float(t_home[c_arg[v, m]]))
    return float(total[v, m]), dates


def _evme_opportunity(s: _Setup, d0, d1, step_s, max_cells: int = MAX_ROUNDTRIP_CELLS):
    """Cheapest ballistic Earth-Venus-target-Earth free return departing in [d0, d1]: a
    coarse grid, then three grids each ten times finer around the best."""
    ev, vm = _VENUS_LEG_DAYS[s.home], _VENUS_LEG_DAYS[s.target]
    t_dep = _axis(d0, d1, step_s)
    t_v = _axis(d0 + ev[0] * DAY_S, d1 + ev[1] * DAY_S, step_s)
    t_m = _axis(t_v[0] + vm[0] * DAY_S, t_v[-1] + vm[1] * DAY_S, step_s)
    t_home = _axis(t_m[0] + s.tof_min_s, t_m[-1] + s.tof_max_s, step_s)
    if s.max_total_s is not None:
        t_m = t_m[t_m <= d1 + s.max_total_s]
        t_home = t_home[t_home <= d1 + s.max_total_s]
    cells = max(t_dep.size * t_v.size * t_m.size, t_v.size * t_m.size * t_home.size)
    check_work(cells, max_cells * 10, "the free-return search",
               f"{count_text(cells)} chains through one flyby", shrink_by=_SHRINK)  # fmt: skip
    best = _evme_grid(s, t_dep, t_v, t_m, t_home)
    if best is None:
        return None
    h = step_s
    for _ in range(3):
        fine = np.linspace(-h, h, 21)
        td, tv, tm, th = best[1]
        again = _evme_grid(s, np.unique(np.clip(td + fine, d0, d1)), tv + fine, tm + fine,
                           th + fine)  # fmt: skip
        if again is None:
            break
        best = again if again[0] <= best[0] else best
        h /= 10.0
    return best[1], best[0]


def _free_return_opportunity(s: _Setup, d0, d1, step_s, max_cells: int = MAX_ROUNDTRIP_CELLS):
    """Cheapest ballistic Earth-target-Earth chain departing in [d0, d1]: a coarse grid, then
    three grids each ten times finer around the best (0.005-day resolution from 5 days)."""
    if s.via == "venus":
        return _evme_opportunity(s, d0, d1, step_s, max_cells)
    f_lo, f_hi = s.tof_min_s, s.tof_max_s
    m = axis_size(d1 - d0, step_s)
    n = axis_size(d1 - d0 + f_hi - f_lo, step_s)
    k = axis_size(d1 - d0 + 2 * (f_hi - f_lo), step_s)
    check_work(m * n * k, max_cells * 10, "the free-return search",
               f"{count_text(m)} departures x {count_text(n)} flybys x {count_text(k)} "
               f"returns = {count_text(m * n * k)} chains", shrink_by=_SHRINK)  # fmt: skip
    t_dep = _axis(d0, d1, step_s)
    t_fb = _axis(d0 + f_lo, d1 + f_hi, step_s)
    t_home = _axis(t_fb[0] + f_lo, t_fb[-1] + f_hi, step_s)
    if s.max_total_s is not None:
        t_home = t_home[t_home <= d1 + s.max_total_s]
    best = _free_return_grid(s, t_dep, t_fb, t_home)
    if best is None:
        return None
    h = step_s
    for _ in range(3):
        fine = np.linspace(-h, h, 21)
        td, tf, th = best[1]
        again = _free_return_grid(s, np.unique(np.clip(td + fine, d0, d1)), tf + fine, th + fine)
        if again is None:
            break
        best = again if again[0] <= best[0] else best
        h /= 10.0
    return best[1], best[0]


def _opportunities(s: _Setup, t0, t1, window_s):
    """Departure windows [d0, d1] (within [t0, t1]) around each minimum-C3 date."""
    syn_s = synodic_period_days(s.home, s.target, 0.5 * (t0 + t1)) * DAY_S
    if t1 - t0 < 0.6 * syn_s:
        # One opportunity at most: search the whole range.
        return [(t0, t1)]
    margin = window_s
    scan_step = _SCAN_STEP_DAYS * DAY_S
    f_lo, f_hi = _SCAN_TOF_DAYS[0] * DAY_S, _SCAN_TOF_DAYS[1] * DAY_S
    t_scan = _axis(t0 - margin, t1 + margin, scan_step)
    t_arr = _axis(t_scan[0] + f_lo, t_scan[-1] + f_hi, _SCAN_ARRIVE_STEP_DAYS * DAY_S)
    vd, _ = _leg_vinf(s.home, s.target, t_scan, t_arr, f_lo, f_hi)
    c3 = np.nanmin(np.where(np.isfinite(vd), vd * vd, np.inf), axis=1)
    order = np.argsort(c3, kind="stable")
    taken = np.zeros(t_scan.size, dtype=bool)
    # Local minima far above the best are the far side of the synodic cycle, not launch
    # opportunities (Earth-Mars minimum C3 runs ~8-20 km2/s2 per opportunity).
    c3_cap = max(3.0 * float(c3[order[0]]), float(c3[order[0]]) + 20.0)
    centres = []
    for m in order:  # greedy: lowest C3 first, then exclude +-half a synodic period
        if taken[m] or not np.isfinite(c3[m]):
            continue
        taken |= np.abs(t_scan - t_scan[m]) < 0.5 * syn_s
        if 0 < m < t_scan.size - 1 and c3[m] <= c3_cap:  # a real minimum, not an edge
            centres.append(t_scan[m])
    windows = []
    for c in sorted(centres):
        d0, d1 = max(t0, c - window_s), min(t1, c + window_s)
        if d1 >= d0:
            windows.append((d0, d1))
    return windows or [(t0, t1)]


def roundtrip(
    depart_body: str = "earth",
    target: str = "mars",
    depart_tdb_s: tuple[float, float] = (0.0, 0.0),
    mission_class: str = "conjunction",
    stay_days: tuple[float, float] | None = None,
    max_total_days: float | None = None,
    step_days: float = 5.0,
    *,
    tof_days: tuple[float, float] | None = None,
    parking_alt_km: float = PARKING_ALT_KM,
    capture_periapsis_alt_km: float = CAPTURE_PERIAPSIS_ALT_KM,
    capture_period_s: float | None = CAPTURE_PERIOD_S,
    entry_alt_km: float = ENTRY_INTERFACE_ALT_KM,
    max_entry_km_s: float | str | None = MAX_ENTRY_SPEED_KM_S,
    via: str | None = None,
    max_entry_speed_km_s: float | None = None,
    progress: Callable[[int, int], None] | None = None,
    max_cells: int = MAX_ROUNDTRIP_CELLS,
) -> RoundTrip:
    """Minimum total delta-v round trip from ``depart_body`` to ``target`` and back.

    Parameters
    ----------
    depart_body, target : str
        Home and target bodies (ephemeris names), e.g. ``"earth"`` and ``"mars"``.
    depart_tdb_s : (float, float)
        Range of home departure dates, TDB seconds past J2000.
    mission_class : {"conjunction", "opposition", "free-return"}
        Sets the default stay and one-leg flight-time bounds (:data:`MISSION_CLASSES`). A
        free return flies past ``target`` without a burn and comes home (stay 0).
    stay_days : (float, float), optional
        Stay at the target, days (default per class: 450-600 or 30-90).
    max_total_days : float, optional
        Upper bound on the whole trip, home departure to home arrival, days; None takes the
        class default (none for conjunction, 650 for opposition), ``math.inf`` lifts it.
    step_days : float
        Grid step of the coarse search, days (0.5-30); the best cell is refined on a grid
        ten times finer.
    tof_days : (float, float), optional
        Bounds on each leg's flight time, days (default per class).
    parking_alt_km : float
        Circular parking orbit altitude at home, km (LEO 200 km).
    capture_periapsis_alt_km, capture_period_s : float, float or None
        Target orbit: periapsis altitude, km, and period, s (default 250 km x 1 sol for
        Mars; None for a circular orbit).
    entry_alt_km : float
        Entry interface altitude at home, km, where the entry speed is reported.
    max_entry_km_s : float, "none" or None
        Reject returns whose entry speed at ``entry_alt_km`` exceeds this, km/s. Default
        :data:`sojourn.core.defaults.MAX_ENTRY_SPEED_KM_S` (14 km/s, Striepe et al. 1993);
        None, 0 or "none" lifts the limit.
    via : {"none", "venus", "auto"}, optional
        Swing-bys: "venus" flies a Venus flyby on the outbound or the return leg (whichever is
        cheaper), "auto" the cheapest of direct and Venus; default "auto" for the opposition
        class, "none" otherwise. A free return takes "none" (Earth-target-Earth) or "venus"
        (Earth-Venus-target-Earth, both flybys ballistic).
    max_entry_speed_km_s : float, optional
        The former name of ``max_entry_km_s``; when given it wins.
    progress : callable(done, total), optional
        Called after each launch opportunity is searched.
    max_cells : int
        The work budget: the largest grid the search may build, cells (counted before any
        date axis is built; see :data:`MAX_ROUNDTRIP_CELLS`).

    Returns
    -------
    RoundTrip
        The overall best; ``.opportunities`` holds the best of each launch opportunity in
        the range, in date order.

    Raises
    ------
    InputError
        Unknown class, bad ranges or step, or no round trip satisfies the constraints.
    """
    if mission_class not in MISSION_CLASSES:
        raise InputError(
            f"'mission_class' must be one of {', '.join(MISSION_CLASSES)}, got {mission_class!r}"
        )
    via = _DEFAULT_VIA[mission_class] if via is None else str(via).lower()
    if via not in VIA_CHOICES:
        raise InputError(f"'via' must be one of {', '.join(VIA_CHOICES)}, got {via!r}")
    free_return = mission_class == "free-return"
    if free_return and via == "auto":
        raise InputError(
            "'via' 'auto' is not searched for a free return; give --via none "
            "(Earth-Mars-Earth) or --via venus (Earth-Venus-Mars-Earth)"
        )
    max_entry = _entry_limit(
        max_entry_km_s if max_entry_speed_km_s is None else max_entry_speed_km_s
    )
    defaults = MISSION_CLASSES[mission_class]
    home, tgt = str(depart_body).lower(), str(target).lower()
    for name, body in (("depart_body", home), ("target", tgt)):
        if body not in GM_KM3_S2 or body == "sun" or body not in RADIUS_KM:
            planets = ", ".join(b for b in GM_KM3_S2 if b not in ("sun", "moon"))
            raise InputError(f"'{name}' must be a planet ({planets}), got {body!r}")
    if home == tgt:
        raise InputError(f"'target' must differ from 'depart_body', both are {home!r}")
    check_body_pair(home, tgt)  # not the Earth and its Moon
    t0, t1 = as_range(depart_tdb_s, "depart_tdb_s")
    s_lo, s_hi = as_range(stay_days or defaults["stay_days"], "stay_days", DAY_S)
    if s_lo < 0:
        raise InputError(f"'stay_days' must be >= 0, got {s_lo / DAY_S:g}")
    if free_return and s_hi > 0:
        raise InputError(f"'stay_days' must be 0..0 for a free return, got {s_hi / DAY_S:g}")
    f_lo, f_hi = as_range(tof_days or defaults["tof_days"], "tof_days", DAY_S)
    if f_lo <= 0:
        raise InputError(f"'tof_days' must be > 0, got {f_lo / DAY_S:g}")
    step_days = as_days(step_days, "step_days")
    if not (0.5 <= float(step_days) <= 30.0):
        raise InputError(f"'step_days' must be in [0.5, 30], got {step_days!r}")
    if max_total_days is None:
        max_total_days = float(defaults["max_total_days"])
    max_total_s = None
    if math.isnan(float(max_total_days)) or float(max_total_days) == -math.inf:
        raise InputError(
            f"'max_total_days' must be a number of days (or inf for no limit), got "
            f"{max_total_days!r}; e.g. 650"
        )
    if not math.isinf(float(max_total_days)):
        if not float(max_total_days) >= 2 * f_lo / DAY_S + s_lo / DAY_S:
            raise InputError(
                f"'max_total_days' {max_total_days:g} is shorter than two legs of "
                f"{f_lo / DAY_S:g} days plus a stay of {s_lo / DAY_S:g} days; raise it or "
                "lower the stay"
            )
        max_total_s = float(max_total_days) * DAY_S
    setup = _Setup(
        home=home,
        target=tgt,
        mu_home=GM_KM3_S2[home],
        mu_target=GM_KM3_S2[tgt],
        r_park_km=RADIUS_KM[home] + float(parking_alt_km),
        r_cap_km=RADIUS_KM[tgt] + float(capture_periapsis_alt_km),
        capture_period_s=None if capture_period_s is None else float(capture_period_s),
        r_entry_km=RADIUS_KM[home] + float(entry_alt_km),
        tof_min_s=f_lo,
        tof_max_s=f_hi,
        stay_min_s=s_lo,
        stay_max_s=s_hi,
        max_total_s=max_total_s,
        max_entry_speed_km_s=max_entry,
        via=via,
    )
    # Checks the capture orbit once (InputError for an impossible period).
    capture_dv_km_s(0.0, setup.mu_target, setup.r_cap_km, setup.capture_period_s)
    step_s = float(step_days) * DAY_S
    # The work budget, before any date axis exists: the scan, then one opportunity's grids
    # (each opportunity is checked again on its own window, in _opportunity).
    syn_s = synodic_period_days(home, tgt, 0.5 * (t0 + t1)) * DAY_S
    window_s = float(defaults["window_days"]) * DAY_S
    if via != "none" or free_return:
        # Swing-by and free-return departures lie anywhere in the synodic cycle (a Venus
        # outbound leaves months before the direct window): search all of it.
        window_s = 0.5 * syn_s
    if t1 - t0 >= 0.6 * syn_s:
        _check_scan(t0, t1, window_s, max_cells)
    if not free_return:
        _check_opportunity(setup, min(t1 - t0, 2 * window_s), step_s, max_cells)
    windows = _opportunities(setup, t0, t1, window_s)
    found = []
    for n, (d0, d1) in enumerate(windows):
        if free_return:
            best = _free_return_opportunity(setup, d0, d1, step_s, max_cells)
        else:
            best = _opportunity(setup, d0, d1, step_s, max_cells)
        if best is not None:
            found.append(best)
        if progress is not None:
            progress(n + 1, len(windows))
    lim = "" if max_entry is None else f", Earth entry <= {max_entry:g} km/s"
    if not found:
        raise InputError(
            f"no {mission_class}-class round trip {home}-{tgt}-{home} departing in the range "
            f"with stay {s_lo / DAY_S:g}-{s_hi / DAY_S:g} days"
            + (f" and total <= {max_total_days:g} days" if max_total_s is not None else "")
            + lim
            + "; widen --depart, --stay-days or --max-total-days"
            + (", or raise --max-entry-km-s (none lifts it)" if lim else "")
        )
    keep = dict(parking_alt_km=parking_alt_km, capture_alt_km=capture_periapsis_alt_km,
                entry_alt_km=entry_alt_km)  # fmt: skip
    if free_return:
        trips = [_build_free_return(setup, dates, **keep) for dates, _ in found]
        trips = [t for t in trips if max(f.dv_km_s for f in t.flybys) <= FREE_RETURN_DV_TOL_KM_S]
        if not trips:
            raise InputError(
                f"no ballistic {home}-{tgt}-{home} free return departing in the range{lim} "
                f"(the best needs more than {FREE_RETURN_DV_TOL_KM_S * 1000:g} m/s at "
                f"{tgt}); widen --depart or --max-total-days"
                + (", or raise --max-entry-km-s" if lim else "")
            )
    else:
        trips = [_build(setup, mission_class, *f[:3], **keep) for f in found]
    best = min(trips, key=lambda r: r.dv_total_km_s)
    return RoundTrip(**{**best.__dict__, "opportunities": tuple(trips)})


def _entry_limit(value) -> float | None:
    """The entry-speed limit, km/s, or None for none ("none", None and 0 lift it)."""
    if value is None or (isinstance(value, str) and value.strip().lower() == "none"):
        return None
    try:
        v = float(value)
    except (TypeError, ValueError) as exc:
        raise InputError(
            f"'max_entry_km_s' must be a speed in km/s or 'none', got {value!r}; e.g. 14"
        ) from exc
    if isinstance(value, bool) or math.isnan(v) or v < 0:
        raise InputError(
            f"'max_entry_km_s' must be a speed >= 0 km/s or 'none', got {value!r}; e.g. 14"
        )
    return None if v == 0 or math.isinf(v) else v


def _build(s: _Setup, mission_class, dates, flyby_dates, placement, *, parking_alt_km,
           capture_alt_km, entry_alt_km):  # fmt: skip
    from sojourn.mga import flyby_between

    td, ta, tm, th = (float(x) for x in dates)
    tvo, tvr = flyby_dates
    if tvo is None:
        out_legs = (solve_transfer(s.home, s.target, td, ta),)
    else:
        out_legs = (solve_transfer(s.home, "venus", td, tvo),
                    solve_transfer("venus", s.target, tvo, ta))  # fmt: skip
    if tvr is None:
        ret_legs = (solve_transfer(s.target, s.home, tm, th),)
    else:
        ret_legs = (solve_transfer(s.target, "venus", tm, tvr),
                    solve_transfer("venus", s.home, tvr, th))  # fmt: skip
    legs = out_legs + ret_legs
    flybys = tuple(flyby_between(a, b) for a, b in zip(legs[:-1], legs[1:], strict=True)
                   if a.arrive_body == "venus")  # fmt: skip
    out, back = legs[0], legs[-1]
    return RoundTrip(
        mission_class=mission_class,
        outbound=out,
        inbound=back,
        dv_depart_km_s=float(injection_dv_km_s(out.vinf_depart_km_s, s.mu_home, s.r_park_km)),
        dv_capture_km_s=float(
            capture_dv_km_s(
                out_legs[-1].vinf_arrive_km_s, s.mu_target, s.r_cap_km, s.capture_period_s
            )  # fmt: skip
        ),
        dv_return_km_s=float(
            capture_dv_km_s(
                ret_legs[0].vinf_depart_km_s, s.mu_target, s.r_cap_km, s.capture_period_s
            )  # fmt: skip
        ),
        entry_speed_km_s=float(
            hyperbolic_speed_km_s(back.vinf_arrive_km_s, s.mu_home, s.r_entry_km)
        ),
        parking_alt_km=float(parking_alt_km),
        capture_periapsis_alt_km=float(capture_alt_km),
        capture_period_s=s.capture_period_s,
        entry_alt_km=float(entry_alt_km),
        legs=legs if flybys else (),
        flybys=flybys,
        dv_flyby_km_s=float(sum(f.dv_km_s for f in flybys)),
        max_entry_km_s=s.max_entry_speed_km_s,
        via="venus" if flybys else "none",
    )


def _build_free_return(s: _Setup, dates, *, parking_alt_km, capture_alt_km, entry_alt_km):
    from sojourn.mga import flyby_between

    if len(dates) == 4:  # Earth-Venus-target-Earth
        td, tv, tm, th = (float(x) for x in dates)
        legs = (solve_transfer(s.home, "venus", td, tv), solve_transfer("venus", s.target, tv, tm),
                solve_transfer(s.target, s.home, tm, th))  # fmt: skip
    else:
        td, tf, th = (float(x) for x in dates)
        legs = (solve_transfer(s.home, s.target, td, tf), solve_transfer(s.target, s.home, tf, th))
    flybys = tuple(flyby_between(a, b) for a, b in zip(legs[:-1], legs[1:], strict=True))
    out, back = legs[0], legs[-1]
    return RoundTrip(
        mission_class="free-return",
        outbound=out,
        inbound=back,
        dv_depart_km_s=float(injection_dv_km_s(out.vinf_depart_km_s, s.mu_home, s.r_park_km)),
        dv_capture_km_s=0.0,
        dv_return_km_s=0.0,
        entry_speed_km_s=float(
            hyperbolic_speed_km_s(back.vinf_arrive_km_s, s.mu_home, s.r_entry_km)
        ),
        parking_alt_km=float(parking_alt_km),
        capture_periapsis_alt_km=float(capture_alt_km),
        capture_period_s=s.capture_period_s,
        entry_alt_km=float(entry_alt_km),
        legs=legs,
        flybys=flybys,
        dv_flyby_km_s=float(sum(f.dv_km_s for f in flybys)),
        max_entry_km_s=s.max_entry_speed_km_s,
        via="venus" if len(legs) == 3 else "none",
    )


# --- The race ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class RaceEntry:
    """One contender in :func:`race`: its place (1 = first to arrive) and its transfer."""

    rank: int
    label: str
    transfer: Transfer
    behind_days: float  # arrival after the winner's, days (0 for the winner)

    def to_dict(self) -> dict:
        return {
            "rank": self.rank,
            "label": self.label,
            "behind_days": self.behind_days,
            "transfer": self.transfer.to_dict(),
        }


def _earliest_arrival(dep, arr, t_dep, c3_max, tof_days, step_days=1.0) -> float | None:
    """Earliest arrival (TDB s) of a direct transfer leaving at ``t_dep`` with C3 <= c3_max."""
    lo, hi = tof_days
    tofs = np.arange(lo, hi + step_days, step_days) * DAY_S
    vd, _ = _leg_vinf(dep, arr, np.array([t_dep]), t_dep + tofs, 0.0, np.inf)
    ok = np.nonzero(vd[0] ** 2 <= c3_max)[0]
    if ok.size == 0:
        return None
    j = int(ok[0])
    if j == 0:
        return float(t_dep + tofs[0])
    # Refine inside the last step that failed: 0.01-day resolution.
    fine = np.linspace(tofs[j - 1], tofs[j], 101)
    vf, _ = _leg_vinf(dep, arr, np.array([t_dep]), t_dep + fine, 0.0, np.inf)
    k = int(np.nonzero(vf[0] ** 2 <= c3_max)[0][0]) if np.any(vf[0] ** 2 <= c3_max) else 100
    return float(t_dep + fine[k])


def race(
    departures: Sequence,
    depart_body: str = "earth",
    arrive_body: str = "mars",
    *,
    c3_max_km2_s2: float | None = None,
    tof_days: tuple[float, float] = (30.0, 500.0),
) -> list[RaceEntry]:
    """Rank departures by arrival date: who gets there first.

    Parameters
    ----------
    departures : sequence
        Each a :class:`~sojourn.transfer.Transfer`, a ``(label, depart_tdb_s, arrive_tdb_s)``
        triple, or a ``(label, depart_tdb_s)`` pair; a pair flies the fastest direct transfer
        whose C3 is at most ``c3_max_km2_s2`` (flight times within ``tof_days``, resolved to
        0.01 day).
    depart_body, arrive_body : str
        Bodies for the triples and pairs.
    c3_max_km2_s2 : float, optional
        Launch-energy limit for pairs, km^2/s^2.

    Returns
    -------
    list of RaceEntry
        Ordered by arrival (ties by departure); ``rank`` 1 arrives first.

    Raises
    ------
    InputError
        An entry of the wrong shape, a pair without ``c3_max_km2_s2``, or a pair for which no
        transfer within the limit exists.
    """
    if len(departures) == 0:
        raise InputError("'departures' is empty; give at least one (label, depart, arrive)")
    if any(not isinstance(item, Transfer) for item in departures):
        depart_body, arrive_body = check_body_pair(depart_body, arrive_body)  # not earth earth
    contenders: list[tuple[str, Transfer]] = []
    for n, item in enumerate(departures):
        if isinstance(item, Transfer):
            label = f"{item.depart_body}-{item.depart_utc[:10]}"
            contenders.append((label, item))
            continue
        if not isinstance(item, list | tuple) or len(item) not in (2, 3):
            raise InputError(
                f"'departures[{n}]' must be a Transfer, (label, depart_tdb_s, arrive_tdb_s) or "
                f"(label, depart_tdb_s), got {item!r}"
            )
        label, t_dep = str(item[0]), float(item[1])
        if len(item) == 3:
            t_arr = float(item[2])
        else:
            if c3_max_km2_s2 is None:
                raise InputError(
                    f"departure {label!r} has no arrival date; give one or set a C3 limit "
                    "(c3_max_km2_s2 / --c3-max) so the fastest transfer under it is flown"
                )
            t_arr = _earliest_arrival(
                depart_body, arrive_body, t_dep, float(c3_max_km2_s2), tof_days
            )
            if t_arr is None:
                raise InputError(
                    f"departure {label!r}: no direct transfer with C3 <= {c3_max_km2_s2:g} "
                    f"km2/s2 within {tof_days[0]:g}-{tof_days[1]:g} days; raise the C3 limit "
                    "or move the date into a launch window"
                )
        contenders.append((label, solve_transfer(depart_body, arrive_body, t_dep, t_arr)))
    first_of: dict[str, int] = {}
    for n, (label, _) in enumerate(contenders):
        if label in first_of:  # findings and tables name contenders by label
            raise InputError(
                f"the label {label!r} is given twice (entries {first_of[label] + 1} and "
                f"{n + 1}); give each contender its own label"
            )
        first_of[label] = n
    return rank_race([RaceEntry(0, lab, t, 0.0) for lab, t in contenders])


def rank_race(entries: Sequence[RaceEntry]) -> list[RaceEntry]:
    """The entries in order of arrival (ties by departure), ranked and timed from the first.

    Use it to add contenders to a race already run (e.g. a planned mission against rivals
    from :func:`race`): the incoming ``rank`` and ``behind_days`` are ignored.

    Returns
    -------
    list of RaceEntry
        ``rank`` 1 arrives first; ``behind_days`` is each arrival after the winner's, days.
    """
    if len(entries) == 0:
        raise InputError("'entries' is empty; give at least one RaceEntry")
    ordered = sorted(entries, key=lambda x: (x.transfer.arrive_tdb_s, x.transfer.depart_tdb_s))
    first = ordered[0].transfer.arrive_tdb_s
    return [
        RaceEntry(n + 1, x.label, x.transfer, (x.transfer.arrive_tdb_s - first) / DAY_S)
        for n, x in enumerate(ordered)
    ]


# --- The crew's path over a round trip -------------------------------------------------------
def mission_trajectory(outbound: Transfer, inbound: Transfer | None, target: str):
    """The crew's Sun-centred path: outbound arc, the target body during the stay, return arc.

    Parameters
    ----------
    outbound : Transfer
        Home to target (two-body arc about the Sun from its departure state).
    inbound : Transfer or None
        Target to home; None for a one-way mission (the path ends on arrival).
    target : str
        The target body (ephemeris name): the crew rides it between the legs.

    Returns
    -------
    sojourn.core.trajectory.Trajectory
        Over [outbound departure, last arrival], ICRF, km and km/s about the Sun. At a seam
        instant the earlier piece answers (the arc and the body agree there to Lambert
        precision).
    """
    from sojourn.core.trajectory import Trajectory, body_arc, kepler_arc

    out, back = outbound, inbound
    pieces = [kepler_arc(out.depart_tdb_s, out.r1_km, out.v1_km_s, out.arrive_tdb_s)]
    if back is not None:
        pieces.append(body_arc(target, out.arrive_tdb_s, back.depart_tdb_s))
        pieces.append(kepler_arc(back.depart_tdb_s, back.r1_km, back.v1_km_s, back.arrive_tdb_s))
    return Trajectory.piecewise(pieces, name="crew vehicle")


def first_arrival(departures: Sequence, *args, **kwargs) -> RaceEntry:
    """The winner of :func:`race` (same arguments): the departure that arrives first."""
    return race(departures, *args, **kwargs)[0]

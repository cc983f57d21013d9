"""Each astronaut against their own agency's limits, with the quantity each limit bounds.

Career limits (mSv of **effective dose**), stored verbatim with their sources in
``tests/reference/radiation_limits.toml``:

- NASA: 600 mSv effective dose for all ages and both sexes. NASEM (2021) "Space Radiation and
  Astronaut Health", doi:10.17226/26155, ch. 3 reviews "NASA's proposal to revise its space
  radiation standard in terms of effective dose ... applied universally for sex and age";
  the 600 mSv figure is stored from Live Science (2022), "NASA asked ... to assess the space
  agency's plan to change its career radiation limit to 600 mSv for all astronauts of all
  ages". The text of NASA-STD-3001 Vol. 1 Rev. B (2022) itself was not found in a stored
  source; the adoption there is stated, not quoted.
- ESA, Roscosmos (RSA), CSA: 1,000 mSv, "No sex or age dependency" (NASEM 2021, Table 3-1).
- JAXA: "3 percent REID @ the mean", sex- and age-dependent, "Lower limit: 500 mSv for 27- to
  30-year-old female", "Upper limit: 1,000 mSv for > 46-year-old male" (NASEM 2021, Table
  3-1). Those two cells are the whole of the table found in a stored source: JAXA's own table
  (its 2013 rules after ICRP 103) was not readable offline. A member in another cell (or with
  age or sex not given) is judged against the table's lowest published value, 500 mSv, and
  ``limit_basis`` says so; give ``limit_msv`` for the member's own cell. The age is the age
  at **first flight** (``age_at_first_flight``; for a member with no prior dose, the age now).

Short-term (deterministic) limits: blood-forming organs 250 mGy-Eq per 30 days and 500 per
year, NCRP Report 132 (2000) as carried into NASA-STD-3001. Those values are **recalled, not
checked**: no stored source with them was found in this work (NCRP 132 itself is not public).
mGy-Eq is the RBE-weighted absorbed dose; Sojourn compares the BFO dose equivalent (Q, not RBE;
close for GCR and solar protons) with them, and says so. The worst 30-day and 365-day windows
come from the mission's daily dose series (:func:`max_window_msv`, vectorized cumulative sums).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sojourn.errors import InputError

__all__ = [
    "CAREER_LIMITS",
    "JAXA_PUBLISHED_CELLS",
    "LIMIT_QUANTITIES",
    "SHORT_TERM_BFO_MGY_EQ",
    "CareerLimit",
    "MemberVerdict",
    "career_limit",
    "daily_dose_series",
    "max_window_msv",
    "member_verdict",
]

_NASEM = "NASEM (2021) Space Radiation and Astronaut Health, Table 3-1, doi:10.17226/26155"
_CAREER_Q = "effective dose (career)"
#: agency -> (limit mSv, quantity, source). JAXA's row is its table's lowest published value;
#: :func:`career_limit` picks the member's cell.
CAREER_LIMITS: dict[str, tuple[float, str, str]] = {
    "nasa": (
        600.0,
        _CAREER_Q + ", all ages and both sexes",
        "NASA-STD-3001 Vol. 1 Rev. B (2022), as reviewed in NASEM 2021 ch. 3, doi:10.17226/26155",
    ),
    "esa": (1000.0, _CAREER_Q + ", no sex or age dependency", _NASEM),
    "roscosmos": (1000.0, _CAREER_Q + ", no sex or age dependency", _NASEM),
    "csa": (1000.0, _CAREER_Q + ", no sex or age dependency", _NASEM),
    "jaxa": (500.0, _CAREER_Q + ", 3 % REID at the mean, by sex and age at first flight", _NASEM),
}
#: The cells of JAXA's table found in a stored source (NASEM 2021, Table 3-1):
#: (sex, lowest age, highest age or None, lower bound inclusive) -> mSv.
JAXA_PUBLISHED_CELLS: dict[tuple[str, float, float | None, bool], float] = {
    ("female", 27.0, 30.0, True): 500.0,  # "Lower limit: 500 mSv for 27- to 30-year-old female"
    ("male", 46.0, None, False): 1000.0,  # "Upper limit: 1,000 mSv for > 46-year-old male"
}
#: NCRP 132 BFO limits, mGy-Eq: 30-day and annual (recalled, not checked: see module notes).
SHORT_TERM_BFO_MGY_EQ = {"30_day": 250.0, "annual": 500.0}
SHORT_TERM_SOURCE = (
    "NCRP Report 132 (2000), BFO 250 mGy-Eq per 30 days, 500 per year (recalled, not checked "
    "against a stored copy)"
)
#: What each limit bounds.
LIMIT_QUANTITIES = {
    "career": "effective dose, mSv (ICRP tissue-weighted; Sojourn's E: see "
    "sojourn.radiation.effective)",
    "30_day": "blood-forming-organ RBE-weighted absorbed dose, mGy-Eq (compared with the BFO "
    "dose equivalent, mSv)",
    "annual": "blood-forming-organ RBE-weighted absorbed dose, mGy-Eq (compared with the BFO "
    "dose equivalent, mSv)",
}
_SEXES = ("female", "male")


@dataclass(frozen=True)
class CareerLimit:
    """A member's career limit: value, quantity, source and why this value (the cell)."""

    limit_msv: float
    quantity: str
    source: str
    basis: str


def _in_cell(age: float, lo: float, hi: float | None, lo_inclusive: bool) -> bool:
    above = age >= lo if lo_inclusive else age > lo
    return above and (hi is None or age <= hi)


def career_limit(agency: str, age_at_first_flight=None, sex=None, name="crew member"):
    """The career limit of a member of ``agency`` (first-flight age and sex where it needs them).

    JAXA: the published cell for the member's sex and age at first flight, or the table's lowest
    published value (500 mSv) when the cell is not in a stored source or age/sex is missing.
    """
    key = str(agency).lower()
    if key not in CAREER_LIMITS:
        raise InputError(
            f"crew member {name!r}: unknown agency {agency!r}; known: "
            f"{', '.join(CAREER_LIMITS)} (or give limit_msv)"
        )
    lim, quantity, source = CAREER_LIMITS[key]
    if key != "jaxa":
        return CareerLimit(lim, quantity, source, f"{key.upper()}: one limit for all")
    if age_at_first_flight is None or sex is None:
        return CareerLimit(
            lim, quantity, source,
            "JAXA: age at first flight or sex not given; the table's lowest published value "
            "(500 mSv, 27-30-year-old female) used",
        )  # fmt: skip
    for (s, lo, hi, inc), v in JAXA_PUBLISHED_CELLS.items():
        if s == sex and _in_cell(float(age_at_first_flight), lo, hi, inc):
            span = f"{lo:g}-{hi:g}" if hi is not None else f"> {lo:g}"
            return CareerLimit(v, quantity, source, f"JAXA: {sex}, age {span} at first flight")
    return CareerLimit(
        lim, quantity, source,
        f"JAXA: the cell for a {sex} aged {float(age_at_first_flight):g} at first flight is not "
        "in a stored source; the table's lowest published value (500 mSv) used (give limit_msv)",
    )  # fmt: skip


def daily_dose_series(days, rates, series=None, with_days: bool = False):
    """Dose per day, mSv, through consecutive phases (days (K,), mean rate (K,), daily series).

    A phase with a daily rate series (the dated model's, one value a day) uses it; others use
    their mean rate. The last, partial day of a phase counts its fraction. With ``with_days``,
    also the length of each slot, days (1, or the fraction of a phase's last day), for
    :func:`max_window_msv`.
    """
    out, length = [], []
    series = series or [()] * len(days)
    for d, r, s in zip(days, rates, series, strict=True):
        d = float(d)
        if not d > 0:
            continue
        n = int(np.ceil(d))
        w = np.ones(n)
        w[-1] = d - (n - 1)
        s = np.asarray(s, dtype=np.float64)
        daily = s[:n] if s.size >= n else np.full(n, float(r))
        out.append(daily * w)
        length.append(w)
    dose = np.concatenate(out) if out else np.zeros(0)
    if not with_days:
        return dose
    return dose, (np.concatenate(length) if length else np.zeros(0))


def max_window_msv(dose_msv, window_days, slot_days=None) -> float:
    """Largest dose, mSv, in any ``window_days`` of time of a series of dose slots.

    ``dose_msv`` (N,) is the dose of consecutive slots of ``slot_days`` (N,) each (default one
    day). Dose accrues evenly within a slot, so the cumulative dose is piecewise linear in time
    and the largest window difference lies where a window edge meets a slot edge: evaluated
    there, vectorized (no loop per window). A series shorter than the window lies inside one
    window, so its total is the answer.
    """
    x = np.asarray(dose_msv, dtype=np.float64)
    w = float(window_days)
    if not (np.isfinite(w) and w > 0):
        raise InputError(f"'window_days' must be > 0 days, got {window_days}")
    if x.size == 0:
        return 0.0
    dt = np.ones(x.size) if slot_days is None else np.asarray(slot_days, dtype=np.float64)
    if dt.shape != x.shape or not np.all(np.isfinite(dt) & (dt >= 0)):
        raise InputError("'slot_days' must be one length >= 0 per dose slot, days")
    t = np.concatenate(([0.0], np.cumsum(dt)))
    c = np.concatenate(([0.0], np.cumsum(x)))
    if t[-1] <= w:
        return float(c[-1])
    t0 = np.clip(np.concatenate((t, t - w)), 0.0, t[-1] - w)
    return float(np.max(np.interp(t0 + w, t, c) - np.interp(t0, t, c)))


@dataclass(frozen=True)
class MemberVerdict:
    """One crew member's doses against their agency's limits."""

    name: str
    agency: str
    limit_msv: float
    limit_quantity: str
    limit_source: str
    prior_dose_msv: float
    mission_dose_msv: float
    max_30_day_msv: float | None = None
    max_annual_msv: float | None = None
    age: float | None = None
    sex: str | None = None
    age_at_first_flight: float | None = None
    limit_basis: str = ""

    @property
    def career_dose_msv(self) -> float:
        return self.prior_dose_msv + self.mission_dose_msv

    @property
    def within_limit(self) -> bool:
        return self.career_dose_msv <= self.limit_msv

    @property
    def within_short_term(self) -> bool | None:
        """Both BFO windows within NCRP 132 (None when no series was given)."""
        if self.max_30_day_msv is None and self.max_annual_msv is None:
            return None
        return (self.max_30_day_msv or 0.0) <= SHORT_TERM_BFO_MGY_EQ["30_day"] and (
            self.max_annual_msv or 0.0
        ) <= SHORT_TERM_BFO_MGY_EQ["annual"]

    def to_dict(self) -> dict:
        st = {}
        if self.max_30_day_msv is not None:
            st["max_30_day_msv"] = self.max_30_day_msv
            st["within_30_day"] = self.max_30_day_msv <= SHORT_TERM_BFO_MGY_EQ["30_day"]
        if self.max_annual_msv is not None:
            st["max_annual_msv"] = self.max_annual_msv
            st["within_annual"] = self.max_annual_msv <= SHORT_TERM_BFO_MGY_EQ["annual"]
        return {
            "name": self.name,
            "agency": self.agency,
            "age": self.age,
            "sex": self.sex,
            "age_at_first_flight": self.age_at_first_flight,
            "limit_msv": self.limit_msv,
            "limit_quantity": self.limit_quantity,
            "limit_source": self.limit_source,
            "limit_basis": self.limit_basis,
            "prior_dose_msv": self.prior_dose_msv,
            "mission_dose_msv": self.mission_dose_msv,
            "career_dose_msv": self.career_dose_msv,
            "fraction_of_limit": self.career_dose_msv / self.limit_msv,
            "within_limit": self.within_limit,
            "short_term": {
                **st,
                "limits_mgy_eq": SHORT_TERM_BFO_MGY_EQ,
                "quantity": LIMIT_QUANTITIES["30_day"],
                "source": SHORT_TERM_SOURCE,
            },
        }


def _number(name, field, v, lo, hi, unit):
    if v is None:
        return None
    ok = not isinstance(v, bool | str)
    try:
        x = float(v) if ok else float("nan")
    except (TypeError, ValueError):
        x = float("nan")
    if not (np.isfinite(x) and lo <= x <= hi):
        raise InputError(f"crew member {name!r}: '{field}' must be {lo:g}-{hi:g} {unit}, got {v!r}")
    return x


def member_verdict(
    name: str,
    agency: str,
    mission_dose_msv: float,
    prior_dose_msv: float = 0.0,
    limit_msv: float | None = None,
    age: float | None = None,
    sex: str | None = None,
    max_30_day_msv: float | None = None,
    max_annual_msv: float | None = None,
    age_at_first_flight: float | None = None,
) -> MemberVerdict:
    """A crew member's career dose (prior + this mission, effective dose) against their limit.

    ``age_at_first_flight`` (years) picks JAXA's cell; without it, ``age`` stands in for a
    member with no prior dose (this is their first flight).
    """
    for field, v in (("prior_dose_msv", prior_dose_msv), ("mission_dose_msv", mission_dose_msv)):
        _number(name, field, v, 0.0, 1.0e6, "mSv")
    if sex is not None and str(sex).lower() not in _SEXES:
        raise InputError(f"crew member {name!r}: 'sex' must be female or male, got {sex!r}")
    age = _number(name, "age", age, 18.0, 100.0, "years")
    first = _number(name, "age_at_first_flight", age_at_first_flight, 18.0, 100.0, "years")
    if first is not None and age is not None and first > age:
        raise InputError(
            f"crew member {name!r}: 'age_at_first_flight' {first:g} is above 'age' {age:g}; "
            "give the age at the first spaceflight"
        )
    sx = None if sex is None else str(sex).lower()
    if first is None and age is not None and float(prior_dose_msv) == 0.0:
        first = age  # no prior dose: this is the first flight
    cl = career_limit(agency, first, sx, name)
    lim, source, basis = cl.limit_msv, cl.source, cl.basis
    if limit_msv is not None:
        lim = _number(name, "limit_msv", limit_msv, 0.0, 1.0e6, "mSv")
        if lim == 0.0:
            raise InputError(
                f"crew member {name!r}: 'limit_msv' must be > 0 mSv, got {limit_msv!r}"
            )
        source, basis = "given", "given for this member (limit_msv)"
    return MemberVerdict(
        name,
        str(agency).lower(),
        lim,
        cl.quantity,
        source,
        float(prior_dose_msv),
        float(mission_dose_msv),
        max_30_day_msv,
        max_annual_msv,
        age,
        sx,
        first,
        basis,
    )

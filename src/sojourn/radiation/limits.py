"""Each astronaut against their own agency's limits, with the quantity each limit bounds.

Career limits (mSv of effective dose):

- NASA: 600 mSv effective dose, all ages and both sexes: NASA-STD-3001 Vol. 1 Rev. B (2022),
  the limit NASEM endorsed in "Space Radiation and Astronaut Health" (2021,
  doi:10.17226/26155). (As the project's earlier notes say: the adoption is from memory of the
  standard, not a stored copy.)
- ESA, Roscosmos, CSA: 1000 mSv effective dose (NASEM 2021, Table 3-1, as transcribed in the
  project's notes).
- JAXA: 500-1000 mSv effective dose by age at first flight and sex (NASEM 2021, Table 3-1).
  The age/sex table itself was not available here: the lower end (500 mSv) is used for every
  member unless a limit is given (``limit_msv``); the verdict says so.

Short-term (deterministic) limits, NCRP Report 132 (2000), as carried into NASA-STD-3001
(mGy-Eq, RBE-weighted absorbed dose; values recalled, not checked against a stored copy):
blood-forming organs 250 per 30 days and 500 per year. Sojourn compares them with the BFO
dose equivalent (Q instead of RBE: close for GCR and solar protons, flagged).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sojourn.errors import InputError

__all__ = ["CAREER_LIMITS", "SHORT_TERM_BFO_MGY_EQ", "MemberVerdict", "member_verdict"]

_NASEM = "NASEM (2021) Space Radiation and Astronaut Health, Table 3-1, doi:10.17226/26155"
#: agency -> (limit mSv, quantity, source)
CAREER_LIMITS: dict[str, tuple[float, str, str]] = {
    "nasa": (600.0, "effective dose (career)", "NASA-STD-3001 Vol. 1 Rev. B (2022); " + _NASEM),
    "esa": (1000.0, "effective dose (career)", _NASEM),
    "roscosmos": (1000.0, "effective dose (career)", _NASEM),
    "csa": (1000.0, "effective dose (career)", _NASEM),
    "jaxa": (
        500.0,
        "effective dose (career); 500-1000 mSv by age and sex, lowest used (table not shipped)",
        _NASEM,
    ),
}
#: NCRP 132 BFO limits, mGy-Eq: 30-day and annual.
SHORT_TERM_BFO_MGY_EQ = {"30_day": 250.0, "annual": 500.0}
SHORT_TERM_SOURCE = "NCRP Report 132 (2000), BFO 250 mGy-Eq per 30 days, 500 per year"


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

    @property
    def career_dose_msv(self) -> float:
        return self.prior_dose_msv + self.mission_dose_msv

    @property
    def within_limit(self) -> bool:
        return self.career_dose_msv <= self.limit_msv

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
            "limit_msv": self.limit_msv,
            "limit_quantity": self.limit_quantity,
            "limit_source": self.limit_source,
            "prior_dose_msv": self.prior_dose_msv,
            "mission_dose_msv": self.mission_dose_msv,
            "career_dose_msv": self.career_dose_msv,
            "fraction_of_limit": self.career_dose_msv / self.limit_msv,
            "within_limit": self.within_limit,
            "short_term": {
                **st,
                "limits_mgy_eq": SHORT_TERM_BFO_MGY_EQ,
                "source": SHORT_TERM_SOURCE,
            },
        }


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
) -> MemberVerdict:
    """A crew member's career dose (prior + this mission, effective dose) against their limit."""
    key = str(agency).lower()
    if key not in CAREER_LIMITS:
        raise InputError(
            f"crew member {name!r}: unknown agency {agency!r}; known: "
            f"{', '.join(CAREER_LIMITS)} (or give limit_msv)"
        )
    for field, v in (("prior_dose_msv", prior_dose_msv), ("mission_dose_msv", mission_dose_msv)):
        if not (np.isfinite(v) and v >= 0):
            raise InputError(f"crew member {name!r}: '{field}' must be >= 0 mSv, got {v}")
    if sex is not None and str(sex).lower() not in ("female", "male"):
        raise InputError(f"crew member {name!r}: 'sex' must be female or male, got {sex!r}")
    if age is not None and not (np.isfinite(age) and 18 <= age <= 100):
        raise InputError(f"crew member {name!r}: 'age' must be 18-100 years, got {age}")
    lim, quantity, source = CAREER_LIMITS[key]
    if limit_msv is not None:
        if not (np.isfinite(limit_msv) and limit_msv > 0):
            raise InputError(f"crew member {name!r}: 'limit_msv' must be > 0, got {limit_msv}")
        lim, source = float(limit_msv), "given"
    return MemberVerdict(
        name,
        key,
        lim,
        quantity,
        source,
        float(prior_dose_msv),
        float(mission_dose_msv),
        max_30_day_msv,
        max_annual_msv,
        age,
        None if sex is None else str(sex).lower(),
    )

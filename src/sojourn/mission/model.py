"""The plan a mission file turns into: phases, trajectories, sections, findings.

A :class:`Plan` holds numbers only: the domain results (launch windows, transfers, comms,
crew budgets, aborts) as the domain layers returned them, plus dated phases and sampled
trajectories for the writers in :mod:`sojourn.io`. Times are TDB seconds past J2000; UTC
appears only in :meth:`Plan.to_dict` (the DESIGN.md ``plan`` JSON).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sojourn.core.time import utc_iso

__all__ = ["Finding", "PlanPhase", "TrajectorySegment", "Plan", "SEVERITIES"]

#: Severities of a finding, mildest first.
SEVERITIES = ("info", "warning", "error")


@dataclass(frozen=True)
class Finding:
    """Something the planner wants a person to read: a conflict, a risk, an assumption.

    ``severity`` is one of :data:`SEVERITIES`; ``code`` is a stable machine id
    (``"consumables-short"``, ``"dose-over-limit"``, ``"no-window"``...); ``phase`` names the
    phase concerned, when one is.
    """

    severity: str
    code: str
    message: str
    phase: str | None = None

    def __post_init__(self):
        if self.severity not in SEVERITIES:
            raise ValueError(f"severity must be one of {SEVERITIES}, got {self.severity!r}")

    def to_dict(self) -> dict:
        return {
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "phase": self.phase,
        }


@dataclass(frozen=True)
class PlanPhase:
    """One dated phase of the timeline (training, launch, rendezvous, stay, transfer...)."""

    name: str
    kind: str
    start_tdb_s: float
    end_tdb_s: float
    detail: dict[str, Any] = field(default_factory=dict)
    #: Where the crew is: "ground", "leo", "cruise", "mars_orbit", "mars_surface" (the keys of
    #: ``sojourn.crew.DOSE_RATES_MSV_PER_DAY``, which drive the dose).
    environment: str = "ground"

    @property
    def days(self) -> float:
        return (self.end_tdb_s - self.start_tdb_s) / 86_400.0

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "kind": self.kind,
            "start_utc": utc_iso(self.start_tdb_s),
            "end_utc": utc_iso(self.end_tdb_s),
            "days": self.days,
            "environment": self.environment,
            **self.detail,
        }


@dataclass(frozen=True)
class TrajectorySegment:
    """Sampled states of the crew's vehicle over one arc, for OEM, CZML and plots.

    Attributes
    ----------
    name : str
        Object name, e.g. ``"first-mars outbound"``.
    center : str
        Centre body of the states, an ephemeris name (``"earth"``, ``"sun"``, ``"mars"``).
    t_tdb_s : ndarray (N,)
        Increasing epochs, TDB seconds past J2000.
    r_km, v_km_s : ndarray (N, 3)
        Position and velocity relative to ``center``, ICRF.
    """

    name: str
    center: str
    t_tdb_s: np.ndarray
    r_km: np.ndarray
    v_km_s: np.ndarray
    frame: str = "ICRF"

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "center": self.center,
            "frame": self.frame,
            "start_utc": utc_iso(float(self.t_tdb_s[0])),
            "end_utc": utc_iso(float(self.t_tdb_s[-1])),
            "n_states": int(len(self.t_tdb_s)),
        }


@dataclass(frozen=True)
class Plan:
    """A complete mission plan.

    ``sections`` maps a DESIGN.md JSON section name (``"launch"``, ``"transfer"``,
    ``"windows"``, ``"roundtrip"``, ``"comms"``, ``"crew"``, ``"aborts"``, ``"landing"``,
    ``"race"``) to the domain result (any object with ``to_dict()``, or a plain dict).
    ``figures`` keeps the numeric series the report draws (porkchop grid, light-time and
    Sun-angle curves, abort table), keyed by name.
    """

    mission: str
    title: str
    kind: str  # "station" or "interplanetary"
    phases: list[PlanPhase]
    trajectories: list[TrajectorySegment] = field(default_factory=list)
    sections: dict[str, Any] = field(default_factory=dict)
    figures: dict[str, Any] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    assumptions: dict[str, Any] = field(default_factory=dict)

    @property
    def start_tdb_s(self) -> float:
        return min(p.start_tdb_s for p in self.phases)

    @property
    def end_tdb_s(self) -> float:
        return max(p.end_tdb_s for p in self.phases)

    def to_dict(self) -> dict:
        """The DESIGN.md ``plan`` JSON: mission, phases, the sections used, findings."""
        out: dict[str, Any] = {
            "mission": self.mission,
            "title": self.title,
            "kind": self.kind,
            "start_utc": utc_iso(self.start_tdb_s),
            "end_utc": utc_iso(self.end_tdb_s),
            "total_days": (self.end_tdb_s - self.start_tdb_s) / 86_400.0,
            "phases": [p.to_dict() for p in self.phases],
        }
        for name, value in self.sections.items():
            out[name] = value.to_dict() if hasattr(value, "to_dict") else value
        out["trajectories"] = [s.to_dict() for s in self.trajectories]
        out["findings"] = [f.to_dict() for f in self.findings]
        out["assumptions"] = self.assumptions
        return out

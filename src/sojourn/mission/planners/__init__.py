"""One planner per mission kind, behind a registry.

``PLANNERS`` maps a mission kind (``[mission] kind`` of the mission file) to its planner;
:func:`sojourn.mission.plan.plan` dispatches through it.

Built-in planners
-----------------
- :mod:`~sojourn.mission.planners.station`: launch to a station, rendezvous, stay, return
  and landing, the emergency-return table (``kind = "station"``).
- :mod:`~sojourn.mission.planners.interplanetary`: a round trip (or outbound leg), the
  race, communications, the abort table, the porkchop (``kind = "interplanetary"``).
- :mod:`~sojourn.mission.planners.common`: what they share: the :class:`Draft` they fill,
  training phases, the crew budget and its findings.

Adding a mission kind (e.g. ``"lunar"``)
-----------------------------------------
1. Write ``sojourn/mission/planners/lunar.py``::

       from sojourn.mission.planners.common import Draft
       from sojourn.mission.planners.registry import register

       @register("lunar")
       def plan_lunar(d: Draft) -> None:
           ...                       # call the domain layers
           d.phases.append(...)      # dated PlanPhase objects
           d.set(transfer=...)       # typed sections (fields of sojourn.mission.model.Plan)
           d.find("warning", "code", "message", "phase")

2. Import it below (one line), so it registers when the package loads.
3. Let the mission file say so: add ``"lunar"`` to ``Mission.kind`` and its phase order to
   ``_ORDER``/``_REQUIRED`` in :mod:`sojourn.mission.schema`.

The crew budget, the sorting of findings and the echo of the assumptions are added for every
kind by :func:`sojourn.mission.plan.plan`; the writers (report, OEM, CZML) draw whatever
typed sections the plan carries.
"""

from sojourn.mission.planners.registry import PLANNERS, Planner, planner_for, register

# The built-in planners register themselves on import.
from sojourn.mission.planners import interplanetary, station  # noqa: E402,F401  isort: skip

__all__ = ["PLANNERS", "Planner", "planner_for", "register"]

"""Mission files and plans: a TOML mission file in, a complete dated plan out.

- :mod:`sojourn.mission.schema`: the mission file (pydantic models, every error with its field).
- :mod:`sojourn.mission.model`: the typed :class:`~sojourn.mission.model.Plan` and its sections.
- :mod:`sojourn.mission.plan`: ``plan(mission) -> Plan``, dispatching to a planner by kind.
- :mod:`sojourn.mission.planners`: one planner per mission kind behind a registry
  (``PLANNERS``, ``register``); station and interplanetary today.
- :mod:`sojourn.mission.summary`: the key figures the terminal and the report both show.
- :mod:`sojourn.mission.views`: what the pictures need from DE440 (planet orbits, arcs
  re-centred on the Sun and the Earth), computed here so ``sojourn.io`` never asks.
- ``examples/*.toml``: the built-in missions (``sojourn examples``).
"""

"""Mission files and plans: a TOML mission file in, a complete dated plan out.

- :mod:`sojourn.mission.schema`: the mission file (pydantic models, every error with its field).
- :mod:`sojourn.mission.model`: the :class:`~sojourn.mission.model.Plan` and its parts.
- :mod:`sojourn.mission.plan`: ``plan(mission) -> Plan``, a pure function over the domain layers.
- ``examples/*.toml``: the built-in missions (``sojourn examples``).
"""

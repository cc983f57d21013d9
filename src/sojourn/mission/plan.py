"""``plan(mission) -> Plan``: a mission file turned into a dated, checked plan.

:func:`plan` is a pure function of the :class:`~sojourn.mission.schema.Mission` and the
ephemeris: it looks up the planner of the mission's kind in
:data:`sojourn.mission.planners.PLANNERS` (station, interplanetary, ...), lets it fill a
:class:`~sojourn.mission.planners.common.Draft`, adds what every mission shares (the crew
budget: consumables, dose against the career limit, :func:`sojourn.crew.crew_budget`) and
returns the frozen, typed :class:`~sojourn.mission.model.Plan`. It never prints or writes.

Conflicts are :class:`~sojourn.mission.model.Finding` objects, never exceptions: ``no-window``
(error: no launch window, element set or opportunity in the range; the plan keeps what could
be computed), ``consumables-short``, ``dose-over-limit``, ``dose-short-term-over-limit``
(errors), ``dose-near-limit``,
``stay-too-long``, ``transit-too-long``, ``delta-v-short``, ``blackout-critical`` (warnings),
``race``, ``liftoff-moved`` (info or warning). Each planner's module lists its own.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sojourn.errors import InputError
from sojourn.mission import schema as S
from sojourn.mission.model import Plan

__all__ = ["plan", "example_names", "example_path", "example_title", "load_example"]


# --- Built-in examples --------------------------------------------------------------------------
def example_names() -> list[str]:
    """Names of the built-in missions (``sojourn examples``)."""
    from importlib import resources

    root = resources.files("sojourn.mission").joinpath("examples")
    return sorted(p.name[:-5] for p in root.iterdir() if p.name.endswith(".toml"))


def example_path(name: str):
    """The packaged file of a built-in mission (an importlib.resources Traversable)."""
    from importlib import resources

    names = example_names()
    if not isinstance(name, str) or name not in names:
        shown = repr(name) if isinstance(name, str) else type(name).__name__
        raise InputError(
            f"'--example' must be one of {', '.join(names)}, got {shown}; "
            "run 'sojourn examples' for the list"
        )
    return resources.files("sojourn.mission").joinpath("examples", f"{name}.toml")


def load_example(name: str) -> S.Mission:
    """The validated :class:`Mission` of a built-in example.

    Its base folder is the packaged examples folder, so an example can only name files
    shipped beside it, never one in the working directory.
    """
    from importlib import resources

    text = example_path(name).read_text(encoding="utf-8")
    base = Path(str(resources.files("sojourn.mission").joinpath("examples")))
    return S.parse_mission(text, source=f"example {name}", base_dir=base)


def example_title(name: str) -> str:
    return load_example(name).mission.title


# --- The plan -----------------------------------------------------------------------------------
def plan(mission: S.Mission, progress: Callable[[str], None] | None = None) -> Plan:
    """Plan a mission: dated phases, trajectories, comms, crew, aborts and findings.

    Parameters
    ----------
    mission : Mission
        From :func:`sojourn.mission.schema.load_mission` (or ``parse_mission``).
    progress : callable(str), optional
        Told the name of each step as it starts (for a status line); nothing else.

    Returns
    -------
    Plan
        Conflicts are in ``findings``; an error finding means part of the plan could not be
        computed (e.g. no launch window in the range).

    Raises
    ------
    InputError
        Only for input that the schema could not check on its own (an unreadable TLE file,
        dates outside the ephemeris), or a mission kind with no planner.
    """
    from sojourn.mission.planners import planner_for
    from sojourn.mission.planners.common import Draft, crew

    if not isinstance(mission, S.Mission):
        raise InputError(f"plan() needs a Mission (load_mission), got {type(mission).__name__}")
    draft = Draft(mission, progress)
    planner_for(mission.mission.kind)(draft)
    draft.progress("crew budget")
    crew(draft)
    draft.assumptions.update(mission.assumptions.model_dump())
    draft.assumptions["crew"] = [c.model_dump() for c in mission.crew]
    draft.assumptions["vehicles"] = [v.model_dump() for v in mission.vehicles]
    return draft.freeze()

"""The registry of planners: one function per mission kind.

A planner is ``fn(draft: Draft) -> None``: it reads ``draft.mission`` (a validated
:class:`~sojourn.mission.schema.Mission`), calls the domain layers, and fills the draft
(phases, trajectories, typed sections, findings). :func:`sojourn.mission.plan.plan` looks the
planner up by ``mission.kind``, runs it, adds what every mission shares (the crew budget) and
freezes the draft into a :class:`~sojourn.mission.model.Plan`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from sojourn.errors import InputError

if TYPE_CHECKING:
    from sojourn.mission.planners.common import Draft

__all__ = ["PLANNERS", "Planner", "register", "planner_for"]

Planner = Callable[["Draft"], None]

#: Mission kind -> planner. Filled by :func:`register` when the planner modules are imported
#: (``sojourn.mission.planners`` imports the built-in ones).
PLANNERS: dict[str, Planner] = {}


def register(kind: str) -> Callable[[Planner], Planner]:
    """Decorator: make ``fn`` the planner of missions whose ``[mission] kind`` is ``kind``."""

    def deco(fn: Planner) -> Planner:
        if kind in PLANNERS and PLANNERS[kind] is not fn:
            raise ValueError(f"a planner for mission kind {kind!r} is already registered")
        PLANNERS[kind] = fn
        return fn

    return deco


def planner_for(kind: str) -> Planner:
    """The planner registered for ``kind`` (InputError naming the known kinds if none)."""
    try:
        return PLANNERS[kind]
    except KeyError:
        raise InputError(
            f"'mission.kind' has no planner: {kind!r}; known: {', '.join(sorted(PLANNERS))}"
        ) from None

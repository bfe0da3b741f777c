"""The values of a restoration plan: its steps, RTO checks, deadlocks and team delays."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Mapping, NamedTuple

from depgraph.core.model import Inventory

__all__ = ["Deadlock", "RestorePlan", "RestoreStep", "RtoCheck", "TeamDelay"]


class RestoreStep(NamedTuple):
    """One component coming back. Times in seconds from the failure.

    ``ready``: when the work on it may start (when its requirements are met; at 0 for an
    initial failure). ``start``: when it starts (later than ready when its team has no
    hand free). ``end``: when it is back (its work done and its requirements met).
    ``after``: the component whose return it waited for last (its ``end`` is this
    step's ``ready``, or this step's ``end`` for an initial failure held back by it);
    None when it waited for nothing. ``wave``: 1 for what waited for nothing, else one
    more than the latest wave it waited for."""

    id: str
    wave: int
    ready: int
    start: int
    end: int
    team: str | None = None
    after: str | None = None
    critical: bool = False

    @property
    def duration(self) -> int:
        return self.end - self.start

    @property
    def waited(self) -> int:
        """How long it waited for its team once ready."""
        return self.start - self.ready


@dataclass(frozen=True)
class RtoCheck:
    """When a failed component with an RTO (or a critical one) is back, against its RTO.
    ``back`` is None for a component that never comes back."""

    id: str
    rto: int | None
    back: int | None
    critical: bool

    @property
    def breached(self) -> bool:
        return self.rto is not None and (self.back is None or self.back > self.rto)


@dataclass(frozen=True)
class Deadlock:
    """A cycle of failed components that need each other, so none of them comes back.

    ``blocks``: the other components that never come back because of it.
    ``start_by_hand``: a smallest set of its members that, brought up by hand (without
    the members of the cycle they need), lets all the others come back; ``exact`` says
    whether it was proven smallest (cycles too large to search get a greedy answer).
    ``break_dependencies``: the dependencies that starting them by hand breaks, as
    ``(component, member it goes without)``.
    """

    members: tuple[str, ...]
    blocks: tuple[str, ...]
    start_by_hand: tuple[str, ...]
    break_dependencies: tuple[tuple[str, str], ...]
    exact: bool = True


@dataclass(frozen=True)
class TeamDelay:
    """A limited team whose waiting list holds back a critical component: on the chain
    that brings ``component`` back, its work waited ``delay`` seconds in all."""

    team: str
    capacity: int
    component: str
    delay: int


@dataclass(frozen=True)
class RestorePlan:
    """The restoration plan of one scenario. Times are seconds from the failure."""

    initial: tuple[str, ...]
    failed: tuple[str, ...]
    steps: tuple[RestoreStep, ...]
    critical_path: tuple[str, ...]
    rto: tuple[RtoCheck, ...]
    unrestorable: tuple[str, ...]
    deadlocks: tuple[Deadlock, ...]
    team_delays: tuple[TeamDelay, ...] = ()
    teams: Mapping[str, int] = field(default_factory=dict)
    cold_start: bool = False
    repair: int | None = None
    selectors: tuple[str, ...] = ()
    inventory: Inventory | None = field(default=None, compare=False, repr=False)

    @property
    def total(self) -> int:
        """When the last component that comes back is back (0 when nothing failed)."""
        return max((s.end for s in self.steps), default=0)

    @property
    def rto_breaches(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.rto if c.breached)

    @property
    def initial_back(self) -> int | None:
        """When the last initial failure is back ("power is back"); None when one never
        is or there was none."""
        initial = set(self.initial)
        ends = [s.end for s in self.steps if s.id in initial]
        if not self.initial or len(ends) < len(self.initial):
            return None
        return max(ends)

    @property
    def waves(self) -> tuple[tuple[RestoreStep, ...], ...]:
        """The steps by wave: a wave only needs what earlier waves brought back."""
        count = max((s.wave for s in self.steps), default=0)
        found: list[list[RestoreStep]] = [[] for _ in range(count)]
        for step in self.steps:
            found[step.wave - 1].append(step)
        return tuple(tuple(w) for w in found)

    def step(self, ident: str) -> RestoreStep | None:
        return self._by_id.get(ident)

    @cached_property
    def _by_id(self) -> dict[str, RestoreStep]:
        return {s.id: s for s in self.steps}

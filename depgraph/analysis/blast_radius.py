"""Blast radius: what fails, what is degraded, and why, when some components fail."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Iterable, Iterator, Mapping

from depgraph.analysis.propagation import Propagation, propagate
from depgraph.core.graph import CompiledInventory, compile_inventory
from depgraph.core.model import Inventory, Requirement

__all__ = ["Step", "Degradation", "BlastRadius", "blast_radius", "explanation_sentence"]


@dataclass(frozen=True, slots=True)
class Step:
    """One link of an explanation: ``component`` fails because of ``requirement``.

    ``cause`` is the member whose failure broke the requirement (the next link);
    ``left`` the members of the requirement still working. An initial failure has
    no requirement and no cause.
    """

    component: str
    requirement: Requirement | None = None
    cause: str | None = None
    left: tuple[str, ...] = ()

    @property
    def reason(self) -> str:
        """``initial``, ``located_in``, ``hard``, ``any`` or ``at_least``."""
        return self.requirement.kind if self.requirement else "initial"

    @property
    def text(self) -> str:
        """``dpi fails: needs db-dpi``, or ``ups failed initially``."""
        if self.requirement is None:
            return f"{self.component} failed initially"
        return f"{self.component} fails: {self.why}"

    @property
    def why(self) -> str:
        """The reason alone: ``needs db``, ``located in dc``, ``only 1 of 3 of [..] left, needs 2``."""
        requirement = self.requirement
        if requirement is None:
            return "failed initially"
        if not requirement.is_group:
            return requirement.describe()
        listed = ", ".join(requirement.members)
        if not self.left:
            return f"none of [{listed}] left, needs {requirement.needed}"
        return (f"only {len(self.left)} of {len(requirement.members)} of [{listed}] left, "
                f"needs {requirement.needed}")


@dataclass(frozen=True, slots=True)
class Degradation:
    """A redundancy group of a working component that lost members."""

    component: str
    requirement: Requirement
    lost: tuple[str, ...]
    left: tuple[str, ...]

    @property
    def text(self) -> str:
        """``only 1 of 2 of [a, b] left (lost a), needs 1``."""
        listed = ", ".join(self.requirement.members)
        return (f"only {len(self.left)} of {len(self.requirement.members)} of [{listed}] left "
                f"(lost {', '.join(self.lost)}), needs {self.requirement.needed}")


@dataclass(frozen=True, eq=False)
class BlastRadius:
    """The outcome of one failure scenario. Id lists are sorted."""

    inventory: Inventory = field(repr=False)
    initial: tuple[str, ...]
    failed: tuple[str, ...]
    degraded: tuple[str, ...]
    explanations: Mapping[str, tuple[Step, ...]] = field(repr=False)
    degradations: Mapping[str, tuple[Degradation, ...]] = field(repr=False)
    selectors: tuple[str, ...] = ()

    def explain(self, component: str) -> str:
        """The whole chain as one sentence, back to an initial failure.

        ``dpi fails: needs db-dpi, which fails: located in dc-ext, which failed initially``
        """
        return explanation_sentence(self.explanations[component])

    @property
    def critical_survivors(self) -> tuple[str, ...]:
        """Critical components that still work (degraded ones included)."""
        failed = set(self.failed)
        return tuple(ident for ident, c in self.inventory.components.items()
                     if c.criticality == "critical" and ident not in failed)


def explanation_sentence(steps: tuple[Step, ...]) -> str:
    """Join explanation steps into one sentence.

    After a group step, the next link names its component, since "which" would
    not say which member of the group it is.
    """
    text = steps[0].text
    for previous, step in zip(steps, steps[1:]):
        if previous.requirement is not None and previous.requirement.is_group:
            text += f"; {step.text}"
        elif step.requirement is None:
            text += ", which failed initially"
        else:
            text += f", which fails: {step.why}"
    return text


def blast_radius(inventory: Inventory, failed: Iterable[str],
                 selectors: Iterable[str] = ()) -> BlastRadius:
    """What fails, and what only degrades, when the components ``failed`` fail.

    >>> from depgraph import load_inventory
    >>> shop = load_inventory("inventories/webshop.yaml")
    >>> result = blast_radius(shop, ["zone-a"])
    >>> "checkout" in result.failed
    True
    >>> print(result.explanations["db-1"][0].text)
    db-1 fails: located in zone-a
    """
    compiled = compile_inventory(inventory)
    initial = compiled.numbers(failed)
    run = propagate(compiled, initial)
    failed_numbers = sorted(run.order)
    degradations = _degradations(compiled, run)
    return BlastRadius(
        inventory=inventory,
        initial=tuple(compiled.ids[c] for c in sorted(run.initial)),
        failed=tuple(compiled.ids[c] for c in failed_numbers),
        degraded=tuple(degradations),
        explanations=Explanations(compiled, run),
        degradations=degradations,
        selectors=tuple(selectors),
    )


def _left(compiled: CompiledInventory, run: Propagation, r: int) -> tuple[str, ...]:
    return tuple(m for m in compiled.requirements[r].members
                 if not run.failed[compiled.index[m]])


class Explanations(Mapping[str, tuple[Step, ...]]):
    """Explanation chains, keyed by failed component id, built when first read.

    A scenario on a large estate can fail tens of thousands of components; most
    callers read a few chains, so each one is built on demand from the causes
    that propagation recorded (one step per component, shared between chains).
    """

    def __init__(self, compiled: CompiledInventory, run: Propagation):
        self._compiled, self._run = compiled, run
        self._steps: dict[int, Step] = {}
        self._keys = [compiled.ids[c] for c in sorted(run.order)]

    def __len__(self) -> int:
        return len(self._keys)

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __getitem__(self, ident: str) -> tuple[Step, ...]:
        c = self._compiled.index.get(ident)
        if c is None or not self._run.failed[c]:
            raise KeyError(ident)
        steps = [self._step(c)]
        while steps[-1].cause is not None:
            c = self._compiled.index[steps[-1].cause]
            steps.append(self._step(c))
        return tuple(steps)

    def _step(self, c: int) -> Step:
        step = self._steps.get(c)
        if step is None:
            compiled, run = self._compiled, self._run
            if c not in run.cause:
                step = Step(compiled.ids[c])
            else:
                r, member = run.cause[c]
                requirement = compiled.requirements[r]
                left = _left(compiled, run, r) if requirement.is_group else ()
                step = Step(compiled.ids[c], requirement, compiled.ids[member], left)
            self._steps[c] = step
        return step


def _lost_groups(compiled: CompiledInventory, run: Propagation, c: int) -> list[int]:
    return [r for r in compiled.requirements_of(c)
            if run.lost[r] and compiled.requirements[r].is_group]


def _degraded(compiled: CompiledInventory, run: Propagation) -> list[int]:
    """Working components with a redundancy group that lost a member."""
    owner, requirements, failed = compiled.owner, compiled.requirements, run.failed
    offsets, member_of = compiled.offsets, compiled.member_of
    return sorted({owner[r] for c in run.order for r in member_of[offsets[c]:offsets[c + 1]]
                   if not failed[owner[r]] and requirements[r].is_group})


def _degradations(compiled: CompiledInventory, run: Propagation
                  ) -> Mapping[str, tuple[Degradation, ...]]:
    result = {}
    for c in _degraded(compiled, run):
        found = []
        for r in _lost_groups(compiled, run, c):
            requirement = compiled.requirements[r]
            left = _left(compiled, run, r)
            lost = tuple(m for m in requirement.members if m not in left)
            found.append(Degradation(compiled.ids[c], requirement, lost, left))
        result[compiled.ids[c]] = tuple(found)
    return MappingProxyType(result)

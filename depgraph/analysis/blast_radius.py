"""Blast radius: what fails, what is degraded, and why, when some components fail."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from types import MappingProxyType
from typing import Iterable, Iterator, Mapping

from depgraph.analysis.propagation import AnyPropagation, run_scenario
from depgraph.core.deprecation import renamed_argument
from depgraph.core.graph import CompiledInventory, compile_inventory
from depgraph.core.model import Inventory, Requirement
from depgraph.core.selectors import Selector, components_named

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
    #: For a first link in time (a scenario's state): why it is down, instead of
    #: ``failed initially``.
    note: str | None = None

    @property
    def reason(self) -> str:
        """``initial``, ``located_in``, ``hard``, ``any`` or ``at_least``."""
        return self.requirement.kind if self.requirement else "initial"

    @property
    def text(self) -> str:
        """``dpi fails: needs db-dpi``, or ``ups failed initially``."""
        if self.requirement is None:
            return f"{self.component} {self.note or 'failed initially'}"
        return f"{self.component} fails: {self.why}"

    @property
    def why(self) -> str:
        """The reason alone: ``needs db``, ``located in dc``, ``only 1 of 3 of [..] left, needs 2``."""
        requirement = self.requirement
        if requirement is None:
            return self.note or "failed initially"
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


class BlastRadius:
    """The outcome of one failure scenario. Id lists are sorted.

    ``inventory``, ``initial`` and ``selectors`` are set at once; ``failed``,
    ``degraded``, ``explanations`` and ``degradations`` are worked out from the
    propagation when first read, and kept: on a large estate a scenario fails
    hundreds of thousands of components, and a caller that only counts them, or
    reads a few chains, should not wait for every id list and explanation.
    """

    inventory: Inventory
    initial: tuple[str, ...]
    selectors: tuple[str, ...]
    #: Why an initial one is down, where it is more than "failed initially" (a
    #: scenario's state: hit by an event, being restored, waiting to start).
    notes: Mapping[str, str]
    #: A scenario's state: which scenario, when (empty for a plain blast radius).
    moment: str
    #: A scenario's state: the components riding through on a holdup (id -> holdup).
    riding: Mapping[str, int]

    def __init__(self, inventory: Inventory, compiled: CompiledInventory, run: AnyPropagation,
                 selectors: Iterable[str] = (), notes: Mapping[str, str] | None = None,
                 moment: str = "", riding: Mapping[str, int] | None = None):
        values = {"inventory": inventory,
                  "initial": tuple(compiled.ids[c] for c in sorted(run.initial)),
                  "selectors": tuple(selectors), "_compiled": compiled, "_run": run,
                  "notes": MappingProxyType(dict(notes or {})), "moment": moment,
                  "riding": MappingProxyType(dict(sorted((riding or {}).items())))}
        for name, value in values.items():
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a BlastRadius is read-only: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"a BlastRadius is read-only: cannot delete {name!r}")

    def __repr__(self) -> str:
        return (f"BlastRadius(initial={self.initial!r}, failed={self.failed!r}, "
                f"degraded={self.degraded!r}, selectors={self.selectors!r})")

    @cached_property
    def failed(self) -> tuple[str, ...]:
        """Every id that fails, the initial ones included, sorted."""
        ids = self._compiled.ids
        return tuple(map(ids.__getitem__, self._run.failed_numbers()))

    @cached_property
    def degraded(self) -> tuple[str, ...]:
        """Ids that still work but have a redundancy group that lost members, sorted."""
        return tuple(self.degradations)

    @cached_property
    def explanations(self) -> Mapping[str, tuple[Step, ...]]:
        """Failed id -> its explanation chain, back to an initial failure (each chain is
        built when read)."""
        return Explanations(self._compiled, self._run, self.notes)

    @cached_property
    def degradations(self) -> Mapping[str, tuple[Degradation, ...]]:
        """Degraded id -> the redundancy groups it has that lost members."""
        return _degradations(self._compiled, self._run)

    def explain(self, component: str) -> str:
        """The whole chain as one sentence, back to an initial failure.

        ``dpi fails: needs db-dpi, which fails: located in dc-ext, which failed initially``
        """
        return explanation_sentence(self.explanations[component])

    @property
    def critical_survivors(self) -> tuple[str, ...]:
        """Critical components that still work (degraded ones included)."""
        failed = self._run.flags()
        index = self._compiled.index
        return tuple(ident for ident, c in self.inventory.components.items()
                     if c.criticality == "critical" and not failed[index[ident]])


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
            text += f", which {step.note or 'failed initially'}"
        else:
            text += f", which fails: {step.why}"
    return text


def blast_radius(inventory: Inventory, initial: Selector | str | Iterable[str] = (),
                 selectors: Iterable[str] = (), *,
                 failed: Iterable[str] | None = None) -> BlastRadius:
    """What fails, and what only degrades, when the components ``initial`` fail: one
    selector (``"provider:hostco,type:power"``) or component ids. ``selectors``, the
    scenario as the user wrote it, is kept for reports. (``failed=`` is the old name
    of ``initial``.)

    >>> from depgraph import load_inventory
    >>> shop = load_inventory("inventories/webshop.yaml")
    >>> result = blast_radius(shop, ["zone-a"])
    >>> "checkout" in result.failed
    True
    >>> print(result.explanations["db-1"][0].text)
    db-1 fails: located in zone-a
    >>> blast_radius(shop, "zone-a").failed == result.failed  # one selector
    True
    """
    initial = renamed_argument("blast_radius", "failed", "initial", failed, initial, ())
    ids = components_named(inventory, initial)
    compiled = compile_inventory(inventory)
    return BlastRadius(inventory, compiled, run_scenario(compiled, compiled.numbers(ids)),
                       selectors)


def _left(compiled: CompiledInventory, failed: bytes | bytearray, r: int) -> tuple[str, ...]:
    return tuple(m for m in compiled.requirements[r].members if not failed[compiled.index[m]])


class Explanations(Mapping[str, tuple[Step, ...]]):
    """Explanation chains, keyed by failed component id, built when first read.

    A scenario on a large estate can fail tens of thousands of components; most
    callers read a few chains, so each one is built on demand from the causes
    that propagation recorded (one step per component, shared between chains).
    """

    def __init__(self, compiled: CompiledInventory, run: AnyPropagation,
                 notes: Mapping[str, str] = MappingProxyType({})):
        self._compiled, self._run, self._notes = compiled, run, notes
        self._chains: dict[int, tuple[Step, ...]] = {}
        self._keys: list[str] | None = None
        self._failed = run.flags()

    def _all(self) -> list[str]:
        if self._keys is None:
            ids = self._compiled.ids
            self._keys = list(map(ids.__getitem__, self._run.failed_numbers()))
        return self._keys

    def __len__(self) -> int:
        return len(self._all())

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __contains__(self, ident: object) -> bool:
        c = self._compiled.index.get(ident)  # type: ignore[arg-type]
        return c is not None and bool(self._failed[c])

    def __getitem__(self, ident: str) -> tuple[Step, ...]:
        c = self._compiled.index.get(ident)
        if c is None or not self._failed[c]:
            raise KeyError(ident)
        return self._chain(c)

    def _chain(self, c: int) -> tuple[Step, ...]:
        """The steps from ``c`` back to an initial failure; every chain on the way is kept,
        since chains share their tails."""
        chains = self._chains
        walked = []
        while c not in chains:
            cause = self._run.cause_of(c)
            walked.append((c, cause))
            if cause is None:
                tail: tuple[Step, ...] = ()
                break
            c = cause[1]
        else:
            tail = chains[c]
        for c, cause in reversed(walked):
            tail = chains[c] = (self._step(c, cause), *tail)
        return tail

    def _step(self, c: int, cause: tuple[int, int] | None) -> Step:
        compiled = self._compiled
        if cause is None:
            return Step(compiled.ids[c], note=self._notes.get(compiled.ids[c]))
        r, member = cause
        requirement = compiled.requirements[r]
        left = _left(compiled, self._failed, r) if requirement.is_group else ()
        return Step(compiled.ids[c], requirement, compiled.ids[member], left)


def _degradations(compiled: CompiledInventory, run: AnyPropagation
                  ) -> Mapping[str, tuple[Degradation, ...]]:
    failed = run.flags()
    result = {}
    for c in run.degraded(compiled):
        found = []
        for r in compiled.requirements_of(c):
            requirement = compiled.requirements[r]
            if not requirement.is_group:
                continue
            left = _left(compiled, failed, r)
            if len(left) < len(requirement.members):  # it lost members
                gone = tuple(m for m in requirement.members if m not in left)
                found.append(Degradation(compiled.ids[c], requirement, gone, left))
        result[compiled.ids[c]] = tuple(found)
    return MappingProxyType(result)

"""Assemble an inventory from what loaders read, checking what spans files.

Loaders check each file on its own (keys, types, values). Here the files meet:
ids must be unique across all of them, every reference must resolve and no
component may contain itself through ``located_in`` (a cycle may span files). All
problems are collected and raised together in one :class:`InventoryError`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Iterable

from depgraph.core.model import Component, Inventory, Provider, Span
from depgraph.core.problems import InventoryError, Problem, did_you_mean

__all__ = ["Reference", "Draft", "assemble"]


@dataclass(frozen=True, slots=True)
class Reference:
    """A place where a component names another component or a provider."""

    target: str
    kind: str  # "component" or "provider"
    span: Span
    context: str


@dataclass(frozen=True)
class Draft:
    """What a loader read from one file: checked alone, not yet against the others.

    ``complete`` is False when the file could not be read at all, so that the
    references it might have satisfied are not reported as unknown.
    """

    file: str
    components: tuple[tuple[Component, tuple[Reference, ...]], ...] = ()
    providers: tuple[Provider, ...] = ()
    metadata: tuple[tuple[str, str], ...] = ()
    problems: tuple[Problem, ...] = ()
    complete: bool = True
    lint_disabled: tuple[str, ...] = ()


@dataclass
class _Index:
    components: dict[str, Component] = field(default_factory=dict)
    providers: dict[str, Provider] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def add(self, table: dict, item: Component | Provider, what: str) -> None:
        first = table.get(item.id)
        if first is None:
            table[item.id] = item
            return
        self.problems.append(Problem(
            item.span or Span("?"), f"duplicate {what} id '{item.id}'",
            hint=f"first defined at {first.span}; ids must be unique across all files"))


def assemble(drafts: Iterable[Draft]) -> Inventory:
    """Merge drafts into one :class:`Inventory`, or raise every problem found.

    >>> from depgraph.core.model import Component, Requirement, Span
    >>> web = Component("web", "application", depends_on=(Requirement("hard", ("db",)),))
    >>> db = Component("db", "database")
    >>> ref = Reference("db", "component", Span("a.yaml", 4, 9), "component 'web'")
    >>> inventory = assemble([Draft("a.yaml", ((web, (ref,)), (db, ())))])
    >>> sorted(inventory.components)
    ['db', 'web']
    """
    drafts = sorted(drafts, key=lambda d: d.file)
    index = _Index()
    metadata: dict[str, str] = {}
    for draft in drafts:
        index.problems.extend(draft.problems)
        for provider in draft.providers:
            index.add(index.providers, provider, "provider")
        for component, _ in draft.components:
            index.add(index.components, component, "component")
        for key, value in draft.metadata:
            metadata.setdefault(key, value)
    if all(draft.complete for draft in drafts):
        for draft in drafts:
            for _, references in draft.components:
                index.problems.extend(_check_references(references, index))
        index.problems.extend(_containment_cycles(index.components))
    if index.problems:
        raise InventoryError(index.problems)
    return Inventory(
        components=MappingProxyType(dict(sorted(index.components.items()))),
        providers=MappingProxyType(dict(sorted(index.providers.items()))),
        name=metadata.get("name", ""),
        version=metadata.get("version", ""),
        description=metadata.get("description", ""),
        sources=tuple(draft.file for draft in drafts),
        lint_disabled=tuple(sorted({rule for draft in drafts for rule in draft.lint_disabled})),
    )


def _check_references(references: Iterable[Reference], index: _Index) -> list[Problem]:
    problems = []
    for ref in references:
        table = index.components if ref.kind == "component" else index.providers
        if ref.target not in table:
            problems.append(Problem(ref.span, f"unknown {ref.kind} '{ref.target}'",
                                    ref.context, did_you_mean(ref.target, table)))
    return problems


def _containment_cycles(components: dict[str, Component]) -> list[Problem]:
    """One problem per ``located_in`` cycle, at the located_in of its smallest id.

    ``located_in`` gives each component at most one place, so a cycle is found by
    walking up from each component once. Only components that contain something
    and are located somewhere can be in a cycle: the walk starts from those alone
    (a few racks and rooms, not every server). A place that is unknown ends a
    walk; it is reported as an unknown reference.
    """
    places = {c.located_in for c in components.values() if c.located_in is not None}
    inner = {ident for ident in places
             if ident in components and components[ident].located_in is not None}
    problems, done = [], set()
    for start in sorted(inner):
        path: list[str] = []
        where = start
        while where in inner and where not in done:
            done.add(where)
            path.append(where)
            where = components[where].located_in
        if where in path:  # the walk came back to itself: a cycle, met for the first time
            problems.append(_cycle_problem([components[i] for i in path[path.index(where):]]))
    return problems


def _cycle_problem(cycle: list[Component]) -> Problem:
    first = min(range(len(cycle)), key=lambda i: cycle[i].id)
    cycle = cycle[first:] + cycle[:first]  # from the smallest id, for determinism
    ids = [c.id for c in cycle] + [cycle[0].id]
    chain = f"{ids[0]} is located in {ids[1]}" + "".join(f", which is located in {i}"
                                                          for i in ids[2:])
    placed = [c for c in cycle[1:] if c.located_in_span is not None]  # built in Python: none
    places = ", ".join(f"{c.id}'s located_in is at {c.located_in_span}" if i == 0 else
                       f"{c.id}'s at {c.located_in_span}" for i, c in enumerate(placed))
    start = cycle[0]
    return Problem(start.located_in_span or start.span or Span("?"),
                   f"containment cycle: {chain}", f"component '{start.id}' > located_in",
                   (f"{places}; " if places else "")
                   + "a component cannot contain itself, even through others")

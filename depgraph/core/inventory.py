"""Assemble an inventory from what loaders read, checking what spans files.

Loaders check each file on its own (keys, types, values). Here the files meet:
ids must be unique across all of them, amendments (``amend:``, a hand-written file
adding to a component another file defines, an imported one) apply to a component
that exists, every reference must resolve and no component may contain itself
through ``located_in`` (a cycle may span files). All problems are collected and
raised together in one :class:`InventoryError`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any, Iterable, Mapping

from depgraph.core.model import (
    Component,
    Inventory,
    Note,
    Provider,
    Rename,
    Requirement,
    Scenario,
    Span,
)
from depgraph.core.problems import InventoryError, Problem, SelectorError, did_you_mean
from depgraph.core.selectors import select

__all__ = ["Reference", "Amendment", "Draft", "assemble", "AMENDABLE"]

#: What an amendment may set on a component (``tags``, ``depends_on``, ``meta`` and
#: ``data`` add to what it has; the others replace it).
AMENDABLE = ("name", "criticality", "restore", "team", "rto", "owner", "description",
             "tags", "depends_on", "meta", "holdup", "data")


@dataclass(frozen=True, slots=True)
class Reference:
    """A place where a component names another component or a provider."""

    target: str
    kind: str  # "component" or "provider"
    span: Span
    context: str


@dataclass(frozen=True)
class Amendment:
    """``amend: [{id: X, ...}]``: what a file adds to component X, defined elsewhere.

    ``values`` holds the fields that replace the component's (name, criticality,
    restore, team, rto, owner, description), each with the span where it is written;
    ``tags``, ``depends_on`` and ``meta`` add to the component's own.
    """

    target: str
    span: Span
    values: tuple[tuple[str, Any, Span], ...] = ()
    tags: tuple[str, ...] = ()
    depends_on: tuple[Requirement, ...] = ()
    meta: Mapping[str, Any] = field(default_factory=dict)
    meta_spans: tuple[tuple[str, Span], ...] = ()
    references: tuple[Reference, ...] = ()
    context: str = ""
    data: tuple[str, ...] = ()


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
    amendments: tuple[Amendment, ...] = ()
    notes: tuple[Note, ...] = ()
    renames: tuple[Rename, ...] = ()
    #: Where each metadata key was written, when the loader knows (the reference path).
    metadata_spans: tuple[tuple[str, Span], ...] = field(default=(), compare=False)
    scenarios: tuple[Scenario, ...] = ()


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
    spans: dict[str, Span] = {}
    for draft in drafts:
        index.problems.extend(draft.problems)
        for provider in draft.providers:
            index.add(index.providers, provider, "provider")
        for component, _ in draft.components:
            index.add(index.components, component, "component")
        for key, value in draft.metadata:
            metadata.setdefault(key, value)
        for key, span in draft.metadata_spans:
            spans.setdefault(key, span)
    renames = {rename.old: rename for draft in drafts for rename in draft.renames}
    if all(draft.complete for draft in drafts):
        for draft in drafts:
            for _, references in draft.components:
                index.problems.extend(_check_references(references, index, renames))
        index.problems.extend(_amend(drafts, index, renames))
        index.problems.extend(_containment_cycles(index.components))
    scenarios = _scenarios(drafts, index)
    if index.problems:
        raise InventoryError(index.problems)
    inventory = Inventory(
        components=MappingProxyType(dict(sorted(index.components.items()))),
        providers=MappingProxyType(dict(sorted(index.providers.items()))),
        name=metadata.get("name", ""),
        version=metadata.get("version", ""),
        description=metadata.get("description", ""),
        sources=tuple(draft.file for draft in drafts),
        lint_disabled=tuple(sorted({rule for draft in drafts for rule in draft.lint_disabled})),
        notes=tuple(note for draft in drafts for note in draft.notes),
        renames=tuple(sorted(renames.values(), key=lambda rename: rename.old)),
        scenarios=MappingProxyType(dict(sorted(scenarios.items()))),
        spans=MappingProxyType(spans),
    )
    problems = _scenario_selectors(inventory)
    if problems:
        raise InventoryError(problems)
    return inventory


def _scenarios(drafts: list[Draft], index: _Index) -> dict[str, Scenario]:
    """The scenarios of every file, by id; a second one with an id is a problem."""
    found: dict[str, Scenario] = {}
    for draft in drafts:
        for scenario in draft.scenarios:
            first = found.get(scenario.id)
            if first is None:
                found[scenario.id] = scenario
                continue
            index.problems.append(Problem(
                scenario.span or Span("?"), f"duplicate scenario id '{scenario.id}'",
                hint=f"first defined at {first.span}; scenario ids must be unique across "
                     "all files"))
    return found


def _scenario_selectors(inventory: Inventory) -> list[Problem]:
    """Every event must fail something: a selector that matches nothing is a typo."""
    problems = []
    for scenario in inventory.scenarios.values():
        for position, event in enumerate(scenario.events):
            try:
                select(inventory, event.fail)
            except SelectorError as err:
                problems.append(Problem(event.fail_span or event.span or Span("?"), str(err),
                                        f"scenario '{scenario.id}' > events[{position}] > "
                                        "fail"))
    return problems


def _check_references(references: Iterable[Reference], index: _Index,
                      renames: Mapping[str, Rename] = MappingProxyType({})) -> list[Problem]:
    problems = []
    for ref in references:
        table = index.components if ref.kind == "component" else index.providers
        if ref.target not in table:
            problems.append(Problem(ref.span, f"unknown {ref.kind} '{ref.target}'",
                                    ref.context, _unknown_hint(ref.target, table, renames)))
    return problems


def _unknown_hint(target: str, table: Mapping, renames: Mapping[str, Rename]) -> str:
    rename = renames.get(target)
    if rename is not None and rename.new in table:
        where = f" ({rename.url})" if rename.url else ""
        return (f"renamed at the source: the same object{where} is '{rename.new}' since the "
                f"last import, at {rename.span}; write '{rename.new}'")
    return did_you_mean(target, table)


def _amend(drafts: list[Draft], index: _Index, renames: Mapping[str, Rename]) -> list[Problem]:
    """Apply every draft's amendments to the components they name, in file order.

    A field set by two amendments of one component is a problem (which one should
    win?); so is a ``meta`` key the component already has.
    """
    problems: list[Problem] = []
    set_at: dict[tuple[str, str], Span] = {}
    for draft in drafts:
        for amendment in draft.amendments:
            problems.extend(_check_references(amendment.references, index, renames))
            component = index.components.get(amendment.target)
            if component is None:
                problems.append(Problem(
                    amendment.span, f"amends an unknown component '{amendment.target}'",
                    amendment.context, _unknown_hint(amendment.target, index.components, renames)
                    or "an amendment adds to a component that another file defines"))
                continue
            changes: dict[str, Any] = {}
            for key, value, span in amendment.values:
                first = set_at.setdefault((component.id, key), span)
                if first is not span:
                    problems.append(Problem(span, f"'{key}' of '{component.id}' is amended "
                                            "twice", amendment.context,
                                            f"first at {first}; keep one"))
                changes[key] = value
            meta = dict(component.meta)
            for key, span in amendment.meta_spans:
                if key in meta:
                    problems.append(Problem(span, f"'{component.id}' already has meta '{key}'",
                                            amendment.context, "an amendment adds meta keys; "
                                            "it does not replace them"))
                meta[key] = amendment.meta[key]
            index.components[component.id] = replace(
                component, **changes, meta=meta,
                tags=tuple(sorted(set(component.tags) | set(amendment.tags))),
                data=tuple(sorted(set(component.data) | set(amendment.data))),
                depends_on=component.depends_on + amendment.depends_on)
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

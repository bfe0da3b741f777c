"""Assemble an inventory from what loaders read, checking what spans files.

Loaders check each file on its own (keys, types, values). Here the files meet:
ids must be unique across all of them and every reference must resolve. All
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

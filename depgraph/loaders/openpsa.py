"""Import Open-PSA MEF fault trees (SCRAM's input format) as a depgraph inventory.

A fault tree says when things fail; an inventory says what each component needs
to work. Each gate becomes a component (type ``service``: it stands for a
function that works while its inputs do) and each basic event a component (type
``compute``: the equipment that fails on its own). Then:

- ``or`` (fails when any input fails): one hard requirement per input;
- ``and`` (fails when all inputs fail): ``any: [inputs]``;
- ``atleast min=k`` of n (fails when k fail): ``at_least: n-k+1`` of the inputs;
- a single event passed through: a hard requirement on it.

A nested formula inside an ``or`` becomes a group requirement where it is one
(``and``, ``atleast``); otherwise a component of its own, ``GATE/1``, ``GATE/2``…
The top events (gates no other gate names) are marked ``critical``. House events
are the constants SCRAM takes them for (false unless set). Ids are the MEF ids
(``tree.component.name`` for a private event) where they are valid depgraph ids;
other characters are written ``_uXXXX`` (with a note).

Built directly as components and checked by :func:`~depgraph.core.inventory.assemble`,
rather than as YAML run through the schema: every problem keeps its place in the
XML, and the YAML written afterwards is only a rendering of a valid inventory.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from depgraph.core.inventory import Draft, Reference, assemble
from depgraph.core.model import Component, Inventory, Requirement, Span
from depgraph.core.problems import InventoryError, Problem
from depgraph.loaders.openpsa_formula import define_formulas, fold_gates, gate_inputs, walk_gates
from depgraph.loaders.openpsa_mef import Event, Formula, MefModel, read_mef

__all__ = ["OpenPsaImport", "read_open_psa"]

_SLUG_CHAR = re.compile(r"[A-Za-z0-9._/-]")
_SLUG = re.compile(r"[A-Za-z0-9._/-]*")


@dataclass(frozen=True)
class OpenPsaImport:
    """The inventory, its top events (component ids) and notes on what was changed."""

    inventory: Inventory
    top_events: tuple[str, ...]
    notes: tuple[Problem, ...]


def read_open_psa(paths, house_events: bool = False) -> OpenPsaImport:
    """Read MEF files (a tree and its basic events may be in separate files).

    House events are refused unless ``house_events`` is true; then they are the
    constants SCRAM takes them for, substituted into the gates.

    Raises :class:`~depgraph.core.problems.InventoryError` with every problem found.

    >>> result = read_open_psa(["tests/openpsa/power.xml"])
    >>> result.top_events
    ('NoPower',)
    >>> [r.describe() for r in result.inventory["NoSupply"].depends_on]
    ['any of [MainsLost, BackupDown]']
    """
    paths = [os.fspath(p) for p in paths]
    model = read_mef(paths)
    if not house_events:
        # An inventory has no constants: a house event is refused unless asked for.
        for house in model.of_kind("house-event"):
            model.problem(house.element, f"house event '{house.id}' is not supported: an "
                          "inventory has no constant true or false",
                          hint="remove it, or import with --house-events to take it as the "
                               "constant SCRAM takes it for (false unless set)")
    define_formulas(model)
    order, cycles = walk_gates(model)
    model.problems += cycles
    if not model.problems and not any(e.kind != "house-event" for e in model.events.values()):
        model.problems.append(Problem(Span(paths[0] if paths else "<arguments>"),
                                      "no gate and no basic event: nothing to import",
                                      hint="name the files that define the fault trees"))
    if model.problems:
        raise InventoryError(model.problems)
    builder = _Builder(model, fold_gates(order))
    components = builder.build()
    if builder.problems:
        raise InventoryError(builder.problems)
    inventory = assemble(_drafts(components, paths, model.name))
    notes = sorted(model.notes + builder.notes, key=lambda p: p.sort_key)
    return OpenPsaImport(inventory, builder.tops, tuple(notes))


def _drafts(components: list, paths: list[str], name: str) -> list[Draft]:
    """One draft per file, so that every component keeps the file it came from."""
    files = sorted({c.span.file for c, _ in components} | set(paths))
    names = ", ".join(sorted({os.path.basename(p) for p in paths}))
    metadata = (("name", name or "open-psa"), ("description", f"Imported from Open-PSA MEF: "
                                                              f"{names}"))
    return [Draft(f, tuple(item for item in components if item[0].span.file == f),
                  metadata=metadata if f == files[0] else ()) for f in files]


class _Builder:
    """Turns the folded gates and the basic events into components."""

    def __init__(self, model: MefModel, folded: dict):
        self.model, self.folded = model, folded
        self.problems: list[Problem] = []
        self.notes: list[Problem] = []
        self.ids = self._identify([e for e in model.events.values() if e.kind != "house-event"])
        named = {child for gate in model.of_kind("gate") for child in gate_inputs(gate.formula)}
        self.top_gates = [g for g in model.of_kind("gate") if g not in named]
        self._tops = set(self.top_gates)
        self.tops = tuple(sorted(self.ids[g] for g in self.top_gates
                                 if folded[g] is not True))
        self.components: list[tuple[Component, tuple[Reference, ...]]] = []
        self.nested: dict[Event, int] = {}

    def build(self) -> list[tuple[Component, tuple[Reference, ...]]]:
        for gate in self.model.of_kind("gate"):
            value = self.folded[gate]
            if value is True and gate in self._tops:
                self.problems.append(Problem(gate.element.span, f"top event '{gate.id}' is "
                                     "always true (its house events make it certain)",
                                     hint="depgraph has no component that has already failed"))
            elif isinstance(value, bool) and gate not in self._tops:
                self._note(gate, f"gate '{gate.id}' is always {str(value).lower()} (house "
                           "events): left out, and its parents simplified")
            else:
                if value is False:
                    self._note(gate, f"top event '{gate.id}' never happens (house events)")
                self._add(gate, value, "service")
        used = {e for v in self.folded.values() for e in _events(v)}
        named = {e for g in self.model.of_kind("gate") for e in _events(g.formula)}
        for event in self.model.of_kind("basic-event"):
            self._add(event, None, "compute")
            if event not in used:
                self._note(event, f"basic event '{event.id}' is used by no gate" +
                           (" once house events are substituted" if event in named else ""))
        for house in self.model.of_kind("house-event"):
            self._note(house, f"house event '{house.id}' taken as "
                       f"{str(house.value).lower()}")
        return self.components

    def _add(self, event: Event, value, kind: str) -> None:
        requirements = self._requirements(value, event) if value not in (None, False) else []
        label = next((c.text.strip() for c in event.element.children if c.tag == "label"), "")
        ident = self.ids[event]
        self._append(Component(
            ident, kind, name=event.id if ident != event.id else "",
            depends_on=tuple(requirements), description=label or None,
            criticality="critical" if ident in self.tops else "medium",
            span=event.element.span))

    def _append(self, component: Component) -> None:
        where = f"component '{component.id}'"
        self.components.append((component, tuple(
            Reference(m, "component", component.span, where)
            for r in component.depends_on for m in r.members)))

    def _requirements(self, value: Event | Formula, gate: Event) -> list[Requirement]:
        if isinstance(value, Event):
            return [Requirement("hard", (self.ids[value],), 1, value.element.span)]
        if value.op != "or":
            return [self._group(value, gate)]
        found: list[Requirement] = []
        for arg in value.args:
            found += (self._requirements(arg, gate) if isinstance(arg, Event) or arg.op == "or"
                      else [self._group(arg, gate)])
        return list({(r.kind, r.members): r for r in found}.values())  # drop repeats

    def _group(self, formula: Formula, gate: Event) -> Requirement:
        members = [self.ids[arg] if isinstance(arg, Event) else self._nested(arg, gate)
                   for arg in formula.args]
        if len(set(members)) != len(members) and formula.op == "atleast":
            self.problems.append(Problem(formula.element.span, "after substituting house "
                                 f"events, an event appears twice in an atleast of '{gate.id}'"))
        members = list(dict.fromkeys(members))
        needed = max(len(members) - formula.vote + 1, 1)
        return Requirement("any" if needed == 1 else "at_least", tuple(members), needed,
                           formula.element.span)

    def _nested(self, formula: Formula, gate: Event) -> str:
        """A component for a formula nested where no requirement can express it."""
        self.nested[gate] = self.nested.get(gate, 0) + 1
        ident = f"{self.ids[gate]}/{self.nested[gate]}"
        self._append(Component(ident, "service",
                               depends_on=tuple(self._requirements(formula, gate)),
                               description=f"part of the formula of gate '{gate.id}'",
                               span=formula.element.span))
        return ident

    def _identify(self, events: list[Event]) -> dict[Event, str]:
        ids: dict[Event, str] = {}
        taken = {e.id for e in events if _SLUG.fullmatch(e.id)}
        for event in sorted(events, key=lambda e: e.id):
            if event.id in taken:
                ids[event] = event.id
                continue
            ident = "".join(ch if _SLUG_CHAR.match(ch) else f"_u{ord(ch):04x}" for ch in event.id)
            base, n = ident, 1
            while ident in taken:
                n += 1
                ident = f"{base}-{n}"
            taken.add(ident)
            ids[event] = ident
            self._note(event, f"'{event.id}' is not a valid depgraph id: imported as '{ident}'")
        return ids

    def _note(self, event: Event, message: str) -> None:
        self.notes.append(Problem(event.element.span, message, severity="note"))


def _events(value) -> list[Event]:
    if isinstance(value, Event):
        return [value]
    if isinstance(value, Formula):
        return [e for arg in value.args for e in _events(arg)]
    return []

"""Gate formulas of an Open-PSA MEF model: read, checked, walked and simplified.

Formulas are checked as SCRAM checks them (``and``/``or`` take two or more
arguments, ``atleast`` a vote of 2 or more and more arguments than its vote, no
event twice in one formula, no cycle of gates) and refused where depgraph's
requirements cannot express them: the non-coherent connectives, in which a
failure can bring the top event back. House events and ``<constant>`` are
Boolean constants; :func:`fold_gates` substitutes them, as SCRAM does. Each
reference is resolved by the scoping rules described in
:mod:`depgraph.loaders.openpsa_mef`.
"""

from __future__ import annotations

from depgraph.core.problems import Problem, did_you_mean
from depgraph.loaders.openpsa_mef import (COHERENT, EVENT_TAGS, NON_COHERENT, Event, Formula,
                                          MefModel)
from depgraph.loaders.xml_source import Element

__all__ = ["define_formulas", "gate_inputs", "walk_gates", "fold_gates"]

_REFERENCES = ("event", *EVENT_TAGS)


def define_formulas(model: MefModel) -> None:
    """Read each gate's formula and each house event's constant."""
    for event in list(model.events.values()):
        if event.kind == "gate":
            parts = [c for c in event.element.children if c.tag not in ("label", "attributes")]
            if len(parts) != 1:
                model.problem(event.element, f"gate '{event.id}' has {len(parts)} formulas",
                              hint="a gate is defined by exactly one formula")
                continue
            event.formula = _formula(model, parts[0], event)
        elif event.kind == "house-event":
            for constant in (c for c in event.element.children if c.tag == "constant"):
                event.value = _boolean(model, constant)


def _formula(model: MefModel, element: Element, gate: Event) -> Formula:
    if element.tag in (*_REFERENCES, "constant"):
        return Formula("null", _arguments(model, [element], gate), element)
    formula = Formula(element.tag, _arguments(model, element.children, gate), element)
    arity = len(element.children)
    if element.tag in NON_COHERENT:
        model.problem(element, f"'{element.tag}' is not coherent", f"gate '{gate.id}'",
                      "depgraph models failures that only propagate: use and, or, atleast")
    elif element.tag not in COHERENT:
        model.problem(element, f"unknown formula <{element.tag}>", f"gate '{gate.id}'",
                      f"expected one of: {', '.join(COHERENT)}")
    elif element.tag == "atleast":
        vote = element.get("min", "")
        formula.vote = int(vote) if vote.isdigit() else 0
        if formula.vote < 2:
            model.problem(element, f"invalid vote number min='{vote}'", f"gate '{gate.id}'",
                          "atleast takes min=2 or more (min=1 is an or)")
        elif arity <= formula.vote:
            model.problem(element, f"atleast min={vote} needs more than {vote} arguments, "
                          f"has {arity}", f"gate '{gate.id}'")
    elif arity < 2:
        model.problem(element, f"'{element.tag}' needs 2 or more arguments, has {arity}",
                      f"gate '{gate.id}'", "pass a single event through without a connective")
    if element.tag in ("and", "or"):
        formula.vote = 1 if element.tag == "or" else arity
    return formula


def _arguments(model: MefModel, elements: list[Element], gate: Event) -> list:
    args: list = []
    seen: set[Event] = set()  # the events among args: a list scan made wide gates quadratic
    for element in elements:
        if element.tag == "constant":
            args.append(_boolean(model, element))
        elif element.tag not in _REFERENCES:
            args.append(_formula(model, element, gate))
        elif (event := _resolve(model, element, gate.base)) is not None:
            if event in seen:
                model.problem(element, f"duplicate argument '{element.get('name')}'",
                              f"gate '{gate.id}'", "an event appears once in a formula")
            else:
                seen.add(event)
                args.append(event)
    return args


def _resolve(model: MefModel, element: Element, base: str) -> Event | None:
    """The event an ``<event>``, ``<gate>``, ``<basic-event>`` or ``<house-event>`` names."""
    name = element.get("name") or ""
    kind = element.get("type", "event") if element.tag == "event" else element.tag
    kinds = EVENT_TAGS if kind == "event" else (kind,)
    tables = [model.paths[k] for k in kinds if k in model.paths]
    if base:
        for table in tables:
            if f"{base}.{name}" in table:
                return table[f"{base}.{name}"]
    for table in tables:
        if "." not in name:
            found = model.events.get(name)
            if found is not None and table.get(found.path) is found:
                return found
        elif name in table:
            return table[name]
    known = [e.id for e in model.events.values() if e.kind in kinds]
    model.problem(element, f"undefined {kind} '{name}'" + (f" in '{base}'" if base else ""),
                  hint=did_you_mean(name, known))
    return None


def _boolean(model: MefModel, element: Element) -> bool:
    value = element.get("value", "")
    if value not in ("true", "false", "1", "0"):
        model.problem(element, f"invalid Boolean constant '{value}'", hint="true or false")
    return value in ("true", "1")


def gate_inputs(formula: Formula | None) -> list[Event]:
    """The gates a formula names, at any depth, sorted by id."""
    found: dict[str, Event] = {}
    stack = [formula] if formula is not None else []
    while stack:
        for arg in stack.pop().args:
            if isinstance(arg, Formula):
                stack.append(arg)
            elif isinstance(arg, Event) and arg.kind == "gate":
                found[arg.id] = arg
    return [found[key] for key in sorted(found)]


def walk_gates(model: MefModel) -> tuple[list[Event], list[Problem]]:
    """The gates, each after the gates it names; and a problem for each cycle."""
    state: dict[Event, int] = {}  # 1: on the path, 2: done
    order: list[Event] = []
    cycles: dict[frozenset, list[Event]] = {}
    for root in sorted(model.of_kind("gate"), key=lambda g: g.id):
        if root in state:
            continue
        state[root], path, pending = 1, [root], [iter(gate_inputs(root.formula))]
        while pending:
            child = next(pending[-1], None)
            if child is None:
                state[path[-1]] = 2
                order.append(path.pop())
                pending.pop()
            elif child not in state:
                state[child] = 1
                path.append(child)
                pending.append(iter(gate_inputs(child.formula)))
            elif state[child] == 1:
                cycle = path[path.index(child):]
                cycles.setdefault(frozenset(cycle), cycle)
    return order, [_cycle_problem(cycle) for cycle in cycles.values()]


def _cycle_problem(cycle: list[Event]) -> Problem:
    start = min(range(len(cycle)), key=lambda i: cycle[i].id)
    ring = cycle[start:] + cycle[:start]
    names = " -> ".join(gate.id for gate in ring + ring[:1])
    return Problem(ring[0].element.span, f"cycle of gates: {names}",
                   hint="a fault tree is acyclic: no gate may depend on itself")


def fold_gates(order: list[Event]) -> dict[Event, bool | Event | Formula]:
    """Each gate's formula with house events and constants substituted and simplified:
    True or False when constant, else an event or a formula of events and formulas."""
    folded: dict[Event, bool | Event | Formula] = {}
    for gate in order:
        folded[gate] = _fold(gate.formula, folded)
    return folded


def _fold(formula: Formula, folded: dict) -> bool | Event | Formula:
    args = []
    for arg in formula.args:
        if isinstance(arg, Formula):
            arg = _fold(arg, folded)
        elif isinstance(arg, Event) and arg.kind == "house-event":
            arg = arg.value
        elif isinstance(arg, Event) and isinstance(folded.get(arg), bool):
            arg = folded[arg]
        args.append(arg)
    if formula.op == "null":
        return args[0]
    rest = [arg for arg in args if not isinstance(arg, bool)]
    # Every coherent connective is a threshold: true once `vote` arguments are.
    vote = formula.vote - sum(1 for arg in args if arg is True)
    if vote <= 0 or vote > len(rest):
        return vote <= 0
    if len(rest) == 1:
        return rest[0]
    op = "or" if vote == 1 else "and" if vote == len(rest) else "atleast"
    return Formula(op, rest, formula.element, vote)

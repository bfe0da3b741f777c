"""Export the fault tree of one target as Open-PSA MEF XML (SCRAM's input format).

Every component in the target's upstream can fail on its own: it is a basic
event, named by its id. A component fails when its own event happens or when one
of its requirements is broken, so its gate is an ``or`` of its basic event and
one input per requirement: a hard (or ``located_in``) requirement gives the
member's gate; ``any`` gives an ``and`` of the members' gates (all must fail);
``at_least: k`` of n gives ``atleast min=n-k+1`` of them. The target's gate is
the top event. Gates are named ``gate-<id>``; characters MEF names forbid are
written ``_``, and a name already taken gets ``_2``, ``_3``… (the depgraph id is
kept as an attribute). A component without requirements is referred to by its
basic event, which SCRAM takes as it would a one-input gate (which it refuses).
Providers are not events: a provider-wide failure is a common cause that
``depgraph spof`` reports on its own; the tree is about components.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import quoteattr

from depgraph.core.graph import compile_inventory
from depgraph.core.model import Inventory, Requirement
from depgraph.core.problems import DepgraphError, InventoryError, Problem, did_you_mean
from depgraph.core.wording import xml_referred, xml_safe

__all__ = ["export_open_psa"]


def export_open_psa(inventory: Inventory, target: str) -> str:
    """The fault tree of ``target`` as MEF XML; refuses a dependency cycle in its upstream.

    >>> from depgraph import load_inventory
    >>> xml = export_open_psa(load_inventory("inventories/webshop.yaml"), "checkout")
    >>> print(xml[xml.index('<define-gate name="gate-db-cluster">'):].split("</define-gate>")[0])
    <define-gate name="gate-db-cluster">
          <label>Orders database cluster</label>
          <or>
            <basic-event name="db-cluster"/>
            <atleast min="2">
              <gate name="gate-db-1"/>
              <gate name="gate-db-2"/>
              <gate name="gate-db-3"/>
            </atleast>
          </or>
    <BLANKLINE>
    """
    if target not in inventory:
        raise DepgraphError(f"unknown target '{target}'; " + (
            did_you_mean(target, inventory.components) or "name a component id"))
    upstream = _upstream(inventory, target)
    names = _names(upstream)
    compiled = compile_inventory(inventory)
    gates = {c for c in upstream if compiled.requirements_of(compiled.index[c])}

    def ref(member: str) -> str:
        kind = "gate" if member in gates else "basic-event"
        return f"<{kind} name={quoteattr(names[kind, member])}/>"

    lines = ['<?xml version="1.0" encoding="UTF-8"?>', "<opsa-mef>",
             '  <define-fault-tree name="depgraph">',
             f"    <label>{_text(f'What makes {target} fail, exported by depgraph')}</label>"]
    for ident in sorted(gates | {target}, key=lambda c: (c != target, c)):
        inputs = [f"<basic-event name={quoteattr(names['basic-event', ident])}/>"]
        for r in compiled.requirements_of(compiled.index[ident]):
            inputs += _inputs(compiled.requirements[r], ref)
        inputs = list(dict.fromkeys(inputs))
        body = ([f"      {inputs[0]}"] if len(inputs) == 1 else
                ["      <or>", *("        " + i.replace("\n", "\n        ") for i in inputs),
                 "      </or>"])
        lines += [f"    <define-gate name={quoteattr(names['gate', ident])}>",
                  f"      <label>{_text(inventory[ident].label)}</label>", *body,
                  "    </define-gate>"]
    for ident in sorted(upstream):
        lines += [f"    <define-basic-event name={quoteattr(names['basic-event', ident])}>",
                  f"      <label>{_text(inventory[ident].label)}</label>",
                  f'      <attributes><attribute name="depgraph-id" value={quoteattr(ident)}/>'
                  "</attributes>", "    </define-basic-event>"]
    return "\n".join(lines + ["  </define-fault-tree>", "</opsa-mef>", ""])


def _inputs(requirement: Requirement, ref) -> list[str]:
    """The formula inputs for one requirement: one reference, or a nested formula."""
    members = [ref(m) for m in requirement.members]
    fails_when = len(members) - requirement.needed + 1  # members down that break it
    if fails_when == 1:  # every member needed: each one's failure is enough
        return members
    if fails_when == len(members):
        head, tail = "<and>", "</and>"
    else:
        head, tail = f'<atleast min="{fails_when}">', "</atleast>"
    return [head + "".join(f"\n  {m}" for m in members) + f"\n{tail}"]


def _upstream(inventory: Inventory, target: str) -> set[str]:
    """Everything ``target`` requires, directly or not; a cycle is an error naming it."""
    compiled = compile_inventory(inventory)
    state: dict[int, int] = {}  # 1: on the path, 2: done
    start = compiled.index[target]
    path, pending = [start], [iter(_requires(compiled, start))]
    state[start] = 1
    while pending:
        child = next(pending[-1], None)
        if child is None:
            state[path.pop()] = 2
            pending.pop()
        elif state.get(child) == 1:
            cycle = [compiled.ids[c] for c in path[path.index(child):]] + [compiled.ids[child]]
            raise InventoryError([Problem(
                inventory[cycle[0]].span, f"cannot export the fault tree of '{target}': "
                f"dependency cycle {' -> '.join(cycle)}", hint="a fault tree is acyclic; "
                "break the cycle, or export a target whose upstream has none")])
        elif child not in state:
            state[child] = 1
            path.append(child)
            pending.append(iter(_requires(compiled, child)))
    return {compiled.ids[c] for c in state}


def _requires(compiled, component: int) -> list[int]:
    return sorted({m for r in compiled.requirements_of(component) for m in compiled.members_of(r)})


def _names(upstream: set[str]) -> dict[tuple[str, str], str]:
    """MEF names, distinct across basic events and gates: basic events first, by id."""
    names: dict[tuple[str, str], str] = {}
    taken: set[str] = set()
    for kind, prefix in (("basic-event", ""), ("gate", "gate-")):
        for ident in sorted(upstream):
            base = prefix + _mef_name(ident)
            name, n = base, 1
            while name in taken:
                n += 1
                name = f"{base}_{n}"
            taken.add(name)
            names[kind, ident] = name
    return names


def _mef_name(ident: str) -> str:
    """A MEF identifier: a letter or '_' first, no '.', '-' only between other characters."""
    name = re.sub(r"[^A-Za-z0-9_-]", "_", ident)
    name = re.sub(r"-(?=-)|^-|-$", "_", name)
    return name if re.match(r"[A-Za-z_]", name) else f"_{name}"


def _text(text: str) -> str:
    """Label text: XML-escaped, on one line (MEF labels are normalized strings), with
    what XML cannot hold replaced. MEF is data: bidirectional controls ("Trojan Source"),
    DEL and the C1 controls are kept, as character references, the same text to every
    XML parser and visible to a person reading the file."""
    escaped = xml_safe(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return xml_referred(" ".join(escaped.split())) or "-"

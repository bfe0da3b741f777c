"""Read the fault-tree layer of Open-PSA MEF files: the events defined, and their scopes.

Names are scoped as SCRAM (the reference MEF tool) scopes them. Every gate,
basic event and house event has a base path (its fault tree, then its
components: ``tree.component``) and a role. A public event's id is its name, a
private one's is ``base.path.name``; ids are unique across gates, basic events
and house events together. A reference ``X`` is looked up first as
``<base path of the referring gate>.X``, then, without a dot, as a public name,
else as a full path (see :mod:`depgraph.loaders.openpsa_formula`, which reads the
formulas once every name is known). Definitions are registered in SCRAM's order (per
container: house events, basic events, gates, then components; fault trees
before ``model-data``), so that a redefinition is reported where SCRAM reports it.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from depgraph.core.problems import Problem
from depgraph.loaders.xml_source import Element, parse_xml

__all__ = ["Event", "Formula", "MefModel", "read_mef", "EVENT_TAGS", "COHERENT", "NON_COHERENT"]

EVENT_TAGS = ("gate", "basic-event", "house-event")
#: The connectives whose failure logic depgraph's requirements express.
COHERENT = ("and", "or", "atleast")
#: MEF connectives that make a tree non-coherent (a failure can repair the top event).
NON_COHERENT = ("not", "xor", "nand", "nor", "iff", "imply")
_NAME = re.compile(r"[^\W\d][\w]*(?:-\w+)*")  # an NCName without '.', '-' only inside
_IGNORED = ("define-parameter", "define-event-tree", "define-initiating-event",
            "define-rule", "define-alignment", "define-extern-library",
            "define-extern-function")
_UNSUPPORTED = {
    "define-CCF-group": "common-cause failure groups are not supported; model the common "
                        "cause as a basic event that each member's gate includes",
    "define-substitution": "substitutions change the cut sets after the fact and are not "
                           "supported; write the logic into the gates",
}


@dataclass(eq=False)
class Event:
    """A defined gate, basic event or house event."""

    kind: str
    name: str
    base: str
    public: bool
    element: Element
    formula: "Formula | None" = None
    value: bool = False  # a house event's constant

    @property
    def id(self) -> str:
        return self.name if self.public else f"{self.base}.{self.name}"

    @property
    def path(self) -> str:
        return f"{self.base}.{self.name}" if self.base else self.name


@dataclass(eq=False)
class Formula:
    """``op`` is a connective, or ``null`` for a single argument passed through.

    Arguments are events, nested formulas, or booleans (constants); an argument
    that could not be resolved is left out (its problem is reported).
    """

    op: str
    args: list
    element: Element
    vote: int = 0


@dataclass
class MefModel:
    """Every event defined in the files read, with the problems and notes found."""

    events: dict[str, Event] = field(default_factory=dict)
    paths: dict[str, dict[str, Event]] = field(
        default_factory=lambda: {kind: {} for kind in EVENT_TAGS})
    problems: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)
    name: str = ""

    def of_kind(self, kind: str) -> list[Event]:
        return [event for event in self.events.values() if event.kind == kind]

    def problem(self, element: Element, message: str, context: str = "", hint: str = "",
                severity: str = "error") -> None:
        found = Problem(element.span, message, context, hint, severity)
        (self.problems if severity == "error" else self.notes).append(found)


def read_mef(paths: list[str]) -> MefModel:
    """Register every definition of every file (formulas are read afterwards, once
    every name is known: see :mod:`depgraph.loaders.openpsa_formula`)."""
    model = MefModel()
    trees: dict[str, Element] = {}
    given = {os.path.realpath(path) for path in paths}
    for path in paths:
        root, problems = parse_xml(Path(path).read_bytes(), path)
        model.problems += problems
        if root is not None:
            _register_file(model, root, trees, given)
    return model


def _register_file(model: MefModel, root: Element, trees: dict[str, Element],
                   given: set[str]) -> None:
    if root.tag != "opsa-mef":
        model.problem(root, f"expected an <opsa-mef> document, got <{root.tag}>")
        return
    model.name = model.name or root.get("name", "")
    ignored = set()
    for child in root.children:
        if child.tag == "define-fault-tree" and _valid_name(model, child):
            first = trees.setdefault(child.get("name"), child)
            if first is not child:
                model.problem(child, f"redefinition of fault tree '{child.get('name')}'",
                              hint=f"first defined at {first.span}")
            _register_container(model, child, child.get("name"), True)
        elif child.tag in _UNSUPPORTED:
            _unsupported(model, child, "", True)
        elif child.tag.rpartition(":")[2] == "include":
            _include(model, child, given)
        elif child.tag in _IGNORED and child.tag not in ignored:
            ignored.add(child.tag)
            model.problem(child, f"<{child.tag}> ignored: only the fault-tree layer is "
                          "imported", severity="note")
        elif child.tag not in ("define-fault-tree", "model-data", "label", "attributes",
                               *_IGNORED):
            model.problem(child, f"unknown element <{child.tag}>")
    for child in root.children:
        if child.tag == "model-data":
            _register_container(model, child, "", True, ("house-event", "basic-event"))


def _register_container(model: MefModel, container: Element, base: str, public: bool,
                        kinds: tuple[str, ...] = ("house-event", "basic-event", "gate",
                                                  "component")) -> None:
    by_tag: dict[str, list[Element]] = {}
    for child in container.children:
        by_tag.setdefault(child.tag, []).append(child)
    for kind in (k for k in kinds if k != "component"):
        for element in by_tag.pop(f"define-{kind}", []):
            if _valid_name(model, element):
                _register(model, Event(kind, element.get("name"), base,
                                       _role(model, element, public), element))
    for element in by_tag.pop("define-component", []) if "component" in kinds else []:
        if _valid_name(model, element):
            _register_container(model, element, f"{base}.{element.get('name')}",
                                _role(model, element, public))
    for tag, elements in sorted(by_tag.items()):
        if tag in _UNSUPPORTED:
            for element in elements:
                _unsupported(model, element, base, public)
        elif tag not in (*_IGNORED, "label", "attributes"):
            model.problem(elements[0], f"unexpected element <{tag}> in <{container.tag}>")


def _include(model: MefModel, element: Element, given: set[str]) -> None:
    """XInclude is never followed (a file may not make the reader open others); it is
    satisfied when the file it names is read too, named on the command line."""
    href = element.get("href", "")
    target = os.path.join(os.path.dirname(element.span.file), href)
    if os.path.realpath(target) in given:
        model.problem(element, f"XInclude of '{href}': read as named", severity="note")
    else:
        model.problem(element, "XInclude is not followed: a file may not pull in others",
                      hint=f"name '{target}' too")


def _unsupported(model: MefModel, element: Element, base: str, public: bool) -> None:
    """Refuse the element; a CCF group's members are still defined, as basic events,
    so that the gates naming them are not reported too."""
    model.problem(element, f"<{element.tag}> is not supported", hint=_UNSUPPORTED[element.tag])
    for members in (c for c in element.children if c.tag == "members"):
        for member in members.children:
            if _valid_name(model, member):
                _register(model, Event("basic-event", member.get("name"), base,
                                       _role(model, element, public), member))


def _register(model: MefModel, event: Event) -> None:
    first = model.events.get(event.id)
    if first is not None:
        model.problem(event.element, f"redefinition of event '{event.id}' as a {event.kind}",
                      hint=f"first defined at {first.element.span} as a {first.kind}; gates, "
                      "basic events and house events share one namespace")
        return
    model.events[event.id] = event
    model.paths[event.kind][event.path] = event


def _role(model: MefModel, element: Element, inherited: bool) -> bool:
    role = element.get("role")
    if role not in (None, "public", "private"):
        model.problem(element, f"invalid role '{role}'", hint="use 'public' or 'private'")
    return inherited if role not in ("public", "private") else role == "public"


def _valid_name(model: MefModel, element: Element) -> bool:
    name = element.get("name")
    if name is None:
        model.problem(element, f"<{element.tag}> without a name")
        return False
    if not _NAME.fullmatch(name):
        model.problem(element, f"invalid MEF name '{name}'",
                      hint="a name starts with a letter or '_', has no '.', and uses '-' "
                      "only between other characters")
        return False
    return True

"""Check one file's located tree against the inventory schema, collecting every problem."""

from __future__ import annotations

import re
from typing import Any, Callable

from depgraph.analysis.lint import RULES
from depgraph.core.durations import parse_duration
from depgraph.core.inventory import AMENDABLE, Amendment, Draft, Reference
from depgraph.core.model import (
    COMPONENT_TYPES,
    CRITICALITIES,
    Component,
    Continuity,
    Note,
    Provider,
    Rename,
    Requirement,
    Scenario,
    ScenarioEvent,
)
from depgraph.core.problems import Problem, SelectorError, did_you_mean
from depgraph.core.selectors import parse_selector
from depgraph.loaders.tree import Node

__all__ = ["read_draft", "TOP_KEYS", "PROVIDER_KEYS", "COMPONENT_KEYS", "CONTINUITY_KEYS",
           "GENERATED_KEYS", "REQUIREMENT_KEYS", "SCENARIO_KEYS", "EVENT_KEYS"]

TOP_KEYS = ("name", "version", "description", "providers", "components", "lint", "amend",
            "generated", "scenarios")
#: ``generated:``, what an importer writes about its run: which importer (``by``),
#: from where (``source``), what it inferred or could not resolve (``findings``),
#: the ids a re-import changed (``renamed``) and what it left out (``left_out``).
GENERATED_KEYS = ("by", "source", "findings", "renamed", "left_out")
PROVIDER_KEYS = ("id", "name", "kind", "description", "meta")
COMPONENT_KEYS = (
    "id", "name", "type", "provider", "located_in", "depends_on", "criticality",
    "restore", "team", "rto", "tags", "owner", "description", "meta", "holdup", "data",
    "mtpd", "weight", "continuity", "rpo",
)
#: The keys of a component's degraded procedure (``continuity:``).
CONTINUITY_KEYS = ("procedure", "document", "owner", "contact", "activation", "sustainable")
#: The keys of a requirement written as a mapping.
REQUIREMENT_KEYS = ("needs", "any", "at_least", "of", "holdup", "switchover", "when")
SCENARIO_KEYS = ("id", "name", "description", "events")
EVENT_KEYS = ("at", "fail", "repair")
_SLUG = re.compile(r"[A-Za-z0-9._/-]+")


class _Checker:
    """Walks one file's tree; every check appends to ``problems`` and goes on."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []

    def report(self, node: Node, message: str, context: str = "", hint: str = "") -> None:
        self.problems.append(Problem(node.span, message, context, hint))

    # -- shapes ---------------------------------------------------------------
    def expect(self, node: Node, kind: str, context: str, what: str) -> bool:
        if node.tag == "refused":
            return False
        if node.kind == kind and not (kind == "scalar" and node.tag == "null"):
            return True
        self.report(node, f"expected {what}, got {node.type_name}", context)
        return False

    def text(self, node: Node, context: str) -> str | None:
        return node.raw if self.expect(node, "scalar", context, "a string") else None

    def slug(self, node: Node, context: str, what: str) -> str | None:
        value = self.text(node, context)
        if value is None or _SLUG.fullmatch(value):
            return value
        bad = sorted(set(re.sub(r"[A-Za-z0-9._/-]", "", value)))
        self.report(node, f"invalid {what} '{value}': {', '.join(map(repr, bad))} not allowed",
                    context, "use letters, digits, '.', '_', '-' and '/' only")
        return None

    def keys(self, node: Node, allowed: tuple[str, ...], context: str,
             extensions: bool = False) -> None:
        """Unknown keys are errors; with ``extensions``, ``x-`` keys are free (for anchors)."""
        for key, span in node.keys.items():
            if key not in allowed and not (extensions and key.startswith("x-")):
                self.problems.append(Problem(span, f"unknown key '{key}'", context,
                                             did_you_mean(key, allowed) or
                                             f"expected one of: {', '.join(allowed)}"))

    def choice(self, node: Node, choices: tuple[str, ...], context: str, what: str) -> str | None:
        value = self.text(node, context)
        if value is None or value in choices:
            return value
        self.report(node, f"unknown {what} '{value}'", context,
                    did_you_mean(value, choices) or f"expected one of: {', '.join(choices)}")
        return None

    def duration(self, node: Node, context: str) -> int | None:
        value = self.text(node, context)
        if value is None:
            return None
        try:
            return parse_duration(value)
        except ValueError as err:
            self.report(node, f"invalid duration: {err}", context)
            return None

    def plain(self, node: Node) -> Any:
        """Free metadata as plain Python values (keys and scalars as written)."""
        if node.kind == "map":
            return {k: self.plain(v) for k, v in node.value.items()}
        if node.kind == "seq":
            return tuple(self.plain(item) for item in node.value)
        return node.value


def read_draft(tree: Node | None, file: str, problems: list[Problem] = ()) -> Draft:
    """Check a parsed file; ``tree`` is None when it could not be parsed at all."""
    if tree is None:
        return Draft(file, problems=tuple(problems), complete=False)
    checker = _Checker(file)
    checker.problems.extend(problems)
    if not checker.expect(tree, "map", "top level", "a mapping with 'providers' and "
                          "'components'"):
        return Draft(file, problems=tuple(checker.problems), complete=False)
    checker.keys(tree, TOP_KEYS, "top level", extensions=True)
    fields = tree.value
    metadata = tuple((key, value) for key in ("name", "version", "description")
                     if key in fields
                     for value in [checker.text(fields[key], key)] if value is not None)
    lint_disabled = _lint(checker, fields.get("lint"))
    providers = _items(checker, fields.get("providers"), "providers", _provider)
    components = _items(checker, fields.get("components"), "components", _component)
    amendments = _items(checker, fields.get("amend"), "amend", _amendment)
    notes, renames = _generated(checker, fields.get("generated"))
    scenarios = _items(checker, fields.get("scenarios"), "scenarios", _scenario)
    if not fields.keys() & {"components", "providers", "amend", "scenarios"}:
        checker.report(tree, "no 'components' in this file", "top level",
                       "an inventory file lists its components under 'components:'")
    spans = tuple((key, fields[key].span) for key, _ in metadata)
    return Draft(file, tuple(components), tuple(providers), metadata, tuple(checker.problems),
                 lint_disabled=lint_disabled, amendments=tuple(amendments), notes=notes,
                 renames=renames, metadata_spans=spans, scenarios=tuple(scenarios))


def _generated(checker: _Checker, node: Node | None
               ) -> tuple[tuple[Note, ...], tuple[Rename, ...]]:
    """``generated:``: an importer's findings and renames (the rest is for people)."""
    if node is None or not checker.expect(node, "map", "generated", "a mapping"):
        return (), ()
    checker.keys(node, GENERATED_KEYS, "generated")
    fields = node.value
    for key in ("by", "source"):
        if key in fields:
            checker.text(fields[key], f"generated > {key}")
    notes = tuple(Note(values["message"], values.get("url", ""), item.span)
                  for item, values in _records(checker, fields.get("findings"),
                                               "generated > findings", ("message", "url"),
                                               ("message",)))
    renames = tuple(Rename(values["from"], values["to"], values.get("url", ""), item.span)
                    for item, values in _records(checker, fields.get("renamed"),
                                                 "generated > renamed", ("from", "to", "url"),
                                                 ("from", "to")))
    _records(checker, fields.get("left_out"), "generated > left_out", ("id", "why", "url"),
             ("id", "why"))
    return notes, renames


def _records(checker: _Checker, node: Node | None, context: str, keys: tuple[str, ...],
             required: tuple[str, ...]) -> list[tuple[Node, dict[str, str]]]:
    """A list of mappings of text values, each with ``required`` keys among ``keys``."""
    if node is None or not checker.expect(node, "seq", context, "a list"):
        return []
    records = []
    for position, item in enumerate(node.value):
        where = f"{context}[{position}]"
        if not checker.expect(item, "map", where, "a mapping"):
            continue
        checker.keys(item, keys, where)
        values = {key: checker.text(item.value[key], f"{where} > {key}")
                  for key in keys if key in item.value}
        missing = [key for key in required if key not in values]
        for key in missing:
            checker.report(item, f"no '{key}'", where)
        if not missing and None not in values.values():
            records.append((item, values))
    return records


def _amendment(checker: _Checker, node: Node, context: str) -> Amendment | None:
    """``amend: [{id: X, restore: 4h, ...}]``: what this file adds to component X."""
    fields = node.value
    if "id" not in fields:
        checker.report(node, "amendment without an 'id'", context,
                       "name the component it amends: id: <component id>")
        return None
    target = checker.slug(fields["id"], context, "component id")
    context = f"amendment of '{target}'" if target else context
    checker.keys(node, ("id",) + AMENDABLE, context)
    at = lambda key: f"{context} > {key}"  # noqa: E731 - a context path helper
    values = []
    for key in ("name", "team", "owner", "description"):
        if key in fields:
            values.append((key, checker.text(fields[key], at(key)), fields[key].span))
    if "criticality" in fields:
        values.append(("criticality", checker.choice(fields["criticality"], CRITICALITIES,
                                                     at("criticality"), "criticality"),
                       fields["criticality"].span))
    for key in ("restore", "rto", "holdup"):
        if key in fields:
            values.append((key, checker.duration(fields[key], at(key)), fields[key].span))
    data = _datasets(checker, fields["data"], at("data")) if "data" in fields else ()
    tags: tuple[str, ...] = ()
    if "tags" in fields and checker.expect(fields["tags"], "seq", at("tags"), "a list"):
        tags = tuple(tag for i, item in enumerate(fields["tags"].value)
                     for tag in [checker.text(item, f"{at('tags')}[{i}]")] if tag is not None)
    references: list[Reference] = []
    requirements = []
    if "depends_on" in fields and checker.expect(fields["depends_on"], "seq",
                                                 at("depends_on"), "a list"):
        for position, entry in enumerate(fields["depends_on"].value):
            requirement = _requirement(checker, entry, target,
                                       f"{at('depends_on')}[{position}]", references)
            if requirement is not None:
                requirements.append(requirement)
    meta = _meta(checker, fields, context)
    meta_spans = tuple(fields["meta"].keys.items()) if meta else ()
    if target is None or data is None or any(value is None for _, value, _ in values):
        return None
    return Amendment(target, fields["id"].span, tuple(values), tags, tuple(requirements),
                     meta, meta_spans, tuple(references), context, data)


def _lint(checker: _Checker, node: Node | None) -> tuple[str, ...]:
    """``lint: {disable: [rule, ...]}``: the lint rules this inventory switches off."""
    if node is None or not checker.expect(node, "map", "lint", "a mapping"):
        return ()
    checker.keys(node, ("disable",), "lint")
    rules = node.value.get("disable")
    if rules is None or not checker.expect(rules, "seq", "lint > disable", "a list of rule ids"):
        return ()
    return tuple(rule for i, item in enumerate(rules.value)
                 for rule in [checker.choice(item, tuple(RULES), f"lint > disable[{i}]",
                                             "lint rule")] if rule)


def _items(checker: _Checker, node: Node | None, key: str,
           read: Callable[[_Checker, Node, str], Any]) -> list:
    if node is None or not checker.expect(node, "seq", key, "a list"):
        return []
    items = []
    for position, item in enumerate(node.value):
        context = f"{key}[{position}]"
        if checker.expect(item, "map", context, "a mapping"):
            read_item = read(checker, item, context)
            if read_item is not None:
                items.append(read_item)
    return items


def _identify(checker: _Checker, node: Node, context: str, what: str) -> tuple[str | None, str]:
    """The item's id, and the context path that names it."""
    if "id" not in node.value:
        checker.report(node, f"{what} without an 'id'", context)
        return None, context
    ident = checker.slug(node.value["id"], context, "id")
    return ident, (f"{what} '{ident}'" if ident else context)


def _provider(checker: _Checker, node: Node, context: str) -> Provider | None:
    ident, context = _identify(checker, node, context, "provider")
    checker.keys(node, PROVIDER_KEYS, context)
    fields = node.value
    text = {k: checker.text(fields[k], f"{context} > {k}")
            for k in ("name", "kind", "description") if k in fields}
    meta = _meta(checker, fields, context)
    if ident is None:
        return None
    return Provider(ident, text.get("name") or "", text.get("kind") or "", meta, node.span)


def _meta(checker: _Checker, fields: dict[str, Node], context: str) -> Any:
    if "meta" not in fields or not checker.expect(fields["meta"], "map", f"{context} > meta",
                                                  "a mapping"):
        return {}
    return checker.plain(fields["meta"])


def _component(checker: _Checker, node: Node, context: str):
    ident, context = _identify(checker, node, context, "component")
    checker.keys(node, COMPONENT_KEYS, context)
    fields = node.value
    at = lambda key: f"{context} > {key}"  # noqa: E731 - a context path helper
    references: list[Reference] = []
    values: dict[str, Any] = {}
    if "type" not in fields:
        checker.report(node, "component without a 'type'", context,
                       f"one of: {', '.join(COMPONENT_TYPES)}")
    else:
        values["type"] = checker.choice(fields["type"], COMPONENT_TYPES, at("type"),
                                        "component type")
    for key in ("name", "team", "owner", "description"):
        if key in fields:
            values[key] = checker.text(fields[key], at(key))
    if "provider" in fields:
        values["provider"] = checker.slug(fields["provider"], at("provider"), "provider id")
        if values["provider"]:
            references.append(Reference(values["provider"], "provider",
                                        fields["provider"].span, at("provider")))
    if "located_in" in fields and fields["located_in"].kind == "map" \
            and "holdup" in fields["located_in"].value:
        checker.report(fields["located_in"].value["holdup"], "a 'located_in' has no holdup",
                       at("located_in"), "what is inside a place fails with it at once; "
                       "write located_in: <id>, and a holdup on the requirements that ride "
                       "through (a UPS on the power feed)")
    elif "located_in" in fields:
        where = checker.slug(fields["located_in"], at("located_in"), "component id")
        values["located_in"] = _not_self(checker, fields["located_in"], where, ident,
                                         at("located_in"))
        if values["located_in"]:
            references.append(Reference(where, "component", fields["located_in"].span,
                                        at("located_in")))
    if "criticality" in fields:
        values["criticality"] = checker.choice(fields["criticality"], CRITICALITIES,
                                               at("criticality"), "criticality")
    for key in ("restore", "rto", "holdup", "mtpd", "rpo"):
        if key in fields:
            values[key] = checker.duration(fields[key], at(key))
    if "data" in fields:
        values["data"] = _datasets(checker, fields["data"], at("data"))
    if "rpo" in fields and "data" not in fields:
        checker.report(fields["rpo"], f"'{ident}' holds no data: 'rpo' is the data loss the "
                       "holder of a dataset tolerates", at("rpo"),
                       "list what it holds under data: [NAME, ...], or drop rpo")
    if "weight" in fields:
        values["weight"] = _weight(checker, fields["weight"], at("weight"))
    if "continuity" in fields:
        values["continuity"] = _continuity(checker, fields["continuity"], at("continuity"))
    if "tags" in fields and checker.expect(fields["tags"], "seq", at("tags"), "a list"):
        values["tags"] = tuple(sorted({tag for i, item in enumerate(fields["tags"].value)
                                       for tag in [checker.text(item, f"{at('tags')}[{i}]")]
                                       if tag is not None}))
    requirements = []
    if "depends_on" in fields and checker.expect(fields["depends_on"], "seq",
                                                 at("depends_on"), "a list"):
        for position, entry in enumerate(fields["depends_on"].value):
            requirement = _requirement(checker, entry, ident, f"{at('depends_on')}[{position}]",
                                       references)
            if requirement is not None:
                requirements.append(requirement)
    if ident is None:
        return None
    # A component with a bad type stays, so that references to it and from it are
    # still checked; the type's own problem makes the inventory invalid anyway.
    located_in_span = fields["located_in"].span if values.get("located_in") else None
    component = Component(
        ident, values.get("type") or "", values.get("name") or "", values.get("provider"),
        values.get("located_in"), tuple(requirements), values.get("criticality") or "medium",
        values.get("restore") or 0, values.get("team"), values.get("rto"),
        values.get("tags", ()), values.get("owner"), values.get("description"),
        _meta(checker, fields, context), node.span, located_in_span, values.get("holdup"),
        values.get("data") or (), values.get("mtpd"),
        1 if values.get("weight") is None else values["weight"], values.get("continuity"),
        values.get("rpo"))
    return component, tuple(references)


def _weight(checker: _Checker, node: Node, context: str) -> float | None:
    """``weight: NUMBER``: how much a target matters, 0 or more."""
    if node.tag == "refused":
        return None
    number = node.kind == "scalar" and node.tag in ("int", "float")
    if not number or not 0 <= node.value < float("inf"):
        written = f" {node.raw!r}" if node.kind == "scalar" else ""
        checker.report(node, f"'weight' must be a number of 0 or more, got {node.type_name}"
                       f"{written}", context, "how much it matters: patients or revenue per "
                       "hour, say (every target weighs 1 unless it says)")
        return None
    return node.value


def _continuity(checker: _Checker, node: Node, context: str) -> Continuity | None:
    """``continuity: {procedure, document, owner, contact, activation, sustainable}``: the
    degraded procedure, its procedure named."""
    if not checker.expect(node, "map", context, "a mapping with 'procedure'"):
        return None
    checker.keys(node, CONTINUITY_KEYS, context)
    fields = node.value
    if "procedure" not in fields:
        checker.report(node, "a continuity plan without a 'procedure'", context,
                       "name the degraded procedure: procedure: paper admissions")
        return None
    text = {key: checker.text(fields[key], f"{context} > {key}")
            for key in ("procedure", "document", "owner", "contact") if key in fields}
    times = {key: checker.duration(fields[key], f"{context} > {key}")
             for key in ("activation", "sustainable") if key in fields}
    if any(value is None for value in (*text.values(), *times.values())):
        return None
    return Continuity(text["procedure"], text.get("document"), text.get("owner"),
                      text.get("contact"), times.get("activation") or 0,
                      times.get("sustainable"), node.span)


def _datasets(checker: _Checker, node: Node, context: str) -> tuple[str, ...] | None:
    """``data: [NAME, ...]``: the datasets a component holds a copy of, sorted."""
    if not checker.expect(node, "seq", context, "a list of dataset names"):
        return None
    names: dict[str, Node] = {}
    for position, item in enumerate(node.value):
        where = f"{context}[{position}]"
        name = checker.slug(item, where, "dataset name")
        if name is None:
            continue
        if name in names:
            first = names[name].span
            checker.report(item, f"dataset '{name}' is listed twice", where,
                           f"first at line {first.line}, column {first.column}; remove one")
            continue
        names[name] = item
    return tuple(sorted(names))


def _not_self(checker: _Checker, node: Node, target: str | None, ident: str | None,
              context: str) -> str | None:
    if target is not None and target == ident:
        relation = "is located in" if context.endswith("located_in") else "depends on"
        checker.report(node, f"'{ident}' {relation} itself", context,
                       "a component cannot require or contain itself")
        return None
    return target


def _requirement(checker: _Checker, node: Node, ident: str | None, context: str,
                 references: list[Reference]) -> Requirement | None:
    if node.kind == "scalar" and node.tag not in ("null", "refused"):
        target = _target(checker, node, ident, context, references)
        return None if target is None else Requirement("hard", (target,), 1, node.span)
    if not checker.expect(node, "map", context, "a component id, 'any: [...]' or "
                          "'at_least: k' with 'of: [...]'"):
        return None
    fields = node.value
    checker.keys(node, REQUIREMENT_KEYS, context)
    forms = [key for key in ("needs", "any", "at_least") if key in fields]
    if not forms and "of" not in fields:
        if not fields.keys() & set(REQUIREMENT_KEYS):
            checker.report(node, "empty requirement", context,
                           "write a component id, 'any: [a, b]' or 'at_least: k' with "
                           "'of: [a, b, c]'")
        else:
            checker.report(node, "a requirement without what it needs", context,
                           "add 'needs: <id>', 'any: [a, b]' or 'at_least: k' with "
                           "'of: [a, b, c]'")
        return None
    if len(forms) > 1 or ("of" in fields and forms and forms[0] != "at_least"):
        written = forms + (["of"] if "of" in fields and "at_least" not in forms else [])
        checker.report(node, "a requirement is one of 'needs', 'any' or 'at_least'/'of', "
                       f"not {' and '.join(repr(k) for k in written)}", context,
                       "split it into two requirements")
        return None
    form = forms[0] if forms else "at_least"
    timing = _timing(checker, fields, form, context)
    if form == "needs":
        target = _target(checker, fields["needs"], ident, f"{context} > needs", references)
        if target is None or timing is None:
            return None
        return Requirement("hard", (target,), 1, node.span, *timing)
    if form == "at_least" and ("at_least" not in fields or "of" not in fields):
        missing = "of" if "at_least" in fields else "at_least"
        checker.report(node, f"a quorum needs both 'at_least' and 'of'; '{missing}' is missing",
                       context, "write 'at_least: 2' and 'of: [a, b, c]', or 'any: [a, b]'")
        return None
    members_node = fields["any" if form == "any" else "of"]
    members = _members(checker, members_node, ident,
                       f"{context} > {form if form == 'any' else 'of'}", references)
    if members is None:
        return None
    needed = 1 if form == "any" else _quorum(checker, fields["at_least"], len(members),
                                             f"{context} > at_least")
    if needed is None or timing is None:
        return None
    return Requirement(form, tuple(members), needed, node.span, *timing)


def _target(checker: _Checker, node: Node, ident: str | None, context: str,
            references: list[Reference]) -> str | None:
    """The component a hard requirement names, recorded as a reference."""
    target = _not_self(checker, node, checker.slug(node, context, "component id"), ident,
                       context)
    if target is not None:
        references.append(Reference(target, "component", node.span, context))
    return target


def _timing(checker: _Checker, fields: dict[str, Node], form: str, context: str
            ) -> tuple[int | None, int, bool] | None:
    """A requirement's ``holdup``, ``switchover`` and ``when: start``."""
    valid = True
    holdup = None
    if "holdup" in fields:
        holdup = checker.duration(fields["holdup"], f"{context} > holdup")
        valid = holdup is not None
    switchover = 0
    if "switchover" in fields:
        if form == "needs":
            checker.report(fields["switchover"], "a switchover on a hard dependency",
                           f"{context} > switchover",
                           "a changeover moves a group (any, at_least) to its other members; "
                           "a hard dependency has none: write 'any: [a, b]' with the "
                           "switchover, or a holdup for a ride-through")
            valid = False
        else:
            value = checker.duration(fields["switchover"], f"{context} > switchover")
            valid = valid and value is not None
            switchover = value or 0
    start = False
    if "when" in fields:
        when = checker.choice(fields["when"], ("start",), f"{context} > when", "'when'")
        valid = valid and when is not None
        start = when == "start"
    return (holdup, switchover, start) if valid else None


def _scenario(checker: _Checker, node: Node, context: str) -> Scenario | None:
    """``scenarios: [{id, name, description, events: [{at, fail, repair}]}]``."""
    ident, context = _identify(checker, node, context, "scenario")
    checker.keys(node, SCENARIO_KEYS, context)
    fields = node.value
    text = {k: checker.text(fields[k], f"{context} > {k}")
            for k in ("name", "description") if k in fields}
    events = []
    if "events" not in fields:
        checker.report(node, "a scenario without 'events'", context,
                       "list what fails and when: events: [{at: 0m, fail: <selector>, "
                       "repair: 3h}]")
    elif checker.expect(fields["events"], "seq", f"{context} > events", "a list of events"):
        if not fields["events"].value:
            checker.report(fields["events"], "a scenario without events",
                           f"{context} > events", "add at least one: {at: 0m, fail: "
                           "<selector>, repair: 3h}")
        for position, item in enumerate(fields["events"].value):
            where = f"{context} > events[{position}]"
            if checker.expect(item, "map", where, "a mapping"):
                events.append(_event(checker, item, where))
    if ident is None or None in events or None in text.values():
        return None
    return Scenario(ident, tuple(events), text.get("name") or "",
                    text.get("description") or "", node.span)


def _event(checker: _Checker, node: Node, context: str) -> ScenarioEvent | None:
    checker.keys(node, EVENT_KEYS, context)
    fields = node.value
    for key in ("at", "fail"):
        if key not in fields:
            checker.report(node, f"an event without '{key}'", context,
                           "write {at: 0m, fail: <selector>, repair: 3h}")
    at = fail = None
    if "at" in fields:
        raw = checker.text(fields["at"], f"{context} > at")
        if raw is not None and raw.strip().startswith("-"):
            checker.report(fields["at"], f"an event at a negative time ('{raw}')",
                           f"{context} > at", "a scenario starts at 0m: every event is at 0m "
                           "or later")
        elif raw is not None:
            at = checker.duration(fields["at"], f"{context} > at")
    if "fail" in fields:
        fail = checker.text(fields["fail"], f"{context} > fail")
        if fail is not None:
            try:
                parse_selector(fail)
            except SelectorError as err:
                checker.report(fields["fail"], str(err), f"{context} > fail")
                fail = None
    repair, destroyed, valid = None, False, True
    if "repair" in fields:
        raw = checker.text(fields["repair"], f"{context} > repair")
        if raw is not None and raw.strip() == "never":
            destroyed = True
        elif raw is not None:
            try:
                repair = parse_duration(raw)
            except ValueError as err:
                checker.report(fields["repair"], f"invalid repair: {err}", f"{context} > repair",
                               "or 'never' for a part destroyed (it never comes back)")
                valid = False
        else:
            valid = False
    if at is None or fail is None or not valid:
        return None
    return ScenarioEvent(at, fail, repair, destroyed, node.span, fields["fail"].span)


def _members(checker: _Checker, node: Node, ident: str | None, context: str,
             references: list[Reference]) -> list[str] | None:
    if not checker.expect(node, "seq", context, "a list of component ids"):
        return None
    if not node.value:
        checker.report(node, "empty redundancy group", context,
                       "list the components of the group, or remove it")
        return None
    members: list[str] = []
    seen: dict[str, Node] = {}
    valid = True
    for position, item in enumerate(node.value):
        where = f"{context}[{position}]"
        member = _not_self(checker, item, checker.slug(item, where, "component id"), ident, where)
        if member is None:
            valid = False
            continue
        if member in seen:
            checker.report(item, f"'{member}' is listed twice in this group", where,
                           f"first at line {seen[member].span.line}, column "
                           f"{seen[member].span.column}; remove one")
            valid = False
            continue
        seen[member] = item
        members.append(member)
        references.append(Reference(member, "component", item.span, where))
    return members if valid else None


def _quorum(checker: _Checker, node: Node, size: int, context: str) -> int | None:
    if node.tag == "refused":
        return None
    if node.kind != "scalar" or node.tag != "int":
        checker.report(node, f"'at_least' must be a whole number, got {node.type_name}"
                       f"{' ' + repr(node.raw) if node.kind == 'scalar' else ''}", context)
        return None
    if not 1 <= node.value <= size:
        checker.report(node, f"'at_least: {node.value}' is out of range for a group of "
                       f"{size}", context, f"use a number from 1 to {size}")
        return None
    return node.value

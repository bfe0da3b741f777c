"""Lint rules: warnings about an inventory that is valid but fragile.

Each rule has an id, so that it can be switched off on the command line
(``--disable``) or in the inventory (``lint: {disable: [...]}``).
"""

from __future__ import annotations

import re
from typing import Any, Callable, Iterable

from depgraph.analysis.single_failures import SingleFailures, single_failures
from depgraph.core.graph import CompiledInventory, compile_for_return, compile_inventory
from depgraph.core.model import Inventory, Span
from depgraph.core.problems import Problem

__all__ = ["RULES", "RULE_HELP", "lint"]

#: Rule ids and what each one warns about.
RULES = {
    "shared-cause": "a redundancy group whose members share a single point of failure",
    "single-power-path": "a datacenter that one power component alone can take down",
    "unpowered": "a component of the organisation's own hardware that no power source reaches",
    "cycle": "components that require each other, directly or not",
    "unused-provider": "a provider that operates no component",
    "bidi-control": "free text holding a bidirectional control, which can make it read "
                    "other than it is",
    "import-finding": "what an importer inferred or could not resolve, kept in its file",
    "data-one-place": "a dataset whose copies all share one place or one provider",
    "data-single-copy": "a dataset with a single copy",
    "start-deadlock": "a 'when: start' requirement that a cold start cannot meet without "
                      "a hand start",
}
#: For each rule: what it means in full, and how to fix what it finds.
RULE_HELP = {
    "shared-cause": (
        "A component needs one (any) or k (at_least) of several members, but a single "
        "failure takes down enough of them to break the group: the redundancy is illusory.",
        "Place the members where no single failure reaches them all: other zones, other "
        "power feeds, other providers."),
    "single-power-path": (
        "A datacenter that one power component alone can take down: it has no redundant "
        "power path.",
        "Give it two independent power paths (depends_on: - any: [feed-a, feed-b]), each "
        "with its own upstream supply."),
    "unpowered": (
        "A component of the organisation's own hardware (datacenter, compute, storage, "
        "network, cooling) that reaches no power component through its requirements, "
        "while the inventory models power.",
        "Add its power (depends_on or located_in), or a provider that answers for it."),
    "cycle": (
        "Components that require each other, directly or not. Legal, and handled by every "
        "analysis; the warning says whether a cold start gets through the loop (a "
        "redundancy group bypasses it) or which members must be brought up by hand "
        "(depgraph restore-plan --cold-start).",
        "Check that one member of the loop can be brought up without the others, and write "
        "down how."),
    "unused-provider": (
        "A provider that operates no component: a stale entry, or components that forgot "
        "to name it.",
        "Remove it, or set 'provider' on the components it operates."),
    "bidi-control": (
        "A name, team, owner, tag, description or meta value holding a bidirectional control "
        "(U+061C, U+200E, U+200F, U+202A to U+202E, U+2066 to U+2069): it reorders the text "
        "around it, so that the inventory, in an editor or a pull request, reads other than "
        "what depgraph reads (\"Trojan Source\"). depgraph's own outputs show it escaped.",
        "Remove it; if the text needs it (right-to-left script), disable the rule in the "
        "inventory with a comment saying so."),
    "import-finding": (
        "What an importer (depgraph import netbox, ...) inferred or could not resolve in "
        "the source, kept under 'generated: {findings: [...]}' of the file it wrote, with "
        "the object's URL in the source: an uncabled power port, a PDU whose inlet goes "
        "nowhere, a rack with one feed, a cluster with no host...",
        "Fix it at the source (the URL) and import again; or, where the source is right, "
        "add what it does not know in a hand-written file (amend: [...])."),
    "data-one-place": (
        "Every copy of a dataset (data: [...]) is inside one place (a room, a hall, a "
        "campus) or with one provider: one fire, flood or bankruptcy there destroys them "
        "all, the backups with the primary (the OVHcloud lesson). depgraph spof --data "
        "lists every such place.",
        "Keep a copy somewhere else: another site, another provider (an off-site or cloud "
        "backup)."),
    "data-single-copy": (
        "A dataset that one component alone holds: its destruction loses the data.",
        "Back it up to a component in another place, and list the dataset in its data: "
        "[...]."),
    "start-deadlock": (
        "After a total loss (a cold start), a component needs something to start "
        "(when: start) that cannot come back without it, directly or not: a vault unsealed "
        "by a directory that needs the vault. Nothing comes back without a hand start.",
        "Give the start a way without the loop (a break-glass key, a second path), or "
        "write down the hand start in the runbook."),
}
_HARDWARE = ("datacenter", "compute", "storage", "network", "cooling")
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_SHOWN = 3


def _names(ids: list[str]) -> str:
    shown = ", ".join(ids[:_SHOWN])
    return shown + (f" and {len(ids) - _SHOWN} more" if len(ids) > _SHOWN else "")


def _warning(span: Span | None, rule: str, message: str, context: str = "",
             hint: str = "") -> Problem:
    return Problem(span or Span("?"), message, context, hint, "warning", rule)


def _closest_first(compiled: CompiledInventory, found: SingleFailures,
                   ids: Iterable[int]) -> list[str]:
    """Causes ordered from the most specific (smallest blast radius) to the broadest."""
    return [compiled.ids[x] for x in sorted(ids, key=lambda x: (found.blast[x], compiled.ids[x]))]


def _shared_cause(inventory, compiled, found):
    for r, common in sorted(found.shared.items()):
        requirement = compiled.requirements[r]
        owner = compiled.ids[compiled.owner[r]]
        causes = _closest_first(compiled, found, common)
        culprit = (f"{causes[0]} alone takes them all down" if len(causes) == 1
                   else f"any one of {_names(causes)} takes them all down")
        yield _warning(requirement.span, "shared-cause",
                       f"illusory redundancy: {owner} needs {requirement.describe()}, "
                       f"but {culprit}",
                       f"component '{owner}'",
                       "place the members where no single failure reaches them all")


def _single_power_path(inventory, compiled, found):
    for ident, component in inventory.components.items():
        if component.type != "datacenter":
            continue
        causes = found.causes.get(compiled.index[ident], frozenset())
        power = _closest_first(compiled, found, [x for x in causes if x != compiled.index[ident]
                                                 and inventory[compiled.ids[x]].type == "power"])
        if power:
            yield _warning(component.span, "single-power-path",
                           f"datacenter {ident} has a single power path: "
                           + (f"{power[0]} alone takes it down" if len(power) == 1 else
                              f"any one of {_names(power)} takes it down"),
                           f"component '{ident}'",
                           "give it two independent power paths (any: [feed-a, feed-b])")


def _unpowered(inventory, compiled, found):
    power = [compiled.index[i] for i, c in inventory.components.items() if c.type == "power"]
    if not power:
        return
    reached = set(power)  # components from which some power component is reachable
    frontier = list(power)
    while frontier:
        c = frontier.pop()
        for r in compiled.member_of[compiled.offsets[c]:compiled.offsets[c + 1]]:
            dependent = compiled.owner[r]
            if dependent not in reached:
                reached.add(dependent)
                frontier.append(dependent)
    for ident, component in inventory.components.items():
        if (component.type in _HARDWARE and not component.provider
                and compiled.index[ident] not in reached):
            yield _warning(component.span, "unpowered",
                           f"{component.type} {ident} has no path to any power component",
                           f"component '{ident}'",
                           "add its power (depends_on or located_in), or a provider that "
                           "answers for it")


def _cycle(inventory, compiled, found):
    if not found.cycles:
        return
    from depgraph.analysis.restore_plan import restore_plan
    deadlocks = restore_plan(inventory, cold_start=True).deadlocks
    for members in found.cycles:
        ids = sorted(compiled.ids[c] for c in members)
        first = inventory[ids[0]]
        stuck = [d for d in deadlocks if set(d.members) & set(ids)]
        if stuck:
            hand = sorted({h for d in stuck for h in d.start_by_hand})
            hint = (f"a cold start cannot get through it: bring {', '.join(hand)} up by hand "
                    "first, or give it a way up without the others (an any group)")
        else:
            hint = "legal: a cold start gets through it (a redundancy group bypasses it)"
        yield _warning(first.span, "cycle",
                       f"dependency cycle of {len(ids)} components: {', '.join(ids)}",
                       f"component '{ids[0]}'", hint)


def _unused_provider(inventory, compiled, found):
    used = {c.provider for c in inventory.components.values()}
    for ident, provider in inventory.providers.items():
        if ident not in used:
            yield _warning(provider.span, "unused-provider",
                           f"provider {ident} operates no component", f"provider '{ident}'",
                           "remove it, or set 'provider' on its components")


def _bidi_control(inventory, compiled, found):
    whole = Span(inventory.sources[0]) if inventory.sources else None
    first = next((key for key in ("name", "description") if _hidden(getattr(inventory, key))),
                 "name")  # one warning for the inventory, at the line of the field
    places = [(inventory.spans.get(first, whole), "the inventory",
               {"name": inventory.name, "description": inventory.description})]
    places += [(p.span, f"provider '{i}'", {"name": p.name, "kind": p.kind, "meta": p.meta})
               for i, p in inventory.providers.items()]
    for ident, c in inventory.components.items():
        if not c.meta and "".join((c.name, c.team or "", c.owner or "", c.description or "",
                                   *c.tags)).isascii():
            continue  # the common case, passed over in one test
        places.append((c.span, f"component '{ident}'",
                       {"name": c.name, "team": c.team, "owner": c.owner, "tags": c.tags,
                        "description": c.description, "meta": c.meta}))
    for span, where, fields in places:
        for key, value in fields.items():
            char = _hidden(value)
            if char:
                yield _warning(span, "bidi-control",
                               f"'{key}' holds the bidirectional control U+{ord(char):04X}, "
                               "which reorders the text around it",
                               where, "remove it, or disable the rule where the text needs it")
                break


def _hidden(value: Any) -> str:
    """The first bidirectional control in ``value`` (a string, or strings nested in
    lists and mappings), or ``""``; ASCII text is passed over at once."""
    if isinstance(value, str):
        if value.isascii():
            return ""
        match = _BIDI.search(value)
        return match.group() if match else ""
    if isinstance(value, dict) or hasattr(value, "items"):
        return next((c for k, v in value.items() for c in (_hidden(k), _hidden(v)) if c), "")
    if isinstance(value, (list, tuple)):
        return next((c for item in value if (c := _hidden(item))), "")
    return ""


def _import_finding(inventory, compiled, found):
    return [_warning(note.span, "import-finding", note.message,
                     hint=f"see {note.url}" if note.url else "") for note in inventory.notes]


def _data_one_place(inventory, compiled, found):
    from depgraph.analysis.data import copies, data_points

    held = copies(inventory)
    where: dict[str, list[str]] = {}
    points = sorted(data_points(inventory), key=lambda p: (p.destroys, p.kind, p.id))
    for point in points:  # the most precise place first
        for name in point.loses:
            if len(held[name]) > 1:
                where.setdefault(name, []).append(
                    f"provider {point.id}" if point.kind == "provider" else point.id)
    for name, found_places in sorted(where.items()):
        holders = held[name]
        first = inventory[holders[0]]
        yield _warning(first.span, "data-one-place",
                       f"every copy of dataset '{name}' ({_names(list(holders))}) is in "
                       f"{found_places[0]}: destroying it loses the data"
                       + (f" (so does destroying {_names(found_places[1:])})"
                          if len(found_places) > 1 else ""),
                       f"component '{holders[0]}' > data",
                       "keep a copy in another place, with another provider")


def _data_single_copy(inventory, compiled, found):
    from depgraph.analysis.data import copies

    for name, holders in copies(inventory).items():
        if len(holders) == 1:
            yield _warning(inventory[holders[0]].span, "data-single-copy",
                           f"dataset '{name}' has a single copy, on {holders[0]}",
                           f"component '{holders[0]}' > data",
                           "back it up to a component in another place")


def _start_deadlock(inventory, compiled, found):
    if not compiled.starts:
        return
    plain = _cold_start(compiled)
    timed = _cold_start(compile_for_return(inventory))
    for c, requirements in sorted(compiled.starts.items()):
        if not plain[c] or timed[c]:
            continue
        ident = compiled.ids[c]
        for requirement in requirements:
            back = sum(1 for m in requirement.members if timed[compiled.index[m]])
            if back >= requirement.needed:
                continue
            yield _warning(requirement.span or inventory[ident].span, "start-deadlock",
                           f"{ident} needs {requirement.describe().removeprefix('needs ')} "
                           "to start, which cannot come back after a total loss without "
                           f"{ident}, directly or not",
                           f"component '{ident}'",
                           "a cold start needs a hand start: give the start another way, "
                           "or write the hand start down")


def _cold_start(compiled: CompiledInventory) -> bytearray:
    """What comes back after everything was down, without anything started by hand:
    the least fixpoint of coming back over ``compiled``'s requirements."""
    n = len(compiled.ids)
    offsets, member_of, owner = compiled.offsets, compiled.member_of, compiled.owner
    waiting = [len(compiled.members_of(r)) - compiled.threshold[r] + 1
               for r in range(len(owner))]  # members still to come back, per requirement
    unmet = [len(compiled.requirements_of(c)) for c in range(n)]
    back = bytearray(n)
    queue = [c for c in range(n) if unmet[c] == 0]
    for c in queue:
        back[c] = 1
    while queue:
        c = queue.pop()
        for r in member_of[offsets[c]:offsets[c + 1]]:
            waiting[r] -= 1
            if waiting[r] == 0:
                o = owner[r]
                unmet[o] -= 1
                if unmet[o] == 0 and not back[o]:
                    back[o] = 1
                    queue.append(o)
    return back


_CHECKS: dict[str, Callable] = {
    "shared-cause": _shared_cause,
    "single-power-path": _single_power_path,
    "unpowered": _unpowered,
    "cycle": _cycle,
    "unused-provider": _unused_provider,
    "bidi-control": _bidi_control,
    "import-finding": _import_finding,
    "data-one-place": _data_one_place,
    "data-single-copy": _data_single_copy,
    "start-deadlock": _start_deadlock,
}


def lint(inventory: Inventory, disabled: Iterable[str] = ()) -> tuple[Problem, ...]:
    """Warnings of every rule not in ``disabled`` (nor in the inventory's own list).

    >>> from depgraph import load_inventory
    >>> for warning in lint(load_inventory("inventories/webshop.yaml")):
    ...     print(warning.rule, warning.message)
    shared-cause illusory redundancy: db-cluster needs 2 of [db-1, db-2, db-3], but zone-a alone takes them all down
    """
    off = set(disabled) | set(inventory.lint_disabled)
    compiled = compile_inventory(inventory)
    datacenters = [compiled.index[i] for i, c in inventory.components.items()
                   if c.type == "datacenter"]
    found = single_failures(compiled, datacenters)
    problems = [problem for rule, check in _CHECKS.items() if rule not in off
                for problem in check(inventory, compiled, found)]
    return tuple(sorted(problems, key=lambda p: p.sort_key))

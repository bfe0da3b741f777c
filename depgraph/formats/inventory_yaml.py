"""Write an inventory as inventory YAML: what importers produce, ready for ``validate``.

Components come sorted by id (the inventory keeps them so), keys in the
documented order, defaults left out, durations written back as ``1h30m``: the
same inventory always gives the same bytes, and loading them gives the same
inventory back.

A string that holds a control character, a line break, a line separator or a
bidirectional control is written double-quoted, each such character as its escape
(``"a\\x1b\\nb\\u202e"``): the same string when loaded (PyYAML's own choice, single
quotes, loses a NEL), and nothing raw that could hide or reorder the file's text for a
person reading it. The comment shows them escaped as well.
"""

from __future__ import annotations

from typing import Any, Mapping

import yaml

from depgraph.core.durations import format_duration
from depgraph.core.model import (
    Component,
    Continuity,
    Inventory,
    Provider,
    Requirement,
    Scenario,
)
from depgraph.core.wording import json_escaped, visible

__all__ = ["inventory_yaml"]


def inventory_yaml(inventory: Inventory, comment: str = "", fast: bool = False,
                   generated: Mapping[str, Any] | None = None) -> str:
    """The inventory as YAML text, after ``comment`` (each line as a ``#`` comment);
    ``fast`` uses libyaml's emitter (for generated estates of millions of components);
    ``generated``, an importer's ``generated:`` block, comes last.

    >>> from depgraph.core.inventory import Draft, assemble
    >>> web = Component("web", "application", depends_on=(Requirement("any", ("a", "b")),))
    >>> a, b = Component("a", "compute"), Component("b", "compute")
    >>> print(inventory_yaml(assemble([Draft("x", ((web, ()), (a, ()), (b, ())))])), end="")
    components:
    - id: a
      type: compute
    - id: b
      type: compute
    - id: web
      type: application
      depends_on:
      - any:
        - a
        - b
    """
    data: dict[str, Any] = {key: getattr(inventory, key) for key in
                            ("name", "version", "description") if getattr(inventory, key)}
    if inventory.lint_disabled:
        data["lint"] = {"disable": list(inventory.lint_disabled)}
    if inventory.providers:
        data["providers"] = [_provider(p) for p in inventory.providers.values()]
    data["components"] = [_component(c) for c in inventory.components.values()]
    if inventory.scenarios:
        data["scenarios"] = [_scenario(s) for s in inventory.scenarios.values()]
    if generated:
        data["generated"] = _plain(generated)
    header = "".join(f"# {_comment(line)}\n".replace("# \n", "#\n")
                     for line in (comment.removesuffix("\n").split("\n") if comment else ()))
    text = yaml.dump(data, Dumper=_FastDumper if fast else _Dumper, sort_keys=False,
                     allow_unicode=True, width=100, default_flow_style=False)
    # The emitter escapes every control in a double-quoted string but leaves the
    # bidirectional controls raw, as printable; only such strings hold any of them.
    return header + json_escaped(text)


def _comment(line: str) -> str:
    """A line of the comment, with what YAML cannot hold even in a comment (controls,
    the two noncharacters it refuses) and what a person must not read raw escaped."""
    return visible(line).replace("\ufffe", "\\ufffe").replace("\uffff", "\\uffff")


def _string(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = '"' if visible(text) != text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


class _Dumper(yaml.SafeDumper):
    """The safe dumper, strings with hidden characters double-quoted."""


class _FastDumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """libyaml's emitter (when there), strings as in :class:`_Dumper`."""


_Dumper.add_representer(str, _string)
_FastDumper.add_representer(str, _string)


def _provider(provider: Provider) -> dict[str, Any]:
    fields = {"id": provider.id, "name": provider.name, "kind": provider.kind,
              "meta": _plain(provider.meta)}
    return {key: value for key, value in fields.items() if value}


def _component(component: Component) -> dict[str, Any]:
    fields = {
        "id": component.id,
        "name": component.name,
        "type": component.type,
        "provider": component.provider,
        "located_in": component.located_in,
        "depends_on": [_requirement(r) for r in component.depends_on],
        "criticality": component.criticality if component.criticality != "medium" else None,
        "restore": format_duration(component.restore) if component.restore else None,
        "team": component.team,
        "rto": format_duration(component.rto) if component.rto is not None else None,
        "tags": list(component.tags),
        "owner": component.owner,
        "description": component.description,
        "meta": _plain(component.meta),
        "holdup": format_duration(component.holdup) if component.holdup is not None else None,
        "data": list(component.data),
        "mtpd": format_duration(component.mtpd) if component.mtpd is not None else None,
        "weight": component.weight if component.weight != 1 else None,
        "continuity": _continuity(component.continuity),
        "rpo": format_duration(component.rpo) if component.rpo is not None else None,
    }
    return {key: value for key, value in fields.items() if value not in (None, "", [], {})}


def _continuity(plan: Continuity | None) -> dict[str, Any] | None:
    if plan is None:
        return None
    fields = {"procedure": plan.procedure, "document": plan.document, "owner": plan.owner,
              "contact": plan.contact,
              "activation": format_duration(plan.activation) if plan.activation else None,
              "sustainable": None if plan.sustainable is None
              else format_duration(plan.sustainable)}
    return {key: value for key, value in fields.items() if value is not None}


def _requirement(requirement: Requirement) -> Any:
    timing: dict[str, Any] = {}
    if requirement.holdup is not None:
        timing["holdup"] = format_duration(requirement.holdup)
    if requirement.switchover:
        timing["switchover"] = format_duration(requirement.switchover)
    if requirement.start:
        timing["when"] = "start"
    if requirement.kind == "hard":
        return {"needs": requirement.members[0], **timing} if timing else requirement.members[0]
    if requirement.kind == "any":
        return {"any": list(requirement.members), **timing}
    return {"at_least": requirement.needed, "of": list(requirement.members), **timing}


def _scenario(scenario: Scenario) -> dict[str, Any]:
    fields: dict[str, Any] = {"id": scenario.id, "name": scenario.name,
                              "description": scenario.description}
    fields = {key: value for key, value in fields.items() if value}
    fields["events"] = [
        {"at": format_duration(event.at), "fail": event.fail,
         **({"repair": "never"} if event.destroyed else {} if event.repair is None
            else {"repair": format_duration(event.repair)})}
        for event in scenario.events]
    return fields


def _plain(value: Any) -> Any:
    """Free metadata as plain dicts and lists, which safe_dump writes."""
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (tuple, list)):
        return [_plain(item) for item in value]
    return value

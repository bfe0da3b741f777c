"""Write an inventory as inventory YAML: what importers produce, ready for ``validate``.

Components come sorted by id (the inventory keeps them so), keys in the
documented order, defaults left out, durations written back as ``1h30m``: the
same inventory always gives the same bytes, and loading them gives the same
inventory back.
"""

from __future__ import annotations

from typing import Any, Mapping

import yaml

from depgraph.core.durations import format_duration
from depgraph.core.model import Component, Inventory, Provider, Requirement

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
    if generated:
        data["generated"] = _plain(generated)
    header = "".join(f"# {line}\n".replace("# \n", "#\n") for line in comment.splitlines())
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper) if fast else yaml.SafeDumper
    return header + yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True,
                              width=100, default_flow_style=False)


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
    }
    return {key: value for key, value in fields.items() if value not in (None, "", [], {})}


def _requirement(requirement: Requirement) -> Any:
    if requirement.kind == "hard":
        return requirement.members[0]
    if requirement.kind == "any":
        return {"any": list(requirement.members)}
    return {"at_least": requirement.needed, "of": list(requirement.members)}


def _plain(value: Any) -> Any:
    """Free metadata as plain dicts and lists, which safe_dump writes."""
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (tuple, list)):
        return [_plain(item) for item in value]
    return value

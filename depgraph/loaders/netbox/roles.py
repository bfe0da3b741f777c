"""A role mapping file (``--roles FILE``): which component type each NetBox device
role becomes, overriding the built-in table.

.. code-block:: yaml

    # role slug: component type, or passive (left out of the dependency chain)
    core-switch: network
    hypervisor: compute
    fibre-tray: passive
"""

from __future__ import annotations

from pathlib import Path

from depgraph.core.model import COMPONENT_TYPES, Span
from depgraph.core.problems import InventoryError, Problem, did_you_mean
from depgraph.loaders.yaml_source import parse_yaml

__all__ = ["read_roles"]

_CHOICES = COMPONENT_TYPES + ("passive",)


def read_roles(path: str) -> dict[str, str | None]:
    """Role slug → component type (None for passive), or every problem of the file."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise InventoryError([Problem(Span(path), f"cannot read the role mapping: "
                                      f"{getattr(error, 'strerror', None) or error}")]) from None
    tree, problems = parse_yaml(text, path)
    roles: dict[str, str | None] = {}
    if tree is not None and tree.kind != "map":
        problems.append(Problem(tree.span, "a role mapping is a mapping of role slugs to "
                                "component types", "role mapping",
                                "write one 'role-slug: type' per line"))
    elif tree is not None:
        for role, node in tree.value.items():
            context = f"role '{role}'"
            if node.kind != "scalar" or node.raw not in _CHOICES:
                got = node.raw if node.kind == "scalar" else node.type_name
                problems.append(Problem(node.span, f"unknown component type '{got}'", context,
                                        did_you_mean(got, _CHOICES)
                                        or f"expected one of: {', '.join(_CHOICES)}"))
                continue
            roles[role] = None if node.raw == "passive" else node.raw
    if problems:
        raise InventoryError(problems)
    return roles

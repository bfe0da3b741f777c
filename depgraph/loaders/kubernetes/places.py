"""A nodes mapping file (``--nodes FILE``): the inventory id each zone or node stands
for, which joins the cluster to the physical layer a NetBox import (or a hand-written
file) describes.

.. code-block:: yaml

    # zone or node name: inventory id
    europe-west1-b: site/dc-brussels
    worker-7: device/hv-07
"""

from __future__ import annotations

from pathlib import Path

from depgraph.core.model import Span
from depgraph.core.problems import InventoryError, Problem
from depgraph.loaders.yaml_source import parse_yaml

__all__ = ["read_places"]


def read_places(path: str) -> dict[str, str]:
    """Zone or node name → inventory id, or every problem of the file."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise InventoryError([Problem(Span(path), f"cannot read the nodes mapping: "
                                      f"{getattr(error, 'strerror', None) or error}")]) from None
    tree, problems = parse_yaml(text, path)
    places: dict[str, str] = {}
    if tree is not None and tree.kind != "map":
        problems.append(Problem(tree.span, "a nodes mapping is a mapping of zone or node "
                                "names to inventory ids", "nodes mapping",
                                "write one 'zone-or-node-name: inventory-id' per line"))
    elif tree is not None:
        for name, node in tree.value.items():
            if node.kind != "scalar" or node.tag != "str" or not node.value.strip():
                problems.append(Problem(node.span, f"expected an inventory id, got "
                                        f"{node.type_name}", f"'{name}'",
                                        "write the id of a location or a component"))
                continue
            places[str(name)] = node.value.strip()
    if problems:
        raise InventoryError(problems)
    return places

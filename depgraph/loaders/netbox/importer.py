"""From NetBox's objects to an inventory: the parts of the mapping, in order, what
the import inferred or could not resolve, what it left out, and the ids a re-import
changed (a rename in NetBox). Pure: the responses come in, the inventory and the
``generated:`` block its file carries go out."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping
from urllib.parse import urlsplit

from depgraph.core.inventory import Draft, assemble
from depgraph.loaders.imported import Finding, Imported, Previous, renames
from depgraph.loaders.netbox.links import circuits, providers, virtualization
from depgraph.loaders.netbox.places import places
from depgraph.loaders.netbox.power import power_chain
from depgraph.loaders.netbox.recorded import Responses

__all__ = ["BY", "Options", "import_netbox", "netbox_origin"]

BY = "depgraph import netbox"


@dataclass(frozen=True)
class Options:
    """What the import is asked: the device statuses kept (``--status``), the role
    mapping (role slug → component type, None for passive; ``--roles``) and whether a
    cluster needs all its hosts but one (``--cluster-quorum n-1``) or any of them."""

    statuses: frozenset[str] = frozenset({"active"})
    roles: Mapping[str, str | None] = field(default_factory=lambda: MappingProxyType({}))
    all_but_one: bool = False


def import_netbox(responses: Responses, options: Options = Options(),
                  previous: Previous = Previous()) -> Imported:
    """The inventory NetBox's objects describe, and the import's findings.

    Deterministic: the same responses (and the same previous file) give the same
    inventory, whatever the order NetBox listed its objects in.
    """
    objects = responses.objects
    found = places(objects, options.statuses, options.roles)
    findings = power_chain(objects, found) + circuits(objects, found) + \
        virtualization(objects, found, options.all_but_one)
    findings += [Finding(url, f"device role '{role}' is not one the import knows: its "
                         "devices are compute (a role mapping file says otherwise)")
                 for role, url in found.unknown_roles.items()]
    source = netbox_origin(objects) or responses.source
    draft = Draft(source, tuple((c, ()) for c in found.components.values()),
                  tuple(providers(objects)),
                  metadata=(("name", f"NetBox {responses.version} at {source}"),))
    inventory = assemble([draft])
    return Imported(BY, inventory, tuple(sorted(set(findings))), tuple(sorted(found.left_out)),
                    renames(inventory, previous), source)


def netbox_origin(objects: Mapping[str, tuple[dict, ...]]) -> str:
    """The NetBox the objects come from (``scheme://host[:port]``), as their own URLs
    name it: the same whether they were read live or from saved responses."""
    for items in objects.values():
        for item in items:
            url = urlsplit(str(item.get("url") or ""))
            if url.scheme and url.netloc:
                return f"{url.scheme}://{url.netloc}"
    return ""

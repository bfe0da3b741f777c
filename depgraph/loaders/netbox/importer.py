"""From NetBox's objects to an inventory: the parts of the mapping, in order, and
what the import inferred or could not resolve (issue 14; the live reader and the
enrichment files follow)."""

from __future__ import annotations

from dataclasses import dataclass

from depgraph.core.inventory import Draft, assemble
from depgraph.core.model import Inventory
from depgraph.loaders.netbox.links import circuits, providers, virtualization
from depgraph.loaders.netbox.places import places
from depgraph.loaders.netbox.power import Finding, power_chain
from depgraph.loaders.netbox.recorded import Responses

__all__ = ["NetboxImport", "import_netbox"]


@dataclass(frozen=True)
class NetboxImport:
    inventory: Inventory
    findings: tuple[Finding, ...]
    left_out: tuple[tuple[str, str], ...]  # (id, why): passive devices


def import_netbox(responses: Responses) -> NetboxImport:
    """The inventory NetBox's objects describe, and the import's findings."""
    objects = responses.objects
    found = places(objects)
    findings = power_chain(objects, found) + circuits(objects, found) + \
        virtualization(objects, found)
    name = f"NetBox {responses.version} at {responses.source}"
    draft = Draft(responses.source, tuple((c, ()) for c in found.components.values()),
                  tuple(providers(objects)), metadata=(("name", name),))
    return NetboxImport(assemble([draft]), tuple(sorted(findings)), tuple(found.left_out))

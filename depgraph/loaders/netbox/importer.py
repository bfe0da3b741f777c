"""From NetBox's objects to an inventory: the parts of the mapping, in order, what
the import inferred or could not resolve, what it left out, and the ids a re-import
changed (a rename in NetBox). Pure: the responses come in, the inventory and the
``generated:`` block its file carries go out."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping
from urllib.parse import urlsplit

from depgraph.core.inventory import Draft, assemble
from depgraph.core.model import Inventory
from depgraph.loaders.netbox.links import circuits, providers, virtualization
from depgraph.loaders.netbox.places import places
from depgraph.loaders.netbox.power import Finding, power_chain
from depgraph.loaders.netbox.recorded import Responses

__all__ = ["NetboxImport", "Options", "Previous", "import_netbox"]


@dataclass(frozen=True)
class Options:
    """What the import is asked: the device statuses kept (``--status``), the role
    mapping (role slug → component type, None for passive; ``--roles``) and whether a
    cluster needs all its hosts but one (``--cluster-quorum n-1``) or any of them."""

    statuses: frozenset[str] = frozenset({"active"})
    roles: Mapping[str, str | None] = field(default_factory=lambda: MappingProxyType({}))
    all_but_one: bool = False


@dataclass(frozen=True)
class Previous:
    """What the file of the previous import says: the id it gave each NetBox object
    (``(type, id)`` → component id) and the renames it already carried."""

    ids: Mapping[tuple[str, int], str] = field(default_factory=dict)
    renames: tuple[tuple[str, str, str], ...] = ()  # (from, to, url)


@dataclass(frozen=True)
class NetboxImport:
    inventory: Inventory
    findings: tuple[Finding, ...]
    left_out: tuple[tuple[str, str, str], ...]  # (id, why, url)
    renames: tuple[tuple[str, str, str], ...]  # (from, to, url)
    source: str

    @property
    def generated(self) -> dict[str, Any]:
        """The ``generated:`` block of the file (see the inventory reference)."""
        block: dict[str, Any] = {"by": "depgraph import netbox", "source": self.source}
        if self.findings:
            block["findings"] = [{"message": f.message, "url": f.url} for f in self.findings]
        if self.renames:
            block["renamed"] = [{"from": old, "to": new, "url": url}
                                for old, new, url in self.renames]
        if self.left_out:
            block["left_out"] = [{"id": ident, "why": why, "url": url}
                                 for ident, why, url in self.left_out]
        return block


def import_netbox(responses: Responses, options: Options = Options(),
                  previous: Previous = Previous()) -> NetboxImport:
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
    return NetboxImport(inventory, tuple(sorted(set(findings))), tuple(sorted(found.left_out)),
                        _renames(inventory, previous), source)


def netbox_origin(objects: Mapping[str, tuple[dict, ...]]) -> str:
    """The NetBox the objects come from (``scheme://host[:port]``), as their own URLs
    name it: the same whether they were read live or from saved responses."""
    for items in objects.values():
        for item in items:
            url = urlsplit(str(item.get("url") or ""))
            if url.scheme and url.netloc:
                return f"{url.scheme}://{url.netloc}"
    return ""


def _renames(inventory: Inventory, previous: Previous) -> tuple[tuple[str, str, str], ...]:
    """Ids that changed since the previous import, the same NetBox object under a new id,
    and the earlier renames still true (followed to the object's id now)."""
    now: dict[tuple[str, int], tuple[str, str]] = {}
    for component in inventory.components.values():
        source = component.meta.get("source")
        if isinstance(source, Mapping):
            now[str(source.get("type")), source.get("id")] = (component.id,
                                                               str(source.get("url") or ""))
    renamed: dict[str, tuple[str, str]] = {}
    for key, old in previous.ids.items():
        if key in now and now[key][0] != old:
            renamed[old] = now[key]
    by_old_id = {old: key for key, old in previous.ids.items()}
    for old, new, _ in previous.renames:
        key = by_old_id.get(new)
        if key in now and old not in renamed:
            renamed[old] = now[key]
    return tuple((old, new, url) for old, (new, url) in sorted(renamed.items())
                 if old != new and old not in inventory.components)

"""NetBox's places and devices as components (first part of the mapping, issue 14).

- sites and locations become locations (``type: site``), each located in the one above
  it; a site's region, and the regions above it, are kept as ``meta.region`` (outermost
  first) and not as locations: a region is an administrative grouping, and as a
  location it would be the single point of failure of every site in it;
- racks are locations too, located in their location, else their site;
- devices are typed from their role (:data:`ROLE_TYPES`, which a role mapping
  overrides; a role neither lists is kept as ``compute`` and reported), located in their
  rack, else location, else site; passive devices (patch panels) are left out of the
  dependency chain, and so are devices whose status is not one of those asked for
  (``active`` unless asked): a planned or decommissioned device fails nothing.

Ids are readable and stable across re-imports: ``site/dm-akron``,
``location/ncsu-065/row-1``, ``rack/dm-akron/comms-closet``, ``device/dmi01-akron-rtr01``
(an unnamed device: ``device/<site>/<role>-<NetBox id>``). Every component's
``meta.source`` names NetBox's object type, id and URL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

from depgraph.core.model import Component

__all__ = ["PASSIVE_ROLES", "ROLE_TYPES", "Places", "places", "role_type"]

#: Device role (slug) → component type. Roles ending in "-switch" or "-server" and
#: not listed are network and compute.
ROLE_TYPES = {"router": "network", "firewall": "network", "pdu": "power", "ups": "power",
              "storage": "storage", "san": "storage"}
#: Roles of devices that carry cables but fail nothing by themselves.
PASSIVE_ROLES = frozenset({"patch-panel", "cable-management"})


_NOT_IN_ID = re.compile(r"[^a-z0-9._]+")


def slug(text: str) -> str:
    """A name as an id part: lower case, runs of other characters as '-'."""
    return _NOT_IN_ID.sub("-", text.lower()).strip("-") or "unnamed"


def role_type(role: str, roles: Mapping[str, str | None] = MappingProxyType({})) -> str | None:
    """The component type of a device role, None for a passive device; ``roles`` (a
    role mapping file's) first."""
    if role in roles:
        return roles[role]
    if role in PASSIVE_ROLES:
        return None
    if role in ROLE_TYPES:
        return ROLE_TYPES[role]
    if role.endswith("switch"):
        return "network"
    return "compute"


@dataclass
class Places:
    """What this part of the mapping made: components by id, and the NetBox objects'
    ids behind them (``("dcim.site", 2)`` → ``site/dm-akron``)."""

    components: dict[str, Component] = field(default_factory=dict)
    ids: dict[tuple[str, int], str] = field(default_factory=dict)
    left_out: list[tuple[str, str, str]] = field(default_factory=list)  # (id, why, url)
    unknown_roles: dict[str, str] = field(default_factory=dict)  # role -> its URL


def source(kind: str, item: dict) -> dict:
    """A component's ``meta.source``: NetBox, the object's type and id, and its page."""
    return {"system": "netbox", "type": kind, "id": item["id"],
            "url": item.get("display_url") or item.get("url") or ""}


def _meta(kind: str, item: dict) -> dict:
    meta: dict = {"source": source(kind, item)}
    if item.get("tenant"):
        meta["tenant"] = item["tenant"]["slug"]
    if item.get("status"):
        meta["status"] = item["status"]["value"]
    if item.get("custom_fields"):
        meta["custom_fields"] = {k: v for k, v in sorted(item["custom_fields"].items())
                                 if v is not None}
    return meta


def _tags(item: dict) -> tuple[str, ...]:
    return tuple(sorted({tag["slug"] for tag in item.get("tags") or ()}))


def places(objects: dict[str, tuple[dict, ...]], statuses: frozenset[str] = frozenset({"active"}),
           roles: Mapping[str, str | None] = MappingProxyType({})) -> Places:
    """Regions, sites, locations, racks and devices as components: the devices whose
    status is in ``statuses``, typed by ``roles`` first (see :func:`role_type`)."""
    found = Places()

    def add(kind: str, item: dict, ident: str, ctype: str, located_in: str | None,
            name: str) -> None:
        found.components[ident] = Component(ident, ctype, name=name, located_in=located_in,
                                            tags=_tags(item), meta=_meta(kind, item))
        found.ids[kind, item["id"]] = ident

    regions = {r["id"]: r for r in objects["dcim/regions"]}
    for site in objects["dcim/sites"]:
        add("dcim.site", site, f"site/{site['slug']}", "site", None, site["name"])
        chain = _regions(site.get("region"), regions)
        if chain:
            component = found.components[f"site/{site['slug']}"]
            component.meta["region"] = chain
    for location in sorted(objects["dcim/locations"], key=lambda item: item["_depth"]):
        parent = location.get("parent")
        within = (found.ids["dcim.location", parent["id"]] if parent
                  else f"site/{location['site']['slug']}")
        add("dcim.location", location, f"location/{location['site']['slug']}/"
            f"{location['slug']}", "site", within, location["name"])
    for rack in objects["dcim/racks"]:
        add("dcim.rack", rack, f"rack/{rack['site']['slug']}/{slug(rack['name'])}", "site",
            _within(found, rack), rack["name"])
    _devices(found, objects["dcim/devices"], add, statuses, roles)
    return found


def _regions(region: dict | None, regions: dict[int, dict]) -> list[str]:
    """The slugs of a region and of those above it, outermost first."""
    chain: list[str] = []
    while region is not None and region.get("slug") not in chain:
        chain.append(region["slug"])
        region = regions.get(region["id"], {}).get("parent")
    return chain[::-1]


def _within(found: Places, item: dict) -> str:
    if item.get("location"):
        return found.ids["dcim.location", item["location"]["id"]]
    return f"site/{item['site']['slug']}"


def _devices(found: Places, devices: tuple[dict, ...], add, statuses: frozenset[str],
             roles: Mapping[str, str | None]) -> None:
    names: dict[str, int] = {}
    keys = [slug(device["name"]) if device.get("name") else None for device in devices]
    for key in keys:
        if key is not None:
            names[key] = names.get(key, 0) + 1
    for device, key in zip(devices, keys):
        role = device["role"]["slug"]
        site = device["site"]["slug"]
        if key is None:
            ident = f"device/{site}/{role}-{device['id']}"
        elif names[key] > 1:  # the same name at two sites
            ident = f"device/{site}/{key}"
        else:
            ident = f"device/{key}"
        ctype = role_type(role, roles)
        url = device.get("display_url") or device.get("url") or ""
        if ctype is None:
            found.left_out.append((ident, f"passive device (role {role})", url))
            continue
        status = (device.get("status") or {}).get("value", "active")
        if status not in statuses:
            found.left_out.append((ident, f"status {status}", url))
            continue
        if role not in roles and role not in ROLE_TYPES and not role.endswith(("switch",
                                                                               "server")):
            found.unknown_roles.setdefault(role, device["role"].get("url") or url)
        within = (found.ids["dcim.rack", device["rack"]["id"]] if device.get("rack")
                  else _within(found, device))
        add("dcim.device", device, ident, ctype, within, device.get("name") or
            device.get("display") or ident)

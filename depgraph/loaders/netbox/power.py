"""NetBox's power chain as requirements (second part of the mapping, issue 14).

- a power panel is a ``power`` component in its location, else its site;
- a power feed is a ``power`` component that needs its panel, located where the panel is;
- a device's power supplies (power ports) are traced over their cables: to a PDU's
  outlet (then the device needs the PDU, which needs what its own inlet is traced to)
  or to a feed. A device with one supply needs its upstream; with several, ``any`` of
  their upstreams;
- a device none of whose supplies is cabled, in a rack that feeds name (NetBox's
  ``rack`` on the feed, no cable), needs ``any`` of those feeds: inferred, and said so.

What could not be resolved is a :class:`Finding`, with the object's NetBox URL.
"""

from __future__ import annotations

from dataclasses import replace

from depgraph.core.model import Component, Requirement
from depgraph.loaders.imported import Finding
from depgraph.loaders.netbox.places import Places, slug
from depgraph.loaders.netbox.places import source as source_of

__all__ = ["power_chain"]


def _url(item: dict) -> str:
    return item.get("display_url") or item.get("url") or ""


def power_chain(objects: dict[str, tuple[dict, ...]], found: Places) -> list[Finding]:
    """Add panels and feeds to ``found``, and the power requirements of its devices."""
    findings: list[Finding] = []
    for panel in objects["dcim/power-panels"]:
        site = panel["site"]["slug"]
        ident = f"panel/{site}/{slug(panel['name'])}"
        within = (found.ids["dcim.location", panel["location"]["id"]] if panel.get("location")
                  else f"site/{site}")
        found.components[ident] = Component(ident, "power", name=panel["name"],
                                            located_in=within,
                                            meta={"source": source_of("dcim.powerpanel", panel)})
        found.ids["dcim.powerpanel", panel["id"]] = ident
    by_rack: dict[int, list[str]] = {}
    for feed in objects["dcim/power-feeds"]:
        panel = found.ids.get(("dcim.powerpanel", feed["power_panel"]["id"]))
        if panel is None:
            findings.append(Finding(_url(feed), f"power feed '{feed['name']}' is on no "
                                                "imported panel: left out"))
            continue
        ident = f"feed/{panel.removeprefix('panel/')}/{slug(feed['name'])}"
        found.components[ident] = Component(
            ident, "power", name=feed["name"], located_in=found.components[panel].located_in,
            depends_on=(Requirement("hard", (panel,)),),
            meta={"source": source_of("dcim.powerfeed", feed), "status": feed["status"]["value"],
                  "feed_type": feed["type"]["value"]})
        found.ids["dcim.powerfeed", feed["id"]] = ident
        if feed.get("rack"):
            by_rack.setdefault(feed["rack"]["id"], []).append(ident)
        else:
            findings.append(Finding(_url(feed), f"power feed '{feed['name']}' feeds no rack"))
    racks: dict[int, dict] = {}
    for item in objects["dcim/racks"]:
        racks.setdefault(item["id"], item)  # the first of an id, as a scan finds it
    for rack, feeds in sorted(by_rack.items()):
        if len(feeds) == 1:
            findings.append(Finding(_url(racks[rack]) if rack in racks else "",
                                    f"rack {found.ids.get(('dcim.rack', rack), rack)} has one "
                                    "power feed"))
    outlets = {o["id"]: o for o in objects["dcim/power-outlets"]}
    ports: dict[int, list[dict]] = {}
    for port in objects["dcim/power-ports"]:
        ports.setdefault(port["device"]["id"], []).append(port)
    for device in objects["dcim/devices"]:
        ident = found.ids.get(("dcim.device", device["id"]))
        if ident is None:  # left out (passive)
            continue
        upstream, uncabled = [], []
        for port in ports.get(device["id"], []):
            source = _upstream(port, outlets, found)
            if source is None:
                uncabled.append(port)
            elif source not in upstream:
                upstream.append(source)
        for port in uncabled:
            findings.append(Finding(_url(port), f"power port '{port['name']}' of {ident} " + (
                "draws from a device or feed left out of the import"
                if port.get("connected_endpoints") else "is not cabled")))
        inferred = False
        if not upstream and device.get("rack") and by_rack.get(device["rack"]["id"]):
            upstream, inferred = sorted(by_rack[device["rack"]["id"]]), True
            findings.append(Finding(_url(device), f"{ident} needs any of the feeds that name "
                                                  f"its rack ({', '.join(upstream)}): inferred, "
                                                  "no cable says so"))
        if upstream:
            kind = "hard" if len(upstream) == 1 else "any"
            component = found.components[ident]
            meta = dict(component.meta, power_inferred=True) if inferred else component.meta
            found.components[ident] = replace(
                component, depends_on=component.depends_on + (
                    Requirement(kind, tuple(upstream)),), meta=meta)
        elif found.components[ident].type == "power":
            findings.append(Finding(_url(device), f"PDU {ident}: its inlet goes nowhere"))
    return sorted(findings)


def _upstream(port: dict, outlets: dict[int, dict], found: Places) -> str | None:
    """The component a power port draws from: a feed, or the PDU of an outlet."""
    kind = port.get("connected_endpoints_type")
    for end in port.get("connected_endpoints") or ():
        if kind == "dcim.powerfeed":
            return found.ids.get(("dcim.powerfeed", end["id"]))
        if kind == "dcim.poweroutlet":
            outlet = outlets.get(end["id"], end)
            return found.ids.get(("dcim.device", outlet["device"]["id"]))
    return None

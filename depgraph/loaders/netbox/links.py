"""NetBox's circuits, clusters and virtual machines (third part of the mapping, issue 14).

- a circuit is a ``network`` component operated by its provider (a provider of the
  inventory); the device its site-side termination is cabled to needs it, ``any`` of
  its circuits when it has several (from two providers, the usual redundancy). A
  termination at a site with no cabled device is kept, and reported: nothing is known to
  need it (a site is a location, and making it need the circuit would fail everything
  in it with the circuit);
- a cluster is a ``platform`` component that needs ``any`` of its host devices, or,
  asked to (``n-1``), all but one of them (``at_least: n-1``: a cluster sized to lose
  one host, no more);
- a virtual machine is a ``compute`` component that needs its cluster, or its host
  device when it is pinned to one.
"""

from __future__ import annotations

from dataclasses import replace

from depgraph.core.model import Component, Provider, Requirement
from depgraph.loaders.imported import Finding
from depgraph.loaders.netbox.places import Places, slug, source

__all__ = ["circuits", "providers", "virtualization"]


def _url(item: dict) -> str:
    return item.get("display_url") or item.get("url") or ""


def providers(objects: dict[str, tuple[dict, ...]]) -> list[Provider]:
    return [Provider(p["slug"], p["name"], meta={"source": source("circuits.provider", p)})
            for p in objects["circuits/providers"]]


def _needs(found: Places, ident: str, members: list[str], all_but_one: bool = False) -> None:
    component = found.components[ident]
    kind = "hard" if len(members) == 1 else "at_least" if all_but_one and len(members) > 2 \
        else "any"
    needed = len(members) - 1 if kind == "at_least" else 1
    found.components[ident] = replace(component, depends_on=component.depends_on + (
        Requirement(kind, tuple(sorted(members)), needed),))


def circuits(objects: dict[str, tuple[dict, ...]], found: Places) -> list[Finding]:
    findings: list[Finding] = []
    ends: dict[int, list[dict]] = {}
    for end in objects["circuits/circuit-terminations"]:
        ends.setdefault(end["circuit"]["id"], []).append(end)
    needed_by: dict[str, list[str]] = {}
    for circuit in objects["circuits/circuits"]:
        provider = circuit["provider"]["slug"]
        ident = f"circuit/{provider}/{slug(circuit['cid'])}"
        name = f"{circuit['provider']['name']} {circuit['type']['name']} {circuit['cid']}"
        found.components[ident] = Component(
            ident, "network", name=name, provider=provider,
            tags=tuple(sorted({t["slug"] for t in circuit.get("tags") or ()})),
            meta={"source": source("circuits.circuit", circuit),
                  "status": circuit["status"]["value"]})
        found.ids["circuits.circuit", circuit["id"]] = ident
        terminations = ends.get(circuit["id"], [])
        if len(terminations) < 2:
            findings.append(Finding(_url(circuit), f"circuit {ident} has "
                                                   f"{len(terminations)} termination(s)"))
        for end in terminations:
            if end.get("termination_type") != "dcim.site":
                continue
            devices = [peer["device"]["id"] for peer in end.get("link_peers") or ()
                       if "device" in peer]
            users = [found.ids[key] for key in (("dcim.device", d) for d in devices)
                     if key in found.ids]
            if not users:
                findings.append(Finding(_url(end), f"circuit {ident} ends at a site with no "
                                                   "cabled device: nothing is known to need it"))
            for user in users:
                needed_by.setdefault(user, []).append(ident)
    for user, members in sorted(needed_by.items()):
        _needs(found, user, members)
    return findings


def virtualization(objects: dict[str, tuple[dict, ...]], found: Places,
                   all_but_one: bool = False) -> list[Finding]:
    findings: list[Finding] = []
    hosts: dict[int, list[str]] = {}
    for device in objects["dcim/devices"]:
        ident = found.ids.get(("dcim.device", device["id"]))
        if device.get("cluster") and ident is not None:
            hosts.setdefault(device["cluster"]["id"], []).append(ident)
    for cluster in objects["virtualization/clusters"]:
        ident = f"cluster/{slug(cluster['name'])}"
        found.components[ident] = Component(
            ident, "platform", name=cluster["name"],
            meta={"source": source("virtualization.cluster", cluster),
                  "status": cluster["status"]["value"]})
        found.ids["virtualization.cluster", cluster["id"]] = ident
        if hosts.get(cluster["id"]):
            _needs(found, ident, hosts[cluster["id"]], all_but_one)
            if len(hosts[cluster["id"]]) == 1:
                findings.append(Finding(_url(cluster), f"cluster {ident} has one host"))
        else:
            findings.append(Finding(_url(cluster), f"cluster {ident} has no host device"))
    for machine in objects["virtualization/virtual-machines"]:
        cluster = machine.get("cluster")
        within = found.ids.get(("virtualization.cluster", cluster["id"])) if cluster else None
        ident = f"vm/{within.removeprefix('cluster/') if within else 'none'}/" \
                f"{slug(machine['name'])}"
        pinned = found.ids.get(("dcim.device", machine["device"]["id"])) \
            if machine.get("device") else None
        upstream = pinned or within
        found.components[ident] = Component(
            ident, "compute", name=machine["name"],
            depends_on=(Requirement("hard", (upstream,)),) if upstream else (),
            meta={"source": source("virtualization.virtualmachine", machine),
                  "status": machine["status"]["value"]})
        if upstream is None:
            findings.append(Finding(_url(machine), f"virtual machine {ident} has no cluster"))
    return findings

"""A synthetic estate of N components with a realistic shape, built in memory
(``depgraph generate`` writes one as YAML; the benchmarks use it).

Sites hold datacenters; each datacenter has two power feeds (any of two), racks
(need the datacenter and any of two PDUs), servers in racks, hypervisor clusters
(at least n-1 of n hosts), VMs on clusters, database clusters (2 of 3 nodes),
shared services (DNS, directory) and applications deployed in one or two
datacenters, and business functions marked critical. About three requirement
memberships per component. Deterministic for a given seed.
``with_restoration`` adds restore times, teams and RTOs by component type;
``with_time`` holdups and changeovers (UPS batteries across the generators' start,
cluster, database and application failovers).
"""

from __future__ import annotations

import random
from dataclasses import replace

from depgraph.core.inventory import Draft, assemble
from depgraph.core.model import Component, Inventory, Provider, Requirement

__all__ = ["synthetic_inventory", "to_data", "with_restoration", "with_time", "RESTORE",
           "TEAM"]

#: Restore time (seconds) and team by component type, for ``with_restoration``.
RESTORE = {"power": 900, "datacenter": 1800, "site": 600, "network": 1800, "compute": 3600,
           "platform": 3600, "storage": 7200, "database": 14400, "service": 3600,
           "application": 14400, "business": 1800}
TEAM = {"power": "facilities", "datacenter": "facilities", "site": "facilities",
        "network": "network", "compute": "systems", "platform": "systems", "storage": "storage",
        "database": "dba", "service": "systems", "application": "apps", "business": "business"}


def _hard(*ids: str) -> tuple[Requirement, ...]:
    return tuple(Requirement("hard", (i,)) for i in ids)


def synthetic_inventory(size: int, seed: int = 1) -> Inventory:
    rng = random.Random(seed)
    out: list[Component] = []
    add = out.append
    datacenters = max(2, size // 5000)
    providers = [Provider("grid"), Provider("hostco"), Provider("carrier")]
    add(Component("grid-region", "power", provider="grid"))
    for d in range(datacenters):
        dc = f"dc{d}"
        hosted = "hostco" if d % 3 == 0 else None
        add(Component(f"{dc}-feed", "power", provider="grid", depends_on=_hard("grid-region")))
        add(Component(f"{dc}-gen", "power", provider=hosted))
        add(Component(f"{dc}-ups-a", "power", provider=hosted,
                      depends_on=(Requirement("any", (f"{dc}-feed", f"{dc}-gen")),)))
        add(Component(f"{dc}-ups-b", "power", provider=hosted,
                      depends_on=(Requirement("any", (f"{dc}-feed", f"{dc}-gen")),)))
        add(Component(dc, "datacenter", provider=hosted,
                      depends_on=(Requirement("any", (f"{dc}-ups-a", f"{dc}-ups-b")),)))
        add(Component(f"{dc}-core", "network", located_in=dc))
    add(Component("dns", "service", depends_on=(
        Requirement("any", tuple(f"dc{d}-core" for d in range(min(3, datacenters)))),)))
    add(Component("directory", "service", depends_on=(
        Requirement("at_least", tuple(f"dc{d}-core" for d in range(min(3, datacenters))), 1),
        Requirement("hard", ("dns",)))))
    per_group = 10  # rack + 2 PDUs... see below: each group adds ~20 components
    group = 0
    apps: list[str] = []
    while len(out) < size:
        dc = f"dc{rng.randrange(datacenters)}"
        g = f"g{group}"
        group += 1
        add(Component(f"{g}-pdu-a", "power", located_in=dc, depends_on=_hard(f"{dc}-ups-a")))
        add(Component(f"{g}-pdu-b", "power", located_in=dc, depends_on=_hard(f"{dc}-ups-b")))
        add(Component(f"{g}-rack", "site", located_in=dc, depends_on=(
            Requirement("any", (f"{g}-pdu-a", f"{g}-pdu-b")),)))
        add(Component(f"{g}-tor", "network", located_in=f"{g}-rack",
                      depends_on=_hard(f"{dc}-core")))
        hosts = [f"{g}-host{h}" for h in range(4)]
        for host in hosts:
            add(Component(host, "compute", located_in=f"{g}-rack", depends_on=_hard(f"{g}-tor")))
        add(Component(f"{g}-cluster", "platform", depends_on=(
            Requirement("at_least", tuple(hosts), len(hosts) - 1),)))
        vms = [f"{g}-vm{v}" for v in range(per_group - 4)]
        for vm in vms:
            add(Component(vm, "compute", depends_on=_hard(f"{g}-cluster", f"{g}-tor", "dns")))
        add(Component(f"{g}-db", "database", depends_on=(
            Requirement("at_least", tuple(rng.sample(vms, 3)), 2),)))
        app = f"{g}-app"
        replicas = [vms[0]]
        if apps and rng.random() < 0.5:  # deployed in two places
            replicas.append(f"{apps[rng.randrange(len(apps))]}-twin")
        add(Component(f"{app}-twin", "compute", depends_on=_hard(vms[1])))
        add(Component(app, "application", depends_on=(
            Requirement("any", tuple(replicas)), *_hard(f"{g}-db", "directory"))))
        apps.append(app)
        add(Component(f"{g}-biz", "business", criticality="critical",
                      depends_on=_hard(app, *rng.sample(apps, min(2, len(apps))))))
    return assemble([Draft("synthetic.yaml", tuple((c, ()) for c in out), tuple(providers),
                           metadata=(("name", f"Synthetic estate (size {size}, seed {seed})"),))])


def with_restoration(inventory: Inventory) -> Inventory:
    """The same estate with restore times and teams by type, and a 4 h RTO on every
    critical component."""
    components = tuple((replace(c, restore=RESTORE.get(c.type, 600), team=TEAM.get(c.type),
                                rto=4 * 3600 if c.criticality == "critical" else None), ())
                       for c in inventory.components.values())
    return assemble([Draft("synthetic.yaml", components, tuple(inventory.providers.values()),
                           metadata=(("name", inventory.name),) if inventory.name else ())])


def with_time(inventory: Inventory) -> Inventory:
    """The same estate with the time keys: each UPS rides through 15 minutes on its
    feeds, which change over to the generator in 5; clusters restart their VMs on
    another host in 5 minutes, database clusters fail over in 10, applications deployed
    twice move to their twin by hand in 30."""
    def timed(component: Component) -> Component:
        found = []
        for r in component.depends_on:
            if component.type == "power" and r.kind == "any":
                r = replace(r, holdup=900, switchover=300)
            elif r.is_group and component.type == "platform":
                r = replace(r, switchover=300)
            elif r.is_group and component.type == "database":
                r = replace(r, switchover=600)
            elif r.kind == "any" and component.type == "application" and len(r.members) > 1:
                r = replace(r, switchover=1800)
            found.append(r)
        return replace(component, depends_on=tuple(found))

    components = tuple((timed(c), ()) for c in inventory.components.values())
    return assemble([Draft("synthetic.yaml", components, tuple(inventory.providers.values()),
                           metadata=(("name", inventory.name),) if inventory.name else ())])


def to_data(inventory: Inventory) -> dict:
    """The inventory as plain YAML-shaped data (for writing it out)."""
    def requirement(r: Requirement):
        if r.kind == "hard":
            return r.members[0]
        if r.kind == "any":
            return {"any": list(r.members)}
        return {"at_least": r.needed, "of": list(r.members)}

    components = []
    for c in inventory.components.values():
        item: dict = {"id": c.id, "type": c.type}
        if c.provider:
            item["provider"] = c.provider
        if c.located_in:
            item["located_in"] = c.located_in
        if c.depends_on:
            item["depends_on"] = [requirement(r) for r in c.depends_on]
        if c.criticality != "medium":
            item["criticality"] = c.criticality
        components.append(item)
    return {"name": f"synthetic {len(components)}",
            "providers": [{"id": p} for p in inventory.providers],
            "components": components}

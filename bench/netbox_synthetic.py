"""A synthetic NetBox estate, as saved REST API responses: what ``depgraph import netbox
--from DIR`` reads (``depgraph/loaders/netbox/recorded.py``), at any number of devices.

Run:  python bench/netbox_synthetic.py DIR [--devices 100000] [--seed 1]

Deterministic for a seed and a device count. The shape follows a real estate, and the
objects follow NetBox 4.2's own answers (the recorded demo data, ``shared/datasets/
netbox-api-4.2``): nested ``{id, url, display, name, slug}`` references, ``status``
as ``{value, label}``, tags, custom fields, tenants, cable ends with ``link_peers`` /
``connected_endpoints`` and their types, ``url`` and ``display_url`` of a NetBox at
``https://netbox.example.net``. Every list is written in pages of 1,000 results
(NetBox's maximum page size), ``next`` and ``previous`` as NetBox links them.

- regions (continents > countries > states) > sites; one site in six is a data centre,
  the others branch offices;
- a data centre has halls (locations) holding rows (locations) holding racks; two power
  panels per hall, and per rack a primary feed from panel A and a redundant feed from
  panel B, both naming the rack (a few racks have only the primary); per rack two PDUs
  whose inlets are cabled to those feeds, with 24 outlets each; the first racks of the
  first row are the MDF (routers, core switches, firewalls), the others hold a ToR switch,
  a patch panel (passive, unnamed) and 16 servers;
- a server has two power supplies cabled to outlets of the rack's two PDUs, a router or
  switch one; about 2% of servers have one supply uncabled and 0.5% none (then the import
  infers the rack's feeds);
- a branch has one rack, a router, an access switch and a PDU with 8 outlets whose inlet
  is not cabled (as in the demo data);
- providers, their circuits and terminations: the site end (Z) cabled to a router's
  interface, the provider end (A) on a provider network; a data centre has three circuits
  on its two routers, a branch one or two; a few terminations are not cabled, a few
  circuits have only their site end;
- clusters of up to 8 hypervisor hosts per data centre, four VMs per host, some VMs pinned
  to a host; a few cloud clusters with VMs and no host; a few VMs in no cluster.

Only the circuit-facing interfaces are written (``dcim/interfaces``, which the import
does not read; a real estate has tens per device).
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

__all__ = ["BASE", "PAGE", "generate", "write"]

#: The NetBox the objects' URLs name.
BASE = "https://netbox.example.net"
#: Results per page: NetBox's MAX_PAGE_SIZE.
PAGE = 1000
VERSION = "4.2.9"

SERVERS_PER_RACK = 16
RACKS_PER_ROW = 10
MDF_RACKS = 2
DC_OUTLETS = 24
BRANCH_OUTLETS = 8
HOSTS_PER_CLUSTER = 8
VMS_PER_HOST = 4

REGIONS = {  # continent: {country: [state, ...] or cities}
    ("Europe", "europe"): {
        ("Germany", "de"): ["Frankfurt", "Berlin", "Munich"],
        ("France", "fr"): ["Paris", "Lyon", "Marseille"],
        ("United Kingdom", "uk"): ["London", "Manchester"],
        ("Netherlands", "nl"): ["Amsterdam"],
        ("Spain", "es"): ["Madrid", "Barcelona"],
        ("Sweden", "se"): ["Stockholm"],
        ("Poland", "pl"): ["Warsaw"],
    },
    ("North America", "north-america"): {
        ("United States", "us"): {("New York", "us-ny"): ["New York", "Buffalo"],
                                  ("Virginia", "us-va"): ["Ashburn", "Richmond"],
                                  ("Texas", "us-tx"): ["Dallas", "Austin", "Houston"],
                                  ("California", "us-ca"): ["San Jose", "Los Angeles"],
                                  ("Illinois", "us-il"): ["Chicago"],
                                  ("Washington", "us-wa"): ["Seattle"]},
        ("Canada", "ca"): ["Toronto", "Montreal"],
    },
    ("Asia Pacific", "apac"): {
        ("Japan", "jp"): ["Tokyo", "Osaka"],
        ("Singapore", "sg"): ["Singapore"],
        ("Australia", "au"): ["Sydney", "Melbourne"],
        ("India", "in"): ["Mumbai", "Bangalore"],
    },
    ("South America", "south-america"): {
        ("Brazil", "br"): ["Sao Paulo"],
        ("Chile", "cl"): ["Santiago"],
    },
}
TENANTS = ["Acme Retail", "Globex", "Initech", "Umbrella Health", "Stark Logistics",
           "Wayne Finance", "Cyberdyne Systems", "Hooli", "Soylent Foods", "Tyrell Labs",
           "Wonka Industries", "Internal IT"]
TAGS = ["alpha", "bravo", "charlie", "delta", "echo", "pci", "backup", "dmz", "gold",
        "silver"]
PROVIDERS = [("Lumen", "lumen", "LMN"), ("Zayo", "zayo", "ZYO"), ("Cogent", "cogent", "CGT"),
             ("NTT", "ntt", "NTT"), ("GTT", "gtt", "GTT"), ("Telia", "telia", "TLA"),
             ("Verizon", "verizon", "VZB"), ("AT&T", "att", "ATT"), ("Colt", "colt", "COL"),
             ("Deutsche Telekom", "deutsche-telekom", "DTK"), ("Orange", "orange", "ORG")]
CIRCUIT_TYPES = [("Internet", "internet"), ("MPLS", "mpls"), ("Dark Fiber", "dark-fiber")]
ROLES = [("Router", "router", "4caf50"), ("Core Switch", "core-switch", "3f51b5"),
         ("Firewall", "firewall", "f44336"), ("ToR Switch", "tor-switch", "ff5722"),
         ("Access Switch", "access-switch", "03a9f4"), ("PDU", "pdu", "607d8b"),
         ("Patch Panel", "patch-panel", "9e9e9e"),
         ("Application Server", "application-server", "2f6a31"),
         ("Database Server", "database-server", "cddc39"),
         ("Hypervisor", "hypervisor", "795548"), ("Storage", "storage", "009688")]
DEVICE_TYPES = {  # role: (manufacturer, model, power ports)
    "router": ("Juniper", "MX204", 1), "core-switch": ("Arista", "DCS-7280SR3-48YC8", 1),
    "firewall": ("Palo Alto", "PA-5410", 1), "tor-switch": ("Arista", "DCS-7050SX3-48YC8", 1),
    "access-switch": ("Cisco", "C9300-48P", 1), "pdu": ("APC", "AP8941", 1),
    "branch-pdu": ("APC", "AP7901", 1), "patch-panel": ("Panduit", "48-Port Patch Panel", 0),
    "application-server": ("Dell", "PowerEdge R650", 2),
    "database-server": ("Dell", "PowerEdge R750", 2), "hypervisor": ("HPE", "ProLiant DL380",
                                                                     2),
    "storage": ("NetApp", "AFF A400", 2)}
SERVER_ROLES = (["application-server"] * 9 + ["database-server"] * 3 + ["hypervisor"] * 5
                + ["storage"] * 2)
CREATED = "2024-03-04T00:00:00Z"
UPDATED = "2024-03-04T09:30:00.000000Z"


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")


class Estate:
    """The objects of every endpoint, in id order, as NetBox answers them."""

    def __init__(self, devices: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.budget = devices
        self.objects: dict[str, list[dict]] = {}
        self.briefs: dict[tuple[str, int], dict] = {}

    # -- objects and their references ---------------------------------------------------

    def new(self, endpoint: str, display: str, **fields) -> dict:
        """A new object of ``endpoint`` with the fields every NetBox object has."""
        items = self.objects.setdefault(endpoint, [])
        ident = len(items) + 1
        item = {"id": ident, "url": f"{BASE}/api/{endpoint}/{ident}/",
                "display_url": f"{BASE}/{endpoint}/{ident}/", "display": display,
                **fields, "created": CREATED, "last_updated": UPDATED}
        item.setdefault("custom_fields", {})
        item.setdefault("tags", [])
        items.append(item)
        return item

    def ref(self, item: dict, *extra: str) -> dict:
        """NetBox's brief form of ``item``: id, url, display, name and slug when it has
        them, description, and ``extra`` fields."""
        brief = {"id": item["id"], "url": item["url"], "display": item["display"]}
        for key in ("name", "slug", *extra):
            if key in item:
                brief[key] = item[key]
        brief["description"] = item.get("description", "")
        return brief

    def tags(self, chance: float) -> list[dict]:
        if self.rng.random() >= chance:
            return []
        chosen = sorted(self.rng.sample(range(len(TAGS)), self.rng.randint(1, 2)))
        return [self.tag_refs[i] for i in chosen]

    def tenant(self, chance: float = 1.0) -> dict | None:
        return self.rng.choice(self.tenant_refs) if self.rng.random() < chance else None

    @staticmethod
    def status(value: str = "active") -> dict:
        return {"value": value, "label": value.replace("-", " ").title()}

    # -- the estate ------------------------------------------------------------------------

    def build(self) -> None:
        self.catalogue()
        self.cities = self.regions()
        dc = branch = 0
        while self.budget > 0:
            city, region = self.cities[(dc + branch) % len(self.cities)]
            if (dc + branch) % 6 == 0:
                dc += 1
                self.datacentre(dc, city, region)
            else:
                branch += 1
                self.branch(branch, city, region)
        self.cloud_clusters(max(1, (dc + branch) // 20))

    def catalogue(self) -> None:
        self.tag_refs = []
        for name in TAGS:
            tag = self.new("extras/tags", name.title(), name=name.title(), slug=name,
                           color=f"{self.rng.randrange(1 << 24):06x}", description="",
                           object_types=[], tagged_items=0)
            del tag["custom_fields"], tag["tags"]
            self.tag_refs.append({**self.ref(tag, "color"), "display_url": tag["display_url"]})
        self.tenant_refs = []
        for index, name in enumerate(TENANTS, 1):
            tenant = self.new("tenancy/tenants", name, name=name, slug=_slug(name),
                              group=None, description="", comments="",
                              custom_fields={"cust_id": f"C{index:04d}"})
            self.tenant_refs.append(self.ref(tenant))
        self.roles = {}
        for name, role_slug, color in ROLES:
            role = self.new("dcim/device-roles", name, name=name, slug=role_slug, color=color,
                            vm_role=role_slug in ("application-server", "database-server"),
                            config_template=None, description="")
            self.roles[role_slug] = self.ref(role)
        self.device_types = {}
        makers: dict[str, dict] = {}
        for role_slug, (maker, model, ports) in DEVICE_TYPES.items():
            if maker not in makers:
                makers[maker] = {"id": len(makers) + 1, "url":
                                 f"{BASE}/api/dcim/manufacturers/{len(makers) + 1}/",
                                 "display": maker, "name": maker, "slug": _slug(maker),
                                 "description": ""}
            kind = self.new("dcim/device-types", model, manufacturer=makers[maker],
                            model=model, slug=_slug(model), u_height=1.0,
                            power_port_template_count=ports, description="")
            self.device_types[role_slug] = {**self.ref(kind, "model", "manufacturer")}
        self.circuit_types = {}
        for name, type_slug in CIRCUIT_TYPES:
            kind = self.new("circuits/circuit-types", name, name=name, slug=type_slug,
                            description="")
            self.circuit_types[type_slug] = self.ref(kind)
        self.providers = []
        for name, provider_slug, prefix in PROVIDERS:
            provider = self.new("circuits/providers", name, name=name, slug=provider_slug,
                                accounts=[], asns=[], description="", comments="")
            network = {"id": len(self.providers) + 1,
                       "url": f"{BASE}/api/circuits/provider-networks/"
                              f"{len(self.providers) + 1}/",
                       "display": f"{name} backbone", "name": f"{name} backbone",
                       "description": ""}
            self.providers.append((self.ref(provider), prefix, network))
        self.cluster_type = self.ref(self.new("virtualization/cluster-types", "VMware vSphere",
                                              name="VMware vSphere", slug="vmware-vsphere",
                                              description=""))
        self.cloud_type = self.ref(self.new("virtualization/cluster-types", "Public cloud",
                                            name="Public cloud", slug="public-cloud",
                                            description=""))

    def regions(self) -> list[tuple[str, dict]]:
        """Every region; the cities, each with the region its sites are in."""
        cities: list[tuple[str, dict]] = []

        def region(name: str, region_slug: str, parent: dict | None, depth: int) -> dict:
            item = self.new("dcim/regions", name, name=name, slug=region_slug,
                            parent=parent, description="", _depth=depth)
            return item

        def nested(item: dict) -> dict:
            return {"id": item["id"], "url": item["url"], "display_url": item["display_url"],
                    "display": item["display"], "name": item["name"], "slug": item["slug"],
                    "_depth": item["_depth"]}

        def site_ref(item: dict) -> dict:
            return {**self.ref(item), "site_count": 0, "_depth": item["_depth"]}

        for (continent, c_slug), countries in REGIONS.items():
            top = region(continent, c_slug, None, 0)
            for (country, k_slug), below in countries.items():
                middle = region(country, k_slug, nested(top), 1)
                if isinstance(below, dict):
                    for (state, s_slug), towns in below.items():
                        leaf = region(state, s_slug, nested(middle), 2)
                        cities += [(town, site_ref(leaf)) for town in towns]
                else:
                    cities += [(town, site_ref(middle)) for town in below]
        order = list(range(len(cities)))
        self.rng.shuffle(order)
        return [cities[i] for i in order]

    def site(self, name: str, site_slug: str, region: dict, description: str,
             group: str) -> dict:
        tenant = self.tenant(0.9)
        site = self.new("dcim/sites", name, name=name, slug=site_slug,
                        status=self.status("active" if self.rng.random() < 0.97
                                           else "planned"),
                        region=region, group={"id": 1 if group == "dc" else 2,
                                              "url": f"{BASE}/api/dcim/site-groups/"
                                                     f"{1 if group == 'dc' else 2}/",
                                              "display": group, "name": group,
                                              "slug": group, "description": "",
                                              "_depth": 0},
                        tenant=tenant, facility=site_slug.upper(), time_zone=None,
                        description=description, physical_address="", shipping_address="",
                        latitude=None, longitude=None, comments="", asns=[],
                        tags=self.tags(0.3),
                        custom_fields={"site_code": site_slug.upper(),
                                       "noc_contact": None})
        return site

    def location(self, site: dict, name: str, loc_slug: str, parent: dict | None) -> dict:
        depth = 0 if parent is None else parent["_depth"] + 1
        item = self.new("dcim/locations", name, name=name, slug=loc_slug,
                        site=self.ref(site), parent=None if parent is None else {
                            **self.ref(parent), "_depth": parent["_depth"], "rack_count": 0},
                        status=self.status(), tenant=site["tenant"], facility="",
                        description="", _depth=depth)
        return item

    def rack(self, site: dict, location: dict | None, name: str, role: str) -> dict:
        return self.new("dcim/racks", name, name=name, facility_id=None, site=self.ref(site),
                        location=None if location is None else {
                            **self.ref(location), "_depth": location["_depth"],
                            "rack_count": 0},
                        tenant=site["tenant"], status=self.status(),
                        role={"id": 1 if role == "MDF" else 2,
                              "url": f"{BASE}/api/dcim/rack-roles/{1 if role == 'MDF' else 2}/",
                              "display": role, "name": role, "slug": role.lower(),
                              "description": ""},
                        serial="", asset_tag=None, rack_type=None,
                        form_factor={"value": "4-post-cabinet", "label": "4-post cabinet"},
                        width={"value": 19, "label": "19 inches"}, u_height=42,
                        starting_unit=1, desc_units=False, airflow=None, weight=None,
                        max_weight=None, weight_unit=None, outer_width=None, outer_depth=None,
                        outer_unit=None, mounting_depth=None, description="", comments="",
                        tags=self.tags(0.05))

    def device(self, site: dict, rack: dict | None, role: str, name: str | None,
               kind: str | None = None, cluster: dict | None = None,
               tenant: dict | None = None) -> dict | None:
        """A device, unless the estate has all its devices already."""
        if self.budget <= 0:
            return None
        self.budget -= 1
        ident = len(self.objects.get("dcim/devices", ())) + 1
        kind_ref = self.device_types[kind or role]
        display = name or f"{kind_ref['manufacturer']['name']} {kind_ref['model']} ({ident})"
        warranty = (f"20{self.rng.randint(25, 29)}-{self.rng.randint(1, 12):02d}-28"
                    if self.rng.random() < 0.6 else None)
        return self.new(
            "dcim/devices", display, name=name, device_type=kind_ref, role=self.roles[role],
            tenant=tenant if tenant is not None else site["tenant"], platform=None,
            serial=f"SN{self.rng.randrange(10 ** 9):09d}", asset_tag=None,
            site=self.ref(site), location=rack["location"] if rack else None,
            rack=self.ref(rack) if rack else None, position=None,
            face={"value": "front", "label": "Front"}, latitude=None, longitude=None,
            parent_device=None, status=self.status("active" if self.rng.random() < 0.98
                                                   else "offline"),
            airflow=None, primary_ip=None, primary_ip4=None, primary_ip6=None, oob_ip=None,
            cluster=cluster, virtual_chassis=None, vc_position=None, vc_priority=None,
            description="", comments="", config_template=None, local_context_data=None,
            config_context={}, tags=self.tags(0.1),
            custom_fields={"warranty_end": warranty, "support_tier": self.rng.choice(
                ["gold", "silver", "bronze"])})

    # -- ports and cables ------------------------------------------------------------------

    def port(self, endpoint: str, device: dict, name: str, **fields) -> dict:
        return self.new(endpoint, name, device=self.ref(device), module=None, name=name,
                        label="", description="", mark_connected=False, cable=None,
                        cable_end=None, link_peers=[], link_peers_type=None,
                        connected_endpoints=None, connected_endpoints_type=None,
                        connected_endpoints_reachable=None, _occupied=False, **fields)

    def brief_end(self, item: dict) -> dict:
        brief = {"id": item["id"], "url": item["url"], "display": item["display"]}
        if "device" in item:
            brief["device"] = item["device"]
        if "circuit" in item:
            brief["circuit"] = item["circuit"]
            brief["term_side"] = item["term_side"]
        else:
            brief["name"] = item["name"]
        brief["description"] = item.get("description", "")
        brief["cable"] = item["cable"]
        brief["_occupied"] = item["_occupied"]
        return brief

    def cable(self, a: dict, a_type: str, b: dict, b_type: str, kind: str | None,
              far: tuple[dict, str] | None = None) -> dict:
        """Cable ``a`` to ``b``: both ends' cable, link peers and connected endpoints
        (``far`` is what ``a`` reaches beyond ``b``, as a circuit's provider network)."""
        ident = len(self.objects.get("dcim/cables", ())) + 1
        ref = {"id": ident, "url": f"{BASE}/api/dcim/cables/{ident}/", "display": f"#{ident}",
               "label": "", "description": ""}
        for end, side in ((a, "A"), (b, "B")):
            end.update(cable=ref, cable_end=side, _occupied=True)
        a_brief, b_brief = self.brief_end(a), self.brief_end(b)
        a.update(link_peers=[b_brief], link_peers_type=b_type)
        b.update(link_peers=[a_brief], link_peers_type=a_type)
        if "connected_endpoints" in a:
            if far is None:
                a.update(connected_endpoints=[b_brief], connected_endpoints_type=b_type,
                         connected_endpoints_reachable=True)
            else:
                a.update(connected_endpoints=[far[0]], connected_endpoints_type=far[1],
                         connected_endpoints_reachable=True)
        if "connected_endpoints" in b:
            b.update(connected_endpoints=[a_brief], connected_endpoints_type=a_type,
                     connected_endpoints_reachable=True)
        return self.new("dcim/cables", f"#{ident}", type=kind, status=self.status("connected"),
                        tenant=None, label="", color="", length=None, length_unit=None,
                        description="", comments="",
                        a_terminations=[{"object_type": a_type, "object_id": a["id"],
                                         "object": a_brief}],
                        b_terminations=[{"object_type": b_type, "object_id": b["id"],
                                         "object": b_brief}])

    def power_port(self, device: dict, name: str, draw: int | None) -> dict:
        return self.port("dcim/power-ports", device, name,
                         type={"value": "iec-60320-c14", "label": "C14"},
                         maximum_draw=draw, allocated_draw=None, tags=[])

    def pdu(self, site: dict, rack: dict, name: str, outlets: int,
            kind: str = "pdu") -> tuple[dict, list[dict], dict] | None:
        device = self.device(site, rack, "pdu", name, kind)
        if device is None:
            return None
        inlet = self.power_port(device, "Input", None)
        inlet_ref = {**self.ref(inlet), "device": inlet["device"], "cable": None,
                     "_occupied": False}
        sockets = [self.port("dcim/power-outlets", device, f"Outlet {n}",
                             type={"value": "iec-60320-c13", "label": "C13"},
                             power_port=inlet_ref, feed_leg=None, color="", tags=[])
                   for n in range(1, outlets + 1)]
        return device, sockets, inlet

    def plug(self, device: dict, name: str, pdu, socket: int) -> dict:
        port = self.power_port(device, name, self.rng.choice((350, 500, 750, 1100)))
        if pdu is not None and socket < len(pdu[1]):
            self.cable(port, "dcim.powerport", pdu[1][socket], "dcim.poweroutlet", "power")
        return port

    def interface(self, device: dict, name: str) -> dict:
        return self.port("dcim/interfaces", device, name, enabled=True,
                         type={"value": "10gbase-x-sfpp", "label": "SFP+ (10GE)"},
                         parent=None, bridge=None, lag=None, mtu=None, mac_address=None,
                         speed=None, duplex=None, wwn=None, mgmt_only=False, mode=None,
                         vrf=None, tagged_vlans=[], untagged_vlan=None, tags=[])

    def circuit(self, site: dict, provider: int, kind: str, router: dict | None,
                port: str) -> None:
        """A circuit from ``provider`` to ``site``, its Z end cabled to ``router``'s
        ``port`` (when given), its A end on the provider's network."""
        provider_ref, prefix, network = self.providers[provider]
        ident = len(self.objects.get("circuits/circuits", ())) + 1
        cid = f"{prefix}-{ident * 7919 % 1000003:07d}"
        circuit = self.new("circuits/circuits", cid, cid=cid, provider=provider_ref,
                           provider_account=None, type=self.circuit_types[kind],
                           status=self.status("active"), tenant=site["tenant"],
                           install_date=None, termination_date=None,
                           commit_rate=self.rng.choice((100000, 1000000, 10000000)),
                           distance=None, distance_unit=None, description="", comments="",
                           tags=self.tags(0.1))
        circuit_ref = {"id": circuit["id"], "url": circuit["url"], "display": cid, "cid": cid,
                       "provider": provider_ref, "description": ""}
        ends = {}
        one_ended = self.rng.random() < 0.02
        for side in ("A", "Z"):
            if side == "A" and one_ended:
                continue
            on_site = side == "Z"
            target = self.ref(site) if on_site else network
            end = self.new("circuits/circuit-terminations", f"{cid}: Termination {side}",
                           circuit=circuit_ref, term_side=side,
                           termination_type="dcim.site" if on_site
                           else "circuits.providernetwork",
                           termination_id=target["id"], termination=target,
                           port_speed=None, upstream_speed=None, xconnect_id="", pp_info="",
                           description="", mark_connected=False, cable=None, cable_end=None,
                           link_peers=[], link_peers_type=None, _occupied=False)
            ends[side] = end
        for side, end in ends.items():
            circuit[f"termination_{side.lower()}"] = {
                "id": end["id"], "url": end["url"], "display_url": end["display_url"],
                "display": end["display"], "termination_type": end["termination_type"],
                "termination_id": end["termination_id"], "termination": end["termination"],
                "port_speed": None, "upstream_speed": None, "xconnect_id": "",
                "description": ""}
        circuit.setdefault("termination_a", None)
        if router is not None and self.rng.random() >= 0.03:
            self.cable(self.interface(router, port), "dcim.interface", ends["Z"],
                       "circuits.circuittermination", "smf",
                       far=(network, "circuits.providernetwork"))

    def providers_for(self, count: int) -> list[int]:
        # the last provider has no circuit: an unused provider, as estates keep them
        return self.rng.sample(range(len(PROVIDERS) - 1), count)

    # -- sites -----------------------------------------------------------------------------

    def datacentre(self, number: int, city: str, region: dict) -> None:
        code = _slug(city)[:3]
        site = self.site(f"DC {city} {number}", f"dc-{code}-{number:03d}", region,
                         "Data centre", "dc")
        racks = self.rng.randint(12, 60)
        halls = 1 if racks <= 20 else 2
        hall_items, panels = [], {}
        for h in range(1, halls + 1):
            hall = self.location(site, f"Hall {h}", f"hall-{h}", None)
            hall_items.append(hall)
            for side in "AB":
                panel = self.new("dcim/power-panels", f"Hall {h} Panel {side}",
                                 name=f"Hall {h} Panel {side}", site=self.ref(site),
                                 location={**self.ref(hall), "_depth": 0, "rack_count": 0},
                                 description="", comments="")
                panels[h, side] = self.ref(panel)
            # a spare breaker: a feed that names no rack
            self.feed(panels[h, "A"], f"H{h}-SPARE", None, "primary")
        rows = -(-racks // RACKS_PER_ROW)
        hosts: list[dict] = []
        for index in range(racks):
            if self.budget <= 0:
                break
            row_no = index // RACKS_PER_ROW
            hall_no = 1 + row_no * halls // rows
            if index % RACKS_PER_ROW == 0:
                row = self.location(site, f"Row {chr(65 + row_no)}",
                                    f"hall-{hall_no}-row-{chr(97 + row_no)}",
                                    hall_items[hall_no - 1])
            name = f"H{hall_no}-{chr(65 + row_no)}{index % RACKS_PER_ROW + 1:02d}"
            role = "MDF" if index < MDF_RACKS else "Compute"
            rack = self.rack(site, row, name, role)
            feeds = [self.feed(panels[hall_no, "A"], f"{name}-A", rack, "primary")]
            if self.rng.random() >= 0.04:
                feeds.append(self.feed(panels[hall_no, "B"], f"{name}-B", rack, "redundant"))
            prefix = f"{site['slug']}-{name.lower()}"
            pdus = [self.pdu(site, rack, f"{prefix}-pdu-{side}", DC_OUTLETS)
                    for side in "ab"]
            for pdu, feed in zip(pdus, feeds):
                if pdu is not None:
                    self.cable(pdu[2], "dcim.powerport", feed, "dcim.powerfeed", "power")
            if role == "MDF":
                self.mdf(site, rack, pdus, index)
            else:
                hosts += self.compute_rack(site, rack, pdus, index, number)
        self.clusters(site, hosts)

    def feed(self, panel: dict, name: str, rack: dict | None, kind: str) -> dict:
        return self.new("dcim/power-feeds", name, name=name, power_panel=panel,
                        rack=self.ref(rack) if rack else None, status=self.status(),
                        type={"value": kind, "label": kind.title()},
                        supply={"value": "ac", "label": "AC"},
                        phase={"value": "three-phase", "label": "Three-phase"},
                        voltage=400, amperage=32, max_utilization=80, tenant=None,
                        description="", comments="", mark_connected=False, cable=None,
                        cable_end=None, link_peers=[], link_peers_type=None,
                        connected_endpoints=None, connected_endpoints_type=None,
                        connected_endpoints_reachable=None, _occupied=False)

    def mdf(self, site: dict, rack: dict, pdus: list, index: int) -> None:
        n = index + 1
        router = self.device(site, rack, "router", f"{site['slug']}-rtr{n:02d}")
        if router is not None:
            self.plug(router, "PSU0", pdus[index % 2], 0)
            first, second = self.providers_for(2)
            self.circuit(site, first if n == 1 else second, "internet", router, "xe-0/0/0")
            if n == 1:
                self.circuit(site, second, "mpls", router, "xe-0/0/1")
        for socket, (role, short) in enumerate((("core-switch", "core"),
                                                ("firewall", "fw")), 1):
            device = self.device(site, rack, role, f"{site['slug']}-{short}{n:02d}")
            if device is not None:
                self.plug(device, "PSU0", pdus[(index + socket) % 2], socket)

    def compute_rack(self, site: dict, rack: dict, pdus: list, index: int,
                     number: int) -> list[dict]:
        """The rack's switch, patch panel and servers; the hypervisors among them."""
        name = rack["name"].lower()
        # some sites name their switches by rack only: the same name at several sites
        tor = f"tor-{name}" if number % 10 == 3 else f"{site['slug']}-tor-{name}"
        switch = self.device(site, rack, "tor-switch", tor)
        if switch is not None:
            self.plug(switch, "PSU0", pdus[index % 2], 0)
        self.device(site, rack, "patch-panel", None)
        hosts = []
        for u in range(SERVERS_PER_RACK):
            role = self.rng.choice(SERVER_ROLES)
            short = {"application-server": "app", "database-server": "db",
                     "hypervisor": "esx", "storage": "san"}[role]
            server = self.device(site, rack, role, f"{site['slug']}-{short}-{name}-u{u + 1:02d}",
                                 tenant=self.tenant(0.7))
            if server is None:
                break
            chance = self.rng.random()
            self.plug(server, "PSU0", None if chance < 0.005 else pdus[0], u + 1)
            self.plug(server, "PSU1", None if chance < 0.025 else pdus[1], u + 1)
            if role == "hypervisor":
                hosts.append(server)
        return hosts

    def clusters(self, site: dict, hosts: list[dict]) -> None:
        for start in range(0, len(hosts), HOSTS_PER_CLUSTER):
            members = hosts[start:start + HOSTS_PER_CLUSTER]
            name = f"{site['slug']}-vsphere-{start // HOSTS_PER_CLUSTER + 1:02d}"
            cluster = self.new("virtualization/clusters", name, name=name,
                               type=self.cluster_type, group=None,
                               status=self.status(), tenant=site["tenant"],
                               scope_type="dcim.site", scope_id=site["id"],
                               scope=self.ref(site), description="", comments="",
                               allocated_vcpus=None, allocated_memory=None,
                               allocated_disk=None)
            cluster_ref = self.ref(cluster)
            for host in members:
                host["cluster"] = cluster_ref
            for vm in range(len(members) * VMS_PER_HOST):
                pinned = members[vm % len(members)] if self.rng.random() < 0.02 else None
                self.vm(f"{name}-vm{vm + 1:03d}", cluster_ref, site, pinned)

    def vm(self, name: str, cluster: dict | None, site: dict | None,
           pinned: dict | None) -> None:
        if cluster is not None and self.rng.random() < 0.001:
            cluster = None  # an orphan, left over from a decommissioned cluster
        self.new("virtualization/virtual-machines", name, name=name,
                 status=self.status("active" if self.rng.random() < 0.95 else "offline"),
                 site=self.ref(site) if site and cluster else None, cluster=cluster,
                 device=self.ref(pinned) if pinned else None, serial="",
                 role=self.roles["application-server"], tenant=self.tenant(0.8),
                 platform=None, primary_ip=None, primary_ip4=None, primary_ip6=None,
                 vcpus=float(self.rng.choice((2, 4, 8))), memory=self.rng.choice(
                     (4096, 8192, 16384)), disk=self.rng.choice((40, 80, 200)),
                 description="", comments="", config_template=None,
                 local_context_data=None, config_context={}, tags=self.tags(0.1))

    def cloud_clusters(self, count: int) -> None:
        regions = ["eu-west-1", "eu-central-1", "us-east-1", "us-west-2", "ap-southeast-1"]
        for n in range(count):
            name = f"aws-{regions[n % len(regions)]}-{n // len(regions) + 1}"
            cluster = self.new("virtualization/clusters", name, name=name,
                               type=self.cloud_type, group=None, status=self.status(),
                               tenant=None, scope_type=None, scope_id=None, scope=None,
                               description="", comments="", allocated_vcpus=None,
                               allocated_memory=None, allocated_disk=None)
            for vm in range(20):
                self.vm(f"{name}-i{vm + 1:03d}", self.ref(cluster), None, None)

    def branch(self, number: int, city: str, region: dict) -> None:
        code = _slug(city)[:3]
        site = self.site(f"{city} Branch {number}", f"br-{code}-{number:04d}", region,
                         "Branch office", "branch")
        rack = self.rack(site, None, "Comms closet", "Comms")
        pdu = self.pdu(site, rack, f"{site['slug']}-pdu01", BRANCH_OUTLETS, "branch-pdu")
        router = self.device(site, rack, "router", f"{site['slug']}-rtr01")
        if router is not None:
            self.plug(router, "PSU0", pdu, 0)
            providers = self.providers_for(2)
            self.circuit(site, providers[0], "mpls", router, "ge-0/0/0")
            if self.rng.random() < 0.3:
                self.circuit(site, providers[1], "internet", router, "ge-0/0/1")
        switch = self.device(site, rack, "access-switch", f"{site['slug']}-sw01")
        if switch is not None:
            self.plug(switch, "PSU0", pdu, 1)
        if self.rng.random() < 0.5:
            self.device(site, rack, "patch-panel", None)


def generate(devices: int = 100_000, seed: int = 1) -> dict[str, list[dict]]:
    """Every endpoint's objects, for an estate of ``devices`` devices."""
    estate = Estate(devices, seed)
    estate.build()
    return estate.objects


def _link(endpoint: str, offset: int) -> str:
    query = f"limit={PAGE}" if offset == 0 else f"limit={PAGE}&offset={offset}"
    return f"{BASE}/api/{endpoint}/?{query}"


def write(objects: dict[str, list[dict]], directory: str | Path) -> list[Path]:
    """Write ``objects`` as saved responses in ``directory``: ``status.json`` and every
    endpoint in pages of :data:`PAGE`, as NetBox answers them (compact JSON)."""
    from depgraph.loaders.netbox.recorded import ENDPOINTS, file_name

    root = Path(directory)
    root.mkdir(parents=True, exist_ok=True)
    written = [root / "status.json"]
    written[0].write_text(json.dumps({"django-version": "5.1.8", "netbox-version": VERSION,
                                      "plugins": {}, "python-version": "3.11.7",
                                      "rq-workers-running": 1}), encoding="utf-8")
    for endpoint in sorted(set(ENDPOINTS) | set(objects)):
        items = objects.get(endpoint, [])
        pages = max(1, -(-len(items) // PAGE))
        for page in range(pages):
            offset = page * PAGE
            answer = {"count": len(items),
                      "next": _link(endpoint, offset + PAGE) if page + 1 < pages else None,
                      "previous": _link(endpoint, offset - PAGE) if page else None,
                      "results": items[offset:offset + PAGE]}
            path = root / file_name(endpoint, page + 1)
            path.write_text(json.dumps(answer, ensure_ascii=False, separators=(",", ":")),
                            encoding="utf-8")
            written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory")
    parser.add_argument("--devices", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    objects = generate(args.devices, args.seed)
    files = write(objects, args.directory)
    size = sum(path.stat().st_size for path in files)
    print(f"{len(files)} files, {size / 1e6:.1f} MB in {args.directory}")
    for endpoint, items in sorted(objects.items()):
        print(f"  {endpoint:<34} {len(items):>9,}")


if __name__ == "__main__":
    main()

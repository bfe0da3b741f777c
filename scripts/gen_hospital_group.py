#!/usr/bin/env python3
"""Write ``inventories/hospital-group.yaml``, the example modelled on a real outage.

A power failure at an external hosting provider took down messaging, business
applications and telephony across the 38 hospitals of a hospital group. Power came
back in 3 hours; Internet access, messaging, telephony and the links between the
datacenter and the internal network came back overnight; full service for every
application took until the following Monday.

The inventory is generated so that the 38 hospitals stay uniform and easy to change:
edit the tables or the builders below, then run::

    python3 scripts/gen_hospital_group.py

The output is deterministic (byte-identical on every run). Standard library only:
the YAML text is written by hand, quoting every string that is not a plain slug.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent.parent / "inventories" / "hospital-group.yaml"

GROUP_IT = "DSI du groupe hospitalier"
HOSTCO_OWNER = "Armorique Hébergement (contrat d'hébergement)"

#: (town, display name, region, beds). Fictional towns; accents on purpose.
HOSPITALS = [
    ("Valmont-sur-Lys", "Centre hospitalier de Valmont-sur-Lys", "nord", 640),
    ("Sainte-Émilie", "Centre hospitalier de Sainte-Émilie", "ouest", 410),
    ("Bourg-en-Forêt", "Hôpital de Bourg-en-Forêt", "est", 230),
    ("Château-Ménard", "Centre hospitalier de Château-Ménard", "sud", 380),
    ("Évreuil", "Centre hospitalier d'Évreuil", "nord", 290),
    ("Aiguebelle", "Hôpital d'Aiguebelle", "sud", 150),
    ("Montclair-les-Bains", "Centre hospitalier de Montclair-les-Bains", "est", 320),
    ("Saint-Aubin-lès-Vœux", "Hôpital de Saint-Aubin-lès-Vœux", "ouest", 180),
    ("Pont-à-Brûlé", "Centre hospitalier de Pont-à-Brûlé", "nord", 260),
    ("Rochefière", "Centre hospitalier de Rochefière", "sud", 470),
    ("Île-Verte", "Hôpital de l'Île-Verte", "ouest", 120),
    ("Haute-Sorgue", "Centre hospitalier de Haute-Sorgue", "sud", 210),
    ("Lanvénec", "Centre hospitalier de Lanvénec", "ouest", 340),
    ("Castelfranc", "Hôpital de Castelfranc", "sud", 160),
    ("Mirecourt-la-Vallée", "Centre hospitalier de Mirecourt-la-Vallée", "est", 300),
    ("Saint-Gérôme", "Centre hospitalier de Saint-Gérôme", "nord", 550),
    ("Plouzévet", "Hôpital de Plouzévet", "ouest", 140),
    ("Villeneuve-sur-Ancre", "Centre hospitalier de Villeneuve-sur-Ancre", "nord", 420),
    ("Beaulac", "Hôpital de Beaulac", "est", 190),
    ("Fontaine-aux-Cerfs", "Centre hospitalier de Fontaine-aux-Cerfs", "est", 270),
    ("Les Écluses", "Centre hospitalier des Écluses", "nord", 230),
    ("Marsillac-le-Haut", "Hôpital de Marsillac-le-Haut", "sud", 130),
    ("Noirval", "Centre hospitalier de Noirval", "est", 360),
    ("Corbières-Basses", "Centre hospitalier de Corbières-Basses", "sud", 250),
    ("Sainte-Geneviève-des-Prés", "Hôpital de Sainte-Geneviève-des-Prés", "nord", 200),
    ("Kerandréa", "Centre hospitalier de Kerandréa", "ouest", 310),
    ("Port-Sérac", "Centre hospitalier de Port-Sérac", "ouest", 280),
    ("Saint-Léonce", "Hôpital de Saint-Léonce", "sud", 170),
    ("Vaudrey-le-Château", "Centre hospitalier de Vaudrey-le-Château", "est", 240),
    ("Aurillargues", "Centre hospitalier d'Aurillargues", "sud", 330),
    ("Mont-Réal-d'Olt", "Hôpital de Mont-Réal-d'Olt", "sud", 110),
    ("Grand-Bréau", "Centre hospitalier de Grand-Bréau", "nord", 390),
    ("Saint-Côme-des-Landes", "Hôpital de Saint-Côme-des-Landes", "ouest", 150),
    ("Olbreuse", "Centre hospitalier d'Olbreuse", "est", 220),
    ("Cerisaie-la-Neuve", "Centre hospitalier de Cerisaie-la-Neuve", "nord", 260),
    ("L'Haÿ-les-Vignes", "Hôpital de L'Haÿ-les-Vignes", "est", 180),
    ("Quimberlé", "Centre hospitalier de Quimberlé", "ouest", 300),
    ("Val-d'Oustre", "Centre hospitalier du Val-d'Oustre: site principal", "sud", 350),
]

#: Keys in the order they are written.
KEY_ORDER = (
    "id", "name", "type", "provider", "located_in", "depends_on", "criticality",
    "restore", "rto", "mtpd", "weight", "continuity", "team", "owner", "holdup", "data", "rpo",
    "tags", "description", "meta",
)


#: Each hospital function's continuity: its MTPD, one unit of weight per this many beds
#: (the patients it serves at a time, roughly), and its degraded procedure (PCRA): what
#: it is, its document, how long it takes to switch to it and how long it can last.
CONTINUITY = {
    "emergency": ("8h", 20, "Paper admissions: hand-numbered forms, identity checked later",
                  "PCRA-URG-01", "15m", "3d"),
    "care": ("1d", 4, "Paper orders and printed patient summaries in every ward",
             "PCRA-SOINS-01", "30m", "2d"),
    "telephony": ("4h", 10, "Phone tree on the on-call mobiles, runners between services",
                  "PCRA-TEL-01", "30m", "1w"),
    "messaging": ("3d", 50, "Results by fax and internal courier", "PCRA-MSG-01", "1h",
                  "1w"),
    "imaging": ("1d", 25, "Images read on the modality consoles, reports dictated by phone",
                "PCRA-IMG-01", "1h", "12h"),
}
CONTINUITY_OWNERS = {"emergency": "Cadre des urgences", "care": "Direction des soins",
                     "telephony": "Standard", "messaging": "Secrétariat médical",
                     "imaging": "Cadre d'imagerie"}
#: The last digits of each function's on-call number (no digit group starts with 0: the
#: fast loading path would take "01" for a number spelt oddly, and read the file the slow
#: way).
PHONE = {"emergency": "10 10", "care": "20 20", "telephony": "50 50", "messaging": "30 30",
         "imaging": "40 40"}


# --- building blocks ------------------------------------------------------------------


def plan(procedure, document, owner, contact, activation, sustainable):
    """A degraded procedure (``continuity:``)."""
    return {"procedure": procedure, "document": document, "owner": owner, "contact": contact,
            "activation": activation, "sustainable": sustainable}


def component(id, type, name, **fields):
    """A component as a dict; ``None`` values are left out."""
    fields.update(id=id, type=type, name=name)
    unknown = set(fields) - set(KEY_ORDER)
    if unknown:
        raise ValueError(f"{id}: unknown keys {sorted(unknown)}")
    return {key: fields[key] for key in KEY_ORDER if fields.get(key) is not None}


def any_of(*ids):
    return {"any": list(ids)}


def at_least(count, *ids):
    return {"at_least": count, "of": list(ids)}


def needs(id, **timing):
    """A hard dependency with time keys: ``{needs: id, holdup: 15m}``."""
    return {"needs": id, **timing}


def slugify(text):
    """ASCII slug of a town, for tags: ``Saint-Aubin-lès-Vœux`` -> ``saint-aubin-les-voeux``."""
    text = text.replace("œ", "oe").replace("Œ", "Oe").replace("æ", "ae").replace("Æ", "Ae")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


# --- the providers --------------------------------------------------------------------


def providers():
    return [
        {"id": "hostco", "name": "Armorique Hébergement", "kind": "hosting",
         "meta": {"contract": "colocation and managed hosting", "site": "Rennes-Est campus",
                  "support": "24/7 facilities desk"}},
        {"id": "grid", "name": "Regional electricity distribution grid", "kind": "utility",
         "meta": {"note": "utility feeds of both datacenters and of every hospital"}},
        {"id": "carrier", "name": "Nordwave Networks (MPLS WAN)", "kind": "carrier",
         "meta": {"service": "MPLS VPN linking the 38 hospitals and both datacenters"}},
        {"id": "isp", "name": "Fibrelink Internet", "kind": "isp",
         "meta": {"service": "Internet transit delivered at the hosting provider"}},
        {"id": "telco", "name": "Voxtel (PSTN trunks)", "kind": "carrier",
         "meta": {"service": "SIP trunks to the public telephone network"}},
    ]


# --- the external hosting provider's datacenter ---------------------------------------


def hostco_power():
    where = ["hostco", "building-hostco-1"]
    fac = dict(provider="hostco", team="hostco-facilities", owner=HOSTCO_OWNER, tags=where)
    return [
        component("hostco-utility-feed", "power", "Utility feed of the hosting datacenter",
                  provider="grid", criticality="high", restore="2h", rto="4h",
                  team="grid-operator", tags=where,
                  description="The grid's medium-voltage feed; the grid's, not hostco's."),
        component("hostco-fuel", "power", "Fuel deliveries to the hosting datacenter",
                  criticality="high", restore="4h", team="hostco-facilities", tags=where,
                  description="The supplier's trucks refill the generator's tank; without "
                              "them it runs for 48 hours."),
        component("hostco-generator", "power", "Standby diesel generator (hostco)",
                  depends_on=[needs("hostco-fuel", holdup="48h")],
                  criticality="high", restore="1h", rto="1h", **fac,
                  description="Its tank lasts 48 hours at full load."),
        component("hostco-ats", "power", "Automatic transfer switch (hostco)",
                  depends_on=[any_of("hostco-utility-feed", "hostco-generator")],
                  criticality="high", restore="30m", rto="1h", **fac,
                  description="One switch behind both power sources: a shared single point."),
        component("hostco-ups", "power", "UPS (hostco)",
                  depends_on=[needs("hostco-ats", holdup="15m")],
                  criticality="high", restore="30m", rto="1h", **fac,
                  description="Its batteries carry the room for 15 minutes."),
        component("hostco-pdu-a", "power", "Power distribution A (hostco)",
                  depends_on=["hostco-ups"], criticality="high", restore="15m", rto="1h", **fac),
        component("hostco-pdu-b", "power", "Power distribution B (hostco)",
                  depends_on=["hostco-ups"], criticality="high", restore="15m", rto="1h", **fac,
                  description="Redundant with PDU A in name only: both hang off the same UPS."),
        component("hostco-cooling", "cooling", "Cooling plant (hostco)",
                  depends_on=["hostco-ats"], criticality="high", restore="30m", rto="2h", **fac),
        component("dc-hostco", "datacenter", "Hosting datacenter (Armorique Hébergement)",
                  provider="hostco",
                  depends_on=[any_of("hostco-pdu-a", "hostco-pdu-b"),
                              needs("hostco-cooling", holdup="20m")],
                  criticality="high", restore="30m", rto="4h", team="hostco-facilities",
                  owner=HOSTCO_OWNER, tags=where,
                  description="Hosts most of the group's central IT: messaging, telephony, "
                              "patient record, admissions, lab. The rooms stay cool enough "
                              "for 20 minutes without the cooling plant.",
                  meta={"tier": "III (announced)", "rooms": 2}),
    ]


def hostco_infrastructure():
    here = dict(located_in="dc-hostco", tags=["hostco"])
    hosts = ["hostco-hv1", "hostco-hv2", "hostco-hv3"]
    items = [
        component("isp-uplink", "network", "Internet uplink (Fibrelink)", provider="isp",
                  criticality="high", restore="2h", rto="4h", team="isp-noc"),
        component("hostco-core-net", "network", "Core network (hostco)",
                  criticality="high", restore="1h", rto="2h", team="network",
                  owner=GROUP_IT, **here),
        component("hostco-wan-edge", "network", "WAN edge router (hostco)",
                  depends_on=["hostco-core-net", "wan-core"], criticality="high",
                  restore="2h", rto="4h", team="network", **here,
                  description="Link between the hosting datacenter and the hospitals' network."),
        component("hostco-internet-gw", "network", "Internet gateway and firewall (hostco)",
                  depends_on=["hostco-core-net", "isp-uplink"], criticality="high",
                  restore="30m", rto="4h", team="network", **here),
    ]
    for host in hosts:
        items.append(component(host, "compute", f"Hypervisor host {host[-3:].upper()} (hostco)",
                               depends_on=["hostco-core-net"], criticality="high",
                               restore="2h", rto="4h", team="systems", **here))
    items += [
        component("hostco-cluster", "platform", "Virtualisation cluster (hostco)",
                  depends_on=[at_least(2, *hosts), needs("directory", when="start")],
                  criticality="high", restore="1h", rto="4h", team="systems",
                  owner=GROUP_IT, **here,
                  description="Needs 2 of its 3 hosts (capacity for every virtual machine), "
                              "and the directory to start (its management logs in with it)."),
        component("hostco-san", "storage", "SAN storage array (hostco)",
                  depends_on=["hostco-core-net"], criticality="high", restore="6h",
                  rto="8h", team="storage", owner=GROUP_IT, **here,
                  description="Consistency checks after a hard power loss take hours."),
    ]
    return items


def vm(id, type, name, cluster, storage, located_in, restore, team, **fields):
    """A virtual machine or service instance on a datacenter's cluster and storage."""
    return component(id, type, name, located_in=located_in,
                     depends_on=[cluster, storage, *fields.pop("depends_on", [])],
                     restore=restore, team=team, **fields)


def hostco_services():
    on_hostco = dict(cluster="hostco-cluster", storage="hostco-san", located_in="dc-hostco")
    return [
        vm("dc1", "compute", "Domain controller DC1 (hostco)", **on_hostco, restore="1h",
           team="systems", criticality="high", rto="4h"),
        vm("dc2", "compute", "Domain controller DC2 (hostco)", **on_hostco, restore="1h",
           team="systems", criticality="high", rto="4h"),
        vm("mail-1", "compute", "Mail server 1 (hostco)", **on_hostco, restore="2h",
           team="systems", criticality="high", rto="24h", data=["mailboxes"], rpo="4h"),
        vm("mail-2", "compute", "Mail server 2 (hostco)", **on_hostco, restore="2h",
           team="systems", criticality="high", rto="24h", data=["mailboxes"], rpo="4h",
           description="The 'redundant' mail server sits in the same datacenter as mail-1."),
        component("messaging", "application", "Messaging (e-mail and calendars)",
                  depends_on=[{**any_of("mail-1", "mail-2"), "switchover": "2h"}, "directory",
                              "hostco-wan-edge"],
                  criticality="high", restore="4h", rto="24h", team="apps", owner=GROUP_IT,
                  tags=["messaging"],
                  description="Two mail servers, one datacenter: illusory redundancy. Moving "
                              "the mailboxes to the other server is a manual failover of 2 "
                              "hours."),
        component("pstn-trunk", "network", "PSTN SIP trunks (Voxtel)", provider="telco",
                  criticality="high", restore="4h", rto="4h", team="telco-noc"),
        component("hostco-voice-gw", "network", "Voice gateway to the PSTN (hostco)",
                  located_in="dc-hostco", depends_on=["pstn-trunk", "hostco-core-net"],
                  criticality="high", restore="30m", rto="2h", team="telecom"),
        vm("call-publisher", "compute", "IP telephony call server, publisher (hostco)",
           **on_hostco, restore="2h", team="telecom", criticality="high", rto="2h"),
        vm("call-subscriber", "compute", "IP telephony call server, subscriber (hostco)",
           **on_hostco, restore="2h", team="telecom", criticality="high", rto="2h",
           description="Backup call server, in the same datacenter as the publisher."),
        component("telephony", "service", "IP telephony (call control)",
                  depends_on=[any_of("call-publisher", "call-subscriber"), "hostco-voice-gw",
                              "hostco-wan-edge"],
                  criticality="critical", restore="1h", rto="2h", team="telecom",
                  owner=GROUP_IT, tags=["telephony"],
                  description="Call control for every IP phone of the 38 hospitals."),
        vm("web-proxy", "compute", "Web proxy (hostco)", **on_hostco, restore="2h",
           team="network", criticality="high", rto="8h"),
        component("internet-access", "service", "Internet access for the group",
                  depends_on=["hostco-internet-gw", "web-proxy", "directory"],
                  criticality="high", restore="30m", rto="8h", team="network"),
    ]


def application(id, name, db_id, db_name, db_restore, restore, rto, site, **fields):
    """An application and its database, both on one datacenter's cluster and storage."""
    cluster, storage, core, edge = (f"{site}-{part}" for part in
                                    ("cluster", "san" if site == "hostco" else "storage",
                                     "core-net", "wan-edge"))
    where = f"dc-{site}"
    common = dict(criticality=fields.pop("criticality", "critical"), rto=rto,
                  tags=[site, *fields.pop("tags", [])])
    data, rpo = fields.pop("data", None), fields.pop("rpo", None)
    return [
        vm(db_id, "database", db_name, cluster, storage, where, db_restore, "dba",
           description="Consistency checks and log replay before reopening.", data=data,
           rpo=rpo, **common),
        vm(id, "application", name, cluster, storage, where, restore, "apps",
           depends_on=[db_id, "directory", core, edge], owner=GROUP_IT, **common, **fields),
    ]


def hostco_applications():
    return [
        *application("patient-record", "Patient record (DPI)", "patient-record-db",
                     "Patient record database", "1d", "1d", "8h", "hostco",
                     data=["patient-records"], rpo="15m",
                     description="The electronic patient record used in every ward."),
        *application("admissions", "Admissions and patient movements", "admissions-db",
                     "Admissions database", "1d", "2d", "4h", "hostco",
                     data=["admissions"], rpo="15m",
                     description="Patient identity, admissions, transfers and discharges."),
        *application("lab", "Laboratory information system", "lab-db",
                     "Laboratory database", "1d", "1d", "8h", "hostco", data=["lab-results"],
                     rpo="1h"),
    ]


# --- the group's own datacenter -------------------------------------------------------


def group_datacenter():
    where = ["group", "building-group-a"]
    fac = dict(team="group-facilities", owner=GROUP_IT, tags=where)
    here = dict(located_in="dc-group", tags=["group"])
    return [
        component("group-grid-feed", "power", "Utility feed of the group datacenter",
                  provider="grid", criticality="high", restore="2h", rto="4h",
                  team="grid-operator", tags=where),
        component("group-generator", "power", "Standby generator (group)", criticality="high",
                  restore="1h", rto="1h", **fac),
        component("group-ats", "power", "Automatic transfer switch (group)",
                  depends_on=[any_of("group-grid-feed", "group-generator")],
                  criticality="high", restore="30m", rto="1h", **fac),
        component("group-ups-a", "power", "UPS A (group)", depends_on=["group-ats"],
                  criticality="high", restore="30m", rto="1h", **fac),
        component("group-ups-b", "power", "UPS B (group)", depends_on=["group-ats"],
                  criticality="high", restore="30m", rto="1h", **fac),
        component("group-cooling", "cooling", "Cooling (group)", depends_on=["group-ats"],
                  criticality="high", restore="30m", rto="2h", **fac),
        component("dc-group", "datacenter", "Group datacenter (head office)",
                  depends_on=[any_of("group-ups-a", "group-ups-b"), "group-cooling"],
                  criticality="high", restore="30m", rto="4h", **fac,
                  description="The group's own, smaller datacenter: imaging, pharmacy, "
                              "payroll and the third domain controller."),
        component("group-core-net", "network", "Core network (group)", criticality="high",
                  restore="1h", rto="2h", team="network", **here),
        component("group-wan-edge", "network", "WAN edge router (group)",
                  depends_on=["group-core-net", "wan-core"], criticality="high",
                  restore="1h", rto="4h", team="network", **here),
        component("group-hv1", "compute", "Hypervisor host HV1 (group)",
                  depends_on=["group-core-net"], criticality="high", restore="2h", rto="4h",
                  team="systems", **here),
        component("group-hv2", "compute", "Hypervisor host HV2 (group)",
                  depends_on=["group-core-net"], criticality="high", restore="2h", rto="4h",
                  team="systems", **here),
        component("group-cluster", "platform", "Virtualisation cluster (group)",
                  depends_on=[any_of("group-hv1", "group-hv2")], criticality="high",
                  restore="1h", rto="4h", team="systems", **here),
        component("group-storage", "storage", "Storage array (group)",
                  depends_on=["group-core-net"], criticality="high", restore="4h", rto="8h",
                  team="storage", data=["admissions", "lab-results", "patient-records"],
                  rpo="1d",
                  **here, description="Holds the replicated copies of the hosted "
                                      "databases (san-replication)."),
        vm("dc3", "compute", "Domain controller DC3 (group)", "group-cluster",
           "group-storage", "dc-group", "1h", "systems", criticality="high", rto="4h",
           description="Keeps the directory up when the hosting datacenter is down."),
    ]


def group_applications():
    return [
        *application("pacs", "Imaging (PACS)", "pacs-db", "PACS database", "12h", "8h",
                     "8h", "group", tags=["imaging"], data=["images"], rpo="1d",
                     description="Radiology images and reports, hosted in the group's own "
                                 "datacenter."),
        *application("pharmacy", "Pharmacy and drug dispensing", "pharmacy-db",
                     "Pharmacy database", "12h", "4h", "8h", "group"),
        *application("payroll-app", "Payroll and HR", "payroll-db", "Payroll database",
                     "12h", "1d", "3d", "group", criticality="high"),
    ]


# --- shared services: WAN, directory, group-level business ----------------------------


def shared_services():
    return [
        component("wan-core", "network", "MPLS WAN core (Nordwave)", provider="carrier",
                  criticality="critical", restore="2h", rto="4h", team="carrier-noc",
                  description="The carrier's MPLS cloud between the hospitals and both "
                              "datacenters."),
        component("dc-interconnect", "network", "Datacenter interconnect (hostco - group)",
                  provider="carrier", depends_on=["hostco-core-net", "group-core-net"],
                  criticality="high", restore="1h", rto="8h", team="carrier-noc"),
        component("san-replication", "service", "Storage replication hostco to group",
                  depends_on=["dc-interconnect", "hostco-san", "group-storage"],
                  criticality="medium", restore="4h", team="storage",
                  description="Copies of the hosted data kept at the group datacenter."),
        component("directory", "service", "Directory (Active Directory, DNS)",
                  depends_on=[any_of("dc1", "dc2", "dc3")], criticality="critical",
                  restore="30m", rto="4h", team="systems", owner=GROUP_IT,
                  description="Any one of the three domain controllers keeps it working; "
                              "DC3 at the group datacenter survives the hosting provider."),
        component("payroll", "business", "Payroll (group)", depends_on=["payroll-app"],
                  criticality="high", restore="1h", rto="3d", mtpd="2w", team="hr",
                  continuity=plan("Manual payroll from the previous month's file",
                                  "PCA-RH-02", "Direction des ressources humaines",
                                  "paie@groupe-hospitalier.example", "1d", "2w"),
                  owner="Direction des ressources humaines", tags=["business", "group"]),
    ]


# --- the 38 hospitals -----------------------------------------------------------------


def hospital(number, town, name, region, beds):
    h = f"h{number:02d}"
    lan_wan = [f"{h}-lan", f"{h}-wan"]
    site_tags = [h, slugify(town), f"region-{region}"]
    local = dict(located_in=h, tags=[h])
    ops = f"{h}-ops"

    def business(suffix, title, needs, rto, criticality="critical", tags=()):
        mtpd, per_bed, procedure, document, activation, sustainable = CONTINUITY[suffix]
        return component(f"{h}-{suffix}", "business", f"{title} - {name}", located_in=h,
                         depends_on=[*needs, *lan_wan], criticality=criticality,
                         restore="30m", rto=rto, mtpd=mtpd, weight=max(1, beds // per_bed),
                         continuity=plan(procedure, f"{document}-{h.upper()}",
                                         f"{CONTINUITY_OWNERS[suffix]} - {name}",
                                         f"+33 2 98 {40 + number} {PHONE[suffix]}", activation,
                                         sustainable),
                         team=ops, owner=f"Direction - {name}",
                         tags=[h, f"region-{region}", "business", *tags])

    return [
        component(h, "site", name, restore="1w", team=f"{h}-facilities",
                  tags=site_tags, meta={"town": town, "beds": beds, "region": region}),
        component(f"{h}-grid-feed", "power", f"Utility feed - {name}", provider="grid",
                  criticality="high", restore="2h", rto="4h", team="grid-operator", **local),
        component(f"{h}-generator", "power", f"Standby generator - {name}",
                  criticality="high", restore="30m", rto="1h", team=f"{h}-facilities",
                  **local),
        component(f"{h}-power", "power", f"Main switchboard - {name}",
                  depends_on=[any_of(f"{h}-grid-feed", f"{h}-generator")],
                  criticality="high", restore="30m", rto="1h", team=f"{h}-facilities",
                  tags=[h, f"building-{h}-energy"], located_in=h),
        component(f"{h}-lan", "network", f"Local network - {name}",
                  depends_on=[f"{h}-power"], criticality="high", restore="1h", rto="2h",
                  team="network", **local),
        component(f"{h}-wan", "network", f"WAN link - {name}", provider="carrier",
                  depends_on=["wan-core", f"{h}-lan"], criticality="high", restore="2h",
                  rto="4h", team="carrier-noc", **local),
        component(f"{h}-voice", "network", f"IP phones and voice gateway - {name}",
                  depends_on=["telephony", *lan_wan], criticality="high", restore="30m",
                  rto="2h", team="telecom", **local),
        business("emergency", "Emergency admissions",
                 ["admissions", "patient-record", f"{h}-voice"], "4h", tags=["emergency"]),
        business("care", "Patient care", ["patient-record", "lab", "pacs", "pharmacy"], "8h"),
        business("telephony", "Telephony", [f"{h}-voice"], "2h"),
        business("messaging", "Messaging", ["messaging"], "24h", criticality="high"),
        business("imaging", "Radiology", ["pacs"], "8h", tags=["imaging"]),
    ]


def hospitals():
    items = []
    for number, (town, name, region, beds) in enumerate(HOSPITALS, start=1):
        items += hospital(number, town, name, region, beds)
    return items


# --- YAML text ------------------------------------------------------------------------

_PLAIN = re.compile(r"[a-z][a-z0-9_./-]*\Z")
_DURATION = re.compile(r"(?:\d+[wdhm])+\Z")
_RESERVED = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


def scalar(value):
    """A YAML scalar: plain for slugs and durations, double-quoted otherwise.

    JSON string syntax is a subset of YAML's double-quoted style, so ``json.dumps``
    quotes safely (Unicode kept as is).
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if (_PLAIN.match(value) and value not in _RESERVED) or _DURATION.match(value):
        return value
    return json.dumps(value, ensure_ascii=False)


def flow_list(values):
    return "[" + ", ".join(scalar(v) for v in values) + "]"


def mapping_lines(mapping, indent):
    """Lines of a block mapping; ``depends_on`` is a block list, other lists flow lists."""
    pad = " " * indent
    lines = []
    for key, value in mapping.items():
        if isinstance(value, dict):
            lines.append(f"{pad}{key}:")
            lines += mapping_lines(value, indent + 2)
        elif isinstance(value, list) and (key == "depends_on"
                                          or any(isinstance(v, dict) for v in value)):
            lines.append(f"{pad}{key}:")
            lines += sequence_lines(value, indent + 2)
        elif isinstance(value, list):
            lines.append(f"{pad}{key}: {flow_list(value)}")
        else:
            lines.append(f"{pad}{key}: {scalar(value)}")
    return lines


def sequence_lines(items, indent):
    pad = " " * indent
    lines = []
    for item in items:
        if isinstance(item, dict):
            inner = mapping_lines(item, indent + 2)
            lines.append(pad + "- " + inner[0].lstrip())
            lines += inner[1:]
        else:
            lines.append(f"{pad}- {scalar(item)}")
    return lines


HEADER = """\
# Generated by scripts/gen_hospital_group.py -- do not edit by hand; edit the script
# and run `python3 scripts/gen_hospital_group.py` to regenerate this file.
#
# A hospital group of 38 hospitals whose central IT is mostly hosted by an external
# provider (hostco), modelled on a real outage: a power failure at the provider took
# down messaging, business applications and telephony in every hospital. Power came
# back in 3 hours; Internet access, messaging, telephony and the datacenter links came
# back overnight; full service for all applications took until the following Monday.
#
# Try:
#   depgraph blast-radius inventories/hospital-group.yaml --fail provider:hostco,type:power
#   depgraph spof inventories/hospital-group.yaml
#   depgraph restore-plan inventories/hospital-group.yaml \\
#       --fail provider:hostco,type:power --repair 3h
#   depgraph timeline inventories/hospital-group.yaml --scenario hostco-power
#
# Time: the UPS carries the hosting datacenter for 15 minutes, its rooms stay cool for 20,
# the generator's tank lasts 48 hours; moving the mailboxes to the other mail server is a
# 2-hour manual failover; the virtualisation cluster needs the directory to start.
# Continuity: every business function has its MTPD, a weight (the patients it serves at a
# time, from the beds) and its degraded procedure (PCRA); every data holder its RPO.
# Deliberate weak points: hostco's two PDUs share one UPS and one transfer switch; both
# mail servers and both call servers sit in the hosting datacenter. Imaging (pacs),
# pharmacy and payroll live in the group's own datacenter (dc-group), and a third
# domain controller (dc3) there keeps the directory up.
"""


def sections():
    return [
        ("The hosting provider's datacenter and its power chain", hostco_power()),
        ("Network, virtualisation and storage at the hosting provider",
         hostco_infrastructure()),
        ("Directory, messaging, telephony and Internet at the hosting provider",
         hostco_services()),
        ("Business applications at the hosting provider", hostco_applications()),
        ("The group's own datacenter", group_datacenter()),
        ("Business applications at the group datacenter", group_applications()),
        ("WAN, directory and group-level business functions", shared_services()),
        ("The 38 hospitals", hospitals()),
    ]


def scenarios():
    """The scenarios told in time (``depgraph timeline --scenario ID``)."""
    return [
        {"id": "hostco-power", "name": "The hosting provider loses power",
         "description": "The day of the outage: the provider's power chain (transfer switch, "
                        "UPS, distribution, generator) is down for 3 hours. Power is back at "
                        "3 h, the network and messaging overnight, every application after "
                        "3 to 4 days.",
         "events": [{"at": "0m", "fail": "provider:hostco,type:power", "repair": "3h"}]},
        {"id": "grid-outage", "name": "The grid is out for three days and no fuel comes",
         "description": "The utility feed is cut for 3 days and the fuel trucks cannot come "
                        "for 2.5 days: the generator runs on its tank for 48 hours, the UPS "
                        "carries the room for 15 more minutes, then the datacenter stops.",
         "events": [{"at": "0m", "fail": "hostco-utility-feed", "repair": "3d"},
                    {"at": "0m", "fail": "hostco-fuel", "repair": "2d12h"}]},
    ]


def render(parts):
    top = {
        "name": "Hospital group (38 hospitals)",
        "version": "1",
        "description": (
            "A hospital group whose messaging, telephony and main business applications are "
            "hosted by an external provider. A power failure there took them down in all 38 "
            "hospitals; power was back in 3 h, network, Internet, messaging and telephony "
            "overnight, every application after 3 to 4 days."
        ),
    }
    lines = [HEADER.rstrip("\n"), ""]
    lines += mapping_lines(top, 0)
    lines += ["", "providers:"]
    lines += sequence_lines(providers(), 2)
    lines += ["", "components:"]
    for title, items in parts:
        lines += ["", f"  # --- {title} ---", ""]
        for index, item in enumerate(items):
            if index:
                lines.append("")
            lines += sequence_lines([item], 2)
    lines += ["", "scenarios:"]
    for index, item in enumerate(scenarios()):
        lines += [""] if index else []
        lines += sequence_lines([item], 2)
    return "\n".join(lines) + "\n"


def main():
    parts = sections()
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(render(parts), encoding="utf-8")
    count = sum(len(items) for _, items in parts)
    print(f"wrote {OUTPUT.relative_to(OUTPUT.parent.parent)}: {count} components")


if __name__ == "__main__":
    main()

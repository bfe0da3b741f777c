"""NetBox's places and devices as components: on the recorded demo estate, and on
small hand-made responses for the corner cases."""

from __future__ import annotations

import collections

import pytest

from depgraph.core.inventory import Draft, assemble
from depgraph.loaders.netbox.places import places, role_type
from depgraph.loaders.netbox.recorded import ENDPOINTS, read_recorded
from tests.loaders.netbox.test_recorded import RECORDED, needs_recorded


def inventory_of(found):
    return assemble([Draft("netbox", tuple((c, ()) for c in found.components.values()))])


@needs_recorded
def test_the_demo_estate_places_and_devices():
    found = places(read_recorded(RECORDED).objects)
    inventory = inventory_of(found)  # every located_in resolves
    counts = collections.Counter(c.type for c in inventory.components.values())
    # 24 sites + 4 locations + 42 racks (regions are meta); 72 devices but
    # the 19 patch panels: 13 routers, 13 access switches, 3 distribution, 2 core and
    # 8 ToR switches, 13 PDUs, 1 application server.
    assert counts == {"site": 70, "network": 39, "power": 13, "compute": 1}
    assert len(found.left_out) == 19
    assert all(why == "passive device (role patch-panel)" for _, why, _ in found.left_out)
    router = inventory["device/dmi01-akron-rtr01"]
    assert (router.type, router.located_in) == ("network", "rack/dm-akron/comms-closet")
    assert router.meta["source"] == {"system": "netbox", "type": "dcim.device", "id": 1,
                                     "url": "http://127.0.0.1:8765/dcim/devices/1/"}
    assert inventory["rack/dm-akron/comms-closet"].located_in == "site/dm-akron"
    assert inventory["site/dm-akron"].located_in is None
    assert inventory["site/dm-akron"].meta["region"] == ["north-america", "us", "us-oh"]
    assert inventory["device/dmi01-akron-pdu01"].type == "power"


def page(**objects):
    found = {endpoint: () for endpoint in ENDPOINTS}
    for key, items in objects.items():
        found[key.replace("__", "/").replace("_", "-")] = tuple(items)
    return found


def ref(ident, slug=None, name=None):
    return {"id": ident, "slug": slug or f"s{ident}", "name": name or f"n{ident}"}


SITE = {"id": 1, "slug": "hq", "name": "HQ", "region": None, "status": {"value": "active"}}


def device(ident, name, role, rack=None, site=SITE, **more):
    return {"id": ident, "name": name, "role": {"slug": role}, "site": site, "rack": rack,
            "location": None, "status": {"value": "active"}, **more}


def test_ids_of_unnamed_devices_and_of_names_at_two_sites():
    other = dict(SITE, id=2, slug="branch", name="Branch")
    found = places(page(dcim__sites=[SITE, other], dcim__devices=[
        device(7, None, "pdu"), device(8, "sw1", "access-switch"),
        device(9, "sw1", "access-switch", site=other), device(10, "Core Router", "router")]))
    assert sorted(found.components) == ["device/branch/sw1", "device/core-router",
                                        "device/hq/pdu-7", "device/hq/sw1", "site/branch",
                                        "site/hq"]
    assert found.components["device/core-router"].name == "Core Router"


def test_regions_are_kept_as_meta_outermost_first():
    regions = [{"id": 1, "slug": "eu", "name": "Europe", "parent": None, "_depth": 0},
               {"id": 2, "slug": "fr", "name": "France", "parent": {"id": 1, "slug": "eu"},
                "_depth": 1},
               {"id": 3, "slug": "asia", "name": "Asia", "parent": None, "_depth": 0}]
    site = dict(SITE, region={"id": 2, "slug": "fr"})
    found = places(page(dcim__regions=regions, dcim__sites=[site]))
    assert sorted(found.components) == ["site/hq"]
    assert found.components["site/hq"].located_in is None
    assert found.components["site/hq"].meta["region"] == ["eu", "fr"]


def test_locations_nest_and_hold_racks():
    locations = [{"id": 2, "slug": "room", "name": "Room", "site": SITE, "_depth": 1,
                  "parent": {"id": 1}},
                 {"id": 1, "slug": "floor", "name": "Floor", "site": SITE, "_depth": 0,
                  "parent": None}]
    rack = {"id": 5, "name": "Rack A/1", "site": SITE, "location": {"id": 2}}
    found = places(page(dcim__sites=[SITE], dcim__locations=locations, dcim__racks=[rack],
                        dcim__devices=[device(3, "srv", "application-server",
                                              rack={"id": 5})]))
    inventory = inventory_of(found)
    assert inventory["location/hq/room"].located_in == "location/hq/floor"
    assert inventory["rack/hq/rack-a-1"].located_in == "location/hq/room"
    assert inventory["device/srv"].located_in == "rack/hq/rack-a-1"


@pytest.mark.parametrize("role, expected", [
    ("router", "network"), ("core-switch", "network"), ("tor-switch", "network"),
    ("pdu", "power"), ("storage", "storage"), ("application-server", "compute"),
    ("database-server", "compute"), ("patch-panel", None), ("something-else", "compute")])
def test_roles_give_types(role, expected):
    assert role_type(role) == expected


def test_tenants_tags_status_and_custom_fields_are_kept():
    item = device(4, "fw", "firewall", tenant={"slug": "acme"},
                  tags=[{"slug": "pci"}, {"slug": "dmz"}], custom_fields={"asset": "A1",
                                                                          "none": None},
                  display_url="https://netbox.example/dcim/devices/4/")
    component = places(page(dcim__sites=[SITE], dcim__devices=[item])).components["device/fw"]
    assert component.tags == ("dmz", "pci")
    assert component.meta == {"source": {"system": "netbox", "type": "dcim.device", "id": 4,
                                         "url": "https://netbox.example/dcim/devices/4/"},
                              "tenant": "acme", "status": "active",
                              "custom_fields": {"asset": "A1"}}

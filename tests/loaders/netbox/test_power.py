"""NetBox's power chain as requirements: the demo estate's answers, and hand-made
cables for the corner cases."""

from __future__ import annotations

from depgraph import blast_radius
from depgraph.loaders.netbox.places import places
from depgraph.loaders.netbox.power import power_chain
from depgraph.loaders.netbox.recorded import read_recorded
from tests.loaders.netbox.test_places import SITE, device, inventory_of, page
from tests.loaders.netbox.test_recorded import RECORDED, needs_recorded


def imported(objects):
    found = places(objects)
    findings = power_chain(objects, found)
    return inventory_of(found), findings


@needs_recorded
def test_the_demo_estate_power_chain():
    inventory, findings = imported(read_recorded(RECORDED).objects)
    # A branch router's one supply is cabled to its site's only PDU.
    [needs] = inventory["device/dmi01-akron-rtr01"].depends_on
    assert (needs.kind, needs.members) == ("hard", ("device/dmi01-akron-pdu01",))
    # An MDF ToR switch has no cable: it needs any of the feeds that name its rack.
    [needs] = inventory["device/ncsu-065/tor-switch-98"].depends_on
    assert needs.kind == "any" and len(needs.members) == 2
    assert inventory["device/ncsu-065/tor-switch-98"].meta["power_inferred"] is True
    messages = [f.message for f in findings]
    assert sum("is not cabled" in m for m in messages) == 49  # 26 of the 75 ports are
    assert sum("inlet goes nowhere" in m for m in messages) == 13  # every branch PDU
    assert all(f.url.startswith("http://127.0.0.1:8765/") for f in findings)


@needs_recorded
def test_one_mdf_panel_fails_power_only_and_a_pair_fails_the_racks():
    inventory, _ = imported(read_recorded(RECORDED).objects)
    one = blast_radius(inventory, ["panel/ncsu-065/panel-1"])
    assert {inventory[i].type for i in one.failed} == {"power"}  # the redundant feeds hold
    assert one.degraded
    pair = blast_radius(inventory, ["panel/ncsu-065/panel-1", "panel/ncsu-065/panel-2"])
    assert "device/ncsu-065/tor-switch-98" in pair.failed


PANEL = {"id": 1, "name": "Panel A", "site": SITE, "location": None}


def feed(ident, name, rack=None):
    return {"id": ident, "name": name, "power_panel": {"id": 1}, "rack": rack,
            "status": {"value": "active"}, "type": {"value": "primary"}}


def port(ident, owner, to=None, kind=None):
    return {"id": ident, "name": f"PSU{ident}", "device": {"id": owner},
            "connected_endpoints": [{"id": to}] if to else None,
            "connected_endpoints_type": kind}


def test_two_supplies_need_any_of_their_upstreams_and_a_pdu_its_feed():
    rack = {"id": 5, "name": "R1", "site": SITE, "location": None}
    objects = page(dcim__sites=[SITE], dcim__racks=[rack], dcim__power_panels=[PANEL],
                   dcim__power_feeds=[feed(1, "A", {"id": 5}), feed(2, "B", {"id": 5})],
                   dcim__devices=[device(10, "pdu", "pdu", rack={"id": 5}),
                                  device(11, "srv", "application-server", rack={"id": 5})],
                   dcim__power_outlets=[{"id": 30, "device": {"id": 10}}],
                   dcim__power_ports=[port(1, 10, 1, "dcim.powerfeed"),
                                      port(2, 11, 30, "dcim.poweroutlet"),
                                      port(3, 11, 2, "dcim.powerfeed")])
    inventory, findings = imported(objects)
    [pdu] = inventory["device/pdu"].depends_on
    assert (pdu.kind, pdu.members) == ("hard", ("feed/hq/panel-a/a",))
    [srv] = inventory["device/srv"].depends_on
    assert (srv.kind, srv.members) == ("any", ("device/pdu", "feed/hq/panel-a/b"))
    [feed_a] = inventory["feed/hq/panel-a/a"].depends_on
    assert feed_a.members == ("panel/hq/panel-a",)
    assert findings == []


def test_what_cannot_be_resolved_is_reported():
    rack = {"id": 5, "name": "R1", "site": SITE, "location": None}
    objects = page(dcim__sites=[SITE], dcim__racks=[rack], dcim__power_panels=[PANEL],
                   dcim__power_feeds=[feed(1, "A", {"id": 5}), feed(2, "loose"),
                                      dict(feed(3, "orphan"), power_panel={"id": 99})],
                   dcim__devices=[device(10, "pdu", "pdu"),
                                  device(11, "srv", "application-server", rack={"id": 5})],
                   dcim__power_ports=[port(1, 10), port(2, 11)])
    inventory, findings = imported(objects)
    messages = sorted(f.message for f in findings)
    assert messages == [
        "PDU device/pdu: its inlet goes nowhere",
        "device/srv needs any of the feeds that name its rack (feed/hq/panel-a/a): "
        "inferred, no cable says so",
        "power feed 'loose' feeds no rack",
        "power feed 'orphan' is on no imported panel: left out",
        "power port 'PSU1' of device/pdu is not cabled",
        "power port 'PSU2' of device/srv is not cabled",
        "rack rack/hq/r1 has one power feed"]
    [srv] = inventory["device/srv"].depends_on
    assert (srv.kind, srv.members) == ("hard", ("feed/hq/panel-a/a",))

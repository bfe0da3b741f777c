"""The live NetBox answers as the recorded responses say it did."""

from __future__ import annotations

import json
import urllib.request

from tests.scram import DATASETS

RECORDED = DATASETS / "netbox-api-4.2"


def get(netbox, path: str) -> dict:
    request = urllib.request.Request(f"{netbox.url}/api/{path}",
                                     headers={"Authorization": f"Token {netbox.token}",
                                              "Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.load(answer)


def test_the_live_netbox_holds_the_recorded_demo_estate(netbox):
    for endpoint in ("dcim/sites", "dcim/racks", "dcim/devices", "dcim/power-feeds",
                     "dcim/power-ports", "dcim/cables", "circuits/circuits",
                     "virtualization/virtual-machines"):
        recorded = json.loads((RECORDED / f"{endpoint.replace('/', '__')}.json").read_text())
        live = get(netbox, f"{endpoint}/?limit=1000")
        assert live["count"] == recorded["count"], endpoint
        assert sorted(o["id"] for o in live["results"]) == \
            sorted(o["id"] for o in recorded["results"]), endpoint
    assert get(netbox, "status/")["netbox-version"].startswith("4.2.9")

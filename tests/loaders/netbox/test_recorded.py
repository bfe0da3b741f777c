"""Reading saved NetBox responses: the recorded demo estate, and every way a saved
directory can be broken."""

from __future__ import annotations

import json
import shutil

import pytest

from depgraph.core.problems import InventoryError
from depgraph.loaders.netbox.recorded import ENDPOINTS, file_name, read_recorded
from tests.scram import DATASETS

RECORDED = DATASETS / "netbox-api-4.2"
needs_recorded = pytest.mark.skipif(not RECORDED.is_dir(),
                                    reason="shared/datasets is not beside this checkout")


@needs_recorded
def test_the_recorded_demo_estate_is_read_whole():
    found = read_recorded(RECORDED)
    assert found.version == "4.2.9"
    counts = {endpoint: len(objects) for endpoint, objects in found.objects.items()}
    # The dataset's README: 24 sites, 4 locations, 42 racks, 72 devices, 4 power panels,
    # 48 power feeds, 75 power ports, 104 power outlets, 108 cables...
    assert counts == {"dcim/regions": 67, "dcim/sites": 24, "dcim/locations": 4,
                      "dcim/racks": 42, "dcim/device-roles": 9, "dcim/devices": 72,
                      "dcim/power-panels": 4, "dcim/power-feeds": 48, "dcim/power-ports": 75,
                      "dcim/power-outlets": 104, "dcim/cables": 108, "circuits/providers": 9,
                      "circuits/circuits": 29, "circuits/circuit-terminations": 45,
                      "virtualization/clusters": 32, "virtualization/virtual-machines": 180,
                      "tenancy/tenants": 11}


def minimal(directory, version="4.2.9", **pages):
    """A saved directory: every endpoint empty unless given."""
    directory.mkdir(exist_ok=True)
    (directory / "status.json").write_text(json.dumps({"netbox-version": version}))
    for endpoint in ENDPOINTS:
        results = pages.get(endpoint.replace("/", "_").replace("-", "_"), [])
        (directory / file_name(endpoint)).write_text(
            json.dumps({"count": len(results), "next": None, "results": results}))
    return directory


def problems(directory) -> list[str]:
    with pytest.raises(InventoryError) as raised:
        read_recorded(directory)
    return [str(p) for p in raised.value.problems]


def test_pages_are_followed(tmp_path):
    directory = minimal(tmp_path / "saved")
    (directory / file_name("dcim/sites")).write_text(json.dumps(
        {"count": 3, "next": "http://x/api/dcim/sites/?offset=2", "results": [{"id": 1},
                                                                             {"id": 2}]}))
    (directory / file_name("dcim/sites", 2)).write_text(json.dumps(
        {"count": 3, "next": None, "results": [{"id": 3}]}))
    assert [s["id"] for s in read_recorded(directory).objects["dcim/sites"]] == [1, 2, 3]


def test_a_missing_page_is_named(tmp_path):
    directory = minimal(tmp_path / "saved")
    (directory / file_name("dcim/sites")).write_text(json.dumps(
        {"count": 3, "next": "http://x/next", "results": [{"id": 1}]}))
    [said] = problems(directory)
    assert said.startswith(f"{directory / 'dcim__sites.page2.json'}: error: missing")


def test_a_missing_file_is_named(tmp_path):
    directory = minimal(tmp_path / "saved")
    (directory / "dcim__racks.json").unlink()
    [said] = problems(directory)
    assert said == (f"{directory / 'dcim__racks.json'}: error: missing from the saved "
                    "responses; save the responses again with --save")


def test_a_truncated_file_is_located(tmp_path):
    directory = minimal(tmp_path / "saved", dcim_devices=[{"id": 1, "name": "r1"}])
    path = directory / "dcim__devices.json"
    path.write_text(path.read_text()[:25])
    [said] = problems(directory)
    assert said.startswith(f"{path}:1:") and "not JSON" in said and "truncated" in said


def test_an_html_page_is_not_json(tmp_path):
    directory = minimal(tmp_path / "saved")
    (directory / "dcim__sites.json").write_text("<html><body>Login</body></html>\n")
    [said] = problems(directory)
    assert "dcim__sites.json:1:1: error: not JSON" in said


def test_json_that_is_not_a_page(tmp_path):
    directory = minimal(tmp_path / "saved")
    (directory / "dcim__sites.json").write_text('{"detail": "Invalid token."}')
    [said] = problems(directory)
    assert "not a page of NetBox's REST API" in said


def test_a_netbox_older_than_4_is_refused(tmp_path):
    [said] = problems(minimal(tmp_path / "saved", version="3.7.8"))
    assert "NetBox 3.7.8 is older than 4.0" in said


def test_not_a_directory(tmp_path):
    [said] = problems(tmp_path / "nonesuch")
    assert "no such directory" in said


@needs_recorded
def test_every_problem_of_a_damaged_copy_at_once(tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(RECORDED, copy)
    (copy / "dcim__cables.json").unlink()
    (copy / "dcim__interfaces.page2.json").unlink()  # not read by the import yet
    racks = copy / "dcim__racks.json"
    racks.write_text(racks.read_text()[:1000])
    said = problems(copy)
    assert len(said) == 2 and "dcim__cables.json" in said[0] + said[1]

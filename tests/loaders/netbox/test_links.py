"""Circuits, clusters and virtual machines; the whole import of the demo estate."""

from __future__ import annotations

from depgraph import blast_radius
from depgraph.loaders.netbox.importer import import_netbox
from depgraph.loaders.netbox.recorded import read_recorded
from tests.helpers import run
from tests.loaders.netbox.test_recorded import RECORDED, needs_recorded


@needs_recorded
def test_a_branch_router_needs_its_pdu_and_any_of_its_two_circuits():
    inventory = import_netbox(read_recorded(RECORDED)).inventory
    power, links = inventory["device/dmi01-akron-rtr01"].depends_on
    assert power.members == ("device/dmi01-akron-pdu01",)
    assert (links.kind, links.members) == ("any", ("circuit/centurylink/1002840283",
                                                   "circuit/level-3/kkdg4923"))
    assert inventory["circuit/level-3/kkdg4923"].provider == "level-3"


@needs_recorded
def test_the_mpls_providers_loss_degrades_the_branch_routers():
    inventory = import_netbox(read_recorded(RECORDED)).inventory
    result = blast_radius(inventory, "provider:level-3")
    assert {inventory[i].type for i in result.failed} == {"network"}
    assert len(result.failed) == 13  # its circuits; every router keeps its internet
    assert all(i.startswith("device/") for i in result.degraded)


@needs_recorded
def test_clusters_without_hosts_and_their_vms_are_reported():
    found = import_netbox(read_recorded(RECORDED))
    assert sum("has no host device" in f.message for f in found.findings) == 32
    vm = found.inventory["vm/do-ams3/vm1"]
    assert [r.members for r in vm.depends_on] == [("cluster/do-ams3",)]


@needs_recorded
def test_import_netbox_from_a_saved_directory_writes_a_valid_inventory(tmp_path):
    out = tmp_path / "netbox.yaml"
    result = run("import", "netbox", "--from", RECORDED, "-o", out)
    assert result.exit_code == 0, result.output
    assert "imported 416 components, 9 providers" in result.stderr
    assert "warning: power port 'PSU0' of device/" in result.stderr
    assert run("validate", out).exit_code == 0
    again = tmp_path / "again.yaml"
    run("import", "netbox", "--from", RECORDED, "-o", again)
    assert again.read_bytes() == out.read_bytes()  # deterministic


def test_a_damaged_saved_directory_writes_nothing(tmp_path):
    out = tmp_path / "netbox.yaml"
    (tmp_path / "saved").mkdir()
    result = run("import", "netbox", "--from", tmp_path / "saved", "-o", out)
    assert result.exit_code == 2
    assert "status.json: error: missing from the saved responses" in result.stderr
    assert not out.exists()


def test_save_goes_with_a_live_netbox_only(tmp_path):
    (tmp_path / "saved").mkdir()
    result = run("import", "netbox", "--from", tmp_path / "saved", "--save", tmp_path / "copy")
    assert result.exit_code == 2
    assert "--save records what a live NetBox answered" in result.stderr
    assert not (tmp_path / "copy").exists()

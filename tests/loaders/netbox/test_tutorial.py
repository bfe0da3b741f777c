"""The NetBox tutorial's answers (docs/tutorials/netbox.md), from its own files."""

from __future__ import annotations

import shutil

from depgraph import blast_radius, load_inventory, single_points_of_failure
from tests.helpers import ROOT, run
from tests.loaders.netbox.test_recorded import RECORDED, needs_recorded

BRANCHES = ROOT / "docs" / "tutorials" / "netbox" / "branches.yaml"


@needs_recorded
def test_the_tutorial_answers(tmp_path):
    estate = tmp_path / "estate"
    estate.mkdir()
    result = run("import", "netbox", "--from", RECORDED, "-o", estate / "netbox.yaml")
    assert result.stderr.endswith(
        "imported 416 components, 9 providers; 124 findings, 19 devices left out\n")
    shutil.copy(BRANCHES, estate)
    assert run("validate", estate).stdout.endswith(
        "valid: 429 components, 9 providers, 313 warnings\n")
    inventory = load_inventory(estate)
    spofs = single_points_of_failure(inventory).spofs
    components = sorted(s.id for s in spofs if s.kind == "component")
    assert len(spofs) == 65 and len(components) == 39
    assert {c.rsplit("-", 1)[1] for c in components} == {"rtr01", "sw01", "pdu01"}
    one = blast_radius(inventory, ["panel/ncsu-065/panel-1"])
    assert (len(one.failed), len(one.degraded)) == (17, 11)
    pair = blast_radius(inventory, ["panel/ncsu-065/panel-1", "panel/ncsu-065/panel-2"])
    assert len(pair.failed) == 45
    mpls = blast_radius(inventory, "provider:level-3")
    assert (len(mpls.failed), len(mpls.degraded)) == (13, 13)
    assert inventory["device/dmi01-akron-rtr01"].team == "network"

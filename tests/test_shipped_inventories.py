"""The shipped examples: valid, up to date with their generator, and telling the story."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from depgraph import blast_radius, load_inventory, select

ROOT = Path(__file__).resolve().parent.parent
INVENTORIES = sorted((ROOT / "inventories").glob("*.yaml"))


@pytest.fixture(scope="module")
def hospital():
    return load_inventory(ROOT / "inventories" / "hospital-group.yaml")


@pytest.mark.parametrize("path", INVENTORIES, ids=lambda p: p.name)
def test_every_shipped_inventory_loads(path):
    assert len(load_inventory(path)) > 10


def test_hospital_group_is_what_its_generator_writes():
    spec = importlib.util.spec_from_file_location("gen", ROOT / "scripts" / "gen_hospital_group.py")
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    assert generator.render(generator.sections()) == \
        (ROOT / "inventories" / "hospital-group.yaml").read_text(encoding="utf-8")


def test_hosting_provider_power_loss_is_the_incident(hospital):
    result = blast_radius(hospital, select(hospital, "provider:hostco,type:power"))
    failed = set(result.failed)
    assert "hostco-utility-feed" not in result.initial, "the feed belongs to the grid"
    for number in range(1, 39):
        h = f"h{number:02d}"
        assert {f"{h}-emergency", f"{h}-care", f"{h}-telephony", f"{h}-messaging"} <= failed
        assert f"{h}-imaging" not in failed
        assert f"{h}-lan" not in failed
    assert {"messaging", "telephony", "patient-record", "admissions", "lab"} <= failed
    assert not {"pacs", "pharmacy", "payroll-app", "payroll"} & failed
    assert result.degraded == ("directory",)
    assert result.explanations["h01-telephony"][-1].component in result.initial


def test_hospital_group_has_restore_times_and_teams_everywhere(hospital):
    for component in hospital.components.values():
        assert component.team, component.id
        if component.criticality == "critical":
            assert component.rto, component.id


def test_webshop_zone_loss_breaks_the_database_quorum():
    shop = load_inventory(ROOT / "inventories" / "webshop.yaml")
    result = blast_radius(shop, ["zone-a"])
    assert "checkout" in result.failed and "browse-catalog" not in result.failed
    db_step = result.explanations["db-cluster"][0]
    assert db_step.requirement.kind == "at_least" and db_step.left == ("db-2",)


def test_webshop_single_points_of_failure():
    from depgraph.analysis.spof import single_points_of_failure

    report = single_points_of_failure(load_inventory(ROOT / "inventories" / "webshop.yaml"))
    assert [(s.kind, s.id) for s in report.spofs] == [
        ("provider", "cloudy"), ("location", "zone-a"), ("component", "lb"),
        ("provider", "dnsco"), ("provider", "payco"), ("component", "db-cluster"),
        ("component", "order-queue"), ("component", "dns"), ("component", "storefront"),
        ("component", "payments")]
    assert "zone-b" not in {s.id for s in report.spofs}, "one web server and a db node remain"


def test_what_can_take_down_admissions(hospital):
    from depgraph.analysis.spof import single_points_of_failure

    report = single_points_of_failure(hospital, ["admissions"])
    assert {(s.kind, s.id) for s in report.spofs} == {
        ("component", "admissions-db"), ("component", "directory"), ("component", "hostco-ats"),
        ("component", "hostco-cluster"), ("component", "hostco-cooling"),
        ("component", "hostco-core-net"), ("component", "hostco-san"),
        ("component", "hostco-ups"), ("component", "hostco-wan-edge"),
        ("component", "wan-core"), ("location", "dc-hostco"), ("provider", "carrier"),
        ("provider", "hostco")}
    ups = next(s for s in report.spofs if s.id == "hostco-ups")
    assert report.why(ups).startswith(
        "dc-hostco needs 1 of 2 of [hostco-pdu-a, hostco-pdu-b], but hostco-ups takes down 2")
    # The directory has three domain controllers, one of them in the group's datacenter:
    # none of them alone is a single point of failure.
    assert not {"dc1", "dc2", "dc3"} & {s.id for s in report.spofs}

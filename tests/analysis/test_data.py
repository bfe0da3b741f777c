"""Single points of data loss against a brute-force oracle that destroys each component
and each provider in turn (with what is inside, at any depth) and looks at every dataset;
the lint rules on datasets and on start-only requirements."""

from __future__ import annotations

import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st

from depgraph import load_inventory
from depgraph.analysis.data import data_points, data_report
from depgraph.analysis.lint import lint
from depgraph.core.inventory import Draft, assemble
from depgraph.core.model import Component, Requirement
from tests.helpers import CAMPUS, HOSPITAL
from tests.strategies import build, inventory_specs

DATASETS = ["orders", "mail", "images"]


@st.composite
def estates_with_data(draw):
    inventory = build(draw(inventory_specs(max_size=9)))
    components = []
    for component in inventory.components.values():
        data = tuple(sorted(draw(st.sets(st.sampled_from(DATASETS), max_size=2))))
        components.append((dataclasses.replace(component, data=data), ()))
    return assemble([Draft("random.yaml", tuple(components), tuple(
        inventory.providers.values()))])


def destroyed_by(inventory, kind, ident) -> set[str]:
    gone = ({i for i, c in inventory.components.items() if c.provider == ident}
            if kind == "provider" else {ident})
    changed = True
    while changed:
        changed = False
        for i, c in inventory.components.items():
            if i not in gone and c.located_in in gone:
                gone.add(i)
                changed = True
    return gone


def oracle(inventory) -> dict[tuple[str, str], tuple[set[str], int]]:
    holders: dict[str, set[str]] = {}
    for i, c in inventory.components.items():
        for name in c.data:
            holders.setdefault(name, set()).add(i)
    containers = {c.located_in for c in inventory.components.values() if c.located_in}
    found = {}
    candidates = [("provider", p) for p in inventory.providers] + \
        [("location" if i in containers else "component", i) for i in inventory.components]
    for kind, ident in candidates:
        gone = destroyed_by(inventory, kind, ident)
        lost = {name for name, held in holders.items() if held <= gone}
        if lost:
            found[(kind, ident)] = (lost, len(gone))
    return found


@settings(max_examples=300, deadline=None)
@given(estates_with_data())
def test_data_points_are_what_destroying_each_one_loses(inventory):
    got = {(p.kind, p.id): (set(p.loses), p.destroys) for p in data_points(inventory)}
    assert got == oracle(inventory)
    points = data_points(inventory)
    assert [(-len(p.loses), p.destroys) for p in points] == sorted(
        (-len(p.loses), p.destroys) for p in points)


def test_the_campus_fire_loses_what_its_campus_holds():
    report = data_report(load_inventory(CAMPUS))
    assert [(p.kind, p.id, p.loses) for p in report.points] == [
        ("location", "campus-site", ("mailboxes", "shop-orders")),
        ("provider", "campus", ("mailboxes", "shop-orders")),
        ("location", "hall-2", ("mailboxes",))]
    assert report.at_risk == ("mailboxes", "shop-orders")  # crm-records has an off-site copy
    assert report.why(report.points[2]) == \
        "every copy of mailboxes (mail-primary, mail-replica) is in hall-2"


def warnings_of(inventory, rule):
    return [w.message for w in lint(inventory) if w.rule == rule]


def test_lint_names_the_one_place_of_every_copy_and_the_single_copies():
    hospital = load_inventory(HOSPITAL)
    assert warnings_of(hospital, "data-one-place") == [
        "every copy of dataset 'mailboxes' (mail-1, mail-2) is in dc-hostco: destroying it "
        "loses the data (so does destroying provider hostco)"]
    assert warnings_of(hospital, "data-single-copy") == [
        "dataset 'images' has a single copy, on pacs-db"]
    campus = load_inventory(CAMPUS)
    assert [m.split(":")[0] for m in warnings_of(campus, "data-one-place")] == [  # file order
        "every copy of dataset 'shop-orders' (shop-backup, shop-server-1, shop-server-2) is "
        "in campus-site",
        "every copy of dataset 'mailboxes' (mail-primary, mail-replica) is in hall-2"]


def estate(*components):
    return assemble([Draft("loop.yaml", tuple((c, ()) for c in components))])


def test_a_start_requirement_a_cold_start_cannot_meet_is_a_warning():
    start = Requirement("hard", ("directory",), start=True)
    vault = Component("vault", "platform", depends_on=(Requirement("hard", ("power",)), start))
    directory = Component("directory", "service", depends_on=(Requirement("hard", ("vault",)),))
    power = Component("power", "power")
    assert warnings_of(estate(power, vault, directory), "start-deadlock") == [
        "vault needs directory to start, which cannot come back after a total loss without "
        "vault, directly or not"]
    # a second directory server that needs no vault breaks the loop
    spare = Component("directory", "service", depends_on=(
        Requirement("any", ("vault", "power")),))
    assert warnings_of(estate(power, vault, spare), "start-deadlock") == []
    # the hospital's cluster needs the directory to start, and the directory has a
    # domain controller in the other datacenter: a cold start gets through
    assert warnings_of(load_inventory(HOSPITAL), "start-deadlock") == []

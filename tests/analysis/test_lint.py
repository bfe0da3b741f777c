"""Lint rules, one example each, their places, and switching them off."""

from __future__ import annotations

import re
import textwrap

import pytest

from depgraph import InventoryError, load_inventory
from depgraph.analysis.lint import RULES, lint
from tests.helpers import HOSPITAL, WEBSHOP, run

FRAGILE = """\
    providers:
      - id: hostco
      - id: nobody
    components:
      - id: ups
        type: power
      - id: pdu-a
        type: power
        depends_on: [ups]
      - id: pdu-b
        type: power
        depends_on: [ups]
      - id: dc
        type: datacenter
        depends_on:
          - any: [pdu-a, pdu-b]
      - id: switch
        type: network
      - id: dns
        type: service
        depends_on: [directory]
      - id: directory
        type: service
        depends_on: [dns]
      - id: hosted
        type: compute
        provider: hostco
"""


@pytest.fixture
def fragile(tmp_path):
    path = tmp_path / "fragile.yaml"
    path.write_text(textwrap.dedent(FRAGILE), encoding="utf-8")
    return path


def test_each_rule_fires_at_its_place(fragile):
    found = {(p.rule, p.span.line, p.span.column, p.message) for p in lint(load_inventory(fragile))}
    assert found == {
        ("unused-provider", 3, 5, "provider nobody operates no component"),
        ("shared-cause", 16, 9, "illusory redundancy: dc needs any of [pdu-a, pdu-b], "
                                "but ups alone takes them all down"),
        ("single-power-path", 13, 5, "datacenter dc has a single power path: "
                                     "ups alone takes it down"),
        ("unpowered", 17, 5, "network switch has no path to any power component"),
        ("cycle", 22, 5, "dependency cycle of 2 components: directory, dns"),
    }


def test_every_warning_is_a_warning_with_a_known_rule(fragile):
    for problem in lint(load_inventory(fragile)):
        assert problem.severity == "warning" and problem.rule in RULES
        assert str(problem).endswith(f"[{problem.rule}]")


def test_rules_switch_off_on_the_command_line_and_in_the_inventory(fragile):
    inventory = load_inventory(fragile)
    assert {p.rule for p in lint(inventory, ["cycle", "unpowered"])} == \
        {"unused-provider", "shared-cause", "single-power-path"}
    fragile.write_text(textwrap.dedent(FRAGILE) + "lint:\n  disable: [cycle, shared-cause]\n",
                       encoding="utf-8")
    assert {p.rule for p in lint(load_inventory(fragile))} == \
        {"unused-provider", "single-power-path", "unpowered"}


def test_an_unknown_rule_in_the_inventory_is_an_error(fragile):
    fragile.write_text(textwrap.dedent(FRAGILE) + "lint:\n  disable: [cycles]\n",
                       encoding="utf-8")
    with pytest.raises(InventoryError) as caught:
        load_inventory(fragile)
    [problem] = caught.value.problems
    assert (problem.span.line, problem.span.column) == (29, 13)
    assert problem.message == "unknown lint rule 'cycles'" and problem.hint == "did you mean 'cycle'?"


def test_strict_and_disable_on_the_command_line(fragile):
    assert run("validate", fragile).exit_code == 0
    assert run("validate", "--strict", fragile).exit_code == 1
    quiet = [arg for rule in RULES for arg in ("--disable", rule)]
    assert run("validate", "--strict", *quiet, fragile).exit_code == 0
    unknown = run("validate", "--disable", "cycles", fragile)
    assert unknown.exit_code == 2 and "unknown lint rule 'cycles'; did you mean 'cycle'?" in \
        unknown.stderr


def test_a_building_that_holds_both_feeds_and_the_component_is_not_illusory():
    # Each hospital's power needs any of a grid feed and a generator, all three inside
    # the hospital: losing the site takes down the power anyway, so nothing is illusory.
    flagged = {p.context for p in lint(load_inventory(HOSPITAL)) if p.rule == "shared-cause"}
    assert not any("power" in owner and owner.startswith("component 'h") for owner in flagged)
    assert "component 'dc-hostco'" in flagged and "component 'messaging'" in flagged


def test_the_webshop_quorum_is_flagged():
    [warning] = lint(load_inventory(WEBSHOP))
    assert warning.rule == "shared-cause" and "zone-a alone" in warning.message


def test_the_cycle_warning_says_whether_a_cold_start_gets_through_it():
    from tests.strategies import build

    def cycle_hint(dns_needs):
        inventory = build({"name": "t", "providers": [], "components": [
            {"id": "power", "type": "power"},
            {"id": "root-hints", "type": "service", "depends_on": ["power"]},
            {"id": "dns", "type": "service", "depends_on": ["power", dns_needs]},
            {"id": "ad", "type": "service", "depends_on": ["power", "dns"]}]})
        [warning] = [p for p in lint(inventory) if p.rule == "cycle"]
        return warning.hint

    assert cycle_hint("ad").startswith("a cold start cannot get through it: bring ad up by hand")
    assert cycle_hint({"any": ["ad", "root-hints"]}) == \
        "legal: a cold start gets through it (a redundancy group bypasses it)"


def test_a_cycle_through_located_in_and_depends_on_is_a_warning_a_containment_cycle_an_error():
    from tests.strategies import build

    def inventory(room: dict):
        return build({"name": "t", "providers": [], "components": [
            {"id": "room", "type": "site", **room},
            {"id": "rack", "type": "site", "located_in": "room"}]})

    [warning] = lint(inventory({"depends_on": ["rack"]}))  # the rack cools the room: legal
    assert warning.rule == "cycle" and warning.message == \
        "dependency cycle of 2 components: rack, room"
    with pytest.raises(InventoryError) as refused:  # each in the other: no place at all
        inventory({"located_in": "rack"})
    [problem] = refused.value.problems
    assert (problem.message, problem.context, problem.hint) == (
        "containment cycle: rack is located in room, which is located in rack",
        "component 'rack' > located_in",
        "a component cannot contain itself, even through others")  # no position to name


def test_bidi_control_flags_free_text_that_reads_other_than_it_is(tmp_path):
    """Trojan Source: a bidirectional control in any free text of the inventory."""
    path = tmp_path / "bidi.yaml"
    path.write_text(textwrap.dedent('''\
        name: "Estate \\u202e"
        providers:
          - id: p
            name: "P \\u2066x"
        components:
          - id: a
            type: compute
            provider: p
            tags: [ok, "t\\u200f"]
          - id: b
            type: compute
            provider: p
            meta: {k: [1, {"x\\u202a": 2}]}
            name: Hôpital 東京 مستشفى 🚑
          - id: c
            type: compute
            provider: p
            description: "ok"
            owner: "o\\u061c"
        '''), encoding="utf-8")
    found = {(p.rule, p.span.line, p.context, p.message.split()[0])
             for p in lint(load_inventory(path), ["unpowered"])}
    assert found == {("bidi-control", 1, "the inventory", "'name'"),
                     ("bidi-control", 3, "provider 'p'", "'name'"),
                     ("bidi-control", 6, "component 'a'", "'tags'"),
                     ("bidi-control", 10, "component 'b'", "'meta'"),
                     ("bidi-control", 15, "component 'c'", "'owner'")}
    shown = "\n".join(map(str, lint(load_inventory(path))))
    assert "'name' holds the bidirectional control U+2066, which reorders the text" in shown
    assert not re.search("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]", shown)

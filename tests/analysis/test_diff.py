"""`depgraph diff`: the SPOF comparison (against brute force), its formats and its CLI."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import depgraph
from depgraph.analysis.diff import SpofDiff, diff_spofs
from depgraph.analysis.spof import default_targets, single_points_of_failure
from depgraph.formats import get_format
from tests.helpers import WEBSHOP, run
from tests.strategies import build, inventory_specs, oracle_failed, shuffled

SHOP = WEBSHOP.read_text(encoding="utf-8")


# -- the core, against brute force ---------------------------------------------------

def _identities(spofs) -> set[tuple[bool, str]]:
    return {(s.kind == "provider", s.id) for s in spofs}


def brute_spofs(spec: dict[str, Any]) -> dict[tuple[bool, str], frozenset[str]]:
    """Every single failure, one propagation each: (is provider, id) -> targets killed."""
    targets = set(default_targets(build(spec)))
    ids = [c["id"] for c in spec["components"]]
    failures = {(False, x): {x} for x in ids}
    for provider in spec["providers"]:
        failures[(True, provider["id"])] = {c["id"] for c in spec["components"]
                                            if c.get("provider") == provider["id"]}
    found = {}
    for key, initial in failures.items():
        killed = oracle_failed(spec, initial) & targets
        if not key[0]:
            killed -= initial  # a component's kills never list itself
        if killed:
            found[key] = frozenset(killed)
    return found


@st.composite
def edited_specs(draw, spec: dict[str, Any]) -> dict[str, Any]:
    """``spec`` with one component's requirements, place or criticality redrawn."""
    components = [dict(c) for c in spec["components"]]
    chosen = components[draw(st.integers(0, len(components) - 1))]
    others = [c["id"] for c in components if c["id"] != chosen["id"]]
    for key in ("depends_on", "located_in"):
        chosen.pop(key, None)
    inside = {chosen["id"]}  # what it contains, at any depth, cannot be its place
    while more := {c["id"] for c in components if c.get("located_in") in inside} - inside:
        inside |= more
    places = [ident for ident in others if ident not in inside]
    if places and draw(st.booleans()):
        chosen["located_in"] = draw(st.sampled_from(places))
    if others and draw(st.booleans()):
        chosen["depends_on"] = [draw(st.sampled_from(others))]
    chosen["criticality"] = draw(st.sampled_from(["critical", "medium"]))
    return {**spec, "components": components}


@given(inventory_specs())
def test_an_inventory_against_itself_changes_nothing(spec):
    result = diff_spofs(build(spec), build(spec))
    assert result.is_empty and not result.worsens
    assert result.targets_added == result.targets_removed == ()
    assert [s.key for s in result.old.spofs] == [s.key for s in result.new.spofs]


def _check_against_brute_force(old_spec, new_spec) -> None:
    result = diff_spofs(build(old_spec), build(new_spec))
    before, after = brute_spofs(old_spec), brute_spofs(new_spec)
    assert _identities(result.introduced) == set(after) - set(before)
    assert _identities(result.removed) == set(before) - set(after)
    assert {(c.new.kind == "provider", c.new.id): (set(c.kills_added), set(c.kills_removed))
            for c in result.changed} == {
        key: (after[key] - before[key], before[key] - after[key])
        for key in set(before) & set(after) if before[key] != after[key]}
    at_risk_before = set().union(*before.values())
    at_risk_after = set().union(*after.values())
    assert set(result.newly_at_risk) == at_risk_after - at_risk_before
    assert set(result.no_longer_at_risk) == at_risk_before - at_risk_after
    widened = {key for key in set(before) & set(after) if after[key] - before[key]}
    assert result.worsens == bool(set(after) - set(before) or widened
                                  or at_risk_after - at_risk_before)
    # and the same as two independent SPOF analyses
    old, new = (single_points_of_failure(build(s)) for s in (old_spec, new_spec))
    assert _identities(result.introduced) == _identities(new.spofs) - _identities(old.spofs)
    assert _identities(result.removed) == _identities(old.spofs) - _identities(new.spofs)


@given(inventory_specs(), inventory_specs())
def test_two_inventories_against_brute_force(old_spec, new_spec):
    _check_against_brute_force(old_spec, new_spec)


@given(inventory_specs().flatmap(lambda spec: st.tuples(st.just(spec), edited_specs(spec))))
def test_an_edit_against_brute_force(specs):
    _check_against_brute_force(*specs)


@given(inventory_specs(), inventory_specs())
def test_every_format_renders_any_diff(old_spec, new_spec):
    result = diff_spofs(build(old_spec), build(new_spec))
    for name in ("text", "json", "markdown"):
        text = get_format(name).diff(result)
        assert text.endswith("\n")
    data = json.loads(get_format("json").diff(result))
    assert [s["id"] for s in data["introduced"]] == [s.id for s in result.introduced]


@given(inventory_specs(), inventory_specs(), st.integers(0, 2**16))
def test_the_order_of_entries_does_not_change_the_output(old_spec, new_spec, seed):
    result = diff_spofs(build(old_spec), build(new_spec))
    shuffled_result = diff_spofs(build(shuffled(old_spec, seed)), build(shuffled(new_spec, seed)))
    for name in ("text", "json", "markdown"):
        assert get_format(name).diff(shuffled_result) == get_format(name).diff(result)


# -- the web shop, edited ------------------------------------------------------------

def _edit(old: str, new: str, text: str = SHOP) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


DB3_IN_ZONE_B = _edit("    located_in: zone-a    # should have been a third zone",
                      "    located_in: zone-b")
DB3_IN_ZONE_C = _edit("  # A regional service", "  - id: zone-c\n    type: datacenter\n"
                      "    provider: cloudy\n\n  # A regional service",
                      _edit("    located_in: zone-a    # should have been a third zone",
                            "    located_in: zone-c"))
FRAUD_CHECK = _edit("      - order-queue\n    criticality: critical",
                    "      - order-queue\n      - fraud-check\n    criticality: critical",
                    _edit("  # --- Business functions", "  - id: fraud-check\n"
                          "    type: service\n\n  # --- Business functions"))
BROWSE_CRITICAL = _edit("    criticality: high\n    restore: 15m\n    rto: 4h",
                        "    criticality: critical\n    restore: 15m\n    rto: 4h")
LOGS_IN_LB = _edit("  - id: dns\n", "  - id: lb-logs\n    type: storage\n    located_in: lb\n\n"
                   "  - id: dns\n")


@pytest.fixture
def shop_diff(tmp_path):
    """The diff from the shipped web shop to NEW_TEXT, written to a file and loaded."""
    def compare(new_text: str, targets=None) -> SpofDiff:
        (tmp_path / "new.yaml").write_text(new_text, encoding="utf-8")
        return diff_spofs(depgraph.load_inventory(WEBSHOP),
                          depgraph.load_inventory(tmp_path / "new.yaml"), targets)
    return compare


def _summary(result: SpofDiff) -> dict[str, Any]:
    return {
        "introduced": [(s.kind, s.id, s.kills) for s in result.introduced],
        "removed": [(s.kind, s.id, s.kills) for s in result.removed],
        "changed": [(c.new.kind, c.new.id, c.kills_added, c.kills_removed)
                    for c in result.changed],
        "newly_at_risk": result.newly_at_risk,
        "no_longer_at_risk": result.no_longer_at_risk,
        "targets": (result.targets_added, result.targets_removed),
    }


def test_moving_db3_to_zone_b_moves_the_quorum_weakness_to_zone_b(shop_diff):
    # zone-a no longer holds two of the three nodes, but zone-b now does: the same
    # illusion, mirrored. Nothing else changes; the gate fires for zone-b.
    result = shop_diff(DB3_IN_ZONE_B)
    assert _summary(result) == {
        "introduced": [("location", "zone-b", ("checkout", "db-cluster"))],
        "removed": [("location", "zone-a", ("checkout", "db-cluster"))],
        "changed": [], "newly_at_risk": (), "no_longer_at_risk": (), "targets": ((), ())}
    assert result.worsens
    why = result.whys()[("component", "zone-b")]
    assert why.startswith("db-cluster needs 2 of 3 of [db-1, db-2, db-3], but zone-b takes "
                          "down 2 (db-2 located in zone-b, db-3 located in zone-b)")


def test_moving_db3_to_a_third_zone_only_removes_zone_a(shop_diff):
    result = shop_diff(DB3_IN_ZONE_C)
    assert _summary(result) == {
        "introduced": [], "removed": [("location", "zone-a", ("checkout", "db-cluster"))],
        "changed": [], "newly_at_risk": (), "no_longer_at_risk": (), "targets": ((), ())}
    assert not result.worsens


def test_a_new_hard_dependency_of_checkout_is_a_new_spof(shop_diff):
    result = shop_diff(FRAUD_CHECK)
    assert _summary(result) == {
        "introduced": [("component", "fraud-check", ("checkout",))],
        "removed": [], "changed": [], "newly_at_risk": (), "no_longer_at_risk": (),
        "targets": ((), ())}
    assert result.new.spofs[-1].blast_radius == 2  # fraud-check and checkout
    assert result.whys()[("component", "fraud-check")] == (
        "no redundancy on the way: checkout fails: needs fraud-check, which failed initially")


def test_a_new_critical_target_is_newly_at_risk(shop_diff):
    result = shop_diff(BROWSE_CRITICAL)
    summary = _summary(result)
    assert summary["introduced"] == [("component", "cache", ("browse-catalog",)),
                                     ("component", "images", ("browse-catalog",))]
    assert summary["changed"] == [(kind, ident, ("browse-catalog",), ()) for kind, ident in [
        ("provider", "cloudy"), ("component", "lb"), ("provider", "dnsco"),
        ("component", "dns"), ("component", "storefront")]]
    assert summary["newly_at_risk"] == ("browse-catalog",)
    assert summary["targets"] == (("browse-catalog",), ())
    # a changed point is explained for the target it now also kills
    assert result.whys()[("component", "lb")].startswith(
        "no redundancy on the way: browse-catalog fails")


def test_a_component_that_becomes_a_location_is_the_same_point(shop_diff):
    result = shop_diff(LOGS_IN_LB)
    assert ("component", "lb") in {s.key for s in result.new.spofs}
    assert "lb" in {s.id for s in result.new.spofs if s.kind == "location"}
    assert ("component", "lb") in {s.key for s in result.old.spofs}
    assert result.is_empty


def test_targets_apply_to_both_sides(shop_diff):
    result = shop_diff(BROWSE_CRITICAL, ["type:business"])
    assert result.old.targets == result.new.targets == (
        "browse-catalog", "checkout", "order-fulfilment")
    assert result.is_empty


def test_a_target_missing_on_one_side_is_an_error(shop_diff):
    with pytest.raises(depgraph.SelectorError, match=r"^old inventory \(.*webshop.yaml\): "
                                                     r"selector 'fraud-check'"):
        shop_diff(FRAUD_CHECK, ["fraud-check"])


def test_the_public_api():
    assert depgraph.diff_spofs is diff_spofs and depgraph.SpofDiff is SpofDiff
    assert {"diff_spofs", "SpofDiff", "ChangedPoint"} <= set(depgraph.__all__)


# -- the command line ----------------------------------------------------------------

@pytest.fixture
def sides(tmp_path):
    """Write OLD (the shipped web shop) and a NEW text; return their paths."""
    def write(new_text: str, old_text: str = SHOP) -> tuple[str, str]:
        (tmp_path / "old.yaml").write_text(old_text, encoding="utf-8")
        (tmp_path / "new.yaml").write_text(new_text, encoding="utf-8")
        return str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml")
    return write


def test_cli_exit_0_without_fail_on_new(sides):
    result = run("diff", *sides(FRAUD_CHECK))
    assert result.exit_code == 0, result.output
    assert "This change adds 1 single point of failure." in result.stdout
    assert "+ component fraud-check: kills 1 target, 2 fail in all" in result.stdout
    assert result.stderr == ""


def test_cli_exit_1_with_fail_on_new_when_a_spof_is_introduced(sides):
    result = run("diff", *sides(FRAUD_CHECK), "--fail-on-new")
    assert result.exit_code == 1, result.output
    assert "fraud-check" in result.stdout


def test_cli_exit_1_with_fail_on_new_when_a_target_is_newly_at_risk(sides):
    result = run("diff", *sides(BROWSE_CRITICAL), "--fail-on-new", "-f", "json")
    assert result.exit_code == 1, result.output
    assert json.loads(result.stdout)["newly_at_risk"][0]["id"] == "browse-catalog"


def test_cli_exit_0_with_fail_on_new_when_only_removed(sides):
    result = run("diff", *sides(DB3_IN_ZONE_C), "--fail-on-new")
    assert result.exit_code == 0, result.output
    assert "No new single point of failure" in result.stdout
    assert "- location zone-a: killed 2 targets" in result.stdout
    # and the other way round, the same change adds zone-a back: exit 1
    old, new = sides(DB3_IN_ZONE_C)
    assert run("diff", new, old, "--fail-on-new").exit_code == 1


def test_cli_markdown_has_the_verdict_and_a_table(sides):
    result = run("diff", *sides(DB3_IN_ZONE_B), "--format", "markdown")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "**This change adds 1 single point of failure.** It removes 1 single point of " \
           "failure." in lines
    assert "## Introduced (1)" in lines and "## Removed (1)" in lines
    assert "| kind | single point | kills | fail in all | why |" in lines
    assert any(line.startswith("| location | `zone-b` | checkout, db-cluster | 9 | "
                               "db-cluster needs 2 of 3 of \\[db-1") for line in lines)
    assert result.stderr.startswith("1 single point of failure introduced, 1 removed")


def test_cli_markdown_without_change(sides):
    result = run("diff", *sides(SHOP), "-f", "markdown", "--fail-on-new")
    assert result.exit_code == 0, result.output
    assert "**No new single point of failure, and no target newly at risk.**" in result.stdout
    assert "## Introduced" not in result.stdout


def test_cli_json_has_stable_keys(sides):
    result = run("diff", *sides(FRAUD_CHECK), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"old", "new", "introduced", "removed", "changed", "newly_at_risk",
                         "no_longer_at_risk", "targets", "summary"}
    assert data["introduced"] == [{
        "kind": "component", "id": "fraud-check", "kills": ["checkout"], "blast_radius": 2,
        "weight": 1, "why": "no redundancy on the way: checkout fails: needs fraud-check, which failed "
               "initially"}]
    assert data["summary"] == {
        "verdict": "This change adds 1 single point of failure.", "worsens": True,
        "introduced": 1, "removed": 0, "changed": 0, "newly_at_risk": 0,
        "no_longer_at_risk": 0}
    assert data["new"]["spofs"] == data["old"]["spofs"] + 1


def test_cli_json_changed_points(sides):
    data = json.loads(run("diff", *sides(BROWSE_CRITICAL), "-f", "json").stdout)
    lb = next(c for c in data["changed"] if c["id"] == "lb")
    assert lb["kills_added"] == ["browse-catalog"] and lb["kills_removed"] == []
    assert lb["old_kills"] == ["checkout", "storefront"]
    assert data["newly_at_risk"][0]["new_target"] is True
    assert {"kind": "component", "id": "images"} in data["newly_at_risk"][0]["killers"]


def test_cli_output_is_deterministic_and_written_to_a_file(sides, tmp_path):
    paths = sides(BROWSE_CRITICAL)
    report = tmp_path / "diff.md"
    result = run("diff", *paths, "-f", "markdown", "-o", report)
    assert result.exit_code == 0 and result.stdout == ""
    assert "1 target newly at risk" in result.stderr
    again = run("diff", *paths, "-f", "markdown")
    assert report.read_text(encoding="utf-8") == again.stdout


def test_cli_directories_as_old_and_new(tmp_path):
    old, new = tmp_path / "base" / "inventories", tmp_path / "inventories"
    old.mkdir(parents=True)
    new.mkdir()
    (old / "webshop.yaml").write_text(SHOP, encoding="utf-8")
    # NEW is split in two files: the shop, and the new fraud check it needs
    (new / "webshop.yaml").write_text(_edit("  - id: fraud-check\n    type: service\n\n", "",
                                            FRAUD_CHECK), encoding="utf-8")
    (new / "fraud.yaml").write_text("components:\n  - id: fraud-check\n    type: service\n",
                                    encoding="utf-8")
    result = run("diff", old, new, "--format", "markdown", "--fail-on-new")
    assert result.exit_code == 1, result.output
    assert "| component | `fraud-check` | checkout | 2 |" in result.stdout


TYPO = _edit("    type: service\n    provider: dnsco", "    type: servce\n    provider: dnsco")


def test_cli_an_invalid_side_is_exit_2_naming_its_file(sides):
    old, new = sides(TYPO)
    result = run("diff", old, new, "--fail-on-new")
    assert result.exit_code == 2, result.output
    assert result.stdout == "" and "Traceback" not in result.output
    assert f"{new}:" in result.stderr and "servce" in result.stderr
    assert f"{old}:" not in result.stderr


def test_cli_both_sides_invalid_lists_both(sides):
    old, new = sides(TYPO, old_text=_edit("  - id: lb\n", "  - id: lb\n    colour: red\n"))
    result = run("diff", old, new)
    assert result.exit_code == 2, result.output
    assert f"{old}:" in result.stderr and f"{new}:" in result.stderr
    assert "2 errors" in result.stderr


def test_cli_a_target_matching_nothing_on_one_side_is_exit_2(sides):
    old, new = sides(FRAUD_CHECK)
    result = run("diff", old, new, "--target", "fraud-check")
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert f"old inventory ({old}): selector 'fraud-check'" in result.stderr
    assert run("diff", old, new, "--target", "type:business").exit_code == 0


def test_cli_help_shows_the_ci_recipe():
    result = run("diff", "--help")
    assert result.exit_code == 0
    assert "git worktree add ../base origin/main" in result.stdout
    assert "depgraph diff ../base/inventories inventories --format markdown --fail-on-new" \
        in result.stdout


def test_a_point_that_kills_more_targets_makes_the_change_worse(tmp_path):
    """Moving web-b into zone-a leaves the same SPOFs but zone-a now kills the
    storefront too: --fail-on-new must fail."""
    text = WEBSHOP.read_text(encoding="utf-8")
    moved = tmp_path / "new.yaml"
    old = text[text.index("  - id: web-b"):]
    block = old[:old.index("\n  - id:", 1)]
    moved.write_text(text.replace(block, block.replace("located_in: zone-b", "located_in: zone-a")),
                     encoding="utf-8")
    result = run("diff", WEBSHOP, moved, "--fail-on-new")
    assert result.exit_code == 1, result.output
    assert "kill more targets" in result.stdout

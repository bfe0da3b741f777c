"""Open-PSA MEF interop: importing fault trees, exporting a target's fault tree.

SCRAM is the oracle. Its own trees (``../shared/datasets/scram``) must import
where they are coherent, and its validation cases must be refused exactly where
SCRAM refuses them. Exported trees go through ``scram``, whose minimal cut sets
of order 1 must be depgraph's single points of failure of the target (plus the
target's own basic event). Tests that need the datasets or ``scram`` skip,
saying why, when those are missing.
"""

from __future__ import annotations

import itertools
import re
import subprocess
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from depgraph import blast_radius, load_inventory
from depgraph.analysis.spof import single_points_of_failure
from depgraph.cli.main import cli
from depgraph.cli.commands.openpsa import export_group, import_group
from depgraph.core.problems import InventoryError
from depgraph.formats.openpsa import export_open_psa
from depgraph.loaders.openpsa import read_open_psa
from depgraph.loaders.xml_source import parse_xml
from tests.helpers import HOSPITAL, TESTS, WEBSHOP, error_lines
from tests.scram import DATASETS, SCRAM, cut_sets, needs_scram

FIXTURES = TESTS / "openpsa"
SCRAM_DATA = DATASETS / "scram"
INPUT, FTA = SCRAM_DATA / "input", SCRAM_DATA / "tests" / "input" / "fta"
needs_data = pytest.mark.skipif(not SCRAM_DATA.is_dir(),
                                reason="shared/datasets/scram is not beside this checkout")
_MEF_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*")


def run(*args: object):
    """``depgraph ARGS`` in-process, with the import and export groups wired in."""
    root = cli
    if "import" not in cli.commands:  # until the main command adds them
        root = click.Group("depgraph", commands={**cli.commands, "import": import_group,
                                                 "export": export_group},
                           params=cli.params, callback=cli.callback)
    return CliRunner().invoke(root, [str(a) for a in args])


def spof_components(inventory, target: str) -> set[str]:
    report = single_points_of_failure(inventory, [target])
    return {s.id for s in report.spofs if s.kind in ("component", "location")}


def depgraph_ids(xml: str) -> dict[str, str]:
    """Exported basic event name -> the depgraph id it stands for."""
    root = ET.fromstring(xml)
    return {event.get("name"): event.find("attributes/attribute").get("value")
            for event in root.iter("define-basic-event")}


# -- import: semantics, on fixtures written for these tests ------------------------

def test_or_and_atleast_become_hard_any_and_quorum():
    result = read_open_psa([FIXTURES / "power.xml"], house_events=True)
    inventory = result.inventory
    assert result.top_events == ("NoPower",)
    assert inventory["NoPower"].criticality == "critical"
    assert inventory["NoPower"].description == "No power in the operating room"
    assert [r.describe() for r in inventory["NoPower"].depends_on] == [
        "needs NoSupply", "needs UpsDown"]                      # or: every input needed
    assert [r.describe() for r in inventory["NoSupply"].depends_on] == [
        "any of [MainsLost, BackupDown]"]                      # and: any one is enough
    assert [r.describe() for r in inventory["UpsDown"].depends_on] == [
        "2 of [Battery1, Battery2, Battery3]"]                 # atleast 2 of 3: 3-2+1
    assert {c.type for c in inventory.components.values() if c.depends_on} == {"service"}
    assert inventory["Battery1"].type == "compute" and not inventory["Battery1"].depends_on


def test_the_yaml_round_trips_through_validate_and_is_deterministic(tmp_path):
    out = tmp_path / "power.yaml"
    result = run("import", "open-psa", FIXTURES / "power.xml", "-o", out)
    assert result.exit_code == 0, result.output
    assert "imported 10 components, 1 top event" in result.stderr
    assert run("validate", out).exit_code == 0
    assert load_inventory(out).components == read_open_psa([FIXTURES / "power.xml"], house_events=True) \
        .inventory.components
    again = run("import", "open-psa", FIXTURES / "power.xml")
    assert again.stdout == out.read_text(encoding="utf-8")


def test_a_tree_and_its_basic_events_in_separate_files(tmp_path):
    split = sorted((FIXTURES / "split").glob("cooling*.xml"))
    forward = run("import", "open-psa", *split)
    backward = run("import", "open-psa", *reversed(split))
    assert forward.exit_code == 0 and forward.stdout == backward.stdout
    alone = run("import", "open-psa", FIXTURES / "split" / "cooling.xml")
    assert alone.exit_code == 2
    assert "cooling.xml:9:11: error: undefined basic-event 'ChillerA' in 'Cooling'" \
        in alone.stderr


def test_names_resolve_as_mef_scopes_them():
    inventory = read_open_psa([FIXTURES / "scoping.xml"], house_events=True).inventory
    # Inside the private component, Motor is its own; outside, the public one.
    assert [r.members for r in inventory["Plant.Spare.Pump"].depends_on] == [
        ("Plant.Spare.Motor",), ("Feed",)]
    assert [r.members for r in inventory["Pump"].depends_on] == [("Motor",), ("Seal",)]
    assert inventory["Top"].depends_on[0].members == ("Pump", "Plant.Spare.Pump")
    assert {s.id for s in single_points_of_failure(inventory, ["Top"]).spofs
            if inventory[s.id].type == "compute"} == {"Seal"}


def test_house_events_are_constants_substituted_as_scram_does():
    result = read_open_psa([FIXTURES / "house.xml"], house_events=True)
    inventory = result.inventory
    assert "SpareTrain" not in inventory  # always failed: maintenance is on
    # atleast 2 of [A, B, spare]: with the spare down, one more failure is enough
    assert [r.describe() for r in inventory["Top"].depends_on] == [
        "needs TrainA", "needs TrainB"]
    assert [r.describe() for r in inventory["TrainA"].depends_on] == ["needs PumpA"]
    notes = "\n".join(map(str, result.notes))
    assert "house.xml:23:5: note: house event 'Maintenance' taken as true" in notes
    assert "house event 'TestLine' taken as false" in notes


def test_house_events_are_refused_unless_asked_for():
    with pytest.raises(InventoryError) as error:
        read_open_psa([FIXTURES / "house.xml"])
    assert [(p.span.line, p.span.column, p.message) for p in error.value.problems] == [
        (23, 5, "house event 'Maintenance' is not supported: an inventory has no constant "
                "true or false"),
        (24, 5, "house event 'TestLine' is not supported: an inventory has no constant "
                "true or false")]
    result = run("import", "open-psa", FIXTURES / "house.xml")
    assert result.exit_code == 2 and "--house-events" in result.stderr


def test_a_top_event_that_house_events_make_certain_is_refused(tmp_path):
    (tmp_path / "certain.xml").write_text(
        '<opsa-mef><define-fault-tree name="t">\n'
        '  <define-gate name="top"><or><basic-event name="a"/><house-event name="on"/></or>'
        '</define-gate>\n'
        '  <define-basic-event name="a"/><define-house-event name="on">'
        '<constant value="true"/></define-house-event>\n'
        '</define-fault-tree></opsa-mef>\n')
    with pytest.raises(InventoryError) as error:
        read_open_psa([tmp_path / "certain.xml"], house_events=True)
    assert str(error.value.problems[0]).startswith(
        f"{tmp_path / 'certain.xml'}:2:3: error: top event 'top' is always true")


def test_nested_formulas_become_groups_or_components_of_their_own():
    inventory = read_open_psa([FIXTURES / "nested.xml"], house_events=True).inventory
    assert [r.describe() for r in inventory["Top"].depends_on] == [
        "needs a", "any of [b, c]", "2 of [d, e, f]", "needs g", "needs h",
        "any of [Top/1, Top/2]"]
    assert [r.describe() for r in inventory["Top/1"].depends_on] == ["needs b", "needs d"]
    assert [r.describe() for r in inventory["Top/2"].depends_on] == ["2 of [e, g, h]"]


def test_names_that_are_not_depgraph_ids_are_sanitized_with_a_note():
    result = run("import", "open-psa", FIXTURES / "unicode.xml")
    assert result.exit_code == 0
    assert "- id: R_u00e9seau\n  name: Réseau\n" in result.stdout
    assert "unicode.xml:5:5: note: 'Réseau' is not a valid depgraph id: imported as " \
           "'R_u00e9seau'" in result.stderr


@pytest.mark.parametrize("connective", ["not", "xor", "nand", "nor", "iff", "imply"])
def test_non_coherent_connectives_are_refused_where_they_are(connective):
    path = FIXTURES / "noncoherent.xml"
    lines = path.read_text().splitlines()
    line = next(i for i, text in enumerate(lines, 1) if f"<{connective}>" in text)
    column = lines[line - 1].index(f"<{connective}>") + 1
    result = run("import", "open-psa", path)
    assert result.exit_code == 2
    assert any(e.startswith(f"{path}:{line}:{column}: error: '{connective}' is not coherent")
               for e in error_lines(result.stderr)), result.stderr


def test_every_problem_scram_would_find_is_reported_at_once():
    result = run("import", "open-psa", FIXTURES / "broken.xml")
    assert result.exit_code == 2 and result.stdout == ""
    found = [e.split(": error: ")[0].rsplit(":", 2)[1:] + [e.split(": error: ")[1]]
             for e in error_lines(result.stderr)]
    assert [(int(line), text.split(";")[0]) for line, _, text in found] == [
        (6, "undefined basic-event 'Missing' in 'Broken'"),
        (8, "cycle of gates: Loop1 -> Loop2 -> Loop1"),
        (10, "atleast min=2 needs more than 2 arguments, has 2 (gate 'Vote')"),
        (11, "duplicate argument 'a' (gate 'Twice')"),
        (12, "redefinition of event 'a' as a gate"),
        (15, "redefinition of event 'b' as a basic-event")]


def test_a_document_type_declaration_is_refused_at_once():
    start = time.perf_counter()
    result = run("import", "open-psa", FIXTURES / "billion-laughs.xml")
    assert time.perf_counter() - start < 2
    assert result.exit_code == 2
    assert "billion-laughs.xml:2:1: error: a document type declaration (<!DOCTYPE) is not " \
           "allowed" in result.stderr


def test_xinclude_is_not_followed_but_satisfied_by_naming_the_file():
    include = FIXTURES / "split" / "include.xml"
    alone = run("import", "open-psa", include)
    assert alone.exit_code == 2 and "XInclude is not followed" in alone.stderr
    named = run("import", "open-psa", *sorted((FIXTURES / "split").glob("*.xml")))
    assert named.exit_code == 0 and "XInclude of 'cooling.xml': read as named" in named.stderr


def test_malformed_xml_and_other_documents_are_located_errors(tmp_path):
    (tmp_path / "cut.xml").write_text("<opsa-mef>\n  <define-fault-tree name='t'>\n")
    (tmp_path / "other.xml").write_text("<scram/>")
    (tmp_path / "nothing.xml").write_text("<opsa-mef/>")
    for name, expected in (("cut.xml", "cut.xml:3:1: error: not well-formed XML"),
                           ("other.xml", "other.xml:1:1: error: expected an <opsa-mef>"),
                           ("nothing.xml", "nothing.xml: error: no gate and no basic event")):
        result = run("import", "open-psa", tmp_path / name)
        assert result.exit_code == 2 and expected in result.stderr, result.stderr


# -- import: SCRAM's own trees ------------------------------------------------------

NAMED_TREES = {  # tree: (files, components, top events)
    "Theatre": (["Theatre/theatre.xml"], 5, ("Theatre",)),
    "TwoTrain": (["TwoTrain/two_train.xml"], 7, ("TopEvent",)),
    "Lift": (["Lift/lift.xml"], 27, ("LiftDoor",)),
    "ThreeMotor": (["ThreeMotor/three_motor.xml"], 27, ("E1",)),
    "BSCU": (["BSCU/BSCU.xml"], 15, ("LossOfBrakingCommands",)),
    "HIPPS": (["HIPPS/HIPPS.xml"], 14, ("top",)),
    "ne574": (["ne574/ne574.xml"], 12, ("System",)),
    "Chinese": (["Chinese/chinese.xml", "Chinese/chinese-basic-events.xml"], 61, ("r1",)),
    "Baobab1": (["Baobab/baobab1.xml", "Baobab/baobab1-basic-events.xml"], 145, ("r1",)),
    "Baobab2": (["Baobab/baobab2.xml", "Baobab/baobab2-basic-events.xml"], 72, ("r1",)),
    "SmallTree": (["SmallTree/SmallTree.xml"], 7, ("top",)),
    "ThreeLevels": (["ThreeLevels/top.xml"], 5, ("Top",)),
    "200_event": (["Autogenerated/200_event.xml"], 316, ("TopEvent",)),
    "TransTest": (["TransTest/trans_one.xml", "TransTest/trans_two.xml",
                   "TransTest/trans_model_data.xml"], 5, ("TransOne",)),
    "gas_leak_reactive": (["EventTrees/gas_leak/gas_leak_reactive.xml"], 13,
                          ("Blowdown-valve.root", "Isolation-valve-A.root",
                           "Isolation-valve-B.root")),
}
NON_COHERENT_ARALIA = ("cea9601", "das9601", "das9701")
ARALIA = sorted(p.stem for p in (INPUT / "Aralia").glob("*.xml")) if INPUT.is_dir() else []
TREES = {name: files for name, (files, _, _) in NAMED_TREES.items()} | {
    f"Aralia/{name}": [f"Aralia/{name}.xml"] for name in ARALIA
    if name not in NON_COHERENT_ARALIA}


@needs_data
@pytest.mark.parametrize("tree", sorted(TREES))
def test_coherent_trees_import_and_validate(tree, tmp_path):
    out = tmp_path / "tree.yaml"
    result = run("import", "open-psa", "--house-events", *(INPUT / f for f in TREES[tree]), "-o", out)
    assert result.exit_code == 0, result.output
    validated = run("validate", out)
    assert validated.exit_code == 0, validated.output
    inventory = load_inventory(out)
    tops = tuple(sorted(i for i, c in inventory.components.items()
                        if c.criticality == "critical"))
    if tree in NAMED_TREES:
        assert (len(inventory), tops) == NAMED_TREES[tree][1:]
    else:
        assert tops == ("r1",)


@needs_data
@pytest.mark.parametrize("files", [[f"Aralia/{n}.xml"] for n in NON_COHERENT_ARALIA] +
                         [["CEA9601/CEA9601.xml", "CEA9601/CEA9601-basic-events.xml"]])
def test_non_coherent_trees_are_refused_with_their_places(files):
    result = run("import", "open-psa", "--house-events", *(INPUT / f for f in files))
    assert result.exit_code == 2 and result.stdout == ""
    refused = [e for e in error_lines(result.stderr) if "is not coherent" in e]
    assert refused
    for error in refused:  # each names the file, line and column of the connective
        where, _, message = error.partition(": error: ")
        file, line, column = where.rsplit(":", 2)
        tag = message.split("'")[1]
        text = Path(file).read_text().splitlines()[int(line) - 1]
        assert text[int(column) - 1:].startswith(f"<{tag}"), error


@needs_data
def test_a_tree_without_its_basic_events_is_refused_as_scram_refuses_it():
    result = run("import", "open-psa", INPUT / "Baobab" / "baobab1.xml")
    assert result.exit_code == 2
    assert f"{INPUT / 'Baobab' / 'baobab1.xml'}:16:" in result.stderr  # SCRAM: line 16
    assert "undefined event 'e1' in 'r1'" in result.stderr


#: SCRAM's verdict on its validation cases: None (accepted) or (line, what we say there).
FTA_CASES = {
    "atleast_gate.xml": (8, "atleast min=2 needs more than 2 arguments"),
    "case_sensitivity.xml": None,
    "correct_tree_input.xml": None,
    "cyclic_formula.xml": (None, "cycle of gates: TrainOne -> TrainTwo -> TrainOne"),
    "cyclic_tree.xml": (None, "cycle of gates: TrainOne -> TrainTwo -> TrainOne"),
    "def_clash_basic_gate.xml": (13, "redefinition of event 'TrainOne' as a gate"),
    "def_clash_gate_primary.xml": (8, "redefinition of event 'ValveOne' as a gate"),
    "doubly_defined_basic.xml": (28, "redefinition of event 'ValveOne' as a basic-event"),
    "doubly_defined_gate.xml": (25, "redefinition of event 'TrainTwo' as a gate"),
    "missing_gate_definition.xml": (10, "undefined gate 'TrainTwo' in 'TwoTrains'"),
    "non_top_gate.xml": None,
    "orphan_primary_event.xml": None,
    "repeated_child.xml": (7, "duplicate argument 'ValveOne'"),
    "two_top_events.xml": None,
    "two_trees.xml": None,
    "undefined_basic_event.xml": (12, "undefined basic-event 'UndefinedBasic'"),
    "undefined_event.xml": (15, "undefined event 'ValveOne' in 'TwoTrains'"),
    "undefined_gate.xml": (8, "undefined gate 'UndefinedGate' in 'TwoTrains'"),
    "unordered_structure.xml": None,
    "very_long_mcs.xml": None,
}


@needs_data
def test_every_validation_case_is_in_the_table():
    assert sorted(p.name for p in FTA.glob("*.xml")) == sorted(FTA_CASES)


@needs_data
@pytest.mark.parametrize("case", sorted(FTA_CASES))
def test_validation_cases_are_refused_exactly_where_scram_refuses(case):
    result = run("import", "open-psa", "--house-events", FTA / case)
    expected = FTA_CASES[case]
    if expected is None:
        assert result.exit_code == 0, result.output
        return
    line, text = expected
    assert result.exit_code == 2
    where = f"{FTA / case}:{line}:" if line else f"{FTA / case}:"
    assert any(e.startswith(where) and text in e for e in error_lines(result.stderr)), \
        result.stderr


@needs_data
@needs_scram
@pytest.mark.parametrize("case", sorted(FTA_CASES))
def test_the_table_is_scrams_own_verdict(case):
    done = subprocess.run([SCRAM, "--limit-order", "2", FTA / case],
                          capture_output=True, text=True, timeout=60)
    expected = FTA_CASES[case]
    assert (done.returncode == 0) == (expected is None), done.stderr
    if expected is None:  # and the top events are SCRAM's
        tops = {sop.get("name") for sop in ET.fromstring(done.stdout).iter("sum-of-products")}
        assert set(read_open_psa([FTA / case], house_events=True).top_events) == tops
    elif expected[0] is not None:
        assert f"Line: {expected[0]}\n" in done.stderr


SCRAM_CHECKED = ["Lift", "ThreeMotor", "BSCU", "HIPPS", "ne574", "ThreeLevels", "200_event",
                 "gas_leak_reactive", "Aralia/edf9202", "Aralia/jbd9601", "Aralia/ftr10",
                 "Aralia/nus9601"]


@needs_data
@needs_scram
@pytest.mark.parametrize("tree", SCRAM_CHECKED)
def test_imported_spofs_are_scrams_order_1_cut_sets(tree):
    files = [INPUT / f for f in TREES[tree]]
    result = read_open_psa(files, house_events=True)
    # SCRAM's BDD takes minutes on nus9601, its ZBDD minutes on edf9202: pick per tree
    products = cut_sets(*files, limit_order=1,
                        algorithm="zbdd" if tree == "Aralia/nus9601" else "bdd")
    for top in result.top_events:
        inventory = result.inventory
        found = {i for i in spof_components(inventory, top) if inventory[i].type == "compute"}
        assert found == {next(iter(p)) for p in products[top] if len(p) == 1}


# -- export --------------------------------------------------------------------------

def test_export_is_valid_mef_with_distinct_names(tmp_path):
    odd = tmp_path / "odd.yaml"
    odd.write_text("components:\n"
                   "  - {id: 1st.db, type: database, depends_on: [web/a, a--b]}\n"
                   "  - {id: web/a, type: application, depends_on: [x-, gate-x]}\n"
                   "  - {id: a--b, type: compute, depends_on: [{at_least: 2, of: [x, x-]}]}\n"
                   "  - {id: x, type: compute, depends_on: [y]}\n  - {id: x-, type: compute}\n"
                   "  - {id: gate-x, type: compute, depends_on: [x]}\n  - {id: y, type: power}\n")
    xml = export_open_psa(load_inventory(odd), "1st.db")
    assert parse_xml(xml.encode(), "odd.xml")[1] == []
    names = [e.get("name") for e in ET.fromstring(xml).iter()
             if e.tag in ("define-gate", "define-basic-event")]
    assert len(names) == len(set(names)) == 12  # 7 basic events, 5 gates
    assert {"_1st_db", "web_a", "a_-b", "x_", "gate-x", "gate-x_2"} < set(names)
    assert all(_MEF_NAME.fullmatch(name) for name in names), names
    assert sorted(depgraph_ids(xml).values()) == sorted(load_inventory(odd).components)
    if SCRAM:
        path = tmp_path / "odd.xml"
        path.write_text(xml)
        assert subprocess.run([SCRAM, "--validate", path], capture_output=True).returncode == 0


def test_export_refuses_a_cycle_and_names_it():
    cycle = TESTS / "inventories" / "valid" / "cycle.yaml"
    result = run("export", "open-psa", cycle, "--target", "login")
    assert result.exit_code == 2 and result.stdout == ""
    assert "cannot export the fault tree of 'login': dependency cycle directory -> dns -> " \
           "directory" in result.stderr
    assert run("export", "open-psa", cycle, "--target", "uplink").exit_code == 0


def test_export_of_an_unknown_target_is_a_usage_error():
    result = run("export", "open-psa", WEBSHOP, "--target", "chekout")
    assert result.exit_code == 2 and "did you mean 'checkout'?" in result.stderr


def test_export_is_deterministic_and_written_atomically(tmp_path):
    out = tmp_path / "checkout.xml"
    assert run("export", "open-psa", WEBSHOP, "--target", "checkout", "-o", out).exit_code == 0
    assert out.read_text() == export_open_psa(load_inventory(WEBSHOP), "checkout")
    assert [p.name for p in tmp_path.iterdir()] == ["checkout.xml"]


EXPORTED = [(WEBSHOP, "checkout"), (WEBSHOP, "storefront"), (WEBSHOP, "db-cluster"),
            (HOSPITAL, "admissions"), (HOSPITAL, "h01-emergency")]


@pytest.mark.parametrize("path,target", EXPORTED)
def test_import_of_the_export_keeps_the_single_points_of_failure(path, target, tmp_path):
    inventory = load_inventory(path)
    xml = export_open_psa(inventory, target)
    (tmp_path / "tree.xml").write_text(xml)
    back = read_open_psa([tmp_path / "tree.xml"], house_events=True)
    ids = depgraph_ids(xml)
    (top,) = back.top_events
    found = {ids[i] for i in spof_components(back.inventory, top)
             if back.inventory[i].type == "compute"}
    assert found == spof_components(inventory, target) | {target}


@needs_scram
@pytest.mark.parametrize("path,target", EXPORTED)
def test_scram_cut_sets_of_the_export_are_depgraphs_answers(path, target, tmp_path):
    inventory = load_inventory(path)
    xml = export_open_psa(inventory, target)
    (tmp_path / "tree.xml").write_text(xml)
    ids = depgraph_ids(xml)
    products = cut_sets(tmp_path / "tree.xml", limit_order=2, algorithm="bdd")
    (top,) = products
    found = {frozenset(ids[name] for name in p) for p in products[top]}
    order_1 = {next(iter(s)) for s in found if len(s) == 1}
    assert order_1 == spof_components(inventory, target) | {target}
    # Order 2, against brute force: the pairs that kill the target, neither alone.
    upstream = sorted(ids.values())
    pairs = {frozenset(pair) for pair in itertools.combinations(upstream, 2)
             if not set(pair) & order_1
             and target in blast_radius(inventory, pair).failed}
    assert {s for s in found if len(s) == 2} == pairs

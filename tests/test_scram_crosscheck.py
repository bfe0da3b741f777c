"""depgraph's single and double failures against SCRAM's minimal cut sets of order 1 and 2.

Each published fault tree is imported from Open-PSA MEF into an inventory; the
top event's single failures and minimal pairs among basic events (the universe
of failures a fault tree has) must equal SCRAM's minimal cut sets of order 1
and 2 on the same files, and the published figures where there are some.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from depgraph.analysis.double_failures import minimal_cut_sets
from depgraph.core.problems import InventoryError
from depgraph.loaders.openpsa import read_open_psa
from tests.scram import DATASETS, cut_sets, needs_datasets, needs_scram

pytestmark = [needs_datasets, needs_scram]

SCRAM_INPUT = DATASETS / "scram" / "input"
TREES = {
    "Theatre": ["Theatre/theatre.xml"],
    "TwoTrain": ["TwoTrain/two_train.xml"],
    "Lift": ["Lift/lift.xml"],
    "BSCU": ["BSCU/BSCU.xml"],
    "ne574": ["ne574/ne574.xml"],
    "HIPPS": ["HIPPS/HIPPS.xml"],
    "Chinese": ["Chinese/chinese.xml", "Chinese/chinese-basic-events.xml"],
    "Baobab1": ["Baobab/baobab1.xml", "Baobab/baobab1-basic-events.xml"],
    "Baobab2": ["Baobab/baobab2.xml", "Baobab/baobab2-basic-events.xml"],
    "SmallTree": ["SmallTree/SmallTree.xml"],
}
ARALIA = sorted((SCRAM_INPUT / "Aralia").glob("*.xml")) if SCRAM_INPUT.exists() else []
#: The Aralia trees with non-coherent logic, which depgraph must refuse (failures that
#: only propagate have no negation).
NON_COHERENT_TREES = {"cea9601", "das9601", "das9701"}
NON_COHERENT = {"not", "xor", "nand", "nor", "iff", "imply"}  # Open-PSA MEF connectives


def depgraph_cut_sets(files: list[Path]) -> dict[str, set[frozenset[str]]]:
    """Order-1 and order-2 cut sets of every top event, among basic events."""
    imported = read_open_psa(files, house_events=True)
    basic = [i for i, c in imported.inventory.components.items() if not c.requirements]
    return minimal_cut_sets(imported.inventory, imported.top_events, basic)


def _compare(files: list[Path]) -> dict[str, set[frozenset[str]]]:
    ours = depgraph_cut_sets(files)
    theirs = cut_sets(*files, limit_order=2)
    assert set(ours) == set(theirs), "the same top events"
    for top in theirs:
        assert ours[top] == theirs[top], top
    return ours


@pytest.mark.parametrize("name", sorted(TREES))
def test_published_trees_agree_with_scram(name):
    _compare([SCRAM_INPUT / f for f in TREES[name]])


def non_coherent_gates(path: Path) -> dict[str, set[str]]:
    """The gates of a tree with a non-coherent connective at any depth, and those connectives."""
    found = {}
    for gate in ET.parse(path).getroot().iter("define-gate"):
        connectives = {e.tag for e in gate.iter() if e.tag in NON_COHERENT}
        if connectives:
            found[gate.get("name")] = connectives
    return found


def test_the_non_coherent_aralia_trees_are_the_known_ones():
    assert {path.stem for path in ARALIA if non_coherent_gates(path)} == NON_COHERENT_TREES


@pytest.mark.parametrize("path", ARALIA, ids=lambda p: p.stem)
def test_aralia_trees_agree_with_scram(path):
    if path.stem not in NON_COHERENT_TREES:
        _compare([path])  # a refusal here is a failure: the tree is coherent
        return
    with pytest.raises(InventoryError) as refused:
        depgraph_cut_sets([path])
    expected = non_coherent_gates(path)
    named = set()
    for problem in refused.value.problems:
        connective = re.fullmatch(r"'(\w+)' is not coherent", problem.message)
        gate = re.fullmatch(r"gate '(.+)'", problem.context)
        assert connective and gate, str(problem)
        assert connective.group(1) in expected.get(gate.group(1), ()), str(problem)
        named.add(gate.group(1))
    assert named == expected.keys()  # every non-coherent gate, and nothing else


def test_published_figures():
    expected = json.loads((DATASETS / "expected_results.json").read_text())
    checked = 0
    for entry in expected["scram_tests"]:
        files = [DATASETS / entry["file"]] + [DATASETS / f for f in entry.get("extra_files", [])]
        if entry.get("non_coherent") or "notes" in entry and "house" in entry["notes"]:
            continue
        try:
            found = depgraph_cut_sets(files)[entry["top"]]
        except InventoryError:
            continue
        if "mcs" in entry:
            published = {frozenset(m) for m in entry["mcs"] if len(m) <= 2}
            assert found == published, entry["file"]
            checked += 1
        elif "distribution_by_order" in entry:
            distribution = entry["distribution_by_order"] + [0, 0]
            assert (sum(len(s) == 1 for s in found), sum(len(s) == 2 for s in found)) == \
                (distribution[0], distribution[1]), entry["file"]
            checked += 1
    assert checked >= 10

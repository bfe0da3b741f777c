"""Amendments (``amend:``): a hand-written file adds to a component another file
defines, an imported one, without editing that file.

The oracle of the property test is the inventory written whole: moving any of a
component's amendable fields (and any tail of its requirements) into an amendment in
another file must give the same inventory.
"""

from __future__ import annotations

import copy

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from depgraph import load_inventory
from depgraph.core.problems import InventoryError
from tests.strategies import restore_specs

_MOVABLE = ("criticality", "restore", "team", "rto")


@st.composite
def split_specs(draw):
    """(whole, generated part, hand-written amendments) of one random inventory."""
    whole = draw(restore_specs())
    generated, amendments = copy.deepcopy(whole), []
    for component in generated["components"]:
        moved = {key: component.pop(key) for key in _MOVABLE
                 if key in component and draw(st.booleans())}
        requirements = component.get("depends_on", [])
        keep = draw(st.integers(0, len(requirements)))
        if requirements[keep:]:
            moved["depends_on"] = requirements[keep:]
            component["depends_on"] = requirements[:keep]
            if not keep:
                del component["depends_on"]
        if draw(st.booleans()):
            moved["tags"] = ["amended"]
            component.setdefault("tags", []).append("amended")  # a tag in both: one tag
        if moved:
            amendments.append({"id": component["id"], **moved})
    whole_tags = {c["id"] for c in generated["components"] if "tags" in c}
    for component in whole["components"]:
        if component["id"] in whole_tags:
            component["tags"] = ["amended"]
    return whole, generated, draw(st.permutations(amendments))


def _write(path, data):
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def _same(a, b):
    assert a.components.keys() == b.components.keys()
    for ident, component in a.components.items():
        assert component == b.components[ident], ident  # every field but meta and spans


@given(split_specs())
def test_an_amended_inventory_is_the_inventory_written_whole(tmp_path_factory, split):
    whole, generated, amendments = split
    directory = tmp_path_factory.mktemp("amend")
    _write(directory / "whole.yaml", whole)
    (directory / "split").mkdir()
    _write(directory / "split" / "generated.yaml", generated)
    if amendments:
        _write(directory / "split" / "hand.yaml", {"amend": amendments})
    _same(load_inventory(directory / "whole.yaml"), load_inventory(directory / "split"))


def test_an_amendment_adds_meta_and_tags_and_replaces_the_rest(tmp_path):
    _write(tmp_path / "a.yaml", {"components": [
        {"id": "rtr", "type": "network", "tags": ["edge"], "meta": {"source": "netbox"}},
        {"id": "pdu", "type": "power"}]})
    _write(tmp_path / "b.yaml", {"amend": [
        {"id": "rtr", "restore": "2h", "team": "network", "rto": "1h", "criticality": "high",
         "tags": ["wan"], "meta": {"ticket": "NET-12"}, "depends_on": ["pdu"]}]})
    rtr = load_inventory(tmp_path)["rtr"]
    assert (rtr.restore, rtr.team, rtr.rto, rtr.criticality) == (7200, "network", 3600, "high")
    assert rtr.tags == ("edge", "wan")
    assert dict(rtr.meta) == {"source": "netbox", "ticket": "NET-12"}
    assert [r.members for r in rtr.depends_on] == [("pdu",)]


@pytest.mark.parametrize("amendment, expected", [
    ({"id": "rtr9", "team": "x"},
     "b.yaml:2:7: error: amends an unknown component 'rtr9' (amendment of 'rtr9'); "
     "did you mean 'rtr'?"),
    ({"id": "rtr", "depends_on": ["nothing"]},
     "b.yaml:4:5: error: unknown component 'nothing' (amendment of 'rtr' > depends_on[0])"),
    ({"id": "rtr", "depends_on": ["rtr"]},
     "b.yaml:4:5: error: 'rtr' depends on itself (amendment of 'rtr' > depends_on[0]); a "
     "component cannot require or contain itself"),
    ({"id": "rtr", "type": "power"},
     "b.yaml:3:3: error: unknown key 'type' (amendment of 'rtr'); expected one of: id, name, "
     "criticality, restore, team, rto, owner, description, tags, depends_on, meta, holdup, data"),
    ({"id": "rtr", "meta": {"source": "mine"}},
     "b.yaml:4:5: error: 'rtr' already has meta 'source' (amendment of 'rtr'); an amendment "
     "adds meta keys; it does not replace them"),
    ({"team": "x"}, "b.yaml:2:3: error: amendment without an 'id' (amend[0]); name the "
                    "component it amends: id: <component id>"),
])
def test_a_bad_amendment_is_an_error_at_its_own_line(tmp_path, amendment, expected):
    _write(tmp_path / "a.yaml", {"components": [
        {"id": "rtr", "type": "network", "meta": {"source": "netbox"}}]})
    _write(tmp_path / "b.yaml", {"amend": [amendment]})
    with pytest.raises(InventoryError) as error:
        load_inventory(tmp_path)
    assert [str(p).replace(str(tmp_path) + "/", "") for p in error.value.problems] == [expected]


def test_a_field_amended_twice_names_both_places(tmp_path):
    _write(tmp_path / "a.yaml", {"components": [{"id": "rtr", "type": "network"}]})
    _write(tmp_path / "b.yaml", {"amend": [{"id": "rtr", "team": "a"}]})
    _write(tmp_path / "c.yaml", {"amend": [{"id": "rtr", "team": "b"}]})
    with pytest.raises(InventoryError) as error:
        load_inventory(tmp_path)
    [problem] = error.value.problems
    assert str(problem).replace(str(tmp_path) + "/", "") == (
        "c.yaml:3:9: error: 'team' of 'rtr' is amended twice (amendment of 'rtr'); first at "
        "b.yaml:3:9; keep one")


def test_a_reference_to_a_renamed_id_says_what_it_is_now(tmp_path):
    _write(tmp_path / "netbox.yaml", {
        "components": [{"id": "device/edge01", "type": "network"}],
        "generated": {"by": "depgraph import netbox", "source": "https://netbox.example",
                      "renamed": [{"from": "device/rtr01", "to": "device/edge01",
                                   "url": "https://netbox.example/dcim/devices/1/"}]}})
    _write(tmp_path / "apps.yaml", {
        "components": [{"id": "ehr", "type": "application", "depends_on": ["device/rtr01"]}]})
    with pytest.raises(InventoryError) as error:
        load_inventory(tmp_path)
    [problem] = error.value.problems
    assert problem.span.file.endswith("apps.yaml") and problem.span.line == 5
    assert problem.hint == (
        "renamed at the source: the same object (https://netbox.example/dcim/devices/1/) is "
        f"'device/edge01' since the last import, at {tmp_path}/netbox.yaml:8:5; write "
        "'device/edge01'")


def test_findings_of_a_generated_file_are_warnings_read_alike_by_both_paths(tmp_path,
                                                                           monkeypatch):
    from depgraph.analysis.lint import lint
    from depgraph.loaders.files import read_file
    from depgraph.loaders.fast_yaml import FastDraft, available

    path = _write(tmp_path / "netbox.yaml", {
        "components": [{"id": "rack-01", "type": "site"}],
        "generated": {"by": "depgraph import netbox", "findings": [
            {"message": "rack rack-01 has one power feed", "url": "https://nb/dcim/racks/1/"}]}})
    warnings = [str(w) for w in lint(load_inventory(path)) if w.rule == "import-finding"]
    assert warnings == [f"{path}:7:5: warning: rack rack-01 has one power feed; see "
                        "https://nb/dcim/racks/1/ [import-finding]"]
    if available():
        assert isinstance(read_file(str(path)), FastDraft)  # "-01" is no number
    monkeypatch.setenv("DEPGRAPH_FAST_YAML", "0")
    assert [str(w) for w in lint(load_inventory(path)) if w.rule == "import-finding"] == warnings


@pytest.mark.parametrize("generated, expected", [
    ({"by": "x", "findings": [{"url": "u"}]}, "no 'message'"),
    ({"by": "x", "findings": [{"message": "m", "link": "u"}]}, "unknown key 'link'"),
    ({"by": "x", "renamed": [{"from": "a"}]}, "no 'to'"),
    ({"by": "x", "extra": 1}, "unknown key 'extra'"),
    ({"by": "x", "findings": "none"}, "expected a list, got a string"),
])
def test_a_damaged_generated_block_is_an_error(tmp_path, generated, expected):
    path = _write(tmp_path / "netbox.yaml", {"components": [{"id": "a", "type": "site"}],
                                             "generated": generated})
    with pytest.raises(InventoryError) as error:
        load_inventory(path)
    assert any(expected in p.message for p in error.value.problems), error.value

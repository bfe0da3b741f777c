"""The fast loading path gives exactly the reference path's answer, or none.

The reference path (PyYAML events, then the schema) is the straightforward one.
The fast path (yaml_rs, then the schema's rules on plain data) must give the same
draft, positions included, whenever it answers, and must give up whenever the
reference path reports a problem, so that every message stays the reference's.
"""

from __future__ import annotations

import random
import re

import pytest
import yaml
from hypothesis import event, given, strategies as st

from depgraph import load_inventory
from depgraph.analysis.lint import lint
from depgraph.core.problems import InventoryError
from depgraph.loaders import fast_yaml
from depgraph.loaders.fast_yaml import FastDraft, read_fast
from depgraph.loaders.files import read_file
from depgraph.loaders.schema import read_draft
from depgraph.loaders.synthetic import synthetic_inventory, to_data
from depgraph.loaders.yaml_source import parse_yaml
from tests.helpers import HOSPITAL, INVALID, SHIPPED, VALID, WEBSHOP, expectations
from tests.strategies import inventory_specs, to_yaml

pytestmark = pytest.mark.skipif(not fast_yaml.available(),
                                reason="the fast extra (yaml-rs) is not installed")


def reference(text: str, file: str = "f.yaml"):
    tree, problems = parse_yaml(text, file)
    return read_draft(tree, file, problems)


def fast(text: str, file: str = "f.yaml"):
    return read_fast(text, file, lambda: parse_yaml(text, file)[0])


def spans(span) -> tuple:
    return (span.file, span.line, span.column) if span is not None else None


def everything(draft) -> list:
    """Every field of every item, positions and metadata included (eq skips them)."""
    components = [(c, dict(c.meta), spans(c.span), spans(c.located_in_span),
                   [(r, spans(r.span)) for r in c.depends_on]) for c, _ in draft.components]
    providers = [(p, dict(p.meta), spans(p.span)) for p in draft.providers]
    scenarios = [(s, spans(s.span), [(e, spans(e.span), spans(e.fail_span)) for e in s.events])
                 for s in draft.scenarios]
    return [draft.file, components, providers, draft.metadata, draft.lint_disabled, scenarios]


def references(draft) -> tuple[set, set]:
    refs = [ref for _, refs in draft.components for ref in refs]
    return ({r.target for r in refs if r.kind == "component"},
            {r.target for r in refs if r.kind == "provider"})


def assert_same_or_none(text: str) -> bool:
    """The property; returns whether the fast path answered."""
    answer = fast(text)
    if answer is None:
        return False
    expected = reference(text)
    assert expected.problems == (), "the fast path answered where the reference path objects"
    assert everything(answer) == everything(expected)
    assert (set(answer.component_refs), set(answer.provider_refs)) == references(expected)
    return True


# -- the shipped and test inventories -----------------------------------------------

ALL_FILES = sorted([*SHIPPED.glob("*.yaml"), *VALID.rglob("*.yaml"), *INVALID.rglob("*.yaml")])


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.name)
def test_every_test_file_reads_the_same_or_goes_the_reference_way(path):
    assert_same_or_none(path.read_text(encoding="utf-8-sig"))


@pytest.mark.parametrize("path", [HOSPITAL, WEBSHOP], ids=lambda p: p.name)
def test_the_shipped_inventories_take_the_fast_path(path):
    # Otherwise the tests above could pass with a fast path that never answers.
    assert isinstance(read_file(str(path)), FastDraft)


def test_a_generated_estate_takes_the_fast_path_and_reads_the_same():
    from depgraph.formats.inventory_yaml import inventory_yaml
    text = inventory_yaml(synthetic_inventory(3000, seed=3))
    assert assert_same_or_none(text)


def test_invalid_files_give_the_reference_messages(tmp_path):
    for path in INVALID.rglob("*.yaml"):
        assert fast(path.read_text(encoding="utf-8-sig")) is None or reference(
            path.read_text(encoding="utf-8-sig")).problems == ()


# -- random inventories, random spellings ----------------------------------------------

#: Scalars YAML 1.1 (PyYAML) and YAML 1.2 (yaml_rs) may read differently, or that
#: the schema refuses, or that are not scalars at all.
TRICKY = [
    "yes", "No", "on", "OFF", "y", "010", "0o17", "0x1f", "0b1", "1e3", "1.5", ".5", ".inf",
    "1_000", "1:30", "2024-01-01", "2024-01-01 10:00:00", "~", "null", "NULL", "", "true",
    "True", "FALSE", "-0", "+1", "0", "7", "-3", "12345678901234567890", "'yes'", '"010"',
    "'1.5'", '""', "'~'", "x: y", "[a, b]", "[]", "{a: 1}", "{}", "&a x", "*a", "!!str 1",
    "!!int 3", "!custom x", "<<", "=", "a #c", "'it''s'", '"tab\\tx"', "é", "- x", "? x",
    "|\n  block", ">-\n  folded", "@x", "`x", "%x", "a:b", "a: b: c", "'unterminated",
    "\"\\u2028\"", "1h", "30m", "2 d", "1h30m", "0s", "x-y", "a b", "critical", "any",
]


@st.composite
def yaml_texts(draw) -> str:
    spec = draw(inventory_specs(max_size=6))
    if draw(st.booleans()):
        spec["components"][0]["restore"] = draw(st.sampled_from(["30m", "1h", "0"]))
    if draw(st.booleans()):
        spec["components"][-1]["meta"] = {"k": "v", "n": 2, "flag": True}
    for component in spec["components"]:
        for key in draw(st.lists(st.sampled_from(["name", "team", "owner", "description"]),
                                 max_size=2, unique=True)):
            component[key] = "text"
        timed(draw, component)
    style = draw(st.sampled_from(["block", "flow", "double", "single"]))
    if style == "block":
        text = to_yaml(spec)
    elif style == "flow":
        text = yaml.safe_dump(spec, sort_keys=False, default_flow_style=True,
                              width=draw(st.sampled_from([40, 1000])))
    else:
        text = yaml.safe_dump(spec, sort_keys=False,
                              default_style='"' if style == "double" else "'")
    lines = text.splitlines()
    # Scalars on lines of their own (block style) are where a spelling bites.
    scalars = [i for i, line in enumerate(lines)
               if re.match(r"^\s*(?:- )*(?:[^:\s\[{][^:]*: )?[^\s\[{-][^:]*$", line)]
    for _ in range(draw(st.sampled_from([0, 1, 1, 1, 2, 3]))):
        i = draw(st.sampled_from(scalars) if scalars and draw(st.integers(0, 3))
                 else st.integers(0, len(lines) - 1))
        tricky = draw(st.sampled_from(TRICKY))
        match = re.match(r"^(\s*(?:- )*(?:[^:\s][^:]*: )?)(.*)$", lines[i], re.DOTALL)
        lines[i] = match.group(1) + tricky
    if draw(st.booleans()):
        lines.insert(0, "---" if draw(st.booleans()) else "# a comment")
    return "\n".join(lines) + "\n"


def timed(draw, component: dict) -> None:
    """Sometimes the time keys: a holdup and datasets on the component, and requirements
    written as mappings with a holdup, a switchover (groups) or ``when: start``."""
    if draw(st.integers(0, 3)) == 0:
        component["holdup"] = draw(st.sampled_from(["15m", "0", "2h"]))
    if draw(st.integers(0, 3)) == 0:
        component["data"] = draw(st.lists(st.sampled_from(["orders", "mail", "x.y"]),
                                          min_size=1, max_size=3, unique=True))
    if draw(st.integers(0, 3)) == 0:  # the continuity keys the fast path reads
        component["mtpd"] = draw(st.sampled_from(["4h", "0", "2d"]))
        component["weight"] = draw(st.sampled_from([0, 3, 120]))
        if "data" in component:
            component["rpo"] = draw(st.sampled_from(["15m", "0", "1d"]))
        if draw(st.booleans()):
            plan = {"procedure": draw(st.sampled_from(["paper", "Phone tree: mobiles"]))}
            for key, values in (("document", ["PCRA-01"]), ("owner", ["desk", "Cadre"]),
                                ("contact", ["poste 4110", "Cadre: 4110"]),
                                ("activation", ["15m", "0"]), ("sustainable", ["3d"])):
                if draw(st.booleans()):
                    plan[key] = draw(st.sampled_from(values))
            component["continuity"] = plan
    entries = component.get("depends_on", [])
    for i, entry in enumerate(entries):
        if draw(st.integers(0, 2)):
            continue
        entry = {"needs": entry} if isinstance(entry, str) else dict(entry)
        for key, values in (("holdup", ["20m", "0", "1d"]), ("switchover", ["7h", "5m"]),
                            ("when", ["start"])):
            if key == "switchover" and "needs" in entry:
                continue
            if draw(st.booleans()):
                entry[key] = draw(st.sampled_from(values))
        entries[i] = entry


@given(yaml_texts())
def test_the_fast_path_reads_random_files_as_the_reference_path_does(text):
    event("fast path answered" if assert_same_or_none(text) else "reference path")


FIELDS = ["name", "team", "owner", "description", "restore", "criticality", "type", "id",
          "provider", "located_in", "at_least", "meta-key", "meta-value", "tag", "member",
          "holdup", "dataset", "needs", "requirement-holdup", "switchover", "when",
          "mtpd", "weight", "rpo", "procedure", "contact", "sustainable"]


@given(inventory_specs(max_size=5), st.sampled_from(FIELDS), st.sampled_from(TRICKY),
       st.sampled_from(["block", "flow"]))
def test_one_spelling_in_one_field_reads_the_same_or_goes_the_reference_way(
        spec, field, tricky, style):
    """Every tricky spelling, alone, in every field of an otherwise valid file."""
    component = spec["components"][0]
    marker = "MARKER-VALUE"
    if field == "meta-key":
        component["meta"] = {marker: 1}
    elif field == "meta-value":
        component["meta"] = {"k": marker}
    elif field == "tag":
        component["tags"] = ["a", marker]
    elif field == "member":
        component["depends_on"] = [{"any": [marker, "zz"]}]
    elif field == "at_least":
        component["depends_on"] = [{"at_least": 12345, "of": ["zz", "yy"]}]
        marker = "12345"
    elif field == "provider":
        component["provider"] = marker
    elif field == "dataset":
        component["data"] = ["orders", marker]
    elif field == "needs":
        component["depends_on"] = [{"needs": marker, "holdup": "5m"}]
    elif field == "rpo":
        component["data"] = ["orders"]
        component["rpo"] = marker
    elif field in ("procedure", "contact", "sustainable"):
        component["continuity"] = {"procedure": "paper", "activation": "15m", field: marker}
    elif field in ("requirement-holdup", "switchover", "when"):
        key = "holdup" if field == "requirement-holdup" else field
        component["depends_on"] = [{"any": ["zz", "yy"], key: marker}]
    else:
        component[field] = marker
    text = to_yaml(spec) if style == "block" else yaml.safe_dump(
        spec, sort_keys=False, default_flow_style=True, width=1000)
    assert text.count(marker) == 1
    answered = assert_same_or_none(text.replace(marker, tricky))
    event("fast path answered" if answered else "reference path")


@given(inventory_specs(max_size=8), st.integers(0, 2**32))
def test_plain_block_files_take_the_fast_path(spec, seed):
    assert assert_same_or_none(to_yaml(spec))


@given(inventory_specs(max_size=8), st.data())
def test_plain_block_files_with_the_time_keys_take_the_fast_path(spec, data):
    for component in spec["components"]:
        timed(data.draw, component)
    assert assert_same_or_none(to_yaml(spec))


SCENARIO_TEXTS = [
    "scenarios:\n  - id: s\n    events:\n      - {at: 0m, fail: a, repair: 3h}\n",
    "scenarios:\n- id: s\n  name: The grid\n  description: x\n  events:\n"
    "  - at: 1h\n    fail: type:power,provider:p0\n    repair: never\n  - {at: 0, fail: b}\n",
    "scenarios:\n  - {id: s, events: [{at: 2d, fail: 'id:a*'}]}\n  - id: t\n    events:\n"
    "      - {at: 5m, fail: a, repair: 1h30m}\n",
]
BAD_SCENARIOS = [
    "scenarios:\n  - id: s\n    events: []\n",
    "scenarios:\n  - id: s\n    events: [{at: -5m, fail: a}]\n",
    "scenarios:\n  - id: s\n    events: [{at: 0m, fail: 'x:y'}]\n",
    "scenarios:\n  - id: s\n    events: [{at: 0m, fail: a, repair: soon}]\n",
    "scenarios:\n  - id: s\n    events: [{at: 0m, fail: a, when: 1h}]\n",
    "scenarios:\n  - id: 's s'\n    events: [{at: 0m, fail: a}]\n",
    "scenarios:\n  - id: s\n    name: ~\n    events: [{at: 0m, fail: a}]\n",
    "scenarios:\n  - id: s\n",
]


@pytest.mark.parametrize("tail", SCENARIO_TEXTS)
def test_scenarios_take_the_fast_path_with_their_positions(tail):
    text = "components:\n  - id: a\n    type: power\n  - id: b\n    type: site\n" + tail
    assert assert_same_or_none(text)
    assert assert_same_or_none(tail)  # a file of scenarios alone


@pytest.mark.parametrize("tail", BAD_SCENARIOS)
def test_a_bad_scenario_goes_the_reference_way(tail):
    text = "components:\n  - id: a\n    type: power\n" + tail
    assert fast(text) is None and reference(text).problems


# -- whole loads -----------------------------------------------------------------------

def load_messages(*paths, fast_on: bool, monkeypatch) -> object:
    monkeypatch.setenv("DEPGRAPH_FAST_YAML", "1" if fast_on else "0")
    try:
        inventory = load_inventory(*paths)
    except InventoryError as error:
        return [str(problem) for problem in error.problems]
    return [(c, spans(c.span), [spans(r.span) for r in c.depends_on])
            for c in inventory.components.values()]


def test_unknown_references_across_files_are_reported_the_reference_way(tmp_path, monkeypatch):
    (tmp_path / "a.yaml").write_text("components:\n- id: web\n  type: application\n"
                                     "  provider: nobody\n  depends_on: [db, {any: [x, y]}]\n")
    (tmp_path / "b.yaml").write_text("components:\n- id: db\n  type: database\n"
                                     "  located_in: dc\n")
    fast_answer = load_messages(tmp_path, fast_on=True, monkeypatch=monkeypatch)
    assert fast_answer == load_messages(tmp_path, fast_on=False, monkeypatch=monkeypatch)
    assert any("unknown component 'x'" in line for line in fast_answer)
    assert any("unknown provider 'nobody'" in line for line in fast_answer)


def test_duplicate_ids_across_files_name_the_same_places(tmp_path, monkeypatch):
    for name in ("a", "b"):
        (tmp_path / f"{name}.yaml").write_text(
            f"# file {name}\n\ncomponents:\n- id: same\n  type: database\n")
    fast_answer = load_messages(tmp_path, fast_on=True, monkeypatch=monkeypatch)
    assert fast_answer == load_messages(tmp_path, fast_on=False, monkeypatch=monkeypatch)
    assert any("a.yaml:4:3" in line for line in fast_answer)


@pytest.mark.parametrize("case", ["located-in-cycle.yaml", "located-in-cycle-across"])
def test_containment_cycles_are_reported_at_the_same_places(case, tmp_path, monkeypatch):
    # Each file alone is valid; the cycle is found when they are assembled. The leading
    # comments (the expectations, whose '{' and '>' would send the file down the reference
    # path) are blanked, so that the fast path reads the files and lines stay where they are.
    source, copy = INVALID / case, tmp_path / case
    for file in (sorted(source.rglob("*.yaml")) if source.is_dir() else [source]):
        target = copy / file.relative_to(source) if source.is_dir() else copy
        target.parent.mkdir(parents=True, exist_ok=True)
        lines = file.read_text(encoding="utf-8").split("\n")
        start = next(i for i, line in enumerate(lines) if not line.startswith("#"))
        target.write_text("\n" * start + "\n".join(lines[start:]), encoding="utf-8")
        assert isinstance(read_file(str(target)), FastDraft)
    expected = expectations(source, shown_as=str(copy))
    fast_answer = load_messages(copy, fast_on=True, monkeypatch=monkeypatch)
    assert fast_answer == load_messages(copy, fast_on=False, monkeypatch=monkeypatch)
    assert len(fast_answer) == len(expected)
    for line, expectation in zip(fast_answer, expected):
        assert expectation.matches(line), (line, str(expectation))


def test_lint_findings_point_at_the_same_places(monkeypatch):
    monkeypatch.setenv("DEPGRAPH_FAST_YAML", "1")
    fast_findings = [str(p) for p in lint(load_inventory(HOSPITAL))]
    monkeypatch.setenv("DEPGRAPH_FAST_YAML", "0")
    assert fast_findings == [str(p) for p in lint(load_inventory(HOSPITAL))]
    assert fast_findings  # the hospital has findings, so positions were compared


def test_positions_are_found_only_when_asked(monkeypatch):
    calls = []
    text = HOSPITAL.read_text(encoding="utf-8")
    draft = read_fast(text, "h.yaml", lambda: calls.append(1) or parse_yaml(text, "h.yaml")[0])
    assert calls == []
    component = draft.components[5][0]
    line = component.span.line
    assert calls == [1] and line > 1
    draft.components[9][0].span.column
    assert calls == [1]  # read once per file


def test_the_switch_turns_the_fast_path_off(monkeypatch):
    monkeypatch.setenv("DEPGRAPH_FAST_YAML", "0")
    assert not isinstance(read_file(str(HOSPITAL)), FastDraft)


@pytest.mark.parametrize("text", [
    "components:\n- id: a\n  type: site\n  name: TRUE\n",         # boolean, spelled how?
    "components:\n- id: a\n  type: site\n  meta: {since: 2024-01-01}\n",  # a date in 1.1
    "components:\n- id: a\n  type: site\n  meta: {n: 010}\n",     # octal in 1.1
    "components:\n- id: a\n  type: site\n  meta: {n: 1e3}\n",     # a string in 1.1
    "components:\n- id: a\n  type: site\n  meta: {n: 0o17}\n",    # a string in 1.1
    "x-base: &b {type: site}\ncomponents:\n- id: a\n  <<: *b\n",  # merge keys
    "components:\n- id: a\n\ttype: site\n",                        # tabs
])
def test_spellings_that_could_differ_go_the_reference_way(text):
    assert fast(text) is None


def test_text_fields_take_the_text_whatever_yaml_1_1_makes_of_it():
    # PyYAML reads 'yes' as a boolean and yaml_rs as a string; the schema takes the
    # text as written either way, so the fast path may answer, and must agree.
    assert assert_same_or_none("components:\n- id: a\n  type: site\n  name: yes\n"
                               "  team: on\n  owner: 7\n")


def test_a_deep_file_does_not_crash_the_fast_parser():
    text = "components: " + "[" * 5000 + "]" * 5000 + "\n"
    assert fast(text) is None
    assert reference(text).problems


def test_random_shuffles_of_a_file_read_the_same(tmp_path):
    # Keys in another order, comments, blank lines: same draft, other positions.
    text = to_yaml(to_data(synthetic_inventory(500, seed=5)))
    lines = text.splitlines()
    rng = random.Random(0)
    for _ in range(20):
        i = rng.randrange(len(lines))
        lines.insert(i, rng.choice(["", "# note", "   # indented note"]))
    assert assert_same_or_none("\n".join(lines) + "\n")


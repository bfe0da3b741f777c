"""The inventory YAML writer (``import``, ``generate``) on hostile text: every string
loads back exact on both reading paths, and nothing in the file is raw that could hide
or reorder its text for a person reading it."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from depgraph import load_inventory
from depgraph.core.fast_paths import forced
from depgraph.core.inventory import Draft, assemble
from depgraph.core.model import Component
from depgraph.formats.inventory_yaml import inventory_yaml
from tests.loaders.test_openpsa import run

#: What must not be raw in the file: C0 controls but the line feed, DEL, C1, the line
#: separators, the bidirectional controls.
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f"
                 "\u202a-\u202e\u2066-\u2069]")
HOSTILE = st.lists(st.sampled_from(
    ["a", " ", "é", "病", "🚑", "\x1b", "\x00", "\x7f", "\n", "\r", "\t", "\x85", "\x9b",
     "\u2028", "\u2029", "\u202e", "\u2066", "\u200f", "\ufeff", "\ufffe", "'", '"', "\\",
     "#", ": ", "- ", "&", "*", "!", "%", "|", ">", "{", "["]), max_size=12).map("".join)


def written(text: str, comment: str = "", fast: bool = False) -> str:
    component = Component("a", "compute", name=text or None, description=text or None,
                          owner=text or None, tags=(text,) if text else (),
                          meta={text: text} if text else {})
    return inventory_yaml(assemble([Draft("x", ((component, ()),))]), comment, fast)


@settings(max_examples=60)
@given(text=HOSTILE, fast=st.booleans())
def test_every_string_loads_back_exact_and_nothing_hidden_is_raw(tmp_path_factory, text, fast):
    yaml_text = written(text, f"from {text}.xml\nsecond line", fast)
    assert RAW.search(yaml_text) is None, repr(yaml_text)
    # The comment's lines are the caller's (a line feed ends one); nothing else breaks one.
    assert yaml_text.startswith("# from ")
    assert len(re.findall("^#", yaml_text, re.MULTILINE)) == 2 + text.count("\n")
    path = tmp_path_factory.mktemp("y") / "inv.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    for reader in ("reference", "fast"):
        with forced(reader):
            component = load_inventory(path)["a"]
        if text:
            assert (component.name, component.description, component.owner) == (text,) * 3
            assert component.tags == (text,) and dict(component.meta) == {text: text}


def test_a_next_line_survives_where_single_quotes_lost_it():
    """PyYAML writes NEL in single quotes as a line break, which reads back as a space."""
    yaml_text = written("a\x85b")
    assert 'name: "a\\Nb"' in yaml_text


def test_import_shows_a_hostile_file_name_and_label_escaped(tmp_path):
    source = tmp_path / "t\x1b[2J\u202e.xml"
    source.write_text(
        '<?xml version="1.0"?>\n<opsa-mef><define-fault-tree name="t">'
        '<define-gate name="top"><label>gnp.&#x202E;exe&#x7F;</label>'
        '<or><basic-event name="a"/><basic-event name="b"/></or></define-gate>'
        '<define-basic-event name="a"/><define-basic-event name="b"/>'
        '</define-fault-tree></opsa-mef>\n', encoding="utf-8")
    result = run("import", "open-psa", source)
    assert result.exit_code == 0, result.output
    assert RAW.search(result.stdout) is None, result.stdout
    assert "t\\x1b[2J\\u202e.xml" in result.stdout.splitlines()[0]
    path = tmp_path / "out.yaml"
    path.write_text(result.stdout, encoding="utf-8")
    loaded = load_inventory(path)
    assert loaded["top"].description == "gnp.\u202eexe\x7f"
    assert loaded.description == f"Imported from Open-PSA MEF: {source.name}"

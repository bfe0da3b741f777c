"""Bad catalogs through the command: each problem at its file:line:column, exit 2,
and no output file."""

from __future__ import annotations

import pytest

from tests.helpers import run

HEAD = "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: web\n"
CASES = {
    "malformed YAML": (
        {"c.yaml": HEAD + "spec: {type: service\n"},
        "c.yaml:6:1: error: invalid YAML"),
    "not a mapping": (
        {"c.yaml": HEAD + "---\n- just\n- a list\n"},
        "c.yaml:6:1: error: an entity is a mapping (apiVersion, kind, metadata, spec), got "
        "a list"),
    "no kind": (
        {"c.yaml": "apiVersion: backstage.io/v1alpha1\nmetadata: {name: web}\n"},
        "c.yaml:1:1: error: an entity without kind"),
    "no metadata.name": (
        {"c.yaml": "apiVersion: v1\nkind: Component\nmetadata:\n  title: Web\n"},
        "c.yaml:4:3: error: an entity without metadata.name"),
    "a bad name": (
        {"c.yaml": "apiVersion: v1\nkind: Component\nmetadata:\n  name: web server\n"},
        "c.yaml:4:9: error: invalid name 'web server': a name is letters and digits"),
    "a Location loop": (
        {"a.yaml": "apiVersion: v1\nkind: Location\nmetadata: {name: a}\n"
                   "spec: {targets: [./b.yaml]}\n",
         "b.yaml": "apiVersion: v1\nkind: Location\nmetadata: {name: b}\n"
                   "spec:\n  target: ./a.yaml\n"},
        "b.yaml:5:11: error: Location loop: a.yaml -> b.yaml -> a.yaml"),
    "two entities with one reference": (
        {"c.yaml": HEAD + "---\n" + HEAD.replace("name: web", "name: Web")},
        "c.yaml:6:1: error: two entities with one reference, component:default/web; the "
        "first at c.yaml:1:1"),
    "a bad rto": (
        {"c.yaml": HEAD + "  annotations:\n    depgraph.io/rto: 4 hours\n"},
        "c.yaml:6:22: error: invalid duration: '4 hours' is not a duration"),
    "a bad criticality": (
        {"c.yaml": HEAD + "  annotations:\n    depgraph.io/criticality: urgent\n"},
        "c.yaml:6:30: error: unknown criticality 'urgent' (depgraph.io/criticality)"),
    "a bad runs-on": (
        {"c.yaml": HEAD + "  annotations:\n    depgraph.io/runs-on: 'device/a, dev ice'\n"},
        "c.yaml:6:26: error: depgraph.io/runs-on: 'dev ice' is not a component id"),
    "dependsOn without a kind": (
        {"c.yaml": HEAD + "spec:\n  dependsOn: [db]\n"},
        "c.yaml:6:15: error: spec.dependsOn: 'db' names no kind, which this field needs"),
    "dependsOn not a list": (
        {"c.yaml": HEAD + "spec:\n  dependsOn: resource:db\n"},
        "c.yaml:6:14: error: spec.dependsOn: expected a list of entity references"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_bad_catalog_is_refused_where_it_is_wrong(tmp_path, monkeypatch, case):
    files, expected = CASES[case]
    monkeypatch.chdir(tmp_path)
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    result = run("import", "backstage", *sorted(files), "-o", "out.yaml")
    assert result.exit_code == 2, result.output
    assert expected in result.stderr, result.stderr
    assert not (tmp_path / "out.yaml").exists()


def test_a_bad_types_file_is_refused_at_its_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "c.yaml").write_text(HEAD)
    (tmp_path / "types.yaml").write_text("component/library: pasive\nwidget/x: network\n")
    result = run("import", "backstage", "c.yaml", "--types", "types.yaml", "-o", "out.yaml")
    assert result.exit_code == 2
    assert ("types.yaml:1:20: error: unknown component type 'pasive' ('component/library'); "
            "did you mean 'passive'?") in result.stderr
    assert "types.yaml:2:1: error: unknown kind 'widget' in 'widget/x'" in result.stderr
    assert not (tmp_path / "out.yaml").exists()


def test_one_source_is_named(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "c.yaml").write_text(HEAD)
    assert run("import", "backstage").exit_code == 2
    assert run("import", "backstage", "c.yaml", "--url", "http://x").exit_code == 2


def test_a_file_it_did_not_write_is_not_overwritten(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "c.yaml").write_text(HEAD)
    (tmp_path / "mine.yaml").write_text("components: []\n")
    result = run("import", "backstage", "c.yaml", "-o", "mine.yaml")
    assert result.exit_code == 2 and "refusing to overwrite mine.yaml" in result.stderr
    assert (tmp_path / "mine.yaml").read_text() == "components: []\n"

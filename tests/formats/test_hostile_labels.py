"""Hostile labels: whatever an inventory's free text holds (terminal escapes, line
breaks, bidirectional controls), what a person reads shows it escaped, on the lines it
was given, and the data formats keep it exact."""

from __future__ import annotations

import json
import re

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from depgraph.core.wording import visible
from tests.helpers import run

#: Raw in no human output: C0 controls but the line feed, DEL, C1, separators, bidi.
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f"
                 "\u202a-\u202e\u2066-\u2069]")
HOSTILE = st.text(st.sampled_from(["a", " ", "é", "病", "\x1b", "\x07", "\x08", "\x00", "\x7f",
                                   "\n", "\r", "\t", "\x85", "\u2028", "\u202e", "\u2066",
                                   "\u2069", "\u200f", "|", "*", "<", "&", "%", ":", ","]),
                  min_size=1, max_size=12)


def inventory(name: str) -> str:
    """A small estate with ``name`` in every free-text field."""
    return yaml.safe_dump({
        "name": name, "description": name,
        "providers": [{"id": "hostco", "name": name, "description": name}],
        "components": [
            {"id": "dc", "type": "datacenter", "provider": "hostco", "name": name,
             "restore": "1h", "team": name},
            {"id": "db", "type": "database", "located_in": "dc", "name": name, "team": name,
             "owner": name, "description": name, "tags": [name], "restore": "2h",
             "criticality": "critical", "rto": "30m", "meta": {name: name}},
            {"id": "app", "type": "application", "depends_on": ["db"], "name": name,
             "team": name, "restore": "10m", "criticality": "critical", "rto": "1h"},
            {"id": "biz", "type": "business", "depends_on": [{"any": ["app"]}],
             "name": name, "criticality": "critical", "mtpd": "1h",
             "continuity": {"procedure": name, "document": name, "owner": name,
                            "contact": name, "activation": "5m", "sustainable": "10m"}}],
        "scenarios": [{"id": "loss", "name": name, "description": name,
                       "events": [{"at": "0m", "fail": "dc", "repair": "3h"}]}]},
        allow_unicode=False)


HUMAN = [("blast-radius", "--fail", "dc", "-f", "text"),
         ("blast-radius", "--fail", "dc", "-f", "markdown"),
         ("spof", "-f", "text"), ("spof", "-f", "markdown"), ("spof", "-f", "github"),
         ("restore-plan", "--fail", "dc", "-f", "text"),
         ("restore-plan", "--fail", "dc", "-f", "markdown"),
         ("validate", "-f", "text", "--disable", "bidi-control"),
         ("validate", "-f", "github", "--disable", "bidi-control"),
         ("report", "-f", "markdown"), ("report", "-f", "html"),
         ("bia", "-f", "text"), ("bia", "-f", "markdown"),
         ("bia", "--scenario", "loss", "-f", "text"),
         ("timeline", "--scenario", "loss", "-f", "text"),
         ("timeline", "--scenario", "loss", "-f", "svg"),
         ("render", "-f", "dot"), ("render", "--fail", "dc", "-f", "dot"),
         ("restore-plan", "--fail", "dc", "-f", "svg")]


def outputs(tmp_path, name: str) -> dict[tuple, str]:
    path = tmp_path / "inv.yaml"
    path.write_text(inventory(name), encoding="utf-8")
    found = {}
    for command, *options in HUMAN:
        result = run(command, path, *options)
        assert result.exit_code in (0, 1), (command, options, result.output)
        found[(command, *options)] = result.stdout
    return found


@settings(max_examples=15)
@given(name=HOSTILE)
def test_what_a_person_reads_shows_hostile_text_escaped_on_its_own_lines(tmp_path_factory,
                                                                          name):
    hostile = outputs(tmp_path_factory.mktemp("h"), name)
    # The same text, already shown as escapes: what a person should read, so it wraps
    # the same in the diagrams.
    plain = outputs(tmp_path_factory.mktemp("p"), visible(name))
    for command, text in hostile.items():
        raw = RAW.search(text)
        assert raw is None, (command, repr(raw.group()), text)
        # The hostile value never makes a line of its own: as many lines as its escapes.
        assert text.count("\n") == plain[command].count("\n"), (command, text)


@settings(max_examples=15)
@given(name=HOSTILE)
def test_the_data_formats_keep_hostile_text_exact(tmp_path_factory, name):
    path = tmp_path_factory.mktemp("d") / "inv.yaml"
    path.write_text(inventory(name), encoding="utf-8")
    result = run("blast-radius", path, "--fail", "dc", "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["inventory"]["name"] == name
    sarif = json.loads(run("spof", path, "-f", "sarif").stdout)
    assert sarif["runs"][0]["results"]


def test_a_line_break_in_a_value_cannot_forge_a_problem(tmp_path):
    """validate quotes the unknown key back: the line break inside it stays inside."""
    path = tmp_path / "inv.yaml"
    path.write_text('components:\n  - id: x\n    type: site\n'
                    '    "k\\ninv.yaml:1:1: error: FORGED problem\\x1b[2J": 1\n', encoding="utf-8")
    for form in ("text", "github"):
        result = run("validate", path, "-f", form)
        assert result.exit_code == 2
        lines = [line for line in result.stdout.splitlines() if "FORGED" in line]
        assert len(lines) == 1 and "unknown key" in lines[0], result.stdout
        assert "\x1b" not in result.stdout and "\\x1b[2J" in result.stdout
    stderr = run("spof", path).stderr
    assert len([line for line in stderr.splitlines() if "FORGED" in line]) == 1
    assert "\x1b" not in stderr
    problems = json.loads(run("validate", path, "-f", "json").stdout)["problems"]
    assert "'k\ninv.yaml:1:1: error: FORGED problem\x1b[2J'" in problems[0]["message"]


def test_visible_leaves_every_other_character_alone():
    text = "Hôpital Saint-Jean, 東京 病院, مستشفى, 🚑 — “quoted”"
    assert visible(text) == text
    assert visible("\u202egnp.exe") == "\\u202egnp.exe"


def test_open_psa_keeps_bidirectional_controls_as_references(tmp_path):
    """MEF is data: the label keeps its text for any XML parser, and a person reading
    the file sees the control as a character reference."""
    import xml.etree.ElementTree as ElementTree

    path = tmp_path / "inv.yaml"
    path.write_text(inventory("ab\u202ecd\x1b"), encoding="utf-8")
    result = run("export", "open-psa", path, "--target", "biz")
    assert result.exit_code == 0, result.output
    assert "\u202e" not in result.stdout and "&#x202E;" in result.stdout
    assert "\x1b" not in result.stdout
    labels = [e.text for e in ElementTree.fromstring(result.stdout).iter("label")]
    assert "ab\u202ecd\ufffd" in labels


# -- what the first pass left raw ------------------------------------------------------

#: Raw in no data format's bytes either: what each writes as its own escape instead.
REFERRED = re.compile("[\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@settings(max_examples=15)
@given(name=HOSTILE)
def test_json_sarif_and_junit_hold_the_exact_value_with_hidden_characters_escaped(
        tmp_path_factory, name):
    from xml.etree import ElementTree

    from depgraph.core.wording import xml_safe

    path = tmp_path_factory.mktemp("x") / "inv.yaml"
    path.write_text(inventory(name), encoding="utf-8")
    for command, form in (("spof", "json"), ("restore-plan", "json"), ("spof", "sarif")):
        text = run(command, path, "-f", form, *(["--fail", "dc"] * (command != "spof"))).stdout
        assert REFERRED.search(text) is None, (command, form, text)
        found = json.loads(text)
        held = found["runs"][0]["properties"]["inventory"] if form == "sarif" else \
            found["inventory"]["name"]
        assert held == name
    text = run("spof", path, "-f", "junit").stdout
    assert REFERRED.search(text) is None, text
    values = [p.get("value") for p in ElementTree.fromstring(text).iter("property")
              if p.get("name") == "inventory"]
    assert values == [xml_safe(name)]  # exact where XML can hold it


def test_a_selector_quoted_back_in_an_error_stays_on_its_line(tmp_path):
    path = tmp_path / "inv.yaml"
    path.write_text(inventory("x"), encoding="utf-8")
    forged = "\nfile.yaml:1:1: error: FORGED \u202e\x1b[2J"
    for selector in ("db" + forged, "team:db" + forged, "nokey" + forged + ":x"):
        result = run("blast-radius", path, "--fail", selector)
        assert result.exit_code == 2
        assert len([line for line in result.stderr.splitlines() if "FORGED" in line]) == 1
        assert RAW.search(result.stderr) is None, result.stderr
        assert "\\nfile.yaml:1:1: error: FORGED \\u202e\\x1b[2J" in result.stderr
    result = run("export", "open-psa", path, "--target", "db" + forged)
    assert result.exit_code == 2 and RAW.search(result.stderr) is None, result.stderr
    assert result.stderr.count("\n") == 1


def test_a_hostile_file_name_is_shown_escaped_in_every_property(tmp_path):
    folder = tmp_path / "d\x1b[31m\u202e,x:y"
    folder.mkdir()
    path = folder / "inv.yaml"
    spare = yaml.safe_load(inventory("x"))
    spare["providers"].append({"id": "spare"})  # an unused provider: a warning
    path.write_text(yaml.safe_dump(spare), encoding="utf-8")
    bad = folder / "bad.yaml"
    bad.write_text("components:\n  - id: x\n    type: sitex\n", encoding="utf-8")
    for command in ("validate", "spof"):
        for target in (path, bad):
            result = run(command, target, "-f", "github")
            assert result.exit_code in (0, 1, 2), result.output
            assert RAW.search(result.output) is None, (command, result.output)
            assert "file=" in result.output and "d\\x1b[31m\\u202e%2Cx%3Ay" in result.output


def test_open_psa_refers_to_del_and_c1_too(tmp_path):
    from xml.etree import ElementTree

    path = tmp_path / "inv.yaml"
    path.write_text(inventory("a\x7fb\x9bc"), encoding="utf-8")
    result = run("export", "open-psa", path, "--target", "biz")
    assert result.exit_code == 0, result.output
    assert REFERRED.search(result.stdout) is None and "a&#x7F;b&#x9B;c" in result.stdout
    labels = [e.text for e in ElementTree.fromstring(result.stdout).iter("label")]
    assert "a\x7fb\x9bc" in labels

"""The CI formats (SARIF, JUnit XML, GitHub annotations), golden outputs of every format,
and the exit code of every gate.

Golden files live in tests/golden/, one per command, inventory and format; the CLI runs
from the repository root on relative paths, so they hold no path of the machine.
``DEPGRAPH_UPDATE_GOLDEN=1 pytest tests/`` rewrites them; review the diff.
"""

from __future__ import annotations

import hashlib
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner, Result

import depgraph
from depgraph.analysis.lint import RULES
from depgraph.cli.main import cli
from depgraph.core.model import Span
from depgraph.core.problems import Problem
from depgraph.formats.github import escape_data, escape_property
from depgraph.formats.junit import class_name
from depgraph.formats.sarif import FORMAT as SARIF, artifact_location
from tests.helpers import CAMPUS, GOLDEN, ROOT, TESTS, check_golden
from tests.strategies import shuffled

SCHEMA = json.loads((TESTS / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))

FORMATS = ("text", "json", "markdown", "sarif", "junit", "github")
SUFFIXES = {"text": ".txt", "json": ".json", "markdown": ".md", "sarif": ".sarif",
            "junit": ".junit.xml", "github": ".github.txt"}
WEBSHOP = "inventories/webshop.yaml"
FULL = "tests/inventories/valid/full.yaml"  # valid, with a lint warning
MINIMAL = "tests/inventories/valid/minimal.yaml"  # valid, no warning
SEVERAL = "tests/inventories/invalid/several-problems.yaml"  # four errors
VALIDATE_CASES = {"full": (FULL, 0), "several-problems": (SEVERAL, 2)}

# Every target survives any single failure: two independent feeds, no provider, no location.
REDUNDANT = """\
name: Redundant
components:
  - {id: feed-a, type: power}
  - {id: feed-b, type: power}
  - id: app
    type: application
    criticality: critical
    depends_on:
      - any: [feed-a, feed-b]
"""


def invoke(*args: object, env: dict[str, str | None] | None = None) -> Result:
    """``depgraph ARGS``, in-process, outside GitHub Actions unless ``env`` says so."""
    environment = {"GITHUB_ACTIONS": None, **(env or {})}
    return CliRunner().invoke(cli, [str(a) for a in args], env=environment)


def output(*args: object, code: int = 0, **kwargs) -> str:
    result = invoke(*args, **kwargs)
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    return result.stdout


def spof_outputs() -> dict[str, str]:
    return {fmt: output("spof", WEBSHOP, "--format", fmt) for fmt in FORMATS}


@pytest.fixture
def at_root(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(ROOT)
    return ROOT


@pytest.fixture
def baseline(at_root: Path, tmp_path: Path) -> Path:
    """A JSON report of every SPOF of the web shop, to compare against."""
    path = tmp_path / "baseline.json"
    path.write_text(output("spof", WEBSHOP, "--format", "json"), encoding="utf-8")
    return path


def drop_spof(path: Path, kind: str, ident: str) -> Path:
    data = json.loads(path.read_text(encoding="utf-8"))
    data["spofs"] = [s for s in data["spofs"] if (s["kind"], s["id"]) != (kind, ident)]
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def webshop_spofs() -> list[dict]:
    return json.loads(output("spof", WEBSHOP, "--format", "json"))["spofs"]


# -- golden files ------------------------------------------------------------------

@pytest.mark.parametrize("fmt", FORMATS)
def test_spof_golden(at_root: Path, fmt: str) -> None:
    check_golden(f"spof-webshop{SUFFIXES[fmt]}",
                 output("spof", WEBSHOP, "--format", fmt))


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("case", sorted(VALIDATE_CASES))
def test_validate_golden(at_root: Path, case: str, fmt: str) -> None:
    path, code = VALIDATE_CASES[case]
    check_golden(f"validate-{case}{SUFFIXES[fmt]}",
                 output("validate", path, "--format", fmt, code=code))


def test_goldens_hold_no_machine_path() -> None:
    for golden in sorted(GOLDEN.iterdir()):
        text = golden.read_text(encoding="utf-8")
        for machine_path in {str(ROOT), str(Path.home()), "file://"}:
            assert machine_path not in text, golden.name


def _without_places(fmt: str, text: str) -> str:
    """The output less its line and column numbers, which follow the file's layout."""
    if fmt == "sarif":
        log = json.loads(text)
        for result in log["runs"][0]["results"]:
            for location in result["locations"]:
                location["physicalLocation"].pop("region")
        return json.dumps(log, indent=2, sort_keys=True)
    if fmt == "github":
        return re.sub(r",line=\d+,col=\d+", "", text)
    return text


def _defines(lines: list[str], line: int, ident: str) -> bool:
    """Whether the YAML sequence item that starts at ``line`` has ``id: ident``."""
    item = [lines[line - 1]]
    for following in lines[line:]:
        if not following.startswith("  "):
            break
        item.append(following)
    return any(re.fullmatch(rf"(- |  )id: {re.escape(ident)}", text) for text in item)


def test_shuffled_inventory_gives_the_same_outputs(at_root: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    expected = spof_outputs()
    spec = yaml.safe_load((ROOT / WEBSHOP).read_text(encoding="utf-8"))
    mixed = {**{k: v for k, v in spec.items() if k not in ("components", "providers")},
             **shuffled(spec, seed=7)}
    assert [c["id"] for c in mixed["components"]] != [c["id"] for c in spec["components"]]
    assert [p["id"] for p in mixed["providers"]] != [p["id"] for p in spec["providers"]]
    copy = tmp_path / WEBSHOP
    copy.parent.mkdir()
    copy.write_text(yaml.safe_dump(mixed, sort_keys=False, allow_unicode=True),
                    encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    got = spof_outputs()
    for fmt in ("text", "json", "markdown", "junit"):
        assert got[fmt] == expected[fmt], fmt
    for fmt in ("sarif", "github"):  # the same, but for where each SPOF now is
        assert _without_places(fmt, got[fmt]) == _without_places(fmt, expected[fmt]), fmt
    lines = copy.read_text(encoding="utf-8").splitlines()
    for result in json.loads(got["sarif"])["runs"][0]["results"]:
        region = result["locations"][0]["physicalLocation"]["region"]
        assert _defines(lines, region["startLine"], result["properties"]["id"]), result


# -- SARIF -------------------------------------------------------------------------

def sarif_cases(baseline: Path) -> dict[str, dict]:
    return {
        "spof": json.loads(output("spof", WEBSHOP, "--format", "sarif")),
        "spof-baseline": json.loads(output("spof", WEBSHOP, "--format", "sarif",
                                           "--baseline", drop_spof(baseline, "component",
                                                                   "lb"))),
        "validate-warnings": json.loads(output("validate", FULL, "--format", "sarif")),
        "validate-errors": json.loads(output("validate", SEVERAL, "--format", "sarif",
                                             code=2)),
        "validate-clean": json.loads(output("validate", MINIMAL, "--format", "sarif")),
        "spof-data": json.loads(output("spof", CAMPUS, "--data", "--format", "sarif")),
        "spof-data-none": json.loads(output("spof", WEBSHOP, "--data", "--format", "sarif")),
    }


_URI = re.compile(r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?#]|%[0-9A-Fa-f]{2})+")


def is_uri_reference(text: str) -> bool:
    """RFC 3986: only URI characters, and a colon in the first segment only for a scheme
    (the schema's "uri-reference" format, which jsonschema does not check itself)."""
    scheme = re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", text)
    return bool(_URI.fullmatch(text)) and (scheme is not None
                                           or ":" not in text.split("/", 1)[0])


def assert_github_accepts(log: dict) -> None:
    """The requirements of GitHub's "SARIF support for code scanning" page."""
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert log["version"] == "2.1.0"
    assert len(log["runs"]) == 1
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "depgraph" and driver["version"] == depgraph.__version__
    assert driver["informationUri"].startswith("https://")
    assert is_uri_reference(driver["informationUri"]) and is_uri_reference(log["$schema"])
    rules = driver["rules"]
    ids = [rule["id"] for rule in rules]
    assert ids and len(set(ids)) == len(ids)
    for rule in rules:
        assert 0 < len(rule["name"]) <= 255 and " " not in rule["name"]
        for key in ("shortDescription", "fullDescription"):
            assert 0 < len(rule[key]["text"]) <= 1024
        assert rule["help"]["text"]
        assert rule["defaultConfiguration"]["level"] in ("note", "warning", "error")
    for result in run["results"]:
        assert ids[result["ruleIndex"]] == result["ruleId"]
        assert result["level"] in ("note", "warning", "error")
        text = result["message"]["text"]
        assert text and "\n" not in text and "](" not in text  # plain, one line
        assert 1 <= len(result["locations"]) <= 10
        physical = result["locations"][0]["physicalLocation"]
        uri = physical["artifactLocation"]["uri"]
        assert is_uri_reference(uri) and not uri.startswith("/")
        if "region" in physical:
            assert physical["region"]["startLine"] >= 1
            assert physical["region"].get("startColumn", 1) >= 1
        fingerprints = result["partialFingerprints"]
        assert re.fullmatch(r"[0-9a-f]{32}", fingerprints["depgraph/v1"])
        # the upload action computes primaryLocationLineHash and warns about any other
        assert "primaryLocationLineHash" not in fingerprints


def test_sarif_validates_against_the_official_schema(baseline: Path) -> None:
    jsonschema.Draft4Validator.check_schema(SCHEMA)
    validator = jsonschema.Draft4Validator(SCHEMA,
                                           format_checker=jsonschema.FormatChecker())
    for name, log in sarif_cases(baseline).items():
        errors = sorted(validator.iter_errors(log), key=str)
        assert not errors, f"{name}: {errors[0].message} at {list(errors[0].path)}"
        assert_github_accepts(log)


def test_sarif_spof_results(at_root: Path) -> None:
    log = json.loads(output("spof", WEBSHOP, "--format", "sarif"))
    results = log["runs"][0]["results"]
    spofs = webshop_spofs()
    assert [(r["properties"]["kind"], r["properties"]["id"]) for r in results] == [
        (s["kind"], s["id"]) for s in spofs]  # the report's ranking
    # Locations share the component rule: an alert keeps its rule when a component
    # becomes a location.
    assert {r["ruleId"] for r in results} == {"spof/component", "spof/provider"}
    for result, spof in zip(results, spofs):
        rule = "spof/provider" if spof["kind"] == "provider" else "spof/component"
        assert result["ruleId"] == rule and result["level"] == "error"
        assert result["properties"]["kills"] == spof["kills"]
        assert result["properties"]["blast_radius"] == spof["blast_radius"]
        assert spof["why"] in result["message"]["text"]
        assert "baselineState" not in result
        physical = result["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"] == {"uri": WEBSHOP, "uriBaseId": "%SRCROOT%"}
    inventory = depgraph.load_inventory(WEBSHOP)
    by_id = {r["properties"]["id"]: r["locations"][0]["physicalLocation"]["region"]
             for r in results}
    assert by_id["lb"]["startLine"] == inventory["lb"].span.line
    assert by_id["cloudy"]["startLine"] == inventory.providers["cloudy"].span.line
    assert by_id["cloudy"]["startColumn"] == inventory.providers["cloudy"].span.column
    for result in results:  # the SPOF's key: a component that becomes a location keeps it
        kind, ident = result["properties"]["kind"], result["properties"]["id"]
        key = f"{'provider' if kind == 'provider' else 'component'}:{ident}"
        assert result["partialFingerprints"] == {
            "depgraph/v1": hashlib.sha256(key.encode()).hexdigest()[:32]}


def test_sarif_baseline_state(baseline: Path) -> None:
    drop_spof(baseline, "component", "lb")
    log = json.loads(output("spof", WEBSHOP, "--format", "sarif", "--baseline", baseline))
    states = {r["properties"]["id"]: r["baselineState"] for r in log["runs"][0]["results"]}
    assert states.pop("lb") == "new"
    assert set(states.values()) == {"unchanged"}


def test_sarif_problems(at_root: Path) -> None:
    log = json.loads(output("validate", SEVERAL, "--format", "sarif", code=2))
    run = log["runs"][0]
    rule_ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert set(rule_ids) == {"invalid-inventory", *RULES}
    results = run["results"]
    assert len(results) == 4
    assert {r["ruleId"] for r in results} == {"invalid-inventory"}
    assert {r["level"] for r in results} == {"error"}
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"]
            for r in results] == [8, 9, 12, 14]
    warning = json.loads(output("validate", FULL, "--format", "sarif"))["runs"][0]["results"]
    assert [(r["ruleId"], r["level"]) for r in warning] == [("shared-cause", "warning")]


def test_sarif_problem_without_line_has_no_region() -> None:
    log = json.loads(SARIF.problems([Problem(Span("inv.yaml"), "empty file")], None))
    physical = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert physical == {"artifactLocation": {"uri": "inv.yaml", "uriBaseId": "%SRCROOT%"}}


def test_sarif_paths(tmp_path: Path) -> None:
    assert artifact_location("inventories\\dc a.yaml") == {
        "uri": "inventories/dc%20a.yaml", "uriBaseId": "%SRCROOT%"}
    assert artifact_location("./inv.yaml") == {"uri": "inv.yaml", "uriBaseId": "%SRCROOT%"}
    assert artifact_location("/srv/estate/inv.yaml") == {"uri": "file:///srv/estate/inv.yaml"}
    (tmp_path / "inv.yaml").write_text(REDUNDANT.replace("- any: [feed-a, feed-b]",
                                                         "- feed-a"), encoding="utf-8")
    absolute = json.loads(output("spof", tmp_path / "inv.yaml", "--format", "sarif"))
    location = absolute["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": (tmp_path / "inv.yaml").as_uri()}
    assert "originalUriBaseIds" not in absolute["runs"][0]


# -- JUnit XML ---------------------------------------------------------------------

def junit(*args: object, code: int = 0) -> ET.Element:
    text = output(*args, "--format", "junit", code=code)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return ET.fromstring(text.encode("utf-8"))


def test_junit_spof(at_root: Path) -> None:
    report = json.loads(output("spof", WEBSHOP, "--format", "json"))
    root = junit("spof", WEBSHOP)
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    cases = suite.findall("testcase")
    assert suite.get("name") == "depgraph.spof"
    assert [case.get("name") for case in cases] == report["targets"]
    assert {case.get("classname") for case in cases} == {"depgraph.spof.web_shop"}
    failing = [case.get("name") for case in cases if case.find("failure") is not None]
    assert failing == report["at_risk"]
    for element in (root, suite):
        assert element.get("tests") == str(len(report["targets"]))
        assert element.get("failures") == str(len(report["at_risk"]))
        assert element.get("errors") == "0"
    for case in cases:
        failure = case.find("failure")
        if failure is None:
            continue
        assert failure.get("type") == "spof"
        killers = [s for s in report["spofs"] if case.get("name") in s["kills"]]
        assert failure.get("message").startswith(f"{len(killers)} single point")
        for spof in killers:
            assert f"{spof['kind']} {spof['id']}: kills" in failure.text
            assert spof["why"] in failure.text


def test_junit_with_a_baseline_of_every_spof_has_no_failure(baseline: Path) -> None:
    root = junit("spof", WEBSHOP, "--baseline", baseline)
    assert root.find("testsuite").get("failures") == "0"
    assert root.findall(".//failure") == []
    assert "Known single points of failure" in root.find(".//system-out").text


def test_junit_with_a_baseline_fails_only_on_new_spofs(baseline: Path) -> None:
    drop_spof(baseline, "component", "lb")  # lb kills checkout and storefront
    root = junit("spof", WEBSHOP, "--baseline", baseline)
    failing = {case.get("name"): case.find("failure") for case in root.iter("testcase")
               if case.find("failure") is not None}
    assert sorted(failing) == ["checkout", "storefront"]
    for failure in failing.values():
        assert failure.text.startswith("component lb: kills 2 targets")
        assert "cloudy" not in failure.text


def test_junit_problems(at_root: Path) -> None:
    invalid = junit("validate", SEVERAL, code=2)
    (case,) = invalid.iter("testcase")
    assert case.get("name") == SEVERAL
    failure = case.find("failure")
    assert failure.get("type") == "error"
    assert len(failure.text.splitlines()) == 4
    assert invalid.get("failures") == "1"
    warned = junit("validate", FULL)
    (case,) = warned.iter("testcase")
    assert case.find("failure") is None
    assert "[shared-cause]" in case.find("system-out").text
    clean = junit("validate", MINIMAL)
    (case,) = clean.iter("testcase")
    assert case.get("name") == MINIMAL and list(case) == []


SPLIT = "tests/inventories/valid/split"  # a warning in infra.yaml, none in apps.yaml


def test_junit_strict_fails_the_files_with_warnings(at_root: Path) -> None:
    # validate --strict exits 1 on warnings: the report must not show every test passing.
    root = junit("validate", SPLIT, "--strict", code=1)
    cases = {case.get("name"): case for case in root.iter("testcase")}
    assert sorted(cases) == [f"{SPLIT}/apps.yaml", f"{SPLIT}/infra.yaml"]
    assert list(cases[f"{SPLIT}/apps.yaml"]) == []
    failure = cases[f"{SPLIT}/infra.yaml"].find("failure")
    assert failure.get("type") == "warning"
    assert failure.get("message") == (
        "1 warning (--strict: warnings fail the check): dependency cycle of 2 components: "
        "backup-agent, erp (component 'backup-agent'); legal: a cold start gets through it "
        "(a redundancy group bypasses it)")
    assert failure.text == f"{SPLIT}/infra.yaml:10:5: warning: dependency cycle of 2 " \
        "components: backup-agent, erp (component 'backup-agent'); legal: a cold start gets " \
        "through it (a redundancy group bypasses it) [cycle]"
    assert cases[f"{SPLIT}/infra.yaml"].find("system-out") is None  # said once, as the failure
    assert root.get("failures") == root.find("testsuite").get("failures") == "1"
    assert root.find(".//property[@name='valid']").get("value") == "true"
    # Without --strict the warnings pass, in system-out.
    lenient = junit("validate", SPLIT)
    assert lenient.findall(".//failure") == [] and lenient.get("failures") == "0"
    assert "[cycle]" in lenient.find(".//system-out").text


def test_strict_changes_only_the_reports_of_a_run_it_fails(at_root: Path) -> None:
    for fmt in FORMATS:
        # No warning (none, or switched off): --strict changes nothing.
        for args in ([MINIMAL], [FULL, "--disable", "shared-cause"]):
            assert output("validate", *args, "--strict", "--format", fmt) == \
                output("validate", *args, "--format", fmt)
        assert output("validate", SEVERAL, "--strict", "--format", fmt, code=2) == \
            output("validate", SEVERAL, "--format", fmt, code=2)
        strict = output("validate", FULL, "--strict", "--format", fmt, code=1)
        lenient = output("validate", FULL, "--format", fmt)
        if fmt in ("json", "markdown", "sarif"):  # the counts and the exit code say it
            assert strict == lenient
        else:
            assert strict != lenient and "(--strict: warnings fail the check)" in strict
    assert output("validate", FULL, "--strict", code=1).splitlines()[-1] == \
        "valid: 15 components, 3 providers, 1 warning (--strict: warnings fail the check)"
    assert output("validate", FULL, "--strict", "--format", "github", code=1).splitlines()[-1] \
        == "depgraph: the inventory is valid: 0 errors, 1 warning " \
           "(--strict: warnings fail the check)."


def test_junit_class_name_and_unprintable_characters(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    assert class_name("depgraph.spof", "Web shop") == "depgraph.spof.web_shop"
    inventory = tmp_path / "inv.yaml"
    inventory.write_text(REDUNDANT.replace("name: Redundant", 'name: "bell\\x07 <&>"'),
                         encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    root = junit("spof", "inv.yaml")
    names = [p.get("value") for p in root.iter("property") if p.get("name") == "inventory"]
    assert names == ["bell\ufffd <&>"]
    assert root.find(".//testcase").get("classname") == "depgraph.spof.bell"


# -- GitHub annotations ------------------------------------------------------------

def test_github_escaping() -> None:
    assert escape_data("a%b\r\nc:d,e") == "a%25b%0D%0Ac:d,e"
    # A property is a value: its line break is shown, never decoded back into one.
    assert escape_property("a%b\r\nc:d,e") == "a%25b\\r\\nc%3Ad%2Ce"


def test_github_one_error_per_spof(at_root: Path) -> None:
    spofs = webshop_spofs()
    lines = output("spof", WEBSHOP, "--format", "github").splitlines()
    errors = [line for line in lines if line.startswith("::error ")]
    assert len(errors) == len(spofs) == len(lines) - 1
    assert lines[-1].startswith("depgraph: 10 single points of failure")
    inventory = depgraph.load_inventory(WEBSHOP)
    for line, spof in zip(errors, spofs):
        span = (inventory.providers[spof["id"]] if spof["kind"] == "provider"
                else inventory[spof["id"]]).span
        assert line.startswith(f"::error file={WEBSHOP},line={span.line},col={span.column},"
                               f"title=Single point of failure%3A {spof['kind']} {spof['id']}::")
        assert escape_data(spof["why"]) in line


def test_github_baseline_annotates_only_new_spofs(baseline: Path) -> None:
    drop_spof(baseline, "provider", "payco")
    lines = output("spof", WEBSHOP, "--format", "github", "--baseline", baseline).splitlines()
    assert [line for line in lines if line.startswith("::")] == [lines[0]]
    assert "title=Single point of failure%3A provider payco::" in lines[0]
    assert lines[-1].endswith("1 new against the baseline, 9 known (not annotated).")


def test_github_escapes_hostile_paths_and_messages(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "odd,dir:1"
    folder.mkdir()
    (folder / "inv.yaml").write_text(REDUNDANT.replace("- any: [feed-a, feed-b]", "- feed-a"),
                                     encoding="utf-8")
    (folder / "bad.yaml").write_text(
        'components:\n  - id: x\n    type: site\n    "100%\\n::error::injected": 1\n',
        encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    lines = output("spof", "odd,dir:1/inv.yaml", "--format", "github").splitlines()
    assert lines[0].startswith("::error file=odd%2Cdir%3A1/inv.yaml,line=3,col=5,")
    invalid = output("validate", "odd,dir:1/bad.yaml", "--format", "github", code=2)
    assert all(line.startswith(("::error file=odd%2Cdir%3A1/bad.yaml,", "depgraph: "))
               for line in invalid.splitlines()), invalid
    # The line break is shown, not sent (GitHub would make it a line of the message).
    assert "unknown key '100%25\\n::error::injected'" in invalid
    sarif = json.loads(output("spof", "odd,dir:1/inv.yaml", "--format", "sarif"))
    assert_github_accepts(sarif)
    location = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "odd%2Cdir%3A1/inv.yaml"
    assert not is_uri_reference("odd,dir:1/inv.yaml")  # unescaped, it would read as a scheme


def test_github_is_chosen_under_github_actions(at_root: Path) -> None:
    actions = {"GITHUB_ACTIONS": "true"}
    spof = output("spof", WEBSHOP, env=actions)
    assert spof.startswith("::error file=inventories/webshop.yaml,")
    assert "::error" not in output("spof", WEBSHOP, "--format", "text", env=actions)
    assert "::error" not in output("spof", WEBSHOP)
    warned = output("validate", FULL, env=actions)
    assert warned.startswith("::warning file=tests/inventories/valid/full.yaml,line=105,")


# -- exit codes of the gates -------------------------------------------------------

def test_fail_on_spof(at_root: Path, tmp_path: Path) -> None:
    assert invoke("spof", WEBSHOP, "--fail-on-spof").exit_code == 1
    assert invoke("spof", WEBSHOP).exit_code == 0
    redundant = tmp_path / "redundant.yaml"
    redundant.write_text(REDUNDANT, encoding="utf-8")
    result = invoke("spof", redundant, "--fail-on-spof", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["spofs"] == []


def test_fail_on_spof_with_a_baseline(baseline: Path) -> None:
    assert invoke("spof", WEBSHOP, "--baseline", baseline, "--fail-on-spof").exit_code == 0
    drop_spof(baseline, "location", "zone-a")
    result = invoke("spof", WEBSHOP, "--baseline", baseline, "--fail-on-spof")
    assert result.exit_code == 1
    assert "Against the baseline: 1 new." in result.stdout


@pytest.mark.parametrize("content, place", [
    ('{\n  "spofs": [\n    {"kind": "component",, "id": "lb"}\n', ":3:26: error: invalid JSON"),
    ("[1, 2]", ": error: not a SPOF report"),
    ('{"spofs": [{"kind": "component"}]}', ": error: not a SPOF report"),
    (b"\xff\xfe{}", ": error: not UTF-8"),
], ids=["invalid-json", "not-an-object", "entry-without-id", "not-utf8"])
def test_malformed_baseline(at_root: Path, tmp_path: Path, content, place: str) -> None:
    path = tmp_path / "baseline.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    result = invoke("spof", WEBSHOP, "--baseline", path, "--fail-on-spof")
    assert result.exit_code == 2
    assert f"{path}{place}" in result.stderr, result.stderr
    assert "Traceback" not in result.output
    assert result.stdout == ""


def test_validate_gates(at_root: Path) -> None:
    assert invoke("validate", FULL).exit_code == 0
    assert invoke("validate", FULL, "--strict").exit_code == 1
    assert invoke("validate", FULL, "--strict", "--disable", "shared-cause").exit_code == 0
    assert invoke("validate", MINIMAL, "--strict").exit_code == 0
    assert invoke("validate", SEVERAL).exit_code == 2
    assert invoke("validate", SEVERAL, "--strict").exit_code == 2
    for fmt in ("sarif", "junit", "github"):  # the format does not change the verdict
        assert invoke("validate", FULL, "--strict", "--format", fmt).exit_code == 1
        assert invoke("validate", SEVERAL, "--format", fmt).exit_code == 2


def test_spof_data_in_every_format_and_as_a_gate() -> None:
    log = json.loads(output("spof", CAMPUS, "--data", "--format", "sarif"))
    results = log["runs"][0]["results"]
    assert [(r["ruleId"], r["properties"]["id"]) for r in results] == [
        ("data-spof/component", "campus-site"), ("data-spof/provider", "campus"),
        ("data-spof/component", "hall-2")]
    assert results[2]["locations"][0]["physicalLocation"]["region"]["startLine"] == 87
    junit = output("spof", CAMPUS, "--data", "--format", "junit")
    assert junit.count("<testcase ") == 3 and junit.count("<failure ") == 2
    github = output("spof", CAMPUS, "--data", "--format", "github")
    assert github.count("::error ") == 3
    data = json.loads(output("spof", CAMPUS, "--data", "--format", "json"))
    assert data["at_risk"] == ["mailboxes", "shop-orders"]
    assert "every copy of mailboxes" in output("spof", CAMPUS, "--data", "-f", "markdown")
    assert invoke("spof", CAMPUS, "--data", "--fail-on-spof").exit_code == 1
    assert invoke("spof", WEBSHOP, "--data", "--fail-on-spof").exit_code == 0
    refused = invoke("spof", CAMPUS, "--data", "--order", "2")
    assert refused.exit_code == 2 and "--order is for failures" in refused.output

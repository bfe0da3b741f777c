"""`depgraph blast-radius`: selectors, formats, -o, and the shipped scenarios."""

from __future__ import annotations

import json
import re
import subprocess

import pytest
import yaml

import depgraph
from depgraph.cli.main import cli
from tests.helpers import CAMPUS, HOSPITAL, PYTHON, ROOT, VALID, WEBSHOP, complete, run

CHAIN = VALID / "located-chain.yaml"
CYCLE = VALID / "cycle.yaml"
ANCHORS = VALID / "anchors.yaml"


def radius(*args: object) -> dict:
    """Run blast-radius in JSON and return the parsed result (asserting success)."""
    result = run("blast-radius", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return json.loads(result.stdout)


def assert_usage_error(result, *fragments: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr


# -- selectors -----------------------------------------------------------------------

def test_select_by_id():
    data = radius(WEBSHOP, "--fail", "db-1")
    assert data["initial"] == ["db-1"]
    assert data["failed"] == ["db-1"]
    assert data["degraded"] == ["db-cluster"]


def test_select_by_key_value():
    data = radius(WEBSHOP, "--fail", "type:database")
    assert data["initial"] == ["cache-a", "cache-b", "db-1", "db-2", "db-3"]
    assert {"cache", "db-cluster", "checkout", "browse-catalog"} <= set(data["failed"])


def test_comma_means_and():
    data = radius(WEBSHOP, "--fail", "located_in:zone-a,type:database")
    assert data["initial"] == ["cache-a", "db-1", "db-3"]
    assert data["scenario"] == {"fail": ["located_in:zone-a,type:database"]}


def test_repeated_fail_is_a_union():
    one = radius(WEBSHOP, "--fail", "db-1")
    both = radius(WEBSHOP, "--fail", "db-1", "--fail", "db-2")
    assert both["initial"] == ["db-1", "db-2"]
    assert "db-cluster" in both["failed"] and "db-cluster" not in one["failed"]
    assert "checkout" in both["failed"]
    overlapping = radius(WEBSHOP, "--fail", "type:database", "--fail", "db-1")
    assert overlapping["initial"] == ["cache-a", "cache-b", "db-1", "db-2", "db-3"]


def test_glob_selector():
    data = radius(HOSPITAL, "--fail", "id:h0*-lan")
    assert data["initial"] == [f"h0{n}-lan" for n in range(1, 10)]


def test_located_in_is_transitive():
    data = radius(CHAIN, "--fail", "located_in:dc-east")
    # Everything inside dc-east at any depth, but not dc-east itself.
    assert data["initial"] == ["hall-1", "rack-7", "server-1", "server-2", "vm-1"]
    assert data["failed"] == data["initial"]
    assert data["degraded"] == ["service"]
    deeper = radius(CHAIN, "--fail", "located_in:site-east,type:compute")
    assert deeper["initial"] == ["rack-7", "server-1", "server-2", "vm-1"]


def test_failing_a_location_fails_its_whole_chain():
    data = radius(CHAIN, "--fail", "site-east")
    assert data["failed"] == ["dc-east", "hall-1", "rack-7", "server-1", "server-2",
                              "site-east", "vm-1"]
    steps = data["explanations"]["vm-1"]
    assert [s["component"] for s in steps] == ["vm-1", "server-1", "rack-7", "hall-1",
                                               "dc-east", "site-east"]
    assert all(s["reason"] == "located_in" for s in steps[:-1])
    assert steps[-1]["reason"] == "initial"


def test_selectors_see_merged_keys():
    assert radius(ANCHORS, "--fail", "criticality:low")["initial"] == ["web-3"]
    assert radius(ANCHORS, "--fail", "provider:cloudy")["initial"] == \
        ["web-1", "web-2", "web-3", "web-4"]
    assert radius(ANCHORS, "--fail", "team:platform,criticality:high")["initial"] == \
        ["web-1", "web-2", "web-4"]


@pytest.mark.parametrize("selector, message", [
    ("no-such-component", "error: selector 'no-such-component': no component "
                          "'no-such-component'"),
    ("tag:nothing", "error: selector 'tag:nothing' matches no component"),
    ("provider:cloudy,type:business",
     "error: selector 'provider:cloudy,type:business' matches no component"),
    ("id:zz*", "error: selector 'id:zz*': no component 'zz*'"),
    ("zonea", "error: selector 'zonea': no component 'zonea'; did you mean 'zone-a'?"),
    ("cloudy", "error: selector 'cloudy': no component 'cloudy'; 'cloudy' is a provider: "
               "did you mean 'provider:cloudy'?"),
    ("ZONE-A", "error: selector 'ZONE-A': no component 'ZONE-A'; did you mean 'zone-a'?"),
    ("provider:PAYCO", "error: selector 'provider:PAYCO': no provider 'PAYCO'; "
                       "did you mean 'payco'?"),
    ("type:Power", "error: selector 'type:Power': no type 'Power'; did you mean 'power'?"),
])
def test_selector_matching_nothing_is_an_error(selector, message):
    result = run("blast-radius", WEBSHOP, "--fail", selector)
    assert_usage_error(result, message)


def test_one_empty_selector_among_several_is_an_error():
    result = run("blast-radius", WEBSHOP, "--fail", "zone-a", "--fail", "tag:nothing")
    assert_usage_error(result, "selector 'tag:nothing' matches no component")


def test_unknown_selector_key_suggests():
    result = run("blast-radius", WEBSHOP, "--fail", "typ:power")
    assert_usage_error(result, "unknown selector key 'typ' in 'typ:power'; did you mean 'type'?")


def test_unknown_type_in_selector_suggests():
    result = run("blast-radius", WEBSHOP, "--fail", "type:powr")
    assert_usage_error(result, "no type 'powr'; did you mean 'power'?")


def test_unknown_provider_in_selector_suggests():
    result = run("blast-radius", WEBSHOP, "--fail", "provider:clody")
    assert_usage_error(result, "selector 'provider:clody': no provider 'clody'; "
                               "did you mean 'cloudy'?")


@pytest.mark.parametrize("selector, message", [
    ("id:", "'id:' needs a value"),
    ("zone-a,", "has an empty filter"),
    ("a,,b", "has an empty filter"),
    ("", "has an empty filter"),
])
def test_malformed_selectors(selector, message):
    assert_usage_error(run("blast-radius", WEBSHOP, "--fail", selector), message)


def test_fail_or_a_scenario_is_required():
    result = run("blast-radius", WEBSHOP)
    assert result.exit_code == 2
    assert "say what fails: --fail SELECTOR, or --scenario ID" in result.output
    both = run("blast-radius", CAMPUS, "--fail", "hall-1", "--scenario", "grid-loss")
    assert both.exit_code == 2 and "not both" in both.output
    moment = run("blast-radius", WEBSHOP, "--fail", "zone-a", "--at", "1h")
    assert moment.exit_code == 2 and "--at is a moment of a scenario" in moment.output


def test_a_scenario_at_a_moment_is_what_is_down_then():
    early = run("blast-radius", CAMPUS, "--scenario", "grid-loss", "--at", "5m", "-f", "json")
    assert early.exit_code == 0, early.output
    data = json.loads(early.stdout)
    assert data["failed"] == ["campus-power", "substation"]
    assert data["initial"] == ["campus-power", "substation"]
    assert sorted(data["riding_through"]) == ["hall-1", "hall-2", "hall-3", "hall-4"]
    assert data["notes"]["substation"].startswith("is hit by the event at 0m")
    assert "changes over" in data["notes"]["campus-power"]
    late = json.loads(run("blast-radius", CAMPUS, "--scenario", "grid-loss", "--at", "10m",
                          "-f", "json").stdout)  # the halls' UPS ran out
    assert {"hall-1", "hall-2", "hall-3", "hall-4"} <= set(late["failed"])
    assert late["riding_through"] == {}
    steps = late["explanations"]["hall-1"]
    assert [s["component"] for s in steps] == ["hall-1", "campus-power"]
    ever = json.loads(run("blast-radius", CAMPUS, "--scenario", "hall-2-fire", "-f",
                          "json").stdout)
    assert len(ever["failed"]) == 18 and "moment" in ever["scenario"]
    unknown = run("blast-radius", CAMPUS, "--scenario", "grid-los")
    assert unknown.exit_code == 2 and "did you mean 'grid-loss'" in unknown.output


def test_invalid_inventory_gives_located_errors_and_no_result():
    bad = VALID.parent / "invalid" / "unknown-ref-located-in.yaml"
    result = run("blast-radius", bad, "--fail", "dc-east")
    assert_usage_error(result, f"{bad}:8:17: error: unknown component 'dc-eastt'")


def test_bad_format_is_a_usage_error():
    result = run("blast-radius", WEBSHOP, "--fail", "zone-a", "--format", "yaml")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Invalid value for '--format'" in result.output


# -- formats -------------------------------------------------------------------------

def test_json_contract():
    data = radius(WEBSHOP, "--fail", "zone-a")
    assert {"failed", "initial", "degraded", "explanations"} <= set(data)
    for key in ("failed", "initial", "degraded"):
        assert data[key] == sorted(set(data[key])), key
    assert set(data["initial"]) <= set(data["failed"])
    assert not set(data["degraded"]) & set(data["failed"])
    assert set(data["explanations"]) == set(data["failed"])
    for ident, steps in data["explanations"].items():
        assert steps[0]["component"] == ident
        assert steps[-1]["reason"] == "initial"
        assert steps[-1]["component"] in data["initial"]
        for step, following in zip(steps, steps[1:]):
            assert step["cause"] == following["component"]
    assert data["summary"]["failed"] == len(data["failed"]) == 9
    assert data["summary"]["components"] == 21


def test_text_format():
    result = run("blast-radius", WEBSHOP, "--fail", "zone-a")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[:3] == ["Blast radius in Web shop", "Scenario: fail zone-a",
                         "  9 of 21 components fail (1 initially), 2 degraded."]
    assert "FAILED (9)" in lines
    assert "DEGRADED, still working (2)" in lines
    assert "    x checkout  (Checkout (take orders and payments))" in lines
    assert "    ~ storefront  (Storefront (web application))" in lines
    assert result.stderr == ""


def test_text_is_the_default_format():
    assert run("blast-radius", WEBSHOP, "--fail", "zone-a").stdout == \
        run("blast-radius", WEBSHOP, "--fail", "zone-a", "-f", "text").stdout


def test_markdown_format():
    result = run("blast-radius", WEBSHOP, "--fail", "zone-a", "--format", "markdown")
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("# Blast radius: Web shop\n")
    assert "**Scenario:** fail `zone-a`" in out
    assert "## Failed (9)" in out
    assert "## Degraded (2)" in out
    assert re.search(r"^\| business \| `checkout` \|", out, re.M)
    assert "| failed in all | 9 |" in out


def test_output_file_and_summary_on_stderr(tmp_path):
    out = tmp_path / "out.json"
    result = run("blast-radius", WEBSHOP, "--fail", "zone-a", "-f", "json", "-o", out)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "9 of 21 components fail (1 initially), 2 degraded\n"
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written == radius(WEBSHOP, "--fail", "zone-a")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


def test_json_on_stdout_also_summarises_on_stderr():
    result = run("blast-radius", WEBSHOP, "--fail", "zone-a", "-f", "json")
    assert result.stderr == "9 of 21 components fail (1 initially), 2 degraded\n"


def test_output_is_independent_of_entry_order(tmp_path):
    data = yaml.safe_load(WEBSHOP.read_text(encoding="utf-8"))
    data["components"].reverse()
    data["providers"].reverse()
    for component in data["components"]:
        for requirement in component.get("depends_on", []):
            if isinstance(requirement, dict):
                for key in ("any", "of"):
                    if key in requirement:
                        requirement[key].reverse()
            component["depends_on"] = component["depends_on"][::-1]
    shuffled = tmp_path / "shuffled.yaml"
    shuffled.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                        encoding="utf-8")
    for fmt in ("json", "text", "markdown"):
        first = run("blast-radius", WEBSHOP, "--fail", "zone-a", "-f", fmt)
        second = run("blast-radius", shuffled, "--fail", "zone-a", "-f", fmt)
        assert first.exit_code == second.exit_code == 0
        assert first.stdout == second.stdout, fmt


# -- the command line as a whole -----------------------------------------------------

def test_python_m_version():
    proc = subprocess.run([PYTHON, "-m", "depgraph", "--version"], capture_output=True,
                          text=True, timeout=60, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"depgraph, version {depgraph.__version__}"


@pytest.mark.parametrize("command", [[]] + [[name] for name in sorted(cli.commands)])
@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help(command, flag):
    result = run(*command, flag)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Usage: ")
    assert "Traceback" not in result.output


def test_every_command_is_listed_in_the_group_help():
    text = run("--help").stdout
    assert {"validate", "blast-radius"} <= set(cli.commands)
    for name in cli.commands:
        assert name in text


# -- the shipped scenarios -----------------------------------------------------------

HOSPITAL_SERVICES = ("emergency", "care", "telephony", "messaging")


def test_headline_hospital_group_power_failure():
    data = radius(HOSPITAL, "--fail", "provider:hostco,type:power")
    inventory = depgraph.load_inventory(HOSPITAL)
    failed = set(data["failed"])
    hospitals = [f"h{n:02d}" for n in range(1, 39)]
    assert all(h in inventory for h in hospitals) and "h39" not in inventory
    for service in HOSPITAL_SERVICES:
        ids = {i for i in inventory.components if re.fullmatch(rf"h\d\d-{service}", i)}
        assert ids == {f"{h}-{service}" for h in hospitals}
        assert ids <= failed, sorted(ids - failed)
    imaging = {i for i in inventory.components if re.fullmatch(r"h\d\d-imaging", i)}
    assert len(imaging) == 38
    assert not imaging & failed, sorted(imaging & failed)
    assert "payroll" in inventory and "payroll" not in failed
    assert all(inventory[i].provider == "hostco" and inventory[i].type == "power"
               for i in data["initial"])
    assert set(data["initial"]) == {"hostco-ats", "hostco-generator", "hostco-pdu-a",
                                    "hostco-pdu-b", "hostco-ups"}


def test_headline_explanation_of_h01_care_ends_with_an_initial_failure():
    data = radius(HOSPITAL, "--fail", "provider:hostco,type:power")
    steps = data["explanations"]["h01-care"]
    assert steps[0]["component"] == "h01-care"
    assert steps[-1]["reason"] == "initial"
    assert steps[-1]["text"].endswith("failed initially")
    assert steps[-1]["component"] in data["initial"]
    assert len(steps) >= 2
    text = run("blast-radius", HOSPITAL, "--fail", "provider:hostco,type:power").stdout
    lines = text.splitlines()
    why = lines[lines.index(next(l for l in lines if l.startswith("    x h01-care"))) + 1]
    assert why.strip().endswith("failed initially")


def test_webshop_zone_a_breaks_checkout_through_the_quorum():
    data = radius(WEBSHOP, "--fail", "zone-a")
    assert data["initial"] == ["zone-a"]
    assert data["failed"] == ["cache-a", "checkout", "db-1", "db-3", "db-cluster", "order-fulfilment",
                              "order-worker", "web-a", "zone-a"]
    assert data["degraded"] == ["cache", "storefront"]
    assert "browse-catalog" not in data["failed"]
    checkout = data["explanations"]["checkout"]
    assert [s["component"] for s in checkout][:2] == ["checkout", "db-cluster"]
    cluster = data["explanations"]["db-cluster"]
    assert cluster[0]["reason"] == "at_least"
    assert cluster[0]["left"] == ["db-2"]
    assert "only 1 of 3 of [db-1, db-2, db-3] left, needs 2" in cluster[0]["text"]
    text = run("blast-radius", WEBSHOP, "--fail", "zone-a").stdout
    assert "only 1 of 3 of [db-1, db-2, db-3] left, needs 2" in text


def test_webshop_zone_b_stops_fulfilment_only():
    data = radius(WEBSHOP, "--fail", "zone-b")
    assert "order-fulfilment" in data["failed"]
    assert "checkout" not in data["failed"]
    assert "db-cluster" in data["degraded"]


# -- cycles ----------------------------------------------------------------------------

def test_cycle_fails_both_ways_and_explanations_end():
    data = radius(CYCLE, "--fail", "dns")
    assert data["failed"] == ["directory", "dns", "login"]
    assert [s["component"] for s in data["explanations"]["login"]] == \
        ["login", "directory", "dns"]


def test_cycle_of_redundancy_survives_greatest_fixpoint():
    # ring-a and ring-b each need the other or the uplink: losing the uplink leaves both
    # working (each still has the other), only degraded.
    data = radius(CYCLE, "--fail", "uplink")
    assert data["failed"] == ["uplink"]
    assert data["degraded"] == ["ring-a", "ring-b"]
    both = radius(CYCLE, "--fail", "uplink", "--fail", "ring-a")
    assert both["failed"] == ["ring-a", "ring-b", "uplink"]


def test_shell_completion_offers_selector_keys_then_values(monkeypatch):
    shop = str(WEBSHOP)
    assert "provider:" in complete(f"depgraph blast-radius {shop} --fail prov", monkeypatch)
    assert complete(f"depgraph blast-radius {shop} --fail provider:c", monkeypatch) == \
        ["provider:cloudy"]
    assert complete(f"depgraph blast-radius {shop} --fail type:power,located_in:z",
                     monkeypatch) == ["type:power,located_in:zone-a", "type:power,located_in:zone-b"]


def test_a_start_only_requirement_fails_nothing():
    """The shop servers need the key vault only to boot: its failure takes none down."""
    data = json.loads(run("blast-radius", CAMPUS, "--fail", "key-vault", "-f", "json").stdout)
    assert data["failed"] == ["key-vault"]

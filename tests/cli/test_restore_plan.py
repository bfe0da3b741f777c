"""`depgraph restore-plan`: the contract's JSON, formats, gates, errors, and the shipped
hospital scenario's timeline."""

from __future__ import annotations

import json

import pytest
import yaml

from depgraph.core.durations import parse_duration
from tests.helpers import HOSPITAL, WEBSHOP, run

HOUR = 60


def plan(*args: object) -> dict:
    result = run("restore-plan", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_the_json_holds_the_contract_keys():
    data = plan(WEBSHOP, "--fail", "zone-a")
    assert {"total_minutes", "steps", "critical_path", "rto_breaches", "unrestorable",
            "deadlocks"} <= set(data)
    assert data["total_minutes"] == max(s["end_minutes"] for s in data["steps"])
    for step in data["steps"]:
        assert {"id", "wave", "start_minutes", "end_minutes"} <= set(step)
    assert [s["id"] for s in data["steps"]] == sorted(
        (s["id"] for s in data["steps"]),
        key=lambda i: next((s["start_minutes"], s["end_minutes"], s["id"])
                           for s in data["steps"] if s["id"] == i))
    assert data["critical_path"][0] == "zone-a"
    assert data["rto_breaches"] == ["checkout", "db-cluster", "web-a"]
    assert data["unrestorable"] == [] and data["deadlocks"] == []


def test_the_hospital_example_reproduces_the_incident_timeline():
    """Power back at 3 h; network, Internet, messaging and telephony within the first
    night; the last applications after three to four days."""
    data = plan(HOSPITAL, "--fail", "provider:hostco,type:power", "--repair", "3h")
    back = {s["id"]: s["end_minutes"] for s in data["steps"]}
    inventory = yaml.safe_load(HOSPITAL.read_text(encoding="utf-8"))
    types = {c["id"]: c["type"] for c in inventory["components"]}
    power = [i for i in data["initial"] if types[i] == "power"]
    assert power and max(back[i] for i in power) == 3 * HOUR
    assert data["initial_back_minutes"] == 3 * HOUR
    for service in ("hostco-core-net", "hostco-internet-gw", "internet-access", "messaging",
                    "telephony"):
        assert back[service] <= 18 * HOUR, service
    applications = [back[i] for i in back if types[i] == "application"]
    assert 3 * 24 * HOUR <= max(applications) <= 4 * 24 * HOUR
    assert data["unrestorable"] == [] and data["deadlocks"] == []
    # The timeline makes the gap between "power back" and "service back" plain.
    text = run("restore-plan", HOSPITAL, "--fail", "provider:hostco,type:power",
               "--repair", "3h")
    assert "The initial failures are back after 3h; the last component after 3d11h30m" \
        in text.stdout


def test_teams_delay_work_and_say_which_critical_component_they_hold_back():
    # Both zones down: the database nodes of both wait for the one DBA.
    scenario = ("--fail", "zone-a", "--fail", "zone-b")
    free = plan(WEBSHOP, *scenario)
    limited = plan(WEBSHOP, *scenario, "--team", "dba=1")
    assert limited["total_minutes"] > free["total_minutes"]
    assert limited["scenario"]["teams"] == {"dba": 1}
    assert {(d["team"], d["component"]) for d in limited["team_delays"]} == {
        ("dba", "checkout"), ("dba", "db-cluster")}
    text = run("restore-plan", WEBSHOP, *scenario, "--team", "dba=1").stdout
    assert "team dba (1 at once) delays checkout, db-cluster by 1h" in text
    # With zone-a alone, the DBA restores first the node the cluster still needs, and the
    # node it no longer needs last: the team holds nothing critical back.
    alone = plan(WEBSHOP, "--fail", "zone-a", "--team", "dba=1")
    assert alone["team_delays"] == []
    order = [s["id"] for s in alone["steps"] if s["team"] == "dba"]
    assert order == ["db-1", "db-cluster", "db-3"]


def test_a_deadlock_is_reported_and_can_gate(tmp_path):
    path = tmp_path / "dns.yaml"
    path.write_text(yaml.safe_dump({"name": "dns", "components": [
        {"id": "power", "type": "power", "restore": "1h"},
        {"id": "dns", "type": "compute", "restore": "10m", "depends_on": ["power", "ad"]},
        {"id": "ad", "type": "compute", "restore": "30m", "depends_on": ["power", "dns"]},
        {"id": "mail", "type": "application", "restore": "2h", "depends_on": ["ad"],
         "criticality": "critical", "rto": "4h"},
    ]}), encoding="utf-8")
    text = run("restore-plan", path, "--fail", "power")
    assert text.exit_code == 0
    assert "DEADLOCKS (1)" in text.stdout
    assert "ad and dns need each other: start ad (without dns) by hand first" in text.stdout
    assert "deadlock: ad <-> dns" in text.stderr
    data = plan(path, "--fail", "power")
    assert data["deadlocks"] == [["ad", "dns"]] and data["unrestorable"] == ["ad", "dns", "mail"]
    assert data["rto_breaches"] == ["mail"]
    assert run("restore-plan", path, "--fail", "power", "--fail-on-deadlock").exit_code == 1
    assert run("restore-plan", path, "--fail", "power", "--fail-on-breach").exit_code == 1
    assert run("restore-plan", WEBSHOP, "--fail", "db-2", "--fail-on-deadlock").exit_code == 0


def test_breaches_gate_only_when_asked():
    assert run("restore-plan", WEBSHOP, "--fail", "zone-a").exit_code == 0
    assert run("restore-plan", WEBSHOP, "--fail", "zone-a", "--fail-on-breach").exit_code == 1


def test_cold_start_brings_everything_back_from_its_roots():
    data = plan(WEBSHOP, "--cold-start")
    inventory = yaml.safe_load(WEBSHOP.read_text(encoding="utf-8"))
    assert len(data["steps"]) == len(inventory["components"]) == len(data["failed"])
    assert data["initial"] == [] and data["scenario"]["cold_start"] is True


@pytest.mark.parametrize("args, message", [
    ((), "say what fails"),
    (("--fail", "zone-a", "--repair", "3"), "write '3m' or '3h'"),
    (("--fail", "zone-a", "--repair", "3q"), "not a duration"),
    (("--fail", "zone-a", "--team", "dba"), "is not NAME=N"),
    (("--fail", "zone-a", "--team", "dab=1"), "did you mean 'dba'"),
    (("--fail", "zone-z"), "did you mean"),
])
def test_bad_arguments_are_usage_errors(args, message):
    result = run("restore-plan", WEBSHOP, *args)
    assert result.exit_code == 2, result.output
    assert result.stdout == "" and "Traceback" not in result.output
    assert message in result.stderr


@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
def test_output_is_byte_identical_whatever_the_order_of_the_inventory(tmp_path, fmt):
    data = yaml.safe_load(WEBSHOP.read_text(encoding="utf-8"))
    data["components"].reverse()
    for component in data["components"]:
        for entry in component.get("depends_on", []):
            if isinstance(entry, dict):
                for value in entry.values():
                    if isinstance(value, list):
                        value.reverse()
    shuffled = tmp_path / "shuffled.yaml"
    shuffled.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                        encoding="utf-8")
    args = ("--fail", "zone-a", "--team", "dba=1", "-f", fmt)
    first = run("restore-plan", WEBSHOP, *args)
    second = run("restore-plan", shuffled, *args)
    assert first.exit_code == second.exit_code == 0
    assert first.stdout == second.stdout


def test_minutes_are_whole_numbers_where_they_can_be():
    data = plan(WEBSHOP, "--fail", "zone-a", "--repair", "90s")
    zone = next(s for s in data["steps"] if s["id"] == "zone-a")
    assert zone["end_minutes"] == 1.5 and data["scenario"]["repair_minutes"] == 1.5
    assert parse_duration("90s") == 90


# -- golden files ------------------------------------------------------------------

@pytest.mark.parametrize("fmt, suffix", [("text", ".txt"), ("json", ".json"),
                                         ("markdown", ".md"), ("svg", ".svg")])
def test_restore_plan_golden(monkeypatch, fmt, suffix):
    """Two zones down and one DBA: teams, waits, RTO breaches, every section."""
    from tests.helpers import ROOT, check_golden
    monkeypatch.chdir(ROOT)
    result = run("restore-plan", "inventories/webshop.yaml", "--fail", "zone-a", "--fail",
                 "zone-b", "--team", "dba=1", "--repair", "2h", "--format", fmt)
    assert result.exit_code == 0, result.output
    check_golden(f"restore-plan-webshop{suffix}", result.stdout)


def test_shell_completion_offers_the_teams_of_the_inventory(monkeypatch):
    from tests.helpers import complete as _complete
    shop = str(WEBSHOP)
    assert _complete(f"depgraph restore-plan {shop} --team d", monkeypatch) == [
        "dba=", "dnsco-support="]
    assert _complete(f"depgraph restore-plan {shop} --fail provider:c", monkeypatch) == [
        "provider:cloudy"]

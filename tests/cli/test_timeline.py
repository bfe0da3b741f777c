"""depgraph timeline on the shipped scenarios: the hospital group's day, the grid outage
whose fuel runs out, the campus fire; the command-line events; every format; the order
of the inventory changes no byte."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from tests.helpers import CAMPUS, HOSPITAL, WEBSHOP, run

H, D = 60, 24 * 60  # minutes


def timeline_json(*args) -> dict:
    result = run("timeline", *args, "-f", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_the_hospital_groups_day_power_at_3h_messaging_overnight_applications_in_4_days():
    day = timeline_json(HOSPITAL, "--scenario", "hostco-power")
    back = {i: spans[-1]["back"] for i, spans in day["components"].items()}
    assert back["hostco-ats"] == back["hostco-ups"] == 3 * H  # power back at 3 h
    assert back["hostco-core-net"] == 5 * H and back["messaging"] == 17 * H
    assert all(back[f"h{n:02d}-messaging"] == 17 * H + 30 for n in range(1, 39))
    assert back["admissions"] == 3 * D + 11 * H  # the last application
    assert day["end_minutes"] == 3 * D + 11 * H + 30
    assert len(day["targets"]) == 121 and len(day["target_ids"]) == 165
    assert day["targets"]["h01-emergency"] == {
        "down_minutes": 3 * D + 11 * H + 30, "never_back": False,
        "intervals": [{"down": 0, "back": 3 * D + 11 * H + 30, "cause": "needs admissions"}]}
    assert day["datasets"]["mailboxes"]["intervals"] == [{"from": 0, "to": 13 * H}]
    assert not day["never_back"] and not any(d["lost"] for d in day["datasets"].values())
    assert day["components"]["hostco-ups"][0]["cause"].startswith("event at 0m: fail "
                                                                    "provider:hostco")


def test_the_generator_runs_48_hours_on_its_tank_then_the_ups_15_minutes():
    outage = timeline_json(HOSPITAL, "--scenario", "grid-outage")
    spans = outage["components"]
    assert spans["hostco-generator"] == [{"down": 2 * D, "back": 2 * D + 13 * H,
                                          "cause": "needs hostco-fuel (rides through 2d)"}]
    assert spans["hostco-ups"][0]["down"] == 2 * D + 15
    assert spans["dc-hostco"][0]["down"] == 2 * D + 15  # its rooms would have held 20 min
    assert spans["hostco-fuel"][0]["back"] == 2 * D + 12 * H


def test_the_campus_fire_destroys_a_hall_and_the_mail_with_it():
    fire = timeline_json(CAMPUS, "--scenario", "hall-2-fire")
    assert fire["never_back"] == {
        "crm-server": "destroyed at 0m", "hall-2": "destroyed at 0m",
        "mail": "waits on mail-primary, destroyed", "mail-primary": "destroyed at 0m",
        "mail-replica": "destroyed at 0m", "shop-server-1": "destroyed at 0m"}
    assert fire["datasets"]["mailboxes"]["lost"] is True
    assert fire["datasets"]["mailboxes"]["lost_at"] == 0
    assert fire["datasets"]["shop-orders"] == {
        "copies": ["shop-backup", "shop-server-1", "shop-server-2"], "lost": False,
        "lost_at": None, "intervals": [{"from": 10, "to": 7 * D + 3 * H}]}
    assert fire["datasets"]["crm-records"]["intervals"] == []  # its off-site copy works
    crm = fire["targets"]["crm"]  # the 8-hour move to the standby region
    assert crm["down_minutes"] == 8 * H + 30
    assert fire["targets"]["mail"]["never_back"] is True
    assert fire["targets"]["mail"]["down_minutes"] is None
    text = run("timeline", CAMPUS, "--scenario", "hall-2-fire").stdout
    assert "1 never comes back" in text and "data lost: mailboxes" in text
    assert "mailboxes: LOST at 0m, every copy destroyed (mail-primary, mail-replica)" in text


def test_the_command_line_tells_the_same_as_the_scenario(tmp_path: Path):
    named = timeline_json(CAMPUS, "--scenario", "hall-2-fire")
    given = timeline_json(CAMPUS, "--fail", "hall-2", "--repair", "never", "--fail",
                          "substation", "--repair", "4d", "--fail", "generators", "--repair",
                          "4d", "--at", "2h", "hall-1", "1w")
    for key in ("components", "targets", "datasets", "never_back", "destroyed"):
        assert given[key] == named[key], key
    assert given["scenario"]["id"] == "command-line"


@pytest.mark.parametrize("args, message", [
    ((), "say what happens"),
    (("--scenario", "hall-2-fire", "--fail", "hall-1"), "not both"),
    (("--scenario", "hall-2-fire", "--at", "1h", "hall-1", "1h"), "not both"),
    (("--repair", "1h"), "say what happens"),
    (("--scenario", "hall-2-fir"), "did you mean 'hall-2-fire'"),
    (("--fail", "hall-1", "--fail", "hall-2", "--repair", "1h", "--repair", "2h",
      "--repair", "3h"), "3 --repair for 2 --fail"),
    (("--fail", "hall-1", "--repair", "soon"), "or 'never' for a part destroyed"),
    (("--at", "-1h", "hall-1", "1h"), "before the scenario starts"),
    (("--at", "1h", "hall-9", "1h"), "no component 'hall-9'"),
    (("--fail", "type:nothing"), "selector 'type:nothing': no type 'nothing'"),
])
def test_usage_errors(args, message):
    result = run("timeline", CAMPUS, *args)
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output


def test_gates():
    assert run("timeline", CAMPUS, "--scenario", "hall-2-fire",
               "--fail-on-data-loss").exit_code == 1
    assert run("timeline", CAMPUS, "--scenario", "hall-2-fire",
               "--fail-on-never-back").exit_code == 1
    assert run("timeline", CAMPUS, "--scenario", "grid-loss", "--fail-on-data-loss",
               "--fail-on-never-back").exit_code == 0


def reversed_yaml(source: Path, target: Path) -> Path:
    """Components, providers, requirements and scenarios in reverse order; the members
    of groups without a switchover too (a switchover's members are a preference)."""
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    for key in ("components", "providers", "scenarios"):
        data.get(key, []).reverse()
    for component in data["components"]:
        component.get("depends_on", []).reverse()
        for entry in component.get("depends_on", []):
            if isinstance(entry, dict) and "switchover" not in entry:
                for value in entry.values():
                    if isinstance(value, list):
                        value.reverse()
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                      encoding="utf-8")
    return target


@pytest.mark.parametrize("source, scenario", [(CAMPUS, "hall-2-fire"),
                                              (HOSPITAL, "grid-outage")])
@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "svg"])
def test_the_order_of_the_inventory_changes_no_byte(tmp_path, source, scenario, fmt):
    flipped = reversed_yaml(Path(source), tmp_path / "flipped.yaml")
    first = run("timeline", source, "--scenario", scenario, "-f", fmt)
    second = run("timeline", flipped, "--scenario", scenario, "-f", fmt)
    assert first.exit_code == 0 and first.stdout == second.stdout


def test_the_svg_draws_the_rides_and_names_what_never_comes_back(tmp_path):
    svg = run("timeline", HOSPITAL, "--scenario", "grid-outage", "-f", "svg").stdout
    assert svg.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    assert svg.count('class="riding"') == 3  # the generator, the UPS, the datacenter
    fire = run("timeline", CAMPUS, "--scenario", "hall-2-fire", "-o",
               str(tmp_path / "fire.svg"))
    assert fire.exit_code == 0
    drawn = (tmp_path / "fire.svg").read_text(encoding="utf-8")
    assert "Never back" in drawn and "mail: waits on mail-primary, destroyed" in drawn
    assert drawn.count('class="row target"') == 3


def test_markdown_answers_first():
    text = run("timeline", WEBSHOP, "--fail", "zone-a", "--repair", "4h", "-f",
               "markdown").stdout
    assert text.startswith("# Timeline: the events given on the command line")
    assert text.index("## Targets down") < text.index("## Every component down")


def test_restore_plan_on_a_scenario_and_on_an_inventory_with_holdups():
    plan = json.loads(run("restore-plan", CAMPUS, "--scenario", "hall-2-fire", "-f",
                          "json").stdout)
    assert plan["unrestorable"] == ["crm-server", "hall-2", "mail", "mail-primary",
                                    "mail-replica", "shop-server-1"]
    assert plan["deadlocks"] == []  # destroyed, not deadlocked
    assert plan["total_minutes"] == 7 * D + 4 * H and plan["initial_back_minutes"] is None
    assert plan["critical_path"] == ["hall-1", "shop-backup"]
    # a 5-minute loss of the grid: the changeover to the generators is a 30-minute manual
    # step whatever the grid does meanwhile, and the halls' UPS last 10 minutes
    short = json.loads(run("restore-plan", CAMPUS, "--fail", "substation", "--repair", "5m",
                           "-f", "json").stdout)
    end = {step["id"]: step["end_minutes"] for step in short["steps"]}
    assert end["substation"] == 5 and end["campus-power"] == 30 + 60
    assert {"hall-1", "hall-2", "hall-3", "hall-4"} <= set(short["failed"])
    brief = json.loads(run("restore-plan", WEBSHOP, "--fail", "zone-a", "-f", "json").stdout)
    assert brief["total_minutes"] == 6 * H + 15  # no time keys: today's plan
    both = run("restore-plan", CAMPUS, "--scenario", "grid-loss", "--fail", "hall-1")
    assert both.exit_code == 2 and "not with --fail" in both.output


def test_restore_plan_in_time_with_limited_teams():
    """One facilities hand for the four halls after the day without grid: the halls come
    back one after the other, the one that leads to the network (and so to everything
    critical) first; the team's delays of critical components are said."""
    free = json.loads(run("restore-plan", CAMPUS, "--scenario", "grid-loss", "-f",
                          "json").stdout)
    limited = run("restore-plan", CAMPUS, "--scenario", "grid-loss", "--team",
                  "campus-facilities=1", "-f", "json")
    assert limited.exit_code == 0, limited.output
    plan = json.loads(limited.stdout)
    halls = sorted((s["start_minutes"], s["end_minutes"], s["id"]) for s in plan["steps"]
                   if s["id"].startswith("hall-"))
    assert [h[2] for h in halls][0] == "hall-3"  # it carries the campus network
    assert all(a[1] <= b[0] for a, b in zip(halls, halls[1:]))  # one at a time
    assert {s["id"]: s["start_minutes"] for s in free["steps"]}["hall-1"] == halls[0][0]
    assert plan["team_delays"] and plan["total_minutes"] == free["total_minutes"]
    fire = run("restore-plan", CAMPUS, "--scenario", "hall-2-fire", "--team",
               "customer-a=1", "--team", "campus-facilities=1", "-f", "json")
    assert fire.exit_code == 0 and json.loads(fire.stdout)["unrestorable"] == [
        "crm-server", "hall-2", "mail", "mail-primary", "mail-replica", "shop-server-1"]
    # on the command line, with the inventory's timers: the same engine
    short = run("restore-plan", CAMPUS, "--fail", "substation", "--repair", "5m", "--team",
                "campus-facilities=1", "-f", "json")
    assert short.exit_code == 0 and "note:" not in short.stderr
    unknown = run("restore-plan", CAMPUS, "--scenario", "grid-loss", "--team", "nobody=1")
    assert unknown.exit_code == 2 and "no component has team 'nobody'" in unknown.output
    cold = run("restore-plan", CAMPUS, "--cold-start", "--team", "customer-a=1")
    assert cold.exit_code == 0 and "note:" not in cold.stderr


def test_a_start_requirement_holds_back_a_cold_start():
    """The key vault needs the campus network, the shop servers need the vault to start:
    without the start requirements they would come back with their hall."""
    plan = json.loads(run("restore-plan", CAMPUS, "--cold-start", "-f", "json").stdout)
    end = {step["id"]: step["end_minutes"] for step in plan["steps"]}
    assert end["shop-server-1"] == end["key-vault"] + 60 > end["hall-2"] + 60


def test_a_holdup_across_a_changeover_rides_through_while_the_other_member_works():
    """The campus power with a 45-minute battery: when the substation fails, the
    30-minute changeover to the running generators is carried through."""
    from depgraph import timeline
    from depgraph.core.inventory import Draft, assemble
    from depgraph.core.model import Component, Requirement, Scenario, ScenarioEvent

    group = Requirement("any", ("substation", "generators"), holdup=45 * 60, switchover=1800)
    estate = assemble([Draft("x.yaml", tuple((c, ()) for c in (
        Component("substation", "power"), Component("generators", "power"),
        Component("campus-power", "power", depends_on=(group,)))))])
    told = timeline(estate, Scenario("s", (ScenarioEvent(0, "substation", 3600),)),
                    targets=["campus-power"])
    assert "campus-power" not in told.components
    assert told.riding == {"campus-power": ((0, 1800),)}


def test_scenario_ids_complete_from_the_inventory(monkeypatch):
    from tests.helpers import complete

    assert complete(f"depgraph timeline {CAMPUS} --scenario g", monkeypatch) == ["grid-loss"]
    assert complete(f"depgraph blast-radius {CAMPUS} --scenario h", monkeypatch) == \
        ["hall-2-fire"]
    assert complete(f"depgraph restore-plan {HOSPITAL} --scenario h", monkeypatch) == \
        ["hostco-power"]


def test_targets_are_selectors():
    told = timeline_json(CAMPUS, "--scenario", "grid-loss", "--target", "type:application",
                         "--target", "hall-1")
    assert told["target_ids"] == ["crm", "hall-1", "mail", "shop"]
    assert set(told["targets"]) == {"crm", "hall-1", "mail", "shop"}
    wrong = run("timeline", CAMPUS, "--scenario", "grid-loss", "--target", "type:nothing")
    assert wrong.exit_code == 2 and "no type 'nothing'" in wrong.output


def test_the_time_keys_and_scenarios_are_written_back_as_read(tmp_path):
    from depgraph import load_inventory
    from depgraph.formats.inventory_yaml import inventory_yaml

    for source in (CAMPUS, HOSPITAL):
        estate = load_inventory(source)
        copy = tmp_path / "copy.yaml"
        copy.write_text(inventory_yaml(estate), encoding="utf-8")
        again = load_inventory(copy)
        assert dict(again.scenarios) == dict(estate.scenarios)
        assert list(again.components.values()) == list(estate.components.values())


def test_targets_never_back_in_different_ways_are_listed():
    """Two targets down at once that never come back, one at once and one after a
    return: their rows sort without comparing a return with none (found by Hypothesis)."""
    from depgraph import timeline
    from depgraph.core.inventory import Draft, assemble
    from depgraph.core.model import Component, Scenario, ScenarioEvent
    from depgraph.formats import get_format

    estate = assemble([Draft("x.yaml", tuple((Component(i, "site", criticality="critical"), ())
                                             for i in ("a", "b")))])
    told = timeline(estate, Scenario("s", (ScenarioEvent(0, "a", None, destroyed=True),
                                           ScenarioEvent(0, "b", 0),
                                           ScenarioEvent(60, "b", None, destroyed=True))))
    assert [(i.down, i.back) for i in told.targets["b"].intervals] == [(0, 0), (60, None)]
    text = get_format("text").timeline(told)
    assert text.count("never back") >= 2 and get_format("markdown").timeline(told)


def test_timeline_with_limited_teams_tells_the_same_day_as_the_plan():
    """--team on the timeline: the same engine as restore-plan --team, the limits said in
    every format."""
    told = run("timeline", CAMPUS, "--scenario", "grid-loss", "--team", "campus-facilities=1",
               "-f", "json")
    assert told.exit_code == 0, told.output
    day = json.loads(told.stdout)
    assert day["teams"] == {"campus-facilities": 1}
    plan = json.loads(run("restore-plan", CAMPUS, "--scenario", "grid-loss", "--team",
                          "campus-facilities=1", "-f", "json").stdout)
    assert {s["id"]: s["end_minutes"] for s in plan["steps"]} == {
        i: spans[-1]["back"] for i, spans in day["components"].items()}
    free = json.loads(run("timeline", CAMPUS, "--scenario", "grid-loss", "-f", "json").stdout)
    assert free["teams"] == {} and \
        day["targets"]["shop"]["down_minutes"] > free["targets"]["shop"]["down_minutes"]
    text = run("timeline", CAMPUS, "--scenario", "grid-loss", "--team", "campus-facilities=1")
    assert "teams limited: campus-facilities 1 at once" in text.stdout
    bad = run("timeline", CAMPUS, "--scenario", "grid-loss", "--team", "facilities")
    assert bad.exit_code == 2 and "is not NAME=N" in bad.output

"""Restoration plans against a naive event simulation on random inventories."""

from __future__ import annotations

from itertools import combinations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from depgraph.analysis.restore_plan import restore_plan
from depgraph.core.durations import parse_duration
from depgraph.core.problems import SelectorError
from tests.strategies import (build, oracle_failed, oracle_restoration, requirements_of,
                              restore_specs, shuffled)


def scenario(spec, data):
    """A random scenario: some initial failures, or a cold start; maybe a repair time."""
    ids = sorted(c["id"] for c in spec["components"])
    cold = data.draw(st.booleans())
    initial = data.draw(st.lists(st.sampled_from(ids), min_size=0 if cold else 1,
                                 max_size=3, unique=True))
    repair = data.draw(st.sampled_from([None, 0, 60, 7200]))
    down = set(ids) if cold else oracle_failed(spec, set(initial))
    duration = {c["id"]: parse_duration(c["restore"]) for c in spec["components"]}
    if repair is not None:
        duration.update(dict.fromkeys(initial, repair))
    return initial, cold, repair, down, duration


def up_at(spec, plan, moment: int) -> set[str]:
    """What is up at ``moment`` in ``plan``: what never failed and what is back."""
    back = {s.id for s in plan.steps if s.end <= moment}
    return {c["id"] for c in spec["components"]} - set(plan.failed) | back


def met(spec, ident: str, up: set[str]) -> bool:
    component = next(c for c in spec["components"] if c["id"] == ident)
    return all(sum(m in up for m in members) >= needed
               for _, members, needed in requirements_of(component))


@given(restore_specs(), st.data())
def test_without_limits_every_component_comes_back_at_the_earliest_possible(spec, data):
    initial, cold, repair, down, duration = scenario(spec, data)
    plan = restore_plan(build(spec), initial, repair=repair, cold_start=cold)
    expected = oracle_restoration(spec, down, duration, set(initial))
    assert set(plan.failed) == down
    assert {s.id: (s.start, s.end) for s in plan.steps} == expected
    assert set(plan.unrestorable) == down - set(expected)
    assert plan.total == max((end for _, end in expected.values()), default=0)


@given(restore_specs(), st.data())
def test_waves_and_the_critical_path_follow_what_each_step_waited_for(spec, data):
    initial, cold, repair, _, _ = scenario(spec, data)
    plan = restore_plan(build(spec), initial, repair=repair, cold_start=cold)
    steps = {s.id: s for s in plan.steps}
    for step in plan.steps:
        assert (step.wave == 1) == (step.after is None)
        if step.after is not None:
            assert steps[step.after].wave < step.wave
            assert steps[step.after].end == (step.end if step.id in initial else step.ready)
        if step.id in initial and step.after is None:
            assert step.ready == 0 and step.end == step.start + (
                repair if repair is not None else parse_duration(next(
                    c["restore"] for c in spec["components"] if c["id"] == step.id)))
            continue  # its work started at once and nothing held it back
        # Every failed member a requirement needed came back in an earlier wave.
        assert met(spec, step.id, {c["id"] for c in spec["components"]} - set(plan.failed)
                   | {s.id for s in plan.steps if s.wave < step.wave})
    if plan.steps:
        path = [steps[i] for i in plan.critical_path]
        assert path[-1].end == plan.total and path[0].after is None
        assert all(b.after == a.id for a, b in zip(path, path[1:]))
    else:
        assert plan.critical_path == ()


@given(restore_specs(teams=2), st.data())
def test_limited_teams_never_exceed_their_capacity_nor_start_anything_too_early(spec, data):
    initial, cold, repair, down, duration = scenario(spec, data)
    teams = {t: data.draw(st.integers(1, 2)) for t in sorted({c["team"] for c in
                                                              spec["components"] if "team" in c})}
    plan = restore_plan(build(spec), initial, repair=repair, cold_start=cold, teams=teams)
    free = oracle_restoration(spec, down, duration, set(initial))
    assert set(plan.unrestorable) == down - set(free)  # hands change when, not whether
    for step in plan.steps:
        assert step.ready <= step.start
        if step.id in initial:
            assert step.ready == 0 and step.end >= step.start + duration[step.id]
            assert met(spec, step.id, up_at(spec, plan, step.end))
        else:
            assert step.end - step.start == duration[step.id]
            assert met(spec, step.id, up_at(spec, plan, step.ready))
        assert step.end >= free[step.id][1]  # never earlier than the earliest possible
        if step.team not in teams or step.start == step.end:
            assert step.start == step.ready  # nobody to wait for
    for team, capacity in teams.items():  # the team works from start to start + duration
        work = [(s.start, s.start + duration[s.id]) for s in plan.steps
                if s.team == team and duration[s.id]]
        for moment in {begun for begun, _ in work}:
            assert sum(begun <= moment < done for begun, done in work) <= capacity


@given(restore_specs(teams=2), st.data())
def test_teams_large_enough_change_nothing(spec, data):
    initial, cold, repair, _, _ = scenario(spec, data)
    teams = {t: len(spec["components"]) for t in sorted({c["team"] for c in spec["components"]
                                                         if "team" in c})}
    limited = restore_plan(build(spec), initial, repair=repair, cold_start=cold, teams=teams)
    free = restore_plan(build(spec), initial, repair=repair, cold_start=cold)
    assert limited.steps == free.steps and limited.team_delays == ()


@given(restore_specs(teams=0), st.data())
def test_deadlocks_are_exactly_the_cycles_that_keep_components_down(spec, data):
    initial, cold, repair, down, duration = scenario(spec, data)
    plan = restore_plan(build(spec), initial, repair=repair, cold_start=cold)
    stuck = set(plan.unrestorable)
    assert bool(plan.deadlocks) == bool(stuck)
    assert set().union(*(set(d.members) | set(d.blocks) for d in plan.deadlocks)) == stuck
    hands = [set(d.start_by_hand) for d in plan.deadlocks]
    # Starting every deadlock's hand set by hand brings everything back.
    everything = oracle_restoration(spec, down, duration, set(initial),
                                    hand=set().union(*hands))
    assert set(everything) == down
    for number, deadlock in enumerate(plan.deadlocks):
        members = set(deadlock.members)
        assert members <= stuck and set(deadlock.start_by_hand) <= members
        assert not members & set(deadlock.blocks)
        others = set().union(*(h for i, h in enumerate(hands) if i != number))
        # Its hand set is needed: without it, the cycle stays down even when every
        # other deadlock is started by hand ...
        alone = oracle_restoration(spec, down, duration, set(initial), hand=others)
        assert not members <= set(alone)
        # ... and, when proven smallest, no smaller set of its members does it.
        if deadlock.exact:
            for size in range(len(deadlock.start_by_hand)):
                for hand in combinations(sorted(members), size):
                    found = oracle_restoration(spec, down, duration, set(initial),
                                               hand=others | set(hand))
                    assert not members <= set(found)
        for component, member in deadlock.break_dependencies:
            assert component in deadlock.start_by_hand and member in members


@given(restore_specs(), st.data(), st.integers(0, 2**32 - 1))
def test_the_plan_does_not_depend_on_the_order_of_the_inventory(spec, data, seed):
    initial, cold, repair, _, _ = scenario(spec, data)
    teams = {"t0": 1}
    if not any(c.get("team") == "t0" for c in spec["components"]):
        teams = {}
    one = restore_plan(build(spec), initial, repair=repair, cold_start=cold, teams=teams)
    other = restore_plan(build(shuffled(spec, seed)), initial, repair=repair,
                         cold_start=cold, teams=teams)
    assert one == other


# -- examples ------------------------------------------------------------------------

def inventory(*components):
    return build({"name": "t", "providers": [], "components": list(components)})


def test_dns_and_the_directory_that_need_each_other_are_a_deadlock():
    plan = restore_plan(inventory(
        {"id": "power", "type": "power", "restore": "1h"},
        {"id": "dns", "type": "compute", "restore": "10m", "depends_on": ["power", "ad"]},
        {"id": "ad", "type": "compute", "restore": "30m", "depends_on": ["power", "dns"]},
        {"id": "mail", "type": "application", "restore": "2h", "depends_on": ["ad"]},
    ), ["power"])
    assert plan.unrestorable == ("ad", "dns", "mail")
    [deadlock] = plan.deadlocks
    assert deadlock.members == ("ad", "dns") and deadlock.blocks == ("mail",)
    assert deadlock.start_by_hand == ("ad",) and deadlock.break_dependencies == (("ad", "dns"),)
    assert [s.id for s in plan.steps] == ["power"]


def test_a_cycle_that_an_any_group_can_bypass_is_not_a_deadlock():
    plan = restore_plan(inventory(
        {"id": "power", "type": "power", "restore": "1h"},
        {"id": "dns", "type": "compute", "restore": "10m",
         "depends_on": ["power", {"any": ["ad", "root-hints"]}]},
        {"id": "root-hints", "type": "compute", "restore": "5m", "depends_on": ["power"]},
        {"id": "ad", "type": "compute", "restore": "30m", "depends_on": ["power", "dns"]},
    ), ["power"])
    assert plan.deadlocks == () and plan.unrestorable == ()
    assert [(s.id, s.start // 60, s.end // 60, s.wave) for s in plan.steps] == [
        ("power", 0, 60, 1), ("root-hints", 60, 65, 2), ("dns", 65, 75, 3), ("ad", 75, 105, 4)]
    assert plan.critical_path == ("power", "root-hints", "dns", "ad")


def test_a_team_of_one_restores_what_leads_to_critical_work_first_and_says_so():
    components = [{"id": "power", "type": "power", "restore": "1h"}]
    components += [{"id": f"vm-{i}", "type": "compute", "restore": "2h", "team": "systems",
                    "depends_on": ["power"]} for i in range(3)]
    components.append({"id": "ehr", "type": "application", "restore": "1h",
                       "criticality": "critical", "rto": "4h", "depends_on": ["vm-2"]})
    plan = restore_plan(inventory(*components), ["power"], teams={"systems": 1})
    order = [s.id for s in plan.steps if s.team == "systems"]
    assert order == ["vm-2", "vm-0", "vm-1"]  # vm-2 leads to a critical application
    assert plan.step("ehr").end == 4 * 3600 and plan.rto_breaches == ()
    plan = restore_plan(inventory(*components[:-1], dict(components[-1], depends_on=[
        "vm-0", "vm-1", "vm-2"])), ["power"], teams={"systems": 1})
    assert plan.step("ehr").end == 8 * 3600 and plan.rto_breaches == ("ehr",)
    [delay] = plan.team_delays
    assert (delay.team, delay.capacity, delay.component, delay.delay) == \
        ("systems", 1, "ehr", 4 * 3600)


def test_a_cold_start_brings_everything_up_from_its_roots():
    plan = restore_plan(inventory(
        {"id": "grid", "type": "power", "restore": "0"},
        {"id": "ups", "type": "power", "restore": "15m", "depends_on": ["grid"]},
        {"id": "app", "type": "application", "restore": "1h", "depends_on": ["ups"]},
    ), cold_start=True)
    assert [(s.id, s.end // 60) for s in plan.steps] == [("grid", 0), ("ups", 15), ("app", 75)]
    assert plan.initial == () and plan.failed == ("app", "grid", "ups")


def test_repair_replaces_the_restore_time_of_the_initial_failures_only():
    plan = restore_plan(inventory(
        {"id": "power", "type": "power", "restore": "1h"},
        {"id": "app", "type": "application", "restore": "1h", "depends_on": ["power"]},
    ), ["power"], repair=3 * 3600)
    assert [(s.id, s.start // 3600, s.end // 3600) for s in plan.steps] == [
        ("power", 0, 3), ("app", 3, 4)]


def test_initial_failures_are_repaired_in_parallel_and_back_once_what_they_need_is():
    plan = restore_plan(inventory(
        {"id": "feed", "type": "power", "restore": "1h"},
        {"id": "ups", "type": "power", "restore": "1h", "depends_on": ["feed"]},
        {"id": "pdu", "type": "power", "restore": "1h", "depends_on": ["ups"]},
        {"id": "rack", "type": "power", "restore": "10m", "depends_on": ["pdu"]},
    ), ["feed", "ups", "pdu"], repair=3 * 3600)
    assert [(s.id, s.start, s.end // 60, s.wave, s.after) for s in plan.steps] == [
        ("feed", 0, 180, 1, None), ("pdu", 0, 180, 1, None), ("ups", 0, 180, 1, None),
        ("rack", 3 * 3600, 190, 2, "pdu")]
    assert plan.initial_back == 3 * 3600
    held = restore_plan(inventory(
        {"id": "feed", "type": "power", "restore": "4h"},
        {"id": "ups", "type": "power", "restore": "1h", "depends_on": ["feed"]},
    ), ["feed", "ups"])
    assert [(s.id, s.end // 3600, s.wave, s.after) for s in held.steps] == [
        ("ups", 4, 2, "feed"), ("feed", 4, 1, None)][::-1]


def test_an_unknown_team_or_component_is_a_usage_error_with_a_suggestion():
    shop = inventory({"id": "web", "type": "compute", "team": "systems"})
    with pytest.raises(SelectorError, match="did you mean 'systems'"):
        restore_plan(shop, ["web"], teams={"sytems": 2})
    with pytest.raises(SelectorError, match="at least 1"):
        restore_plan(shop, ["web"], teams={"systems": 0})
    with pytest.raises(SelectorError, match="did you mean 'web'"):
        restore_plan(shop, ["wbe"])

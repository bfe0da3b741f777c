"""Scenarios on whole inventories: the restoration plan on the time engine is today's
restore-plan when nothing but one failure at 0 happens (steps, waves, critical path,
RTOs, deadlocks), on random inventories with cycles; the timeline of random inventories
with the time keys is the minute-by-minute oracle's; a longer holdup never lengthens a
down time."""

from __future__ import annotations

import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st

from depgraph.analysis.restore_plan import restore_plan
from depgraph.analysis.timeline import timeline
from depgraph.analysis.timeline.compile import scenario_events, timed_of
from depgraph.analysis.timeline.plan import engine_plan, scenario_plan
from depgraph.core.inventory import Draft, assemble
from depgraph.core.model import Scenario, ScenarioEvent
from depgraph.core.selectors import select
from tests.analysis.timeline.test_engine import horizon, oracle
from tests.strategies import build, failure_sets, restore_specs


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_one_failure_at_0_is_todays_restoration_plan(data):
    spec = data.draw(restore_specs(teams=0))
    failed = data.draw(failure_sets(spec))
    repair = data.draw(st.one_of(st.none(), st.sampled_from([0, 60, 3600])))
    inventory = build(spec)
    expected = restore_plan(inventory, failed, repair=repair)
    scenario = Scenario("s", tuple(ScenarioEvent(0, ident, repair) for ident in failed))
    dispatched = scenario_plan(inventory, scenario)  # the special case: the simulation
    assert dataclasses.replace(dispatched, selectors=(), repair=repair) == expected
    got = engine_plan(inventory, scenario)  # and the engine's own reading of it
    assert got.failed == expected.failed
    assert got.steps == expected.steps  # waves and 'after' included, ties and all
    assert got.critical_path == expected.critical_path
    assert got.total == expected.total and got.initial_back == expected.initial_back
    assert got.rto == expected.rto
    assert got.unrestorable == expected.unrestorable
    assert got.deadlocks == expected.deadlocks


@st.composite
def timed_estates(draw):
    """Random inventories (cycles included) with holdups, changeovers, start-only
    requirements, and a scenario of several timed events, some destroying."""
    inventory = build(draw(restore_specs(teams=0)))
    components = []
    for component in inventory.components.values():
        requirements = []
        for r in component.depends_on:
            changes = {}
            if draw(st.integers(0, 3)) == 0:
                changes["holdup"] = draw(st.sampled_from([0, 60, 180, 600]))
            if r.is_group and len(r.members) > 1 and draw(st.integers(0, 2)) == 0:
                changes["switchover"] = draw(st.sampled_from([60, 300]))
            if draw(st.integers(0, 5)) == 0:
                changes["start"] = True
            requirements.append(dataclasses.replace(r, **changes))
        holdup = draw(st.sampled_from([None, None, 120]))
        components.append((dataclasses.replace(component, depends_on=tuple(requirements),
                                               holdup=holdup), ()))
    estate = assemble([Draft("random.yaml", tuple(components))])
    ids = sorted(estate.components)
    events = tuple(ScenarioEvent(draw(st.sampled_from([0, 0, 60, 240, 600])),
                                 draw(st.sampled_from(ids)),
                                 draw(st.sampled_from([None, 0, 60, 300, 900])),
                                 destroyed=draw(st.integers(0, 5)) == 0)
                   for _ in range(draw(st.integers(1, 4))))
    return estate, Scenario("s", events)


def minutes_only(estate):
    """The oracle steps minute by minute: every duration a whole number of minutes."""
    return all(c.restore % 60 == 0 for c in estate.components.values())


def in_minutes(timed, events):
    """The engine's input and events with every duration in minutes, the oracle's step
    (the random estates' durations are whole minutes)."""
    scale = 60
    small = dataclasses.replace(timed.timed, arrays=None, restore=tuple(
        r // scale for r in timed.timed.restore), needs=tuple(tuple(dataclasses.replace(
            n, holdup=n.holdup // scale, switchover=n.switchover // scale) for n in own)
            for own in timed.timed.needs))
    return small, [dataclasses.replace(e, at=e.at // scale, repair=tuple(
        None if r is None else r // scale for r in e.repair)) for e in events]


@settings(max_examples=200, deadline=None)
@given(timed_estates())
def test_the_timeline_of_an_inventory_is_the_minute_by_minute_oracles(problem):
    estate, scenario = problem
    timed = timed_of(estate)
    small, events = in_minutes(timed, scenario_events(estate, scenario))
    expected = oracle(small, events, horizon(small, events))
    result = timeline(estate, scenario, timed=timed)
    scale = 60
    got = [[(i.down // scale, None if i.back is None else i.back // scale)
            for i in result.components.get(ident, ())] for ident in timed.compiled.ids]
    assert got == [[(d.down, d.back) for d in spans] for spans in expected]


@settings(max_examples=200, deadline=None)
@given(timed_estates(), st.data())
def test_a_longer_holdup_never_lengthens_a_down_time(problem, data):
    estate, scenario = problem
    ident = data.draw(st.sampled_from(sorted(estate.components)))
    component = estate.components[ident]
    if not component.depends_on:
        return
    longer = dataclasses.replace(component, depends_on=tuple(
        dataclasses.replace(r, holdup=(r.holdup or 0) + 300) for r in component.depends_on))
    others = [(c, ()) for i, c in estate.components.items() if i != ident]
    changed = assemble([Draft("random.yaml", tuple(others + [(longer, ())]))])
    before, after = timeline(estate, scenario), timeline(changed, scenario)

    def down(result, name):
        spans = result.components.get(name, ())
        if any(i.back is None for i in spans):
            return float("inf")
        return sum(i.back - i.down for i in spans)

    for name in estate.components:
        assert down(after, name) <= down(before, name), name


def oracle_reasons(estate, timed, events, spans_by_id, horizon_minutes):
    """Datasets, destroyed parts and never-back reasons by their definitions, from the
    oracle's minute-by-minute intervals: a dataset unavailable the minutes no copy is up,
    lost once every copy is destroyed (hit with no repair, or inside what is); a
    component down at the end destroyed, or waiting on the nearest destroyed (fewest
    steps through what is down, the first id of those), or in or behind a deadlock."""
    ids = timed.compiled.ids
    destroyed: dict[str, int] = {}
    for event in events:
        for c, repair in zip(event.components, event.repair, strict=True):
            if repair is None:
                destroyed[ids[c]] = min(destroyed.get(ids[c], event.at), event.at)
    changed = True
    while changed:
        changed = False
        for ident, component in estate.components.items():
            where = component.located_in
            if where in destroyed and destroyed.get(ident, float("inf")) > destroyed[where]:
                destroyed[ident] = destroyed[where]
                changed = True

    def down(ident, minute):
        return any(a <= minute and (b is None or minute < b) for a, b in spans_by_id[ident])

    copies: dict[str, list[str]] = {}
    for ident, component in estate.components.items():
        for name in component.data:
            copies.setdefault(name, []).append(ident)
    datasets = {}
    for name, holders in sorted(copies.items()):
        minutes = [m for m in range(horizon_minutes) if all(down(h, m) for h in holders)]
        lost = max(destroyed[h] for h in holders) if all(h in destroyed for h in holders) \
            else None
        datasets[name] = (set(minutes), lost)
    stuck = {i for i, spans in spans_by_id.items() if spans and spans[-1][1] is None}
    number = timed.compiled.index
    waits = {}
    for ident in stuck:
        order = []
        for need in timed.timed.needs[number[ident]]:
            members = [ids[m] for m in need.members]
            if sum(m not in stuck for m in members) < need.needed:
                order += [m for m in members if m in stuck and m not in order]
        waits[ident] = order
    reasons = {}
    for ident in sorted(stuck):
        if ident in destroyed:
            reasons[ident] = "destroyed"
            continue
        seen, layer, found = {ident}, [ident], None
        while layer and found is None:
            nxt = sorted({m for x in layer for m in waits[x] if m not in seen})
            hits = [m for m in nxt if m in destroyed]
            found = min(hits, key=number.__getitem__) if hits else None
            seen |= set(nxt)
            layer = nxt
        reasons[ident] = f"waits on {found}, destroyed" if found else "deadlock"
    return destroyed, datasets, reasons


@st.composite
def estates_with_data(draw):
    estate, scenario = draw(timed_estates())
    components = [(dataclasses.replace(c, data=tuple(sorted(draw(st.sets(
        st.sampled_from(["orders", "mail"]), max_size=2))))), ())
        for c in estate.components.values()]
    return assemble([Draft("random.yaml", tuple(components))]), scenario


@settings(max_examples=200, deadline=None)
@given(estates_with_data())
def test_datasets_destroyed_parts_and_reasons_are_the_definitions(problem):
    estate, scenario = problem
    timed = timed_of(estate)
    small, events = in_minutes(timed, scenario_events(estate, scenario))
    scale = 60
    limit = horizon(small, events)
    expected = oracle(small, events, limit)
    spans = {ident: [(d.down, d.back) for d in found]
             for ident, found in zip(timed.compiled.ids, expected, strict=True)}
    destroyed, datasets, reasons = oracle_reasons(estate, timed, events, spans, limit)
    result = timeline(estate, scenario, timed=timed)
    assert {i: t // scale for i, t in result.destroyed.items()} == destroyed
    for name, (minutes, lost) in datasets.items():
        state = result.datasets[name]
        got = {m for a, b in state.intervals for m in range(a // scale,
                                                            limit if b is None else b // scale)}
        assert got == minutes, name
        assert (None if state.lost_at is None else state.lost_at // scale) == lost, name
    assert {i: ("destroyed" if why.startswith("destroyed") else
                "deadlock" if "deadlock" in why else why)
            for i, why in result.never_back.items()} == reasons


@settings(max_examples=200, deadline=None)
@given(timed_estates())
def test_the_engines_arrays_are_its_needs(problem):
    """Without start-only requirements the engine's input is the compiled index read as
    arrays: the same as the Need objects made one by one."""
    from depgraph.analysis.timeline.compile import timed_inventory
    from depgraph.analysis.timeline.engine import _columns

    estate, _ = problem
    timed = timed_of(estate)
    if timed.compiled.starts:
        return
    components = list(estate.components.values())
    holdups = [c.holdup for c in components]
    made = timed_inventory(timed.compiled, [c.restore for c in components],
                           holdups if any(holdups) else None)
    expected, got = _columns(made), timed.timed.arrays
    assert set(expected) == set(got)
    for key in expected:
        assert expected[key].tolist() == got[key].tolist(), key
    assert list(timed.timed.needs) == list(made.needs)


def with_holdups(estate, seed):
    """Holdups and start-only flags chosen from each requirement's content (not its
    place), so that an estate and its shuffled copy get the same ones."""
    import zlib

    def pick(component, r):
        key = zlib.crc32(f"{seed}:{component.id}:{r.kind}:{sorted(r.members)}".encode())
        return dataclasses.replace(r, holdup=[None, 60, 300][key % 3],
                                   start=key % 7 == 0)

    return assemble([Draft("random.yaml", tuple(
        (dataclasses.replace(c, depends_on=tuple(pick(c, r) for r in c.depends_on)), ())
        for c in estate.components.values()))])


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_a_shuffled_inventory_tells_the_same_timeline_byte_for_byte(data):
    from depgraph.formats import get_format
    from tests.strategies import shuffled

    spec = data.draw(restore_specs(teams=0))
    seed = data.draw(st.integers(0, 2**16))
    first = with_holdups(build(spec), seed)
    second = with_holdups(build(shuffled(spec, seed)), seed)
    ids = sorted(first.components)
    scenario = Scenario("s", (ScenarioEvent(0, ids[0], 600),
                              ScenarioEvent(120, ids[-1], None, destroyed=True)))
    for name in ("text", "json", "markdown", "svg"):
        writer = get_format(name)
        assert writer.timeline(timeline(first, scenario)) == \
            writer.timeline(timeline(second, scenario)), name


@settings(max_examples=150, deadline=None)
@given(estates_with_data(), st.sampled_from([None, 0, 60, 300, 900]))
def test_every_answer_of_a_random_scenario_is_given_whole(problem, at):
    """No random estate breaks an answer: the timeline in every format, the state at a
    moment (every failure explained back to a root), the plan; each what the others say."""
    from depgraph.analysis.timeline.state import scenario_state
    from depgraph.formats import get_format

    estate, scenario = problem
    told = timeline(estate, scenario)
    for name in ("text", "json", "markdown", "svg"):
        assert get_format(name).timeline(told)
    state = scenario_state(estate, scenario, at)
    result = state.result
    down = set(told.components) if at is None else set(told.down_at(at))
    assert set(result.failed) == down
    for ident in result.failed:
        assert result.explain(ident)
    assert get_format("text").blast_radius(result)
    plan = engine_plan(estate, scenario)
    assert set(plan.failed) == set(told.components)
    assert set(plan.unrestorable) == set(told.never_back)
    assert {s.id: s.end for s in plan.steps} == {
        i: spans[-1].back for i, spans in told.components.items() if spans[-1].back is not None}


@settings(max_examples=1000, deadline=None)
@given(st.data())
def test_with_limited_teams_one_failure_at_0_is_todays_restoration_plan(data):
    """The engine with hands, read as a plan, is the restoration simulation with teams:
    every step (ready, start, end, wave, after), the critical path, the RTO checks and
    the team delays."""
    spec = data.draw(restore_specs(teams=2))
    failed = data.draw(failure_sets(spec))
    repair = data.draw(st.one_of(st.none(), st.sampled_from([0, 60, 3600])))
    named = sorted({c["team"] for c in spec["components"] if "team" in c})
    teams = {t: data.draw(st.integers(1, 2)) for t in named}
    inventory = build(spec)
    expected = restore_plan(inventory, failed, repair=repair, teams=teams)
    scenario = Scenario("s", tuple(ScenarioEvent(0, ident, repair) for ident in failed))
    got = engine_plan(inventory, scenario, teams=teams)
    assert got.failed == expected.failed
    assert got.steps == expected.steps and got.critical_path == expected.critical_path
    assert got.rto == expected.rto and got.unrestorable == expected.unrestorable
    assert got.team_delays == expected.team_delays


@settings(max_examples=200, deadline=None)
@given(timed_estates(), st.data())
def test_in_time_limited_teams_never_exceed_their_hands(problem, data):
    """On random scenarios in time: no team runs more work at once than it has hands
    (the pieces of work that were not lost; the oracle's test holds every piece), and
    each step of the plan starts when ready or later, its restoration lasting its
    restore time."""
    from depgraph.analysis.timeline.hands import Hands, run_with_hands

    estate, scenario = problem
    names = sorted({c.team for c in estate.components.values() if c.team})
    if not names:
        names = ["t0"]
        estate = assemble([Draft("random.yaml", tuple(
            (dataclasses.replace(c, team="t0"), ()) for c in estate.components.values()))])
    teams = {t: data.draw(st.integers(1, 2)) for t in names}
    plan = engine_plan(estate, scenario, teams=teams)
    for step in plan.steps:
        assert step.ready <= step.start <= step.end
    timed = timed_of(estate)
    events = scenario_events(estate, scenario)
    ids = timed.compiled.ids
    team_of = [estate[i].team for i in ids]
    hands = Hands([names.index(t) if t in teams else -1 for t in team_of],
                  [teams[t] for t in names], list(range(len(ids))), [False] * len(ids))
    work = run_with_hands(timed.timed, events, hands)
    for k, name in enumerate(names):  # at every start, the hands busy then
        spans = [(work.started[c], work.finished[c]) for c in range(len(ids))
                 if hands.team[c] == k and work.started[c] >= 0]
        for moment, _ in spans:
            assert sum(a <= moment < b for a, b in spans) <= teams[name]
    hit = {i for e in scenario.events for i in select(estate, e.fail)}
    for step in plan.steps:
        if step.id not in hit and step.team in teams:
            assert step.end - step.start == estate[step.id].restore


def test_with_one_hand_the_initial_failures_go_first_as_in_the_simulation():
    """Found by a longer run: ``b.x`` is ready at 0 once ``a`` is back (at once), and is
    first by id; ``b/2`` failed at 0. The simulation sends the hand to ``b/2`` (its
    initial failure) before anything comes back; the engine does the same."""
    spec = {"name": "ties", "providers": [], "components": [
        {"id": "a", "type": "site", "criticality": "critical", "restore": "0"},
        *({"id": ident, "type": "site", "located_in": "a", "criticality": "critical",
           "restore": "1m", "team": "t1"} for ident in ("b.x", "b/2"))]}
    inventory = build(spec)
    expected = restore_plan(inventory, ["a", "b/2"], teams={"t1": 1})
    got = engine_plan(inventory, Scenario("s", (ScenarioEvent(0, "a", None),
                                                ScenarioEvent(0, "b/2", None))),
                      teams={"t1": 1})
    assert [(s.id, s.start) for s in expected.steps][-2:] == [("b/2", 0), ("b.x", 60)]
    assert got.steps == expected.steps and got.team_delays == expected.team_delays


def test_a_return_that_waited_at_the_same_instant_comes_after_what_it_waited_for():
    """Found by a longer run: ``a`` and ``a-1`` fail at 0 and take no time; ``a`` is in
    ``a-1``, so it is back only once ``a-1`` is, at the same instant. ``b`` needs any of
    them: it waited on ``a-1``, the first back, as the simulation says."""
    def site(ident, **keys):
        return {"id": ident, "type": "site", "criticality": "critical", "restore": "0",
                **keys}

    inventory = build({"name": "ties", "providers": [], "components": [
        site("a-1"), site("a", located_in="a-1"), site("a/2", located_in="a-1"),
        site("b", depends_on=[{"any": ["a-1", "a"]}])]})
    expected = restore_plan(inventory, ["a-1", "a"])
    got = engine_plan(inventory, Scenario("s", (ScenarioEvent(0, "a-1", None),
                                                ScenarioEvent(0, "a", None))))
    assert {s.id: s.after for s in expected.steps}["b"] == "a-1"
    assert got.steps == expected.steps

"""A scenario's restoration plan, on the time engine: the plan of ``restore-plan`` (steps,
waves, critical path, RTO checks, team delays, deadlocks) read from the engine's
intervals.

Each component that was ever down has one step: its last return. Its work is *ready*
when the last event that hit it struck (an event's work is ready at once), or, for one
that failed with something else, when its requirements were last all met; it
*starts* then, or, under a limited team, when a hand takes it (:mod:`.hands`). It
waited *after* the member whose return completed its requirements last (none when it
waited on nothing, or on a changeover running out). Its wave is one more than the
latest wave of the returns it waited on. An instant's returns are taken in the
restoration simulation's order (:mod:`.work`).

With limited teams, the order in which a team's waiting work is taken is the
restoration simulation's (:func:`~depgraph.analysis.restore_plan.teams.priorities`, on
the plan without limits); the team delays are read the same way.

The special case of the engine, every event at 0 and no holdup, changeover or
start-only requirement, is the restoration simulation itself (:func:`restore_plan`,
teams and all): the tests hold the engine to it, step by step.
"""

from __future__ import annotations

import dataclasses
from typing import Mapping

from depgraph.analysis.restore_plan import restore_plan
from depgraph.analysis.restore_plan.deadlocks import deadlocks
from depgraph.analysis.restore_plan.outcome import critical_path, outcome, steps
from depgraph.analysis.restore_plan.plan import checked_teams
from depgraph.analysis.restore_plan.simulation import Run
from depgraph.analysis.restore_plan.teams import team_delays
from depgraph.analysis.restore_plan.values import RestorePlan, RtoCheck
from depgraph.analysis.timeline.compile import (
    TimedInventory,
    has_time_keys,
    scenario_events,
    timed_of,
)
from depgraph.analysis.timeline.scenario import _destroyed, _never_back
from depgraph.analysis.timeline.work import pending, worked
from depgraph.core.graph import compile_for_return
from depgraph.core.model import Inventory, Scenario
from depgraph.core.selectors import select

__all__ = ["engine_plan", "scenario_plan"]


def scenario_plan(inventory: Inventory, scenario: Scenario, *,
                  teams: Mapping[str, int] | None = None,
                  timed: TimedInventory | None = None) -> RestorePlan:
    """The restoration plan of ``scenario``; ``teams`` limits a team's pieces of work
    at once.

    >>> from depgraph import load_inventory
    >>> campus = load_inventory("inventories/campus-fire.yaml")
    >>> plan = scenario_plan(campus, campus.scenarios["grid-loss"])
    >>> plan.total // 3600, plan.critical_path[-2:], plan.rto_breaches
    (24, ('substation',), ('shop',))
    """
    special = _special_case(inventory, scenario)
    if special is not None:  # one instant, no timers: today's restoration simulation
        initial, repairs = special
        return restore_plan(inventory, initial, repairs=repairs, teams=teams,
                            selectors=(_named(scenario),))
    return engine_plan(inventory, scenario, teams=teams, timed=timed)


def engine_plan(inventory: Inventory, scenario: Scenario, *,
                teams: Mapping[str, int] | None = None,
                timed: TimedInventory | None = None) -> RestorePlan:
    """The plan of ``scenario`` read from the time engine, whatever the scenario;
    ``teams`` limits a team's pieces of work at once."""
    teams = checked_teams(inventory, teams)
    timed = timed or timed_of(inventory)
    compiled = timed.compiled
    events = scenario_events(inventory, scenario)
    done = worked(inventory, timed, events, teams)
    spans, run = done.spans, done.run
    n = len(compiled.ids)
    down = bytearray(1 if found else 0 for found in spans)
    components = list(inventory.components.values())
    critical = bytearray(c.criticality == "critical" for c in components)
    team_of = [c.team if c.team in teams else None for c in components]
    rto = [c.rto for c in components]
    read = outcome(down, run, critical, rto)
    reasons = _never_back(timed, spans, _destroyed(inventory, compiled.ids, events))
    stuck = [c for c in read.stuck if "deadlock" in reasons[compiled.ids[c]]]
    checks = tuple(RtoCheck(compiled.ids[c], r, end if end >= 0 else None, bool(critical[c]))
                   for c, r, end in read.checked)
    initial = sorted({i for e in scenario.events for i in select(inventory, e.fail)})
    return RestorePlan(
        initial=tuple(initial),
        failed=tuple(compiled.ids[c] for c in range(n) if down[c]),
        steps=steps(compiled.ids, run, read.back, [c.team for c in components], critical),
        critical_path=critical_path(compiled, run, read.last),
        rto=checks,
        unrestorable=tuple(compiled.ids[c] for c in read.stuck),
        deadlocks=_deadlocks(inventory, timed, run, stuck),
        team_delays=team_delays(compiled, done.free, run, critical, team_of, teams),
        teams=teams,
        selectors=(_named(scenario),),
        inventory=inventory)


def _named(scenario: Scenario) -> str:
    """``scenario hall-2-fire (Hall 2 burns)``: how a plan names its scenario."""
    return f"scenario {scenario.id}" + (f" ({scenario.name})" if scenario.name else "")


def _special_case(inventory: Inventory, scenario: Scenario
                  ) -> tuple[list[str], dict[str, int]] | None:
    """Every event at 0, nothing destroyed, no holdup, changeover nor start-only
    requirement: the failures and their repairs, for the restoration simulation (the
    engine's special case, equal to it: tests/analysis/timeline); else None."""
    if has_time_keys(inventory) or any(e.at or e.destroyed for e in scenario.events):
        return None
    repairs: dict[str, int] = {}
    for event in scenario.events:
        for ident in select(inventory, event.fail):
            own = inventory[ident].restore if event.repair is None else event.repair
            repairs[ident] = max(repairs.get(ident, own), own)
    return sorted(repairs), repairs


def _deadlocks(inventory: Inventory, timed: TimedInventory, run: Run, stuck: list[int]):
    if not stuck:
        return ()
    compiled = timed.compiled
    if compiled.starts:  # to come back, a start requirement is a requirement
        compiled = compile_for_return(inventory)
        never = [False] * len(run.end)
        for c in stuck:
            never[c] = True
        run = dataclasses.replace(run, pending=pending(compiled, never))
    return deadlocks(compiled, run, stuck)

"""A scenario's restoration plan, on the time engine: the plan of ``restore-plan`` (steps,
waves, critical path, RTO checks, deadlocks) read from the engine's intervals.

Each component that was ever down has one step: its last return. Its work is *ready*
when the last event that hit it struck (an event's work starts at once), or, for one
that failed with something else, when its requirements were last all met (its return
less its restore time). It waited *after* the member whose return completed its
requirements last (none when it waited on nothing, or on a changeover running out).
The engine has no team limits: a plan on it puts every restoration under way as soon
as it can, as ``restore-plan`` does without ``--team``. Its waves are counted as the
restoration simulation counts them (one more than the latest wave of the returns a
component waited on), in rounds at each instant.

The special case of the engine, every event at 0 and no holdup, changeover or
start-only requirement, is the restoration simulation itself (:func:`restore_plan`,
teams and all): the tests hold the engine to it.
"""

from __future__ import annotations

import dataclasses
from typing import Mapping

from depgraph.analysis.restore_plan import restore_plan
from depgraph.analysis.restore_plan.deadlocks import deadlocks
from depgraph.analysis.restore_plan.outcome import critical_path, outcome, steps
from depgraph.analysis.restore_plan.simulation import Run
from depgraph.analysis.restore_plan.values import RestorePlan, RtoCheck
from depgraph.analysis.timeline.compile import (
    TimedInventory,
    has_time_keys,
    scenario_events,
    timed_of,
)
from depgraph.analysis.timeline.engine import Down, Event, run_timeline
from depgraph.analysis.timeline.scenario import _destroyed, _never_back
from depgraph.core.graph import compile_for_return
from depgraph.core.model import Inventory, Scenario
from depgraph.core.problems import SelectorError
from depgraph.core.selectors import select

__all__ = ["engine_plan", "scenario_plan"]


def scenario_plan(inventory: Inventory, scenario: Scenario, *,
                  teams: Mapping[str, int] | None = None,
                  timed: TimedInventory | None = None) -> RestorePlan:
    """The restoration plan of ``scenario``; ``teams`` limits a team's restorations at
    once, in the special case (the engine has no team limits: elsewhere they are a
    :class:`SelectorError` that says so).

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
    if teams:
        raise SelectorError(
            f"team limits are not modelled in time yet: scenario '{scenario.id}' has events "
            "after 0m, a part destroyed, or the inventory holdups, changeovers or "
            "start-only requirements; drop --team, or plan the same failures at 0m with "
            "restore-plan --fail")
    return engine_plan(inventory, scenario, timed=timed)


def engine_plan(inventory: Inventory, scenario: Scenario, *,
                timed: TimedInventory | None = None) -> RestorePlan:
    """The plan of ``scenario`` read from the time engine, whatever the scenario."""
    timed = timed or timed_of(inventory)
    compiled = timed.compiled
    events = scenario_events(inventory, scenario)
    spans = run_timeline(timed.timed, events)
    run = _run(timed, events, spans)
    n = len(compiled.ids)
    down = bytearray(1 if found else 0 for found in spans)
    components = list(inventory.components.values())
    critical = bytearray(c.criticality == "critical" for c in components)
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


def _run(timed: TimedInventory, events: list[Event], spans: list[list[Down]]) -> Run:
    """The engine's answer in the shape of the restoration simulation's."""
    n = len(spans)
    restore, needs = timed.timed.restore, timed.timed.needs
    last = [found[-1] if found else None for found in spans]
    end = [-1 if d is None or d.back is None else d.back for d in last]
    hit_at, work_end = [-1] * n, [-1] * n
    for event in events:
        for c, repair in zip(event.components, event.repair, strict=True):
            d = last[c]
            if d is not None and d.down <= event.at and (d.back is None or event.at < d.back
                                                         or (event.at == d.back == d.down)):
                hit_at[c] = max(hit_at[c], event.at)
                if repair is not None:
                    work_end[c] = max(work_end[c], event.at + repair)
    ready, after, wave = [-1] * n, [-1] * n, [0] * n
    held, waited, since = [False] * n, [0] * n, [0] * n
    by_end: dict[int, list[int]] = {}
    for c in range(n):
        if end[c] < 0:
            continue
        ready[c] = hit_at[c] if hit_at[c] >= 0 else end[c] - restore[c]
        held[c] = hit_at[c] < 0 or end[c] > work_end[c]  # waited on its requirements
        waited[c] = ready[c] if hit_at[c] < 0 else end[c]
        since[c] = last[c].down
        by_end.setdefault(end[c], []).append(c)
    placed: dict[int, tuple[int, int, int]] = {}  # the order of returns, as the plan has it

    def counted(c: int, complete: bool) -> list[int] | None:
        """The returns that met each requirement of ``c`` (None: not all met yet)."""
        found: list[int] = []
        for need in needs[c]:
            steady = sum(1 for m in need.members if last[m] is None or 0 <= end[m] < since[c])
            back = sorted((m for m in need.members if m in placed
                           and since[c] <= end[m] <= waited[c]), key=placed.__getitem__)
            short = need.needed - steady
            if len(back) < short and not complete:
                return None
            found += back[:max(0, short)]
        return found

    for t in sorted(by_end):  # an instant's returns in rounds, as a least fixpoint
        pending, round_number = sorted(by_end[t]), 0
        while pending:
            round_number += 1
            chosen = [(c, counted(c, False) if held[c] else []) for c in pending]
            ready_now = [(c, waits) for c, waits in chosen if waits is not None]
            if not ready_now:  # met on a holdup, not by returns: the rest at once
                ready_now = [(c, counted(c, True)) for c in pending]
            for c, waits in ready_now:
                wave[c] = 1 + max((wave[m] for m in waits), default=0) if held[c] else 1
                if waits:
                    best = max(waits, key=placed.__getitem__)
                    if end[best] == waited[c]:
                        after[c] = best
            for c, _ in ready_now:
                placed[c] = (t, round_number, c)
            done = {c for c, _ in ready_now}
            pending = [c for c in pending if c not in done]
    never = [d is not None and d.back is None for d in last]
    pending = _pending(timed.compiled, never)
    order = sorted((c for c in range(n) if end[c] >= 0), key=lambda c: (end[c], c))
    return Run(ready, list(ready), end, after, wave, pending, order)


def _deadlocks(inventory: Inventory, timed: TimedInventory, run: Run, stuck: list[int]):
    if not stuck:
        return ()
    compiled = timed.compiled
    if compiled.starts:  # to come back, a start requirement is a requirement
        compiled = compile_for_return(inventory)
        never = [False] * len(run.end)
        for c in stuck:
            never[c] = True
        run = dataclasses.replace(run, pending=_pending(compiled, never))
    return deadlocks(compiled, run, stuck)


def _pending(compiled, never: list[bool]) -> list[int]:
    """Per requirement, its members that never come back."""
    return [sum(1 for m in compiled.members_of(r) if never[m])
            for r in range(len(compiled.owner))]

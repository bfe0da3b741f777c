"""The restoration plan of one scenario: the simulation run, and read into a plan."""

from __future__ import annotations

from operator import attrgetter
from typing import Callable, Iterable, Mapping

from depgraph.analysis.propagation import run_scenario
from depgraph.analysis.restore_plan.deadlocks import deadlocks
from depgraph.analysis.restore_plan.outcome import critical_path, outcome, steps
from depgraph.analysis.restore_plan.simulation import Run, new_state, simulate
from depgraph.analysis.restore_plan.teams import priorities, team_delays
from depgraph.analysis.restore_plan.values import RestorePlan, RtoCheck
from depgraph.core import fast_paths
from depgraph.core.deprecation import renamed_argument
from depgraph.core.graph import CompiledInventory, compile_for_return, compile_inventory
from depgraph.core.model import Inventory
from depgraph.core.problems import SelectorError, did_you_mean
from depgraph.core.selectors import Selector, components_named

__all__ = ["checked_teams", "restore_plan", "simulate_restoration"]

_RESTORE, _TEAM, _RTO = attrgetter("restore"), attrgetter("team"), attrgetter("rto")
_CRITICALITY = attrgetter("criticality")


def restore_plan(inventory: Inventory, initial: Selector | str | Iterable[str] = (), *,
                 repair: int | None = None, cold_start: bool = False,
                 teams: Mapping[str, int] | None = None,
                 selectors: Iterable[str] = (),
                 progress: Callable[[int, int], None] | None = None,
                 failed: Iterable[str] | None = None,
                 repairs: Mapping[str, int] | None = None) -> RestorePlan:
    """The restoration plan after the components ``initial`` fail (one selector, or
    component ids; and everything their failure takes down), or after a total loss
    with ``cold_start``. (``failed=`` is the old name of ``initial``.)

    ``repair`` (seconds) replaces the restore time of the components in ``initial``;
    ``repairs``, by id, that of each one named (a scenario's events at 0, each its own);
    ``teams`` limits a team to that many restorations at once; ``selectors``, the
    scenario as the user wrote it, is kept for reports. ``progress``, if given, is
    called with the steps done and their number (the scenario, the simulation, the
    simulation with teams, the plan), for a progress bar.

    >>> from depgraph import load_inventory
    >>> plan = restore_plan(load_inventory("inventories/webshop.yaml"), ["zone-a"])
    >>> plan.total / 3600, plan.critical_path
    (6.25, ('zone-a', 'db-1', 'db-cluster', 'order-worker', 'order-fulfilment'))
    >>> plan.rto_breaches
    ('checkout', 'db-cluster', 'web-a')
    """
    initial = renamed_argument("restore_plan", "failed", "initial", failed, initial, ())
    failing = compile_inventory(inventory)  # what fails: start-only requirements aside
    compiled = compile_for_return(inventory)  # what comes back: with them
    teams = checked_teams(inventory, teams)
    initial = compiled.numbers(components_named(inventory, initial))
    n = len(compiled.ids)
    report = progress or (lambda done, total: None)
    report(0, 4)
    down = bytearray(b"\x01" * n) if cold_start else \
        bytearray(run_scenario(failing, initial).flags())
    components = list(inventory.components.values())  # in number order (sorted ids)
    duration = list(map(_RESTORE, components))
    if repair is not None:
        for c in initial:
            duration[c] = repair
    for ident, seconds in (repairs or {}).items():
        duration[compiled.index[ident]] = seconds
    team = list(map(_TEAM, components))
    team_of = [t if t in teams else None for t in team] if teams else [None] * n
    critical = bytearray(map("critical".__eq__, map(_CRITICALITY, components)))

    first = bytearray(n)
    for c in initial:
        first[c] = down[c] = 1
    report(1, 4)
    free = simulate_restoration(compiled, down, first, duration, team_of, {}, None)
    report(2, 4)
    if teams:
        priority = priorities(compiled, down, free, critical)
        run = simulate_restoration(compiled, down, first, duration, team_of, teams, priority)
    else:
        run = free
    report(3, 4)
    ids = compiled.ids
    rto = list(map(_RTO, components))
    if fast_paths.fast("restoration", len(compiled.member_of)):
        from depgraph.analysis.restore_plan.outcome_numpy import outcome_numpy

        read = outcome_numpy(down, run, critical, rto)
    else:
        read = outcome(down, run, critical, rto)
    checks = tuple(RtoCheck(ids[c], rto, end if end >= 0 else None, bool(critical[c]))
                   for c, rto, end in read.checked)
    plan = RestorePlan(
        initial=tuple(ids[c] for c in sorted(set(initial))),
        failed=ids if read.down == n else tuple(map(ids.__getitem__, read.failed)),
        steps=steps(ids, run, read.back, team, critical),
        critical_path=critical_path(compiled, run, read.last),
        rto=checks,
        unrestorable=tuple(map(ids.__getitem__, read.stuck)),
        deadlocks=deadlocks(compiled, run, read.stuck),
        team_delays=team_delays(compiled, free, run, critical, team_of, teams),
        teams=teams, cold_start=cold_start, repair=repair, selectors=tuple(selectors),
        inventory=inventory)
    report(4, 4)
    return plan


def checked_teams(inventory: Inventory, teams: Mapping[str, int] | None) -> dict[str, int]:
    """The team limits, each naming a team of the inventory and at least one hand."""
    teams = dict(teams or {})
    known = sorted({c.team for c in inventory.components.values() if c.team} if teams else ())
    for name, capacity in sorted(teams.items()):
        if name not in known:
            raise SelectorError(f"no component has team '{name}'; "
                                f"{did_you_mean(name, known) or 'check the name'}")
        if capacity < 1:
            raise SelectorError(f"team '{name}' must run at least 1 restoration at once, "
                                f"not {capacity}")
    return teams


def simulate_restoration(compiled: CompiledInventory, down: bytearray, first: bytearray,
                         duration: list[int], team_of: list[str | None],
                         teams: Mapping[str, int], priority: list[tuple] | None) -> Run:
    """:func:`~.simulation.simulate`, on the path :mod:`depgraph.core.fast_paths`
    chooses: on the fast path, the numpy loop without team limits (which hands over to
    the reference loop where it must), and the numpy counts with them."""
    if not fast_paths.fast("restoration", len(compiled.member_of)):
        return simulate(compiled, down, first, duration, team_of, teams, priority)
    from depgraph.analysis.restore_plan.simulation_numpy import (ArrayRun, counts_numpy,
                                                                 simulate_numpy)

    if not teams:
        state = simulate_numpy(compiled, down, first, duration)
        if isinstance(state, ArrayRun):
            return state  # type: ignore[return-value]
    else:
        pending, unmet = counts_numpy(compiled, down)
        state = new_state(compiled, pending.tolist(), unmet.tolist())
    return simulate(compiled, down, first, duration, team_of, teams, priority, state)

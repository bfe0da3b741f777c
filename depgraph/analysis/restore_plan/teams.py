"""Team limits: who goes first on a team's waiting list, and which team held back a
critical component.

A team limited to ``N`` restorations at once turns the earliest plan into list
scheduling: when more work is ready than the team has hands, what unblocks a
critical component comes first, then the longest chain of work behind it, then the
id. That choice is a heuristic (the best schedule is NP-hard to find), but every
plan it gives is feasible: nothing starts before its requirements are met, and no
team ever exceeds its capacity.
"""

from __future__ import annotations

from itertools import compress
from typing import Mapping

from depgraph.analysis.restore_plan.simulation import Run
from depgraph.analysis.restore_plan.values import TeamDelay
from depgraph.core.graph import CompiledInventory

__all__ = ["priorities", "team_delays"]


def priorities(compiled: CompiledInventory, down: bytearray, free: Run,
               critical: bytearray) -> list[tuple]:
    """Who goes first on a team's waiting list (after what something still waits for):
    a critical component, then what leads to one, then the longest chain of work behind
    it (in the plan without limits), then the most critical components downstream (an
    estimate: counted along every path), then the id. The first entry says whether the
    component is critical itself."""
    n = len(compiled.ids)
    offsets, member_of, owner = compiled.offsets, compiled.member_of, compiled.owner
    tail = [0] * n
    leads = bytearray(critical)
    weight = list(critical)  # critical components downstream, counted along every path
    for c in reversed(free.order):  # what came back later first
        behind = 0
        for r in member_of[offsets[c]:offsets[c + 1]]:
            y = owner[r]
            if down[y] and free.end[y] >= 0 and free.ready[y] >= free.end[c]:
                behind = max(behind, tail[y])
                leads[c] |= leads[y]
                weight[c] = min(weight[c] + weight[y], n)
        tail[c] = free.end[c] - free.start[c] + behind
    return [(-critical[c], -leads[c], -tail[c], -weight[c], compiled.ids[c])
            for c in range(n)]


def team_delays(compiled: CompiledInventory, free: Run, run: Run, critical: bytearray,
                team_of: list[str | None], teams: Mapping[str, int]) -> tuple[TeamDelay, ...]:
    """The limited teams whose waiting lists delayed a critical component, by delay."""
    if not teams:
        return ()  # the plan is the one without limits
    found = []
    for c in compress(range(len(compiled.ids)), critical):
        if run.end[c] < 0 or free.end[c] < 0 or run.end[c] <= free.end[c]:
            continue
        waits: dict[str, int] = {}
        x = c
        while x >= 0:
            if team_of[x] is not None and run.start[x] > run.ready[x]:
                waits[team_of[x]] = waits.get(team_of[x], 0) + run.start[x] - run.ready[x]
            x = run.after[x]
        found += [TeamDelay(team, teams[team], compiled.ids[c], delay)
                  for team, delay in waits.items()]
    return tuple(sorted(found, key=lambda d: (-d.delay, d.component, d.team)))

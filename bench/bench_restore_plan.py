"""Benchmark: restoration plans on large estates, against a straightforward baseline.

Run:  python bench/bench_restore_plan.py [--sizes 10000,100000] [--repeat 3]

The synthetic estate (bench/synthetic.py) gets restore times, teams and RTOs by
component type. Three scenarios: a cold start (everything down: the largest
plan), the loss of one hosting provider's power with a 3 h repair, and the cold
start again with every team limited. The baseline is what one writes first with
networkx: a heap of return times and, each time a component is back, a re-check
of every requirement of each component that depends on it against the set of
what is up. depgraph counts, per requirement, the members still down over the
compiled index instead. Both give the same plan without team limits (checked);
both are timed in the same run (this machine is shared: trust the ratio).
"""

from __future__ import annotations

import argparse
import heapq
import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))

from depgraph import select_all  # noqa: E402
from depgraph.analysis.restore_plan import restore_plan  # noqa: E402
from depgraph.core.graph import compile_inventory, dependency_graph  # noqa: E402
from synthetic import synthetic_inventory, with_restoration  # noqa: E402

LIMITS = {"facilities": 4, "network": 6, "systems": 10, "dba": 4, "apps": 8, "business": 20}


def estate(size: int):
    return with_restoration(synthetic_inventory(size))


def baseline(G, inventory, down: set[str], initial: set[str], repair: int | None):
    """Heap of return times; on each return, re-check the dependents' requirements."""
    up = set(G) - down
    duration = {i: (repair if repair is not None and i in initial else inventory[i].restore)
                for i in down}

    def met(ident: str) -> bool:
        return all(sum(m in up for m in r.members) >= r.needed
                   for r in inventory[ident].requirements)

    events, started, back = [], set(), {}
    for ident in sorted(down):
        if ident in initial or met(ident):
            started.add(ident)
            heapq.heappush(events, (duration[ident], ident))
    waiting = set()
    while events:
        now, ident = heapq.heappop(events)
        if ident in up:
            continue
        if not met(ident):
            waiting.add(ident)  # an initial failure repaired, waiting for what it needs
            continue
        up.add(ident)
        back[ident] = now
        for dependent in G.predecessors(ident):
            if dependent in up or not met(dependent):
                continue
            if dependent not in started:
                started.add(dependent)
                heapq.heappush(events, (now + duration[dependent], dependent))
            elif dependent in waiting:
                waiting.discard(dependent)
                heapq.heappush(events, (now, dependent))
    return back


def timed(function, repeat: int):
    best, result = float("inf"), None
    for _ in range(repeat):
        result = None
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{'components':>10} {'scenario':<22} {'down':>7} {'back':>7} {'waves':>6} "
          f"{'depgraph':>9} {'baseline':>9} {'ratio':>6}")
    for size in map(int, args.sizes.split(",")):
        inventory = estate(size)
        compile_inventory(inventory)
        G = dependency_graph(inventory)
        power = select_all(inventory, ["provider:hostco,type:power"])
        scenarios = [
            ("cold start", dict(cold_start=True), None),
            ("hostco power, 3h", dict(failed=power, repair=3 * 3600), None),
            ("cold start, teams", dict(cold_start=True, teams=LIMITS), None),
        ]
        for name, options, _ in scenarios:
            ours, plan = timed(lambda: restore_plan(inventory, **options), args.repeat)
            line = (f"{len(inventory):>10} {name:<22} {len(plan.failed):>7} "
                    f"{len(plan.steps):>7} {len(plan.waves):>6} {ours:>8.2f}s")
            if "teams" in options:
                print(line + f" {'—':>9} {'—':>6}")
                continue
            down = set(plan.failed)
            initial = set(options.get("failed", ()))
            theirs, back = timed(lambda: baseline(G, inventory, down, initial,
                                                  options.get("repair")), args.repeat)
            assert back == {s.id: s.end for s in plan.steps}, "the plans differ"
            print(line + f" {theirs:>8.2f}s {theirs / ours:>5.1f}x")


if __name__ == "__main__":
    main()

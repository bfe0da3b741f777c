"""Benchmark: restoration plans on large estates, up to a million components.

Run:  python bench/bench_restore_plan.py [--sizes 10000,100000,1000000] [--repeat 3]
                                         [--baseline-up-to 100000] [--teams-up-to 100000]

The synthetic estate (bench/synthetic.py) gets restore times, teams and RTOs by
component type. Three scenarios: a cold start (everything down: the largest
plan), the loss of one hosting provider's power with a 3 h repair, and the cold
start again with every team limited (up to --teams-up-to components). Timed in
turns, best of --repeat (this machine is shared: trust the ratios of one run):

- depgraph: ``restore_plan`` as the API runs it (numpy from
  ``FAST_FROM["restoration"]`` memberships on, see ``depgraph.core.fast_paths``: each
  moment of the simulation at once, the set-up and the sorting of the steps vectorised);
- python: the same plan on the reference path (the Python loop of the simulation,
  over lists of work by the moment it ends);
- baseline: what one writes first with networkx, a heap of return times and, each
  time a component is back, a re-check of every requirement of each component that
  depends on it against the set of what is up (only up to --baseline-up-to
  components: the networkx graph of a million components takes minutes to build).

All give the same plan without team limits (checked; the two depgraph paths give
the same plan with them too). The garbage collector is tuned as the depgraph command
tunes it (--default-gc to leave it alone).
"""

from __future__ import annotations

import argparse
import heapq
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))

from bench_blast_radius import in_turns  # noqa: E402 - one timing loop for the benches

from depgraph import select_all  # noqa: E402
from depgraph.analysis.restore_plan import restore_plan  # noqa: E402
from depgraph.cli.tuning import tune_gc  # noqa: E402
from depgraph.core.fast_paths import forced  # noqa: E402
from depgraph.core.graph_numpy import compiled_arrays  # noqa: E402
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


def python_only(function):
    """``function`` on the reference path, in the plan and the propagation before it."""
    def run():
        with forced("reference"):
            return function()
    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--baseline-up-to", type=int, default=100_000)
    parser.add_argument("--teams-up-to", type=int, default=100_000)
    parser.add_argument("--default-gc", action="store_true")
    args = parser.parse_args()
    if not args.default_gc:
        tune_gc()
    print(f"{'components':>10} {'scenario':<22} {'down':>9} {'back':>9} {'waves':>6} "
          f"{'depgraph':>9} {'python':>9} {'baseline':>9} {'python/depgraph':>15}")
    for size in map(int, args.sizes.split(",")):
        inventory = estate(size)
        compiled_arrays(compile_inventory(inventory))  # once per inventory, as loading is
        G = dependency_graph(inventory) if size <= args.baseline_up_to else None
        power = select_all(inventory, ["provider:hostco,type:power"])
        scenarios = [
            ("cold start", dict(cold_start=True)),
            ("hostco power, 3h", dict(initial=power, repair=3 * 3600)),
        ]
        if size <= args.teams_up_to:
            scenarios.append(("cold start, teams", dict(cold_start=True, teams=LIMITS)))
        for name, options in scenarios:
            functions = {"depgraph": lambda: restore_plan(inventory, **options),
                         "python": python_only(lambda: restore_plan(inventory, **options))}
            down = set(restore_plan(inventory, **options).failed)
            initial = set(options.get("initial", ()))
            if G is not None and "teams" not in options:
                functions["baseline"] = lambda: baseline(G, inventory, down, initial,
                                                         options.get("repair"))
            best, results = in_turns(functions, args.repeat)
            plan = results["depgraph"]
            assert plan == results["python"], "numpy and python give different plans"
            if "baseline" in results:
                assert results["baseline"] == {s.id: s.end for s in plan.steps}, \
                    "the plans differ"
            theirs = f"{best['baseline']:>8.2f}s" if "baseline" in best else f"{'—':>9}"
            print(f"{len(inventory):>10} {name:<22} {len(plan.failed):>9,} "
                  f"{len(plan.steps):>9,} {len(plan.waves):>6} {best['depgraph']:>8.2f}s "
                  f"{best['python']:>8.2f}s {theirs} "
                  f"{best['python'] / best['depgraph']:>14.1f}x", flush=True)


if __name__ == "__main__":
    main()

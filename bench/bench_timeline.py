"""Benchmark: the time engine on large estates, up to a million components.

Run:  python bench/bench_timeline.py [--sizes 10000,100000,1000000] [--repeat 3]

The synthetic estate (bench/synthetic.py) with restore times by type, built and
compiled (``built``), and its engine input made by ``timed_inventory`` (``timed``),
all under ``quiet_gc`` as the command loads an inventory (the loaded objects are then
out of the collector's way).
Then, seeded, timers on its requirements: a 15 min holdup on each one with a power
member (the UPS batteries), a holdup of 1, 2 or 4 h on a tenth of the others (a
manual workaround; ``located_in`` apart), and a switchover of 1, 5 or 15 min on half
of the ``any`` and ``at_least`` groups. Timed in turns, best of --repeat (this
machine is shared: trust the ratios of one run):

- restore_plan: the loss of the hosting provider's power with a 3 h repair (the
  ``hostco`` scenario of bench_restore_plan.py), the baseline;
- engine, plain: ``run_timeline`` on the estate without timers, that one event at 0
  (checked: every component down, back at the plan's end, or never, as the plan
  says);
- engine, timers: ``run_timeline`` on the estate with the timers, and three events:
  the same loss at 0, one host destroyed at 1 h, the grid region lost at 6 h for 2 h
  (the generators take over, each UPS changing over on its battery);
- generator: the estate as ``depgraph generate --time`` writes it (``with_time``: each
  UPS rides 15 minutes across a 5-minute changeover, cluster, database and application
  failovers), the same three events, whole: ``timeline()``, which builds the engine's
  input from the inventory (``timed_of``, timed apart as ``input``), runs the engine and
  reads its answer for people (causes, targets, never back and why, riding through).

Each engine call builds its own index of the input (nothing is cached between
calls); ``index`` is that part alone (the numpy arrays read from the ``Need`` s).
Figures in seconds, and the engine's ratios to restore_plan. --repeat 1 gives the
first calls, which are slower (fresh memory).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from dataclasses import replace

sys.path.insert(0, os.path.dirname(__file__))

from bench_blast_radius import in_turns  # noqa: E402 - one timing loop for the benches
from synthetic import synthetic_inventory, with_restoration  # noqa: E402

from depgraph import select_all  # noqa: E402
from depgraph.analysis.restore_plan import restore_plan  # noqa: E402
from depgraph.analysis.timeline import timeline  # noqa: E402
from depgraph.analysis.timeline.compile import (
    timed_inventory,  # noqa: E402
    timed_of,  # noqa: E402
)
from depgraph.analysis.timeline.engine import Event, Timed, _Index, run_timeline  # noqa: E402
from depgraph.cli.tuning import quiet_gc, tune_gc  # noqa: E402
from depgraph.core.graph import compile_inventory  # noqa: E402
from depgraph.core.graph_numpy import compiled_arrays  # noqa: E402
from depgraph.core.model import Scenario, ScenarioEvent  # noqa: E402
from depgraph.loaders.synthetic import with_time  # noqa: E402

HOUR = 3600


def with_timers(timed: Timed, compiled, types: list[str], seed: int = 1) -> Timed:
    """``timed`` with holdups and switchovers, chosen by a seeded draw (see above)."""
    rng = random.Random(seed)
    needs = []
    for c, own in enumerate(timed.needs):
        mine = []
        for r, need in zip(compiled.requirements_of(c), own, strict=True):
            kind = compiled.requirements[r].kind
            if any(types[m] == "power" for m in need.members):
                need = replace(need, holdup=15 * 60)
            elif kind != "located_in" and rng.random() < 0.1:
                need = replace(need, holdup=rng.choice([1, 2, 4]) * HOUR)
            if kind in ("any", "at_least") and len(need.members) > 1 and rng.random() < 0.5:
                need = replace(need, switchover=rng.choice([1, 5, 15]) * 60)
            mine.append(need)
        needs.append(tuple(mine))
    return Timed(timed.restore, tuple(needs))


def check_plain(intervals, plan, compiled) -> None:
    """The engine with one event at 0 and no timers is the restoration plan."""
    ends = {step.id: step.end for step in plan.steps}
    failed = set(plan.failed)
    for ident, spans in zip(compiled.ids, intervals, strict=True):
        expected = [(0, ends.get(ident))] if ident in failed else []
        assert [(d.down, d.back) for d in spans] == expected, f"{ident}: {spans}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--default-gc", action="store_true")
    args = parser.parse_args()
    if not args.default_gc:
        tune_gc()
    print(f"{'components':>10} {'built':>7} {'timed':>7} {'down':>8} {'intervals':>9} "
          f"{'never':>6} {'restore_plan':>12} {'plain':>7} {'timers':>7} {'index':>7} "
          f"{'plain/plan':>10} {'timers/plan':>11} {'input':>7} {'timeline()':>10} "
          f"{'/plan':>6}")
    for size in map(int, args.sizes.split(",")):
        measure(size, args.repeat)


def measure(size: int, repeat: int) -> None:
    """Build the estate of ``size`` components, time the three in turns, print a row."""
    start = time.perf_counter()
    with quiet_gc():
        inventory = with_restoration(synthetic_inventory(size))
        compiled = compile_inventory(inventory)
        compiled_arrays(compiled)  # once per inventory, as loading is
    built = time.perf_counter() - start
    start = time.perf_counter()
    with quiet_gc():
        components = list(inventory.components.values())  # in number order
        plain = timed_inventory(compiled, [c.restore for c in components])
    made = time.perf_counter() - start
    with quiet_gc():
        timed = with_timers(plain, compiled, [c.type for c in components])
    power = select_all(inventory, ["provider:hostco,type:power"])
    numbers = tuple(compiled.numbers(power))
    loss = Event(0, numbers, (3 * HOUR,) * len(numbers))
    events = [loss, Event(HOUR, tuple(compiled.numbers(["g7-host1"])), (None,)),
              Event(6 * HOUR, tuple(compiled.numbers(["grid-region"])), (2 * HOUR,))]
    with quiet_gc():
        generated = with_time(inventory)
        compile_inventory(generated)
    told = Scenario("bench", (ScenarioEvent(0, "provider:hostco,type:power", 3 * HOUR),
                              ScenarioEvent(HOUR, "g7-host1", destroyed=True),
                              ScenarioEvent(6 * HOUR, "grid-region", 2 * HOUR)))
    functions = {"plan": lambda: restore_plan(inventory, power, repair=3 * HOUR),
                 "plain": lambda: run_timeline(plain, [loss]),
                 "timers": lambda: run_timeline(timed, events),
                 "index": lambda: _Index(timed),
                 "input": lambda: timed_of(generated),
                 "timeline": lambda: timeline(generated, told)}
    best, results = in_turns(functions, repeat)
    plan = results["plan"]
    check_plain(results["plain"], plan, compiled)
    spans = [d for own in results["timers"] for d in own]
    never = sum(d.back is None for d in spans)
    print(f"{len(inventory):>10} {built:>6.2f}s {made:>6.2f}s {len(plan.failed):>8,} "
          f"{len(spans):>9,} {never:>6,} {best['plan']:>11.2f}s {best['plain']:>6.2f}s "
          f"{best['timers']:>6.2f}s {best['index']:>6.2f}s "
          f"{best['plain'] / best['plan']:>9.2f}x {best['timers'] / best['plan']:>10.2f}x "
          f"{best['input']:>6.2f}s {best['timeline']:>9.2f}s "
          f"{best['timeline'] / best['plan']:>5.2f}x", flush=True)


if __name__ == "__main__":
    main()

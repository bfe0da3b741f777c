"""Benchmark: restoration plans in time with limited teams, up to a million components.

Run:  python bench/bench_timeline_teams.py [--sizes 10000,100000,1000000] [--repeat 2]

The synthetic estate (bench/synthetic.py) with restore times, teams and RTOs by type,
every team limited as in bench_restore_plan.py (facilities 4, network 6, systems 10,
dba 4, apps 8, business 20). Timed in turns, best of --repeat (this machine is shared:
trust the ratios of one run):

- simulation: ``restore_plan`` after the loss of the hosting provider's power with a
  3 h repair, teams limited: the baseline;
- engine: ``engine_plan`` on the same failures as a scenario (one event at 0), on the
  engine with hands; checked: the same plan, step for step (the special case);
- free: ``engine_plan`` on it without team limits, for what the hands cost;
- in time: ``engine_plan`` on the estate as ``depgraph generate --time`` writes it (UPS,
  changeovers, failovers) and three events (the loss at 0, a host destroyed at 1 h, the
  grid region lost at 6 h for 2 h), teams limited; and ``in time, free`` without.

Figures in seconds, and the ratios of the engine's to the simulation's.
"""

from __future__ import annotations

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))

from bench_blast_radius import in_turns  # noqa: E402 - one timing loop for the benches
from synthetic import synthetic_inventory, with_restoration  # noqa: E402

from depgraph import select_all  # noqa: E402
from depgraph.analysis.restore_plan import restore_plan  # noqa: E402
from depgraph.analysis.timeline.compile import timed_of  # noqa: E402
from depgraph.analysis.timeline.plan import engine_plan  # noqa: E402
from depgraph.cli.tuning import quiet_gc, tune_gc  # noqa: E402
from depgraph.core.graph import compile_inventory  # noqa: E402
from depgraph.core.graph_numpy import compiled_arrays  # noqa: E402
from depgraph.core.model import Scenario, ScenarioEvent  # noqa: E402
from depgraph.loaders.synthetic import with_time  # noqa: E402

HOUR = 3600
LIMITS = {"facilities": 4, "network": 6, "systems": 10, "dba": 4, "apps": 8, "business": 20}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    tune_gc()
    print(f"{'components':>10} {'down':>8} {'waited':>7} {'simulation':>10} {'engine':>7} "
          f"{'free':>7} {'engine/sim':>10} {'in time':>8} {'in time, free':>13} "
          f"{'in time/sim':>11}")
    for size in map(int, args.sizes.split(",")):
        measure(size, args.repeat)


def measure(size: int, repeat: int) -> None:
    with quiet_gc():
        inventory = with_restoration(synthetic_inventory(size))
        compiled_arrays(compile_inventory(inventory))
        generated = with_time(inventory)
        compile_inventory(generated)
        timed = timed_of(inventory)
        timed_generated = timed_of(generated)
    power = select_all(inventory, ["provider:hostco,type:power"])
    teams = {name: hands for name, hands in LIMITS.items()
             if any(c.team == name for c in inventory.components.values())}
    loss = Scenario("hostco", (ScenarioEvent(0, "provider:hostco,type:power", 3 * HOUR),))
    told = Scenario("bench", (ScenarioEvent(0, "provider:hostco,type:power", 3 * HOUR),
                              ScenarioEvent(HOUR, "g7-host1", destroyed=True),
                              ScenarioEvent(6 * HOUR, "grid-region", 2 * HOUR)))
    functions = {
        "simulation": lambda: restore_plan(inventory, power, repair=3 * HOUR, teams=teams),
        "engine": lambda: engine_plan(inventory, loss, teams=teams, timed=timed),
        "free": lambda: engine_plan(inventory, loss, timed=timed),
        "time": lambda: engine_plan(generated, told, teams=teams, timed=timed_generated),
        "time free": lambda: engine_plan(generated, told, timed=timed_generated)}
    best, results = in_turns(functions, repeat)
    simulated, engine = results["simulation"], results["engine"]
    assert engine.steps == simulated.steps, "the special case is the simulation"
    assert engine.team_delays == simulated.team_delays
    waited = sum(s.start > s.ready for s in engine.steps)
    print(f"{len(inventory):>10} {len(engine.failed):>8,} {waited:>7,} "
          f"{best['simulation']:>9.2f}s {best['engine']:>6.2f}s {best['free']:>6.2f}s "
          f"{best['engine'] / best['simulation']:>9.2f}x {best['time']:>7.2f}s "
          f"{best['time free']:>12.2f}s {best['time'] / best['simulation']:>10.2f}x",
          flush=True)


if __name__ == "__main__":
    main()

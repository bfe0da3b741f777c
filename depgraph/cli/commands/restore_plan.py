"""``depgraph restore-plan``: the order in which things come back, and when."""

from __future__ import annotations

import dataclasses
import sys

import click

from depgraph.analysis.restore_plan import restore_plan
from depgraph.analysis.timeline import scenario_named
from depgraph.analysis.timeline.compile import has_timers
from depgraph.analysis.timeline.plan import engine_plan, scenario_plan
from depgraph.cli.exitcodes import ExitCode
from depgraph.cli.output import emit, say
from depgraph.cli.progress import progress_bar
from depgraph.cli.shared import (
    CONTEXT,
    duration,
    fail_option,
    format_option,
    handle_errors,
    inventory_argument,
    large,
    load,
    output_option,
    resolve_format,
    scenario_option,
    team_option,
    to_file,
)
from depgraph.core.durations import format_duration
from depgraph.core.model import Scenario, ScenarioEvent
from depgraph.core.selectors import parse_selector, select_all
from depgraph.formats import get_format

__all__ = ["restore_plan_command"]


@click.command("restore-plan", context_settings=CONTEXT)
@inventory_argument
@fail_option(False, "What fails initially: a component id, or key:value filters joined by "
                    "commas (provider:hostco,type:power). Repeatable.")
@click.option("--cold-start", is_flag=True,
              help="Start from everything down (a total power loss); --fail then names the "
                   "initial failures that --repair applies to.")
@click.option("--repair", metavar="DURATION", callback=duration,
              help="How long the initial failures take to repair (3h, 1d12h) [default: "
                   "their own restore time].")
@team_option("Limit a team to N restorations at once (repeatable) [default: no limit].")
@scenario_option("Instead of --fail: one of the inventory's scenarios, on the time engine "
                 "(its events, repairs, holdups, changeovers and start-only requirements).")
@click.option("--fail-on-breach", is_flag=True, help="Exit 1 when an RTO is breached.")
@click.option("--fail-on-deadlock", is_flag=True,
              help="Exit 1 when something never comes back (a deadlock).")
@format_option("restore_plan")
@output_option
@handle_errors
def restore_plan_command(inventory: tuple[str, ...], fail: tuple[str, ...], cold_start: bool,
                         repair: int | None, team: dict[str, int], scenario: str | None,
                         fail_on_breach: bool, fail_on_deadlock: bool,
                         format_name: str | None, output: str | None) -> None:
    """In which order things come back after SELECTOR fails, and when: waves, start and
    end times, the critical path, RTO breaches, teams that hold things back, and the
    deadlocks that keep things down. -o plan.svg draws the timeline.

    \b
    Examples (the hosting provider's power back in 3 hours; a campus fire in time):
      depgraph restore-plan inventories/hospital-group.yaml \\
          --fail provider:hostco,type:power --repair 3h
      depgraph restore-plan inventories/campus-fire.yaml --scenario hall-2-fire
    """
    if scenario is not None and (fail or cold_start or repair is not None):
        raise click.UsageError("--scenario says what fails and how long each repair takes: "
                               "not with --fail, --cold-start or --repair")
    if not fail and not cold_start and scenario is None:
        raise click.UsageError("say what fails (--fail SELECTOR), start from everything "
                               "down (--cold-start), or name a scenario (--scenario ID)")
    if repair is not None and not fail:
        raise click.UsageError("--repair is how long the initial failures take: name them "
                               "with --fail (in a cold start, each takes its own restore)")
    format_name = resolve_format(format_name, "restore_plan", output)
    selectors = [parse_selector(text) for text in fail]
    loaded = load(inventory)
    initial = select_all(loaded, selectors) if selectors else ()
    if scenario is not None:
        plan = scenario_plan(loaded, scenario_named(loaded, scenario), teams=team)
    elif has_timers(loaded) and not cold_start:
        # holdups and changeovers count: the failures at 0m, on the time engine
        scenario_of = Scenario("command-line", tuple(
            ScenarioEvent(0, s.text, repair) for s in selectors),
            name="the failures given on the command line")
        plan = dataclasses.replace(engine_plan(loaded, scenario_of, teams=team),
                                   repair=repair, selectors=tuple(s.text for s in selectors))
    else:  # in a cold start nothing was up: nothing rides through nor changes over
        with progress_bar("planning", large(loaded)) as advance:
            plan = restore_plan(loaded, initial, repair=repair, cold_start=cold_start,
                                teams=team, selectors=[s.text for s in selectors],
                                progress=advance)
    emit(get_format(format_name).restore_plan(plan), output)
    if to_file(output) or format_name != "text":
        breaches = len(plan.rto_breaches)
        say(f"{len(plan.steps)} of {len(plan.failed)} components back after "
            f"{format_duration(plan.total)}; {breaches} RTO breach{'es' if breaches != 1 else ''}"
            f"; {len(plan.unrestorable)} never back")
    for deadlock in plan.deadlocks:
        say(f"deadlock: {' <-> '.join(deadlock.members)} (start "
            f"{', '.join(deadlock.start_by_hand)} by hand first)")
    if (fail_on_breach and plan.rto_breaches) or (fail_on_deadlock and plan.unrestorable):
        sys.exit(ExitCode.FINDINGS)

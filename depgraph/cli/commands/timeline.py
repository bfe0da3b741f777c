"""``depgraph timeline``: a scenario told in time."""

from __future__ import annotations

import sys

import click

from depgraph.analysis.timeline import scenario_named, timeline
from depgraph.cli.exitcodes import ExitCode
from depgraph.cli.output import emit, say
from depgraph.cli.progress import progress_bar
from depgraph.cli.shared import (
    CONTEXT,
    fail_option,
    format_option,
    handle_errors,
    inventory_argument,
    large,
    load,
    output_option,
    resolve_format,
    scenario_option,
    target_option,
    team_option,
    to_file,
)
from depgraph.core.durations import format_duration, parse_duration
from depgraph.core.model import Scenario, ScenarioEvent
from depgraph.core.problems import SelectorError
from depgraph.core.selectors import parse_selector, select_all
from depgraph.core.wording import plural
from depgraph.formats import get_format

__all__ = ["command_line_scenario", "timeline_command"]


def _repairs(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]
             ) -> tuple[int | None, ...]:
    """``--repair``: durations, or ``never`` (None) for a part destroyed."""
    found: list[int | None] = []
    for value in values:
        if value.strip() == "never":
            found.append(None)
            continue
        try:
            found.append(parse_duration(value))
        except ValueError as error:
            raise click.BadParameter(f"{error}; or 'never' for a part destroyed") from None
    return tuple(found)


def _extra_events(ctx: click.Context, param: click.Parameter,
                  values: tuple[tuple[str, str, str], ...]) -> tuple[ScenarioEvent, ...]:
    """``--at WHEN SELECTOR REPAIR``: an event later than the start."""
    events = []
    for when, selector, repair in values:
        if when.strip().startswith("-"):
            raise click.BadParameter(f"'{when}' is before the scenario starts; an event is "
                                     "at 0m or later")
        try:
            at = parse_duration(when)
        except ValueError as error:
            raise click.BadParameter(f"when: {error}") from None
        try:
            parse_selector(selector)
        except SelectorError as error:
            raise click.BadParameter(str(error)) from None
        (fixed,) = _repairs(ctx, param, (repair,))
        events.append(ScenarioEvent(at, selector, fixed, destroyed=fixed is None))
    return tuple(events)


def _paired(name: str, values: tuple, count: int) -> tuple:
    if len(values) in (0, 1, count):
        return values * count if len(values) == 1 else values
    raise click.UsageError(f"{len(values)} {name} for {count} --fail: give one {name} for "
                           f"each --fail, in order, or one for all")


def command_line_scenario(fail: tuple[str, ...], repair: tuple[int | None, ...],
                          later: tuple[ScenarioEvent, ...] = ()) -> Scenario:
    """The scenario ``--fail``, ``--repair`` and ``--at`` describe: one event at 0m per
    ``--fail``, with the ``--repair`` of the same rank (or the one given for all; by
    default each component's own restore time), then the ``--at`` events."""
    for text in fail:
        parse_selector(text)
    repairs = _paired("--repair", repair, len(fail)) or (False,) * len(fail)
    events = tuple(ScenarioEvent(0, text, None if r is None or r is False else r,
                                 destroyed=r is None)
                   for text, r in zip(fail, repairs, strict=True))
    return Scenario("command-line", events + later,
                    name="the events given on the command line")


@click.command("timeline", context_settings=CONTEXT)
@inventory_argument
@scenario_option("The inventory's scenario to tell (its 'scenarios:' list).")
@fail_option(False, "Instead of --scenario: what fails, a component id or key:value filters "
                    "(provider:hostco,type:power). Repeatable: one event each.")
@click.option("--repair", metavar="DURATION", multiple=True, callback=_repairs,
              help="How long the work on what --fail names takes (3h, 1d12h), or 'never' "
                   "(destroyed); one per --fail, in order, or one for all [default: each "
                   "component's own restore time].")
@click.option("--at", "at", metavar="WHEN SELECTOR REPAIR", nargs=3, multiple=True,
              callback=_extra_events,
              help="A later event: at WHEN (6h) SELECTOR fails, its work taking REPAIR (1d, "
                   "or never). Repeatable.")
@target_option("What matters: the targets whose down time is summed (repeatable) "
               "[default: the critical components, else those nothing depends on].")
@team_option("Limit a team to N repairs and restorations at once (repeatable) [default: "
             "no limit].")
@click.option("--fail-on-never-back", is_flag=True,
              help="Exit 1 when a target never comes back.")
@click.option("--fail-on-data-loss", is_flag=True, help="Exit 1 when a dataset is lost.")
@format_option("timeline")
@output_option
@handle_errors
def timeline_command(inventory: tuple[str, ...], scenario: str | None, fail: tuple[str, ...],
                     repair: tuple[int | None, ...], at: tuple[ScenarioEvent, ...],
                     target: tuple[str, ...], team: dict[str, int], fail_on_never_back: bool,
                     fail_on_data_loss: bool, format_name: str | None,
                     output: str | None) -> None:
    """Tell a scenario in time: which targets go down, when and for how long, what never
    comes back and why (destroyed, waiting on something destroyed, a deadlock), which
    datasets are lost or unavailable, and every component's down intervals with their
    first cause. UPS holdups, manual changeovers and start-only requirements count, and
    --team limits. -o timeline.svg draws it.

    \b
    Examples:
      depgraph timeline inventories/hospital-group.yaml --scenario hostco-power
      depgraph timeline inventories/webshop.yaml --fail zone-a --repair 4h \\
          --at 1h db-2 never
    """
    if scenario is not None and fail:
        raise click.UsageError("give --scenario or --fail, not both")
    if scenario is not None and at:
        raise click.UsageError("give --scenario or --at, not both: a scenario lists its own "
                               "events")
    if scenario is None and not (fail or at):
        raise click.UsageError("say what happens: --scenario ID (one of the inventory's), "
                               "or --fail SELECTOR [--repair DURATION] [--at WHEN SELECTOR "
                               "REPAIR]")
    if repair and not fail:
        raise click.UsageError("--repair goes with --fail; a scenario says its own")
    format_name = resolve_format(format_name, "timeline", output)
    told = None if scenario is not None else command_line_scenario(fail, repair, at)
    loaded = load(inventory)
    told = told or scenario_named(loaded, scenario)
    targets = select_all(loaded, [parse_selector(t) for t in target]) if target else None
    with progress_bar("telling", large(loaded)) as advance:
        result = timeline(loaded, told, targets=targets, teams=team, progress=advance)
    emit(get_format(format_name).timeline(result), output)
    if to_file(output) or format_name != "text":
        never = sum(1 for d in result.targets.values() if d.total is None)
        say(f"{len(result.targets)} of {plural(len(result.target_ids), 'target')} down; "
            f"{plural(len(result.components), 'component')} down, the last back after "
            f"{format_duration(result.end)}; {never} never back; "
            f"{plural(len(result.lost), 'dataset')} lost")
    never_back = any(d.total is None for d in result.targets.values())
    if (fail_on_never_back and never_back) or (fail_on_data_loss and result.lost):
        sys.exit(ExitCode.FINDINGS)

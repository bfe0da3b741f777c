"""``depgraph bia``: the business impact analysis of one scenario, or of the library."""

from __future__ import annotations

import sys

import click

from depgraph.analysis.bia import Column, business_impact, library
from depgraph.analysis.timeline import scenario_named
from depgraph.cli.commands.timeline import _repairs, command_line_scenario
from depgraph.cli.exitcodes import ExitCode
from depgraph.cli.output import emit, say
from depgraph.cli.progress import progress_bar
from depgraph.cli.shared import (
    CONTEXT,
    complete_scenario,
    fail_option,
    format_option,
    handle_errors,
    inventory_argument,
    large,
    load,
    output_option,
    resolve_format,
    target_option,
    team_option,
    to_file,
)
from depgraph.core.selectors import parse_selector, select_all
from depgraph.core.wording import plural
from depgraph.formats import get_format

__all__ = ["bia_command"]


@click.command("bia", context_settings=CONTEXT)
@inventory_argument
@click.option("--scenario", "scenarios", metavar="ID", multiple=True,
              shell_complete=complete_scenario,
              help="A scenario of the inventory to analyse (repeatable) [default: every "
                   "scenario of the inventory, then every provider's and every location's "
                   "loss].")
@fail_option(False, "Instead of --scenario: what fails at 0m, a component id or key:value "
                    "filters. Repeatable: one event each.")
@click.option("--repair", metavar="DURATION", multiple=True, callback=_repairs,
              help="How long the work on what --fail names takes (3h), or 'never'; one per "
                   "--fail, or one for all [default: each component's own restore time].")
@target_option("The functions to analyse (repeatable) [default: the components of type "
               "business, else the critical ones, else those nothing depends on].")
@team_option("Limit a team to N repairs and restorations at once (repeatable).")
@click.option("--fail-on-breach", is_flag=True,
              help="Exit 1 when a scenario keeps a function down longer than its MTPD.")
@format_option("bia")
@output_option
@handle_errors
def bia_command(inventory: tuple[str, ...], scenarios: tuple[str, ...],
                fail: tuple[str, ...], repair: tuple[int | None, ...],
                target: tuple[str, ...], team: dict[str, int], fail_on_breach: bool,
                format_name: str | None, output: str | None) -> None:
    """Business impact analysis: for each business function, when a scenario takes it
    down and brings it back, against its MTPD and RTO; the degraded procedure it
    activates, by whom, and whether the outage outlasts it; its weighted impact. With
    no scenario, every scenario of the inventory and every provider's and location's
    loss: the library to compare (-f csv for the whole matrix).

    \b
    Examples:
      depgraph bia inventories/hospital-group.yaml --scenario hostco-power
      depgraph bia inventories/hospital-group.yaml -o library.csv
    """
    if scenarios and fail:
        raise click.UsageError("give --scenario or --fail, not both")
    if repair and not fail:
        raise click.UsageError("--repair goes with --fail; a scenario says its own")
    format_name = resolve_format(format_name, "bia", output)
    given = command_line_scenario(fail, repair) if fail else None
    loaded = load(inventory)
    if given is not None:
        columns = [Column(given, "given")]
    elif scenarios:
        columns = [Column(scenario_named(loaded, ident), "scenario")
                   for ident in dict.fromkeys(scenarios)]
    else:
        columns = list(library(loaded))
    targets = select_all(loaded, [parse_selector(t) for t in target]) if target else None
    with progress_bar("analysing", large(loaded) or len(columns) > 20) as advance:
        result = business_impact(loaded, columns, targets=targets, teams=team,
                                 progress=advance)
    emit(get_format(format_name).bia(result), output)
    if to_file(output) or format_name != "text":
        breaching = sum(1 for s in result.scenarios if s.mtpd_breaches)
        say(f"{plural(len(result.scenarios), 'scenario')} on "
            f"{plural(len(result.functions), 'function')}; {breaching} breach an MTPD")
    if fail_on_breach and result.breached:
        sys.exit(ExitCode.FINDINGS)

"""``depgraph blast-radius``: what fails, and what is degraded, when something fails."""

from __future__ import annotations

import click

from depgraph.analysis.blast_radius import blast_radius
from depgraph.analysis.timeline import scenario_named
from depgraph.analysis.timeline.state import scenario_state
from depgraph.cli.output import emit, say
from depgraph.cli.shared import (CONTEXT, duration, fail_option, format_option,
                                 handle_errors, inventory_argument, load, output_option,
                                 resolve_format, scenario_option, to_file)
from depgraph.core.selectors import parse_selector, select_all
from depgraph.formats import get_format

__all__ = ["blast_radius_command"]


@click.command("blast-radius", context_settings=CONTEXT)
@inventory_argument
@fail_option(False, "What fails: a component id, or key:value filters joined by commas "
                    "(provider:hostco,type:power). Repeat to fail several at once.")
@scenario_option("Instead of --fail: one of the inventory's scenarios, in time (holdups, "
                 "changeovers and repairs count): what is down at --at, or at any moment.")
@click.option("--at", "at", metavar="DURATION", callback=duration,
              help="With --scenario: the moment, from its start (2h) [default: what is "
                   "down at any moment of it].")
@format_option("blast_radius")
@output_option
@handle_errors
def blast_radius_command(inventory: tuple[str, ...], fail: tuple[str, ...],
                         scenario: str | None, at: int | None, format_name: str | None,
                         output: str | None) -> None:
    """What fails, and what is degraded, when SELECTOR fails; each failure explained.
    With --scenario, what is down in it at --at (or at any moment), and what rides
    through on a holdup.

    \b
    Examples:
      depgraph blast-radius inventories/hospital-group.yaml \\
          --fail provider:hostco,type:power
      depgraph blast-radius inventories/hospital-group.yaml --scenario grid-outage --at 2d
    """
    if bool(fail) == bool(scenario):
        raise click.UsageError("say what fails: --fail SELECTOR, or --scenario ID "
                               "(one of the inventory's), not both")
    if at is not None and scenario is None:
        raise click.UsageError("--at is a moment of a scenario: give --scenario ID")
    format_name = resolve_format(format_name, "blast_radius", output)
    selectors = [parse_selector(text) for text in fail]
    loaded = load(inventory)
    if scenario is not None:
        result = scenario_state(loaded, scenario_named(loaded, scenario), at).result
    else:
        result = blast_radius(loaded, select_all(loaded, selectors),
                              [s.text for s in selectors])
    emit(get_format(format_name).blast_radius(result), output)
    if to_file(output) or format_name != "text":
        say(f"{len(result.failed)} of {len(loaded)} components fail "
            f"({len(result.initial)} initially), {len(result.degraded)} degraded")

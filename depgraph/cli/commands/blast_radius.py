"""``depgraph blast-radius``: what fails, and what is degraded, when something fails."""

from __future__ import annotations

import click

from depgraph.analysis.blast_radius import blast_radius
from depgraph.cli.output import emit, say
from depgraph.cli.shared import (CONTEXT, fail_option, format_option, handle_errors,
                                 inventory_argument, load, output_option, resolve_format,
                                 to_file)
from depgraph.core.selectors import parse_selector, select_all
from depgraph.formats import get_format

__all__ = ["blast_radius_command"]


@click.command("blast-radius", context_settings=CONTEXT)
@inventory_argument
@fail_option(True, "What fails: a component id, or key:value filters joined by commas "
                   "(provider:hostco,type:power). Repeat to fail several at once.")
@format_option("blast_radius")
@output_option
@handle_errors
def blast_radius_command(inventory: tuple[str, ...], fail: tuple[str, ...],
                         format_name: str | None, output: str | None) -> None:
    """What fails, and what is degraded, when SELECTOR fails; each failure explained.

    \b
    Example:
      depgraph blast-radius inventories/hospital-group.yaml \\
          --fail provider:hostco,type:power
    """
    format_name = resolve_format(format_name, "blast_radius", output)
    selectors = [parse_selector(text) for text in fail]
    loaded = load(inventory)
    result = blast_radius(loaded, select_all(loaded, selectors), [s.text for s in selectors])
    emit(get_format(format_name).blast_radius(result), output)
    if to_file(output) or format_name != "text":
        say(f"{len(result.failed)} of {len(loaded)} components fail "
            f"({len(result.initial)} initially), {len(result.degraded)} degraded")

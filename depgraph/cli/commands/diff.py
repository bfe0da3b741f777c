"""``depgraph diff``: what a change to the inventory does to its single points of failure."""

from __future__ import annotations

import sys

import click

from depgraph.analysis.diff import diff_spofs
from depgraph.cli.exitcodes import ExitCode
from depgraph.cli.output import emit, say
from depgraph.cli.shared import (CONTEXT, format_option, handle_errors, load_both,
                                 output_option, resolve_format, target_option, to_file)
from depgraph.core.selectors import parse_selector
from depgraph.formats import get_format
from depgraph.formats.base import plural

__all__ = ["diff"]


def _side_argument(name: str):
    return click.argument(name, type=click.Path(exists=True, dir_okay=True, allow_dash=False))


@click.command(context_settings=CONTEXT)
@_side_argument("old")
@_side_argument("new")
@target_option("What must survive (repeatable), the same on both sides; it must match "
               "something on each [default: each side's critical components, or the "
               "components nothing depends on].")
@click.option("--fail-on-new", is_flag=True,
              help="Exit 1 when the change introduces a single point of failure or puts a "
                   "target at risk that was not.")
@format_option("diff")
@output_option
@handle_errors
def diff(old: str, new: str, target: tuple[str, ...], fail_on_new: bool,
         format_name: str | None, output: str | None) -> None:
    """What a change to the inventory does to its single points of failure: the SPOFs
    it introduces, removes or changes, and the targets it puts at risk or saves.

    OLD and NEW are each an inventory: a file, or a directory of files merged as usual.
    Exit 0, or 1 with --fail-on-new when the change makes things worse; 2 when either
    side is invalid (every problem of both is listed, each naming its file).

    \b
    Example (a pull-request check, with main checked out beside the branch):
      git worktree add ../base origin/main
      depgraph diff ../base/inventories inventories --format markdown --fail-on-new
    """
    format_name = resolve_format(format_name, "diff", output)
    selectors = [parse_selector(text) for text in target]
    before, after = load_both(old, new)
    result = diff_spofs(before, after, selectors or None)
    emit(get_format(format_name).diff(result), output)
    if to_file(output) or format_name != "text":
        say(f"{plural(len(result.introduced), 'single point')} of failure introduced, "
            f"{len(result.removed)} removed, {len(result.changed)} changed; "
            f"{plural(len(result.newly_at_risk), 'target')} newly at risk, "
            f"{len(result.no_longer_at_risk)} no longer at risk")
    if fail_on_new and result.worsens:
        sys.exit(ExitCode.FINDINGS)

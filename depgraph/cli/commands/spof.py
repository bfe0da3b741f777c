"""``depgraph spof``: every single point of failure, ranked, with why; a CI gate."""

from __future__ import annotations

import sys

import click

from depgraph.analysis.data import data_report
from depgraph.analysis.spof import single_points_of_failure
from depgraph.cli.exitcodes import ExitCode
from depgraph.cli.output import emit, say
from depgraph.cli.progress import progress_bar
from depgraph.cli.shared import (CONTEXT, format_option, handle_errors, inventory_argument,
                                 large, load, output_option, resolve_format, target_option,
                                 to_file)
from depgraph.core.selectors import parse_selector, select_all
from depgraph.formats import get_format
from depgraph.loaders.baseline import read_spof_baseline

__all__ = ["spof"]


@click.command(context_settings=CONTEXT)
@inventory_argument
@target_option("What must survive (repeatable) [default: critical components, or the "
               "components nothing depends on].")
@click.option("--order", type=click.IntRange(1, 2), default=1, show_default=True,
              help="2: also every minimal pair of components (and of providers) whose joint "
                   "failure kills a target although neither alone does.")
@click.option("--fail-on-spof", is_flag=True,
              help="Exit 1 when there is a single point of failure (a new one, with "
                   "--baseline).")
@click.option("--baseline", type=click.Path(exists=True, dir_okay=False), metavar="FILE",
              help="A previous 'spof --format json' report: only SPOFs it lacks are new.")
@click.option("--data", is_flag=True,
              help="Instead: the single points of data loss, every component, location and "
                   "provider whose destruction alone loses a dataset (every copy in one "
                   "place).")
@format_option("spof")
@output_option
@handle_errors
def spof(inventory: tuple[str, ...], target: tuple[str, ...], order: int, fail_on_spof: bool,
         baseline: str | None, data: bool, format_name: str | None,
         output: str | None) -> None:
    """Single points of failure: every component, provider and location whose failure
    alone takes down a target, ranked by impact, with why the redundancy did not help.
    With --data: whose destruction alone loses a dataset. A failure that lasts: holdups
    and changeovers do not change it, nor do 'when: start' requirements.

    \b
    Examples (a CI gate that fails on SPOFs a pull request adds; where data dies):
      depgraph spof inventories/ --baseline main-spof.json --fail-on-spof
      depgraph spof inventories/campus-fire.yaml --data
    """
    if data:
        _data(inventory, target, order, baseline, fail_on_spof, format_name, output)
        return
    format_name = resolve_format(format_name, "spof", output)
    selectors = [parse_selector(text) for text in target]
    known = read_spof_baseline(baseline) if baseline else None
    loaded = load(inventory)
    targets = select_all(loaded, selectors) if selectors else None
    with progress_bar("analysing", large(loaded)) as advance:
        report = single_points_of_failure(loaded, targets, order, progress=advance)
    if known is not None:
        report = report.against(known)
    emit(get_format(format_name).spof(report), output)
    counted = report.counted
    if to_file(output) or format_name != "text":
        say(f"{len(report.spofs)} single points of failure"
            + (f" ({len(counted)} new)" if known is not None else "")
            + f"; {len(report.at_risk)} of {len(report.targets)} targets at risk")
    if fail_on_spof and counted:
        sys.exit(ExitCode.FINDINGS)


def _data(inventory: tuple[str, ...], target: tuple[str, ...], order: int,
          baseline: str | None, fail_on_spof: bool, format_name: str | None,
          output: str | None) -> None:
    """``spof --data``: the single points of data loss."""
    for given, option in ((target, "--target"), (order != 1, "--order"),
                          (baseline, "--baseline")):
        if given:
            raise click.UsageError(f"{option} is for failures; with --data the datasets are "
                                   "what must survive")
    format_name = resolve_format(format_name, "data_spof", output)
    report = data_report(load(inventory))
    emit(get_format(format_name).data_spof(report), output)
    if to_file(output) or format_name != "text":
        say(f"{len(report.points)} single points of data loss; {len(report.at_risk)} of "
            f"{len(report.datasets)} datasets at risk")
    if fail_on_spof and report.points:
        sys.exit(ExitCode.FINDINGS)

"""``depgraph report``: a self-contained governance report, in HTML or Markdown.

The figures come from :func:`depgraph.analysis.governance.governance_report`; the
diagrams are drawn from its own results (the SPOF report, the worst loss's blast
radius) by :mod:`depgraph.render.diagram` and Graphviz. Without Graphviz the report is
written all the same, without diagrams, and a note on stderr says why.
"""

from __future__ import annotations

import os

import click

from depgraph.analysis.governance import GovernanceReport, governance_report
from depgraph.cli.output import emit, say
from depgraph.cli.shared import (CONTEXT, format_option, handle_errors, inventory_argument,
                                 load, output_option, resolve_format, to_file)
from depgraph.core.problems import DepgraphError
from depgraph.formats import get_format
from depgraph.formats.base import plural

__all__ = ["report_command"]

#: Above this many components, the diagrams draw one node per component type.
_COLLAPSE_ABOVE = 150


def _diagrams(report: GovernanceReport) -> list[tuple[str, str]]:
    """The report's diagrams, ``(title, SVG text)``: the whole estate with its single
    points of failure, and the worst loss; none (with a note on stderr) when Graphviz
    is missing or fails."""
    from depgraph.render.diagram import build_diagram  # pydot, imported when drawing

    inventory = report.inventory
    collapse = "type" if len(inventory) > _COLLAPSE_ABOVE else None
    how = ", one node per component type" if collapse else ""
    wanted = [(f"The estate{how}: single points of failure outlined in red",
               {"spofs": report.spof})]
    worst = report.worst
    if worst is not None:
        wanted.append((f"The worst single loss: {worst.kind} {worst.id}{how}",
                       {"scenario": report.worst_radius,
                        "selectors": [f"{worst.kind} {worst.id}"]}))
    found = []
    for title, options in wanted:
        diagram = build_diagram(inventory, cluster_by="location", collapse=collapse, **options)
        try:
            svg = get_format("svg").diagram(diagram)
        except (DepgraphError, OSError) as error:  # Graphviz missing, or failing
            said = str(error).replace(", or write DOT text (-o FILE.dot) and render it "
                                      "elsewhere", "")
            say(f"note: the report has no diagrams: {said}")
            return []
        found.append((title, svg.decode("utf-8")))
    return found


@click.command("report", context_settings=CONTEXT)
@inventory_argument
@format_option("governance", "html")
@output_option
@click.option("--no-diagrams", is_flag=True,
              help="Leave the diagrams out (they need Graphviz); the restoration timeline "
                   "stays.")
@handle_errors
def report_command(inventory: tuple[str, ...], format_name: str | None, output: str | None,
                   no_diagrams: bool) -> None:
    """A governance report of the estate, in one self-contained file: summary figures,
    the targets and their single points of failure, provider concentration, the loss of
    each provider and location, the restoration plan of the worst one, and diagrams.

    The HTML page needs nothing else (inline styles and SVG, no script, no link
    outside) and prints; the Markdown variant has the same sections without the
    pictures. The same inventory always gives the same bytes.

    \b
    Example:
      depgraph report inventories/hospital-group.yaml -o report.html
    """
    chosen = resolve_format(format_name, "governance", output, default="html")
    if to_file(output) and not os.path.isdir(os.path.dirname(os.path.abspath(output))):
        raise DepgraphError(f"{output}: its directory does not exist")
    report = governance_report(load(inventory))
    diagrams = [] if no_diagrams or chosen != "html" else _diagrams(report)
    emit(get_format(chosen).governance(report, diagrams), output)
    if to_file(output):
        figures, worst = report.figures, report.worst
        spofs = plural(figures.spof_total, "single point of failure", "single points of failure")
        said = (f"report: {spofs}; {figures.at_risk} of {plural(figures.targets, 'target')} "
                "at risk")
        if worst is not None:
            said += (f"; worst loss: {worst.kind} {worst.id} "
                     f"({plural(len(worst.targets_down), 'target')} down)")
        say(said)

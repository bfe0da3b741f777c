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
from depgraph.cli.shared import (
    CONTEXT,
    complete_scenario,
    format_option,
    handle_errors,
    inventory_argument,
    load,
    output_option,
    resolve_format,
    target_option,
    team_option,
    to_file,
)
from depgraph.core.problems import DepgraphError
from depgraph.core.selectors import parse_selector, select_all
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
@click.option("--scenario", "scenarios", metavar="ID", multiple=True,
              shell_complete=complete_scenario,
              help="A scenario of the inventory that the board reviews (repeatable) "
                   "[default: every scenario of the inventory].")
@target_option("What the report looks at (repeatable) [default: the critical components, "
               "else those nothing depends on; the components of type business for "
               "continuity].")
@team_option("Limit a team to N repairs and restorations at once in the reviewed "
             "scenarios (repeatable).")
@format_option("governance", "html")
@output_option
@click.option("--no-diagrams", is_flag=True,
              help="Leave the diagrams out (they need Graphviz); the timelines stay.")
@handle_errors
def report_command(inventory: tuple[str, ...], scenarios: tuple[str, ...],
                   target: tuple[str, ...], team: dict[str, int], format_name: str | None,
                   output: str | None, no_diagrams: bool) -> None:
    """A governance report of the estate, in one self-contained file: summary figures,
    the targets and their single points of failure, provider concentration, the loss of
    each provider and location, the continuity review of the scenarios the board
    reviews (impact matrix, MTPD breaches, degraded procedures, the scenario library),
    the restoration of the headline scenario, and diagrams.

    The headline scenario is the reviewed scenario of the heaviest weighted impact;
    when the inventory names no scenario, the worst single loss of a provider or a
    location.

    The HTML page needs nothing else (inline styles and SVG, no script, no link
    outside) and prints; the Markdown variant has the same sections without the
    pictures. The same inventory always gives the same bytes.

    \b
    Example:
      depgraph report inventories/hospital-group.yaml -o report.html
      depgraph report inventories/hospital-group.yaml --scenario hostco-power -o board.html
    """
    chosen = resolve_format(format_name, "governance", output, default="html")
    if to_file(output) and not os.path.isdir(os.path.dirname(os.path.abspath(output))):
        raise DepgraphError(f"{output}: its directory does not exist")
    loaded = load(inventory)
    targets = select_all(loaded, [parse_selector(t) for t in target]) if target else None
    report = governance_report(loaded, scenarios or None, targets=targets, teams=team)
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
        headline = report.review.headline if report.review is not None else None
        if headline is not None:
            said += (f"; headline scenario: {headline.scenario.id} "
                     f"({plural(len(headline.mtpd_breaches), 'MTPD breach', 'MTPD breaches')})")
        say(said)

"""``depgraph report``: a self-contained governance report, in HTML or Markdown.

One command, ``report_command``, for the main command to add. The diagrams come from
depgraph.render.diagram and Graphviz when both are there; without them the report
is written all the same, without diagrams, and a note on stderr says why.
"""

from __future__ import annotations

import os

import click

from depgraph.cli.output import emit, handled_by_main, say
from depgraph.core.model import Inventory
from depgraph.core.problems import DepgraphError
from depgraph.formats.base import plural

__all__ = ["report_command"]

_CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
_BY_EXTENSION = {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown"}
#: Above this many components, the diagrams draw one node per component type.
_COLLAPSE_ABOVE = 150


_handle_errors = handled_by_main


def _format(format_name: str | None, output: str | None) -> str:
    """The format asked for, else the one ``-o FILE``'s extension names, else html
    (to stdout); an extension that names neither is a usage error."""
    if format_name:
        return format_name
    if not output or output == "-":
        return "html"
    extension = os.path.splitext(output)[1].lower()
    if extension not in _BY_EXTENSION:
        raise click.BadParameter(
            f"cannot tell the format from '{extension or os.path.basename(output)}'; "
            "name the file .html or .md, or give --format html|markdown",
            param_hint="'--output' / '-o'")
    return _BY_EXTENSION[extension]


def _diagrams(inventory: Inventory, report) -> list[tuple[str, str]]:
    """The report's diagrams, ``(title, SVG text)``: the whole estate with its single
    points of failure, and the worst loss; none (with a note on stderr) when the
    diagram module or Graphviz is missing."""
    try:
        from depgraph.render.diagram import diagram_dot
        from depgraph.render.graphviz import render_dot
    except ImportError as error:
        say(f"note: the report has no diagrams: {error}")
        return []
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
        try:
            svg = render_dot(diagram_dot(inventory, cluster_by="location", collapse=collapse,
                                         **options), "svg")
        except (DepgraphError, OSError) as error:  # Graphviz missing, or failing
            said = str(error).replace(", or write DOT text (-o FILE.dot) and render it "
                                      "elsewhere", "")
            say(f"note: the report has no diagrams: {said}")
            return []
        found.append((title, svg.decode("utf-8") if isinstance(svg, bytes) else svg))
    return found


@click.command("report", context_settings=_CONTEXT)
@click.argument("inventory", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=True, allow_dash=False))
@click.option("--format", "-f", "format_name", type=click.Choice(["html", "markdown"]),
              default=None,
              help="html or markdown [default: by the extension of -o (.html, .htm, .md), "
                   "html on stdout].")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True),
              help="Write the report to FILE (atomically) instead of stdout.")
@click.option("--no-diagrams", is_flag=True,
              help="Leave the diagrams out (they need Graphviz); the restoration timeline "
                   "stays.")
@_handle_errors
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
    from depgraph.analysis.governance import governance_report
    from depgraph.cli.main import _load

    chosen = _format(format_name, output)
    if output and output != "-" and not os.path.isdir(os.path.dirname(os.path.abspath(output))):
        raise DepgraphError(f"{output}: its directory does not exist")
    loaded = _load(inventory)
    report = governance_report(loaded)
    if chosen == "markdown":
        from depgraph.formats.report_markdown import report_markdown

        text = report_markdown(report)
    else:
        from depgraph.formats.report_html import report_html

        diagrams = [] if no_diagrams else _diagrams(loaded, report)
        text = report_html(report, diagrams)
    emit(text, output)
    if output and output != "-":
        figures, worst = report.figures, report.worst
        spofs = plural(figures.spof_total, "single point of failure", "single points of failure")
        said = (f"report: {spofs}; {figures.at_risk} of {plural(figures.targets, 'target')} "
                "at risk")
        if worst is not None:
            said += (f"; worst loss: {worst.kind} {worst.id} "
                     f"({plural(len(worst.targets_down), 'target')} down)")
        say(said)

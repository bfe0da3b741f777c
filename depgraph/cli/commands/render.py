"""``depgraph render``: the inventory as a Graphviz diagram (DOT, SVG, PNG or PDF).

The diagram is built by :mod:`depgraph.render.diagram` (pure) from the results of
the analyses run here (a blast radius, the SPOF report), and written by a format of
:mod:`depgraph.formats.images`: DOT text needs no Graphviz, the images its ``dot``.
"""

from __future__ import annotations

import sys

import click

from depgraph.analysis.blast_radius import blast_radius
from depgraph.analysis.spof import single_points_of_failure
from depgraph.cli.output import emit, say
from depgraph.cli.shared import (CONTEXT, complete_id, fail_option, format_option,
                                 handle_errors, inventory_argument, load, resolve_format,
                                 to_file)
from depgraph.core.problems import DepgraphError
from depgraph.core.selectors import parse_selector, select_all
from depgraph.formats import get_format, info
from depgraph.formats.base import plural

__all__ = ["HINT_FROM", "MAX_IMAGE_NODES", "render_command"]

#: Above this many nodes, without --collapse or --focus, a hint suggests them.
HINT_FROM = 150
#: Above this many nodes, images need --force (Graphviz would take minutes).
MAX_IMAGE_NODES = 2000


class DiagramTooLarge(DepgraphError):
    """Too many nodes to lay out in reasonable time."""


def _stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


@click.command("render", context_settings=CONTEXT)
@inventory_argument
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True),
              help="Write to FILE (atomically); its extension chooses the format "
                   "(.dot/.gv, .svg, .png, .pdf) [default: DOT on stdout].")
@format_option("diagram", "dot")
@click.option("--cluster-by", type=click.Choice(("location", "provider", "system", "none")),
              default=None,
              help="Draw a box around the components of each top-level location "
                   "(datacenter, site), of each provider, or of each system (a "
                   "'system:NAME' tag, as the Backstage import writes) [default: location; "
                   "not with --collapse, which draws one node per group instead].")
@click.option("--collapse", type=click.Choice(("type", "provider", "location")),
              default=None,
              help="One node per type, provider or top-level location, with counts (and, "
                   "with --fail, the worst state inside); for large estates.")
@fail_option(False, "A scenario: what fails (component id or key:value filters, as for "
                    "blast-radius); repeatable. Nodes are filled by state: initial failure, "
                    "fails, degraded, works.")
@click.option("--highlight", "highlight", type=click.Choice(("spof",)), multiple=True,
              help="spof: outline the single points of failure (components and locations) "
                   "in thick red; SPOF providers are named in the title.")
@click.option("--focus", metavar="ID", shell_complete=complete_id,
              help="Draw only the neighbourhood of this component.")
@click.option("--depth", type=click.IntRange(min=0), default=None, metavar="N",
              help="With --focus: how many links away [default: 2].")
@click.option("--direction", type=click.Choice(("up", "down", "both")), default=None,
              help="With --focus: up (what it needs), down (what needs it) or both "
                   "[default: both].")
@click.option("--force", is_flag=True,
              help=f"Draw an image of more than {MAX_IMAGE_NODES:,} nodes anyway.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=120.0,
              show_default=True, metavar="SECONDS",
              help="Stop Graphviz after this long.")
@handle_errors
def render_command(inventory: tuple[str, ...], output: str | None, format_name: str | None,
                   cluster_by: str | None, collapse: str | None, fail: tuple[str, ...],
                   highlight: tuple[str, ...], focus: str | None, depth: int | None,
                   direction: str | None, force: bool, timeout: float) -> None:
    """Draw the inventory as a Graphviz diagram: DOT, SVG, PNG or PDF.

    Arrows go from what is needed to what needs it, left to right: power and sites
    on the left, business functions on the right. Shapes and colours show the
    types; a small "2 of 3" or "any 1 of 2" node is a redundancy group. Images
    need Graphviz's dot program; DOT text does not.

    More than 150 nodes make a dense picture: depgraph still draws them all, and
    suggests --collapse or --focus on stderr. Images of more than 2,000 nodes are
    refused unless --force is given, and Graphviz is stopped after --timeout.

    \b
    Examples:
      depgraph render inventories/webshop.yaml -o webshop.svg --fail zone-a
      depgraph render inventories/webshop.yaml -o spof.png --highlight spof
      depgraph render inventories/hospital-group.yaml -o overview.png \\
          --collapse type --fail provider:hostco,type:power
      depgraph render inventories/hospital-group.yaml -o pacs.svg --focus pacs --depth 3
    """
    from depgraph.render.diagram import build_diagram  # pydot, imported when drawing

    fmt = resolve_format(format_name, "diagram", output, default="dot")
    if focus is None and (depth is not None or direction is not None):
        raise click.UsageError("--depth and --direction go with --focus ID")
    if collapse and cluster_by is not None:
        raise click.UsageError(f"--cluster-by {cluster_by} has no effect with --collapse "
                               f"{collapse}, which draws one node per {collapse} instead of "
                               "boxes: leave one of them out")
    if info(fmt).binary and not to_file(output) and _stdout_is_terminal():
        raise click.UsageError(f"{fmt.upper()} is binary: write it to a file (-o FILE.{fmt}) "
                               "or pipe it")
    selectors = [parse_selector(text) for text in fail]
    loaded = load(inventory)
    initial = select_all(loaded, selectors) if selectors else ()
    scenario = blast_radius(loaded, sorted(set(initial))) if initial else None
    spofs = single_points_of_failure(loaded) if "spof" in highlight else None
    diagram = build_diagram(loaded, scenario=scenario, spofs=spofs,
                            cluster_by=cluster_by or "location", collapse=collapse, focus=focus,
                            depth=2 if depth is None else depth,
                            direction=direction or "both",
                            selectors=[s.text for s in selectors])
    if fmt != "dot" and diagram.nodes > MAX_IMAGE_NODES and not force:
        raise DiagramTooLarge(
            f"{diagram.nodes:,} nodes are too many for Graphviz to lay out in reasonable "
            f"time (more than {MAX_IMAGE_NODES:,}); draw less with --collapse "
            "type|provider|location or --focus ID --depth N, write DOT (-o FILE.dot), or "
            "insist with --force")
    if diagram.nodes > HINT_FROM and not collapse and not focus:
        say(f"hint: {diagram.nodes:,} nodes make a dense picture; for an overview try "
            "--collapse type (or provider, location), or --focus ID --depth N")
    emit(get_format(fmt).diagram(diagram, timeout=timeout), output)
    if to_file(output):
        what = (f"{plural(diagram.nodes, 'group')} of {plural(diagram.components, 'component')}"
                if collapse else plural(diagram.components, "component"))
        groups = "" if collapse else f", {plural(diagram.junctions, 'redundancy group')}"
        say(f"drew {what}{groups}, {plural(diagram.edges, 'link')} as {fmt.upper()} "
            f"in {output}")

"""``depgraph render``: the inventory as a Graphviz diagram (DOT, SVG, PNG or PDF).

``render_command`` is a click command for the main group to add. The diagram is
built by :mod:`depgraph.render.diagram` (pure) and drawn by Graphviz's ``dot``
through :mod:`depgraph.render.graphviz`; DOT text needs no Graphviz at all.
"""

from __future__ import annotations

import os
import sys

import click
from click.shell_completion import CompletionItem

from depgraph.cli.output import emit, handled_by_main, say, write_atomically
from depgraph.core.problems import DepgraphError
from depgraph.core.selectors import parse_selector
from depgraph.formats.base import plural

__all__ = ["render_command", "RENDER_FORMATS", "HINT_FROM",
           "MAX_IMAGE_NODES"]

_CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

RENDER_FORMATS = ("dot", "svg", "png", "pdf")
_BY_EXTENSION = {".dot": "dot", ".gv": "dot", ".svg": "svg", ".png": "png", ".pdf": "pdf"}
#: Above this many nodes, without --collapse or --focus, a hint suggests them.
HINT_FROM = 150
#: Above this many nodes, images need --force (Graphviz would take minutes).
MAX_IMAGE_NODES = 2000
_BINARY = ("png", "pdf")


class DiagramTooLarge(DepgraphError):
    """Too many nodes to lay out in reasonable time."""


_handle_errors = handled_by_main


def _complete_selector(ctx: click.Context, param: click.Parameter, incomplete: str):
    from depgraph.cli.main import _complete_selector as complete
    return complete(ctx, param, incomplete)


def _complete_id(ctx: click.Context, param: click.Parameter, incomplete: str):
    """Complete --focus with the component ids of the inventory being typed."""
    from depgraph.cli.main import _paths_being_typed
    from depgraph.loaders.files import load_inventory

    paths = ctx.params.get("inventory") or _paths_being_typed()
    try:
        inventory = load_inventory(*paths)
    except DepgraphError:
        return []
    return [CompletionItem(i) for i in inventory.components if i.startswith(incomplete)]


def _to_file(output: str | None) -> bool:
    return bool(output) and output != "-"


def _stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def _resolve_format(format_name: str | None, output: str | None) -> str:
    """The format asked for; else the one -o's extension names; else DOT."""
    if format_name:
        return format_name
    if not _to_file(output):
        return "dot"
    extension = os.path.splitext(output or "")[1].lower()
    if extension not in _BY_EXTENSION:
        known = ", ".join(_BY_EXTENSION)
        raise click.UsageError(f"cannot tell the format of '{output}' from its extension "
                               f"({known}); say --format dot|svg|png|pdf")
    return _BY_EXTENSION[extension]


@click.command("render", context_settings=_CONTEXT)
@click.argument("inventory", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=True, allow_dash=False))
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True),
              help="Write to FILE (atomically); its extension chooses the format "
                   "(.dot/.gv, .svg, .png, .pdf) [default: DOT on stdout].")
@click.option("--format", "-f", "format_name", type=click.Choice(RENDER_FORMATS),
              default=None, help="Output format, whatever -o's extension [default: by "
                                 "-o's extension, DOT on stdout].")
@click.option("--cluster-by", type=click.Choice(("location", "provider", "none")),
              default="location", show_default=True,
              help="Draw a box around the components of each top-level location "
                   "(datacenter, site), or of each provider (not with --collapse).")
@click.option("--collapse", type=click.Choice(("type", "provider", "location")),
              default=None,
              help="One node per type, provider or top-level location, with counts (and, "
                   "with --fail, the worst state inside); for large estates.")
@click.option("--fail", "fail", metavar="SELECTOR", multiple=True,
              shell_complete=_complete_selector,
              help="A scenario: what fails (component id or key:value filters, as for "
                   "blast-radius); repeatable. Nodes are filled by state: initial failure, "
                   "fails, degraded, works.")
@click.option("--highlight", "highlight", type=click.Choice(("spof",)), multiple=True,
              help="spof: outline the single points of failure (components and locations) "
                   "in thick red; SPOF providers are named in the title.")
@click.option("--focus", metavar="ID", shell_complete=_complete_id,
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
@_handle_errors
def render_command(inventory: tuple[str, ...], output: str | None, format_name: str | None,
                   cluster_by: str, collapse: str | None, fail: tuple[str, ...],
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
    from depgraph.analysis.blast_radius import blast_radius
    from depgraph.analysis.spof import single_points_of_failure
    from depgraph.cli.main import _load
    from depgraph.core.selectors import select_all
    try:
        from depgraph.render.diagram import build_diagram
    except ImportError as error:
        if error.name != "pydot":
            raise
        raise DepgraphError("depgraph render needs pydot: pip install 'depgraph[render]' "
                            "(or pip install pydot)") from None

    fmt = _resolve_format(format_name, output)
    if focus is None and (depth is not None or direction is not None):
        raise click.UsageError("--depth and --direction go with --focus ID")
    if fmt in _BINARY and not _to_file(output) and _stdout_is_terminal():
        raise click.UsageError(f"{fmt.upper()} is binary: write it to a file (-o FILE.{fmt}) "
                               "or pipe it")
    selectors = [parse_selector(text) for text in fail]
    loaded = _load(inventory)
    initial = select_all(loaded, selectors) if selectors else ()
    scenario = blast_radius(loaded, sorted(set(initial))) if initial else None
    spofs = single_points_of_failure(loaded) if "spof" in highlight else None
    diagram = build_diagram(loaded, scenario=scenario, spofs=spofs, cluster_by=cluster_by,
                            collapse=collapse, focus=focus,
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
    text = diagram.text
    if fmt == "dot":
        emit(text, output)
    else:
        from depgraph.render.graphviz import render_dot
        data = render_dot(text, fmt, timeout)
        if _to_file(output):
            write_atomically(output, data)
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
    if _to_file(output):
        what = (f"{plural(diagram.nodes, 'group')} of {plural(diagram.components, 'component')}"
                if collapse else plural(diagram.components, "component"))
        groups = "" if collapse else f", {plural(diagram.junctions, 'redundancy group')}"
        say(f"drew {what}{groups}, {plural(diagram.edges, 'link')} as {fmt.upper()} "
            f"in {output}")

"""``depgraph import open-psa`` and ``depgraph export open-psa``: fault trees in the
Open-PSA Model Exchange Format, to and from reliability tools such as SCRAM.

Two groups, ``import_group`` and ``export_group``, for the main command to add;
other formats can join them later as subcommands of their own.
"""

from __future__ import annotations

import os

import click

from depgraph.cli.output import emit, say
from depgraph.cli.shared import CONTEXT, handle_errors, load, output_option
from depgraph.core.wording import visible
from depgraph.formats.base import plural

__all__ = ["import_group", "export_group"]


@click.group("import", context_settings=CONTEXT)
def import_group() -> None:
    """Turn another tool's model into an inventory (YAML on stdout or -o)."""


@click.group("export", context_settings=CONTEXT)
def export_group() -> None:
    """Write an inventory, or a view of it, in another tool's format."""


@import_group.command("open-psa", context_settings=CONTEXT)
@click.argument("files", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, allow_dash=False))
@click.option("--house-events", is_flag=True,
              help="Take house events as the constants SCRAM takes them for (false unless "
                   "set) instead of refusing them.")
@output_option
@handle_errors
def import_open_psa(files: tuple[str, ...], house_events: bool, output: str | None) -> None:
    """Import Open-PSA MEF fault trees (SCRAM's input) as an inventory.

    FILES are read together: a tree and its basic events may be in separate files.
    Each gate becomes a component of type service that needs its inputs (or: all
    of them; and: any of them; atleast k of n: n-k+1 of them), each basic event a
    component of type compute; top events are marked critical. Non-coherent logic
    (not, xor, nand, nor, iff, imply) is refused, and so are house events unless
    --house-events is given. Notes go to stderr.

    \b
    Example:
      depgraph import open-psa tree.xml tree-basic-events.xml -o tree.yaml
    """
    from depgraph.formats.inventory_yaml import inventory_yaml
    from depgraph.loaders.openpsa import read_open_psa

    result = read_open_psa(files, house_events)
    names = ", ".join(sorted({visible(os.path.basename(f)) for f in files}))  # one line
    emit(inventory_yaml(result.inventory, f"Imported by depgraph from Open-PSA MEF: {names}\n"
                        f"Top events (critical): {', '.join(result.top_events) or 'none'}"),
         output)
    for note in result.notes:
        say(str(note))
    say(f"imported {len(result.inventory)} components, "
        f"{plural(len(result.top_events), 'top event')}")


@export_group.command("open-psa", context_settings=CONTEXT)
@click.argument("inventory", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=True, allow_dash=False))
@click.option("--target", required=True, metavar="ID",
              help="The component whose failure is the top event.")
@output_option
@handle_errors
def export_open_psa_command(inventory: tuple[str, ...], target: str,
                            output: str | None) -> None:
    """Export the fault tree of one target as Open-PSA MEF XML, for SCRAM and
    other reliability tools.

    Each component upstream of the target is a basic event (it can fail on its
    own) and a gate: its basic event or any broken requirement. A dependency cycle
    upstream of the target is an error (fault trees are acyclic).

    \b
    Example:
      depgraph export open-psa inventories/webshop.yaml --target checkout -o checkout.xml
      scram --limit-order 2 checkout.xml
    """
    from depgraph.formats.openpsa import export_open_psa

    loaded = load(inventory)
    xml = export_open_psa(loaded, target)
    emit(xml, output)
    say(f"exported the fault tree of {target}: {xml.count('<define-gate ')} gates, "
        f"{xml.count('<define-basic-event ')} basic events")

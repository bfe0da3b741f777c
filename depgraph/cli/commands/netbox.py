"""``depgraph import netbox``: the physical estate from NetBox (issue 14, in progress:
offline, from saved responses, for now)."""

from __future__ import annotations

import click

from depgraph.cli.output import emit, say
from depgraph.cli.shared import CONTEXT, handle_errors, output_option
from depgraph.formats.base import plural

__all__ = ["import_netbox_command"]


@click.command("netbox", context_settings=CONTEXT)
@click.option("--from", "files", required=True, metavar="DIR",
              type=click.Path(exists=True, file_okay=False, dir_okay=True),
              help="Import from the responses saved in DIR (one JSON file per endpoint "
                   "and page).")
@output_option
@handle_errors
def import_netbox_command(files: str, output: str | None) -> None:
    """Import sites, racks, devices, the power chain, circuits, clusters and VMs from
    NetBox as an inventory (YAML on stdout or -o). What the import inferred or could
    not resolve goes to stderr, each with its NetBox URL.

    \b
    Example:
      depgraph import netbox --from netbox-export/ -o estate/netbox.yaml
    """
    from depgraph.formats.inventory_yaml import inventory_yaml
    from depgraph.loaders.netbox.importer import import_netbox
    from depgraph.loaders.netbox.recorded import read_recorded

    result = import_netbox(read_recorded(files))
    emit(inventory_yaml(result.inventory, f"Imported by depgraph from {result.inventory.name}"
                        "\nGenerated: edit the hand-written files beside it, not this one."),
         output)
    for finding in result.findings:
        say(f"note: {finding.message} ({finding.url})")
    say(f"imported {len(result.inventory)} components, "
        f"{plural(len(result.inventory.providers), 'provider')}; "
        f"{plural(len(result.findings), 'finding')}, "
        f"{len(result.left_out)} passive devices left out")

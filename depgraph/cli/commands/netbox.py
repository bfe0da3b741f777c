"""``depgraph import netbox``: the physical estate from NetBox, live over its REST API
or from responses saved earlier (issue 14, in progress)."""

from __future__ import annotations

import os

import click

from depgraph.cli.output import emit, say
from depgraph.cli.shared import CONTEXT, handle_errors, output_option
from depgraph.formats.base import plural

__all__ = ["import_netbox_command"]


@click.command("netbox", context_settings=CONTEXT)
@click.option("--url", metavar="URL", help="The NetBox to read (its REST API under URL/api/).")
@click.option("--from", "saved", metavar="DIR",
              type=click.Path(exists=True, file_okay=False, dir_okay=True),
              help="Import from the responses saved in DIR instead (see --save).")
@click.option("--token-file", type=click.Path(exists=True, dir_okay=False),
              help="Read the API token from this file [default: $NETBOX_TOKEN].")
@click.option("--ca-bundle", type=click.Path(exists=True, dir_okay=False),
              help="Verify NetBox's TLS certificate against this CA bundle (a private CA).")
@click.option("--site", multiple=True, metavar="SLUG", help="Only these sites (repeatable).")
@click.option("--tenant", multiple=True, metavar="SLUG", help="Only these tenants (repeatable).")
@click.option("--tag", multiple=True, metavar="SLUG", help="Only objects with these tags.")
@click.option("--save", metavar="DIR", type=click.Path(file_okay=False),
              help="Also save the responses read in DIR, for --from elsewhere.")
@output_option
@handle_errors
def import_netbox_command(url: str | None, saved: str | None, token_file: str | None,
                          ca_bundle: str | None, site: tuple[str, ...], tenant: tuple[str, ...],
                          tag: tuple[str, ...], save: str | None, output: str | None) -> None:
    """Import sites, racks, devices, the power chain, circuits, clusters and VMs from
    NetBox as an inventory (YAML on stdout or -o). What the import inferred or could
    not resolve goes to stderr, each with its NetBox URL.

    \b
    Examples:
      NETBOX_TOKEN=... depgraph import netbox --url https://netbox.example --save export/
      depgraph import netbox --from export/ -o estate/netbox.yaml
    """
    from depgraph.formats.inventory_yaml import inventory_yaml
    from depgraph.loaders.netbox.importer import import_netbox

    if (url is None) == (saved is None):
        raise click.UsageError("name one source: --url URL (a live NetBox) or --from DIR "
                               "(saved responses)")
    if saved is not None:
        from depgraph.loaders.netbox.recorded import read_recorded

        responses = read_recorded(saved)
    else:
        from depgraph.loaders.netbox.api import read_api

        token = _token(token_file)
        responses = read_api(url, token, ca_bundle=ca_bundle,
                             filters={"site": list(site), "tenant": list(tenant),
                                      "tag": list(tag)})
    result = import_netbox(responses)
    text = inventory_yaml(result.inventory, f"Imported by depgraph from {result.inventory.name}"
                          "\nGenerated: edit the hand-written files beside it, not this one.")
    if save is not None and url is not None:
        from depgraph.loaders.netbox.api import save as save_responses

        save_responses(responses, save)
    emit(text, output)
    for finding in result.findings:
        say(f"note: {finding.message} ({finding.url})")
    say(f"imported {len(result.inventory)} components, "
        f"{plural(len(result.inventory.providers), 'provider')}; "
        f"{plural(len(result.findings), 'finding')}, "
        f"{len(result.left_out)} passive devices left out")


def _token(token_file: str | None) -> str:
    if token_file is not None:
        with open(token_file, encoding="utf-8") as stream:
            token = stream.read().strip()
    else:
        token = os.environ.get("NETBOX_TOKEN", "").strip()
    if not token:
        raise click.UsageError("no API token: set NETBOX_TOKEN or give --token-file")
    return token

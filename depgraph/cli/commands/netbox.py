"""``depgraph import netbox``: the physical estate from NetBox, live over its REST API
or from responses saved earlier with ``--save``.

The responses are saved before they are mapped, so that a NetBox whose data the
import refuses can still be exported and looked at elsewhere; they are dropped
once mapped, before the YAML is written, which keeps the peak memory of a large
estate to the responses or the text, not both."""

from __future__ import annotations

import os

import click

from depgraph.cli.shared import CONTEXT, handle_errors, output_option

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
@click.option("--status", "statuses", multiple=True, metavar="STATUS",
              help="Import devices of this NetBox status (repeatable) [default: active]; "
                   "the others are listed as left out.")
@click.option("--roles", metavar="FILE", type=click.Path(exists=True, dir_okay=False),
              help="A role mapping file: 'role-slug: type' lines (a component type, or "
                   "passive), over the built-in table.")
@click.option("--cluster-quorum", type=click.Choice(["any", "n-1"]), default="any",
              show_default=True,
              help="What a cluster needs of its n hosts: any one, or all but one.")
@output_option
@handle_errors
def import_netbox_command(url: str | None, saved: str | None, token_file: str | None,
                          ca_bundle: str | None, site: tuple[str, ...], tenant: tuple[str, ...],
                          tag: tuple[str, ...], save: str | None, statuses: tuple[str, ...],
                          roles: str | None, cluster_quorum: str, output: str | None) -> None:
    """Import sites, racks, devices, the power chain, circuits, clusters and VMs from
    NetBox as an inventory (YAML on stdout or -o). What the import inferred or could
    not resolve goes to stderr, each with its NetBox URL.

    \b
    The file is generated: a re-import rewrites it (and refuses to overwrite a
    file it did not write). Applications, teams, restore times and RTOs go in
    hand-written files beside it, which may amend imported components by id.

    \b
    Examples:
      NETBOX_TOKEN=... depgraph import netbox --url https://netbox.example --save export/
      depgraph import netbox --from export/ -o estate/netbox.yaml
      depgraph validate estate/
    """
    from depgraph.cli.importing import previous_import, write_import
    from depgraph.loaders.netbox.importer import BY, Options, import_netbox

    if (url is None) == (saved is None):
        raise click.UsageError("name one source: --url URL (a live NetBox) or --from DIR "
                               "(saved responses)")
    if save is not None and saved is not None:
        raise click.UsageError("--save records what a live NetBox answered; with --from, "
                               "the responses are already saved (copy the directory)")
    previous = previous_import(output, BY)
    mapping = {}
    if roles is not None:
        from depgraph.loaders.netbox.roles import read_roles

        mapping = read_roles(roles)
    if saved is not None:
        from depgraph.loaders.netbox.recorded import read_recorded

        responses = read_recorded(saved)
    else:
        from depgraph.loaders.netbox.api import read_api

        token = _token(token_file)
        responses = read_api(url, token, ca_bundle=ca_bundle,
                             filters={"site": list(site), "tenant": list(tenant),
                                      "tag": list(tag)})
        if save is not None:
            from depgraph.loaders.netbox.api import save as save_responses

            save_responses(responses, save)
    options = Options(frozenset(statuses or ("active",)), mapping, cluster_quorum == "n-1")
    result = import_netbox(responses, options, previous)
    del responses
    write_import(result, output, "device")


def _token(token_file: str | None) -> str:
    if token_file is not None:
        with open(token_file, encoding="utf-8") as stream:
            token = stream.read().strip()
    else:
        token = os.environ.get("NETBOX_TOKEN", "").strip()
    if not token:
        raise click.UsageError("no API token: set NETBOX_TOKEN or give --token-file")
    return token

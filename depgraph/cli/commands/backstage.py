"""``depgraph import backstage``: the software estate from Backstage's catalog, from its
descriptor files (``catalog-info.yaml``, Locations followed) or live from a backend's
catalog API."""

from __future__ import annotations

import os

import click

from depgraph.cli.shared import CONTEXT, handle_errors, output_option

__all__ = ["import_backstage_command"]


@click.command("backstage", context_settings=CONTEXT)
@click.argument("files", nargs=-1, metavar="PATH...",
                type=click.Path(exists=True, file_okay=True, dir_okay=True))
@click.option("--url", metavar="URL",
              help="A Backstage backend to read instead (its catalog under URL/api/catalog).")
@click.option("--token-file", type=click.Path(exists=True, dir_okay=False),
              help="Read the backend's token from this file [default: $BACKSTAGE_TOKEN].")
@click.option("--ca-bundle", type=click.Path(exists=True, dir_okay=False),
              help="Verify the backend's TLS certificate against this CA bundle.")
@click.option("--types", metavar="FILE", type=click.Path(exists=True, dir_okay=False),
              help="A types file: 'kind/spec.type: type' lines (a component type, or "
                   "passive), over the built-in table.")
@output_option
@handle_errors
def import_backstage_command(files: tuple[str, ...], url: str | None, token_file: str | None,
                             ca_bundle: str | None, types: str | None,
                             output: str | None) -> None:
    """Import components, resources, systems, domains and APIs from Backstage's catalog
    as an inventory (YAML on stdout or -o): from descriptor files (a directory: its
    *.yaml files; Location entities followed), or from a backend with --url. What the
    import inferred or could not resolve goes to stderr, each with its file:line:column
    or URL.

    \b
    The file is generated: a re-import rewrites it (and refuses to overwrite a
    file it did not write). Restore times and the devices services run on go in
    hand-written files beside it, or in depgraph.io/ annotations.

    \b
    Examples:
      depgraph import backstage catalog-info.yaml -o estate/backstage.yaml
      BACKSTAGE_TOKEN=... depgraph import backstage --url https://backstage.example -o estate/backstage.yaml
      depgraph validate estate/
    """
    from depgraph.cli.importing import previous_import, write_import
    from depgraph.loaders.backstage.importer import BY, Options, import_backstage

    if bool(files) == (url is not None):
        raise click.UsageError("name one source: descriptor files (PATH...) or --url URL "
                               "(a Backstage backend)")
    if url is None and (token_file or ca_bundle):
        raise click.UsageError("--token-file and --ca-bundle are for --url")
    previous = previous_import(output, BY)
    mapping = {}
    if types is not None:
        from depgraph.loaders.backstage.types import read_types

        mapping = read_types(types)
    if url is None:
        from depgraph.loaders.backstage.descriptors import read_descriptors

        catalog = read_descriptors(list(files))
    else:
        from depgraph.loaders.backstage.api import read_api

        catalog = read_api(url, _token(token_file), ca_bundle=ca_bundle)
    result = import_backstage(catalog, Options(mapping), previous)
    del catalog
    write_import(result, output, "entity")


def _token(token_file: str | None) -> str:
    """The token, if any: a backend that allows guests needs none."""
    if token_file is not None:
        with open(token_file, encoding="utf-8") as stream:
            return stream.read().strip()
    return os.environ.get("BACKSTAGE_TOKEN", "").strip()

"""``depgraph generate``: a synthetic estate of about N components, for trials and benchmarks."""

from __future__ import annotations

import click

from depgraph.cli.output import emit, say
from depgraph.cli.shared import CONTEXT, handle_errors, output_option, to_file

__all__ = ["generate"]


@click.command(context_settings=CONTEXT)
@click.option("--components", "-n", type=click.IntRange(20, 50_000_000), required=True,
              metavar="N", help="About how many components (at least 20).")
@click.option("--seed", type=int, default=1, show_default=True,
              help="The same seed gives the same estate, byte for byte.")
@click.option("--no-restoration", is_flag=True,
              help="Leave out restore times, teams and RTOs.")
@click.option("--time", "timed", is_flag=True,
              help="Add holdups and changeovers: UPS batteries of 15 minutes across a "
                   "5-minute changeover to the generators, cluster, database and "
                   "application failovers (for depgraph timeline).")
@output_option
@handle_errors
def generate(components: int, seed: int, no_restoration: bool, timed: bool,
             output: str | None) -> None:
    """Write a synthetic estate of about N components as inventory YAML: grid, feeds,
    generators and UPS in pairs, datacenters (some at a hosting provider), racks with A/B
    PDUs and a switch, hosts in n-1 of n clusters, VMs, 2-of-3 database clusters, DNS and
    a directory, applications in one or two datacenters, critical business functions;
    about three dependencies per component.

    \b
    Example:
      depgraph generate -n 100000 --seed 7 -o estate.yaml
    """
    from depgraph.formats.inventory_yaml import inventory_yaml
    from depgraph.loaders.synthetic import synthetic_inventory, with_restoration, with_time

    inventory = synthetic_inventory(components, seed)
    if not no_restoration:
        inventory = with_restoration(inventory)
    if timed:
        inventory = with_time(inventory)
    emit(inventory_yaml(inventory, f"depgraph generate --components {components} --seed {seed}"
                        + (" --no-restoration" if no_restoration else "")
                        + (" --time" if timed else ""), fast=True), output)
    if to_file(output):
        say(f"{len(inventory)} components written to {output}")

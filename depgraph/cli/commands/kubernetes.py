"""``depgraph import kubernetes``: workloads, their replicas, Services and what calls
what, from manifests (files, ``kubectl get -o yaml``, Helm's output) or a live cluster
through a kubeconfig context."""

from __future__ import annotations

import click

from depgraph.cli.shared import CONTEXT, handle_errors, output_option

__all__ = ["import_kubernetes_command"]


@click.command("kubernetes", context_settings=CONTEXT)
@click.argument("paths", nargs=-1, metavar="PATH...",
                type=click.Path(exists=True, file_okay=True, dir_okay=True))
@click.option("--context", "kube_context", metavar="NAME",
              help="Read the live cluster of this kubeconfig context instead.")
@click.option("--kubeconfig", metavar="FILE", type=click.Path(exists=True, dir_okay=False),
              help="The kubeconfig file [default: $KUBECONFIG, else the client's "
                   "default].")
@click.option("--namespace", "namespaces", multiple=True, metavar="NAME",
              help="Only these namespaces (repeatable); cluster-wide objects are kept.")
@click.option("--nodes", "nodes_file", metavar="FILE",
              type=click.Path(exists=True, dir_okay=False),
              help="A nodes mapping file: 'zone-or-node-name: inventory-id' lines, the "
                   "location of a zone, or what a node runs on.")
@output_option
@handle_errors
def import_kubernetes_command(paths: tuple[str, ...], kube_context: str | None,
                              kubeconfig: str | None, namespaces: tuple[str, ...],
                              nodes_file: str | None, output: str | None) -> None:
    """Import Deployments, StatefulSets, DaemonSets, their replicas, Services and the
    Services each workload calls from Kubernetes as an inventory (YAML on stdout or
    -o). PATH is a manifest file or a directory of them. What the import inferred or
    could not resolve goes to stderr, each with its file:line:column (or API path).

    \b
    The file is generated: a re-import rewrites it (and refuses to overwrite a
    file it did not write). Restore times, teams and RTOs go in hand-written
    files beside it, which may amend imported components by id.

    \b
    Examples:
      depgraph import kubernetes manifests/ -o estate/kubernetes.yaml
      helm template shop ./chart | depgraph import kubernetes /dev/stdin -o estate/shop.yaml
      depgraph import kubernetes --context prod --nodes zones.yaml -o estate/k8s.yaml
    """
    from depgraph.cli.importing import previous_import, write_import
    from depgraph.loaders.kubernetes.importer import BY, Options, import_kubernetes

    if bool(paths) == (kube_context is not None):
        raise click.UsageError("name one source: manifest PATHs, or --context NAME (a live "
                               "cluster)")
    if kubeconfig is not None and kube_context is None:
        raise click.UsageError("--kubeconfig goes with --context")
    previous = previous_import(output, BY)
    places = {}
    if nodes_file is not None:
        from depgraph.loaders.kubernetes.places import read_places

        places = read_places(nodes_file)
    if kube_context is not None:
        from depgraph.loaders.kubernetes.api import read_cluster

        objects, server = read_cluster(kube_context, kubeconfig, namespaces)
        source = f"context {kube_context} ({server})"
    else:
        from depgraph.loaders.kubernetes.manifests import read_manifests, source_of

        objects = read_manifests(paths)
        source = source_of(paths)
        if namespaces:
            objects = [m for m in objects if not m.namespace or m.namespace in namespaces]
    result = import_kubernetes(objects, source, Options(places), previous)
    write_import(result, output, "object")

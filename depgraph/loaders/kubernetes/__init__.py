"""Importing from Kubernetes: manifests (files, ``kubectl get -o yaml``, Helm's output)
or a live cluster, mapped to workloads, their replicas, Services and what they call
(see docs/importers/kubernetes.md)."""

#!/usr/bin/env bash
# Regenerates the three imported files of the joined estate from the third-party data beside
# the repository (../shared/datasets/); run from the repository's root. 00-joins.yaml is
# hand-written and left alone. tests/test_joined_estate.py checks that the committed
# files are what this gives.
set -euo pipefail
depgraph=${DEPGRAPH:-.venv/bin/depgraph}
data=../shared/datasets
catalog=$data/backstage/packages/catalog-model/examples
estate=inventories/joined-estate/estate
"$depgraph" import netbox --from "$data/netbox-api-4.2" -o "$estate/netbox.yaml"
"$depgraph" import backstage "$catalog/all-components.yaml" "$catalog/all-systems.yaml" \
    "$catalog/all-resources.yaml" -o "$estate/backstage.yaml"
"$depgraph" import kubernetes "$data/online-boutique/release/kubernetes-manifests.yaml" \
    inventories/joined-estate/shop-nodes.json -o "$estate/kubernetes.yaml"

"""The joined example (inventories/joined-estate/): NetBox's demo estate, Backstage's example
catalog and Online Boutique imported, joined by one hand-written file. The committed files are
what its import script gives today, and the estate answers the tutorial's questions."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from depgraph import blast_radius, load_inventory, single_points_of_failure

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "inventories" / "joined-estate"
ESTATE = EXAMPLE / "estate"
DATASETS = ROOT.parent / "shared" / "datasets"
GENERATED = ("netbox.yaml", "backstage.yaml", "kubernetes.yaml")

needs_datasets = pytest.mark.skipif(not DATASETS.is_dir(),
                                    reason="the third-party datasets are not beside the "
                                           "repository (../shared/datasets)")


@pytest.fixture(scope="module")
def estate():
    return load_inventory(ESTATE)


@needs_datasets
def test_the_committed_files_are_what_the_import_script_gives(tmp_path):
    """import.sh run on a copy laid out as the repository is (../shared beside it) writes
    the committed bytes: a change to an importer that changes them must commit them too."""
    repo = tmp_path / "repo"
    (repo / "inventories" / "joined-estate" / "estate").mkdir(parents=True)
    (tmp_path / "shared").symlink_to(DATASETS.parent, target_is_directory=True)
    for name in ("import.sh", "shop-nodes.json"):
        shutil.copy2(EXAMPLE / name, repo / "inventories" / "joined-estate" / name)
    depgraph = Path(sys.executable).parent / "depgraph"
    assert depgraph.exists(), "the depgraph command beside the interpreter"
    done = subprocess.run(["bash", "inventories/joined-estate/import.sh"], cwd=repo,
                          env={**os.environ, "DEPGRAPH": str(depgraph)},
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    for name in GENERATED:
        written = repo / "inventories" / "joined-estate" / "estate" / name
        assert written.read_bytes() == (ESTATE / name).read_bytes(), \
            f"{name} is not current: run inventories/joined-estate/import.sh and commit it"
    counts = [line for line in done.stderr.splitlines() if line.startswith("imported ")]
    assert counts == [
        "imported 416 components, 9 providers; 124 findings, 19 devices left out",
        "imported 15 components, 0 providers; 9 findings, 0 entities left out",
        "imported 38 components, 0 providers; 14 findings, 11 objects left out"]


def test_the_layers_are_one_graph(estate):
    assert len(estate) == 416 + 15 + 38 + 2
    # Kubernetes nodes on the NetBox device, the Backstage resource on the NetBox cluster.
    for node in ("k8s/node/shop-worker-1", "k8s/node/shop-worker-2"):
        assert [r.describe() for r in estate[node].depends_on] == [
            "needs device/ncsu-065/application-server-106"]
    assert "needs cluster/do-ams3" in [r.describe()
                                       for r in estate["resource/artists-db"].depends_on]
    assert estate["device/ncsu-065/application-server-106"].team == "datacenter"


def test_validate_reports_every_join_that_names_nothing(tmp_path):
    """A node annotated with a device NetBox does not hold, a hand-written join to a cluster
    that is not there: each is an error at its line, exit 2, nothing else reported."""
    copy = tmp_path / "estate"
    shutil.copytree(ESTATE, copy)
    kube = copy / "kubernetes.yaml"
    kube.write_text(kube.read_text().replace("device/ncsu-065/application-server-106",
                                             "device/ncsu-065/no-such-server"))
    joins = copy / "00-joins.yaml"
    joins.write_text(joins.read_text().replace("cluster/do-ams3", "cluster/nowhere"))
    done = subprocess.run([sys.executable, "-m", "depgraph", "validate", str(copy)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stderr
    errors = [line for line in done.stdout.splitlines() if ": error: " in line]  # the report
    assert len(errors) == 3, done.stdout
    assert sum("unknown component 'device/ncsu-065/no-such-server'" in e
               and "kubernetes.yaml:" in e for e in errors) == 2
    assert any("00-joins.yaml:" in e and "unknown component 'cluster/nowhere'" in e
               for e in errors)
    assert done.stdout.endswith("invalid: 3 errors, 0 warnings\n")
    assert "Traceback" not in done.stderr


def test_one_power_panel_fails_17_and_the_shop_rides_through(estate):
    result = blast_radius(estate, ["panel/ncsu-065/panel-1"])
    assert len(result.failed) == 17
    assert {c.split("/")[0] for c in result.failed} == {"panel", "feed"}
    assert "device/ncsu-065/application-server-106" in result.degraded
    assert "business/shop-checkout" not in result.failed


def test_the_panel_pair_takes_the_shop_down(estate):
    result = blast_radius(estate, ["panel/ncsu-065/panel-1", "panel/ncsu-065/panel-2"])
    assert len(result.failed) == 84  # 45 of NetBox's, 38 of Kubernetes', the checkout
    failed = set(result.failed)
    assert {"device/ncsu-065/application-server-106", "k8s/node/shop-worker-1",
            "k8s/node/shop-worker-2", "k8s/default/service/frontend-external",
            "business/shop-checkout"} <= failed
    assert sum(c.startswith("k8s/") for c in failed) == 38
    assert "business/artist-pages" not in failed


def test_the_checkouts_single_points_of_failure(estate):
    report = single_points_of_failure(estate, ["business/shop-checkout"])
    points = [(s.kind, s.id) for s in report.spofs]
    assert len(points) == 37
    assert points[:4] == [("location", "site/ncsu-065"),
                          ("location", "location/ncsu-065/row-2"),
                          ("location", "rack/ncsu-065/r201"),
                          ("component", "device/ncsu-065/application-server-106")]
    # Neither power panel alone: the chassis has a feed on each.
    assert not {i for _, i in points} & {"panel/ncsu-065/panel-1", "panel/ncsu-065/panel-2"}
    # Two workers do not help: both are on the one chassis.
    assert not {i for _, i in points} & {"k8s/node/shop-worker-1", "k8s/node/shop-worker-2"}

"""The loader's progress callback (monotonic, ending at the total, same inventory), and
which files an inventory path reads.

Both paths report progress: the reference path (PyYAML events) and the fast one.
"""

import os
import shutil

import pytest

from depgraph import load_inventory
from depgraph.loaders import fast_yaml, yaml_source
from depgraph.loaders.files import inventory_files
from tests.helpers import HOSPITAL, VALID, WEBSHOP


@pytest.mark.parametrize("fast", [False, True], ids=["reference", "fast"])
def test_progress_climbs_to_the_total_and_changes_nothing(monkeypatch, fast):
    if fast and not fast_yaml.available():
        pytest.skip("the fast extra (yaml-rs) is not installed")
    monkeypatch.setenv("DEPGRAPH_FAST_YAML", "1" if fast else "0")
    monkeypatch.setattr(yaml_source, "_PROGRESS_EVERY", 64)
    monkeypatch.setattr(fast_yaml, "_PROGRESS_EVERY", 16)
    calls = []
    inventory = load_inventory(HOSPITAL, VALID / "minimal.yaml",
                               progress=lambda done, total: calls.append((done, total)))
    assert len(calls) > 10
    totals = {total for _, total in calls}
    assert len(totals) == 1
    done = [d for d, _ in calls]
    assert done == sorted(done) and done[-1] == totals.pop()
    assert list(inventory.components) == list(load_inventory(HOSPITAL, VALID / "minimal.yaml").components)


# -- which files an inventory path reads -----------------------------------------------

def test_a_hard_link_or_a_symbolic_link_inside_a_directory_is_read_once(tmp_path):
    """Both names are one file (device and inode): read once, under the first name
    in sorted order, so no id of it is a duplicate."""
    shutil.copyfile(WEBSHOP, tmp_path / "b.yaml")
    os.link(tmp_path / "b.yaml", tmp_path / "c.yaml")
    os.symlink(tmp_path / "b.yaml", tmp_path / "a.yml")
    for order in ([tmp_path, tmp_path / "c.yaml"], [tmp_path / "c.yaml", tmp_path]):
        files, problems = inventory_files(order)
        assert (files, problems) == ([str(tmp_path / "a.yml")], [])
    assert list(load_inventory(tmp_path).components) == list(load_inventory(WEBSHOP).components)

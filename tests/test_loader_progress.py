"""The loader's progress callback: monotonic, ending at the total, same inventory."""

from depgraph import load_inventory
from depgraph.loaders import yaml_source
from tests.helpers import HOSPITAL, VALID


def test_progress_climbs_to_the_total_and_changes_nothing(monkeypatch):
    monkeypatch.setattr(yaml_source, "_PROGRESS_EVERY", 64)
    calls = []
    inventory = load_inventory(HOSPITAL, VALID / "minimal.yaml",
                               progress=lambda done, total: calls.append((done, total)))
    assert len(calls) > 10
    totals = {total for _, total in calls}
    assert len(totals) == 1
    done = [d for d, _ in calls]
    assert done == sorted(done) and done[-1] == totals.pop()
    assert list(inventory.components) == list(load_inventory(HOSPITAL, VALID / "minimal.yaml").components)

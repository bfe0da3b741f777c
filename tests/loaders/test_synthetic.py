"""`depgraph generate`: a synthetic estate, valid, reproducible, of the size asked."""

from __future__ import annotations

from depgraph import load_inventory, single_points_of_failure
from depgraph.loaders.synthetic import synthetic_inventory, with_restoration
from tests.helpers import run


def test_the_estate_is_valid_reproducible_and_of_the_size_asked(tmp_path):
    path = tmp_path / "estate.yaml"
    result = run("generate", "--components", "500", "--seed", "4", "-o", path)
    assert result.exit_code == 0, result.output
    again = run("generate", "--components", "500", "--seed", "4")
    assert again.stdout == path.read_text(encoding="utf-8")
    other = run("generate", "--components", "500", "--seed", "5")
    assert other.stdout != again.stdout
    loaded = load_inventory(path)
    assert 500 <= len(loaded) < 530
    built = with_restoration(synthetic_inventory(500, 4))
    assert loaded.components == built.components  # the YAML holds exactly the estate
    kinds = {c.type for c in loaded.components.values()}
    assert {"power", "datacenter", "network", "compute", "platform", "database", "service",
            "application", "business"} <= kinds
    memberships = sum(len(r.members) for c in loaded.components.values()
                      for r in c.requirements)
    assert 2.0 <= memberships / len(loaded) <= 4.0  # about three dependencies each
    assert all(c.restore > 0 and c.team for c in loaded.components.values())
    assert single_points_of_failure(loaded).targets  # critical business functions


def test_without_restoration_fields():
    text = run("generate", "-n", "100", "--no-restoration").stdout
    assert "restore:" not in text and "team:" not in text


def test_with_time_adds_the_holdups_and_changeovers_and_the_file_reads_back(tmp_path):
    from depgraph import load_inventory
    from depgraph.formats.inventory_yaml import inventory_yaml
    from depgraph.loaders.synthetic import synthetic_inventory, with_time

    estate = with_time(synthetic_inventory(500, seed=3))
    ups = estate["dc0-ups-a"].depends_on[0]
    assert (ups.holdup, ups.switchover) == (900, 300)
    assert estate["g0-db"].depends_on[0].switchover == 600
    path = tmp_path / "timed.yaml"
    path.write_text(inventory_yaml(estate), encoding="utf-8")
    again = load_inventory(path)
    assert [c.depends_on for c in again.components.values()] == \
        [c.depends_on for c in estate.components.values()]

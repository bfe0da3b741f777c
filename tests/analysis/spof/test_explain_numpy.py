"""SPOF reports and their explanations on the fast path (the numpy kernel's table),
against the reference: the same points, the same sentences, the same JSON bytes."""

from __future__ import annotations

import json
from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from depgraph.analysis.spof import explain_points, explain_single_point, single_points_of_failure
from depgraph.analysis.spof.ranking_numpy import same_rows
from depgraph.core.fast_paths import forced
from depgraph.core.wording import json_escaped
from depgraph.formats import get_format
from tests.strategies import build, inventory_specs

# -- the report and its explanations ----------------------------------------------------

def _reports(inventory, **options):
    with forced("reference"):
        reference = single_points_of_failure(inventory, **options)
    with forced("fast"):
        fast = single_points_of_failure(inventory, **options)
    assert fast.analysis.table is not None and reference.analysis.table is None
    return reference, fast


@given(inventory_specs(max_size=12))
def test_reports_and_every_explanation_are_the_reference_ones(spec):
    inventory = build(spec)
    reference, fast = _reports(inventory)
    assert fast.spofs == reference.spofs
    assert fast.targets == reference.targets and fast.at_risk == reference.at_risk
    expected = {s.key: explain_single_point(inventory, s) for s in reference.spofs}
    assert fast.whys() == reference.whys() == expected
    assert fast.why_each() == [expected[s.key] for s in fast.spofs]
    for spof in fast.spofs:
        assert fast.why(spof) == expected[spof.key]
    for report in (reference, fast):
        for target in report.targets:
            assert report.killers_of(target) == tuple(s for s in report.spofs
                                                      if target in s.kills)


@given(inventory_specs(max_size=12), st.data())
def test_explaining_some_points_for_other_targets(spec, data):
    """As diff does: a subset of the points, in any order, some for a later target."""
    inventory = build(spec)
    _, fast = _reports(inventory)
    if not fast.spofs:
        return
    chosen = data.draw(st.lists(st.sampled_from(fast.spofs), unique_by=lambda s: s.key))
    chosen = [replace(s, kills=data.draw(st.lists(st.sampled_from(s.kills), min_size=1,
                                                  unique=True).map(lambda k: tuple(sorted(k)))))
              for s in chosen]
    assert explain_points(fast, chosen) == {s.key: explain_single_point(inventory, s)
                                            for s in chosen}


def _dumps_reference(report) -> str:
    """What JsonFormat.spof wrote before it was written by hand: the json module's."""
    whys = {s.key: explain_single_point(report.inventory, s) for s in report.spofs}
    components = report.inventory.components

    def inside(target: str, place: str) -> bool:  # walks located_in, cycles included
        seen, where = set(), target
        while where is not None and where not in seen:
            if where == place:
                return True
            seen.add(where)
            where = components[where].located_in
        return False

    own = [s for s in report.spofs
           if s.kind == "location" and all(inside(t, s.id) for t in s.kills)]
    spofs = []
    for spof in report.spofs:
        item = {"kind": spof.kind, "id": spof.id, "kills": list(spof.kills),
                "blast_radius": spof.blast_radius, "weight": spof.weight,
                "why": whys[spof.key], "own_building": spof in own}
        if report.new is not None:
            item["new"] = spof.key in report.new
        spofs.append(item)
    summary = {"targets": len(report.targets), "at_risk": len(report.at_risk),
               "spofs": len(report.spofs), "own_buildings": len(own),
               "by_kind": {kind: sum(1 for s in report.spofs if s.kind == kind)
                           for kind in ("component", "location", "provider")}}
    if report.new is not None:
        summary["new"] = len(report.new)
    extra = {}
    if report.pairs is not None:
        extra["pairs"] = [{"kind": p.kind, "ids": list(p.ids), "kills": list(p.kills)}
                          for p in report.pairs]
        summary["pairs"] = len(report.pairs)
    # As every JSON output: bidirectional and C1 controls, line separators as escapes.
    return json_escaped(json.dumps({**extra,
                                    "inventory": {"name": report.inventory.name,
                                                  "components": len(report.inventory)},
                                    "targets": list(report.targets),
                                    "at_risk": list(report.at_risk),
                                    "spofs": spofs, "summary": summary},
                                   indent=2, sort_keys=True, ensure_ascii=False)) + "\n"


NAMES = st.sampled_from([None, "", "estate", 'the "main" one', "back\\slash", "tab\there",
                         "line\nbreak", "né à Zürich ✓", "\x00\x1f\u2028",
                         "\u202eevil\x7f\x85"])


@given(inventory_specs(max_size=10), NAMES, st.integers(0, 2), st.booleans(), st.data())
def test_the_json_written_by_hand_is_what_the_json_module_writes(spec, name, order, baseline,
                                                                  data):
    inventory = replace(build(spec), name=name)
    for report in _reports(inventory, order=max(order, 1)):
        if baseline:
            known = data.draw(st.lists(st.sampled_from([s.key for s in report.spofs]))
                              if report.spofs else st.just([]))
            report = report.against(known)
        assert get_format("json").spof(report) == _dumps_reference(report)


def test_the_json_of_an_estate_with_no_spof():
    spec = {"name": "safe", "providers": [],
            "components": [{"id": "a", "type": "site"}, {"id": "b", "type": "site"},
                           {"id": "app", "type": "application", "criticality": "critical",
                            "depends_on": [{"any": ["a", "b"]}]}]}
    for report in _reports(build(spec)):
        assert not report.spofs
        assert get_format("json").spof(report) == _dumps_reference(report)


# -- rows shared between points ----------------------------------------------------------

@given(st.lists(st.lists(st.integers(0, 5), min_size=1, max_size=4), min_size=1, max_size=30),
       st.booleans())
def test_equal_rows_are_found_exactly_even_when_every_digest_collides(rows, collide):
    import numpy as np

    values = np.array([v for row in rows for v in row], dtype=np.int64)
    bounds = np.cumsum([0] + [len(row) for row in rows]).astype(np.int64)
    if collide:
        same = same_rows(values, bounds, digest=lambda *_: np.zeros(len(rows), dtype=np.uint64))
    else:
        same = same_rows(values, bounds)
    expected = [rows.index(row) for row in rows]
    if collide:  # exact still: equal to its representative, or its own
        assert all(rows[s] == row for s, row in zip(same.tolist(), rows))
    else:
        assert same.tolist() == expected


@given(inventory_specs(max_size=12), st.data())
def test_weighted_targets_rank_alike_on_both_paths(spec, data):
    """With weights on the targets (integers and decimals), both paths give the same
    points in the same order: the heaviest kills first, each point's weight the sum of
    what it kills."""
    from depgraph.analysis.spof.points import impact
    from depgraph.core.inventory import Draft, assemble

    inventory = build(spec)
    weights = st.sampled_from([0, 1, 3, 0.1, 0.2, 2.5, 1000])
    weighed = assemble([Draft("w.yaml", tuple(
        (replace(c, weight=data.draw(weights)), ()) for c in inventory.components.values()))])
    reference, fast = _reports(weighed)
    assert fast.spofs == reference.spofs
    assert list(reference.spofs) == sorted(reference.spofs, key=impact)
    for point in reference.spofs:
        total = sum(weighed[t].weight for t in point.kills)
        assert abs(point.weight - total) < 1e-9

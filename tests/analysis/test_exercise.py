"""The exercise pack against the timeline's own intervals on random inventories: every
inject where the timeline says it is, the pack's CSVs parsed back to the same times;
and the hospital example's pack."""

from __future__ import annotations

import csv
import dataclasses
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from depgraph import load_inventory
from depgraph.analysis.bia import business_impact
from depgraph.analysis.exercise import KINDS, debrief, exercise
from depgraph.analysis.timeline import timeline
from depgraph.core.inventory import Draft, assemble
from depgraph.formats.bia import _safe
from depgraph.formats.exercise import CHRONOGRAMME_COLUMNS, GRID_COLUMNS, pack_files
from tests.analysis.test_bia import continuity_estates


@st.composite
def drills(draw):
    """A random timed estate and scenario with MTPDs and degraded procedures (the BIA's),
    and teams."""
    estate, scenario = draw(continuity_estates())
    components = [(dataclasses.replace(c, team=draw(st.sampled_from([None, "ops", "net"]))),
                   ()) for c in estate.components.values()]
    return assemble([Draft("random.yaml", tuple(components))]), scenario


def _holding(pack, kind: str, ident: str):
    return [i for i in pack.injects if i.kind == kind and ident in i.affected]


@settings(max_examples=150, deadline=None)
@given(drills())
def test_every_inject_is_where_the_timeline_says(problem):
    estate, scenario = problem
    ids = sorted(estate.components)
    pack = exercise(estate, scenario, targets=ids)
    told = timeline(estate, scenario, targets=ids)
    assert [i.at for i in pack.injects] == sorted(i.at for i in pack.injects)
    assert sum(1 for i in pack.injects if i.kind == "event") == len(scenario.events)
    for ident in ids:
        c, spans = estate[ident], told.components.get(ident, ())
        downs, backs = _holding(pack, "down", ident), _holding(pack, "back", ident)
        mtpds, outlasted = _holding(pack, "mtpd", ident), _holding(pack, "outlasted", ident)
        if not spans:
            assert not (downs or backs or mtpds or outlasted)
            continue
        first, never = spans[0].down, spans[-1].back is None
        disruption = None if never else spans[-1].back - first
        (down,) = downs
        assert down.at == first
        plan = c.continuity
        activated = plan is not None and (never or disruption > plan.activation)
        if activated:
            assert down.expected_at == first + plan.activation
            assert plan.procedure in down.expected
        elif plan is not None:  # back before the procedure would be in place
            assert down.expected_at is None and not down.number
        else:
            assert down.expected_at == first
        assert [b.at for b in backs] == ([] if never else [spans[-1].back])
        breach = c.mtpd is not None and (never or disruption > c.mtpd)
        assert [m.at for m in mtpds] == ([first + c.mtpd] if breach else [])
        running = None if never or not activated else spans[-1].back - first - plan.activation
        over = activated and plan.sustainable is not None and (
            running is None or running > plan.sustainable)
        assert [o.at for o in outlasted] == (
            [first + plan.activation + plan.sustainable] if over else [])
    # A team is called when its first component (not a business function) goes down.
    work: dict[str, list[str]] = {}
    for ident in told.components:
        if estate[ident].team and estate[ident].type != "business":
            work.setdefault(estate[ident].team, []).append(ident)
    calls = {i.who: i for i in pack.injects if i.kind == "call"}
    assert sorted(calls) == sorted(f"team {t}" for t in work)
    for team, parts in work.items():
        call = calls[f"team {team}"]
        assert call.affected == tuple(sorted(parts))
        assert call.at == min(told.components[p][0].down for p in parts)
    lost = sorted(name for name, state in told.datasets.items() if state.lost)
    assert sorted(i.event.split()[1] for i in pack.injects if i.kind == "data") == lost
    # Numbered in time order, every inject that expects something and only those.
    numbered = [i for i in pack.injects if i.expected_at is not None]
    assert [i.number for i in numbered] == [f"I{n:02}" for n in range(1, len(numbered) + 1)]
    assert pack.expected == tuple(numbered)
    _check_csvs(pack)


def _check_csvs(pack) -> None:
    files = pack_files(pack, "<svg xmlns='http://www.w3.org/2000/svg'/>")
    rows = list(csv.DictReader(io.StringIO(files["chronogramme.csv"])))
    assert tuple(rows[0].keys() if rows else CHRONOGRAMME_COLUMNS) == CHRONOGRAMME_COLUMNS
    assert len(rows) == len(pack.injects)
    for row, inject in zip(rows, pack.injects, strict=True):
        assert float(row["minutes"]) * 60 == inject.at
        assert row["kind"] == inject.kind and row["inject"] == inject.number
        assert row["event"] == _safe(inject.event)  # a formula never starts a cell
        assert row["affected"].split() == list(inject.affected)
        if inject.expected_at is None:
            assert row["expected_minutes"] == row["expected_t_plus"] == ""
        else:
            assert float(row["expected_minutes"]) * 60 == inject.expected_at
    grid = list(csv.DictReader(io.StringIO(files["observer-grid.csv"])))
    assert [r["inject"] for r in grid] == [i.number for i in pack.expected]
    for row, inject in zip(grid, pack.expected, strict=True):
        assert float(row["expected_minutes"]) * 60 == inject.expected_at
        assert row["observed_t_plus"] == row["observed_decision"] == row["comments"] == ""
        assert set(row) == set(GRID_COLUMNS)
    for name, text in files.items():  # no cell a spreadsheet would run as a formula
        if name.endswith(".csv"):
            assert not any(cell[:1] and cell[:1] in "=+-@" for line in csv.reader(io.StringIO(text))
                           for cell in line), name


def test_the_hospitals_day_as_an_exercise():
    hospital = load_inventory("inventories/hospital-group.yaml")
    pack = exercise(hospital, "hostco-power")
    impact = business_impact(hospital, [hospital.scenarios["hostco-power"]]).scenarios[0]
    # The emergency departments go to paper admissions a quarter of an hour in, and
    # reach their MTPD of 8 hours still down; care outlasts its 2 days of paper.
    (paper,) = [i for i in pack.injects if i.kind == "down" and "h01-emergency" in i.affected]
    assert (paper.at, paper.expected_at) == (0, 15 * 60)
    assert "Paper admissions" in paper.expected and len(paper.affected) == 38
    (mtpd,) = [i for i in pack.injects if i.kind == "mtpd" and "h01-emergency" in i.affected]
    assert mtpd.at == 8 * 3600 and mtpd.who == "the crisis cell"
    assert any(i.kind == "outlasted" and "h01-care" in i.affected for i in pack.injects)
    assert {i.kind for i in pack.injects} <= set(KINDS)
    # Every function the BIA finds down is in a down inject, once.
    downs = [a for i in pack.injects if i.kind == "down" for a in i.affected]
    assert sorted(downs) == sorted(f.id for f in impact.down)
    # No team is called for a business function; the facilities team is called at 0.
    (facilities,) = [i for i in pack.injects if i.who == "team hostco-facilities"]
    assert facilities.at == 0 and "hostco-ups" in facilities.affected
    owners = {c.name for c in pack.contacts if c.kind == "owner"}
    assert len(owners) == 152 and all(c.contact for c in pack.contacts if c.kind == "owner")


def test_the_debrief_measures_each_gap():
    result = debrief("drill", [("I01", "call", "team a", 0), ("I02", "activate", "desk", 900),
                               ("I03", "decide", "cell", 3600)],
                     {"I01": (600, "late call"), "I02": (900, "")})
    assert [g.late for g in result.gaps] == [600, 0, None]
    assert [g.number for g in result.late] == ["I01"]
    assert [g.number for g in result.on_time] == ["I02"]
    assert [g.number for g in result.missed] == ["I03"]

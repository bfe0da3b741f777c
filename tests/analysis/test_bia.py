"""The business impact analysis against the timeline's own intervals on random
inventories with time keys and continuity keys, every figure recomputed from its
definition; and on the hospital example, the figures of its day."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from depgraph.analysis.bia import Column, business_impact, library
from depgraph.analysis.timeline import timeline
from depgraph.core.inventory import Draft, assemble
from depgraph.core.model import Continuity
from depgraph.formats import get_format
from depgraph.formats.bia import CSV_COLUMNS
from tests.analysis.timeline.test_scenarios import timed_estates

DURATIONS = [None, 0, 60, 300, 900, 3600]


@st.composite
def continuity_estates(draw):
    """A random timed estate and scenario, its components given MTPDs, RTOs, weights and
    degraded procedures at random."""
    estate, scenario = draw(timed_estates())
    components = []
    for c in estate.components.values():
        plan = None
        if draw(st.booleans()):
            plan = Continuity(draw(st.sampled_from(["paper", "=cmd|' /C calc'!A0", "phone"])),
                              owner=draw(st.sampled_from([None, "desk", "+33 1 2"])),
                              activation=draw(st.sampled_from([0, 60, 600])),
                              sustainable=draw(st.sampled_from(DURATIONS)))
        components.append((dataclasses.replace(
            c, mtpd=draw(st.sampled_from(DURATIONS)), rto=draw(st.sampled_from(DURATIONS)),
            weight=draw(st.sampled_from([0, 1, 2.5, 40])), continuity=plan), ()))
    return assemble([Draft("random.yaml", tuple(components))]), scenario


@settings(max_examples=200, deadline=None)
@given(continuity_estates())
def test_every_figure_is_the_timelines_own(problem):
    estate, scenario = problem
    ids = sorted(estate.components)
    result = business_impact(estate, [scenario], targets=ids)
    told = timeline(estate, scenario, targets=ids)
    (column,) = result.scenarios
    assert result.functions == tuple(ids)
    for f in column.functions:
        c = estate[f.id]
        spans = told.components.get(f.id, ())
        assert f.intervals == spans and f.down == bool(spans)
        if not spans:
            assert (f.disruption, f.down_time, f.impact) == (0, 0, 0)
            assert not (f.mtpd_breach or f.rto_breach or f.activated or f.outlasted)
            continue
        never = spans[-1].back is None
        disruption = None if never else spans[-1].back - spans[0].down
        assert f.disruption == disruption
        assert f.down_time == (None if never else sum(i.back - i.down for i in spans))
        for limit, breach in ((c.mtpd, f.mtpd_breach), (c.rto, f.rto_breach)):
            assert breach == (limit is not None and (never or disruption > limit))
        plan = c.continuity
        activated = plan is not None and (never or disruption > plan.activation)
        assert f.activated == activated
        if activated:
            at = spans[0].down + plan.activation
            assert f.activated_at == at
            running = None if never else spans[-1].back - at
            assert f.outlasted == (plan.sustainable is not None
                                   and (running is None or running > plan.sustainable))
        expected = None if never else c.weight * f.down_time / 3600
        assert f.impact == (0.0 if never and c.weight == 0 else expected)
    impacts = [f.impact for f in column.functions]
    assert column.impact == (None if None in impacts else sum(impacts))
    # the CSV: one row per function down, its minutes the JSON's, no cell a formula
    rows = list(csv.DictReader(io.StringIO(get_format("csv").bia(result))))
    data = json.loads(get_format("json").bia(result))["scenarios"][0]["functions"]
    assert [r["function"] for r in rows] == [f.id for f in column.down]
    for row in rows:
        assert tuple(row) == CSV_COLUMNS
        cell = data[row["function"]]
        for key in ("first_down_minutes", "back_minutes", "disruption_minutes",
                    "down_minutes"):
            assert row[key] == ("" if cell[key] is None else str(cell[key]))
        assert row["mtpd_breach"] == str(int(cell["mtpd_breach"]))
        assert not any(v[:1] in "=+-@" for v in row.values() if v and not _number(v))
    assert get_format("text").bia(result)
    # the Markdown tables: every row as many cells as its header, whatever a procedure
    # says (a '|' in it stays inside its cell)
    rows = [line for line in get_format("markdown").bia(result).splitlines()
            if line.startswith("|")]
    assert len({_cells(line) for line in rows}) <= 1, rows


def _cells(line: str) -> int:
    """The cell separators of a Markdown table row: '|' after an even run of '\\'."""
    return len(re.findall(r"(?<!\\)(?:\\\\)*\|", line))


def _number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


def test_the_hospital_groups_day():
    """The hosting provider's power: every hospital's care, emergency and telephony
    breach their MTPD; messaging stays within its 3 days; the paper procedures of care
    and emergency run out before the applications come back."""
    from depgraph import load_inventory

    hospital = load_inventory("inventories/hospital-group.yaml")
    (day,) = business_impact(hospital, [hospital.scenarios["hostco-power"]]).scenarios
    assert len(day.down) == 152
    kinds = {f.id.split("-", 1)[1] for f in day.functions if f.mtpd_breach}
    assert kinds == {"care", "emergency", "telephony"} and len(day.mtpd_breaches) == 114
    outlasted = {f.id.split("-", 1)[1] for f in day.functions if f.outlasted}
    assert outlasted == {"care", "emergency"}
    emergency = next(f for f in day.functions if f.id == "h01-emergency")
    assert emergency.activated_at == emergency.first_down + 15 * 60
    assert emergency.disruption == (3 * 24 + 11) * 3600 + 30 * 60


def test_the_library_is_every_scenario_then_every_provider_and_location_loss():
    from depgraph import load_inventory

    hospital = load_inventory("inventories/hospital-group.yaml")
    columns = library(hospital)
    kinds = [c.kind for c in columns]
    assert kinds == sorted(kinds, key=["scenario", "provider", "location"].index)
    assert kinds.count("scenario") == len(hospital.scenarios)
    assert kinds.count("provider") == len(hospital.providers)
    places = {c.located_in for c in hospital.components.values() if c.located_in}
    assert {c.scenario.id for c in columns if c.kind == "location"} == places
    result = business_impact(hospital, [c for c in columns if c.kind != "location"])
    worst = result.worst()
    assert worst.scenario.id == "grid-outage"
    assert all(isinstance(c, Column) for c in columns)


def test_weights_rank_the_heaviest_loss_first_in_spof_and_in_the_report():
    """The airport: the substation's hall closes the terminal (weight 100), each of two
    small rooms takes down two kiosks (weight 1 each). Counted, the rooms come first;
    weighed, the substation does, in the SPOF ranking and as the report's worst loss."""
    from depgraph.analysis.governance import governance_report
    from depgraph.analysis.spof import single_points_of_failure
    from tests.strategies import build

    def site(ident, **keys):
        return {"id": ident, "type": "site", **keys}

    spec = {"name": "airport", "providers": [], "components": [
        site("substation-hall"), site("room-a"), site("room-b"),
        {"id": "terminal", "type": "business", "located_in": "substation-hall",
         "criticality": "critical", "weight": 100},
        *({"id": f"kiosk-{room}{n}", "type": "business", "located_in": f"room-{room}",
           "criticality": "critical"} for room in "ab" for n in (1, 2))]}
    airport = build(spec)
    ranked = [p.id for p in single_points_of_failure(airport).spofs if p.kind == "location"]
    assert ranked[0] == "substation-hall"
    assert governance_report(airport).worst.id == "substation-hall"
    from depgraph.formats.report_sentences import key_findings

    said = key_findings(governance_report(airport), str, str)
    assert any(line.startswith("The worst single loss is location substation-hall: 1 of 5 "
                               "targets down (weight 100 of 104)") for line in said), said
    light = build({**spec, "components": [
        {k: v for k, v in c.items() if k != "weight"} for c in spec["components"]]})
    assert [p.id for p in single_points_of_failure(light).spofs
            if p.kind == "location"][0] == "room-a"
    assert governance_report(light).worst.id == "room-a"

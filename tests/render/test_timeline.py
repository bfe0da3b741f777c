"""The restoration plan as an SVG timeline: valid, complete, readable and deterministic."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from depgraph import load_inventory
from depgraph.analysis.restore_plan import restore_plan
from depgraph.core.selectors import select_all
from depgraph.render import timeline_svg
from tests.helpers import HOSPITAL, WEBSHOP
from tests.strategies import build, restore_specs, shuffled, to_yaml

SVG = "{http://www.w3.org/2000/svg}"
RED = "#d62728"


def parse(svg: str) -> ET.Element:
    assert svg.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg ')
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg" and root.get("version") == "1.1"
    return root


def classes(element: ET.Element) -> list[str]:
    return element.get("class", "").split()


def having(root: ET.Element, name: str, tag: str | None = None) -> list[ET.Element]:
    """The elements (of that tag) of class ``name``."""
    return [e for e in root.iter(None if tag is None else f"{SVG}{tag}")
            if name in classes(e)]


def title(element: ET.Element) -> str:
    found = element.find(f"{SVG}title")
    assert found is not None, f"no title on {element.tag} {element.attrib}"
    return found.text or ""


def row_ids(row: ET.Element) -> list[str]:
    """The ids a row holds, from its tooltip: ``id — name (...)`` or ``N × type: a, b``."""
    first = title(row).splitlines()[0]
    if re.match(r"\d+ \u00d7 ", first):
        listed = first.split(": ", 1)[1]
        assert "\u2026" not in listed, "too many ids to check"
        return listed.split(", ")
    return [first.split(" ")[0]]


def bars(row: ET.Element) -> list[ET.Element]:
    return [e for e in row.iter(f"{SVG}rect") if "bar" in classes(e)]


def time_axis(root: ET.Element):
    """Seconds -> x, from the tick labels (``0`` and the last one)."""
    ticks: dict[str, float] = {}
    for text in having(root, "tick", "text"):
        ticks.setdefault(text.text, float(text.get("x")))
    origin = ticks.pop("0")
    label, x = max(ticks.items(), key=lambda item: item[1])
    seconds = sum(int(n) * {"m": 60, "h": 3600, "d": 86400}[u]
                  for n, u in re.findall(r"(\d+)([dhm])", label))
    return lambda t: origin + (x - origin) * t / seconds


def webshop():
    inventory = load_inventory(WEBSHOP)
    return restore_plan(inventory, ["zone-a"]), inventory


def inventory(*components):
    return build({"name": "t", "providers": [], "components": list(components)})


def test_the_picture_is_a_standalone_svg_of_a_fixed_width():
    plan, inv = webshop()
    svg = timeline_svg(plan, inv)
    root = parse(svg)
    assert 'xmlns="http://www.w3.org/2000/svg"' in svg
    assert root.get("width") == "1200"
    height = int(root.get("height"))
    assert root.get("viewBox") == f"0 0 1200 {height}"
    # Tall enough for the rows, and no taller than a page needs.
    assert 20 * len(plan.steps) < height < 20 * len(plan.steps) + 400
    assert root.get("font-family") == "sans-serif"
    background = root.find(f"{SVG}rect")
    assert classes(background) == ["background"] and background.get("fill") == "#ffffff"
    assert title(root).startswith("Restoration plan \u2014 9 components back in 6h15m")
    # Hourly ticks, up to the first one after the total.
    ticks = [t.text for t in having(root, "tick", "text")][::2]
    assert ticks == ["0", "1h", "2h", "3h", "4h", "5h", "6h", "7h"]


def test_every_step_has_one_row_with_one_bar_from_its_start_to_its_end():
    plan, inv = webshop()
    root = parse(timeline_svg(plan, inv))
    rows = having(root, "row", "g")
    x = time_axis(root)
    seen: list[str] = []
    for row in rows:
        [bar] = bars(row)
        ids = row_ids(row)
        seen.extend(ids)
        steps = {plan.step(i) for i in ids}
        assert len({(s.start, s.end) for s in steps}) == 1
        step = steps.pop()
        assert float(bar.get("x")) == pytest.approx(x(step.start), abs=0.15)
        assert float(bar.get("x")) + float(bar.get("width")) == pytest.approx(
            max(x(step.end), x(step.start) + 2), abs=0.21)
    assert sorted(seen) == sorted(s.id for s in plan.steps)
    # Rows in time order.
    starts = [plan.step(row_ids(r)[0]).start for r in rows]
    assert starts == sorted(starts)
    labels = [r.find(f"{SVG}text").text for r in rows]
    assert "Cloudy zone A" in labels and "Orders database cluster" in labels


def test_the_critical_path_is_outlined_and_nothing_else_is():
    plan, inv = webshop()
    root = parse(timeline_svg(plan, inv))
    for row in having(root, "row", "g"):
        [bar] = bars(row)
        on_path = bool(set(row_ids(row)) & set(plan.critical_path))
        assert ("critical-path" in classes(bar)) == on_path
        assert (float(bar.get("stroke-width", 0)) >= 2) == on_path


def test_rto_ticks_sit_at_the_rto_and_are_red_exactly_when_breached():
    plan, inv = webshop()
    assert plan.rto_breaches == ("checkout", "db-cluster", "web-a")
    root = parse(timeline_svg(plan, inv))
    x = time_axis(root)
    red = set()
    for row in having(root, "row", "g"):
        [ident] = row_ids(row)
        ticks = [e for e in row.iter() if "rto-tick" in classes(e)]
        check = next((c for c in plan.rto if c.id == ident), None)
        if check is None:
            assert ticks == [], ident
            continue
        [tick] = ticks
        if check.rto > plan.total * 1.2:
            # Beyond the axis (order-fulfilment's 1d): an arrow head past its end.
            assert ident == "order-fulfilment" and tick.tag == f"{SVG}polygon"
            assert "beyond" in classes(tick) and "RTO 1d met" in title(tick)
            assert min(float(p.split(",")[0]) for p in tick.get("points").split()) > x(
                plan.total)
        else:
            middle = float(tick.get("x")) + float(tick.get("width")) / 2
            assert middle == pytest.approx(x(check.rto), abs=0.2)
        assert ("breached" in classes(tick)) == check.breached
        assert (tick.get("fill") == RED) == check.breached
        assert "breached" in title(tick) if check.breached else "met" in title(tick)
        if check.breached:
            red.add(ident)
    assert red == set(plan.rto_breaches)


def test_the_same_plan_gives_the_same_bytes_whatever_the_order_of_the_inventory():
    spec = {"name": "t", "providers": [], "components": [
        {"id": "power", "type": "power", "restore": "1h"},
        {"id": "net", "type": "network", "restore": "30m", "depends_on": ["power"],
         "team": "t0"},
        {"id": "san", "type": "storage", "restore": "30m", "depends_on": ["power"],
         "team": "t0", "rto": "1h"},
        {"id": "db", "type": "database", "restore": "1h", "depends_on": ["net", "san"],
         "criticality": "critical"},
        {"id": "app-1", "type": "application", "restore": "5m", "depends_on": ["db"]},
        {"id": "app-2", "type": "application", "restore": "5m", "depends_on": ["db"]},
        {"id": "app-3", "type": "application", "restore": "5m", "depends_on": ["db"]},
    ]}
    svgs = set()
    for seed in range(4):
        inv = build(shuffled(spec, seed) if seed else spec)
        plan = restore_plan(inv, ["power"], teams={"t0": 1})
        svgs.add(timeline_svg(plan, inv))
        svgs.add(timeline_svg(plan, inv))
    [svg] = svgs
    # Two applications off the critical path come back together: one row, by type.
    assert "2 \u00d7 application" in svg
    # No coordinate with a long tail.
    root = parse(svg)
    for element in root.iter():
        for name, value in element.attrib.items():
            assert not re.search(r"\d\.\d\d", value), (element.tag, name, value)


@given(restore_specs(teams=2), st.data())
def test_random_plans_render_every_step_and_every_component_that_never_comes_back(spec, data):
    ids = sorted(c["id"] for c in spec["components"])
    initial = data.draw(st.lists(st.sampled_from(ids), min_size=1, max_size=3, unique=True))
    teams = data.draw(st.sampled_from([None, {"t0": 1}]))
    if teams and not any(c.get("team") == "t0" for c in spec["components"]):
        teams = None
    inv = build(spec)
    plan = restore_plan(inv, initial, teams=teams)
    svg = timeline_svg(plan, inv)
    root = parse(svg)
    assert timeline_svg(restore_plan(build(shuffled(spec, 1)), initial, teams=teams),
                        build(shuffled(spec, 1))) == svg
    rows = having(root, "row", "g")
    never = [r for r in rows if "never" in classes(r)]
    assert sorted(i for r in rows if r not in never for i in row_ids(r)) == \
        sorted(s.id for s in plan.steps)
    assert sorted(i for r in never for i in row_ids(r)) == sorted(plan.unrestorable)
    assert all(len(bars(r)) == 1 for r in rows)
    assert len(having(root, "deadlock", "text")) == len(plan.deadlocks)
    waits = having(root, "wait", "rect")
    assert len(waits) == len([r for r in rows if any(
        plan.step(i) and plan.step(i).start > plan.step(i).ready for i in row_ids(r))])
    if not plan.steps and not plan.unrestorable:
        assert "Nothing to restore" in svg


def test_names_are_escaped(tmp_path):
    name = 'Billing <"prod"> & more'
    spec = {"name": "t", "providers": [], "components": [
        {"id": "power", "type": "power", "restore": "1h"},
        {"id": "billing", "name": name, "type": "application", "restore": "30m",
         "depends_on": ["power"]},
    ]}
    (tmp_path / "t.yaml").write_text(to_yaml(spec), encoding="utf-8")
    inv = load_inventory(tmp_path / "t.yaml")
    svg = timeline_svg(restore_plan(inv, ["power"]), inv)
    assert name not in svg and "<\"prod\">" not in svg
    assert "Billing &lt;&quot;prod&quot;&gt; &amp; more" in svg
    labels = [t.text for t in having(parse(svg), "label", "text")]
    assert labels == ["power", name]


def test_long_labels_are_cut_with_an_ellipsis(tmp_path):
    name = "A very long component name that goes on " * 3
    spec = {"name": "t", "providers": [], "components": [
        {"id": "power", "type": "power", "restore": "1h", "name": name}]}
    (tmp_path / "t.yaml").write_text(to_yaml(spec), encoding="utf-8")
    inv = load_inventory(tmp_path / "t.yaml")
    root = parse(timeline_svg(restore_plan(inv, ["power"]), inv))
    [label] = having(root, "label", "text")
    assert label.text.endswith("\u2026") and len(label.text) <= 44
    assert name.startswith(label.text[:-1].rstrip())
    # The whole name is still in the tooltip.
    assert name.strip() in title(having(root, "row", "g")[0])


def test_components_in_a_deadlock_never_come_back_and_the_note_says_what_to_start():
    inv = inventory(
        {"id": "power", "type": "power", "restore": "1h"},
        {"id": "dns", "type": "network", "restore": "10m", "depends_on": ["power", "ad"]},
        {"id": "ad", "type": "compute", "restore": "30m", "depends_on": ["power", "dns"],
         "rto": "2h"},
        {"id": "mail", "type": "application", "restore": "2h", "depends_on": ["ad"]},
    )
    plan = restore_plan(inv, ["power"])
    assert plan.unrestorable == ("ad", "dns", "mail")
    svg = timeline_svg(plan, inv)
    root = parse(svg)
    assert title(root).endswith("1 component back in 1h; 3 never back")
    rows = having(root, "row", "g")
    never = [r for r in rows if "never" in classes(r)]
    # The deadlock first, then what it keeps down; in type order.
    assert [row_ids(r) for r in never] == [["dns"], ["ad"], ["mail"]]
    assert [row_ids(r) for r in rows if r not in never] == [["power"]]
    grid = [float(line.get("x1")) for line in root.iter(f"{SVG}line")
            if line.get("stroke") == "#e1e4e8"]
    x = time_axis(root)
    for row in never:
        [bar] = bars(row)
        assert bar.get("fill") == "url(#never-hatch)"
        assert float(bar.get("x")) == pytest.approx(x(0), abs=0.15)
        assert float(bar.get("x")) + float(bar.get("width")) == pytest.approx(max(grid))
        assert any((t.text or "").startswith("never back") for t in row.iter(f"{SVG}text"))
    # ad's RTO can only be breached.
    [tick] = having(never[1], "rto-tick")
    assert tick.get("fill") == RED and "breached" in classes(tick)
    [note] = having(root, "deadlock", "text")
    assert "".join(note.itertext()).endswith(
        "Deadlock: ad \u2194 dns \u2014 start ad by hand first; it also keeps mail down")
    assert "mail" in title(note)
    assert having(root, "deadlocks", "g")[0].find(f"{SVG}rect").get("stroke") == RED


def test_waiting_for_a_team_is_drawn_between_ready_and_start():
    inv = inventory(
        {"id": "power", "type": "power", "restore": "1h"},
        {"id": "web", "type": "application", "restore": "2h", "depends_on": ["power"],
         "team": "t0"},
        {"id": "api", "type": "application", "restore": "1h", "depends_on": ["power"],
         "team": "t0"},
    )
    plan = restore_plan(inv, ["power"], teams={"t0": 1})
    root = parse(timeline_svg(plan, inv))
    x = time_axis(root)
    [waiting] = [s for s in plan.steps if s.start > s.ready]
    [wait] = having(root, "wait", "rect")
    assert float(wait.get("x")) == pytest.approx(x(waiting.ready), abs=0.15)
    assert float(wait.get("x")) + float(wait.get("width")) == pytest.approx(
        x(waiting.start), abs=0.21)
    [row] = [r for r in having(root, "row", "g") if waiting.id in row_ids(r)]
    assert wait in list(row.iter()) and "waited 2h for its team" in title(row)
    assert waiting.waited == 2 * 3600


def test_the_hospital_plan_stays_readable_and_shows_when_power_and_services_are_back():
    inv = load_inventory(HOSPITAL)
    plan = restore_plan(inv, select_all(inv, ["provider:hostco,type:power"]), repair=3 * 3600)
    svg = timeline_svg(plan, inv)
    root = parse(svg)
    rows = having(root, "row", "g")
    assert len(plan.steps) > 200 and len(rows) < 120
    assert all(len(bars(r)) == 1 for r in rows)
    x = time_axis(root)
    power_back = max(plan.step(i).end for i in plan.initial)
    assert power_back == 3 * 3600
    [first] = having(root, "first-back", "g")
    [last] = having(root, "last-back", "g")
    assert float(first.find(f"{SVG}line").get("x1")) == pytest.approx(x(power_back), abs=0.15)
    assert float(last.find(f"{SVG}line").get("x1")) == pytest.approx(x(plan.total), abs=0.15)
    assert title(first) == "power back \u00b7 3h"
    assert title(last).startswith("last service back \u00b7 3d11h30m")
    # Hours would be unreadable over three days: the ticks are half days.
    ticks = [t.text for t in having(root, "tick", "text")]
    assert ticks[::2][:4] == ["0", "12h", "1d", "1d12h"]
    # The axis ends at the first tick after the total (3d11h30m).
    assert ticks[-2:] == ["4d", "4d"]
    # A group's tooltip lists its first ids.
    groups = [r for r in rows if re.match(r"\d+ \u00d7 business", r.find(f"{SVG}text").text)]
    assert groups and all("more" in title(g).splitlines()[0] for g in groups)
    # Every element says what it is.
    for element in root.iter(f"{SVG}g"):
        title(element)


def test_a_cold_start_has_no_marker_for_the_initial_failures():
    inv = inventory(
        {"id": "power", "type": "power", "restore": "1h"},
        {"id": "web", "type": "application", "restore": "2h", "depends_on": ["power"]},
    )
    root = parse(timeline_svg(restore_plan(inv, cold_start=True), inv))
    assert having(root, "first-back", "g") == [] and len(having(root, "last-back", "g")) == 1
    assert "Cold start" in "".join(root.itertext())


def test_an_empty_plan_says_there_is_nothing_to_restore():
    inv = inventory({"id": "power", "type": "power", "restore": "1h"})
    plan = restore_plan(inv, [])
    assert plan.steps == ()
    root = parse(timeline_svg(plan, inv))
    assert "Nothing to restore" in "".join(root.itertext())
    assert having(root, "row", "g") == [] and root.get("width") == "1200"

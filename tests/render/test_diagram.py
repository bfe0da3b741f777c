"""`depgraph render`: Graphviz diagrams through pydot and dot.

Golden DOT files (``tests/golden/render-*.dot``) pin the whole output; rewrite them with
``DEPGRAPH_UPDATE_GOLDEN=1 pytest tests/test_render_diagram.py`` and review the diff.
The SVG tests run the real Graphviz ``dot``; the missing-Graphviz tests hide it.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import re
import stat
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pydot
import pytest
import yaml
from click.testing import CliRunner, Result
from hypothesis import given, settings
from hypothesis import strategies as st

from depgraph import load_inventory
from depgraph.analysis.blast_radius import blast_radius
from depgraph.analysis.spof import single_points_of_failure
from depgraph.cli.commands.render import HINT_FROM, MAX_IMAGE_NODES, render_command
from depgraph.core.selectors import select_all
from depgraph.formats.inventory_yaml import inventory_yaml
from depgraph.render import graphviz
from depgraph.render.diagram import build_diagram, diagram_dot, neighbourhood, top_locations
from depgraph.render.graphviz import GraphvizError, GraphvizMissing, render_dot
from tests.helpers import ROOT
from tests.strategies import build, inventory_specs, shuffled
from tests.helpers import check_golden

WEBSHOP = "inventories/webshop.yaml"
HOSPITAL = "inventories/hospital-group.yaml"
BACKSTAGE = "inventories/joined-estate/estate/backstage.yaml"
SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"
HOSTCO_POWER = "provider:hostco,type:power"
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")  # pydot's parser
needs_dot = pytest.mark.skipif(graphviz.find_dot() is None,
                               reason="Graphviz's dot is not installed")

# Names that break naive DOT: quotes, backslashes (\N is a Graphviz escape), HTML and
# record-label specials, an entity, emoji and non-Latin scripts.
HOSTILE = {
    "mixed": '" \\ < > { } | & \U0001f525 é 中文',
    "record": "{a|<port> b} | c",
    "escapes": "C:\\Net\\G end\\",
    "markup": "<b>bold</b> &amp; é",
}
HOSTILE_YAML = {
    "name": 'Hostile "inventory" \\ <x>',
    "providers": [{"id": "evil", "name": 'Evil & "Co" <ltd> \\'}],
    "components": [
        {"id": "site-1", "type": "site", "name": "Site {1} | \"main\" \\"},
        {"id": "mixed", "type": "power", "name": HOSTILE["mixed"], "located_in": "site-1",
         "provider": "evil"},
        {"id": "record", "type": "power", "name": HOSTILE["record"], "located_in": "site-1"},
        {"id": "escapes", "type": "application", "name": HOSTILE["escapes"],
         "depends_on": [{"any": ["mixed", "record"]}], "provider": "evil"},
        {"id": "markup", "type": "business", "name": HOSTILE["markup"],
         "depends_on": ["escapes"], "criticality": "critical"},
    ],
}


# -- helpers -----------------------------------------------------------------------


@pytest.fixture(autouse=True)
def at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def render(*args: object, env: dict[str, str] | None = None) -> Result:
    """``depgraph render ARGS`` in-process (the command alone, as the main group adds it)."""
    return CliRunner().invoke(render_command, [str(a) for a in args], env=env,
                              catch_exceptions=False)


def dot_of(*args: object) -> str:
    result = render(*args)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return result.stdout


def unquote(name: str) -> str:
    return name[1:-1] if len(name) >= 2 and name[0] == name[-1] == '"' else name


class Parsed:
    """A DOT text parsed back by pydot: nodes (with their cluster) and edges."""

    def __init__(self, text: str):
        graphs = pydot.graph_from_dot_data(text)
        assert graphs and len(graphs) == 1, "the DOT text does not parse"
        self.graph = graphs[0]
        self.nodes: dict[str, dict[str, str]] = {}
        self.cluster: dict[str, str | None] = {}
        self.edges: list[tuple[str, str, dict[str, str]]] = []
        self.clusters: dict[str, dict[str, str]] = {}
        self._walk(self.graph, None)

    def _walk(self, graph, cluster: str | None) -> None:
        for node in graph.get_nodes():
            name = unquote(node.get_name())
            if name in ("node", "edge", "graph"):
                continue
            self.nodes[name] = node.get_attributes()
            self.cluster[name] = cluster
        for edge in graph.get_edges():
            self.edges.append((unquote(edge.get_source()), unquote(edge.get_destination()),
                               edge.get_attributes()))
        for sub in graph.get_subgraphs():
            name = unquote(sub.get_name())
            self.clusters[name] = sub.get_attributes()
            self._walk(sub, name)

    @property
    def drawn(self) -> dict[str, dict[str, str]]:
        """Nodes other than the legend's."""
        return {n: a for n, a in self.nodes.items() if not n.startswith("legend#")}

    @property
    def components(self) -> set[str]:
        return {n for n in self.drawn if "#" not in n}

    def visible_edges(self) -> list[tuple[str, str, dict[str, str]]]:
        return [e for e in self.edges if e[2].get("style") != "invis"]

    def label(self, name: str) -> str:
        """The text of a node's HTML label, tags dropped, entities kept."""
        return re.sub(r"<[^>]*>", " ", self.nodes[name]["label"][1:-1])


def svg_texts(svg: bytes) -> tuple[ET.Element, str]:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root, " ".join(e.text or "" for e in root.iter(f"{SVG}text"))


def node_texts(root: ET.Element) -> dict[str, str]:
    """Each SVG node group's title (the DOT node name) and its text, lines joined."""
    found = {}
    for group in root.iter(f"{SVG}g"):
        if group.get("class") != "node":
            continue
        title = group.find(f"{SVG}title").text
        found[title] = " ".join(e.text or "" for e in group.iter(f"{SVG}text"))
    return found


def reversed_yaml(source: Path, target: Path) -> Path:
    """The inventory with its components, requirements and group members reversed."""
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    data["components"].reverse()
    data["providers"].reverse()
    for component in data["components"]:
        component.get("depends_on", []).reverse()
        for entry in component.get("depends_on", []):
            if isinstance(entry, dict):
                for value in entry.values():
                    if isinstance(value, list):
                        value.reverse()
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                      encoding="utf-8")
    return target


def hide_dot(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A PATH on which there is no dot."""
    empty = tmp_path / "empty-bin"
    empty.mkdir(exist_ok=True)
    monkeypatch.setenv("PATH", str(empty))
    assert graphviz.find_dot() is None


def fake_dot(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, script: str) -> None:
    """A dot program on PATH that runs ``script`` (sh)."""
    folder = tmp_path / "fake-bin"
    folder.mkdir(exist_ok=True)
    program = folder / "dot"
    program.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    program.chmod(program.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ.get('PATH', '')}")


# -- golden files ------------------------------------------------------------------

GOLDEN_CASES = {
    "render-webshop.dot": (WEBSHOP,),
    "render-webshop-fail-zone-a.dot": (WEBSHOP, "--fail", "zone-a"),
    "render-webshop-spof-by-provider.dot": (WEBSHOP, "--highlight", "spof",
                                            "--cluster-by", "provider"),
    "render-hospital-collapse-type.dot": (HOSPITAL, "--collapse", "type"),
    "render-hospital-focus-pacs.dot": (HOSPITAL, "--focus", "pacs", "--depth", "2",
                                       "--direction", "up", "--fail", HOSTCO_POWER),
}


@pytest.mark.parametrize("name", sorted(GOLDEN_CASES))
def test_golden_dot(name):
    text = dot_of(*GOLDEN_CASES[name])
    Parsed(text)  # it parses
    assert str(ROOT) not in text and tempfile.gettempdir() not in text  # no machine path
    check_golden(name, text)


def test_dot_is_byte_identical_for_a_shuffled_inventory(tmp_path):
    for source, args in ((WEBSHOP, ("--fail", "zone-a", "--highlight", "spof")),
                         (WEBSHOP, ("--cluster-by", "provider", "--focus", "db-cluster")),
                         (HOSPITAL, ("--collapse", "location", "--fail", HOSTCO_POWER,
                                     "--highlight", "spof"))):
        shuffled_path = reversed_yaml(ROOT / source, tmp_path / "shuffled.yaml")
        first, second = dot_of(source, *args), dot_of(shuffled_path, *args)
        assert first == second, f"{source} {args}: the order of the inventory leaks"


@settings(max_examples=40, deadline=None)
@given(spec=inventory_specs(max_size=8), seed=st.integers(0, 2**16),
       cluster_by=st.sampled_from(["location", "provider", "system", "none"]),
       collapse=st.sampled_from([None, "type", "provider", "location"]))
def test_dot_ignores_the_order_of_random_inventories(spec, seed, cluster_by, collapse):
    first, second = build(spec), build(shuffled(spec, seed))
    fail = sorted(first.components)[:1]
    options = dict(cluster_by=cluster_by, collapse=collapse)
    text = diagram_dot(first, scenario=blast_radius(first, fail),
                       spofs=single_points_of_failure(first), **options)
    assert text == diagram_dot(second, scenario=blast_radius(second, fail),
                               spofs=single_points_of_failure(second), **options)
    parsed = Parsed(text)
    if collapse is None:
        assert parsed.components == set(first.components)


# -- SVG through the real dot ------------------------------------------------------


@needs_dot
def test_svg_parses_and_names_every_component(tmp_path):
    target = tmp_path / "webshop.svg"
    result = render(WEBSHOP, "-o", target, "--fail", "zone-a", "--highlight", "spof")
    assert result.exit_code == 0, result.output
    assert "drew 21 components" in result.stderr
    root, _ = svg_texts(target.read_bytes())
    texts = node_texts(root)
    inventory = load_inventory(WEBSHOP)
    for ident, component in inventory.components.items():
        assert ident in texts, f"no node for {ident}"
        assert component.label in texts[ident], (component.label, texts[ident])


@needs_dot
@pytest.mark.parametrize("fmt, magic", [("png", b"\x89PNG\r\n\x1a\n"), ("pdf", b"%PDF-")])
def test_png_and_pdf_by_extension(tmp_path, fmt, magic):
    target = tmp_path / f"shop.{fmt}"
    result = render(WEBSHOP, "-o", target, "--focus", "checkout", "--depth", "1")
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(magic)
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary left


def test_format_option_overrides_the_extension(tmp_path):
    target = tmp_path / "shop.svg"
    result = render(WEBSHOP, "-o", target, "--format", "dot")
    assert result.exit_code == 0
    assert target.read_text(encoding="utf-8").startswith('digraph "depgraph" {')
    gv = tmp_path / "shop.gv"
    assert render(WEBSHOP, "-o", gv).exit_code == 0
    assert gv.read_text(encoding="utf-8") == target.read_text(encoding="utf-8")


def test_an_unknown_extension_is_a_usage_error(tmp_path):
    result = render(WEBSHOP, "-o", tmp_path / "shop.jpg")
    assert result.exit_code == 2
    assert "--format" in result.stderr and not (tmp_path / "shop.jpg").exists()


@needs_dot
def test_hostile_labels_reach_the_svg_exactly(tmp_path):
    path = tmp_path / "hostile.yaml"
    path.write_text(yaml.safe_dump(HOSTILE_YAML, allow_unicode=True), encoding="utf-8")
    for args in ((), ("--cluster-by", "provider", "--fail", "mixed", "--highlight", "spof"),
                 ("--collapse", "provider")):
        text = dot_of(path, *args)
        Parsed(text)
        svg = render_dot(text, "svg")  # dot accepts it (it raises otherwise)
        root, everything = svg_texts(svg)
        if "--collapse" in args:
            assert 'Evil & "Co" <ltd> \\' in everything  # a group's label
            continue
        texts = node_texts(root)
        for ident, name in HOSTILE.items():
            assert name in texts[ident], (name, texts[ident])
        assert 'Hostile "inventory" \\ <x>' in everything  # the title
        tooltips = [a.get(f"{XLINK}title", "") for a in root.iter(f"{SVG}a")]
        assert any(t.startswith("escapes: application") for t in tooltips)
        if "provider" in args:
            assert 'Evil & "Co" <ltd> \\' in everything  # a cluster label
        else:
            assert 'Site {1} | "main" \\' in everything


# -- what the diagram shows --------------------------------------------------------


def test_arrows_go_from_the_dependency_to_the_dependent_left_to_right():
    parsed = Parsed(dot_of(WEBSHOP))
    assert parsed.graph.get_attributes()["rankdir"] == "LR"
    edges = {(s, t) for s, t, _ in parsed.visible_edges()}
    assert ("zone-a", "web-a") in edges and ("lb", "storefront") in edges
    assert ("payments", "checkout") in edges
    located = [a for s, t, a in parsed.edges if (s, t) == ("zone-a", "web-a")]
    assert located[0]["style"] == "dashed"


def test_the_db_cluster_quorum_is_a_2_of_3_junction():
    parsed = Parsed(dot_of(WEBSHOP))
    junctions = [n for n in parsed.drawn if n.startswith("db-cluster#")]
    assert len(junctions) == 1
    junction = junctions[0]
    assert parsed.label(junction).strip() == "2 of 3"
    edges = {(s, t) for s, t, _ in parsed.visible_edges()}
    assert {(m, junction) for m in ("db-1", "db-2", "db-3")} <= edges
    assert (junction, "db-cluster") in edges
    assert not {("db-1", "db-cluster"), ("db-2", "db-cluster")} & edges
    storefront = [n for n in parsed.drawn if n.startswith("storefront#")]
    assert [parsed.label(n).strip() for n in storefront] == ["any 1 of 2"]


def test_clusters_hold_each_top_level_location():
    inventory = load_inventory(HOSPITAL)
    tops = top_locations(inventory)
    assert tops["h01-care"] == "h01" and tops["h01"] == "h01"
    assert tops["mail-1"] == "dc-hostco" and tops["messaging"] is None
    parsed = Parsed(dot_of(WEBSHOP))
    zone_a = {n for n, c in parsed.cluster.items() if c and n in parsed.components
              and parsed.cluster[n] == parsed.cluster["zone-a"]}
    assert zone_a == {"zone-a", "web-a", "cache-a", "db-1", "db-3"}
    assert parsed.cluster["lb"] is None and parsed.cluster["checkout"] is None
    titles = [a["label"] for a in parsed.clusters.values()]
    assert any("Cloudy zone B" in t for t in titles)


def test_cluster_by_provider_and_none():
    parsed = Parsed(dot_of(WEBSHOP, "--cluster-by", "provider"))
    assert parsed.cluster["db-1"] == parsed.cluster["lb"] is not None
    assert parsed.cluster["storefront"] is None
    assert any("Cloudy (public cloud)" in a["label"] for a in parsed.clusters.values())
    flat = Parsed(dot_of(WEBSHOP, "--cluster-by", "none"))
    assert set(flat.clusters) == {"cluster_legend"}


def test_cluster_by_system_boxes_the_backstage_systems():
    parsed = Parsed(dot_of(BACKSTAGE, "--cluster-by", "system"))
    podcast = parsed.cluster["component/podcast-api"]
    assert podcast is not None and parsed.cluster["component/queue-proxy"] == podcast
    assert parsed.cluster["component/www-artist"] == parsed.cluster["resource/artists-db"]
    assert parsed.cluster["component/www-artist"] not in (None, podcast)
    assert parsed.cluster["component/searcher"] is None  # no spec.system
    assert parsed.cluster["system/podcast"] == podcast  # the system in its own box
    assert "podcast" in parsed.clusters[podcast]["label"]  # titled by the system's label
    assert "grouped by system" in parsed.graph.to_string()


def test_the_legend_lists_only_the_types_drawn():
    parsed = Parsed(dot_of(WEBSHOP))
    types = {n.split("#")[-1] for n in parsed.nodes if n.startswith("legend#type#")}
    assert types == {c.type for c in load_inventory(WEBSHOP).components.values()}
    assert not any(n.startswith("legend#state#") for n in parsed.nodes)
    shapes = {parsed.nodes[f"legend#type#{t}"]["shape"] for t in types}
    assert len(shapes) == len(types)  # one shape per type
    assert {parsed.cluster[n] for n in parsed.nodes if n.startswith("legend#")} == {
        "cluster_legend"}


def test_a_scenario_fills_each_state_distinctly():
    inventory = load_inventory(WEBSHOP)
    result = blast_radius(inventory, ["zone-a"])
    parsed = Parsed(dot_of(WEBSHOP, "--fail", "zone-a"))
    fills = {n: parsed.drawn[n]["fillcolor"] for n in parsed.components}
    initial = {fills[i] for i in result.initial}
    failed = {fills[i] for i in result.failed if i not in result.initial}
    degraded = {fills[i] for i in result.degraded}
    works = {fills[i] for i in inventory.components
             if i not in result.failed and i not in result.degraded}
    assert all(len(s) == 1 for s in (initial, failed, degraded, works))
    assert len(initial | failed | degraded | works) == 4
    legend = {n.rsplit("#", 1)[1]: a["fillcolor"] for n, a in parsed.nodes.items()
              if n.startswith("legend#state#")}
    assert legend == {"initial": initial.pop(), "failed": failed.pop(),
                      "degraded": degraded.pop(), "ok": works.pop()}
    assert "FAILS" in parsed.label("checkout") and "DEGRADED" in parsed.label("storefront")
    assert "Scenario: zone-a fails" in parsed.graph.get_attributes()["label"]


def test_highlight_spof_marks_exactly_the_single_points_of_failure():
    inventory = load_inventory(WEBSHOP)
    report = single_points_of_failure(inventory)
    expected = {s.id for s in report.spofs if s.kind != "provider"}
    assert expected  # zone-a, lb, order-queue, dns, payments, ...
    parsed = Parsed(dot_of(WEBSHOP, "--highlight", "spof"))
    marked = {n for n in parsed.components if parsed.drawn[n].get("penwidth") == "4"}
    assert marked == expected
    for ident in expected:
        assert "SPOF" in parsed.label(ident)
        assert parsed.drawn[ident]["color"] == '"#d1242f"'
    for ident in parsed.components - expected:
        assert "SPOF" not in parsed.label(ident)
    title = parsed.graph.get_attributes()["label"]
    assert "providers: cloudy, dnsco, payco" in title
    assert "zone-a" in expected and parsed.cluster["zone-a"] is not None
    zone = parsed.clusters[parsed.cluster["zone-a"]]
    assert zone["penwidth"] == "3" and "SPOF" in zone["label"]


def test_collapse_type_counts_each_type():
    inventory = load_inventory(HOSPITAL)
    parsed = Parsed(dot_of(HOSPITAL, "--collapse", "type"))
    counts = Counter(c.type for c in inventory.components.values())
    assert set(parsed.drawn) == {f"type#{t}" for t in counts}
    for kind, count in counts.items():
        assert f"{count} \u00d7 {kind}" in parsed.label(f"type#{kind}")
    assert "38 \u00d7 site" in parsed.label("type#site")
    pairs = [(s, t) for s, t, _ in parsed.visible_edges()]
    assert len(pairs) == len(set(pairs)), "edges between groups are deduplicated"
    assert all(s != t for s, t in pairs)
    assert ("type#power", "type#datacenter") in pairs
    assert ("type#application", "type#business") in pairs


def test_collapse_location_shows_the_worst_state_inside():
    inventory = load_inventory(HOSPITAL)
    initial = select_all(inventory, [HOSTCO_POWER])
    result = blast_radius(inventory, initial)
    parsed = Parsed(dot_of(HOSPITAL, "--collapse", "location", "--fail", HOSTCO_POWER))
    assert len(parsed.drawn) == 38 + 2 + 1  # hospitals, two datacenters, the rest
    hospital = parsed.label("location#h01")
    assert "Valmont-sur-Lys" in hospital and "12 components" in hospital
    failing = sum(1 for c in inventory.components if c in set(result.failed)
                  and top_locations(inventory)[c] == "h01")
    assert f"{failing} of 12 fail" in hospital
    assert parsed.drawn["location#h01"]["fillcolor"] == '"#f28b82"'  # fails: the worst
    assert parsed.drawn["location#dc-group"]["fillcolor"] == '"#e6f4ea"'  # all work
    assert "initially" in parsed.label("location#")  # the hostco power chain
    assert parsed.drawn["location#"]["fillcolor"] == '"#8e1b1b"'


def test_collapse_provider():
    parsed = Parsed(dot_of(WEBSHOP, "--collapse", "provider", "--highlight", "spof"))
    assert set(parsed.drawn) == {"provider#cloudy", "provider#dnsco", "provider#payco",
                                 "provider#"}
    cloudy = sum(1 for c in load_inventory(WEBSHOP).components.values()
                 if c.provider == "cloudy")
    assert f"{cloudy} components" in parsed.label("provider#cloudy")
    assert "SPOF provider" in parsed.label("provider#payco")
    assert "no provider" in parsed.label("provider#")


def test_focus_depth_and_direction():
    inventory = load_inventory(WEBSHOP)
    assert neighbourhood(inventory, "db-cluster", 0) == ("db-cluster",)
    assert neighbourhood(inventory, "db-cluster", 1, "up") == ("db-1", "db-2", "db-3",
                                                               "db-cluster")
    assert neighbourhood(inventory, "db-cluster", 1, "down") == ("checkout", "db-cluster",
                                                                 "order-worker")
    assert neighbourhood(inventory, "db-cluster", 2, "down") == (
        "checkout", "db-cluster", "order-fulfilment", "order-worker")
    both = set(neighbourhood(inventory, "db-cluster"))
    assert both == {"db-cluster", "db-1", "db-2", "db-3", "zone-a", "zone-b", "checkout",
                    "order-worker", "order-fulfilment"}
    parsed = Parsed(dot_of(WEBSHOP, "--focus", "db-cluster", "--depth", "1",
                           "--direction", "down"))
    assert parsed.components == {"checkout", "db-cluster", "order-worker"}
    assert parsed.drawn["db-cluster"]["peripheries"] == "2"
    parsed = Parsed(dot_of(WEBSHOP, "--focus", "db-cluster"))
    assert parsed.components == both
    assert not any(n.startswith("storefront") for n in parsed.drawn)


def test_a_focus_keeps_the_group_labels_of_partly_drawn_groups():
    parsed = Parsed(dot_of(WEBSHOP, "--focus", "db-1", "--depth", "1", "--direction",
                           "down"))
    assert parsed.components == {"db-1", "db-cluster"}
    junction = next(n for n in parsed.drawn if n.startswith("db-cluster#"))
    assert parsed.label(junction).strip() == "2 of 3"  # the group, not what is drawn


def test_bad_options_exit_2():
    for args, message in (((WEBSHOP, "--focus", "db-clustr"), "did you mean 'db-cluster'"),
                          ((WEBSHOP, "--depth", "3"), "--focus"),
                          ((WEBSHOP, "--fail", "zone-c"), "zone-c"),
                          ((WEBSHOP, "--collapse", "team"), "team")):
        result = render(*args)
        assert result.exit_code == 2, args
        assert message in result.stderr and "Traceback" not in result.output


# -- large estates -----------------------------------------------------------------


def test_a_large_picture_gets_a_hint_on_stderr():
    result = render(HOSPITAL)
    assert result.exit_code == 0
    assert result.stdout.startswith('digraph "depgraph" {')
    assert "517 nodes" in result.stderr and "--collapse" in result.stderr
    assert HINT_FROM < 517
    for args in (("--collapse", "type"), ("--focus", "pacs")):
        quiet = render(HOSPITAL, *args)
        assert quiet.exit_code == 0 and "hint" not in quiet.stderr


@pytest.fixture(scope="module")
def synthetic_path(tmp_path_factory) -> Path:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from synthetic import synthetic_inventory
    finally:
        sys.path.remove(str(ROOT / "bench"))
    path = tmp_path_factory.mktemp("synthetic") / "estate.yaml"
    path.write_text(inventory_yaml(synthetic_inventory(3000)), encoding="utf-8")
    return path


def test_images_of_more_than_2000_nodes_need_force(synthetic_path, tmp_path, monkeypatch):
    target = tmp_path / "estate.svg"
    result = render(synthetic_path, "-o", target)
    assert result.exit_code == 2
    assert f"more than {MAX_IMAGE_NODES:,}" in result.stderr
    assert "--collapse" in result.stderr and "--focus" in result.stderr
    assert "--force" in result.stderr and not target.exists()
    # DOT has no such limit, and --force lets the image through (dot itself stubbed)
    assert render(synthetic_path, "-o", tmp_path / "estate.dot").exit_code == 0
    monkeypatch.setattr(graphviz, "render_dot", lambda text, fmt, timeout: b"<svg/>")
    assert render(synthetic_path, "-o", target, "--force").exit_code == 0
    assert target.read_bytes() == b"<svg/>"


@needs_dot
def test_a_collapsed_large_estate_renders(synthetic_path, tmp_path):
    target = tmp_path / "estate.svg"
    result = render(synthetic_path, "-o", target, "--collapse", "type", "--fail", "dc0")
    assert result.exit_code == 0, result.output
    root, text = svg_texts(target.read_bytes())
    assert "\u00d7 business" in text


def test_a_slow_dot_is_stopped_with_a_clear_message(tmp_path, monkeypatch):
    fake_dot(monkeypatch, tmp_path, "cat >/dev/null; sleep 20")  # a child holds the pipes
    target = tmp_path / "shop.svg"
    target.write_text("previous", encoding="utf-8")
    result = render(WEBSHOP, "-o", target, "--timeout", "0.3")
    assert result.exit_code == 2
    assert "longer than 0.3 s" in result.stderr and "--collapse" in result.stderr
    assert target.read_text(encoding="utf-8") == "previous"  # never partial


def test_a_failing_dot_says_why(tmp_path, monkeypatch):
    fake_dot(monkeypatch, tmp_path, "cat >/dev/null; echo 'Error: syntax error in line 3' >&2; "
                                    "exit 1")
    with pytest.raises(GraphvizError, match="syntax error in line 3"):
        render_dot("digraph {}", "svg")
    result = render(WEBSHOP, "-o", tmp_path / "shop.png")
    assert result.exit_code == 2 and "syntax error in line 3" in result.stderr
    assert not (tmp_path / "shop.png").exists()


# -- without Graphviz --------------------------------------------------------------


def test_without_graphviz_images_fail_clearly_and_dot_still_works(tmp_path, monkeypatch):
    hide_dot(monkeypatch, tmp_path)
    with pytest.raises(GraphvizMissing, match="apt-get install graphviz"):
        render_dot("digraph {}", "svg")
    for fmt in ("svg", "png", "pdf"):
        target = tmp_path / f"shop.{fmt}"
        result = render(WEBSHOP, "-o", target)
        assert result.exit_code == 2
        assert "apt-get install graphviz" in result.stderr
        assert "brew install graphviz" in result.stderr
        assert "Traceback" not in result.output and not target.exists()
    assert dot_of(WEBSHOP) == diagram_dot(load_inventory(WEBSHOP))
    target = tmp_path / "shop.dot"
    assert render(WEBSHOP, "-o", target).exit_code == 0
    assert target.read_text(encoding="utf-8").startswith('digraph "depgraph" {')


# -- the Python API ----------------------------------------------------------------


def test_diagram_dot_api_for_the_report():
    inventory = load_inventory(WEBSHOP)
    text = diagram_dot(inventory, scenario=blast_radius(inventory, ["zone-a"]),
                       spofs=single_points_of_failure(inventory), cluster_by="location",
                       collapse=None, focus=None, depth=2, direction="both")
    assert text == dot_of(WEBSHOP, "--fail", "zone-a", "--highlight", "spof")
    assert text.endswith("}\n")
    diagram = build_diagram(inventory, collapse="type")
    assert diagram.nodes == len({c.type for c in inventory.components.values()})
    assert diagram.components == len(inventory)
    with pytest.raises(ValueError):
        diagram_dot(inventory, cluster_by="team")


def test_the_diagram_draws_results_and_computes_none():
    """The diagram takes a blast radius and a SPOF report; it never runs an analysis."""
    import depgraph.render.diagram as package

    for info in pkgutil.iter_modules(package.__path__, "depgraph.render.diagram."):
        module = importlib.import_module(info.name)
        for analysis in ("blast_radius", "single_points_of_failure", "single_failures"):
            assert not hasattr(module, analysis), f"{info.name} imports {analysis}"
    inventory = load_inventory(WEBSHOP)
    scenario, spofs = blast_radius(inventory, ["zone-a"]), single_points_of_failure(inventory)
    text = diagram_dot(inventory, scenario=scenario, spofs=spofs)
    assert "INITIAL FAILURE" in text and "SPOF" in text
    other = load_inventory(WEBSHOP)
    with pytest.raises(ValueError, match="another inventory"):
        diagram_dot(other, scenario=scenario)
    with pytest.raises(ValueError, match="another inventory"):
        diagram_dot(other, spofs=spofs)


@needs_dot
def test_binary_output_goes_to_a_pipe_but_not_to_a_terminal(monkeypatch):
    result = render(WEBSHOP, "--format", "png")  # CliRunner's stdout is no terminal
    assert result.exit_code == 0 and result.stdout_bytes.startswith(b"\x89PNG")
    monkeypatch.setattr("depgraph.cli.commands.render._stdout_is_terminal", lambda: True)
    result = render(WEBSHOP, "--format", "pdf")
    assert result.exit_code == 2 and "-o FILE.pdf" in result.stderr
    result = render(WEBSHOP, "--format", "svg")  # SVG is text: fine on a terminal
    assert result.exit_code == 0 and result.stdout.lstrip().startswith("<?xml")


def test_written_files_keep_the_mode_of_the_file_they_replace(tmp_path):
    target = tmp_path / "shop.dot"
    target.write_text("old", encoding="utf-8")
    os.chmod(target, 0o640)
    assert render(WEBSHOP, "-o", target).exit_code == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert target.read_text(encoding="utf-8").startswith("digraph")

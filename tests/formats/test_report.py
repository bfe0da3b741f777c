"""The governance report: its figures against the analyses, the HTML page (self-contained,
escaped, deterministic, sanitised pictures), the Markdown variant and the command."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import sys
import tempfile
import types
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from depgraph import load_inventory
from depgraph.analysis.blast_radius import blast_radius
from depgraph.analysis.governance import GovernanceReport, governance_report, locations
from depgraph.analysis.restore_plan import restore_plan
from depgraph.analysis.spof import single_points_of_failure
from depgraph.cli.commands.report import report_command
from depgraph.core.inventory import Draft, assemble
from depgraph.core.model import Component, Provider, Requirement
from depgraph.core.selectors import select, select_all
from depgraph.core.topology import locations_of
from depgraph.formats.report_html import SECTIONS, report_html
from depgraph.formats.report_markdown import report_markdown
from tests.formats.test_svg_sanitiser import HOSTILE_SVG
from tests.helpers import HOSPITAL, WEBSHOP
from tests.strategies import shuffled

SHIPPED = [pytest.param(WEBSHOP, id="webshop"), pytest.param(HOSPITAL, id="hospital")]

_REPORTS: dict[Path, GovernanceReport] = {}


def report_of(path: Path) -> GovernanceReport:
    if path not in _REPORTS:
        _REPORTS[path] = governance_report(load_inventory(path))
    return _REPORTS[path]


# -- the figures, against the analyses ----------------------------------------------


@pytest.mark.parametrize("path", SHIPPED)
def test_figures_match_the_analyses(path: Path) -> None:
    inventory = load_inventory(path)
    report = report_of(path)
    spof = single_points_of_failure(inventory)
    figures = report.figures
    assert figures.components == len(inventory)
    assert figures.providers == len(inventory.providers)
    assert figures.locations == len({c.located_in for c in inventory.components.values()
                                     if c.located_in}) == len(locations(inventory))
    assert figures.targets == len(spof.targets) and figures.at_risk == len(spof.at_risk)
    own = [s for s in spof.spofs if s.kind == "location"
           and all(t == s.id or s.id in locations_of(inventory, t) for t in s.kills)]
    counted = [s for s in spof.spofs if s not in own]
    assert dict(figures.spofs) == {kind: sum(1 for s in counted if s.kind == kind)
                                   for kind in ("provider", "location", "component")}
    assert figures.spof_total == len(counted) == len(report.spof.findings)
    assert figures.own_buildings == len(own) and report.spof.own_buildings == tuple(own)
    assert report.spof.spofs == spof.spofs


def test_the_hospitals_are_their_own_buildings_and_not_findings() -> None:
    report = report_of(HOSPITAL)
    own = report.spof.own_buildings
    assert [s.id for s in sorted(own, key=lambda s: s.id)] == [f"h{n:02}" for n in range(1, 39)]
    assert report.figures.own_buildings == 38
    assert report.figures.spof_total == len(report.spof.spofs) - 38
    page = check_self_contained(report_html(report)).all_text
    assert "Not ranked: 38 locations that take down only the targets they house" in page
    assert "Another 38 locations take down only the targets they house (a target's own " \
        "building): grouped, not counted as findings." in page


@pytest.mark.parametrize("path", SHIPPED)
def test_provider_concentration_is_the_share_of_targets_a_provider_alone_kills(
        path: Path) -> None:
    inventory = load_inventory(path)
    report = report_of(path)
    spof = single_points_of_failure(inventory)
    alone = {s.id: s.kills for s in spof.spofs if s.kind == "provider"}
    rows = {row.provider: row for row in report.concentration}
    assert sorted(rows) == sorted(inventory.providers)
    for provider, row in rows.items():
        assert row.kills == alone.get(provider, ())
        assert row.share == len(alone.get(provider, ())) / len(spof.targets)
        assert row.components == sum(1 for c in inventory.components.values()
                                     if c.provider == provider)
    shares = [(-len(r.kills), -r.components, r.provider) for r in report.concentration]
    assert shares == sorted(shares)


def test_hostco_concentration_on_the_hospital() -> None:
    report = report_of(HOSPITAL)
    spof = single_points_of_failure(load_inventory(HOSPITAL))
    hostco = next(s for s in spof.spofs if (s.kind, s.id) == ("provider", "hostco"))
    row = next(r for r in report.concentration if r.provider == "hostco")
    assert row.share == len(hostco.kills) / len(spof.targets) == 121 / 165
    assert row.components == 7


@pytest.mark.parametrize("path", SHIPPED)
def test_scenarios_are_the_blast_radius_of_each_provider_and_location(path: Path) -> None:
    inventory = load_inventory(path)
    report = report_of(path)
    targets = set(report.spof.targets)
    spof_blast = {(s.kind, s.id): s.blast_radius for s in report.spof.spofs}
    assert [s.id for s in report.provider_scenarios] and [s.id for s in report.location_scenarios]
    for scenario in report.provider_scenarios:
        initial = select_all(inventory, [f"provider:{scenario.id}"])
        result = blast_radius(inventory, initial)
        assert scenario.initial == initial and scenario.holds == len(initial)
        assert scenario.failed == len(result.failed)
        assert scenario.targets_down == tuple(t for t in result.failed if t in targets)
        assert scenario.degraded == len(result.degraded)
        assert scenario.failed == spof_blast.get(scenario.key, scenario.failed)
    assert {s.id for s in report.location_scenarios} == set(locations(inventory))
    for scenario in report.location_scenarios:
        inside = select(inventory, f"located_in:{scenario.id}")
        alone = blast_radius(inventory, [scenario.id])
        everything = blast_radius(inventory, (scenario.id, *inside))
        assert alone.failed == everything.failed  # located_in is a hard dependency
        assert scenario.initial == (scenario.id,) and scenario.holds == len(inside)
        assert scenario.failed == len(alone.failed)
        assert scenario.targets_down == tuple(t for t in alone.failed if t in targets)
        assert scenario.degraded == len(alone.degraded)
        assert scenario.failed == spof_blast.get(("location", scenario.id), scenario.failed)
    for ranked in (report.provider_scenarios, report.location_scenarios):
        for s in ranked:
            assert s.weight == sum(inventory[t].weight for t in s.targets_down)
        order = [(-s.weight, -len(s.targets_down), -s.failed, s.id) for s in ranked]
        assert order == sorted(order)


@pytest.mark.parametrize("path", SHIPPED)
def test_the_worst_scenario_takes_down_the_most_targets(path: Path) -> None:
    inventory = load_inventory(path)
    report = report_of(path)
    targets = set(report.spof.targets)
    candidates = []  # brute force: every provider and every location, failed alone
    for provider in inventory.providers:
        ids = [i for i, c in inventory.components.items() if c.provider == provider]
        if ids:
            failed = blast_radius(inventory, ids).failed
            candidates.append((-len(targets & set(failed)), -len(failed), provider, "provider",
                               tuple(ids)))
    for place in {c.located_in for c in inventory.components.values() if c.located_in}:
        failed = blast_radius(inventory, [place]).failed
        candidates.append((-len(targets & set(failed)), -len(failed), place, "location",
                           (place,)))
    best = min(candidates)
    assert report.worst.key == (best[3], best[2])
    assert len(report.worst.targets_down) == -best[0] and report.worst.failed == -best[1]
    radius = blast_radius(inventory, best[4])
    assert report.worst_radius.initial == radius.initial == report.worst.initial
    assert report.worst_radius.failed == radius.failed
    assert report.worst_radius.degraded == radius.degraded
    expected = restore_plan(inventory, best[4])
    assert report.worst_plan.steps == expected.steps
    assert report.worst_plan.total == expected.total
    assert report.worst_plan.critical_path == expected.critical_path


def test_the_worst_loss_of_the_hospital_is_the_carrier() -> None:
    report = report_of(HOSPITAL)
    assert report.worst.key == ("provider", "carrier")
    assert len(report.worst.targets_down) == 159
    assert report.location_scenarios[0].id == "dc-hostco"


def small_inventory(components, providers=()):
    return assemble([Draft("small.yaml", tuple((c, ()) for c in components), tuple(providers))])


def test_the_worst_scenario_ranks_targets_then_failed_then_id() -> None:
    def hard(*ids):
        return tuple(Requirement("hard", (i,)) for i in ids)

    big = [Component(f"b{n}", "compute", provider="big") for n in range(1, 5)]
    # provider big: 5 fail (b1..b4, t1), 1 target; location room: 3 fail, 2 targets
    inventory = small_inventory(
        big + [Component("t1", "service", criticality="critical", depends_on=hard("b1")),
               Component("room", "datacenter"),
               Component("t2", "service", criticality="critical", located_in="room"),
               Component("t3", "service", criticality="critical", located_in="room")],
        [Provider("big")])
    report = governance_report(inventory)
    assert report.worst.key == ("location", "room") and report.worst.failed == 3
    assert [s.key for s in report.scenarios] == [("provider", "big"), ("location", "room")]
    assert report.worst_plan.initial == report.worst_radius.initial == ("room",)
    # the same targets down: the most components failed wins, then the id
    inventory = small_inventory(
        [Component("c1", "compute", provider="p1"), Component("c2", "compute", provider="p2"),
         Component("t1", "service", criticality="critical", depends_on=hard("c1")),
         Component("t2", "service", criticality="critical", depends_on=hard("c2")),
         Component("room", "datacenter"), Component("f", "compute", located_in="room"),
         Component("t3", "service", criticality="critical", located_in="room")],
        [Provider("p2"), Provider("p1")])
    report = governance_report(inventory)
    assert report.worst.key == ("location", "room")
    assert [s.id for s in report.provider_scenarios] == ["p1", "p2"]
    assert [c.provider for c in report.concentration] == ["p1", "p2"]
    assert report.concentration[0].share == 1 / 3


def test_a_worst_loss_that_deadlocks() -> None:
    inventory = small_inventory([
        Component("room", "datacenter", restore=3600),
        Component("dns", "service", located_in="room", restore=600,
                  depends_on=(Requirement("hard", ("ad",)),)),
        Component("ad", "service", located_in="room", restore=600, criticality="critical",
                  rto=7200, depends_on=(Requirement("hard", ("dns",)),))])
    report = governance_report(inventory)
    assert report.worst.key == ("location", "room")
    assert report.worst_plan.deadlocks and report.worst_plan.unrestorable == ("ad", "dns")
    page = check_self_contained(report_html(report)).all_text
    assert "1 deadlock: restoration cannot finish without starting something by hand." in page
    assert "ad and dns need each other" in page and "never back" in page
    text = report_markdown(report)
    assert "### Deadlocks (1)" in text and "never back" in text


def test_an_inventory_without_providers_or_locations() -> None:
    web = Component("web", "application", criticality="critical",
                    depends_on=(Requirement("hard", ("db",)),))
    inventory = assemble([Draft("a.yaml", ((web, ()), (Component("db", "database"), ())))])
    report = governance_report(inventory)
    assert report.worst is None and report.worst_plan is None and not report.scenarios
    assert report.worst_radius is None
    page = report_html(report)
    assert "No scenario and no provider or location loss to plan for." in page
    assert "there is no continuity plan to review" in page
    assert "## 7. Restoration after the headline scenario" in report_markdown(report)


# -- the HTML page ------------------------------------------------------------------

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
         "source", "track", "wbr"}


class Page(HTMLParser):
    """Everything the checks need from a page: elements, attributes, text, CSS."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str, str | None]] = []
        self.text: list[str] = []
        self.css: list[str] = []
        self.ids: list[str] = []
        self.stack: list[str] = []
        self.declarations: list[str] = []
        self.feed(text)
        self.close()

    def handle_decl(self, decl: str) -> None:
        self.declarations.append(decl)

    def handle_starttag(self, tag, attrs) -> None:
        self._element(tag, attrs)
        if tag not in _VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs) -> None:
        self._element(tag, attrs)

    def _element(self, tag, attrs) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            self.attributes.append((tag, name, value))
            if name == "style":
                self.css.append(value or "")
            if name == "id":
                self.ids.append(value or "")

    def handle_endtag(self, tag) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] == "style":
            self.css.append(data)
        else:
            self.text.append(data)

    @property
    def all_text(self) -> str:
        return "".join(self.text)


def check_self_contained(text: str) -> Page:
    """The page parses, balanced, and refers to nothing outside itself."""
    page = Page(text)
    assert page.declarations == ["DOCTYPE html"] and not page.stack
    assert {"script", "link", "iframe", "object", "embed", "img", "image", "foreignobject",
            "base", "form", "audio", "video"}.isdisjoint(page.tags)
    for tag, name, value in page.attributes:
        assert not name.startswith("on"), (tag, name, value)
        assert name not in ("src", "srcset", "action", "formaction", "background"), (tag, name)
        if name in ("href", "xlink:href"):
            assert value and value.startswith("#"), (tag, name, value)
        assert not re.search(r"(?i)(https?|file|javascript|data):", value or "") or \
            tag == "meta" or name == "content", (tag, name, value)
    css = "\n".join(page.css)
    assert "@import" not in css and "@font-face" not in css
    assert all(u.startswith("url(#") for u in re.findall(r"url\([^)]*\)", css)), css
    for tag, name, value in page.attributes:
        for found in re.findall(r"url\([^)]*\)", value or ""):
            assert found.startswith("url(#"), (tag, name, value)
    assert len(page.ids) == len(set(page.ids)), "duplicate ids"
    return page


@pytest.mark.parametrize("path", SHIPPED)
def test_the_page_is_self_contained_and_has_every_section(path: Path) -> None:
    report = report_of(path)
    text = report_html(report)
    page = check_self_contained(text)
    for anchor, title in SECTIONS:
        assert f'<section id="{anchor}">' in text and title in page.all_text
    assert "@media print" in text and "break-before: page" in text
    # The restoration timeline, and the headline scenario in time when there is one.
    headline = report.review is not None and report.review.headline is not None
    assert page.tags.count("svg") == 1 + headline
    figures = report.figures
    kinds = ", ".join(f"{n} {kind}{'s' if n != 1 else ''}" for kind, n in figures.spofs if n)
    for card in (f"{figures.components}components", f"{figures.targets}targets",
                 f"{figures.at_risk}targets at risk",
                 f"{figures.spof_total}single points of failure{kinds}",
                 f"{report.worst.id}worst single loss ({report.worst.kind})"):
        assert card in page.all_text, card
    assert report.worst.id in page.all_text
    assert re.search(r"\d{4}-\d\d-\d\d|\d\d:\d\d:\d\d", text) is None  # no timestamp


def test_diagrams_are_inline_and_sanitised() -> None:
    report = report_of(WEBSHOP)
    text = report_html(report, [("First <b>", HOSTILE_SVG), ("Second", HOSTILE_SVG),
                                ("Broken", "<svg")])
    page = check_self_contained(text)
    assert page.tags.count("svg") == 3  # the timeline and two diagrams
    assert "First <b>" in page.all_text and "<b>" not in text
    assert 'id="diagram1-grad"' in text and 'id="diagram2-grad"' in text
    assert "Broken: the picture could not be read." in page.all_text


# -- escaping -----------------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
OTHER = "R&D 🔥 Больница 病院 مستشفى | `x` *y*"


def hostile_inventory():
    """Every string of the inventory hostile, ids and provider ids included (the Python
    API takes what the YAML schema would refuse)."""
    power = Component(f"pwr{SCRIPT}", "power", name=f"Power {IMG}", provider=f"p{IMG}",
                      restore=3600, team=f"team {SCRIPT}")
    room = Component(f"room{IMG}", "datacenter", name=f"Room {OTHER}", provider=f"p{IMG}",
                     depends_on=(Requirement("hard", (f"pwr{SCRIPT}",)),), restore=1800)
    app = Component(f"app{OTHER}", "application", name=f"App {SCRIPT}",
                    located_in=f"room{IMG}", criticality="critical", restore=600, rto=900,
                    team=f"team {SCRIPT}")
    other = Component("safe-app", "application", name=f"Safe\x07\x00 {OTHER}",
                      criticality="critical",
                      depends_on=(Requirement("any", (f"app{OTHER}", "spare")),))
    spare = Component("spare", "compute", name="Spare")
    providers = (Provider(f"p{IMG}", name=f"Provider {SCRIPT}", kind=f"kind {IMG}"),
                 Provider("unused", name=OTHER))
    draft = Draft("hostile.yaml", tuple((c, ()) for c in (power, room, app, other, spare)),
                  providers, metadata=(("name", f"Estate {SCRIPT}"),
                                       ("description", f"About {IMG} {OTHER}")))
    return assemble([draft])


def test_every_inventory_string_is_escaped_in_the_page() -> None:
    inventory = hostile_inventory()
    report = governance_report(inventory)
    assert report.worst is not None and report.worst_plan.steps
    text = report_html(report)
    page = check_self_contained(text)
    assert "script" not in page.tags and "img" not in page.tags
    assert not any(name == "onerror" for _, name, _ in page.attributes)
    assert SCRIPT not in text and "<img" not in text
    assert "\x07" not in text and "\x00" not in text  # characters HTML forbids, replaced
    assert f"Safe\\x07\\x00 {OTHER}" in page.all_text  # shown, as a reader can see them
    shown = page.all_text
    for needle in (SCRIPT, IMG, OTHER, f"pwr{SCRIPT}", f"room{IMG}", f"p{IMG}",
                   f"Provider {SCRIPT}", f"Estate {SCRIPT}", f"team {SCRIPT}", f"kind {IMG}"):
        assert needle in shown, needle
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in text


def test_every_inventory_string_is_escaped_in_markdown() -> None:
    text = report_markdown(governance_report(hostile_inventory()))
    assert "<script" not in text and "<img" not in text
    assert "&lt;script&gt;alert\\(1\\)&lt;/script&gt;" in text
    assert "R&amp;D 🔥 Больница 病院 مستشفى \\| \\`x\\` \\*y\\*" in text
    tables = re.findall(r"(?m)(?:^\|.*\n)+", text)
    assert len(tables) >= 6
    for table in tables:  # every row has as many cells as its header: no stray |
        counts = {len(re.findall(r"(?<!\\)\|", line)) for line in table.splitlines()}
        assert len(counts) == 1, table


def test_markdown_has_the_sections() -> None:
    report = report_of(HOSPITAL)
    text = report_markdown(report)
    titles = [line for line in text.splitlines() if line.startswith("## ")]
    assert titles == [f"## {n}. {title}" for n, (_, title) in enumerate(SECTIONS, 1)]
    assert "### Provider losses" in text and "### Location losses" in text
    assert "`carrier` **(worst)**" in text and "depgraph render" in text
    assert "<svg" not in text


def test_long_tables_are_cut_with_a_note(monkeypatch: pytest.MonkeyPatch) -> None:
    import depgraph.formats.report_html as html_module
    import depgraph.formats.report_markdown as markdown_module

    monkeypatch.setattr(html_module, "MOST_ROWS", 5)
    monkeypatch.setattr(markdown_module, "MOST_ROWS", 5)
    report = report_of(HOSPITAL)
    page = check_self_contained(report_html(report)).all_text
    breaches = len(report.headline_plan.rto_breaches)
    assert report.review.headline.scenario.id == "grid-outage" and breaches > 5
    hitting = sum(1 for s in report.review.library.scenarios if s.down)
    assert hitting == 45  # 2 scenarios, 3 providers, 40 locations: each takes a function down
    for said in ("Only the first 5 of 165 targets are shown (the most exposed first)",
                 "Only the first 5 of 185 single points of failure are shown (the worst first)",
                 "Only the first 5 of 40 location losses are shown (the worst first)",
                 f"Only the first 5 of {breaches} breaches are shown (the latest first); "
                 "depgraph restore-plan INVENTORY --scenario grid-outage lists every one.",
                 f"Only the first 5 of {hitting} scenarios are shown (the heaviest first)"):
        assert said in page, said
    text = report_markdown(report)
    assert "*Only the first 5 of 185 single points of failure are shown (the worst first); " \
           "`depgraph spof INVENTORY` lists every one.*" in text
    assert "| 6 | component |" not in text and "| 5 | component |" in text


# -- determinism --------------------------------------------------------------------


def test_a_shuffled_inventory_gives_the_same_bytes(tmp_path: Path) -> None:
    spec = yaml.safe_load(HOSPITAL.read_text(encoding="utf-8"))
    mixed = {**{k: v for k, v in spec.items() if k not in ("components", "providers")},
             **shuffled(spec, seed=11)}
    assert [c["id"] for c in mixed["components"]] != [c["id"] for c in spec["components"]]
    half = len(mixed["components"]) // 2
    first = {**mixed, "components": mixed["components"][half:]}
    second = {"components": mixed["components"][:half]}
    (tmp_path / "b.yaml").write_text(yaml.safe_dump(first, allow_unicode=True, sort_keys=False),
                                     encoding="utf-8")
    (tmp_path / "a.yaml").write_text(yaml.safe_dump(second, allow_unicode=True,
                                                    sort_keys=False), encoding="utf-8")
    original, copy = report_of(HOSPITAL), governance_report(load_inventory(tmp_path))
    assert report_html(copy) == report_html(original)
    assert report_markdown(copy) == report_markdown(original)


# -- the command --------------------------------------------------------------------


def invoke(*args: object):
    return CliRunner().invoke(report_command, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def no_graphviz(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if Graphviz's dot were not installed."""
    monkeypatch.setattr("depgraph.render.graphviz.find_dot", lambda: None)


def test_command_writes_html_by_extension(tmp_path: Path, no_graphviz) -> None:
    out = tmp_path / "report.html"
    result = invoke(WEBSHOP, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert "note: the report has no diagrams: Graphviz's 'dot' program is not installed" \
        in result.stderr
    assert "report: 10 single points of failure; 6 of 6 targets at risk; worst loss: " \
           "provider cloudy (4 targets down)" in result.stderr
    assert out.read_text(encoding="utf-8") == report_html(report_of(WEBSHOP))
    assert result.stdout == ""


def test_command_writes_markdown_by_extension_and_html_to_stdout(tmp_path: Path) -> None:
    out = tmp_path / "report.md"
    assert invoke(WEBSHOP, "-o", out).exit_code == 0
    assert out.read_text(encoding="utf-8") == report_markdown(report_of(WEBSHOP))
    result = invoke(WEBSHOP, "--no-diagrams")
    assert result.exit_code == 0 and result.stdout == report_html(report_of(WEBSHOP))
    result = invoke(WEBSHOP, "--format", "markdown", "-o", tmp_path / "x.html")
    assert (tmp_path / "x.html").read_text(encoding="utf-8").startswith("# Governance report")


def test_command_refuses_an_unknown_extension_and_a_bad_inventory(tmp_path: Path) -> None:
    result = invoke(WEBSHOP, "-o", tmp_path / "report.pdf")
    assert result.exit_code == 2 and "cannot tell the format of" in result.stderr
    assert "report.pdf' from its extension (this command writes .html, .htm, .md, " \
           ".markdown)" in result.stderr and "--format html|markdown" in result.stderr
    assert not (tmp_path / "report.pdf").exists()
    bad = tmp_path / "bad.yaml"
    bad.write_text("components:\n  - id: a\n    type: sevrice\n", encoding="utf-8")
    result = invoke(bad, "-o", tmp_path / "r.html")
    assert result.exit_code == 2 and "bad.yaml:3:11" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "r.html").exists()


def fake_graphviz(render) -> types.ModuleType:
    module = types.ModuleType("depgraph.render.graphviz")
    module.render_dot = render
    return module


def test_command_embeds_the_diagrams(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []

    def render(dot: str, fmt: str, timeout: float) -> bytes:
        calls.append((dot, fmt))
        return HOSTILE_SVG.encode("utf-8")

    monkeypatch.setitem(sys.modules, "depgraph.render.graphviz", fake_graphviz(render))
    out = tmp_path / "report.html"
    result = invoke(WEBSHOP, "-o", out)
    assert result.exit_code == 0 and "note" not in result.stderr
    assert [fmt for _, fmt in calls] == ["svg", "svg"]
    assert all(dot.startswith("digraph") for dot, _ in calls)
    page = check_self_contained(out.read_text(encoding="utf-8"))
    assert page.tags.count("svg") == 3
    assert "The estate: single points of failure outlined in red" in page.all_text
    assert "The worst single loss: provider cloudy" in page.all_text


def test_command_computes_the_spof_analysis_and_the_worst_loss_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import depgraph.analysis.governance as governance

    calls: dict[str, list] = {"spof": [], "blast_radius": []}

    def counted(name, original):
        def run(*args, **kwargs):
            result = original(*args, **kwargs)
            calls[name].append(result)
            return result
        return run

    monkeypatch.setattr(governance, "single_points_of_failure",
                        counted("spof", governance.single_points_of_failure))
    monkeypatch.setattr(governance, "blast_radius",
                        counted("blast_radius", governance.blast_radius))
    dots = []
    monkeypatch.setitem(sys.modules, "depgraph.render.graphviz",
                        fake_graphviz(lambda dot, fmt, timeout: dots.append(dot) or b"<svg/>"))
    result = invoke(WEBSHOP, "-o", tmp_path / "report.html")
    assert result.exit_code == 0 and len(dots) == 2  # the estate and the worst loss, drawn
    report = report_of(WEBSHOP)
    assert len(calls["spof"]) == 1
    assert len(calls["blast_radius"]) == len(report.scenarios)
    assert "SPOF" in dots[0] and "INITIAL FAILURE" in dots[1]


def test_command_without_graphviz_still_writes_the_report(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def render(dot: str, fmt: str, timeout: float) -> bytes:
        raise FileNotFoundError(2, "Graphviz 'dot' not found")

    monkeypatch.setitem(sys.modules, "depgraph.render.graphviz", fake_graphviz(render))
    out = tmp_path / "report.html"
    result = invoke(WEBSHOP, "-o", out)
    assert result.exit_code == 0
    assert "note: the report has no diagrams: [Errno 2] Graphviz 'dot' not found" in result.stderr
    assert "No diagram in this report" in out.read_text(encoding="utf-8")


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz (dot) is not installed")
def test_real_graphviz_diagrams_are_embedded(monkeypatch: pytest.MonkeyPatch) -> None:
    from depgraph.render.diagram import diagram_dot

    report = report_of(WEBSHOP)
    dot = diagram_dot(report.inventory, spofs=report.spof)
    svg = subprocess.run(["dot", "-Tsvg"], input=dot, capture_output=True, text=True,
                         check=True, timeout=60).stdout
    text = report_html(report, [("Estate", svg)])
    page = check_self_contained(text)
    assert page.tags.count("svg") == 2 and "Regional load balancer" in page.all_text


# -- a real browser -----------------------------------------------------------------

CHROMIUM = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--hide-scrollbars"]
needs_chromium = pytest.mark.skipif(shutil.which("chromium") is None,
                                    reason="chromium is not on PATH (apt-get install chromium)")


def can_draw_diagrams() -> bool:
    """Whether depgraph report draws its diagrams here (pydot and Graphviz's dot)."""
    try:
        import pydot  # noqa: F401
    except ImportError:
        return False
    return shutil.which("dot") is not None


def chromium(tmp_path: Path, page: Path, *options: str) -> subprocess.CompletedProcess:
    """Chromium on ``page`` with a profile of its own, nothing fetched or synced."""
    profile = tempfile.mkdtemp(prefix="chromium-", dir=tmp_path)
    done = subprocess.run([*CHROMIUM, f"--user-data-dir={profile}", *options, page.as_uri()],
                          capture_output=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")[-2000:]
    return done


def png_rows(data: bytes) -> tuple[int, int, list[bytes]]:
    """The width, height and rows (RGB bytes) of an 8-bit RGB or RGBA PNG, decoded with
    the standard library: zlib, then PNG's row filters undone."""
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    pos, idat = 8, []
    while pos < len(data):
        size, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + size]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlaced = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and colour in (2, 6) and not interlaced
        elif kind == b"IDAT":
            idat.append(body)
        pos += 12 + size
    step = 3 if colour == 2 else 4
    stride = width * step + 1
    raw = zlib.decompress(b"".join(idat))
    rows, above = [], bytearray(stride - 1)
    for y in range(height):
        line = _unfilter(raw[y * stride], bytearray(raw[y * stride + 1:(y + 1) * stride]),
                         above, step)
        rows.append(bytes(line) if step == 3 else
                    b"".join(line[i:i + 3] for i in range(0, len(line), 4)))
        above = line
    return width, height, rows


def _unfilter(kind: int, line: bytearray, above: bytearray, step: int) -> bytearray:
    """One row with its filter (None, Sub, Up, Average, Paeth) undone."""
    if kind == 0:
        return line
    if kind == 2 and not any(line):  # the row above, repeated: most of a page
        return bytearray(above)
    for i in range(len(line)):
        left = line[i - step] if i >= step else 0
        if kind == 1:
            line[i] = (line[i] + left) & 255
        elif kind == 2:
            line[i] = (line[i] + above[i]) & 255
        elif kind == 3:
            line[i] = (line[i] + ((left + above[i]) >> 1)) & 255
        else:
            corner = above[i - step] if i >= step else 0
            guess = left + above[i] - corner
            near = min((abs(guess - left), 0, left), (abs(guess - above[i]), 1, above[i]),
                       (abs(guess - corner), 2, corner))
            line[i] = (line[i] + near[2]) & 255
    return line


def pixels(rows: list[bytes], colour: str) -> int:
    """How many pixels are exactly ``colour`` (``#rrggbb``)."""
    wanted, found = bytes.fromhex(colour[1:]), 0
    for row in rows:
        at = row.find(wanted)
        while at >= 0:
            found += at % 3 == 0
            at = row.find(wanted, at + (3 if at % 3 == 0 else 1))
    return found


def screenshot(tmp_path: Path, page: Path, height: int) -> list[bytes]:
    shot = tmp_path / "shot.png"
    chromium(tmp_path, page, f"--screenshot={shot}", f"--window-size=1280,{height}")
    width, tall, rows = png_rows(shot.read_bytes())
    assert (width, tall) == (1280, height)
    return rows


@needs_chromium
def test_chromium_shows_the_hospital_report(tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    assert invoke(HOSPITAL, "-o", page).exit_code == 0
    report, drawn = report_of(HOSPITAL), can_draw_diagrams()
    # What the browser made of the page: every section, the headline figures, the pictures.
    shown = Page(chromium(tmp_path, page, "--dump-dom").stdout.decode("utf-8"))
    for number, (_, title) in enumerate(SECTIONS, 1):
        assert f"{number}{title}" in shown.all_text, title
    figures, worst = report.figures, report.worst
    for card in (f"{figures.components}components", f"{figures.providers}providers",
                 f"{figures.locations}locations", f"{figures.targets}targets",
                 f"{figures.at_risk}targets at risk",
                 f"{figures.spof_total}single points of failure",
                 f"{worst.id}worst single loss ({worst.kind})"):
        assert card in shown.all_text, card
    assert f"{figures.at_risk} of {figures.targets} targets" in shown.all_text
    # The scenario in time and the restoration timeline, and two diagrams.
    assert shown.tags.count("svg") == (4 if drawn else 2)
    if drawn:  # the single points of failure are outlined in red
        assert any(name == "stroke" and value == "#d1242f"
                   for _, name, value in shown.attributes)
    # What it drew: the cover and the summary cards, in the page's colours.
    rows = screenshot(tmp_path, page, 1600)
    white = b"\xff" * len(rows[0])
    assert sum(row != white for row in rows) > len(rows) // 3, "a blank page"
    assert len({row[i:i + 3] for row in rows[::16] for i in range(0, len(row), 3)}) > 100
    assert pixels(rows, "#fdecea") > 20_000  # the red cards: targets at risk, SPOFs
    assert pixels(rows, "#b3261e") > 200  # their red figures
    assert pixels(rows, "#1c2333") > 5_000  # the ink of the title and the text


@needs_chromium
@pytest.mark.skipif(not can_draw_diagrams(), reason="the diagrams need pydot and Graphviz")
def test_chromium_draws_the_diagrams_of_the_report(tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    assert invoke(WEBSHOP, "-o", page).exit_code == 0
    rows = screenshot(tmp_path, page, 6000)  # the whole page of the web shop
    assert pixels(rows, "#d1242f") > 1_000  # the SPOF outlines of the estate's diagram
    assert pixels(rows, "#8e1b1b") > 2_000  # the initial failures of the worst loss


def test_the_board_reviews_the_scenarios_it_asks_for(tmp_path: Path) -> None:
    out = tmp_path / "board.md"
    result = invoke(HOSPITAL, "--scenario", "hostco-power", "--target", "type:business",
                    "-o", out)
    assert result.exit_code == 0, result.output
    assert "headline scenario: hostco-power" in result.stderr
    text = out.read_text("utf-8")
    assert "1 scenario reviewed (the scenarios asked for) against the 191 business " \
           "functions" in text
    assert "| `hostco-power` *(headline)* | The hosting provider loses power | 152 of 191 |" \
        in text
    # The targets asked for are the SPOFs' targets too: the 191 business functions.
    assert "| targets (critical components, or what nothing depends on) | 191 |" in text
    assert "## 7. Restoration after the headline scenario" in text
    assert "`depgraph restore-plan INVENTORY --scenario hostco-power -o plan.svg`" in text
    # Every scenario of the inventory by default; the heaviest heads the report.
    report = report_of(HOSPITAL)
    assert [s.scenario.id for s in report.review.reviewed.scenarios] == \
        ["grid-outage", "hostco-power"]
    impacts = {s.scenario.id: s.impact for s in report.review.reviewed.scenarios}
    assert report.review.headline.scenario.id == max(impacts, key=impacts.get)
    # No scenario named, no continuity key: the worst loss heads it, as before.
    shop = report_of(WEBSHOP)
    assert shop.review is None and shop.headline_plan is shop.worst_plan
    result = invoke(HOSPITAL, "--scenario", "nope", "-o", tmp_path / "x.html")
    assert result.exit_code == 2 and "no scenario 'nope'" in result.stderr
    assert not (tmp_path / "x.html").exists()

"""The governance report as one self-contained HTML page.

The page is mailed and archived, so it stands alone: inline CSS, inline SVG, no
script, no web font, no link to anything but its own sections. It prints (a print
stylesheet: A4, a page break before each section, light backgrounds only). Every
inventory string is escaped; the SVG pictures are depgraph's own (the restoration
timeline, and the diagrams the caller passes), and are sanitised all the same:
parsed as XML and written back from an allowlist of SVG elements and attributes,
without scripts, event handlers or references outside the picture, their ids
prefixed so that two pictures on one page cannot collide.

The same report gives the same bytes: no timestamp, everything sorted.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ElementTree
from typing import Callable, Iterable, Sequence

from depgraph._version import __version__
from depgraph.analysis.governance import Concentration, GovernanceReport, Scenario
from depgraph.analysis.restore_plan import RestorePlan
from depgraph.analysis.spof import SinglePoint
from depgraph.core.durations import format_duration
from depgraph.core.wording import duration_or_never, plural, xml_safe
from depgraph.formats.base import deadlock_sentence, plan_scenario, plan_summary
from depgraph.render.timeline import timeline_svg

__all__ = ["MOST_ROWS", "SECTIONS", "key_findings", "left_out", "plan_sentences",
           "report_html", "sanitise_svg"]

#: The sections of the report, by anchor, in order (the Markdown variant has the same).
SECTIONS = (
    ("summary", "Summary"),
    ("targets", "Targets and their single points of failure"),
    ("spofs", "Single points of failure, ranked"),
    ("concentration", "Provider concentration"),
    ("scenarios", "Scenarios: the loss of each provider and location"),
    ("restoration", "Restoration after the worst loss"),
    ("diagrams", "Diagrams"),
)

#: The most rows a long table shows (targets, SPOFs, locations, RTO breaches); the rest
#: is named in a note, with the command that lists everything.
MOST_ROWS = 1000

def _e(text: object) -> str:
    """Inventory text, inert in HTML (characters HTML forbids replaced)."""
    return html.escape(xml_safe(str(text), html=True), quote=True)


def _code(ident: str) -> str:
    return f"<code>{_e(ident)}</code>"


def _late(back: int | None, rto: int | None) -> str:
    return "never back" if back is None else format_duration(back - (rto or 0))


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "0%"


# -- sentences, shared with the Markdown variant ------------------------------------


def left_out(shown: int, total: int, what: str, order: str, command: str) -> str | None:
    """The note under a table cut to ``shown`` rows of ``total``, or None if it was not
    (``command`` lists everything; the caller marks it up)."""
    if shown >= total:
        return None
    return (f"Only the first {shown} of {total} {what} are shown ({order}); {command} lists "
            "every one.")


def _kinds(counts: Iterable[tuple[str, int]]) -> str:
    parts = [plural(n, kind) for kind, n in counts if n]
    return ", ".join(parts) if parts else "none"


#: The share of the targets from which a provider's concentration is a finding.
_HEAVY = 0.25


def key_findings(report: GovernanceReport, text: Callable[[str], str],
                 ident: Callable[[str], str]) -> list[str]:
    """The report in a few sentences. ``text`` escapes inventory text, ``ident``
    marks up an id, each for the format at hand."""
    figures = report.figures
    found = [f"{figures.at_risk} of {plural(figures.targets, 'target')} "
             f"({_percent(figures.at_risk, figures.targets)}) can be taken down by a single "
             "failure." if figures.at_risk else
             f"No single failure takes down any of the {plural(figures.targets, 'target')}."]
    if figures.spof_total:
        points = plural(figures.spof_total, "single point of failure",
                        "single points of failure")
        found.append(f"{points}: {_kinds(figures.spofs)}.")
    worst, plan = report.worst, report.worst_plan
    if worst is not None and plan is not None:
        said = (f"The worst single loss is {worst.kind} {ident(worst.id)}"
                + (f" \u201c{text(worst.name)}\u201d" if worst.name else "")
                + f": {len(worst.targets_down)} of {plural(figures.targets, 'target')} down, "
                f"{plural(worst.failed, 'component')} failed")
        if plan.steps:
            said += f"; the last one is back after {format_duration(plan.total)}"
        if plan.rto_breaches:
            said += (f", with {len(plan.rto_breaches)} of {len(plan.rto)} recovery time "
                     "objectives breached")
        if plan.unrestorable:
            stuck = len(plan.unrestorable)
            said += f"; {stuck} never come{'s' if stuck == 1 else ''} back without a hand start"
        found.append(said + ".")
    place = report.location_scenarios[0] if report.location_scenarios else None
    if place is not None and place.targets_down and place.key != report.worst_key:
        found.append(f"The worst loss of a location is {ident(place.id)}"
                     + (f" \u201c{text(place.name)}\u201d" if place.name else "")
                     + f": {len(place.targets_down)} of {plural(figures.targets, 'target')} "
                     f"down, {plural(place.failed, 'component')} failed.")
    heavy = [c for c in report.concentration if c.kills and c.share >= _HEAVY]
    if heavy:
        listed = ", ".join(f"{ident(c.provider)} ({_percent(len(c.kills), c.targets)})"
                           for c in heavy)
        found.append(f"{plural(len(heavy), 'provider')} on {'its' if len(heavy) == 1 else 'their'}"
                     f" own take{'s' if len(heavy) == 1 else ''} down a quarter of the targets "
                     f"or more: {listed}.")
    elif report.concentration and report.concentration[0].kills:
        top = report.concentration[0]
        found.append(f"No provider alone takes down a quarter of the targets; the most, "
                     f"{ident(top.provider)}, takes down {_percent(len(top.kills), top.targets)}.")
    return found


def plan_sentences(plan: RestorePlan, text: Callable[[str], str],
                   ident: Callable[[str], str]) -> list[str]:
    """What the restoration plan says, as the text format says it: the scenario, when
    the initial failures and the last component are back, RTOs, deadlocks. ``text``
    and ``ident`` as for :func:`key_findings`."""
    found = [text(f"Scenario: {plan_scenario(plan)}."), text(plan_summary(plan))]
    if plan.initial_back is not None and plan.steps:
        found.append(f"The initial failures are back after {format_duration(plan.initial_back)};"
                     f" the last component after {format_duration(plan.total)}: a gap of "
                     f"{format_duration(plan.total - plan.initial_back)}.")
    breaches = plan.rto_breaches
    if plan.rto:
        if breaches:
            listed = ", ".join(ident(i) for i in breaches[:12])
            more = f" and {len(breaches) - 12} more" if len(breaches) > 12 else ""
            found.append(f"{len(breaches)} of {len(plan.rto)} recovery time objectives "
                         f"checked are breached: {listed}{more}.")
        else:
            found.append(f"All {len(plan.rto)} recovery time objectives checked are met.")
    if plan.deadlocks:
        found.append(f"{plural(len(plan.deadlocks), 'deadlock')}: restoration cannot finish "
                     "without starting something by hand.")
    else:
        found.append("No deadlock: everything that failed comes back by itself.")
    return found


# -- SVG, sanitised -----------------------------------------------------------------

_SVG_NS = "http://www.w3.org/2000/svg"
_XLINK_NS = "http://www.w3.org/1999/xlink"
_XML_NS = "http://www.w3.org/XML/1998/namespace"

#: SVG elements kept; anything else is dropped with its content.
_ELEMENTS = {name.lower(): name for name in (
    "svg", "g", "defs", "title", "desc", "text", "tspan", "path", "rect", "circle",
    "ellipse", "line", "polyline", "polygon", "pattern", "linearGradient",
    "radialGradient", "stop", "clipPath", "mask", "marker", "symbol", "use", "style", "a")}
_DROPPED_ATTRIBUTES = {"target", "download", "ping", "rel", "referrerpolicy"}
_URL = re.compile(r"url\(\s*(['\"]?)\s*([^)'\"]*?)\s*\1\s*\)", re.IGNORECASE)


def _local(name: str) -> tuple[str, str]:
    if name.startswith("{"):
        namespace, _, local = name[1:].partition("}")
        return namespace, local
    return "", name


class _SvgWriter:
    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.ids: set[str] = set()
        self.out: list[str] = []

    def collect_ids(self, root: ElementTree.Element) -> None:
        for element in root.iter():
            if element.get("id"):
                self.ids.add(element.get("id"))

    def _fragment(self, value: str) -> str | None:
        """A reference inside the picture, with its id prefixed; None for anything else."""
        value = value.strip()
        if not value.startswith("#"):
            return None
        target = value[1:]
        return f"#{self.prefix}{target}" if target in self.ids else value

    def _css(self, text: str) -> str | None:
        lowered = text.lower()
        if "@import" in lowered or "expression(" in lowered or "javascript:" in lowered:
            return None

        def local(match: re.Match) -> str:
            fragment = self._fragment(match.group(2))
            return f"url({fragment})" if fragment else "none"

        return _URL.sub(local, text)

    def attributes(self, element: ElementTree.Element) -> list[tuple[str, str]]:
        kept = []
        for name, value in element.attrib.items():
            namespace, local = _local(name)
            lowered = local.lower()
            if lowered.startswith("on") or lowered in _DROPPED_ATTRIBUTES:
                continue
            if lowered == "href" and namespace in ("", _XLINK_NS):
                fragment = self._fragment(value)
                if fragment is None:
                    continue
                kept.append(("xlink:href" if namespace else "href", fragment))
                continue
            if namespace == _XML_NS and lowered == "space":
                kept.append(("xml:space", value))
                continue
            if namespace or lowered == "xmlns" or "javascript:" in value.lower():
                continue
            if lowered == "id":
                value = self.prefix + value
            elif "url(" in value.lower() or lowered == "style":
                cleaned = self._css(value)
                if cleaned is None:
                    continue
                value = cleaned
            kept.append((local, value))
        return kept

    def element(self, element: ElementTree.Element, root: bool = False,
                label: str | None = None) -> None:
        namespace, local = _local(element.tag)
        name = _ELEMENTS.get(local.lower()) if namespace in ("", _SVG_NS) else None
        if name is None or not isinstance(element.tag, str):
            return
        attributes = self.attributes(element)
        tip = None
        if name == "a":  # a link: keep what it draws and its tooltip, not the link
            name, attributes = "g", [(k, v) for k, v in attributes
                                     if k not in ("href", "xlink:href", "title")]
            tip = element.get(f"{{{_XLINK_NS}}}title") or element.get("title")
        if root:
            attributes = [(k, v) for k, v in attributes if k not in ("role", "aria-label")]
            attributes += [("role", "img")] + ([("aria-label", label)] if label else [])
        head = " ".join([name] + [f'{k}="{_e(v)}"' for k, v in attributes])
        text = element.text or ""
        if name == "style":
            text = self._css(text) or ""
        children = list(element)
        if not text and not children and not tip:
            self.out.append(f"<{head}/>")
        else:
            self.out.append(f"<{head}>" + (f"<title>{_e(tip)}</title>" if tip else "")
                            + (_e(text) if text else ""))
            for child in children:
                self.element(child)
                if child.tail:
                    self.out.append(_e(child.tail))
            self.out.append(f"</{name}>")


def sanitise_svg(svg: str, prefix: str, label: str | None = None) -> str | None:
    """``svg`` as inline SVG for an HTML page: no XML declaration or DOCTYPE, comments
    dropped, only the allowed SVG elements and attributes, no script, no event handler,
    no reference outside the picture, ids prefixed with ``prefix``. None when ``svg``
    is not an SVG document."""
    try:
        root = ElementTree.fromstring(svg)
    except ElementTree.ParseError:
        return None
    if _local(root.tag)[1] != "svg":
        return None
    writer = _SvgWriter(prefix)
    writer.collect_ids(root)
    writer.element(root, root=True, label=label)
    return "".join(writer.out)


# -- the page -----------------------------------------------------------------------

_STYLE = """
:root {
  --ink: #1c2333; --muted: #5a6372; --line: #dde2ea; --soft: #f5f7fa; --accent: #23439c;
  --red: #b3261e; --red-soft: #fdecea; --green: #2e7d32; --green-soft: #e8f5e9;
  --amber: #9a5b00; --amber-soft: #fff4e0;
  --provider: #5b2c91; --provider-soft: #efe7f8; --location: #7a4a14; --location-soft: #f6ecdf;
  --component: #1d5aa6; --component-soft: #e6eef9;
}
* { box-sizing: border-box; }
html { font-size: 15px; -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: #ffffff; color: var(--ink); line-height: 1.5;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
    "Noto Sans", "Liberation Sans", "DejaVu Sans", sans-serif, "Apple Color Emoji",
    "Segoe UI Emoji", "Noto Color Emoji";
}
main { max-width: 1120px; margin: 0 auto; padding: 40px 44px 72px; }
code {
  font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono",
    "DejaVu Sans Mono", monospace;
  font-size: 0.86em;
}
code { overflow-wrap: anywhere; }
header.dg-cover { border-bottom: 3px solid var(--ink); padding-bottom: 18px; margin-bottom: 8px; }
.dg-eyebrow {
  margin: 0; color: var(--accent); font-weight: 700; font-size: 0.8rem;
  letter-spacing: 0.14em; text-transform: uppercase;
}
h1 { font-size: 2.3rem; line-height: 1.15; margin: 6px 0 8px; overflow-wrap: anywhere; }
h2 {
  font-size: 1.45rem; line-height: 1.25; margin: 2.6em 0 0.6em; padding-bottom: 6px;
  border-bottom: 1px solid var(--line);
}
h2 .dg-number { color: var(--accent); margin-right: 0.4em; }
h3 { font-size: 1.1rem; margin: 1.6em 0 0.4em; }
p { margin: 0.5em 0; }
.dg-lead { font-size: 1.05rem; color: var(--muted); margin: 0 0 6px; }
.dg-generated { color: var(--muted); font-size: 0.9rem; margin: 0; }
.dg-note { color: var(--muted); font-size: 0.9rem; }
nav.dg-contents ol { margin: 14px 0 0; padding: 0; list-style: none; columns: 2; column-gap: 32px; }
nav.dg-contents li { margin: 2px 0; }
nav.dg-contents a { color: var(--accent); text-decoration: none; }
nav.dg-contents .dg-number { display: inline-block; width: 1.6em; color: var(--muted); }
.dg-cards {
  display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 12px; margin: 14px 0 18px;
}
.dg-card {
  border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; background: var(--soft);
}
.dg-card .dg-value {
  display: block; font-size: 1.85rem; font-weight: 700; line-height: 1.15;
  font-variant-numeric: tabular-nums; overflow-wrap: anywhere;
}
.dg-card .dg-value.dg-small { font-size: 1.2rem; padding: 0.2em 0; }
.dg-card .dg-label { display: block; color: var(--muted); font-size: 0.85rem; }
.dg-card .dg-detail { display: block; color: var(--muted); font-size: 0.8rem; margin-top: 2px; }
.dg-card.dg-alert { background: var(--red-soft); border-color: #f3c4bf; }
.dg-card.dg-alert .dg-value { color: var(--red); }
.dg-card.dg-good { background: var(--green-soft); border-color: #c3e0c5; }
ul.dg-findings { margin: 8px 0; padding-left: 1.2em; }
ul.dg-findings li { margin: 4px 0; }
table { width: 100%; border-collapse: collapse; margin: 10px 0 6px; font-size: 0.88rem; }
caption { text-align: left; color: var(--muted); font-size: 0.85rem; padding-bottom: 4px; }
th {
  text-align: left; font-weight: 600; padding: 6px 8px; vertical-align: bottom;
  border-bottom: 2px solid var(--ink); background: #ffffff;
}
td { padding: 5px 8px; vertical-align: top; border-bottom: 1px solid var(--line); }
tbody tr:nth-child(even) td { background: #fafbfc; }
tr.dg-worst td { background: var(--amber-soft) !important; }
.dg-num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.dg-name { color: var(--muted); }
td .dg-name { display: block; font-size: 0.85em; overflow-wrap: anywhere; }
.dg-badge {
  display: inline-block; padding: 0 0.55em; border-radius: 999px; font-size: 0.75rem;
  font-weight: 600; line-height: 1.6; white-space: nowrap; border: 1px solid transparent;
}
.dg-badge.dg-provider { color: var(--provider); background: var(--provider-soft); }
.dg-badge.dg-location { color: var(--location); background: var(--location-soft); }
.dg-badge.dg-component { color: var(--component); background: var(--component-soft); }
.dg-badge.dg-provider { border-color: #d9c8ef; }
.dg-badge.dg-location { border-color: #e8d3b8; }
.dg-badge.dg-component { border-color: #c5d6ef; }
.dg-badge.dg-worst { color: var(--amber); background: var(--amber-soft); border-color: #f0d4a4; }
.dg-badge.dg-critical { color: var(--red); background: var(--red-soft); border-color: #f3c4bf; }
.dg-safe { color: var(--green); font-weight: 600; }
.dg-killers { font-size: 0.82rem; line-height: 1.55; }
.dg-killers .dg-group { display: block; }
.dg-killers .dg-kind { color: var(--muted); font-size: 0.92em; }
.dg-killers code { white-space: nowrap; }
table.dg-named td:first-child { min-width: 15em; }
table.dg-compact td .dg-name { display: inline; margin-left: 0.6em; }
table.dg-compact td { padding-top: 4px; padding-bottom: 4px; }
.dg-bar {
  display: inline-block; width: 160px; max-width: 100%; height: 10px; margin-right: 8px;
  vertical-align: middle; background: #e9ecf1; border-radius: 5px; overflow: hidden;
}
.dg-bar > span { display: block; height: 100%; background: var(--red); border-radius: 5px; }
.dg-bar.dg-low > span { background: #e39a2d; }
.dg-bar.dg-zero > span { background: transparent; }
figure { margin: 16px 0 24px; }
figure svg {
  display: block; max-width: 100%; height: auto; border: 1px solid var(--line); border-radius: 6px;
}
figcaption { font-weight: 600; margin-bottom: 6px; }
.dg-sentences p { margin: 6px 0; }
.dg-deadlock { color: var(--red); }
footer {
  margin-top: 48px; padding-top: 10px; border-top: 1px solid var(--line); color: var(--muted);
  font-size: 0.85rem;
}
@media screen and (max-width: 800px) {
  main { padding: 20px 16px 40px; }
  .dg-cards { grid-template-columns: repeat(2, minmax(0, 1fr)); }
  nav.dg-contents ol { columns: 1; }
}
@media print {
  @page { size: A4; margin: 14mm 12mm 16mm; }
  html { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  section { break-before: page; }
  section#summary { break-before: auto; }
  h2, h3, caption, figcaption { break-after: avoid; }
  tr, .dg-card, figure, .dg-sentences p { break-inside: avoid; }
  thead { display: table-header-group; }
  tbody tr:nth-child(even) td { background: transparent; }
  nav.dg-contents a { color: var(--ink); }
  figure svg { border: none; }
}
"""


class _Page:
    def __init__(self, report: GovernanceReport, diagrams: Sequence[tuple[str, str]]) -> None:
        self.report = report
        self.inventory = report.inventory
        self.diagrams = diagrams
        self.out: list[str] = []
        self.section_number = 0

    def add(self, *parts: str) -> None:
        self.out.extend(parts)

    # -- helpers

    def component(self, ident: str) -> str:
        """An id, with the component's name under it when it has one."""
        found = self.inventory.components.get(ident)
        name = found.name if found is not None else ""
        return _code(ident) + (f'<span class="dg-name">{_e(name)}</span>' if name else "")

    def provider(self, ident: str, name: str) -> str:
        return _code(ident) + (f'<span class="dg-name">{_e(name)}</span>' if name else "")

    def open_section(self, anchor: str) -> None:
        self.section_number += 1
        title = dict(SECTIONS)[anchor]
        self.add(f'<section id="{anchor}">',
                 f'<h2><span class="dg-number">{self.section_number}</span>{_e(title)}</h2>')

    @staticmethod
    def table(header: Sequence[tuple[str, str]], rows: Iterable[str], kind: str = "") -> str:
        """A table: ``header`` as (label, class) pairs, ``rows`` as ready ``<tr>``s;
        ``kind`` a class of the table."""
        head = "".join(f'<th class="dg-{cls}" scope="col">{label}</th>' if cls
                       else f'<th scope="col">{label}</th>' for label, cls in header)
        opening = f'<table class="dg-{kind}">' if kind else "<table>"
        return (f"{opening}<thead><tr>{head}</tr></thead><tbody>\n"
                + "\n".join(rows) + "\n</tbody></table>")

    # -- the parts

    def render(self) -> str:
        inventory = self.inventory
        title = f"Governance report: {inventory.name or 'inventory'}"
        self.add("<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
                 '<meta name="viewport" content="width=device-width, initial-scale=1">',
                 f'<meta name="generator" content="depgraph {_e(__version__)}">',
                 f"<title>{_e(title)}</title>", f"<style>{_STYLE}</style>", "</head>",
                 "<body>", "<main>")
        self.cover()
        self.summary()
        self.targets()
        self.spofs()
        self.concentration()
        self.scenarios()
        self.restoration()
        self.figures()
        named = f"\u201c{_e(inventory.name)}\u201d" if inventory.name else "(unnamed)"
        self.add(f"<footer>Generated by depgraph {_e(__version__)} from the inventory {named}. "
                 "The same inventory always gives the same report; regenerate it with "
                 "<code>depgraph report</code>.</footer>",
                 "</main>", "</body>", "</html>")
        return "\n".join(self.out) + "\n"

    def cover(self) -> None:
        inventory, figures = self.inventory, self.report.figures
        source = (f"the inventory \u201c{_e(inventory.name)}\u201d" if inventory.name
                  else "an unnamed inventory")
        if inventory.version:
            source += f", version {_e(inventory.version)}"
        self.add('<header class="dg-cover">', '<p class="dg-eyebrow">Governance report</p>',
                 f"<h1>{_e(inventory.name or 'Inventory')}</h1>")
        if inventory.description:
            self.add(f'<p class="dg-lead">{_e(inventory.description)}</p>')
        self.add(f'<p class="dg-generated">Generated by depgraph {_e(__version__)} from {source}: '
                 f"{plural(figures.components, 'component')}, "
                 f"{plural(figures.providers, 'provider')}, "
                 f"{plural(figures.locations, 'location')}.</p>")
        items = "".join(f'<li><a href="#{anchor}"><span class="dg-number">{n}</span>'
                        f"{_e(title)}</a></li>"
                        for n, (anchor, title) in enumerate(SECTIONS, 1))
        self.add(f'<nav class="dg-contents" aria-label="Contents"><ol>{items}</ol></nav>',
                 "</header>")

    def card(self, value: str, label: str, detail: str = "", kind: str = "",
             small: bool = False) -> str:
        cls = f"dg-card dg-{kind}" if kind else "dg-card"
        value_cls = "dg-value dg-small" if small else "dg-value"
        return (f'<div class="{cls}"><span class="{value_cls}">{value}</span>'
                f'<span class="dg-label">{label}</span>'
                + (f'<span class="dg-detail">{detail}</span>' if detail else "") + "</div>")

    def summary(self) -> None:
        report, figures = self.report, self.report.figures
        self.open_section("summary")
        cards = [
            self.card(str(figures.components), "components"),
            self.card(str(figures.providers), "providers"),
            self.card(str(figures.locations), "locations",
                      "places that hold other components"),
            self.card(str(figures.targets), "targets",
                      "critical components, or what nothing depends on"),
            self.card(str(figures.at_risk), "targets at risk",
                      f"{_percent(figures.at_risk, figures.targets)} of the targets",
                      "alert" if figures.at_risk else "good"),
            self.card(str(figures.spof_total), "single points of failure",
                      _e(_kinds(figures.spofs)), "alert" if figures.spof_total else "good"),
        ]
        worst, plan = report.worst, report.worst_plan
        if worst is not None and plan is not None:
            cards.append(self.card(_code(worst.id), f"worst single loss ({worst.kind})",
                                   (f"{_e(worst.name)}: " if worst.name else "")
                                   + f"{len(worst.targets_down)} targets down, "
                                   f"{worst.failed} components failed", small=True))
            cards.append(self.card(duration_or_never(plan.total) if plan.steps else "0",
                                   "to restore the worst loss",
                                   f"{len(plan.unrestorable)} never back"
                                   if plan.unrestorable else
                                   f"{len(plan.rto_breaches)} RTO breaches",
                                   "alert" if plan.unrestorable or plan.rto_breaches else ""))
        self.add(f'<div class="dg-cards">{"".join(cards)}</div>', "<h3>Key findings</h3>",
                 '<ul class="dg-findings">'
                 + "".join(f"<li>{s}</li>" for s in key_findings(report, _e, _code))
                 + "</ul>", "</section>")

    def targets(self) -> None:
        report = self.report.spof
        self.open_section("targets")
        killers = self.report.killers
        order = sorted(report.targets, key=lambda t: (-len(killers[t]), t))
        note = left_out(MOST_ROWS, len(order), "targets", "the most exposed first",
                        "<code>depgraph spof INVENTORY</code>")
        order = order[:MOST_ROWS]
        rows = []
        for target in order:
            first = self.component(target)
            found = killers[target]
            if not found:
                rows.append(f"<tr><td>{first}</td><td class=\"dg-num\">0</td>"
                            '<td><span class="dg-safe">safe</span>: no single failure takes '
                            "it down</td></tr>")
                continue
            groups = []
            for kind in ("provider", "location", "component"):
                ids = [s.id for s in found if s.kind == kind]
                if ids:
                    groups.append(f'<span class="dg-group"><span class="dg-kind">'
                                  f"{plural(len(ids), kind)}:</span> "
                                  + ", ".join(_code(i) for i in ids) + "</span>")
            rows.append(f'<tr><td>{first}</td><td class="dg-num">{len(found)}</td>'
                        f'<td class="dg-killers">{"".join(groups)}</td></tr>')
        at_risk = len(report.at_risk)
        self.add(f"<p>{at_risk} of {plural(len(report.targets), 'target')} can be taken down "
                 "by a single failure. Each row lists every component, provider and location "
                 "whose failure alone takes the target down, the most damaging first.</p>",
                 self.table([("Target", "target"), ("SPOFs", "num"),
                             ("Taken down by (alone)", "")], rows))
        self.note(note)
        self.add("</section>")

    def note(self, note: str | None) -> None:
        if note:
            self.add(f'<p class="dg-note">{note}</p>')

    def spofs(self) -> None:
        report = self.report.spof
        targets = len(report.targets)
        self.open_section("spofs")
        if not report.spofs:
            self.add("<p>No single point of failure: no single component, provider or "
                     "location takes down a target.</p>", "</section>")
            return
        rows = [self.spof_row(rank, spof, targets)
                for rank, spof in enumerate(report.spofs[:MOST_ROWS], 1)]
        self.add("<p>Ranked by the targets each takes down, then by how many components fail "
                 "with it (its blast radius).</p>",
                 self.table([("#", "num"), ("Kind", ""), ("Single point", ""),
                             ("Targets down", "num"), ("Share", "num"),
                             ("Components failed", "num")], rows, "compact"))
        self.note(left_out(MOST_ROWS, len(report.spofs), "single points of failure",
                           "the worst first",
                           "<code>depgraph spof INVENTORY</code>"))
        self.add("</section>")

    def spof_row(self, rank: int, spof: SinglePoint, targets: int) -> str:
        if spof.kind == "provider":
            provider = self.inventory.providers.get(spof.id)
            what = self.provider(spof.id, provider.name if provider else "")
        else:
            what = self.component(spof.id)
        return (f'<tr><td class="dg-num">{rank}</td>'
                f'<td><span class="dg-badge dg-{spof.kind}">{spof.kind}</span></td>'
                f'<td>{what}</td><td class="dg-num">{len(spof.kills)}</td>'
                f'<td class="dg-num">{_percent(len(spof.kills), targets)}</td>'
                f'<td class="dg-num">{spof.blast_radius}</td></tr>')

    @staticmethod
    def bar(row: Concentration) -> str:
        share = row.share
        cls = ("dg-bar dg-zero" if not row.kills else "dg-bar dg-low" if share < 0.25
               else "dg-bar")
        return (f'<span class="{cls}" aria-hidden="true"><span style="width: '
                f'{100 * share:.1f}%"></span></span>{100 * share:.0f}%')

    def concentration(self) -> None:
        rows = self.report.concentration
        self.open_section("concentration")
        if not rows:
            self.add("<p>The inventory names no provider.</p>", "</section>")
            return
        body = [f"<tr><td>{self.provider(r.provider, r.name)}</td><td>{_e(r.kind)}</td>"
                f'<td class="dg-num">{r.components}</td>'
                f'<td class="dg-num">{len(r.kills)} of {r.targets}</td>'
                f"<td>{self.bar(r)}</td></tr>" for r in rows]
        self.add("<p>For each provider, the share of the targets that depend on it alone: "
                 "the targets that its loss, and nothing else, takes down.</p>",
                 self.table([("Provider", ""), ("Kind", ""), ("Components operated", "num"),
                             ("Targets it alone takes down", "num"), ("Share of targets", "")],
                            body), "</section>")

    def scenario_rows(self, scenarios: Sequence[Scenario]) -> list[str]:
        worst = self.report.worst_key
        rows = []
        for s in scenarios:
            is_worst = s.key == worst
            what = (self.provider(s.id, s.name) if s.kind == "provider"
                    else self.component(s.id))
            if is_worst:
                what += ' <span class="dg-badge dg-worst">worst</span>'
            down = s.targets_down
            listed = ", ".join(_code(t) for t in down[:6])
            if len(down) > 6:
                listed += f" and {len(down) - 6} more"
            opening = '<tr class="dg-worst">' if is_worst else "<tr>"
            rows.append(f'{opening}<td>{what}</td>'
                        f'<td class="dg-num">{s.holds}</td><td class="dg-num">{s.failed}</td>'
                        f'<td class="dg-num">{len(down)}</td><td class="dg-killers">{listed}</td>'
                        f'<td class="dg-num">{s.degraded}</td></tr>')
        return rows

    def scenarios(self) -> None:
        report = self.report
        self.open_section("scenarios")
        self.add("<p>What each provider's loss (every component it operates fails) and each "
                 "location's loss (the location fails, and with it everything it holds) takes "
                 "down. <em>Components failed</em> counts every component that fails, the first "
                 "ones included; <em>degraded</em>, those that still work on reduced "
                 "redundancy.</p>")
        header = [("Components failed", "num"), ("Targets down", "num"), ("Targets", ""),
                  ("Degraded", "num")]
        self.add("<h3>Provider losses</h3>")
        if report.provider_scenarios:
            self.add(self.table([("Provider", ""), ("Operates", "num")] + header,
                                self.scenario_rows(report.provider_scenarios), "named"))
        else:
            self.add('<p class="dg-note">No provider operates a component.</p>')
        self.add("<h3>Location losses</h3>")
        if report.location_scenarios:
            places = report.location_scenarios
            self.add(self.table([("Location", ""), ("Holds", "num")] + header,
                                self.scenario_rows(places[:MOST_ROWS]), "named"))
            self.note(left_out(MOST_ROWS, len(places), "location losses", "the worst first",
                               "<code>depgraph spof INVENTORY</code>"))
        else:
            self.add('<p class="dg-note">No component is located in another.</p>')
        self.add("</section>")

    def restoration(self) -> None:
        report, plan, worst = self.report, self.report.worst_plan, self.report.worst
        self.open_section("restoration")
        if worst is None or plan is None:
            self.add("<p>No provider or location loss to plan for.</p>", "</section>")
            return
        self.add(f"<p>The worst single loss is {worst.kind} {self.inline(worst)}: it takes "
                 f"down {len(worst.targets_down)} of {plural(report.figures.targets, 'target')}. "
                 "This is how everything comes back after it, teams unlimited.</p>",
                 '<div class="dg-sentences">'
                 + "".join(f"<p>{s}</p>" for s in plan_sentences(plan, _e, _code))
                 + "</div>")
        if plan.deadlocks:
            self.add("<h3>Deadlocks</h3>", "<ul>" + "".join(
                f'<li class="dg-deadlock">{_e(deadlock_sentence(d))}'
                + (f"; also keeps down {len(d.blocks)} more" if d.blocks else "") + "</li>"
                for d in plan.deadlocks) + "</ul>")
        svg = sanitise_svg(timeline_svg(plan, self.inventory), "timeline-",
                           "Restoration timeline")
        if svg is not None:
            self.add('<figure class="dg-timeline"><figcaption>Restoration timeline</figcaption>',
                     svg, "</figure>")
        if plan.critical_path:
            rows = []
            for number, ident in enumerate(plan.critical_path, 1):
                step = plan.step(ident)
                rows.append(f'<tr><td class="dg-num">{number}</td><td>{self.component(ident)}</td>'
                            f"<td>{_e(step.team or '')}</td>"
                            f'<td class="dg-num">{duration_or_never(step.start)}</td>'
                            f'<td class="dg-num">{duration_or_never(step.end)}</td></tr>')
            self.add(f"<h3>Critical path ({duration_or_never(plan.total)})</h3>",
                     "<p>The chain of restorations that decides when the last component is "
                     "back: shortening any of them brings the end forward.</p>",
                     self.table([("#", "num"), ("Component", ""), ("Team", ""),
                                 ("Starts", "num"), ("Back", "num")], rows))
        breaches = [c for c in plan.rto if c.breached]
        if breaches:
            breaches.sort(key=lambda c: (c.back is not None, -((c.back or 0) - (c.rto or 0)),
                                         c.id))
            rows = [f"<tr><td>{self.component(c.id)}</td>"
                    f'<td class="dg-num">{duration_or_never(c.rto)}</td>'
                    f'<td class="dg-num">{duration_or_never(c.back)}</td>'
                    f'<td class="dg-num">{_late(c.back, c.rto)}</td></tr>'
                    for c in breaches[:MOST_ROWS]]
            self.add(f"<h3>Recovery time objectives breached ({len(breaches)})</h3>",
                     self.table([("Component", ""), ("RTO", "num"), ("Back after", "num"),
                                 ("Late by", "num")], rows, "compact"))
            self.note(left_out(MOST_ROWS, len(breaches), "breaches", "the latest first",
                               "<code>depgraph restore-plan INVENTORY --fail "
                               f"{_e(worst.selector)}</code>"))
        if plan.team_delays:
            self.add("<h3>Teams holding back critical components</h3>", "<ul>" + "".join(
                f"<li>team {_e(d.team)} ({d.capacity} at once) delays {_code(d.component)} "
                f"by {format_duration(d.delay)}</li>" for d in plan.team_delays) + "</ul>")
        self.add("</section>")

    def inline(self, scenario: Scenario) -> str:
        return _code(scenario.id) + (f" \u201c{_e(scenario.name)}\u201d" if scenario.name else "")

    def figures(self) -> None:
        self.open_section("diagrams")
        shown = 0
        for number, (title, svg) in enumerate(self.diagrams, 1):
            inline = sanitise_svg(svg, f"diagram{number}-", title)
            if inline is None:
                self.add(f'<p class="dg-note">{_e(title)}: the picture could not be read.</p>')
                continue
            shown += 1
            self.add(f"<figure><figcaption>{_e(title)}</figcaption>", inline, "</figure>")
        if not shown:
            self.add('<p class="dg-note">No diagram in this report: draw them with '
                     "<code>depgraph render</code> (Graphviz is needed).</p>")
        self.add("</section>")


def report_html(report: GovernanceReport, diagrams: Sequence[tuple[str, str]] = ()) -> str:
    """The governance report as one HTML page, with the restoration timeline of the worst
    loss and ``diagrams``, ``(title, SVG text)`` pairs drawn by depgraph, inline."""
    return _Page(report, diagrams).render()

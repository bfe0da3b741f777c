"""The tabletop exercise pack's files, and the debrief, as text (pure: the CLI writes them).

The pack (:func:`pack_files`): ``card.md`` (the scenario card), ``chronogramme.csv`` (the
injects in time order, for the animators), ``observer-grid.csv`` (one line per expected
decision, columns left blank for the observer), ``contacts.csv`` (the owners of the
degraded procedures and the teams), ``timeline.svg`` (the scenario in time) and
``booklet.html``, all of it in one page that prints (A4, a page break before each
part, the grid with room to write). CSV cells never start a formula (as the BIA's);
every inventory string in the booklet is escaped and the picture sanitised, as in the
governance report.

Times are ``T+`` durations (``T+2h30m``) and, in a column of their own, minutes, so
that a spreadsheet sorts and subtracts them.
"""

from __future__ import annotations

import csv as _csv
import io
import json
from typing import Any, Iterable, Sequence

from depgraph._version import __version__
from depgraph.analysis.exercise import Debrief, Exercise, Inject
from depgraph.core.durations import format_duration
from depgraph.core.wording import json_escaped, plural, visible
from depgraph.formats.bia import _safe
from depgraph.formats.markdown_text import escape, table
from depgraph.formats.report_style import STYLE
from depgraph.formats.svg_sanitiser import escape_html as _e
from depgraph.formats.svg_sanitiser import sanitise_svg

__all__ = ["CHRONOGRAMME_COLUMNS", "GRID_COLUMNS", "debrief_json", "debrief_markdown",
           "debrief_text", "pack_files", "t_plus"]

CHRONOGRAMME_COLUMNS = ("inject", "t_plus", "minutes", "kind", "event", "affected", "who",
                        "expected", "expected_t_plus", "expected_minutes")
GRID_COLUMNS = ("inject", "t_plus", "who", "expected", "expected_t_plus",
                "expected_minutes", "observed_t_plus", "observed_decision", "comments")
CONTACT_COLUMNS = ("kind", "name", "contact", "answers_for", "detail")


def t_plus(seconds: int | None) -> str:
    """``T+2h30m``; "" for None."""
    return "" if seconds is None else f"T+{format_duration(seconds)}"


def _minutes(seconds: int | None) -> str:
    return "" if seconds is None else f"{seconds / 60:g}"


def _csv_text(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    out = io.StringIO()
    writer = _csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([_safe(visible(c)) for c in row] for row in rows)
    return out.getvalue()


def _chronogramme_rows(pack: Exercise) -> list[list[str]]:
    return [[i.number, t_plus(i.at), _minutes(i.at), i.kind, i.event, " ".join(i.affected),
             i.who, i.expected, t_plus(i.expected_at), _minutes(i.expected_at)]
            for i in pack.injects]


def _grid_rows(pack: Exercise) -> list[list[str]]:
    return [[i.number, t_plus(i.at), i.who, i.expected, t_plus(i.expected_at),
             _minutes(i.expected_at), "", "", ""] for i in pack.expected]


def _contact_rows(pack: Exercise) -> list[list[str]]:
    return [[c.kind, c.name, c.contact, " ".join(c.answers_for), c.detail]
            for c in pack.contacts]


def _ends(pack: Exercise) -> str:
    end = pack.timeline.end
    never = pack.timeline.never_back
    said = f"the last component is back at {t_plus(end)}" if end else "nothing goes down"
    if never:
        said += f"; {plural(len(never), 'component')} never back"
    return said


def _went_down(pack: Exercise) -> str:
    down, activated = len(pack.impact.down), len(pack.impact.activated)
    return (f"{down} of {plural(len(pack.impact.functions), 'business function')} "
            f"{'goes' if down == 1 else 'go'} down; "
            f"{plural(activated, 'degraded procedure')} "
            f"{'is' if activated == 1 else 'are'} activated")


def card_markdown(pack: Exercise) -> str:
    """The scenario card: what happened, what the players know at T+0, the rules."""
    s = pack.scenario
    name = pack.inventory.name or "the inventory"
    lines = [f"# Exercise card: {escape(s.label)}", "",
             f"Scenario `{s.id}` of {escape(name)}, from depgraph {__version__}.", ""]
    if s.description:
        lines += [escape(s.description), ""]
    lines += ["## What happened (T+0)", ""]
    lines += [f"- {escape(said)}" for said in pack.known_at_start] or ["- Nothing yet."]
    lines += ["", "## What the players know", "",
              "Only what is above. The animators hold the chronogramme "
              "(`chronogramme.csv`) and play each inject at its time; the observers fill in "
              "`observer-grid.csv`.", "", "## The exercise", "",
              f"- {plural(len(pack.injects), 'inject')}, "
              f"{plural(len(pack.expected), 'expected decision')} to observe.",
              f"- In the model, {_ends(pack)}.",
              f"- {_went_down(pack)}."]
    if pack.timeline.teams:
        lines.append("- Teams limited: " + ", ".join(
            f"{escape(t)} {n} at once" for t, n in sorted(pack.timeline.teams.items())) + ".")
    return "\n".join(lines) + "\n"


def pack_files(pack: Exercise, timeline_svg: str) -> dict[str, str]:
    """Every file of the pack, by name."""
    return {
        "card.md": card_markdown(pack),
        "chronogramme.csv": _csv_text(CHRONOGRAMME_COLUMNS, _chronogramme_rows(pack)),
        "observer-grid.csv": _csv_text(GRID_COLUMNS, _grid_rows(pack)),
        "contacts.csv": _csv_text(CONTACT_COLUMNS, _contact_rows(pack)),
        "timeline.svg": timeline_svg,
        "booklet.html": booklet_html(pack, timeline_svg),
    }


# -- the booklet -------------------------------------------------------------------

_BOOKLET_STYLE = """
.dg-grid td { height: 2.6em; }
.dg-grid td.dg-blank { min-width: 7em; border-left: 1px solid var(--line); }
.dg-kind-event td { font-weight: 600; }
.dg-kind-mtpd td:nth-child(4), .dg-kind-outlasted td:nth-child(4) { color: var(--red); }
.dg-contacts { font-size: 0.8rem; }
.dg-contacts td { padding: 2px 6px; }
@media print { tr { break-inside: avoid; } thead { display: table-header-group; }
               .dg-contacts { font-size: 7.5pt; } }
"""


def _table(header: Sequence[str], rows: Iterable[str], cls: str = "") -> str:
    head = "".join(f'<th scope="col">{_e(h)}</th>' for h in header)
    opening = f'<table class="{cls}">' if cls else "<table>"
    return f"{opening}<thead><tr>{head}</tr></thead><tbody>\n" + "\n".join(rows) + \
        "\n</tbody></table>"


def _inject_row(i: Inject) -> str:
    return (f'<tr class="dg-kind-{_e(i.kind)}"><td>{_e(i.number)}</td>'
            f'<td class="dg-num">{_e(t_plus(i.at))}</td><td>{_e(i.kind)}</td>'
            f"<td>{_e(i.event)}</td><td>{_e(i.who)}</td><td>{_e(i.expected)}</td>"
            f'<td class="dg-num">{_e(t_plus(i.expected_at))}</td></tr>')


def booklet_html(pack: Exercise, timeline_svg: str) -> str:
    """The pack as one self-contained page that prints: card, chronogramme, observer
    grid, contact sheet, timeline."""
    s = pack.scenario
    title = f"Exercise: {s.label}"
    out = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f'<meta name="generator" content="depgraph {_e(__version__)}">',
           f"<title>{_e(title)}</title>", f"<style>{STYLE}{_BOOKLET_STYLE}</style>",
           "</head>", "<body>", "<main>",
           '<header class="dg-cover"><p class="dg-eyebrow">Tabletop exercise</p>',
           f"<h1>{_e(s.label)}</h1>"]
    if s.description:
        out.append(f'<p class="dg-lead">{_e(s.description)}</p>')
    parts = [("card", "Scenario card"), ("chronogramme", "Chronogramme (animators)"),
             ("grid", "Observer grid"), ("contacts", "Contact sheet"),
             ("timeline", "The scenario in time")]
    out.append(f'<p class="dg-generated">Scenario <code>{_e(s.id)}</code> of '
               f"{_e(pack.inventory.name or 'the inventory')}, from depgraph "
               f"{_e(__version__)}.</p>")
    out.append('<nav class="dg-contents" aria-label="Contents"><ol>' + "".join(
        f'<li><a href="#{a}"><span class="dg-number">{n}</span>{_e(t)}</a></li>'
        for n, (a, t) in enumerate(parts, 1)) + "</ol></nav></header>")

    def section(number: int) -> None:
        anchor, heading = parts[number - 1]
        out.append(f'<section id="{anchor}"><h2><span class="dg-number">{number}</span>'
                   f"{_e(heading)}</h2>")

    section(1)
    out.append("<h3>What happened (T+0)</h3><ul>" + "".join(
        f"<li>{_e(said)}</li>" for said in pack.known_at_start) + "</ul>")
    out.append("<h3>What the players know</h3><p>Only what is above. The animators hold "
               "the chronogramme and play each inject at its time; the observers fill in "
               "the grid.</p>")
    out.append(f"<h3>The exercise</h3><ul><li>{plural(len(pack.injects), 'inject')}, "
               f"{plural(len(pack.expected), 'expected decision')} to observe.</li>"
               f"<li>In the model, {_e(_ends(pack))}.</li>"
               f"<li>{_e(_went_down(pack))}.</li></ul>"
               "</section>")
    section(2)
    out.append(_table(["#", "T+", "kind", "what happens", "who", "expected", "by"],
                      map(_inject_row, pack.injects), "dg-compact") + "</section>")
    section(3)
    out.append("<p>One line per expected decision: write down when it was taken, and "
               "what was decided.</p>")
    out.append(_table(["#", "who", "expected decision", "by", "observed at",
                       "decision observed", "comments"], (
        f'<tr><td>{_e(i.number)}</td><td>{_e(i.who)}</td><td>{_e(i.expected)}</td>'
        f'<td class="dg-num">{_e(t_plus(i.expected_at))}</td>'
        '<td class="dg-blank"></td><td class="dg-blank"></td><td class="dg-blank"></td></tr>'
        for i in pack.expected), "dg-grid") + "</section>")
    section(4)
    out.append(_table(["kind", "name", "contact", "answers for", "detail"], (
        f"<tr><td>{_e(c.kind)}</td><td>{_e(c.name)}</td><td>{_e(c.contact)}</td>"
        f"<td>{_e(_short(c.answers_for))}</td><td>{_e(c.detail)}</td></tr>"
        for c in pack.contacts), "dg-compact dg-contacts") + "</section>")
    section(5)
    picture = sanitise_svg(timeline_svg, "timeline-", f"The scenario {s.id} in time")
    out.append('<figure class="dg-timeline">' + (picture or "") + "</figure></section>"
               if picture else '<p class="dg-note">The picture could not be read.</p>'
               "</section>")
    out += ["<footer>Generated by depgraph; regenerate it with <code>depgraph exercise"
            "</code>.</footer>", "</main>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


def _short(ids: Sequence[str], most: int = 8) -> str:
    return ", ".join(ids[:most]) + (f" and {len(ids) - most} more" if len(ids) > most else "")


# -- the debrief -------------------------------------------------------------------


def _late_words(late: int | None) -> str:
    if late is None:
        return "not observed"
    if late == 0:
        return "on time"
    return (f"{format_duration(late)} late" if late > 0
            else f"{format_duration(-late)} early")


def _summary(result: Debrief) -> str:
    total = len(result.gaps)
    return (f"{len(result.on_time)} of {plural(total, 'expected decision')} on time, "
            f"{len(result.late)} late, {len(result.missed)} not observed")


def debrief_text(result: Debrief) -> str:
    lines = [f"Debrief of the exercise {visible(result.scenario)}", f"  {_summary(result)}."]
    worst = sorted(result.late, key=lambda g: (-g.late, g.number))[:3]
    if worst:
        lines.append("  Latest: " + "; ".join(f"{g.number} {_late_words(g.late)}"
                                              for g in worst) + ".")
    lines.append("")
    for g in result.gaps:
        lines.append(f"  {g.number}  expected {t_plus(g.expected_at):<12} observed "
                     f"{t_plus(g.observed_at) or '-':<12} {_late_words(g.late):<16} "
                     f"{visible(g.who)}: {visible(g.expected)}"
                     + (f"  [{visible(g.note)}]" if g.note else ""))
    return "\n".join(lines) + "\n"


def debrief_markdown(result: Debrief) -> str:
    lines = [f"# Debrief: {escape(result.scenario)}", "", _summary(result) + ".", ""]
    lines += table(["inject", "who", "expected", "expected at", "observed at", "gap",
                    "note"],
                   [[g.number, escape(g.who), escape(g.expected), t_plus(g.expected_at),
                     t_plus(g.observed_at) or "-", _late_words(g.late), escape(g.note)]
                    for g in result.gaps], right=(3, 4, 5))
    return "\n".join(lines) + "\n"


def debrief_json(result: Debrief) -> str:
    data: dict[str, Any] = {
        "scenario": result.scenario,
        "summary": {"expected": len(result.gaps), "on_time": len(result.on_time),
                    "late": len(result.late), "missed": len(result.missed)},
        "injects": [{"inject": g.number, "who": g.who, "expected": g.expected,
                     "expected_minutes": g.expected_at / 60,
                     "observed_minutes": None if g.observed_at is None
                     else g.observed_at / 60,
                     "late_minutes": None if g.late is None else g.late / 60,
                     "note": g.note} for g in result.gaps]}
    return json_escaped(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)) + "\n"

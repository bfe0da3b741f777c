"""The business impact analysis in every format that writes it: text, Markdown, JSON and
CSV (one row per function and scenario, for a spreadsheet's pivot table). The formats'
``bia`` methods call these; the sentences are shared.

One scenario is told function by function; several make a library: the scenarios by
weighted impact, then each function's worst case across them (the CSV and the JSON
carry the whole matrix).
"""

from __future__ import annotations

import csv as _csv
import io
from typing import Any

from depgraph.analysis.bia import BusinessImpact, FunctionImpact, ScenarioImpact
from depgraph.core.durations import format_duration
from depgraph.core.wording import plural, visible
from depgraph.formats.base import minutes
from depgraph.formats.markdown_text import escape, table

__all__ = ["csv_text", "json_data", "markdown_text", "text"]


def _duration(seconds: int | None) -> str:
    return "never back" if seconds is None else format_duration(seconds)


def _impact(value: float | None) -> str:
    return "unbounded" if value is None else f"{value:,.1f}".replace(".0", "")


def _procedure(f: FunctionImpact) -> str:
    """``paper admissions from 15m, for 3d (outlasted: sustainable 2d)``."""
    plan = f.continuity
    if plan is None:
        return "no degraded procedure"
    if not f.activated:
        return f"{plan.procedure}: not needed (back within {format_duration(plan.activation)})"
    running = f.procedure_time
    words = (f"{plan.procedure} from {format_duration(f.activated_at)}, "
             f"{'to the end' if running is None else 'for ' + format_duration(running)}")
    if f.outlasted:
        words += f" (OUTLASTED: sustainable {format_duration(plan.sustainable)})"
    return words


def _who(f: FunctionImpact) -> str:
    plan = f.continuity
    if plan is None:
        return ""
    parts = [p for p in (plan.owner, plan.contact, plan.document) if p]
    return ", ".join(parts)


def _headline(column: ScenarioImpact, total: int) -> str:
    down, mtpd, rto = len(column.down), len(column.mtpd_breaches), len(column.rto_breaches)
    activated = column.activated
    outlasted = sum(1 for f in activated if f.outlasted)
    return (f"{down} of {plural(total, 'function')} down; "
            f"{plural(mtpd, 'MTPD breach', 'MTPD breaches')}, "
            f"{plural(rto, 'RTO breach', 'RTO breaches')}; "
            f"{plural(len(activated), 'degraded procedure')} activated, {outlasted} outlasted; "
            f"weighted impact {_impact(column.impact)} (weight x hours down).")


def _ranked(column: ScenarioImpact) -> list[FunctionImpact]:
    """The functions down, heaviest impact first (never back first), then by id."""
    return sorted(column.down, key=lambda f: (f.impact is not None, -(f.impact or 0), f.id))


def _by_impact(result: BusinessImpact) -> list[ScenarioImpact]:
    return sorted(result.scenarios, key=lambda s: (
        s.impact is not None, -(s.impact or 0), -len(s.down), s.scenario.id))


def _worst_cases(result: BusinessImpact) -> list[tuple[str, FunctionImpact, ScenarioImpact,
                                                       int]]:
    """Per function ever down: its longest disruption across the scenarios (never back
    first), the scenario, and how many scenarios breach its MTPD."""
    cells_of: dict[str, list] = {}
    for s in result.scenarios:
        for f in s.down:
            cells_of.setdefault(f.id, []).append((f, s))
    found = []
    for ident, cells in cells_of.items():
        worst, where = min(cells, key=lambda cell: (
            cell[0].disruption is not None, -(cell[0].disruption or 0), cell[1].scenario.id))
        breaches = sum(1 for f, _ in cells if f.mtpd_breach)
        found.append((ident, worst, where, breaches))
    return sorted(found, key=lambda row: (-row[3], row[1].disruption is not None,
                                          -(row[1].disruption or 0), row[0]))


def _worst_rows(result: BusinessImpact, show) -> list[list[str]]:
    """The worst cases, functions alike in one row: the same disruption, MTPD and count
    of breaches, and the same worst scenario or each its own of one kind (the loss of
    its own site, say)."""
    from depgraph.analysis.timeline.words import who

    groups: dict[tuple, list] = {}
    for ident, f, s, breaches in _worst_cases(result):
        key = (_duration(f.disruption), _limit(f.mtpd, f.mtpd_breach), str(breaches), s.kind)
        groups.setdefault(key, []).append((ident, s.scenario.label))
    rows = []
    for (disrupted, mtpd, breaches, kind), members in groups.items():
        labels = {label for _, label in members}
        where = show(labels.pop()) if len(labels) == 1 else f"each its own {kind}'s loss" \
            if kind in ("location", "provider") else f"{len(labels)} scenarios"
        rows.append([who(sorted(i for i, _ in members)), disrupted, mtpd, breaches, where])
    return rows


def _function_rows(column: ScenarioImpact) -> list[list[str]]:
    return [[f.id, _impact(f.impact), _duration(f.disruption), _duration(f.down_time),
             _limit(f.mtpd, f.mtpd_breach), _limit(f.rto, f.rto_breach), _procedure(f)]
            for f in _ranked(column)]


def _limit(limit: int | None, breached: bool) -> str:
    if limit is None:
        return "-"
    return f"{format_duration(limit)} {'BREACHED' if breached else 'met'}"


def _table(headers: list[str], rows: list[list[str]], indent: str = "  ") -> list[str]:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h)
              for i, h in enumerate(headers)]
    last = len(headers) - 1

    def line(cells: list[str]) -> str:
        return indent + "  ".join(c if i == last else c.ljust(widths[i])
                                  for i, c in enumerate(cells)).rstrip()

    return [line(headers), *map(line, rows)]


# -- text ----------------------------------------------------------------------------


def text(result: BusinessImpact) -> str:
    inventory = result.inventory
    name = visible(inventory.name) or "the inventory"
    if len(result.scenarios) == 1:
        return _text_one(result, result.scenarios[0], name)
    lines = [f"Business impact of {name}: {plural(len(result.scenarios), 'scenario')}, "
             f"{plural(len(result.functions), 'function')}"]
    worst = result.worst()
    breaching = sum(1 for s in result.scenarios if s.mtpd_breaches)
    if worst is None:
        lines += ["", "No scenario takes a function down."]
        return "\n".join(lines) + "\n"
    lines.append(f"  The worst: {visible(worst.scenario.label)} (weighted impact "
                 f"{_impact(worst.impact)}); {breaching} of {len(result.scenarios)} "
                 "scenarios breach an MTPD.")
    lines += ["", "SCENARIOS (by weighted impact: weight x hours down)"]
    rows = [[_impact(s.impact), str(len(s.down)), str(len(s.mtpd_breaches)),
             str(len(s.rto_breaches)), s.kind, visible(s.scenario.label)]
            for s in _by_impact(result) if s.down]
    lines += _table(["impact", "down", "MTPD breaches", "RTO breaches", "kind", "scenario"],
                    rows)
    calm = sum(1 for s in result.scenarios if not s.down)
    if calm:
        lines.append(f"  ({plural(calm, 'scenario')} take no function down)")
    lines += ["", "EACH FUNCTION'S WORST CASE (longest disruption; MTPD breached in how "
                  "many scenarios)"]
    lines += _table(["functions", "disrupted", "MTPD", "breached in", "worst scenario"],
                    _worst_rows(result, visible))
    lines += ["", "The whole matrix, function by scenario: -f csv or -f json."]
    return "\n".join(lines) + "\n"


def _grouped(rows: list[tuple[str, tuple, float | None]]) -> list[tuple[list[str], tuple,
                                                                    float | None]]:
    """Rows alike but for the id (and the impact, summed) as one: ``[(ids, row,
    impact)]`` in the order of their first row."""
    groups: dict[tuple, list] = {}
    for ident, row, impact in rows:
        entry = groups.setdefault(row, [[], 0.0])
        entry[0].append(ident)
        entry[1] = None if impact is None or entry[1] is None else entry[1] + impact
    return [(sorted(ids), row, impact) for row, (ids, impact) in groups.items()]


def _text_one(result: BusinessImpact, column: ScenarioImpact, name: str) -> str:
    from depgraph.analysis.timeline.words import who

    scenario = column.scenario
    lines = [f"Business impact of {name}",
             f"Scenario {visible(scenario.id)}"
             + (f": {visible(scenario.name)}" if scenario.name else "")]
    if result.teams:
        lines.append("  teams limited: " + ", ".join(
            f"{team} {hands} at once" for team, hands in sorted(result.teams.items())))
    lines += ["", _headline(column, len(result.functions))]
    ranked = _ranked(column)
    breached = _grouped([(f.id, (_duration(f.disruption), format_duration(f.mtpd)), 0.0)
                         for f in ranked if f.mtpd_breach])
    if breached:
        lines += ["", f"MTPD BREACHES ({len(column.mtpd_breaches)}; functions alike share "
                      "a row)"]
        lines += [f"  {who(ids)}: disrupted {disrupted}, MTPD {mtpd}"
                  for ids, (disrupted, mtpd), _ in breached]
    outlasted = _grouped([(f.id, (f.continuity.procedure,
                                  format_duration(f.continuity.sustainable),
                                  _duration(f.procedure_time)), 0.0)
                          for f in ranked if f.outlasted])
    if outlasted:
        lines += ["", "DEGRADED PROCEDURES OUTLASTED "
                      f"({sum(len(ids) for ids, _, _ in outlasted)})"]
        lines += [f"  {who(ids)}: {visible(procedure)}, sustainable {limit}, needed {needed}"
                  for ids, (procedure, limit, needed), _ in outlasted]
    if column.down:
        rows = _grouped([(row[0], tuple(row[2:]), f.impact)
                         for f, row in zip(ranked, _function_rows(column), strict=True)])
        rows.sort(key=lambda g: (g[2] is not None, -(g[2] or 0), g[0][0]))
        lines += ["", f"FUNCTIONS DOWN ({len(column.down)}; heaviest impact first, "
                      "functions alike in one row, their impact summed)"]
        lines += _table(["impact", "disrupted", "down", "MTPD", "RTO", "functions",
                         "degraded procedure"],
                        [[_impact(impact), *row[:4], who(ids), visible(row[4])]
                         for ids, row, impact in rows])
        reach = [(f.id, _who(f)) for f in ranked if f.activated and _who(f)]
        if reach and len(reach) <= 20:
            lines += ["", "WHO ACTIVATES THEM"]
            lines += [f"  {ident}: {visible(text)}" for ident, text in reach]
        elif reach:
            lines += ["", f"Who activates the {len(reach)} procedures, and how to reach "
                          "them: -f csv or -f json."]
    return "\n".join(lines) + "\n"


# -- Markdown ------------------------------------------------------------------------


def markdown_text(result: BusinessImpact) -> str:
    inventory = result.inventory
    name = escape(inventory.name or "inventory")
    lines: list[str] = []
    if len(result.scenarios) == 1:
        column = result.scenarios[0]
        lines += [f"# Business impact: {escape(column.scenario.label)}", "",
                  f"**Inventory:** {name} · **scenario** `{column.scenario.id}`", "",
                  f"**{escape(_headline(column, len(result.functions)))}**", ""]
        if column.down:
            lines += table(["function", "impact", "disrupted", "down", "MTPD", "RTO",
                            "degraded procedure"],
                           [[f"`{r[0]}`", *map(escape, r[1:])]
                            for r in _function_rows(column)])
            reach = [(f.id, _who(f)) for f in _ranked(column) if f.activated and _who(f)]
            if reach and len(reach) <= 20:
                lines += ["", "## Who activates them", ""]
                lines += [f"- `{ident}`: {escape(who)}" for ident, who in reach]
            elif reach:
                lines += ["", f"Who activates the {len(reach)} procedures, and how to reach "
                              "them: `-f csv` or `-f json`."]
        return "\n".join(lines) + "\n"
    lines += [f"# Business impact: {plural(len(result.scenarios), 'scenario')}", "",
              f"**Inventory:** {name} · {plural(len(result.functions), 'function')}", ""]
    lines += table(["impact", "down", "MTPD breaches", "RTO breaches", "kind", "scenario"],
                   [[_impact(s.impact), str(len(s.down)), str(len(s.mtpd_breaches)),
                     str(len(s.rto_breaches)), s.kind, escape(s.scenario.label)]
                    for s in _by_impact(result) if s.down])
    lines += ["", "## Each function's worst case", ""]
    lines += table(["functions", "disrupted", "MTPD", "breached in", "worst scenario"],
                   [[escape(row[0]), *row[1:4], row[4]]
                    for row in _worst_rows(result, escape)])
    return "\n".join(lines) + "\n"


# -- JSON and CSV --------------------------------------------------------------------


def _cell_data(f: FunctionImpact) -> dict[str, Any]:
    return {"down": f.down, "first_down_minutes": minutes(f.first_down),
            "back_minutes": minutes(f.back), "never_back": f.never_back,
            "disruption_minutes": minutes(f.disruption),
            "down_minutes": minutes(f.down_time), "mtpd_breach": f.mtpd_breach,
            "rto_breach": f.rto_breach, "activated": f.activated,
            "activated_at_minutes": minutes(f.activated_at), "outlasted": f.outlasted,
            "impact": f.impact}


def json_data(result: BusinessImpact) -> dict[str, Any]:
    inventory = result.inventory
    functions = {}
    for ident in result.functions:
        c = inventory[ident]
        plan = c.continuity
        functions[ident] = {
            "name": c.name, "weight": c.weight, "mtpd_minutes": minutes(c.mtpd),
            "rto_minutes": minutes(c.rto),
            "continuity": None if plan is None else {
                "procedure": plan.procedure, "document": plan.document, "owner": plan.owner,
                "contact": plan.contact, "activation_minutes": minutes(plan.activation),
                "sustainable_minutes": minutes(plan.sustainable)}}
    return {
        "inventory": {"name": inventory.name, "components": len(inventory)},
        "teams": dict(sorted(result.teams.items())),
        "functions": functions,
        "scenarios": [{"id": s.scenario.id, "name": s.scenario.name, "kind": s.kind,
                       "impact": s.impact, "down": [f.id for f in s.down],
                       "mtpd_breaches": list(s.mtpd_breaches),
                       "rto_breaches": list(s.rto_breaches),
                       "functions": {f.id: _cell_data(f) for f in s.down}}
                      for s in result.scenarios]}


CSV_COLUMNS = ("scenario", "kind", "function", "weight", "first_down_minutes",
               "back_minutes", "disruption_minutes", "down_minutes", "mtpd_minutes",
               "mtpd_breach", "rto_minutes", "rto_breach", "procedure", "activated_at_minutes",
               "outlasted", "owner", "contact", "document", "impact")


def csv_text(result: BusinessImpact) -> str:
    """One row per scenario and function it takes down (times in minutes; empty: never
    back, or none)."""
    out = io.StringIO()
    writer = _csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)

    def blank(value):
        return "" if value is None else value

    for s in result.scenarios:
        for f in s.down:
            writer.writerow([_safe(s.scenario.id), s.kind, _safe(f.id), f.weight,
                             blank(minutes(f.first_down)), blank(minutes(f.back)),
                             blank(minutes(f.disruption)), blank(minutes(f.down_time)),
                             blank(minutes(f.mtpd)), int(f.mtpd_breach),
                             blank(minutes(f.rto)), int(f.rto_breach),
                             *_plan_cells(f), blank(minutes(f.activated_at)),
                             int(f.outlasted), *_contact_cells(f),
                             blank(None if f.impact is None else round(f.impact, 2))])
    return out.getvalue()


def _plan_cells(f: FunctionImpact) -> list[str]:
    return [_safe(f.continuity.procedure) if f.activated else ""]


def _contact_cells(f: FunctionImpact) -> list[str]:
    plan = f.continuity if f.activated else None
    return ["" if plan is None else _safe(getattr(plan, key) or "")
            for key in ("owner", "contact", "document")]


def _safe(value: str) -> str:
    """A cell a spreadsheet will not run as a formula (``=``, ``+``, ``-``, ``@`` first
    get a quote, as OWASP advises against CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value

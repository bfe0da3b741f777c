"""The governance report's continuity section, as rows both formats lay out.

The scenarios the board reviews (:class:`~depgraph.analysis.governance.Review`): each
one's figures, the BIA matrix of functions × reviewed scenarios, the MTPD breaches, the
degraded procedures each scenario activates and for how long, and the whole scenario
library ranked by weighted impact. Every builder takes the format's escape for
inventory text (``text``), its markup for an id (``ident``) and for a breach
(``mark``), so that the HTML page and the Markdown variant say the same thing.
"""

from __future__ import annotations

import math
from typing import Callable

from depgraph.analysis.bia import FunctionImpact, ScenarioImpact
from depgraph.analysis.governance import Review
from depgraph.core.durations import format_duration
from depgraph.core.wording import plural
from depgraph.formats.bia import _duration, _impact

__all__ = ["breach_rows", "intro", "library_rows", "matrix", "procedure_rows",
           "reviewed_rows"]

Text = Callable[[str], str]


def intro(review: Review, text: Text, ident: Text) -> str:
    """Which scenarios are reviewed, why, and which one heads the report."""
    reviewed = review.reviewed.scenarios
    functions = plural(len(review.reviewed.functions), "business function")
    if not reviewed:
        return (f"The inventory names no scenario to review: the {functions} are measured "
                "against every provider's and location's loss (the library below), each "
                "component repaired in its own restore time.")
    why = ("the scenarios asked for" if review.given else "every scenario of the inventory")
    said = (f"{plural(len(reviewed), 'scenario')} reviewed ({why}) against the {functions}: "
            "for each, when a function goes down and comes back, against its maximum "
            "tolerable period of disruption (MTPD) and its recovery time objective (RTO), "
            "and the degraded procedures it activates.")
    headline = review.headline
    if headline is not None:
        said += (f" The headline scenario, the one of the heaviest weighted impact, is "
                 f"{ident(headline.scenario.id)}"
                 + (f" \u201c{text(headline.scenario.name)}\u201d"
                    if headline.scenario.name else "") + ".")
    return said


def reviewed_rows(review: Review, text: Text, ident: Text, mark: Text,
                  flag: Text) -> list[list[str]]:
    """Per reviewed scenario: id (``flag`` marks the headline), name, functions down,
    MTPD breaches, RTO breaches, procedures activated (outlasted), weighted impact."""
    rows = []
    headline = review.headline.scenario.id if review.headline is not None else None
    total = len(review.reviewed.functions)
    for s in review.reviewed.scenarios:
        activated = s.activated
        outlasted = sum(1 for f in activated if f.outlasted)
        mtpd = len(s.mtpd_breaches)
        rows.append([ident(s.scenario.id) + (" " + flag("headline")
                                              if s.scenario.id == headline else ""),
                     text(s.scenario.name), f"{len(s.down)} of {total}",
                     mark(str(mtpd)) if mtpd else "0", str(len(s.rto_breaches)),
                     f"{len(activated)}" + (f" ({mark(f'{outlasted} outlasted')})"
                                            if outlasted else ""),
                     _impact(s.impact)])
    return rows


def _cell(f: FunctionImpact | None, mark: Text) -> str:
    if f is None:
        return ""
    said = _duration(f.disruption)
    return mark(f"{said}, MTPD breached") if f.mtpd_breach else said


def _who(ids: list[str], ident: Text, most: int = 3) -> str:
    """``h01-care, h02-care, h03-care and 35 more (38)``, each id marked up."""
    shown = ", ".join(ident(i) for i in ids[:most])
    if len(ids) == 1:
        return shown
    return shown + (f" and {len(ids) - most} more" if len(ids) > most else "") + f" ({len(ids)})"


def _grouped(rows: list[tuple[str, float, tuple[str, ...]]], ident: Text
             ) -> list[list[str]]:
    """Rows alike in every cell but the function's in one row, the functions listed and
    their weights summed: ``(function, weight, cells)`` in, heaviest first out."""
    groups: dict[tuple[str, ...], list[tuple[str, float]]] = {}
    for function, weight, cells in rows:
        groups.setdefault(cells, []).append((function, weight))
    found = []
    for cells, members in groups.items():
        ids = sorted(i for i, _ in members)
        weight = math.fsum(w for _, w in members)
        found.append((-weight, ids[0], [_who(ids, ident), f"{weight:g}", *cells]))
    return [row for _, _, row in sorted(found)]


def matrix(review: Review, ident: Text, mark: Text) -> tuple[list[str], list[list[str]]]:
    """The BIA matrix: headers (functions, weight, MTPD, RTO, then one per reviewed
    scenario) and a row per function down in some reviewed scenario, the functions
    alike in every cell in one row, their weights summed, the heaviest first; a cell is
    the disruption (blank: not down), marked when it breaches the MTPD."""
    columns = review.reviewed.scenarios
    cells: dict[str, dict[str, FunctionImpact]] = {}
    for s in columns:
        for f in s.down:
            cells.setdefault(f.id, {})[s.scenario.id] = f
    inventory = review.reviewed.inventory
    rows = []
    for function in sorted(cells):
        c = inventory[function]
        rows.append((function, c.weight, (_limit(c.mtpd), _limit(c.rto), *(
            _cell(cells[function].get(s.scenario.id), mark) for s in columns))))
    return (["functions", "weight", "MTPD", "RTO", *(s.scenario.id for s in columns)],
            _grouped(rows, ident))


def _limit(limit: int | None) -> str:
    return "-" if limit is None else format_duration(limit)


def breach_rows(review: Review, ident: Text) -> list[list[str]]:
    """The MTPD breaches of the reviewed scenarios, scenario by scenario (in review
    order): scenario, functions, MTPD, disruption, over by; the functions alike in one
    row, never back first, then the longest over."""
    rows = []
    for s in review.reviewed.scenarios:
        groups: dict[tuple, list[str]] = {}
        for f in s.down:
            if f.mtpd_breach:
                over = None if f.disruption is None else f.disruption - f.mtpd
                groups.setdefault((over is not None, -(over or 0), f.mtpd, f.disruption),
                                  []).append(f.id)
        for (_, over, mtpd, disruption), ids in sorted(groups.items()):
            rows.append([ident(s.scenario.id), _who(sorted(ids), ident),
                         format_duration(mtpd), _duration(disruption),
                         "never back" if disruption is None else format_duration(-over)])
    return rows


def procedure_rows(review: Review, text: Text, ident: Text, mark: Text) -> list[list[str]]:
    """The degraded procedures each reviewed scenario activates, scenario by scenario:
    scenario, functions, procedure (and its document), owner (or how many), in place at,
    runs for, sustainable (marked when outlasted); the functions that run the same
    procedure at the same times in one row, the earliest in place first."""
    rows = []
    for s in review.reviewed.scenarios:
        groups: dict[tuple, list[FunctionImpact]] = {}
        for f in s.activated:
            running = f.procedure_time
            groups.setdefault((f.activated_at, f.continuity.procedure, running is None,
                               running or 0, f.continuity.sustainable or 0, f.outlasted),
                              []).append(f)
        for key, members in sorted(groups.items()):
            at, procedure, endless, running, _, outlasted = key
            first = members[0].continuity
            documents = sorted({f.continuity.document for f in members
                                if f.continuity.document})
            owners = sorted({f.continuity.owner for f in members if f.continuity.owner})
            if len(members) == 1:
                owner = text(", ".join(p for p in (first.owner, first.contact) if p))
            else:
                owner = text(owners[0]) if len(owners) == 1 else f"{len(owners)} owners"
            document = (f" ({text(documents[0])})" if len(documents) == 1 else
                        f" ({len(documents)} documents)" if documents else "")
            sustainable = first.sustainable
            lasts = "-" if sustainable is None else format_duration(sustainable)
            rows.append([ident(s.scenario.id), _who(sorted(f.id for f in members), ident),
                         text(procedure) + document, owner, "T+" + format_duration(at),
                         "to the end" if endless else format_duration(running),
                         mark(f"{lasts}: outlasted") if outlasted else lasts])
    return rows


def library_rows(review: Review, text: Text, ident: Text, mark: Text) -> list[list[str]]:
    """The whole library by weighted impact (never back first): scenario, kind, name,
    functions down, MTPD breaches, procedures activated, weighted impact."""
    ranked: list[ScenarioImpact] = sorted(
        (s for s in review.library.scenarios if s.down),
        key=lambda s: (s.impact is not None, -(s.impact or 0), -len(s.down), s.scenario.id))
    return [[ident(s.scenario.id), s.kind, text(s.scenario.name), str(len(s.down)),
             mark(str(len(s.mtpd_breaches))) if s.mtpd_breaches else "0",
             str(len(s.activated)), _impact(s.impact)] for s in ranked]

"""A scenario's timeline, in SVG: when each component is down, rides through, is back.

One row per component, or per group of components of one type that go down and come
back together; the targets first, each with its down time summed. A row is red while
down, amber while it rides through on a holdup (working, with something it needs
down), green once back; a row that never comes back is hatched red to the end. A
dashed line marks each event, labelled above the rows. What never comes back is named
at the bottom with why, and so are the datasets lost or unavailable.

The SVG is built as text, deterministically, from the
:class:`~depgraph.analysis.timeline.Timeline` alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from depgraph.analysis.timeline import Timeline
from depgraph.core.durations import format_duration
from depgraph.core.wording import duration_or_zero, listed, plural, visible
from depgraph.render.palette import type_rank
from depgraph.render.svg import esc, fit, tag, text_width, title
from depgraph.render.timeline.geometry import (
    BAR_H,
    GRID,
    INK,
    LEFT,
    MUTED,
    PAD,
    RED,
    ROW_H,
    STRIPE,
    WIDTH,
    Axis,
    document,
)

__all__ = ["scenario_svg"]

AMBER = "#f0a500"
GREEN = "#3c9a4e"
DOWN = "#d62728"
EVENT = "#5b3cc4"
_MAX_ROWS = 60  # rows drawn at most; the rest are counted under the last one
_END = WIDTH - 120  # where the time axis ends: the targets' down time is written after it


class _Axis:
    """The time axis of :class:`~depgraph.render.timeline.geometry.Axis` (its ticks),
    ending at ``_END`` to leave a column for the targets' down time."""

    def __init__(self, total: int):
        base = Axis.for_total(total)
        self.end, self.step = base.end, base.step

    def x(self, seconds: float) -> float:
        return LEFT + (_END - LEFT) * min(seconds, self.end) / self.end


@dataclass(frozen=True)
class _Row:
    label: str
    type: str
    ids: tuple[str, ...]
    down: tuple[tuple[int, int | None], ...]
    riding: tuple[tuple[int, int], ...]
    target: bool
    total: int | None


def _rows(result: Timeline) -> list[_Row]:
    inventory = result.inventory
    targets = set(result.target_ids)
    groups: dict[tuple, list[str]] = {}
    for ident, spans in result.components.items():
        key = (inventory[ident].type, tuple((i.down, i.back) for i in spans),
               result.riding.get(ident, ()), ident in targets)
        groups.setdefault(key, []).append(ident)
    for ident, riding in result.riding.items():  # rode through and never went down
        if ident not in result.components:
            key = (inventory[ident].type, (), riding, ident in targets)
            groups.setdefault(key, []).append(ident)
    rows = []
    for (kind, down, riding, target), ids in groups.items():
        ids = sorted(ids)
        label = visible(inventory[ids[0]].label) if len(ids) == 1 else _group_label(ids, kind)
        total = None if any(b is None for _, b in down) else sum(b - a for a, b in down)
        rows.append(_Row(label, kind, tuple(ids), down, riding, target, total))

    def order(row: _Row):
        first = row.down[0] if row.down else (row.riding[0][0], row.riding[0][1])
        back = row.down[-1][1] if row.down else first[1]
        return (not row.target, first[0], back is None, back or 0, type_rank(row.type),
                row.label, row.ids)

    return sorted(rows, key=order)


def _group_label(ids: list[str], kind: str) -> str:
    """``38 × *-emergency`` where the ids share an ending, else ``38 × business``.

    >>> _group_label(["h01-care", "h02-care"], "business"), _group_label(["a", "b"], "x")
    ('2 × *-care', '2 × x')
    """
    suffix = ids[0]
    for ident in ids[1:]:
        while not ident.endswith(suffix):
            suffix = suffix[1:]
    cut = suffix.find("-")
    suffix = suffix[cut:] if cut >= 0 else ""
    return f"{len(ids)} \u00d7 *{suffix}" if len(suffix) >= 3 else f"{len(ids)} \u00d7 {kind}"


def scenario_svg(result: Timeline) -> str:
    """The timeline as a standalone SVG 1.1 document (with its XML declaration).

    >>> from depgraph import load_inventory
    >>> from depgraph.analysis.timeline import timeline
    >>> svg = scenario_svg(timeline(load_inventory("inventories/campus-fire.yaml"),
    ...                             "grid-loss"))
    >>> svg.startswith('<?xml version="1.0" encoding="UTF-8"?>'), "rides through" in svg
    (True, True)
    """
    rows = _rows(result)
    ends = [b for r in rows for _, b in r.down if b is not None] + \
        [b for r in rows for _, b in r.riding] + [e.at for e in result.scenario.events]
    axis = _Axis(max(ends, default=0))
    out: list[str] = []
    y = _header(out, result)
    y = _legend(out, y + 10, any(r.riding for r in rows), any(r.total is None for r in rows))
    band = y + 8
    labels = _event_labels(result, axis)
    rows_top = band + 18 * max(1, len(labels)) + 16
    shown = rows[:_MAX_ROWS]
    bottom = rows_top + ROW_H * len(shown)
    out.append('<g class="stripes">')
    for index in range(0, len(shown), 2):
        out.append(tag("rect", None, x=PAD - 6, y=rows_top + ROW_H * index,
                       width=WIDTH - 2 * PAD + 12, height=ROW_H, fill=STRIPE))
    out.append("</g>")
    _grid(out, axis, rows_top - 4, bottom + 4)
    for index, row in enumerate(shown):
        _row(out, row, axis, rows_top + ROW_H * index)
    y = bottom + 30
    if len(rows) > len(shown):
        rest = rows[len(shown):]
        count = sum(len(r.ids) for r in rest)
        out.append(tag("text", esc(f"… and {plural(count, 'more component')} in "
                                   f"{len(rest)} more rows (the JSON lists them all)"),
                       x=PAD, y=bottom + 18, fill=MUTED, font_size=11))
        y += 14
    _events(out, result, axis, band, bottom + 4, labels)
    y = _footer(out, result, y)
    return document(y + PAD, visible(f"Timeline \u2014 {result.scenario.label}"), out, _DEFS)


def _header(out: list[str], result: Timeline) -> int:
    from depgraph.analysis.timeline.words import headline

    scenario = result.scenario
    out.append(tag("text", esc(fit(visible(f"Timeline \u2014 {scenario.label}"), 18,
                                   WIDTH - 2 * PAD)),
                   class_="title", x=PAD, y=30, font_size=18, font_weight="bold", fill=INK))
    name = visible(result.inventory.name) or "the inventory"
    limits = "".join(f" \u00b7 team {visible(team)}: {hands} at once"
                     for team, hands in sorted(result.teams.items()))
    out.append(tag("text", esc(fit(f"{name} \u00b7 scenario {scenario.id}{limits}", 12,
                                   WIDTH - 2 * PAD)), x=PAD, y=50, font_size=12, fill=MUTED))
    out.append(tag("text", esc(fit(headline(result), 12, WIDTH - 2 * PAD)), class_="headline",
                   x=PAD, y=70, font_size=12, font_weight="bold", fill=INK))
    return 70


def _legend(out: list[str], y: int, riding: bool, never: bool) -> int:
    entries = [("down", DOWN, None), ("back, working", GREEN, None)]
    if riding:
        entries.insert(1, ("rides through on a holdup (UPS, fuel, cooling inertia)", AMBER,
                           None))
    if never:
        entries.append(("never back", None, "url(#never-hatch)"))
    x = PAD
    out.append('<g class="legend">')
    for text, colour, fill in entries:
        out.append(tag("rect", None, x=x, y=y, width=18, height=BAR_H, rx=2,
                       fill=fill or colour))
        out.append(tag("text", esc(text), x=x + 24, y=y + 10, fill=INK))
        x += 24 + text_width(text, 11) + 22
    out.append(tag("line", None, x1=x, y1=y - 2, x2=x, y2=y + BAR_H + 2, stroke=EVENT,
                   stroke_width=1.5, stroke_dasharray="4 3"))
    out.append(tag("text", esc("an event of the scenario"), x=x + 8, y=y + 10, fill=INK))
    out.append("</g>")
    return y + BAR_H + 6


def _event_labels(result: Timeline, axis: _Axis) -> list[list[tuple[float, str]]]:
    """The events' labels in lines, so that none overlaps the one before it."""
    lines: list[list[tuple[float, str]]] = []
    by_time: dict[int, list[str]] = {}
    for event in result.scenario.events:
        by_time.setdefault(event.at, []).append(f"{event.fail} ({event.outcome})")
    for at, texts in sorted(by_time.items()):
        text = f"{format_duration(at)}: " + "; ".join(texts)
        x = axis.x(at)
        text = fit(text, 11, WIDTH - PAD - x - 4)
        for line in lines:
            if line[-1][0] + text_width(line[-1][1], 11) + 12 < x:
                line.append((x, text))
                break
        else:
            lines.append([(x, text)])
    return lines


def _events(out: list[str], result: Timeline, axis: _Axis, band: float, bottom: float,
            labels: list[list[tuple[float, str]]]) -> None:
    out.append('<g class="events">')
    for at in sorted({e.at for e in result.scenario.events}):
        x = axis.x(at)
        out.append(tag("line", None, x1=x, y1=band, x2=x, y2=bottom, stroke=EVENT,
                       stroke_width=1.5, stroke_dasharray="4 3", stroke_opacity=0.8))
    for level, line in enumerate(labels):
        for x, text in line:
            out.append(tag("text", esc(text), x=x + 4, y=band + 12 + 18 * level, fill=EVENT,
                           font_weight="bold"))
    out.append("</g>")


def _grid(out: list[str], axis: _Axis, top: float, bottom: float) -> None:
    out.append('<g class="axis">')
    seconds = 0
    while seconds <= axis.end:
        x = axis.x(seconds)
        out.append(tag("line", None, x1=x, y1=top, x2=x, y2=bottom, stroke=GRID,
                       stroke_width=1))
        out.append(tag("text", esc(duration_or_zero(seconds)), class_="tick", x=x,
                       y=bottom + 14, text_anchor="middle", fill=MUTED))
        seconds += axis.step
    out.append("</g>")


def _row(out: list[str], row: _Row, axis: _Axis, y: float) -> None:
    x = axis.x
    top = y + (ROW_H - BAR_H) / 2
    words = []
    for a, b in row.down:
        words.append(f"down {format_duration(a)} \u2192 "
                     + ("never back" if b is None else format_duration(b)))
    for a, b in row.riding:
        words.append(f"rides through {format_duration(a)} \u2192 {format_duration(b)}")
    tooltip = "\n".join([row.label, listed(row.ids, 10), *words])
    out.append(f'<g class="row{" target" if row.target else ""}">')
    out.append(title(tooltip))
    label = fit(row.label, 11, LEFT - PAD - 12)
    out.append(tag("text", esc(label), x=LEFT - 10, y=y + 14, text_anchor="end", fill=INK,
                   font_weight="bold" if row.target else None))
    first = min([a for a, _ in row.down] + [a for a, _ in row.riding])
    out.append(tag("rect", None, x=LEFT, y=top + BAR_H / 2 - 1, width=x(first) - LEFT,
                   height=2, fill="#c8ccd2"))  # working, before anything happens
    last_back = 0
    for a, b in row.riding:
        out.append(tag("rect", None, class_="riding", x=x(a), y=top,
                       width=max(x(b) - x(a), 1.5), height=BAR_H, fill=AMBER))
    for a, b in row.down:
        end = axis.end if b is None else b
        fill = "url(#never-hatch)" if b is None else DOWN
        out.append(tag("rect", None, class_="down", x=x(a), y=top,
                       width=max(x(end) - x(a), 1.5), height=BAR_H, fill=fill))
        last_back = max(last_back, b or 0)
    backs = sorted({b for _, b in row.down if b is not None})
    starts = sorted({a for a, _ in row.down} | {a for a, _ in row.riding})
    for b in backs:  # green from each return to the next trouble, or the end
        following = [s for s in starts if s >= b] + [axis.end]
        if following[0] > b:
            out.append(tag("rect", None, class_="back", x=x(b), y=top,
                           width=x(following[0]) - x(b), height=BAR_H, fill=GREEN,
                           fill_opacity=0.85))
    if row.target:
        text = "never back" if row.total is None else f"down {format_duration(row.total)}"
        out.append(tag("text", esc(text), x=_END + 8, y=y + 14,
                       fill=RED if row.total is None else INK, font_weight="bold",
                       font_size=10))
    out.append("</g>")


def _footer(out: list[str], result: Timeline, y: float) -> float:
    from depgraph.analysis.timeline.words import dataset_lines

    lines = []
    if result.never_back:
        lines.append(("Never back", [f"{i}: {why}" for i, why in result.never_back.items()]))
    data = dataset_lines(result)
    if data:
        lines.append(("Data", data))
    for heading, items in lines:
        out.append(tag("text", esc(heading), x=PAD, y=y, font_size=12, font_weight="bold",
                       fill=RED if heading == "Never back" else INK))
        y += 16
        for item in items[:12]:
            out.append(tag("text", esc(fit(visible(item), 11, WIDTH - 2 * PAD - 12)), x=PAD + 12,
                           y=y,
                           fill=INK))
            y += 15
        if len(items) > 12:
            out.append(tag("text", esc(f"… and {len(items) - 12} more"), x=PAD + 12, y=y,
                           fill=MUTED))
            y += 15
        y += 8
    return y


_DEFS = (
    "<defs>"
    '<pattern id="never-hatch" patternUnits="userSpaceOnUse" width="7" height="7" '
    'patternTransform="rotate(45)">'
    '<rect width="7" height="7" fill="#fde4e4"/>'
    f'<rect width="3" height="7" fill="{RED}"/></pattern>'
    "</defs>"
)

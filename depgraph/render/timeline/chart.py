"""The timeline chart: its layout from top to bottom, the time grid and the markers.

Below the header and the legend, a band holds the two markers' labels (when the
initial failures are back, when the last service is back, and the gap between); then
the rows that come back, striped, over a grid of ticks; then those that never do;
then the deadlocks. The SVG document is assembled last, once its height is known.
"""

from __future__ import annotations

from depgraph.analysis.restore_plan import RestorePlan
from depgraph.core.durations import format_duration
from depgraph.core.model import Inventory
from depgraph.core.wording import duration_or_zero
from depgraph.render.palette import type_rank
from depgraph.render.svg import esc, tag, text_width, title
from depgraph.render.timeline.bars import RowPainter
from depgraph.render.timeline.captions import deadlock_box, header, legend, title_text
from depgraph.render.timeline.geometry import (
    FIRST_MARK,
    GRID,
    INK,
    LAST_MARK,
    MUTED,
    PAD,
    RED,
    ROW_H,
    STRIPE,
    WIDTH,
    Axis,
    document,
)
from depgraph.render.timeline.rows import Row, initial_label, never_rows, rows

__all__ = ["timeline_svg"]


def timeline_svg(plan: RestorePlan, inventory: Inventory) -> str:
    """The plan as a standalone SVG 1.1 document (with its XML declaration).

    >>> from depgraph import load_inventory
    >>> from depgraph.analysis.restore_plan import restore_plan
    >>> inventory = load_inventory("inventories/webshop.yaml")
    >>> svg = timeline_svg(restore_plan(inventory, ["zone-a"]), inventory)
    >>> svg.startswith('<?xml version="1.0" encoding="UTF-8"?>'), "6h15m" in svg
    (True, True)
    """
    back = rows(plan, inventory)
    never = never_rows(plan, inventory)
    if not back and not never:
        return _nothing(plan)
    return _Chart(plan, inventory, back, never).render()


class _Chart:
    def __init__(self, plan: RestorePlan, inventory: Inventory, back: list[Row],
                 never: list[Row]) -> None:
        self.plan = plan
        self.inventory = inventory
        self.rows = back
        self.never = never
        self.axis = Axis.for_total(plan.total)
        self.checks = {c.id: c for c in plan.rto if c.rto is not None}
        self.painter = RowPainter(inventory, self.axis, self.checks)
        self.out: list[str] = []

    def add(self, *parts: str) -> None:
        self.out.extend(parts)

    def render(self) -> str:
        parts, y = header(self.plan)
        self.add(*parts)
        parts, y = legend(sorted({r.type for r in self.rows + self.never}, key=type_rank),
                          waits=any(r.start > r.ready for r in self.rows),
                          rtos=bool(self.checks), never=bool(self.never), y=y + 8)
        self.add(*parts)
        band = y + 6
        rows_top = band + 2 * 17 + 22
        rows_bottom = rows_top + ROW_H * len(self.rows)
        never_top = rows_bottom + (26 if self.never else 0)
        bottom = never_top + ROW_H * len(self.never)
        self.stripes(rows_top, never_top)
        self.grid(rows_top - 4, bottom + 4)
        for index, row in enumerate(self.rows):
            self.add(self.painter.bar_row(row, rows_top + ROW_H * index))
        if self.never:
            self.never_heading(rows_bottom + 18)
            for index, row in enumerate(self.never):
                self.add(self.painter.never_row(row, never_top + ROW_H * index))
        self.markers(band, bottom + 4)
        parts, y = deadlock_box(self.plan, bottom + 30)
        self.add(*parts)
        return document(y + PAD, title_text(self.plan), self.out, _DEFS)

    def grid(self, top: float, bottom: float) -> None:
        """A line and two labels (above and below the rows) at each tick."""
        self.add('<g class="axis">', title("time since the failure"))
        seconds = 0
        while seconds <= self.axis.end:
            x = self.axis.x(seconds)
            self.add(tag("line", None, x1=x, y1=top, x2=x, y2=bottom, stroke=GRID,
                         stroke_width=1))
            for y in (top - 6, bottom + 14):
                self.add(tag("text", esc(duration_or_zero(seconds)), class_="tick", x=x, y=y,
                             text_anchor="middle", fill=MUTED))
            seconds += self.axis.step
        self.add("</g>")

    def stripes(self, top: float, never_top: float) -> None:
        """Every other row shaded, in both lists."""
        self.add('<g class="stripes">', title("rows"))
        for shaded, first in ((self.rows, top), (self.never, never_top)):
            for index in range(0, len(shaded), 2):
                self.add(tag("rect", None, x=PAD - 6, y=first + ROW_H * index,
                             width=WIDTH - 2 * PAD + 12, height=ROW_H, fill=STRIPE))
        self.add("</g>")

    def never_heading(self, y: float) -> None:
        count = len(self.plan.unrestorable)
        self.add(tag("text", title("components that never come back") + esc(
            f"Never back ({count})"), class_="never-heading", x=PAD, y=y, font_size=12,
            font_weight="bold", fill=RED))

    def markers(self, band: float, bottom: float) -> None:
        """When the initial failures are back and when the last service is, as lines
        down the chart labelled in the band, with the gap between them shaded."""
        plan = self.plan
        total = plan.total
        first = plan.initial_back  # None when one of them never comes back
        marks = []
        name = initial_label(plan, self.inventory)
        if first is not None and plan.steps:
            marks.append(("first-back", first, f"{name} back \u00b7 {format_duration(first)}",
                          FIRST_MARK, 0))
        if plan.steps:
            text = f"last service back \u00b7 {format_duration(total)}"
            if first is not None and total > first:
                text += f" ({format_duration(total - first)} after {name})"
            marks.append(("last-back", total, text, LAST_MARK, 1))
        if len(marks) == 2 and total > first:
            left, right = self.axis.x(first), self.axis.x(total)
            self.add(tag("rect", title(f"{format_duration(total - first)} between "
                                       f"{name} back and the last service back"),
                         class_="gap", x=left, y=band, width=right - left, height=2 * 17 + 4,
                         fill="#fff1d6"))
        for kind, seconds, text, colour, level in marks:
            x = self.axis.x(seconds)
            baseline = band + 14 + 17 * level
            width = text_width(text, 12)
            if (x + 6 + width <= WIDTH - 4) and (level == 0 or x - 6 - width < PAD):
                tx, anchor = x + 6, "start"
            else:
                tx, anchor = max(x - 6, PAD + width), "end"
            self.add(f'<g class="marker {kind}">', title(text),
                     tag("line", None, x1=x, y1=band, x2=x, y2=bottom, stroke=colour,
                         stroke_width=2.5, stroke_opacity=0.9),
                     tag("text", esc(text), x=tx, y=baseline, text_anchor=anchor,
                         font_size=12, font_weight="bold", fill=colour),
                     "</g>")


_DEFS = (
    "<defs>"
    '<pattern id="wait-hatch" patternUnits="userSpaceOnUse" width="6" height="6" '
    'patternTransform="rotate(45)">'
    '<rect width="6" height="6" fill="#ffffff"/>'
    '<rect width="2.5" height="6" fill="#a8a8a8"/></pattern>'
    '<pattern id="never-hatch" patternUnits="userSpaceOnUse" width="7" height="7" '
    'patternTransform="rotate(45)">'
    '<rect width="7" height="7" fill="#fde4e4"/>'
    f'<rect width="3" height="7" fill="{RED}"/></pattern>'
    "</defs>"
)


def _nothing(plan: RestorePlan) -> str:
    """The picture of a plan with nothing to restore."""
    why = "Nothing failed in this scenario." if not plan.failed else "Nothing is down."
    return document(90, "Restoration plan \u2014 nothing to restore", [
        tag("text", esc("Nothing to restore"), class_="title", x=PAD, y=36, font_size=18,
            font_weight="bold", fill=INK),
        tag("text", esc(why), class_="subtitle", x=PAD, y=60, font_size=12, fill=MUTED),
    ])

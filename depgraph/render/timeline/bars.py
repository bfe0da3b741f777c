"""The rows of a timeline as drawn: label, bar or hatching, RTO ticks, and tooltip.

A row that comes back is a bar from its start to its end, coloured by type, outlined
on the critical path, with the wait for a team hatched before it and when it is back
written after it; a row that never comes back is hatched in red across the axis. A
tick marks each RTO of the row, red when breached; RTOs beyond the axis share one
arrow head past its end. The tooltip of a row says everything about it.
"""

from __future__ import annotations

from typing import Mapping

from depgraph.analysis.restore_plan import RtoCheck
from depgraph.core.durations import format_duration
from depgraph.core.model import Inventory
from depgraph.core.wording import duration_or_zero, listed, visible
from depgraph.render.palette import type_colour
from depgraph.render.svg import esc, fit, number, tag, text_width, title
from depgraph.render.timeline.geometry import (
    BAR_H,
    GROUP_IDS,
    INK,
    LABEL_CHARS,
    LEFT,
    MUTED,
    OUTLINE,
    PAD,
    RED,
    RIGHT,
    ROW_H,
    WIDTH,
    Axis,
)
from depgraph.render.timeline.rows import Row, component_of

__all__ = ["RowPainter"]


class RowPainter:
    """Draws rows on a time axis; ``checks``: the RTO checks with an RTO, by id."""

    def __init__(self, inventory: Inventory, axis: Axis, checks: Mapping[str, RtoCheck]):
        self.inventory = inventory
        self.axis = axis
        self.checks = checks

    def bar_row(self, row: Row, y: float) -> str:
        """A row that comes back, at ``y``."""
        assert row.end is not None
        x = self.axis.x
        colour = type_colour(row.type)
        top = y + (ROW_H - BAR_H) / 2
        parts = ['<g class="row">', title(self.tooltip(row)), self.label(row, y)]
        if row.start > row.ready:
            parts.append(tag("rect", None, class_="wait", x=x(row.ready), y=top,
                             width=x(row.start) - x(row.ready), height=BAR_H,
                             fill="url(#wait-hatch)", stroke=colour, stroke_width=0.8))
        left, right = x(row.start), x(row.end)
        width = max(right - left, 2.0)
        outline = {"stroke": OUTLINE, "stroke_width": 2.5} if row.on_path else {}
        parts.append(tag("rect", None, class_="bar critical-path" if row.on_path else "bar",
                         x=left, y=top, width=width, height=BAR_H, rx=2, fill=colour,
                         **outline))
        parts.extend(self.rto_ticks(row, y))
        text = f"back {format_duration(row.end)}"
        size = text_width(text, 10)
        tx, anchor = left + width + 6, "start"
        for tick in self._tick_xs(row):  # clear of the RTO ticks
            if tx - 4 <= tick <= tx + size + 2:
                tx = tick + 5
        if tx + size > WIDTH - 4:
            tx, anchor = left - 6, "end"
        parts.append(tag("text", esc(text), class_="end", x=tx, y=y + 14, font_size=10,
                         text_anchor=anchor, fill=MUTED))
        parts.append("</g>")
        return "".join(parts)

    def never_row(self, row: Row, y: float) -> str:
        """A row that never comes back, at ``y``."""
        top = y + (ROW_H - BAR_H) / 2
        left = self.axis.x(0)
        text = "never back" + (" \u2014 deadlock" if row.deadlocked else "")
        parts = ['<g class="row never">', title(self.tooltip(row)), self.label(row, y),
                 tag("rect", None, class_="bar never", x=left, y=top, width=RIGHT - left,
                     height=BAR_H, fill="url(#never-hatch)", stroke=RED, stroke_width=1),
                 tag("rect", None, x=left + 3, y=top + 1,
                     width=text_width(text, 10) * 1.12 + 10, height=BAR_H - 2,
                     fill="#ffffff"),
                 tag("text", esc(text), x=left + 8, y=y + 14, font_size=10, fill=RED,
                     font_weight="bold")]
        parts.extend(self.rto_ticks(row, y))
        parts.append("</g>")
        return "".join(parts)

    def label(self, row: Row, y: float) -> str:
        """The row's label on the left, with a group's first ids as far as they fit."""
        room = (LEFT - PAD - 14) / (1.1 if row.critical else 1)  # bold is wider
        shown = fit(row.label, 11, room, LABEL_CHARS)
        for first in (row.ids[:2], row.ids[:1]) if len(row.ids) > 1 else ():
            more = ", \u2026" if len(first) < len(row.ids) else ""
            hinted = f"{row.label} ({', '.join(first)}{more})"
            if len(hinted) <= LABEL_CHARS and text_width(hinted, 11) <= room:
                shown = hinted
                break
        weight = "bold" if row.critical else None
        return tag("text", esc(shown), class_="label", x=PAD, y=y + 14, fill=INK,
                   font_weight=weight)

    def tooltip(self, row: Row) -> str:
        """Everything about the row: what it is, when it starts and ends, its team, its
        place on the critical path, its RTOs."""
        lines = [self._what(row)]
        if row.end is None:
            lines.append("never back: " + ("a member of a deadlock" if row.deadlocked
                                           else "waits on a deadlock"))
        else:
            lines.append(f"start {duration_or_zero(row.start)}, end {duration_or_zero(row.end)}"
                         f" (takes {duration_or_zero(row.end - row.start)}), wave {row.wave}")
            if row.start > row.ready:
                lines.append(f"ready {duration_or_zero(row.ready)}, waited "
                             f"{format_duration(row.start - row.ready)} for its team")
            if row.after:
                lines.append("after " + listed(row.after, 3, ellipsis=True))
            lines.append("team: " + (visible(", ".join(row.teams)) if row.teams else "none"))
        if row.on_path:
            lines.append("on the critical path")
        lines.append(self._rto_state(row))
        return "\n".join(lines)

    def _what(self, row: Row) -> str:
        if len(row.ids) == 1:
            component = component_of(self.inventory, row.ids[0])
            named = f" \u2014 {visible(component.name)}" if component.name else ""
            return f"{row.ids[0]}{named} ({row.type}, {component.criticality})"
        return f"{len(row.ids)} \u00d7 {row.type}: {listed(row.ids, GROUP_IDS, ellipsis=True)}"

    def _rto_state(self, row: Row) -> str:
        checks = [self.checks[i] for i in row.ids if i in self.checks]
        if not checks:
            return "no RTO"
        rtos = ", ".join(format_duration(r) for r in sorted({c.rto for c in checks}))
        breached = sum(c.breached for c in checks)
        state = "met" if not breached else (
            "breached" if len(checks) == 1 else f"breached by {breached} of {len(checks)}")
        return f"RTO {rtos}: {state}"

    def rto_ticks(self, row: Row, y: float) -> list[str]:
        """A tick at each RTO of the row (red when breached); RTOs beyond the end of the
        axis share one arrow head past its end."""
        end = self.axis.end
        checks = [self.checks[i] for i in row.ids if i in self.checks]
        # On the red hatching of a row that never comes back, a white edge shows the tick.
        halo = {"stroke": "#ffffff", "stroke_width": 0.6} if row.end is None else {}
        ticks = []
        for rto in sorted({c.rto for c in checks if c.rto <= end}):
            which = [c for c in checks if c.rto == rto]
            breached = [c.id for c in which if c.breached]
            x = self.axis.x(rto)
            ticks.append(tag("rect", title(_rto_tip(rto, which)),
                             class_="rto-tick breached" if breached else "rto-tick",
                             x=x - (1.5 if breached else 1.2), y=y + 1,
                             width=3 if breached else 2.4, height=ROW_H - 2,
                             fill=RED if breached else "#444444", **halo))
        later = [c for c in checks if c.rto > end]
        if later:
            breached = any(c.breached for c in later)
            tips = [_rto_tip(rto, [c for c in later if c.rto == rto])
                    for rto in sorted({c.rto for c in later})]
            x, middle = RIGHT + 8, y + ROW_H / 2
            points = (f"{number(x)},{number(middle - 5)} {number(x + 7)},{number(middle)} "
                      f"{number(x)},{number(middle + 5)}")
            ticks.append(tag("polygon", title("\n".join(tips) + "\n(beyond the time axis)"),
                             class_="rto-tick beyond" + (" breached" if breached else ""),
                             points=points, fill=RED if breached else "#444444"))
        return ticks

    def _tick_xs(self, row: Row) -> list[float]:
        return sorted(self.axis.x(self.checks[i].rto) for i in row.ids
                      if i in self.checks and self.checks[i].rto <= self.axis.end)


def _rto_tip(rto: int, checks: list[RtoCheck]) -> str:
    breached = [c.id for c in checks if c.breached]
    if breached:
        return f"RTO {format_duration(rto)} breached: {listed(breached, GROUP_IDS, ellipsis=True)}"
    met = [c.id for c in checks]
    return f"RTO {format_duration(rto)} met: {listed(met, GROUP_IDS, ellipsis=True)}"

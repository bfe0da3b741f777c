"""A restoration plan as a Gantt-style timeline, in SVG.

One row per component coming back, or per group of components of one type that come
back together (same start, end and wave), so that plans of hundreds of components
stay readable. Bars are coloured by type; the critical path is outlined; the wait
for a team is hatched before the bar; ticks mark RTOs (red when breached). Two
marker lines show when the initial failures are back and when the last service is
back. Components that never come back close the picture, with the deadlocks that
keep them down.

The SVG is built as text, deterministically: the same plan always gives the same
bytes, whatever the order of the inventory it came from.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import ceil
from typing import Iterable
from xml.sax.saxutils import escape

from depgraph.analysis.restore_plan import RestorePlan, RestoreStep, RtoCheck
from depgraph.core.durations import format_duration
from depgraph.core.model import Component, Inventory
from depgraph.core.wording import duration_or_zero, plural, xml_safe
from depgraph.render.palette import type_colour, type_rank

__all__ = ["timeline_svg"]

WIDTH = 1200
_PAD = 16
_LEFT = 300  # where time 0 is drawn; the labels live on its left
_RIGHT = WIDTH - 36  # where the time axis ends
_ROW_H = 20
_BAR_H = 12
_LABEL_CHARS = 44
_GROUP_IDS = 10  # how many ids of a group its tooltip lists
_FONT = "sans-serif"

_RED = "#d62728"
_INK = "#222222"
_MUTED = "#666666"
_GRID = "#e1e4e8"
_STRIPE = "#f4f5f7"
_OUTLINE = "#111111"
_FIRST_MARK = "#b26a00"
_LAST_MARK = "#283593"

#: Candidate tick spacings, in seconds.
_TICK_STEPS = (60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200,
               86400, 2 * 86400, 7 * 86400, 14 * 86400, 28 * 86400, 91 * 86400,
               182 * 86400, 364 * 86400)


def timeline_svg(plan: RestorePlan, inventory: Inventory) -> str:
    """The plan as a standalone SVG 1.1 document (with its XML declaration).

    >>> from depgraph import load_inventory
    >>> from depgraph.analysis.restore_plan import restore_plan
    >>> inventory = load_inventory("inventories/webshop.yaml")
    >>> svg = timeline_svg(restore_plan(inventory, ["zone-a"]), inventory)
    >>> svg.startswith('<?xml version="1.0" encoding="UTF-8"?>'), "6h15m" in svg
    (True, True)
    """
    rows = _rows(plan, inventory)
    never = _never_rows(plan, inventory)
    if not rows and not never:
        return _nothing(plan)
    return _Drawing(plan, inventory, rows, never).render()


# -- rows ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Row:
    label: str
    type: str
    ids: tuple[str, ...]
    ready: int = 0
    start: int = 0
    end: int | None = None  # None: never back
    wave: int = 0
    on_path: bool = False
    critical: bool = False
    deadlocked: bool = False
    teams: tuple[str, ...] = ()
    after: tuple[str, ...] = ()


def _component(inventory: Inventory, ident: str) -> Component:
    found = inventory.components.get(ident)
    return found if found is not None else Component(ident, "?")


def _label(ids: tuple[str, ...], kind: str, inventory: Inventory) -> str:
    if len(ids) == 1:
        return _component(inventory, ids[0]).label
    return f"{len(ids)} \u00d7 {kind}"


def _rows(plan: RestorePlan, inventory: Inventory) -> list[_Row]:
    """The steps, grouped by (type, ready, start, end, wave, critical path, criticality)."""
    path = set(plan.critical_path)
    groups: dict[tuple, list[RestoreStep]] = {}
    for step in plan.steps:
        kind = _component(inventory, step.id).type
        key = (kind, step.ready, step.start, step.end, step.wave, step.id in path,
               step.critical)
        groups.setdefault(key, []).append(step)
    rows = []
    for (kind, ready, start, end, wave, on_path, critical), steps in groups.items():
        ids = tuple(sorted(s.id for s in steps))
        rows.append(_Row(_label(ids, kind, inventory), kind, ids, ready, start, end, wave,
                         on_path, critical,
                         teams=tuple(sorted({s.team for s in steps if s.team})),
                         after=tuple(sorted({s.after for s in steps if s.after}))))
    rows.sort(key=lambda r: (r.start, r.end, r.label, r.ids))
    return rows


def _never_rows(plan: RestorePlan, inventory: Inventory) -> list[_Row]:
    """The components that never come back, grouped by type, deadlock members first."""
    members = {m for d in plan.deadlocks for m in d.members}
    groups: dict[tuple, list[str]] = {}
    for ident in plan.unrestorable:
        component = _component(inventory, ident)
        key = (ident not in members, type_rank(component.type),
               component.criticality == "critical")
        groups.setdefault(key, []).append(ident)
    rows = []
    for (blocked, (_, kind), critical), found in groups.items():
        ids = tuple(sorted(found))
        rows.append(_Row(_label(ids, kind, inventory), kind, ids, critical=critical,
                         deadlocked=not blocked))
    rows.sort(key=lambda r: (not r.deadlocked, type_rank(r.type), r.label, r.ids))
    return rows


# -- text helpers -------------------------------------------------------------------


def _esc(text: object) -> str:
    return escape(xml_safe(str(text)), {'"': "&quot;"})


def _n(value: float) -> str:
    """A coordinate, to one decimal, without a trailing ``.0``."""
    value = round(value, 1)
    return str(int(value)) if value == int(value) else f"{value:.1f}"


def _tag(name: str, content: str | None = None, **attrs: object) -> str:
    """One element; attribute names lose a trailing ``_`` and turn ``_`` into ``-``."""
    parts = [name]
    for key, value in attrs.items():
        if value is None:
            continue
        key = key.rstrip("_").replace("_", "-")
        shown = _n(value) if isinstance(value, (int, float)) else _esc(value)
        parts.append(f'{key}="{shown}"')
    head = " ".join(parts)
    if content is None:
        return f"<{head}/>"
    return f"<{head}>{content}</{name.split()[0]}>"


def _title(text: str) -> str:
    return f"<title>{_esc(text)}</title>"


def _text_width(text: str, size: float) -> float:
    """A rough width of ``text`` in a sans-serif font of ``size`` pixels."""
    width = 0.0
    for char in text:
        if char in "iljtfI.,:;|!'()[] ":
            width += 0.32
        elif char in "mwMW@\u00d7\u2194\u2014":
            width += 0.86
        elif char.isupper():
            width += 0.68
        else:
            width += 0.56
    return width * size


def _fit(text: str, size: float, room: float, limit: int = 10_000) -> str:
    """``text``, cut with an ellipsis to at most ``limit`` characters and ``room`` pixels."""
    if len(text) <= limit and _text_width(text, size) <= room:
        return text
    cut = text[:max(1, limit - 1)]
    while len(cut) > 1 and _text_width(cut + "\u2026", size) > room:
        cut = cut[:-1]
    return cut.rstrip() + "\u2026"


def _ellipsed(ids: Iterable[str], most: int) -> str:
    """``a, b, … and 3 more``: an ellipsis where the list is cut."""
    ids = list(ids)
    shown = ", ".join(ids[:most])
    return shown if len(ids) <= most else f"{shown}, \u2026 and {len(ids) - most} more"


# -- the drawing --------------------------------------------------------------------


def _axis(total: int) -> tuple[int, int]:
    """The end of the time axis and the spacing of its ticks, both in seconds."""
    raw = max(total, 60) * 1.03
    most = max(2, int((_RIGHT - _LEFT) / 72))
    for step in _TICK_STEPS:
        if raw / step <= most:
            break
    else:
        year = _TICK_STEPS[-1]
        step = year * ceil(raw / most / year)
    return step * ceil(raw / step), step


def _initial_label(plan: RestorePlan, inventory: Inventory) -> str:
    if len(plan.initial) == 1:
        return _component(inventory, plan.initial[0]).label
    kinds = {_component(inventory, i).type for i in plan.initial}
    return kinds.pop() if len(kinds) == 1 else "initial failures"


class _Drawing:
    def __init__(self, plan: RestorePlan, inventory: Inventory, rows: list[_Row],
                 never: list[_Row]) -> None:
        self.plan = plan
        self.inventory = inventory
        self.rows = rows
        self.never = never
        self.end, self.step = _axis(plan.total)
        self.checks = {c.id: c for c in plan.rto if c.rto is not None}
        self.out: list[str] = []

    def x(self, seconds: float) -> float:
        return _LEFT + (_RIGHT - _LEFT) * min(seconds, self.end) / self.end

    def add(self, *parts: str) -> None:
        self.out.extend(parts)

    def render(self) -> str:
        y = self.header()
        y = self.legend(y + 8)
        band = y + 6
        rows_top = band + 2 * 17 + 22
        rows_bottom = rows_top + _ROW_H * len(self.rows)
        never_top = rows_bottom + (26 if self.never else 0)
        bottom = never_top + _ROW_H * len(self.never)
        self.stripes(rows_top, never_top)
        self.grid(rows_top - 4, bottom + 4)
        for number, row in enumerate(self.rows):
            self.row(row, rows_top + _ROW_H * number)
        if self.never:
            self.never_heading(rows_bottom + 18)
            for number, row in enumerate(self.never):
                self.never_row(row, never_top + _ROW_H * number)
        self.markers(band, bottom + 4)
        y = self.deadlocks(bottom + 30)
        height = y + _PAD
        head = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{WIDTH}" '
            f'height="{_n(height)}" viewBox="0 0 {WIDTH} {_n(height)}" '
            f'font-family="{_FONT}" font-size="11">',
            _title(self.title_text()),
            _DEFS,
            _tag("rect", None, class_="background", x=0, y=0, width=WIDTH, height=height,
                 fill="#ffffff"),
        ]
        return "\n".join(head + self.out + ["</svg>"]) + "\n"

    # -- header and legend

    def title_text(self) -> str:
        plan = self.plan
        back = plural(len(plan.steps), "component")
        text = f"Restoration plan \u2014 {back} back in {format_duration(plan.total)}"
        if not plan.steps:
            text = "Restoration plan \u2014 nothing comes back"
        if plan.unrestorable:
            text += f"; {len(plan.unrestorable)} never back"
        return text

    def header(self) -> int:
        plan = self.plan
        self.add(_tag("text", _esc(self.title_text()), class_="title", x=_PAD, y=30,
                      font_size=18, font_weight="bold", fill=_INK))
        if plan.cold_start:
            scenario = "Cold start: everything starts from scratch"
        else:
            scenario = (f"After {plural(len(plan.initial), 'initial failure')}: "
                        f"{_ellipsed(plan.initial, 6)}")
            if plan.repair is not None:
                scenario += f", each repaired in {format_duration(plan.repair)}"
        scenario += f" \u2014 {plural(len(plan.failed), 'component')} down"
        if plan.teams:
            scenario += "; teams: " + ", ".join(f"{t} \u00d7{n}"
                                                 for t, n in sorted(plan.teams.items()))
        lines = [scenario]
        if plan.critical_path:
            lines.append("Critical path: " + " \u2192 ".join(plan.critical_path))
        y = 30
        for line in lines:
            y += 18
            shown = _fit(line, 12, WIDTH - 2 * _PAD)
            self.add(_tag("text", _title(line) + _esc(shown), class_="subtitle", x=_PAD, y=y,
                          font_size=12, fill=_MUTED))
        return y

    def legend(self, y: float) -> float:
        kinds = sorted({r.type for r in self.rows + self.never}, key=type_rank)
        items: list[tuple[str, str, str]] = [
            (kind, f"components of type {kind}",
             _tag("rect", None, width=14, height=_BAR_H, rx=2, fill=type_colour(kind)))
            for kind in kinds]
        items.append(("critical path", "outlined: the chain that decides the total",
                      _tag("rect", None, width=14, height=_BAR_H, rx=2, fill="#cccccc",
                           stroke=_OUTLINE, stroke_width=2.5)))
        if any(r.start > r.ready for r in self.rows):
            items.append(("waiting for a team", "ready, but every hand of its team is busy",
                          _tag("rect", None, width=14, height=_BAR_H,
                               fill="url(#wait-hatch)", stroke="#999999")))
        if self.checks:
            items.append(("RTO", "the component's recovery time objective",
                          _tag("rect", None, x=6, y=-2, width=2.5, height=_BAR_H + 4,
                               fill="#444444")))
            items.append(("RTO breached", "back later than its RTO, or never",
                          _tag("rect", None, x=5.5, y=-2, width=3, height=_BAR_H + 4,
                               fill=_RED)))
        if self.never:
            items.append(("never back", "waits, directly or not, on a deadlock",
                          _tag("rect", None, width=14, height=_BAR_H,
                               fill="url(#never-hatch)", stroke=_RED)))
        x = float(_PAD)
        y += 4
        for text, tip, swatch in items:
            width = 20 + _text_width(text, 11) + 14
            if x + width > WIDTH - _PAD:
                x, y = float(_PAD), y + 18
            self.add(f'<g class="legend" transform="translate({_n(x)},{_n(y)})">'
                     + _title(f"{text}: {tip}") + swatch
                     + _tag("text", _esc(text), x=20, y=10, fill=_INK) + "</g>")
            x += width
        return y + _BAR_H

    # -- axis, grid and markers

    def grid(self, top: float, bottom: float) -> None:
        self.add('<g class="axis">', _title("time since the failure"))
        seconds = 0
        while seconds <= self.end:
            x = self.x(seconds)
            self.add(_tag("line", None, x1=x, y1=top, x2=x, y2=bottom, stroke=_GRID,
                          stroke_width=1))
            for y in (top - 6, bottom + 14):
                self.add(_tag("text", _esc(duration_or_zero(seconds)), class_="tick", x=x, y=y,
                              text_anchor="middle", fill=_MUTED))
            seconds += self.step
        self.add("</g>")

    def stripes(self, top: float, never_top: float) -> None:
        self.add('<g class="stripes">', _title("rows"))
        for rows, first in ((self.rows, top), (self.never, never_top)):
            for number in range(0, len(rows), 2):
                self.add(_tag("rect", None, x=_PAD - 6, y=first + _ROW_H * number,
                              width=WIDTH - 2 * _PAD + 12, height=_ROW_H, fill=_STRIPE))
        self.add("</g>")

    def markers(self, band: float, bottom: float) -> None:
        plan = self.plan
        total = plan.total
        initial = set(plan.initial)
        first = max((s.end for s in plan.steps if s.id in initial), default=None)
        marks = []
        name = _initial_label(plan, self.inventory)
        if first is not None and plan.steps:
            marks.append(("first-back", first, f"{name} back \u00b7 {format_duration(first)}",
                          _FIRST_MARK, 0))
        if plan.steps:
            text = f"last service back \u00b7 {format_duration(total)}"
            if first is not None and total > first:
                text += f" ({format_duration(total - first)} after {name})"
            marks.append(("last-back", total, text, _LAST_MARK, 1))
        if len(marks) == 2 and total > first:
            left, right = self.x(first), self.x(total)
            self.add(_tag("rect", _title(f"{format_duration(total - first)} between "
                                         f"{name} back and the last service back"),
                          class_="gap", x=left, y=band, width=right - left, height=2 * 17 + 4,
                          fill="#fff1d6"))
        for kind, seconds, text, colour, level in marks:
            x = self.x(seconds)
            baseline = band + 14 + 17 * level
            width = _text_width(text, 12)
            if (x + 6 + width <= WIDTH - 4) and (level == 0 or x - 6 - width < _PAD):
                tx, anchor = x + 6, "start"
            else:
                tx, anchor = max(x - 6, _PAD + width), "end"
            self.add(f'<g class="marker {kind}">', _title(text),
                     _tag("line", None, x1=x, y1=band, x2=x, y2=bottom, stroke=colour,
                          stroke_width=2.5, stroke_opacity=0.9),
                     _tag("text", _esc(text), x=tx, y=baseline, text_anchor=anchor,
                          font_size=12, font_weight="bold", fill=colour),
                     "</g>")

    # -- rows

    def row_title(self, row: _Row) -> str:
        lines = []
        if len(row.ids) == 1:
            component = _component(self.inventory, row.ids[0])
            named = f" \u2014 {component.name}" if component.name else ""
            lines.append(f"{row.ids[0]}{named} ({row.type}, {component.criticality})")
        else:
            lines.append(f"{len(row.ids)} \u00d7 {row.type}: {_ellipsed(row.ids, _GROUP_IDS)}")
        if row.end is None:
            lines.append("never back: " + ("a member of a deadlock" if row.deadlocked
                                           else "waits on a deadlock"))
        else:
            lines.append(f"start {duration_or_zero(row.start)}, end {duration_or_zero(row.end)} "
                         f"(takes {duration_or_zero(row.end - row.start)}), wave {row.wave}")
            if row.start > row.ready:
                lines.append(f"ready {duration_or_zero(row.ready)}, waited "
                             f"{format_duration(row.start - row.ready)} for its team")
            if row.after:
                lines.append("after " + _ellipsed(row.after, 3))
            lines.append("team: " + (", ".join(row.teams) if row.teams else "none"))
        if row.on_path:
            lines.append("on the critical path")
        checks = [self.checks[i] for i in row.ids if i in self.checks]
        if checks:
            rtos = ", ".join(format_duration(r) for r in sorted({c.rto for c in checks}))
            breached = sum(c.breached for c in checks)
            state = "met" if not breached else (
                "breached" if len(checks) == 1 else f"breached by {breached} of {len(checks)}")
            lines.append(f"RTO {rtos}: {state}")
        else:
            lines.append("no RTO")
        return "\n".join(lines)

    def label(self, row: _Row, y: float) -> str:
        room = (_LEFT - _PAD - 14) / (1.1 if row.critical else 1)  # bold is wider
        shown = _fit(row.label, 11, room, _LABEL_CHARS)
        # A group also shows its first ids, as far as they fit.
        for first in (row.ids[:2], row.ids[:1]) if len(row.ids) > 1 else ():
            more = ", \u2026" if len(first) < len(row.ids) else ""
            hinted = f"{row.label} ({', '.join(first)}{more})"
            if len(hinted) <= _LABEL_CHARS and _text_width(hinted, 11) <= room:
                shown = hinted
                break
        weight = "bold" if row.critical else None
        return _tag("text", _esc(shown), class_="label", x=_PAD, y=y + 14, fill=_INK,
                    font_weight=weight)

    def rto_ticks(self, row: _Row, y: float) -> list[str]:
        """A tick at each RTO of the row (red when breached); RTOs beyond the end of the
        axis share one arrow head past its end."""
        checks = [self.checks[i] for i in row.ids if i in self.checks]
        # On the red hatching of a row that never comes back, a white edge shows the tick.
        halo = {"stroke": "#ffffff", "stroke_width": 0.6} if row.end is None else {}
        ticks = []
        for rto in sorted({c.rto for c in checks if c.rto <= self.end}):
            which = [c for c in checks if c.rto == rto]
            breached = [c.id for c in which if c.breached]
            x = self.x(rto)
            ticks.append(_tag("rect", _title(_rto_tip(rto, which)),
                              class_="rto-tick breached" if breached else "rto-tick",
                              x=x - (1.5 if breached else 1.2), y=y + 1,
                              width=3 if breached else 2.4, height=_ROW_H - 2,
                              fill=_RED if breached else "#444444", **halo))
        later = [c for c in checks if c.rto > self.end]
        if later:
            breached = any(c.breached for c in later)
            tips = [_rto_tip(rto, [c for c in later if c.rto == rto])
                    for rto in sorted({c.rto for c in later})]
            x, middle = _RIGHT + 8, y + _ROW_H / 2
            points = f"{_n(x)},{_n(middle - 5)} {_n(x + 7)},{_n(middle)} {_n(x)},{_n(middle + 5)}"
            ticks.append(_tag("polygon", _title("\n".join(tips) + "\n(beyond the time axis)"),
                              class_="rto-tick beyond" + (" breached" if breached else ""),
                              points=points, fill=_RED if breached else "#444444"))
        return ticks

    def tick_xs(self, row: _Row) -> list[float]:
        return sorted(self.x(self.checks[i].rto) for i in row.ids
                      if i in self.checks and self.checks[i].rto <= self.end)

    def row(self, row: _Row, y: float) -> None:
        assert row.end is not None
        colour = type_colour(row.type)
        top = y + (_ROW_H - _BAR_H) / 2
        parts = ['<g class="row">', _title(self.row_title(row)), self.label(row, y)]
        if row.start > row.ready:
            parts.append(_tag("rect", None, class_="wait", x=self.x(row.ready), y=top,
                              width=self.x(row.start) - self.x(row.ready), height=_BAR_H,
                              fill="url(#wait-hatch)", stroke=colour, stroke_width=0.8))
        left, right = self.x(row.start), self.x(row.end)
        width = max(right - left, 2.0)
        outline = {"stroke": _OUTLINE, "stroke_width": 2.5} if row.on_path else {}
        parts.append(_tag("rect", None, class_="bar critical-path" if row.on_path else "bar",
                          x=left, y=top, width=width, height=_BAR_H, rx=2, fill=colour,
                          **outline))
        parts.extend(self.rto_ticks(row, y))
        text = f"back {format_duration(row.end)}"
        size = _text_width(text, 10)
        tx, anchor = left + width + 6, "start"
        for tick in self.tick_xs(row):  # clear of the RTO ticks
            if tx - 4 <= tick <= tx + size + 2:
                tx = tick + 5
        if tx + size > WIDTH - 4:
            tx, anchor = left - 6, "end"
        parts.append(_tag("text", _esc(text), class_="end", x=tx, y=y + 14, font_size=10,
                          text_anchor=anchor, fill=_MUTED))
        parts.append("</g>")
        self.add("".join(parts))

    def never_heading(self, y: float) -> None:
        count = len(self.plan.unrestorable)
        self.add(_tag("text", _title("components that never come back") + _esc(
            f"Never back ({count})"), class_="never-heading", x=_PAD, y=y, font_size=12,
            font_weight="bold", fill=_RED))

    def never_row(self, row: _Row, y: float) -> None:
        top = y + (_ROW_H - _BAR_H) / 2
        left = self.x(0)
        text = "never back" + (" \u2014 deadlock" if row.deadlocked else "")
        parts = ['<g class="row never">', _title(self.row_title(row)), self.label(row, y),
                 _tag("rect", None, class_="bar never", x=left, y=top, width=_RIGHT - left,
                      height=_BAR_H, fill="url(#never-hatch)", stroke=_RED, stroke_width=1),
                 _tag("rect", None, x=left + 3, y=top + 1,
                      width=_text_width(text, 10) * 1.12 + 10, height=_BAR_H - 2,
                      fill="#ffffff"),
                 _tag("text", _esc(text), x=left + 8, y=y + 14, font_size=10, fill=_RED,
                      font_weight="bold")]
        parts.extend(self.rto_ticks(row, y))
        parts.append("</g>")
        self.add("".join(parts))

    # -- deadlocks

    def deadlocks(self, y: float) -> float:
        if not self.plan.deadlocks:
            return y
        room = WIDTH - 2 * _PAD - 24
        lines = []
        for deadlock in self.plan.deadlocks:
            cycle = " \u2194 ".join(deadlock.members)
            hand = ", ".join(deadlock.start_by_hand)
            text = f"Deadlock: {cycle} \u2014 start {hand} by hand first"
            if deadlock.blocks:
                text += f"; it also keeps {_ellipsed(deadlock.blocks, 3)} down"
            if not deadlock.exact:
                text += " (a small set, not proven smallest)"
            tip = [text]
            if deadlock.break_dependencies:
                tip.append("going without: " + ", ".join(
                    f"{c} \u2192 {m}" for c, m in deadlock.break_dependencies))
            if deadlock.blocks:
                tip.append("also keeps down: " + _ellipsed(deadlock.blocks, _GROUP_IDS))
            lines.append((_fit(text, 13, room), "\n".join(tip)))
        height = 14 + 20 * len(lines)
        self.add('<g class="deadlocks">', _title("deadlocks: cycles of components that "
                                                 "need each other"),
                 _tag("rect", None, x=_PAD, y=y, width=WIDTH - 2 * _PAD, height=height, rx=4,
                      fill="#fff5f5", stroke=_RED, stroke_width=1.5))
        for number, (text, tip) in enumerate(lines):
            self.add(_tag("text", _title(tip) + _esc(text), class_="deadlock", x=_PAD + 12,
                          y=y + 25 + 20 * number, font_size=13, fill=_INK))
        self.add("</g>")
        return y + height


_DEFS = (
    "<defs>"
    '<pattern id="wait-hatch" patternUnits="userSpaceOnUse" width="6" height="6" '
    'patternTransform="rotate(45)">'
    '<rect width="6" height="6" fill="#ffffff"/>'
    '<rect width="2.5" height="6" fill="#a8a8a8"/></pattern>'
    '<pattern id="never-hatch" patternUnits="userSpaceOnUse" width="7" height="7" '
    'patternTransform="rotate(45)">'
    '<rect width="7" height="7" fill="#fde4e4"/>'
    f'<rect width="3" height="7" fill="{_RED}"/></pattern>'
    "</defs>"
)


def _rto_tip(rto: int, checks: list[RtoCheck]) -> str:
    breached = [c.id for c in checks if c.breached]
    if breached:
        return f"RTO {format_duration(rto)} breached: {_ellipsed(breached, _GROUP_IDS)}"
    return f"RTO {format_duration(rto)} met: {_ellipsed([c.id for c in checks], _GROUP_IDS)}"


def _nothing(plan: RestorePlan) -> str:
    why = "Nothing failed in this scenario." if not plan.failed else "Nothing is down."
    height = 90
    return "\n".join([
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{WIDTH}" '
        f'height="{height}" viewBox="0 0 {WIDTH} {height}" font-family="{_FONT}" '
        'font-size="11">',
        _title("Restoration plan \u2014 nothing to restore"),
        _tag("rect", None, class_="background", x=0, y=0, width=WIDTH, height=height,
             fill="#ffffff"),
        _tag("text", _esc("Nothing to restore"), class_="title", x=_PAD, y=36, font_size=18,
             font_weight="bold", fill=_INK),
        _tag("text", _esc(why), class_="subtitle", x=_PAD, y=60, font_size=12, fill=_MUTED),
        "</svg>",
    ]) + "\n"

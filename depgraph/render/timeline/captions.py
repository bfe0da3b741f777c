"""The words around a timeline's rows: its title, the scenario, the legend, deadlocks.

The header says what failed, how it was repaired, the teams and the critical path;
the legend shows the marks the chart uses (types, critical path, waits, RTOs, never
back) and wraps to the width; a box at the bottom names each deadlock and what to
start by hand. Each part returns its SVG elements and where the next part starts.
"""

from __future__ import annotations

from depgraph.analysis.restore_plan import RestorePlan
from depgraph.core.durations import format_duration
from depgraph.core.wording import listed, plural, visible
from depgraph.render.palette import type_colour
from depgraph.render.svg import esc, fit, number, tag, text_width, title
from depgraph.render.timeline.geometry import (
    BAR_H,
    GROUP_IDS,
    INK,
    MUTED,
    OUTLINE,
    PAD,
    RED,
    WIDTH,
)

__all__ = ["deadlock_box", "header", "legend", "title_text"]


def title_text(plan: RestorePlan) -> str:
    """``Restoration plan — 12 components back in 6h15m; 2 never back``."""
    back = plural(len(plan.steps), "component")
    text = f"Restoration plan \u2014 {back} back in {format_duration(plan.total)}"
    if not plan.steps:
        text = "Restoration plan \u2014 nothing comes back"
    if plan.unrestorable:
        text += f"; {len(plan.unrestorable)} never back"
    return text


def header(plan: RestorePlan) -> tuple[list[str], int]:
    """The title, the scenario and the critical path; and the baseline of the last."""
    parts = [tag("text", esc(title_text(plan)), class_="title", x=PAD, y=30, font_size=18,
                 font_weight="bold", fill=INK)]
    if plan.cold_start:
        scenario = "Cold start: everything starts from scratch"
    else:
        scenario = (f"After {plural(len(plan.initial), 'initial failure')}: "
                    f"{listed(plan.initial, 6, ellipsis=True)}")
        if plan.repair is not None:
            scenario += f", each repaired in {format_duration(plan.repair)}"
    scenario += f" \u2014 {plural(len(plan.failed), 'component')} down"
    if plan.teams:
        scenario += "; teams: " + ", ".join(f"{visible(t)} \u00d7{n}"
                                             for t, n in sorted(plan.teams.items()))
    lines = [scenario]
    if plan.critical_path:
        lines.append("Critical path: " + " \u2192 ".join(plan.critical_path))
    y = 30
    for line in lines:
        y += 18
        shown = fit(line, 12, WIDTH - 2 * PAD)
        parts.append(tag("text", title(line) + esc(shown), class_="subtitle", x=PAD, y=y,
                         font_size=12, fill=MUTED))
    return parts, y


def legend(kinds: list[str], *, waits: bool, rtos: bool, never: bool,
           y: float) -> tuple[list[str], float]:
    """The legend from ``y`` down, wrapped to the width; and where it ends."""
    items: list[tuple[str, str, str]] = [
        (kind, f"components of type {kind}",
         tag("rect", None, width=14, height=BAR_H, rx=2, fill=type_colour(kind)))
        for kind in kinds]
    items.append(("critical path", "outlined: the chain that decides the total",
                  tag("rect", None, width=14, height=BAR_H, rx=2, fill="#cccccc",
                      stroke=OUTLINE, stroke_width=2.5)))
    if waits:
        items.append(("waiting for a team", "ready, but every hand of its team is busy",
                      tag("rect", None, width=14, height=BAR_H, fill="url(#wait-hatch)",
                          stroke="#999999")))
    if rtos:
        items.append(("RTO", "the component's recovery time objective",
                      tag("rect", None, x=6, y=-2, width=2.5, height=BAR_H + 4,
                          fill="#444444")))
        items.append(("RTO breached", "back later than its RTO, or never",
                      tag("rect", None, x=5.5, y=-2, width=3, height=BAR_H + 4, fill=RED)))
    if never:
        items.append(("never back", "waits, directly or not, on a deadlock",
                      tag("rect", None, width=14, height=BAR_H, fill="url(#never-hatch)",
                          stroke=RED)))
    parts = []
    x = float(PAD)
    y += 4
    for text, tip, swatch in items:
        width = 20 + text_width(text, 11) + 14
        if x + width > WIDTH - PAD:
            x, y = float(PAD), y + 18
        parts.append(f'<g class="legend" transform="translate({number(x)},{number(y)})">'
                     + title(f"{text}: {tip}") + swatch
                     + tag("text", esc(text), x=20, y=10, fill=INK) + "</g>")
        x += width
    return parts, y + BAR_H


def deadlock_box(plan: RestorePlan, y: float) -> tuple[list[str], float]:
    """A box naming each deadlock from ``y`` down (nothing when there is none); and
    where it ends."""
    if not plan.deadlocks:
        return [], y
    room = WIDTH - 2 * PAD - 24
    lines = []
    for deadlock in plan.deadlocks:
        cycle = " \u2194 ".join(deadlock.members)
        hand = ", ".join(deadlock.start_by_hand)
        text = f"Deadlock: {cycle} \u2014 start {hand} by hand first"
        if deadlock.blocks:
            text += f"; it also keeps {listed(deadlock.blocks, 3, ellipsis=True)} down"
        if not deadlock.exact:
            text += " (a small set, not proven smallest)"
        tip = [text]
        if deadlock.break_dependencies:
            tip.append("going without: " + ", ".join(
                f"{c} \u2192 {m}" for c, m in deadlock.break_dependencies))
        if deadlock.blocks:
            tip.append("also keeps down: " + listed(deadlock.blocks, GROUP_IDS, ellipsis=True))
        lines.append((fit(text, 13, room), "\n".join(tip)))
    height = 14 + 20 * len(lines)
    parts = ['<g class="deadlocks">', title("deadlocks: cycles of components that need "
                                            "each other"),
             tag("rect", None, x=PAD, y=y, width=WIDTH - 2 * PAD, height=height, rx=4,
                 fill="#fff5f5", stroke=RED, stroke_width=1.5)]
    for index, (text, tip) in enumerate(lines):
        parts.append(tag("text", title(tip) + esc(text), class_="deadlock", x=PAD + 12,
                         y=y + 25 + 20 * index, font_size=13, fill=INK))
    parts.append("</g>")
    return parts, y + height

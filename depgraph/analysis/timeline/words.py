"""A timeline in words, for the text, Markdown and SVG outputs: what a person asks first.

Which targets go down, when and for how long; what never comes back and why; which
datasets are lost or unavailable; then every component's intervals, in time order.
"""

from __future__ import annotations

from typing import Iterator

from depgraph.analysis.timeline import Interval, Timeline
from depgraph.core.durations import format_duration
from depgraph.core.wording import listed, plural

_NEVER = float("inf")  # a return that never comes, sorted after every other

__all__ = ["component_rows", "dataset_lines", "event_lines", "headline", "span_words",
           "target_rows", "who"]


def who(ids: list[str], most: int = 3) -> str:
    """``h01-care, h02-care, h03-care and 35 more (38)``; one id alone as is."""
    return ids[0] if len(ids) == 1 else f"{listed(ids, most)} ({len(ids)})"


def span_words(interval: Interval) -> tuple[str, str, str]:
    """``(from, to, for)``: ``15m``, ``1d2h`` or ``never``, ``1d1h45m`` or ``ever``."""
    back = "never" if interval.back is None else format_duration(interval.back)
    length = "ever" if interval.back is None else format_duration(interval.back - interval.down)
    return format_duration(interval.down), back, length


def headline(result: Timeline) -> str:
    """One sentence: how many targets go down, how long the longest stays down, what
    never comes back, what data is lost."""
    down = len(result.targets)
    said = (f"{down} of {plural(len(result.target_ids), 'target')} "
            f"{'goes' if down == 1 else 'go'} down")
    never = [t for t, d in result.targets.items() if d.total is None]
    if down:
        finite = [d.total for d in result.targets.values() if d.total is not None]
        if finite:
            said += f", for up to {format_duration(max(finite))}"
        if never:
            said += f"; {len(never)} never {'comes' if len(never) == 1 else 'come'} back"
    if result.components:
        said += (f"; {plural(len(result.components), 'component')} down in all, the last "
                 f"back after {format_duration(result.end)}")
        if result.never_back:
            said += f", {len(result.never_back)} never"
    lost = result.lost
    if lost:
        said += f"; data lost: {', '.join(lost)}"
    return said + "."


def event_lines(result: Timeline) -> list[str]:
    """Each event, then the team limits the run kept to."""
    lines = [event.describe() for event in result.scenario.events]
    if result.teams:
        lines.append("teams limited: " + ", ".join(
            f"{name} {hands} at once" for name, hands in sorted(result.teams.items())))
    return lines


def target_rows(result: Timeline) -> Iterator[tuple[str, str, list[str]]]:
    """``(down time in all, intervals, targets)``, the targets down the same way in one
    row, the longest down first (never back before all)."""
    groups: dict[tuple, list[str]] = {}
    for ident, down in result.targets.items():
        spans = tuple((i.down, _NEVER if i.back is None else i.back) for i in down.intervals)
        groups.setdefault((down.total is not None, -(down.total or 0), spans), []).append(ident)
    for _, ids in sorted(groups.items()):
        down = result.targets[ids[0]]
        total = "never back" if down.total is None else format_duration(down.total)
        when = ", ".join(f"{a} -> {b}" for a, b, _ in map(span_words, down.intervals))
        yield total, when, sorted(ids)


def dataset_lines(result: Timeline) -> list[str]:
    lines = []
    for name, state in result.datasets.items():
        copies = ", ".join(state.copies)
        if state.lost:
            lines.append(f"{name}: LOST at {format_duration(state.lost_at)}, every copy "
                         f"destroyed ({copies})")
        elif state.intervals:
            spans = ", ".join(
                f"{format_duration(a)} -> {'never' if b is None else format_duration(b)}"
                for a, b in state.intervals)
            lines.append(f"{name}: unavailable {spans}, no copy working ({copies})")
    return lines


def component_rows(result: Timeline) -> Iterator[tuple[str, str, str, str, str]]:
    """``(from, to, for, component, cause)`` for every interval, in time order (what
    goes down first, then what comes back first)."""
    rows = [(interval.down, ident, interval) for ident, spans in result.components.items()
            for interval in spans]
    def order(row):
        down, ident, interval = row
        return down, interval.back is None, interval.back or 0, ident

    for _, ident, interval in sorted(rows, key=order):
        start, back, length = span_words(interval)
        yield start, back, length, ident, interval.cause

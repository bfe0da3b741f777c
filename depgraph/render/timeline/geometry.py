"""The timeline's geometry and inks: its sizes, and the time axis with its ticks.

Time runs left to right from ``LEFT`` (the failure) to ``RIGHT``; labels live on the
left of it, one row every ``ROW_H`` pixels. The axis ends a little after the last
component is back, on a round number of ticks of a readable spacing.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import ceil

from depgraph.render.svg import number, tag, title

__all__ = ["document", "BAR_H", "FIRST_MARK", "FONT", "GRID", "GROUP_IDS", "INK", "LABEL_CHARS",
           "LAST_MARK", "LEFT", "MUTED", "OUTLINE", "PAD", "RED", "RIGHT", "ROW_H", "STRIPE",
           "WIDTH", "Axis"]

WIDTH = 1200
PAD = 16
LEFT = 300  # where time 0 is drawn; the labels live on its left
RIGHT = WIDTH - 36  # where the time axis ends
ROW_H = 20
BAR_H = 12
LABEL_CHARS = 44
GROUP_IDS = 10  # how many ids of a group its tooltip lists
FONT = "sans-serif"

RED = "#d62728"
INK = "#222222"
MUTED = "#666666"
GRID = "#e1e4e8"
STRIPE = "#f4f5f7"
OUTLINE = "#111111"
FIRST_MARK = "#b26a00"
LAST_MARK = "#283593"

#: Candidate tick spacings, in seconds.
_TICK_STEPS = (60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200,
               86400, 2 * 86400, 7 * 86400, 14 * 86400, 28 * 86400, 91 * 86400,
               182 * 86400, 364 * 86400)


@dataclass(frozen=True)
class Axis:
    """The time axis: where it ends and the spacing of its ticks, both in seconds."""

    end: int
    step: int

    @classmethod
    def for_total(cls, total: int) -> Axis:
        """The axis for a plan whose last component is back after ``total`` seconds.

        >>> Axis.for_total(6 * 3600 + 900)
        Axis(end=25200, step=3600)
        """
        raw = max(total, 60) * 1.03
        most = max(2, int((RIGHT - LEFT) / 72))
        for step in _TICK_STEPS:
            if raw / step <= most:
                break
        else:
            year = _TICK_STEPS[-1]
            step = year * ceil(raw / most / year)
        return cls(step * ceil(raw / step), step)

    def x(self, seconds: float) -> float:
        """Where ``seconds`` after the failure is drawn (the end of the axis at most).

        >>> Axis(3600, 600).x(0), Axis(3600, 600).x(1800), Axis(3600, 600).x(7200)
        (300.0, 732.0, 1164.0)
        """
        return LEFT + (RIGHT - LEFT) * min(seconds, self.end) / self.end


def document(height: float, name: str, parts: list[str], defs: str | None = None) -> str:
    """A standalone SVG 1.1 timeline, ``WIDTH`` wide: the XML declaration, its title
    ``name``, ``defs``, a white background, then ``parts``."""
    head = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{WIDTH}" '
        f'height="{number(height)}" viewBox="0 0 {WIDTH} {number(height)}" '
        f'font-family="{FONT}" font-size="11">',
        title(name),
        *([defs] if defs is not None else []),
        tag("rect", None, class_="background", x=0, y=0, width=WIDTH, height=height,
            fill="#ffffff"),
    ]
    return "\n".join(head + parts + ["</svg>"]) + "\n"

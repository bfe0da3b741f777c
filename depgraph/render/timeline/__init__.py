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

The package: :mod:`.chart` (the entry point, the layout, grid and markers),
:mod:`.rows` (the plan's steps grouped into rows), :mod:`.bars` (a row as drawn),
:mod:`.captions` (title, scenario, legend, deadlocks) and :mod:`.geometry` (sizes,
inks, the time axis); the SVG primitives are :mod:`depgraph.render.svg`.
"""

from depgraph.render.timeline.chart import timeline_svg

__all__ = ["timeline_svg"]

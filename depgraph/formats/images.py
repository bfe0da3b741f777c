"""Pictures: diagrams as DOT text or drawn by Graphviz (SVG, PNG, PDF), and a
restoration plan's timeline as SVG.

The pictures are built by :mod:`depgraph.render` (pure: a pydot graph, an SVG
string); these formats hand them over as the command line writes them. DOT needs
no Graphviz; the images need its ``dot`` program
(:func:`depgraph.render.graphviz.render_dot`, with a time limit).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from depgraph.analysis.restore_plan import RestorePlan
    from depgraph.render.diagram import Diagram

__all__ = ["DOT", "PDF", "PNG", "SVG"]


class DotFormat:
    """A diagram as Graphviz DOT text."""

    def diagram(self, diagram: Diagram, timeout: float = 120.0) -> str:
        return diagram.text


class ImageFormat:
    """A diagram drawn by Graphviz as ``kind`` (svg, png or pdf): the image's bytes."""

    def __init__(self, kind: str):
        self.kind = kind

    def diagram(self, diagram: Diagram, timeout: float = 120.0) -> bytes:
        from depgraph.render.graphviz import render_dot

        return render_dot(diagram.text, self.kind, timeout)


class SvgFormat(ImageFormat):
    """SVG: a diagram drawn by Graphviz, or a restoration plan's or a scenario's timeline
    (drawn by depgraph itself, no Graphviz needed)."""

    def __init__(self):
        super().__init__("svg")

    def restore_plan(self, plan: RestorePlan) -> str:
        from depgraph.render.timeline import timeline_svg

        return timeline_svg(plan, plan.inventory)

    def timeline(self, result) -> str:
        """A scenario's timeline (:mod:`depgraph.render.timeline.scenario`)."""
        from depgraph.render.timeline.scenario import scenario_svg

        return scenario_svg(result)


DOT, SVG, PNG, PDF = DotFormat(), SvgFormat(), ImageFormat("png"), ImageFormat("pdf")

"""Pictures: renderers that turn results into images (SVG), as strings; they never write files."""

from depgraph.render.timeline import timeline_svg

__all__ = ["timeline_svg"]

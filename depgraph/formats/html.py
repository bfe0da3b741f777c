"""HTML: the governance report as one self-contained page
(:mod:`depgraph.formats.report_html`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    from depgraph.analysis.governance import GovernanceReport

__all__ = ["FORMAT", "HtmlFormat"]


class HtmlFormat:
    def governance(self, report: GovernanceReport, diagrams: Sequence[tuple[str, str]] = ()
                   ) -> str:
        """The page, with ``diagrams`` (``(title, SVG text)``) inline."""
        from depgraph.formats.report_html import report_html

        return report_html(report, diagrams)


FORMAT = HtmlFormat()

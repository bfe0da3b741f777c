"""Single points of failure: every component, provider and location whose failure
alone takes down a target, ranked by impact, each with why the redundancy in
between did not help.

:func:`single_points_of_failure` (in :mod:`.analyse`) returns a
:class:`~.report.SpofReport` of :class:`~.points.SinglePoint` values; the
explanations are in :mod:`.explain` (one at a time, the reference) and
:mod:`.explain_numpy` (every one at once, from the numpy kernel's table), the
ranking in :mod:`.ranking` and :mod:`.ranking_numpy`.
"""

from depgraph.analysis.spof.analyse import default_targets, single_points_of_failure
from depgraph.analysis.spof.explain import explain_points, explain_single_point
from depgraph.analysis.spof.points import FailurePair, SinglePoint
from depgraph.analysis.spof.report import SpofReport

__all__ = ["FailurePair", "SinglePoint", "SpofReport", "default_targets", "explain_points",
           "explain_single_point", "single_points_of_failure"]

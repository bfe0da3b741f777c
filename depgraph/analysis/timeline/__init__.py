"""Scenarios in time: failure and return of every component along timed events.

:mod:`.engine` is the semantics (pure integers); :mod:`.compile` turns an inventory and
a scenario into its input; :mod:`.scenario` reads its answer for people.
"""

from depgraph.analysis.timeline.scenario import (
                                                 DatasetState,
                                                 Interval,
                                                 TargetDown,
                                                 Timeline,
                                                 scenario_named,
                                                 timeline,
)

__all__ = ["DatasetState", "Interval", "TargetDown", "Timeline", "scenario_named",
           "timeline"]

"""Restoration plans: what comes back when, in which order, and what never does.

After a scenario, a failed component starts coming back once all its
requirements are met again (its hard dependencies up, at least ``needed`` of each
group up) and is back ``restore`` later. The work on the initially failed
components (the power feed, say) starts at once, all of them in parallel, and
takes ``repair`` when it is given; each is back when its work is done and its
requirements are met, whichever comes last. Components that never failed are up
from the start.

:func:`restore_plan` (:mod:`.plan`) runs the event simulation (:mod:`.simulation`,
with its numpy fast path :mod:`.simulation_numpy`), under team limits if any
(:mod:`.teams`), reads the plan off it (:mod:`.outcome`, :mod:`.outcome_numpy`)
and names the deadlocks (:mod:`.deadlocks`); the values are in :mod:`.values`.
"""

from depgraph.analysis.restore_plan.plan import restore_plan
from depgraph.analysis.restore_plan.values import (Deadlock, RestorePlan, RestoreStep, RtoCheck,
                                                   TeamDelay)

__all__ = ["Deadlock", "RestorePlan", "RestoreStep", "RtoCheck", "TeamDelay", "restore_plan"]

"""depgraph: what breaks when infrastructure fails, and how to bring it back.

The public API is a handful of plain functions::

    >>> import depgraph
    >>> shop = depgraph.load_inventory("inventories/webshop.yaml")
    >>> result = depgraph.blast_radius(shop, depgraph.select(shop, "zone-a"))
    >>> result.failed[:4]
    ('cache-a', 'checkout', 'db-1', 'db-3')
    >>> print(result.explain("checkout"))
    checkout fails: needs db-cluster, which fails: only 1 of 3 of [db-1, db-2, db-3] left, needs 2; db-3 fails: located in zone-a, which failed initially
"""

from depgraph.analysis.bia import BusinessImpact, FunctionImpact, ScenarioImpact, business_impact
from depgraph.analysis.blast_radius import BlastRadius, Degradation, Step, blast_radius
from depgraph.analysis.data import DataPoint, DataReport, data_report
from depgraph.analysis.diff import ChangedPoint, SpofDiff, diff_spofs
from depgraph.analysis.double_failures import minimal_cut_sets
from depgraph.analysis.exercise import Exercise, exercise
from depgraph.analysis.governance import GovernanceReport, governance_report
from depgraph.analysis.lint import lint
from depgraph.analysis.restore_plan import (Deadlock, RestorePlan, RestoreStep, RtoCheck,
                                            TeamDelay, restore_plan)
from depgraph.analysis.spof import FailurePair, SinglePoint, SpofReport, single_points_of_failure
from depgraph.analysis.timeline import DatasetState, Interval, TargetDown, Timeline, timeline
from depgraph.analysis.timeline.plan import scenario_plan
from depgraph.analysis.timeline.state import ScenarioState, scenario_state
from depgraph.core.graph import dependency_graph
from depgraph.core.model import (Component, Inventory, Provider, Requirement, Scenario,
                                 ScenarioEvent, Span)
from depgraph.core.problems import DepgraphError, InventoryError, Problem, SelectorError
from depgraph.core.selectors import parse_selector, select, select_all
from depgraph.loaders.files import load_inventory

from depgraph._version import __version__  # noqa: E402 - re-exported

__all__ = [
    "__version__",
    "BlastRadius",
    "BusinessImpact",
    "ChangedPoint",
    "Component",
    "DataPoint",
    "DataReport",
    "DatasetState",
    "Deadlock",
    "Degradation",
    "DepgraphError",
    "FailurePair",
    "FunctionImpact",
    "Exercise",
    "GovernanceReport",
    "Interval",
    "Inventory",
    "InventoryError",
    "Problem",
    "Provider",
    "Requirement",
    "RestorePlan",
    "RestoreStep",
    "RtoCheck",
    "Scenario",
    "ScenarioEvent",
    "ScenarioImpact",
    "ScenarioState",
    "SelectorError",
    "SinglePoint",
    "Span",
    "SpofDiff",
    "SpofReport",
    "Step",
    "TargetDown",
    "TeamDelay",
    "Timeline",
    "blast_radius",
    "business_impact",
    "data_report",
    "dependency_graph",
    "diff_spofs",
    "exercise",
    "governance_report",
    "lint",
    "load_inventory",
    "minimal_cut_sets",
    "parse_selector",
    "restore_plan",
    "scenario_plan",
    "scenario_state",
    "select",
    "select_all",
    "single_points_of_failure",
    "timeline",
]

"""What a change to the inventory does to its single points of failure.

Two plain SPOF analyses, old and new, compared point by point. A point is the
same on both sides when it has the same id and is a provider on both sides or a
component on both: a component that becomes a location (something is now placed
in it) is the same point, not a SPOF removed and another introduced.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterable

from depgraph.analysis.spof import (SinglePoint, SpofReport, explain_single_point,
                                    single_points_of_failure)
from depgraph.core.model import Inventory
from depgraph.core.problems import SelectorError
from depgraph.core.selectors import Selector, select_all

__all__ = ["ChangedPoint", "SpofDiff", "diff_spofs"]


@dataclass(frozen=True, slots=True)
class ChangedPoint:
    """A single point of failure on both sides that kills other targets after the change."""

    old: SinglePoint
    new: SinglePoint

    @property
    def kills_added(self) -> tuple[str, ...]:
        before = set(self.old.kills)
        return tuple(t for t in self.new.kills if t not in before)

    @property
    def kills_removed(self) -> tuple[str, ...]:
        after = set(self.new.kills)
        return tuple(t for t in self.old.kills if t not in after)


@dataclass(frozen=True)
class SpofDiff:
    """The SPOFs a change introduces, removes or changes, and the targets it puts at risk.

    ``introduced`` and ``changed`` come in the new report's order (by impact),
    ``removed`` in the old one's; target lists are sorted.
    """

    old: SpofReport
    new: SpofReport
    introduced: tuple[SinglePoint, ...]
    removed: tuple[SinglePoint, ...]
    changed: tuple[ChangedPoint, ...]
    #: At risk after the change, not before (new targets included).
    newly_at_risk: tuple[str, ...]
    #: At risk before the change, not after (targets no longer targets included).
    no_longer_at_risk: tuple[str, ...]
    targets_added: tuple[str, ...]
    targets_removed: tuple[str, ...]

    @property
    def worsens(self) -> bool:
        """True when the change introduces a SPOF, makes one kill more targets, or puts a
        target at risk that was not."""
        return bool(self.introduced or self.widened or self.newly_at_risk)

    @property
    def widened(self) -> tuple["ChangedPoint", ...]:
        """Single points of failure that kill targets they did not kill before."""
        return tuple(c for c in self.changed if c.kills_added)

    @property
    def narrowed(self) -> tuple["ChangedPoint", ...]:
        """Single points of failure that only kill fewer targets than before."""
        return tuple(c for c in self.changed if not c.kills_added)

    @property
    def is_empty(self) -> bool:
        """True when the SPOFs, their kills and the targets at risk are as they were."""
        return not (self.introduced or self.removed or self.changed
                    or self.newly_at_risk or self.no_longer_at_risk)

    def whys(self) -> dict[tuple[str, str], str]:
        """Why each point listed is a SPOF, by its ``(kind, id)``: introduced and changed
        ones explained in the new inventory (a changed one for a target it now also
        kills, where there is one), removed ones in the old."""
        changed = tuple(replace(c.new, kills=c.kills_added or c.new.kills) for c in self.changed)
        found = _explain(self.new, self.introduced + changed)
        found.update(_explain(self.old, self.removed))
        return found


def _explain(report: SpofReport, spofs: Iterable[SinglePoint]) -> dict[tuple[str, str], str]:
    """Like :meth:`SpofReport.whys`, for some of the report's SPOFs only."""
    found: dict[tuple[str, str], str] = {}
    current, cache = None, {}
    for spof in sorted(spofs, key=lambda s: (s.kills[0], s.kind, s.id)):
        if spof.kills[0] != current:  # share each target's upstream, then let it go
            current, cache = spof.kills[0], {}
        found[spof.key] = explain_single_point(report.inventory, spof, cache)
    return found


def _report(inventory: Inventory, selectors: tuple[Selector | str, ...] | None,
            side: str) -> SpofReport:
    if selectors is None:
        return single_points_of_failure(inventory)
    try:
        targets = select_all(inventory, selectors)
    except SelectorError as error:
        where = f" ({', '.join(inventory.sources)})" if inventory.sources else ""
        raise SelectorError(f"{side} inventory{where}: {error}") from None
    return single_points_of_failure(inventory, targets)


def diff_spofs(old_inventory: Inventory, new_inventory: Inventory,
               targets: Iterable[Selector | str] | None = None) -> SpofDiff:
    """Compare the single points of failure of two versions of an inventory.

    ``targets`` are selectors, applied to each side (each must match something on
    both); by default each side has its own default targets.

    >>> from dataclasses import replace
    >>> from depgraph import load_inventory
    >>> shop = load_inventory("inventories/webshop.yaml")
    >>> diff_spofs(shop, shop).is_empty
    True

    Moving db-3 to zone-b only moves the quorum's weak spot to the other zone:

    >>> moved = dict(shop.components, **{"db-3": replace(shop["db-3"], located_in="zone-b")})
    >>> diff = diff_spofs(shop, replace(shop, components=moved))
    >>> [(s.id, s.kills) for s in diff.removed], [(s.id, s.kills) for s in diff.introduced]
    ([('zone-a', ('checkout', 'db-cluster'))], [('zone-b', ('checkout', 'db-cluster'))])
    >>> diff.worsens, diff.newly_at_risk
    (True, ())
    """
    selectors = None if targets is None else tuple(targets)
    old = _report(old_inventory, selectors, "old")
    new = _report(new_inventory, selectors, "new")
    before = {s.key: s for s in old.spofs}
    after = {s.key: s for s in new.spofs}
    changed = tuple(ChangedPoint(before[s.key], s) for s in new.spofs
                    if s.key in before and before[s.key].kills != s.kills)
    old_risk, new_risk = set(old.at_risk), set(new.at_risk)
    return SpofDiff(
        old=old, new=new,
        introduced=tuple(s for s in new.spofs if s.key not in before),
        removed=tuple(s for s in old.spofs if s.key not in after),
        changed=changed,
        newly_at_risk=tuple(sorted(new_risk - old_risk)),
        no_longer_at_risk=tuple(sorted(old_risk - new_risk)),
        targets_added=tuple(sorted(set(new.targets) - set(old.targets))),
        targets_removed=tuple(sorted(set(old.targets) - set(new.targets))),
    )

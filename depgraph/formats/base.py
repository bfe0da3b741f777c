"""The interface every output format implements, and helpers they share."""

from __future__ import annotations

from typing import Iterable, Protocol, Sequence

from depgraph.analysis.blast_radius import BlastRadius
from depgraph.analysis.diff import SpofDiff
from depgraph.analysis.restore_plan import Deadlock, RestorePlan
from depgraph.analysis.spof import SinglePoint, SpofReport
from depgraph.core.durations import format_duration
from depgraph.core.model import COMPONENT_TYPES, Inventory
from depgraph.core.problems import Problem
from depgraph.core.wording import listed, plural  # plural re-exported for the formats

#: ``a, b, c and 5 more``: :func:`depgraph.core.wording.listed`, by its older name.
shorten = listed

__all__ = ["Format", "STRICT", "by_type", "count_severities", "deadlock_sentence",
           "diff_verdict", "diff_details", "kinds_summary", "minutes", "plan_scenario",
           "plan_summary", "plural", "shorten"]

#: Said after the warnings of a ``validate --strict`` run that they make fail.
STRICT = "(--strict: warnings fail the check)"


class Format(Protocol):
    """Turns results into text. A format has the methods of the results that the
    registry (:data:`depgraph.formats.FORMATS`) says it writes, each returning a string
    ending in a newline (or an image's bytes); these are the ones the reports share."""

    def blast_radius(self, result: BlastRadius) -> str: ...

    def problems(self, problems: Sequence[Problem], inventory: Inventory | None, *,
                 strict: bool = False) -> str:
        """The problems of ``validate``; ``strict``: its warnings fail the check (exit 1)."""

    def spof(self, report: SpofReport) -> str: ...

    def diff(self, result: SpofDiff) -> str: ...

    def restore_plan(self, plan: RestorePlan) -> str: ...


def minutes(seconds: int | None) -> int | float | None:
    """Seconds as minutes, as the JSON and CSV formats write times: a whole number when
    it is one.

    >>> minutes(5400), minutes(90), minutes(None)
    (90, 1.5, None)
    """
    if seconds is None:
        return None
    return seconds // 60 if seconds % 60 == 0 else round(seconds / 60, 3)


def kinds_summary(spofs: Sequence[SinglePoint]) -> str:
    """``3 providers, 1 location, 6 components``."""
    counts = {kind: sum(1 for s in spofs if s.kind == kind)
              for kind in ("provider", "location", "component")}
    return ", ".join(f"{n} {kind}{'' if n == 1 else 's'}" for kind, n in counts.items() if n)


def diff_verdict(result: SpofDiff) -> str:
    """One line: what the change does to the SPOFs and to the targets at risk.

    ``This change adds 2 single points of failure and puts 1 more target at risk.``,
    or ``No new single point of failure, and no target newly at risk.`` A point that
    now kills more targets makes the change worse too.
    """
    worse = []
    if result.introduced:
        worse.append("adds " + plural(len(result.introduced), "single point of failure",
                                      "single points of failure"))
    if result.widened:
        worse.append("makes " + plural(len(result.widened), "single point of failure",
                                       "single points of failure") + " kill more targets")
    if result.newly_at_risk:
        worse.append(f"puts {plural(len(result.newly_at_risk), 'more target', 'more targets')}"
                     " at risk")
    if worse:
        listed = worse[0] if len(worse) == 1 else ", ".join(worse[:-1]) + " and " + worse[-1]
        return f"This change {listed}."
    return "No new single point of failure, and no target newly at risk."


def diff_details(result: SpofDiff) -> str:
    """The rest of the change in a sentence (removals, changed kills), or ``""``."""
    parts = []
    if result.removed:
        parts.append("removes " + plural(len(result.removed), "single point of failure",
                                         "single points of failure"))
    if result.no_longer_at_risk:
        parts.append(f"takes {plural(len(result.no_longer_at_risk), 'target', 'targets')} "
                     "out of risk")
    if result.narrowed:
        parts.append("makes " + plural(len(result.narrowed), "single point of failure",
                                       "single points of failure") + " kill fewer targets")
    if not parts:
        return "" if result.worsens else \
            "The single points of failure and the targets at risk are as they were."
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"It {listed}."


def by_type(inventory: Inventory, ids: Iterable[str]) -> list[tuple[str, list[str]]]:
    """Ids grouped by component type, types from the ground (site) up to business."""
    groups: dict[str, list[str]] = {}
    for ident in ids:
        groups.setdefault(inventory[ident].type, []).append(ident)
    return [(kind, sorted(groups[kind])) for kind in COMPONENT_TYPES if kind in groups]


def count_severities(problems: Sequence[Problem]) -> tuple[int, int]:
    """``(errors, warnings)``."""
    errors = sum(1 for p in problems if p.severity == "error")
    return errors, len(problems) - errors


def plan_scenario(plan: RestorePlan) -> str:
    """``fail provider:hostco,type:power, repaired in 3h`` or ``cold start (everything
    down)``: the scenario of a restoration plan in words."""
    if plan.selectors and plan.selectors[0].startswith("scenario "):  # no selector has a
        said = plan.selectors[0]  # space: a scenario's plan, on the time engine
    elif plan.cold_start:
        said = "cold start (everything down)"
        if plan.selectors or plan.initial:
            said += "; initial failures " + (" + ".join(plan.selectors)
                                             or ", ".join(plan.initial))
    else:
        said = "fail " + (" + ".join(plan.selectors) or ", ".join(plan.initial))
    if plan.repair is not None:
        said += f", repaired in {format_duration(plan.repair)}"
    if plan.teams:
        said += "; teams: " + ", ".join(f"{t} {n} at once" for t, n in sorted(plan.teams.items()))
    return said


def plan_summary(plan: RestorePlan) -> str:
    """One sentence: how much failed, when it is back, what never is."""
    said = (f"{plural(len(plan.failed), 'component')} down; "
            f"{len(plan.steps)} back, the last after {format_duration(plan.total)}")
    if plan.unrestorable:
        said += f"; {len(plan.unrestorable)} never back"
    return said + "."


def deadlock_sentence(deadlock: Deadlock) -> str:
    """``dns and ad need each other: start ad by hand first (without dns)``."""
    members = deadlock.members
    names = " and ".join(members) if len(members) <= 2 else \
        ", ".join(members[:-1]) + " and " + members[-1]
    need = "needs itself" if len(members) == 1 else \
        "need each other" if len(members) == 2 else "need each other in a cycle"
    without: dict[str, list[str]] = {}
    for component, member in deadlock.break_dependencies:
        without.setdefault(component, []).append(member)
    hand = "; ".join(f"{c} (without {', '.join(ms)})" if ms else c
                     for c, ms in ((c, without.get(c, [])) for c in deadlock.start_by_hand))
    smallest = "" if deadlock.exact else " (a small set, not proven smallest)"
    return f"{names} {need}: start {hand} by hand first{smallest}"

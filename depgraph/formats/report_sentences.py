"""The governance report's shared words: its sections and the sentences both formats say.

The HTML page and the Markdown variant have the same sections and say the same
things in the same words: the key findings, what the restoration plan says, the note
under a table cut short. Each sentence builder takes the format's escape for
inventory text and its markup for an id, so that one wording serves both formats.
"""

from __future__ import annotations

from typing import Callable, Iterable

from depgraph.analysis.governance import GovernanceReport
from depgraph.analysis.restore_plan import RestorePlan
from depgraph.analysis.spof.points import weight_of
from depgraph.core.durations import format_duration
from depgraph.core.wording import plural
from depgraph.formats.base import plan_scenario, plan_summary

__all__ = ["MOST_ROWS", "SECTIONS", "key_findings", "kinds", "left_out", "percent",
           "plan_sentences"]

#: The sections of the report, by anchor, in order (the Markdown variant has the same).
SECTIONS = (
    ("summary", "Summary"),
    ("targets", "Targets and their single points of failure"),
    ("spofs", "Single points of failure, ranked"),
    ("concentration", "Provider concentration"),
    ("scenarios", "Scenarios: the loss of each provider and location"),
    ("continuity", "Business continuity: the scenarios reviewed"),
    ("restoration", "Restoration after the headline scenario"),
    ("diagrams", "Diagrams"),
)

#: The most rows a long table shows (targets, SPOFs, locations, RTO breaches); the rest
#: is named in a note, with the command that lists everything.
MOST_ROWS = 1000


def percent(part: int, whole: int) -> str:
    """``part`` of ``whole`` in whole percent (``0%`` of nothing).

    >>> percent(1, 3), percent(0, 0)
    ('33%', '0%')
    """
    return f"{100 * part / whole:.0f}%" if whole else "0%"


def left_out(shown: int, total: int, what: str, order: str, command: str) -> str | None:
    """The note under a table cut to ``shown`` rows of ``total``, or None if it was not
    (``command`` lists everything; the caller marks it up)."""
    if shown >= total:
        return None
    return (f"Only the first {shown} of {total} {what} are shown ({order}); {command} lists "
            "every one.")


def kinds(counts: Iterable[tuple[str, int]]) -> str:
    """``3 providers, 1 location``, the kinds counted (``none`` when none is).

    >>> kinds([("provider", 3), ("location", 1), ("component", 0)])
    '3 providers, 1 location'
    """
    parts = [plural(n, kind) for kind, n in counts if n]
    return ", ".join(parts) if parts else "none"


#: The share of the targets from which a provider's concentration is a finding.
_HEAVY = 0.25


def key_findings(report: GovernanceReport, text: Callable[[str], str],
                 ident: Callable[[str], str]) -> list[str]:
    """The report in a few sentences. ``text`` escapes inventory text, ``ident``
    marks up an id, each for the format at hand."""
    figures = report.figures
    found = [f"{figures.at_risk} of {plural(figures.targets, 'target')} "
             f"({percent(figures.at_risk, figures.targets)}) can be taken down by a single "
             "failure." if figures.at_risk else
             f"No single failure takes down any of the {plural(figures.targets, 'target')}."]
    if figures.spof_total:
        points = plural(figures.spof_total, "single point of failure",
                        "single points of failure")
        found.append(f"{points}: {kinds(figures.spofs)}.")
    if figures.own_buildings:
        own = figures.own_buildings
        found.append(f"Another {plural(own, 'location')} "
                     f"{'takes' if own == 1 else 'take'} down only the targets "
                     f"{'it houses' if own == 1 else 'they house'} (a target's own "
                     "building): grouped, not counted as findings.")
    review = report.review
    headline = review.headline if review is not None else None
    if headline is not None:
        breaches = headline.mtpd_breaches
        activated = headline.activated
        outlasted = sum(1 for f in activated if f.outlasted)
        found.append(
            f"The headline scenario, of the {plural(len(review.reviewed.scenarios), 'scenario')}"
            f" reviewed, is {ident(headline.scenario.id)}"
            + (f" \u201c{text(headline.scenario.name)}\u201d" if headline.scenario.name else "")
            + f": {len(headline.down)} of "
            f"{plural(len(review.reviewed.functions), 'business function')} down, "
            f"{plural(len(breaches), 'MTPD breach', 'MTPD breaches')}, "
            f"{plural(len(activated), 'degraded procedure')} activated"
            + (f" ({outlasted} outlasted)" if outlasted else "") + ".")
    worst, plan = report.worst, report.worst_plan
    if worst is not None and plan is not None:
        weighed = ""
        if report.spof.weighted:  # the heaviest loss: say by how much
            total = weight_of(report.inventory, report.spof.targets)
            weighed = f" (weight {worst.weight:,g} of {total:,g})"
        said = (f"The worst single loss is {worst.kind} {ident(worst.id)}"
                + (f" \u201c{text(worst.name)}\u201d" if worst.name else "")
                + f": {len(worst.targets_down)} of {plural(figures.targets, 'target')} down"
                f"{weighed}, {plural(worst.failed, 'component')} failed")
        if plan.steps:
            said += f"; the last one is back after {format_duration(plan.total)}"
        if plan.rto_breaches:
            said += (f", with {len(plan.rto_breaches)} of {len(plan.rto)} recovery time "
                     "objectives breached")
        if plan.unrestorable:
            stuck = len(plan.unrestorable)
            said += f"; {stuck} never come{'s' if stuck == 1 else ''} back without a hand start"
        found.append(said + ".")
    place = report.location_scenarios[0] if report.location_scenarios else None
    if place is not None and place.targets_down and place.key != report.worst_key:
        found.append(f"The worst loss of a location is {ident(place.id)}"
                     + (f" \u201c{text(place.name)}\u201d" if place.name else "")
                     + f": {len(place.targets_down)} of {plural(figures.targets, 'target')} "
                     f"down, {plural(place.failed, 'component')} failed.")
    heavy = [c for c in report.concentration if c.kills and c.share >= _HEAVY]
    if heavy:
        listed = ", ".join(f"{ident(c.provider)} ({percent(len(c.kills), c.targets)})"
                           for c in heavy)
        found.append(f"{plural(len(heavy), 'provider')} on {'its' if len(heavy) == 1 else 'their'}"
                     f" own take{'s' if len(heavy) == 1 else ''} down a quarter of the targets "
                     f"or more: {listed}.")
    elif report.concentration and report.concentration[0].kills:
        top = report.concentration[0]
        found.append(f"No provider alone takes down a quarter of the targets; the most, "
                     f"{ident(top.provider)}, takes down {percent(len(top.kills), top.targets)}.")
    return found


def plan_sentences(plan: RestorePlan, text: Callable[[str], str],
                   ident: Callable[[str], str]) -> list[str]:
    """What the restoration plan says, as the text format says it: the scenario, when
    the initial failures and the last component are back, RTOs, deadlocks. ``text``
    and ``ident`` as for :func:`key_findings`."""
    said = plan_scenario(plan)
    said = ("S" + said[1:] if said.startswith("scenario ") else f"Scenario: {said}") + "."
    found = [text(said), text(plan_summary(plan))]
    if plan.initial_back is not None and plan.steps:
        found.append(f"The initial failures are back after {format_duration(plan.initial_back)};"
                     f" the last component after {format_duration(plan.total)}: a gap of "
                     f"{format_duration(plan.total - plan.initial_back)}.")
    breaches = plan.rto_breaches
    if plan.rto:
        if breaches:
            listed = ", ".join(ident(i) for i in breaches[:12])
            more = f" and {len(breaches) - 12} more" if len(breaches) > 12 else ""
            found.append(f"{len(breaches)} of {len(plan.rto)} recovery time objectives "
                         f"checked are breached: {listed}{more}.")
        else:
            found.append(f"All {len(plan.rto)} recovery time objectives checked are met.")
    if plan.deadlocks:
        found.append(f"{plural(len(plan.deadlocks), 'deadlock')}: restoration cannot finish "
                     "without starting something by hand.")
    else:
        found.append("No deadlock: everything that failed comes back by itself.")
    return found

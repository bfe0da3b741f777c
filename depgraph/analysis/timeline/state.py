"""The blast radius of a scenario: what is down at one moment of it, or at any moment.

The time engine says when each component is down; this module reads that as a
:class:`~depgraph.analysis.blast_radius.BlastRadius`, so that every blast-radius format
says it, each failure explained:

* at a moment ``t``: the components down at ``t`` (an interval ``[t, t)`` that takes no
  time is not down). What an event holds down is an initial failure; every other one is
  explained through the requirement broken at ``t`` by what is down with it, back to an
  initial failure; one whose requirements all work again is being restored, one that
  waits on a ``when: start`` requirement or on a changeover says so;
* at any moment: every component ever down, explained the same way over all of them.

A component up at ``t`` with a requirement broken at ``t`` rides through on its holdup:
``riding`` lists them, with that holdup.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from depgraph.analysis.blast_radius import BlastRadius
from depgraph.analysis.propagation import Propagation
from depgraph.analysis.timeline.compile import TimedInventory, scenario_events, timed_of
from depgraph.analysis.timeline.engine import Down, run_timeline
from depgraph.core.durations import format_duration
from depgraph.core.model import Inventory, Scenario, ScenarioEvent

__all__ = ["ScenarioState", "scenario_state"]


@dataclass(frozen=True)
class ScenarioState:
    """A scenario's blast radius (``result``) at ``at`` (None: at any moment), and the
    components riding through on a holdup then (id -> the holdup, in seconds)."""

    scenario: Scenario
    at: int | None
    result: BlastRadius
    riding: Mapping[str, int]


def scenario_state(inventory: Inventory, scenario: Scenario, at: int | None = None, *,
                   timed: TimedInventory | None = None) -> ScenarioState:
    """The blast radius of ``scenario`` at ``at`` seconds, or over the whole scenario.

    >>> from depgraph import load_inventory
    >>> campus = load_inventory("inventories/campus-fire.yaml")
    >>> state = scenario_state(campus, campus.scenarios["grid-loss"], at=5 * 60)
    >>> state.result.failed, sorted(state.riding)
    (('campus-power', 'substation'), ['hall-1', 'hall-2', 'hall-3', 'hall-4'])
    """
    timed = timed or timed_of(inventory)
    events = scenario_events(inventory, scenario)
    spans = run_timeline(timed.timed, events)
    compiled = timed.compiled
    n = len(compiled.ids)
    chosen = [_interval(found, at) for found in spans]
    down = bytearray(1 if d is not None else 0 for d in chosen)
    hit = _held_by_events(events, chosen, at)
    notes = {c: _event_note(scenario.events[k], chosen[c]) for c, k in hit.items()}
    run = _explained(compiled, down, set(hit), lambda c: notes.setdefault(
        c, _other_note(timed, spans, chosen, down, c, at)))
    when = "at any moment" if at is None else f"at {format_duration(at)}"
    named = f" ({scenario.name})" if scenario.name else ""
    riding = _riding(timed, down, at, n) if at is not None else {}
    result = BlastRadius(inventory, compiled, run, (),
                         notes={compiled.ids[c]: text for c, text in notes.items()},
                         moment=f"{scenario.id}{named}, {when}", riding=riding)
    return ScenarioState(scenario, at, result, riding)


def _interval(found: list[Down], at: int | None) -> Down | None:
    """The interval that holds ``at`` (or the first that takes time, else the first,
    at any moment)."""
    if at is None:
        return next((d for d in found if d.back is None or d.back > d.down),
                    found[0] if found else None)
    return next((d for d in found if d.down <= at and (d.back is None or at < d.back)), None)


def _held_by_events(events, chosen, at) -> dict[int, int]:
    """The components down in the chosen interval because an event's work on them runs
    (hit by an event within it, at ``at`` or before for a moment), each with the latest
    such event."""
    held: dict[int, int] = {}
    for k, event in enumerate(events):
        if at is not None and event.at > at:
            continue
        for c in event.components:
            d = chosen[c]
            if d is None or event.at < d.down or (d.back is not None and event.at >= d.back):
                continue
            held[c] = k
    return held


def _event_note(event: ScenarioEvent, d: Down) -> str:
    back = "never back" if d.back is None else f"back at {format_duration(d.back)}"
    return (f"is hit by the event at {format_duration(event.at)} (fail {event.fail}, "
            f"{event.outcome}; {back})")


def _explained(compiled, down: bytearray, roots: set[int], note_of) -> Propagation:
    """The failure of ``down`` explained: breadth first from ``roots`` along the
    requirements that what is down breaks; what this does not reach is a root too (the
    smallest number first), with a note."""
    n = len(down)
    lost = [0] * len(compiled.owner)
    cause: dict[int, tuple[int, int]] = {}
    placed = bytearray(n)
    order: list[int] = []
    initial: set[int] = set()
    offsets, member_of = compiled.offsets, compiled.member_of
    owner, threshold = compiled.owner, compiled.threshold

    def seed(c: int) -> None:
        placed[c] = 1
        order.append(c)
        initial.add(c)

    for c in sorted(roots):
        seed(c)
    candidates = iter([c for c in range(n) if down[c]])
    position = 0
    while True:
        while position < len(order):
            c = order[position]
            position += 1
            for r in member_of[offsets[c]:offsets[c + 1]]:
                lost[r] += 1
                if lost[r] == threshold[r]:
                    dependent = owner[r]
                    if down[dependent] and not placed[dependent]:
                        placed[dependent] = 1
                        cause[dependent] = (r, c)
                        order.append(dependent)
        unexplained = next((c for c in candidates if not placed[c]), None)
        if unexplained is None:
            break
        note_of(unexplained)
        seed(unexplained)
    return Propagation(bytearray(down), order, frozenset(initial), cause, lost)


def _other_note(timed: TimedInventory, spans, chosen, down: bytearray, c: int,
                at: int | None) -> str:
    """Why a component is down when nothing down breaks its requirements."""
    d = chosen[c]
    back = "never back" if d.back is None else f"back at {format_duration(d.back)}"
    if at is None:
        return f"went down at {format_duration(d.down)} ({back})"
    for need, requirement in zip(timed.timed.needs[c], timed.requirements[c], strict=True):
        working = sum(1 for m in need.members if not down[m])
        if working < need.needed:
            words = requirement.describe()
            return (f"waits to start: {words} ({back})" if need.start else
                    f"waits on {words} ({back})")
    if any(n.switchover for n in timed.timed.needs[c]):
        return f"is down while a group changes over, then restored ({back})"
    return f"is being restored ({back})"


def _riding(timed: TimedInventory, down: bytearray, at: int, n: int) -> dict[str, int]:
    """The components up at ``at`` with a requirement that what is down breaks: they
    ride through on its holdup."""
    ids, needs = timed.compiled.ids, timed.timed.needs
    found = {}
    for c in range(n):
        if down[c]:
            continue
        for need in needs[c]:
            if need.start or not need.holdup:
                continue
            if sum(1 for m in need.members if not down[m]) < need.needed:
                found[ids[c]] = need.holdup
                break
    return found

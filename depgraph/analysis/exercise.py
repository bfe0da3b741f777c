"""A tabletop exercise of one scenario (ANSSI's crisis-exercise guide, ISO 22301 §8.5):
the scenario card, the chronogramme of injects, the observer grid and the contact
sheet, all read from the scenario's timeline; and the debrief, observed times against
expected ones.

The **chronogramme** is what the animators play, in time order. Each inject says when
(T+, seconds from the start), what happens, who is affected, and what is expected of
whom:

- ``event``: an event of the scenario (a failure, its repair or a destruction);
- ``call``: a team's first component goes down: the team to call, and what it will
  have to bring back;
- ``down``: business functions go down: their owners are to activate the degraded
  procedure (expected in place after its activation time), or, without one, to decide
  what to do;
- ``mtpd``: a function reaches its MTPD still down: the crisis cell decides (a
  breach: escalate, transfer, tell the authorities);
- ``outlasted``: a degraded procedure can no longer be sustained: its owner decides;
- ``data``: a dataset loses its last copy: its owner decides how to restore it and
  what was lost;
- ``back``: functions are back for good: their owners return to normal (end the
  degraded procedure, catch up what was recorded on paper).

Functions alike (the same time, the same kind, the same procedure) are one inject,
their ids listed. Every inject that expects something is a line of the **observer
grid**, numbered ``I01``, ``I02``…: expected decision, by whom, expected time, and the
columns the observer fills in. Pure: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from depgraph.analysis.bia import ScenarioImpact, business_functions, business_impact
from depgraph.analysis.timeline import Timeline, scenario_named, timeline
from depgraph.analysis.timeline.compile import timed_of
from depgraph.core.durations import format_duration
from depgraph.core.model import Inventory, Scenario
from depgraph.core.wording import listed, plural

__all__ = ["Contact", "Debrief", "Exercise", "Gap", "Inject", "debrief", "exercise"]

#: The order of inject kinds at the same instant: what happens, then what it asks.
KINDS = ("event", "call", "down", "data", "mtpd", "outlasted", "back")


@dataclass(frozen=True)
class Inject:
    """One line of the chronogramme: at ``at`` (seconds), ``event`` happens to
    ``affected`` (ids); ``who`` is expected to ``expected`` by ``expected_at`` (None:
    nothing is expected, the line informs). ``number``: ``I01``… when something is
    expected, else ""."""

    at: int
    kind: str
    event: str
    affected: tuple[str, ...]
    who: str
    expected: str
    expected_at: int | None
    number: str = ""


@dataclass(frozen=True)
class Contact:
    """Someone the players will need: the owner of a degraded procedure, or a team."""

    kind: str  # "owner" or "team"
    name: str
    contact: str
    #: What they answer for: the functions whose procedure they own, or the components
    #: the team restores.
    answers_for: tuple[str, ...]
    #: The procedures (owners), or the team's limit at once (teams, "" when none).
    detail: str


@dataclass(frozen=True, eq=False)
class Exercise:
    """The exercise pack of ``scenario``: its timeline, its BIA, the chronogramme and the
    contact sheet."""

    inventory: Inventory = field(repr=False)
    scenario: Scenario
    timeline: Timeline = field(repr=False)
    impact: ScenarioImpact = field(repr=False)
    injects: tuple[Inject, ...]
    contacts: tuple[Contact, ...]

    @property
    def expected(self) -> tuple[Inject, ...]:
        """The injects that expect something: the observer grid's lines."""
        return tuple(i for i in self.injects if i.number)

    @property
    def known_at_start(self) -> tuple[str, ...]:
        """What the players are told at T+0: the events at 0, and the functions already
        down."""
        told = [i.event for i in self.injects if i.at == 0 and i.kind in ("event", "down")]
        return tuple(told)


def _ids(ids) -> str:
    ids = sorted(ids)
    return ids[0] if len(ids) == 1 else f"{listed(ids, 3)} ({len(ids)})"


def exercise(inventory: Inventory, scenario: Scenario | str, *, targets=None,
             teams: Mapping[str, int] | None = None) -> Exercise:
    """The exercise pack of ``scenario`` (an id of the inventory's, or a scenario) over
    the business functions (:func:`~depgraph.analysis.bia.business_functions`).

    >>> from depgraph import load_inventory
    >>> hospital = load_inventory("inventories/hospital-group.yaml")
    >>> pack = exercise(hospital, "hostco-power")
    >>> first = pack.expected[0]
    >>> first.number, first.kind, first.at
    ('I01', 'call', 0)
    """
    if isinstance(scenario, str):
        scenario = scenario_named(inventory, scenario)
    functions = business_functions(inventory, targets)
    timed = timed_of(inventory)
    told = timeline(inventory, scenario, targets=functions, teams=teams, timed=timed)
    impact = business_impact(inventory, [scenario], targets=functions, teams=teams
                             ).scenarios[0]
    rows: list[Inject] = []
    for event in scenario.events:
        rows.append(Inject(event.at, "event", f"{event.fail} fails, {event.outcome}",
                           (), "", "", None))
    rows += _calls(inventory, told)
    rows += _functions(impact)
    for name, state in sorted(told.datasets.items()):
        if state.lost:
            owners = sorted({inventory[c].owner for c in state.copies if inventory[c].owner})
            rows.append(Inject(state.lost_at, "data", f"dataset {name} lost: no copy left",
                               state.copies, ", ".join(owners) or "the data's owner",
                               "decide how to rebuild it, and tell what was lost",
                               state.lost_at))
    order = {kind: n for n, kind in enumerate(KINDS)}
    rows.sort(key=lambda i: (i.at, order[i.kind], i.event, i.affected))
    numbered, n = [], 0
    for row in rows:
        if row.expected_at is not None:
            n += 1
            row = Inject(row.at, row.kind, row.event, row.affected, row.who, row.expected,
                         row.expected_at, f"I{n:02}")
        numbered.append(row)
    return Exercise(inventory, scenario, told, impact, tuple(numbered),
                    _contacts(inventory, told, impact, teams or {}))


def _calls(inventory: Inventory, told: Timeline) -> list[Inject]:
    """A team to call when its first component goes down (business functions are their
    owners' to bring back, not a team's)."""
    work: dict[str, list[tuple[int, int | None, str]]] = {}
    for ident, intervals in told.components.items():
        team = inventory[ident].team
        if team and inventory[ident].type != "business":
            back = None if any(i.back is None for i in intervals) else intervals[-1].back
            work.setdefault(team, []).append((intervals[0].down, back, ident))
    rows = []
    for team, parts in sorted(work.items()):
        first = min(p[0] for p in parts)
        ends = [p[1] for p in parts]
        last = None if None in ends else max(ends)
        ids = tuple(sorted(p[2] for p in parts))
        said = (f"restore {plural(len(ids), 'component')}: {_ids(ids)}; the last back "
                + ("never, without a hand start or a rebuild" if last is None
                   else f"by T+{format_duration(last)}"))
        rows.append(Inject(first, "call", f"team {team} called: its first component is down",
                           ids, f"team {team}", said, first))
    return rows


def _functions(impact: ScenarioImpact) -> list[Inject]:
    """Functions down, at their MTPD, past their procedure, and back; alike in one."""
    groups: dict[tuple, list[str]] = {}
    for f in impact.down:
        plan = f.continuity
        procedure = plan.procedure if plan is not None else ""
        if f.activated:
            groups.setdefault(("down", f.first_down, procedure, plan.activation), []
                              ).append(f.id)
        else:
            groups.setdefault(("down", f.first_down, procedure, None), []).append(f.id)
        if f.mtpd_breach:
            groups.setdefault(("mtpd", f.first_down + f.mtpd, "", f.mtpd), []).append(f.id)
        if f.outlasted:
            groups.setdefault(("outlasted", f.activated_at + plan.sustainable, procedure,
                               plan.sustainable), []).append(f.id)
        if f.back is not None:
            groups.setdefault(("back", f.back, procedure if f.activated else "", None), []
                              ).append(f.id)
    owners = {f.id: f.continuity.owner for f in impact.down
              if f.continuity is not None and f.continuity.owner}
    rows = []
    for (kind, at, procedure, limit), ids in groups.items():
        ids = sorted(ids)
        who = _owners(ids, owners)
        names = _ids(ids)
        if kind == "down":
            if limit is not None:
                rows.append(Inject(at, kind, f"{names} down", tuple(ids), who,
                                   f"activate the degraded procedure: {procedure}",
                                   at + limit))
            elif procedure:  # back before the procedure would be in place
                rows.append(Inject(at, kind, f"{names} down", tuple(ids), who,
                                   f"prepare {procedure}: back before it is in place",
                                   None))
            else:
                rows.append(Inject(at, kind, f"{names} down, with no degraded procedure",
                                   tuple(ids), who, "decide how to carry on without it", at))
        elif kind == "mtpd":
            rows.append(Inject(at, kind, f"{names} still down at the MTPD "
                                         f"({format_duration(limit)})", tuple(ids),
                               "the crisis cell", "decide: escalate, transfer the activity, "
                                                  "inform the authorities", at))
        elif kind == "outlasted":
            rows.append(Inject(at, kind, f"{procedure}: no longer sustainable "
                                         f"({format_duration(limit)} kept up)", tuple(ids),
                               who, "decide how to go on: relief staff, a reduced activity, "
                                    "a transfer", at))
        else:
            rows.append(Inject(at, kind, f"{names} back", tuple(ids), who,
                               f"return to normal: end {procedure}, catch up what was kept "
                               "on paper" if procedure else "check it works, and tell the "
                                                            "users", at))
    return rows


def _owners(ids: list[str], owners: Mapping[str, str]) -> str:
    found = sorted({owners[i] for i in ids if i in owners})
    if not found:
        return "the function's owner" if len(ids) == 1 else "the functions' owners"
    return found[0] if len(found) == 1 else f"each function's owner ({len(found)})"


def _contacts(inventory: Inventory, told: Timeline, impact: ScenarioImpact,
              teams: Mapping[str, int]) -> tuple[Contact, ...]:
    owners: dict[tuple[str, str], tuple[list[str], set[str]]] = {}
    for f in impact.down:
        plan = f.continuity
        if plan is not None and (plan.owner or plan.contact):
            ids, procedures = owners.setdefault((plan.owner or "", plan.contact or ""),
                                                ([], set()))
            ids.append(f.id)
            procedures.add(plan.procedure)
    found = [Contact("owner", name, contact, tuple(sorted(ids)), "; ".join(sorted(procs)))
             for (name, contact), (ids, procs) in sorted(owners.items())]
    work: dict[str, list[str]] = {}
    for ident in told.components:
        team = inventory[ident].team
        if team and inventory[ident].type != "business":
            work.setdefault(team, []).append(ident)
    found += [Contact("team", team, "", tuple(sorted(ids)),
                      f"{teams[team]} at once" if team in teams else "")
              for team, ids in sorted(work.items())]
    return tuple(found)


# -- the debrief -------------------------------------------------------------------


@dataclass(frozen=True)
class Gap:
    """One line of the observer grid after the exercise: expected against observed
    (None: not seen); ``late`` in seconds (negative: early; None: not seen)."""

    number: str
    expected: str
    who: str
    expected_at: int
    observed_at: int | None
    note: str = ""

    @property
    def late(self) -> int | None:
        return None if self.observed_at is None else self.observed_at - self.expected_at


@dataclass(frozen=True)
class Debrief:
    """The debrief: one :class:`Gap` per expected inject, in number order."""

    scenario: str
    gaps: tuple[Gap, ...]

    @property
    def missed(self) -> tuple[Gap, ...]:
        return tuple(g for g in self.gaps if g.observed_at is None)

    @property
    def late(self) -> tuple[Gap, ...]:
        return tuple(g for g in self.gaps if g.late is not None and g.late > 0)

    @property
    def on_time(self) -> tuple[Gap, ...]:
        return tuple(g for g in self.gaps if g.late is not None and g.late <= 0)


def debrief(scenario: str, expected: list[tuple[str, str, str, int]],
            observed: Mapping[str, tuple[int | None, str]]) -> Debrief:
    """``expected``: ``(number, decision, who, seconds)`` from the pack's grid;
    ``observed``: by number, ``(seconds or None, note)``."""
    return Debrief(scenario, tuple(
        Gap(number, what, who, at, *observed.get(number, (None, "")))
        for number, what, who, at in expected))

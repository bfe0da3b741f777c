"""The time engine against a brute-force oracle that steps through time minute by
minute, with a plain fixpoint per minute and its timers as counters, on random
components with cycles, holdups, changeovers, start-only requirements and several
timed events: every interval of every component, with its cause, compared exactly.
On larger problems, against the engine as first written (``reference_engine``: plain
loops over everything at each instant), itself checked against the oracle."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from depgraph.analysis.timeline.engine import Down, Event, Need, Timed, run_timeline
from depgraph.analysis.timeline.hands import Hands, Work, run_with_hands
from tests.analysis.timeline.reference_engine import reference_timeline


def oracle(timed: Timed, events: list[Event], horizon: int, hands: Hands | None = None
           ) -> list[list[Down]] | Work:
    """Minute by minute; with ``hands``, the teams' hands as plain lists (and then the
    :class:`Work` of :func:`run_with_hands`)."""
    n = len(timed.restore)
    needs = [(c, need) for c in range(n) for need in timed.needs[c]]
    up = [True] * n
    event_down = [False] * n
    work_end: list[float] = [0] * n
    ready_run = [0] * n  # minutes ready in a row while down and waiting (with a hand)
    unmet_run = [0] * len(needs)  # minutes raw-unmet in a row, up to the last minute
    changeover_left = [0] * len(needs)  # minutes of changeover left, from this minute
    in_use = [need.members[:need.needed] for _, need in needs]
    own = [[r for r, (o, _) in enumerate(needs) if o == c] for c in range(n)]
    intervals: list[list[list]] = [[] for _ in range(n)]
    team = list(hands.team) if hands else [-1] * n
    busy = [0] * len(hands.hands) if hands else []
    hand = [False] * n
    waiting = [0] * n  # 1: a repair waits for a hand (of repair_wait), 2: a restoration
    repair_wait = [0] * n
    ready_at, started_at, finished_at = [-1] * n, [-1] * n, [-1] * n
    destroyed = [False] * n

    def release(c: int) -> None:
        """The work on ``c`` is done: its hand is free."""
        if hand[c]:
            hand[c] = False
            busy[team[c]] -= 1

    def drop(c: int) -> None:
        """The work on ``c`` is lost."""
        release(c)
        waiting[c] = 0
        ready_at[c] = started_at[c] = finished_at[c] = -1

    def awaited(c: int, alive_set: set[int], met) -> bool:
        return bool(hands.critical[c]) or any(
            c in need.members and not met(r, alive_set) and o not in alive_set
            for r, (o, need) in enumerate(needs))

    def hand_out(t: int, kinds: tuple[int, ...], alive_set: set[int], met) -> None:
        """Free hands take the first waiting work of ``kinds``."""
        for k in range(len(busy)):
            while busy[k] < hands.hands[k]:
                queue = [c for c in range(n) if team[c] == k and waiting[c] in kinds]
                if not queue:
                    break
                c = min(queue, key=lambda c: (not awaited(c, alive_set, met),
                                              hands.rank[c], c))
                if waiting[c] == 1:
                    work_end[c] = finished_at[c] = t + repair_wait[c]
                else:
                    ready_run[c], finished_at[c] = 0, t + timed.restore[c]
                waiting[c], hand[c], started_at[c] = 0, True, t
                busy[k] += 1

    for t in range(horizon):
        hits: dict[int, float] = {}
        first_event: dict[int, int] = {}
        for k, event in enumerate(events):
            if event.at == t:
                for c, repair in zip(event.components, event.repair, strict=True):
                    end = float("inf") if repair is None else t + repair
                    hits[c] = max(hits.get(c, end), end)
                    first_event.setdefault(c, k)
        for c, end in hits.items():
            had = not up[c] and event_down[c]
            event_down[c] = True
            if team[c] < 0:
                running = had and work_end[c] > t
                work_end[c] = max(work_end[c], end) if running else end
            elif had and destroyed[c]:
                pass
            elif end == float("inf"):
                drop(c)
                work_end[c] = end
            elif had and hand[c] and work_end[c] > t:
                work_end[c] = finished_at[c] = max(work_end[c], end)
            elif had and waiting[c] == 1:
                repair_wait[c] = max(repair_wait[c], int(end) - t)
            else:
                drop(c)
                if end == t:
                    work_end[c] = t
                else:
                    work_end[c] = float("inf")
                    waiting[c], repair_wait[c], ready_at[c] = 1, int(end) - t, t
            destroyed[c] = work_end[c] == float("inf") and not waiting[c]

        def raw(r: int, alive_set: set[int]) -> bool:
            _, need = needs[r]
            if need.switchover and (changeover_left[r] > 0
                                    or any(m not in alive_set for m in in_use[r])):
                return False
            return len([m for m in need.members if m in alive_set]) >= need.needed

        def met(r: int, alive_set: set[int]) -> bool:
            _, need = needs[r]
            return (need.holdup > unmet_run[r]) or raw(r, alive_set)

        def runs(c: int, alive_set: set[int]) -> bool:
            return all(met(r, alive_set) for r, (o, need) in enumerate(needs)
                       if o == c and not need.start)

        def ready(c: int, alive_set: set[int]) -> bool:
            return all(met(r, alive_set) for r, (o, _) in enumerate(needs) if o == c)

        alive = {c for c in range(n) if up[c] and c not in hits}
        while True:  # failure first: a plain greatest fixpoint
            dropped = {c for c in alive if not runs(c, alive)}
            if not dropped:
                break
            alive -= dropped
        stopped = {c for c in range(n) if up[c] and c not in alive}
        cause = {c: -(first_event[c] + 1) if c in hits else
                 next(i for i, r in enumerate(own[c])
                      if not needs[r][1].start and not met(r, alive))
                 for c in stopped}
        for c in stopped - set(hits):
            event_down[c] = False
            ready_run[c] = 0
        if hands:  # the crew sent as the event strikes: free hands take the repairs
            hand_out(t, (1,), alive, met)
        while True:  # then return: a plain least fixpoint
            new = set()
            for d in range(n):
                if d in alive or not ready(d, alive):
                    continue
                if event_down[d]:
                    if work_end[d] <= t:
                        new.add(d)
                elif ready_run[d] >= timed.restore[d]:
                    new.add(d)
            if not new:
                break
            alive |= new
        now = [c in alive for c in range(n)]
        for c in range(n):
            if c in stopped:
                intervals[c].append([t, None, cause[c]])
            if (c in stopped or not up[c]) and now[c]:
                intervals[c][-1][1] = t
                event_down[c] = False
                release(c)
        for c in range(n):  # a repair done frees its hand
            if hand[c] and event_down[c] and work_end[c] <= t:
                release(c)
        # restorations under way: counted with this minute's timers
        limited = [team[c] >= 0 and timed.restore[c] > 0 for c in range(n)]
        for c in range(n):
            if now[c] or event_down[c]:
                continue
            if not limited[c]:
                ready_run[c] = ready_run[c] + 1 if ready(c, alive) else 0
            elif not ready(c, alive):
                drop(c)
                ready_run[c] = 0
            elif not hand[c] and not waiting[c]:
                waiting[c], ready_at[c] = 2, t

        if hands:
            hand_out(t, (1, 2), alive, met)
        for c in range(n):
            if limited[c] and not now[c] and not event_down[c]:
                ready_run[c] = ready_run[c] + 1 if hand[c] else 0
        for r, (_, need) in enumerate(needs):
            triggered = need.switchover and any(m not in alive for m in in_use[r])
            is_raw = raw(r, alive)
            unmet_run[r] = 0 if is_raw else unmet_run[r] + 1
            left = max(changeover_left[r], need.switchover if triggered else 0)
            changeover_left[r] = max(left - 1, 0)
            if need.switchover:
                in_use[r] = tuple([m for m in need.members if m in alive][:need.needed])
        up = now
    spans = [[Down(a, b, why) for a, b, why in found] for found in intervals]
    if hands is None:
        return spans
    return Work(spans, ready_at, started_at, finished_at)


@st.composite
def problems(draw):
    n = draw(st.integers(1, 6))
    needs = []
    for c in range(n):
        others = [m for m in range(n) if m != c]
        own = []
        for _ in range(draw(st.integers(0, 2 if others else 0))):
            members = draw(st.lists(st.sampled_from(others), min_size=1, max_size=3,
                                    unique=True))
            own.append(Need(tuple(members), draw(st.integers(1, len(members))),
                            holdup=draw(st.sampled_from([0, 0, 1, 2, 3])),
                            switchover=draw(st.sampled_from([0, 0, 1, 2]))
                            if len(members) > 1 else 0,
                            start=draw(st.integers(0, 4)) == 0))
        needs.append(tuple(own))
    timed = Timed(tuple(draw(st.lists(st.integers(0, 5), min_size=n, max_size=n))),
                  tuple(needs))
    events = []
    for _ in range(draw(st.integers(1, 6))):
        pool = n if draw(st.booleans()) else min(n, 2)  # often the same few again
        hit = draw(st.lists(st.integers(0, pool - 1), min_size=1, max_size=pool,
                            unique=True))
        events.append(Event(draw(st.integers(0, 6)), tuple(hit), tuple(
            draw(st.one_of(st.none(), st.integers(0, 4))) for _ in hit)))
    return timed, events


def horizon(timed: Timed, events: list[Event]) -> int:
    durations = sum(timed.restore) + sum(n.holdup + n.switchover for needs in timed.needs
                                         for n in needs)
    repairs = sum(r or 0 for e in events for r in e.repair)
    return max(e.at for e in events) + 3 * (durations + repairs) + 5


@settings(max_examples=1500, deadline=None)
@given(problems())
def test_the_engine_is_the_minute_by_minute_oracle(problem):
    timed, events = problem
    expected = oracle(timed, events, horizon(timed, events))
    assert run_timeline(timed, events) == expected
    assert reference_timeline(timed, events) == expected


@st.composite
def hands_for(draw, n: int) -> Hands:
    """One or two limited teams of one or two hands; each component in one of them or
    in none; an order of urgency and a few critical components."""
    capacity = draw(st.lists(st.integers(1, 2), min_size=1, max_size=2))
    team = draw(st.lists(st.integers(-1, len(capacity) - 1), min_size=n, max_size=n))
    rank = draw(st.permutations(range(n)))
    critical = draw(st.lists(st.integers(0, 3).map(lambda x: x == 0), min_size=n,
                             max_size=n))
    return Hands(tuple(team), tuple(capacity), tuple(rank), tuple(critical))


@settings(max_examples=1000, deadline=None)
@given(st.data())
def test_with_limited_teams_the_engine_is_the_minute_by_minute_oracle(data):
    """Every interval, and when each piece of work was ready and taken by a hand."""
    timed, events = data.draw(problems())
    hands = data.draw(hands_for(len(timed.restore)))
    expected = oracle(timed, events, 2 * horizon(timed, events), hands)
    assert run_with_hands(timed, events, hands) == expected


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_a_team_with_a_hand_for_everything_is_no_limit(data):
    timed, events = data.draw(problems())
    n = len(timed.restore)
    hands = data.draw(hands_for(n))
    plenty = Hands(hands.team, (n,) * len(hands.hands), hands.rank, hands.critical)
    assert run_with_hands(timed, events, plenty).spans == run_timeline(timed, events)


def test_one_hand_restores_one_thing_at_a_time_the_awaited_first():
    # 0: power, hit at 0 for 10; 1, 2: servers on it (restore 5 and 20), one hand between
    # them; 3: an app that needs 2. Both are ready at 10: 2 goes first (something waits
    # on it) although its rank is lower, then 1 at 30.
    timed = Timed((0, 5, 20, 0), ((), (Need((0,), 1),), (Need((0,), 1),),
                                  (Need((2,), 1),)))
    hands = Hands((-1, 0, 0, -1), (1,), (0, 0, 1, 0), (False,) * 4)
    work = run_with_hands(timed, [Event(0, (0,), (10,))], hands)
    assert work.spans == [[Down(0, 10, -1)], [Down(0, 35, 0)], [Down(0, 30, 0)],
                          [Down(0, 30, 0)]]
    assert (work.ready, work.started, work.finished) == \
        ([-1, 10, 10, -1], [-1, 30, 10, -1], [-1, 35, 30, -1])


def test_a_repair_waits_for_a_hand_and_an_event_on_it_the_longer_one():
    # 0 and 1 hit at 0, one hand: 0 (rank first) repaired 0-10, 1 waits; hit again at 5
    # for 8: still waiting, its repair the longer (8), so 10-18.
    timed = Timed((0, 0), ((), ()))
    hands = Hands((0, 0), (1,), (0, 1), (False, False))
    work = run_with_hands(timed, [Event(0, (0, 1), (10, 3)), Event(5, (1,), (8,))], hands)
    assert work.spans == [[Down(0, 10, -1)], [Down(0, 18, -1)]]
    assert (work.started, work.finished) == ([0, 10], [10, 18])



def test_the_repairs_take_the_free_hands_as_the_event_strikes():
    # 0: power, hit at 0 and repaired at once; 1: a server on it (restore 5), first in
    # rank; 2: hit at 0 (repair 5). One hand: the crew is sent to 2 as the event
    # strikes, before 1 is ready (once 0 is back, at the same instant), as the
    # restoration simulation sends it to its initial failures first.
    timed = Timed((0, 5, 0), ((), (Need((0,), 1),), ()))
    hands = Hands((-1, 0, 0), (1,), (0, 0, 1), (False,) * 3)
    events = [Event(0, (0, 2), (0, 5))]
    work = run_with_hands(timed, events, hands)
    assert work.spans == [[Down(0, 0, -1)], [Down(0, 10, 0)], [Down(0, 5, -1)]]
    assert work.started == [-1, 5, 0]
    assert work == oracle(timed, events, 20, hands)

def test_a_restoration_lost_frees_its_hand_and_waits_again():
    # 0: power, hit at 0 (10) and at 20 (5); 1 (restore 30) and 2 (restore 5) on it, one
    # hand: 1 restored from 10, lost at 20 (its hand free, 2 not ready either), both
    # ready again at 25: 1 from 25 to 55, then 2 from 55 to 60
    timed = Timed((0, 30, 5), ((), (Need((0,), 1),), (Need((0,), 1),)))
    hands = Hands((-1, 0, 0), (1,), (0, 0, 1), (False,) * 3)
    events = [Event(0, (0,), (10,)), Event(20, (0,), (5,))]
    work = run_with_hands(timed, events, hands)
    assert work.spans == [[Down(0, 10, -1), Down(20, 25, -2)], [Down(0, 55, 0)],
                          [Down(0, 60, 0)]]
    assert (work.ready, work.started) == ([-1, 25, 25], [-1, 25, 55])
    assert work == oracle(timed, events, 80, hands)

@st.composite
def larger_problems(draw):
    """20 to 60 components in layers, some requirements reaching up the layers (loops),
    timers of every kind, a few odd requirements (a member listed twice, more members
    asked for than listed) and several events, often on the same few components."""
    rng = draw(st.randoms(use_true_random=False))
    n = draw(st.integers(20, 60))
    roots = draw(st.integers(1, 6))
    loops = draw(st.sampled_from([0.0, 0.02, 0.1]))  # how often a member may be anyone
    timers = draw(st.sampled_from([0.0, 0.2, 0.5]))
    odd = draw(st.sampled_from([0.0, 0.0, 0.0, 0.0, 0.01]))
    destroyed = draw(st.sampled_from([0.0, 0.0, 0.0, 0.05]))
    needs = []
    for c in range(n):
        own = []
        for _ in range(rng.choice([1, 1, 2, 2, 3]) if c >= roots else 0):
            pool = [m for m in range(n) if m != c] if rng.random() < loops else \
                list(range(max(0, c - 12), c))
            members = rng.sample(pool, min(rng.choice([1, 1, 2, 3, 4]), len(pool)))
            if rng.random() < odd * 3:
                members.append(members[0])
            needed = rng.randint(1, len(members))
            if rng.random() < odd:
                needed = len(members) + 1
            own.append(Need(tuple(members), needed,
                            holdup=rng.choice([1, 3, 10, 30]) if rng.random() < timers else 0,
                            switchover=rng.choice([1, 2, 5, 10])
                            if len(members) > 1 and rng.random() < timers else 0,
                            start=rng.random() < 0.1))
        needs.append(tuple(own))
    timed = Timed(tuple(rng.choice([0, 0, 1, 5, 10, 30]) for _ in range(n)), tuple(needs))
    events = []
    favourites = rng.sample(range(n), 3)
    for _ in range(draw(st.integers(1, 6))):
        hit = [rng.choice(favourites) if rng.random() < 0.4 else
               rng.randrange(roots) if rng.random() < 0.5 else rng.randrange(n)
               for _ in range(rng.randint(1, 4))]
        events.append(Event(rng.randint(0, 80), tuple(hit), tuple(
            None if rng.random() < destroyed else rng.choice([0, 1, 5, 20, 60])
            for _ in hit)))
    return timed, events


@settings(max_examples=400, deadline=None)
@given(larger_problems())
def test_the_engine_is_the_reference_engine_on_larger_problems(problem):
    timed, events = problem
    assert run_timeline(timed, events) == reference_timeline(timed, events)


def test_a_ups_rides_through_and_the_changeover_costs_its_time():
    # 0: grid, 1: generator, 2: hall fed by any of them (switchover 7), 3: app in the hall
    # with a 15-minute battery on its supply
    timed = Timed((0, 0, 0, 5), ((), (), (Need((0, 1), 1, switchover=7),),
                                 (Need((2,), 1, holdup=15),)))
    result = run_timeline(timed, [Event(0, (0,), (180,))])
    assert result == [[Down(0, 180, -1)], [], [Down(0, 7, 0)], []]
    short = Timed(timed.restore, timed.needs[:3] + ((Need((2,), 1, holdup=5),),))
    assert run_timeline(short, [Event(0, (0,), (180,))]) == \
        [[Down(0, 180, -1)], [], [Down(0, 7, 0)], [Down(5, 12, 0)]]


def test_the_cause_is_the_first_requirement_not_met_a_holdup_riding_through_is_met():
    # 0: power, 1: network, 2: an app on both, with a 10-minute battery on its power: it
    # stops for the network (its requirement 1), is back with it, stops for the power
    # (requirement 0) once the battery is empty
    timed = Timed((0, 0, 0), ((), (), (Need((0,), 1, holdup=10), Need((1,), 1))))
    assert run_timeline(timed, [Event(0, (0, 1), (30, 5))]) == \
        [[Down(0, 30, -1)], [Down(0, 5, -1)], [Down(0, 5, 1), Down(10, 30, 0)]]


def test_two_events_on_one_component_at_once_the_later_end_the_first_cause():
    timed = Timed((0, 0), ((), (Need((0,), 1),)))
    events = [Event(0, (1,), (5,)), Event(0, (0, 1), (10, 20))]
    assert run_timeline(timed, events) == [[Down(0, 10, -2)], [Down(0, 20, -1)]]


def test_a_destroyed_part_never_comes_back_nor_what_waits_on_it():
    timed = Timed((0, 60), ((), (Need((0,), 1),)))
    assert run_timeline(timed, [Event(0, (0,), (None,))]) == [[Down(0, None, -1)],
                                                              [Down(0, None, 0)]]


def test_a_start_requirement_is_needed_only_to_come_back():
    # 0: vault, 1: app that needs the vault only to start, 2: power of both
    timed = Timed((30, 10, 0), ((Need((2,), 1),), (Need((2,), 1), Need((0,), 1, start=True)),
                                ()))
    assert run_timeline(timed, [Event(0, (0,), (60,))]) == [[Down(0, 60, -1)], [], []]
    assert run_timeline(timed, [Event(0, (2,), (60,))]) == \
        [[Down(0, 90, 0)], [Down(0, 100, 0)], [Down(0, 60, -1)]]


def test_a_loop_that_waits_on_itself_is_a_deadlock():
    # 0 stops for 2 (its second requirement) but, once 1 stopped with it, its first
    # requirement not met is the first one: the cause is 0
    timed = Timed((5, 5, 0), ((Need((1,), 1), Need((2,), 1)), (Need((0,), 1),), ()))
    assert run_timeline(timed, [Event(0, (2,), (10,))]) == \
        [[Down(0, None, 0)], [Down(0, None, 0)], [Down(0, 10, -1)]]


def test_a_restoration_starts_over_when_a_requirement_is_lost_meanwhile():
    # 0: power, hit at 0 (back at 10) and again at 20 (back at 25); 1: a server that
    # takes 30 to restore: started at 10, lost at 20, started over at 25
    timed = Timed((0, 30), ((), (Need((0,), 1),)))
    assert run_timeline(timed, [Event(0, (0,), (10,)), Event(20, (0,), (5,))]) == \
        [[Down(0, 10, -1), Down(20, 25, -2)], [Down(0, 55, 0)]]


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_one_event_at_0_is_todays_restoration_plan(data):
    """Without the new keys, the engine is restore-plan: the same components down, each
    back at the same moment, the same ones never back."""
    from depgraph.analysis.restore_plan import restore_plan
    from depgraph.analysis.timeline.compile import timed_inventory
    from depgraph.core.graph import compile_inventory
    from tests.strategies import build, failure_sets, restore_specs

    spec = data.draw(restore_specs(teams=0))
    failed = data.draw(failure_sets(spec))
    repair = data.draw(st.one_of(st.none(), st.sampled_from([0, 60, 3600])))
    inventory = build(spec)
    plan = restore_plan(inventory, failed, repair=repair)
    compiled = compile_inventory(inventory)
    timed = timed_inventory(compiled, [c.restore for c in inventory.components.values()])
    numbers = compiled.numbers(failed)
    own = [inventory.components[i].restore if repair is None else repair for i in failed]
    intervals = run_timeline(timed, [Event(0, tuple(numbers), tuple(own))])
    ends = {step.id: step.end for step in plan.steps}
    expected = [[(0, ends.get(ident))] if ident in set(plan.failed) else []
                for ident in compiled.ids]
    assert [[(d.down, d.back) for d in spans] for spans in intervals] == expected

"""The restoration simulation, fast, against the straightforward one: the same plan.

``restore_plan`` simulates with lists of work by the moment it ends (sorted when
the moment comes, :mod:`~depgraph.analysis.restore_plan.simulation`), and on its fast
path without team limits takes each moment at once over numpy arrays
(:mod:`~depgraph.analysis.restore_plan.simulation_numpy`), handing over to the Python
loop at the first moment it cannot (work that takes no time, an initial failure
waiting for what it needs). Both paths are forced here
(:func:`depgraph.core.fast_paths.forced`).
Below, ``heap_run`` is the simulation as first written: one heap of
``(time, component)`` events. Every version must give the same ready, start and end
times, the same waits (``after``), waves and order of return, on random inventories
(cycles, quorums, zero restore times, teams) and on generated estates; and
``restore_plan`` must read the same, byte for byte, whichever path it takes.
"""

from __future__ import annotations

import heapq
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from depgraph.analysis.propagation import propagate
from depgraph.analysis.restore_plan import restore_plan
from depgraph.analysis.restore_plan.plan import simulate_restoration
from depgraph.analysis.restore_plan.simulation import Run, State
from depgraph.analysis.restore_plan.simulation_numpy import simulate_numpy
from depgraph.analysis.restore_plan.teams import priorities
from depgraph.core.fast_paths import forced
from depgraph.core.graph import compile_inventory
from depgraph.core.inventory import Draft, assemble
from depgraph.formats import get_format
from depgraph.loaders.synthetic import synthetic_inventory, with_restoration
from tests.compare import assert_same, first_difference
from tests.helpers import SHIPPED
from tests.strategies import build, restore_specs

FORMATS = ("text", "json", "markdown")
PATHS = ("reference", "fast")


def heap_run(compiled, down, first, duration, team_of, teams, priority) -> Run:
    """The reference: the event simulation over one heap, as restore_plan first ran it
    (times ``None`` until set, returned as -1 as ``simulate`` does)."""
    n = len(compiled.ids)
    owner, threshold = compiled.owner, compiled.threshold
    offsets, member_of = compiled.offsets, compiled.member_of
    owned, starts = compiled.owned, compiled.member_offsets
    pending = [starts[r + 1] - starts[r] for r in range(len(owner))]
    for c in range(n):
        if not down[c]:
            for r in member_of[offsets[c]:offsets[c + 1]]:
                pending[r] -= 1
    unmet = [0] * n
    wave_of_requirement = [0] * len(owner)
    for r in range(len(owner)):
        if pending[r] >= threshold[r] and down[owner[r]]:
            unmet[owner[r]] += 1
    ready, start, end = [None] * n, [None] * n, [None] * n
    done = bytearray(n)
    after = [-1] * n
    wave = [0] * n
    events: list[tuple[int, int]] = []
    order: list[int] = []
    waiting: dict[str, list] = {name: [] for name in teams}
    busy = dict.fromkeys(teams, 0)

    def level(c):
        return max((wave_of_requirement[r] for r in range(owned[c], owned[c + 1])),
                   default=0) + 1

    def begin(c, now):
        start[c] = now
        heapq.heappush(events, (now + duration[c], c))

    def idle(c):
        if priority[c][0] < 0:
            return 0
        return int(not any(pending[r] >= threshold[r] and end[owner[r]] is None
                           for r in member_of[offsets[c]:offsets[c + 1]]))

    def make_ready(c, now, by):
        ready[c], after[c], wave[c] = now, by, level(c)
        if team_of[c] not in waiting or duration[c] == 0:
            begin(c, now)
        else:
            heapq.heappush(waiting[team_of[c]], (idle(c), priority[c], c))

    for c in range(n):
        if down[c] and (first[c] or unmet[c] == 0):
            make_ready(c, 0, -1)
    now = 0
    while True:
        for team, queue in waiting.items():
            while queue and busy[team] < teams[team]:
                flag, _, c = heapq.heappop(queue)
                if idle(c) != flag:
                    heapq.heappush(queue, (1, priority[c], c))
                    continue
                busy[team] += 1
                begin(c, now)
        if not events:
            break
        now = events[0][0]
        while events and events[0][0] == now:
            _, c = heapq.heappop(events)
            if not done[c]:
                done[c] = 1
                if team_of[c] in busy and duration[c]:
                    busy[team_of[c]] -= 1
            if unmet[c] or end[c] is not None:
                continue
            end[c] = now
            order.append(c)
            for r in member_of[offsets[c]:offsets[c + 1]]:
                pending[r] -= 1
                if pending[r] >= threshold[r] - 1:
                    wave_of_requirement[r] = max(wave_of_requirement[r], wave[c])
                if pending[r] == threshold[r] - 1 and down[owner[r]]:
                    y = owner[r]
                    unmet[y] -= 1
                    if unmet[y]:
                        continue
                    if ready[y] is None:
                        make_ready(y, now, c)
                    elif done[y]:
                        if start[y] + duration[y] < now:
                            after[y] = c
                            wave[y] = level(y)
                        heapq.heappush(events, (now, y))

    def unset(values):
        return [-1 if v is None else v for v in values]

    return Run(unset(ready), unset(start), unset(end), after, wave, pending, order)


def run_data(run: Run) -> dict:
    return {"ready": run.ready, "start": run.start, "end": run.end, "after": run.after,
            "wave": run.wave, "pending": run.pending, "order": run.order}


def setting(inventory, failed=(), repair=None, cold_start=False, teams=None):
    """What restore_plan hands to the simulation."""
    compiled = compile_inventory(inventory)
    teams = teams or {}
    initial = compiled.numbers(failed)
    n = len(compiled.ids)
    down = bytearray(b"\x01" * n) if cold_start else propagate(compiled, initial).failed
    components = list(inventory.components.values())
    duration = [c.restore for c in components]
    for c in initial:
        if repair is not None:
            duration[c] = repair
    first = bytearray(n)
    for c in initial:
        first[c] = down[c] = 1
    team_of = [c.team if c.team in teams else None for c in components]
    critical = bytearray(c.criticality == "critical" for c in components)
    return compiled, down, first, duration, team_of, critical


def assert_same_simulation(inventory, failed=(), repair=None, cold_start=False, teams=None):
    """Every way of running the simulation gives the reference's outcome; return whether
    the numpy path finished on its own (True) or handed over (False)."""
    compiled, down, first, duration, team_of, critical = setting(
        inventory, failed, repair, cold_start, teams)
    reference = heap_run(compiled, down, first, duration, team_of, {}, None)
    for path in PATHS:
        with forced(path):
            free = simulate_restoration(compiled, down, first, duration, team_of, {}, None)
        assert_same({"free run": path, **run_data(free)},
                    {"free run": path, **run_data(reference)})
    if teams:
        priority = priorities(compiled, down, reference, critical)
        limited = heap_run(compiled, down, first, duration, team_of, teams, priority)
        for path in PATHS:
            with forced(path):
                run = simulate_restoration(compiled, down, first, duration, team_of, teams,
                                           priority)
            assert_same({"limited run": path, **run_data(run)},
                        {"limited run": path, **run_data(limited)})
    return not isinstance(simulate_numpy(compiled, down, first, duration), State)


def plan_data(plan) -> dict:
    return {"initial": plan.initial, "failed": plan.failed, "steps": plan.steps,
            "critical_path": plan.critical_path, "rto": plan.rto,
            "unrestorable": plan.unrestorable, "deadlocks": plan.deadlocks,
            "team_delays": plan.team_delays, "total": plan.total,
            "initial_back": plan.initial_back, "waves": plan.waves,
            "rto_breaches": plan.rto_breaches, "equal": plan,
            "formats": [get_format(name).restore_plan(plan) for name in FORMATS]}


def assert_same_plan(inventory, failed=(), **options):
    with forced("reference"):
        reference = restore_plan(inventory, failed, **options)
    with forced("fast"):
        fast = restore_plan(inventory, failed, **options)
    assert_same(plan_data(fast), plan_data(reference))
    return reference


@st.composite
def scenarios(draw, max_size: int = 12):
    """A random inventory with restore times (sometimes none of them zero, so that the
    numpy path runs to the end), and a scenario: a cold start or initial failures, a
    repair time, team limits."""
    spec = draw(restore_specs(max_size=max_size, teams=2))
    if draw(st.booleans()):
        for c in spec["components"]:
            if c["restore"] == "0":
                c["restore"] = draw(st.sampled_from(["1m", "1h"]))
    ids = sorted(c["id"] for c in spec["components"])
    cold = draw(st.booleans())
    initial = draw(st.lists(st.sampled_from(ids), min_size=0 if cold else 1, max_size=4,
                            unique=True))
    repair = draw(st.sampled_from([None, 0, 60, 7200]))
    names = sorted({c["team"] for c in spec["components"] if "team" in c})
    teams = {t: draw(st.integers(1, 2)) for t in names if draw(st.booleans())}
    return spec, dict(failed=initial, repair=repair, cold_start=cold, teams=teams)


# -- random inventories ---------------------------------------------------------------

@given(scenarios())
def test_every_simulation_gives_the_reference_plan(scenario):
    spec, options = scenario
    assert_same_simulation(build(spec), **options)


@given(scenarios(max_size=10))
def test_the_plan_reads_the_same_whichever_path_computes_it(scenario):
    spec, options = scenario
    failed = options.pop("failed")
    assert_same_plan(build(spec), failed, **options)


# -- examples where a moment's order matters --------------------------------------------

def inventory(*components):
    return build({"name": "t", "providers": [], "components": list(components)})


def test_a_group_counts_the_waves_of_its_members_up_to_the_one_that_meets_it():
    """``a`` (wave 1) and ``b`` (wave 2, after ``c``) are back at the same moment; the
    any-group of ``g`` is met by ``a``, taken first, so ``g`` is in wave 2, not 3; and
    ``h``, which needs both, waited for ``b``, the last of them taken."""
    shop = inventory(
        {"id": "a", "type": "compute", "restore": "1h"},
        {"id": "b", "type": "compute", "restore": "30m", "depends_on": ["c"]},
        {"id": "c", "type": "power", "restore": "30m"},
        {"id": "g", "type": "application", "restore": "1h", "depends_on": [{"any": ["a", "b"]}]},
        {"id": "h", "type": "application", "restore": "1h", "depends_on": ["a", "b"]},
    )
    assert_same_simulation(shop, cold_start=True)
    for path in PATHS:
        with forced(path):
            plan = restore_plan(shop, cold_start=True)
        assert plan.step("a").end == plan.step("b").end == 3600
        assert (plan.step("g").wave, plan.step("g").after) == (2, "a")
        assert (plan.step("h").wave, plan.step("h").after) == (3, "b")


# -- generated estates ------------------------------------------------------------------

@pytest.fixture(scope="module")
def estate():
    return with_restoration(synthetic_inventory(3000, 7))


def with_restore(inventory, **by_type):
    """The same inventory with other restore times for some types."""
    components = tuple((replace(c, restore=by_type.get(c.type, c.restore)), ())
                       for c in inventory.components.values())
    return assemble([Draft("estate.yaml", components, tuple(inventory.providers.values()))])


def test_a_cold_start_and_a_provider_loss_on_an_estate_run_in_numpy_to_the_end(estate):
    power = [i for i, c in estate.components.items()
             if c.provider == "hostco" and c.type == "power"]
    assert assert_same_simulation(estate, cold_start=True)
    assert assert_same_simulation(estate, power, repair=3 * 3600)
    assert assert_same_simulation(estate, ["dc1"])
    assert_same_plan(estate, cold_start=True)
    assert_same_plan(estate, power, repair=3 * 3600)


def test_what_comes_back_at_once_hands_the_plan_over_to_the_python_loop(estate):
    """Databases that take no time come back the moment they are ready, among that
    moment's work: the numpy path stops there and the Python loop finishes."""
    quick = with_restore(estate, database=0)
    assert not assert_same_simulation(quick, cold_start=True)
    compiled, down, first, duration, _, _ = setting(quick, cold_start=True)
    state = simulate_numpy(compiled, down, first, duration)
    assert isinstance(state, State) and state.order and state.times and state.seeded
    assert_same_plan(quick, cold_start=True)


def test_initial_failures_that_wait_for_what_they_need_hand_over_too(estate):
    """A UPS repaired in 10 minutes waits for its datacenter's feeds (down, repaired
    in an hour): it comes back when they do, and says so."""
    initial = ["dc0-feed", "dc0-gen", "dc0-ups-a", "dc0-ups-b"]
    assert not assert_same_simulation(estate, initial, repair=600)
    plan = assert_same_plan(estate, initial, repair=600)
    assert plan.step("dc0-ups-a").end == plan.step("dc0-feed").end


def test_team_limits_on_an_estate(estate):
    limits = {"facilities": 2, "network": 3, "systems": 5, "dba": 2, "apps": 4, "business": 6}
    assert_same_simulation(estate, cold_start=True, teams=limits)
    assert_same_plan(estate, cold_start=True, teams=limits)


@pytest.mark.parametrize("name", ["webshop.yaml", "hospital-group.yaml"])
def test_the_shipped_inventories_single_failures_and_cold_start(name):
    from depgraph.loaders.files import load_inventory

    inventory = load_inventory(SHIPPED / name)
    assert_same_simulation(inventory, cold_start=True)
    for ident in inventory.components:
        assert_same_simulation(inventory, [ident], repair=3600)
    assert_same_plan(inventory, cold_start=True)


# -- the comparisons above can fail -------------------------------------------------------

def test_the_simulation_comparison_notices_any_difference(estate):
    compiled, down, first, duration, team_of, _ = setting(estate, cold_start=True)
    reference = heap_run(compiled, down, first, duration, team_of, {}, None)
    with forced("fast"):
        fast = Run(**run_data(simulate_restoration(compiled, down, first, duration, team_of,
                                                   {}, None)))
    assert first_difference(run_data(fast), run_data(reference)) is None
    for field in ("ready", "start", "end", "after", "wave", "pending", "order"):
        values = list(getattr(fast, field))
        values[-1], values[-2] = values[-2] + 1, values[-1]
        found = first_difference(run_data(replace(fast, **{field: values})), run_data(reference))
        assert found is not None and found.startswith(f"[{field!r}]"), (field, found)

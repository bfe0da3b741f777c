"""Single points of failure: every component, provider and location whose failure
alone takes down at least one target.

Exact, not heuristic: articulation points or in-degree say nothing true about
directed redundancy. Components come from :mod:`single_failures` (every single
failure at once); each provider is one propagation of all its components failing
together. A location is a component that others are ``located_in``.

Each SPOF is explained for the first target it kills: the shortest chain of broken
requirements from that target down to it (:func:`explain_single_point`, one SPOF at a
time). On a large estate the numpy kernel's table already knows every chain's length
and first link, so :func:`explain_points` follows all of them at once, vectorised, and
writes the same sentences.
"""

from __future__ import annotations

import weakref
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from functools import cached_property
from itertools import combinations
from typing import Callable, Iterable, Sequence

from depgraph.analysis.blast_radius import Explanations, Step, explanation_sentence
from depgraph.analysis.propagation import propagate, run_scenario
from depgraph.analysis.double_failures import double_failures
from depgraph.analysis.single_failures import (CausesTable, SingleFailures, single_failures,
                                               upstream_causes)
from depgraph.core.graph import CompiledInventory, compile_inventory
from depgraph.core.model import Inventory, Span

__all__ = ["FailurePair", "SinglePoint", "SpofReport", "default_targets", "single_points_of_failure",
           "explain_single_point", "explain_points"]

_KIND_RANK = {"provider": 0, "location": 1, "component": 2}
_CACHED_TARGETS = 256


@dataclass(frozen=True, slots=True)
class SinglePoint:
    """A component, provider or location whose failure alone kills ``kills`` (targets).

    ``blast_radius`` counts every component that fails with it (itself included).
    """

    kind: str
    id: str
    kills: tuple[str, ...]
    blast_radius: int

    @property
    def key(self) -> tuple[str, str]:
        """``("provider", id)`` or ``("component", id)``: what identifies the point across
        versions (a component that becomes a location is the same point)."""
        return ("provider" if self.kind == "provider" else "component", self.id)


@dataclass(frozen=True, slots=True)
class FailurePair:
    """Two components (or two providers) whose joint failure kills ``kills``, although
    neither alone kills any of them: a minimal cut set of order 2."""

    kind: str
    ids: tuple[str, str]
    kills: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class SpofReport:
    """Targets, and the single points of failure ranked by impact (most targets killed,
    then the largest blast radius, providers before locations before components, id)."""

    inventory: Inventory = field(repr=False)
    targets: tuple[str, ...]
    spofs: tuple[SinglePoint, ...]
    analysis: SingleFailures = field(repr=False, compare=False)

    @cached_property
    def at_risk(self) -> tuple[str, ...]:
        """Targets that some single failure takes down."""
        return tuple(sorted({t for spof in self.spofs for t in spof.kills}))

    def place(self, spof: SinglePoint) -> Span | None:
        """Where the single point is defined: its component's or its provider's span."""
        if spof.kind == "provider":
            provider = self.inventory.providers.get(spof.id)
            return provider.span if provider is not None else None
        return self.inventory[spof.id].span

    def killers_of(self, target: str) -> tuple[SinglePoint, ...]:
        """The single points of failure that take ``target`` down, in rank order."""
        return self._killers.get(target, ())

    @cached_property
    def _killers(self) -> dict[str, tuple[SinglePoint, ...]]:
        """Each target's killers, indexed once (a report lists them target by target)."""
        found: dict[str, list[SinglePoint]] = {}
        for spof in self.spofs:
            for target in spof.kills:
                found.setdefault(target, []).append(spof)
        return {target: tuple(killers) for target, killers in found.items()}

    upstream: dict = field(default_factory=dict, repr=False, compare=False)
    #: The propagation of each provider that is a SPOF, by provider id (for its explanation).
    runs: dict = field(default_factory=dict, repr=False, compare=False)
    #: From the kernel: the component and first target numbers of the SPOFs other than
    #: providers, in order (for :func:`explain_points`); else None.
    numbers: tuple | None = field(default=None, repr=False, compare=False)
    #: With ``order=2``: the minimal pairs, ranked by targets killed; else None.
    pairs: tuple[FailurePair, ...] | None = None
    #: With a baseline: the keys (:attr:`SinglePoint.key`) of the SPOFs it lacked; else None.
    new: frozenset[tuple[str, str]] | None = None

    def against(self, baseline: Iterable[tuple[str, str]]) -> "SpofReport":
        """This report, with ``new`` set to the SPOFs that ``baseline`` (keys, see
        :attr:`SinglePoint.key`) lacks."""
        known = set(baseline)
        return replace(self, new=frozenset(s.key for s in self.spofs if s.key not in known))

    @property
    def counted(self) -> tuple[SinglePoint, ...]:
        """The SPOFs that count for a gate: the new ones with a baseline, else all."""
        if self.new is None:
            return self.spofs
        return tuple(s for s in self.spofs if s.key in self.new)

    def why(self, spof: SinglePoint) -> str:
        """Why the redundancy in between did not help (see :func:`explain_single_point`)."""
        if self.analysis.table is not None:
            return explain_points(self, [spof])[spof.key]
        return explain_single_point(self.inventory, spof, self.upstream, self.runs)

    def whys(self) -> dict[tuple[str, str], str]:
        """Every SPOF's explanation, by ``(kind, id)`` (see :func:`explain_points`)."""
        return explain_points(self, self.spofs)

    def why_each(self) -> list[str]:
        """Every SPOF's explanation, in the order of :attr:`spofs`."""
        return _explain_each(self, self.spofs)


def default_targets(inventory: Inventory) -> tuple[str, ...]:
    """Components marked critical or, where none is, every component nothing depends on.

    >>> from depgraph import load_inventory
    >>> default_targets(load_inventory("inventories/webshop.yaml"))
    ('checkout', 'db-cluster', 'dns', 'lb', 'payments', 'storefront')
    """
    critical = tuple(i for i, c in inventory.components.items() if c.criticality == "critical")
    if critical:
        return critical
    needed = {m for c in inventory.components.values()
              for requirement in c.requirements for m in requirement.members}
    return tuple(i for i in inventory.components if i not in needed)


def _provider_points(inventory: Inventory, targets: set[str],
                     runs: dict | None = None) -> list[SinglePoint]:
    """A propagation per provider; with ``runs``, those of the SPOFs are kept there."""
    compiled = compile_inventory(inventory)
    members: dict[str, list[int]] = {}
    for ident, component in inventory.components.items():
        if component.provider:
            members.setdefault(component.provider, []).append(compiled.index[ident])
    points = []
    wanted = None
    for provider, initial in sorted(members.items()):
        run = run_scenario(compiled, initial)
        if isinstance(run.failed, bytearray):  # the reference propagation, in Python
            kills = tuple(compiled.ids[c] for c in sorted(run.order)
                          if compiled.ids[c] in targets)
        else:  # numpy's: flags in an array
            import numpy as np

            if wanted is None:
                wanted = np.zeros(len(compiled.ids), dtype=bool)
                wanted[[compiled.index[t] for t in targets]] = True
            kills = tuple(_names(compiled)[np.flatnonzero(run.failed & wanted)].tolist())
        if kills:
            points.append(SinglePoint("provider", provider, kills, len(run.order)))
            if runs is not None:
                runs[provider] = run
    return points


def _impact(point: SinglePoint) -> tuple:
    return -len(point.kills), -point.blast_radius, _KIND_RANK[point.kind], point.id


def _component_points(inventory: Inventory, compiled: CompiledInventory,
                      analysis: SingleFailures) -> tuple[list[SinglePoint], tuple | None]:
    """The components (and locations) that take a target down, ranked by impact; with
    the kernel's table, also each one's number and its first target's, in that order."""
    ids, blast = compiled.ids, analysis.blast
    locations = {c.located_in for c in inventory.components.values() if c.located_in}
    table = analysis.table
    if table is None:
        points = [SinglePoint("location" if ids[x] in locations else "component", ids[x],
                              tuple(ids[t] for t in killed), blast[x])
                  for x, killed in analysis.kills.items()]
        points.sort(key=_impact)
        return points, None
    import numpy as np

    names = _names(compiled)
    killers = table.killers
    killer_ids = names[killers].tolist()
    location = np.array([ident in locations for ident in killer_ids], dtype=bool)
    counts = np.diff(table.kill_bounds)
    radius = table.blast[killers]
    order = np.lexsort((killers, np.where(location, _KIND_RANK["location"],
                                          _KIND_RANK["component"]), -radius, -counts))
    # Many components kill the same targets: one tuple per distinct list, shared.
    bounds = table.kill_bounds
    same = _same_rows(np, table.killed, bounds)
    distinct = np.flatnonzero(same == np.arange(len(same)))
    killed = names[table.killed].tolist()
    shared = np.empty(len(same), dtype=object)
    shared[distinct] = [tuple(killed[start:end]) for start, end
                        in zip(bounds[distinct].tolist(), bounds[distinct + 1].tolist())]
    kills = shared[same[order]].tolist()
    kinds = np.where(location[order], "location", "component").tolist()
    points = list(map(SinglePoint, kinds, names[killers[order]].tolist(), kills,
                      radius[order].tolist()))
    return points, (killers[order], table.killed[bounds[order]])


def _digest(np, values, bounds, position):
    """A 64-bit hash of each row (its values, their positions and its length)."""
    with np.errstate(over="ignore"):
        mixed = ((values.astype(np.uint64) + np.uint64(1)) * np.uint64(0x9E3779B97F4A7C15)
                 + position.astype(np.uint64) * np.uint64(0xC2B2AE3D27D4EB4F))
        mixed ^= mixed >> np.uint64(29)
        mixed *= np.uint64(0xBF58476D1CE4E5B9)
        mixed ^= mixed >> np.uint64(32)
        digest = np.add.reduceat(mixed, bounds[:-1])
        digest += np.diff(bounds).astype(np.uint64) * np.uint64(0x94D049BB133111EB)
    return digest


def _same_rows(np, values, bounds, digest=None):
    """For each row ``values[bounds[i]:bounds[i + 1]]`` (none empty), the first row equal
    to it.

    Rows are hashed (by ``digest``, by default :func:`_digest`), then each
    row is compared with the first of its hash: a row that differs (a collision) stands
    for itself, so the answer is exact whatever the hash.
    """
    rows = len(bounds) - 1
    if rows == 0:
        return np.zeros(0, dtype=np.int64)
    counts = np.diff(bounds)
    row = np.repeat(np.arange(rows, dtype=np.int64), counts)
    position = np.arange(len(values), dtype=np.int64) - bounds[row]
    digest = (digest or _digest)(np, values, bounds, position)
    order = np.lexsort((np.arange(rows), digest))  # rows by digest, then by number
    start = np.ones(rows, dtype=bool)
    start[1:] = digest[order[1:]] != digest[order[:-1]]
    first = order[np.maximum.accumulate(np.where(start, np.arange(rows), 0))]
    same = np.empty(rows, dtype=np.int64)
    same[order] = first
    candidate = same[row]
    equal = (counts[same] == counts)[row]
    matched = np.flatnonzero(equal)
    equal[matched] = values[bounds[candidate[matched]] + position[matched]] == values[matched]
    differs = np.flatnonzero(~np.logical_and.reduceat(equal, bounds[:-1]))
    same[differs] = differs
    return same


_names_cache: "weakref.WeakKeyDictionary[CompiledInventory, object]" = weakref.WeakKeyDictionary()


def _names(compiled: CompiledInventory):
    """The component ids as a numpy array of objects, to pick many at once."""
    names = _names_cache.get(compiled)
    if names is None:
        import numpy as np

        names = _names_cache[compiled] = np.array(compiled.ids, dtype=object)
    return names


def single_points_of_failure(inventory: Inventory, targets: Iterable[str] | None = None,
                             order: int = 1,
                             progress: Callable[[int, int], None] | None = None) -> SpofReport:
    """Every single point of failure of ``targets`` (by default :func:`default_targets`);
    with ``order=2``, also every minimal pair of components, and of providers.
    ``progress``, if given, is called now and then with the components analysed and the
    total (for a progress bar).

    >>> from depgraph import load_inventory
    >>> report = single_points_of_failure(load_inventory("inventories/webshop.yaml"))
    >>> [(s.kind, s.id) for s in report.spofs][:3]
    [('provider', 'cloudy'), ('location', 'zone-a'), ('component', 'lb')]
    """
    targets = tuple(sorted(set(default_targets(inventory) if targets is None else targets)))
    compiled = compile_inventory(inventory)
    analysis = single_failures(compiled, [compiled.index[t] for t in targets],
                               progress=progress)
    points, numbers = _component_points(inventory, compiled, analysis)
    runs: dict = {}
    for point in _provider_points(inventory, set(targets), runs):  # a few: insert them
        points.insert(bisect_left(points, _impact(point), key=_impact), point)
    pairs = _pairs(inventory, targets, points) if order >= 2 else None
    return SpofReport(inventory, targets, tuple(points), analysis, runs=runs,
                      numbers=numbers, pairs=pairs)


def _pairs(inventory: Inventory, targets: tuple[str, ...],
           points: list[SinglePoint]) -> tuple[FailurePair, ...]:
    compiled = compile_inventory(inventory)
    found = double_failures(compiled, [compiled.index[t] for t in targets])
    kills: dict[tuple[int, int], list[str]] = {}
    for t, pairs in found.pairs.items():
        for pair in pairs:
            kills.setdefault(pair, []).append(compiled.ids[t])
    result = [FailurePair("component", (compiled.ids[a], compiled.ids[b]), tuple(sorted(k)))
              for (a, b), k in kills.items()]
    alone = {p.id: set(p.kills) for p in points if p.kind == "provider"}
    members: dict[str, list[int]] = {}
    for ident, component in inventory.components.items():
        if component.provider:
            members.setdefault(component.provider, []).append(compiled.index[ident])
    wanted = set(targets)
    for first, second in combinations(sorted(members), 2):
        run = propagate(compiled, members[first] + members[second])
        killed = {compiled.ids[c] for c in run.order} & wanted
        killed -= alone.get(first, set()) | alone.get(second, set())
        if killed:
            result.append(FailurePair("provider", (first, second), tuple(sorted(killed))))
    result.sort(key=lambda p: (-len(p.kills), p.kind != "provider", p.ids))
    return tuple(result)


def explain_single_point(inventory: Inventory, spof: SinglePoint,
                         cache: dict | None = None, runs: dict | None = None) -> str:
    """Why nothing between ``spof`` and the first target it kills saved that target.

    Names each redundancy group on the way that the failure took down, and how it
    took down the members; or says that the chain has no redundancy at all.
    ``cache`` keeps each target's upstream causes between calls; ``runs`` may hold
    the provider's propagation (see :attr:`SpofReport.runs`).

    This is the reference, one SPOF at a time; :func:`explain_points` explains many at
    once, with the same words.
    """
    compiled = compile_inventory(inventory)
    target = compiled.index[spof.kills[0]]
    if spof.kind == "provider":
        return _explain_provider(inventory, compiled, spof, runs)
    cache = {} if cache is None else cache
    if target not in cache:
        if len(cache) >= _CACHED_TARGETS:  # bound the memory on large estates
            cache.clear()
        cache[target] = upstream_causes(compiled, target)
    causes = cache[target]
    steps = _path(compiled, causes, compiled.index[spof.id], target)
    lost_how = lambda m: _how_single(compiled, causes, compiled.index[spof.id], m)  # noqa: E731
    return _explanation(spof, steps, spof.id, lost_how)


def _explain_provider(inventory: Inventory, compiled: CompiledInventory, spof: SinglePoint,
                      runs: dict | None) -> str:
    run = runs.get(spof.id) if runs else None
    if run is None:
        run = run_scenario(compiled, [compiled.index[i] for i, c in inventory.components.items()
                                      if c.provider == spof.id])
    explanations = Explanations(compiled, run)
    return _explanation(spof, explanations[spof.kills[0]], f"provider {spof.id}",
                        _how_from_steps(explanations))


def _explanation(spof: SinglePoint, steps: tuple[Step, ...], cause: str, lost_how) -> str:
    groups = [step for step in steps if step.requirement and step.requirement.is_group]
    if not groups:
        sentence = explanation_sentence(steps)
        if spof.kind == "provider":
            sentence += f" ({steps[-1].component} is operated by {spof.id})"
        return f"no redundancy on the way: {sentence}"
    parts = []
    for step in groups:
        requirement = step.requirement
        lost = [m for m in requirement.members if m not in step.left]
        how = ", ".join(f"{m} {lost_how(m)}" for m in lost)
        parts.append(f"{step.component} needs {requirement.needed} of "
                     f"{len(requirement.members)} of [{', '.join(requirement.members)}], "
                     f"but {cause} takes down {len(lost)} ({how})")
    return "; ".join(parts)


def explain_points(report: SpofReport, spofs: Sequence[SinglePoint]) -> dict[tuple[str, str], str]:
    """:func:`explain_single_point` for each of ``spofs`` (points of ``report``'s
    inventory, each explained for its first target), by ``(kind, id)``.

    When the numpy kernel computed the report, its table already holds, for every
    cause of every component, the shortest chain's length and first link: the chains
    of all components at once are a few vectorised steps (:func:`_explain_all`). Else
    target by target, each target's upstream worked out once and then let go.
    """
    return dict(zip([s.key for s in spofs], _explain_each(report, spofs)))


def _explain_each(report: SpofReport, spofs: Sequence[SinglePoint]) -> list[str]:
    """The explanations of ``spofs``, in order."""
    whys: list[str] = [""] * len(spofs)
    singles = []
    for i, spof in enumerate(spofs):
        if spof.kind == "provider":
            whys[i] = explain_single_point(report.inventory, spof, runs=report.runs)
        else:
            singles.append(i)
    table = report.analysis.table
    if table is not None:
        numbers = report.numbers if spofs is report.spofs else None
        found = _explain_all(compile_inventory(report.inventory), table,
                             [spofs[i] for i in singles], numbers)
        for i, why in zip(singles, found):
            whys[i] = why
        return whys
    current, cache = None, {}
    for i in sorted(singles, key=lambda i: spofs[i].kills[0]):
        if spofs[i].kills[0] != current:
            current, cache = spofs[i].kills[0], {}
        whys[i] = explain_single_point(report.inventory, spofs[i], cache)
    return whys


def _explain_all(compiled: CompiledInventory, table: CausesTable,
                 spofs: Sequence[SinglePoint], numbers: tuple | None = None) -> list[str]:
    """The explanations of component SPOFs, from the kernel's table, in order.

    :func:`_path` walks breadth first from the target, and keeps for each component the
    first link that reaches it: the chain it returns is the shortest one whose links
    (requirement, then member, in index order) come first, read from the target. The
    table holds, for each cause ``x`` of ``y``, the distance from ``y`` down to ``x``
    and the first link of ``y`` towards a member at one less: following those links
    from the target gives that very chain, one vectorised step for every SPOF at once.
    """
    import numpy as np

    from depgraph.core.arrays import compiled_arrays

    if not spofs:
        return []
    a = compiled_arrays(compiled)
    index, requirements = compiled.index, compiled.requirements
    if numbers is None:
        x = np.array([index[s.id] for s in spofs], dtype=np.int64)
        y = np.array([index[s.kills[0]] for s in spofs], dtype=np.int64)
    else:
        x, y = numbers
    first_target = y
    found, entry = table.find(y, x)
    if not found.all():
        raise RuntimeError("a SPOF does not take its first target down")
    length = table.dist[entry].astype(np.int64)  # links in each chain
    ends = np.cumsum(length)
    offset = ends - length
    chain_requirement = np.empty(int(ends[-1]), dtype=np.int64)
    requirement_of = np.repeat(np.arange(a.requirements, dtype=np.int64),
                               np.diff(a.member_offsets))  # per membership
    active = np.arange(len(spofs), dtype=np.int64)
    depth = 0
    while len(active):
        position = a.member_offsets[a.owned[y]] + table.step[entry]
        member = a.members[position]
        chain_requirement[offset[active] + depth] = requirement_of[position]
        more = member != x[active]
        active, y = active[more], member[more]
        found, entry = table.find(y, x[active])
        depth += 1

    # Which links are redundancy groups, and the words each needs.
    distinct = _unique(np, chain_requirement)
    sizes = np.diff(a.member_offsets)
    grouped = distinct[sizes[distinct] > 1]  # hard and located_in have one member
    alone = distinct[sizes[distinct] == 1].tolist()
    grouped = np.concatenate([grouped, np.array([r for r in alone if requirements[r].is_group],
                                                dtype=np.int64)])
    is_group = np.zeros(a.requirements, dtype=bool)
    is_group[grouped] = True
    spof_of_link = np.repeat(np.arange(len(spofs), dtype=np.int64), length)
    link_is_group = is_group[chain_requirement]
    in_group = np.flatnonzero(link_is_group)
    with_groups = np.zeros(len(spofs), dtype=bool)
    with_groups[spof_of_link[in_group]] = True
    plain_links = chain_requirement[~with_groups[spof_of_link]]

    # The members that each group on the way loses, and how each goes.
    r = chain_requirement[in_group]
    of_link, position = _expand(np, a.member_offsets[r], sizes[r])
    member = a.members[position]
    killer = x[spof_of_link[in_group]][of_link]
    found, entry = table.find(member, killer)
    taken = np.flatnonzero(found)
    of_link, member, killer = of_link[taken], member[taken], killer[taken]
    itself = member == killer
    broken = np.where(itself, 0, a.owned[member] + table.first[entry[taken]])  # first broken

    words = np.empty(a.requirements, dtype=object)
    needed = _unique(np, np.concatenate([plain_links, broken[~itself]]))
    words[needed] = [requirements[r].describe() for r in needed.tolist()]
    names = _names(compiled)

    whys = np.empty(len(spofs), dtype=object)
    plain = np.flatnonzero(~with_groups)
    if len(plain):
        said = words[plain_links].tolist()
        ends = np.cumsum(length[plain])
        whys[plain] = [f"no redundancy on the way: {target} fails: "
                       f"{', which fails: '.join(said[start:end])}, which failed initially"
                       for target, start, end in zip(names[first_target[plain]].tolist(),
                                                     (ends - length[plain]).tolist(),
                                                     ends.tolist())]
    if len(in_group):
        how = [f"{m} fails itself" if it else f"{m} {said}" for m, it, said
               in zip(names[member].tolist(), itself.tolist(), words[broken].tolist())]
        ends = np.searchsorted(of_link, np.arange(1, len(in_group) + 1))
        starts = np.concatenate([[0], ends[:-1]])
        opening = np.empty(a.requirements, dtype=object)
        distinct = _unique(np, r)
        opening[distinct] = [_opening(compiled, r) for r in distinct.tolist()]
        parts = [f"{start}{killer} takes down {end - first} ({', '.join(how[first:end])})"
                 for start, killer, first, end
                 in zip(opening[r].tolist(), names[x[spof_of_link[in_group]]].tolist(),
                        starts.tolist(), ends.tolist())]
        owner = spof_of_link[in_group]
        alone = np.ones(len(in_group), dtype=bool)  # the only group of its chain
        alone[1:] = owner[1:] != owner[:-1]
        alone[:-1] &= owner[:-1] != owner[1:]
        parts = np.array(parts, dtype=object)
        whys[owner[alone]] = parts[alone]
        several = np.flatnonzero(~alone)
        if len(several):
            owners = owner[several]
            cut = np.flatnonzero(np.append(owners[1:] != owners[:-1], True)) + 1
            listed = parts[several].tolist()
            whys[owners[cut - 1]] = ["; ".join(listed[start:end]) for start, end
                                     in zip(np.append(0, cut[:-1]).tolist(), cut.tolist())]
    return whys.tolist()


def _opening(compiled: CompiledInventory, r: int) -> str:
    requirement = compiled.requirements[r]
    return (f"{compiled.ids[compiled.owner[r]]} needs {requirement.needed} of "
            f"{len(requirement.members)} of [{', '.join(requirement.members)}], but ")


def _expand(np, starts, counts):
    segment = np.repeat(np.arange(len(starts), dtype=np.int64), counts)
    index = np.arange(len(segment), dtype=np.int64)
    index += (starts - (np.cumsum(counts) - counts))[segment]
    return segment, index


def _unique(np, values):
    """Sorted distinct values (``np.unique`` hashes, slower here)."""
    values = np.sort(values)
    keep = np.empty(len(values), dtype=bool)
    keep[:1] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


def _breaking(compiled, causes, x: int, y: int):
    """The requirements of ``y`` that ``x``'s failure breaks, with the members it takes."""
    for r in compiled.requirements_of(y):
        lost = [m for m in compiled.members_of(r) if x in causes[m]]
        if len(lost) >= compiled.threshold[r]:
            yield r, lost


def _path(compiled, causes, x: int, target: int) -> tuple[Step, ...]:
    """A shortest chain of broken requirements from ``target`` down to ``x``."""
    previous: dict[int, tuple[int, int, list[int]]] = {}
    frontier, seen = [target], {target}
    while x not in seen:  # breadth first over components that x takes down
        if not frontier:
            raise RuntimeError(f"{compiled.ids[x]} does not take {compiled.ids[target]} down")
        following = []
        for y in frontier:
            for r, lost in _breaking(compiled, causes, x, y):
                for m in lost:
                    if m not in seen:
                        seen.add(m)
                        previous[m] = (y, r, lost)
                        following.append(m)
        frontier = following
    chain = [Step(compiled.ids[x])]
    node = x
    while node != target:
        y, r, lost = previous[node]
        requirement = compiled.requirements[r]
        left = tuple(compiled.ids[m] for m in compiled.members_of(r) if m not in lost)
        chain.append(Step(compiled.ids[y], requirement, compiled.ids[node],
                          left if requirement.is_group else ()))
        node = y
    return tuple(reversed(chain))


def _how_single(compiled, causes, x: int, member: str) -> str:
    m = compiled.index[member]
    if m == x:
        return "fails itself"
    r, _ = next(_breaking(compiled, causes, x, m))
    return compiled.requirements[r].describe()


def _how_from_steps(explanations: Explanations):
    def how(member: str) -> str:
        first = explanations[member][0]
        return "fails initially" if first.requirement is None else first.why
    return how

"""Why a single point of failure is one: the sentences, one SPOF at a time (the reference).

Each SPOF is explained for the first target it kills: the shortest chain of broken
requirements from that target down to it, naming each redundancy group on the way
that the failure took down and how it took down the members; or saying that the
chain has no redundancy at all. On a large estate the numpy kernel's table already
knows every chain's length and first link, so
:func:`~depgraph.analysis.spof.explain_numpy.explain_all` follows all of them at
once, vectorised, and writes the same sentences; :func:`explain_each` picks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from depgraph.analysis.blast_radius import Explanations, Step, explanation_sentence
from depgraph.analysis.propagation import run_scenario
from depgraph.analysis.single_failures import upstream_causes
from depgraph.analysis.spof.points import SinglePoint
from depgraph.core.graph import CompiledInventory, compile_inventory
from depgraph.core.model import Inventory

if TYPE_CHECKING:
    from depgraph.analysis.spof.report import SpofReport

__all__ = ["CACHED_TARGETS", "breaking", "explain_each", "explain_points",
           "explain_single_point", "shortest_chain"]

#: How many targets' upstream causes an explanation cache keeps (memory on large estates).
CACHED_TARGETS = 256


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
        if len(cache) >= CACHED_TARGETS:  # bound the memory on large estates
            cache.clear()
        cache[target] = upstream_causes(compiled, target)
    causes = cache[target]
    steps = shortest_chain(compiled, causes, compiled.index[spof.id], target)
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
    of all components at once are a few vectorised steps
    (:func:`~depgraph.analysis.spof.explain_numpy.explain_all`). Else
    target by target, each target's upstream worked out once and then let go.
    """
    return dict(zip([s.key for s in spofs], explain_each(report, spofs)))


def explain_each(report: SpofReport, spofs: Sequence[SinglePoint]) -> list[str]:
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
        from depgraph.analysis.spof.explain_numpy import explain_all

        found = explain_all(compile_inventory(report.inventory), table,
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


def breaking(compiled, causes, x: int, y: int):
    """The requirements of ``y`` that ``x``'s failure breaks, with the members it takes."""
    for r in compiled.requirements_of(y):
        lost = [m for m in compiled.members_of(r) if x in causes[m]]
        if len(lost) >= compiled.threshold[r]:
            yield r, lost


def shortest_chain(compiled, causes, x: int, target: int) -> tuple[Step, ...]:
    """A shortest chain of broken requirements from ``target`` down to ``x``."""
    previous: dict[int, tuple[int, int, list[int]]] = {}
    frontier, seen = [target], {target}
    while x not in seen:  # breadth first over components that x takes down
        if not frontier:
            raise RuntimeError(f"{compiled.ids[x]} does not take {compiled.ids[target]} down")
        following = []
        for y in frontier:
            for r, lost in breaking(compiled, causes, x, y):
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
    r, _ = next(breaking(compiled, causes, x, m))
    return compiled.requirements[r].describe()


def _how_from_steps(explanations: Explanations):
    def how(member: str) -> str:
        first = explanations[member][0]
        return "fails initially" if first.requirement is None else first.why
    return how

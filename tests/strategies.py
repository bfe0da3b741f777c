"""Hypothesis strategies for random valid inventories, and brute-force oracles.

An inventory is generated as plain data (the shape of the YAML), so that the
same example can be built directly into the model or written out and loaded.
Cycles, self-sustaining loops, shared members, located_in chains and quorums all
occur, since members are drawn from every other component (a place only from those
listed before, since a containment cycle is an error).
"""

from __future__ import annotations

import itertools
import random
from typing import Any

import yaml
from hypothesis import strategies as st

from depgraph.core.durations import parse_duration
from depgraph.core.inventory import Draft, assemble
from depgraph.core.model import COMPONENT_TYPES, Component, Inventory, Provider, Requirement

NAMES = [f"{a}{b}" for a in "abcdefghijklmnopqrstuvwxyz" for b in ("", "-1", ".x", "/2")]


@st.composite
def inventory_specs(draw, min_size: int = 1, max_size: int = 10) -> dict[str, Any]:
    n = draw(st.integers(min_size, max_size))
    ids = draw(st.lists(st.sampled_from(NAMES), min_size=n, max_size=n, unique=True))
    providers = [f"p{i}" for i in range(draw(st.integers(0, 3)))]
    components = []
    for position, ident in enumerate(ids):
        others = [i for i in ids if i != ident]
        spec: dict[str, Any] = {"id": ident, "type": draw(st.sampled_from(COMPONENT_TYPES))}
        if providers and draw(st.booleans()):
            spec["provider"] = draw(st.sampled_from(providers))
        if position and draw(st.integers(0, 3)) == 0:
            spec["located_in"] = draw(st.sampled_from(ids[:position]))
        if draw(st.integers(0, 4)) == 0:
            spec["criticality"] = "critical"
        requirements = []
        for _ in range(draw(st.integers(0, 3)) if others else 0):
            members = draw(st.lists(st.sampled_from(others), min_size=1,
                                    max_size=min(4, len(others)), unique=True))
            form = draw(st.sampled_from(["hard", "any", "at_least"]))
            if form == "hard":
                requirements.append(members[0])
            elif form == "any":
                requirements.append({"any": members})
            else:
                requirements.append({"at_least": draw(st.integers(1, len(members))),
                                     "of": members})
        if requirements:
            spec["depends_on"] = requirements
        components.append(spec)
    return {"name": "random", "providers": [{"id": p} for p in providers],
            "components": components}


DURATIONS = ["0", "1m", "5m", "30m", "1h", "3h"]


@st.composite
def restore_specs(draw, max_size: int = 9, teams: int = 2) -> dict[str, Any]:
    """Inventories whose components have restore times (zero included), some a team
    (``t0``...) and some an RTO."""
    spec = draw(inventory_specs(max_size=max_size))
    for c in spec["components"]:
        c["restore"] = draw(st.sampled_from(DURATIONS))
        if teams and draw(st.booleans()):
            c["team"] = f"t{draw(st.integers(0, teams - 1))}"
        if draw(st.integers(0, 2)) == 0:
            c["rto"] = draw(st.sampled_from(DURATIONS[1:]))
    return spec


def failure_sets(spec: dict[str, Any]) -> st.SearchStrategy[list[str]]:
    ids = [c["id"] for c in spec["components"]]
    return st.lists(st.sampled_from(ids), min_size=1, max_size=3, unique=True)


def requirements_of(component: dict[str, Any]) -> list[tuple[str, tuple[str, ...], int]]:
    """(kind, members, needed) for each requirement, located_in included."""
    found = []
    if "located_in" in component:
        found.append(("located_in", (component["located_in"],), 1))
    for entry in component.get("depends_on", []):
        if isinstance(entry, str):
            found.append(("hard", (entry,), 1))
        elif "any" in entry:
            found.append(("any", tuple(entry["any"]), 1))
        else:
            found.append(("at_least", tuple(entry["of"]), entry["at_least"]))
    return found


def build(spec: dict[str, Any]) -> Inventory:
    """The model, built directly (no YAML)."""
    components = []
    for c in spec["components"]:
        depends = tuple(Requirement(kind, members, needed)
                        for kind, members, needed in requirements_of(c) if kind != "located_in")
        components.append((Component(c["id"], c["type"], provider=c.get("provider"),
                                     located_in=c.get("located_in"), depends_on=depends,
                                     criticality=c.get("criticality", "medium"),
                                     restore=parse_duration(c.get("restore", "0")),
                                     team=c.get("team"),
                                     rto=parse_duration(c["rto"]) if "rto" in c else None,
                                     weight=c.get("weight", 1)),
                           ()))
    providers = tuple(Provider(p["id"]) for p in spec["providers"])
    return assemble([Draft("random.yaml", tuple(components), providers)])


def shuffled(spec: dict[str, Any], seed: int) -> dict[str, Any]:
    """The same inventory with every list in another order."""
    rng = random.Random(seed)
    components = []
    for c in spec["components"]:
        c = dict(c)
        if "depends_on" in c:
            entries = []
            for entry in c["depends_on"]:
                if isinstance(entry, dict):
                    entry = {k: (rng.sample(v, len(v)) if isinstance(v, list) else v)
                             for k, v in reversed(list(entry.items()))}
                entries.append(entry)
            c["depends_on"] = rng.sample(entries, len(entries))
        components.append(dict(reversed(list(c.items()))))
    return {"name": spec["name"], "components": rng.sample(components, len(components)),
            "providers": rng.sample(spec["providers"], len(spec["providers"]))}


def to_yaml(spec: dict[str, Any]) -> str:
    return yaml.safe_dump(spec, sort_keys=False, allow_unicode=True)


# -- oracles -------------------------------------------------------------------

def _met(requirement: tuple[str, tuple[str, ...], int], working: set[str]) -> bool:
    _, members, needed = requirement
    return sum(m in working for m in members) >= needed


def oracle_failed(spec: dict[str, Any], initial: set[str]) -> set[str]:
    """Naive fixpoint: sweep until no component newly loses a requirement."""
    components = {c["id"]: requirements_of(c) for c in spec["components"]}
    failed = set(initial)
    changed = True
    while changed:
        changed = False
        for ident, requirements in components.items():
            working = set(components) - failed
            if ident not in failed and not all(_met(r, working) for r in requirements):
                failed.add(ident)
                changed = True
    return failed


def oracle_failed_by_subsets(spec: dict[str, Any], initial: set[str]) -> set[str]:
    """The contract's definition, literally: the working set is the greatest set W,
    free of initial failures, in which every member has its requirements met by W.
    Self-sustaining sets are closed under union, so W is the union of all of them."""
    components = {c["id"]: requirements_of(c) for c in spec["components"]}
    candidates = sorted(set(components) - initial)
    greatest: set[str] = set()
    for size in range(len(candidates) + 1):
        for subset in itertools.combinations(candidates, size):
            working = set(subset)
            if all(all(_met(r, working) for r in components[c]) for c in working):
                greatest |= working
    return set(components) - greatest


def oracle_degraded(spec: dict[str, Any], failed: set[str]) -> set[str]:
    return {c["id"] for c in spec["components"] if c["id"] not in failed
            and any(kind in ("any", "at_least") and set(members) & failed
                    for kind, members, _ in requirements_of(c))}


def targets_of(spec: dict[str, Any]) -> set[str]:
    """The default targets, by their definition: critical components, else those that
    nothing depends on."""
    critical = {c["id"] for c in spec["components"] if c.get("criticality") == "critical"}
    if critical:
        return critical
    needed = {m for c in spec["components"] for _, members, _ in requirements_of(c)
              for m in members}
    return {c["id"] for c in spec["components"]} - needed


def oracle_restoration(spec: dict[str, Any], down: set[str], duration: dict[str, int],
                       initial: set[str] = frozenset(), hand: set[str] = frozenset()
                       ) -> dict[str, tuple[int, int]]:
    """Naive event simulation, unlimited teams: at each moment, every down component
    whose requirements are all met by what is up starts, and its work is done
    ``duration`` later; the work on ``initial`` ones starts at 0 whatever they need. A
    component is up once its work is done and its requirements are met; components in
    ``hand`` are brought up by hand (they need nothing). Time jumps to the next end of
    work. Returns ``{id: (start, back)}`` for what comes back."""
    components = {c["id"]: requirements_of(c) for c in spec["components"]}
    up = set(components) - down
    started: dict[str, int] = {}
    back: dict[str, int] = {}
    now = 0
    while True:
        progress = True
        while progress:  # zero-length restorations come back at once, in the same moment
            progress = False
            for ident in sorted(down - set(started)):
                if ident in hand or ident in initial or all(_met(r, up)
                                                            for r in components[ident]):
                    started[ident] = now
                    progress = True
            for ident, begun in started.items():
                if ident not in up and begun + duration[ident] <= now and (
                        ident in hand or all(_met(r, up) for r in components[ident])):
                    up.add(ident)
                    back[ident] = now
                    progress = True
        later = [begun + duration[i] for i, begun in started.items()
                 if i not in up and begun + duration[i] > now]
        if not later:
            return {ident: (started[ident], back[ident]) for ident in back}
        now = min(later)

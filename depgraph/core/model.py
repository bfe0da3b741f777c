"""The inventory model: frozen values, no I/O.

An inventory is a set of providers and components. A component works only if it
has not failed itself and every one of its requirements is met; ``located_in`` is
a hard requirement that also places the component somewhere.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Callable, Mapping

from depgraph.core.durations import format_duration

__all__ = [
    "COMPONENT_TYPES",
    "CRITICALITIES",
    "Span",
    "Requirement",
    "Provider",
    "Continuity",
    "Component",
    "Note",
    "Rename",
    "ScenarioEvent",
    "Scenario",
    "Inventory",
]

#: The documented component types, from the ground (a site) up to the business.
COMPONENT_TYPES = (
    "site",
    "datacenter",
    "power",
    "cooling",
    "network",
    "compute",
    "storage",
    "database",
    "platform",
    "application",
    "service",
    "business",
)

#: Criticalities, most critical first.
CRITICALITIES = ("critical", "high", "medium", "low")

_EMPTY: Mapping[str, Any] = MappingProxyType({})


@functools.total_ordering
class Span:
    """Where something is written: ``file:line:column``, 1-based (0 when unknown).

    A value: compared, ordered and hashed as ``(file, line, column)``. A loader
    that reads a file without positions (the fast path) makes *deferred* spans
    with :meth:`deferred`: the line and column are asked of ``locate(code)`` the
    first time they are read, then kept. Nothing is located unless a message or
    a report actually shows a position.

    >>> Span("inv.yaml", 3, 9) == Span.deferred("inv.yaml", lambda code: (3, 9), 0)
    True
    """

    __slots__ = ("file", "_line", "_column", "_locate", "_code")

    def __init__(self, file: str, line: int = 0, column: int = 0):
        self.file = file
        self._line = line
        self._column = column
        self._locate: Callable[[int], tuple[int, int]] | None = None
        self._code = 0

    @classmethod
    def deferred(cls, file: str, locate: Callable[[int], tuple[int, int]], code: int) -> "Span":
        """A span whose position ``locate(code)`` finds when it is first read."""
        span = object.__new__(cls)  # the loaders make millions: skip __init__
        span.file, span._line, span._column, span._locate, span._code = file, 0, 0, locate, code
        return span

    def _resolve(self) -> None:
        locate, self._locate = self._locate, None
        self._line, self._column = locate(self._code)

    @property
    def line(self) -> int:
        if self._locate is not None:
            self._resolve()
        return self._line

    @property
    def column(self) -> int:
        if self._locate is not None:
            self._resolve()
        return self._column

    def _key(self) -> tuple[str, int, int]:
        return self.file, self.line, self.column

    def __eq__(self, other: object) -> bool:
        return self._key() == other._key() if isinstance(other, Span) else NotImplemented

    def __lt__(self, other: object) -> bool:
        return self._key() < other._key() if isinstance(other, Span) else NotImplemented

    def __hash__(self) -> int:
        return hash(self._key())

    def __reduce__(self) -> tuple:
        return Span, self._key()

    def __repr__(self) -> str:
        return f"Span(file={self.file!r}, line={self.line!r}, column={self.column!r})"

    def __str__(self) -> str:
        if not self.line:
            return self.file
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Requirement:
    """One entry of a component's requirements.

    ``kind`` is ``"hard"`` (``- id``), ``"located_in"``, ``"any"`` (``any: [...]``)
    or ``"at_least"`` (``at_least: k`` with ``of: [...]``). The requirement is met
    while at least ``needed`` of its ``members`` work.

    >>> Requirement("at_least", ("ad-1", "ad-2", "ad-3"), 2).tolerates
    1
    """

    kind: str
    members: tuple[str, ...]
    needed: int = 1
    span: Span | None = field(default=None, compare=False, repr=False)
    #: Ride-through (seconds): still counts as met until unmet for this long; None:
    #: the component's ``holdup``, if any (never for ``located_in``).
    holdup: int | None = None
    #: A group's manual changeover (seconds): unmet for this long when a member in use
    #: fails, even if enough others work.
    switchover: int = 0
    #: ``when: start``: needed only to come back, not to keep working.
    start: bool = False

    def __repr__(self) -> str:
        """The fields, the time keys only when set (a plain requirement reads as before)."""
        extra = "".join(f", {name}={value!r}" for name, value in (
            ("holdup", self.holdup), ("switchover", self.switchover), ("start", self.start))
            if value not in (None, 0, False))
        return (f"Requirement(kind={self.kind!r}, members={self.members!r}, "
                f"needed={self.needed!r}{extra})")

    @property
    def is_group(self) -> bool:
        """True for redundancy groups (``any`` and ``at_least``), which can degrade."""
        return self.kind in ("any", "at_least")

    @property
    def tolerates(self) -> int:
        """How many members may fail while the requirement is still met."""
        return len(self.members) - self.needed

    def describe(self) -> str:
        """A short human description: ``needs db``, ``any of [a, b]``, ``2 of [a, b, c]``."""
        if self.kind == "hard":
            return f"needs {self.members[0]}"
        if self.kind == "located_in":
            return f"located in {self.members[0]}"
        listed = ", ".join(self.members)
        if self.kind == "any":
            return f"any of [{listed}]"
        return f"{self.needed} of [{listed}]"

    @property
    def timing(self) -> str:
        """The requirement's time keys in words, empty without them:
        ``(to start)``, ``(rides through 15m)``, ``(changeover 7h)``."""
        parts = (["to start"] if self.start else []) + \
            ([f"rides through {format_duration(self.holdup)}"] if self.holdup else []) + \
            ([f"changeover {format_duration(self.switchover)}"] if self.switchover else [])
        return f"({', '.join(parts)})" if parts else ""


@dataclass(frozen=True, slots=True)
class Provider:
    """An organisation that operates components (a host, a utility, an ISP)."""

    id: str
    name: str = ""
    kind: str = ""
    meta: Mapping[str, Any] = field(default_factory=dict, compare=False)
    span: Span | None = field(default=None, compare=False, repr=False)

    @property
    def label(self) -> str:
        return self.name or self.id


@dataclass(frozen=True, slots=True)
class Continuity:
    """A degraded procedure (ISO 22301's business continuity): what people do while a
    function is down. ``activation``: the time it takes to switch to it (seconds);
    ``sustainable``: how long it can be kept up (None: as long as needed)."""

    procedure: str
    document: str | None = None
    owner: str | None = None
    contact: str | None = None
    activation: int = 0
    sustainable: int | None = None
    span: Span | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Component:
    """One piece of the estate. Durations are in seconds."""

    id: str
    type: str
    name: str = ""
    provider: str | None = None
    located_in: str | None = None
    depends_on: tuple[Requirement, ...] = ()
    criticality: str = "medium"
    restore: int = 0
    team: str | None = None
    rto: int | None = None
    tags: tuple[str, ...] = ()
    owner: str | None = None
    description: str | None = None
    meta: Mapping[str, Any] = field(default_factory=dict, compare=False)
    span: Span | None = field(default=None, compare=False, repr=False)
    located_in_span: Span | None = field(default=None, compare=False, repr=False)
    #: Ride-through (seconds) of each requirement that sets none (never ``located_in``).
    holdup: int | None = None
    #: The datasets it holds a copy of (sorted).
    data: tuple[str, ...] = ()
    #: Maximum tolerable period of disruption (seconds): down longer is a breach.
    mtpd: int | None = None
    #: How much it matters as a target (patients per hour, revenue): 1 unless said.
    weight: float = 1
    #: The degraded procedure to follow while it is down.
    continuity: Continuity | None = None
    #: The data loss its datasets tolerate (seconds): a lost dataset breaches it.
    rpo: int | None = None

    @property
    def label(self) -> str:
        return self.name or self.id

    @property
    def requirements(self) -> tuple[Requirement, ...]:
        """Every requirement, ``located_in`` first, then ``depends_on`` in written order."""
        if self.located_in is None:
            return self.depends_on
        where = Requirement("located_in", (self.located_in,), 1, self.located_in_span)
        return (where, *self.depends_on)


@dataclass(frozen=True, slots=True)
class Note:
    """What an importer inferred or could not resolve about one object of its source,
    kept in the generated file (``generated: {findings: [...]}``) so that ``validate``
    warns of it: the message, and the object's URL in the source of truth."""

    message: str
    url: str = ""
    span: Span | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Rename:
    """An imported component whose id changed with a re-import (renamed at the source,
    the same object there): a reference to the old id says what it is now."""

    old: str
    new: str
    url: str = ""
    span: Span | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class ScenarioEvent:
    """One timed event of a scenario: at ``at`` (seconds from the start), the components
    the selector ``fail`` names fail; the work on each takes ``repair`` seconds (None:
    each component's own ``restore``), or never ends when ``destroyed``."""

    at: int
    fail: str
    repair: int | None = None
    destroyed: bool = False
    span: Span | None = field(default=None, compare=False, repr=False)
    fail_span: Span | None = field(default=None, compare=False, repr=False)

    def describe(self) -> str:
        """``at 6h: fail fuel-truck, repaired in 1d`` (``destroyed``; ``each restored
        as usual``)."""
        return f"at {format_duration(self.at)}: fail {self.fail}, {self.outcome}"

    @property
    def outcome(self) -> str:
        """``repaired in 1d``, ``destroyed`` or ``each restored as usual``."""
        if self.destroyed:
            return "destroyed"
        if self.repair is None:
            return "each restored as usual"
        return f"repaired in {format_duration(self.repair)}"


@dataclass(frozen=True, slots=True)
class Scenario:
    """A named list of timed events (``scenarios:`` in an inventory file)."""

    id: str
    events: tuple[ScenarioEvent, ...]
    name: str = ""
    description: str = ""
    span: Span | None = field(default=None, compare=False, repr=False)

    @property
    def label(self) -> str:
        return self.name or self.id


@dataclass(frozen=True, eq=False)
class Inventory:
    """A validated inventory: every reference resolves, ids are unique.

    ``components`` and ``providers`` are sorted by id, whatever the order of the
    files they came from. Build one with :func:`depgraph.load_inventory` or
    :func:`depgraph.core.inventory.assemble`.
    """

    components: Mapping[str, Component]
    providers: Mapping[str, Provider] = field(default_factory=lambda: _EMPTY)
    name: str = ""
    version: str = ""
    description: str = ""
    sources: tuple[str, ...] = ()
    #: Lint rules the inventory switches off (``lint: {disable: [...]}``).
    lint_disabled: tuple[str, ...] = ()
    #: What importers inferred or could not resolve, from generated files.
    notes: tuple[Note, ...] = ()
    #: Ids that re-imports changed, from generated files.
    renames: tuple[Rename, ...] = ()
    #: Named scenarios of timed events (``scenarios:``), by id.
    scenarios: Mapping[str, Scenario] = field(default_factory=lambda: _EMPTY)
    #: Where ``name`` and ``description`` were written (``{"name": Span}``), so that a
    #: warning about them points at the line; empty when no loader located them.
    spans: Mapping[str, Span] = field(default_factory=lambda: _EMPTY, compare=False,
                                      repr=False)

    def __len__(self) -> int:
        return len(self.components)

    def __contains__(self, component_id: object) -> bool:
        return component_id in self.components

    def __getitem__(self, component_id: str) -> Component:
        return self.components[component_id]

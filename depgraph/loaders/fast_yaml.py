"""The fast path for reading an inventory file: a Rust YAML parser, then the schema on plain data.

The reference path (:mod:`~depgraph.loaders.yaml_source` then
:mod:`~depgraph.loaders.schema`) builds a located tree from PyYAML's events and
checks it: exact positions and messages, but about 10 s for a 100,000-component
file. This path parses with ``yaml_rs`` (the optional ``fast`` extra, about 25
times faster) and checks the plain result with the same rules.

It gives exactly the reference path's answer or no answer at all:

* it only takes files it can prove are read the same: no anchors, aliases,
  tags, directives, tabs, extra documents, merge keys, YAML 1.1 line breaks or
  lines indented 100 columns or more
  (:func:`~depgraph.loaders.yaml_subset.outside_subset`), and no scalar that YAML
  1.1 (PyYAML) and YAML 1.2 (yaml_rs) could read differently (:meth:`_Reader.value`);
* it never reports a problem: on the first thing that the reference path would
  report (or that it cannot prove equal), it gives up and the caller reads the
  file the reference way, so every message is the reference path's own;
* positions are deferred (:meth:`~depgraph.core.model.Span.deferred`): when a
  report first shows one, the file is read once the reference way to find it.

``DEPGRAPH_FAST_YAML=0`` in the environment turns the fast path off.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, fields
from typing import Any, Callable, Iterator

import yaml

from depgraph.analysis.lint import RULES
from depgraph.core import fast_paths
from depgraph.core.durations import parse_duration
from depgraph.core.inventory import Draft
from depgraph.core.model import (
    COMPONENT_TYPES,
    CRITICALITIES,
    Component,
    Continuity,
    Note,
    Provider,
    Rename,
    Requirement,
    Scenario,
    ScenarioEvent,
    Span,
)
from depgraph.core.problems import SelectorError
from depgraph.core.selectors import parse_selector
from depgraph.loaders.schema import (
    COMPONENT_KEYS,
    CONTINUITY_KEYS,
    EVENT_KEYS,
    GENERATED_KEYS,
    PROVIDER_KEYS,
    REQUIREMENT_KEYS,
    SCENARIO_KEYS,
    TOP_KEYS,
)
from depgraph.loaders.tree import Node
from depgraph.loaders.yaml_subset import FREE_DEPTH, deeper_than, outside_subset

try:  # the optional "fast" extra
    import yaml_rs
except ImportError:  # pragma: no cover - depends on the installation
    yaml_rs = None

__all__ = ["available", "read_fast", "FastDraft"]

_STR = "tag:yaml.org,2002:str"
_resolver = yaml.resolver.Resolver()
#: The first characters with which PyYAML may read a plain scalar as something
#: other than a string (a boolean, a number, null, a date, a merge key...).
_RESOLVED_FIRST = frozenset(ch for ch in _resolver.yaml_implicit_resolvers if ch is not None)

# Deferred positions are coded as one integer: what (2 bits), which item, which entry.
_COMPONENT, _LOCATED_IN, _REQUIREMENT, _PROVIDER = range(4)
_ENTRY_BITS = 20
#: Progress is reported every this many components.
_PROGRESS_EVERY = 1 << 12


@dataclass(frozen=True)
class FastDraft(Draft):
    """A draft read by the fast path. Its components list no :class:`Reference`:
    ``component_refs`` and ``provider_refs`` hold the ids they name, which the
    caller checks in bulk; a file whose references do not all resolve must be
    read again the reference way to say where (see :func:`load_inventory`)."""

    component_refs: tuple[str, ...] = ()
    provider_refs: tuple[str, ...] = ()


class _GiveUp(Exception):
    """The reference path must read this file (a problem, or not provably the same)."""


def available() -> bool:
    """yaml_rs installed, the reference path not forced, DEPGRAPH_FAST_YAML not 0."""
    return yaml_rs is not None and fast_paths.fast("yaml") and \
        os.environ.get("DEPGRAPH_FAST_YAML", "1") != "0"


def read_fast(text: str, file: str, locate_with: Callable[[], Node | None],
              progress: Callable[[int], None] | None = None) -> FastDraft | None:
    """The :class:`Draft` the reference path would give for ``text``, or None to use it.

    ``locate_with`` returns the reference path's located tree of the same text;
    it is called only if a position is ever asked for. ``progress``, if given, is
    called now and then with an estimate of the characters done (parsing counts
    for a third of the work, reading the components for the rest).
    """
    if not available() or outside_subset(text):
        return None
    try:
        data = yaml_rs.loads(text, parse_datetime=False)
    except Exception:  # noqa: BLE001 - any refusal or limit: the reference path explains it
        return None
    try:
        return _Reader(file, _Locator(locate_with), progress, len(text)).draft(data)
    except (_GiveUp, RecursionError):  # RecursionError: a safety net, see yaml_subset.deeper_than
        return None


class _Locator:
    """Positions of one file, found on demand from the reference path's tree."""

    def __init__(self, tree: Callable[[], Node | None]):
        self._tree = tree
        self._root: Node | None = None

    def root(self) -> Node:
        if self._root is None:
            self._root = self._tree()
            self._tree = None
        return self._root

    def __call__(self, code: int) -> tuple[int, int]:
        self.root()
        what, code = code & 3, code >> 2
        item, entry = code >> _ENTRY_BITS, code & ((1 << _ENTRY_BITS) - 1)
        top = self._root.value
        if what == _PROVIDER:
            node = top["providers"].value[item]
        else:
            node = top["components"].value[item]
            if what == _LOCATED_IN:
                node = node.value["located_in"]
            elif what == _REQUIREMENT:
                node = node.value["depends_on"].value[entry]
        return node.line, node.column

    def scenario(self, code: int) -> tuple[int, int]:
        """The position of scenario ``code >> 20``, of its event ``(code >> 1) & 0x7ffff``
        (when not 0x7ffff), of that event's ``fail`` (when ``code & 1``)."""
        item, event, fail = code >> 20, (code >> 1) & 0x7FFFF, code & 1
        node = self.root().value["scenarios"].value[item]
        if event != 0x7FFFF:
            node = node.value["events"].value[event]
            if fail:
                node = node.value["fail"]
        return node.span.line, node.span.column

    def record(self, key: str, item: int) -> tuple[int, int]:
        """The position of item ``item`` of ``generated: {key: [...]}``."""
        node = self.root().value["generated"].value[key].value[item]
        return node.span.line, node.span.column


class _Reader:
    """The schema's rules (see :mod:`depgraph.loaders.schema`) on plain data, giving up at
    the first problem instead of reporting it."""

    def __init__(self, file: str, locator: _Locator,
                 progress: Callable[[int], None] | None = None, size: int = 0):
        self.file = file
        self.locator = locator
        self.progress = progress
        self.size = size
        self.slugs: list[str] = []  # checked all at once at the end
        self.component_refs: list[str] = []
        self.provider_refs: list[str] = []
        self.durations: dict[str, int] = {}

    def span(self, what: int, item: int, entry: int = 0) -> Span:
        """A deferred span: ``what`` (a component, its located_in, its requirement
        ``entry``, a provider) of item number ``item``."""
        if entry >> _ENTRY_BITS:
            raise _GiveUp
        return _deferred(self.file, self.locator, (((item << _ENTRY_BITS) | entry) << 2) | what)

    # -- scalars ----------------------------------------------------------------
    @staticmethod
    def text(value: Any) -> str:
        """The text PyYAML's event carries for ``value``: the schema reads text as written.

        Whether a string was quoted does not matter here: written plain or quoted,
        the schema takes its text, and both parsers agree on which plain scalars
        are null (a problem for a text field).
        """
        if type(value) is str:
            if value == "=":  # PyYAML's 'value' tag, which the reference path refuses
                raise _GiveUp
            return value
        if type(value) is int:  # canonical decimal: _OUTSIDE refused every other spelling
            return str(value)
        raise _GiveUp  # booleans (True, TRUE or true?), floats, null

    @staticmethod
    def value(value: str) -> str:
        """A string as metadata keeps it: only if PyYAML would also read it as a string."""
        if value and value[0] not in _RESOLVED_FIRST:
            return value
        if _resolver.resolve(yaml.ScalarNode, value, (True, False)) != _STR:
            # Written plain, PyYAML reads it as a boolean, a date... and yaml_rs as a
            # string; quoted, both as a string. Which was it? Only PyYAML can tell.
            raise _GiveUp
        return value

    def slug(self, value: Any) -> str:
        text = self.text(value)
        self.slugs.append(text)
        return text

    def choice(self, value: Any, choices: tuple[str, ...]) -> str:
        text = self.text(value)
        if text not in choices:
            raise _GiveUp
        return text

    def duration(self, value: Any) -> int:
        text = self.text(value)
        seconds = self.durations.get(text)
        if seconds is None:
            try:
                seconds = self.durations[text] = parse_duration(text)
            except ValueError:
                raise _GiveUp from None
        return seconds

    @staticmethod
    def keys(fields: dict, allowed: frozenset[str]) -> None:
        if not allowed.issuperset(fields):
            raise _GiveUp

    def plain(self, value: Any) -> Any:
        """Free metadata, as :meth:`schema._Checker.plain` gives it."""
        kind = type(value)
        if kind is dict:
            return {self.text(k): self.plain(v) for k, v in value.items()}
        if kind is list:
            return tuple(self.plain(item) for item in value)
        if kind is str:
            return self.value(value)
        if kind is int or kind is bool or value is None:
            return value  # the same value whichever way it was spelled
        raise _GiveUp  # floats: 1e3 is a number in YAML 1.2, a string in 1.1

    # -- the file ---------------------------------------------------------------
    def draft(self, data: Any) -> FastDraft:
        if type(data) is not dict:
            raise _GiveUp
        for key in data:
            if self.text(key) not in _TOP and not key.startswith("x-"):
                raise _GiveUp
            if deeper_than(data[key], FREE_DEPTH):  # x- keys are read by nobody
                raise _GiveUp
        if "components" not in data and "providers" not in data and "scenarios" not in data:
            raise _GiveUp
        metadata = tuple((key, self.text(data[key])) for key in ("name", "version", "description")
                         if key in data)
        if not all(value.isascii() for _, value in metadata):
            raise _GiveUp  # rare; a warning about it needs the line, which the reference gives
        if "amend" in data:  # hand-written, small: the reference path reads amendments
            raise _GiveUp
        lint_disabled = self.lint(data["lint"]) if "lint" in data else ()
        notes, renames = self.generated(data["generated"]) if "generated" in data else ((), ())
        providers = tuple(self.provider(item, i)
                          for i, item in enumerate(self.items(data, "providers")))
        components = tuple(self.reading(self.items(data, "components")))
        scenarios = self.scenarios(data["scenarios"]) if "scenarios" in data else ()
        if self.slugs and not _SLUGS.fullmatch("\n".join(self.slugs)):
            raise _GiveUp
        return FastDraft(self.file, components, providers, metadata, lint_disabled=lint_disabled,
                         notes=notes, renames=renames, scenarios=scenarios,
                         component_refs=tuple(self.component_refs),
                         provider_refs=tuple(self.provider_refs))

    def scenarios(self, value: Any) -> tuple[Scenario, ...]:
        """``scenarios:`` as :func:`schema._scenario` reads it (a few, hand-written)."""
        if type(value) is not list or len(value) >> 11:
            raise _GiveUp
        locate, found = self.locator.scenario, []
        for i, item in enumerate(value):
            if type(item) is not dict or "id" not in item or "events" not in item:
                raise _GiveUp
            self.keys(item, _SCENARIO_KEYS)
            ident = self.slug(item["id"])
            name = self.text(item["name"]) if "name" in item else ""
            description = self.text(item["description"]) if "description" in item else ""
            events = item["events"]
            if type(events) is not list or not events or len(events) >= 0x7FFFF:
                raise _GiveUp
            found.append(Scenario(ident, tuple(self.event(e, (i << 20) | (j << 1), locate)
                                               for j, e in enumerate(events)),
                                  name, description,
                                  _deferred(self.file, locate, (i << 20) | (0x7FFFF << 1))))
        return tuple(found)

    def event(self, value: Any, code: int, locate: Callable[[int], tuple[int, int]]
              ) -> ScenarioEvent:
        if type(value) is not dict or "at" not in value or "fail" not in value:
            raise _GiveUp
        self.keys(value, _EVENT_KEYS)
        if self.text(value["at"]).strip().startswith("-"):
            raise _GiveUp
        at = self.duration(value["at"])
        fail = self.text(value["fail"])
        try:
            parse_selector(fail)
        except SelectorError:
            raise _GiveUp from None
        repair, destroyed = None, False
        if "repair" in value:
            if self.text(value["repair"]).strip() == "never":
                destroyed = True
            else:
                repair = self.duration(value["repair"])
        return ScenarioEvent(at, fail, repair, destroyed, _deferred(self.file, locate, code),
                             _deferred(self.file, locate, code | 1))

    def generated(self, value: Any) -> tuple[tuple[Note, ...], tuple[Rename, ...]]:
        """``generated:`` as :func:`schema._generated` reads it."""
        if type(value) is not dict:
            raise _GiveUp
        self.keys(value, _GENERATED_KEYS)
        for key in ("by", "source"):
            if key in value:
                self.text(value[key])
        locate = self.locator.record
        notes = tuple(Note(fields["message"], fields.get("url", ""),
                           _deferred(self.file, lambda i: locate("findings", i), i))
                      for i, fields in self.records(value, "findings", _FINDING, ("message",)))
        renames = tuple(Rename(fields["from"], fields["to"], fields.get("url", ""),
                               _deferred(self.file, lambda i: locate("renamed", i), i))
                        for i, fields in self.records(value, "renamed", _RENAMED,
                                                      ("from", "to")))
        self.records(value, "left_out", _LEFT_OUT, ("id", "why"))
        return notes, renames

    def records(self, value: dict, key: str, keys: frozenset[str], required: tuple[str, ...]
                ) -> list[tuple[int, dict[str, str]]]:
        items = self.items(value, key)
        records = []
        for i, item in enumerate(items):
            if type(item) is not dict or not all(k in item for k in required):
                raise _GiveUp
            self.keys(item, keys)
            records.append((i, {self.text(k): self.text(v) for k, v in item.items()}))
        return records

    def reading(self, items: list) -> Iterator[tuple[Component, tuple]]:
        """Read the components, dropping each parsed one once read (the plain data
        and the model are then never both whole in memory), and telling
        ``progress`` how far along the file that is."""
        component, report = self.component, self.progress
        parsed, total = self.size // 3, max(len(items), 1)
        if report is not None:
            report(parsed)
        for i in range(len(items)):
            if report is not None and not i % _PROGRESS_EVERY:
                report(parsed + (self.size - parsed) * i // total)
            item, items[i] = items[i], None
            yield component(item, i)

    def lint(self, value: Any) -> tuple[str, ...]:
        if type(value) is not dict:
            raise _GiveUp
        self.keys(value, _LINT)
        if "disable" not in value:
            return ()
        rules = value["disable"]
        if type(rules) is not list:
            raise _GiveUp
        return tuple(self.choice(rule, _RULES) for rule in rules)

    @staticmethod
    def items(data: dict, key: str) -> list:
        if key not in data:
            return []
        items = data[key]
        if type(items) is not list:
            raise _GiveUp
        return items

    def meta(self, fields: dict) -> Any:
        if "meta" not in fields:
            return {}
        meta = fields["meta"]
        if type(meta) is not dict or deeper_than(meta, FREE_DEPTH):
            raise _GiveUp
        return self.plain(meta)

    def provider(self, fields: Any, i: int) -> Provider:
        if type(fields) is not dict or "id" not in fields:
            raise _GiveUp
        ident = self.slug(fields["id"])
        self.keys(fields, _PROVIDER_KEYS)
        text = {k: self.text(fields[k]) for k in ("name", "kind", "description") if k in fields}
        return Provider(ident, text.get("name") or "", text.get("kind") or "", self.meta(fields),
                        self.span(_PROVIDER, i))

    def component(self, fields: Any, i: int) -> tuple[Component, tuple]:
        if type(fields) is not dict or "id" not in fields or "type" not in fields \
                or not _COMPONENT_KEYS.issuperset(fields):
            raise _GiveUp
        text, get = self.text, fields.get
        ident = self.slug(fields["id"])
        base = i << (_ENTRY_BITS + 2)  # see span()
        kind = text(fields["type"])
        if kind not in _TYPES:
            raise _GiveUp
        provider = located_in = located_in_span = None
        if "provider" in fields:
            provider = self.slug(fields["provider"])
            self.provider_refs.append(provider)
        if "located_in" in fields:
            located_in = self.slug(fields["located_in"])
            if located_in == ident:
                raise _GiveUp
            self.component_refs.append(located_in)
            located_in_span = _deferred(self.file, self.locator, base | _LOCATED_IN)
        requirements = ()
        if "depends_on" in fields:
            entries = fields["depends_on"]
            if type(entries) is not list:
                raise _GiveUp
            if len(entries) >> _ENTRY_BITS:
                raise _GiveUp
            requirement = self.requirement
            requirements = tuple([requirement(entry, ident, base | (j << 2))
                                  for j, entry in enumerate(entries)])
        criticality = "medium"
        if "criticality" in fields:
            criticality = text(fields["criticality"])
            if criticality not in _CRITICALITIES:
                raise _GiveUp
        restore = self.duration(fields["restore"]) if "restore" in fields else 0
        rto = self.duration(fields["rto"]) if "rto" in fields else None
        holdup = self.duration(fields["holdup"]) if "holdup" in fields else None
        data = self.datasets(fields["data"]) if "data" in fields else ()
        mtpd = self.duration(fields["mtpd"]) if "mtpd" in fields else None
        rpo = None
        if "rpo" in fields:
            if "data" not in fields:
                raise _GiveUp  # the reference path says why
            rpo = self.duration(fields["rpo"])
        weight = 1
        if "weight" in fields:
            weight = fields["weight"]  # a float's spelling reads differently in the two
            if type(weight) is not int or weight < 0:  # YAMLs (1e3): the reference path's
                raise _GiveUp
        continuity = self.continuity(fields["continuity"]) if "continuity" in fields else None
        tags = ()
        if "tags" in fields:
            if type(fields["tags"]) is not list:
                raise _GiveUp
            tags = tuple(sorted(set(map(text, fields["tags"]))))
        team, owner, description, name = (
            get("team", None), get("owner", None), get("description", None), get("name", ""))
        if team is not None or "team" in fields:  # written null gives up in text()
            team = text(team)
        if owner is not None or "owner" in fields:
            owner = text(owner)
        if description is not None or "description" in fields:
            description = text(description)
        if name != "":
            name = text(name)
        component = _new_component(
            ident, kind, name, provider, located_in, requirements, criticality, restore, team,
            rto, tags, owner, description, self.meta(fields) if "meta" in fields else {},
            _deferred(self.file, self.locator, base | _COMPONENT), located_in_span, holdup, data,
            mtpd, weight, continuity, rpo)
        return component, ()

    def continuity(self, value: Any) -> Continuity:
        """A degraded procedure, its keys known and its procedure named."""
        if type(value) is not dict or "procedure" not in value \
                or not _CONTINUITY_KEYS.issuperset(value):
            raise _GiveUp
        text = {key: self.text(value[key]) for key in ("procedure", "document", "owner",
                                                       "contact") if key in value}
        return Continuity(text["procedure"], text.get("document"), text.get("owner"),
                          text.get("contact"),
                          self.duration(value["activation"]) if "activation" in value else 0,
                          self.duration(value["sustainable"]) if "sustainable" in value
                          else None)

    def datasets(self, value: Any) -> tuple[str, ...]:
        if type(value) is not list:
            raise _GiveUp
        names = tuple(map(self.text, value))
        if len(set(names)) != len(names):
            raise _GiveUp
        self.slugs.extend(names)
        return tuple(sorted(names))

    def requirement(self, entry: Any, ident: str, code: int) -> Requirement:
        span = _deferred(self.file, self.locator, code | _REQUIREMENT)
        if type(entry) is not dict:
            target = self.text(entry)  # a bare id (null, booleans and floats give up)
            if target == ident:
                raise _GiveUp
            self.slugs.append(target)
            self.component_refs.append(target)
            return _new_requirement("hard", (target,), 1, span, None, 0, False)
        timed = len(entry) > 2 or not entry.keys() <= _FORMS
        holdup, switchover, start = self.timing(entry) if timed else (None, 0, False)
        if "needs" in entry:
            if switchover or "any" in entry or "at_least" in entry or "of" in entry:
                raise _GiveUp
            target = self.text(entry["needs"])
            if target == ident:
                raise _GiveUp
            self.slugs.append(target)
            self.component_refs.append(target)
            return _new_requirement("hard", (target,), 1, span, holdup, 0, start)
        if "any" in entry:
            if "at_least" in entry or "of" in entry:
                raise _GiveUp
            return _new_requirement("any", self.members(entry["any"], ident), 1, span, holdup,
                                    switchover, start)
        if "at_least" not in entry or "of" not in entry:
            raise _GiveUp
        members = self.members(entry["of"], ident)
        needed = entry["at_least"]
        if type(needed) is not int or not 1 <= needed <= len(members):
            raise _GiveUp
        return _new_requirement("at_least", members, needed, span, holdup, switchover, start)

    def timing(self, entry: dict) -> tuple[int | None, int, bool]:
        """A requirement's ``holdup``, ``switchover`` and ``when`` (``start`` only)."""
        if not _REQUIREMENT_KEYS.issuperset(entry):
            raise _GiveUp
        holdup = self.duration(entry["holdup"]) if "holdup" in entry else None
        switchover = self.duration(entry["switchover"]) if "switchover" in entry else 0
        if "switchover" in entry and "needs" in entry:
            raise _GiveUp
        start = False
        if "when" in entry:
            if self.text(entry["when"]) != "start":
                raise _GiveUp
            start = True
        return holdup, switchover, start

    def members(self, value: Any, ident: str) -> tuple[str, ...]:
        if type(value) is not list or not value:
            raise _GiveUp
        members = tuple(map(self.text, value))
        if ident in members or len(set(members)) != len(members):
            raise _GiveUp
        self.slugs.extend(members)
        self.component_refs.extend(members)
        return members


def _constructor(cls: type) -> Callable[..., Any]:
    """A constructor taking every field of the frozen dataclass ``cls`` in order, about
    twice as fast as its ``__init__`` (which looks ``object.__setattr__`` up for each
    field): the fast path builds millions. The tests compare what it builds with the
    reference path's objects, field by field."""
    names = [f.name for f in fields(cls)]
    setters = {f"set_{name}": getattr(cls, name).__set__ for name in names}
    source = (f"def new({', '.join(names)}):\n    item = allocate(cls)\n"
              + "".join(f"    set_{name}(item, {name})\n" for name in names)
              + "    return item\n")
    namespace = {"allocate": object.__new__, "cls": cls, **setters}
    exec(source, namespace)  # noqa: S102 - built from the dataclass's own field names
    return namespace["new"]


_new_component = _constructor(Component)
_new_requirement = _constructor(Requirement)
_deferred = Span.deferred
_TOP = frozenset(TOP_KEYS)
_GENERATED_KEYS = frozenset(GENERATED_KEYS)
_FINDING = frozenset({"message", "url"})
_RENAMED = frozenset({"from", "to", "url"})
_LEFT_OUT = frozenset({"id", "why", "url"})
_LINT = frozenset({"disable"})
_RULES = tuple(RULES)
_TYPES = frozenset(COMPONENT_TYPES)
_CRITICALITIES = frozenset(CRITICALITIES)
_PROVIDER_KEYS = frozenset(PROVIDER_KEYS)
_CONTINUITY_KEYS = frozenset(CONTINUITY_KEYS)
_COMPONENT_KEYS = frozenset(COMPONENT_KEYS)
_REQUIREMENT_KEYS = frozenset(REQUIREMENT_KEYS)
_SCENARIO_KEYS = frozenset(SCENARIO_KEYS)
_EVENT_KEYS = frozenset(EVENT_KEYS)
_FORMS = frozenset({"any", "at_least", "of"})  # a requirement without time keys
_SLUGS = re.compile(r"[A-Za-z0-9._/-]+(?:\n[A-Za-z0-9._/-]+)*")

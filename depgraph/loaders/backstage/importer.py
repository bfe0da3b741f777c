"""From Backstage's entities to an inventory: pure, the entities in, the inventory and
the ``generated:`` block its file carries out (see ``docs/importers/backstage.md`` for
the mapping and its reasons).

Components, resources, systems, domains and APIs become components, ``<kind>/<name>``
(``<kind>/<namespace>/<name>`` outside the default namespace). What needs what:

- ``spec.dependsOn`` is a hard dependency, ``spec.dependencyOf`` the same read the
  other way;
- a consumer of an API needs the API, and the API needs the components that provide
  it (any of them when several do); an API the catalog does not hold is skipped over:
  its consumers need its providers directly;
- a whole needs its parts: a system its components, resources and APIs, a domain its
  systems and subdomains, a component its subcomponents;
- ``depgraph.io/runs-on`` and ``depgraph.io/any-of`` name ids of other layers.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping

from depgraph.core.durations import parse_duration
from depgraph.core.inventory import Draft, assemble
from depgraph.core.model import CRITICALITIES, Component, Requirement, Span
from depgraph.core.problems import InventoryError, Problem, did_you_mean
from depgraph.loaders.backstage.descriptors import Catalog
from depgraph.loaders.backstage.entities import Entity, Ref, entity_ref, parse_ref
from depgraph.loaders.backstage.types import KINDS, entity_type
from depgraph.loaders.imported import Finding, Imported, Previous, renames, short_source

__all__ = ["ANNOTATIONS", "BY", "Options", "component_id", "import_backstage"]

BY = "depgraph import backstage"
#: The kinds' names as Backstage writes them, for ``meta.source.type``.
KIND_NAMES = {"component": "Component", "resource": "Resource", "system": "System",
              "api": "API", "domain": "Domain"}
#: Kinds that are not components, and why they are left out.
NOT_COMPONENTS = {"user": "a person, not a component: owners name them (team, owner)",
                  "group": "a team, not a component: owners name them (team, owner)",
                  "template": "a template for new components, not a component"}
#: Relations that Backstage computes from the other side, written as spec fields (which
#: Backstage ignores): what to write instead.
RELATIONS = {"apiConsumedBy": "consumesApis on the consumer",
             "apiProvidedBy": "providesApis on the provider",
             "providesApi": "providesApis", "consumesApi": "consumesApis",
             "ownedBy": "owner", "ownerOf": "owner on what it owns",
             "partOf": "system, domain or subcomponentOf", "hasPart": "system on each part",
             "hasSubcomponent": "subcomponentOf on the subcomponent",
             "childOf": "parent", "parentOf": "parent on the child",
             "memberOf": "memberOf on the User", "hasMember": "memberOf on each User"}
#: The depgraph.io/ annotations the import reads.
ANNOTATIONS = ("runs-on", "any-of", "criticality", "rto", "renamed-from")
_ID = re.compile(r"[A-Za-z0-9._/-]+")
#: Field → the kind a reference without one means (None: it must say).
_DEFAULT_KIND = {"dependsOn": None, "dependencyOf": None, "providesApis": "api",
                 "consumesApis": "api", "system": "system", "domain": "domain",
                 "subdomainOf": "domain", "subcomponentOf": "component", "owner": "group"}


@dataclass(frozen=True)
class Options:
    """What the import is asked: a types file's table (``--types``), over the built-in."""

    types: Mapping[str, str | None] = field(default_factory=lambda: MappingProxyType({}))


def component_id(ref: Ref) -> str:
    """The id an entity's component has: ``component/artist-lookup``, or with the
    namespace when it is not ``default``: ``component/media/artist-lookup``."""
    return f"{ref.kind}/{ref.short}"


def import_backstage(catalog: Catalog, options: Options = Options(),
                     previous: Previous | None = None) -> Imported:
    """The inventory the catalog's entities describe, and the import's findings; raises
    :class:`InventoryError` with every problem of the entities (two with one reference,
    a field of the wrong shape, a bad annotation), nothing imported.

    Deterministic: the same entities give the same inventory, in any order.
    """
    previous = previous or Previous()
    mapper = _Mapper(catalog, options)
    components = mapper.run()
    if mapper.problems:
        raise InventoryError(mapper.problems)
    source = catalog.source
    draft = Draft(source, tuple((c, ()) for c in components), (),
                  metadata=(("name", f"Backstage catalog {short_source(source)}"),))
    inventory = assemble([draft])
    findings = tuple(sorted(set(catalog.findings) | set(mapper.findings)))
    return Imported(BY, inventory, findings, tuple(sorted(mapper.left_out)),
                    renames(inventory, mapper.previous(previous)), source)


def _url(entity: Entity) -> str:
    """Where to see an entity, as the generated file says it: its URL for one read from
    the API, its file for a descriptor (not its line, which moves when the file is
    edited above it)."""
    return entity.url or entity.where().file


class _Mapper:
    def __init__(self, catalog: Catalog, options: Options):
        self.options = options
        self.problems: list[Problem] = []
        self.findings: list[Finding] = []
        self.left_out: list[tuple[str, str, str]] = []
        self.entities: dict[Ref, Entity] = {}
        self.types: dict[Ref, str] = {}  # the entities imported, and their types
        self.needs: dict[Ref, dict[str, Requirement]] = defaultdict(dict)
        self.providers: dict[Ref, list[Ref]] = defaultdict(list)
        self.consumers: list[tuple[Ref, Ref, Span]] = []
        self.renamed: dict[Ref, Ref] = {}  # depgraph.io/renamed-from: old ref -> this
        self.index(catalog.entities)

    # -- the entities, and what becomes a component ------------------------------
    def index(self, entities: tuple[Entity, ...]) -> None:
        first: dict[Ref, Entity] = {}
        for entity in sorted(entities, key=lambda e: (entity_ref(e), e.where(), e.url)):
            ref = entity_ref(entity)
            if ref.kind == "location":
                continue
            if ref in first:
                self.problems.append(Problem(entity.where(), f"two entities with one "
                                             f"reference, {ref}", hint="the first at "
                                             f"{first[ref].where()}; Backstage keeps only one"))
                continue
            first[ref] = entity
        unknown_types: dict[tuple[str, str], Span] = {}
        unknown_kinds: dict[str, Span] = {}
        for ref, entity in first.items():
            self.entities[ref] = entity
            if ref.kind not in KINDS:
                why = NOT_COMPONENTS.get(ref.kind)
                if why is None:
                    why = f"kind {entity.data['kind']} is not one the import knows"
                    unknown_kinds.setdefault(ref.kind, entity.where())
                self.left_out.append((component_id(ref), why, _url(entity)))
                continue
            spec = entity.data.get("spec")
            spec_type = spec.get("type") if isinstance(spec, dict) else None
            spec_type = spec_type if isinstance(spec_type, str) else ""
            kind_type, known = entity_type(ref.kind, spec_type, self.options.types)
            if not known:
                unknown_types.setdefault((ref.kind, spec_type), entity.where())
            if kind_type is None:
                self.left_out.append((component_id(ref), "passive in the types file",
                                      _url(entity)))
                continue
            self.types[ref] = kind_type
        for (kind, spec_type), span in unknown_types.items():
            self.findings.append(Finding.located(
                span,
                f"{kind} type '{spec_type}' is not one the "
                f"import knows: its entities are {KINDS[kind]} (a "
                "types file says otherwise)"))
        for kind, span in unknown_kinds.items():
            self.findings.append(Finding.located(
                span,
                f"kind '{kind}' is not one the import knows: "
                "its entities are left out"))

    def run(self) -> list[Component]:
        details = {ref: self.relations(ref, self.entities[ref]) for ref in self.types}
        self.apis()
        return [self.component(ref, details[ref]) for ref in self.types]

    # -- relations ---------------------------------------------------------------
    def need(self, whole: Ref, part: str, requirement: Requirement | None = None) -> None:
        needs = self.needs[whole]
        needs.setdefault(f"0 {part}" if requirement is None else f"1 {part}",
                         requirement or Requirement("hard", (part,)))

    def ref(self, entity: Entity, ref: Ref, value: Any, path: tuple, field_name: str
            ) -> Ref | None:
        """The reference ``value`` (at ``path``) names; a problem if it names none."""
        if not isinstance(value, str):
            self.problems.append(Problem(entity.where(*path), f"spec.{field_name}: an entity "
                                         f"reference is a string, got {value!r:.40}"))
            return None
        target, why = parse_ref(value, _DEFAULT_KIND[field_name], ref.namespace)
        if target is None:
            self.problems.append(Problem(entity.where(*path), f"spec.{field_name}: {why}"))
        return target

    def known(self, entity: Entity, ref: Ref, target: Ref, path: tuple, field_name: str
              ) -> bool:
        """Whether ``target`` is imported; a finding if the catalog does not hold it."""
        if target == ref:
            self.findings.append(Finding.located(
                entity.where(*path),
                f"spec.{field_name} of "
                f"{ref} names itself: skipped"))
            return False
        if target not in self.entities:
            self.findings.append(Finding.located(
                entity.where(*path),
                f"spec.{field_name} of "
                f"{ref} names {target}, which is not in the catalog"
                + self.skipped_api(target, field_name)))
            return False
        return target in self.types

    def skipped_api(self, api: Ref, field_name: str) -> str:
        if field_name != "consumesApis":
            return ""
        providers = sorted(component_id(p) for p in self.providers.get(api, ()))
        return (f": needs its providers, {', '.join(providers)}" if providers
                else ": nothing in the catalog provides it either")

    def relations(self, ref: Ref, entity: Entity) -> dict[str, Any]:
        spec = entity.data.get("spec", {})
        if not isinstance(spec, dict):
            self.problems.append(Problem(entity.where("spec"), "spec: expected a mapping"))
            return {}
        for name, instead in RELATIONS.items():
            if name in spec:
                self.findings.append(Finding.located(
                    entity.key_where("spec", name),
                    f"spec.{name}"
                    f" of {ref} is a relation Backstage computes, not "
                    f"a spec field: ignored; write {instead}"))
        details: dict[str, Any] = {}
        for name in ("system", "domain", "subdomainOf", "subcomponentOf", "owner"):
            if spec.get(name) is None:
                continue
            target = self.ref(entity, ref, spec[name], ("spec", name), name)
            if target is None:
                continue
            details[name] = target
            if name == "owner":
                continue
            if self.known(entity, ref, target, ("spec", name), name):
                self.need(target, component_id(ref))
        for name in ("dependsOn", "dependencyOf", "providesApis", "consumesApis"):
            for position, target in self.listed(entity, ref, spec, name):
                path = ("spec", name, position)
                if name == "providesApis":
                    self.providers[target].append(ref)
                    if target not in self.entities:
                        self.known(entity, ref, target, path, name)
                elif name == "consumesApis":
                    self.consumers.append((ref, target, entity.where(*path)))
                elif self.known(entity, ref, target, path, name):
                    if name == "dependsOn":
                        self.need(ref, component_id(target))
                    else:
                        self.need(target, component_id(ref))
        return details

    def listed(self, entity: Entity, ref: Ref, spec: dict, name: str):
        values = spec.get(name)
        if values is None:
            return
        if not isinstance(values, list):
            self.problems.append(Problem(entity.where("spec", name), f"spec.{name}: expected "
                                         "a list of entity references"))
            return
        for position, value in enumerate(values):
            target = self.ref(entity, ref, value, ("spec", name, position), name)
            if target is not None:
                yield position, target

    def apis(self) -> None:
        for api, providers in self.providers.items():
            members = tuple(sorted({component_id(p) for p in providers if p in self.types}))
            if api in self.types and members:
                self.need(api, members[0], None if len(members) == 1
                          else Requirement("any", members))
        for api in sorted(ref for ref in self.types if ref.kind == "api"):
            if api not in self.providers:
                self.findings.append(Finding.located(
                    self.entities[api].where(),
                    f"{api}: no component "
                    "in the catalog provides it (providesApis)"))
        for consumer, api, span in self.consumers:
            if api in self.types:
                self.need(consumer, component_id(api))
            elif api not in self.entities:
                self.findings.append(Finding.located(
                    span,
                    f"spec.consumesApis of {consumer} "
                    f"names {api}, which is not in the catalog"
                    + self.skipped_api(api, "consumesApis")))
                members = tuple(sorted({component_id(p) for p in self.providers.get(api, ())
                                        if p in self.types and p != consumer}))
                if members:
                    self.need(consumer, members[0], None if len(members) == 1
                              else Requirement("any", members))

    # -- the component -----------------------------------------------------------
    def component(self, ref: Ref, details: dict[str, Any]) -> Component:
        entity = self.entities[ref]
        data, metadata = entity.data, entity.data["metadata"]
        spec = data.get("spec") if isinstance(data.get("spec"), dict) else {}
        values = self.annotations(ref, entity)
        found = list(self.needs.get(ref, {}).values()) + values.pop("depends_on", [])
        requirements = sorted(set(found), key=lambda r: (r.kind != "hard", r.members))
        meta: dict[str, Any] = {"source": {"system": "backstage", "type": KIND_NAMES[ref.kind],
                                           "id": str(ref), "url": _url(entity)}}
        tags = {tag for tag in metadata.get("tags") or () if isinstance(tag, str)} \
            if isinstance(metadata.get("tags"), list) else set()
        if isinstance(spec.get("type"), str):
            meta["spec_type"] = spec["type"]
        if isinstance(spec.get("lifecycle"), str):
            meta["lifecycle"] = spec["lifecycle"]
            tags.add(f"lifecycle:{spec['lifecycle']}")
        for name, key in (("system", "system"), ("domain", "domain"),
                          ("subcomponentOf", "subcomponent_of"), ("subdomainOf", "subdomain_of")):
            if name in details:
                meta[key] = str(details[name])
                if name in ("system", "domain"):
                    tags.add(f"{name}:{details[name].short}")
        owner = details["owner"].short if "owner" in details else None
        title = metadata.get("title")
        description = metadata.get("description")
        return Component(component_id(ref), self.types[ref],
                         title if isinstance(title, str) else metadata["name"], None, None,
                         tuple(requirements), values.get("criticality", "medium"), 0, owner,
                         values.get("rto"), tuple(sorted(tags)), owner,
                         description if isinstance(description, str) else None, meta)

    def annotations(self, ref: Ref, entity: Entity) -> dict[str, Any]:
        annotations = entity.data["metadata"].get("annotations")
        if not isinstance(annotations, dict):
            return {}
        values: dict[str, Any] = {}
        for key in sorted(annotations):
            if not key.startswith("depgraph.io/"):
                continue
            name, value = key[len("depgraph.io/"):], annotations[key]
            at = entity.where("metadata", "annotations", key)
            if name not in ANNOTATIONS:
                self.findings.append(Finding.located(
                    entity.key_where("metadata", "annotations", key),
                    f"annotation {key} of {ref} is not one the import "
                    "reads: ignored" + _hint(name, ANNOTATIONS)))
                continue
            if not isinstance(value, str):
                self.problems.append(Problem(at, f"annotation {key}: expected a string, got "
                                             f"{value!r:.40}"))
                continue
            self.annotation(ref, name, value.strip(), at, values)
        return values

    def annotation(self, ref: Ref, name: str, value: str, at: Span,
                   values: dict[str, Any]) -> None:
        key = f"depgraph.io/{name}"
        if name == "criticality":
            if value in CRITICALITIES:
                values["criticality"] = value
            else:
                self.problems.append(Problem(at, f"unknown criticality '{value}'", key,
                                             did_you_mean(value, CRITICALITIES)
                                             or f"expected one of: {', '.join(CRITICALITIES)}"))
        elif name == "rto":
            try:
                values["rto"] = parse_duration(value)
            except ValueError as error:
                self.problems.append(Problem(at, f"invalid duration: {error}", key))
        elif name == "renamed-from":
            old, why = parse_ref(value, ref.kind, ref.namespace)
            if old is None:
                self.problems.append(Problem(at, f"{key}: {why}"))
            else:
                self.renamed[old] = ref
        else:
            ids = [part.strip() for part in value.split(",")]
            bad = [part for part in ids if not _ID.fullmatch(part)]
            if bad or not ids:
                self.problems.append(Problem(at, f"{key}: '{bad[0] if bad else value}' is not "
                                             "a component id", hint="a comma-separated list "
                                             "of ids: device/dm-akron-srv01, cluster/prod"))
                return
            members = tuple(sorted(set(ids)))
            found = values.setdefault("depends_on", [])
            if name == "runs-on" or len(members) == 1:
                found += [Requirement("hard", (member,)) for member in members]
            else:
                found.append(Requirement("any", members))

    def previous(self, previous: Previous) -> Previous:
        """``previous`` with each ``depgraph.io/renamed-from`` entity's old reference read
        as its new one, so that its id's change is reported as a rename."""
        if not self.renamed:
            return previous
        ids = dict(previous.ids)
        for old, new in self.renamed.items():
            key = (KIND_NAMES.get(old.kind, old.kind), str(old))
            if key in ids:
                ids.setdefault((KIND_NAMES[new.kind], str(new)), ids.pop(key))
        return Previous(ids, previous.renames)


def _hint(name: str, choices: tuple[str, ...]) -> str:
    hint = did_you_mean(name, choices)
    return f"; {hint}" if hint else ""

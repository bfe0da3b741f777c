"""Reading Backstage's catalog descriptor files (``catalog-info.yaml``): every entity
of every YAML document, and the files that ``Location`` entities name, followed
through their ``target``/``targets`` (relative to the Location's file, ``*`` globs as
Backstage reads them).

A file reached twice (given, and named by a Location) is read once; a Location that
leads back to a file whose Locations are still being followed is a loop, an error
that names the cycle. A target that names no file is a finding: the rest of the
catalog is still imported.
"""

from __future__ import annotations

import glob
import os
from dataclasses import dataclass
from pathlib import Path

from depgraph.core.model import Span
from depgraph.core.problems import InventoryError, Problem
from depgraph.loaders.backstage.entities import Entity, check_entity
from depgraph.loaders.imported import Finding
from depgraph.loaders.yaml_source import parse_yaml_documents, plain

__all__ = ["Catalog", "catalog_files", "read_descriptors"]


@dataclass(frozen=True)
class Catalog:
    """What a reader read: the entities (``Location`` ones included), what it found on
    the way (a target that names no file), and what it read (for the file's header)."""

    entities: tuple[Entity, ...]
    findings: tuple[Finding, ...] = ()
    source: str = ""


def catalog_files(paths: list[str]) -> list[str]:
    """The files the PATH arguments name: a file itself, a directory its ``*.yaml`` and
    ``*.yml`` files (not its subdirectories: Locations name those)."""
    files = []
    for path in paths:
        if os.path.isdir(path):
            files.extend(sorted(os.path.join(path, name) for name in os.listdir(path)
                                if name.endswith((".yaml", ".yml"))
                                and os.path.isfile(os.path.join(path, name))))
        else:
            files.append(path)
    return files


def read_descriptors(paths: list[str]) -> Catalog:
    """Every entity of the descriptor files ``paths`` name, Locations followed; raises
    :class:`InventoryError` with every problem (bad YAML, a document that is not an
    entity, a Location loop), nothing imported."""
    reader = _Reader()
    for file in catalog_files(paths):
        reader.read(file, Span(file))
    if reader.problems:
        raise InventoryError(reader.problems)
    return Catalog(tuple(reader.entities), tuple(sorted(set(reader.findings))),
                   ", ".join(sorted(set(paths))))


class _Reader:
    def __init__(self) -> None:
        self.entities: list[Entity] = []
        self.findings: list[Finding] = []
        self.problems: list[Problem] = []
        self.done: set[str] = set()
        self.open: list[tuple[str, str]] = []  # (real path, name as read), being followed

    def read(self, file: str, named_at: Span) -> None:
        real = os.path.realpath(file)
        chain = [real for real, _ in self.open]
        if real in chain:
            names = [name for _, name in self.open[chain.index(real):]] + [file]
            self.problems.append(Problem(named_at, "Location loop: " + " -> ".join(names),
                                 hint="a Location may not lead back to the file it is in"))
            return
        if real in self.done:
            return
        self.done.add(real)
        try:
            data = Path(file).read_bytes()
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start) + 1
            column = error.start - data.rfind(b"\n", 0, error.start)
            self.problems.append(Problem(Span(file, line, column), "not UTF-8 text: "
                                         f"{error.reason} (byte #x{data[error.start]:02x})"))
            return
        except OSError as error:
            self.problems.append(Problem(named_at if named_at.line else Span(file),
                                         f"cannot read {file}: {error.strerror or error}"))
            return
        roots, problems = parse_yaml_documents(text, file)
        self.problems.extend(problems)
        if problems:
            return
        self.open.append((real, file))
        for root in roots:
            entity = Entity(plain(root), root=root)
            problems = check_entity(entity)
            self.problems.extend(problems)
            if problems:
                continue
            self.entities.append(entity)
            if entity.data["kind"].lower() == "location":
                self.follow(entity, file)
        self.open.pop()

    def follow(self, location: Entity, file: str) -> None:
        spec = location.data.get("spec")
        spec = spec if isinstance(spec, dict) else {}
        targets: list[tuple[object, Span]] = []
        if "target" in spec:
            targets.append((spec["target"], location.where("spec", "target")))
        if "targets" in spec:
            if not isinstance(spec["targets"], list):
                self.problems.append(Problem(location.where("spec", "targets"),
                                             "spec.targets: expected a list of paths"))
            else:
                targets += [(target, location.where("spec", "targets", i))
                            for i, target in enumerate(spec["targets"])]
        ref = f"location:{location.data['metadata']['name']}"
        for target, at in targets:
            if not isinstance(target, str) or not target:
                self.problems.append(Problem(at, "a Location target is a path, got "
                                             f"{target!r:.40}"))
            elif "://" in target:
                self.findings.append(Finding.located(
                    at,
                    f"Location target {target} is a URL, "
                    f"not read ({ref}): give the file, or import "
                    "from the backend with --url"))
            else:
                self.target(target, file, at, ref)

    def target(self, target: str, file: str, at: Span, ref: str) -> None:
        path = os.path.normpath(os.path.join(os.path.dirname(file), target))
        found = sorted(glob.glob(path)) if glob.has_magic(path) else (
            [path] if os.path.isfile(path) else [])
        if not found:
            self.findings.append(Finding.located(
                at,
                f"Location target {target} names no file "
                f"({ref}): what it would add is not imported"))
        for name in found:
            if os.path.isfile(name):
                self.read(name, at)

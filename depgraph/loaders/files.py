"""Find inventory files, read them as UTF-8, and load them into one inventory."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterable

from depgraph.core.inventory import Draft, assemble
from depgraph.core.model import Inventory, Span
from depgraph.core.problems import InventoryError, Problem
from depgraph.loaders.fast_yaml import FastDraft, read_fast
from depgraph.loaders.schema import read_draft
from depgraph.loaders.yaml_source import parse_yaml

__all__ = ["MAX_FILE_BYTES", "load_inventory", "inventory_files", "read_file"]

SUFFIXES = (".yaml", ".yml")

#: The largest inventory file read (a million components take 127 MB): reading
#: costs memory linear in the file, up to about 130 bytes per byte on the reference
#: path for a file made of one long flow list of one-digit numbers (60 on the fast
#: path; a generated estate takes about 30), so that a bound on the file is a
#: bound on the memory. A directory of files has no bound.
MAX_FILE_BYTES = 256 * 1024 * 1024


def load_inventory(*paths: str | os.PathLike[str],
                   progress: Callable[[int, int], None] | None = None) -> Inventory:
    """Load one file, several files or directories of files into one inventory.

    Raises :class:`depgraph.InventoryError` listing every problem of every file.
    ``progress``, if given, is called now and then with the bytes read so far and
    the total (for a progress bar).

    >>> inventory = load_inventory("inventories/webshop.yaml")
    >>> inventory["checkout"].criticality
    'critical'
    """
    files, problems = inventory_files(paths)
    if progress is None:
        drafts = [read_file(path) for path in files]
    else:
        drafts = _read_with_progress(files, progress)
    if problems:
        drafts.append(Draft("", problems=tuple(problems), complete=False))
    fast = [draft for draft in drafts if isinstance(draft, FastDraft)]
    try:
        inventory = assemble(drafts)
    except InventoryError:
        if not fast:
            raise
    else:
        if all(_resolved(draft, inventory) for draft in fast):
            return inventory
    # The fast path keeps no place for references: read those files again the
    # reference way, so that every message is exactly the reference path's.
    return assemble([read_file(draft.file, fast=False) if isinstance(draft, FastDraft) else draft
                     for draft in drafts])


def _resolved(draft: FastDraft, inventory: Inventory) -> bool:
    """Whether every reference of a fast draft resolves (set operations, no loop)."""
    return (inventory.components.keys() >= set(draft.component_refs)
            and inventory.providers.keys() >= set(draft.provider_refs))


def inventory_files(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[str], list[Problem]]:
    """Expand directories (recursively, ``*.yaml`` and ``*.yml``, sorted); drop repeats:
    a file named twice, or reached again through a symbolic or a hard link (the same
    device and inode), is read once, under the first of its names in sorted order
    (whatever the order of the arguments)."""
    found: dict[object, str] = {}
    problems: list[Problem] = []
    paths = list(paths)
    if not paths:
        problems.append(Problem(Span("<arguments>"), "no inventory given",
                                hint="name a file or a directory"))
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            inside = sorted(p for p in path.rglob("*")
                            if p.suffix.lower() in SUFFIXES and p.is_file())
            if not inside:
                problems.append(Problem(Span(str(raw)), "directory holds no inventory files",
                                        hint="inventory files end in .yaml or .yml"))
            for file in inside:
                _keep(found, _identity(file), str(file))
        elif path.is_file():
            _keep(found, _identity(path), str(raw))
        elif path.exists():
            problems.append(Problem(Span(str(raw)), "not a regular file or a directory"))
        else:
            problems.append(Problem(Span(str(raw)), "no such file or directory"))
    return sorted(found.values()), problems


def _keep(found: dict[object, str], identity: object, name: str) -> None:
    if identity not in found or name < found[identity]:
        found[identity] = name


def _identity(path: Path) -> object:
    """What makes two names one file: its device and inode (hard links share them)."""
    try:
        status = os.stat(path)
    except OSError:
        return os.path.realpath(path)
    return (status.st_dev, status.st_ino)


def _read_with_progress(files: list[str], progress: Callable[[int, int], None]) -> list[Draft]:
    sizes = [os.path.getsize(path) for path in files]
    total, done, drafts = sum(sizes), 0, []
    for path, size in zip(files, sizes):
        # Characters stand in for bytes: exact for ASCII, close enough for a bar.
        drafts.append(read_file(path, lambda read, done=done: progress(done + read, total)))
        done += size
        progress(done, total)
    return drafts


def read_file(path: str, progress: Callable[[int], None] | None = None, fast: bool = True
              ) -> Draft:
    """Read, decode, parse and check one file on its own.

    With ``fast`` (and the ``fast`` extra installed), :mod:`depgraph.loaders.fast_yaml`
    reads the file when it can prove its answer is the reference path's.
    """
    try:
        size = os.path.getsize(path)
        if size > MAX_FILE_BYTES:
            return Draft(path, problems=(Problem(
                Span(path, 1, 1), f"file too large: {size:,} bytes, more than the "
                f"{MAX_FILE_BYTES:,} one inventory file may hold",
                hint="split it into several files of a directory (an inventory may be "
                     "a directory of files)"),), complete=False)
        data = Path(path).read_bytes()
    except OSError as err:
        return Draft(path, problems=(Problem(Span(path), f"cannot read: {err.strerror}"),),
                     complete=False)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        column = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        problem = Problem(Span(path, line, column),
                          f"not UTF-8: byte 0x{data[err.start]:02x} cannot be decoded",
                          hint="save the file as UTF-8")
        return Draft(path, problems=(problem,), complete=False)
    if fast:
        draft = read_fast(text, path, lambda: parse_yaml(text, path)[0], progress)
        if draft is not None:
            return draft
    tree, problems = parse_yaml(text, path, progress)
    return read_draft(tree, path, problems)


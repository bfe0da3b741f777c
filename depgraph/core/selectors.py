"""Selectors: which components a scenario fails.

A selector is a component id, or ``key:value`` filters joined by commas, all of
which must hold: ``provider:hostco,type:power``. Values may use shell-style
wildcards (``id:h0*-lan``). ``located_in`` matches everything inside a location,
at any depth (a server in a rack in a datacenter is in the datacenter).
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from operator import attrgetter
from typing import Callable, Iterable

from depgraph.core.model import COMPONENT_TYPES, CRITICALITIES, Component, Inventory
from depgraph.core.problems import SelectorError, did_you_mean
from depgraph.core.topology import locations_of

__all__ = ["SELECTOR_KEYS", "Selector", "component_hint", "components_named", "parse_selector",
           "select", "select_all", "selector_values"]

#: The filter keys a selector understands.
SELECTOR_KEYS = ("id", "name", "type", "provider", "located_in", "tag", "criticality",
                 "team", "owner")


@dataclass(frozen=True, slots=True)
class Selector:
    """A parsed selector: ``(key, pattern)`` filters that must all hold."""

    text: str
    filters: tuple[tuple[str, str], ...]


def parse_selector(text: str) -> Selector:
    """Parse ``id`` or ``key:value[,key:value...]``.

    >>> parse_selector("provider:hostco,type:power").filters
    (('provider', 'hostco'), ('type', 'power'))
    >>> parse_selector("db-dpi").filters
    (('id', 'db-dpi'),)
    """
    filters = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            raise SelectorError(f"selector '{text}' has an empty filter; "
                                "join filters with single commas: provider:hostco,type:power")
        key, colon, value = part.partition(":")
        if not colon:
            key, value = "id", part
        key, value = key.strip(), value.strip()
        if key not in SELECTOR_KEYS:
            hint = did_you_mean(key, SELECTOR_KEYS) or f"keys: {', '.join(SELECTOR_KEYS)}"
            raise SelectorError(f"unknown selector key '{key}' in '{text}'; {hint}")
        if not value:
            raise SelectorError(f"selector '{text}': '{key}:' needs a value")
        filters.append((key, value))
    return Selector(text, tuple(filters))


def _values(inventory: Inventory, component: Component, key: str) -> list[str]:
    """The values of ``component`` that ``key`` matches (none for an unset field)."""
    if key in _FIELDS:
        value = _FIELDS[key](component)
        return [value] if value or key not in _OPTIONAL else []
    if key == "located_in":
        return list(locations_of(inventory, component.id))
    return list(component.tags)  # "tag"


_FIELDS = {key: attrgetter(key) for key in
           ("id", "name", "type", "provider", "criticality", "team", "owner")}
_OPTIONAL = ("provider", "team", "owner")  # unset: no value to match


def _wild(pattern: str) -> bool:
    """Whether a pattern has a shell wildcard (without one, matching is equality)."""
    return any(char in pattern for char in "*?[")


def _test(inventory: Inventory, key: str, pattern: str) -> Callable[[Component], bool]:
    """Whether a component's ``key`` matches ``pattern``: :func:`_values` and
    ``fnmatchcase``, with equality where the pattern has no wildcard (the same answer,
    without building the values of every component)."""
    if key in _FIELDS and not _wild(pattern):
        get = _FIELDS[key]
        return lambda c: get(c) == pattern
    if key == "tag" and not _wild(pattern):
        return lambda c: pattern in c.tags
    if key == "located_in" and not _wild(pattern):
        inside = {ident for ident in inventory.components
                  if pattern in locations_of(inventory, ident)}
        return lambda c: c.id in inside
    return lambda c: any(fnmatch.fnmatchcase(v, pattern) for v in _values(inventory, c, key))


def _known(inventory: Inventory, key: str) -> Iterable[str] | None:
    """The values a key can take, where the inventory or the schema fixes them."""
    if key == "type":
        return COMPONENT_TYPES
    if key == "criticality":
        return CRITICALITIES
    if key == "provider":
        return inventory.providers
    if key in ("id", "located_in"):
        return inventory.components
    return None


def selector_values(inventory: Inventory, key: str) -> list[str]:
    """Every value that ``key`` takes in the inventory, sorted (for shell completion).

    >>> from depgraph import load_inventory
    >>> selector_values(load_inventory("inventories/webshop.yaml"), "provider")
    ['cloudy', 'dnsco', 'payco']
    """
    known = _known(inventory, key)
    if known is not None and key != "located_in":
        return sorted(known)
    return sorted({value for component in inventory.components.values()
                   for value in _values(inventory, component, key)})


#: What else a word meant as a component id may name: (selector key, what it is).
_OTHER_KINDS = (("provider", "a provider"), ("type", "a component type"),
                ("criticality", "a criticality"), ("tag", "a tag"), ("team", "a team"),
                ("owner", "an owner"))


def component_hint(inventory: Inventory, ident: str) -> str:
    """The hint for ``ident``, which is not a component id: what it names, or the closest id.

    A provider, a type, a criticality, a tag, a team or an owner gets the selector
    that names its components; then comes a component id that differs only in
    case, one of those other values that differs only in case, and the closest
    id. ``""`` when nothing is near.

    >>> from depgraph import load_inventory
    >>> shop = load_inventory("inventories/webshop.yaml")
    >>> component_hint(shop, "cloudy")
    "'cloudy' is a provider: did you mean 'provider:cloudy'?"
    >>> component_hint(shop, "ZONE-A")
    "did you mean 'zone-a'?"
    >>> component_hint(shop, "PayCo")
    "'payco' is a provider: did you mean 'provider:payco'?"
    >>> component_hint(shop, "zonea")
    "did you mean 'zone-a'?"
    """
    others = [(key, what, selector_values(inventory, key)) for key, what in _OTHER_KINDS]
    folded = ident.casefold()
    same_case = sorted(c for c in inventory.components if c.casefold() == folded)
    return (_named(others, lambda value: value == ident)
            or (f"did you mean '{same_case[0]}'?" if same_case else "")
            or _named(others, lambda value: value.casefold() == folded)
            or did_you_mean(ident, inventory.components))


def _named(others: list[tuple[str, str, list[str]]], matches: Callable[[str], bool]) -> str:
    for key, what, values in others:
        for value in values:
            if matches(value):
                return f"'{value}' is {what}: did you mean '{key}:{value}'?"
    return ""


def select(inventory: Inventory, selector: Selector | str) -> tuple[str, ...]:
    """The ids (sorted) that a selector matches; an error if it matches none.

    >>> from depgraph import load_inventory
    >>> shop = load_inventory("inventories/webshop.yaml")
    >>> select(shop, "located_in:zone-b,type:database")
    ('cache-b', 'db-2')
    """
    if isinstance(selector, str):
        selector = parse_selector(selector)
    for key, pattern in selector.filters:
        known = _known(inventory, key)
        if known is not None and not (pattern in known if not _wild(pattern) else
                                      any(fnmatch.fnmatchcase(v, pattern) for v in known)):
            what = {"id": "component", "located_in": "component"}.get(key, key)
            hint = component_hint(inventory, pattern) if key == "id" else \
                did_you_mean(pattern, known)
            raise SelectorError(f"selector '{selector.text}': no {what} '{pattern}'"
                                + (f"; {hint}" if hint else ""))
    tests = [_test(inventory, key, pattern) for key, pattern in selector.filters]
    if len(tests) == 1 and selector.filters[0][0] == "id" and not _wild(selector.filters[0][1]):
        ident = selector.filters[0][1]  # one id: no scan
        matched: tuple[str, ...] = (ident,) if ident in inventory.components else ()
    else:
        matched = tuple(ident for ident, component in inventory.components.items()
                        if all(test(component) for test in tests))
    if not matched:
        raise SelectorError(f"selector '{selector.text}' matches no component")
    return matched


def select_all(inventory: Inventory, selectors: Iterable[Selector | str]) -> tuple[str, ...]:
    """The union of what several selectors match (each must match something)."""
    found: set[str] = set()
    for selector in selectors:
        found.update(select(inventory, selector))
    return tuple(sorted(found))


def components_named(inventory: Inventory, what: Selector | str | Iterable[str],
                     role: str = "component") -> tuple[str, ...]:
    """The component ids that ``what`` names, as every analysis of the API takes them:
    one selector (a string such as ``"provider:hostco,type:power"``, or a
    :class:`Selector`), or component ids (any other iterable of strings, in their order).

    An id that names no component raises :class:`SelectorError` with a suggestion;
    ``role`` says what the ids are for in that message (``target``, say).

    >>> from depgraph import load_inventory
    >>> shop = load_inventory("inventories/webshop.yaml")
    >>> components_named(shop, "located_in:zone-b,type:database")
    ('cache-b', 'db-2')
    >>> components_named(shop, ["db-2", "lb"])
    ('db-2', 'lb')
    >>> components_named(shop, ["db-9"])
    Traceback (most recent call last):
    ...
    depgraph.core.problems.SelectorError: no component 'db-9' in the inventory; did you mean 'db-3'?
    """
    if isinstance(what, (str, Selector)):
        return select(inventory, what)
    ids = tuple(what)
    known = inventory.components
    if len(ids) > 100 and all(map(str.__instancecheck__, ids)) and known.keys() >= set(ids):
        return ids  # many ids, all known: checked in C
    for ident in ids:
        if not isinstance(ident, str):
            raise TypeError(f"a {role} is named by its id (a string), not {ident!r}")
        if ident not in known:
            hint = component_hint(inventory, ident) or "check the id"
            raise SelectorError(f"no {role} '{ident}' in the inventory; {hint}")
    return ids

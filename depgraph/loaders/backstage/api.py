"""Reading the entities of a Backstage backend's catalog API: ``GET
/api/catalog/entities/by-query``, paged with its cursor (``pageInfo.nextCursor``), or,
on a backend older than that endpoint (a 404), ``GET /api/catalog/entities`` paged by
offset. TLS is verified (a private CA with ``ca_bundle``); the token is sent as a
bearer token and named by no message."""

from __future__ import annotations

import json
import ssl
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import quote, urlencode

from depgraph.core.problems import DepgraphError, InventoryError
from depgraph.loaders.backstage.descriptors import Catalog
from depgraph.loaders.backstage.entities import Entity, check_entity, entity_ref

__all__ = ["BackstageError", "catalog_base", "read_api"]

#: Entities asked for per request.
PAGE = 500
#: Requests at most, whatever the backend answers (a cursor that never ends).
_MAX_PAGES = 100_000


class BackstageError(DepgraphError):
    """The backend could not be read: unreachable, refused the token, not a catalog..."""


def catalog_base(url: str) -> str:
    """The catalog API under a backend's URL: ``URL/api/catalog`` (kept if given)."""
    base = url.rstrip("/")
    return base if base.endswith("/api/catalog") else f"{base}/api/catalog"


def read_api(url: str, token: str = "", *, ca_bundle: str | None = None,
             page: int = PAGE) -> Catalog:
    """Every entity of the catalog of the backend at ``url``."""
    base = catalog_base(url)
    reader = _Reader(base, token, ca_bundle)
    try:
        items = reader.by_query(page)
    except _NotFound:
        try:
            items = reader.by_offset(page)
        except _NotFound:
            raise BackstageError(f"cannot read {base}: api/catalog/entities: not found (404): "
                                 "is this the address of a Backstage backend (its catalog "
                                 "under URL/api/catalog)?") from None
    entities, problems = [], []
    for item in items:
        entity = Entity(item, url="")
        found = check_entity(entity)
        if found:
            problems.extend(found)
            continue
        ref = entity_ref(entity)
        entities.append(Entity(item, url=f"{base}/entities/by-name/"
                               f"{quote(ref.kind)}/{quote(ref.namespace)}/{quote(ref.name)}"))
    if problems:
        raise InventoryError(problems)
    return Catalog(tuple(entities), (), base)


class _NotFound(Exception):
    pass


class _Reader:
    def __init__(self, base: str, token: str, ca_bundle: str | None):
        self.base, self.token = base, token
        try:
            self.context = ssl.create_default_context(cafile=ca_bundle)
        except (OSError, ssl.SSLError) as error:
            raise BackstageError(f"cannot read the CA bundle {ca_bundle}: {error}") from None

    def get(self, path: str, query: dict[str, Any]) -> Any:
        request = urllib.request.Request(f"{self.base}/{path}?{urlencode(query)}",
                                         headers={"Accept": "application/json"})
        if self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        asked = f"api/catalog/{path}"
        try:
            with urllib.request.urlopen(request, timeout=60, context=self.context) as answer:
                body = answer.read()
        except urllib.error.HTTPError as error:
            if error.code == 404:
                raise _NotFound() from None
            why = {401: "the token was refused (401)",
                   403: "the token may not read the catalog (403)"}.get(
                error.code, f"the server answered {error.code}")
            raise BackstageError(f"cannot read {self.base}: {asked}: {why}") from None
        except urllib.error.URLError as error:
            if isinstance(error.reason, ssl.SSLCertVerificationError):
                raise BackstageError(f"cannot read {self.base}: TLS certificate not verified; "
                                     "give the private CA with --ca-bundle") from None
            raise BackstageError(f"cannot read {self.base}: {self.hide(error.reason)}") from None
        except (OSError, ValueError) as error:
            raise BackstageError(f"cannot read {self.base}: {type(error).__name__}: "
                                 f"{self.hide(error)}") from None
        try:
            return json.loads(body)
        except (ValueError, RecursionError):
            raise BackstageError(f"cannot read {self.base}: {asked}: the answer is not JSON: "
                                 "is this the address of a Backstage backend?") from None

    def hide(self, error: object) -> str:
        text = str(error)
        return (text.replace(self.token, "<token>") if self.token else text)[:200]

    def by_query(self, page: int) -> list[Any]:
        items: list[Any] = []
        query: dict[str, Any] = {"limit": page}
        seen: set[str] = set()
        for _ in range(_MAX_PAGES):
            answer = self.get("entities/by-query", query)
            if not (isinstance(answer, dict) and isinstance(answer.get("items"), list)):
                raise BackstageError(f"cannot read {self.base}: api/catalog/entities/by-query: "
                                     "not a catalog's answer (no items)")
            items += answer["items"]
            cursor = (answer.get("pageInfo") or {}).get("nextCursor") \
                if isinstance(answer.get("pageInfo"), dict) else None
            if not cursor or not answer["items"]:
                return items
            if not isinstance(cursor, str) or cursor in seen:
                raise BackstageError(f"cannot read {self.base}: api/catalog/entities/by-query: "
                                     "the cursor leads back to a page already read")
            seen.add(cursor)
            query = {"cursor": cursor, "limit": page}
        raise BackstageError(f"cannot read {self.base}: more than {_MAX_PAGES} pages")

    def by_offset(self, page: int) -> list[Any]:
        items: list[Any] = []
        for number in range(_MAX_PAGES):
            answer = self.get("entities", {"offset": number * page, "limit": page})
            if not isinstance(answer, list):
                raise BackstageError(f"cannot read {self.base}: api/catalog/entities: not a "
                                     "catalog's answer (not a list of entities)")
            items += answer
            if len(answer) < page:
                return items
        raise BackstageError(f"cannot read {self.base}: more than {_MAX_PAGES} pages")

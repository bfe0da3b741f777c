"""Reading a live NetBox's REST API with pynetbox (the ``netbox`` extra), every list
paged, and saving what was read in the directory format ``--from`` reads."""

from __future__ import annotations

import json
from pathlib import Path

from depgraph.core.problems import DepgraphError
from depgraph.loaders.netbox.recorded import (ENDPOINTS, MINIMUM_VERSION, Responses,
                                              file_name)

__all__ = ["NetboxError", "read_api", "save"]

#: Objects asked for per request: NetBox's own maximum page size (MAX_PAGE_SIZE).
_PAGE = 1000


class NetboxError(DepgraphError):
    """NetBox could not be read: unreachable, refused the token, not a NetBox..."""


def read_api(url: str, token: str, *, ca_bundle: str | None = None,
             filters: dict[str, list[str]] | None = None) -> Responses:
    """Every object the import reads, from the NetBox at ``url``. The token is sent,
    never shown: no message names it."""
    try:
        import pynetbox
        import requests
    except ImportError:  # pragma: no cover - depends on the installation
        raise NetboxError("reading a live NetBox needs pynetbox: pip install "
                          "'depgraph[netbox]' (or import from saved responses with --from)") from None
    api = pynetbox.api(url.rstrip("/"), token=token)
    api.http_session.verify = ca_bundle or True
    asked = "api/status/"  # what was being read, for the messages
    try:
        status = api.status()
        version = str(status.get("netbox-version", "")) if isinstance(status, dict) else ""
        _check_version(version, url)
        objects = {}
        for endpoint in ENDPOINTS:
            app, name = endpoint.split("/")
            asked = f"api/{endpoint}/"
            endpoint_api = getattr(getattr(api, app), name.replace("-", "_"))
            wanted = _filters(endpoint, filters or {})
            records = (endpoint_api.filter(**wanted, limit=_PAGE) if wanted
                       else endpoint_api.all(limit=_PAGE))
            objects[endpoint] = tuple(dict(record) for record in records)
    except pynetbox.RequestError as error:
        status = error.req.status_code
        why = {401: "the token was refused (401)", 403: "the token may not read this (403)",
               404: "not found (404): is this the address of a NetBox 4 (its API under "
                    "URL/api/)?"}.get(status, f"the server answered {status}")
        raise NetboxError(f"cannot read {url}: {asked}: {why}") from None
    except (requests.exceptions.SSLError) as error:
        raise NetboxError(f"cannot read {url}: TLS certificate not verified; give the "
                          "private CA with --ca-bundle") from error
    except (pynetbox.ContentError, requests.exceptions.JSONDecodeError):
        raise NetboxError(f"cannot read {url}: the answer is not JSON: is this the address "
                          "of a NetBox (its API is under URL/api/)?") from None
    except (requests.exceptions.RequestException, ValueError) as error:
        raise NetboxError(f"cannot read {url}: {type(error).__name__}: "
                          f"{str(error).replace(token, '<token>')[:200]}") from None
    return Responses(version, objects, url)


def _check_version(version: str, url: str) -> None:
    parts = version.split(".")
    try:
        major, minor = int(parts[0]), int(parts[1])
    except (IndexError, ValueError):
        raise NetboxError(f"cannot read {url}: no NetBox version in its status") from None
    if (major, minor) < MINIMUM_VERSION:
        raise NetboxError(f"NetBox {version} at {url} is older than "
                          f"{'.'.join(map(str, MINIMUM_VERSION))}, whose API this reads")


#: Which endpoints each filter applies to (NetBox's own filter names).
_FILTERED = {"site": ("dcim/sites", "dcim/racks", "dcim/devices", "dcim/power-panels",
                      "dcim/locations"),
             "tenant": ("dcim/sites", "dcim/racks", "dcim/devices", "circuits/circuits",
                        "virtualization/virtual-machines"),
             "tag": ("dcim/sites", "dcim/racks", "dcim/devices", "circuits/circuits",
                     "virtualization/virtual-machines")}


def _filters(endpoint: str, filters: dict[str, list[str]]) -> dict[str, list[str]]:
    return {name: values for name, values in filters.items()
            if values and endpoint in _FILTERED.get(name, ())}


def save(responses: Responses, directory: str | Path) -> None:
    """Write ``responses`` as ``--from`` reads them: one page per endpoint."""
    root = Path(directory)
    root.mkdir(parents=True, exist_ok=True)
    (root / "status.json").write_text(json.dumps({"netbox-version": responses.version},
                                                 indent=2) + "\n", encoding="utf-8")
    for endpoint, objects in responses.objects.items():
        page = {"count": len(objects), "next": None, "previous": None,
                "results": list(objects)}
        (root / file_name(endpoint)).write_text(json.dumps(page, indent=2, sort_keys=True)
                                                + "\n", encoding="utf-8")

"""A loopback HTTP server that answers like a Kubernetes API server (lists, paged with
``continue`` tokens; 401, 403; a bearer token checked), and a kubeconfig naming it:
the live reader's code runs for real, with no cluster."""

from __future__ import annotations

import json
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

TOKEN = "loopback-token-not-a-secret"


def kubeconfig(directory: Path, server: str, context: str = "loopback") -> Path:
    path = directory / "kubeconfig"
    path.write_text(json.dumps({
        "apiVersion": "v1", "kind": "Config", "current-context": context,
        "clusters": [{"name": "c", "cluster": {"server": server}}],
        "users": [{"name": "u", "user": {"token": TOKEN}}],
        "contexts": [{"name": context, "context": {"cluster": "c", "user": "u"}}]}))
    return path


@contextmanager
def api_server(lists: dict[str, list[dict]], *, page: int = 2, status: dict | None = None):
    """Serve ``lists`` (API path → items) in pages of ``page``; ``status`` maps a path to
    the status it answers instead. Yields (server URL, the requests seen)."""
    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's name
            url = urlsplit(self.path)
            seen.append(self.path)
            query = parse_qs(url.query)
            if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                return self._answer(401, {"kind": "Status", "code": 401})
            if (status or {}).get(url.path):
                return self._answer(status[url.path], {"kind": "Status"})
            if url.path not in lists:
                return self._answer(404, {"kind": "Status", "code": 404})
            start = int(query.get("continue", ["0"])[0])
            limit = min(int(query.get("limit", ["500"])[0]), page)
            items = lists[url.path][start:start + limit]
            more = start + limit < len(lists[url.path])
            self._answer(200, {"kind": "List", "apiVersion": "v1", "items": items,
                               "metadata": {"continue": str(start + limit) if more else ""}})

        def _answer(self, code: int, body: dict) -> None:
            data = json.dumps(body).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):  # quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()

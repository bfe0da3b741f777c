"""Reading a Backstage backend's catalog API, against a small real HTTP server on
loopback answering in the API's shapes: by-query paged by its cursor, the older
offset-paged endpoint, and each way a source fails. The token is never shown."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.helpers import run

TOKEN = "s3cret-token-value"


def entity(kind, name, **spec):
    return {"apiVersion": "backstage.io/v1alpha1", "kind": kind,
            "metadata": {"name": name, "namespace": "default", "uid": f"uid-{name}",
                         "annotations": {"backstage.io/managed-by-location": "url:x"}},
            "spec": spec, "relations": []}


ENTITIES = [entity("Component", "web", type="website", dependsOn=["resource:db"],
                   owner="team-a"),
            entity("Resource", "db", type="database", owner="team-a"),
            entity("Group", "team-a", type="team"),
            entity("Component", "worker", type="service", dependsOn=["resource:db"]),
            entity("System", "shop", owner="team-a")]


class Backstage(BaseHTTPRequestHandler):
    """A catalog: ``mode`` says how it answers (set on the server)."""

    def log_message(self, *args):  # quiet
        pass

    def answer(self, status, body, content_type="application/json"):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        mode = self.server.mode
        url = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        self.server.asked.append(self.path)
        if self.headers.get("Authorization") != f"Bearer {TOKEN}":
            return self.answer(401, {"error": {"name": "AuthenticationError"}})
        if mode == "html":
            return self.answer(200, b"<html>login</html>", "text/html")
        if url.path == "/api/catalog/entities/by-query" and mode == "cursor":
            start = int(query.get("cursor", "c0")[1:])
            limit = 2  # the server's own page size, whatever was asked
            page = ENTITIES[start:start + limit]
            info = {"nextCursor": f"c{start + limit}"} if start + limit < len(ENTITIES) else {}
            return self.answer(200, {"items": page, "totalItems": len(ENTITIES),
                                     "pageInfo": info})
        if url.path == "/api/catalog/entities" and mode == "offset":
            offset, limit = int(query["offset"]), int(query["limit"])
            return self.answer(200, ENTITIES[offset:offset + limit])
        return self.answer(404, {"error": {"name": "NotFoundError"}})


@pytest.fixture
def backstage():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Backstage)
    server.mode, server.asked = "cursor", []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def url(server):
    return f"http://127.0.0.1:{server.server_address[1]}"


def imported(server, tmp_path, monkeypatch, *args):
    monkeypatch.setenv("BACKSTAGE_TOKEN", TOKEN)
    out = tmp_path / "out.yaml"
    result = run("import", "backstage", "--url", url(server), *args, "-o", out)
    assert TOKEN not in result.stdout + result.stderr
    return result, out


def test_the_cursor_is_followed_to_the_last_page(backstage, tmp_path, monkeypatch):
    result, out = imported(backstage, tmp_path, monkeypatch)
    assert result.exit_code == 0, result.stderr
    assert backstage.asked == ["/api/catalog/entities/by-query?limit=500",
                               "/api/catalog/entities/by-query?cursor=c2&limit=500",
                               "/api/catalog/entities/by-query?cursor=c4&limit=500"]
    text = out.read_text()
    assert "imported 4 components, 0 providers; 0 findings, 1 entity left out" in result.stderr
    assert (f"url: {url(backstage)}/api/catalog/entities/by-name/component/default/web"
            in text)
    assert TOKEN not in text


def test_an_older_backend_is_read_by_offset(backstage, tmp_path, monkeypatch):
    backstage.mode = "offset"
    result, out = imported(backstage, tmp_path, monkeypatch)
    assert result.exit_code == 0, result.stderr
    assert backstage.asked[1:] == ["/api/catalog/entities?offset=0&limit=500"]
    backstage.mode, backstage.asked = "cursor", []
    cursor_out = out.read_text()
    result, out = imported(backstage, tmp_path, monkeypatch)
    assert out.read_text() == cursor_out  # the same catalog, the same bytes


def test_a_token_file_is_read(backstage, tmp_path, monkeypatch):
    (tmp_path / "token").write_text(TOKEN + "\n")
    monkeypatch.delenv("BACKSTAGE_TOKEN", raising=False)
    result = run("import", "backstage", "--url", url(backstage), "--token-file",
                 tmp_path / "token", "-o", tmp_path / "out.yaml")
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize("mode, token, message", [
    ("cursor", "wrong", "api/catalog/entities/by-query: the token was refused (401)"),
    ("none", TOKEN, "api/catalog/entities: not found (404): is this the address of a "
                    "Backstage backend"),
    ("html", TOKEN, "api/catalog/entities/by-query: the answer is not JSON"),
])
def test_a_failing_source_is_exit_2_and_nothing_written(backstage, tmp_path, monkeypatch,
                                                        mode, token, message):
    backstage.mode = mode
    monkeypatch.setenv("BACKSTAGE_TOKEN", token)
    result = run("import", "backstage", "--url", url(backstage), "-o", tmp_path / "out.yaml")
    assert result.exit_code == 2
    assert f"error: cannot read {url(backstage)}/api/catalog: {message}" in result.stderr
    assert token not in result.stdout + result.stderr
    assert not (tmp_path / "out.yaml").exists()


def test_nothing_listening_is_exit_2(tmp_path, monkeypatch):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Backstage)
    port = server.server_address[1]
    server.server_close()
    monkeypatch.setenv("BACKSTAGE_TOKEN", TOKEN)
    result = run("import", "backstage", "--url", f"http://127.0.0.1:{port}",
                 "-o", tmp_path / "out.yaml")
    assert result.exit_code == 2 and "error: cannot read" in result.stderr
    assert TOKEN not in result.stderr
    assert not (tmp_path / "out.yaml").exists()

"""The live NetBox answers as the recorded responses say it did."""

from __future__ import annotations

import functools
import http.server
import json
import threading
import urllib.request

import pytest

from tests.scram import DATASETS

RECORDED = DATASETS / "netbox-api-4.2"


def get(netbox, path: str) -> dict:
    request = urllib.request.Request(f"{netbox.url}/api/{path}",
                                     headers={"Authorization": f"Token {netbox.token}",
                                              "Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.load(answer)


def test_the_live_netbox_holds_the_recorded_demo_estate(netbox):
    for endpoint in ("dcim/sites", "dcim/racks", "dcim/devices", "dcim/power-feeds",
                     "dcim/power-ports", "dcim/cables", "circuits/circuits",
                     "virtualization/virtual-machines"):
        recorded = json.loads((RECORDED / f"{endpoint.replace('/', '__')}.json").read_text())
        live = get(netbox, f"{endpoint}/?limit=1000")
        assert live["count"] == recorded["count"], endpoint
        assert sorted(o["id"] for o in live["results"]) == \
            sorted(o["id"] for o in recorded["results"]), endpoint
    assert get(netbox, "status/")["netbox-version"].startswith("4.2.9")


def test_the_live_import_is_the_offline_import_of_the_recorded_responses(netbox, tmp_path,
                                                                           monkeypatch):
    """Byte for byte, when the live NetBox serves from the recorded port (URLs alike)."""
    from tests.helpers import run
    from tests.netbox.live import RECORDED_PORT

    if not netbox.url.endswith(f":{RECORDED_PORT}"):
        import pytest
        pytest.skip(f"port {RECORDED_PORT} was taken: the URLs cannot match")
    monkeypatch.setenv("NETBOX_TOKEN", netbox.token)
    live, offline, saved = tmp_path / "live.yaml", tmp_path / "offline.yaml", tmp_path / "saved"
    result = run("import", "netbox", "--url", netbox.url, "--save", saved, "-o", live)
    assert result.exit_code == 0, result.output
    assert netbox.token not in result.output
    assert run("import", "netbox", "--from", RECORDED, "-o", offline).exit_code == 0
    assert live.read_bytes() == offline.read_bytes()  # the header names the same NetBox
    again = tmp_path / "again.yaml"
    assert run("import", "netbox", "--from", saved, "-o", again).exit_code == 0
    assert again.read_bytes() == live.read_bytes()


def test_a_wrong_token_is_a_clear_error_and_never_shown(netbox, tmp_path, monkeypatch):
    from tests.helpers import run

    monkeypatch.setenv("NETBOX_TOKEN", "0" * 40)
    out = tmp_path / "x.yaml"
    result = run("import", "netbox", "--url", netbox.url, "-o", out)
    assert result.exit_code == 2
    assert "token was refused (401)" in result.stderr or "403" in result.stderr, result.stderr
    assert "0" * 40 not in result.output and not out.exists()


def test_an_unreachable_netbox_is_a_clear_error(monkeypatch):
    from tests.helpers import run

    monkeypatch.setenv("NETBOX_TOKEN", "secret-token-value")
    result = run("import", "netbox", "--url", "http://127.0.0.1:9")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: cannot read http://127.0.0.1:9: ")
    assert "secret-token-value" not in result.output


def test_a_url_that_is_no_netbox_api_is_a_404_and_writes_nothing(netbox, tmp_path, monkeypatch):
    """NetBox itself answers 404 (an HTML page) under a wrong path."""
    from tests.helpers import run

    monkeypatch.setenv("NETBOX_TOKEN", netbox.token)
    out = tmp_path / "x.yaml"
    result = run("import", "netbox", "--url", f"{netbox.url}/nothing-here", "-o", out)
    assert result.exit_code == 2
    assert "(404)" in result.stderr and netbox.token not in result.output
    assert not out.exists()


@pytest.fixture
def web_server(tmp_path):
    """A plain web server (Python's own) serving ``tmp_path``: what a URL that is not
    a NetBox answers."""
    handler = functools.partial(_QuietHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield tmp_path, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _serve_status(root, body: str):
    status = root / "api" / "status"
    status.mkdir(parents=True)
    (status / "index.html").write_text(body)


def test_a_page_that_is_not_json_is_a_clear_error(web_server, tmp_path, monkeypatch):
    from tests.helpers import run

    root, url = web_server
    _serve_status(root, "<html><body>Welcome to our intranet</body></html>")
    monkeypatch.setenv("NETBOX_TOKEN", "secret-token-value")
    out = tmp_path / "out.yaml"
    result = run("import", "netbox", "--url", url, "-o", out)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: cannot read {url}: ")
    assert "not JSON" in result.stderr
    assert "secret-token-value" not in result.output and not out.exists()


def test_a_netbox_older_than_4_is_refused(web_server, tmp_path, monkeypatch):
    """What NetBox 3.7's /api/status/ answers, served as it is."""
    from tests.helpers import run

    root, url = web_server
    _serve_status(root, json.dumps({"netbox-version": "3.7.8", "python-version": "3.11.7"}))
    monkeypatch.setenv("NETBOX_TOKEN", "secret-token-value")
    out = tmp_path / "out.yaml"
    result = run("import", "netbox", "--url", url, "-o", out)
    assert result.exit_code == 2
    assert f"NetBox 3.7.8 at {url} is older than 4.0" in result.stderr
    assert not out.exists()

"""The live reader against a loopback API server: every kind listed, pages followed
with their ``continue`` tokens, each item's kind and API path; a refused token (401),
a forbidden list (403), a server that is not there; and the command end to end."""

from __future__ import annotations

import socket

import pytest

pytest.importorskip("kubernetes", reason="the kubernetes client (the 'kubernetes' extra) "
                    "is not installed")

from depgraph.loaders.kubernetes.api import KubernetesError, read_cluster  # noqa: E402
from tests.helpers import run  # noqa: E402
from tests.loaders.kubernetes.server import api_server, kubeconfig  # noqa: E402

EMPTY = {path: [] for path in (
    "/apis/apps/v1/deployments", "/apis/apps/v1/statefulsets", "/apis/apps/v1/daemonsets",
    "/api/v1/services", "/apis/policy/v1/poddisruptionbudgets",
    "/api/v1/persistentvolumeclaims", "/api/v1/nodes", "/api/v1/namespaces")}


def deployment(name: str, namespace: str = "shop", replicas: int = 2, **env) -> dict:
    return {"metadata": {"name": name, "namespace": namespace},
            "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": name}},
                     "template": {"metadata": {"labels": {"app": name}}, "spec": {
                         "containers": [{"name": name, "image": f"{name}:1", "env": [
                             {"name": k, "value": v} for k, v in env.items()]}]}}}}


def service(name: str, namespace: str = "shop") -> dict:
    return {"metadata": {"name": name, "namespace": namespace},
            "spec": {"selector": {"app": name}, "ports": [{"port": 80}]}}


def cluster() -> dict[str, list[dict]]:
    lists = dict(EMPTY)
    lists["/apis/apps/v1/deployments"] = [deployment(f"app{i}", CART_ADDR="cart:80")
                                          for i in range(5)] + [deployment("cart")]
    lists["/api/v1/services"] = [service("cart")]
    lists["/api/v1/nodes"] = [{"metadata": {"name": n, "labels": {
        "topology.kubernetes.io/zone": z}}} for n, z in (("n1", "a"), ("n2", "b"))]
    return lists


def test_every_page_is_read_and_each_item_is_an_object(tmp_path):
    with api_server(cluster(), page=2) as (url, seen):
        objects, server = read_cluster("loopback", str(kubeconfig(tmp_path, url)))
    assert server == url
    deployments = [m for m in objects if m.kind == "Deployment"]
    assert [m.name for m in deployments] == ["app0", "app1", "app2", "app3", "app4", "cart"]
    assert deployments[0].url == "/apis/apps/v1/namespaces/shop/deployments/app0"
    assert deployments[0].body["apiVersion"] == "apps/v1"
    assert [m.url for m in objects if m.kind == "Node"] == ["/api/v1/nodes/n1",
                                                            "/api/v1/nodes/n2"]
    pages = [p for p in seen if p.startswith("/apis/apps/v1/deployments")]
    assert pages == ["/apis/apps/v1/deployments?limit=500",
                     "/apis/apps/v1/deployments?limit=500&continue=2",
                     "/apis/apps/v1/deployments?limit=500&continue=4"]


def test_namespaces_are_listed_one_by_one(tmp_path):
    lists = dict(EMPTY)
    for kind in ("deployments", "statefulsets", "daemonsets"):
        lists[f"/apis/apps/v1/namespaces/shop/{kind}"] = []
    for kind in ("services", "persistentvolumeclaims"):
        lists[f"/api/v1/namespaces/shop/{kind}"] = []
    lists["/apis/policy/v1/namespaces/shop/poddisruptionbudgets"] = []
    lists["/apis/apps/v1/namespaces/shop/deployments"] = [deployment("web")]
    lists["/api/v1/namespaces"] = [{"metadata": {"name": "shop"}},
                                   {"metadata": {"name": "other"}}]
    with api_server(lists) as (url, seen):
        objects, _ = read_cluster("loopback", str(kubeconfig(tmp_path, url)), ("shop",))
    assert sorted((m.kind, m.key) for m in objects) == [("Deployment", "shop/web"),
                                                        ("Namespace", "shop")]
    assert not [p for p in seen if p.startswith("/apis/apps/v1/deployments")]


def test_the_command_imports_the_live_cluster(tmp_path):
    out = tmp_path / "k8s.yaml"
    with api_server(cluster(), page=3) as (url, _):
        config = kubeconfig(tmp_path, url)
        result = run("import", "kubernetes", "--context", "loopback", "--kubeconfig", config,
                     "-o", out)
    assert result.exit_code == 0, result.stderr
    text = out.read_text()
    assert f"source: context loopback ({url})" in text
    assert "url: /apis/apps/v1/namespaces/shop/deployments/app0" in text
    # 6 deployments of 2 replicas, the Service, 2 nodes; each replica on either node
    assert result.stderr.splitlines()[-1] == ("imported 21 components, 0 providers; "
                                              "0 findings, 0 objects left out")
    assert text.count("- any:\n    - k8s/node/n1\n    - k8s/node/n2") == 12
    assert TOKEN_NOT_SHOWN(result.stderr + text)


def TOKEN_NOT_SHOWN(text: str) -> bool:  # noqa: N802 - reads as the assertion it makes
    from tests.loaders.kubernetes.server import TOKEN

    return TOKEN not in text


@pytest.mark.parametrize("code, said", [
    (401, "the credentials were refused (401)"),
    (403, "the credentials may not list this (403)")])
def test_a_refusal_is_exit_2_and_nothing_written(tmp_path, code, said):
    out = tmp_path / "k8s.yaml"
    with api_server(cluster(), status={"/api/v1/services": code}) as (url, _):
        result = run("import", "kubernetes", "--context", "loopback", "--kubeconfig",
                     kubeconfig(tmp_path, url), "-o", out)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: cannot read {url}/api/v1/services: {said}")
    assert not out.exists()


def test_a_wrong_token_is_refused(tmp_path):
    config = tmp_path / "kubeconfig"
    with api_server(cluster()) as (url, _):
        kubeconfig(tmp_path, url)
        config.write_text(config.read_text().replace("loopback-token", "wrong-token"))
        with pytest.raises(KubernetesError, match=r"refused \(401\)"):
            read_cluster("loopback", str(config))


def test_an_unreachable_server_is_exit_2(tmp_path):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    out = tmp_path / "k8s.yaml"
    result = run("import", "kubernetes", "--context", "loopback", "--kubeconfig",
                 kubeconfig(tmp_path, f"http://127.0.0.1:{port}"), "-o", out)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: cannot read http://127.0.0.1:{port}/apis/apps/v1/"
                                    "deployments: unreachable")
    assert not out.exists()


def test_an_unknown_context_is_exit_2(tmp_path):
    with api_server(cluster()) as (url, _):
        result = run("import", "kubernetes", "--context", "nonesuch", "--kubeconfig",
                     kubeconfig(tmp_path, url))
    assert result.exit_code == 2
    assert result.stderr.startswith("error: cannot use context 'nonesuch'")

"""Backstage's own example catalog (packages/catalog-model/examples): what the import
makes of it, exactly, and that it makes the same of it however it is given."""

from __future__ import annotations

import shutil

import pytest
import yaml

from tests.helpers import run
from tests.scram import DATASETS

SAMPLE = DATASETS / "backstage" / "packages" / "catalog-model" / "examples"
needs_sample = pytest.mark.skipif(not SAMPLE.is_dir(),
                                  reason="shared/datasets is not beside this checkout")
LOCATIONS = ["examples/all-components.yaml", "examples/all-systems.yaml",
             "examples/all-resources.yaml"]

#: Read from the files: 2 Location targets that do not exist, a relation written as a
#: spec field, 2 APIs provided and 1 consumed that the sample does not hold, 3 systems
#: in domains it does not hold (owners name groups it does not hold: not references).
FINDINGS = [
    ("examples/all-components.yaml:9:7", "Location target ./components/petstore-component.yaml"
     " names no file (location:example-components): what it would add is not imported"),
    ("examples/all-components.yaml:16:7", "Location target ./components/shuffle-api-component"
     ".yaml names no file (location:example-components): what it would add is not imported"),
    ("examples/components/artist-lookup-component.yaml:40:3", "spec.apiConsumedBy of "
     "component:default/artist-lookup is a relation Backstage computes, not a spec field: "
     "ignored; write consumesApis on the consumer"),
    ("examples/components/wayback-archive-component.yaml:11:7", "spec.providesApis of "
     "component:default/wayback-archive names api:default/wayback-archive, which is not in "
     "the catalog"),
    ("examples/components/wayback-search-component.yaml:11:7", "spec.providesApis of "
     "component:default/wayback-search names api:default/wayback-search, which is not in "
     "the catalog"),
    ("examples/components/wayback-search-component.yaml:13:7", "spec.consumesApis of "
     "component:default/wayback-search names api:default/wayback-archive, which is not in "
     "the catalog: needs its providers, component/wayback-archive"),
    ("examples/systems/artist-engagement-portal-system.yaml:10:11", "spec.domain of "
     "system:default/artist-engagement-portal names domain:default/artists, which is not in "
     "the catalog"),
    ("examples/systems/audio-playback-system.yaml:8:11", "spec.domain of "
     "system:default/audio-playback names domain:default/playback, which is not in the "
     "catalog"),
    ("examples/systems/podcast-system.yaml:8:11", "spec.domain of system:default/podcast "
     "names domain:default/playback, which is not in the catalog"),
]
NEEDS = {
    "component/artist-lookup": ["needs resource/artists-db"],
    "component/wayback-archive": ["needs component/wayback-archive-ingestion",
                                  "needs component/wayback-archive-storage"],
    "component/wayback-search": ["needs component/wayback-archive"],
    "system/artist-engagement-portal": ["needs component/artist-lookup",
                                        "needs component/www-artist",
                                        "needs resource/artists-db"],
    "system/audio-playback": ["needs component/playback-sdk"],
    "system/podcast": ["needs component/podcast-api", "needs component/queue-proxy"],
}


@pytest.fixture
def sample(tmp_path, monkeypatch):
    """A copy of the sample, the working directory beside it (names as in FINDINGS)."""
    shutil.copytree(SAMPLE, tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def imported(*args) -> tuple[dict, str]:
    result = run("import", "backstage", *args)
    assert result.exit_code == 0, result.stderr
    with open(args[args.index("-o") + 1], encoding="utf-8") as stream:
        return yaml.safe_load(stream), result.stderr


@needs_sample
def test_the_sample_gives_15_components_10_requirements_and_9_findings(sample):
    data, stderr = imported(*LOCATIONS, "-o", "out.yaml")
    components = {c["id"]: c for c in data["components"]}
    assert len(components) == 15
    assert sorted(components) == [
        "component/artist-lookup", "component/playback-order", "component/playback-sdk",
        "component/podcast-api", "component/queue-proxy", "component/searcher",
        "component/wayback-archive", "component/wayback-archive-ingestion",
        "component/wayback-archive-storage", "component/wayback-search",
        "component/www-artist", "resource/artists-db", "system/artist-engagement-portal",
        "system/audio-playback", "system/podcast"]
    needs = {ident: [f"needs {d}" for d in c["depends_on"]]
             for ident, c in components.items() if c.get("depends_on")}
    assert needs == NEEDS
    assert sum(map(len, needs.values())) == 10
    # The generated file names each finding's file (its line moves when the file is edited
    # above it); stderr gives the line and column too.
    assert [(f["url"], f["message"]) for f in data["generated"]["findings"]] == sorted(
        (place.split(":")[0], message) for place, message in FINDINGS)
    assert [line for line in stderr.splitlines() if line.startswith("warning:")] == [
        f"warning: {message} ({place})" for place, message in sorted(
            FINDINGS, key=lambda f: (f[0].split(":")[0], f[1]))]
    assert "left_out" not in data["generated"]
    assert stderr.splitlines()[-1] == ("imported 15 components, 0 providers; 9 findings, "
                                       "0 entities left out")
    lookup = components["component/artist-lookup"]
    assert (lookup["type"], lookup["team"], lookup["owner"]) == ("application", "team-a",
                                                                 "team-a")
    assert lookup["meta"]["source"] == {
        "system": "backstage", "type": "Component", "id": "component:default/artist-lookup",
        "url": "examples/components/artist-lookup-component.yaml"}
    assert lookup["meta"]["lifecycle"] == "experimental"
    assert "lifecycle:experimental" in lookup["tags"]
    assert "system:artist-engagement-portal" in lookup["tags"]
    assert components["resource/artists-db"]["type"] == "database"
    assert components["system/podcast"]["type"] == "service"
    assert components["component/searcher"]["owner"] == "guest"  # user:guest


@needs_sample
def test_the_same_bytes_however_the_catalog_is_given(sample):
    imported(*LOCATIONS, "-o", "a.yaml")
    imported(*reversed(LOCATIONS), "-o", "b.yaml")
    text = (sample / "a.yaml").read_text()
    assert (sample / "b.yaml").read_text() == text
    again = imported(*LOCATIONS, "-o", "a.yaml")
    assert (sample / "a.yaml").read_text() == text and again
    # The same entities reached by other Locations, split otherwise: one Location for
    # all, and files given both directly and through it (read once).
    (sample / "examples" / "one.yaml").write_text(
        "apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata: {name: everything}\n"
        "spec:\n  targets: [./all-systems.yaml, ./all-resources.yaml, ./all-components.yaml]"
        "\n")
    data_a = yaml.safe_load(text)
    for args in (["examples/one.yaml"],
                 ["examples/components/www-artist-component.yaml", "examples/one.yaml"]):
        data, _ = imported(*args, "-o", "c.yaml")
        assert data["components"] == data_a["components"]
        assert data["generated"]["findings"] == data_a["generated"]["findings"]


@needs_sample
def test_a_reimport_keeps_the_ids_and_a_declared_rename_is_said(sample):
    before, _ = imported(*LOCATIONS, "-o", "out.yaml")
    path = sample / "examples" / "components" / "searcher-component.yaml"
    path.write_text(path.read_text().replace(
        "name: searcher\n", "name: finder\n  annotations:\n"
                            "    depgraph.io/renamed-from: searcher\n"))
    after, stderr = imported(*LOCATIONS, "-o", "out.yaml")
    ids = lambda data: {c["id"] for c in data["components"]}  # noqa: E731
    assert ids(after) == ids(before) - {"component/searcher"} | {"component/finder"}
    assert ("note: renamed at the source: component/searcher is now component/finder "
            "(examples/components/searcher-component.yaml)") in stderr
    assert after["generated"]["renamed"] == [
        {"from": "component/searcher", "to": "component/finder",
         "url": "examples/components/searcher-component.yaml"}]
    # A hand-written file naming the old id is told the new one.
    (sample / "mine.yaml").write_text("components:\n- id: web\n  type: service\n"
                                      "  depends_on: [component/searcher]\n")
    result = run("validate", "out.yaml", "mine.yaml")
    assert result.exit_code == 2
    assert "is 'component/finder' since the last import" in result.stdout + result.stderr, \
        result.output


@needs_sample
def test_a_directory_means_its_yaml_files(sample):
    data, _ = imported("examples", "-o", "out.yaml")
    assert len(data["components"]) == 15
    assert data["generated"]["source"] == "examples"

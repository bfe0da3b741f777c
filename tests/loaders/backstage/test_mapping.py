"""The mapping on small hand-written catalogs: references and their defaults,
namespaces, APIs and their providers, wholes and parts, the depgraph.io/ annotations,
types, and what is left out."""

from __future__ import annotations

from depgraph.loaders.backstage.descriptors import read_descriptors
from depgraph.loaders.backstage.entities import Ref, parse_ref
from depgraph.loaders.backstage.importer import Options, import_backstage


def entity(kind, name, spec=None, namespace=None, **metadata):
    lines = [f"apiVersion: backstage.io/v1alpha1\nkind: {kind}\nmetadata:\n  name: {name}"]
    if namespace:
        lines.append(f"  namespace: {namespace}")
    for key, value in metadata.items():
        lines.append(f"  {key}: {value}")
    if spec:
        lines.append(f"spec: {spec}")
    return "\n".join(lines) + "\n"


def catalog(tmp_path, *entities, options=None):
    path = tmp_path / "catalog-info.yaml"
    path.write_text("---\n".join(entities))
    return import_backstage(read_descriptors([str(path)]), options or Options())


def needs(result):
    return {c.id: [r.describe() for r in c.depends_on]
            for c in result.inventory.components.values() if c.depends_on}


def messages(result):
    return [f.message for f in result.findings]


def test_references_follow_backstages_defaults():
    assert parse_ref("API:Media/Wayback", "api") == (Ref("api", "media", "wayback"), "")
    assert parse_ref("db", "system")[0] == Ref("system", "default", "db")
    assert parse_ref("x y", "api")[0] is None
    assert "names no kind" in parse_ref("db", None)[1]


def test_depends_on_and_dependency_of_are_hard_dependencies(tmp_path):
    found = catalog(tmp_path,
                    entity("Component", "web", "{type: service, dependsOn: [Resource:DB]}"),
                    entity("Resource", "db", "{type: database}"),
                    entity("Resource", "cache", "{type: cache, dependencyOf: [component:web]}"))
    assert needs(found) == {"component/web": ["needs resource/cache", "needs resource/db"]}
    assert found.inventory["resource/cache"].type == "database"


def test_a_namespace_other_than_default_is_in_the_id_and_is_the_default_of_references(
        tmp_path):
    found = catalog(tmp_path,
                    entity("Component", "web", "{type: service, dependsOn: [resource:db]}",
                           namespace="shop"),
                    entity("Resource", "db", "{type: database}", namespace="shop"))
    assert needs(found) == {"component/shop/web": ["needs resource/shop/db"]}
    assert found.inventory["component/shop/web"].meta["source"]["id"] == "component:shop/web"


def test_a_consumer_needs_the_api_and_the_api_any_of_its_providers(tmp_path):
    found = catalog(tmp_path,
                    entity("Component", "web", "{type: website, consumesApis: [orders]}"),
                    entity("API", "orders", "{type: openapi, lifecycle: production}"),
                    entity("Component", "orders-eu", "{type: service, providesApis: [orders]}"),
                    entity("Component", "orders-us", "{type: service, providesApis: [orders]}"))
    assert needs(found) == {"component/web": ["needs api/orders"],
                            "api/orders": ["any of [component/orders-eu, component/orders-us]"]}
    assert found.inventory["api/orders"].type == "service"
    assert not found.findings


def test_an_api_nobody_provides_is_a_finding(tmp_path):
    found = catalog(tmp_path, entity("API", "orders", "{type: openapi}"))
    assert messages(found) == ["api:default/orders: no component in the catalog provides "
                               "it (providesApis)"]


def test_a_whole_needs_its_parts(tmp_path):
    found = catalog(tmp_path,
                    entity("Domain", "shop"),
                    entity("Domain", "checkout", "{subdomainOf: shop}"),
                    entity("System", "payments", "{domain: checkout}"),
                    entity("Component", "pay", "{type: service, system: payments}"),
                    entity("Component", "pay-worker", "{type: service, subcomponentOf: pay}"))
    assert needs(found) == {"domain/shop": ["needs domain/checkout"],
                            "domain/checkout": ["needs system/payments"],
                            "system/payments": ["needs component/pay"],
                            "component/pay": ["needs component/pay-worker"]}
    assert found.inventory["domain/shop"].type == "business"
    assert found.inventory["component/pay-worker"].meta["subcomponent_of"] == \
        "component:default/pay"
    assert "system:payments" in found.inventory["component/pay"].tags


def test_annotations_name_other_layers_and_set_criticality_and_rto(tmp_path):
    annotations = ("\n  annotations:\n    depgraph.io/runs-on: 'device/srv01, cluster/prod'"
                   "\n    depgraph.io/any-of: 'site/a, site/b'\n    depgraph.io/criticality: "
                   "critical\n    depgraph.io/rto: 4h\n    depgraph.io/team: x")
    found = catalog(tmp_path, entity("Component", "web", "{type: service}") .replace(
        "  name: web", "  name: web" + annotations))
    web = found.inventory["component/web"]
    assert [r.describe() for r in web.depends_on] == [
        "needs cluster/prod", "needs device/srv01", "any of [site/a, site/b]"]
    assert (web.criticality, web.rto) == ("critical", 4 * 3600)
    assert messages(found) == ["annotation depgraph.io/team of component:default/web is not "
                               "one the import reads: ignored"]


def test_people_templates_and_unknown_kinds_are_left_out(tmp_path):
    found = catalog(tmp_path, entity("Group", "team-a", "{type: team}"),
                    entity("User", "guest"), entity("Template", "springboot"),
                    entity("Widget", "w"),
                    entity("Component", "web", "{type: service, owner: team-a}"))
    assert [(ident, why) for ident, why, _ in found.left_out] == [
        ("group/team-a", "a team, not a component: owners name them (team, owner)"),
        ("template/springboot", "a template for new components, not a component"),
        ("user/guest", "a person, not a component: owners name them (team, owner)"),
        ("widget/w", "kind Widget is not one the import knows")]
    assert messages(found) == ["kind 'widget' is not one the import knows: its entities "
                               "are left out"]
    assert sorted(found.inventory.components) == ["component/web"]
    assert found.inventory["component/web"].team == "team-a"


def test_a_types_file_overrides_the_table_and_an_unknown_type_is_a_finding(tmp_path):
    entities = (entity("Component", "sdk", "{type: library}"),
                entity("Resource", "topic", "{type: kafka-stream}"),
                entity("Component", "web", "{type: service, dependsOn: [component:sdk]}"))
    plain = catalog(tmp_path, *entities)
    assert plain.inventory["component/sdk"].type == "application"
    assert plain.inventory["resource/topic"].type == "platform"
    assert messages(plain) == ["resource type 'kafka-stream' is not one the import knows: "
                               "its entities are platform (a types file says otherwise)"]
    mapped = catalog(tmp_path, *entities, options=Options(
        {"component/library": None, "resource/kafka-stream": "network"}))
    assert "component/sdk" not in mapped.inventory
    assert mapped.left_out[0][:2] == ("component/sdk", "passive in the types file")
    assert mapped.inventory["resource/topic"].type == "network"
    assert not needs(mapped)  # a dependency on what is left out is dropped with it


def test_references_to_nothing_and_to_itself_are_findings(tmp_path):
    found = catalog(tmp_path, entity("Component", "web", "{type: service, dependsOn: "
                                     "[component:web, resource:gone], system: nowhere}"))
    assert messages(found) == [
        "spec.dependsOn of component:default/web names itself: skipped",
        "spec.dependsOn of component:default/web names resource:default/gone, which is not "
        "in the catalog",
        "spec.system of component:default/web names system:default/nowhere, which is not "
        "in the catalog"]
    line = (tmp_path / "catalog-info.yaml").read_text().splitlines()[4]
    assert {f.url for f in found.findings} == {str(tmp_path / "catalog-info.yaml")}
    assert [f.at for f in found.findings] == [
        f"{tmp_path / 'catalog-info.yaml'}:5:{line.index(word) + 1}"
        for word in ("component:web", "resource:gone", "nowhere")]


def test_the_order_of_the_entities_in_their_file_changes_no_byte(tmp_path):
    from depgraph.formats.inventory_yaml import inventory_yaml
    entities = [entity("Component", "web", "{type: service, dependsOn: [resource:db, "
                                           "resource:gone]}"),
                entity("Resource", "db", "{type: database}"),
                entity("System", "shop"), entity("Component", "x", "{type: service, "
                                                              "system: shop}")]
    written = []
    for order in (entities, entities[::-1], entities[1:] + entities[:1]):
        found = catalog(tmp_path, *order)
        written.append(inventory_yaml(found.inventory, "header", generated=found.generated))
        assert needs(found) == {"component/web": ["needs resource/db"],
                                "system/shop": ["needs component/x"]}
        assert [f.url for f in found.findings] == [str(tmp_path / "catalog-info.yaml")]
    assert written[0] == written[1] == written[2]

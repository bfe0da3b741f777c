"""parse_yaml_documents: the multi-document reader the Backstage and Kubernetes
importers share (descriptor files, manifests, Helm's output)."""

from __future__ import annotations

from depgraph.loaders.yaml_source import parse_yaml_documents, plain


def test_documents_in_order_with_their_places_and_empty_ones_left_out():
    text = "---\n# a comment\n---\na: 1\n...\n---\nb: [x, {c: d}]\n---\n"
    trees, problems = parse_yaml_documents(text, "m.yaml")
    assert problems == []
    assert [plain(t) for t in trees] == [{"a": 1}, {"b": ["x", {"c": "d"}]}]
    assert [str(t.span) for t in trees] == ["m.yaml:4:1", "m.yaml:7:1"]
    assert str(trees[1].value["b"].value[1].value["c"].span) == "m.yaml:7:12"


def test_an_anchor_belongs_to_its_document():
    trees, problems = parse_yaml_documents("a: &x 1\nb: *x\n---\nc: *x\n", "m.yaml")
    assert plain(trees[0]) == {"a": 1, "b": 1}
    assert [(str(p.span), p.message) for p in problems] == [("m.yaml:4:4",
                                                             "unknown alias '*x'")]


def test_a_syntax_error_refuses_the_whole_file():
    trees, problems = parse_yaml_documents("a: 1\n---\nb: [\n", "m.yaml")
    assert trees == []
    assert len(problems) == 1 and str(problems[0].span).startswith("m.yaml:")
    assert problems[0].message.startswith("invalid YAML")


def test_tags_that_construct_objects_are_refused():
    trees, problems = parse_yaml_documents("a: !!python/object:os.system x\n", "m.yaml")
    assert [p.message for p in problems] == [
        "YAML tag '!!python/object:os.system' is not allowed: an inventory holds plain "
        "data only"]


def test_an_alias_bomb_in_a_later_document_is_refused():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n"
        for i in range(6))
    trees, problems = parse_yaml_documents("ok: 1\n---\n" + bomb, "m.yaml")
    assert trees == [] and "alias bomb" in problems[0].message

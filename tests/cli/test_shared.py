"""What every command shares: -o and its extension, the automatic github format and its
errors as annotations, usage errors for options that would be ignored."""

import pytest

from tests.helpers import INVALID, VALID, WEBSHOP, run


@pytest.mark.parametrize("args", [
    ("validate", VALID / "minimal.yaml"),
    ("spof", WEBSHOP),
    ("blast-radius", WEBSHOP, "--fail", "zone-a"),
    ("restore-plan", WEBSHOP, "--fail", "zone-a"),
    ("diff", WEBSHOP, WEBSHOP),
    ("render", WEBSHOP),
    ("report", WEBSHOP),
], ids=lambda args: args[0])
def test_an_extension_that_names_none_of_a_command_s_formats_is_refused(tmp_path, args):
    target = tmp_path / "out.pdfx"
    result = run(*args, "-o", target)
    assert result.exit_code == 2, result.output
    assert "cannot tell the format of" in result.stderr and "--format" in result.stderr
    assert not target.exists()


def test_a_format_another_command_writes_is_no_excuse_for_writing_text(tmp_path):
    result = run("blast-radius", WEBSHOP, "--fail", "zone-a", "-o", tmp_path / "r.sarif")
    assert result.exit_code == 2
    assert "(this command writes .txt, .json, .md, .markdown)" in result.stderr


def test_a_file_without_an_extension_gets_the_default_format(tmp_path):
    for command, start in (("spof", "Single points of failure"), ("render", "digraph ")):
        target = tmp_path / command
        assert run(command, WEBSHOP, "-o", target).exit_code == 0
        assert target.read_text(encoding="utf-8").startswith(start)


def test_under_github_actions_an_invalid_inventory_is_annotated(monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    broken = INVALID / "duplicate-id.yaml"
    for command in ("spof", "validate"):
        result = run(command, broken)
        assert result.exit_code == 2
        annotations = (result.stderr if command == "spof" else result.stdout).splitlines()
        assert annotations[0].startswith("::error file=") and "duplicate" in annotations[0]
        assert annotations[-1].startswith("depgraph: the inventory is invalid")
    result = run("spof", WEBSHOP, "--target", "nothing-here")
    assert result.exit_code == 2
    assert result.stderr.startswith("::error title=depgraph::selector 'nothing-here'")
    monkeypatch.delenv("GITHUB_ACTIONS")
    result = run("spof", broken)
    assert not result.stderr.startswith("::") and "error: duplicate" in result.stderr


def test_cluster_by_with_collapse_is_a_usage_error_not_ignored():
    result = run("render", WEBSHOP, "--collapse", "type", "--cluster-by", "provider")
    assert result.exit_code == 2
    assert "--cluster-by provider has no effect with --collapse type" in result.stderr
    assert run("render", WEBSHOP, "--collapse", "type").exit_code == 0
    assert run("render", WEBSHOP, "--cluster-by", "provider").exit_code == 0

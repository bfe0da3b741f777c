"""`depgraph validate`: every bad input gives located errors and exit 2, never a traceback.

Each file of tests/inventories/invalid/ (and each directory there) declares the
problems it must produce in leading ``# expect: LINE:COL TEXT`` comments; the test
checks that each is reported as ``<path>:LINE:COL: error: ...TEXT...`` and that
nothing else is.
"""

from __future__ import annotations

import json
import re
import os
import stat
import subprocess
import time
from pathlib import Path

import pytest

from tests.helpers import (INVALID, PYTHON, ROOT, SHIPPED, VALID, WEBSHOP, Expectation,
                     error_lines, expectations, run)

INVALID_FILES = sorted(INVALID.glob("*.yaml"))
INVALID_DIRS = sorted(p for p in INVALID.iterdir() if p.is_dir())
INVALID_CASES = INVALID_FILES + INVALID_DIRS
VALID_FILES = sorted(VALID.glob("*.yaml"))
MARKER = "@MARKER@"


def _case_id(path: Path) -> str:
    return path.name + ("/" if path.is_dir() else "")


def _prepare(path: Path, tmp_path: Path) -> tuple[Path, list[Expectation]]:
    """The path to validate and its expectations; a file naming @MARKER@ is copied with
    the marker replaced by a path in tmp_path (so the test can check for a side effect)."""
    if path.is_file() and MARKER in path.read_text(encoding="utf-8"):
        copy = tmp_path / path.name
        copy.write_text(path.read_text(encoding="utf-8").replace(
            MARKER, str(tmp_path / "pwned")), encoding="utf-8")
        return copy, expectations(copy)
    return path, expectations(path)


def _assert_reports_exactly(result, expected: list[Expectation]) -> None:
    everything = result.output + result.stdout + result.stderr
    assert "Traceback" not in everything
    assert "internal error" not in everything
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)
    errors = error_lines(result.stdout)
    unmatched = list(errors)
    for expectation in expected:
        match = next((line for line in unmatched if expectation.matches(line)), None)
        assert match is not None, (f"expected {expectation}\ngot:\n" + "\n".join(errors))
        unmatched.remove(match)
    assert not unmatched, "unexpected errors:\n" + "\n".join(unmatched)
    assert len(errors) == len(expected)
    # Nothing else: the error lines, then the verdict; nothing on stderr in text mode.
    lines = result.stdout.splitlines()
    n = len(expected)
    assert lines == errors + [f"invalid: {n} error{'s' if n != 1 else ''}, 0 warnings"]
    assert result.stderr == ""


def test_every_invalid_case_declares_expectations():
    assert len(INVALID_FILES) >= 50
    for path in INVALID_CASES:
        assert expectations(path), f"{path} declares no '# expect:' line"


@pytest.mark.parametrize("path", INVALID_CASES, ids=_case_id)
def test_invalid_inventory_reports_located_errors(path, tmp_path):
    target, expected = _prepare(path, tmp_path)
    result = run("validate", target)
    _assert_reports_exactly(result, expected)


@pytest.mark.parametrize("path", INVALID_CASES, ids=_case_id)
def test_invalid_inventory_json_problems(path, tmp_path):
    target, expected = _prepare(path, tmp_path)
    result = run("validate", "--format", "json", target)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    data = json.loads(result.stdout)
    assert data["valid"] is False
    assert data["errors"] == len(expected)
    assert data["components"] is None
    places = sorted((p["file"], p["line"], p["column"]) for p in data["problems"])
    assert places == sorted((e.file, e.line, e.column) for e in expected)
    for problem in data["problems"]:
        assert set(problem) >= {"file", "line", "column", "message", "severity", "context",
                                "hint"}
        assert problem["severity"] == "error"
        assert problem["message"]
    # The problems come sorted by place.
    assert [(p["file"], p["line"], p["column"]) for p in data["problems"]] == places
    assert result.stderr.strip() == f"{len(expected)} error{'s' if len(expected) != 1 else ''}" \
                                    ": the inventory is invalid"


def test_object_construction_is_never_executed(tmp_path):
    target, _ = _prepare(INVALID / "python-object-apply.yaml", tmp_path)
    assert str(tmp_path / "pwned") in target.read_text(encoding="utf-8")
    result = run("validate", target)
    assert result.exit_code == 2
    assert not (tmp_path / "pwned").exists()
    assert "!!python/object/apply:os.system" in result.stdout


def test_alias_bomb_is_refused_quickly():
    path = INVALID / "alias-bomb.yaml"
    assert len(path.read_bytes()) < 500
    started = time.perf_counter()
    result = run("validate", path)
    elapsed = time.perf_counter() - started
    assert result.exit_code == 2
    assert "alias bomb" in result.stdout
    assert elapsed < 2.0, f"took {elapsed:.2f} s"


def test_deep_nesting_is_an_error_in_a_separate_process(tmp_path):
    """5000 nested flow lists, run as a real process: an error, exit 2, no crash."""
    path = tmp_path / "deep.yaml"
    path.write_text("[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    proc = subprocess.run([PYTHON, "-m", "depgraph", "validate", str(path)],
                          capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert proc.returncode == 2, proc.stderr
    # Our own limit, or libyaml's (0.2.5+ stops at 1000 levels, at another column).
    assert re.search(rf"^{re.escape(str(path))}:1:\d+: error: nested more than 100 levels deep$",
                     proc.stdout, re.M), proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr


def test_very_deep_nesting_does_not_crash(tmp_path):
    path = tmp_path / "deeper.yaml"
    path.write_text("[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    proc = subprocess.run([PYTHON, "-m", "depgraph", "validate", str(path)],
                          capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert proc.returncode == 2, f"exit {proc.returncode}"
    assert "nested" in proc.stdout


# -- inputs that are not YAML files of the repository ------------------------------

@pytest.mark.parametrize("content, line, column, text", [
    (b"", 1, 1, "empty file: expected a mapping with 'providers' and 'components'"),
    (b"\n   \n\n", 1, 1, "empty file"),
    ("components:\n  - id: café\n    type: site\n".encode("latin-1"), 2, 12,
     "not UTF-8: byte 0xe9 cannot be decoded; save the file as UTF-8"),
    (b"components:\n  - id: a\x07b\n    type: site\n", 2, 10,
     "invalid YAML: control characters are not allowed"),
], ids=["empty", "whitespace-only", "latin-1", "control-character"])
def test_unreadable_bytes_are_located(tmp_path, content, line, column, text):
    path = tmp_path / "inventory.yaml"
    path.write_bytes(content)
    _assert_reports_exactly(run("validate", path), [Expectation(str(path), line, column, text)])


def test_utf8_bom_is_accepted(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbfcomponents:\n  - id: a\n    type: site\n")
    result = run("validate", path)
    assert result.exit_code == 0, result.output
    assert result.stdout == "valid: 1 component, 0 providers, 0 warnings\n"


def test_empty_directory(tmp_path):
    empty = tmp_path / "nothing-here"
    empty.mkdir()
    (empty / "README.txt").write_text("not an inventory\n", encoding="utf-8")
    result = run("validate", empty)
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [
        f"{empty}: error: directory holds no inventory files; "
        "inventory files end in .yaml or .yml",
        "invalid: 1 error, 0 warnings"]
    assert "Traceback" not in result.output


def test_problems_of_several_files_are_reported_together():
    first, second = INVALID / "top-level-list.yaml", INVALID / "missing-id.yaml"
    result = run("validate", second, first)
    _assert_reports_exactly(result, expectations(first) + expectations(second))
    errors = error_lines(result.stdout)
    assert errors[0].startswith(str(second)) and errors[1].startswith(str(first))


def test_missing_path_is_a_usage_error(tmp_path):
    result = run("validate", tmp_path / "no-such-inventory.yaml")
    assert result.exit_code == 2
    assert "does not exist" in result.output
    assert "Traceback" not in result.output


def test_no_path_is_a_usage_error():
    result = run("validate")
    assert result.exit_code == 2
    assert "Missing argument" in result.output


# -- valid inventories ---------------------------------------------------------------

@pytest.mark.parametrize("path", VALID_FILES, ids=_case_id)
def test_valid_inventory(path):
    result = run("validate", path)
    assert result.exit_code == 0, result.output
    assert "error" not in result.output
    *warnings, verdict = result.stdout.splitlines()
    assert verdict.startswith("valid: ")
    assert verdict.endswith(f", {len(warnings)} warning{'' if len(warnings) == 1 else 's'}")
    assert all(re.match(r".+:\d+:\d+: warning: .+ \[[a-z-]+\]$", w) for w in warnings)
    assert result.stderr == ""


def test_valid_counts_and_lint_warnings():
    found = {}
    for path in VALID_FILES:
        *warnings, verdict = run("validate", path).stdout.splitlines()
        found[path.name] = (verdict, [w.rsplit("[", 1)[1].rstrip("]") for w in warnings])
    assert found == {
        "anchors.yaml": ("valid: 6 components, 1 provider, 0 warnings", []),
        "cycle.yaml": ("valid: 6 components, 0 providers, 2 warnings", ["cycle", "cycle"]),
        "extension-keys.yaml": ("valid: 2 components, 1 provider, 1 warning",
                                ["single-power-path"]),
        "full.yaml": ("valid: 15 components, 3 providers, 1 warning", ["shared-cause"]),
        "located-chain.yaml": ("valid: 10 components, 0 providers, 0 warnings", []),
        "minimal.yaml": ("valid: 1 component, 0 providers, 0 warnings", []),
    }


def test_extension_keys_hold_anchors_and_are_ignored():
    import depgraph

    inventory = depgraph.load_inventory(VALID / "extension-keys.yaml")
    assert [(c.id, c.provider, c.team, c.restore) for c in inventory.components.values()] == \
        [("dc", "hostco", "facilities", 1800), ("ups", "hostco", "facilities", 1800)]


def test_anchors_and_merge_keys_are_resolved():
    import depgraph

    inventory = depgraph.load_inventory(VALID / "anchors.yaml")
    for ident in ("web-1", "web-2", "web-3", "web-4"):
        web = inventory[ident]
        assert (web.type, web.provider, web.restore, web.team) == \
            ("compute", "cloudy", 5400, "platform")
        assert web.tags == ("front", "web")
    assert inventory["web-2"].criticality == "high"
    assert inventory["web-3"].criticality == "low"  # the explicit key wins over the merge
    assert inventory["web-4"].owner == "ops"
    assert inventory["front"].depends_on[0].members == ("web-1", "web-2", "web-3")
    assert inventory["monitor"].depends_on[0].members == ("web-1", "web-2", "web-3")


def test_full_inventory_keeps_every_key():
    import depgraph

    inventory = depgraph.load_inventory(VALID / "full.yaml")
    assert inventory.name == "Clinique Sainte-Émilie — 病院 test estate"
    assert inventory.version == "2.1"
    campus = inventory["campus"]
    assert campus.name == "Campus Nord — bâtiment A"
    assert (campus.restore, campus.rto, campus.criticality) == (5400, 4 * 3600, "high")
    assert campus.tags == ("building-a", "north")
    assert campus.meta["floors"] == 4
    assert inventory["storage"].restore == 3 * 3600 + 15 * 60
    assert inventory["app"].rto == 36 * 3600
    assert inventory["admissions"].restore == 10
    assert inventory["payments"].restore == 0
    assert [r.kind for r in inventory["admissions"].depends_on] == ["hard", "any"]
    assert inventory["db-cluster"].depends_on[0].needed == 2
    assert inventory.providers["hostco"].name == "Armorique Hébergement"


def test_split_directory_is_one_inventory():
    split = VALID / "split"
    result = run("validate", split)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "valid: 4 components, 1 provider, 1 warning"
    assert "dependency cycle of 2 components: backup-agent, erp" in result.stdout
    # The same two files named one by one, in either order.
    files = sorted(split.glob("*.yaml"))
    assert len(files) == 2
    for order in (files, files[::-1]):
        again = run("validate", *order)
        assert again.exit_code == 0 and again.stdout == result.stdout


def test_split_files_really_refer_to_each_other():
    for path in sorted((VALID / "split").glob("*.yaml")):
        result = run("validate", path)
        assert result.exit_code == 2, path
        assert "unknown component" in result.stdout or "unknown provider" in result.stdout


def test_same_file_twice_counts_once():
    path = VALID / "minimal.yaml"
    result = run("validate", path, path)
    assert result.exit_code == 0
    assert result.stdout == "valid: 1 component, 0 providers, 0 warnings\n"


def test_dogfood_shipped_inventories():
    shipped = sorted(SHIPPED.glob("*.yaml")) + sorted(SHIPPED.glob("*/estate"))
    assert len(shipped) >= 3
    for path in shipped:
        result = run("validate", path)
        assert result.exit_code == 0, result.output
        assert result.stdout.splitlines()[-1].startswith("valid: "), path


def test_json_on_a_valid_inventory():
    result = run("validate", "--format", "json", "--disable", "shared-cause", WEBSHOP)
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data == {"valid": True, "errors": 0, "warnings": 0, "components": 21,
                    "problems": []}
    assert result.stderr.strip() == "valid: 21 components, 0 warnings"


def test_markdown_on_an_invalid_inventory():
    path = INVALID / "unknown-component-type.yaml"
    result = run("validate", "--format", "markdown", path)
    assert result.exit_code == 2
    assert result.stdout.startswith("# Inventory check: invalid\n")
    assert f"| {path}:7:11 | error |".replace("_", "\\_") in result.stdout


# -- -o FILE -------------------------------------------------------------------------

def _leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.startswith(".depgraph-"))


def test_output_file_on_an_invalid_inventory(tmp_path):
    path = INVALID / "several-problems.yaml"
    out = tmp_path / "report.txt"
    result = run("validate", path, "-o", out)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.strip() == "4 errors: the inventory is invalid"
    report = out.read_text(encoding="utf-8")
    assert report == run("validate", path).stdout
    assert len(error_lines(report)) == 4
    assert _leftovers(tmp_path) == []


def test_output_file_replaces_an_existing_file(tmp_path):
    out = tmp_path / "report.json"
    out.write_text("old content that is longer than the new one " * 100, encoding="utf-8")
    result = run("validate", "-f", "json", "-o", out, WEBSHOP)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["valid"] is True
    assert result.stderr.strip() == "valid: 21 components, 1 warning"
    assert _leftovers(tmp_path) == []


def test_bad_selector_with_output_creates_no_file(tmp_path):
    out = tmp_path / "radius.json"
    result = run("blast-radius", WEBSHOP, "--fail", "no-such-thing", "-f", "json", "-o", out)
    assert result.exit_code == 2
    assert not out.exists()
    assert _leftovers(tmp_path) == []
    assert result.stdout == ""


def test_bad_selector_leaves_an_existing_output_untouched(tmp_path):
    out = tmp_path / "radius.json"
    out.write_text("previous run\n", encoding="utf-8")
    result = run("blast-radius", WEBSHOP, "--fail", "type:powr", "-o", out)
    assert result.exit_code == 2
    assert out.read_text(encoding="utf-8") == "previous run\n"


def test_invalid_inventory_with_blast_radius_output_creates_no_file(tmp_path):
    out = tmp_path / "radius.json"
    result = run("blast-radius", INVALID / "missing-type.yaml", "--fail", "a", "-o", out)
    assert result.exit_code == 2
    assert not out.exists()
    assert "missing-type.yaml:6:5: error: component without a 'type'" in result.stderr


def test_output_file_mode_follows_umask(tmp_path):
    out = tmp_path / "report.txt"
    old = os.umask(0o022)
    try:
        result = run("validate", VALID / "minimal.yaml", "-o", out)
    finally:
        os.umask(old)
    assert result.exit_code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


def test_output_in_a_missing_directory_names_the_users_path(tmp_path):
    out = tmp_path / "no-such-dir" / "report.txt"
    result = run("validate", VALID / "minimal.yaml", "-o", out)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert str(out) in result.stderr
    assert ".depgraph-" not in result.stderr


def test_output_keeps_the_mode_of_the_file_it_replaces(tmp_path):
    out = tmp_path / "report.txt"
    out.write_text("old\n")
    out.chmod(0o640)
    assert run("validate", VALID / "minimal.yaml", "-o", out).exit_code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert "valid" in out.read_text()


def test_output_through_a_symlink_writes_its_target(tmp_path):
    target = tmp_path / "real.txt"
    target.write_text("old\n")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    assert run("validate", VALID / "minimal.yaml", "-o", link).exit_code == 0
    assert link.is_symlink() and "valid" in target.read_text()


def test_output_into_a_device_writes_it_and_leaves_it_a_device(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    import threading

    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text()))
    reader.start()
    assert run("validate", VALID / "minimal.yaml", "-o", fifo).exit_code == 0
    reader.join(timeout=10)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert received and received[0].startswith("valid: ")


def test_the_output_file_extension_chooses_the_format(tmp_path):
    out = tmp_path / "report.sarif"
    assert run("validate", VALID / "minimal.yaml", "-o", out).exit_code == 0
    assert json.loads(out.read_text())["version"] == "2.1.0"

"""Hostile YAML: deep nesting, bare merge keys, merge bombs. Both reading paths must
give the same located answer, in time linear in the file."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import time

import pytest

from depgraph.core.fast_paths import forced
from depgraph.loaders import fast_yaml, yaml_subset
from tests.helpers import ROOT, run

COMPONENT = "components:\n  - id: a\n    type: compute\n"


def both_paths(*args):
    """The CLI's answer on each path; they must be the same, exit code and text."""
    answers = []
    for path in ("reference", "fast"):
        with forced(path):
            result = run(*args)
        answers.append((result.exit_code, result.stdout, result.stderr))
    assert answers[0] == answers[1]
    exit_code, stdout, stderr = answers[0]
    assert "internal error" not in stdout + stderr and "Traceback" not in stdout + stderr
    return exit_code, stdout, stderr


def block(head: str, indent: str, step: str, levels: int) -> str:
    """``head``, then ``levels`` mappings nested in block style."""
    lines = [head]
    for _ in range(levels):
        lines.append(f"{indent}k:")
        indent += step
    return "\n".join(lines) + f"\n{indent}v: 1\n"


def block_meta(levels: int) -> str:
    return block(COMPONENT + "    meta:", "      ", "  ", levels)


def flow_extension(levels: int) -> str:
    return COMPONENT + "x-deep: " + "[" * levels + "1" + "]" * levels + "\n"


def block_extension(levels: int) -> str:
    return block(COMPONENT + "x-deep:", "  ", " ", levels)


@pytest.mark.skipif(not fast_yaml.available(), reason="the fast path needs yaml_rs")
@pytest.mark.parametrize("text", [block_meta(101), block_meta(250), block_meta(491),
                                  block_meta(1000), flow_extension(150),
                                  block_extension(150), block_extension(2000)],
                         ids=["meta-101", "meta-250", "meta-491", "meta-1000", "x-flow-150",
                              "x-block-150", "x-block-2000"])
@pytest.mark.parametrize("form", [(), ("-f", "sarif"), ("-f", "github")],
                         ids=["text", "sarif", "github"])
def test_the_fast_path_keeps_the_nesting_limit(tmp_path, text, form):
    """The fast reader once took these (and crashed in the formats that need a
    position, or with RecursionError from 491 levels)."""
    path = tmp_path / "deep.yaml"
    path.write_text(text, encoding="utf-8")
    exit_code, stdout, _ = both_paths("validate", path, *form)
    assert exit_code == 2
    assert "nested more than 100 levels deep" in stdout
    assert fast_yaml.read_fast(text, str(path), lambda: None) is None


@pytest.mark.skipif(not fast_yaml.available(), reason="the fast path needs yaml_rs")
def test_free_data_a_little_deep_is_still_read_fast(tmp_path):
    text = block_meta(40)
    assert fast_yaml.read_fast(text, "f.yaml", lambda: None) is not None
    path = tmp_path / "ok.yaml"
    path.write_text(text, encoding="utf-8")
    assert both_paths("validate", path)[0] == 0


@pytest.mark.parametrize("text, line, column", [
    ("<<\n", 1, 1),
    ("components: <<\n", 1, 13),
    (COMPONENT + "    depends_on: <<\n", 4, 17),
    (COMPONENT + "    depends_on:\n      - any: <<\n", 5, 14),
    (COMPONENT + "    depends_on:\n      - at_least: <<\n", 5, 19),
    (COMPONENT + "    tags: [<<]\n", 4, 12),
    (COMPONENT + "    meta: {x: <<}\n", 4, 15),
    (COMPONENT + "lint: <<\n", 4, 7),
    (COMPONENT + "x-a: {<<: <<}\n", 4, 11),
], ids=["file", "components", "depends_on", "any", "at_least", "tags", "meta", "lint",
        "merge-of-merge-key"])
def test_a_bare_merge_key_is_a_located_error(tmp_path, text, line, column):
    path = tmp_path / "merge.yaml"
    path.write_text(text, encoding="utf-8")
    for form in ((), ("-f", "json")):
        exit_code, stdout, _ = both_paths("validate", path, *form)
        assert exit_code == 2
    exit_code, stdout, _ = both_paths("validate", path)
    assert f"{path}:{line}:{column}: error: '<<' is YAML's merge key" in stdout
    assert stdout.count("merge key") == 1, stdout


def test_a_quoted_merge_key_is_text(tmp_path):
    path = tmp_path / "quoted.yaml"
    path.write_text(COMPONENT + "    meta: {x: '<<'}\n", encoding="utf-8")
    assert both_paths("validate", path)[0] == 0


def same_map_many_times(n: int) -> str:
    base = "x-base: &a {" + ", ".join(f"k{i}: {i}" for i in range(n // 4)) + "}\n"
    return base + "x-m: {<<: [" + ", ".join(["*a"] * n) + "]}\n" + COMPONENT


def many_maps_merging_one(n: int) -> str:
    base = "x-base: &a {" + ", ".join(f"k{i}: {i}" for i in range(n)) + "}\n"
    return base + "x-m:\n" + "  - <<: *a\n" * n + COMPONENT


def merges_of_merges(n: int) -> str:
    lines = ["x-c:", "  - &c0 {k0: 0}"]
    lines += [f"  - &c{i} {{<<: *c{i - 1}, k{i}: {i}}}" for i in range(1, n)]
    return "\n".join(lines) + "\n" + COMPONENT


def elapsed(path) -> float:
    gc.collect()
    gc.disable()  # the collector's passes grow with what is alive: not the reader's cost
    try:
        start = time.perf_counter()
        with forced("reference"):
            run("validate", path)
        return time.perf_counter() - start
    finally:
        gc.enable()


@pytest.mark.parametrize("make, size, valid", [
    (same_map_many_times, 20_000, True),
    (many_maps_merging_one, 8_000, False),
    (merges_of_merges, 8_000, False),
], ids=["same-map-repeated", "one-map-merged-everywhere", "merges-of-merges"])
def test_merge_keys_cost_time_linear_in_the_file(tmp_path, make, size, valid):
    """Doubling the file at most about doubles the time (it once quadrupled: 57 s for
    589 KB); the bombs are refused, located."""
    small, large = tmp_path / "small.yaml", tmp_path / "large.yaml"
    small.write_text(make(size), encoding="utf-8")
    large.write_text(make(2 * size), encoding="utf-8")
    exit_code, stdout, _ = both_paths("validate", large)
    if valid:
        assert exit_code == 0, stdout
    else:
        assert exit_code == 2
        assert f"{large}:" in stdout and "(a merge bomb?)" in stdout
    times = [min(elapsed(small) for _ in range(2)), min(elapsed(large) for _ in range(2))]
    assert times[1] < 3 * times[0] + 0.05, times


def test_a_600_kb_merge_heavy_file_is_answered_within_seconds(tmp_path):
    path = tmp_path / "merges.yaml"
    path.write_text(many_maps_merging_one(25_000), encoding="utf-8")
    assert path.stat().st_size > 600_000
    start = time.perf_counter()
    exit_code, stdout, _ = both_paths("validate", path)
    assert time.perf_counter() - start < 10
    assert exit_code == 2 and "(a merge bomb?)" in stdout


def test_a_template_merged_into_each_component_is_read_as_before(tmp_path):
    """The ordinary use of merge keys: explicit keys win, then earlier sources."""
    path = tmp_path / "templates.yaml"
    path.write_text("x-server: &server {type: compute, team: ops, criticality: high}\n"
                    "x-owned: &owned {owner: it, team: it}\n"
                    "components:\n"
                    + "".join(f"  - {{<<: [*owned, *server], id: s{i}, criticality: low}}\n"
                              for i in range(50)),
                    encoding="utf-8")
    exit_code, stdout, _ = both_paths("validate", path)
    assert exit_code == 0, stdout
    from depgraph import load_inventory
    with forced("reference"):
        component = load_inventory(str(path)).components["s7"]
    assert (component.type, component.team, component.owner, component.criticality) == \
        ("compute", "it", "it", "low")


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    from depgraph.loaders import files

    path = tmp_path / "big.yaml"
    path.write_text(COMPONENT + "x-list: [" + ", ".join(["1"] * 1000) + "]\n",
                    encoding="utf-8")
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 1000)
    exit_code, stdout, _ = both_paths("validate", path)
    assert exit_code == 2
    assert f"{path}:1:1: error: file too large: {path.stat().st_size:,} bytes" in stdout
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 10_000)
    assert both_paths("validate", path)[0] == 0


# -- block nesting deep enough to exhaust yaml_rs's stack ------------------------------
# yaml_rs parses block collections recursively, in Rust: from about 11,000 levels it
# overflows the stack and the process dies (SIGSEGV), which no except clause catches.
# The fast reader must leave such a file to the reference path before yaml_rs sees it.

def block_lists(levels: int) -> str:
    """``levels`` block lists on one line (compact notation: ``- - - 1``), under meta."""
    return COMPONENT + "    meta:\n      x:\n        " + "- " * levels + "1\n"


def block_lists_in_extension(levels: int) -> str:
    return COMPONENT + "x-deep:\n  " + "- " * levels + "1\n"


def lists_of_mappings(levels: int) -> str:
    """A list item holding a mapping holding a list...: two levels per two columns
    (the file grows with the square of the depth: 1,000 levels take 250 KB)."""
    lines = [COMPONENT + "    meta:\n      x:"]
    lines += [" " * (6 + 2 * i) + "- x:" for i in range(levels // 2)]
    return "\n".join(lines) + "\n" + " " * (6 + levels) + "- 1\n"


def old_mac_line_breaks(levels: int) -> str:
    return block_lists_in_extension(levels).replace("\n", "\r")


def indented_first_line(levels: int) -> str:
    return "  " + "- " * levels + "1\n"


DEEP_BLOCKS = [(make, levels) for make in (block_lists, block_lists_in_extension,
                                           old_mac_line_breaks, indented_first_line)
               for levels in (1_000, 20_000, 100_000)] + [(lists_of_mappings, 1_000)]


@pytest.mark.skipif(not fast_yaml.available(), reason="the fast path needs yaml_rs")
@pytest.mark.parametrize("make, levels", DEEP_BLOCKS,
                         ids=[f"{make.__name__}-{levels}" for make, levels in DEEP_BLOCKS])
def test_deep_block_nesting_never_reaches_yaml_rs(tmp_path, make, levels):
    text = make(levels)
    # Checked first and without yaml_rs, so that a regression fails here instead of
    # killing the test process in the CLI run below.
    assert yaml_subset.outside_subset(text)
    path = tmp_path / "deep.yaml"
    path.write_text(text, encoding="utf-8", newline="")
    exit_code, stdout, _ = both_paths("validate", path)
    assert exit_code == 2
    assert "nested more than 100 levels deep" in stdout
    assert f"{path}:" in stdout


@pytest.mark.skipif(not fast_yaml.available(), reason="the fast path needs yaml_rs")
def test_deep_block_nesting_does_not_kill_the_process(tmp_path):
    """The whole program, in a process of its own (the crash was a SIGSEGV)."""
    path = tmp_path / "deep.yaml"
    path.write_text(block_lists(20_000), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "depgraph", "validate", str(path)],
                            capture_output=True, text=True, cwd=ROOT, timeout=60, check=False,
                            env={**os.environ, "DEPGRAPH_PATHS": "fast"})
    assert result.returncode == 2, (result.returncode, result.stderr[-500:])
    assert f"{path}:" in result.stdout and "nested more than 100 levels deep" in result.stdout


@pytest.mark.skipif(not fast_yaml.available(), reason="the fast path needs yaml_rs")
def test_ordinary_indentation_still_takes_the_fast_path():
    """Lines indented up to 99 columns, however nested, stay on the fast path."""
    text = block_meta(46)  # the deepest line is indented 6 + 2 * 46 = 98 columns
    assert not yaml_subset.outside_subset(text)
    assert fast_yaml.read_fast(text, "f.yaml", lambda: None) is not None
    assert yaml_subset.outside_subset(block_meta(47))

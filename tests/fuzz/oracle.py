"""What must hold for every input, however broken: the oracle the fuzz tests apply."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

from depgraph.core.fast_paths import forced
from tests.helpers import run

#: Every mutant is run on both paths; each run must end within this (seconds).
RUN_LIMIT = 10.0
#: Mutants run, by kind, reported at the end of the session (tests/fuzz/conftest.py).
COUNTS: dict[str, int] = {}


def count(kind: str) -> None:
    COUNTS[kind] = COUNTS.get(kind, 0) + 1


def answer(args: list[str], path: str) -> tuple[int, str, str]:
    """``depgraph ARGS``: its exit code, stdout and stderr, checked on its own."""
    start = time.perf_counter()
    result = run(*args)
    elapsed = time.perf_counter() - start
    out, err = result.stdout, result.stderr
    context = f"depgraph {' '.join(args)}"
    assert elapsed < RUN_LIMIT, f"{context}: {elapsed:.1f} s"
    assert result.exit_code in (0, 1, 2), f"{context}: exit {result.exit_code}\n{out}{err}"
    for text in (out, err):
        assert "internal error" not in text and "Traceback" not in text, f"{context}:\n{text}"
    assert_located(err, path, context)
    if result.exit_code == 2:
        assert (out + err).strip(), f"{context}: exit 2 without a word"
    return result.exit_code, out, err


_LOCATED = r":\d+:\d+: (error|warning|note): "


def assert_located(text: str, path: str, context: str) -> None:
    """Every line about the file names a line and a column of it."""
    pattern = re.compile(re.escape(path) + _LOCATED)
    for line in text.splitlines():
        if line.startswith(path) and not pattern.match(line):
            raise AssertionError(f"{context}: not located: {line!r}")


def assert_sarif(text: str, context: str) -> None:
    log = json.loads(text)
    for result in log["runs"][0]["results"]:
        for location in result.get("locations", []):
            region = location["physicalLocation"].get("region", {})
            assert region.get("startLine", 1) >= 1, f"{context}: {location}"


def both_paths(args: list[str], path: str) -> tuple[int, str, str]:
    """The same answer from the reference path and the fast path, to the byte."""
    answers = []
    for which in ("reference", "fast"):
        with forced(which):
            answers.append(answer(args, path))
    assert answers[0] == answers[1], f"depgraph {' '.join(args)}: the paths differ:\n" \
                                     f"reference: {answers[0]}\nfast: {answers[1]}"
    return answers[0]


def check_inventory(path: Path) -> None:
    """Every command that reads an inventory, on both paths."""
    file = str(path)
    code, out, _ = both_paths(["validate", file], file)
    assert code in (0, 2)
    for line in out.splitlines():
        if " error: " in line or " warning: " in line:
            assert re.match(re.escape(file) + _LOCATED, line), f"validate: {line!r}"
    code_sarif, sarif, _ = both_paths(["validate", file, "-f", "sarif"], file)
    assert code_sarif == code
    assert_sarif(sarif, "validate -f sarif")
    both_paths(["validate", file, "-f", "github"], file)
    if code == 0:
        both_paths(["spof", file, "-f", "json"], file)
        both_paths(["spof", file, "-f", "sarif"], file)
        both_paths(["blast-radius", file, "--fail", "type:power", "-f", "json"], file)
        both_paths(["restore-plan", file, "--cold-start", "-f", "json"], file)


def check_open_psa(path: Path, yaml_out: Path) -> None:
    """Import, and when it succeeds, the inventory it wrote is valid on both paths."""
    file = str(path)
    for house in ([], ["--house-events"]):
        code, out, _ = answer(["import", "open-psa", file, *house], file)
        if code == 0:
            yaml_out.write_text(out, encoding="utf-8")
            assert both_paths(["validate", str(yaml_out)], str(yaml_out))[0] == 0, out

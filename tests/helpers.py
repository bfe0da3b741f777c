"""Shared helpers for the CLI tests: run the CLI in-process, read expectations."""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner, Result

from depgraph.cli.main import cli

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
INVENTORIES = TESTS / "inventories"
VALID = INVENTORIES / "valid"
INVALID = INVENTORIES / "invalid"
SHIPPED = ROOT / "inventories"
HOSPITAL = SHIPPED / "hospital-group.yaml"
CAMPUS = SHIPPED / "campus-fire.yaml"
WEBSHOP = SHIPPED / "webshop.yaml"

_EXPECT = re.compile(r"#\s*expect:\s*(\d+):(\d+)\s+(.+?)\s*$")


def run(*args: object, input: str | None = None) -> Result:
    """Run ``depgraph ARGS...`` in-process; stdout and stderr are kept apart."""
    return CliRunner().invoke(cli, [str(a) for a in args], input=input,
                              catch_exceptions=True)


@dataclass(frozen=True)
class Expectation:
    """One problem an invalid file must produce: ``file:line:column: error: ...text...``."""

    file: str
    line: int
    column: int
    text: str

    @property
    def prefix(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: error: "

    def matches(self, output_line: str) -> bool:
        return output_line.startswith(self.prefix) and self.text in output_line

    def __str__(self) -> str:
        return f"{self.prefix}...{self.text}..."


def expectations(path: Path, shown_as: str | None = None) -> list[Expectation]:
    """The ``# expect: LINE:COL TEXT`` comments of one file (or of every file in a directory).

    ``{file}`` in TEXT stands for the file's path as the CLI shows it, ``{dir}`` for
    the directory's (for a directory case, the path given on the command line).
    """
    if path.is_dir():
        base = shown_as or str(path)
        found = []
        for file in sorted(path.rglob("*.yaml")):
            found += expectations(file, f"{base}/{file.relative_to(path).as_posix()}")
        return found
    shown = shown_as or str(path)
    directory = shown.rsplit("/", 1)[0] if "/" in shown else "."
    found = []
    for raw in path.read_bytes().decode("utf-8", "replace").splitlines():
        if not raw.startswith("#"):
            break  # expectations are the leading comment lines
        match = _EXPECT.match(raw)
        if match:
            text = match.group(3).replace("{file}", shown).replace("{dir}", directory)
            found.append(Expectation(shown, int(match.group(1)), int(match.group(2)), text))
    return found


def error_lines(text: str) -> list[str]:
    """The lines of an output that report an error."""
    return [line for line in text.splitlines() if ": error: " in line]


PYTHON = sys.executable


GOLDEN = TESTS / "golden"
#: ``DEPGRAPH_UPDATE_GOLDEN=1 pytest tests/`` rewrites the golden files; review the diff.
UPDATE_GOLDEN = os.environ.get("DEPGRAPH_UPDATE_GOLDEN") == "1"


def check_golden(name: str, text: str) -> None:
    """``text`` is the golden file ``tests/golden/NAME``, byte for byte."""
    path = GOLDEN / name
    if UPDATE_GOLDEN:
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
        return
    assert path.exists(), f"no golden file {name}: run with DEPGRAPH_UPDATE_GOLDEN=1"
    assert text == path.read_bytes().decode("utf-8"), f"{name} differs from its golden file"


def complete(words: str, monkeypatch) -> list[str]:
    """What shell completion offers for the last of ``words`` (a command line)."""
    from click.shell_completion import ShellComplete

    monkeypatch.setenv("COMP_WORDS", words)
    args = words.split()[1:-1]
    completer = ShellComplete(cli, {}, "depgraph", "_DEPGRAPH_COMPLETE")
    return [item.value for item in completer.get_completions(args, words.split()[-1])]

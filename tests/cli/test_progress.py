"""Progress bars: on stderr when it is a terminal, for long steps; nothing otherwise."""

from __future__ import annotations

import os
import pty
import subprocess
import sys

import pytest

from tests.helpers import PYTHON

DEPGRAPH = [PYTHON, "-c", "from depgraph.cli.main import main; main()"]


@pytest.fixture(scope="module")
def large_inventory(tmp_path_factory):
    """An estate large enough (over 2 MB) for the bars to show."""
    path = tmp_path_factory.mktemp("large") / "estate.yaml"
    subprocess.run([*DEPGRAPH, "generate", "--components", "20000", "--seed", "4", "-o",
                    str(path)], check=True, capture_output=True)
    assert path.stat().st_size > 2_000_000
    return path


def run_on_a_terminal(*args: str) -> tuple[int, str]:
    """Run depgraph with stderr on a pseudo-terminal; return its exit code and stderr."""
    leader, follower = pty.openpty()
    process = subprocess.Popen([*DEPGRAPH, *args], stdout=subprocess.DEVNULL,
                               stderr=follower, stdin=subprocess.DEVNULL)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the other side closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    return process.wait(), b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_long_steps_show_bars_on_a_terminal(large_inventory, tmp_path):
    code, stderr = run_on_a_terminal("spof", str(large_inventory), "--format", "json",
                                     "-o", str(tmp_path / "spof.json"))
    assert code == 0, stderr
    assert "loading" in stderr and "100%" in stderr
    assert "analysing" in stderr


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_the_restoration_plan_shows_its_bar(large_inventory, tmp_path):
    code, stderr = run_on_a_terminal("restore-plan", str(large_inventory), "--cold-start",
                                     "--format", "json", "-o", str(tmp_path / "plan.json"))
    assert code == 0, stderr
    assert "loading" in stderr and "planning" in stderr and "100%" in stderr


def test_nothing_when_stderr_is_not_a_terminal(large_inventory, tmp_path):
    result = subprocess.run([*DEPGRAPH, "spof", str(large_inventory), "--format", "json",
                             "-o", str(tmp_path / "spof.json")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "loading" not in result.stderr and "analysing" not in result.stderr
    assert "%" not in result.stderr


def test_small_inventories_show_no_bar_even_on_a_terminal(tmp_path):
    from tests.helpers import HOSPITAL
    code, stderr = run_on_a_terminal("spof", str(HOSPITAL), "--format", "json",
                                     "-o", str(tmp_path / "spof.json"))
    assert code == 0, stderr
    assert "loading" not in stderr and "analysing" not in stderr

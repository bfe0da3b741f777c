"""-o never destroys an input, never leaves a temporary file behind, and interruptions
and closed pipes exit with codes that CI cannot mistake for findings."""

from __future__ import annotations

import glob
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.helpers import PYTHON, ROOT, WEBSHOP, run


@pytest.fixture
def webshop(tmp_path) -> Path:
    copy = tmp_path / "webshop.yaml"
    shutil.copyfile(WEBSHOP, copy)
    return copy


def commands(inventory: Path, output: Path) -> list[list[str]]:
    """Every command that reads an inventory and writes -o."""
    i, o = str(inventory), str(output)
    return [["validate", i, "-o", o], ["spof", i, "-o", o],
            ["blast-radius", i, "--fail", "zone-a", "-o", o],
            ["restore-plan", i, "--cold-start", "-o", o], ["render", i, "-o", o],
            ["report", i, "-o", o], ["diff", i, i, "-o", o],
            ["export", "open-psa", i, "--target", "checkout", "-o", o]]


def assert_refused(args: list[str], original: bytes, path: Path, words: str) -> None:
    result = run(*args)
    assert result.exit_code == 2, (args, result.output)
    assert words in result.stderr, (args, result.stderr)
    assert path.read_bytes() == original, args


@pytest.mark.parametrize("index", range(8), ids=["validate", "spof", "blast-radius",
                                                 "restore-plan", "render", "report", "diff",
                                                 "export-open-psa"])
def test_an_input_is_never_overwritten(webshop, index):
    original = webshop.read_bytes()
    assert_refused(commands(webshop, webshop)[index], original, webshop,
                   "which the output would destroy")


@pytest.mark.parametrize("link", ["symbolic", "hard"])
def test_nor_through_a_link(webshop, tmp_path, link):
    alias = tmp_path / "alias.txt"
    (os.symlink if link == "symbolic" else os.link)(webshop, alias)
    original = webshop.read_bytes()
    for args in commands(webshop, alias)[:2]:
        assert_refused(args, original, webshop, "which the output would destroy")


def test_nor_an_imported_file(tmp_path):
    tree = tmp_path / "tree.xml"
    tree.write_text('<opsa-mef><define-fault-tree name="t"><define-gate name="top">'
                    '<or><basic-event name="a"/><basic-event name="b"/></or></define-gate>'
                    '</define-fault-tree></opsa-mef>\n', encoding="utf-8")
    original = tree.read_bytes()
    assert_refused(["import", "open-psa", str(tree), "-o", str(tree)], original, tree,
                   "which the output would destroy")


def test_nothing_is_written_inside_an_inventory_directory(tmp_path):
    directory = tmp_path / "inventory"
    directory.mkdir()
    shutil.copyfile(WEBSHOP, directory / "webshop.yaml")
    for target in (directory / "spof.txt", directory / "sub" / "spof.txt"):
        result = run("spof", directory, "-o", target)
        assert result.exit_code == 2
        assert "inside the inventory directory" in result.stderr
        assert not target.exists()
    assert sorted(p.name for p in directory.iterdir()) == ["webshop.yaml"]


def test_nor_a_file_an_inventory_directory_reads_through_a_symbolic_link(tmp_path):
    """A link inside the directory leads out of it: the file it leads to is an input."""
    outside = tmp_path / "shared.yaml"
    shutil.copyfile(WEBSHOP, outside)
    directory = tmp_path / "inventory"
    directory.mkdir()
    os.symlink(outside, directory / "shop.yaml")
    original = outside.read_bytes()
    assert_refused(["spof", directory, "--format", "text", "-o", outside], original, outside,
                   f"it is the input '{directory / 'shop.yaml'}' (read from the inventory "
                   f"directory '{directory}'), which the output would destroy")


def test_nor_a_hard_link_outside_to_a_file_inside_an_inventory_directory(tmp_path):
    directory = tmp_path / "inventory"
    directory.mkdir()
    shutil.copyfile(WEBSHOP, directory / "shop.yaml")
    alias = tmp_path / "spof.txt"
    os.link(directory / "shop.yaml", alias)
    original = alias.read_bytes()
    assert_refused(["spof", directory, "-o", alias], original, alias,
                   "which the output would destroy")
    assert os.path.samefile(alias, directory / "shop.yaml")


def test_nor_the_baseline(webshop, tmp_path):
    baseline = tmp_path / "spof.json"
    assert run("spof", webshop, "-o", baseline).exit_code == 0
    original = baseline.read_bytes()
    assert_refused(["spof", webshop, "--baseline", baseline, "-o", baseline], original,
                   baseline, f"it is the input '{baseline}'")


def test_a_sibling_file_is_written(webshop, tmp_path):
    result = run("spof", webshop, "-o", tmp_path / "spof.txt")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "spof.txt").read_text(encoding="utf-8").startswith("Single points")


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
def test_a_full_device_is_named():
    result = run("spof", WEBSHOP, "-o", "/dev/full")
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: cannot write /dev/full: No space left on device"


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
def test_a_full_stdout_is_named():
    with open("/dev/full", "w") as full:
        process = subprocess.run([PYTHON, "-m", "depgraph", "spof", str(WEBSHOP)], cwd=ROOT,
                                 stdout=full, stderr=subprocess.PIPE, text=True, timeout=60)
    assert (process.returncode, process.stderr) == \
        (2, "error: cannot write stdout: No space left on device\n")


def test_a_hard_link_in_an_inventory_directory_is_read_once(tmp_path):
    directory = tmp_path / "inventory"
    directory.mkdir()
    shutil.copyfile(WEBSHOP, directory / "a.yaml")
    os.link(directory / "a.yaml", directory / "b.yaml")
    result = run("validate", directory)
    assert result.exit_code == 0, result.output
    assert "duplicate" not in result.output


# -- signals and pipes, in real processes ---------------------------------------------

def start_writing(tmp_path: Path, target: Path) -> subprocess.Popen:
    """``depgraph spof -o target``, paused while its temporary file exists."""
    environment = dict(os.environ, DEPGRAPH_TEST_PAUSE_WRITE="30")
    process = subprocess.Popen([PYTHON, "-m", "depgraph", "spof", str(WEBSHOP), "-o",
                                str(target)], cwd=ROOT, env=environment,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 20
    while not temporaries(target):
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "no temporary file appeared"
        time.sleep(0.02)
    return process


def temporaries(target: Path) -> list[str]:
    return glob.glob(str(target.parent / f".{target.name}.depgraph-*.tmp"))


@pytest.mark.parametrize("number, code", [(signal.SIGTERM, 143), (signal.SIGHUP, 129),
                                          (signal.SIGINT, 130)],
                         ids=["SIGTERM", "SIGHUP", "SIGINT"])
def test_a_signal_removes_the_temporary_file(tmp_path, number, code):
    target = tmp_path / "spof.txt"
    process = start_writing(tmp_path, target)
    process.send_signal(number)
    _, stderr = process.communicate(timeout=20)
    assert process.returncode == code, stderr
    assert "Aborted!" not in stderr and "Traceback" not in stderr
    assert not temporaries(target) and not target.exists()
    assert os.listdir(tmp_path) == []


def test_a_signal_as_the_temporary_file_is_created_removes_it(tmp_path, monkeypatch):
    """The signal arrives the instant the file exists, before its name is returned: held
    back until the write can remove it (it was left behind)."""
    from depgraph.cli import output

    created = []

    def mkstemp_then_terminated(*args, **kwargs):
        handle, name = real_mkstemp(*args, **kwargs)
        created.append(name)
        os.kill(os.getpid(), signal.SIGTERM)
        return handle, name

    def unwind(number, frame):
        raise SystemExit(128 + number)

    real_mkstemp = output.tempfile.mkstemp
    monkeypatch.setattr(output.tempfile, "mkstemp", mkstemp_then_terminated)
    previous = signal.signal(signal.SIGTERM, unwind)
    try:
        with pytest.raises(SystemExit) as stopped:
            output.write_atomically(str(tmp_path / "spof.txt"), "text\n")
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert stopped.value.code == 143
    assert created and os.listdir(tmp_path) == []


def test_an_ignored_hangup_stays_ignored(tmp_path):
    """Under nohup (SIGHUP ignored), a hangup does not stop the run (it did)."""
    target = tmp_path / "spof.txt"
    process = subprocess.Popen(
        [PYTHON, "-m", "depgraph", "spof", str(WEBSHOP), "-o", str(target)], cwd=ROOT,
        env=dict(os.environ, DEPGRAPH_TEST_PAUSE_WRITE="0.5"), stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True,
        preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_IGN))
    deadline = time.monotonic() + 20
    while not temporaries(target):
        assert process.poll() is None and time.monotonic() < deadline, process.communicate()
        time.sleep(0.02)
    process.send_signal(signal.SIGHUP)
    _, stderr = process.communicate(timeout=20)
    assert process.returncode == 0, stderr
    assert target.read_text(encoding="utf-8").startswith("Single points")
    assert not temporaries(target)


def test_a_kill_leaves_a_temporary_file_that_says_whose_it_is(tmp_path):
    target = tmp_path / "spof.txt"
    process = start_writing(tmp_path, target)
    process.kill()
    process.communicate(timeout=20)
    [left] = temporaries(target)
    assert os.path.basename(left).startswith(f".spof.txt.depgraph-{process.pid}-")


def with_a_closed(stream: str, *args: str) -> subprocess.CompletedProcess:
    """``depgraph ARGS`` with ``stream``'s reader gone before the first write (as after
    ``| head -1``, deterministically: the pipe's read end is closed at once)."""
    read, write = os.pipe()
    os.close(read)
    streams = {"stdout": subprocess.DEVNULL, "stderr": subprocess.PIPE}
    streams[stream] = write
    try:
        return subprocess.run([PYTHON, "-m", "depgraph", *args], cwd=ROOT, timeout=60,
                              text=True, **streams)
    finally:
        os.close(write)


def test_a_closed_stdout_is_not_an_error():
    """The reader stops: the command exits as it would have, quietly."""
    process = with_a_closed("stdout", "spof", "inventories/hospital-group.yaml", "--order", "2")
    assert (process.returncode, process.stderr) == (0, "")
    process = with_a_closed("stdout", "spof", str(WEBSHOP), "--fail-on-spof")
    assert (process.returncode, process.stderr) == (1, "")


def test_a_closed_stderr_keeps_exit_code_2(tmp_path):
    """An invalid inventory, stderr's reader gone: exit 2 (it was 1, 'findings' to CI)."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("components: 3\n", encoding="utf-8")
    assert with_a_closed("stderr", "spof", str(bad)).returncode == 2
    assert with_a_closed("stderr", "spof", str(WEBSHOP), "--fail", "nothing:x").returncode == 2
    # --debug's traceback meets the closed pipe first (it exited 1)
    assert with_a_closed("stderr", "--debug", "spof", str(WEBSHOP), "--target",
                         "nothing:x").returncode == 2


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["spof", "--help"],
                                  ["import", "open-psa", "--help"]],
                         ids=["help", "version", "spof-help", "import-help"])
def test_help_to_a_closed_pipe_exits_0(args):
    """click exits 1 when help meets a closed pipe: 'findings' to CI."""
    assert with_a_closed("stdout", *args).returncode == 0


def test_nor_the_baseline_it_compares_with(webshop, tmp_path):
    baseline = tmp_path / "baseline.json"
    assert run("spof", webshop, "-f", "json", "-o", baseline).exit_code == 0
    original = baseline.read_bytes()
    assert_refused(["spof", str(webshop), "--baseline", str(baseline), "-f", "json", "-o",
                    str(baseline)], original, baseline, "which the output would destroy")


def test_an_error_message_shows_controls_escaped(webshop):
    result = run("blast-radius", webshop, "--fail", "nonesuch\x1b[2J\nerror: FORGED")
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr and "\\x1b[2J\\nerror: FORGED" in result.stderr

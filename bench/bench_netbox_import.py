"""Benchmark: ``depgraph import netbox --from DIR``, then ``spof`` on what it wrote, on
NetBox's recorded demo data and on synthetic estates of a given number of devices.

Run:  python bench/bench_netbox_import.py [--sizes 1000,10000,100000] [--repeat 3]
          [--seed 1] [--workdir DIR]
Check that it works (seconds):  python bench/bench_netbox_import.py --sizes 1000 --repeat 1

The sets: the recorded responses of a real NetBox 4.2.9 with the community demo data
(``../shared/datasets/netbox-api-4.2`` beside the checkout, 72 devices; left out when
it is not there), then, for each size, ``bench/netbox_synthetic.py``'s estate of that
many devices (seed ``--seed``), generated into a temporary directory (``--workdir``:
there instead, and kept). For each set, in rounds (best of ``--repeat``; the steps take
turns so that the machine's drift hits them alike):

* baseline, the floor of any import: ``json.loads`` of every file the import reads
  (``recorded.py``'s endpoints, every page, and ``status.json``), all kept in memory as
  the import keeps them;
* the command in this process: ``depgraph.cli.main.main(["import", "netbox", "--from",
  DIR, "-o", FILE])`` (notes on stderr captured), and its parts, timed around the
  functions it calls: reading the saved responses (``read_recorded``), the mapping
  (``import_netbox``) and writing the YAML (``inventory_yaml``);
* the whole process: ``python -m depgraph import netbox --from DIR -o FILE``, then
  ``python -m depgraph spof FILE -o OUT``, each in a fresh interpreter (start-up
  included), with its peak resident set (``os.wait4``, from a small launcher process so
  that the benchmark's own memory is not counted).

This process runs with the garbage collector tuned as the ``depgraph`` command tunes it,
so that the in-process figures and the baseline compare with the command's. Every figure
is printed with its ratio to the baseline of the same set and run; the table at the end
gathers them. MB are 10^6 bytes. A benchmark, never run by the test suite.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(__file__))

ROOT = Path(__file__).resolve().parents[1]
DEMO = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "netbox-api-4.2"

import netbox_synthetic

import depgraph.formats.inventory_yaml as inventory_yaml_module
import depgraph.loaders.netbox.importer as importer_module
import depgraph.loaders.netbox.recorded as recorded_module
from depgraph.cli.main import main as depgraph_main
from depgraph.cli.tuning import tune_gc
from depgraph.loaders.netbox.recorded import ENDPOINTS, file_name

#: The parts of the command timed around the functions it calls: (module, function).
PARTS = {"read": (recorded_module, "read_recorded"),
         "map": (importer_module, "import_netbox"),
         "yaml": (inventory_yaml_module, "inventory_yaml")}
SUMMARY = re.compile(r"imported (\d+) components, .*; (\d+) findings?, (\d+) devices? left out")


def read_files(directory: Path) -> list[Path]:
    """The files ``read_recorded`` reads: status.json and every page of every endpoint."""
    files = [directory / "status.json"]
    for endpoint in ENDPOINTS:
        page = 1
        while (directory / file_name(endpoint, page)).exists():
            files.append(directory / file_name(endpoint, page))
            page += 1
    return files


def json_floor(files: list[Path]) -> float:
    """Seconds to read and ``json.loads`` every file, keeping every answer."""
    start = time.perf_counter()
    kept = [json.loads(path.read_text(encoding="utf-8")) for path in files]
    elapsed = time.perf_counter() - start
    del kept
    return elapsed


@contextlib.contextmanager
def timed_parts(times: dict[str, float], calls: dict[str, tuple]):
    """Time each of :data:`PARTS` while the command runs (it imports them when called);
    ``calls`` gets each part's arguments and answer."""
    originals = {}
    for part, (module, name) in PARTS.items():
        original = getattr(module, name)
        originals[part] = original

        def wrapper(*args, _original=original, _part=part, **kwargs):
            start = time.perf_counter()
            try:
                answer = _original(*args, **kwargs)
            finally:
                times[_part] = times.get(_part, 0.0) + time.perf_counter() - start
            calls[_part] = (args, kwargs, answer)
            return answer
        setattr(module, name, wrapper)
    try:
        yield
    finally:
        for part, (module, name) in PARTS.items():
            setattr(module, name, originals[part])


def in_process(directory: Path, output: Path) -> tuple[float, dict[str, float], str]:
    """The command run in this process: its time, its parts' and its last note; and, not
    part of the command, the time of the same YAML written by PyYAML's pure-Python
    emitter (``inventory_yaml(..., fast=False)``; the command writes with libyaml's),
    or None when its bytes differ."""
    times: dict[str, float] = {}
    calls: dict[str, tuple] = {}
    notes = io.StringIO()
    with timed_parts(times, calls), contextlib.redirect_stderr(notes):
        start = time.perf_counter()
        try:
            depgraph_main(["import", "netbox", "--from", str(directory), "-o", str(output)])
        except SystemExit as done:
            if done.code not in (0, None):
                sys.exit(f"import failed (exit {done.code}):\n{notes.getvalue()[-3000:]}")
        elapsed = time.perf_counter() - start
    lines = notes.getvalue().splitlines()
    args, kwargs, text = calls["yaml"]
    calls.clear()
    start = time.perf_counter()
    slow = inventory_yaml_module.inventory_yaml(*args, **dict(kwargs, fast=False))
    times["yaml slow"] = time.perf_counter() - start if slow == text else None
    return elapsed, times, lines[-1] if lines else ""


#: Runs a command and writes its wall time and peak resident set to a file. The command
#: is this small process's child, not the benchmark's: on Linux a process's peak counts
#: the memory of the process it was forked from, and the benchmark's own is large.
LAUNCHER = """
import json, os, sys, time
out, argv = sys.argv[1], sys.argv[2:]
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execv(argv[0], argv)
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
elapsed = time.perf_counter() - start
with open(out, "w") as stream:
    json.dump({"time": elapsed, "maxrss": usage.ru_maxrss,
               "code": os.waitstatus_to_exitcode(status)}, stream)
"""


def run(argv: list[str], log: Path) -> tuple[float, int]:
    """A command in a fresh process: (wall time, peak resident set in bytes)."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]))
    out = log.with_suffix(".run.json")
    with open(log, "w", encoding="utf-8") as stream:
        subprocess.run([sys.executable, "-c", LAUNCHER, str(out), *argv], stdout=stream,
                       stderr=subprocess.STDOUT, cwd=ROOT, env=env, check=True)
    done = json.loads(out.read_text(encoding="utf-8"))
    if done["code"] != 0:
        sys.exit(f"failed (exit {done['code']}): {' '.join(argv)}\n{log.read_text()[-3000:]}")
    peak = done["maxrss"] * (1 if sys.platform == "darwin" else 1024)
    return done["time"], peak


def measure(name: str, directory: Path, scratch: Path, repeat: int) -> dict:
    """Every figure of one set: the best of ``repeat`` rounds, steps taking turns."""
    files = read_files(directory)
    size = sum(path.stat().st_size for path in files)
    python = [sys.executable, "-m", "depgraph"]
    inventory, report = scratch / f"{name}.yaml", scratch / f"{name}.spof.txt"
    best: dict[str, float] = {}
    peaks: dict[str, int] = {}
    summary, differs = "", False

    def keep(key: str, value: float) -> None:
        best[key] = min(best.get(key, float("inf")), value)

    for turn in range(repeat):
        keep("json", json_floor(files))
        elapsed, parts, summary = in_process(directory, scratch / f"{name}.inprocess.yaml")
        keep("command", elapsed)
        for part, value in parts.items():
            if value is None:
                differs = True
            else:
                keep(part, value)
        elapsed, peak = run(python + ["import", "netbox", "--from", str(directory), "-o",
                                      str(inventory)], scratch / f"{name}.import.log")
        keep("import process", elapsed)
        peaks["import process"] = max(peaks.get("import process", 0), peak)
        elapsed, peak = run(python + ["spof", str(inventory), "-o", str(report)],
                            scratch / f"{name}.spof.log")
        keep("spof process", elapsed)
        peaks["spof process"] = max(peaks.get("spof process", 0), peak)
        print(f"  {name} round {turn + 1}/{repeat}: json {best['json']:.2f} s, "
              f"command {best['command']:.2f} s", flush=True)
    found = SUMMARY.search(summary)
    same = (scratch / f"{name}.inprocess.yaml").read_bytes() == inventory.read_bytes()
    spofs = report.read_text(encoding="utf-8").splitlines()
    devices = json.loads((directory / file_name("dcim/devices")).read_text(encoding="utf-8"))
    return {"name": name, "devices": devices["count"], "files": len(files), "mb": size / 1e6,
            "best": best, "peaks": peaks, "slow differs": differs,
            "components": int(found[1]) if found else None,
            "findings": int(found[2]) if found else None,
            "left out": int(found[3]) if found else None, "same": same,
            "spof": spofs[1].strip() if len(spofs) > 1 else ""}


def seconds(value: float) -> str:
    return f"{value:.2f} s" if value >= 1 else f"{value * 1000:.0f} ms"


def show(result: dict) -> None:
    best, floor = result["best"], result["best"]["json"]
    print(f"{result['name']}: {result['devices']:,} devices, {result['files']} files, "
          f"{result['mb']:.1f} MB; {result['components']:,} components, "
          f"{result['findings']:,} findings, {result['left out']:,} devices left out")
    print(f"  spof: {result['spof']}")
    if not result["same"]:
        print("  WARNING: the in-process and the subprocess imports wrote different bytes")
    if result["slow differs"]:
        print("  WARNING: PyYAML's pure-Python emitter wrote different bytes (not timed)")
    labels = {"json": "baseline: json.loads of every file read",
              "read": "  read_recorded (in the command)", "map": "  import_netbox (mapping)",
              "yaml": "  inventory_yaml (writing)",
              "yaml slow": "  (not in the command: the same by pure Python)",
              "command": "import in process",
              "import process": "import, whole process", "spof process": "spof, whole process"}
    for key, label in labels.items():
        if key not in best:
            continue
        peak = result["peaks"].get(key)
        print(f"  {label:<50} {seconds(best[key]):>9} {best[key] / floor:>7.1f}x"
              + (f"  peak {peak / 1e6:,.0f} MB" if peak else ""))
    total = best["import process"] + best["spof process"]
    print(f"  {'import + spof, whole processes':<50} {seconds(total):>9} {total / floor:>7.1f}x")


def table(results: list[dict]) -> None:
    """The figures as a Markdown table: time (ratio to the baseline)."""
    print()
    print("| set | devices | JSON read | components | findings | json.loads (baseline) | "
          "read | mapping | YAML | import in process | import process (peak) | "
          "spof process (peak) | import + spof | YAML by pure Python (not run) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for result in results:
        best, floor, peaks = result["best"], result["best"]["json"], result["peaks"]
        total = best["import process"] + best["spof process"]

        def cell(value: float | None, floor: float = floor) -> str:
            return "—" if value is None else f"{seconds(value)} ({value / floor:.1f}x)"
        print(f"| {result['name']} | {result['devices']:,} | {result['mb']:,.1f} MB | "
              f"{result['components']:,} | {result['findings']:,} | {seconds(floor)} | "
              f"{cell(best['read'])} | {cell(best['map'])} | {cell(best['yaml'])} | "
              f"{cell(best['command'])} | {cell(best['import process'])}, "
              f"{peaks['import process'] / 1e6:,.0f} MB | {cell(best['spof process'])}, "
              f"{peaks['spof process'] / 1e6:,.0f} MB | {cell(total)} | "
              f"{cell(best.get('yaml slow'))} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", help="generate and keep the sets here")
    args = parser.parse_args()
    tune_gc()
    work = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="netbox-"))
    work.mkdir(parents=True, exist_ok=True)
    results = []
    try:
        sets: list[tuple[str, Path]] = []
        if DEMO.is_dir():
            sets.append(("demo (NetBox 4.2.9)", DEMO))
        else:
            print(f"(no recorded demo data: {DEMO.name} is not beside this checkout)")
        for size in map(int, args.sizes.split(",")):
            directory = work / f"synthetic-{size}-seed{args.seed}"
            if not (directory / "status.json").exists():
                start = time.perf_counter()
                netbox_synthetic.write(netbox_synthetic.generate(size, args.seed), directory)
                print(f"generated {size:,} devices in {time.perf_counter() - start:.1f} s",
                      flush=True)
            sets.append((f"synthetic {size:,}", directory))
        for name, directory in sets:
            slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
            result = measure(slug, directory, work, args.repeat)
            result["name"] = name
            show(result)
            results.append(result)
        table(results)
    finally:
        if not args.workdir:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

"""``depgraph exercise``: the pack from a clean run, its goldens, the booklet parsed and
printed, the debrief, and the errors (exit 2, nothing written)."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import yaml

from tests.formats.test_report import Page, check_self_contained, chromium, needs_chromium
from tests.helpers import CAMPUS, HOSPITAL, check_golden, run

FILES = ["booklet.html", "card.md", "chronogramme.csv", "contacts.csv", "observer-grid.csv",
         "timeline.svg"]


def _pack(tmp_path: Path, *args: object) -> Path:
    out = tmp_path / "drill"
    result = run("exercise", HOSPITAL, "--scenario", "hostco-power", "-o", out, *args)
    assert result.exit_code == 0, result.output
    assert "expected decisions" in result.stderr and result.stdout == ""
    return out


def test_the_pack_of_the_hospitals_day(tmp_path):
    out = _pack(tmp_path)
    assert sorted(p.name for p in out.iterdir()) == FILES
    for name in ("card.md", "chronogramme.csv", "observer-grid.csv"):
        check_golden(f"exercise-hostco-power-{name}", (out / name).read_text("utf-8"))
    (tmp_path / "again").mkdir()
    again = _pack(tmp_path / "again")
    for name in FILES:  # the same inventory, the same bytes
        assert (out / name).read_bytes() == (again / name).read_bytes(), name
    grid = list(csv.DictReader((out / "observer-grid.csv").open(encoding="utf-8")))
    assert grid[0]["inject"] == "I01" and all(not r["observed_t_plus"] for r in grid)


def test_the_booklet_stands_alone_and_escapes_what_the_inventory_says(tmp_path):
    source = yaml.safe_load(Path(CAMPUS).read_text("utf-8"))
    hostile = "<script>alert(1)</script>&amp; \u202e"
    source["name"] = hostile
    for component in source["components"]:
        if component.get("type") == "business" or component.get("criticality") == "critical":
            component["continuity"] = {"procedure": hostile, "owner": hostile,
                                       "contact": "=HYPERLINK(\"x\")", "document": hostile}
    for scenario in source.get("scenarios", []):
        scenario["name"] = scenario["description"] = hostile
    path = tmp_path / "hostile.yaml"
    path.write_text(yaml.safe_dump(source, allow_unicode=True), "utf-8")
    scenario = source["scenarios"][0]["id"]
    result = run("exercise", path, "--scenario", scenario, "-o", tmp_path / "pack")
    assert result.exit_code == 0, result.output
    text = (tmp_path / "pack" / "booklet.html").read_text("utf-8")
    page = check_self_contained(text)
    assert "script" not in page.tags and "<script>" not in text
    assert hostile.split("\u202e")[0] in page.all_text.replace("\u202e", "")
    for name in ("chronogramme.csv", "contacts.csv", "observer-grid.csv"):
        for row in csv.reader((tmp_path / "pack" / name).open(encoding="utf-8")):
            assert not any(cell[:1] in ("=", "+", "-", "@") for cell in row if cell), row


@needs_chromium
def test_chromium_prints_the_booklet_a_part_a_page(tmp_path):
    out = _pack(tmp_path)
    shown = Page(chromium(tmp_path, out / "booklet.html", "--dump-dom").stdout.decode())
    for title in ("Scenario card", "Chronogramme (animators)", "Observer grid",
                  "Contact sheet", "The scenario in time"):
        assert title in shown.all_text, title
    assert shown.tags.count("svg") == 1
    pdf = tmp_path / "booklet.pdf"
    chromium(tmp_path, out / "booklet.html", "--no-pdf-header-footer",
             f"--print-to-pdf={pdf}")
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf.read_bytes()))
    assert pages >= 6  # the cover, then each of the five parts on a page of its own


def test_the_debrief_compares_observed_with_expected(tmp_path):
    out = _pack(tmp_path)
    rows = list(csv.DictReader((out / "observer-grid.csv").open(encoding="utf-8")))
    rows[0]["observed_t_plus"] = "T+20m"   # expected at T+0m
    rows[1]["observed_t_plus"] = rows[1]["expected_t_plus"]
    rows[2]["comments"] = "nobody called"
    observed = tmp_path / "observed.csv"
    with observed.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows[:3])
    result = run("exercise", "--debrief", out, "--observed", observed, "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["scenario"] == "hostco-power"
    assert data["summary"] == {"expected": len(rows), "late": 1, "missed": len(rows) - 2,
                               "on_time": 1}
    first, _, third = data["injects"][:3]
    assert (first["late_minutes"], third["observed_minutes"], third["note"]) == \
        (20.0, None, "nobody called")
    text = run("exercise", "--debrief", out, "--observed", observed).stdout
    assert text.splitlines()[1] == f"  1 of {len(rows)} expected decisions on time, 1 late, " \
                                   f"{len(rows) - 2} not observed."
    report = tmp_path / "debrief.md"
    assert run("exercise", "--debrief", out, "--observed", observed, "-o", report
               ).exit_code == 0
    assert report.read_text("utf-8").startswith("# Debrief: hostco-power")


def test_bad_input_is_exit_2_and_writes_nothing(tmp_path):
    out = tmp_path / "none"
    for args, said in [
            (("--scenario", "nope", "-o", out), "no scenario 'nope'"),
            (("--scenario", "hostco-power"), "give -o DIR"),
            (("-o", out), "give --scenario ID")]:
        result = run("exercise", HOSPITAL, *args)
        assert result.exit_code == 2 and said in result.stderr, result.output
        assert not out.exists() and "Traceback" not in result.output
    file = tmp_path / "a-file"
    file.write_text("x")
    result = run("exercise", HOSPITAL, "--scenario", "hostco-power", "-o", file)
    assert result.exit_code == 2 and "not a directory" in result.stderr
    pack = _pack(tmp_path)
    for content, said in [("inject,observed_t_plus\nI01,soon\n",
                           "observed.csv:2:1: inject I01: observed time 'soon'"),
                          ("inject,observed_t_plus\nI999,1h\n",
                           "observed.csv:2:1: no inject 'I999'"),
                          ("when\n1h\n", "observed.csv:1:1: no 'inject' column")]:
        observed = tmp_path / "observed.csv"
        observed.write_text(content, "utf-8")
        result = run("exercise", "--debrief", pack, "--observed", observed)
        assert result.exit_code == 2 and said in result.stderr, result.output
    result = run("exercise", "--debrief", tmp_path, "--observed", observed)
    assert result.exit_code == 2 and "no observer-grid.csv" in result.stderr

"""``depgraph bia``: one scenario, the library, the formats, the gate and the errors."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.helpers import CAMPUS, HOSPITAL, WEBSHOP, check_golden, run


def test_one_scenario_answers_first_what_breaches():
    result = run("bia", HOSPITAL, "--scenario", "hostco-power")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Business impact of Hospital group (38 hospitals)"
    assert lines[3].startswith("152 of 191 functions down; 114 MTPD breaches")
    assert "MTPD BREACHES (114; functions alike share a row)" in lines
    assert any(line.startswith("  h01-emergency, h02-emergency, h03-emergency and 35 more "
                               "(38): disrupted 3d11h30m, MTPD 8h") for line in lines)
    assert "DEGRADED PROCEDURES OUTLASTED (76)" in lines


def test_the_library_ranks_the_scenarios_by_weighted_impact():
    result = run("bia", HOSPITAL, "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    kinds = [s["kind"] for s in data["scenarios"]]
    assert kinds.count("scenario") == 2 and kinds.count("provider") == 5
    text = run("bia", HOSPITAL).stdout
    assert "The worst: The grid is out for three days and no fuel comes" in text
    assert "each its own location's loss" in text


def test_csv_is_one_row_per_function_down_and_scenario(tmp_path):
    out = tmp_path / "library.csv"
    result = run("bia", CAMPUS, "-o", str(out))
    assert result.exit_code == 0 and "scenarios on" in result.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    data = json.loads(run("bia", CAMPUS, "-f", "json").stdout)
    expected = [(s["id"], f) for s in data["scenarios"] for f in sorted(s["functions"])]
    assert [(r["scenario"], r["function"]) for r in rows] == expected


def test_markdown_and_a_command_line_scenario():
    result = run("bia", WEBSHOP, "--fail", "zone-a", "--repair", "4h", "-f", "markdown")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Business impact: the events given on the command line")


def test_the_gate_and_the_errors():
    gated = run("bia", HOSPITAL, "--scenario", "hostco-power", "--fail-on-breach")
    assert gated.exit_code == 1
    both = run("bia", HOSPITAL, "--scenario", "hostco-power", "--fail", "hostco-ups")
    assert both.exit_code == 2 and "not both" in both.output
    unknown = run("bia", HOSPITAL, "--scenario", "hostco-powr")
    assert unknown.exit_code == 2 and "hostco-power" in unknown.output
    wrong = run("bia", HOSPITAL, "-f", "sarif")
    assert wrong.exit_code == 2


def test_with_limited_teams_the_figures_are_the_timelines_with_the_same_limits():
    bia = json.loads(run("bia", CAMPUS, "--scenario", "grid-loss", "--team",
                         "campus-facilities=1", "-f", "json").stdout)
    told = json.loads(run("timeline", CAMPUS, "--scenario", "grid-loss", "--team",
                          "campus-facilities=1", "-f", "json").stdout)
    (column,) = bia["scenarios"]
    assert bia["teams"] == {"campus-facilities": 1}
    for ident, cell in column["functions"].items():
        spans = told["components"][ident]
        assert cell["first_down_minutes"] == spans[0]["down"]
        assert cell["back_minutes"] == spans[-1]["back"]
    free = json.loads(run("bia", CAMPUS, "--scenario", "grid-loss", "-f", "json").stdout)
    assert column["functions"]["shop"]["down_minutes"] > \
        free["scenarios"][0]["functions"]["shop"]["down_minutes"]


@pytest.mark.parametrize("fmt, suffix", [("text", ".txt"), ("json", ".json"),
                                         ("markdown", ".md"), ("csv", ".csv")])
def test_the_hospital_day_golden(fmt, suffix):
    """The hosting provider's power failure, for the first hospital's functions, in every
    format (``DEPGRAPH_UPDATE_GOLDEN=1`` rewrites them; review the diff)."""
    result = run("bia", HOSPITAL, "--scenario", "hostco-power", "--target", "id:h01-*",
                 "-f", fmt)
    assert result.exit_code == 0, result.output
    check_golden(f"bia-hospital-h01{suffix}", result.stdout)


def test_the_campus_library_golden():
    result = run("bia", CAMPUS, "-f", "csv")
    assert result.exit_code == 0, result.output
    check_golden("bia-campus-library.csv", result.stdout)

"""``depgraph exercise``: a tabletop exercise pack of one scenario, and its debrief."""

from __future__ import annotations

import csv
import os

import click

from depgraph.analysis.exercise import debrief, exercise
from depgraph.cli.output import emit, say, write_atomically
from depgraph.cli.shared import (
    CONTEXT,
    complete_scenario,
    handle_errors,
    load,
    target_option,
    team_option,
)
from depgraph.core.durations import parse_duration
from depgraph.core.problems import DepgraphError
from depgraph.core.selectors import parse_selector, select_all
from depgraph.core.wording import plural
from depgraph.formats import exercise as pack_format

__all__ = ["exercise_command"]

_DEBRIEF_FORMATS = {"text": pack_format.debrief_text, "markdown": pack_format.debrief_markdown,
                    "json": pack_format.debrief_json}
_EXTENSIONS = {".md": "markdown", ".json": "json", ".txt": "text"}


@click.command("exercise", context_settings=CONTEXT)
@click.argument("inventory", nargs=-1,
                type=click.Path(exists=True, dir_okay=True, allow_dash=False))
@click.option("--scenario", metavar="ID", shell_complete=complete_scenario,
              help="The scenario of the inventory to play.")
@target_option("The functions to follow (repeatable) [default: the components of type "
               "business, else the critical ones, else those nothing depends on].")
@team_option("Limit a team to N repairs and restorations at once (repeatable).")
@click.option("--output", "-o", "output", metavar="DIR|FILE",
              help="The pack's directory (made if missing; the pack's files in it are "
                   "replaced); with --debrief, the debrief's file [default: stdout].")
@click.option("--debrief", "debrief_dir", metavar="DIR",
              type=click.Path(exists=True, file_okay=False),
              help="Instead of a pack: compare the times observed (--observed) with the "
                   "pack's in DIR.")
@click.option("--observed", metavar="FILE", type=click.Path(exists=True, dir_okay=False),
              help="With --debrief: the observer grid filled in (CSV: inject, "
                   "observed_t_plus such as T+1h30m, blank when not seen).")
@click.option("--format", "-f", "format_name", type=click.Choice(sorted(_DEBRIEF_FORMATS)),
              help="The debrief's format [default: from -o's extension, else text].")
@handle_errors
def exercise_command(inventory: tuple[str, ...], scenario: str | None, target: tuple[str, ...],
                     team: dict[str, int], output: str | None, debrief_dir: str | None,
                     observed: str | None, format_name: str | None) -> None:
    """A tabletop exercise of one scenario: the scenario card, the chronogramme of
    injects (CSV: T+ time, event, who is affected, what is expected of whom), the
    observer grid, the contact sheet, the timeline picture, and a booklet of it all
    that prints (HTML). With --debrief, the observed times against the expected ones.

    \b
    Examples:
      depgraph exercise inventories/hospital-group.yaml --scenario hostco-power -o drill
      depgraph exercise --debrief drill --observed drill/observed.csv
    """
    if debrief_dir is not None:
        if inventory or scenario:
            raise click.UsageError("--debrief reads the pack, not the inventory: give "
                                   "--debrief DIR --observed FILE alone")
        if observed is None:
            raise click.UsageError("--debrief needs --observed FILE: the grid filled in")
        _debrief(debrief_dir, observed, format_name, output)
        return
    if not inventory:
        raise click.UsageError("give the inventory, or --debrief DIR --observed FILE")
    if scenario is None:
        raise click.UsageError("give --scenario ID: the scenario to play")
    if output is None:
        raise click.UsageError("give -o DIR: the pack is several files")
    if observed is not None or format_name is not None:
        raise click.UsageError("--observed and --format go with --debrief")
    if os.path.exists(output) and not os.path.isdir(output):
        raise DepgraphError(f"{output}: not a directory; the pack is several files")
    if not os.path.isdir(os.path.dirname(os.path.abspath(output))):
        raise DepgraphError(f"{output}: its parent directory does not exist")
    loaded = load(inventory)
    targets = select_all(loaded, [parse_selector(t) for t in target]) if target else None
    pack = exercise(loaded, scenario, targets=targets, teams=team)
    from depgraph.render.timeline.scenario import scenario_svg

    files = pack_format.pack_files(pack, scenario_svg(pack.timeline))  # all, then written
    os.makedirs(output, exist_ok=True)
    for name, text in sorted(files.items()):
        write_atomically(os.path.join(output, name), text)
    say(f"exercise: {plural(len(pack.injects), 'inject')}, "
        f"{plural(len(pack.expected), 'expected decision')}, "
        f"{plural(len(pack.contacts), 'contact')}; {len(files)} files in {output}")


def _rows(path: str) -> list[tuple[int, dict[str, str]]]:
    """A CSV file's rows with their line numbers, or an error naming the file."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            rows = [(reader.line_num, row) for row in reader]
            fields = reader.fieldnames or []
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise DepgraphError(f"{path}: cannot read it as CSV: {error}") from error
    if "inject" not in fields:
        raise DepgraphError(f"{path}:1:1: no 'inject' column; the grid's columns are "
                            + ", ".join(pack_format.GRID_COLUMNS))
    return [(line, {k: (v or "").strip() for k, v in row.items() if k is not None})
            for line, row in rows]


def _debrief(directory: str, observed: str, format_name: str | None,
             output: str | None) -> None:
    grid = os.path.join(directory, "observer-grid.csv")
    if not os.path.isfile(grid):
        raise DepgraphError(f"{directory}: no observer-grid.csv; make the pack with "
                            "depgraph exercise INVENTORY --scenario ID -o DIR")
    card = os.path.join(directory, "card.md")
    scenario = os.path.basename(os.path.normpath(directory))
    if os.path.isfile(card):
        with open(card, encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("Scenario `"):
                    scenario = line.split("`")[1]
                    break
    expected = []
    for line, row in _rows(grid):
        try:
            at = round(float(row.get("expected_minutes", "")) * 60)
        except ValueError:
            raise DepgraphError(f"{grid}:{line}:1: inject {row.get('inject')!r} has no "
                                "expected_minutes; make the pack again") from None
        expected.append((row["inject"], row.get("expected", ""), row.get("who", ""), at))
    known = {number for number, *_ in expected}
    seen: dict[str, tuple[int | None, str]] = {}
    for line, row in _rows(observed):
        number = row["inject"]
        if not number:
            continue
        if number not in known:
            raise DepgraphError(f"{observed}:{line}:1: no inject {number!r} in the pack's "
                                f"grid; it has {expected[0][0]} to {expected[-1][0]}"
                                if expected else f"{observed}:{line}:1: the pack's grid "
                                                 "is empty")
        when = row.get("observed_t_plus", "")
        at = None
        if when:
            text = when[2:] if when.upper().startswith("T+") else when
            try:
                at = parse_duration(text)
            except ValueError as error:
                raise DepgraphError(f"{observed}:{line}:1: inject {number}: observed time "
                                    f"{when!r}: {error}; write it as T+1h30m") from None
        note = "; ".join(v for v in (row.get("observed_decision", ""),
                                     row.get("comments", "")) if v)
        seen[number] = (at, note)
    chosen = format_name or _EXTENSIONS.get(os.path.splitext(output or "")[1], "text")
    result = debrief(scenario, expected, seen)
    emit(_DEBRIEF_FORMATS[chosen](result), output)

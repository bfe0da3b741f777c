"""The ``depgraph`` command line (click). Only this module turns errors into exit codes."""

from __future__ import annotations

import functools
import os
import sys
import traceback
from pathlib import Path
from typing import Callable

import click
from click.shell_completion import CompletionItem, split_arg_string

from depgraph._version import __version__
from depgraph.analysis.blast_radius import blast_radius
from depgraph.analysis.diff import diff_spofs
from depgraph.analysis.lint import RULES, lint
from depgraph.analysis.restore_plan import restore_plan
from depgraph.analysis.spof import single_points_of_failure
from depgraph.cli.exitcodes import ExitCode
from depgraph.cli.output import emit, say
from depgraph.cli.progress import progress_bar
from depgraph.cli.tuning import quiet_gc, tune_gc
from depgraph.core.durations import format_duration, parse_duration
from depgraph.core.model import Inventory
from depgraph.core.problems import DepgraphError, InventoryError, Problem, did_you_mean
from depgraph.core.selectors import SELECTOR_KEYS, parse_selector, select_all, selector_values
from depgraph.formats import COMMAND_FORMATS, get_format
from depgraph.loaders.baseline import read_spof_baseline
from depgraph.loaders.files import load_inventory

__all__ = ["main", "cli"]

_CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _complete_selector(ctx: click.Context, param: click.Parameter, incomplete: str):
    """Complete selector keys (``provider:``), then their values from the inventory."""
    head, _, last = incomplete.rpartition(",")
    prefix = f"{head}," if head else ""
    key, colon, partial = last.partition(":")
    if not colon:
        return [CompletionItem(f"{prefix}{k}:")
                for k in SELECTOR_KEYS if k.startswith(last)]
    paths = ctx.params.get("inventory") or _paths_being_typed()
    if ctx.command.name == "diff":  # the selectors apply to both sides: complete from NEW
        paths = [ctx.params["new"]] if ctx.params.get("new") else paths[-1:]
    try:
        inventory = load_inventory(*paths)
    except DepgraphError:
        return []
    return [CompletionItem(f"{prefix}{key}:{value}")
            for value in selector_values(inventory, key) if value.startswith(partial)]


def _paths_being_typed() -> list[str]:
    """Inventory paths on the command line being completed.

    click has not parsed the arguments yet when the line ends on ``--fail``, so
    read the words the shell passes (every click shell sets COMP_WORDS).
    """
    words = split_arg_string(os.environ.get("COMP_WORDS", ""))
    return [w for w in words[2:] if not w.startswith("-") and
            (os.path.isdir(w) or w.endswith((".yaml", ".yml"))) and os.path.exists(w)]


_inventory_argument = click.argument(
    "inventory", nargs=-1, required=True,
    type=click.Path(exists=True, dir_okay=True, allow_dash=False))
def _format_option(command: str):
    choices = COMMAND_FORMATS[command]
    automatic = " (github under GitHub Actions)" if "github" in choices else ""
    return click.option("--format", "-f", "format_name", type=click.Choice(choices),
                        default=None, help=f"Output format [default: text{automatic}].")


_BY_EXTENSION = {".json": "json", ".md": "markdown", ".markdown": "markdown",
                 ".sarif": "sarif", ".xml": "junit", ".txt": "text", ".svg": "svg"}


def _resolve_format(format_name: str | None, command: str, output: str | None) -> str:
    """The format asked for; else the one ``-o FILE``'s extension names, where offered;
    else ``github`` under GitHub Actions, where offered; else text."""
    offered = COMMAND_FORMATS[command]
    if format_name:
        return format_name
    by_extension = _BY_EXTENSION.get(os.path.splitext(output or "")[1].lower())
    if by_extension in offered:
        return by_extension
    if os.environ.get("GITHUB_ACTIONS") == "true" and "github" in offered:
        return "github"
    return "text"


_output_option = click.option(
    "--output", "-o", type=click.Path(dir_okay=False, writable=True),
    help="Write the report to FILE (atomically) instead of stdout.")


def _handle_errors(command: Callable) -> Callable:
    """Turn depgraph's errors into a message on stderr and exit code 2; never a traceback."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        debug = click.get_current_context().find_root().params.get("debug", False)
        try:
            return command(*args, **kwargs)
        except InventoryError as error:
            _report_problems(error.problems, getattr(error, "what", "the inventory"))
            sys.exit(ExitCode.BAD_INPUT)
        except DepgraphError as error:
            if debug:
                traceback.print_exc()
            say(f"error: {error}")
            sys.exit(ExitCode.BAD_INPUT)
        except OSError as error:
            say(f"error: {error.filename or ''}: {error.strerror or error}")
            sys.exit(ExitCode.BAD_INPUT)
        except (click.exceptions.Exit, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except Exception as error:  # a bug: say so plainly, no traceback unless asked
            if debug:
                traceback.print_exc()
            say(f"internal error: {type(error).__name__}: {error}\n"
                "This is a bug in depgraph; run again with --debug and report the traceback.")
            sys.exit(ExitCode.INTERNAL)

    return wrapper


def _load(paths: tuple[str, ...]) -> Inventory:
    """Load the inventory, with a progress bar on stderr when it is a terminal and the
    files are large enough for the wait to show."""
    large = sys.stderr.isatty() and sum(_size(p) for p in paths) >= _PROGRESS_FROM_BYTES
    with progress_bar("loading", large) as advance, quiet_gc():
        return load_inventory(*paths, progress=advance)


_PROGRESS_FROM_BYTES = 2_000_000
#: An analysis shows a progress bar from this many components on (about two seconds).
_PROGRESS_FROM_COMPONENTS = 15_000


def _large(inventory: Inventory) -> bool:
    return sys.stderr.isatty() and len(inventory) >= _PROGRESS_FROM_COMPONENTS


def _size(path: str) -> int:
    if os.path.isdir(path):
        return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file())
    return os.path.getsize(path)


def _report_problems(problems: tuple[Problem, ...], what: str = "the inventory") -> None:
    for problem in problems:
        say(str(problem))
    errors = sum(1 for p in problems if p.severity == "error")
    say(f"{errors} error{'s' if errors != 1 else ''}: {what} is invalid")


@click.group(context_settings=_CONTEXT)
@click.version_option(__version__, "--version", "-V", prog_name="depgraph")
@click.option("--debug", is_flag=True, help="Show tracebacks of errors (for bug reports).")
def cli(debug: bool) -> None:
    """What breaks when infrastructure fails, and how to bring it back.

    INVENTORY is one or more YAML files or directories of them, merged into one
    inventory. Shell completion: eval "$(_DEPGRAPH_COMPLETE=bash_source depgraph)"
    (zsh_source, fish_source for other shells).
    """


def _check_rules(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]):
    for rule in value:
        if rule not in RULES:
            hint = did_you_mean(rule, RULES) or f"rules: {', '.join(RULES)}"
            raise click.BadParameter(f"unknown lint rule '{rule}'; {hint}")
    return value


@cli.command(context_settings=_CONTEXT)
@_inventory_argument
@click.option("--strict", is_flag=True, help="Exit 1 when there are warnings.")
@click.option("--disable", multiple=True, metavar="RULE", callback=_check_rules,
              shell_complete=lambda ctx, param, incomplete: [
                  CompletionItem(r) for r in RULES if r.startswith(incomplete)],
              help=f"Switch a lint rule off (repeatable): {', '.join(RULES)}.")
@_format_option("validate")
@_output_option
@_handle_errors
def validate(inventory: tuple[str, ...], strict: bool, disable: tuple[str, ...],
             format_name: str | None, output: str | None) -> None:
    """Check inventory files: every error of every file, with file:line:column, then
    warnings from the lint rules (illusory redundancy, single power paths, ...).

    Exit 0 when valid, 1 with --strict when there are warnings, 2 on any error.
    The report (problems and a verdict line) goes to stdout or -o; with -o or a
    machine format, a one-line verdict also goes to stderr.
    """
    format_name = _resolve_format(format_name, "validate", output)
    try:
        loaded = _load(inventory)
        problems: tuple[Problem, ...] = lint(loaded, disable)
    except InventoryError as error:
        loaded, problems = None, error.problems
    emit(get_format(format_name).problems(problems, loaded, strict=strict), output)
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    if _to_file(output) or format_name != "text":
        say(f"{errors} error{'s' if errors != 1 else ''}: the inventory is invalid" if errors
            else f"valid: {len(loaded)} component{'s' if len(loaded) != 1 else ''}, "
                 f"{warnings} warning{'s' if warnings != 1 else ''}")
    if errors:
        sys.exit(ExitCode.BAD_INPUT)
    if strict and warnings:
        sys.exit(ExitCode.FINDINGS)


@cli.command("blast-radius", context_settings=_CONTEXT)
@_inventory_argument
@click.option("--fail", "fail", metavar="SELECTOR", multiple=True, required=True,
              shell_complete=_complete_selector,
              help="What fails: a component id, or key:value filters joined by commas "
                   "(provider:hostco,type:power). Repeat to fail several at once.")
@_format_option("blast-radius")
@_output_option
@_handle_errors
def blast_radius_command(inventory: tuple[str, ...], fail: tuple[str, ...],
                         format_name: str | None, output: str | None) -> None:
    """What fails, and what is degraded, when SELECTOR fails; each failure explained.

    \b
    Example:
      depgraph blast-radius inventories/hospital-group.yaml \\
          --fail provider:hostco,type:power
    """
    format_name = _resolve_format(format_name, "blast-radius", output)
    selectors = [parse_selector(text) for text in fail]
    loaded = _load(inventory)
    result = blast_radius(loaded, select_all(loaded, selectors), [s.text for s in selectors])
    emit(get_format(format_name).blast_radius(result), output)
    if _to_file(output) or format_name != "text":
        say(f"{len(result.failed)} of {len(loaded)} components fail "
            f"({len(result.initial)} initially), {len(result.degraded)} degraded")


@cli.command(context_settings=_CONTEXT)
@_inventory_argument
@click.option("--target", "target", metavar="SELECTOR", multiple=True,
              shell_complete=_complete_selector,
              help="What must survive (repeatable) [default: critical components, or the "
                   "components nothing depends on].")
@click.option("--order", type=click.IntRange(1, 2), default=1, show_default=True,
              help="2: also every minimal pair of components (and of providers) whose joint "
                   "failure kills a target although neither alone does.")
@click.option("--fail-on-spof", is_flag=True,
              help="Exit 1 when there is a single point of failure (a new one, with "
                   "--baseline).")
@click.option("--baseline", type=click.Path(exists=True, dir_okay=False), metavar="FILE",
              help="A previous 'spof --format json' report: only SPOFs it lacks are new.")
@_format_option("spof")
@_output_option
@_handle_errors
def spof(inventory: tuple[str, ...], target: tuple[str, ...], order: int, fail_on_spof: bool,
         baseline: str | None, format_name: str | None, output: str | None) -> None:
    """Single points of failure: every component, provider and location whose failure
    alone takes down a target, ranked by impact, with why the redundancy did not help.

    \b
    Example (a CI gate that fails on SPOFs a pull request adds):
      depgraph spof inventories/ --baseline main-spof.json --fail-on-spof
    """
    format_name = _resolve_format(format_name, "spof", output)
    selectors = [parse_selector(text) for text in target]
    known = read_spof_baseline(baseline) if baseline else None
    loaded = _load(inventory)
    targets = select_all(loaded, selectors) if selectors else None
    with progress_bar("analysing", _large(loaded)) as advance:
        report = single_points_of_failure(loaded, targets, order, progress=advance)
    if known is not None:
        report = report.against(known)
    emit(get_format(format_name).spof(report), output)
    counted = report.counted
    if _to_file(output) or format_name != "text":
        say(f"{len(report.spofs)} single points of failure"
            + (f" ({len(counted)} new)" if known is not None else "")
            + f"; {len(report.at_risk)} of {len(report.targets)} targets at risk")
    if fail_on_spof and counted:
        sys.exit(ExitCode.FINDINGS)


def _duration(ctx: click.Context, param: click.Parameter, value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return parse_duration(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


def _complete_team(ctx: click.Context, param: click.Parameter, incomplete: str):
    """Complete ``--team`` with the teams of the inventory being typed, then ``=``."""
    paths = ctx.params.get("inventory") or _paths_being_typed()
    try:
        inventory = load_inventory(*paths)
    except DepgraphError:
        return []
    teams = sorted({c.team for c in inventory.components.values() if c.team})
    return [CompletionItem(f"{team}=") for team in teams if team.startswith(incomplete)]


def _teams(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]
           ) -> dict[str, int]:
    teams: dict[str, int] = {}
    for value in values:
        name, equals, count = value.partition("=")
        if not equals or not name or not count.strip().isdigit():
            raise click.BadParameter(f"'{value}' is not NAME=N; for example --team systems=2")
        teams[name.strip()] = int(count)
    return teams


@cli.command("restore-plan", context_settings=_CONTEXT)
@_inventory_argument
@click.option("--fail", "fail", metavar="SELECTOR", multiple=True,
              shell_complete=_complete_selector,
              help="What fails initially: a component id, or key:value filters joined by "
                   "commas (provider:hostco,type:power). Repeatable.")
@click.option("--cold-start", is_flag=True,
              help="Start from everything down (a total power loss); --fail then names the "
                   "initial failures that --repair applies to.")
@click.option("--repair", metavar="DURATION", callback=_duration,
              help="How long the initial failures take to repair (3h, 1d12h) [default: "
                   "their own restore time].")
@click.option("--team", "team", metavar="NAME=N", multiple=True, callback=_teams,
              shell_complete=_complete_team,
              help="Limit a team to N restorations at once (repeatable) [default: no limit].")
@click.option("--fail-on-breach", is_flag=True, help="Exit 1 when an RTO is breached.")
@click.option("--fail-on-deadlock", is_flag=True,
              help="Exit 1 when something never comes back (a deadlock).")
@_format_option("restore-plan")
@_output_option
@_handle_errors
def restore_plan_command(inventory: tuple[str, ...], fail: tuple[str, ...], cold_start: bool,
                         repair: int | None, team: dict[str, int], fail_on_breach: bool,
                         fail_on_deadlock: bool, format_name: str | None,
                         output: str | None) -> None:
    """In which order things come back after SELECTOR fails, and when: waves, start and
    end times, the critical path, RTO breaches, teams that hold things back, and the
    deadlocks that keep things down. -o plan.svg draws the timeline.

    \b
    Example (the hosting provider's power back in 3 hours):
      depgraph restore-plan inventories/hospital-group.yaml \\
          --fail provider:hostco,type:power --repair 3h
    """
    if not fail and not cold_start:
        raise click.UsageError("say what fails (--fail SELECTOR) or start from everything "
                               "down (--cold-start)")
    if repair is not None and not fail:
        raise click.UsageError("--repair is how long the initial failures take: name them "
                               "with --fail (in a cold start, each takes its own restore)")
    format_name = _resolve_format(format_name, "restore-plan", output)
    selectors = [parse_selector(text) for text in fail]
    loaded = _load(inventory)
    initial = select_all(loaded, selectors) if selectors else ()
    with progress_bar("planning", _large(loaded)) as advance:
        plan = restore_plan(loaded, initial, repair=repair, cold_start=cold_start, teams=team,
                            selectors=[s.text for s in selectors], progress=advance)
    if format_name == "svg":
        from depgraph.render.timeline import timeline_svg
        emit(timeline_svg(plan, loaded), output)
    else:
        emit(get_format(format_name).restore_plan(plan), output)
    if _to_file(output) or format_name != "text":
        breaches = len(plan.rto_breaches)
        say(f"{len(plan.steps)} of {len(plan.failed)} components back after "
            f"{format_duration(plan.total)}; {breaches} RTO breach{'es' if breaches != 1 else ''}"
            f"; {len(plan.unrestorable)} never back")
    for deadlock in plan.deadlocks:
        say(f"deadlock: {' <-> '.join(deadlock.members)} (start "
            f"{', '.join(deadlock.start_by_hand)} by hand first)")
    if (fail_on_breach and plan.rto_breaches) or (fail_on_deadlock and plan.unrestorable):
        sys.exit(ExitCode.FINDINGS)


@cli.command(context_settings=_CONTEXT)
@click.option("--components", "-n", type=click.IntRange(20, 50_000_000), required=True,
              metavar="N", help="About how many components (at least 20).")
@click.option("--seed", type=int, default=1, show_default=True,
              help="The same seed gives the same estate, byte for byte.")
@click.option("--no-restoration", is_flag=True,
              help="Leave out restore times, teams and RTOs.")
@_output_option
@_handle_errors
def generate(components: int, seed: int, no_restoration: bool, output: str | None) -> None:
    """Write a synthetic estate of about N components as inventory YAML: grid, feeds,
    generators and UPS in pairs, datacenters (some at a hosting provider), racks with A/B
    PDUs and a switch, hosts in n-1 of n clusters, VMs, 2-of-3 database clusters, DNS and
    a directory, applications in one or two datacenters, critical business functions;
    about three dependencies per component.

    \b
    Example:
      depgraph generate -n 100000 --seed 7 -o estate.yaml
    """
    from depgraph.formats.inventory_yaml import inventory_yaml
    from depgraph.loaders.synthetic import synthetic_inventory, with_restoration
    inventory = synthetic_inventory(components, seed)
    if not no_restoration:
        inventory = with_restoration(inventory)
    emit(inventory_yaml(inventory, f"depgraph generate --components {components} --seed {seed}"
                        + (" --no-restoration" if no_restoration else ""), fast=True), output)
    if _to_file(output):
        say(f"{len(inventory)} components written to {output}")


def _side_argument(name: str):
    return click.argument(name, type=click.Path(exists=True, dir_okay=True, allow_dash=False))


@cli.command(context_settings=_CONTEXT)
@_side_argument("old")
@_side_argument("new")
@click.option("--target", "target", metavar="SELECTOR", multiple=True,
              shell_complete=_complete_selector,
              help="What must survive (repeatable), the same on both sides; it must match "
                   "something on each [default: each side's critical components, or the "
                   "components nothing depends on].")
@click.option("--fail-on-new", is_flag=True,
              help="Exit 1 when the change introduces a single point of failure or puts a "
                   "target at risk that was not.")
@_format_option("diff")
@_output_option
@_handle_errors
def diff(old: str, new: str, target: tuple[str, ...], fail_on_new: bool,
         format_name: str | None, output: str | None) -> None:
    """What a change to the inventory does to its single points of failure: the SPOFs
    it introduces, removes or changes, and the targets it puts at risk or saves.

    OLD and NEW are each an inventory: a file, or a directory of files merged as usual.
    Exit 0, or 1 with --fail-on-new when the change makes things worse; 2 when either
    side is invalid (every problem of both is listed, each naming its file).

    \b
    Example (a pull-request check, with main checked out beside the branch):
      git worktree add ../base origin/main
      depgraph diff ../base/inventories inventories --format markdown --fail-on-new
    """
    format_name = _resolve_format(format_name, "diff", output)
    selectors = [parse_selector(text) for text in target]
    before, after = _load_both(old, new)
    result = diff_spofs(before, after, selectors or None)
    emit(get_format(format_name).diff(result), output)
    if _to_file(output) or format_name != "text":
        spofs = len(result.introduced)
        targets = len(result.newly_at_risk)
        say(f"{spofs} single point{'s' if spofs != 1 else ''} of failure introduced, "
            f"{len(result.removed)} removed, {len(result.changed)} changed; "
            f"{targets} target{'s' if targets != 1 else ''} newly at risk, "
            f"{len(result.no_longer_at_risk)} no longer at risk")
    if fail_on_new and result.worsens:
        sys.exit(ExitCode.FINDINGS)


def _load_both(old: str, new: str) -> tuple[Inventory, Inventory]:
    """Both inventories, or every problem of both sides at once."""
    loaded, problems = [], []
    for path in (old, new):
        try:
            loaded.append(_load((path,)))
        except InventoryError as error:
            problems += error.problems
    if problems:
        raise InventoryError(problems)
    return loaded[0], loaded[1]


def _add_subcommands() -> None:
    from depgraph.cli.openpsa import export_group, import_group
    from depgraph.cli.render import render_command
    from depgraph.cli.report import report_command

    cli.add_command(import_group)
    cli.add_command(export_group)
    cli.add_command(render_command)
    cli.add_command(report_command)


_add_subcommands()


def _to_file(output: str | None) -> bool:
    return bool(output) and output != "-"


def main(argv: list[str] | None = None, prog_name: str = "depgraph") -> None:
    """The console script's entry point."""
    tune_gc()
    cli.main(args=argv, prog_name=prog_name)

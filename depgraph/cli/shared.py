"""What every command shares: error handling, loading, completion, options, formats.

The commands (:mod:`depgraph.cli.commands`) are built from these pieces and
:mod:`depgraph.cli.main` only assembles them, so that no command module imports
another, nor the main one.
"""

from __future__ import annotations

import functools
import os
import sys
import traceback
from pathlib import Path
from typing import Callable

import click
from click.shell_completion import CompletionItem, split_arg_string

from depgraph.cli.exitcodes import ExitCode
from depgraph.cli.output import refuse_overwriting_inputs, say, silence_closed_streams
from depgraph.cli.progress import progress_bar
from depgraph.cli.tuning import quiet_gc
from depgraph.core.durations import parse_duration
from depgraph.core.model import Inventory
from depgraph.core.problems import DepgraphError, InventoryError, Problem
from depgraph.core.selectors import SELECTOR_KEYS, selector_values
from depgraph.core.wording import visible
from depgraph.formats import by_extension, extensions, offered
from depgraph.loaders.files import load_inventory

__all__ = ["CONTEXT", "PROGRESS_FROM_BYTES", "PROGRESS_FROM_COMPONENTS", "complete_id",
           "complete_scenario", "complete_selector", "complete_team", "duration",
           "fail_option", "format_option", "handle_errors", "inventory_argument", "large",
           "load", "load_both", "output_option", "paths_being_typed", "report_problems", "resolve_format",
           "scenario_option", "target_option", "team_option", "to_file"]

#: Every command's click settings.
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

#: Loading shows a progress bar from this many bytes of inventory on.
PROGRESS_FROM_BYTES = 2_000_000
#: An analysis shows a progress bar from this many components on (about two seconds).
PROGRESS_FROM_COMPONENTS = 15_000


# -- errors -------------------------------------------------------------------------


def handle_errors(command: Callable) -> Callable:
    """Turn depgraph's errors into a message on stderr and exit code 2; never a
    traceback (``--debug`` shows it), never a partial output. Under the ``github``
    format the problems of an invalid inventory are workflow annotations."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        context = click.get_current_context()
        debug = context.find_root().params.get("debug", False)
        try:
            refuse_overwriting_inputs(kwargs.get("output"), _inputs(kwargs))
            return command(*args, **kwargs)
        except InventoryError as error:
            report_problems(error.problems, getattr(error, "what", "the inventory"))
            sys.exit(ExitCode.BAD_INPUT)
        except DepgraphError as error:
            if debug:
                _print_traceback()
            say(_annotated(visible(f"error: {error}")))
            sys.exit(ExitCode.BAD_INPUT)
        except BrokenPipeError:  # a reader went away: quietly, as if killed by SIGPIPE
            silence_closed_streams()
            sys.exit(ExitCode.BROKEN_PIPE)
        except OSError as error:
            place = f"{error.filename}: " if error.filename else ""
            say(_annotated(f"error: {place}{error.strerror or error}"))
            sys.exit(ExitCode.BAD_INPUT)
        except (click.exceptions.Exit, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except Exception as error:  # a bug: say so plainly, no traceback unless asked
            if debug:
                _print_traceback()
            say(f"internal error: {type(error).__name__}: {error}\n"
                "This is a bug in depgraph; run again with --debug and report the traceback.")
            sys.exit(ExitCode.INTERNAL)

    return wrapper


def _print_traceback() -> None:
    """``--debug``'s traceback; a closed stderr drops it, never the exit code."""
    try:
        traceback.print_exc()
    except BrokenPipeError:
        silence_closed_streams()


#: The parameters through which commands name what they read (``-o`` may replace none).
_INPUTS = ("inventory", "files", "old", "new", "baseline")


def _inputs(params: dict) -> list[str]:
    found: list[str] = []
    for name in _INPUTS:
        value = params.get(name)
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, (tuple, list)):
            found.extend(value)
    return found


def _annotating() -> bool:
    """Whether the command under way writes the ``github`` format."""
    context = click.get_current_context(silent=True)
    return context is not None and context.meta.get("depgraph.format") == "github"


def _annotated(message: str) -> str:
    if not _annotating():
        return message
    from depgraph.formats.github import command

    return command("error", message.removeprefix("error: "), title="depgraph")


def report_problems(problems: tuple[Problem, ...], what: str = "the inventory") -> None:
    """Every problem on stderr, then a count: as workflow annotations under ``github``."""
    if _annotating():
        from depgraph.formats import get_format

        say(get_format("github").problems(problems, None).rstrip("\n"))
        return
    for problem in problems:
        say(str(problem))
    errors = sum(1 for p in problems if p.severity == "error")
    say(f"{errors} error{'s' if errors != 1 else ''}: {what} is invalid")


# -- loading ------------------------------------------------------------------------


def load(paths: tuple[str, ...]) -> Inventory:
    """Load the inventory, with a progress bar on stderr when it is a terminal and the
    files are large enough for the wait to show."""
    shown = sys.stderr.isatty() and sum(_size(p) for p in paths) >= PROGRESS_FROM_BYTES
    with progress_bar("loading", shown) as advance, quiet_gc():
        return load_inventory(*paths, progress=advance)


def load_both(old: str, new: str) -> tuple[Inventory, Inventory]:
    """Two inventories, or every problem of both at once."""
    loaded, problems = [], []
    for path in (old, new):
        try:
            loaded.append(load((path,)))
        except InventoryError as error:
            problems += error.problems
    if problems:
        raise InventoryError(problems)
    return loaded[0], loaded[1]


def large(inventory: Inventory) -> bool:
    """Whether an analysis of ``inventory`` is long enough for a progress bar."""
    return sys.stderr.isatty() and len(inventory) >= PROGRESS_FROM_COMPONENTS


def _size(path: str) -> int:
    if os.path.isdir(path):
        return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file())
    return os.path.getsize(path)


# -- completion ---------------------------------------------------------------------


def paths_being_typed() -> list[str]:
    """Inventory paths on the command line being completed.

    click has not parsed the arguments yet when the line ends on ``--fail``, so
    read the words the shell passes (every click shell sets COMP_WORDS).
    """
    words = split_arg_string(os.environ.get("COMP_WORDS", ""))
    return [w for w in words[2:] if not w.startswith("-") and
            (os.path.isdir(w) or w.endswith((".yaml", ".yml"))) and os.path.exists(w)]


def _typed_inventory(ctx: click.Context) -> Inventory | None:
    paths = ctx.params.get("inventory") or paths_being_typed()
    if ctx.command.name == "diff":  # the selectors apply to both sides: complete from NEW
        paths = [ctx.params["new"]] if ctx.params.get("new") else paths[-1:]
    try:
        return load_inventory(*paths)
    except DepgraphError:
        return None


def complete_selector(ctx: click.Context, param: click.Parameter, incomplete: str):
    """Complete selector keys (``provider:``), then their values from the inventory."""
    head, _, last = incomplete.rpartition(",")
    prefix = f"{head}," if head else ""
    key, colon, partial = last.partition(":")
    if not colon:
        return [CompletionItem(f"{prefix}{k}:") for k in SELECTOR_KEYS if k.startswith(last)]
    inventory = _typed_inventory(ctx)
    if inventory is None:
        return []
    return [CompletionItem(f"{prefix}{key}:{value}")
            for value in selector_values(inventory, key) if value.startswith(partial)]


def complete_id(ctx: click.Context, param: click.Parameter, incomplete: str):
    """Complete a component id of the inventory being typed."""
    inventory = _typed_inventory(ctx)
    if inventory is None:
        return []
    return [CompletionItem(i) for i in inventory.components if i.startswith(incomplete)]


def complete_team(ctx: click.Context, param: click.Parameter, incomplete: str):
    """Complete ``--team`` with the teams of the inventory being typed, then ``=``."""
    inventory = _typed_inventory(ctx)
    if inventory is None:
        return []
    teams = sorted({c.team for c in inventory.components.values() if c.team})
    return [CompletionItem(f"{team}=") for team in teams if team.startswith(incomplete)]


# -- options ------------------------------------------------------------------------


inventory_argument = click.argument(
    "inventory", nargs=-1, required=True,
    type=click.Path(exists=True, dir_okay=True, allow_dash=False))

output_option = click.option(
    "--output", "-o", type=click.Path(dir_okay=False, writable=True),
    help="Write to FILE (atomically) instead of stdout; its extension chooses the format.")


def format_option(result: str, default: str = "text"):
    """``--format``/``-f``: the formats that write ``result``."""
    choices = offered(result)
    automatic = " (github under GitHub Actions)" if "github" in choices else ""
    by_file = ", or by -o's extension" if extensions(result) else ""
    return click.option("--format", "-f", "format_name", type=click.Choice(choices),
                        default=None,
                        help=f"Output format [default: {default}{automatic}{by_file}].")


def fail_option(required: bool, help: str):
    """``--fail SELECTOR``, repeatable, completed from the inventory."""
    return click.option("--fail", "fail", metavar="SELECTOR", multiple=True, required=required,
                        shell_complete=complete_selector, help=help)


def target_option(help: str):
    """``--target SELECTOR``, repeatable, completed from the inventory."""
    return click.option("--target", "target", metavar="SELECTOR", multiple=True,
                        shell_complete=complete_selector, help=help)


def complete_scenario(ctx: click.Context, param: click.Parameter, incomplete: str):
    """Complete ``--scenario`` with the scenarios of the inventory being typed."""
    inventory = _typed_inventory(ctx)
    if inventory is None:
        return []
    return [CompletionItem(s.id, help=s.name or None) for s in inventory.scenarios.values()
            if s.id.startswith(incomplete)]


def scenario_option(help: str):
    """``--scenario ID``: one of the inventory's scenarios, completed from it."""
    return click.option("--scenario", "scenario", metavar="ID", default=None,
                        shell_complete=complete_scenario, help=help)


def team_option(help: str):
    """``--team NAME=N``, repeatable: a team's limit, as ``{name: n}``, completed from
    the inventory's teams."""
    return click.option("--team", "team", metavar="NAME=N", multiple=True, callback=_teams,
                        shell_complete=complete_team, help=help)


def _teams(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]
           ) -> dict[str, int]:
    teams: dict[str, int] = {}
    for value in values:
        name, equals, count = value.partition("=")
        if not equals or not name or not count.strip().isdigit():
            raise click.BadParameter(f"'{value}' is not NAME=N; for example --team systems=2")
        teams[name.strip()] = int(count)
    return teams


def duration(ctx: click.Context, param: click.Parameter, value: str | None) -> int | None:
    """A click callback: ``3h``, ``1d12h`` as seconds."""
    if value is None:
        return None
    try:
        return parse_duration(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


def to_file(output: str | None) -> bool:
    """Whether ``-o`` names a file (``-`` is stdout)."""
    return bool(output) and output != "-"


def resolve_format(format_name: str | None, result: str, output: str | None,
                   default: str = "text") -> str:
    """The format asked for; else the one ``-o FILE``'s extension names among those
    that write ``result`` (an extension that names none of them is a usage error, a
    file without one gets ``default``); else ``github`` under GitHub Actions, where
    offered; else ``default``. Remembered for the error handler."""
    chosen = format_name or _by_output(result, output) or _automatic(result) or default
    click.get_current_context().meta["depgraph.format"] = chosen
    return chosen


def _by_output(result: str, output: str | None) -> str | None:
    if not to_file(output) or not os.path.splitext(output)[1]:
        return None
    found = by_extension(output, result)
    if found is None:
        known = ", ".join(extensions(result))
        raise click.UsageError(
            f"cannot tell the format of '{output}' from its extension (this command writes "
            f"{known}); name the file so, or say --format {'|'.join(offered(result))}")
    return found


def _automatic(result: str) -> str | None:
    if os.environ.get("GITHUB_ACTIONS") == "true" and "github" in offered(result):
        return "github"
    return None

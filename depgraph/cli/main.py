"""The ``depgraph`` command line: the click group, and every command added to it.

Each command lives in a module of :mod:`depgraph.cli.commands`, built from the pieces
of :mod:`depgraph.cli.shared`; this module only assembles them. Only the command
line turns errors into messages and exit codes (:mod:`depgraph.cli.exitcodes`).
"""

from __future__ import annotations

import contextlib
import signal
import sys

import click

from depgraph._version import __version__
from depgraph.cli.commands.backstage import import_backstage_command
from depgraph.cli.commands.bia import bia_command
from depgraph.cli.commands.blast_radius import blast_radius_command
from depgraph.cli.commands.diff import diff
from depgraph.cli.commands.exercise import exercise_command
from depgraph.cli.commands.generate import generate
from depgraph.cli.commands.kubernetes import import_kubernetes_command
from depgraph.cli.commands.netbox import import_netbox_command
from depgraph.cli.commands.openpsa import export_group, import_group
from depgraph.cli.commands.render import render_command
from depgraph.cli.commands.report import report_command
from depgraph.cli.commands.restore_plan import restore_plan_command
from depgraph.cli.commands.spof import spof
from depgraph.cli.commands.timeline import timeline_command
from depgraph.cli.commands.validate import validate
from depgraph.cli.exitcodes import ExitCode
from depgraph.cli.output import say, silence_closed_streams
from depgraph.cli.shared import CONTEXT
from depgraph.cli.tuning import tune_gc

__all__ = ["main", "cli"]


class _Group(click.Group):
    """click's group, except that a closed pipe while ``--help`` or ``--version`` is
    printed exits 0, as the option would have (click exits 1 on EPIPE, even outside
    standalone mode); the commands' own output is handled by ``handle_errors``."""

    def make_context(self, *args, **kwargs) -> click.Context:
        with _help_to_a_closed_pipe():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: click.Context):
        with _help_to_a_closed_pipe():  # a command's or a subgroup's --help
            return super().invoke(ctx)


@contextlib.contextmanager
def _help_to_a_closed_pipe():
    try:
        yield
    except BrokenPipeError:
        silence_closed_streams()
        raise click.exceptions.Exit(ExitCode.OK) from None


@click.group(cls=_Group, context_settings=CONTEXT)
@click.version_option(__version__, "--version", "-V", prog_name="depgraph")
@click.option("--debug", is_flag=True, help="Show tracebacks of errors (for bug reports).")
def cli(debug: bool) -> None:
    """What breaks when infrastructure fails, and how to bring it back.

    INVENTORY is one or more YAML files or directories of them, merged into one
    inventory. Shell completion: eval "$(_DEPGRAPH_COMPLETE=bash_source depgraph)"
    (zsh_source, fish_source for other shells).
    """


for _command in (validate, blast_radius_command, spof, restore_plan_command, timeline_command,
                 bia_command, exercise_command, generate, diff, import_group, export_group,
                 render_command, report_command):
    cli.add_command(_command)
import_group.add_command(import_netbox_command)
import_group.add_command(import_backstage_command)
import_group.add_command(import_kubernetes_command)


def main(argv: list[str] | None = None, prog_name: str = "depgraph") -> None:
    """The console script's entry point: click's standalone handling, except that an
    interrupt exits 128 + its signal's number (Ctrl-C: 130, not click's "Aborted!"
    and 1, which CI would read as findings), after the temporary file of ``-o`` is
    removed, and a closed pipe never turns into exit 1."""
    tune_gc()
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        # An ignored signal stays ignored: under nohup, a hangup must not stop the run.
        if number is not None and signal.getsignal(number) is not signal.SIG_IGN:
            signal.signal(number, _unwind)
    try:
        code = cli.main(args=argv, prog_name=prog_name, standalone_mode=False)
    except (click.exceptions.Abort, KeyboardInterrupt):  # Ctrl-C (click makes it Abort)
        say("depgraph: interrupted")
        sys.exit(ExitCode.INTERRUPTED)
    except click.ClickException as error:
        try:
            error.show()
        except BrokenPipeError:
            silence_closed_streams()
        sys.exit(error.exit_code)
    sys.exit(code if isinstance(code, int) else ExitCode.OK)


def _unwind(number: int, _frame) -> None:
    """SIGTERM, SIGHUP: unwind like an exception (removing the temporary file being
    written), then exit as the signal would have."""
    raise SystemExit(128 + number)

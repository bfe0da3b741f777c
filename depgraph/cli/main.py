"""The ``depgraph`` command line: the click group, and every command added to it.

Each command lives in a module of :mod:`depgraph.cli.commands`, built from the pieces
of :mod:`depgraph.cli.shared`; this module only assembles them. Only the command
line turns errors into messages and exit codes (:mod:`depgraph.cli.exitcodes`).
"""

from __future__ import annotations

import click

from depgraph._version import __version__
from depgraph.cli.commands.blast_radius import blast_radius_command
from depgraph.cli.commands.diff import diff
from depgraph.cli.commands.generate import generate
from depgraph.cli.commands.openpsa import export_group, import_group
from depgraph.cli.commands.render import render_command
from depgraph.cli.commands.report import report_command
from depgraph.cli.commands.restore_plan import restore_plan_command
from depgraph.cli.commands.spof import spof
from depgraph.cli.commands.validate import validate
from depgraph.cli.shared import CONTEXT
from depgraph.cli.tuning import tune_gc

__all__ = ["main", "cli"]


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "--version", "-V", prog_name="depgraph")
@click.option("--debug", is_flag=True, help="Show tracebacks of errors (for bug reports).")
def cli(debug: bool) -> None:
    """What breaks when infrastructure fails, and how to bring it back.

    INVENTORY is one or more YAML files or directories of them, merged into one
    inventory. Shell completion: eval "$(_DEPGRAPH_COMPLETE=bash_source depgraph)"
    (zsh_source, fish_source for other shells).
    """


for _command in (validate, blast_radius_command, spof, restore_plan_command, generate, diff,
                 import_group, export_group, render_command, report_command):
    cli.add_command(_command)


def main(argv: list[str] | None = None, prog_name: str = "depgraph") -> None:
    """The console script's entry point."""
    tune_gc()
    cli.main(args=argv, prog_name=prog_name)

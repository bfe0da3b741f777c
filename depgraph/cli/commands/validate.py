"""``depgraph validate``: every problem of every file, then the lint rules' warnings."""

from __future__ import annotations

import sys

import click
from click.shell_completion import CompletionItem

from depgraph.analysis.lint import RULES, lint
from depgraph.cli.exitcodes import ExitCode
from depgraph.cli.output import emit, say
from depgraph.cli.shared import (CONTEXT, format_option, handle_errors, inventory_argument,
                                 load, output_option, resolve_format, to_file)
from depgraph.core.problems import InventoryError, Problem, did_you_mean
from depgraph.formats.base import STRICT, plural
from depgraph.formats import get_format

__all__ = ["validate"]


def _check_rules(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]):
    for rule in value:
        if rule not in RULES:
            hint = did_you_mean(rule, RULES) or f"rules: {', '.join(RULES)}"
            raise click.BadParameter(f"unknown lint rule '{rule}'; {hint}")
    return value


@click.command(context_settings=CONTEXT)
@inventory_argument
@click.option("--strict", is_flag=True, help="Exit 1 when there are warnings.")
@click.option("--disable", multiple=True, metavar="RULE", callback=_check_rules,
              shell_complete=lambda ctx, param, incomplete: [
                  CompletionItem(r) for r in RULES if r.startswith(incomplete)],
              help=f"Switch a lint rule off (repeatable): {', '.join(RULES)}.")
@format_option("problems")
@output_option
@handle_errors
def validate(inventory: tuple[str, ...], strict: bool, disable: tuple[str, ...],
             format_name: str | None, output: str | None) -> None:
    """Check inventory files: every error of every file, with file:line:column, then
    warnings from the lint rules (illusory redundancy, single power paths, ...).

    Exit 0 when valid, 1 with --strict when there are warnings, 2 on any error.
    The report (problems and a verdict line) goes to stdout or -o; with -o or a
    machine format, a one-line verdict also goes to stderr.
    """
    format_name = resolve_format(format_name, "problems", output)
    try:
        loaded = load(inventory)
        problems: tuple[Problem, ...] = lint(loaded, disable)
    except InventoryError as error:
        loaded, problems = None, error.problems
    emit(get_format(format_name).problems(problems, loaded, strict=strict), output)
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    if to_file(output) or format_name != "text":
        say(f"{plural(errors, 'error')}: the inventory is invalid" if errors
            else f"valid: {plural(len(loaded), 'component')}, {plural(warnings, 'warning')}"
                 + (f" {STRICT}" if strict and warnings else ""))
    if errors:
        sys.exit(ExitCode.BAD_INPUT)
    if strict and warnings:
        sys.exit(ExitCode.FINDINGS)

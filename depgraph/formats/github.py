"""GitHub Actions workflow commands: an annotation per finding, on the line of the
inventory that defines it, then a plain summary line.

``::error file=F,line=L,col=C,title=T::message``. GitHub reads a property up to the next
``,`` or ``::`` and the message up to the end of the line, so both are escaped as the
Actions toolkit does (``%``, CR and LF; in properties ``:`` and ``,`` too): a hostile
path or message can neither cut an annotation short nor start a command of its own.

With a baseline, only the new SPOFs are annotated (``::error``): the known ones were
accepted when the baseline was made, and GitHub shows at most ten annotations of each
level per step, so a notice for each would crowd the log without telling anything new.
The summary line counts them.
"""

from __future__ import annotations

from typing import Sequence

from depgraph.analysis.data import DataReport
from depgraph.analysis.spof import SpofReport
from depgraph.core.model import Inventory, Span
from depgraph.core.problems import Problem
from depgraph.core.wording import visible
from depgraph.formats.base import STRICT, count_severities, kinds_summary, plural, shorten

__all__ = ["FORMAT", "GithubFormat", "escape_data", "escape_property", "command"]


def escape_data(text: str) -> str:
    """A message, made safe to end a workflow command.

    >>> escape_data("100% down\\n::stop-commands::x")
    '100%25 down%0A::stop-commands::x'
    """
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value (file, title), made safe inside ``key=value,key=value``; a
    control or bidirectional character shown as its escape, as in the message (GitHub
    shows the file's name in the annotation, and the raw log keeps the line).

    >>> escape_property("dc a,b: x.yaml")
    'dc a%2Cb%3A x.yaml'
    >>> print(escape_property("\\x1b[2J\\u202eevil.yaml"))
    \\x1b[2J\\u202eevil.yaml
    """
    return escape_data(visible(text)).replace(":", "%3A").replace(",", "%2C")


def command(level: str, message: str, span: Span | None = None, title: str = "") -> str:
    """One workflow command: ``::LEVEL file=...,line=...,col=...,title=...::MESSAGE``.

    >>> command("error", "it broke", Span("inv.yaml", 3, 5), "depgraph: x")
    '::error file=inv.yaml,line=3,col=5,title=depgraph%3A x::it broke'
    """
    properties = []
    if span is not None and span.file not in ("", "?"):
        properties.append(f"file={escape_property(span.file)}")
        if span.line:
            properties.append(f"line={span.line}")
            if span.column:
                properties.append(f"col={span.column}")
    if title:
        properties.append(f"title={escape_property(title)}")
    head = f"::{level} {','.join(properties)}" if properties else f"::{level}"
    return f"{head}::{escape_data(message)}"


class GithubFormat:
    def data_spof(self, report: DataReport) -> str:
        lines = [command("error",
                         f"Destroying {point.kind} {point.id} alone loses "
                         f"{shorten(point.loses)}; {plural(point.destroys, 'component')} "
                         f"destroyed with it.\nWhy: {visible(report.why(point))}",
                         report.place(point),
                         f"Single point of data loss: {point.kind} {point.id}")
                 for point in report.points]
        summary = (f"depgraph: {plural(len(report.points), 'single point')} of data loss; "
                   f"{len(report.at_risk)} of {plural(len(report.datasets), 'dataset')} at "
                   "risk")
        return "\n".join(lines + [summary + "."]) + "\n"

    def spof(self, report: SpofReport) -> str:
        whys = report.whys()
        lines = [command(
            "error",
            f"{spof.kind.capitalize()} {spof.id} alone takes down "
            f"{plural(len(spof.kills), 'target')} ({shorten(spof.kills)}); "
            f"{plural(spof.blast_radius, 'component')} "
            f"fail{'s' if spof.blast_radius == 1 else ''} in all.\nWhy: {visible(whys[spof.key])}",
            report.place(spof),
            f"Single point of failure: {spof.kind} {spof.id}")
            for spof in report.counted]
        summary = (f"depgraph: {plural(len(report.spofs), 'single point')} of failure"
                   + (f" ({kinds_summary(report.spofs)})" if report.spofs else "")
                   + f"; {len(report.at_risk)} of {plural(len(report.targets), 'target')} "
                     "at risk")
        if report.new is not None:
            known = len(report.spofs) - len(report.new)
            summary += (f"; {len(report.new)} new against the baseline, {known} known "
                        f"(not annotated)")
        return "\n".join(lines + [summary + "."]) + "\n"

    def problems(self, problems: Sequence[Problem], inventory: Inventory | None, *,
                 strict: bool = False) -> str:
        lines = [command("error" if p.severity == "error" else "warning", visible(p.detail), p.span,
                         f"depgraph: {p.rule or 'invalid-inventory'}")
                 for p in problems]
        errors, warnings = count_severities(problems)
        verdict = "invalid" if errors or inventory is None else "valid"
        lines.append(f"depgraph: the inventory is {verdict}: {plural(errors, 'error')}, "
                     f"{plural(warnings, 'warning')}"
                     + (f" {STRICT}." if strict and warnings else "."))
        return "\n".join(lines) + "\n"


FORMAT = GithubFormat()

"""Markdown for pull-request comments and wikis; every inventory string is escaped."""

from __future__ import annotations

from typing import Sequence

from depgraph.analysis.blast_radius import BlastRadius
from depgraph.analysis.data import DataReport
from depgraph.analysis.diff import SpofDiff
from depgraph.analysis.governance import GovernanceReport
from depgraph.analysis.restore_plan import RestorePlan
from depgraph.analysis.spof import SinglePoint, SpofReport
from depgraph.analysis.timeline import Timeline
from depgraph.core.durations import format_duration
from depgraph.core.model import Inventory
from depgraph.core.problems import Problem
from depgraph.core.wording import duration_or_never as _when
from depgraph.core.wording import visible
from depgraph.formats.base import (
    by_type,
    count_severities,
    deadlock_sentence,
    diff_details,
    diff_verdict,
    kinds_summary,
    plan_scenario,
    plan_summary,
    shorten,
)
from depgraph.formats.markdown_text import escape, table

__all__ = ["FORMAT", "MarkdownFormat", "escape"]

def _points(title: str, spofs: Sequence[SinglePoint], whys: dict[tuple[str, str], str],
            kills: str, fail: str, why: str = "why") -> list[str]:
    if not spofs:
        return []
    return ["", f"## {title} ({len(spofs)})", ""] + table(
        ["kind", "single point", kills, fail, why],
        [[spof.kind, f"`{spof.id}`", escape(shorten(spof.kills)), str(spof.blast_radius),
          escape(whys[spof.key])] for spof in spofs])


class MarkdownFormat:
    def bia(self, result) -> str:
        """The business impact analysis (:mod:`depgraph.formats.bia`)."""
        from depgraph.formats import bia as bia_format

        return bia_format.markdown_text(result)

    def governance(self, report: GovernanceReport, diagrams: Sequence[tuple[str, str]] = ()
                   ) -> str:
        """The governance report (:mod:`depgraph.formats.report_markdown`), without the
        pictures, which Markdown leaves out."""
        from depgraph.formats.report_markdown import report_markdown

        return report_markdown(report)

    def data_spof(self, report: DataReport) -> str:
        lines = [f"# Single points of data loss: {escape(report.inventory.name or 'inventory')}",
                 "", f"{len(report.datasets)} datasets; **{len(report.at_risk)} lost by one "
                 f"destruction**: {', '.join(f'`{n}`' for n in report.at_risk) or 'none'}.", ""]
        if report.points:
            lines += table(["kind", "destroyed", "loses", "components destroyed", "why"], [
                [p.kind, f"`{p.id}`", ", ".join(f"`{n}`" for n in p.loses), str(p.destroys),
                 escape(report.why(p))] for p in report.points])
        return "\n".join(lines) + "\n"

    def timeline(self, result: Timeline) -> str:
        from depgraph.analysis.timeline import words

        scenario = result.scenario
        lines = [f"# Timeline: {escape(scenario.name or scenario.id)}", "",
                 f"**Inventory:** {escape(result.inventory.name or 'inventory')} · "
                 f"**scenario** `{scenario.id}`", ""]
        lines += [f"- {escape(line)}" for line in words.event_lines(result)]
        lines += ["", f"**{escape(words.headline(result))}**"]
        if result.targets:
            lines += ["", f"## Targets down ({len(result.targets)} of "
                          f"{len(result.target_ids)})", ""]
            lines += table(["down in all", "when", "targets"], [
                [total, when, escape(words.who(ids))]
                for total, when, ids in words.target_rows(result)])
        if result.never_back:
            lines += ["", f"## Never back ({len(result.never_back)})", ""]
            lines += table(["component", "why"], [
                [f"`{ident}`", escape(why)] for ident, why in result.never_back.items()])
        data = words.dataset_lines(result)
        if data:
            lines += ["", "## Data", ""] + [f"- {escape(line)}" for line in data]
        if result.components:
            lines += ["", f"## Every component down ({len(result.components)})", ""]
            lines += table(["from", "back", "for", "component", "why"], [
                [start, back, length, f"`{ident}`", escape(cause)]
                for start, back, length, ident, cause in words.component_rows(result)])
        return "\n".join(lines) + "\n"

    def restore_plan(self, plan: RestorePlan) -> str:
        inventory = plan.inventory
        lines = [f"# Restoration plan: {escape(inventory.name or 'inventory')}", "",
                 f"**Scenario:** {escape(plan_scenario(plan))}", "",
                 escape(plan_summary(plan)), ""]
        rows = [["initial failures back", _when(plan.initial_back)]] \
            if plan.initial else []
        rows += [["last component back" + (" (of those that come back)"
                                            if plan.unrestorable else ""), _when(plan.total)],
                 ["never back", str(len(plan.unrestorable))],
                 ["RTO breaches", f"{len(plan.rto_breaches)} of {len(plan.rto)} checked"]]
        lines += table(["", ""], rows)
        if plan.deadlocks:
            lines += ["", f"## Deadlocks ({len(plan.deadlocks)})", ""]
            lines += [f"- **{escape(deadlock_sentence(d))}**" +
                      (f"; also keeps down: {', '.join(f'`{b}`' for b in d.blocks)}"
                       if d.blocks else "") for d in plan.deadlocks]
        if plan.critical_path:
            lines += ["", f"## Critical path ({_when(plan.total)})", ""]
            lines += table(["component", "name", "start", "back", "team"], [
                [f"`{s.id}`", escape(inventory[s.id].name), _when(s.start), _when(s.end),
                 escape(s.team or "")] for s in map(plan.step, plan.critical_path)])
        if plan.rto:
            lines += ["", "## Recovery time objectives", ""]
            lines += table(["component", "back after", "RTO", ""], [
                [f"`{c.id}`", _when(c.back), _when(c.rto) if c.rto is not None else "—",
                 "**breached**" if c.breached else "met" if c.rto is not None else ""]
                for c in sorted(plan.rto, key=lambda c: (not c.breached, c.id))])
        if plan.team_delays:
            lines += ["", "## Teams holding back critical components", ""]
            lines += [f"- team `{visible(d.team)}` ({d.capacity} at once) delays "
                      f"`{d.component}` by {format_duration(d.delay)}"
                      for d in plan.team_delays]
        if plan.steps:
            lines += ["", "## Timeline", ""]
            lines += table(["wave", "component", "name", "start", "back", "team", "after"], [
                [str(s.wave), f"`{s.id}`", escape(inventory[s.id].name), _when(s.start),
                 _when(s.end), escape(s.team or ""), f"`{s.after}`" if s.after else ""]
                for wave in plan.waves for s in wave])
        if plan.unrestorable:
            lines += ["", f"## Never back ({len(plan.unrestorable)})", ""]
            lines += [", ".join(f"`{i}`" for i in plan.unrestorable)]
        return "\n".join(lines) + "\n"

    def blast_radius(self, result: BlastRadius) -> str:
        inventory = result.inventory
        scenario = escape(result.moment) if result.moment else "fail " + (
            ", ".join(f"`{s}`" for s in result.selectors) or escape(", ".join(result.initial)))
        lines = [f"# Blast radius: {escape(inventory.name or 'inventory')}", "",
                 f"**Scenario:** {scenario}", ""]
        lines += table(["", "components"], [
            ["failed initially", str(len(result.initial))],
            ["failed in all", str(len(result.failed))],
            ["degraded (still working, redundancy lost)", str(len(result.degraded))],
            ["in the inventory", str(len(inventory))],
        ])
        lines += ["", f"## Failed ({len(result.failed)})", ""]
        lines += table(["type", "component", "name", "why"], [
            [kind, f"`{ident}`", escape(inventory[ident].name), escape(result.explain(ident))]
            for kind, ids in by_type(inventory, result.failed) for ident in ids])
        if result.riding:
            lines += ["", f"## Riding through on a holdup ({len(result.riding)})", ""]
            lines += table(["component", "name", "rides through up to"], [
                [f"`{ident}`", escape(inventory[ident].name), format_duration(holdup)]
                for ident, holdup in result.riding.items()])
        if result.degraded:
            lines += ["", f"## Degraded ({len(result.degraded)})", ""]
            lines += table(["type", "component", "name", "redundancy left"], [
                [kind, f"`{ident}`", escape(inventory[ident].name),
                 escape("; ".join(d.text for d in result.degradations[ident]))]
                for kind, ids in by_type(inventory, result.degraded) for ident in ids])
        survivors = result.critical_survivors
        if survivors:
            lines += ["", f"## Critical, still working ({len(survivors)})", ""]
            lines += [f"- **{kind}**: " + ", ".join(f"`{i}`" for i in ids)
                      for kind, ids in by_type(inventory, survivors)]
        return "\n".join(lines) + "\n"

    def spof(self, report: SpofReport) -> str:
        whys = report.whys()
        new = report.new
        lines = [f"# Single points of failure: {escape(report.inventory.name or 'inventory')}", "",
                 f"**{len(report.spofs)}** single points of failure"
                 + (f" ({kinds_summary(report.spofs)})" if report.spofs else "")
                 + f"; **{len(report.at_risk)}** of {len(report.targets)} targets at risk."]
        if new is not None:
            lines[-1] += f" **{len(new)}** new against the baseline."
        if report.weighted:
            lines[-1] += " Ranked by the weight of the targets each one kills."
        own = report.own_buildings
        if own:
            lines[-1] += (" 1 of them is a location that takes down only the targets it "
                          "houses" if len(own) == 1 else
                          f" {len(own)} of them are locations that take down only the "
                          "targets they house") + ": grouped at the end, not ranked."
        if report.findings:
            weighed = report.weighted
            lines += [""] + table(
                ["#", "kind", "single point", "kills", *(["weight"] if weighed else []),
                 "fail in all", "why"], [
                    [str(rank), spof.kind,
                     f"`{spof.id}`" + (" **new**" if new and spof.key in new else ""),
                     escape(shorten(spof.kills)), *([f"{spof.weight:g}"] if weighed else []),
                     str(spof.blast_radius), escape(whys[spof.key])]
                    for rank, spof in enumerate(report.findings, 1)])
        if own:
            lines += ["", f"## Own buildings ({len(own)})", "",
                      "Each takes down only the targets it houses.", ""] + table(
                ["location", "kills", *(["weight"] if report.weighted else [])],
                [[f"`{s.id}`", escape(shorten(s.kills)),
                  *([f"{s.weight:g}"] if report.weighted else [])] for s in own])
        if report.pairs is not None:
            lines += ["", f"## Minimal double failures ({len(report.pairs)})", ""]
            lines += table(["kind", "pair", "kills"], [
                [p.kind, f"`{p.ids[0]}` + `{p.ids[1]}`", escape(shorten(p.kills))]
                for p in report.pairs]) if report.pairs else ["None."]
        at_risk = set(report.at_risk)
        lines += ["", "## Targets", ""] + table(["target", "at risk from"], [
            [f"`{t}`", escape(shorten([s.id for s in report.killers_of(t)])) if t in at_risk
             else "safe: no single failure takes it down"] for t in report.targets])
        return "\n".join(lines) + "\n"

    def diff(self, result: SpofDiff) -> str:
        old, new = result.old, result.new
        whys = result.whys()
        lines = [f"# Single points of failure: {escape(new.inventory.name or 'inventory')}, "
                 "before and after this change", "",
                 f"**{diff_verdict(result)}** {diff_details(result)}".rstrip(), ""]
        lines += table(["", "before", "after"], [
            ["single points of failure", str(len(old.spofs)), str(len(new.spofs))],
            ["targets at risk", f"{len(old.at_risk)} of {len(old.targets)}",
             f"{len(new.at_risk)} of {len(new.targets)}"]])
        lines += _points("Introduced", result.introduced, whys, "kills", "fail in all")
        lines += _points("Removed", result.removed, whys, "killed", "failed in all",
                         "why it was one")
        if result.changed:
            lines += ["", f"## Changed ({len(result.changed)})", ""]
            lines += table(["kind", "single point", "kills now", "now also kills",
                             "no longer kills", "why"], [
                [c.new.kind, f"`{c.new.id}`", escape(shorten(c.new.kills)),
                 escape(shorten(c.kills_added)) or "-", escape(shorten(c.kills_removed)) or "-",
                 escape(whys[c.new.key])] for c in result.changed])
        if result.newly_at_risk:
            added = set(result.targets_added)
            lines += ["", f"## Targets newly at risk ({len(result.newly_at_risk)})", ""]
            lines += table(["target", "at risk from"], [
                [f"`{t}`" + (" (new target)" if t in added else ""),
                 escape(shorten([s.id for s in new.killers_of(t)]))]
                for t in result.newly_at_risk])
        if result.no_longer_at_risk:
            lines += ["", f"## Targets no longer at risk ({len(result.no_longer_at_risk)})", ""]
            lines += [f"- `{t}`" + ("" if t in new.targets else " (no longer a target)")
                      for t in result.no_longer_at_risk]
        if result.targets_added or result.targets_removed:
            lines += ["", "## Targets", ""]
            lines += [f"- {label}: " + ", ".join(f"`{t}`" for t in ids)
                      for label, ids in (("added", result.targets_added),
                                         ("removed", result.targets_removed)) if ids]
        return "\n".join(lines) + "\n"

    def problems(self, problems: Sequence[Problem], inventory: Inventory | None, *,
                 strict: bool = False) -> str:
        errors, warnings = count_severities(problems)
        verdict = "valid" if errors == 0 else "invalid"
        lines = [f"# Inventory check: {verdict}", "",
                 f"{errors} error(s), {warnings} warning(s).", ""]
        if problems:
            lines += table(["place", "severity", "problem"], [
                [escape(str(p.span)), p.severity + (f" ({p.rule})" if p.rule else ""),
                 escape(p.detail)]
                for p in problems])
        return "\n".join(lines) + "\n"


FORMAT = MarkdownFormat()

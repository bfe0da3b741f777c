"""Plain text for a terminal: grouped by component type, every failure explained."""

from __future__ import annotations

from typing import Sequence

from depgraph.analysis.blast_radius import BlastRadius
from depgraph.analysis.data import DataReport
from depgraph.analysis.diff import SpofDiff
from depgraph.analysis.restore_plan import RestorePlan, RestoreStep
from depgraph.analysis.spof import SinglePoint, SpofReport
from depgraph.analysis.timeline import Timeline
from depgraph.core.durations import format_duration
from depgraph.core.model import Inventory
from depgraph.core.problems import Problem
from depgraph.core.wording import duration_or_never as _when
from depgraph.core.wording import visible
from depgraph.formats.base import (
    STRICT,
    by_type,
    count_severities,
    deadlock_sentence,
    diff_details,
    diff_verdict,
    kinds_summary,
    plan_scenario,
    plan_summary,
    plural,
    shorten,
)

__all__ = ["FORMAT", "TextFormat"]


def _title(inventory: Inventory, ident: str) -> str:
    component = inventory[ident]
    return f"{ident}  ({visible(component.name)})" if component.name else ident


def _named(inventory: Inventory) -> str:
    return visible(inventory.name) if inventory.name else "the inventory"


def _step_line(plan: RestorePlan, step: RestoreStep) -> str:
    line = f"    {_when(step.start):>9} -> {_when(step.end):<9} {_title(plan.inventory, step.id)}"
    notes = []
    if step.team:
        notes.append(f"team {visible(step.team)}")
    if step.waited:
        notes.append(f"waited {format_duration(step.waited)} for its team")
    if step.after:
        notes.append(f"after {step.after}")
    return line + (f"   [{'; '.join(notes)}]" if notes else "")


class TextFormat:
    def bia(self, result) -> str:
        """The business impact analysis (:mod:`depgraph.formats.bia`)."""
        from depgraph.formats import bia as bia_format

        return bia_format.text(result)

    def data_spof(self, report: DataReport) -> str:
        inventory = report.inventory
        lines = [f"Single points of data loss in {_named(inventory)}",
                 f"  {plural(len(report.datasets), 'dataset')}, {len(report.at_risk)} lost "
                 f"by one destruction; {plural(len(report.points), 'single point')}."]
        if not report.datasets:
            lines.append("  No component says which data it holds: list it on each copy "
                         "(data: [orders])..")
        if report.points:
            lines += ["", "DESTROYING ONE OF THESE LOSES DATA (the most data first)"]
            for point in report.points:
                lines.append(f"  {point.kind} {point.id}: loses {', '.join(point.loses)} "
                             f"({plural(point.destroys, 'component')} destroyed with it)")
                lines.append(f"      {visible(report.why(point))}")
        safe = [name for name in report.datasets if name not in set(report.at_risk)]
        if safe:
            lines += ["", f"SAFE FROM ANY ONE DESTRUCTION ({len(safe)})"]
            lines += [f"  {name}: {', '.join(report.datasets[name])}" for name in safe]
        return "\n".join(lines) + "\n"

    def timeline(self, result: Timeline) -> str:
        from depgraph.analysis.timeline import words

        scenario = result.scenario
        lines = [f"Timeline of {_named(result.inventory)}",
                 f"Scenario {visible(scenario.id)}"
                 + (f": {visible(scenario.name)}" if scenario.name else "")]
        lines += [f"  {visible(line)}" for line in words.event_lines(result)]
        lines += ["", visible(words.headline(result))]
        if result.targets:
            lines += ["", f"TARGETS DOWN ({len(result.targets)} of "
                          f"{len(result.target_ids)}; down in all, when, which)"]
            rows = list(words.target_rows(result))
            width = max(len(r[1]) for r in rows)
            lines += [f"  {total:>10}  {when:<{width}}  {words.who(ids)}"
                      for total, when, ids in rows]
        if result.never_back:
            lines += ["", f"NEVER BACK ({len(result.never_back)})"]
            width = max(map(len, result.never_back))
            lines += [f"  {ident:<{width}}  {visible(why)}"
                      for ident, why in result.never_back.items()]
        data = words.dataset_lines(result)
        if data:
            lines += ["", "DATA"] + [f"  {visible(line)}" for line in data]
        if result.components:
            lines += ["", f"EVERY COMPONENT DOWN ({len(result.components)}; from -> back, "
                          "for how long, why)"]
            rows = list(words.component_rows(result))
            width = max(len(r[3]) for r in rows)
            for start, back, length, ident, cause in rows:
                lines.append(f"  {start:>8} -> {back:<8} {length:>9}  {ident:<{width}}  "
                             f"{visible(cause)}")
        return "\n".join(lines) + "\n"

    def restore_plan(self, plan: RestorePlan) -> str:
        inventory = plan.inventory
        lines = [f"Restoration plan for {_named(inventory)}",
                 f"Scenario: {plan_scenario(plan)}", f"  {plan_summary(plan)}"]
        if plan.initial_back is not None and plan.steps:
            lines.append(f"  The initial failures are back after "
                         f"{format_duration(plan.initial_back)}; " + (
                             f"{plural(len(plan.unrestorable), 'component')} never come back."
                             if plan.unrestorable else
                             f"the last component after {format_duration(plan.total)}: a gap "
                             f"of {format_duration(plan.total - plan.initial_back)}."))
        if plan.deadlocks:
            lines += ["", f"DEADLOCKS ({len(plan.deadlocks)}): restoration cannot finish"]
            for deadlock in plan.deadlocks:
                lines.append(f"  ! {deadlock_sentence(deadlock)}")
                if deadlock.blocks:
                    lines.append(f"      also keeps down: {', '.join(deadlock.blocks)}")
        if plan.critical_path:
            lines += ["", f"CRITICAL PATH (sets the total, {format_duration(plan.total)})"]
            lines += [_step_line(plan, plan.step(i)) for i in plan.critical_path]
        if plan.rto:
            breached = [c for c in plan.rto if c.breached]
            lines += ["", f"RECOVERY TIME OBJECTIVES ({len(plan.rto)} checked, "
                          f"{len(breached)} breached)"]
            breached.sort(key=lambda c: (c.back is not None, -((c.back or 0) - c.rto), c.id))
            for check in breached:
                back = "never back" if check.back is None else \
                    f"back after {format_duration(check.back)}"
                late = "" if check.back is None else \
                    f": late by {format_duration(check.back - check.rto)}"
                lines.append(f"   x {check.id}: {back}, RTO {format_duration(check.rto)}{late}")
            met = sorted(c.id for c in plan.rto if c.rto is not None and not c.breached)
            if met:
                lines.append(f"  ok {len(met)} met: {shorten(met)}")
            free = sorted(c.id for c in plan.rto if c.rto is None)
            if free:
                lines.append(f"  -- {len(free)} critical without an RTO: {shorten(free)}")
        if plan.team_delays:
            lines += ["", "TEAMS HOLDING BACK CRITICAL COMPONENTS"]
            delays: dict[tuple, list[str]] = {}
            for d in plan.team_delays:
                delays.setdefault((-d.delay, d.team, d.capacity), []).append(d.component)
            for (delay, team, capacity), held in sorted(delays.items()):
                lines.append(f"  team {visible(team)} ({capacity} at once) delays "
                             f"{shorten(held)} by {format_duration(-delay)}")
        waves = plan.waves
        if waves:
            lines += ["", f"TIMELINE ({plural(len(waves), 'wave')}; a wave only needs what "
                          "earlier waves brought back)"]
            for number, wave in enumerate(waves, 1):
                lines.append(f"  wave {number}: {plural(len(wave), 'component')}, from "
                             f"{format_duration(min(s.start for s in wave))}")
                lines += [_step_line(plan, step) for step in wave]
        if plan.unrestorable:
            lines += ["", f"NEVER BACK ({len(plan.unrestorable)})"]
            lines += [f"    x {_title(inventory, i)}" for i in plan.unrestorable]
            lines.append("  (the total above counts only what comes back)")
        return "\n".join(lines) + "\n"

    def blast_radius(self, result: BlastRadius) -> str:
        inventory = result.inventory
        said = visible(result.moment) if result.moment else \
            f"fail {' + '.join(result.selectors) or ', '.join(result.initial)}"
        lines = [
            f"Blast radius in {_named(inventory)}",
            f"Scenario: {said}",
            f"  {len(result.failed)} of {plural(len(inventory), 'component')} fail "
            f"({len(result.initial)} initially), {len(result.degraded)} degraded.",
        ]
        if result.failed:
            lines.append("  Failed by type: " + ", ".join(
                f"{kind} {len(ids)}" for kind, ids in by_type(inventory, result.failed)) + ".")
        lines += self._failed(result) + self._riding(result) + self._degraded(result)
        lines += self._survivors(result)
        return "\n".join(lines) + "\n"

    def _riding(self, result: BlastRadius) -> list[str]:
        if not result.riding:
            return []
        lines = ["", f"RIDING THROUGH, still working on a holdup ({len(result.riding)})"]
        for ident, holdup in result.riding.items():
            lines.append(f"    ~ {_title(result.inventory, ident)}: rides through up to "
                         f"{format_duration(holdup)}")
        return lines

    def _failed(self, result: BlastRadius) -> list[str]:
        lines = ["", f"FAILED ({len(result.failed)})"]
        for kind, ids in by_type(result.inventory, result.failed):
            lines.append(f"  {kind} ({len(ids)})")
            for ident in ids:
                lines.append(f"    x {_title(result.inventory, ident)}")
                steps = result.explanations[ident]
                why = steps[0].why if len(steps) == 1 else result.explain(ident).split(
                    ": ", 1)[1]
                lines.append(f"        {why}")
        return lines

    def _degraded(self, result: BlastRadius) -> list[str]:
        if not result.degraded:
            return []
        lines = ["", f"DEGRADED, still working ({len(result.degraded)})"]
        for kind, ids in by_type(result.inventory, result.degraded):
            lines.append(f"  {kind} ({len(ids)})")
            for ident in ids:
                lines.append(f"    ~ {_title(result.inventory, ident)}")
                lines += [f"        {item.text}" for item in result.degradations[ident]]
        return lines

    def _survivors(self, result: BlastRadius) -> list[str]:
        survivors = result.critical_survivors
        if not survivors:
            return []
        lines = ["", f"CRITICAL, still working ({len(survivors)})"]
        for kind, ids in by_type(result.inventory, survivors):
            lines.append(f"  {kind} ({len(ids)}): {', '.join(ids)}")
        return lines

    def spof(self, report: SpofReport) -> str:
        inventory = report.inventory
        at_risk = report.at_risk
        own = report.own_buildings
        lines = [f"Single points of failure in {_named(inventory)}",
                 f"  {plural(len(report.targets), 'target')}, {len(at_risk)} at risk; "
                 f"{plural(len(report.spofs), 'single point')} of failure"
                 + (f" ({kinds_summary(report.spofs)})" if report.spofs else "") + "."]
        if report.weighted:
            lines.append("  Ranked by the weight of the targets each one kills (their "
                         "weights summed), then by their number.")
        if own:
            takes = ("takes down only the targets it houses" if len(own) == 1
                     else "take down only the targets they house")
            lines.append(f"  {plural(len(own), 'location')} {takes}: grouped at the end, "
                         "not ranked.")
        if report.new is not None:
            lines.append(f"  Against the baseline: {len(report.new)} new.")
        whys = report.whys()
        for rank, spof in enumerate(report.findings, 1):
            new = "  [NEW]" if report.new is not None and spof.key in report.new else ""
            weight = f" (weight {spof.weight:g})" if report.weighted else ""
            lines += ["", f"{rank:>3}. {spof.kind} {spof.id}: kills "
                          f"{plural(len(spof.kills), 'target')}{weight}, "
                          f"{spof.blast_radius} fail in all{new}",
                      f"     kills: {shorten(spof.kills)}",
                      f"     why: {whys[spof.key]}"]
        if own:
            lines += ["", f"OWN BUILDINGS ({len(own)}): each takes down only the targets "
                          "it houses"]
            lines += [f"  {s.id}: {shorten(s.kills)}" + (f" (weight {s.weight:g})"
                                                         if report.weighted else "")
                      for s in own]
        if report.pairs is not None:
            lines += ["", f"PAIRS: minimal double failures ({len(report.pairs)})"]
            lines += [f"  {p.kind} {p.ids[0]} + {p.ids[1]}: kills {shorten(p.kills)}"
                      for p in report.pairs]
        lines += ["", f"TARGETS AT RISK ({len(at_risk)})"]
        for target in at_risk:
            killers = [s.id for s in report.killers_of(target)]
            lines.append(f"  {target}: {shorten(killers)}")
        risky = set(at_risk)
        safe = [t for t in report.targets if t not in risky]
        lines += ["", f"SAFE TARGETS ({len(safe)})"] + ([f"  {shorten(safe, 40)}"] if safe else [])
        return "\n".join(lines) + "\n"

    def diff(self, result: SpofDiff) -> str:
        old, new = result.old, result.new
        names = [_named(r.inventory) for r in (old, new)]
        lines = [f"Single points of failure: {names[0]}"
                 + (f" -> {names[1]}" if names[1] != names[0] else ", before and after"),
                 f"  {diff_verdict(result)}"]
        if diff_details(result):
            lines.append(f"  {diff_details(result)}")
        lines += [f"  {label}: {plural(len(r.spofs), 'single point')} of failure, "
                  f"{len(r.at_risk)} of {plural(len(r.targets), 'target')} at risk."
                  for label, r in (("Before", old), ("After", new))]
        whys = result.whys()
        lines += self._points("INTRODUCED", "+", result.introduced, whys, "kills", "fail")
        lines += self._points("REMOVED", "-", result.removed, whys, "killed", "failed")
        if result.changed:
            lines += ["", f"CHANGED ({len(result.changed)})"]
            for change in result.changed:
                spof = change.new
                lines.append(f"  ~ {spof.kind} {spof.id}: kills "
                             f"{plural(len(spof.kills), 'target')} (was "
                             f"{len(change.old.kills)}), {spof.blast_radius} fail in all")
                if change.kills_added:
                    lines.append(f"      now also kills: {shorten(change.kills_added)}")
                if change.kills_removed:
                    lines.append(f"      no longer kills: {shorten(change.kills_removed)}")
                lines.append(f"      why: {whys[spof.key]}")
        if result.newly_at_risk:
            added = set(result.targets_added)
            lines += ["", f"TARGETS NEWLY AT RISK ({len(result.newly_at_risk)})"]
            lines += [f"  {t}: {shorten([s.id for s in new.killers_of(t)])}"
                      + ("  [new target]" if t in added else "") for t in result.newly_at_risk]
        if result.no_longer_at_risk:
            lines += ["", f"TARGETS NO LONGER AT RISK ({len(result.no_longer_at_risk)})",
                      f"  {shorten(result.no_longer_at_risk, 40)}"]
        for title, ids in (("TARGETS ADDED", result.targets_added),
                           ("TARGETS REMOVED", result.targets_removed)):
            if ids:
                lines += ["", f"{title} ({len(ids)})", f"  {shorten(ids, 40)}"]
        return "\n".join(lines) + "\n"

    @staticmethod
    def _points(title: str, mark: str, spofs: tuple[SinglePoint, ...],
                whys: dict[tuple[str, str], str], kills: str, fail: str) -> list[str]:
        if not spofs:
            return []
        lines = ["", f"{title} ({len(spofs)})"]
        for spof in spofs:
            lines += [f"  {mark} {spof.kind} {spof.id}: {kills} "
                      f"{plural(len(spof.kills), 'target')}, {spof.blast_radius} {fail} in all",
                      f"      {kills}: {shorten(spof.kills)}",
                      f"      why: {whys[spof.key]}"]
        return lines

    def problems(self, problems: Sequence[Problem], inventory: Inventory | None, *,
                 strict: bool = False) -> str:
        lines = [str(problem) for problem in problems]
        errors, warnings = count_severities(problems)
        if inventory is not None and not errors:
            lines.append(f"valid: {plural(len(inventory), 'component')}, "
                         f"{plural(len(inventory.providers), 'provider')}, "
                         f"{plural(warnings, 'warning')}"
                         + (f" {STRICT}" if strict and warnings else ""))
        else:
            lines.append(f"invalid: {plural(errors, 'error')}, {plural(warnings, 'warning')}")
        return "\n".join(lines) + "\n"


FORMAT = TextFormat()

"""JSON: stable keys, sorted lists, for machines. Keys follow the product contract.

Strings are exact; besides the controls JSON escapes, bidirectional controls, DEL, the
C1 controls and the line separators are written as ``\\uXXXX`` escapes
(:func:`~depgraph.core.wording.json_escaped`): the same value to a parser, and nothing
that reorders or hides text when a person reads the file.
"""

from __future__ import annotations

import json
from typing import Any, Sequence

from depgraph.analysis.blast_radius import BlastRadius, Degradation, Step
from depgraph.analysis.data import DataReport
from depgraph.analysis.diff import SpofDiff
from depgraph.analysis.restore_plan import RestorePlan
from depgraph.analysis.spof import SinglePoint, SpofReport
from depgraph.analysis.timeline import Timeline
from depgraph.core.model import Inventory, Requirement
from depgraph.core.problems import Problem
from depgraph.core.wording import json_escaped
from depgraph.formats.base import by_type, count_severities, diff_verdict, minutes

__all__ = ["FORMAT", "JsonFormat"]


def dumps(data: Any) -> str:
    return json_escaped(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)) + "\n"


def _requirement(requirement: Requirement) -> dict[str, Any]:
    return {"kind": requirement.kind, "members": list(requirement.members),
            "needed": requirement.needed}


def _step(step: Step) -> dict[str, Any]:
    data: dict[str, Any] = {"component": step.component, "reason": step.reason,
                            "text": step.text}
    if step.note:
        data["note"] = step.note
    if step.requirement is not None:
        data["cause"] = step.cause
        data["requirement"] = _requirement(step.requirement)
        if step.requirement.is_group:
            data["left"] = list(step.left)
    return data


def _degradation(item: Degradation) -> dict[str, Any]:
    return {**_requirement(item.requirement), "lost": list(item.lost),
            "left": list(item.left), "text": item.text}


def _point(spof: SinglePoint, why: str) -> dict[str, Any]:
    return {"kind": spof.kind, "id": spof.id, "kills": list(spof.kills),
            "blast_radius": spof.blast_radius, "weight": spof.weight, "why": why}


def _side(report: SpofReport) -> dict[str, Any]:
    return {"inventory": {"name": report.inventory.name, "components": len(report.inventory)},
            "targets": list(report.targets), "at_risk": list(report.at_risk),
            "spofs": len(report.spofs)}


class JsonFormat:
    def bia(self, result) -> str:
        """The business impact analysis: functions, then each scenario's cells."""
        from depgraph.formats.bia import json_data

        return dumps(json_data(result))

    def data_spof(self, report: DataReport) -> str:
        inventory = report.inventory
        return dumps({
            "inventory": {"name": inventory.name, "components": len(inventory)},
            "datasets": {name: list(holders) for name, holders in report.datasets.items()},
            "at_risk": list(report.at_risk),
            "single_points": [{"kind": p.kind, "id": p.id, "loses": list(p.loses),
                               "destroys": p.destroys, "why": report.why(p)}
                              for p in report.points],
        })

    def timeline(self, result: Timeline) -> str:
        """The contract's keys: ``scenario``, ``components``, ``targets``, ``datasets``,
        ``never_back``; times in minutes, ``null`` for never."""
        inventory, scenario = result.inventory, result.scenario

        def spans(intervals):
            return [{"down": minutes(i.down), "back": minutes(i.back), "cause": i.cause}
                    for i in intervals]

        return dumps({
            "inventory": {"name": inventory.name, "components": len(inventory)},
            "scenario": {"id": scenario.id, "name": scenario.name,
                         "description": scenario.description,
                         "events": [{"at": minutes(e.at), "fail": e.fail,
                                     "repair": None if e.destroyed or e.repair is None
                                     else minutes(e.repair),
                                     "destroyed": e.destroyed,
                                     "own_restore": e.repair is None and not e.destroyed}
                                    for e in scenario.events]},
            "teams": dict(sorted(result.teams.items())),
            "components": {i: spans(found) for i, found in result.components.items()},
            "targets": {t: {"down_minutes": minutes(d.total), "never_back": d.total is None,
                            "intervals": spans(d.intervals)}
                        for t, d in result.targets.items()},
            "target_ids": list(result.target_ids),
            "datasets": {name: {"lost": state.lost, "lost_at": minutes(state.lost_at),
                                "copies": list(state.copies),
                                "intervals": [{"from": minutes(a), "to": minutes(b)}
                                              for a, b in state.intervals]}
                         for name, state in result.datasets.items()},
            "never_back": dict(result.never_back),
            "destroyed": {i: minutes(t) for i, t in result.destroyed.items()},
            "end_minutes": minutes(result.end),
        })

    def restore_plan(self, plan: RestorePlan) -> str:
        inventory = plan.inventory
        return dumps({
            "inventory": {"name": inventory.name, "components": len(inventory)},
            "scenario": {"fail": list(plan.selectors), "cold_start": plan.cold_start,
                         "repair_minutes": minutes(plan.repair), "teams": dict(plan.teams)},
            "initial": list(plan.initial),
            "failed": list(plan.failed),
            "total_minutes": minutes(plan.total),
            "all_back": not plan.unrestorable,
            "initial_back_minutes": minutes(plan.initial_back),
            "steps": [{"id": s.id, "wave": s.wave, "ready_minutes": minutes(s.ready),
                       "start_minutes": minutes(s.start), "end_minutes": minutes(s.end),
                       "team": s.team, "after": s.after, "critical": s.critical}
                      for s in plan.steps],
            "waves": len(plan.waves),
            "critical_path": list(plan.critical_path),
            "rto": [{"id": c.id, "rto_minutes": minutes(c.rto), "back_minutes": minutes(c.back),
                     "breached": c.breached, "critical": c.critical} for c in plan.rto],
            "rto_breaches": list(plan.rto_breaches),
            "unrestorable": list(plan.unrestorable),
            "deadlocks": [list(d.members) for d in plan.deadlocks],
            "deadlock_details": [{"members": list(d.members), "blocks": list(d.blocks),
                                  "start_by_hand": list(d.start_by_hand),
                                  "break_dependencies": [list(e) for e in d.break_dependencies],
                                  "smallest": d.exact} for d in plan.deadlocks],
            "team_delays": [{"team": d.team, "capacity": d.capacity, "component": d.component,
                             "delay_minutes": minutes(d.delay)} for d in plan.team_delays],
        })

    def blast_radius(self, result: BlastRadius) -> str:
        inventory = result.inventory
        return dumps({
            "inventory": {"name": inventory.name, "components": len(inventory)},
            "scenario": {"fail": list(result.selectors),
                         **({"moment": result.moment} if result.moment else {})},
            "initial": list(result.initial),
            "failed": list(result.failed),
            **({"notes": dict(result.notes),
                "riding_through": {i: {"holdup_minutes": minutes(h)}
                                   for i, h in result.riding.items()}}
               if result.moment else {}),
            "degraded": list(result.degraded),
            "explanations": {ident: [_step(s) for s in steps]
                             for ident, steps in result.explanations.items()},
            "degradations": {ident: [_degradation(d) for d in items]
                             for ident, items in result.degradations.items()},
            "critical_survivors": list(result.critical_survivors),
            "summary": {
                "components": len(inventory),
                "initial": len(result.initial),
                "failed": len(result.failed),
                "degraded": len(result.degraded),
                "failed_by_type": {kind: len(ids) for kind, ids
                                   in by_type(inventory, result.failed)},
            },
        })

    def spof(self, report: SpofReport) -> str:
        """Written by hand, byte for byte what :func:`dumps` writes (a SPOF report on a
        large estate holds hundreds of thousands of points, and the json module's
        indenting encoder is pure Python)."""
        whys = report.why_each()
        at_risk = report.at_risk
        counts = {"component": 0, "location": 0, "provider": 0}
        for spof in report.spofs:
            counts[spof.kind] += 1
        summary = {"targets": len(report.targets), "at_risk": len(at_risk),
                   "spofs": len(report.spofs), "by_kind": counts,
                   "own_buildings": len(report.own_buildings)}
        if report.new is not None:
            summary["new"] = len(report.new)
        fields: dict[str, list[str]] = {}
        if report.pairs is not None:
            fields["pairs"] = [_list([_pair(p) for p in report.pairs], 2)]
            summary["pairs"] = len(report.pairs)
        fields["inventory"] = [_nested({"name": report.inventory.name,
                                        "components": len(report.inventory)})]
        fields["targets"] = [_strings(report.targets, 2)]
        fields["at_risk"] = [_strings(at_risk, 2)]
        fields["summary"] = [_nested(summary)]
        items = _spof_items(report, whys)
        del whys
        if items:  # the largest by far: its items go into the text as they are
            fields["spofs"] = ["[\n", *_separated(items), "\n  ]"]
        else:
            fields["spofs"] = ["[]"]
        pieces = ["{\n"]
        for number, key in enumerate(sorted(fields)):
            pieces += [",\n" if number else "", "  ", _string(key), ": ", *fields[key]]
        pieces.append("\n}\n")
        return json_escaped("".join(pieces))

    def diff(self, result: SpofDiff) -> str:
        whys = result.whys()
        added = set(result.targets_added)
        return dumps({
            "old": _side(result.old),
            "new": _side(result.new),
            "introduced": [_point(s, whys[s.key]) for s in result.introduced],
            "removed": [_point(s, whys[s.key]) for s in result.removed],
            "changed": [{**_point(c.new, whys[c.new.key]), "old_kind": c.old.kind,
                         "old_kills": list(c.old.kills), "old_blast_radius": c.old.blast_radius,
                         "kills_added": list(c.kills_added),
                         "kills_removed": list(c.kills_removed)} for c in result.changed],
            "newly_at_risk": [{"id": t, "new_target": t in added,
                               "killers": [{"kind": s.kind, "id": s.id}
                                           for s in result.new.killers_of(t)]}
                              for t in result.newly_at_risk],
            "no_longer_at_risk": [{"id": t, "still_target": t in result.new.targets}
                                  for t in result.no_longer_at_risk],
            "targets": {"added": list(result.targets_added),
                        "removed": list(result.targets_removed)},
            "summary": {"verdict": diff_verdict(result), "worsens": result.worsens,
                        "introduced": len(result.introduced), "removed": len(result.removed),
                        "changed": len(result.changed),
                        "newly_at_risk": len(result.newly_at_risk),
                        "no_longer_at_risk": len(result.no_longer_at_risk)},
        })

    def problems(self, problems: Sequence[Problem], inventory: Inventory | None, *,
                 strict: bool = False) -> str:
        errors, warnings = count_severities(problems)
        return dumps({
            "valid": errors == 0,
            "errors": errors,
            "warnings": warnings,
            "components": len(inventory) if inventory is not None else None,
            "problems": [{"file": p.span.file, "line": p.span.line or None,
                          "column": p.span.column or None,
                          "severity": p.severity, "rule": p.rule or None, "message": p.message,
                          "context": p.context, "hint": p.hint} for p in problems],
        })


# -- the spof report, written by hand (see JsonFormat.spof) ---------------------------

_string = json.encoder.encode_basestring  # json's own (in C where available)


def _nested(value: Any) -> str:
    """``value`` as :func:`dumps` writes it one level down (small values only)."""
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False).replace("\n", "\n  ")


def _list(items: Sequence[str], indent: int) -> str:
    """A list of values already written at ``indent + 2`` spaces (``indent`` = its key's)."""
    if not items:
        return "[]"
    return "[\n" + ",\n".join(items) + "\n" + " " * indent + "]"


def _strings(values: Sequence[str], indent: int) -> str:
    """A list of strings, its items at ``indent + 2`` spaces (``indent`` = its own key's)."""
    if not values:
        return "[]"
    pad = "\n" + " " * (indent + 2)
    return "[" + pad + ("," + pad).join(map(_string, values)) + "\n" + " " * indent + "]"


def _separated(items: list[str]) -> list[str]:
    """``items`` with ``",\\n"`` between them, to be joined once with the rest."""
    pieces = [",\n"] * (2 * len(items) - 1)
    pieces[::2] = items
    return pieces


def _pair(pair) -> str:
    return (f'    {{\n      "ids": {_strings(pair.ids, 6)},\n'
            f'      "kills": {_strings(pair.kills, 6)},\n'
            f'      "kind": {_string(pair.kind)}\n    }}')


def _spof_items(report: SpofReport, whys: list[str]) -> list[str]:
    """Each SPOF as :func:`dumps` writes it in the list, ``whys`` in the same order."""
    spofs = report.spofs
    written: dict[tuple[str, ...], str] = {}  # points often kill the very same targets
    kills = []
    for spof in spofs:
        listed = written.get(spof.kills)
        if listed is None:
            listed = written[spof.kills] = _strings(spof.kills, 6)
        kills.append(listed)
    if report.new is None:
        flags = [""] * len(spofs)
    else:
        flags = ['      "new": true,\n' if s.key in report.new else '      "new": false,\n'
                 for s in spofs]
    own = {s.id for s in report.own_buildings}
    flags = [flag + ('      "own_building": true,\n'
                     if s.kind == "location" and s.id in own
                     else '      "own_building": false,\n')
             for flag, s in zip(flags, spofs)]
    return [f'    {{\n      "blast_radius": {spof.blast_radius},\n'
            f'      "id": {ident},\n      "kills": {listed},\n'
            f'      "kind": "{spof.kind}",\n{flag}'
            f'      "weight": {json.dumps(spof.weight)},\n'
            f'      "why": {why}\n    }}'
            for spof, ident, listed, flag, why
            in zip(spofs, map(_string, [s.id for s in spofs]), kills, flags, map(_string, whys))]

FORMAT = JsonFormat()

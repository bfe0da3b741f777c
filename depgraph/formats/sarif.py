"""SARIF 2.1.0 for code scanning (GitHub, GitLab, Azure DevOps): one run of depgraph, its
rules, and one result per finding, at the line of the inventory that defines it.

GitHub reads a subset of SARIF ("SARIF support for code scanning"): each rule needs a
``shortDescription``, a ``fullDescription`` and ``help`` text; each result a ``ruleId``, a
plain ``message.text`` (its first sentence titles the alert) and a location with a region.
``partialFingerprints`` hold depgraph's own key, a hash of what the finding is about (a
SPOF's :attr:`~depgraph.analysis.spof.SinglePoint.key`; a problem's rule, file and message),
never of its line, so a component moved in its file, or one that becomes a location, stays
the same finding. The key ``primaryLocationLineHash`` is
left to GitHub's upload action, which computes it and warns when a file supplies another.

A relative path stays relative, under ``uriBaseId`` ``%SRCROOT%`` (the directory depgraph
ran in: run it from the repository root); an absolute one becomes a ``file:`` URI.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any, Sequence
from urllib.parse import quote

from depgraph._version import __version__
from depgraph.analysis.data import DataReport
from depgraph.analysis.lint import RULE_HELP, RULES
from depgraph.analysis.spof import SpofReport
from depgraph.core.model import Inventory, Span
from depgraph.core.problems import Problem
from depgraph.core.wording import json_escaped
from depgraph.formats.base import count_severities, shorten

__all__ = ["FORMAT", "SarifFormat", "artifact_location", "SCHEMA_URI"]

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/depgraph/depgraph"
INVALID = "invalid-inventory"
_SRCROOT = "%SRCROOT%"
_FINGERPRINT = "depgraph/v1"
_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:/")

#: (id, name, short description, full description, help) of each SPOF rule.
_SPOF_RULES = tuple(
    (f"spof/{kind}", f"{kind.capitalize()}SinglePointOfFailure",
     f"A {kind} whose failure alone takes down a target",
     f"The failure of this {kind} alone{extra} makes at least one target fail (a critical "
     "component, or where none is marked, a component that nothing depends on): no "
     "redundancy on the way saves it.",
     f"Give what depends on this {kind} a second, independent path: a redundancy group "
     "(any: [a, b] or at_least: k of: [...]) whose members share no single point of "
     "failure. The result names the targets it kills and why the redundancy in between "
     "did not help.")
    for kind, extra in (("component", " (for a location: of everything located in it)"),
                        ("provider", " (every component it operates, at once)")))

def artifact_location(path: str) -> dict[str, str]:
    """A SARIF ``artifactLocation`` for a file path as the user gave it.

    >>> artifact_location("inventories/web shop.yaml")
    {'uri': 'inventories/web%20shop.yaml', 'uriBaseId': '%SRCROOT%'}
    >>> artifact_location("C:\\\\estate\\\\dc.yaml")
    {'uri': 'file:///C:/estate/dc.yaml'}
    """
    uri = path.replace("\\", "/")
    while uri.startswith("./"):
        uri = uri[2:]
    if uri.startswith("/"):
        return {"uri": "file://" + quote(uri)}
    if _WINDOWS_DRIVE.match(uri):
        return {"uri": "file:///" + uri[:2] + quote(uri[2:])}
    return {"uri": quote(uri), "uriBaseId": _SRCROOT}


_DATA_RULES = tuple(
    (f"data-spof/{kind}", f"{kind.capitalize()}SinglePointOfDataLoss",
     f"A {kind} whose destruction alone loses a dataset",
     f"Every copy of a dataset is in this {kind}{extra}: a fire, a flood or a failure "
     "that destroys it loses the data, backups included.",
     "Keep a copy of the dataset in another place, with another provider (an off-site "
     "backup), and list it in that component's data: [...].")
    for kind, extra in (("component", " (for a location: in what is located in it)"),
                        ("provider", " (among the components it operates)")))


def _locations(span: Span | None) -> list[dict[str, Any]]:
    """The result's location: the file, and the line and column where they are known.

    The region has no ``endColumn``, so it runs to the end of the line (SARIF 3.30.2)."""
    if span is None or span.file in ("", "?"):
        return []
    physical: dict[str, Any] = {"artifactLocation": artifact_location(span.file)}
    if span.line:
        physical["region"] = {"startLine": span.line, "endLine": span.line}
        if span.column:
            physical["region"]["startColumn"] = span.column
    return [{"physicalLocation": physical}]


def _fingerprint(*parts: str) -> dict[str, str]:
    digest = hashlib.sha256(":".join(parts).encode("utf-8")).hexdigest()
    return {_FINGERPRINT: digest[:32]}


def _rule(rule_id: str, name: str, short: str, full: str, help_text: str,
          level: str) -> dict[str, Any]:
    return {"id": rule_id, "name": name,
            "shortDescription": {"text": short}, "fullDescription": {"text": full},
            "help": {"text": help_text}, "defaultConfiguration": {"level": level},
            "properties": {"tags": ["resilience"]}}


def _camel(rule_id: str) -> str:
    return "".join(word.capitalize() for word in re.split(r"[^A-Za-z0-9]+", rule_id))


def _problem_rules() -> list[dict[str, Any]]:
    rules = [_rule(INVALID, "InvalidInventory", "The inventory is invalid",
                   "The inventory cannot be loaded: a YAML error, an unknown key, a missing "
                   "or unknown reference, a bad value. No analysis runs on an invalid "
                   "inventory.", "Fix the place named in the message; where a near name "
                   "exists, the message suggests it.", "error")]
    for rule_id, short in RULES.items():
        short = short[0].upper() + short[1:]
        full, fix = RULE_HELP.get(rule_id, (f"{short}.", ""))
        rules.append(_rule(rule_id, _camel(rule_id), short, full,
                           (f"{fix} " if fix else "") + "To switch the rule off: 'depgraph "
                           f"validate --disable {rule_id}', or 'lint: {{disable: "
                           f"[{rule_id}]}}' in the inventory.", "warning"))
    return rules


def _version() -> str:
    return __version__


def _log(rules: list[dict[str, Any]], results: list[dict[str, Any]],
         properties: dict[str, Any]) -> str:
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    for result in results:
        result["ruleIndex"] = index[result["ruleId"]]
    run: dict[str, Any] = {
        "tool": {"driver": {"name": "depgraph", "version": _version(),
                            "semanticVersion": _version(),
                            "informationUri": INFORMATION_URI, "rules": rules}},
        "columnKind": "unicodeCodePoints",
        "results": results,
        "properties": properties,
    }
    if any(location["physicalLocation"]["artifactLocation"].get("uriBaseId") == _SRCROOT
           for result in results for location in result["locations"]):
        run["originalUriBaseIds"] = {_SRCROOT: {"description": {
            "text": "The directory depgraph ran in: inventory paths are as given on its "
                    "command line."}}}
    return json_escaped(json.dumps({"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]},
                                   indent=2, sort_keys=True, ensure_ascii=False)) + "\n"


class SarifFormat:
    def spof(self, report: SpofReport) -> str:
        whys = report.whys()
        results = []
        for spof in report.spofs:
            killed = len(spof.kills)
            result: dict[str, Any] = {
                # One rule for components and locations: GitHub tracks an alert by rule
                # id, and a component becomes a location when something is placed in it.
                "ruleId": f"spof/{spof.key[0]}",
                "level": "error",
                "message": {"text": (
                    f"{spof.kind.capitalize()} {spof.id} is a single point of failure: its "
                    f"failure alone takes down {killed} target{'' if killed == 1 else 's'} "
                    f"({shorten(spof.kills)}), {spof.blast_radius} component"
                    f"{'' if spof.blast_radius == 1 else 's'} in all. "
                    f"Why: {whys[spof.key]}.")},
                "locations": _locations(report.place(spof)),
                "partialFingerprints": _fingerprint(*spof.key),
                "properties": {"kind": spof.kind, "id": spof.id, "kills": list(spof.kills),
                               "blast_radius": spof.blast_radius},
            }
            if report.new is not None:
                result["baselineState"] = "new" if spof.key in report.new else "unchanged"
            results.append(result)
        rules = [_rule(*rule, "error") for rule in _SPOF_RULES]
        properties: dict[str, Any] = {"inventory": report.inventory.name,
                                      "targets": list(report.targets),
                                      "at_risk": list(report.at_risk)}
        if report.new is not None:
            properties["new"] = len(report.new)
        return _log(rules, results, properties)

    def data_spof(self, report: DataReport) -> str:
        results = []
        for point in report.points:
            key = "provider" if point.kind == "provider" else "component"
            results.append({
                "ruleId": f"data-spof/{key}",
                "level": "error",
                "message": {"text": (
                    f"Destroying {point.kind} {point.id} alone loses "
                    f"{'dataset' if len(point.loses) == 1 else 'datasets'} "
                    f"{shorten(point.loses)} ({point.destroys} component"
                    f"{'' if point.destroys == 1 else 's'} destroyed with it): "
                    f"{report.why(point)}.")},
                "locations": _locations(report.place(point)),
                "partialFingerprints": _fingerprint("data", key, point.id),
                "properties": {"kind": point.kind, "id": point.id, "loses": list(point.loses),
                               "destroys": point.destroys},
            })
        rules = [_rule(*rule, "error") for rule in _DATA_RULES]
        return _log(rules, results, {"inventory": report.inventory.name,
                                     "datasets": sorted(report.datasets),
                                     "at_risk": list(report.at_risk)})

    def problems(self, problems: Sequence[Problem], inventory: Inventory | None, *,
                 strict: bool = False) -> str:
        results = [{
            "ruleId": problem.rule or INVALID,
            "level": "error" if problem.severity == "error" else "warning",
            "message": {"text": problem.detail},
            "locations": _locations(problem.span),
            "partialFingerprints": _fingerprint(problem.rule or INVALID, problem.span.file,
                                                problem.context, problem.message),
        } for problem in problems]
        errors, warnings = count_severities(problems)
        return _log(_problem_rules(), results,
                    {"valid": errors == 0, "errors": errors, "warnings": warnings})


FORMAT = SarifFormat()

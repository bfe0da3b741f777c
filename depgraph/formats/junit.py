"""JUnit XML, the test report every CI system reads: ``testsuites > testsuite >
testcase``, a ``failure`` in each test case that fails.

``spof``: a test case per target, failing when a single point of failure takes it down
(with a baseline, only a new one: the known ones go to the test case's ``system-out``).
``problems``: a test case per inventory file, failing on its errors; its warnings go to
``system-out``, since they do not fail the check, unless it is strict (``validate
--strict``, which exits 1 on warnings): then they are the test case's failure.

Only what the Jenkins and Ant schemas allow (as pytest's default ``xunit2`` flavour does),
so that strict readers take it too; no timestamp nor host name, so that the same
inventory gives the same bytes, and ``time="0"``: there is no test run to time.
Values are exact where XML can hold them; bidirectional controls, DEL and the C1
controls are written as character references (the same text to a reader, visible in
the file), what XML cannot hold at all as U+FFFD.
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET
from typing import Iterable, Sequence

from depgraph.analysis.data import DataReport
from depgraph.analysis.spof import SinglePoint, SpofReport
from depgraph.core.model import Inventory
from depgraph.core.problems import Problem
from depgraph.core.wording import xml_referred, xml_safe
from depgraph.formats.base import STRICT, plural, shorten

__all__ = ["FORMAT", "JunitFormat", "class_name"]

_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'


def class_name(suite: str, name: str) -> str:
    """A dotted class name that CI tools file the test cases under.

    >>> class_name("depgraph.spof", "Clinique Sainte-Émilie — 病院")
    'depgraph.spof.clinique_sainte_emilie'
    >>> class_name("depgraph.spof", "")
    'depgraph.spof.inventory'
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    safe = re.sub(r"[^A-Za-z0-9]+", "_", ascii_name).strip("_").lower()
    return f"{suite}.{safe or 'inventory'}"


def _element(tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.Element(tag, {k: xml_safe(v) for k, v in attributes.items()})
    if text is not None:
        element.text = xml_safe(text)
    return element


def _document(suite_name: str, cases: list[ET.Element],
              properties: Iterable[tuple[str, str]]) -> str:
    failures = str(sum(1 for case in cases if case.find("failure") is not None))
    root = _element("testsuites", name=suite_name, tests=str(len(cases)), failures=failures,
                    errors="0", time="0")
    suite = _element("testsuite", name=suite_name, tests=str(len(cases)), failures=failures,
                     errors="0", skipped="0", time="0")
    listed = _element("properties")
    listed.extend(_element("property", name=name, value=value) for name, value in properties)
    suite.append(listed)
    suite.extend(cases)
    root.append(suite)
    ET.indent(root)
    return _DECLARATION + xml_referred(ET.tostring(root, encoding="unicode")) + "\n"


def _spof_lines(spofs: Sequence[SinglePoint], whys: dict) -> list[str]:
    lines = []
    for spof in spofs:
        lines += [f"{spof.kind} {spof.id}: kills {plural(len(spof.kills), 'target')}, "
                  f"{spof.blast_radius} fail in all",
                  f"  why: {whys[spof.key]}"]
    return lines


class JunitFormat:
    def data_spof(self, report: DataReport) -> str:
        classname = class_name("depgraph.data", report.inventory.name)
        by_dataset: dict[str, list] = {}
        for point in report.points:
            for name in point.loses:
                by_dataset.setdefault(name, []).append(point)
        cases = []
        for name in report.datasets:
            case = _element("testcase", classname=classname, name=name, time="0")
            points = by_dataset.get(name, [])
            if points:
                message = (f"destroying {plural(len(points), 'single point')} loses {name}: "
                           f"{shorten([p.id for p in points])}")
                case.append(_element("failure", "\n".join(
                    f"{p.kind} {p.id}: {report.why(p)}" for p in points),
                    message=message, type="data-spof"))
            cases.append(case)
        properties = [("inventory", report.inventory.name),
                      ("datasets", str(len(report.datasets))),
                      ("single_points_of_data_loss", str(len(report.points)))]
        return _document("depgraph.data", cases, properties)

    def spof(self, report: SpofReport) -> str:
        counted = {spof.key for spof in report.counted}
        whys = report.whys()
        classname = class_name("depgraph.spof", report.inventory.name)
        cases = []
        for target in report.targets:
            case = _element("testcase", classname=classname, name=target, time="0")
            killers = report.killers_of(target)
            new = [s for s in killers if s.key in counted]
            known = [s for s in killers if s.key not in counted]
            if new:
                message = (f"{plural(len(new), 'single point')} of failure "
                           f"take{'s' if len(new) == 1 else ''} {target} down: "
                           f"{shorten([s.id for s in new])}")
                case.append(_element("failure", "\n".join(_spof_lines(new, whys)),
                                     message=message, type="spof"))
            if known:
                case.append(_element("system-out", "\n".join(
                    ["Known single points of failure (in the baseline):"]
                    + _spof_lines(known, whys))))
            cases.append(case)
        properties = [("inventory", report.inventory.name),
                      ("components", str(len(report.inventory))),
                      ("single_points_of_failure", str(len(report.spofs)))]
        if report.new is not None:
            properties.append(("new", str(len(report.new))))
        return _document("depgraph.spof", cases, properties)

    def problems(self, problems: Sequence[Problem], inventory: Inventory | None, *,
                 strict: bool = False) -> str:
        by_file: dict[str, list[Problem]] = {source: [] for source in
                                             (inventory.sources if inventory else ())}
        for problem in problems:
            file = problem.span.file if problem.span.file not in ("", "?") else "inventory"
            by_file.setdefault(file, []).append(problem)
        cases = []
        for file in sorted(by_file) or ["inventory"]:
            case = _element("testcase", classname="depgraph.validate", name=file, time="0")
            errors = [p for p in by_file.get(file, ()) if p.severity == "error"]
            warnings = [p for p in by_file.get(file, ()) if p.severity != "error"]
            if errors:
                case.append(_element("failure", "\n".join(map(str, errors)), type="error",
                                     message=f"{plural(len(errors), 'error')}: "
                                             f"{errors[0].detail}"))
            elif strict and warnings:  # the check fails on them: a green test would hide it
                case.append(_element("failure", "\n".join(map(str, warnings)), type="warning",
                                     message=f"{plural(len(warnings), 'warning')} {STRICT}: "
                                             f"{warnings[0].detail}"))
                warnings = []
            if warnings:
                case.append(_element("system-out", "\n".join(map(str, warnings))))
            cases.append(case)
        properties = [("inventory", inventory.name if inventory else ""),
                      ("valid", "false" if any(p.severity == "error" for p in problems)
                       or inventory is None else "true")]
        return _document("depgraph.validate", cases, properties)


FORMAT = JunitFormat()

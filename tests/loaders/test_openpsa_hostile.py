"""Hostile Open-PSA files: any declared encoding gets a located answer, and reading
costs time linear in the file, however wide a gate or deep a chain."""

from __future__ import annotations

import gc
import time

import pytest

from depgraph.loaders.openpsa import read_open_psa
from depgraph.loaders.openpsa_formula import define_formulas
from depgraph.loaders.openpsa_mef import read_mef
from tests.helpers import run


def defined(names) -> str:
    return "<model-data>" + "".join(f'<define-basic-event name="{n}"><float value="0.01"/>'
                                    "</define-basic-event>" for n in names) + "</model-data>"


def wide_gate(n: int) -> str:
    inputs = "".join(f'<basic-event name="e{i}"/>' for i in range(n))
    return (f'<?xml version="1.0"?>\n<opsa-mef><define-fault-tree name="t">'
            f'<define-gate name="top"><or>{inputs}</or></define-gate></define-fault-tree>'
            f'{defined(f"e{i}" for i in range(n))}</opsa-mef>\n')


def chain(n: int) -> str:
    gates = "".join(f'<define-gate name="g{i}"><or><gate name="g{i + 1}"/>'
                    f'<basic-event name="e{i}"/></or></define-gate>\n' for i in range(n))
    gates += f'<define-gate name="g{n}"><or><basic-event name="x"/><basic-event name="y"/>' \
             '</or></define-gate>\n'
    return (f'<?xml version="1.0"?>\n<opsa-mef><define-fault-tree name="t">{gates}'
            f'</define-fault-tree>{defined([*(f"e{i}" for i in range(n)), "x", "y"])}'
            '</opsa-mef>\n')


def seconds(path) -> float:
    """The time to read the formulas of ``path`` (where gates' inputs are checked), the
    registration of its definitions aside."""
    model = read_mef([str(path)])
    gc.collect()
    gc.disable()  # the collector's passes grow with what is alive: not the reader's cost
    try:
        start = time.perf_counter()
        define_formulas(model)
        return time.perf_counter() - start
    finally:
        gc.enable()


@pytest.mark.parametrize("make, size", [(wide_gate, 6_000), (chain, 2_000)],
                         ids=["one-gate-many-inputs", "a-chain-of-gates"])
def test_reading_costs_time_linear_in_the_file(tmp_path, make, size):
    """Four times the file at most about four times the time (a gate's duplicate check
    once scanned a list: 40,000 inputs took 9.6 s, 200,000 never ended)."""
    small, large = tmp_path / "small.xml", tmp_path / "large.xml"
    small.write_text(make(size), encoding="utf-8")
    large.write_text(make(4 * size), encoding="utf-8")
    assert len(read_open_psa([str(small)]).inventory) > size  # raises if invalid
    times = [min(seconds(small) for _ in range(2)), min(seconds(large) for _ in range(2))]
    assert times[1] < 8 * times[0] + 0.02, times


def test_a_duplicate_input_is_still_reported(tmp_path):
    path = tmp_path / "dup.xml"
    path.write_text('<opsa-mef><define-fault-tree name="t"><define-gate name="top"><or>'
                    '<basic-event name="a"/><basic-event name="b"/><basic-event name="a"/>'
                    f'</or></define-gate></define-fault-tree>{defined("ab")}</opsa-mef>\n',
                    encoding="utf-8")
    result = run("import", "open-psa", path)
    assert result.exit_code == 2
    assert f"{path}:1:" in result.stderr and "duplicate argument 'a'" in result.stderr


@pytest.mark.parametrize("declared, encoded, words", [
    ("UTF-7", "ascii", "declares the encoding 'UTF-7', which cannot be read here"),
    ("nonesuch", "ascii", "declares the encoding 'nonesuch', which cannot be read here"),
    ("cp500", "ascii", "not well-formed XML: unknown encoding"),
    ("ISO-8859-1", None, "undefined basic-event"),
])
def test_any_declared_encoding_gets_a_located_answer(tmp_path, declared, encoded, words):
    path = tmp_path / "tree.xml"
    body = (f'<?xml version="1.0" encoding="{declared}"?>\n<opsa-mef><define-fault-tree '
            'name="t"><define-gate name="top"><or><basic-event name="caf\u00e9"/>'
            '<basic-event name="b"/></or></define-gate></define-fault-tree></opsa-mef>\n')
    path.write_bytes(body.encode(encoded or "latin-1", errors="replace"))
    result = run("import", "open-psa", path)
    assert result.exit_code == 2, result.output
    assert "internal error" not in result.output and "Traceback" not in result.output
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{path}:") and words in first, result.stderr


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-8-sig"])
def test_utf16_and_a_bom_are_read(tmp_path, encoding):
    path = tmp_path / "tree.xml"
    declared = "UTF-16" if encoding.startswith("utf-16") else "UTF-8"
    text = (f'<?xml version="1.0" encoding="{declared}"?>\n<opsa-mef><define-fault-tree '
            'name="t"><define-gate name="top"><or><basic-event name="a"/>'
            f'<basic-event name="b"/></or></define-gate></define-fault-tree>{defined("ab")}'
            '</opsa-mef>\n')
    data = text.encode(encoding)
    if encoding == "utf-16-le":
        data = b"\xff\xfe" + data
    path.write_bytes(data)
    result = run("import", "open-psa", path)
    assert result.exit_code == 0, result.output
    assert "id: top" in result.stdout

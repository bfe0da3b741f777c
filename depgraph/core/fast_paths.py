"""Which implementation runs: the readable reference, or its fast path.

Every analysis kernel that has a fast path keeps it beside its reference, named
after it: ``propagation.py`` and ``propagation_numpy.py``, ``causes.py`` and
``causes_numpy.py``. Both give the same answer, to the order of the failures and
the words of the explanations (the tests compare them on random inventories);
the fast path is faster only from a certain size, because each numpy call costs
a few microseconds and importing numpy a tenth of a second. This module is the
one place that chooses, and the one way to force a choice.

Sizes are counted in requirement memberships (a member listed in a requirement:
about the edges of the graph), the one figure every kernel's cost follows:

>>> fast("propagation", 19_999), fast("propagation", 20_000)
(False, True)

Tests and benchmarks force either path for a block of code; a process forces it
with ``DEPGRAPH_PATHS=reference`` or ``DEPGRAPH_PATHS=fast`` in its environment
(``auto``, or unset, chooses by size):

>>> with forced("fast"):
...     fast("propagation", 10)
True
>>> with forced("reference"):
...     fast("propagation", 10**9)
False

The fast YAML reader (``yaml``) has no threshold: it is used whenever the
optional ``yaml_rs`` is installed, unless the reference path is forced
(``DEPGRAPH_FAST_YAML=0`` still turns it off alone).
"""

from __future__ import annotations

import contextlib
import os
from typing import Iterator

from depgraph.core.problems import DepgraphError

__all__ = ["ENVIRONMENT", "FAST_FROM", "PATHS", "fast", "forced"]

#: From this many requirement memberships on, each kernel takes its fast path
#: (measured on generated estates and the published fault trees: see
#: docs/performance.md).
FAST_FROM = {
    "index": 200_000,  # core.graph: transposing the compiled index (core/graph_numpy.py)
    "propagation": 20_000,  # analysis.propagation: a scenario's failures
    "restoration": 20_000,  # analysis.restore_plan: the simulation without team limits
    "single_failures": 5_000,  # analysis.single_failures: every single failure at once
    "yaml": 0,  # loaders: the fast YAML reader, when yaml_rs is installed
}

#: The choices: ``auto`` (by size), or one path forced.
PATHS = ("auto", "reference", "fast")

#: The environment variable that forces a path for a whole process.
ENVIRONMENT = "DEPGRAPH_PATHS"

_forced: list[str] = []


def _choice() -> str:
    if _forced:
        return _forced[-1]
    chosen = os.environ.get(ENVIRONMENT, "auto").strip().lower() or "auto"
    if chosen not in PATHS:
        raise DepgraphError(f"{ENVIRONMENT}={chosen!r} in the environment: say "
                            f"{', '.join(PATHS)}, or unset it")
    return chosen


def fast(kernel: str, size: int = 0) -> bool:
    """Whether ``kernel`` takes its fast path on an inventory of ``size`` memberships."""
    threshold = FAST_FROM[kernel]
    chosen = _choice()
    if chosen == "auto":
        return size >= threshold
    return chosen == "fast"


@contextlib.contextmanager
def forced(path: str) -> Iterator[None]:
    """Force ``path`` (``reference``, ``fast`` or ``auto``) for every kernel, inside the block."""
    if path not in PATHS:
        raise ValueError(f"path must be one of {', '.join(PATHS)}, not {path!r}")
    _forced.append(path)
    try:
        yield
    finally:
        _forced.pop()

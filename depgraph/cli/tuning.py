"""Process-wide tuning that the command line applies once, at start-up.

The analyses allocate millions of small objects (tuples, sets, located YAML
nodes) that live until the command ends and hold no reference cycles worth
collecting early. CPython's cyclic collector, with its default thresholds, walks
them again and again as they pile up: up to half of a large load went into it.
As mypy does, the command line runs it far less often; the library leaves the
thresholds of the programs that import it alone.
"""

from __future__ import annotations

import contextlib
import gc
import platform
from typing import Iterator

__all__ = ["tune_gc", "quiet_gc"]


def tune_gc() -> None:
    """Run CPython's cyclic garbage collector less often (once per 200,000 allocations)."""
    if platform.python_implementation() == "CPython":
        gc.set_threshold(200_000, 30, 30)


@contextlib.contextmanager
def quiet_gc() -> Iterator[None]:
    """No cyclic collection while loading, then the loaded objects frozen out of it.

    Loading builds the model (millions of objects, no reference cycles): a
    collection while it grows finds nothing and walks everything. Afterwards,
    ``gc.freeze`` moves what was loaded to the permanent generation, so that the
    analyses' collections no longer walk the model either.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
            if platform.python_implementation() == "CPython":
                gc.freeze()

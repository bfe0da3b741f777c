"""Progress bars on stderr, for the long steps of a run, and only on a terminal.

A step reports ``(done, total)`` through a plain callback (the core and the
analyses know nothing of click); :func:`progress_bar` turns it into a click
progress bar when stderr is a terminal and the step is large enough for the wait
to show, and into nothing otherwise, so that logs and pipes stay clean.
"""

from __future__ import annotations

import contextlib
import sys
from typing import Callable, Iterator

import click

__all__ = ["progress_bar", "Report"]

#: A step's progress: called now and then with what is done and the total.
Report = Callable[[int, int], None]


@contextlib.contextmanager
def progress_bar(label: str, large: bool = True) -> Iterator[Report | None]:
    """A ``(done, total)`` callback drawing a bar labelled ``label`` on stderr, or None
    when stderr is not a terminal or the step is not ``large``."""
    if not large or not sys.stderr.isatty():
        yield None
        return
    with click.progressbar(length=1, label=f"{label:<10}", file=sys.stderr, show_eta=True,
                           width=30) as bar:
        def advance(done: int, total: int) -> None:
            bar.length = max(total, 1)
            if done > bar.pos:
                bar.update(done - bar.pos)

        yield advance

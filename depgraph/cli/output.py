"""Writing results: to stdout, or atomically to a file (never a partial file)."""

from __future__ import annotations

import os
import sys
import tempfile

import click

__all__ = ["emit", "write_atomically", "say"]


def write_atomically(path: str, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename."""
    directory = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(prefix=".depgraph-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def emit(text: str, output: str | None) -> None:
    """Data to ``-o FILE`` or to stdout."""
    if output and output != "-":
        write_atomically(output, text)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


def say(message: str) -> None:
    """A human note on stderr."""
    click.echo(message, err=True)

"""Writing results: to stdout, or atomically to a file (never a partial file)."""

from __future__ import annotations

import errno
import os
import stat
import sys
import tempfile

import click

__all__ = ["emit", "write_atomically", "say"]


def _mode_for(target: str) -> int:
    """Keep the mode of the file replaced; a new file gets what the umask allows."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomically(path: str, text: str | bytes) -> None:
    """Write ``text`` (or bytes: a picture) to ``path`` through a temporary file and a
    rename.

    Readers see the old file or the new one, never a part. A symbolic link is
    written through, not replaced.
    """
    target = os.path.realpath(path)
    if os.path.exists(target) and not os.path.isfile(target):
        # A device or a pipe (-o /dev/stdout, a FIFO): write into it, never replace it.
        with _open(target, text) as stream:
            stream.write(text)
        return
    directory = os.path.dirname(target)
    if not os.path.isdir(directory):
        raise FileNotFoundError(errno.ENOENT, "its directory does not exist", path)
    handle, temporary = tempfile.mkstemp(prefix=".depgraph-", suffix=".tmp", dir=directory)
    try:
        with _open(handle, text) as stream:
            stream.write(text)
        os.chmod(temporary, _mode_for(target))
        os.replace(temporary, target)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def _open(file, data: str | bytes):
    if isinstance(data, bytes):
        return open(file, "wb")
    return open(file, "w", encoding="utf-8", newline="\n")


def emit(data: str | bytes, output: str | None) -> None:
    """Data (text, or an image's bytes) to ``-o FILE`` or to stdout."""
    if output and output != "-":
        write_atomically(output, data)
    elif isinstance(data, bytes):
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        sys.stdout.write(data)
        sys.stdout.flush()


def say(message: str) -> None:
    """A human note on stderr."""
    click.echo(message, err=True)

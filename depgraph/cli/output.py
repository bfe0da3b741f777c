"""Writing results: to stdout, or atomically to a file (never a partial file, never
over an input, nothing left behind), and human notes to stderr."""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import stat
import sys
import tempfile
import threading
from pathlib import Path
from typing import Iterable

import click

from depgraph.core.problems import DepgraphError
from depgraph.loaders.files import inventory_files

__all__ = ["OutputError", "emit", "refuse_overwriting_inputs", "say",
           "silence_closed_streams", "temporary_prefix", "write_atomically"]


class OutputError(DepgraphError):
    """``-o`` cannot be written: it names an input, or the system refused the write."""


def temporary_prefix(target: str) -> str:
    """The name of a temporary file beside ``target`` starts with this: hidden, naming
    the target and the process, so that one left behind by a ``kill -9`` says whose it
    is (``.report.html.depgraph-4242-``, then random letters and ``.tmp``)."""
    return f".{os.path.basename(target)}.depgraph-{os.getpid()}-"


def refuse_overwriting_inputs(output: str | None, inputs: Iterable[str]) -> None:
    """Refuse an ``-o`` that would replace what the command reads: an input file (by
    name, or through a symbolic or a hard link), any file an input directory reads
    (a symbolic link inside it may lead anywhere), or any file inside an input
    directory (it would join the inventory the next time it is read)."""
    if not output or output == "-":
        return
    target = os.path.realpath(output)
    try:
        status = os.stat(target)
    except OSError:
        status = None
    for given in inputs:
        source = os.path.realpath(given)
        if not os.path.isdir(source):
            if _same_file(target, status, source):
                raise OutputError(f"refusing to write '{output}': it is the input '{given}', "
                                  "which the output would destroy; write it elsewhere")
            continue
        if Path(target).is_relative_to(source):
            raise OutputError(f"refusing to write '{output}': it is inside the inventory "
                              f"directory '{given}' being read; write it elsewhere")
        for read in inventory_files([given])[0]:
            if _same_file(target, status, os.path.realpath(read)):
                raise OutputError(f"refusing to write '{output}': it is the input '{read}' "
                                  f"(read from the inventory directory '{given}'), which "
                                  "the output would destroy; write it elsewhere")


def _same_file(target: str, status: os.stat_result | None, source: str) -> bool:
    """Whether ``target`` (resolved; ``status`` when it exists) is ``source`` (resolved):
    the same name, or the same device and inode (a hard link)."""
    if target == source:
        return True
    try:
        return status is not None and os.path.samestat(status, os.stat(source))
    except OSError:
        return False


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
    try:
        _write(path, text)
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from error


#: The signals that the command line turns into an unwinding exception (cli.main).
_UNWINDING = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP")
                   if hasattr(signal, name))


@contextlib.contextmanager
def _signals_held():
    """Hold SIGINT, SIGTERM and SIGHUP back for a moment (the temporary file's creation,
    its removal): one arriving meanwhile is raised again as the moment ends, to the
    handler it would have met. Python runs signal handlers in the main thread whichever
    thread the system delivers a signal to, so swapping the handlers there holds them
    all (a signal mask would not: it is the calling thread's own)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    arrived: list[int] = []
    previous = {number: signal.signal(number, lambda number, _frame: arrived.append(number))
                for number in _UNWINDING}
    try:
        yield
    finally:
        for number, handler in previous.items():
            if handler is not None:  # None: set outside Python, cannot be put back
                signal.signal(number, handler)
        if arrived:
            signal.raise_signal(arrived[0])  # its handler runs now, inside the caller's try


def _write(path: str, text: str | bytes) -> None:
    target = os.path.realpath(path)
    if os.path.exists(target) and not os.path.isfile(target):
        # A device or a pipe (-o /dev/stdout, a FIFO): write into it, never replace it.
        with _open(target, text) as stream:
            stream.write(text)
        return
    directory = os.path.dirname(target)
    if not os.path.isdir(directory):
        raise FileNotFoundError(errno.ENOENT, "its directory does not exist", path)
    temporary = None
    try:  # SIGTERM, SIGHUP and SIGINT unwind through here too (see cli.main)
        with _signals_held():  # a signal arrives inside the try, once the file is named
            handle, temporary = tempfile.mkstemp(prefix=temporary_prefix(target),
                                                 suffix=".tmp", dir=directory)
        with _open(handle, text) as stream:
            _pause_for_tests()
            stream.write(text)
        os.chmod(temporary, _mode_for(target))
        os.replace(temporary, target)
    except BaseException:
        with _signals_held():  # a second Ctrl-C must not interrupt the removal
            if temporary is not None and os.path.exists(temporary):
                os.unlink(temporary)
        raise


def _pause_for_tests() -> None:
    # Test-only: DEPGRAPH_TEST_PAUSE_WRITE=SECONDS holds the temporary file open that
    # long, so that the tests can send a signal while it exists.
    pause = os.environ.get("DEPGRAPH_TEST_PAUSE_WRITE")
    if pause:
        import time

        time.sleep(float(pause))


def _open(file, data: str | bytes):
    if isinstance(data, bytes):
        return open(file, "wb")
    return open(file, "w", encoding="utf-8", newline="\n")


def emit(data: str | bytes, output: str | None) -> None:
    """Data (text, or an image's bytes) to ``-o FILE`` or to stdout."""
    if output and output != "-":
        write_atomically(output, data)
        return
    try:
        if isinstance(data, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
        else:
            sys.stdout.write(data)
        sys.stdout.flush()
    except BrokenPipeError:  # the reader stopped (| head): not an error of the command
        _silence(sys.stdout)
    except OSError as error:  # > /dev/full, a disk full: what is left must not follow
        _silence(sys.stdout)
        raise OutputError(f"cannot write stdout: {error.strerror or error}") from error


def say(message: str) -> None:
    """A human note on stderr; a closed stderr silences the notes, never the command's
    exit code."""
    try:
        click.echo(message, err=True)
    except BrokenPipeError:
        _silence(sys.stderr)


def silence_closed_streams() -> None:
    """After a broken pipe: stdout and stderr to /dev/null, whichever was closed."""
    for stream in (sys.stdout, sys.stderr):
        _silence(stream)


def _silence(stream) -> None:
    """Point a stream whose reader has gone at /dev/null, so that nothing, not even
    the interpreter's last flush, writes to the closed pipe again (the Python
    documentation's advice for SIGPIPE)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # not a real file (a test's capture): nothing to redirect
        pass

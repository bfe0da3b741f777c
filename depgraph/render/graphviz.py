"""Running Graphviz's ``dot`` on DOT text: SVG, PNG or PDF bytes, within a time limit.

The only module of depgraph that starts a program. ``dot`` is looked up on PATH
each time (``shutil.which``); when it is missing, or fails, or takes too long, a
:class:`GraphvizError` says what to do (install Graphviz, ``--collapse``...).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess

from depgraph.core.problems import DepgraphError

__all__ = ["IMAGE_FORMATS", "INSTALL_HINT", "GraphvizError", "GraphvizMissing", "find_dot",
           "render_dot"]

#: The formats ``dot`` is asked for.
IMAGE_FORMATS = ("svg", "png", "pdf")
INSTALL_HINT = ("install Graphviz (Debian, Ubuntu: apt-get install graphviz; macOS: brew "
                "install graphviz; Windows: winget install graphviz), or write DOT text "
                "(-o FILE.dot) and render it elsewhere")
#: PNG resolution: sharp on a projector without a huge file.
PNG_DPI = 110
_STDERR_LINES = 8


class GraphvizError(DepgraphError):
    """``dot`` failed, or took too long."""


class GraphvizMissing(GraphvizError):
    """Graphviz's ``dot`` is not installed (not on PATH)."""


def find_dot() -> str | None:
    """The path of Graphviz's ``dot`` program, or None."""
    return shutil.which("dot")


def render_dot(dot_text: str, fmt: str, timeout: float = 120.0) -> bytes:
    """``dot_text`` laid out and drawn by Graphviz as ``fmt`` (svg, png or pdf).

    Raises :class:`GraphvizMissing` when ``dot`` is not installed, and
    :class:`GraphvizError` when it fails or runs longer than ``timeout`` seconds
    (the process is then killed).
    """
    if fmt not in IMAGE_FORMATS:
        raise ValueError(f"format must be one of {', '.join(IMAGE_FORMATS)}, not {fmt!r}")
    program = find_dot()
    if program is None:
        raise GraphvizMissing(f"Graphviz's 'dot' program is not installed, and {fmt.upper()} "
                              f"needs it: {INSTALL_HINT}")
    command = [program, f"-T{fmt}"]
    if fmt == "png":
        command.append(f"-Gdpi={PNG_DPI}")
    try:
        # a session of its own, so that a timeout stops dot and anything it started
        process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, start_new_session=True)
    except OSError as error:
        raise GraphvizError(f"could not run Graphviz's dot ({program}): "
                            f"{error.strerror or error}") from None
    try:
        output, errors = process.communicate(dot_text.encode("utf-8"), timeout=timeout)
    except subprocess.TimeoutExpired:
        _stop(process)
        raise GraphvizError(
            f"Graphviz's dot took longer than {timeout:g} s to lay out the diagram and was "
            "stopped; draw less: --collapse type|provider|location, or --focus ID "
            "--depth N (or allow more time with --timeout)") from None
    except BaseException:
        _stop(process)
        raise
    if process.returncode != 0 or not output:
        lines = errors.decode("utf-8", "replace").strip().splitlines()
        detail = "\n".join(lines[:_STDERR_LINES]) or "no message"
        how = (f"exit code {process.returncode}" if process.returncode >= 0
               else f"killed by signal {-process.returncode}")
        raise GraphvizError(f"Graphviz's dot failed ({how}): {detail}")
    return output


def _stop(process: subprocess.Popen) -> None:
    """Kill dot and its session, and reap it."""
    try:
        if hasattr(os, "killpg"):
            os.killpg(process.pid, signal.SIGKILL)
        else:  # pragma: no cover (Windows)
            process.kill()
    except (ProcessLookupError, PermissionError):
        pass
    for stream in (process.stdin, process.stdout, process.stderr):
        if stream is not None:
            stream.close()
    process.wait()

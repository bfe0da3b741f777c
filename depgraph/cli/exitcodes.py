"""The exit codes, in one place."""

from enum import IntEnum

__all__ = ["ExitCode"]


class ExitCode(IntEnum):
    #: Ran, and found nothing the user asked to fail on.
    OK = 0
    #: Found what the user asked to fail on (``--fail-on-...``).
    FINDINGS = 1
    #: Bad input or usage: invalid inventory, unknown selector, bad option.
    BAD_INPUT = 2
    #: A bug in depgraph itself (please report it, with ``--debug`` output).
    INTERNAL = 3
    #: Interrupted (SIGINT, Ctrl-C): 128 + the signal's number, as shells report it;
    #: SIGTERM and SIGHUP exit 143 and 129 the same way.
    INTERRUPTED = 130
    #: The reader of the output went away before the end, outside of the places that
    #: carry on without it (128 + SIGPIPE).
    BROKEN_PIPE = 141

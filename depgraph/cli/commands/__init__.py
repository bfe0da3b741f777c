"""The commands, one module each; :mod:`depgraph.cli.main` adds them to the group.

Each module defines a click command (or group) from the pieces of
:mod:`depgraph.cli.shared`: load, analyse (a function of :mod:`depgraph.analysis`),
write with a format of :mod:`depgraph.formats`, say a summary on stderr, exit.
"""

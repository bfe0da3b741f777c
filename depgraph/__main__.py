"""``python -m depgraph``: the same as the ``depgraph`` command."""

from depgraph.cli.main import main

if __name__ == "__main__":
    main(prog_name="depgraph")

"""The fuzz tests report how many mutants they ran."""

from tests.fuzz.oracle import COUNTS


def pytest_terminal_summary(terminalreporter):
    if COUNTS:
        said = ", ".join(f"{n:,} {kind} mutants" for kind, n in sorted(COUNTS.items()))
        terminalreporter.write_line(f"fuzz: {said}, every one clean")

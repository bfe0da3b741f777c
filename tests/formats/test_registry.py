"""The format registry says what each format writes, and each format writes exactly that."""

import inspect

import pytest

from depgraph.cli.main import cli
from depgraph.formats import FORMATS, RESULTS, by_extension, extensions, get_format, offered

COMMANDS = {"validate": "problems", "blast-radius": "blast_radius", "spof": "spof",
            "diff": "diff", "restore-plan": "restore_plan", "render": "diagram",
            "report": "governance", "timeline": "timeline"}


@pytest.mark.parametrize("entry", FORMATS, ids=lambda e: e.name)
def test_each_format_implements_exactly_the_results_the_registry_names(entry):
    writer = get_format(entry.name)
    implemented = {name for name, _ in inspect.getmembers(writer, callable)
                   if name in RESULTS}
    assert implemented == set(entry.results)


@pytest.mark.parametrize("command, result", COMMANDS.items())
def test_each_command_offers_the_formats_that_write_its_result(command, result):
    option = next(p for p in cli.commands[command].params if p.name == "format_name")
    assert tuple(option.type.choices) == offered(result)


def test_no_two_formats_of_a_result_share_an_extension():
    for result in RESULTS:
        assert len(set(extensions(result))) == len(extensions(result)), result


def test_an_extension_names_a_format_only_for_the_results_it_writes():
    assert by_extension("out/plan.SVG", "restore_plan") == "svg"
    assert by_extension("spof.junit.xml", "spof") == "junit"
    assert by_extension("blast.sarif", "blast_radius") is None
    assert by_extension("report.md", "governance") == "markdown"
    with pytest.raises(ValueError, match="unknown result"):
        offered("gantt")

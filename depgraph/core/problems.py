"""Problems found in an inventory, and the exceptions that carry them."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Iterable

from depgraph.core.model import Span
from depgraph.core.wording import visible

__all__ = [
    "Problem",
    "DepgraphError",
    "InventoryError",
    "SelectorError",
    "did_you_mean",
]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an inventory, at a place.

    >>> print(Problem(Span("inv.yaml", 3, 9), "unknown key 'dependson'",
    ...               "component 'web'", "did you mean 'depends_on'?"))
    inv.yaml:3:9: error: unknown key 'dependson' (component 'web'); did you mean 'depends_on'?
    """

    span: Span
    message: str
    context: str = ""
    hint: str = ""
    severity: str = "error"
    rule: str = ""

    def __str__(self) -> str:
        text = f"{self.span}: {self.severity}: {self.detail}"
        # Shown to a person, one line per problem: a value quoted in the message can
        # neither start a line of its own nor hide or reorder what follows.
        return visible(f"{text} [{self.rule}]" if self.rule else text)

    @property
    def detail(self) -> str:
        """The message with its context and hint, without the place."""
        text = self.message
        if self.context:
            text += f" ({self.context})"
        if self.hint:
            text += f"; {self.hint}"
        return text

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.span.file, self.span.line, self.span.column, self.message)


class DepgraphError(Exception):
    r"""The root of every error depgraph raises on purpose.

    Its text is shown to a person (the CLI prints it on stderr): what it quotes back,
    a selector or a value, is shown escaped, on the one line of the message.

    >>> print(SelectorError("selector 'x\nfile.yaml:1:1: error: FORGED' matches no component"))
    selector 'x\nfile.yaml:1:1: error: FORGED' matches no component
    """

    def __str__(self) -> str:
        return visible(super().__str__())


class InventoryError(DepgraphError):
    """The inventory is invalid; ``problems`` lists every problem found, sorted."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = tuple(sorted(problems, key=lambda p: p.sort_key))
        super().__init__("\n".join(map(str, self.problems)))

    def __str__(self) -> str:
        return self.args[0]  # one line per problem, each already shown escaped


class SelectorError(DepgraphError):
    """A selector is malformed or matches nothing."""


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A "did you mean" hint naming the closest candidate, or ``""``.

    A candidate that differs only in case comes first (difflib's ratio counts
    ``SBG2`` and ``sbg2`` as far apart); then the closest by difflib, the case
    folded on both sides.

    >>> did_you_mean("db-dpj", ["db-dpi", "web"])
    "did you mean 'db-dpi'?"
    >>> did_you_mean("SBG2", ["sbg1", "sbg2", "sbg3"])
    "did you mean 'sbg2'?"
    >>> did_you_mean("DB-DPJ", ["db-dpi", "web"])
    "did you mean 'db-dpi'?"
    >>> did_you_mean("zzz", ["db-dpi", "web"])
    ''
    """
    folded: dict[str, str] = {}
    for candidate in sorted(set(candidates)):
        folded.setdefault(candidate.casefold(), candidate)  # the first spelling, sorted
    word = word.casefold()
    if word in folded:
        return f"did you mean '{folded[word]}'?"
    matches = difflib.get_close_matches(word, folded, n=1, cutoff=0.6)
    return f"did you mean '{folded[matches[0]]}'?" if matches else ""

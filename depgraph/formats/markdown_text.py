"""Markdown text, shared by the Markdown formats: escaping and tables."""

from __future__ import annotations

import re
from typing import Sequence

from depgraph.core.wording import visible

__all__ = ["escape", "table"]

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~])")


def escape(text: str) -> str:
    r"""Make inventory text inert in Markdown (and in the HTML it may become).

    >>> escape("a|b <script> *x*")
    'a\\|b &lt;script&gt; \\*x\\*'
    """
    text = visible(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", text)


def table(header: Sequence[str], rows: list[Sequence[str]], right: Sequence[int] = ()
          ) -> list[str]:
    """A table's lines; the columns numbered in ``right`` are aligned right (numbers).

    >>> print("\\n".join(table(["id", "n"], [["a", "1"]], right=(1,))))
    | id | n |
    |---|---:|
    | a | 1 |
    """
    rule = "|" + "".join("---:|" if i in right else "---|" for i in range(len(header)))
    return (["| " + " | ".join(header) + " |", rule]
            + ["| " + " | ".join(row) + " |" for row in rows])

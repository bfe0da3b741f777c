"""CSV: the business impact analysis as one row per scenario and function, for a
spreadsheet (:func:`depgraph.formats.bia.csv_text`)."""

from __future__ import annotations

__all__ = ["FORMAT"]


class CsvFormat:
    def bia(self, result) -> str:
        from depgraph.formats.bia import csv_text

        return csv_text(result)


FORMAT = CsvFormat()

"""What is wrong with an input file: the whole of it, or each of its bad rows by line and column."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["BadRows", "FileProblem", "RowProblem"]

_MAX_PROBLEMS_IN_MESSAGE = 20


@dataclass(frozen=True, slots=True)
class RowProblem:
    """One bad row of an input file: its 1-based line number, the column and why.

    The line is the row's number as a spreadsheet shows it (the header is line 1).
    ``column`` is empty when the row as a whole is wrong.
    """

    line: int
    column: str
    reason: str

    def __str__(self) -> str:
        if not self.column:
            return f"line {self.line}: {self.reason}"
        return f"line {self.line}, column {self.column!r}: {self.reason}"


class FileProblem(ValueError):
    """A file that cannot be used as a whole: empty, not what its name says, not UTF-8 text."""


class BadRows(FileProblem):
    """A file with bad rows; ``problems`` lists every one of them, in the order of the file."""

    subject = "the file"

    def __init__(self, problems: Sequence[RowProblem]) -> None:
        self.problems = tuple(problems)
        shown = [str(p) for p in self.problems[:_MAX_PROBLEMS_IN_MESSAGE]]
        more = len(self.problems) - len(shown)
        if more > 0:
            shown.append(f"... and {more} more bad rows")
        super().__init__(f"{len(self.problems)} bad rows in {self.subject}:\n" + "\n".join(shown))

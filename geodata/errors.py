"""One error type for bad input: it lists every problem, each with where, expected, got and a fix."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file.

    ``line`` is the 1-based line in the file (the header is line 1), or None for a whole-file problem.
    """

    file: str
    line: int | None
    column: str | None
    expected: str
    got: str
    fix: str = ""

    def __str__(self) -> str:
        """The problem as one line: file, line and column, what was expected, what came, and the fix."""
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.column:
            where += f", column '{self.column}'"
        text = f"{where}: expected {self.expected}, got {self.got}"
        return f"{text} — {self.fix}" if self.fix else text


class GeodataValidationError(ValueError):
    """Raised once, at a boundary, with every problem found in the input."""

    def __init__(self, problems: list[Problem], what: str = "input") -> None:
        self.problems = list(problems)
        count = len(self.problems)
        header = f"{count} problem{'s' if count != 1 else ''} in {what}:"
        super().__init__("\n".join([header, *(f"  - {p}" for p in self.problems)]))


class IngestError(ValueError):
    """A source file cannot be ingested; the store is left exactly as it was."""


class StoreDamagedError(IngestError):
    """No intact snapshot of the store can be served; the message says why and what to do."""

"""Checks on reference tables read as text: each returns a list of problems, never raises.

Tables are read with every column as text so that a value like "12O.5" or "123" can be reported
with its file line instead of being silently coerced. Line numbers count the header as line 1.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from geodata.errors import Problem

HEADER_LINES = 1


def line_of(index: int) -> int:
    """The file line of a data row with 0-based position ``index``."""
    return index + HEADER_LINES + 1


def missing_columns(frame: pd.DataFrame, required: Iterable[str], file: str) -> list[Problem]:
    """A problem on the header line naming the ``required`` columns ``frame`` lacks; none if it has all."""
    missing = [c for c in required if c not in frame.columns]
    if not missing:
        return []
    return [
        Problem(
            file,
            1,
            None,
            expected=f"columns {', '.join(required)}",
            got=f"no column {', '.join(repr(c) for c in missing)}",
            fix="add the missing column(s) to the header row",
        )
    ]


def _rows(frame: pd.DataFrame, column: str) -> Iterable[tuple[int, str]]:
    for position, value in enumerate(frame[column].tolist()):
        yield position, "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def empty_values(frame: pd.DataFrame, columns: Iterable[str], file: str) -> list[Problem]:
    """A problem for every empty or blank cell of ``columns``."""
    problems = []
    for column in columns:
        for position, value in _rows(frame, column):
            if not value.strip():
                problems.append(
                    Problem(
                        file,
                        line_of(position),
                        column,
                        "a non-empty value",
                        "an empty cell",
                        f"fill in '{column}'",
                    )
                )
    return problems


def duplicate_ids(frame: pd.DataFrame, column: str, file: str) -> list[Problem]:
    """A problem for every value of ``column`` that repeats an earlier row's, naming that row's line."""
    seen: dict[str, int] = {}
    problems = []
    for position, value in _rows(frame, column):
        if value in seen:
            problems.append(
                Problem(
                    file,
                    line_of(position),
                    column,
                    "a unique id",
                    f"'{value}' again (first on line {line_of(seen[value])})",
                    "rename or remove one of the rows",
                )
            )
        else:
            seen[value] = position
    return problems


def values_in(
    frame: pd.DataFrame, column: str, allowed: Iterable[str], file: str, what: str
) -> list[Problem]:
    """A problem for every value of ``column`` not in ``allowed``; ``what`` names the allowed values."""
    allowed_set = set(allowed)
    expected = f"{what} ({', '.join(sorted(allowed_set))})" if len(allowed_set) <= 12 else what
    return [
        Problem(
            file,
            line_of(position),
            column,
            expected,
            f"'{value}'",
            f"use one of the known values for '{column}'",
        )
        for position, value in _rows(frame, column)
        if value not in allowed_set
    ]


def numbers_in_range(
    frame: pd.DataFrame, column: str, low: float, high: float, file: str
) -> tuple[list[Problem], pd.Series]:
    """Parse a text column as floats; report non-numbers and values outside [low, high]."""
    parsed = pd.to_numeric(frame[column], errors="coerce")
    problems = []
    for position, value in _rows(frame, column):
        number = parsed.iloc[position]
        if pd.isna(number):
            problems.append(
                Problem(
                    file,
                    line_of(position),
                    column,
                    f"a number from {low:g} to {high:g}",
                    f"'{value}'",
                    "write a decimal number such as 43.25",
                )
            )
        elif not low <= number <= high:
            problems.append(
                Problem(
                    file,
                    line_of(position),
                    column,
                    f"a number from {low:g} to {high:g}",
                    f"{value}",
                    f"'{column}' must lie within [{low:g}, {high:g}]",
                )
            )
    return problems, parsed

"""Reading small frames row by row without pandas' per-call cost.

`pandas.DataFrame.itertuples` builds a new named-tuple class on every call (about a millisecond) and
walks Arrow-backed string columns one boxed value at a time; a view draws dozens of such small frames
per request. `frame_rows` gives the same rows (fields named after the columns) from plain lists, with
one named-tuple class per column set, made once.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any, Protocol, cast

import pandas as pd


class _RowType(Protocol):
    """A named-tuple class, as far as `frame_rows` uses it."""

    def _make(self, _iterable: Iterable[Any], /) -> tuple[Any, ...]: ...


@lru_cache(maxsize=256)
def _row_type(columns: tuple[str, ...]) -> _RowType:
    # typeshed types a namedtuple() made from non-literal field names as type[tuple], without _make
    return cast(_RowType, namedtuple("Row", columns, rename=True))


def frame_rows(frame: pd.DataFrame) -> Iterator[tuple]:
    """The frame's rows as named tuples (Python scalars; missing values as NaN, like ``tolist``)."""
    columns = tuple(str(c) for c in frame.columns)
    row = _row_type(columns)
    if frame.columns.is_unique:  # a column by name is cheaper than by position
        values = [frame[c].tolist() for c in frame.columns]
    else:
        values = [frame.iloc[:, i].tolist() for i in range(len(columns))]
    return map(row._make, zip(*values, strict=True))


def column_values(frame: pd.DataFrame, *columns: str) -> Iterator[tuple]:
    """Plain tuples of the named columns (faster than zipping the columns themselves)."""
    return zip(*(frame[c].tolist() for c in columns), strict=True)


class TextRow(Protocol):
    """A row of a frame whose every column is text (`geodata.layers.read_table`): each cell a str."""

    def __getattr__(self, column: str) -> str:
        """A column's cell, as text."""
        ...


def text_rows(frame: pd.DataFrame) -> Iterator[TextRow]:
    """``frame.itertuples(index=False)`` of a frame whose every column is text, typed as such."""
    # pandas-stubs types every field of an itertuples row as any scalar; the frame's columns are str
    return cast(Iterator[TextRow], frame.itertuples(index=False))

"""Row checks every reader shares: numbers, periods, HS codes, country codes, skips and aggregates.

A chunk is a DataFrame of stripped strings whose index is the 1-based file line of each row (the
record number in a JSON file, ``ReadContext.unit``), so every message can say where the bad value is.
Helpers return the chunk with the rows dropped; skipped rows are counted in the `ReadReport` (or
raise with ``strict``), aggregates are counted in ``aggregates_excluded``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, SupportsInt, cast

import numpy as np
import pandas as pd

from geodata.errors import IngestError
from geodata.trade.formats.base import ReadReport
from geodata.trade.formats.streams import problem
from geodata.trade.formats.textio import check_delimiter, read_header
from geodata.trade.schema import CANONICAL_COLUMNS, PERIOD_MAX, PERIOD_MIN

SKIP_UNKNOWN_COUNTRY = "unknown country code"
SKIP_PERIOD = "period out of range"
SKIP_NOT_HS = "not an HS code"
SKIP_FLOW = "flow code not X/M/RX/RM"
SKIP_NO_VALUE = "missing trade value"
SKIP_NEGATIVE = "negative value"
AGG_HS = "hs_total_or_chapter"
AGG_WORLD = "partner_world"


@dataclass
class ReadContext:
    """What the helpers need to count, skip or raise for one file."""

    path: Path
    report: ReadReport
    strict: bool
    format_name: str
    pending: list = field(default_factory=list)  # strict: (line, error) found in the current chunk
    unit: str = "line"  # what a chunk's index counts: file lines, or "record" in a JSON file
    duplicates: Duplicates = field(default_factory=lambda: Duplicates())

    def raise_pending(self) -> None:
        """With strict, raise the error of the earliest row left out in the chunk just processed."""
        if self.pending:
            _, error = min(self.pending, key=lambda item: item[0])
            self.pending.clear()
            raise error


def first_line(mask: pd.Series) -> int:
    """The line (index label, ``ReadContext.unit``) of the first true value in ``mask``, a mask over a chunk."""
    # pandas-stubs types an index label as Hashable; a chunk's index holds line numbers
    return int(cast(SupportsInt, mask.idxmax()))


def numbers(
    chunk: pd.DataFrame,
    column: str,
    ctx: ReadContext,
    *,
    expected: str = "a number",
    na_values: tuple[str, ...] = (),
) -> pd.Series:
    """Parse a column as float64: blanks (and ``na_values``) become NaN, anything else non-numeric raises."""
    text = chunk[column]
    blank = text.eq("") | text.isin(na_values) if na_values else text.eq("")
    parsed = pd.to_numeric(text.where(~blank), errors="coerce").astype("float64")
    bad = parsed.isna() & ~blank
    if bad.any():
        line = first_line(bad)
        raise ctx_error(
            ctx,
            line,
            column,
            expected,
            repr(chunk.at[line, column]),
            f"fix the value on that {ctx.unit} or download the {ctx.format_name} file again; "
            "a spreadsheet may have added thousands separators or text",
        )
    infinite = parsed.isin([np.inf, -np.inf])
    if infinite.any():
        line = first_line(infinite)
        raise ctx_error(
            ctx,
            line,
            column,
            f"{expected} (finite)",
            repr(chunk.at[line, column]),
            f"the value overflows or is infinite; fix that {ctx.unit} or download the file again",
        )
    return parsed


def non_negative(
    chunk: pd.DataFrame, values: pd.Series, column: str, ctx: ReadContext, what: str
) -> pd.DataFrame:
    """Skip (count; with strict raise for) rows whose value in ``column`` is below zero."""
    negative = values.loc[chunk.index] < 0
    return skip_rows(
        chunk,
        negative,
        SKIP_NEGATIVE,
        ctx,
        column,
        f"{what} of zero or more",
        "trade values are never negative",
    )


def whole_numbers(
    chunk: pd.DataFrame, values: pd.Series, column: str, ctx: ReadContext, expected: str
) -> None:
    """Raise for the first value in ``column`` that is not a whole number (a month 1.5)."""
    fractional = values.notna() & values.ne(np.floor(values))
    if fractional.any():
        line = first_line(fractional)
        raise ctx_error(
            ctx,
            line,
            column,
            f"{expected} (a whole number)",
            repr(chunk.at[line, column]),
            "the file was edited or damaged; fix that value or download the file again",
        )


def same_period(
    chunk: pd.DataFrame, column: str, values: pd.Series, other: pd.Series, other_column: str, ctx: ReadContext
) -> None:
    """Raise for the first row where ``column`` contradicts the same field derived from ``other_column``."""
    clash = values.notna() & other.notna() & values.ne(other)
    if clash.any():
        line = first_line(clash)
        raise ctx_error(
            ctx,
            line,
            column,
            f"{int(other.loc[line])} as in {other_column} {chunk.at[line, other_column]!r}",
            repr(chunk.at[line, column]),
            "the row contradicts itself; fix it or download the file again",
        )


class Duplicates:
    """Remembers a 64-bit hash of every row seen in one file, to drop rows seen before (kept once)."""

    def __init__(self) -> None:
        self.seen = np.empty(0, dtype=np.uint64)

    def drop(self, chunk: pd.DataFrame, ctx: ReadContext) -> pd.DataFrame:
        """The chunk without the rows identical to an earlier row of the file (in it or in an earlier
        chunk), counted as duplicates in the report.
        """
        if chunk.empty:
            return chunk
        hashes = pd.util.hash_pandas_object(chunk, index=False).to_numpy(dtype=np.uint64)
        repeated = pd.Series(hashes).duplicated().to_numpy()
        if len(self.seen):
            position = np.minimum(np.searchsorted(self.seen, hashes), len(self.seen) - 1)
            repeated = repeated | (self.seen[position] == hashes)
        self.seen = np.union1d(self.seen, hashes)
        if repeated.any():
            first = int(chunk.index[int(np.argmax(repeated))])
            ctx.report.duplicate(first, int(repeated.sum()))
            chunk = chunk[~repeated]
        return chunk


def ctx_error(
    ctx: ReadContext, line: int | None, column: str | None, expected: str, got: str, fix: str = ""
) -> IngestError:
    """The `IngestError` for a bad value at a file line (or JSON record) and column."""
    return problem(ctx.path, line, column, expected, got, fix, unit=ctx.unit)


def skip_rows(
    chunk: pd.DataFrame,
    mask: pd.Series,
    reason: str,
    ctx: ReadContext,
    column: str,
    expected: str,
    fix: str = "",
) -> pd.DataFrame:
    """Drop the rows in ``mask`` and count them under ``reason``.

    With strict the error for the first of them is kept in ``ctx.pending``; the reader calls
    `ReadContext.raise_pending` once the chunk is processed, so the earliest line of the chunk is reported.
    """
    mask = mask.fillna(False).astype(bool)
    if not mask.any():
        return chunk
    line = first_line(mask)
    if ctx.strict:
        got = repr(chunk.at[line, column]) if column in chunk.columns else "this row"
        ctx.pending.append(
            (
                line,
                ctx_error(
                    ctx,
                    line,
                    column,
                    expected,
                    got,
                    (fix + "; " if fix else "") + f"without --strict such rows are skipped ({reason})",
                ),
            )
        )
        return chunk[~mask]
    ctx.report.skip(reason, line, int(mask.sum()))
    return chunk[~mask]


def drop_aggregates(chunk: pd.DataFrame, mask: pd.Series, reason: str, ctx: ReadContext) -> pd.DataFrame:
    """Drop aggregate rows (sums of other rows) and count them under ``reason``."""
    mask = mask.fillna(False).astype(bool)
    n = int(mask.sum())
    if not n:
        return chunk
    ctx.report.aggregates_excluded[reason] += n
    return chunk[~mask]


def month_start(year: pd.Series, month: pd.Series) -> pd.Series:
    """Month-start timestamps from integer-valued year and month (1–12) series; NaT where impossible."""
    ok = year.between(PERIOD_MIN.year, PERIOD_MAX.year) & month.between(1, 12)
    text = (
        year.where(ok, 2000).astype("int64").astype(str)
        + "-"
        + month.where(ok, 1).astype("int64").astype(str).str.zfill(2)
        + "-01"
    )
    stamps = pd.to_datetime(text, format="%Y-%m-%d")
    return stamps.where(ok)


def periods(
    chunk: pd.DataFrame,
    year: pd.Series,
    month: pd.Series,
    ctx: ReadContext,
    *,
    column: str,
    annual_month: int = 52,
    year_column: str | None = None,
) -> tuple[pd.DataFrame, pd.Series, pd.Series]:
    """(chunk, period, freq) from numeric year and month; ``annual_month`` (52) marks an annual row.

    A year or month that is not a whole number (refMonth 1.5) raises; rows whose period is
    impossible or outside PERIOD_MIN..PERIOD_MAX are skipped.
    """
    whole_numbers(chunk, month, column, ctx, f"a month 1–12 (or {annual_month})")
    whole_numbers(chunk, year, year_column or column, ctx, "a year")
    annual = month.eq(annual_month)
    stamps = month_start(year, month.where(~annual, 1))
    out = stamps.isna() | (stamps < PERIOD_MIN) | (stamps > PERIOD_MAX)
    expected = f"a month 1–12 (or {annual_month} for a whole year) in {PERIOD_MIN:%Y-%m}..{PERIOD_MAX:%Y-%m}"
    chunk = skip_rows(
        chunk,
        out,
        SKIP_PERIOD,
        ctx,
        column=column,
        expected=expected,
        fix="check the period; the file may be for a year the store does not take",
    )
    freq = pd.Series(np.where(annual, "A", "M"), index=annual.index, dtype="str")
    return chunk, stamps.loc[chunk.index], freq.loc[chunk.index]


def hs_version_for_year(year: pd.Series) -> pd.Series:
    """The HS edition in force in a year: 2022–2030 H6, 2017–2021 H5, 2012–2016 H4, ... (CN follows HS)."""
    bins = [-np.inf, 1995, 2001, 2006, 2011, 2016, 2021, np.inf]
    labels = ["H0", "H1", "H2", "H3", "H4", "H5", "H6"]
    return pd.Series(pd.cut(year, bins=bins, labels=labels).astype(str), index=year.index, dtype="str")


def map_codes(
    codes: pd.Series, lookup: Callable[[object], str | None], convert: Callable[[str], object] = str
) -> tuple[pd.Series, pd.Series, pd.Series]:
    """(iso3, is_aggregate, is_unknown) for a column of country codes through ``lookup``.

    ``lookup`` returns an ISO-3, None for an aggregate, or raises KeyError/ValueError when unknown.
    """
    table: dict[str, tuple[str | None, bool, bool]] = {}
    for code in codes.unique():
        try:
            iso = lookup(convert(code))
            table[code] = (iso, iso is None, False)
        except (KeyError, ValueError, LookupError):
            table[code] = (None, False, True)
    iso3 = codes.map({c: v[0] for c, v in table.items()}).astype("str")
    aggregate = codes.map({c: v[1] for c, v in table.items()}).astype(bool)
    unknown = codes.map({c: v[2] for c, v in table.items()}).astype(bool)
    return iso3, aggregate, unknown


def numeric_code(code: str) -> int:
    """A numeric country code as written in Comtrade/BACI files ('4', '004', '842.0')."""
    text = code.strip()
    if text.endswith(".0"):
        text = text[:-2]
    if not text.isdigit():
        raise ValueError(code)
    return int(text)


def canonical(index: pd.Index, **columns) -> pd.DataFrame:
    """A frame with exactly the canonical columns (missing ones empty), string columns as ``str``."""
    data: dict[str, Any] = {}
    for name in CANONICAL_COLUMNS:
        value = columns.get(name)
        if name == "period":
            data[name] = pd.to_datetime(value) if value is not None else pd.NaT  # to_datetime(None) is NaT
        elif name in ("value_usd", "net_kg"):
            data[name] = pd.Series(value, index=index, dtype="float64") if value is not None else np.nan
        else:
            data[name] = pd.Series(value, index=index, dtype="str") if value is not None else None
    frame = pd.DataFrame(data, index=index)
    for name in ("partner2", "transport_mode"):
        frame[name] = frame[name].astype("str")
    return frame.reset_index(drop=True)


def open_source(
    path: Path | str, report: ReadReport, strict: bool, format_name: str, delimiters: tuple[str, ...]
) -> tuple[Path, ReadContext, list[str], str]:
    """What every reader does first: note the format, read the header, check the delimiter."""
    path = Path(path)
    report.format_name = format_name
    ctx = ReadContext(path, report, strict, format_name)
    header, delimiter = read_header(path)
    check_delimiter(path, delimiter, delimiters, format_name)
    return path, ctx, header, delimiter

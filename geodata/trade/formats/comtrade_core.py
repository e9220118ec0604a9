"""The UN Comtrade pipeline shared by every Comtrade reader (Comtrade Plus CSV and JSON, legacy
Comtrade, and both as R's comtradr writes them).

The layouts name their columns differently (`comtrade_layout.Layout` maps them; `Layout.bind` finds them in a
header however a tool respelled them: ``refYear``, ``RefYear``, ``ref_year``) and a row source
(`textio.TextRows` or `jsonio.JsonRows`) hands over string chunks, but all follow the same rules:
M49 numeric country codes, primary value in US dollars, HS6 leaf rows kept, HS2/HS4/TOTAL rows
and partner World excluded as aggregates, totals beside mode-of-transport / customs-procedure /
second-partner breakdowns resolved by `BreakdownFilter`. Comtrade's ``isAggregate`` flag marks
values UNSD computed, not duplicate rows, so it is ignored: HS6 leaf rows carrying it are kept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from geodata.trade.countries import iso3_from_numeric
from geodata.trade.formats.base import DEFAULT_CHUNK_ROWS, ReadReport
from geodata.trade.formats.breakdown import BreakdownFilter, Dimension
from geodata.trade.formats.common import (
    AGG_HS,
    AGG_WORLD,
    SKIP_FLOW,
    SKIP_NO_VALUE,
    SKIP_NOT_HS,
    SKIP_UNKNOWN_COUNTRY,
    ReadContext,
    canonical,
    ctx_error,
    drop_aggregates,
    first_line,
    hs_version_for_year,
    map_codes,
    non_negative,
    numbers,
    numeric_code,
    open_source,
    periods,
    same_period,
    skip_rows,
)
from geodata.trade.formats.comtrade_layout import Layout, RowSource
from geodata.trade.formats.textio import TextRows
from geodata.trade.schema import HS_VERSIONS

NOT_HS = (
    "a six-digit HS code (or TOTAL / a 2- or 4-digit chapter, which are left out)",
    "the file may be in another classification or damaged",
)
UNKNOWN_M49 = (
    "a UN M49 numeric country code",
    "check the code; trade-specific codes are listed in geodata/trade/countries.py",
)
NO_VALUE = ("a trade value in US dollars", "the row has no value")
OTHER_FLOWS = "other flows (domestic exports, foreign imports, ...) are parts of X and M"
TOTAL_CODES = {"0", "0.0"}


def _hs_code(chunk: pd.DataFrame, layout: Layout, ctx: ReadContext) -> tuple[pd.DataFrame, pd.Series]:
    """Exclude HS2/HS4/TOTAL rows, skip codes that are not HS, return the HS6 codes of what is left."""
    code = chunk[layout.cmd].str.upper()
    level = (
        numbers(chunk, layout.aggr_level, ctx, expected="an aggregation level (2, 4 or 6)")
        if layout.aggr_level is not None and layout.aggr_level in chunk.columns
        else pd.Series(np.nan, index=chunk.index)
    )
    digits = code.str.fullmatch(r"\d+")
    length = code.str.len()
    # a leaf code that lost its leading zero in a spreadsheet: '10121' at level 6 is '010121'
    padded = digits & level.eq(6) & length.eq(5)
    code = code.where(~padded, "0" + code)
    length = code.str.len()
    aggregate = code.eq("TOTAL") | code.eq("AG6") | (level < 6) | (digits & length.isin([2, 4]))
    chunk = drop_aggregates(chunk, aggregate, AGG_HS, ctx)
    code = code.loc[chunk.index]
    chunk = skip_rows(chunk, ~code.str.fullmatch(r"\d{6}"), SKIP_NOT_HS, ctx, layout.cmd, *NOT_HS)
    return chunk, code.loc[chunk.index]


def _hs_version(chunk: pd.DataFrame, layout: Layout, year: pd.Series, ctx: ReadContext) -> pd.Series:
    cls = chunk[layout.classification].str.upper()
    ok = cls.isin(list(HS_VERSIONS)) | cls.isin(["HS", ""])
    if not ok.all():
        line = first_line(~ok)
        raise ctx_error(
            ctx,
            line,
            layout.classification,
            "an HS classification (H0–H6, or HS as reported)",
            repr(chunk.at[line, layout.classification]),
            "download the data classified in HS (the atlas maps HS6 codes only)",
        )
    by_year = hs_version_for_year(year.loc[chunk.index])
    return cls.where(cls.isin(list(HS_VERSIONS)), by_year)


def _period(chunk: pd.DataFrame, layout: Layout, ctx: ReadContext):
    """(chunk, period, freq, year); a year or month that contradicts the period column raises."""
    year = stated = numbers(chunk, layout.year, ctx, expected="a year such as 2023")
    if layout.month:
        month = numbers(chunk, layout.month, ctx, expected="a month number (1–12, 52 for a year)")
        column = layout.month
    else:
        assert layout.period is not None, "a layout has a month or a period column"
        text = chunk[layout.period]
        if not text.str.fullmatch(r"\d{4}(\d{2})?").all():
            line = first_line(~text.str.fullmatch(r"\d{4}(\d{2})?"))
            raise ctx_error(
                ctx,
                line,
                layout.period,
                "a period YYYY or YYYYMM",
                repr(chunk.at[line, layout.period]),
                "fix the value or download the file again",
            )
        year = pd.to_numeric(text.str.slice(0, 4)).astype("float64")
        month = pd.to_numeric(text.str.slice(4, 6).replace("", "52")).astype("float64")
        column = layout.period
    chunk, period, freq = periods(chunk, year, month, ctx, column=column, year_column=layout.year)
    kept = chunk.index
    if not layout.month:  # legacy: Year must agree with Period (the year rows are filed under)
        same_period(
            chunk, layout.year, stated.loc[kept], year.loc[kept], column, ctx
        )  # column is layout.period
    if layout.period_text is not None and layout.period_text in chunk.columns:
        # Comtrade Plus: refYear and refMonth must agree with period
        assert layout.month is not None, "the layout with a period text column has a month column"
        text = chunk[layout.period_text].where(chunk[layout.period_text].str.fullmatch(r"\d{4}(\d{2})?"))
        from_text = pd.to_numeric(text.str.slice(0, 4), errors="coerce")
        same_period(chunk, layout.year, year.loc[kept], from_text, layout.period_text, ctx)
        months = pd.to_numeric(text.str.slice(4, 6).replace("", "52"), errors="coerce")
        same_period(chunk, layout.month, month.loc[kept], months, layout.period_text, ctx)
    return chunk, period, freq, year


def _countries(
    chunk: pd.DataFrame, layout: Layout, ctx: ReadContext
) -> tuple[pd.DataFrame, pd.Series, pd.Series]:
    codes = {}
    for role, col in (("reporter", layout.reporter), ("partner", layout.partner)):
        codes[role] = map_codes(chunk[col], iso3_from_numeric, numeric_code)
    world = chunk[layout.partner].str.fullmatch(r"0+(\.0)?")
    chunk = drop_aggregates(chunk, world, AGG_WORLD, ctx)
    chunk = drop_aggregates(chunk, codes["partner"][1].loc[chunk.index], "partner_not_a_country", ctx)
    chunk = drop_aggregates(chunk, codes["reporter"][1].loc[chunk.index], "reporter_not_a_country", ctx)
    for role, col in (("reporter", layout.reporter), ("partner", layout.partner)):
        unknown = codes[role][2].loc[chunk.index]
        chunk = skip_rows(chunk, unknown, SKIP_UNKNOWN_COUNTRY, ctx, col, *UNKNOWN_M49)
    return chunk, codes["reporter"][0].loc[chunk.index], codes["partner"][0].loc[chunk.index]


def _breakdown_filter(layout: Layout, header: list[str]) -> BreakdownFilter | None:
    dims = [
        Dimension(col, frozenset(totals), reason)
        for col, totals, reason in (
            (layout.mot, TOTAL_CODES, "mot_breakdown"),
            (layout.customs, {"C00"}, "customs_breakdown"),
            (layout.partner2, TOTAL_CODES, "partner2_breakdown"),
        )
        if col and col in header
    ]
    if not dims:
        return None
    keys = [layout.reporter, layout.partner, layout.flow, layout.cmd, layout.year] + [
        col for col in (layout.month, layout.period) if col
    ]
    return BreakdownFilter(keys, dims)


def _broken(chunk: pd.DataFrame, column: str | None, totals: set[str]) -> pd.Series:
    if column not in chunk.columns:
        return pd.Series(False, index=chunk.index)
    return ~(chunk[column].eq("") | chunk[column].isin(totals))


def _frame(
    chunk: pd.DataFrame, layout: Layout, ctx: ReadContext, parts: dict, file_hash: str
) -> pd.DataFrame:
    """Canonical rows; mode of transport and second partner are kept where the row is broken down by them."""
    missing = parts["value_usd"].loc[chunk.index].isna()
    chunk = skip_rows(chunk, missing, SKIP_NO_VALUE, ctx, layout.value, *NO_VALUE)
    idx = chunk.index
    mot = pd.Series(None, index=idx, dtype="str")
    if layout.mot in chunk.columns:
        desc = chunk[layout.mot_desc] if layout.mot_desc in chunk.columns else chunk[layout.mot]
        mot = desc.where(desc.ne(""), chunk[layout.mot]).where(_broken(chunk, layout.mot, TOTAL_CODES))
    p2 = pd.Series(None, index=idx, dtype="str")
    if layout.partner2 in chunk.columns:
        iso, _, _ = map_codes(chunk[layout.partner2], iso3_from_numeric, numeric_code)
        p2 = iso.where(_broken(chunk, layout.partner2, TOTAL_CODES))
    columns = {name: series.loc[idx] for name, series in parts.items()}
    return canonical(
        idx, **columns, source="comtrade", source_file=file_hash, partner2=p2, transport_mode=mot
    )


def read_comtrade(
    rows: RowSource,
    layout: Layout,
    ctx: ReadContext,
    *,
    file_hash: str,
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
    fix_columns: str = "download the file again in this layout",
) -> Iterator[pd.DataFrame]:
    """Stream a Comtrade source (any layout, ``layout`` bound to its header) as canonical frames."""
    report = ctx.report
    missing = [col for col in layout.required if col not in rows.header]
    if missing:
        raise ctx_error(
            ctx,
            1,
            None,
            f"the {ctx.format_name} columns " + ", ".join(layout.required),
            f"{rows.header_name} without " + ", ".join(missing),
            fix_columns,
        )
    usecols = layout.required + [col for col in layout.optional if col in rows.header]
    bfilter = _breakdown_filter(layout, rows.header)
    if bfilter is not None:
        bfilter.scan(rows.chunks(bfilter.columns, chunk_rows, first_pass=True))
    for chunk in rows.chunks(usecols, chunk_rows):
        report.rows_read += len(chunk)
        chunk = ctx.duplicates.drop(chunk, ctx)
        if chunk.empty:
            continue
        value = numbers(chunk, layout.value, ctx, expected="a trade value in US dollars")
        chunk = non_negative(chunk, value, layout.value, ctx, "a trade value")
        net = pd.Series(np.nan, index=chunk.index)
        if layout.net_kg is not None and layout.net_kg in chunk.columns:
            net = numbers(chunk, layout.net_kg, ctx, expected="a net weight in kg")
            chunk = non_negative(chunk, net, layout.net_kg, ctx, "a net weight")
        chunk, period, freq, year = _period(chunk, layout, ctx)
        flow = chunk[layout.flow].str.upper().map(layout.flow_map).astype("str")
        expected = "a flow code " + "/".join(sorted(layout.flow_map))
        chunk = skip_rows(chunk, flow.isna(), SKIP_FLOW, ctx, layout.flow, expected, OTHER_FLOWS)
        chunk, hs6 = _hs_code(chunk, layout, ctx)
        hs_version = _hs_version(chunk, layout, year, ctx)
        chunk, reporter, partner = _countries(chunk, layout, ctx)
        if bfilter is not None:
            _, excluded = bfilter.split(chunk)
            rows_index = chunk.index
            for reason, excluded_rows in excluded.items():
                chunk = drop_aggregates(
                    chunk, pd.Series(excluded_rows, index=rows_index).loc[chunk.index], reason, ctx
                )
        if chunk.empty:
            ctx.raise_pending()
            continue
        parts = dict(period=period, freq=freq, reporter=reporter, partner=partner, flow=flow, hs6=hs6)
        parts.update(hs_version=hs_version, value_usd=value, net_kg=net)
        frame = _frame(chunk, layout, ctx, parts, file_hash)
        ctx.raise_pending()
        report.rows_kept += len(frame)
        if len(frame):
            yield frame


class ComtradeFormat:
    """What every Comtrade layout shares: recognising its header, and the reader.

    Subclasses set ``name``, ``description``, ``delimiters`` and ``layout``; a header is this
    format when it has the layout's required columns, names compared through ``normalize``
    (exactly by default). ``missing_values`` are values that mean blank (R's ``NA``);
    ``fix_columns`` is the advice when a required column is missing.
    """

    name: str
    source = "comtrade"
    container = "text"  # "text" (delimited) or "json": which files `detect_format` offers it
    description: str
    delimiters: tuple[str, ...]
    layout: Layout
    normalize: Callable[[str], str] = staticmethod(str)
    missing_values: tuple[str, ...] = ()
    fix_columns = "download the file again in this layout"

    def matches(self, header: list[str]) -> bool:
        """True when the header has every required column of the layout (names compared by ``normalize``)."""
        bound = self.layout.bind(header, self.normalize)
        return all(col in header for col in bound.required)

    def open_rows(self, path: Path, report: ReadReport, strict: bool) -> tuple[ReadContext, RowSource]:
        """Read the header and check the delimiter: the context for messages and the row source."""
        path, ctx, header, delimiter = open_source(path, report, strict, self.name, self.delimiters)
        return ctx, TextRows(path, header, delimiter, self.missing_values)

    def read_chunks(
        self,
        path: Path,
        *,
        file_hash: str,
        report: ReadReport,
        strict: bool = False,
        chunk_rows: int = DEFAULT_CHUNK_ROWS,
        eur_usd: pd.Series | None = None,
    ) -> Iterator[pd.DataFrame]:
        """Yield canonical frames; ``eur_usd`` is ignored (values are already in US dollars)."""
        ctx, rows = self.open_rows(Path(path), report, strict)
        yield from read_comtrade(
            rows,
            self.layout.bind(rows.header, self.normalize),
            ctx,
            file_hash=file_hash,
            chunk_rows=chunk_rows,
            fix_columns=self.fix_columns,
        )

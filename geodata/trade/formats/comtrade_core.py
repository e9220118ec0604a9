"""The UN Comtrade pipeline shared by the Comtrade Plus and legacy Comtrade readers.

The two layouts name their columns differently (`Layout` maps them) but follow the same rules:
M49 numeric country codes, primary value in US dollars, HS6 leaf rows kept, HS2/HS4/TOTAL rows
and partner World excluded as aggregates, totals beside mode-of-transport / customs-procedure /
second-partner breakdowns resolved by `BreakdownFilter`. Comtrade's ``isAggregate`` flag marks
values UNSD computed, not duplicate rows, so it is ignored: HS6 leaf rows carrying it are kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from geodata.trade.countries import iso3_from_numeric
from geodata.trade.formats import common as c
from geodata.trade.formats.base import DEFAULT_CHUNK_ROWS, ReadReport
from geodata.trade.formats.breakdown import BreakdownFilter, Dimension
from geodata.trade.formats.textio import iter_chunks, scan_breakdowns
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


@dataclass(frozen=True)
class Layout:
    """Column names of one Comtrade layout (None: the layout has no such column)."""

    classification: str
    year: str
    month: str | None  # Comtrade Plus refMonth (52 = annual)
    period: str | None  # legacy Period: YYYY or YYYYMM
    reporter: str
    partner: str
    flow: str
    cmd: str
    value: str
    aggr_level: str | None
    net_kg: str | None
    partner2: str | None
    customs: str | None
    mot: str | None
    mot_desc: str | None
    flow_map: dict = field(default_factory=dict)

    @property
    def required(self) -> list[str]:
        cols = [
            self.classification,
            self.year,
            self.month,
            self.period,
            self.reporter,
            self.partner,
            self.flow,
            self.cmd,
            self.value,
        ]
        return [col for col in cols if col]

    @property
    def optional(self) -> list[str]:
        cols = [self.aggr_level, self.net_kg, self.partner2, self.customs, self.mot, self.mot_desc]
        return [col for col in cols if col]


def _hs_code(chunk: pd.DataFrame, lay: Layout, ctx: c.Ctx) -> tuple[pd.DataFrame, pd.Series]:
    """Exclude HS2/HS4/TOTAL rows, skip codes that are not HS, return the HS6 codes of what is left."""
    code = chunk[lay.cmd].str.upper()
    level = (
        c.numbers(chunk, lay.aggr_level, ctx, expected="an aggregation level (2, 4 or 6)")
        if lay.aggr_level in chunk.columns
        else pd.Series(np.nan, index=chunk.index)
    )
    digits = code.str.fullmatch(r"\d+")
    length = code.str.len()
    # a leaf code that lost its leading zero in a spreadsheet: '10121' at level 6 is '010121'
    padded = digits & level.eq(6) & length.eq(5)
    code = code.where(~padded, "0" + code)
    length = code.str.len()
    aggregate = code.eq("TOTAL") | code.eq("AG6") | (level < 6) | (digits & length.isin([2, 4]))
    chunk = c.drop_aggregates(chunk, aggregate, c.AGG_HS, ctx)
    code = code.loc[chunk.index]
    chunk = c.skip_rows(chunk, ~code.str.fullmatch(r"\d{6}"), c.SKIP_NOT_HS, ctx, lay.cmd, *NOT_HS)
    return chunk, code.loc[chunk.index]


def _hs_version(chunk: pd.DataFrame, lay: Layout, year: pd.Series, ctx: c.Ctx) -> pd.Series:
    cls = chunk[lay.classification].str.upper()
    ok = cls.isin(list(HS_VERSIONS)) | cls.isin(["HS", ""])
    if not ok.all():
        line = int((~ok).idxmax())
        raise c.ctx_error(
            ctx,
            line,
            lay.classification,
            "an HS classification (H0–H6, or HS as reported)",
            repr(chunk.at[line, lay.classification]),
            "download the data classified in HS (the atlas maps HS6 codes only)",
        )
    by_year = c.hs_version_for_year(year.loc[chunk.index])
    return cls.where(cls.isin(list(HS_VERSIONS)), by_year)


def _period(chunk: pd.DataFrame, lay: Layout, ctx: c.Ctx):
    year = c.numbers(chunk, lay.year, ctx, expected="a year such as 2023")
    if lay.month:
        month = c.numbers(chunk, lay.month, ctx, expected="a month number (1–12, 52 for a year)")
        column = lay.month
    else:
        text = chunk[lay.period]
        if not text.str.fullmatch(r"\d{4}(\d{2})?").all():
            line = int((~text.str.fullmatch(r"\d{4}(\d{2})?")).idxmax())
            raise c.ctx_error(
                ctx,
                line,
                lay.period,
                "a period YYYY or YYYYMM",
                repr(chunk.at[line, lay.period]),
                "fix the value or download the file again",
            )
        year = pd.to_numeric(text.str.slice(0, 4)).astype("float64")
        month = pd.to_numeric(text.str.slice(4, 6).replace("", "52")).astype("float64")
        column = lay.period
    chunk, period, freq = c.periods(chunk, year, month, ctx, column=column)
    return chunk, period, freq, year


def _countries(chunk: pd.DataFrame, lay: Layout, ctx: c.Ctx) -> tuple[pd.DataFrame, pd.Series, pd.Series]:
    codes = {}
    for role, col in (("reporter", lay.reporter), ("partner", lay.partner)):
        codes[role] = c.map_codes(chunk[col], iso3_from_numeric, c.numeric_code)
    world = chunk[lay.partner].str.fullmatch(r"0+(\.0)?")
    chunk = c.drop_aggregates(chunk, world, c.AGG_WORLD, ctx)
    chunk = c.drop_aggregates(chunk, codes["partner"][1].loc[chunk.index], "partner_not_a_country", ctx)
    chunk = c.drop_aggregates(chunk, codes["reporter"][1].loc[chunk.index], "reporter_not_a_country", ctx)
    for role, col in (("reporter", lay.reporter), ("partner", lay.partner)):
        unknown = codes[role][2].loc[chunk.index]
        chunk = c.skip_rows(chunk, unknown, c.SKIP_UNKNOWN_COUNTRY, ctx, col, *UNKNOWN_M49)
    return chunk, codes["reporter"][0].loc[chunk.index], codes["partner"][0].loc[chunk.index]


def _breakdown_filter(lay: Layout, header: list[str]) -> BreakdownFilter | None:
    dims = [
        Dimension(col, frozenset(totals), reason)
        for col, totals, reason in (
            (lay.mot, TOTAL_CODES, "mot_breakdown"),
            (lay.customs, {"C00"}, "customs_breakdown"),
            (lay.partner2, TOTAL_CODES, "partner2_breakdown"),
        )
        if col and col in header
    ]
    if not dims:
        return None
    keys = [lay.reporter, lay.partner, lay.flow, lay.cmd, lay.year] + [
        col for col in (lay.month, lay.period) if col
    ]
    return BreakdownFilter(keys, dims)


def _broken(chunk: pd.DataFrame, column: str | None, totals: set[str]) -> pd.Series:
    if column not in chunk.columns:
        return pd.Series(False, index=chunk.index)
    return ~(chunk[column].eq("") | chunk[column].isin(totals))


def _frame(chunk: pd.DataFrame, lay: Layout, ctx: c.Ctx, parts: dict, file_hash: str) -> pd.DataFrame:
    """Canonical rows; mode of transport and second partner are kept where the row is broken down by them."""
    missing = parts["value_usd"].loc[chunk.index].isna()
    chunk = c.skip_rows(chunk, missing, c.SKIP_NO_VALUE, ctx, lay.value, *NO_VALUE)
    idx = chunk.index
    mot = pd.Series(None, index=idx, dtype="str")
    if lay.mot in chunk.columns:
        desc = chunk[lay.mot_desc] if lay.mot_desc in chunk.columns else chunk[lay.mot]
        mot = desc.where(desc.ne(""), chunk[lay.mot]).where(_broken(chunk, lay.mot, TOTAL_CODES))
    p2 = pd.Series(None, index=idx, dtype="str")
    if lay.partner2 in chunk.columns:
        iso, _, _ = c.map_codes(chunk[lay.partner2], iso3_from_numeric, c.numeric_code)
        p2 = iso.where(_broken(chunk, lay.partner2, TOTAL_CODES))
    columns = {name: series.loc[idx] for name, series in parts.items()}
    return c.canonical(
        idx, **columns, source="comtrade", source_file=file_hash, partner2=p2, transport_mode=mot
    )


def read_comtrade(
    path: Path,
    lay: Layout,
    *,
    format_name: str,
    delimiters: tuple[str, ...],
    file_hash: str,
    report: ReadReport,
    strict: bool = False,
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
) -> Iterator[pd.DataFrame]:
    """Stream a Comtrade file (either layout) as canonical frames."""
    path, ctx, header, delimiter = c.open_source(path, report, strict, format_name, delimiters)
    missing = [col for col in lay.required if col not in header]
    if missing:
        raise c.ctx_error(
            ctx,
            1,
            None,
            f"the {format_name} columns " + ", ".join(lay.required),
            "a header without " + ", ".join(missing),
            "download the file again in this layout",
        )
    usecols = lay.required + [col for col in lay.optional if col in header]
    bfilter = _breakdown_filter(lay, header)
    if bfilter is not None:
        scan_breakdowns(bfilter, path, header, delimiter, chunk_rows)
    for chunk, _first in iter_chunks(
        path, header=header, delimiter=delimiter, usecols=usecols, chunk_rows=chunk_rows
    ):
        report.rows_read += len(chunk)
        if chunk.empty:
            continue
        value = c.numbers(chunk, lay.value, ctx, expected="a trade value in US dollars")
        net = (
            c.numbers(chunk, lay.net_kg, ctx, expected="a net weight in kg")
            if lay.net_kg in chunk.columns
            else pd.Series(np.nan, index=chunk.index)
        )
        chunk, period, freq, year = _period(chunk, lay, ctx)
        flow = chunk[lay.flow].str.upper().map(lay.flow_map).astype("str")
        expected = "a flow code " + "/".join(sorted(lay.flow_map))
        chunk = c.skip_rows(chunk, flow.isna(), c.SKIP_FLOW, ctx, lay.flow, expected, OTHER_FLOWS)
        chunk, hs6 = _hs_code(chunk, lay, ctx)
        hs_version = _hs_version(chunk, lay, year, ctx)
        chunk, reporter, partner = _countries(chunk, lay, ctx)
        if bfilter is not None:
            _, excluded = bfilter.split(chunk)
            rows_index = chunk.index
            for reason, rows in excluded.items():
                chunk = c.drop_aggregates(
                    chunk, pd.Series(rows, index=rows_index).loc[chunk.index], reason, ctx
                )
        if chunk.empty:
            ctx.raise_pending()
            continue
        parts = dict(period=period, freq=freq, reporter=reporter, partner=partner, flow=flow, hs6=hs6)
        parts.update(hs_version=hs_version, value_usd=value, net_kg=net)
        frame = _frame(chunk, lay, ctx, parts, file_hash)
        ctx.raise_pending()
        report.rows_kept += len(frame)
        if len(frame):
            yield frame


class ComtradeFormat:
    """What the two Comtrade layouts share: a header test on the core columns and the reader.

    Subclasses set ``name``, ``description``, ``delimiters``, ``layout`` and ``core_columns``.
    """

    name: str
    source = "comtrade"
    description: str
    delimiters: tuple[str, ...]
    layout: Layout
    core_columns: frozenset[str]

    def matches(self, header: list[str]) -> bool:
        return set(header) >= self.core_columns

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
        return read_comtrade(
            Path(path),
            self.layout,
            format_name=self.name,
            delimiters=self.delimiters,
            file_hash=file_hash,
            report=report,
            strict=strict,
            chunk_rows=chunk_rows,
        )

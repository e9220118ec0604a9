"""The UN Comtrade pipeline shared by every Comtrade reader (Comtrade Plus CSV and JSON, legacy
Comtrade, and both as R's comtradr writes them).

The layouts name their columns differently (`Layout` maps them; `Layout.bind` finds them in a
header however a tool respelled them: ``refYear``, ``RefYear``, ``ref_year``) and a row source
(`textio.TextRows` or `jsonio.JsonRows`) hands over string chunks, but all follow the same rules:
M49 numeric country codes, primary value in US dollars, HS6 leaf rows kept, HS2/HS4/TOTAL rows
and partner World excluded as aggregates, totals beside mode-of-transport / customs-procedure /
second-partner breakdowns resolved by `BreakdownFilter`. Comtrade's ``isAggregate`` flag marks
values UNSD computed, not duplicate rows, so it is ignored: HS6 leaf rows carrying it are kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import pandas as pd

from geodata.trade.countries import iso3_from_numeric
from geodata.trade.formats import common as c
from geodata.trade.formats.base import DEFAULT_CHUNK_ROWS, ReadReport
from geodata.trade.formats.breakdown import BreakdownFilter, Dimension
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


def column_key(name: str) -> str:
    """A column name reduced to lower-case letters and digits, the way tools respell headers:
    'refYear', 'RefYear', 'ref_year' and 'ref.year' are all 'refyear'.
    """
    return re.sub(r"[^0-9a-z]", "", name.lower())


def snake_case(name: str) -> str:
    """'refYear' → 'ref_year', 'Trade Value (US$)' → 'trade_value_us' (R's tidy column names)."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name)
    return re.sub(r"[^0-9a-z]+", "_", spaced.lower()).strip("_")


class RowSource(Protocol):
    """Where the string chunks come from: `textio.TextRows` or `jsonio.JsonRows`."""

    header: list[str]
    header_name: str  # "a header" / "a first record", for the missing-columns message

    def chunks(
        self, usecols: list[str], chunk_rows: int, *, first_pass: bool = False
    ) -> Iterator[pd.DataFrame]:
        """Chunks of ``usecols`` as stripped strings, indexed by file line (or record number)."""


@dataclass(frozen=True)
class Layout:
    """Column names of one Comtrade layout (None: the layout has no such column).

    ``aliases`` lists other spellings of a column, by field name (``{"value": ("trade_value_usd",)}``).
    """

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
    period_text: str | None = None  # Comtrade Plus 'period' (YYYYMM, or YYYY): checked against year and month
    flow_map: dict = field(default_factory=dict)
    aliases: dict = field(default_factory=dict)

    def columns(self) -> dict[str, str]:
        """{field: column name} for every column the layout has."""
        names = {item.name: getattr(self, item.name) for item in fields(self)}
        return {key: name for key, name in names.items() if isinstance(name, str)}

    def respelled(self, spell: Callable[[str], str], **changes: Any) -> Layout:
        """The same layout with every column name passed through ``spell`` (``changes`` override)."""
        return replace(self, **({key: spell(name) for key, name in self.columns().items()} | changes))

    def bind(self, header: list[str], normalize: Callable[[str], str] = str) -> Layout:
        """The layout with each column spelled as ``header`` spells it.

        Names are compared through ``normalize`` (``str``: exactly; ``str.lower``; `column_key`);
        a column the header lacks keeps the layout's spelling (so messages can name it).
        """
        found: dict[str, str] = {}
        for name in header:
            found.setdefault(normalize(name), name)
        spelled: dict[str, Any] = {}  # column fields only (str), passed to replace as keywords
        for key, own in self.columns().items():
            for spelling in (own, *self.aliases.get(key, ())):
                if normalize(spelling) in found:
                    spelled[key] = found[normalize(spelling)]
                    break
        return replace(self, **spelled)

    @property
    def required(self) -> list[str]:
        """The required columns the layout has: classification, year, month or period, codes, flow, value."""
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
        """The columns read when present: level, weight, breakdowns, modes, period text."""
        cols = [
            self.aggr_level,
            self.net_kg,
            self.partner2,
            self.customs,
            self.mot,
            self.mot_desc,
            self.period_text,
        ]
        return [col for col in cols if col]


def _hs_code(chunk: pd.DataFrame, lay: Layout, ctx: c.Ctx) -> tuple[pd.DataFrame, pd.Series]:
    """Exclude HS2/HS4/TOTAL rows, skip codes that are not HS, return the HS6 codes of what is left."""
    code = chunk[lay.cmd].str.upper()
    level = (
        c.numbers(chunk, lay.aggr_level, ctx, expected="an aggregation level (2, 4 or 6)")
        if lay.aggr_level is not None and lay.aggr_level in chunk.columns
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
        line = c.first_line(~ok)
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
    """(chunk, period, freq, year); a year or month that contradicts the period column raises."""
    year = stated = c.numbers(chunk, lay.year, ctx, expected="a year such as 2023")
    if lay.month:
        month = c.numbers(chunk, lay.month, ctx, expected="a month number (1–12, 52 for a year)")
        column = lay.month
    else:
        assert lay.period is not None, "a layout has a month or a period column"
        text = chunk[lay.period]
        if not text.str.fullmatch(r"\d{4}(\d{2})?").all():
            line = c.first_line(~text.str.fullmatch(r"\d{4}(\d{2})?"))
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
    chunk, period, freq = c.periods(chunk, year, month, ctx, column=column, year_column=lay.year)
    kept = chunk.index
    if not lay.month:  # legacy: Year must agree with Period (the year rows are filed under)
        c.same_period(chunk, lay.year, stated.loc[kept], year.loc[kept], column, ctx)  # column is lay.period
    if lay.period_text is not None and lay.period_text in chunk.columns:
        # Comtrade Plus: refYear and refMonth must agree with period
        assert lay.month is not None, "the layout with a period text column has a month column"
        text = chunk[lay.period_text].where(chunk[lay.period_text].str.fullmatch(r"\d{4}(\d{2})?"))
        from_text = pd.to_numeric(text.str.slice(0, 4), errors="coerce")
        c.same_period(chunk, lay.year, year.loc[kept], from_text, lay.period_text, ctx)
        months = pd.to_numeric(text.str.slice(4, 6).replace("", "52"), errors="coerce")
        c.same_period(chunk, lay.month, month.loc[kept], months, lay.period_text, ctx)
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
    rows: RowSource,
    lay: Layout,
    ctx: c.Ctx,
    *,
    file_hash: str,
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
    fix_columns: str = "download the file again in this layout",
) -> Iterator[pd.DataFrame]:
    """Stream a Comtrade source (any layout, ``lay`` bound to its header) as canonical frames."""
    report = ctx.report
    missing = [col for col in lay.required if col not in rows.header]
    if missing:
        raise c.ctx_error(
            ctx,
            1,
            None,
            f"the {ctx.format_name} columns " + ", ".join(lay.required),
            f"{rows.header_name} without " + ", ".join(missing),
            fix_columns,
        )
    usecols = lay.required + [col for col in lay.optional if col in rows.header]
    bfilter = _breakdown_filter(lay, rows.header)
    if bfilter is not None:
        bfilter.scan(rows.chunks(bfilter.columns, chunk_rows, first_pass=True))
    for chunk in rows.chunks(usecols, chunk_rows):
        report.rows_read += len(chunk)
        chunk = ctx.duplicates.drop(chunk, ctx)
        if chunk.empty:
            continue
        value = c.numbers(chunk, lay.value, ctx, expected="a trade value in US dollars")
        chunk = c.non_negative(chunk, value, lay.value, ctx, "a trade value")
        net = pd.Series(np.nan, index=chunk.index)
        if lay.net_kg is not None and lay.net_kg in chunk.columns:
            net = c.numbers(chunk, lay.net_kg, ctx, expected="a net weight in kg")
            chunk = c.non_negative(chunk, net, lay.net_kg, ctx, "a net weight")
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
            for reason, excluded_rows in excluded.items():
                chunk = c.drop_aggregates(
                    chunk, pd.Series(excluded_rows, index=rows_index).loc[chunk.index], reason, ctx
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

    def open_rows(self, path: Path, report: ReadReport, strict: bool) -> tuple[c.Ctx, RowSource]:
        """Read the header and check the delimiter: the context for messages and the row source."""
        path, ctx, header, delimiter = c.open_source(path, report, strict, self.name, self.delimiters)
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

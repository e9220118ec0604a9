"""Eurostat Comext bulk files ``full_v2_YYYYMM`` (.dat, comma-separated, plain or gzip).

Columns REPORTER, PARTNER, TRADE_TYPE, PRODUCT_NC, PRODUCT_SITC, ..., FLOW, STAT_PROCEDURE,
SUPPL_UNIT, PERIOD, VALUE_EUR, VALUE_NAC, QUANTITY_KG, QUANTITY_SUPPL_UNIT. (The .7z archives
Eurostat publishes must be extracted first; the error says so.)

- REPORTER/PARTNER are ISO-2 (EL = Greece, XS = Serbia, ...); EU27/euro-area reporters (EU,
  EU27_2020, EA, ...) and partner groups are aggregates and are excluded;
- FLOW 1 import (M), 2 export (X); PERIOD YYYYMM monthly, YYYY52 annual (1 January);
- PRODUCT_NC is CN8: folded to HS6 (first six digits) and the values of all CN8 codes (and all
  statistical procedures) under one HS6 are summed per reporter, partner, flow and period within a
  chunk — the store sums again on query, so a split across chunks is harmless. TOTAL, 2/4/6-digit
  headings, codes with letters (confidential codes like 8542XXXX) and chapter 99 (special and
  confidential codes) are aggregates; anything else that is not eight digits is "not an HS code";
- VALUE_EUR → USD with the monthly ECB rate (`load_eur_usd`); annual rows use the mean of the
  year's twelve monthly rates; a period with no rate stops the ingest with the fix;
- net_kg = QUANTITY_KG; hs_version from the year (CN follows HS: 2017–2021 H5, 2022+ H6, ...);
- STAT_PROCEDURE rows are summed; if a file also carries a STAT_PROCEDURE "TOTAL" row for the
  same flow, the procedure rows of that flow are excluded instead (see `breakdown`);
- TRANSPORT_MODE, where a file has it (Eurostat's extra-EU trade by mode of transport), is kept as
  the mode's name (`geodata.transport_modes.COMEXT_NAMES`: 1 → Sea, 2 → Rail, 3 → Road, 4 → Air, …);
  a "TOTAL" or blank mode beside mode rows of the same flow is the total and excludes them likewise.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from geodata.trade.countries import iso3_from_iso2
from geodata.trade.formats import common as c
from geodata.trade.formats.base import DEFAULT_CHUNK_ROWS, ReadReport
from geodata.trade.formats.breakdown import BreakdownFilter, Dimension
from geodata.trade.formats.eur_usd import load_eur_usd, rates_for
from geodata.trade.formats.textio import iter_chunks, scan_breakdowns
from geodata.transport_modes import COMEXT_NAMES

CORE_COLUMNS = ("REPORTER", "PARTNER", "PRODUCT_NC", "FLOW", "PERIOD", "VALUE_EUR")
OPTIONAL_COLUMNS = ("STAT_PROCEDURE", "QUANTITY_KG", "TRANSPORT_MODE")
FLOWS = {"1": "M", "2": "X"}
GROUP_KEYS = [
    "period",
    "freq",
    "reporter",
    "partner",
    "flow",
    "hs6",
    "hs_version",
    "source",
    "source_file",
    "transport_mode",
]


def _product(chunk: pd.DataFrame, ctx: c.ReadContext) -> tuple[pd.DataFrame, pd.Series]:
    code = chunk["PRODUCT_NC"].str.upper()
    code = code.where(~code.str.fullmatch(r"\d{7}"), "0" + code)  # a CN8 that lost its leading zero
    heading = code.str.fullmatch(r"\d{2}|\d{4}|\d{6}") | code.eq("TOTAL")
    chunk = c.drop_aggregates(chunk, heading, c.AGG_HS, ctx)
    code = code.loc[chunk.index]
    confidential = code.str.fullmatch(r"\d{1,7}[A-Z]+") | code.str.fullmatch(r"99\d{6}")
    chunk = c.drop_aggregates(chunk, confidential, "confidential_product_code", ctx)
    code = code.loc[chunk.index]
    chunk = c.skip_rows(
        chunk,
        ~code.str.fullmatch(r"\d{8}"),
        c.SKIP_NOT_HS,
        ctx,
        column="PRODUCT_NC",
        expected="an eight-digit CN code (TOTAL, headings and confidential codes are left out)",
        fix="the file may be damaged or in another product classification",
    )
    return chunk, code.loc[chunk.index].str.slice(0, 6)


def _countries(chunk: pd.DataFrame, ctx: c.ReadContext) -> tuple[pd.DataFrame, pd.Series, pd.Series]:
    rep = c.map_codes(chunk["REPORTER"], iso3_from_iso2)
    par = c.map_codes(chunk["PARTNER"], iso3_from_iso2)
    chunk = c.drop_aggregates(chunk, rep[1], "reporter_eu_aggregate", ctx)
    chunk = c.drop_aggregates(chunk, par[1].loc[chunk.index], "partner_not_a_country", ctx)
    for col, codes in (("REPORTER", rep), ("PARTNER", par)):
        chunk = c.skip_rows(
            chunk,
            codes[2].loc[chunk.index],
            c.SKIP_UNKNOWN_COUNTRY,
            ctx,
            column=col,
            expected="an ISO 3166 alpha-2 country code (EL for Greece)",
            fix="check the code; Comext-specific codes are listed in geodata/trade/countries.py",
        )
    return chunk, rep[0].loc[chunk.index], par[0].loc[chunk.index]


def _period(chunk: pd.DataFrame, ctx: c.ReadContext):
    text = chunk["PERIOD"]
    ok = text.str.fullmatch(r"\d{6}")
    if not ok.all():
        line = c.first_line(~ok)
        raise c.ctx_error(
            ctx,
            line,
            "PERIOD",
            "a period YYYYMM (YYYY52 for a year)",
            repr(text.loc[line]),
            "fix the value or download the file again",
        )
    year = pd.to_numeric(text.str.slice(0, 4)).astype("float64")
    month = pd.to_numeric(text.str.slice(4, 6)).astype("float64")
    chunk, period, freq = c.periods(chunk, year, month, ctx, column="PERIOD", annual_month=52)
    return chunk, period, freq, year


class ComextFormat:
    """Reader for Eurostat Comext full_v2 bulk files."""

    name = "comext"
    source = "comext"
    description = (
        "Eurostat Comext bulk full_v2_YYYYMM .dat, comma-separated, plain or gzip "
        "(REPORTER, PARTNER, PRODUCT_NC, FLOW, PERIOD, VALUE_EUR, QUANTITY_KG, ...)"
    )
    delimiters = (",",)

    def matches(self, header: list[str]) -> bool:
        """True when the header has every core full_v2 column (REPORTER, PARTNER, PRODUCT_NC, ...)."""
        return set(CORE_COLUMNS) <= set(header)

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
        """Yield canonical frames; ``eur_usd`` (USD per EUR by month start) defaults to the bundled table."""
        path, ctx, header, delimiter = c.open_source(path, report, strict, self.name, self.delimiters)
        missing = [col for col in CORE_COLUMNS if col not in header]
        if missing:
            raise c.ctx_error(
                ctx,
                1,
                None,
                "the Comext columns " + ", ".join(CORE_COLUMNS),
                "a header without " + ", ".join(missing),
                "use a full_v2 bulk file",
            )
        rates = load_eur_usd() if eur_usd is None else eur_usd
        usecols = list(CORE_COLUMNS) + [col for col in OPTIONAL_COLUMNS if col in header]
        dims = []
        if "STAT_PROCEDURE" in header:
            dims.append(
                Dimension(
                    "STAT_PROCEDURE", frozenset({"TOTAL"}), "stat_procedure_breakdown", blank_is_total=False
                )
            )
        if "TRANSPORT_MODE" in header:
            dims.append(Dimension("TRANSPORT_MODE", frozenset({"TOTAL"}), "mot_breakdown"))
        bfilter = None
        if dims:
            bfilter = BreakdownFilter(["REPORTER", "PARTNER", "FLOW", "PRODUCT_NC", "PERIOD"], dims)
            scan_breakdowns(bfilter, path, header, delimiter, chunk_rows)
        for chunk, _first in iter_chunks(
            path, header=header, delimiter=delimiter, usecols=usecols, chunk_rows=chunk_rows
        ):
            report.rows_read += len(chunk)
            chunk = ctx.duplicates.drop(chunk, ctx)
            if chunk.empty:
                continue
            frame = self._chunk(chunk, ctx, bfilter, rates, file_hash)
            ctx.raise_pending()
            if frame is not None and len(frame):
                yield frame

    def _chunk(
        self,
        chunk: pd.DataFrame,
        ctx: c.ReadContext,
        bfilter: BreakdownFilter | None,
        rates: pd.Series,
        file_hash: str,
    ) -> pd.DataFrame | None:
        value = c.numbers(chunk, "VALUE_EUR", ctx, expected="a value in euros")
        chunk = c.non_negative(chunk, value, "VALUE_EUR", ctx, "a value in euros")
        kg = pd.Series(np.nan, index=chunk.index)
        if "QUANTITY_KG" in chunk.columns:
            kg = c.numbers(chunk, "QUANTITY_KG", ctx, expected="a quantity in kg")
            chunk = c.non_negative(chunk, kg, "QUANTITY_KG", ctx, "a quantity in kg")
        chunk, period, freq, year = _period(chunk, ctx)
        flow = chunk["FLOW"].map(FLOWS).astype("str")
        chunk = c.skip_rows(
            chunk,
            flow.isna(),
            c.SKIP_FLOW,
            ctx,
            column="FLOW",
            expected="FLOW 1 or 2",
            fix="Comext flows are 1 (import) and 2 (export)",
        )
        chunk, hs6 = _product(chunk, ctx)
        chunk, reporter, partner = _countries(chunk, ctx)
        if bfilter is not None:
            _, excluded = bfilter.split(chunk)
            rows_index = chunk.index
            for reason, rows in excluded.items():
                chunk = c.drop_aggregates(
                    chunk, pd.Series(rows, index=rows_index).loc[chunk.index], reason, ctx
                )
        chunk = c.skip_rows(
            chunk,
            value.loc[chunk.index].isna(),
            c.SKIP_NO_VALUE,
            ctx,
            column="VALUE_EUR",
            expected="a value in euros",
            fix="the row has no value",
        )
        if chunk.empty:
            return None
        ctx.raise_pending()
        idx = chunk.index
        annual = freq.loc[idx].eq("A")
        rate = rates_for(period.loc[idx], annual, rates, path=ctx.path, lines=idx)
        ctx.report.rows_kept += len(idx)
        frame = c.canonical(
            idx,
            period=period.loc[idx],
            freq=freq.loc[idx],
            reporter=reporter.loc[idx],
            partner=partner.loc[idx],
            flow=flow.loc[idx],
            hs6=hs6.loc[idx],
            hs_version=c.hs_version_for_year(year.loc[idx]),
            value_usd=value.loc[idx] * rate,
            net_kg=kg.loc[idx],
            source="comext",
            source_file=file_hash,
            transport_mode=_mode_names(chunk),
        )
        groups = frame.groupby(GROUP_KEYS, sort=False, dropna=False)
        folded = pd.concat(
            [groups["value_usd"].sum(), groups["net_kg"].sum(min_count=1)], axis=1
        ).reset_index()
        return c.canonical(folded.index, **{col: folded[col] for col in folded.columns})


def _mode_names(chunk: pd.DataFrame) -> pd.Series | None:
    """TRANSPORT_MODE codes as names (an unknown code stays as written); None without the column.
    Total rows kept (no breakdown beside them) have no mode.
    """
    if "TRANSPORT_MODE" not in chunk.columns:
        return None
    codes = chunk["TRANSPORT_MODE"].astype("str").str.strip()
    names = codes.map(COMEXT_NAMES).fillna(codes)
    return names.where(~codes.isin(["", "TOTAL"]) & codes.notna())


COMEXT = ComextFormat()

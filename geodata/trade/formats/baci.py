"""CEPII BACI yearly files (``BACI_HS17_Y2022_V202401.csv``): header exactly ``t,i,j,k,v,q``.

- t year → freq A, period 1 January of t;
- i exporter, j importer (UN M49 numeric, trade variants) → ISO-3. BACI is reconciled mirror
  data, so each row is emitted once, as an export reported by i: flow X, reporter i, partner j;
- k HS6 product code; files written by some tools drop the leading zero ('10121' → '010121');
- v value in thousands of US dollars (×1000); q quantity in tonnes (×1000 → net_kg), blank or NA
  when unknown;
- hs_version from the file name (``_HS92_`` H0, ``_HS96_`` H1, ``_HS02_`` H2, ``_HS07_`` H3,
  ``_HS12_`` H4, ``_HS17_`` H5, ``_HS22_`` H6); when the name does not say, the reader's
  ``default_hs_version`` (H6 for the module-level `BACI`; build ``BaciFormat("H5")`` for another).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from geodata.trade.countries import iso3_from_numeric
from geodata.trade.formats import common as c
from geodata.trade.formats.base import DEFAULT_CHUNK_ROWS, ReadReport
from geodata.trade.formats.textio import iter_chunks
from geodata.trade.schema import HS_VERSIONS

COLUMNS = ["t", "i", "j", "k", "v", "q"]
HS_FROM_NAME = {"92": "H0", "96": "H1", "02": "H2", "07": "H3", "12": "H4", "17": "H5", "22": "H6"}
_NAME_RE = re.compile(r"_HS(\d{2})_", re.IGNORECASE)


def hs_version_from_name(name: str, default: str) -> str:
    """The HS edition a BACI file name announces (BACI_HS17_... → H5), else ``default``."""
    match = _NAME_RE.search(name)
    return HS_FROM_NAME.get(match.group(1), default) if match else default


class BaciFormat:
    """Reader for CEPII BACI CSV files."""

    name = "baci"
    source = "baci"
    description = (
        "CEPII BACI yearly CSV, plain or gzip (header t,i,j,k,v,q: year, exporter, importer, HS6, "
        "value in thousand USD, quantity in tonnes)"
    )
    delimiters = (",",)

    def __init__(self, default_hs_version: str = "H6") -> None:
        if default_hs_version not in HS_VERSIONS:
            raise ValueError(f"default_hs_version must be one of {', '.join(HS_VERSIONS)}")
        self.default_hs_version = default_hs_version

    def matches(self, header: list[str]) -> bool:
        """True when the header is BACI's ``t,i,j,k,v,q`` (any letter case)."""
        return [h.strip().lower() for h in header] == COLUMNS

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
        """Yield canonical frames; ``eur_usd`` is ignored (values are in US dollars)."""
        path, ctx, header, delimiter = c.open_source(path, report, strict, self.name, self.delimiters)
        if not self.matches(header):
            raise c.ctx_error(
                ctx,
                1,
                None,
                "the BACI header t,i,j,k,v,q",
                ",".join(header[:8]),
                "use a BACI file as published by CEPII",
            )
        header = [h.strip().lower() for h in header]
        hs_version = hs_version_from_name(path.name, self.default_hs_version)
        for chunk, _first in iter_chunks(
            path, header=header, delimiter=delimiter, usecols=COLUMNS, chunk_rows=chunk_rows
        ):
            report.rows_read += len(chunk)
            chunk = ctx.duplicates.drop(chunk, ctx)
            if chunk.empty:
                continue
            frame = self._chunk(chunk, ctx, hs_version, file_hash)
            ctx.raise_pending()
            if frame is not None:
                report.rows_kept += len(frame)
                yield frame

    def _chunk(
        self, chunk: pd.DataFrame, ctx: c.ReadContext, hs_version: str, file_hash: str
    ) -> pd.DataFrame | None:
        value = c.numbers(chunk, "v", ctx, expected="a value in thousands of US dollars")
        tonnes = c.numbers(
            chunk, "q", ctx, expected="a quantity in tonnes (or NA)", na_values=("NA", "na", "NaN")
        )
        year = c.numbers(chunk, "t", ctx, expected="a year such as 2022")
        chunk = c.non_negative(chunk, value, "v", ctx, "a value")
        chunk = c.non_negative(chunk, tonnes, "q", ctx, "a quantity")
        year = year.loc[chunk.index]
        chunk, period, freq = c.periods(chunk, year, pd.Series(52.0, index=chunk.index), ctx, column="t")
        code = chunk["k"]
        code = code.where(~code.str.fullmatch(r"\d{5}"), "0" + code)
        chunk = c.skip_rows(
            chunk,
            ~code.str.fullmatch(r"\d{6}"),
            c.SKIP_NOT_HS,
            ctx,
            column="k",
            expected="a six-digit HS code (five digits when the leading zero was dropped)",
            fix="the file may be damaged",
        )
        exporter = c.map_codes(chunk["i"], iso3_from_numeric, c.numeric_code)
        importer = c.map_codes(chunk["j"], iso3_from_numeric, c.numeric_code)
        chunk = c.drop_aggregates(chunk, exporter[1], "exporter_not_a_country", ctx)
        chunk = c.drop_aggregates(chunk, importer[1].loc[chunk.index], "importer_not_a_country", ctx)
        for col, codes in (("i", exporter), ("j", importer)):
            chunk = c.skip_rows(
                chunk,
                codes[2].loc[chunk.index],
                c.SKIP_UNKNOWN_COUNTRY,
                ctx,
                column=col,
                expected="a UN M49 numeric country code",
                fix="check the code against BACI's country_codes file",
            )
        chunk = c.skip_rows(
            chunk,
            value.loc[chunk.index].isna(),
            c.SKIP_NO_VALUE,
            ctx,
            column="v",
            expected="a value in thousands of US dollars",
            fix="the row has no value",
        )
        if chunk.empty:
            return None
        idx = chunk.index
        return c.canonical(
            idx,
            period=period.loc[idx],
            freq=freq.loc[idx],
            reporter=exporter[0].loc[idx],
            partner=importer[0].loc[idx],
            flow="X",
            hs6=code.loc[idx],
            hs_version=hs_version,
            value_usd=value.loc[idx] * 1000.0,
            net_kg=tonnes.loc[idx] * 1000.0,
            source="baci",
            source_file=file_hash,
        )


BACI = BaciFormat()

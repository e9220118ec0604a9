"""UN Comtrade Plus final data: the 47-column layout of the API / bulk download (CSV or tab-separated).

``typeCode, freqCode, refPeriodId, refYear, refMonth, period, reporterCode, ... primaryValue,
legacyEstimationFlag, isReported, isAggregate``. A header is read as this layout when it has
refYear, refMonth, reporterCode, partnerCode, flowCode, cmdCode, classificationCode and
primaryValue, in any letter case; the other columns are optional. The same reader takes:

- the API CSV and the bulk files, plain or gzip;
- the comtradeplus website download (``TradeData_*.csv``): every field quoted, a trailing comma
  on every row (the header may or may not have one), ISO-8859-1 or UTF-8 with BOM, CRLF;
- a ``comtradeapicall`` DataFrame saved with ``df.to_csv(path)``: the leading unnamed index
  column is ignored, and codes that pandas turned into floats (``398.0``) read as codes;
- the same data saved from R (``write.csv`` of comtradr's ``ct_get_data(tidy_cols = FALSE)``):
  ``NA`` means missing, as a blank does;
- as ``comtrade_plus_json``: the API's JSON response saved to a file, a list of records or JSON
  Lines (see `geodata.trade.formats.jsonio`), streamed record by record.

Rows map as follows:

- refMonth 52 is an annual row (freq A, period 1 January of refYear); 1–12 monthly (freq M);
- value_usd = primaryValue (CIF for imports, FOB for exports); net_kg = netWgt (may be blank);
- flowCode M/X/RM/RX as is; other flows (DX, FM, MIP, ...) are parts of those and are skipped;
- reporterCode/partnerCode (UN M49, trade variants) → ISO-3; the ISO columns are not used;
- hs_version = classificationCode (H5, H6, ...; "HS" as reported → the edition in force that year);
- aggregates excluded: aggrLevel < 6, 2/4-digit codes and TOTAL, partner World (0), partner areas
  that are not one country, totals beside motCode / customsCode / partner2Code breakdowns (see
  `geodata.trade.formats.breakdown`); ``isAggregate`` is ignored (UNSD-computed leaf values stay);
- transport_mode = motDesc and partner2 = second partner ISO-3 on kept breakdown rows.
"""

from __future__ import annotations

from pathlib import Path

from geodata.trade.formats import common as c
from geodata.trade.formats.base import ReadReport
from geodata.trade.formats.comtrade_core import ComtradeFormat
from geodata.trade.formats.comtrade_layout import Layout, RowSource
from geodata.trade.formats.jsonio import SAVE_AS_IT_CAME, JsonRows, first_record_keys

LAYOUT = Layout(
    classification="classificationCode",
    year="refYear",
    month="refMonth",
    period=None,
    reporter="reporterCode",
    partner="partnerCode",
    flow="flowCode",
    cmd="cmdCode",
    value="primaryValue",
    aggr_level="aggrLevel",
    net_kg="netWgt",
    partner2="partner2Code",
    customs="customsCode",
    mot="motCode",
    mot_desc="motDesc",
    period_text="period",
    flow_map={"M": "M", "X": "X", "RM": "RM", "RX": "RX"},
)


class ComtradePlusFormat(ComtradeFormat):
    """Reader for UN Comtrade Plus final-data files."""

    name = "comtrade_plus"
    description = (
        "UN Comtrade Plus final data, CSV or tab-separated, plain or gzip "
        "(refYear, refMonth, reporterCode, partnerCode, flowCode, cmdCode, primaryValue, ...)"
    )
    delimiters = (",", "\t")
    layout = LAYOUT
    normalize = staticmethod(str.lower)
    missing_values = ("NA",)  # R's missing value; no code or number in the columns read is "NA"


COMTRADE_PLUS = ComtradePlusFormat()


class ComtradePlusJsonFormat(ComtradeFormat):
    """Reader for Comtrade Plus final data saved as JSON (the API response, records, JSON Lines)."""

    name = "comtrade_plus_json"
    container = "json"
    description = (
        'UN Comtrade Plus API response saved as JSON ({"count": ..., "data": [records], "error": ""}), '
        "a JSON list of records or JSON Lines, plain or gzip (records with refYear, refMonth, ...)"
    )
    delimiters = ()
    layout = LAYOUT
    normalize = staticmethod(str.lower)
    fix_columns = SAVE_AS_IT_CAME

    def open_rows(self, path: Path, report: ReadReport, strict: bool) -> tuple[c.ReadContext, RowSource]:
        """The context for messages (numbered by record) and the rows of the JSON file's records."""
        report.format_name = self.name
        report.unit = "record"
        ctx = c.ReadContext(path, report, strict, self.name, unit="record")
        return ctx, JsonRows(path, first_record_keys(path))


COMTRADE_PLUS_JSON = ComtradePlusJsonFormat()

"""UN Comtrade Plus final data: the 47-column layout of the API / bulk download (CSV or tab-separated).

``typeCode, freqCode, refPeriodId, refYear, refMonth, period, reporterCode, ... primaryValue,
legacyEstimationFlag, isReported, isAggregate``. Rows map as follows:

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

from geodata.trade.formats.comtrade_core import ComtradeFormat, Layout

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
    flow_map={"M": "M", "X": "X", "RM": "RM", "RX": "RX"},
)
#: The columns a header must have to be read as Comtrade Plus (the other 39 are optional).
CORE_COLUMNS = frozenset(
    {
        "refYear",
        "refMonth",
        "reporterCode",
        "partnerCode",
        "flowCode",
        "cmdCode",
        "classificationCode",
        "primaryValue",
    }
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
    core_columns = CORE_COLUMNS


COMTRADE_PLUS = ComtradePlusFormat()

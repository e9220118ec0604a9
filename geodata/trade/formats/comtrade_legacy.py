"""Legacy UN Comtrade CSV (the pre-2023 comtrade.un.org layout).

``Classification, Year, Period, Period Desc., Aggregate Level, Is Leaf Code, Trade Flow Code, ...,
Trade Value (US$), CIF Trade Value (US$), FOB Trade Value (US$), Flag``. A header is read as this
layout when it has the core columns Classification, Year, Period, Trade Flow Code, Reporter Code,
Partner Code, Commodity Code and Trade Value (US$); the others are optional.

- Period is YYYY (annual, freq A, 1 January) or YYYYMM (monthly);
- Trade Flow Code 1 import (M), 2 export (X), 3 re-export (RX), 4 re-import (RM);
- value_usd = Trade Value (US$); net_kg = Netweight (kg);
- Classification H0..H6, or HS (as reported) → the HS edition in force that year;
- the same aggregate rules as Comtrade Plus: Aggregate Level < 6, TOTAL, partner World (0), and
  totals beside mode-of-transport / customs / 2nd-partner breakdowns.
"""

from __future__ import annotations

from geodata.trade.formats.comtrade_core import ComtradeFormat
from geodata.trade.formats.comtrade_layout import Layout

LAYOUT = Layout(
    classification="Classification",
    year="Year",
    month=None,
    period="Period",
    reporter="Reporter Code",
    partner="Partner Code",
    flow="Trade Flow Code",
    cmd="Commodity Code",
    value="Trade Value (US$)",
    aggr_level="Aggregate Level",
    net_kg="Netweight (kg)",
    partner2="2nd Partner Code",
    customs="Customs Proc. Code",
    mot="Mode of Transport Code",
    mot_desc="Mode of Transport",
    flow_map={"1": "M", "2": "X", "3": "RX", "4": "RM"},
)


class ComtradeLegacyFormat(ComtradeFormat):
    """Reader for legacy UN Comtrade CSV files."""

    name = "comtrade_legacy"
    description = (
        "legacy UN Comtrade CSV, plain or gzip (Classification, Year, Period, Trade Flow Code, "
        "Reporter Code, Partner Code, Commodity Code, Trade Value (US$), ...)"
    )
    delimiters = (",",)
    layout = LAYOUT


COMTRADE_LEGACY = ComtradeLegacyFormat()

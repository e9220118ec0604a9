"""Hand-written UN Comtrade Plus records, saved the ways users get them (written into tmp dirs so
the exact bytes — ISO-8859-1, BOM, CRLF — are what the test says, whatever git does to line ends).

One March 2023 query: Türkiye (792) and Kazakhstan (398) reporting, 12 records. Six are HS6 trade
rows the store keeps; the others are a 4-digit chapter and a TOTAL row, a partner-World row, a
mode-of-transport breakdown beside its total, a domestic-export (DX) flow and a row without a value.

- `api_json`: the API response as comtradeapicall's request receives it, saved with json.dump;
- `pandas_csv`: ``comtradeapicall.getFinalData(...)`` (``json_normalize`` of ``data``) saved with
  ``df.to_csv(path)`` — a leading unnamed index column;
- `web_download`: the comtradeplus website's ``TradeData_*.csv``: every field quoted, a trailing
  comma on each row, ISO-8859-1 or UTF-8 with BOM, CRLF;
- `comtradr_write_csv` / `comtradr_readr_csv`: comtradr >= 1.0 ``ct_get_data()`` saved by
  ``write.csv`` (row names, quoted strings, NA, R's 1e+06) or ``readr::write_csv``;
- `COMTRADR_LEGACY_CSV`: comtradr < 1.0 ``ct_search()`` saved by ``write.csv``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb
import pandas as pd

from geodata.trade.ingest import ingest_files

BASE = {
    "typeCode": "C",
    "freqCode": "M",
    "refPeriodId": 20230301,
    "refYear": 2023,
    "refMonth": 3,
    "period": "202303",
    "reporterCode": 792,
    "reporterISO": "TUR",
    "reporterDesc": "Türkiye",
    "flowCode": "X",
    "flowDesc": "Export",
    "partnerCode": 643,
    "partnerISO": "RUS",
    "partnerDesc": "Russian Federation",
    "partner2Code": 0,
    "partner2ISO": "W00",
    "partner2Desc": "World",
    "classificationCode": "H6",
    "classificationSearchCode": "HS",
    "isOriginalClassification": True,
    "cmdCode": "854231",
    "cmdDesc": "Processors and controllers, whether or not combined with memories",
    "aggrLevel": 6,
    "isLeaf": True,
    "customsCode": "C00",
    "customsDesc": "TOTAL CPC",
    "mosCode": "0",
    "motCode": 0,
    "motDesc": "TOTAL MOT",
    "qtyUnitCode": 5,
    "qtyUnitAbbr": "u",
    "qty": 250000.0,
    "isQtyEstimated": False,
    "altQtyUnitCode": -1,
    "altQtyUnitAbbr": "N/A",
    "altQty": None,
    "isAltQtyEstimated": False,
    "netWgt": 120.5,
    "isNetWgtEstimated": False,
    "grossWgt": None,
    "isGrossWgtEstimated": False,
    "cifvalue": None,
    "fobvalue": 1500000.0,
    "primaryValue": 1500000.0,
    "legacyEstimationFlag": 0,
    "isReported": True,
    "isAggregate": False,
}
KAZ = {"reporterCode": 398, "reporterISO": "KAZ", "reporterDesc": "Kazakhstan"}
ROWS = [
    {},  # record 1: Türkiye exports processors to Russia
    {"cmdCode": "847130", "cmdDesc": "Portable computers", "netWgt": None, "primaryValue": 1000000.0},
    {
        "cmdCode": "8542",
        "cmdDesc": "Electronic integrated circuits",
        "aggrLevel": 4,
        "isLeaf": False,
        "primaryValue": 2000000.0,
    },  # record 3: a 4-digit chapter
    {"partnerCode": 0, "partnerISO": "W00", "partnerDesc": "World", "primaryValue": 3100000.0},
    {
        "partnerCode": 398,
        "partnerISO": "KAZ",
        "partnerDesc": "Kazakhstan",
        "cmdCode": "851713",
        "cmdDesc": "Smartphones",
        "netWgt": 310.0,
        "primaryValue": 640000.0,
    },
    {
        "flowCode": "M",
        "flowDesc": "Import",
        "partnerCode": 384,
        "partnerISO": "CIV",
        "partnerDesc": "Côte d'Ivoire",
        "cmdCode": "180100",
        "cmdDesc": "Cocoa beans, whole or broken",
        "qtyUnitCode": 8,
        "qtyUnitAbbr": "kg",
        "qty": 1000000.0,
        "netWgt": 1000000.0,
        "primaryValue": 2750000.0,
    },
    {
        **KAZ,
        "flowCode": "M",
        "flowDesc": "Import",
        "cmdCode": "870323",
        "cmdDesc": "Motor cars",
        "netWgt": 67500.0,
        "primaryValue": 2000000.0,
    },  # record 7: the total over modes of transport; record 8 is its Road part
    {
        **KAZ,
        "flowCode": "M",
        "flowDesc": "Import",
        "cmdCode": "870323",
        "cmdDesc": "Motor cars",
        "motCode": 3200,
        "motDesc": "Road",
        "netWgt": 40500.0,
        "primaryValue": 1200000.0,
    },
    {"flowCode": "DX", "flowDesc": "Domestic Export", "cmdCode": "851712", "primaryValue": 90000.0},
    {"cmdCode": "850440", "cmdDesc": "Static converters", "netWgt": 75.0, "primaryValue": None},
    {
        "cmdCode": "TOTAL",
        "cmdDesc": "All Commodities",
        "aggrLevel": 0,
        "isLeaf": False,
        "primaryValue": 9800000.0,
    },  # record 11: the total over all commodities
    {
        **KAZ,
        "flowCode": "RX",
        "flowDesc": "Re-export",
        "partnerCode": 860,
        "partnerISO": "UZB",
        "partnerDesc": "Uzbekistan",
        "cmdCode": "851712",
        "cmdDesc": "Telephones for cellular networks",
        "netWgt": 12.5,
        "primaryValue": 50000.0,
    },
]


def _cif_fob(record: dict) -> dict:
    """The primary value is the CIF value of an import and the FOB value of an export."""
    cif = record["flowCode"] in ("M", "RM")
    value = record["primaryValue"]
    return record | {"cifvalue": value if cif else None, "fobvalue": None if cif else value}


RECORDS = [_cif_fob(BASE | row) for row in ROWS]
COLUMNS = list(BASE)
#: The records as canonical rows: (period, freq, reporter, partner, flow, hs6, value_usd, net_kg).
EXPECTED = {
    ("2023-03-01", "M", "TUR", "RUS", "X", "854231", 1500000.0, 120.5),
    ("2023-03-01", "M", "TUR", "RUS", "X", "847130", 1000000.0, None),
    ("2023-03-01", "M", "TUR", "KAZ", "X", "851713", 640000.0, 310.0),
    ("2023-03-01", "M", "TUR", "CIV", "M", "180100", 2750000.0, 1000000.0),
    ("2023-03-01", "M", "KAZ", "RUS", "M", "870323", 2000000.0, 67500.0),
    ("2023-03-01", "M", "KAZ", "UZB", "RX", "851712", 50000.0, 12.5),
}
EXPECTED_AGGREGATES = {"hs_total_or_chapter": 2, "partner_world": 1, "mot_breakdown": 1}
EXPECTED_SKIPPED = {"flow code not X/M/RX/RM": 1, "missing trade value": 1}

#: comtradr's tidy names (its ct_pretty_cols) for the Comtrade Plus columns, in order.
COMTRADR_NAMES = [
    "type_code", "freq_code", "ref_period_id", "ref_year", "ref_month", "period", "reporter_code",
    "reporter_iso", "reporter_desc", "flow_code", "flow_desc", "partner_code", "partner_iso",
    "partner_desc", "partner2code", "partner2iso", "partner2desc", "classification_code",
    "classification_search_code", "is_original_classification", "cmd_code", "cmd_desc", "aggr_level",
    "is_leaf", "customs_code", "customs_desc", "mos_code", "mot_code", "mot_desc", "qty_unit_code",
    "qty_unit_abbr", "qty", "is_qty_estimated", "alt_qty_unit_code", "alt_qty_unit_abbr", "alt_qty",
    "is_alt_qty_estimated", "net_wgt", "is_net_wgt_estimated", "gross_wgt", "is_gross_wgt_estimated",
    "cifvalue", "fobvalue", "primary_value", "legacy_estimation_flag", "is_reported", "is_aggregate",
]  # fmt: skip


def canonical_rows(frame: pd.DataFrame) -> set[tuple]:
    """The rows of a canonical frame in the shape of `EXPECTED` (a null net weight as None)."""
    return {
        (str(r.period.date()), r.freq, r.reporter, r.partner, r.flow, r.hs6, r.value_usd,
         None if pd.isna(r.net_kg) else r.net_kg)
        for r in frame.itertuples()
    }  # fmt: skip


def ingest_one(data_dir: Path, path: Path) -> tuple[dict, list[str], pd.DataFrame]:
    """Ingest one file into a new store: (its manifest entry, the warnings, the stored rows)."""
    warnings: list[str] = []
    [entry] = ingest_files(data_dir, [path], warn=warnings.append)
    glob = str(data_dir / "flows" / "**" / "*.parquet")
    stored = duckdb.sql(f"SELECT * FROM read_parquet('{glob}')").df()
    stored["period"] = pd.to_datetime(stored["period"])
    return entry, warnings, stored


def api_json(path: Path, records: list[dict] = RECORDS, **envelope) -> Path:
    """The API response saved with json.dump (compact, like the API sends it)."""
    response = {"elapsedTime": "0.61 secs", "count": len(records), "data": records, "error": ""}
    path.write_text(json.dumps(response | envelope, ensure_ascii=False, separators=(",", ":")), "utf-8")
    return path


def pandas_csv(path: Path, records: list[dict] = RECORDS) -> Path:
    """What comtradeapicall.getFinalData returns (json_normalize of the records), saved by to_csv."""
    pd.json_normalize(records).to_csv(path)
    return path


def _web_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def web_download(
    path: Path, *, encoding: str = "iso-8859-1", header_comma: bool = False, records: list[dict] = RECORDS
) -> Path:
    """The website's TradeData_*.csv: all fields quoted, a comma after the last field, CRLF."""
    header = ",".join(f'"{name}"' for name in COLUMNS) + ("," if header_comma else "")
    rows = [",".join(f'"{_web_value(r[name])}"' for name in COLUMNS) + "," for r in records]
    path.write_bytes("\r\n".join([header, *rows, ""]).encode(encoding))
    return path


def _r_number(value: float | int) -> str:
    """A number as R's write.csv prints it: 15 significant digits, scientific when shorter."""
    if isinstance(value, int):
        return str(value)
    fixed = format(value, ".15g")
    mantissa, exponent = format(value, ".14e").split("e")
    mantissa = mantissa.rstrip("0").rstrip(".")
    scientific = f"{mantissa}e{exponent[0]}{abs(int(exponent)):02d}"
    return scientific if len(scientific) < len(fixed) else fixed


def _r_value(value, quote: bool) -> str:
    if value is None:
        return "NA"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return _r_number(value)
    return f'"{value}"' if quote else value


def comtradr_write_csv(path: Path, records: list[dict] = RECORDS, *, tidy_cols: bool = True) -> Path:
    """ct_get_data() saved with write.csv(df, path): row names, quoted strings, NA, 1e+06, UTF-8.

    ``tidy_cols=False`` keeps the API's column names, as ct_get_data(tidy_cols = FALSE) does.
    """
    header = ",".join(f'"{name}"' for name in ["", *(COMTRADR_NAMES if tidy_cols else COLUMNS)])
    rows = [
        ",".join([f'"{n}"', *(_r_value(r[name], quote=True) for name in COLUMNS)])
        for n, r in enumerate(records, start=1)
    ]
    path.write_text("\n".join([header, *rows, ""]), "utf-8")
    return path


def comtradr_readr_csv(path: Path, records: list[dict] = RECORDS) -> Path:
    """ct_get_data() saved with readr::write_csv after janitor::clean_names (partner2_code)."""
    names = [n.replace("partner2", "partner2_") for n in COMTRADR_NAMES]

    def field(value) -> str:
        text = _r_value(value, quote=False)
        if isinstance(value, float):
            text = re.sub(r"e\+0*", "e", text)  # readr writes 1e6 where write.csv writes 1e+06
        return f'"{text}"' if "," in text or '"' in text else text

    rows = [",".join(field(r[name]) for name in COLUMNS) for r in records]
    path.write_text("\n".join([",".join(names), *rows, ""]), "utf-8")
    return path


#: comtradr < 1.0: ct_search(reporters = "Kazakhstan", partners = "All", freq = "annual", start_date = 2019,
#: end_date = 2019, commod_codes = "ALL") saved with write.csv (an excerpt of 7 rows). Kept: lines 2,
#: 5, 7 (a mode-of-transport breakdown without a total: it double counts nothing) and 8 ("HS" as
#: reported → H5 in 2019); line 3 is a chapter, 4 partner World, 6 has no value (NA, skipped).
COMTRADR_LEGACY_CSV = """\
"","classification","year","period","period_desc","aggregate_level","is_leaf_code","trade_flow_code","trade_flow","reporter_code","reporter","reporter_iso","partner_code","partner","partner_iso","2nd_partner_code","2nd_partner","2nd_partner_iso","customs_proc_code","customs","mode_of_transport_code","mode_of_transport","commodity_code","commodity","qty_unit_code","qty_unit","qty","alt_qty_unit_code","alt_qty_unit","alt_qty","netweight_kg","gross_weight_kg","trade_value_usd","cif_trade_value_usd","fob_trade_value_usd","flag"
"1","H5",2019,2019,"2019",6,1,1,"Import",398,"Kazakhstan","KAZ",643,"Russian Federation","RUS",NA,NA,NA,NA,NA,NA,NA,"854231","Electronic integrated circuits; processors and controllers",1,"No Quantity",NA,NA,NA,NA,36.5,NA,250000,NA,NA,0
"2","H5",2019,2019,"2019",4,0,1,"Import",398,"Kazakhstan","KAZ",643,"Russian Federation","RUS",NA,NA,NA,NA,NA,NA,NA,"8542","Electronic integrated circuits",1,"No Quantity",NA,NA,NA,NA,400,NA,9e+05,NA,NA,0
"3","H5",2019,2019,"2019",6,1,1,"Import",398,"Kazakhstan","KAZ",0,"World","WLD",NA,NA,NA,NA,NA,NA,NA,"854231","Electronic integrated circuits; processors and controllers",1,"No Quantity",NA,NA,NA,NA,60,NA,1200000,NA,NA,0
"4","H5",2019,2019,"2019",6,1,2,"Export",398,"Kazakhstan","KAZ",417,"Kyrgyzstan","KGZ",NA,NA,NA,NA,NA,NA,NA,"870323","Motor cars",8,"Number of items",12,NA,NA,NA,NA,NA,1e+05,NA,NA,0
"5","H5",2019,2019,"2019",6,1,2,"Export",398,"Kazakhstan","KAZ",860,"Uzbekistan","UZB",NA,NA,NA,NA,NA,NA,NA,"870323","Motor cars",8,"Number of items",3,NA,NA,NA,4200,NA,NA,NA,NA,0
"6","H5",2019,2019,"2019",6,1,3,"Re-Export",398,"Kazakhstan","KAZ",860,"Uzbekistan","UZB",NA,NA,NA,NA,NA,3200,"Road","851712","Telephones for cellular networks",1,"No Quantity",NA,NA,NA,NA,NA,NA,30000,NA,NA,0
"7","HS",2019,2019,"2019",6,1,1,"Import",398,"Kazakhstan","KAZ",156,"China","CHN",NA,NA,NA,NA,NA,NA,NA,"010121","Horses; live, pure-bred breeding animals",5,"Number of items",2,NA,NA,NA,1500,NA,42000,NA,NA,0
"""  # noqa: E501
COMTRADR_LEGACY_EXPECTED = {
    ("2019-01-01", "A", "KAZ", "RUS", "M", "854231", 250000.0, 36.5),
    ("2019-01-01", "A", "KAZ", "KGZ", "X", "870323", 100000.0, None),
    ("2019-01-01", "A", "KAZ", "UZB", "RX", "851712", 30000.0, None),
    ("2019-01-01", "A", "KAZ", "CHN", "M", "010121", 42000.0, 1500.0),
}

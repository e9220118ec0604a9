"""The comtradeplus website download (TradeData_*.csv): quoted fields, a trailing comma on every row,
ISO-8859-1 or UTF-8 with BOM, CRLF — read by the Comtrade Plus reader and ingested end to end."""

from __future__ import annotations

import pytest
from comtrade_samples import (
    BASE,
    EXPECTED,
    EXPECTED_AGGREGATES,
    EXPECTED_SKIPPED,
    RECORDS,
    canonical_rows,
    ingest_one,
    web_download,
)
from formats_helpers import read_all

from geodata.errors import IngestError
from geodata.trade.formats import COMTRADE_PLUS, detect_format
from geodata.trade.formats.textio import TextRows, read_header


@pytest.fixture()
def latin1(tmp_path):
    return web_download(tmp_path / "TradeData_1700000000000.csv")


def test_the_latin1_file_really_is_not_utf8_and_has_crlf(latin1):
    raw = latin1.read_bytes()
    assert b"T\xfcrkiye" in raw and b"C\xf4te d'Ivoire" in raw and raw.count(b"\r\n") == 13
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert raw.splitlines()[1].endswith(b'"False",')


@pytest.mark.parametrize(
    "encoding, header_comma", [("iso-8859-1", False), ("iso-8859-1", True), ("utf-8-sig", False)]
)
def test_reads_to_exact_rows_whatever_the_encoding_and_header_end(tmp_path, encoding, header_comma):
    path = web_download(tmp_path / "TradeData_1.csv", encoding=encoding, header_comma=header_comma)
    assert detect_format(path).name == "comtrade_plus"
    frame, report, _ = read_all(COMTRADE_PLUS, path)
    assert canonical_rows(frame) == EXPECTED
    assert set(frame.hs_version) == {"H6"} and set(frame.source) == {"comtrade"}
    assert report.rows_read == 12 and report.rows_kept == 6
    assert dict(report.aggregates_excluded) == EXPECTED_AGGREGATES
    assert dict(report.skipped) == EXPECTED_SKIPPED
    # the header is line 1, so record 9 (DX) is on line 10 and record 10 (no value) on line 11
    assert report.first_skipped_line == {"flow code not X/M/RX/RM": 10, "missing trade value": 11}


def test_a_bom_and_a_header_comma_do_not_leak_into_the_column_names(tmp_path):
    path = web_download(tmp_path / "TradeData_2.csv", encoding="utf-8-sig", header_comma=True)
    header, delimiter = read_header(path)
    assert delimiter == "," and header[0] == "typeCode" and header[-1] == "" and len(header) == 48
    plain, _ = read_header(web_download(tmp_path / "TradeData_3.csv"))
    assert plain == header  # no header comma: the trailing field of the rows gets the same empty name


def test_latin1_text_is_decoded_not_mangled(latin1):
    header, delimiter = read_header(latin1)
    rows = TextRows(latin1, header, delimiter)
    [chunk] = list(rows.chunks(["reporterDesc", "partnerDesc"], 100))
    assert "Türkiye" in set(chunk.reporterDesc) and "Côte d'Ivoire" in set(chunk.partnerDesc)


def test_utf8_with_bom_keeps_its_accents(tmp_path):
    path = web_download(tmp_path / "TradeData_4.csv", encoding="utf-8-sig")
    header, delimiter = read_header(path)
    [chunk] = list(TextRows(path, header, delimiter).chunks(["partnerDesc"], 100))
    assert "Côte d'Ivoire" in set(chunk.partnerDesc)


def test_column_names_in_any_letter_case_are_the_same_layout(tmp_path):
    path = web_download(tmp_path / "TradeData_5.csv")
    raw = path.read_bytes()
    header, rest = raw.split(b"\r\n", 1)
    path.write_bytes(
        header.replace(b'"ref', b'"Ref').replace(b'"primaryValue"', b'"PrimaryValue"') + b"\r\n" + rest
    )
    assert detect_format(path).name == "comtrade_plus"
    frame, _, _ = read_all(COMTRADE_PLUS, path)
    assert canonical_rows(frame) == EXPECTED


def test_a_bad_value_names_file_line_column_and_fix(tmp_path):
    records = [dict(r) for r in RECORDS]
    records[4]["primaryValue"] = "640 000"
    path = web_download(tmp_path / "TradeData_6.csv", records=records)
    with pytest.raises(IngestError) as err:
        read_all(COMTRADE_PLUS, path)
    message = str(err.value)
    for part in ("TradeData_6.csv, line 6", "column 'primaryValue'", "'640 000'", "expected a trade value"):
        assert part in message
    assert "download" in message and "Traceback" not in message


def test_strict_stops_on_the_dx_row_with_its_line(latin1):
    with pytest.raises(IngestError, match=r"line 10, column 'flowCode'.*'DX'"):
        read_all(COMTRADE_PLUS, latin1, strict=True)


def test_ingest_end_to_end(tmp_path, latin1):
    entry, warnings, stored = ingest_one(tmp_path / "data", latin1)
    assert entry["format"] == "comtrade_plus" and entry["rows"] == 6 and entry["rows_read"] == 12
    assert entry["reporters"] == ["KAZ", "TUR"] and entry["period_min"] == entry["period_max"] == "2023-03"
    assert entry["skipped"] == EXPECTED_SKIPPED and entry["aggregates_excluded"] == EXPECTED_AGGREGATES
    assert canonical_rows(stored) == EXPECTED
    [warning] = warnings
    assert "skipped 2 of 12 rows" in warning and "missing trade value (first on line 11)" in warning


def test_a_file_of_chapters_and_totals_only_gets_the_hs6_error(tmp_path):
    chapters = [
        BASE | {"cmdCode": "85", "aggrLevel": 2, "isLeaf": False},
        BASE | {"cmdCode": "8542", "aggrLevel": 4, "isLeaf": False},
        BASE | {"cmdCode": "TOTAL", "aggrLevel": 0, "isLeaf": False},
    ]
    path = web_download(tmp_path / "TradeData_chapters.csv", records=chapters)
    with pytest.raises(IngestError) as err:
        ingest_one(tmp_path / "data", path)
    message = str(err.value)
    assert message.startswith("TradeData_chapters.csv: expected at least one HS6 trade row")
    assert "got none of 3 rows" in message and "detailed (HS6) download" in message
    assert not (tmp_path / "data" / "flows").exists()

"""Comtrade Plus API data as comtradeapicall users save it: the JSON response (streamed record by
record) and the getFinalData DataFrame written with df.to_csv (a leading unnamed index column)."""

from __future__ import annotations

import gzip
import json

import pandas as pd
import pytest
from comtrade_samples import (
    EXPECTED,
    EXPECTED_AGGREGATES,
    EXPECTED_SKIPPED,
    RECORDS,
    api_json,
    canonical_rows,
    ingest_one,
    pandas_csv,
)
from formats_helpers import read_all

from geodata.errors import IngestError
from geodata.trade.formats import COMTRADE_PLUS, COMTRADE_PLUS_JSON, detect_format
from geodata.trade.formats.jsonio import iter_json_records


def _check(frame, report, skipped_at):
    assert canonical_rows(frame) == EXPECTED
    assert set(frame.hs_version) == {"H6"} and report.rows_read == 12 and report.rows_kept == 6
    assert dict(report.aggregates_excluded) == EXPECTED_AGGREGATES
    assert dict(report.skipped) == EXPECTED_SKIPPED
    assert report.first_skipped_line == dict(zip(EXPECTED_SKIPPED, skipped_at, strict=True))


def test_the_api_response_reads_to_exact_rows_numbered_by_record(tmp_path):
    path = api_json(tmp_path / "getFinalData_C_M_HS_202303.json")
    assert detect_format(path).name == "comtrade_plus_json"
    frame, report, _ = read_all(COMTRADE_PLUS_JSON, path)
    _check(frame, report, skipped_at=(9, 10))
    cars = frame[frame.hs6 == "870323"]
    assert len(cars) == 1 and pd.isna(cars.iloc[0].transport_mode)  # the total is kept, Road dropped
    assert "1 missing trade value (first on record 10)" in report.warning()
    assert "skipped 2 of 12 records" in report.warning()


@pytest.mark.parametrize("shape", ["records", "lines", "indented", "gzip"])
def test_other_json_shapes_read_the_same(tmp_path, shape):
    path = tmp_path / "comtrade.json"
    if shape == "records":
        pd.json_normalize(RECORDS).to_json(path, orient="records")
    elif shape == "lines":
        pd.json_normalize(RECORDS).to_json(path, orient="records", lines=True)
    elif shape == "indented":
        path.write_text(json.dumps({"count": 12, "data": RECORDS, "error": ""}, indent=2), "utf-8")
    else:
        path.write_bytes(gzip.compress(api_json(tmp_path / "plain.json").read_bytes()))
    assert detect_format(path).name == "comtrade_plus_json"
    frame, report, _ = read_all(COMTRADE_PLUS_JSON, path)
    _check(frame, report, skipped_at=(9, 10))


def test_a_long_response_streams_in_chunks_with_the_same_totals(tmp_path):
    many = [
        r | {"cmdCode": f"{100000 + n:06d}", "primaryValue": float(n + 1)}
        for n, r in enumerate(RECORDS * 300)
    ]
    kept = [r for r in many if r["flowCode"] != "DX" and r["partnerCode"] != 0 and r["aggrLevel"] == 6]
    path = api_json(tmp_path / "big.json", records=many)
    frame, report, chunks = read_all(COMTRADE_PLUS_JSON, path, chunk_rows=500)
    assert chunks == 8 and report.rows_read == 3600
    assert len(frame) == report.rows_kept == len(kept) == 2400  # 8 of every 12 records
    assert frame.value_usd.sum() == sum(r["primaryValue"] for r in kept)


def test_records_are_decoded_one_at_a_time(tmp_path):
    path = api_json(tmp_path / "r.json")
    numbered = iter_json_records(path)
    number, first = next(numbered)
    assert number == 1 and first["reporterDesc"] == "Türkiye" and first["netWgt"] == 120.5
    numbered.close()


@pytest.mark.parametrize(
    "envelope, expected",
    [
        ({"error": "Request rejected: the query returns more than 100000 records", "data": []},
         r"expected a successful UN Comtrade API response, got the API error 'Request rejected"),
        ({"data": []}, r"expected at least one trade record.*no records.*check its period"),
    ],
)  # fmt: skip
def test_api_errors_and_empty_answers_are_refused_with_the_reason(tmp_path, envelope, expected):
    path = api_json(tmp_path / "answer.json", **envelope)
    with pytest.raises(IngestError, match=expected):
        detect_format(path)


def test_an_unauthorised_response_shows_the_api_message(tmp_path):
    path = tmp_path / "401.json"
    path.write_text('{"statusCode": 401, "message": "Access denied due to invalid subscription key."}')
    with pytest.raises(IngestError, match=r"401.json: .*\(status 401\) 'Access denied.*subscription key"):
        detect_format(path)


def test_a_cut_short_download_says_after_which_record(tmp_path):
    whole = api_json(tmp_path / "whole.json").read_text("utf-8")
    path = tmp_path / "cut.json"
    path.write_text(whole[: whole.index('"cmdCode":"851713"')], "utf-8")
    with pytest.raises(IngestError) as err:
        read_all(COMTRADE_PLUS_JSON, path)
    assert (
        "cut.json, record 5: expected the rest of the JSON, got the end of the file after 4 records"
        in str(err.value)
    )


def test_a_bad_value_names_the_record_and_key(tmp_path):
    records = [dict(r) for r in RECORDS]
    records[2]["primaryValue"] = "2.000.000"
    path = api_json(tmp_path / "bad.json", records=records)
    with pytest.raises(IngestError) as err:
        read_all(COMTRADE_PLUS_JSON, path)
    message = str(err.value)
    assert "bad.json, record 3, column 'primaryValue'" in message and "'2.000.000'" in message
    assert "fix the value on that record" in message


def test_a_json_that_is_not_trade_records_says_what_it_got(tmp_path):
    path = tmp_path / "columns.json"
    pd.json_normalize(RECORDS).to_json(path)  # orient="columns": {column: {index: value}}
    with pytest.raises(IngestError, match=r"got an object with 'typeCode'.*orient='records'"):
        detect_format(path)
    path = tmp_path / "reporters.json"
    path.write_text('{"results": [{"id": 4, "text": "Afghanistan"}]}')
    with pytest.raises(IngestError, match=r"expected an API response with a 'data' list"):
        detect_format(path)
    path.write_text('[{"id": 4, "text": "Afghanistan", "isGroup": false}]')
    with pytest.raises(IngestError, match=r"record 1: expected the keys of a UN Comtrade Plus trade record"):
        detect_format(path)


def test_getfinaldata_saved_with_to_csv_reads_to_exact_rows(tmp_path):
    path = pandas_csv(tmp_path / "getFinalData.csv")
    assert path.read_text().startswith(",typeCode,freqCode,")
    assert detect_format(path).name == "comtrade_plus"
    frame, report, _ = read_all(COMTRADE_PLUS, path)
    _check(frame, report, skipped_at=(10, 11))


def test_codes_pandas_turned_into_floats_still_read_as_codes(tmp_path):
    # one null turns the whole motCode column into floats (0.0, 3200.0), one 398.0 the reporter codes
    records = [RECORDS[0] | {"motCode": None}, *RECORDS[1:], RECORDS[0] | {"reporterCode": 398.0}]
    path = pandas_csv(tmp_path / "floats.csv", records=records)
    text = path.read_text()
    assert ",0.0,TOTAL MOT," in text and ",3200.0,Road," in text and ",792.0,TUR," in text
    frame, _, _ = read_all(COMTRADE_PLUS, path)
    assert len(frame) == 7 and len(frame[frame.hs6 == "870323"]) == 1 and "KAZ" in set(frame.reporter)


@pytest.mark.parametrize("save", [api_json, pandas_csv])
def test_ingest_end_to_end(tmp_path, save):
    path = save(tmp_path / f"comtrade.{'json' if save is api_json else 'csv'}")
    entry, warnings, stored = ingest_one(tmp_path / "data", path)
    assert entry["format"] == ("comtrade_plus_json" if save is api_json else "comtrade_plus")
    assert entry["rows"] == 6 and entry["skipped"] == EXPECTED_SKIPPED
    assert canonical_rows(stored) == EXPECTED and stored.value_usd.sum() == 7_940_000
    assert len(warnings) == 1 and "missing trade value" in warnings[0]

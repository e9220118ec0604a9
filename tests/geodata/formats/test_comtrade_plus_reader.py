"""UN Comtrade Plus reader: canonical values, aggregates, breakdowns, validation, streaming."""

from __future__ import annotations

import csv
import gzip

import pandas as pd
import pytest
from formats_helpers import FILE_HASH, FIXTURES, edited_copy, gzip_copy, read_all
from hypothesis import given, settings
from hypothesis import strategies as st

from geodata.errors import IngestError
from geodata.trade.formats import COMTRADE_PLUS
from geodata.trade.schema import CANONICAL_COLUMNS, to_arrow

SAMPLE = FIXTURES / "comtrade_plus_kaz_202303.csv"


def _rows(frame: pd.DataFrame) -> set[tuple]:
    cols = ["period", "freq", "reporter", "partner", "flow", "hs6", "value_usd"]
    return {tuple(r) for r in frame[cols].astype(str).itertuples(index=False)}


def test_reads_the_sample_to_exact_canonical_rows():
    frame, report, _ = read_all(COMTRADE_PLUS, SAMPLE)
    assert list(frame.columns) == list(CANONICAL_COLUMNS)
    assert _rows(frame) == {
        ("2023-03-01", "M", "KAZ", "RUS", "M", "854231", "1500000.0"),
        ("2023-03-01", "M", "KAZ", "KGZ", "X", "854231", "800000.0"),
        ("2023-03-01", "M", "KAZ", "CHN", "M", "870323", "2000000.0"),
        ("2023-03-01", "M", "KAZ", "CHN", "M", "870323", "500000.0"),
        ("2023-03-01", "M", "KAZ", "ARM", "M", "847130", "350000.0"),
        ("2023-01-01", "A", "KAZ", "RUS", "X", "847130", "3000000.0"),
        ("2023-03-01", "M", "KAZ", "RUS", "X", "850440", "400000.0"),
        ("2023-03-01", "M", "ARM", "RUS", "M", "850440", "700000.0"),
        ("2023-03-01", "M", "KAZ", "UZB", "RX", "851712", "50000.0"),
        ("2023-03-01", "M", "ARM", "CHN", "M", "851713", "90000.0"),
    }
    assert set(frame["source"]) == {"comtrade"}
    assert set(frame["source_file"]) == {FILE_HASH}
    assert set(frame["hs_version"]) == {"H6"}
    first = frame[(frame.partner == "RUS") & (frame.hs6 == "854231")].iloc[0]
    assert first.net_kg == 120.5
    assert report.format_name == "comtrade_plus"
    assert report.rows_read == 18
    assert report.rows_kept == 10
    assert dict(report.aggregates_excluded) == {
        "mot_breakdown": 2,
        "customs_breakdown": 1,
        "partner2_breakdown": 1,
        "hs_total_or_chapter": 2,
        "partner_world": 1,
    }
    assert dict(report.skipped) == {"flow code not X/M/RX/RM": 1}
    assert report.first_skipped_line == {"flow code not X/M/RX/RM": 17}
    assert report.rows_read == (
        report.rows_kept + sum(report.aggregates_excluded.values()) + sum(report.skipped.values())
    )
    to_arrow(frame)  # the store's schema accepts the frame as it is


def test_is_aggregate_leaf_rows_are_kept_and_annual_rows_dated_1_january():
    frame, _, _ = read_all(COMTRADE_PLUS, SAMPLE)
    arm = frame[(frame.partner == "ARM") & (frame.hs6 == "847130")]
    assert len(arm) == 1 and arm.iloc[0].value_usd == 350000.0 and pd.isna(arm.iloc[0].net_kg)
    annual = frame[frame.freq == "A"]
    assert list(annual.period) == [pd.Timestamp("2023-01-01")]


def test_breakdown_rows_without_a_total_are_kept_with_their_mode_and_second_partner():
    frame, _, _ = read_all(COMTRADE_PLUS, SAMPLE)
    cars = frame[frame.hs6 == "870323"].sort_values("value_usd")
    assert list(cars.transport_mode) == ["Railway", "Road"]
    smart = frame[frame.hs6 == "851713"].iloc[0]
    assert smart.partner2 == "KAZ" and pd.isna(smart.transport_mode)
    totals = frame[(frame.hs6 == "854231") & (frame.partner == "RUS")]
    assert len(totals) == 1 and pd.isna(totals.iloc[0].transport_mode) and pd.isna(totals.iloc[0].partner2)


def test_breakdown_decision_holds_across_chunk_boundaries():
    whole, report_whole, _ = read_all(COMTRADE_PLUS, SAMPLE)
    small, report_small, chunks = read_all(COMTRADE_PLUS, SAMPLE, chunk_rows=1)
    assert chunks == 10
    assert _rows(small) == _rows(whole)
    assert report_small.aggregates_excluded == report_whole.aggregates_excluded


@settings(max_examples=15, deadline=None)
@given(chunk_rows=st.integers(min_value=1, max_value=25))
def test_any_chunk_size_gives_the_same_rows_and_counts(chunk_rows):
    whole, report_whole, _ = read_all(COMTRADE_PLUS, SAMPLE)
    frame, report, _ = read_all(COMTRADE_PLUS, SAMPLE, chunk_rows=chunk_rows)
    assert _rows(frame) == _rows(whole)
    assert (report.rows_read, report.rows_kept) == (report_whole.rows_read, report_whole.rows_kept)
    assert (
        report.aggregates_excluded == report_whole.aggregates_excluded
        and report.skipped == report_whole.skipped
    )


def test_mixed_breakdowns_without_total_keep_one_layer(tmp_path):
    # key with rows by mode of transport and rows by customs procedure, but no total row
    path = edited_copy(
        SAMPLE,
        tmp_path / "mixed.csv",
        {},
        extra_rows=[
            {"cmdCode": "300490", "motCode": "3200", "motDesc": "Road", "primaryValue": "10"},
            {"cmdCode": "300490", "motCode": "3100", "motDesc": "Railway", "primaryValue": "20"},
            {"cmdCode": "300490", "customsCode": "C03", "primaryValue": "30"},
        ],
    )
    frame, report, _ = read_all(COMTRADE_PLUS, path)
    kept = frame[frame.hs6 == "300490"]
    assert sorted(kept.value_usd) == [10.0, 20.0]
    assert report.aggregates_excluded["customs_breakdown"] == 2


def test_gzip_is_detected_by_magic_bytes_and_reads_the_same(tmp_path):
    packed = gzip_copy(SAMPLE, tmp_path / "comtrade_download.csv")  # no .gz in the name
    frame, report, _ = read_all(COMTRADE_PLUS, packed)
    plain, _, _ = read_all(COMTRADE_PLUS, SAMPLE)
    assert _rows(frame) == _rows(plain) and report.rows_read == 18


def test_truncated_gzip_names_file_line_and_fix(tmp_path):
    lines = SAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)
    big = lines[0] + "".join(lines[1:] * 400)
    data = gzip.compress(big.encode("utf-8"))
    cut = tmp_path / "cut.csv.gz"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(IngestError) as err:
        read_all(COMTRADE_PLUS, cut, chunk_rows=500)
    message = str(err.value)
    assert "cut.csv.gz" in message and "ends early after line" in message and "download" in message
    line = int(message.split("after line ")[1].split(" ")[0].replace(",", ""))
    assert 1 < line < big.count("\n")


def test_non_numeric_primary_value_names_file_line_column_and_value(tmp_path):
    path = edited_copy(SAMPLE, tmp_path / "bad.csv", {5: {"primaryValue": "12a34"}})
    with pytest.raises(IngestError) as err:
        read_all(COMTRADE_PLUS, path)
    message = str(err.value)
    for part in ("bad.csv", "line 5", "primaryValue", "'12a34'", "expected a trade value"):
        assert part in message


def test_unknown_country_code_is_skipped_or_stops_with_strict(tmp_path):
    path = edited_copy(SAMPLE, tmp_path / "unknown.csv", {3: {"partnerCode": "999"}})
    frame, report, _ = read_all(COMTRADE_PLUS, path)
    assert report.skipped["unknown country code"] == 1
    assert report.first_skipped_line["unknown country code"] == 3
    assert "unknown country code (first on line 3)" in report.warning()
    with pytest.raises(IngestError) as err:
        read_all(COMTRADE_PLUS, path, strict=True)
    message = str(err.value)
    assert (
        "unknown.csv" in message and "line 3" in message and "partnerCode" in message and "'999'" in message
    )


@pytest.mark.parametrize(
    "edit, column", [({"refMonth": "13"}, "refMonth"), ({"refYear": "2099"}, "refMonth")]
)
def test_period_out_of_range_is_skipped_or_stops_with_strict(tmp_path, edit, column):
    path = edited_copy(SAMPLE, tmp_path / "period.csv", {5: edit})
    frame, report, _ = read_all(COMTRADE_PLUS, path)
    assert report.skipped == {"period out of range": 1} | {"flow code not X/M/RX/RM": 1}
    assert report.first_skipped_line["period out of range"] == 5
    assert len(frame) == 9
    with pytest.raises(IngestError) as err:
        read_all(COMTRADE_PLUS, path, strict=True)
    assert "period.csv, line 5" in str(err.value) and f"column '{column}'" in str(err.value)


def test_commodity_code_that_is_not_hs_is_skipped_or_stops_with_strict(tmp_path):
    path = edited_copy(SAMPLE, tmp_path / "hs.csv", {5: {"cmdCode": "85AB12"}})
    frame, report, _ = read_all(COMTRADE_PLUS, path)
    assert report.skipped["not an HS code"] == 1 and report.first_skipped_line["not an HS code"] == 5
    with pytest.raises(IngestError) as err:
        read_all(COMTRADE_PLUS, path, strict=True)
    assert all(p in str(err.value) for p in ("hs.csv", "line 5", "cmdCode", "'85AB12'", "six-digit HS code"))


def test_leaf_code_that_lost_its_leading_zero_is_padded(tmp_path):
    path = edited_copy(SAMPLE, tmp_path / "zero.csv", {5: {"cmdCode": "10121"}})
    frame, _, _ = read_all(COMTRADE_PLUS, path)
    assert "010121" in set(frame.hs6)


def test_flow_code_dx_stops_with_strict():
    with pytest.raises(IngestError) as err:
        read_all(COMTRADE_PLUS, SAMPLE, strict=True)
    assert "line 17" in str(err.value) and "flowCode" in str(err.value) and "'DX'" in str(err.value)


def test_sitc_file_is_refused_with_the_fix(tmp_path):
    path = edited_copy(SAMPLE, tmp_path / "sitc.csv", {2: {"classificationCode": "S4"}})
    with pytest.raises(IngestError, match=r"sitc.csv, line 2, column 'classificationCode'.*HS"):
        read_all(COMTRADE_PLUS, path)


def test_row_with_an_extra_field_names_its_line(tmp_path):
    text = SAMPLE.read_text(encoding="utf-8").splitlines()
    text[6] = text[6] + ",surplus"
    path = tmp_path / "ragged.csv"
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    with pytest.raises(IngestError, match=r"ragged.csv, line 7: expected 47 fields .*got 48 fields"):
        read_all(COMTRADE_PLUS, path)


def test_tab_separated_bulk_file_reads_the_same(tmp_path):
    path = edited_copy(SAMPLE, tmp_path / "bulk.txt", {}, delimiter="\t")
    frame, _, _ = read_all(COMTRADE_PLUS, path)
    assert len(frame) == 10


def test_semicolon_file_says_which_delimiter_was_found_and_expected(tmp_path):
    path = edited_copy(SAMPLE, tmp_path / "excel.csv", {}, delimiter=";")
    with pytest.raises(IngestError) as err:
        read_all(COMTRADE_PLUS, path)
    assert "semicolon" in str(err.value) and "comma" in str(err.value) and "excel.csv" in str(err.value)


def test_many_rows_stream_in_several_chunks_with_the_same_total(tmp_path):
    with open(SAMPLE, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    header, template = rows[0], rows[1]
    path = tmp_path / "many.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for n in range(5000):
            row = list(template)
            row[header.index("cmdCode")] = f"{100000 + n:06d}"
            row[header.index("primaryValue")] = str(n + 1)
            writer.writerow(row)
    frame, report, chunks = read_all(COMTRADE_PLUS, path, chunk_rows=700)
    assert chunks == 8
    assert report.rows_read == report.rows_kept == 5000
    assert frame.value_usd.sum() == 5000 * 5001 / 2

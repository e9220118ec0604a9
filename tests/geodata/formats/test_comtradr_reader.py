"""R's comtradr exports: ct_get_data() (>= 1.0, tidy Comtrade Plus names) saved with write.csv or
readr::write_csv, and ct_search() (< 1.0, legacy names) saved with write.csv — NA means missing."""

from __future__ import annotations

import pandas as pd
import pytest
from comtrade_samples import (
    BASE,
    COMTRADR_LEGACY_CSV,
    COMTRADR_LEGACY_EXPECTED,
    EXPECTED,
    EXPECTED_AGGREGATES,
    EXPECTED_SKIPPED,
    canonical_rows,
    comtradr_readr_csv,
    comtradr_write_csv,
    ingest_one,
)
from formats_helpers import read_all

from geodata.errors import IngestError
from geodata.trade.formats import COMTRADE_PLUS, COMTRADR, COMTRADR_LEGACY, detect_format


@pytest.fixture()
def legacy(tmp_path):
    path = tmp_path / "kaz_2019.csv"
    path.write_text(COMTRADR_LEGACY_CSV, "utf-8")
    return path


@pytest.mark.parametrize("save", [comtradr_write_csv, comtradr_readr_csv])
def test_ct_get_data_exports_read_to_exact_rows(tmp_path, save):
    path = save(tmp_path / "ct_get_data.csv")
    assert detect_format(path).name == "comtradr"
    frame, report, _ = read_all(COMTRADR, path)
    assert canonical_rows(frame) == EXPECTED
    assert set(frame.hs_version) == {"H6"} and report.rows_read == 12 and report.rows_kept == 6
    assert dict(report.aggregates_excluded) == EXPECTED_AGGREGATES
    assert dict(report.skipped) == EXPECTED_SKIPPED
    assert report.first_skipped_line == {"flow code not X/M/RX/RM": 10, "missing trade value": 11}


def test_api_column_names_saved_by_r_are_comtrade_plus_with_na_as_missing(tmp_path):
    path = comtradr_write_csv(tmp_path / "untidy.csv", tidy_cols=False)
    assert path.read_text("utf-8").startswith('"","typeCode","freqCode",')
    assert detect_format(path).name == "comtrade_plus"
    frame, report, _ = read_all(COMTRADE_PLUS, path)
    assert canonical_rows(frame) == EXPECTED and dict(report.skipped) == EXPECTED_SKIPPED


def test_the_write_csv_sample_has_what_r_writes(tmp_path):
    text = comtradr_write_csv(tmp_path / "r.csv").read_text("utf-8")
    lines = text.splitlines()
    assert lines[0].startswith('"","type_code","freq_code",') and '"partner2code"' in lines[0]
    assert lines[1].startswith('"1","C","M",20230301,2023,3,"202303",792,"TUR","Türkiye",')
    # net weight NA, gross weight NA, CIF NA, FOB and primary value 1e+06
    assert lines[2].endswith(",NA,FALSE,NA,FALSE,NA,1e+06,1e+06,0,TRUE,FALSE")
    assert lines[10].endswith(",75,FALSE,NA,FALSE,NA,NA,NA,0,TRUE,FALSE")  # the row whose value is NA


def test_na_net_weight_is_null_and_r_scientific_numbers_are_read(tmp_path):
    frame, _, _ = read_all(COMTRADR, comtradr_write_csv(tmp_path / "r.csv"))
    laptops = frame[frame.hs6 == "847130"].iloc[0]
    assert laptops.value_usd == 1_000_000.0 and pd.isna(laptops.net_kg)
    cocoa = frame[frame.hs6 == "180100"].iloc[0]
    assert cocoa.partner == "CIV" and cocoa.net_kg == 1_000_000.0


def test_na_value_is_skipped_or_stops_with_strict(tmp_path):
    path = comtradr_write_csv(tmp_path / "r.csv")
    _, report, _ = read_all(COMTRADR, path)
    assert "1 missing trade value (first on line 11)" in report.warning()
    lines = path.read_text("utf-8").splitlines()
    without_dx = "\n".join(line for line in lines if ',"DX",' not in line) + "\n"
    path.write_text(without_dx, "utf-8")
    with pytest.raises(IngestError) as err:
        read_all(COMTRADR, path, strict=True)
    message = str(err.value)
    assert "r.csv, line 10, column 'primary_value'" in message and "got ''" in message
    assert "without --strict such rows are skipped (missing trade value)" in message


def test_a_missing_column_names_it_and_how_to_save_again(tmp_path):
    path = comtradr_write_csv(tmp_path / "r.csv")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False).drop(columns=["primary_value"])
    frame.to_csv(path, index=False)
    with pytest.raises(IngestError, match=r"r.csv, line 1: expected the header of a known trade file"):
        detect_format(path)
    with pytest.raises(IngestError) as err:
        read_all(COMTRADR, path)
    message = str(err.value)
    assert "r.csv, line 1: expected the comtradr columns classification_code, ref_year" in message
    assert "got a header without primary_value" in message and "write.csv(df, path)" in message


def test_ct_search_legacy_export_reads_to_exact_rows(legacy):
    assert detect_format(legacy).name == "comtradr_legacy"
    frame, report, _ = read_all(COMTRADR_LEGACY, legacy)
    assert canonical_rows(frame) == COMTRADR_LEGACY_EXPECTED
    assert set(frame.hs_version) == {"H5"}  # H5 as given, and "HS" as reported in 2019
    assert report.rows_read == 7 and report.rows_kept == 4
    assert dict(report.aggregates_excluded) == {"hs_total_or_chapter": 1, "partner_world": 1}
    assert dict(report.skipped) == {"missing trade value": 1}
    assert report.first_skipped_line == {"missing trade value": 6}
    phones = frame[frame.hs6 == "851712"].iloc[0]
    assert phones.flow == "RX" and phones.transport_mode == "Road"


def test_legacy_names_respelled_by_r_are_the_same_layout(tmp_path, legacy):
    # read.csv() then write.csv() turns '2nd_partner_code' into 'X2nd_partner_code'; janitor writes
    # 'trade_value_us' for the legacy site's 'Trade Value (US$)'
    text = (
        legacy.read_text("utf-8")
        .replace('"2nd_partner', '"X2nd_partner')
        .replace('"trade_value_usd"', '"trade_value_us"')
    )
    path = tmp_path / "respelled.csv"
    path.write_text(text, "utf-8")
    assert detect_format(path).name == "comtradr_legacy"
    frame, _, _ = read_all(COMTRADR_LEGACY, path)
    assert canonical_rows(frame) == COMTRADR_LEGACY_EXPECTED


@pytest.mark.parametrize(
    "make, fmt, rows",
    [
        (lambda d: comtradr_write_csv(d / "ct_get_data.csv"), "comtradr", 6),
        (lambda d: comtradr_readr_csv(d / "ct_get_data_readr.csv"), "comtradr", 6),
        (lambda d: (d / "ct_search.csv").write_text(COMTRADR_LEGACY_CSV, "utf-8") and d / "ct_search.csv",
         "comtradr_legacy", 4),
    ],
)  # fmt: skip
def test_ingest_end_to_end(tmp_path, make, fmt, rows):
    entry, warnings, stored = ingest_one(tmp_path / "data", make(tmp_path))
    assert entry["format"] == fmt and entry["source"] == "comtrade" and entry["rows"] == len(stored) == rows
    expected = EXPECTED if fmt == "comtradr" else COMTRADR_LEGACY_EXPECTED
    assert canonical_rows(stored) == expected
    assert len(warnings) == 1 and "missing trade value" in warnings[0]


def test_a_comtradr_file_of_chapters_only_gets_the_hs6_error(tmp_path):
    chapters = [BASE | {"cmdCode": code, "aggrLevel": len(code), "isLeaf": False} for code in ("85", "8542")]
    path = comtradr_write_csv(tmp_path / "chapters.csv", records=chapters)
    with pytest.raises(
        IngestError, match=r"chapters.csv: expected at least one HS6 trade row.*none of 2 rows"
    ):
        ingest_one(tmp_path / "data", path)

"""CEPII BACI reader: ×1000 units, padded codes, exports reported by i, HS edition from the name."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
from formats_helpers import FIXTURES, read_all

from geodata.errors import IngestError
from geodata.trade.formats import BACI, BaciFormat
from geodata.trade.formats.baci import hs_version_from_name

SAMPLE = FIXTURES / "BACI_HS17_Y2022_V202401.csv"


def _write(tmp_path, name: str, body: str):
    path = tmp_path / name
    path.write_text("t,i,j,k,v,q\n" + body)
    return path


def test_reads_the_sample_with_units_scaled():
    frame, report, _ = read_all(BACI, SAMPLE)
    assert set(frame.flow) == {"X"} and set(frame.freq) == {"A"} and set(frame.source) == {"baci"}
    assert set(frame.period) == {pd.Timestamp("2022-01-01")} and set(frame.hs_version) == {"H5"}
    rows = {(r.reporter, r.partner, r.hs6): r for r in frame.itertuples()}
    first = rows[("KAZ", "RUS", "854231")]
    assert first.value_usd == pytest.approx(1500.0) and first.net_kg == pytest.approx(12.0)
    horses = rows[("KAZ", "RUS", "010121")]  # k written as 10121
    assert horses.value_usd == pytest.approx(2250.0) and pd.isna(horses.net_kg)
    assert pd.isna(rows[("FRA", "KAZ", "847130")].net_kg)  # blank q
    assert rows[("USA", "KGZ", "870323")].value_usd == pytest.approx(100500.0)
    assert ("TWN", "KAZ", "854231") in rows
    assert report.rows_read == report.rows_kept == 5


@pytest.mark.parametrize(
    "name, version",
    [
        ("BACI_HS17_Y2022_V202401.csv", "H5"),
        ("BACI_HS22_Y2023_V202501.csv", "H6"),
        ("BACI_HS12_Y2016_V202401.csv", "H4"),
        ("baci_2022.csv", "H6"),
    ],
)
def test_hs_version_from_the_file_name(name, version):
    assert hs_version_from_name(name, "H6") == version


def test_default_version_can_be_chosen(tmp_path):
    path = shutil.copy(SAMPLE, tmp_path / "baci_extract.csv")
    frame, _, _ = read_all(BaciFormat("H4"), path)
    assert set(frame.hs_version) == {"H4"}
    with pytest.raises(ValueError):
        BaciFormat("H9")


def test_non_numeric_value_names_line_column_value(tmp_path):
    path = _write(tmp_path, "BACI_bad.csv", "2022,398,643,854231,1.5,0.1\n2022,398,643,854232,abc,0.1\n")
    with pytest.raises(IngestError) as err:
        read_all(BACI, path)
    assert all(p in str(err.value) for p in ("BACI_bad.csv", "line 3", "column 'v'", "'abc'"))


def test_bad_codes_years_and_countries_are_skipped_or_strict(tmp_path):
    path = _write(
        tmp_path,
        "BACI_mixed.csv",
        "2022,398,643,854231,1,1\n2022,398,643,12345678,1,1\n"
        "2099,398,643,854231,1,1\n2022,999,643,854231,1,1\n2022,398,643,AB1234,1,1\n",
    )
    frame, report, _ = read_all(BACI, path)
    assert len(frame) == 1
    assert dict(report.skipped) == {"not an HS code": 2, "period out of range": 1, "unknown country code": 1}
    assert report.first_skipped_line == {
        "not an HS code": 3,
        "period out of range": 4,
        "unknown country code": 5,
    }
    with pytest.raises(IngestError, match=r"BACI_mixed.csv, line 3, column 'k'.*'12345678'"):
        read_all(BACI, path, strict=True)


def test_many_rows_stream_in_chunks(tmp_path):
    body = "".join(f"2022,398,643,{100000 + n},{n + 1},\n" for n in range(3000))
    path = _write(tmp_path, "BACI_many.csv", body)
    frame, report, chunks = read_all(BACI, path, chunk_rows=500)
    assert chunks == 6 and report.rows_read == 3000
    assert frame.value_usd.sum() == pytest.approx(1000 * 3000 * 3001 / 2)

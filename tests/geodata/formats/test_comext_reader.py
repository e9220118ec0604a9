"""Eurostat Comext reader: CN8 folded to HS6, EUR→USD, aggregates, procedures, validation."""

from __future__ import annotations

import pandas as pd
import pytest
from formats_helpers import FIXTURES, edited_copy, gzip_copy, read_all

from geodata.errors import IngestError
from geodata.trade.formats import ComextFormat, load_eur_usd

SAMPLE = FIXTURES / "full_v2_202301.dat"
COMEXT = ComextFormat()
# a made-up table: 2023-01 at 1.10 and every other 2023 month at 1.20 (annual mean = 1.191666...)
RATES = pd.Series([1.10] + [1.20] * 11, index=pd.date_range("2023-01-01", periods=12, freq="MS"))
ANNUAL = (1.10 + 11 * 1.20) / 12


def _by_key(frame: pd.DataFrame) -> dict:
    return {(r.freq, r.reporter, r.partner, r.flow, r.hs6): r for r in frame.itertuples()}


def test_cn8_codes_fold_into_hs6_and_convert_to_usd():
    frame, report, _ = read_all(COMEXT, SAMPLE, eur_usd=RATES)
    rows = _by_key(frame)
    assert set(rows) == {
        ("M", "DEU", "KAZ", "X", "854231"),
        ("M", "GRC", "ARM", "X", "847130"),
        ("M", "ITA", "RUS", "M", "847130"),
        ("A", "FRA", "KGZ", "M", "870323"),
    }
    de = rows[("M", "DEU", "KAZ", "X", "854231")]
    assert de.value_usd == pytest.approx((1000 + 500 + 250) * 1.10)  # three CN8/procedure rows summed
    assert de.net_kg == 3.0  # 2 + 1 + blank
    assert de.period == pd.Timestamp("2023-01-01") and de.hs_version == "H6" and de.source == "comext"
    assert rows[("M", "GRC", "ARM", "X", "847130")].value_usd == pytest.approx(2000 * 1.10)
    fr = rows[("A", "FRA", "KGZ", "M", "870323")]
    assert fr.period == pd.Timestamp("2023-01-01") and fr.value_usd == pytest.approx(12000 * ANNUAL)
    assert report.rows_read == 10 and report.rows_kept == 6
    assert dict(report.aggregates_excluded) == {
        "reporter_eu_aggregate": 1,
        "confidential_product_code": 2,
        "hs_total_or_chapter": 1,
    }


def test_default_rate_table_is_used_when_none_is_given():
    frame, _, _ = read_all(COMEXT, SAMPLE)
    table = load_eur_usd()
    it = _by_key(frame)[("M", "ITA", "RUS", "M", "847130")]
    assert it.value_usd == pytest.approx(3000 * table[pd.Timestamp("2023-01-01")])


def test_month_without_rate_names_period_and_fix():
    rates = RATES.drop(pd.Timestamp("2023-01-01"))
    with pytest.raises(IngestError) as err:
        read_all(COMEXT, SAMPLE, eur_usd=rates)
    message = str(err.value)
    assert "2023-01" in message and "--eur-usd" in message and "full_v2_202301.dat, line 2" in message


def test_annual_row_needs_all_twelve_months():
    rates = RATES.drop(pd.Timestamp("2023-06-01"))
    with pytest.raises(IngestError, match=r"line 11: no EUR→USD rate for 2023 \(all twelve months\)"):
        read_all(COMEXT, SAMPLE, eur_usd=rates)


def test_non_numeric_value_eur_names_line_column_value(tmp_path):
    path = edited_copy(SAMPLE, tmp_path / "full_v2_bad.dat", {5: {"VALUE_EUR": "2 000"}})
    with pytest.raises(IngestError) as err:
        read_all(COMEXT, path, eur_usd=RATES)
    assert all(p in str(err.value) for p in ("full_v2_bad.dat", "line 5", "VALUE_EUR", "'2 000'"))


def test_period_202613_is_skipped_or_stops_with_strict(tmp_path):
    path = edited_copy(SAMPLE, tmp_path / "p.dat", {5: {"PERIOD": "202613"}})
    frame, report, _ = read_all(COMEXT, path, eur_usd=RATES)
    assert (
        report.skipped == {"period out of range": 1} and report.first_skipped_line["period out of range"] == 5
    )
    with pytest.raises(IngestError, match=r"p.dat, line 5, column 'PERIOD'.*'202613'"):
        read_all(COMEXT, path, eur_usd=RATES, strict=True)


def test_unknown_country_is_skipped_or_stops_with_strict(tmp_path):
    path = edited_copy(SAMPLE, tmp_path / "c.dat", {10: {"PARTNER": "ZQ"}})
    _, report, _ = read_all(COMEXT, path, eur_usd=RATES)
    assert report.skipped == {"unknown country code": 1}
    with pytest.raises(IngestError, match=r"c.dat, line 10, column 'PARTNER'.*'ZQ'"):
        read_all(COMEXT, path, eur_usd=RATES, strict=True)


def test_code_that_is_not_hs_is_skipped_or_stops_with_strict(tmp_path):
    path = edited_copy(SAMPLE, tmp_path / "h.dat", {5: {"PRODUCT_NC": "ABCDEFGH"}})
    _, report, _ = read_all(COMEXT, path, eur_usd=RATES)
    assert report.skipped == {"not an HS code": 1}
    with pytest.raises(IngestError, match=r"h.dat, line 5, column 'PRODUCT_NC'"):
        read_all(COMEXT, path, eur_usd=RATES, strict=True)


def test_procedure_total_beside_breakdown_keeps_the_total(tmp_path):
    path = edited_copy(
        SAMPLE,
        tmp_path / "t.dat",
        {},
        extra_rows=[
            {"PRODUCT_NC": "85423111", "STAT_PROCEDURE": "TOTAL", "VALUE_EUR": "1250", "QUANTITY_KG": "3"}
        ],
    )
    frame, report, _ = read_all(COMEXT, path, eur_usd=RATES, chunk_rows=2)
    de = frame[(frame.reporter == "DEU") & (frame.hs6 == "854231")]
    assert de.value_usd.sum() == pytest.approx((1250 + 500) * 1.10)
    assert report.aggregates_excluded["stat_procedure_breakdown"] == 2


def test_gzip_file_reads_the_same(tmp_path):
    packed = gzip_copy(SAMPLE, tmp_path / "full_v2_202301.dat.gz")
    frame, _, _ = read_all(COMEXT, packed, eur_usd=RATES)
    plain, _, _ = read_all(COMEXT, SAMPLE, eur_usd=RATES)
    assert sorted(frame.value_usd) == pytest.approx(sorted(plain.value_usd))


def test_semicolon_dat_is_refused(tmp_path):
    path = edited_copy(SAMPLE, tmp_path / "semi.dat", {}, delimiter=";")
    with pytest.raises(IngestError, match="semicolon"):
        read_all(COMEXT, path, eur_usd=RATES)


def _with_modes(tmp_path, rows: list[tuple[str, str, str]]):
    """A Comext file by mode of transport: (TRANSPORT_MODE, CN8, VALUE_EUR) rows of Germany → Kazakhstan."""
    header = "REPORTER,PARTNER,PRODUCT_NC,FLOW,STAT_PROCEDURE,PERIOD,VALUE_EUR,QUANTITY_KG,TRANSPORT_MODE"
    lines = [f"DE,KZ,{cn8},2,1,202301,{value},1,{mode}" for mode, cn8, value in rows]
    path = tmp_path / "full_v2_modes.dat"
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return path


def test_transport_mode_rows_keep_their_mode_by_name(tmp_path):
    path = _with_modes(tmp_path, [("3", "85423111", "100"), ("3", "85423119", "50"), ("4", "85423111", "30")])
    frame, _, _ = read_all(COMEXT, path, eur_usd=RATES)
    by_mode = frame.groupby("transport_mode")["value_usd"].sum()
    assert by_mode.to_dict() == {"Air": pytest.approx(30 * 1.10), "Road": pytest.approx(150 * 1.10)}


def test_a_transport_mode_total_beside_the_modes_keeps_the_total(tmp_path):
    path = _with_modes(
        tmp_path, [("TOTAL", "85423111", "130"), ("3", "85423111", "100"), ("4", "85423111", "30")]
    )
    frame, report, _ = read_all(COMEXT, path, eur_usd=RATES)
    assert frame.value_usd.sum() == pytest.approx(130 * 1.10)
    assert frame.transport_mode.isna().all()
    assert report.aggregates_excluded["mot_breakdown"] == 2

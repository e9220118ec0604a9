"""Legacy UN Comtrade reader: flows 1–4, YYYY/YYYYMM periods, HS as-reported, aggregates, errors."""

from __future__ import annotations

import pandas as pd
import pytest
from formats_helpers import FIXTURES, edited_copy, read_all

from geodata.errors import IngestError
from geodata.trade.formats import COMTRADE_LEGACY

SAMPLE = FIXTURES / "comtrade_legacy_kaz.csv"


def test_reads_the_sample_to_exact_canonical_rows():
    frame, report, _ = read_all(COMTRADE_LEGACY, SAMPLE)
    got = {
        (str(r.period.date()), r.freq, r.reporter, r.partner, r.flow, r.hs6, r.hs_version, r.value_usd)
        for r in frame.itertuples()
    }
    assert got == {
        ("2021-05-01", "M", "KAZ", "RUS", "M", "854231", "H5", 250000.0),
        ("2021-05-01", "M", "KAZ", "KGZ", "X", "870323", "H5", 120000.0),
        ("2021-05-01", "M", "KAZ", "UZB", "RX", "851712", "H5", 30000.0),
        ("2021-05-01", "M", "KAZ", "UZB", "RM", "851712", "H5", 1500.0),
        ("2019-01-01", "A", "KAZ", "RUS", "X", "847130", "H5", 700000.0),
        ("2021-05-01", "M", "KAZ", "RUS", "M", "010121", "H5", 42000.0),
    }
    assert report.rows_read == 9 and report.rows_kept == 6
    assert dict(report.aggregates_excluded) == {"hs_total_or_chapter": 2, "partner_world": 1}
    assert not report.skipped and report.warning() is None
    horses = frame[frame.hs6 == "010121"].iloc[0]
    assert horses.net_kg == 1500.0
    assert pd.isna(frame[frame.flow == "RM"].iloc[0].net_kg)


def test_non_numeric_trade_value_names_line_and_column(tmp_path):
    path = edited_copy(SAMPLE, tmp_path / "bad.csv", {3: {"Trade Value (US$)": "1,200"}})
    with pytest.raises(IngestError) as err:
        read_all(COMTRADE_LEGACY, path)
    assert all(p in str(err.value) for p in ("bad.csv", "line 3", "Trade Value (US$)", "'1,200'"))


def test_malformed_period_is_refused(tmp_path):
    path = edited_copy(SAMPLE, tmp_path / "period.csv", {2: {"Period": "2021-05"}})
    with pytest.raises(
        IngestError, match=r"period.csv, line 2, column 'Period': expected a period YYYY or YYYYMM"
    ):
        read_all(COMTRADE_LEGACY, path)


def test_month_13_is_skipped_as_out_of_range(tmp_path):
    path = edited_copy(SAMPLE, tmp_path / "m13.csv", {2: {"Period": "202113"}})
    frame, report, _ = read_all(COMTRADE_LEGACY, path)
    assert report.skipped == {"period out of range": 1}
    assert len(frame) == 5


def test_unknown_flow_code_is_skipped(tmp_path):
    path = edited_copy(SAMPLE, tmp_path / "flow.csv", {2: {"Trade Flow Code": "7"}})
    _, report, _ = read_all(COMTRADE_LEGACY, path)
    assert report.skipped == {"flow code not X/M/RX/RM": 1}

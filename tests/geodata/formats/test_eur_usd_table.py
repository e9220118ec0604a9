"""The bundled ECB EUR/USD table and load_eur_usd validation."""

from __future__ import annotations

import pandas as pd
import pytest

from geodata.errors import IngestError
from geodata.trade.formats import DEFAULT_EUR_USD, load_eur_usd


def test_bundled_table_covers_2017_to_2026_03_and_is_plausible():
    rates = load_eur_usd()
    expected = pd.date_range("2017-01-01", "2026-03-01", freq="MS")
    assert expected.isin(rates.index).all()
    assert rates.between(0.9, 1.3).all()
    assert rates[pd.Timestamp("2022-09-01")] == pytest.approx(0.9904)  # ECB: euro below parity
    table = pd.read_csv(DEFAULT_EUR_USD, dtype=str)
    assert list(table.columns) == ["month", "usd_per_eur", "source"]
    assert table["source"].str.contains("EXR.M.USD.EUR.SP00.A").all()


def test_custom_table_and_its_errors(tmp_path):
    good = tmp_path / "rates.csv"
    good.write_text("month,usd_per_eur\n2024-01,1.09\n2024-02,1.08\n")
    assert load_eur_usd(good).to_dict() == {
        pd.Timestamp("2024-01-01"): 1.09,
        pd.Timestamp("2024-02-01"): 1.08,
    }
    bad_month = tmp_path / "m.csv"
    bad_month.write_text("month,usd_per_eur\n2024-01,1.09\n2024/02,1.08\n")
    with pytest.raises(IngestError, match=r"m.csv, line 3, column 'month'.*'2024/02'"):
        load_eur_usd(bad_month)
    bad_rate = tmp_path / "r.csv"
    bad_rate.write_text("month,usd_per_eur\n2024-01,one\n")
    with pytest.raises(IngestError, match=r"r.csv, line 2, column 'usd_per_eur'.*'one'"):
        load_eur_usd(bad_rate)
    with pytest.raises(IngestError, match="--eur-usd"):
        load_eur_usd(tmp_path / "absent.csv")

"""Re-export surge on hand-built series: found, not found, the edge of each threshold, new and
stopped flows, annual-only data, seasonality, and a score the evidence adds up to."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from geodata.analytics.signals import Thresholds
from geodata.analytics.signals.surge import detect_surges, expected_values
from tests.geodata.analytics.signal_frames import BASELINE, MONTHS, TRANSIT, WINDOW, cells, level, month_index

TH = Thresholds(surge_factor=3.0, min_usd=100_000, min_months=3)


def _surges(frame, th=TH, goods_label=None, window=WINDOW):
    return detect_surges(frame, MONTHS, BASELINE, window, th, TRANSIT, goods_label)


def test_a_run_above_factor_and_amount_is_found_with_evidence_that_adds_up():
    frame = cells("KAZ", "RUS", "854231", level(100_000, 500_000, "2023-03", "2023-08"))
    [signal] = _surges(frame)
    assert (signal.kind, signal.exporter, signal.importer, signal.via, signal.hs6) == (
        "surge",
        "KAZ",
        "RUS",
        "KAZ",
        "854231",
    )
    assert (signal.start, signal.end) == ("2023-03", "2023-08")
    evidence = signal.evidence
    assert evidence["leg"] == "transit_to_russia" and evidence["months_above"] == 6
    assert evidence["baseline_monthly_usd"] == 100_000
    assert evidence["current_usd"] == 3_000_000 and evidence["expected_usd"] == 600_000
    assert signal.score == pytest.approx(sum(evidence["values_usd"]) - sum(evidence["expected_values_usd"]))
    assert signal.score == pytest.approx(2_400_000) and evidence["ratio"] == 5.0


def test_a_steady_series_or_a_small_rise_is_not_a_surge():
    assert _surges(cells("KAZ", "RUS", "854231", level(100_000, 250_000))) == []


def test_edge_of_the_factor_and_of_the_amount():
    at_factor = cells("KAZ", "RUS", "854231", level(100_000, 300_000, "2023-01", "2023-03"))
    assert len(_surges(at_factor)) == 1
    below = cells("KAZ", "RUS", "854231", level(100_000, 299_000, "2023-01", "2023-03"))
    assert _surges(below) == []
    # ten times the baseline, but an excess of only 90 000 a month: below min_usd
    small = cells("KAZ", "RUS", "854231", level(10_000, 100_000, "2023-01", "2023-03"))
    assert _surges(small) == []
    assert len(_surges(small, replace(TH, min_usd=90_000))) == 1


def test_runs_shorter_than_min_months_are_not_signals():
    frame = cells("KAZ", "RUS", "854231", level(100_000, 900_000, "2023-01", "2023-02"))
    assert _surges(frame) == []
    assert len(_surges(frame, replace(TH, min_months=2))) == 1


def test_a_new_flow_surges_on_its_amount_alone_and_says_it_is_new():
    frame = cells("KAZ", "RUS", "854231", level(0, 200_000, "2023-01", "2023-06"))
    [signal] = _surges(frame)
    assert signal.evidence["status"] == "new" and signal.evidence["ratio"] is None
    assert signal.score == 1_200_000


def test_a_stopped_flow_never_surges():
    assert _surges(cells("KAZ", "RUS", "854231", level(1_000_000, 0))) == []


def test_annual_only_data_spread_evenly_still_surges_by_year():
    values = level(120_000)
    values[month_index("2023-01") : month_index("2023-12") + 1] = 6_000_000 / 12
    [signal] = _surges(cells("KAZ", "RUS", "854231", values))
    assert (signal.start, signal.end, signal.evidence["months_above"]) == ("2023-01", "2023-12", 12)


def test_seasonal_profile_expects_the_usual_peak():
    december = np.asarray(MONTHS.month == 12)
    seasonal = np.where(december, 400_000.0, 100_000.0)
    assert _surges(cells("KAZ", "RUS", "854231", seasonal), replace(TH, min_months=1)) == []
    expected = expected_values(seasonal[None, :], MONTHS, BASELINE)[0]
    assert expected[december].max() > expected[~december].max()


def test_only_months_inside_the_window_are_flagged():
    frame = cells("KAZ", "RUS", "854231", level(100_000, 900_000, "2022-03", "2022-12"))
    assert _surges(frame, window=(pd.Timestamp("2023-01-01").date(), WINDOW[1])) == []


def test_a_store_without_baseline_months_gives_no_surge_but_a_new_series_in_a_covered_one_does():
    frame = cells("KAZ", "RUS", "854231", level(100_000, 900_000))
    frame = frame[frame["period"] >= "2022-01-01"]
    later = MONTHS[MONTHS >= "2022-01-01"]
    assert detect_surges(frame, later, BASELINE, WINDOW, TH, TRANSIT) == []
    [signal] = _surges(frame)  # the store covers 2019–2021 and the series had no trade then
    assert signal.evidence["status"] == "new"


def test_the_basket_of_a_pair_surges_when_its_codes_together_do():
    codes = [cells("EU27", "KAZ", code, level(50_000, 110_000, "2023-01", "2023-06")) for code in "123456"]
    frame = pd.concat(codes, ignore_index=True)
    assert [s.hs6 for s in _surges(frame)] == []  # no single code doubles by the factor
    frame = pd.concat(
        [cells("EU27", "KAZ", code, level(50_000, 200_000, "2023-01", "2023-06")) for code in "123456"]
    )
    basket = [s for s in _surges(frame, goods_label="All CHPL items") if s.goods]
    assert len(basket) == 1 and basket[0].hs6 is None and basket[0].evidence["leg"] == "origin_to_transit"

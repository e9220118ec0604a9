"""Unit values on hand-built series: a jump up and down, missing weights, an importer-only side,
the thresholds' edges, and a score the evidence adds up to."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from geodata.analytics.signals import Thresholds
from geodata.analytics.signals.unit_value import detect_unit_value_jumps
from tests.geodata.analytics.signal_frames import BASELINE, MONTHS, WINDOW, cells, level

TH = Thresholds(uv_factor=2.0, min_usd=100_000, min_months=3)


def _jumps(frame, th=TH):
    return detect_unit_value_jumps(frame, MONTHS, BASELINE, WINDOW, th)


def test_a_price_jump_is_found_and_its_score_is_the_value_the_price_explains():
    kg = level(10_000, 2_500, "2024-01", "2024-04")  # same value, a quarter of the weight: 4× the price
    [signal] = _jumps(cells("TUR", "RUS", "850440", level(1_000_000), None, kg))
    evidence = signal.evidence
    assert (signal.start, signal.end, evidence["direction"]) == ("2024-01", "2024-04", "up")
    assert evidence["baseline_usd_per_kg"] == 100.0 and evidence["current_usd_per_kg"] == 400.0
    assert evidence["ratio"] == 4.0
    assert signal.score == pytest.approx(
        evidence["value_usd"] - evidence["kg"] * evidence["baseline_usd_per_kg"]
    )


def test_a_price_drop_is_found_the_other_way():
    kg = level(10_000, 40_000, "2024-01", "2024-04")
    [signal] = _jumps(cells("TUR", "RUS", "850440", level(1_000_000), None, kg))
    assert signal.evidence["direction"] == "down" and signal.evidence["ratio"] == 0.25


def test_edge_of_the_factor():
    at = cells("TUR", "RUS", "1", level(1_000_000), None, level(10_000, 5_000, "2024-01", "2024-03"))
    assert len(_jumps(at)) == 1
    below = cells("TUR", "RUS", "1", level(1_000_000), None, level(10_000, 5_100, "2024-01", "2024-03"))
    assert _jumps(below) == [] and len(_jumps(below, replace(TH, uv_factor=1.9))) == 1


def test_missing_weights_break_a_run_and_are_counted():
    kg = level(10_000, 2_500, "2024-01", "2024-06")
    kg[MONTHS.get_loc("2024-03-01")] = np.nan
    signals = _jumps(cells("TUR", "RUS", "850440", level(1_000_000), None, kg))
    assert [(s.start, s.end) for s in signals] == [("2024-04", "2024-06")]
    assert signals[0].evidence["months_without_weight"] == 1


def test_no_weights_at_all_no_signal():
    assert _jumps(cells("TUR", "RUS", "850440", level(1_000_000, 9_000_000))) == []


def test_a_series_without_baseline_weights_has_nothing_to_jump_from():
    kg = level(np.nan, 2_500)
    assert _jumps(cells("TUR", "RUS", "850440", level(1_000_000), None, kg)) == []


def test_the_importer_side_is_used_when_the_exporter_gave_no_weight():
    kg = level(10_000, 2_500, "2024-01", "2024-04")
    [signal] = _jumps(cells("EU27", "KAZ", "850440", level(1_000_000), level(1_050_000), None, kg))
    assert signal.evidence["baseline_usd_per_kg"] == pytest.approx(100.0)


def test_small_values_are_ignored():
    kg = level(100, 25, "2024-01", "2024-04")
    assert _jumps(cells("TUR", "RUS", "850440", level(10_000), None, kg)) == []

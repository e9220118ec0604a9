"""The transshipment indicator on hand-built series: co-moving imports and re-exports with a lag,
unrelated series, a small share, a flow that did not grow, and the score from its evidence."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from geodata.analytics.signals import Thresholds
from geodata.analytics.signals.transshipment import best_lag, detect_transshipment
from tests.geodata.analytics.signal_frames import BASELINE, MONTHS, TRANSIT, WINDOW, cells, level, noise

TH = Thresholds(min_corr=0.6, min_share=0.2, max_lag=3, min_usd=100_000, surge_factor=3.0)
AFTER = np.asarray(MONTHS > "2021-12-01")


def _pulse(seed: int) -> np.ndarray:
    """A baseline of 50 000 a month, then an irregular level around 2 M."""
    return np.where(AFTER, noise(seed, 2_000_000, 0.5), 50_000.0)


def _pattern(supply: np.ndarray, onward: np.ndarray) -> pd.DataFrame:
    return pd.concat(
        [cells("CHN", "KGZ", "848210", supply), cells("KGZ", "RUS", "848210", onward)], ignore_index=True
    )


def _found(frame, th=TH):
    return detect_transshipment(frame, MONTHS, BASELINE, WINDOW, th, TRANSIT)


def test_best_lag_finds_the_shift():
    series = np.random.default_rng(1).lognormal(0, 0.5, 40)
    lag, corr = best_lag(np.concatenate([[0.0, 0.0], series[:-2]]), series, 3)
    assert lag == 2 and corr > 0.99


def test_imports_re_exported_a_month_later_are_found_with_lag_share_and_score():
    supply = _pulse(3)
    onward = 0.5 * np.concatenate([[50_000.0], supply[:-1]])
    [signal] = _found(_pattern(supply, onward))
    evidence = signal.evidence
    assert (signal.kind, signal.exporter, signal.importer, signal.via) == (
        "transshipment",
        "CHN",
        "RUS",
        "KGZ",
    )
    assert evidence["lag_months"] == 1 and evidence["correlation"] > 0.99
    assert evidence["share_reexported"] == pytest.approx(0.5, abs=0.01)
    assert evidence["indicator_only"] is True
    assert signal.score == pytest.approx(evidence["correlation"] * evidence["matched_usd"], rel=1e-3)


def test_unrelated_series_are_not_linked():
    assert _found(_pattern(_pulse(3), 0.5 * _pulse(4))) == []


def test_a_small_share_is_not_enough():
    supply = _pulse(3)
    assert _found(_pattern(supply, 0.1 * supply)) == []
    assert len(_found(_pattern(supply, 0.1 * supply), replace(TH, min_share=0.05))) == 1


def test_exports_to_russia_that_did_not_grow_are_not_flagged():
    supply = _pulse(3)
    onward = np.where(AFTER, 0.5 * supply, 0.5 * supply[AFTER].mean())  # same level before and after
    assert _found(_pattern(supply, onward)) == []


def test_without_imports_or_without_transit_countries_there_is_nothing():
    frame = cells("KGZ", "RUS", "848210", _pulse(3))
    assert _found(frame) == []
    assert (
        detect_transshipment(_pattern(_pulse(3), _pulse(3)), MONTHS, BASELINE, WINDOW, TH, frozenset()) == []
    )


def test_a_stopped_onward_flow_is_not_flagged():
    assert _found(_pattern(_pulse(3), level(1_000_000, 0.0))) == []

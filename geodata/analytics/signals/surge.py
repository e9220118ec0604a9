"""Re-export surge: runs of months where a series trades far above its 2019–2021 level.

For each exporter → importer → HS6 series (and the basket: the same pair summed over the selected
goods) the *expected* value of a month is the baseline monthly average times that calendar month's
seasonal index (its baseline average over the baseline monthly average, clipped to 0.5–2; flat
when the store covers fewer than 24 baseline months or the series had no baseline trade).

A month is *above* when ``value ≥ surge_factor × expected`` and ``value − expected ≥ min_usd``; a
signal is a run of at least ``min_months`` such months after the baseline, in the view's period.
A series with no baseline trade (a new flow) surges when ``value ≥ min_usd`` for the run.

**Score** = the run's excess in USD: Σ (value − expected) over its months (``evidence.excess_usd``).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from geodata.analytics.legs import leg_of
from geodata.analytics.signals.series import (
    CellMatrices,
    SeriesMatrix,
    Signal,
    after_baseline,
    cell_matrices,
    group_rows,
    money_list,
    month_texts,
    runs,
    window_mask,
)
from geodata.analytics.signals.thresholds import Thresholds

SEASON_CLIP = (0.5, 2.0)
MIN_MONTHS_FOR_SEASON = 24


def expected_values(values: np.ndarray, months: pd.DatetimeIndex, baseline: tuple[date, date]) -> np.ndarray:
    """Expected monthly value of each series from its baseline level and seasonal profile
    (NaN everywhere when the store covers no baseline month).
    """
    in_base = window_mask(months, *baseline)
    if not in_base.any():
        return np.full(values.shape, np.nan)
    level = values[:, in_base].mean(axis=1)
    calendar = months.month.to_numpy()
    profile = np.ones((values.shape[0], 13))
    if in_base.sum() >= MIN_MONTHS_FOR_SEASON:
        safe_level = np.where(level > 0, level, 1.0)
        for month in range(1, 13):
            chosen = in_base & (calendar == month)
            if chosen.any():
                raw = values[:, chosen].mean(axis=1) / safe_level
                profile[:, month] = np.where(level > 0, np.clip(raw, *SEASON_CLIP), 1.0)
    return level[:, None] * profile[:, calendar]


def legs_of_pairs(exporters: np.ndarray, importers: np.ndarray, transit: frozenset[str]) -> list[str | None]:
    """`leg_of` for each (exporter, importer), computed once per distinct pair."""
    known: dict[tuple[str, str], str | None] = {}
    return [
        known.setdefault((e, i), leg_of(e, i, transit)) for e, i in zip(exporters, importers, strict=True)
    ]


def surge_flags(values: np.ndarray, expected: np.ndarray, th: Thresholds) -> np.ndarray:
    """Months above the expected value by both the factor and the absolute amount."""
    excess = values - expected
    return (values >= th.surge_factor * expected) & (excess >= th.min_usd) & (values > 0)


def detect_surges(
    cells: pd.DataFrame | CellMatrices,
    months: pd.DatetimeIndex,
    baseline: tuple[date, date],
    window: tuple[date, date],
    th: Thresholds,
    transit: frozenset[str],
    goods_label: str | None = None,
) -> list[Signal]:
    """Surges of every HS6 series, and of each pair's basket total when ``goods_label`` is given."""
    if not window_mask(months, *baseline).any():
        return []  # without a baseline there is nothing to surge above
    matrices = cell_matrices(cells, months)
    if not len(matrices):
        return []
    values = matrices.best_value(th.cif_fob)
    found = _surges_of(SeriesMatrix(matrices.keys, months, values), baseline, window, th, transit, None)
    if goods_label is not None:
        sums, (exporters, importers) = group_rows(
            values, [matrices.keys["exporter"], matrices.keys["importer"]]
        )
        basket = SeriesMatrix({"exporter": exporters, "importer": importers}, months, sums)
        found += _surges_of(basket, baseline, window, th, transit, goods_label)
    return found


def _surges_of(matrix, baseline, window, th, transit, goods_label) -> list[Signal]:
    values = matrix.values
    expected = expected_values(values, matrix.months, baseline)
    flags = surge_flags(values, expected, th) & after_baseline(matrix.months, baseline, window)[None, :]
    found = runs(flags, th.min_months)
    if not found:
        return []
    keys = matrix.keys
    legs = legs_of_pairs(keys["exporter"], keys["importer"], transit)
    labels = month_texts(matrix.months)
    in_base = window_mask(matrix.months, *baseline)
    signals = []
    for row, first, last in found:
        span = slice(first, last + 1)
        current, wanted = values[row, span], expected[row, span]
        baseline_monthly = float(values[row, in_base].mean())
        excess = float((current - wanted).sum())
        signals.append(
            Signal(
                kind="surge",
                exporter=keys["exporter"][row],
                importer=keys["importer"][row],
                via=keys["exporter"][row] if legs[row] == "transit_to_russia" else None,
                hs6=None if goods_label else keys["hs6"][row],
                goods=goods_label,
                start=labels[first],
                end=labels[last],
                score=excess,
                evidence={
                    "leg": legs[row],
                    "status": "new" if baseline_monthly == 0 else "active",
                    "baseline_monthly_usd": round(baseline_monthly, 2),
                    "current_usd": round(float(current.sum()), 2),
                    "expected_usd": round(float(wanted.sum()), 2),
                    "excess_usd": round(excess, 2),
                    "ratio": round(float(current.sum() / wanted.sum()), 3) if wanted.sum() > 0 else None,
                    "months_above": last - first + 1,
                    "months": labels[span],
                    "values_usd": money_list(current),
                    "expected_values_usd": money_list(wanted),
                    "surge_factor": th.surge_factor,
                    "min_usd": th.min_usd,
                },
            )
        )
    return signals

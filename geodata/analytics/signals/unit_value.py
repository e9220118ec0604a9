"""Unit values: the value per kilogram of a pair × HS6 jumps away from its 2019–2021 level.

The side used is the exporter's declaration when it reported both value and net weight for the
cell, else the importer's (brought to FOB by ``cif_fob``). Months without a positive weight and
value are skipped (they cannot be above or below anything), so missing weights break a run.
The baseline unit value is Σ value ÷ Σ kg over the baseline months that have both (at least
three such months are needed). A month jumps when its unit value is ``≥ uv_factor ×`` the
baseline (price padding) or ``≤ 1/uv_factor ×`` it (under-valuation or mis-declared weight), and
its value is ``≥ min_usd``; a signal is a run of at least ``min_months`` jumps in one direction.

**Score** = Σ |value − kg × baseline unit value| over the run, in USD (``evidence.value_off_usd``):
the value the price change accounts for.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from geodata.analytics.signals.series import (
    CellMatrices,
    Signal,
    after_baseline,
    cell_matrices,
    money_list,
    month_texts,
    runs,
    window_mask,
)
from geodata.analytics.signals.thresholds import Thresholds
from geodata.i18n import N_

MIN_BASELINE_MONTHS = 3


def weighed_side(matrices: CellMatrices, cif_fob: float) -> tuple[np.ndarray, np.ndarray]:
    """[series × month] value and weight of one declaration that has both (NaN where none has)."""
    with np.errstate(invalid="ignore"):
        exporter_ok = (matrices.exporter_usd > 0) & (matrices.exporter_kg > 0)
        importer_ok = (matrices.importer_usd > 0) & (matrices.importer_kg > 0)
    value = np.where(
        exporter_ok, matrices.exporter_usd, np.where(importer_ok, matrices.importer_usd / cif_fob, np.nan)
    )
    kg = np.where(exporter_ok, matrices.exporter_kg, np.where(importer_ok, matrices.importer_kg, np.nan))
    return value, kg


def detect_unit_value_jumps(
    cells: pd.DataFrame | CellMatrices,
    months: pd.DatetimeIndex,
    baseline: tuple[date, date],
    window: tuple[date, date],
    th: Thresholds,
) -> list[Signal]:
    """Unit-value signals: runs of months after the baseline in which a pair × HS6's US dollars per kg
    are at least ``th.uv_factor`` times, or at most 1/``th.uv_factor`` of, its baseline unit value (score
    in US dollars).
    """
    matrices = cell_matrices(cells, months)
    if not len(matrices):
        return []
    v, kg = weighed_side(matrices, th.cif_fob)
    keys = matrices.keys
    labels = month_texts(months)
    window_months = after_baseline(months, baseline, window)
    weighed_months = np.nan_to_num(v) > 0
    weighed_months &= np.nan_to_num(kg) > 0
    in_base = window_mask(months, *baseline)[None, :] & weighed_months
    base_value = np.where(in_base, np.nan_to_num(v), 0.0).sum(axis=1)
    base_kg = np.where(in_base, np.nan_to_num(kg), 0.0).sum(axis=1)
    has_base = (in_base.sum(axis=1) >= MIN_BASELINE_MONTHS) & (base_kg > 0)
    base_uv = np.where(has_base, base_value / np.where(base_kg > 0, base_kg, 1.0), np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = (
            np.where(weighed_months, np.nan_to_num(v) / np.where(weighed_months, kg, 1.0), np.nan)
            / base_uv[:, None]
        )
    usable = (
        weighed_months
        & has_base[:, None]
        & (np.nan_to_num(v) >= th.min_usd)
        & after_baseline(months, baseline, window)[None, :]
    )
    signals: list[Signal] = []
    for flags, label in (
        # the evidence keeps the English word (the JSON view, the saved signals); the page shows _(direction)
        (usable & (np.nan_to_num(ratio) >= th.uv_factor), N_("up")),
        (usable & (np.nan_to_num(ratio, nan=np.inf) <= 1.0 / th.uv_factor), N_("down")),
    ):
        for row, first, last in runs(flags, th.min_months):
            span = slice(first, last + 1)
            sv, skg = v[row, span], kg[row, span]
            off = float(np.abs(sv - skg * base_uv[row]).sum())
            signals.append(
                Signal.for_cell(
                    "unit_value",
                    keys,
                    row,
                    (labels[first], labels[last]),
                    off,
                    {
                        "direction": label,
                        "baseline_usd_per_kg": round(float(base_uv[row]), 4),
                        "current_usd_per_kg": round(float(sv.sum() / skg.sum()), 4),
                        "ratio": round(float(sv.sum() / skg.sum() / base_uv[row]), 3),
                        "value_usd": round(float(sv.sum()), 2),
                        "kg": round(float(skg.sum()), 1),
                        "value_off_usd": round(off, 2),
                        "months_above": last - first + 1,
                        "months_without_weight": int((window_months & ~weighed_months[row]).sum()),
                        "months": labels[span],
                        "values_usd": money_list(sv),
                        "usd_per_kg": [round(float(a / b), 4) for a, b in zip(sv, skg, strict=True)],
                        "uv_factor": th.uv_factor,
                    },
                )
            )
    return signals

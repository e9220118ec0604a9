"""Mirror gap: an exporter's declaration and its partner's declaration of the same trade disagree,
month after month.

For a pair × HS6 × month, the exporter declares ``X`` (FOB) and the importer ``M`` (CIF);
``M_fob = M ÷ cif_fob``. The gap is ``(X − M_fob) ÷ max(X, M_fob) × 100`` — from −100 % (the importer
declares goods the exporter never declared) to +100 % (exports declared to a country that declares
no such imports: "phantom transit"). A month counts only when **both** countries declared some trade
in it (a country that reports nothing — Russia since 2022 — has no mirror to compare), when
``|gap| ≥ gap_pct`` and when ``max(X, M_fob) ≥ min_usd``. A signal is a run of at least ``min_months``
such months with the same sign.

**Score** = Σ |X − M_fob| over the run's months, in USD (``evidence.gap_usd``).
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
)
from geodata.analytics.signals.thresholds import Thresholds
from geodata.i18n import N_


def gap_percent(exports: np.ndarray, imports_fob: np.ndarray) -> np.ndarray:
    """(X − M_fob) ÷ max(X, M_fob) × 100; NaN where neither side declared anything."""
    larger = np.maximum(exports, imports_fob)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(larger > 0, (exports - imports_fob) / larger * 100.0, np.nan)


def country_declares(declared: np.ndarray, countries: np.ndarray) -> np.ndarray:
    """[series × month]: did the series' country (``countries``, one per row) declare anything in
    that month, on any of its rows? ``declared`` says which cells the country declared.
    """
    ids, uniques = pd.factorize(countries)
    any_row = np.zeros((len(uniques), declared.shape[1]), dtype=bool)
    np.logical_or.at(any_row, ids, declared)
    return any_row[ids]


def detect_mirror_gaps(
    cells: pd.DataFrame | CellMatrices,
    months: pd.DatetimeIndex,
    baseline: tuple[date, date],
    window: tuple[date, date],
    th: Thresholds,
) -> list[Signal]:
    """Mirror-gap signals: runs of months after the baseline, inside ``window``, in which the exporter's
    and the importer's declarations of a pair × HS6 differ by at least ``th.gap_pct`` (score in US dollars).
    """
    matrices = cell_matrices(cells, months)
    if not len(matrices):
        return []
    keys = matrices.keys
    x, m_cif = np.nan_to_num(matrices.exporter_usd), np.nan_to_num(matrices.importer_usd)
    m_fob = m_cif / th.cif_fob
    declared_x, declared_m = ~np.isnan(matrices.exporter_usd), ~np.isnan(matrices.importer_usd)
    both_report = country_declares(declared_x, keys["exporter"]) & country_declares(
        declared_m, keys["importer"]
    )
    labels = month_texts(months)
    gap = gap_percent(x, m_fob)
    large = np.maximum(x, m_fob) >= th.min_usd
    usable = both_report & large & after_baseline(months, baseline, window)[None, :]
    signals: list[Signal] = []
    # the evidence keeps the English words (the JSON view, the saved signals); the page shows _(direction)
    for sign, label in ((1, N_("importer declares less")), (-1, N_("exporter declares less"))):
        flags = usable & (np.nan_to_num(gap * sign) >= th.gap_pct)
        for row, first, last in runs(flags, th.min_months):
            span = slice(first, last + 1)
            sx, sm = x[row, span], m_fob[row, span]
            gap_usd = float(np.abs(sx - sm).sum())
            signals.append(
                Signal.for_cell(
                    "mirror_gap",
                    keys,
                    row,
                    (labels[first], labels[last]),
                    gap_usd,
                    {
                        "direction": label,
                        "exporter_reported_usd": round(float(sx.sum()), 2),
                        "importer_reported_cif_usd": round(float(m_cif[row, span].sum()), 2),
                        "importer_reported_fob_usd": round(float(sm.sum()), 2),
                        "gap_usd": round(gap_usd, 2),
                        "gap_pct": round(
                            float(gap_percent(np.array([sx.sum()]), np.array([sm.sum()]))[0]), 1
                        ),
                        "months_above": last - first + 1,
                        "months": labels[span],
                        "exporter_values_usd": money_list(sx),
                        "importer_values_fob_usd": money_list(sm),
                        "cif_fob": th.cif_fob,
                        "gap_pct_threshold": th.gap_pct,
                    },
                )
            )
    return signals

"""Transshipment indicator: a transit country's imports of a code from the origins move with its
exports of the same code to Russia. An indicator for a closer look, never proof of re-export.

For a transit country T and an HS6 code, after the baseline and inside the view's period:

- ``imports``: monthly value of T's imports from every origin (any exporter but Russia);
- ``exports``: monthly value of T's exports to Russia.

Both use the exporter's declaration, else the importer's brought to FOB. For each lag L from 0 to
``max_lag`` months, the Pearson correlation of ``exports[t]`` with ``imports[t − L]``; the best lag
is kept. A signal needs at least 12 months, a correlation ``≥ min_corr``, exports to Russia
``≥ min_usd`` a month on average, exports ``≥ surge_factor ×`` their baseline monthly average (or no
baseline trade), and a re-exported share ``Σ exports ÷ Σ lagged imports ≥ min_share``.

**Score** = correlation × min(Σ exports, Σ lagged imports), in USD (``evidence.matched_usd`` ×
``evidence.correlation``): the value that could have passed through, weighed by how closely it moves.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from geodata.analytics.legs import RUSSIA
from geodata.analytics.signals.series import (
    CellMatrices,
    Signal,
    after_baseline,
    cell_matrices,
    group_rows,
    money_list,
    month_texts,
    window_mask,
)
from geodata.analytics.signals.thresholds import Thresholds

MIN_OVERLAP_MONTHS = 12


def lagged_correlation(exports: np.ndarray, imports: np.ndarray, lag: int) -> float:
    """Correlation of exports[t] with imports[t − lag] (NaN when either is constant)."""
    if lag:
        exports, imports = exports[lag:], imports[:-lag]
    if len(exports) < 3 or exports.std() == 0 or imports.std() == 0:
        return float("nan")
    return float(np.corrcoef(exports, imports)[0, 1])


def best_lag(exports: np.ndarray, imports: np.ndarray, max_lag: int) -> tuple[int, float]:
    """(lag, correlation) of the lag with the highest correlation; (0, NaN) when none is defined."""
    best = (0, float("nan"))
    for lag in range(0, min(max_lag, len(exports) - 3) + 1):
        corr = lagged_correlation(exports, imports, lag)
        if np.isfinite(corr) and (not np.isfinite(best[1]) or corr > best[1]):
            best = (lag, corr)
    return best


def origin_values(
    matrices: CellMatrices, supply: np.ndarray, values: np.ndarray, after: np.ndarray
) -> dict[tuple[str, str], dict[str, float]]:
    """(transit country, hs6) → {origin: value over the ``after`` months}, largest origin first."""
    totals = values[:, after].sum(axis=1)
    found: dict[tuple[str, str], dict[str, float]] = {}
    keys = matrices.keys
    for row in sorted(np.flatnonzero(supply & (totals > 0)), key=lambda r: -totals[r]):
        via, hs6 = str(keys["importer"][row]), str(keys["hs6"][row])
        found.setdefault((via, hs6), {})[str(keys["exporter"][row])] = round(float(totals[row]), 2)
    return found


def detect_transshipment(
    cells: pd.DataFrame | CellMatrices,
    months: pd.DatetimeIndex,
    baseline: tuple[date, date],
    window: tuple[date, date],
    th: Thresholds,
    transit: frozenset[str],
) -> list[Signal]:
    """Transshipment indicators: per transit country in ``transit`` and HS6 code, exports to Russia after
    the baseline that move with the country's (lagged) imports from the origins (score in US dollars).
    None without transit countries or with fewer than 12 months after the baseline.
    """
    after = after_baseline(months, baseline, window)
    if not transit or after.sum() < MIN_OVERLAP_MONTHS:
        return []
    matrices = cell_matrices(cells, months)
    keys = matrices.keys
    transit_list = sorted(transit)
    supply = np.isin(keys["importer"], transit_list) & (keys["exporter"] != RUSSIA)
    onward = np.isin(keys["exporter"], transit_list) & (keys["importer"] == RUSSIA)
    if not supply.any() or not onward.any():
        return []
    values = matrices.best_value(th.cif_fob)
    imports, (import_via, import_hs6) = group_rows(
        values[supply], [keys["importer"][supply], keys["hs6"][supply]]
    )
    exports, (export_via, export_hs6) = group_rows(
        values[onward], [keys["exporter"][onward], keys["hs6"][onward]]
    )
    import_rows = {k: i for i, k in enumerate(zip(import_via, import_hs6, strict=True))}
    in_base = window_mask(months, *baseline)
    origin_totals = origin_values(matrices, supply, values, after)
    labels = [t for t, keep in zip(month_texts(months), after, strict=True) if keep]
    signals = []
    for row, (via, hs6) in enumerate(zip(export_via, export_hs6, strict=True)):
        imp_row = import_rows.get((via, hs6))
        if imp_row is None:
            continue
        e, i = exports[row, after], imports[imp_row, after]
        if e.mean() < th.min_usd:
            continue
        base_e = float(exports[row, in_base].mean()) if in_base.any() else 0.0
        if base_e > 0 and e.mean() < th.surge_factor * base_e:
            continue
        lag, corr = best_lag(e, i, th.max_lag)
        if not np.isfinite(corr) or corr < th.min_corr:
            continue
        e_lagged, i_lagged = (e[lag:], i[:-lag]) if lag else (e, i)
        share = float(e_lagged.sum() / i_lagged.sum()) if i_lagged.sum() > 0 else float("inf")
        if share < th.min_share:
            continue
        matched = float(min(e_lagged.sum(), i_lagged.sum()))
        by_origin = origin_totals.get((via, hs6), {})
        signals.append(
            Signal(
                kind="transshipment",
                exporter=next(iter(by_origin), None),
                importer=RUSSIA,
                via=via,
                hs6=hs6,
                goods=None,
                start=labels[0],
                end=labels[-1],
                score=corr * matched,
                evidence={
                    "correlation": round(corr, 3),
                    "lag_months": lag,
                    "share_reexported": round(share, 3) if np.isfinite(share) else None,
                    "imports_from_origins_usd": round(float(i_lagged.sum()), 2),
                    "exports_to_russia_usd": round(float(e_lagged.sum()), 2),
                    "matched_usd": round(matched, 2),
                    "baseline_monthly_exports_usd": round(base_e, 2),
                    "origins_usd": dict(list(by_origin.items())[:5]),
                    "months": labels,
                    "imports_usd": money_list(i),
                    "exports_usd": money_list(e),
                    "indicator_only": True,
                },
            )
        )
    return signals

"""Signals of sanctions circumvention on monthly HS6 mirror data: re-export surges, mirror gaps,
transshipment and unit values — pure functions of the cell frame (`series.CELL_COLUMNS`).

`find_signals` runs every detector and returns the signals sorted by score (USD, highest first).
Each detector module documents its rule, thresholds and score; the README's "Signals" section
says the same in plain words.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from geodata.analytics.signals.mirror_gap import detect_mirror_gaps
from geodata.analytics.signals.series import (
    CELL_COLUMNS,
    KINDS,
    CellMatrices,
    Signal,
    cell_matrices,
    month_grid,
    sorted_signals,
)
from geodata.analytics.signals.surge import detect_surges
from geodata.analytics.signals.thresholds import Thresholds, thresholds_from_query
from geodata.analytics.signals.transshipment import detect_transshipment
from geodata.analytics.signals.unit_value import detect_unit_value_jumps

__all__ = [
    "CELL_COLUMNS",
    "CellMatrices",
    "cell_matrices",
    "month_grid",
    "KINDS",
    "Signal",
    "Thresholds",
    "find_signals",
    "thresholds_from_query",
]


def find_signals(
    cells: pd.DataFrame | CellMatrices,
    coverage: tuple[date, date],
    baseline: tuple[date, date],
    window: tuple[date, date],
    transit: frozenset[str],
    thresholds: Thresholds | None = None,
    goods_label: str | None = None,
) -> list[Signal]:
    """Every detector's signals on ``cells`` (months of ``coverage``; flags only inside ``window``
    and after ``baseline``), highest score first. Pass `cell_matrices(cells, month_grid(*coverage))`
    to share the matrices between calls (they do not depend on the window or the thresholds).
    """
    th = thresholds or Thresholds()
    months = month_grid(*coverage)
    cells = cell_matrices(cells, months)
    found = (
        detect_surges(cells, months, baseline, window, th, transit, goods_label)
        + detect_mirror_gaps(cells, months, baseline, window, th)
        + detect_transshipment(cells, months, baseline, window, th, transit)
        + detect_unit_value_jumps(cells, months, baseline, window, th)
    )
    return sorted_signals(found)

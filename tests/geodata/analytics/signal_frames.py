"""Hand-built cell frames for the signal detectors: a few series whose every month is chosen."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from geodata.analytics.signals.series import CELL_COLUMNS, month_grid

COVERAGE = (date(2019, 1, 1), date(2024, 12, 1))
BASELINE = (date(2019, 1, 1), date(2021, 12, 1))
WINDOW = (date(2022, 1, 1), date(2024, 12, 1))
MONTHS = month_grid(*COVERAGE)
TRANSIT = frozenset({"KAZ", "KGZ"})


def month_index(text: str) -> int:
    return MONTHS.get_loc(pd.Timestamp(f"{text}-01"))


def cells(
    exporter: str,
    importer: str,
    hs6: str,
    exporter_usd,
    importer_usd=None,
    exporter_kg=None,
    importer_kg=None,
) -> pd.DataFrame:
    """One series over `MONTHS`: each value a scalar or an array per month; None = not declared."""

    def column(value) -> np.ndarray:
        if value is None:
            return np.full(len(MONTHS), np.nan)
        return np.broadcast_to(np.asarray(value, dtype=float), (len(MONTHS),)).copy()

    frame = pd.DataFrame(
        {
            "period": MONTHS,
            "exporter": exporter,
            "importer": importer,
            "hs6": hs6,
            "exporter_usd": column(exporter_usd),
            "importer_usd": column(importer_usd),
            "exporter_kg": column(exporter_kg),
            "importer_kg": column(importer_kg),
        }
    )
    declared = frame[["exporter_usd", "importer_usd"]].notna().any(axis=1)
    return frame[declared][list(CELL_COLUMNS)].reset_index(drop=True)


def level(
    base: float, after: float | None = None, start: str = "2022-01", end: str = "2024-12"
) -> np.ndarray:
    """``base`` every month, ``after`` from ``start`` to ``end`` (both included)."""
    values = np.full(len(MONTHS), float(base))
    if after is not None:
        values[month_index(start) : month_index(end) + 1] = after
    return values


def noise(seed: int, mean: float, sigma: float = 0.2) -> np.ndarray:
    return mean * np.random.default_rng(seed).lognormal(0.0, sigma, len(MONTHS))

"""What every detector shares: the cell frame, series as month matrices, runs of flagged months,
and the signal record itself. Pure numpy / pandas on small frames.

A *cell* is one exporter → importer → HS6 → month, with both declarations side by side:

=================  ======================================================================
``exporter_usd``   the exporter's declaration (flow X, FOB); NaN when it declared nothing
``importer_usd``   the importer's declaration (flow M, CIF); NaN when it declared nothing
``exporter_kg``    net weight in the exporter's declaration (NaN when not reported)
``importer_kg``    net weight in the importer's declaration (NaN when not reported)
=================  ======================================================================
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

CELL_COLUMNS = (
    "period",
    "exporter",
    "importer",
    "hs6",
    "exporter_usd",
    "importer_usd",
    "exporter_kg",
    "importer_kg",
)
SERIES_KEYS = ["exporter", "importer", "hs6"]
LABEL_COLUMNS = ("exporter", "importer", "hs6")
KINDS = ("surge", "mirror_gap", "transshipment", "unit_value")


@dataclass(frozen=True)
class Signal:
    """One flagged pattern and the numbers behind it. ``score`` is in US dollars — each kind says
    which dollars — so a reader can recompute it from ``evidence``.
    """

    kind: str
    exporter: str | None
    importer: str | None
    via: str | None
    hs6: str | None
    goods: str | None
    start: str  # YYYY-MM
    end: str  # YYYY-MM
    score: float
    evidence: dict = field(default_factory=dict)

    @classmethod
    def for_cell(cls, kind: str, keys: dict, row: int, months: tuple[str, str], score: float, evidence: dict):
        """A signal on one exporter → importer × HS6 cell (``keys`` are the cell matrices' row keys,
        ``months`` the first and last flagged month).
        """
        return cls(
            kind=kind,
            exporter=keys["exporter"][row],
            importer=keys["importer"][row],
            via=None,
            hs6=keys["hs6"][row],
            goods=None,
            start=months[0],
            end=months[1],
            score=score,
            evidence=evidence,
        )

    def as_json(self) -> dict:
        """The signal as strict JSON: score rounded to cents, NaN and infinities in ``evidence`` as null."""
        return {
            "kind": self.kind,
            "exporter": self.exporter,
            "importer": self.importer,
            "via": self.via,
            "hs6": self.hs6,
            "goods": self.goods,
            "start": self.start,
            "end": self.end,
            "score": round(float(self.score), 2),
            "evidence": json_safe(self.evidence),
        }


def json_safe(value):
    """``value`` with NaN and infinities as None and numpy scalars as Python numbers (strict JSON)."""
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    if isinstance(value, (float, np.floating)):
        return float(value) if np.isfinite(value) else None
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.bool_):
        return bool(value)
    return value


def month_texts(months: pd.DatetimeIndex) -> list[str]:
    """'YYYY-MM' of every month (one conversion for a whole grid)."""
    return list(months.strftime("%Y-%m"))


def sorted_signals(signals: list[Signal]) -> list[Signal]:
    """Highest score first; ties in a fixed order so the same data always lists the same way."""
    return sorted(
        signals,
        key=lambda s: (-s.score, s.kind, s.exporter or "", s.importer or "", s.hs6 or "", s.start),
    )


def month_grid(first: date, last: date) -> pd.DatetimeIndex:
    """Every month from ``first`` to ``last``, both included, as month-start timestamps."""
    return pd.date_range(pd.Timestamp(first), pd.Timestamp(last), freq="MS")


@dataclass(frozen=True)
class SeriesMatrix:
    """Series as rows of a [series × month] matrix; ``keys`` names each row (one numpy array of
    labels per key column, row order) and ``labels`` the months as 'YYYY-MM'.
    """

    keys: dict[str, np.ndarray]
    months: pd.DatetimeIndex
    values: np.ndarray

    @property
    def labels(self) -> list[str]:
        """The months as 'YYYY-MM'."""
        return month_texts(self.months)

    def __len__(self) -> int:
        """The number of series (rows of the matrix)."""
        return self.values.shape[0]


def with_categories(cells: pd.DataFrame) -> pd.DataFrame:
    """The cells with their label columns as sorted categoricals: every detector then groups by
    integer codes instead of strings (prepare a frame once, before running several detectors).
    """
    changes = {
        c: cells[c].astype(str).astype("category") for c in LABEL_COLUMNS if cells[c].dtype != "category"
    }
    return cells.assign(**changes) if changes else cells


def series_ids(frame: pd.DataFrame, keys: list[str]) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """A row number per frame row (series sorted by ``keys``) and each key's label per series."""
    combined = np.zeros(len(frame), dtype=np.int64)
    categories = []
    for key in keys:
        column = frame[key] if frame[key].dtype == "category" else frame[key].astype(str).astype("category")
        categories.append(np.asarray(column.cat.categories, dtype=object))
        combined = combined * (len(column.cat.categories) + 1) + column.cat.codes.to_numpy(dtype=np.int64)
    ids, uniques = pd.factorize(combined, sort=True)
    first = np.zeros(len(uniques), dtype=np.int64)
    first[ids[::-1]] = np.arange(len(ids))[::-1]
    labels = {}
    for key, names in zip(keys, categories, strict=True):
        column = frame[key] if frame[key].dtype == "category" else frame[key].astype(str).astype("category")
        labels[key] = names[column.cat.codes.to_numpy()[first]]
    return ids, labels


@dataclass(frozen=True)
class CellMatrices:
    """The cells as [series × month] matrices (series = exporter → importer → HS6), built once and
    shared by every detector and every view period. NaN where a side declared nothing.
    """

    keys: dict[str, np.ndarray]
    months: pd.DatetimeIndex
    exporter_usd: np.ndarray
    importer_usd: np.ndarray
    exporter_kg: np.ndarray
    importer_kg: np.ndarray

    def __len__(self) -> int:
        """The number of series (exporter → importer → HS6 rows)."""
        return self.exporter_usd.shape[0]

    @property
    def nbytes(self) -> int:
        """The bytes the matrices and the series' labels hold (memos bound themselves by it)."""
        matrices = (self.exporter_usd, self.importer_usd, self.exporter_kg, self.importer_kg)
        return sum(m.nbytes for m in matrices) + sum(k.nbytes for k in self.keys.values())

    def best_value(self, cif_fob: float) -> np.ndarray:
        """The exporter's declaration where it made one, else the importer's brought to FOB; 0 for none."""
        exporter = self.exporter_usd
        return np.nan_to_num(np.where(np.isnan(exporter), self.importer_usd / cif_fob, exporter))

    def rows(self, chosen: np.ndarray) -> CellMatrices:
        """The matrices of the chosen series (a boolean mask or index array)."""
        return CellMatrices(
            {k: v[chosen] for k, v in self.keys.items()},
            self.months,
            self.exporter_usd[chosen],
            self.importer_usd[chosen],
            self.exporter_kg[chosen],
            self.importer_kg[chosen],
        )


def cell_matrices(cells: pd.DataFrame | CellMatrices, months: pd.DatetimeIndex) -> CellMatrices:
    """The cells as matrices over ``months`` (an already built `CellMatrices` is returned as is)."""
    if isinstance(cells, CellMatrices):
        return cells
    columns = ("exporter_usd", "importer_usd", "exporter_kg", "importer_kg")
    if cells.empty:
        empty = np.zeros((0, len(months)))
        return CellMatrices({k: np.array([], dtype=object) for k in SERIES_KEYS}, months, *[empty] * 4)
    cells = with_categories(cells)
    ids, labels = series_ids(cells, SERIES_KEYS)
    month_index = months.get_indexer(pd.DatetimeIndex(cells["period"]))
    inside = month_index >= 0
    rows, cols = ids[inside], month_index[inside]
    matrices = []
    for column in columns:
        values = np.full((len(labels["exporter"]), len(months)), np.nan)
        data = cells[column].to_numpy(dtype=float)[inside]
        present = ~np.isnan(data)
        values[rows[present], cols[present]] = 0.0
        np.add.at(values, (rows[present], cols[present]), data[present])  # sums repeated cells
        matrices.append(values)
    return CellMatrices(labels, months, *matrices)


def group_rows(matrix: np.ndarray, labels: list[np.ndarray]) -> tuple[np.ndarray, list[np.ndarray]]:
    """Rows of ``matrix`` summed by the combined ``labels`` (one array per key): (sums, key labels)."""
    if matrix.shape[0] == 0:
        return matrix, [np.array([], dtype=object) for _ in labels]
    joined = pd.MultiIndex.from_arrays(labels)
    ids, uniques = pd.factorize(joined, sort=True)
    sums = np.zeros((len(uniques), matrix.shape[1]))
    np.add.at(sums, ids, matrix)
    return sums, [np.asarray(uniques.get_level_values(i), dtype=object) for i in range(len(labels))]


def window_mask(months: pd.DatetimeIndex, start: date, end: date) -> np.ndarray:
    """Which of ``months`` fall from ``start`` to ``end``, both included, as a boolean array."""
    return np.asarray((months >= pd.Timestamp(start)) & (months <= pd.Timestamp(end)))


def runs(flags: np.ndarray, min_length: int) -> list[tuple[int, int, int]]:
    """Runs of True along each row of a [rows × months] array: (row, first month, last month)
    for each run at least ``min_length`` long (vectorised).
    """
    if flags.size == 0:
        return []
    rows, width = flags.shape
    padded = np.zeros((rows, width + 2), dtype=np.int8)
    padded[:, 1:-1] = flags
    steps = np.diff(padded.ravel())
    starts, ends = np.flatnonzero(steps == 1), np.flatnonzero(steps == -1)
    stride = width + 2
    found = []
    for start, end in zip(starts, ends, strict=True):
        if end - start >= min_length:
            row = start // stride
            found.append((int(row), int(start - row * stride), int(end - 1 - row * stride)))
    return found


def best_value(cells: pd.DataFrame, cif_fob: float) -> pd.Series:
    """The value of a cell as trade statistics are usually compared: the exporter's declaration
    (FOB) when it declared the cell, else the importer's brought to FOB (CIF ÷ ``cif_fob``).
    """
    return (
        cells["exporter_usd"]
        .where(cells["exporter_usd"].notna(), cells["importer_usd"] / cif_fob)
        .fillna(0.0)
    )


def after_baseline(
    months: pd.DatetimeIndex, baseline: tuple[date, date], window: tuple[date, date]
) -> np.ndarray:
    """The months a detector may flag: inside the view's window and after the baseline ends."""
    return window_mask(months, *window) & np.asarray(months > pd.Timestamp(baseline[1]))


def money_list(values: np.ndarray) -> list[float]:
    """US dollar amounts as plain floats rounded to cents (for a signal's evidence)."""
    return [round(float(v), 2) for v in values]

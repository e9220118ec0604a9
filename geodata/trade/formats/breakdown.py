"""Totals beside breakdowns: keep one layer per flow so nothing is counted twice.

Comtrade can publish, for one (reporter, partner, flow, commodity, period), a total row (all modes
of transport, all customs procedures, second partner World) *and* rows broken down by mode of
transport, customs procedure or second partner. The breakdown rows sum to the total, so keeping
both would double count. The rule, per key:

- every row gets a bitmask of the dimensions it is broken down by (0 = the total row);
- the key keeps the rows of its *least broken-down* layer (fewest dimensions, then the first
  dimension listed): the total rows when the file has them, otherwise e.g. the mode-of-transport
  rows; every other row of that key is excluded as an aggregate under its dimension's reason.

A file that holds only breakdown rows for a key therefore keeps them (they do not double count),
and this works across chunk boundaries because a first, cheap pass over the file (key and
dimension columns only) decides each key's layer before the main pass. Keys are remembered as
64-bit hashes (about 8 bytes per distinct total key while scanning); a hash collision could only
make a breakdown row be dropped in favour of an unrelated key's total — odds of about 1 in 10^11
per pair at 10 million keys.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Dimension:
    """One breakdown dimension: its column, the values that mean "all", the reason rows are excluded."""

    column: str
    totals: frozenset
    reason: str
    blank_is_total: bool = True


class BreakdownFilter:
    """Decides, per key, which layer of rows to keep (see the module docstring)."""

    def __init__(self, keys: list[str], dims: list[Dimension]) -> None:
        self.keys = list(keys)
        self.dims = list(dims)
        self._chosen: pd.Series | None = None  # key hash -> chosen rank, only for keys with breakdown rows

    @property
    def columns(self) -> list[str]:
        """The columns the filter reads: the keys, then every dimension's column."""
        return self.keys + [d.column for d in self.dims]

    def masks(self, chunk: pd.DataFrame) -> np.ndarray:
        """Bitmask per row: bit i set when the row is broken down by dimension i."""
        mask = np.zeros(len(chunk), dtype=np.int64)
        for bit, dim in enumerate(self.dims):
            if dim.column in chunk.columns:
                col = chunk[dim.column]
                total = col.isin(dim.totals) | (col.eq("") if dim.blank_is_total else False)
                broken = ~total
                mask |= broken.to_numpy(dtype=bool).astype(np.int64) << bit
        return mask

    def _rank(self, mask: np.ndarray) -> np.ndarray:
        popcount = np.zeros_like(mask)
        for bit in range(len(self.dims)):
            popcount += (mask >> bit) & 1
        return (popcount << len(self.dims)) | mask

    def _hash(self, chunk: pd.DataFrame) -> np.ndarray:
        return pd.util.hash_pandas_object(chunk[self.keys], index=False).to_numpy()

    def scan(self, chunks: Iterable[pd.DataFrame]) -> None:
        """First pass: remember, for every key that has breakdown rows, which layer to keep."""
        totals: list[np.ndarray] = []
        broken: list[pd.Series] = []
        for chunk in chunks:
            mask = self.masks(chunk)
            if not len(mask):
                continue
            hashes = self._hash(chunk)
            totals.append(np.unique(hashes[mask == 0]))
            if (mask != 0).any():
                sel = mask != 0
                ranks = pd.Series(self._rank(mask[sel]), index=hashes[sel])
                broken.append(ranks.groupby(level=0).min())
        if not broken:
            self._chosen = None
            return
        ranks = pd.concat(broken).groupby(level=0).min()
        all_totals = np.unique(np.concatenate(totals)) if totals else np.array([], dtype=np.uint64)
        has_total = np.isin(ranks.index.to_numpy(), all_totals)
        self._chosen = ranks.where(~has_total, 0)

    @property
    def active(self) -> bool:
        """True when the scan found breakdown rows (otherwise every row is a total and is kept)."""
        return self._chosen is not None

    def split(self, chunk: pd.DataFrame) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """(row masks, {reason: rows to exclude}) for a chunk of the main pass."""
        mask = self.masks(chunk)
        if self._chosen is None or not (mask != 0).any():
            return mask, {}
        chosen = self._chosen.reindex(self._hash(chunk)).to_numpy()
        chosen = np.where(np.isnan(chosen), -1, chosen).astype(np.int64)
        rank = self._rank(mask)
        excluded = (mask != 0) & (rank != chosen) & (chosen >= 0)
        chosen_mask = np.where(chosen >= 0, chosen & ((1 << len(self.dims)) - 1), 0)
        extra = mask & ~chosen_mask
        out: dict[str, np.ndarray] = {}
        assigned = np.zeros(len(mask), dtype=bool)
        for bit, dim in enumerate(self.dims):
            rows = excluded & ~assigned & (((extra >> bit) & 1) == 1)
            if rows.any():
                out[dim.reason] = out.get(dim.reason, np.zeros(len(mask), dtype=bool)) | rows
                assigned |= rows
        return mask, out

"""The monthly edge frame indexed once per selection, so that every period's numbers are array sums.

A view's monthly frame (`geodata.trade.query.TradeStore.monthly_edges`: period, exporter, importer,
source, value_usd for every month the store holds) does not depend on the view's period. Indexing it
once — each row's edge as a code into a small table of edges with their leg, each row's month as an
integer — turns a change of period into a few `numpy.bincount` calls instead of a pandas group-by
over strings. `geodata.analytics.view_numbers` builds edges, series and headlines from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property

import numpy as np
import pandas as pd

from geodata.analytics.data_basis import row_ranks
from geodata.analytics.legs import RUSSIA, classify_legs

OTHER_LEG = "other"


def month_number(day: date | pd.Timestamp) -> int:
    """Months since January of year 0 (a month's position on one integer axis)."""
    return day.year * 12 + day.month - 1


@dataclass(frozen=True, eq=False)
class IndexedMonthly:
    """A monthly edge frame with one code per row for its edge and one for its month.

    ``edges`` holds each edge once (exporter, importer, leg, mirror) in the order the frame first
    names it; ``edge`` and ``month`` give every row's edge code and `month_number`; ``values`` its
    value in US dollars; ``source`` its source's code into ``sources`` (sorted); ``annual`` whether
    its month is a twelfth of an annual figure (`geodata.analytics.data_basis`).
    """

    edges: pd.DataFrame
    edge: np.ndarray
    month: np.ndarray
    values: np.ndarray
    source: np.ndarray
    sources: tuple[str, ...]
    annual: np.ndarray  # True where the row's month holds a twelfth of an annual figure

    @property
    def nbytes(self) -> int:
        """The bytes its arrays and its edge table hold (memos bound themselves by it)."""
        arrays = (self.edge, self.month, self.values, self.source, self.annual)
        return sum(a.nbytes for a in arrays) + int(self.edges.memory_usage(index=True).sum())

    @cached_property
    def basis_ranks(self) -> np.ndarray:
        """Every row's data basis as its index into `geodata.analytics.data_basis.BASES` (computed once)."""
        return row_ranks(self)

    def window(self, window: tuple[date, date]) -> np.ndarray:
        """Which rows fall in ``window`` (both months included)."""
        return (self.month >= month_number(window[0])) & (self.month <= month_number(window[1]))

    def edge_sums(self, rows: np.ndarray) -> np.ndarray:
        """The value of the chosen rows per edge (an array as long as ``edges``)."""
        return np.bincount(self.edge[rows], weights=self.values[rows], minlength=len(self.edges))

    def value_on_edges(self, pairs: set[tuple[str, str]], window: tuple[date, date]) -> float:
        """The value in ``window`` of the edges among ``pairs`` ((exporter, importer) tuples), US dollars."""
        sums = self.edge_sums(self.window(window))
        edges = zip(self.edges["exporter"], self.edges["importer"], strict=True)
        return float(sums[np.fromiter((edge in pairs for edge in edges), bool, len(sums))].sum())

    def edge_month_values(self) -> np.ndarray:
        """The value of every edge in every month it traded (all sources summed): the distribution a
        scale fixed over the whole store is drawn from.
        """
        if self.month.size == 0:
            return np.zeros(0)
        first, span = int(self.month.min()), int(self.month.max() - self.month.min()) + 1
        sums = np.bincount(self.edge * span + (self.month - first), weights=self.values)
        return sums[sums > 0]

    def country_month_values(self) -> np.ndarray:
        """Every country's trade in every month it traded: the sum of the edges it is on (as exporter or
        importer, like the map's country fill), all sources — the distribution a fill colour fixed over
        the whole store is drawn from.
        """
        if self.month.size == 0:
            return np.zeros(0)
        countries, codes = np.unique(
            np.concatenate(
                [self.edges["exporter"].to_numpy(object), self.edges["importer"].to_numpy(object)]
            ),
            return_inverse=True,
        )
        exporter_code, importer_code = codes[: len(self.edges)], codes[len(self.edges) :]
        first, span = int(self.month.min()), int(self.month.max() - self.month.min()) + 1
        slot_month = self.month - first
        slots = np.concatenate(
            [exporter_code[self.edge] * span + slot_month, importer_code[self.edge] * span + slot_month]
        )
        sums = np.bincount(
            slots, weights=np.concatenate([self.values, self.values]), minlength=len(countries) * span
        )
        return sums[sums > 0]

    def edge_sources(self, rows: np.ndarray) -> list[tuple[str, ...]]:
        """Per edge, the sources whose chosen rows carry trade (sorted)."""
        counted = rows & (self.values != 0)
        if len(self.sources) <= 1:
            used = self.sources if counted.any() else ()
            return [tuple(used)] * len(self.edges)
        found = np.unique(self.edge[counted] * len(self.sources) + self.source[counted])
        per_edge: list[list[str]] = [[] for _ in range(len(self.edges))]
        for code in found.tolist():
            per_edge[code // len(self.sources)].append(self.sources[code % len(self.sources)])
        return [tuple(names) for names in per_edge]


def index_monthly(monthly: pd.DataFrame, transit: frozenset[str], direction: str) -> IndexedMonthly:
    """Index a monthly edge frame; legs follow ``direction`` (see `geodata.analytics.legs`)."""
    exporter_codes, exporters = pd.factorize(monthly["exporter"], sort=False)
    importer_codes, importers = pd.factorize(monthly["importer"], sort=False)
    pair_codes = exporter_codes.astype(np.int64) * max(len(importers), 1) + importer_codes
    codes, pairs = pd.factorize(pair_codes, sort=False)
    edges = pd.DataFrame(
        {
            "exporter": np.asarray(exporters, dtype=object)[pairs // max(len(importers), 1)],
            "importer": np.asarray(importers, dtype=object)[pairs % max(len(importers), 1)],
        }
    )
    edges["leg"] = classify_legs(edges["exporter"], edges["importer"], transit, direction).fillna(OTHER_LEG)
    edges["mirror"] = (edges["exporter"] == RUSSIA) | (edges["importer"] == RUSSIA)
    periods = pd.DatetimeIndex(monthly["period"])
    source_codes, sources = pd.factorize(monthly["source"], sort=True)
    return IndexedMonthly(
        edges=edges,
        edge=np.asarray(codes, dtype=np.int64),
        month=(periods.year.to_numpy() * 12 + periods.month.to_numpy() - 1).astype(np.int64),
        values=monthly["value_usd"].to_numpy(dtype=float),
        source=np.asarray(source_codes, dtype=np.int64),
        sources=tuple(str(s) for s in sources),
        annual=(
            monthly["annual"].to_numpy(dtype=bool)
            if "annual" in monthly
            else np.zeros(len(monthly), dtype=bool)
        ),
    )


def leg_month_totals(indexed: IndexedMonthly, window: tuple[date, date]) -> pd.DataFrame:
    """Monthly value per leg over ``window``: period, leg, value_usd (months with no trade are 0; the
    legs are those of every edge in the frame, sorted).
    """
    months = pd.date_range(window[0], window[1], freq="MS")
    legs = sorted(indexed.edges["leg"].unique())
    leg_code = indexed.edges["leg"].map({leg: i for i, leg in enumerate(legs)}).to_numpy(dtype=np.int64)
    rows = indexed.window(window)
    slot = leg_code[indexed.edge[rows]] * len(months) + (indexed.month[rows] - month_number(window[0]))
    totals = np.bincount(slot, weights=indexed.values[rows], minlength=len(legs) * len(months))
    return pd.DataFrame(
        {
            "period": np.tile(months.to_numpy(), len(legs)),
            "leg": np.repeat(np.array(legs, dtype=object), len(months)),
            "value_usd": totals,
        }
    )

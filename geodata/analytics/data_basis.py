"""What each figure rests on: reported, mirror, annual-average, estimated or demo data, per edge and month.

Every stored row is one source's declaration. Its *basis* says how close it is to a monthly
declaration by the country that reports it:

- ``reported``: a monthly declaration by the exporter (or the importer, on the importer side);
- ``mirror``: the edge touches Russia, which has published no detailed trade since 2022 — the figure
  is its partner's declaration;
- ``annual_average``: the source gave the year only; the month holds a twelfth of it;
- ``estimated``: a reconciled estimate rather than a declaration (CEPII BACI);
- ``demo``: synthetic demo data.

An edge-month that mixes rows of several bases takes the weakest (the last in `BASES` of those that
carry trade), and an edge over a period the weakest of its months: a figure is only as firm as its
softest part. `edge_bases` also counts each edge's months per basis, so a reader sees how much of
the period the weakest basis covers.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import numpy as np

from geodata.i18n import N_

if TYPE_CHECKING:  # the indexed frame keeps its rows' ranks (`IndexedMonthly.basis_ranks`)
    from geodata.analytics.indexed_monthly import IndexedMonthly

#: From the firmest to the weakest; the one home of the bases' names and titles (shown with ``_()``).
BASES = ("reported", "mirror", "annual_average", "estimated", "demo")
BASIS_TITLES = {
    "reported": N_("reported monthly"),
    "mirror": N_("mirror (partner's declaration)"),
    "annual_average": N_("annual figure ÷ 12"),
    "estimated": N_("estimate (BACI)"),
    "demo": N_("demo (synthetic)"),
}
BASIS_NOTES = {
    "reported": N_("a monthly declaration by the reporting country"),
    "mirror": N_("Russia's side of the flow: its partner's declaration, since Russia publishes none"),
    "annual_average": N_("the source gave only the year: each month holds a twelfth of it"),
    "estimated": N_("CEPII BACI's reconciled estimate of the flow, not a declaration"),
    "demo": N_("synthetic demo data, not a real figure"),
}
#: Sources whose rows are not declarations, and the basis their rows take whatever else holds.
SOURCE_BASIS = {"demo": "demo", "baci": "estimated"}


def row_ranks(indexed: IndexedMonthly) -> np.ndarray:
    """Every row's basis as its index into `BASES` (`IndexedMonthly.basis_ranks` keeps it)."""
    mirror = indexed.edges["mirror"].to_numpy(bool)[indexed.edge]
    rank = np.where(mirror, BASES.index("mirror"), BASES.index("reported"))
    rank = np.where(indexed.annual, BASES.index("annual_average"), rank)
    for source, basis in SOURCE_BASIS.items():
        if source in indexed.sources:
            rank = np.where(indexed.source == indexed.sources.index(source), BASES.index(basis), rank)
    return rank.astype(np.int64)


def edge_month_ranks(indexed: IndexedMonthly, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(edge code, month number, basis rank) of every edge-month among the chosen rows that carries
    trade: the weakest basis of its rows.
    """
    chosen = rows & (indexed.values != 0)
    edge, month, rank = indexed.edge[chosen], indexed.month[chosen], indexed.basis_ranks[chosen]
    if edge.size == 0:
        return edge, month, rank
    first = int(month.min())
    span = int(month.max()) - first + 1
    slot = edge * span + (month - first)
    order = np.lexsort((-rank, slot))  # within a slot, the weakest first
    slot, rank = slot[order], rank[order]
    keep = np.r_[True, slot[1:] != slot[:-1]]
    slot, rank = slot[keep], rank[keep]
    return slot // span, slot % span + first, rank


def edge_bases(indexed: IndexedMonthly, rows: np.ndarray) -> tuple[list[str | None], list[dict[str, int]]]:
    """Per edge (the order of ``indexed.edges``): the weakest basis of its months among ``rows``
    (None when it has no trade there) and how many of those months rest on each basis.
    """
    edge, _, rank = edge_month_ranks(indexed, rows)
    counts = np.bincount(edge * len(BASES) + rank, minlength=len(indexed.edges) * len(BASES))
    counts = counts.reshape(len(indexed.edges), len(BASES))
    weakest: list[str | None] = []
    months: list[dict[str, int]] = []
    for row in counts:
        present = np.flatnonzero(row)
        weakest.append(BASES[int(present[-1])] if present.size else None)
        months.append({BASES[int(i)]: int(row[i]) for i in present})
    return weakest, months


def month_bases(indexed: IndexedMonthly, rows: np.ndarray) -> list[tuple[str, str, date, str]]:
    """(exporter, importer, month, basis) of every edge-month among ``rows`` that carries trade."""
    edge, month, rank = edge_month_ranks(indexed, rows)
    exporters = indexed.edges["exporter"].to_numpy(object)
    importers = indexed.edges["importer"].to_numpy(object)
    return [
        (exporters[e], importers[e], date(int(m) // 12, int(m) % 12 + 1, 1), BASES[int(r)])
        for e, m, r in zip(edge.tolist(), month.tolist(), rank.tolist(), strict=True)
    ]

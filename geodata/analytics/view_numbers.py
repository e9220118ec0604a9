"""A view's numbers from the monthly edge frame: edges with their leg, status and baseline, the
series by leg, and the headline — pure functions of small frames.

Conventions (the README's "Numbers" section says the same):

- **Baseline**: the monthly average over January 2019 – December 2021, over the baseline months the
  store covers. Change = (monthly average in the period − baseline monthly average) / baseline monthly
  average × 100.
- **Status**: ``stopped`` when an edge traded in the baseline and not in the period (value 0, change
  −100 %); ``new`` when it traded in the period and not in the baseline (change undefined, ``None``);
  ``active`` otherwise. Stopped edges stay in every total, so a collapse lowers the change.
- **Basis**: what each edge's figure rests on (reported, mirror, annual average, estimated, demo),
  the weakest of its months in the period — in the baseline for a stopped edge
  (`geodata.analytics.data_basis`).
- **Headline**: the sum of the legs `geodata.analytics.legs.HEADLINE_LEGS` names for the direction
  (with a pair of countries: the pair's own legs); the supply leg is reported beside it, not in it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from geodata.analytics.data_basis import edge_bases
from geodata.analytics.indexed_monthly import IndexedMonthly, index_monthly, leg_month_totals
from geodata.analytics.legs import BESIDE_LEG, HEADLINE_LEGS

EDGE_COLUMNS = (
    "exporter",
    "importer",
    "leg",
    "value_usd",
    "monthly",
    "baseline_value_usd",
    "baseline_monthly",
    "change_pct",
    "status",
    "mirror",
    "sources",
    "basis",
    "basis_months",
)


def months_between(start: date, end: date) -> int:
    """Months from ``start`` to ``end``, both included (0 when ``end`` is before ``start``)."""
    return max((end.year - start.year) * 12 + end.month - start.month + 1, 0)


def covered_months(window: tuple[date, date], coverage: tuple[date, date]) -> int:
    """How many months of ``window`` the store covers."""
    start, end = max(window[0], coverage[0]), min(window[1], coverage[1])
    return months_between(start, end)


def change_percent(current: pd.Series, baseline: pd.Series) -> pd.Series:
    """(current − baseline) / baseline × 100; NaN where there was no baseline trade."""
    return (current - baseline) / baseline.where(baseline > 0) * 100.0


def edge_table(
    monthly: pd.DataFrame,
    period: tuple[date, date],
    baseline: tuple[date, date],
    coverage: tuple[date, date],
    transit: frozenset[str],
    direction: str,
) -> pd.DataFrame:
    """One row per edge that traded in the period or in the baseline (columns `EDGE_COLUMNS`),
    largest first; stopped edges (value 0) after the trading ones, by their baseline value.
    """
    return period_edges(index_monthly(monthly, transit, direction), period, baseline, coverage)


def period_edges(
    indexed: IndexedMonthly,
    period: tuple[date, date],
    baseline: tuple[date, date],
    coverage: tuple[date, date],
) -> pd.DataFrame:
    """`edge_table` from a frame indexed once (`index_monthly`): what a change of period computes."""
    in_period, in_base = indexed.window(period), indexed.window(baseline)
    edges = indexed.edges.copy()
    edges["value_usd"] = indexed.edge_sums(in_period)
    edges["baseline_value_usd"] = indexed.edge_sums(in_base)
    edges["sources"] = indexed.edge_sources(in_period | in_base)
    # what the period's figure rests on; a stopped edge's (no trade in the period): its baseline's
    period_basis, period_months = edge_bases(indexed, in_period)
    base_basis, base_months_by_basis = edge_bases(indexed, in_base)
    traded = [b is not None for b in period_basis]
    edges["basis"] = [p if t else b for p, b, t in zip(period_basis, base_basis, traded, strict=True)]
    edges["basis_months"] = pd.Series(  # a dict per edge (an object column)
        [p if t else b for p, b, t in zip(period_months, base_months_by_basis, traded, strict=True)],
        index=edges.index,
    )
    edges = edges[(edges["value_usd"] > 0) | (edges["baseline_value_usd"] > 0)].reset_index(drop=True)
    base_months = covered_months(baseline, coverage)
    edges["monthly"] = edges["value_usd"] / max(months_between(*period), 1)
    edges["baseline_monthly"] = edges["baseline_value_usd"] / base_months if base_months else np.nan
    edges["change_pct"] = change_percent(edges["monthly"], edges["baseline_monthly"])
    has_base = (edges["baseline_value_usd"] > 0).to_numpy()
    stopped = (edges["value_usd"] <= 0).to_numpy() & has_base
    edges["status"] = np.where(stopped, "stopped", np.where(has_base | (base_months == 0), "active", "new"))
    edges = edges.sort_values(["value_usd", "baseline_value_usd"], ascending=False, kind="stable")
    return edges[list(EDGE_COLUMNS)].reset_index(drop=True)


def leg_series(
    monthly: pd.DataFrame, window: tuple[date, date], transit: frozenset[str], direction: str
) -> pd.DataFrame:
    """Monthly value per leg over ``window``: period, leg, value_usd (months with no trade are 0)."""
    return leg_month_totals(index_monthly(monthly, transit, direction), window)


@dataclass(frozen=True)
class Headline:
    """The headline figure: trade on ``legs`` over the period (US dollars), its monthly average, the
    baseline's monthly average (None without a baseline) and the change in per cent (None when the
    baseline is missing or zero).
    """

    legs: tuple[str, ...]
    value_usd: float
    period_monthly_usd: float
    baseline_monthly_usd: float | None
    change_pct: float | None

    def as_json(self) -> dict:
        """The headline as the JSON view writes it (NaN and infinities as null)."""
        return {
            "legs": list(self.legs),
            "value_usd": finite_or_none(self.value_usd),
            "period_monthly_usd": finite_or_none(self.period_monthly_usd),
            "baseline_monthly_usd": finite_or_none(self.baseline_monthly_usd),
            "change_pct": finite_or_none(self.change_pct),
        }


def finite_or_none(value) -> float | None:
    """A float for JSON: None for missing, NaN or infinite values."""
    if value is None:
        return None
    value = float(value)
    return value if np.isfinite(value) else None


def headline_legs(direction: str, has_pair: bool, edges: pd.DataFrame) -> tuple[str, ...]:
    """The legs a headline counts: the direction's arriving/leaving legs, or with a pair its own legs."""
    if has_pair:
        return tuple(sorted(set(edges["leg"])))
    return HEADLINE_LEGS[direction]


def beside_leg(direction: str, has_pair: bool) -> str | None:
    """The leg reported beside the headline (supply to / onward from the transit countries)."""
    return None if has_pair else BESIDE_LEG[direction]


def headline_for(edges: pd.DataFrame, legs: tuple[str, ...], baseline_available: bool) -> Headline:
    """Sum of the edges on ``legs``; change against the baseline monthly average (None without one)."""
    chosen = edges[edges["leg"].isin(legs)]
    value = float(chosen["value_usd"].sum())
    monthly = float(chosen["monthly"].sum())
    base = float(chosen["baseline_monthly"].sum()) if baseline_available else None
    change = (monthly - base) / base * 100.0 if base else None
    return Headline(legs, value, monthly, base, change)


def country_change(edges: pd.DataFrame) -> pd.DataFrame:
    """Per country, the edges it is on: total, monthly average, baseline, change (baseline NaN when no
    edge of the country has baseline data). A plain pass: views have tens of edges, not thousands.
    """
    sums: dict[str, list] = {}
    for exporter, importer, value, monthly, baseline in zip(
        edges["exporter"],
        edges["importer"],
        edges["value_usd"],
        edges["monthly"],
        edges["baseline_monthly"],
        strict=True,
    ):
        for country in (exporter, importer):
            row = sums.setdefault(country, [0.0, 0.0, float("nan")])
            row[0] += value
            row[1] += monthly
            if baseline == baseline:  # not NaN
                row[2] = baseline if row[2] != row[2] else row[2] + baseline
    frame = pd.DataFrame(
        [(c, *v) for c, v in sums.items()], columns=["country", "total", "monthly", "baseline_monthly"]
    )
    frame["change_pct"] = change_percent(frame["monthly"], frame["baseline_monthly"])
    return frame

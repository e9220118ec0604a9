"""The indexed monthly frame: period sums by edge code agree with a plain pandas group-by, on random
frames with several sources, zero rows, stopped and new edges and months outside every window."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from geodata.analytics.indexed_monthly import index_monthly, leg_month_totals, month_number
from geodata.analytics.view_numbers import EDGE_COLUMNS, edge_table, period_edges

TRANSIT = frozenset({"KAZ", "KGZ", "ARM"})
BASELINE = (date(2019, 1, 1), date(2021, 12, 1))
COVERAGE = (date(2019, 1, 1), date(2025, 12, 1))
COUNTRIES = ["RUS", "KAZ", "KGZ", "ARM", "EU27", "CHN", "TUR", "USA"]


def random_monthly(seed: int, rows: int = 400) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    months = pd.date_range("2019-01-01", "2025-12-01", freq="MS")
    frame = pd.DataFrame(
        {
            "period": rng.choice(months, rows),
            "exporter": rng.choice(COUNTRIES, rows),
            "importer": rng.choice(COUNTRIES, rows),
            "source": rng.choice(["comtrade", "comext", "baci"], rows),
            "value_usd": np.where(rng.random(rows) < 0.1, 0.0, rng.integers(1, 10_000, rows) / 7.0),
        }
    )
    frame = frame[frame["exporter"] != frame["importer"]]
    return frame.groupby(["period", "exporter", "importer", "source"], as_index=False)["value_usd"].sum()


def reference_edges(monthly: pd.DataFrame, period: tuple[date, date]) -> pd.DataFrame:
    """The sums a group-by over strings gives (what `period_edges` replaced)."""
    in_period = monthly["period"].between(pd.Timestamp(period[0]), pd.Timestamp(period[1]))
    in_base = monthly["period"].between(pd.Timestamp(BASELINE[0]), pd.Timestamp(BASELINE[1]))
    sums = monthly.assign(
        value_usd=monthly["value_usd"].where(in_period, 0.0),
        baseline_value_usd=monthly["value_usd"].where(in_base, 0.0),
    )
    edges = sums.groupby(["exporter", "importer"])[["value_usd", "baseline_value_usd"]].sum()
    return edges[(edges["value_usd"] > 0) | (edges["baseline_value_usd"] > 0)]


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize(
    "period", [(date(2024, 1, 1), date(2024, 12, 1)), (date(2022, 3, 1), date(2022, 3, 1))]
)
def test_period_edges_match_a_group_by(seed, period):
    monthly = random_monthly(seed)
    edges = period_edges(index_monthly(monthly, TRANSIT, "all"), period, BASELINE, COVERAGE)
    expected = reference_edges(monthly, period)
    assert list(edges.columns) == list(EDGE_COLUMNS)
    got = edges.set_index(["exporter", "importer"]).sort_index()
    assert list(got.index) == list(expected.index)
    assert np.allclose(got["value_usd"], expected["value_usd"], rtol=1e-12)
    assert np.allclose(got["baseline_value_usd"], expected["baseline_value_usd"], rtol=1e-12)
    ordered = edges["value_usd"].to_numpy()
    assert (np.diff(ordered) <= 0).all()  # largest first; stopped (0) at the end


def test_edge_sources_name_only_sources_with_trade_in_the_windows():
    monthly = pd.DataFrame(
        {
            "period": pd.to_datetime(["2020-01-01", "2024-02-01", "2024-02-01", "2023-01-01", "2024-03-01"]),
            "exporter": ["KAZ", "KAZ", "KAZ", "KAZ", "CHN"],
            "importer": ["RUS", "RUS", "RUS", "RUS", "KAZ"],
            "source": ["comtrade", "baci", "comext", "demo", "comtrade"],
            "value_usd": [5.0, 7.0, 0.0, 9.0, 3.0],
        }
    )
    edges = edge_table(
        monthly, (date(2024, 1, 1), date(2024, 12, 1)), BASELINE, COVERAGE, TRANSIT, "into_russia"
    )
    sources = dict(zip(zip(edges["exporter"], edges["importer"], strict=True), edges["sources"], strict=True))
    # comext's row is zero and demo's month is outside both windows: neither is counted
    assert sources == {("KAZ", "RUS"): ("baci", "comtrade"), ("CHN", "KAZ"): ("comtrade",)}


def test_one_source_and_empty_frames():
    monthly = random_monthly(3).assign(source="demo")
    edges = edge_table(monthly, (date(2024, 1, 1), date(2024, 12, 1)), BASELINE, COVERAGE, TRANSIT, "all")
    assert set(edges["sources"]) == {("demo",)}
    empty = monthly.iloc[0:0]
    nothing = edge_table(empty, (date(2024, 1, 1), date(2024, 12, 1)), BASELINE, COVERAGE, TRANSIT, "all")
    assert nothing.empty and list(nothing.columns) == list(EDGE_COLUMNS)
    series = leg_month_totals(index_monthly(empty, TRANSIT, "all"), COVERAGE)
    assert series.empty and list(series.columns) == ["period", "leg", "value_usd"]


def test_leg_month_totals_fill_every_month_of_every_leg():
    monthly = random_monthly(5)
    window = (date(2024, 1, 1), date(2024, 6, 1))
    series = leg_month_totals(index_monthly(monthly, TRANSIT, "into_russia"), window)
    legs = sorted(series["leg"].unique())
    assert len(series) == len(legs) * 6
    indexed = index_monthly(monthly, TRANSIT, "into_russia")
    leg_of_row = indexed.edges["leg"].to_numpy()[indexed.edge]
    for leg in legs:
        rows = (leg_of_row == leg) & indexed.window(window)
        assert series.loc[series["leg"] == leg, "value_usd"].sum() == pytest.approx(
            indexed.values[rows].sum()
        )


def test_month_number_orders_months():
    assert month_number(date(2020, 1, 1)) - month_number(date(2019, 12, 1)) == 1
    assert month_number(pd.Timestamp("2024-03-01")) == 2024 * 12 + 2


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_country_month_values_are_each_countrys_monthly_trade_on_its_edges(seed):
    monthly = random_monthly(seed)
    indexed = index_monthly(monthly, TRANSIT, "all")
    long = pd.concat(
        [
            monthly.rename(columns={"exporter": "country"})[["period", "country", "value_usd"]],
            monthly.rename(columns={"importer": "country"})[["period", "country", "value_usd"]],
        ]
    )
    expected = long.groupby(["country", "period"])["value_usd"].sum()
    expected = np.sort(expected[expected > 0].to_numpy())
    assert np.allclose(np.sort(indexed.country_month_values()), expected)
    assert index_monthly(monthly.iloc[:0], TRANSIT, "all").country_month_values().size == 0


def test_country_change_sums_the_edges_each_country_is_on():
    from geodata.analytics.view_numbers import country_change

    edges = pd.DataFrame(
        {
            "exporter": ["KAZ", "CHN", "DEU"],
            "importer": ["RUS", "KAZ", "RUS"],
            "value_usd": [120.0, 60.0, 0.0],  # DEU → RUS stopped
            "monthly": [10.0, 5.0, 0.0],
            "baseline_monthly": [5.0, np.nan, 4.0],  # CHN → KAZ new: no baseline
        }
    )
    by_country = country_change(edges).set_index("country")
    assert by_country.loc["KAZ", "total"] == 180.0 and by_country.loc["KAZ", "baseline_monthly"] == 5.0
    assert by_country.loc["KAZ", "change_pct"] == pytest.approx((15.0 - 5.0) / 5.0 * 100)
    assert by_country.loc["RUS", "change_pct"] == pytest.approx((10.0 - 9.0) / 9.0 * 100)
    assert np.isnan(by_country.loc["CHN", "change_pct"])  # only a new edge: no change to state
    assert by_country.loc["DEU", "change_pct"] == -100.0


def test_value_on_edges_sums_only_the_named_pairs_in_the_window():
    monthly = random_monthly(5)
    indexed = index_monthly(monthly, TRANSIT, "all")
    window = (date(2024, 1, 1), date(2024, 12, 1))
    pairs = {("KAZ", "RUS"), ("EU27", "KAZ"), ("XXX", "YYY")}
    in_window = monthly["period"].between(pd.Timestamp(window[0]), pd.Timestamp(window[1]))
    chosen = [pair in pairs for pair in zip(monthly["exporter"], monthly["importer"], strict=True)]
    expected = monthly.loc[in_window & pd.Series(chosen, index=monthly.index), "value_usd"].sum()
    assert indexed.value_on_edges(pairs, window) == pytest.approx(expected)
    assert indexed.value_on_edges(set(), window) == 0.0

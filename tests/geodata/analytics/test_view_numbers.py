"""Legs, edge status and the headline on small frames whose numbers can be checked by hand."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from geodata.analytics.legs import classify_legs, leg_of
from geodata.analytics.view_numbers import (
    covered_months,
    edge_table,
    headline_for,
    headline_legs,
    leg_series,
)

TRANSIT = frozenset({"KAZ", "KGZ", "ARM"})
BASELINE = (date(2019, 1, 1), date(2021, 12, 1))
COVERAGE = (date(2019, 1, 1), date(2024, 12, 1))
PERIOD = (date(2024, 1, 1), date(2024, 12, 1))


def _monthly(rows) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["period", "exporter", "importer", "source", "value_usd"])
    frame["period"] = pd.to_datetime(frame["period"])
    return frame


def _rows():
    # 2019–2021: 36 months; one row per year keeps the arithmetic simple
    return [
        ("2019-06-01", "EU27", "KAZ", "demo", 360.0),  # baseline 10 / month
        ("2024-06-01", "EU27", "KAZ", "demo", 1200.0),  # period 100 / month: supply, not into Russia
        ("2020-06-01", "KAZ", "RUS", "demo", 36.0),  # baseline 1 / month
        ("2024-06-01", "KAZ", "RUS", "demo", 24.0),  # period 2 / month
        ("2020-03-01", "EU27", "RUS", "demo", 720.0),  # baseline 20 / month, stopped since
        ("2024-02-01", "ARM", "RUS", "demo", 12.0),  # new: no baseline trade
    ]


def _edges():
    return edge_table(_monthly(_rows()), PERIOD, BASELINE, COVERAGE, TRANSIT, "into_russia")


def test_each_edge_is_exactly_one_leg():
    assert leg_of("KAZ", "KGZ", TRANSIT) == "origin_to_transit"
    assert leg_of("KAZ", "KGZ", TRANSIT, "out_of_russia") == "transit_to_destination"
    assert leg_of("EU27", "CHN", TRANSIT) is None
    exporters = pd.Series(["EU27", "KAZ", "CHN", "RUS", "RUS", "KAZ", "KAZ"])
    importers = pd.Series(["KAZ", "RUS", "RUS", "KGZ", "CHN", "EU27", "KGZ"])
    vectorised = list(classify_legs(exporters, importers, TRANSIT))
    assert vectorised == [leg_of(e, i, TRANSIT) for e, i in zip(exporters, importers, strict=True)]


def test_stopped_and_new_edges_keep_their_place_in_the_table():
    edges = _edges().set_index(["exporter", "importer"])
    stopped = edges.loc[("EU27", "RUS")]
    assert stopped["status"] == "stopped" and stopped["value_usd"] == 0.0
    assert stopped["change_pct"] == pytest.approx(-100.0) and stopped["leg"] == "direct_to_russia"
    new = edges.loc[("ARM", "RUS")]
    assert new["status"] == "new" and pd.isna(new["change_pct"])
    active = edges.loc[("KAZ", "RUS")]
    assert active["status"] == "active" and active["change_pct"] == pytest.approx(100.0)
    assert bool(active["mirror"]) and not bool(edges.loc[("EU27", "KAZ"), "mirror"])


def test_headline_counts_only_the_legs_into_russia_and_a_stopped_flow_lowers_the_change():
    edges = _edges()
    legs = headline_legs("into_russia", False, edges)
    assert legs == ("transit_to_russia", "direct_to_russia")
    headline = headline_for(edges, legs, baseline_available=True)
    assert (
        headline.value_usd == 36.0
    )  # 24 (KAZ → RUS) + 12 (ARM → RUS, new); the EU → KAZ supply is not in it
    assert headline.period_monthly_usd == pytest.approx(3.0)
    assert headline.baseline_monthly_usd == pytest.approx(21.0)  # 1 (KAZ) + 20 (EU, stopped)
    assert headline.change_pct == pytest.approx((3.0 - 21.0) / 21.0 * 100)  # −86 %, not +200 %
    supply = headline_for(edges, ("origin_to_transit",), baseline_available=True)
    assert supply.value_usd == 1200.0 and supply.change_pct == pytest.approx(900.0)


def test_a_pair_headline_counts_the_pairs_own_legs():
    edges = _edges()
    pair = edges[(edges["exporter"] == "KAZ") & (edges["importer"] == "RUS")]
    assert headline_legs("into_russia", True, pair) == ("transit_to_russia",)


def test_without_baseline_data_change_is_undefined_and_nothing_is_new():
    coverage = (date(2023, 1, 1), date(2024, 12, 1))
    rows = [r for r in _rows() if r[0] >= "2023"]
    edges = edge_table(_monthly(rows), PERIOD, BASELINE, coverage, TRANSIT, "into_russia")
    assert covered_months(BASELINE, coverage) == 0
    assert set(edges["status"]) == {"active"}
    headline = headline_for(edges, ("transit_to_russia", "direct_to_russia"), baseline_available=False)
    assert headline.change_pct is None and headline.baseline_monthly_usd is None


def test_an_empty_selection_gives_an_empty_table_and_a_zero_headline():
    edges = edge_table(_monthly([]), PERIOD, BASELINE, COVERAGE, TRANSIT, "into_russia")
    assert edges.empty
    headline = headline_for(edges, ("transit_to_russia",), baseline_available=True)
    assert headline.value_usd == 0.0 and headline.change_pct is None


def test_series_has_every_month_of_every_leg():
    series = leg_series(_monthly(_rows()), COVERAGE, TRANSIT, "into_russia")
    assert len(series) == 72 * 3
    into = series[series["leg"] == "transit_to_russia"].set_index("period")["value_usd"]
    assert into[pd.Timestamp("2024-06-01")] == 24.0 and into[pd.Timestamp("2024-07-01")] == 0.0
    assert series["value_usd"].sum() == pytest.approx(sum(r[4] for r in _rows()))

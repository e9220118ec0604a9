"""Query functions on a hand-made store: every expected number can be worked out from ROWS."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from geodata.goods import load_catalogue
from geodata.trade.query import FlowFilter, TradeStore
from tests.geodata.trade_fixtures import write_fixture_store

CATALOGUE = load_catalogue(Path(__file__).resolve().parents[1] / "fixtures" / "catalogue")
ALL = (date(2019, 1, 1), date(2023, 12, 1))


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> TradeStore:
    data_dir = tmp_path_factory.mktemp("store")
    write_fixture_store(data_dir)
    return TradeStore(data_dir)


def _filter(**changes) -> FlowFilter:
    base = {"start": ALL[0], "end": ALL[1], "sources": ("comtrade",)}
    return FlowFilter(**{**base, **changes})


def _edge(frame: pd.DataFrame, exporter: str, importer: str) -> float:
    match = frame[(frame["exporter"] == exporter) & (frame["importer"] == importer)]
    return float(match["value_usd"].sum())


def test_exporter_side_edges(store):
    flows = store.flows(_filter())
    assert _edge(flows, "EUU", "KAZ") == 500.0  # 100 + 40 + 300 + 60
    assert _edge(flows, "KAZ", "RUS") == 160.0
    assert _edge(flows, "RUS", "KAZ") == 0.0  # only KAZ's import declaration has it
    assert flows.loc[(flows["exporter"] == "KAZ") & (flows["importer"] == "RUS"), "mirror"].item()


def test_importer_side_turns_declarations_into_edges(store):
    flows = store.flows(_filter(side="importer"))
    assert _edge(flows, "EUU", "KAZ") == 200.0
    assert _edge(flows, "RUS", "KAZ") == 500.0


def test_direction_into_russia_keeps_feeder_legs(store):
    flt = _filter(
        direction="into_russia", origins=frozenset({"EUU", "CHN"}), transit=frozenset({"KAZ", "KGZ"})
    )
    edges = {(e, i) for e, i in store.flows(flt)[["exporter", "importer"]].itertuples(index=False)}
    assert edges == {("EUU", "KAZ"), ("KAZ", "RUS"), ("KGZ", "RUS"), ("CHN", "KGZ")}


def test_direction_out_of_russia(store):
    flows = store.flows(_filter(direction="out_of_russia", side="importer"))
    assert list(zip(flows["exporter"], flows["importer"], strict=True)) == [("RUS", "KAZ")]


def test_focus_and_period(store):
    flows = store.flows(_filter(focus="KGZ", start=date(2023, 1, 1)))
    assert sorted(zip(flows["exporter"], flows["importer"], strict=True)) == [("CHN", "KGZ"), ("KGZ", "RUS")]


def test_goods_selection_maps_hs2017_to_hs2022(store):
    weights = CATALOGUE.version_weights(frozenset({"854149"}))
    flows = store.flows(_filter(weights=weights, goods_key="854149"))
    # 2019: half of 854140 (split into 854141 and 854149); 2023: 854149 itself
    assert _edge(flows, "EUU", "KAZ") == pytest.approx(50.0 + 300.0)
    aircraft = store.flows(
        _filter(weights=CATALOGUE.version_weights(frozenset({"880730"})), goods_key="880730")
    )
    assert _edge(aircraft, "EUU", "KAZ") == pytest.approx(100.0)  # 40 as 880330 + 60 as 880730


def test_change_vs_baseline(store):
    flt = _filter(start=date(2023, 1, 1), end=date(2023, 12, 1))
    change = store.change_vs_baseline(flt, (date(2019, 1, 1), date(2021, 12, 1)))
    row = change[(change["exporter"] == "EUU") & (change["importer"] == "KAZ")].iloc[0]
    assert row["monthly"] == pytest.approx(360.0 / 12)
    assert row["baseline_monthly"] == pytest.approx(140.0 / 36)
    assert row["change_pct"] == pytest.approx((30.0 - 140.0 / 36) / (140.0 / 36) * 100)
    new = change[(change["exporter"] == "KGZ")].iloc[0]
    assert pd.isna(new["change_pct"])  # no baseline trade: "new", not infinite


def test_timeseries_fills_empty_months_with_zero(store):
    series = store.timeseries(_filter(start=date(2023, 1, 1), end=date(2023, 6, 1)))
    assert list(series["value_usd"]) == [0.0, 0.0, 510.0, 0.0, 160.0, 0.0]


def test_top_partners_and_totals(store):
    top = store.top_partners(_filter(), limit=2)
    assert list(top["exporter"]) == ["EUU", "KAZ"]
    assert top["share"].iloc[0] == pytest.approx(500.0 / 820.0)
    totals = store.totals(_filter())
    assert totals == {"value_usd": 820.0, "months": 60}


def test_values_are_bound_not_formatted(store):
    hostile = "KAZ' OR '1'='1"
    assert store.flows(_filter(focus=hostile)).empty
    assert store.flows(_filter(sources=("x') OR 1=1 --",))).empty


def test_results_are_copies(store):
    first = store.flows(_filter())
    first["value_usd"] = 0.0
    assert store.flows(_filter())["value_usd"].sum() == 820.0


def test_cubes_give_the_same_answers(tmp_path):
    from tests.geodata.trade_fixtures import write_fixture_store

    write_fixture_store(tmp_path)
    weights = CATALOGUE.version_weights(frozenset({"854149"}))
    plain = TradeStore(tmp_path)
    cubed = TradeStore(tmp_path, cubes={"all": None, "854149": weights})
    for flt in (_filter(), _filter(weights=weights, goods_key="854149"), _filter(side="importer")):
        pd.testing.assert_frame_equal(plain.flows(flt), cubed.flows(flt))


def test_annual_rows_are_spread_over_their_months_unless_monthly_rows_exist(tmp_path):
    from tests.geodata.trade_fixtures import canonical_frame, write_fixture_store

    frame = canonical_frame(
        [
            ("2022-01-01", "KAZ", "RUS", "X", "854149", "H6", 1200.0),
            ("2023-01-01", "KAZ", "RUS", "X", "854149", "H6", 9999.0),
            ("2023-03-01", "KAZ", "RUS", "X", "854149", "H6", 50.0),
        ]
    )
    frame["freq"] = ["A", "A", "M"]  # 2023 has a monthly row from the same source: its annual row is not used
    write_fixture_store(tmp_path, frame)
    store = TradeStore(tmp_path)
    assert store.has_annual and store.first_month == date(2022, 1, 1) and store.last_month == date(2023, 3, 1)
    series = store.timeseries(_filter(start=date(2022, 1, 1), end=date(2023, 3, 1)))
    assert list(series["value_usd"][:12]) == [100.0] * 12
    assert list(series["value_usd"][12:]) == [0.0, 0.0, 50.0]

"""Query functions on a hand-made store: every expected number can be worked out from ROWS."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from geodata.country_groups import CountryGroups
from geodata.goods import load_catalogue
from geodata.trade.query import FlowFilter, TradeStore
from tests.geodata.trade_fixtures import canonical_frame, write_fixture_store

CATALOGUE = load_catalogue(Path(__file__).resolve().parents[1] / "fixtures" / "catalogue")
ALL = (date(2019, 1, 1), date(2023, 12, 1))
EU = ("DEU", "FRA")
TRANSIT = frozenset({"KAZ", "KGZ"})
FOLD_EU = tuple(sorted(CountryGroups(EU).node_map().items()))


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> TradeStore:
    data_dir = tmp_path_factory.mktemp("store")
    write_fixture_store(data_dir)
    return TradeStore(data_dir, eu_members=EU)


def _filter(**changes) -> FlowFilter:
    base = {"start": ALL[0], "end": ALL[1], "sources": ("comtrade",), "node_map": FOLD_EU, "transit": TRANSIT}
    return FlowFilter(**{**base, **changes})


def _edges(store: TradeStore, flt: FlowFilter) -> pd.DataFrame:
    return store.monthly_edges(flt).groupby(["exporter", "importer"], as_index=False)["value_usd"].sum()


def _edge(frame: pd.DataFrame, exporter: str, importer: str) -> float:
    match = frame[(frame["exporter"] == exporter) & (frame["importer"] == importer)]
    return float(match["value_usd"].sum())


def test_exporter_side_edges_fold_the_eu_into_eu27(store):
    flows = _edges(store, _filter())
    assert _edge(flows, "EU27", "KAZ") == 500.0  # 100 + 40 + 300 + 60, declared by the EU as one (EUU)
    assert _edge(flows, "KAZ", "RUS") == 160.0
    assert _edge(flows, "RUS", "KAZ") == 0.0  # only KAZ's import declaration has it


def test_importer_side_turns_declarations_into_edges(store):
    flows = _edges(store, _filter(side="importer"))
    assert _edge(flows, "EU27", "KAZ") == 200.0
    assert _edge(flows, "RUS", "KAZ") == 500.0


def test_direction_into_russia_keeps_every_leg_into_russia_and_into_transit(store):
    flt = _filter(direction="into_russia", transit=frozenset({"KAZ", "KGZ"}))
    edges = set(map(tuple, _edges(store, flt)[["exporter", "importer"]].to_numpy()))
    assert edges == {("EU27", "KAZ"), ("KAZ", "RUS"), ("KGZ", "RUS"), ("CHN", "KGZ")}


def test_direction_out_of_russia(store):
    flows = _edges(store, _filter(direction="out_of_russia", side="importer", transit=frozenset({"KAZ"})))
    assert set(zip(flows["exporter"], flows["importer"], strict=True)) == {("RUS", "KAZ")}


def test_a_pair_replaces_the_direction(store):
    flows = _edges(
        store, _filter(direction="out_of_russia", exporters=frozenset({"KAZ"}), importers=frozenset({"RUS"}))
    )
    assert list(zip(flows["exporter"], flows["importer"], flows["value_usd"], strict=True)) == [
        ("KAZ", "RUS", 160.0)
    ]


def test_focus_keeps_edges_touching_the_country(store):
    flows = _edges(store, _filter(focus="KGZ"))
    assert set(zip(flows["exporter"], flows["importer"], strict=True)) == {("KGZ", "RUS"), ("CHN", "KGZ")}


def test_goods_weights_split_hs2017_codes(store):
    weights = CATALOGUE.version_weights(frozenset({"854149"}))
    flows = _edges(store, _filter(weights=weights, goods_key="854149"))
    assert _edge(flows, "EU27", "KAZ") == pytest.approx(300.0 + 100.0 / 2)


def test_values_are_bound_not_formatted(store):
    hostile = "KAZ' OR '1'='1"
    assert store.monthly_edges(_filter(focus=hostile)).empty
    assert store.monthly_edges(_filter(sources=("x') OR 1=1 --",))).empty


def test_cubes_give_the_same_answers(tmp_path):
    write_fixture_store(tmp_path)
    weights = CATALOGUE.version_weights(frozenset({"854149"}))
    plain = TradeStore(tmp_path, eu_members=EU)
    cubed = TradeStore(tmp_path, cubes={"all": None, "854149": weights}, eu_members=EU)
    for flt in (_filter(), _filter(weights=weights, goods_key="854149"), _filter(side="importer")):
        key = ["period", "exporter", "importer", "source"]
        a = plain.monthly_edges(flt).sort_values(key).reset_index(drop=True)
        b = cubed.monthly_edges(flt).sort_values(key).reset_index(drop=True)
        pd.testing.assert_frame_equal(a, b)


def test_annual_rows_are_spread_over_their_months_unless_monthly_rows_exist(tmp_path):
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
    monthly = store.monthly_edges(_filter()).sort_values("period").set_index("period")["value_usd"]
    assert list(monthly[:12]) == [100.0] * 12
    assert list(monthly[12:]) == [50.0]
    # each month says whether it is a twelfth of a year (the data basis `annual_average`), cube or not
    for cubed in (store, TradeStore(tmp_path, cubes={"all": None})):
        marks = cubed.monthly_edges(_filter()).sort_values("period")["annual"].tolist()
        assert marks == [True] * 12 + [False]


def _member_state_rows(source: str, file_hash: str) -> pd.DataFrame:
    return canonical_frame(
        [
            ("2023-03-01", "DEU", "KGZ", "X", "854149", "H6", 70.0),
            ("2023-03-01", "FRA", "KGZ", "X", "854149", "H6", 30.0),
            ("2023-03-01", "DEU", "RUS", "X", "854149", "H6", 5.0),
        ],
        source=source,
        file_hash=file_hash,
    )


def test_comext_member_states_show_under_eu27_and_under_the_member(tmp_path):
    write_fixture_store(tmp_path, _member_state_rows("comext", "comext0000000000"))
    store = TradeStore(tmp_path, eu_members=EU)
    folded = _edges(store, _filter(sources=("comext",)))
    assert _edge(folded, "EU27", "KGZ") == 100.0 and _edge(folded, "EU27", "RUS") == 5.0
    germany = tuple(sorted(CountryGroups(EU).node_map(keep=["DEU"]).items()))
    alone = _edges(store, _filter(sources=("comext",), node_map=germany, exporters=frozenset({"DEU"})))
    assert set(zip(alone["exporter"], alone["importer"], alone["value_usd"], strict=True)) == {
        ("DEU", "KGZ", 70.0),
        ("DEU", "RUS", 5.0),
    }
    opened = _edges(store, _filter(sources=("comext",), node_map=()))
    assert _edge(opened, "FRA", "KGZ") == 30.0 and _edge(opened, "EU27", "KGZ") == 0.0


def test_the_same_declaration_from_two_sources_counts_once(tmp_path):
    comtrade = _member_state_rows("comtrade", "ctr0000000000000")
    comtrade["value_usd"] = comtrade["value_usd"] * 1.01  # the same declaration, rounded differently
    write_fixture_store(tmp_path, _member_state_rows("comext", "comext0000000000"), comtrade)
    store = TradeStore(tmp_path, eu_members=EU)
    flows = _edges(store, _filter(sources=("comext", "comtrade")))
    assert _edge(flows, "EU27", "KGZ") == 100.0  # Comext ranks first for the EU member states
    assert store.shadowed_rows(_filter(sources=("comext", "comtrade"))) == 3
    assert sum(store.rules.shadowed_rows.values()) == 3


def test_the_eu_as_one_beside_its_members_is_not_added_twice(tmp_path):
    rows = _member_state_rows("comtrade", "ctr0000000000000")
    eu_as_one = canonical_frame(
        [("2023-03-01", "EUU", "KGZ", "X", "854149", "H6", 100.0)], file_hash="ctr0000000000000"
    )
    write_fixture_store(tmp_path, pd.concat([rows, eu_as_one], ignore_index=True))
    store = TradeStore(tmp_path, eu_members=EU)
    flows = _edges(store, _filter())
    assert _edge(flows, "EU27", "KGZ") == 100.0  # not 200
    assert store.shadowed_rows(_filter()) == 1


def test_hong_kong_and_macao_fold_into_china_only_when_asked(tmp_path):
    rows = canonical_frame(
        [
            ("2023-03-01", "HKG", "RUS", "X", "854149", "H6", 40.0),
            ("2023-03-01", "CHN", "RUS", "X", "854149", "H6", 60.0),
            ("2023-03-01", "MAC", "KAZ", "X", "854149", "H6", 5.0),
        ]
    )
    write_fixture_store(tmp_path, rows)
    store = TradeStore(tmp_path, eu_members=EU)
    alone = _edges(store, _filter())
    assert _edge(alone, "HKG", "RUS") == 40.0 and _edge(alone, "CHN", "RUS") == 60.0
    folded = tuple(sorted(CountryGroups(EU).node_map(china_mode="with_hkg_mac").items()))
    together = _edges(store, _filter(node_map=folded))
    assert _edge(together, "CHN", "RUS") == 100.0 and _edge(together, "CHN", "KAZ") == 5.0

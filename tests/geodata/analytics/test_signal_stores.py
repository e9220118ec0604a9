"""Signals from stores: the cell query on the hand-made store, a store of noise alone (next to
nothing), and the patterns planted in the demo (all found in the default view)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from geodata.analytics.signals import Thresholds, find_signals
from geodata.baseline import BASELINE
from geodata.trade.demo_model import PLANTED
from geodata.trade.query import FlowFilter, TradeStore
from tests.geodata.trade_fixtures import write_fixture_store

TRANSIT = frozenset({"KAZ", "KGZ", "ARM"})
EU = (("DEU", "EU27"), ("FRA", "EU27"))
ALL = (date(2019, 1, 1), date(2024, 12, 1))


def _filter(**changes) -> FlowFilter:
    base = {"start": ALL[0], "end": ALL[1], "sources": ("comtrade",), "node_map": EU, "transit": TRANSIT}
    return FlowFilter(**{**base, **changes})


@pytest.fixture(scope="module")
def fixture_store(tmp_path_factory) -> TradeStore:
    data_dir = tmp_path_factory.mktemp("store")
    write_fixture_store(data_dir)
    return TradeStore(data_dir, eu_members=("DEU", "FRA"))


def test_cells_put_both_declarations_side_by_side(fixture_store):
    cells = fixture_store.signal_cells(_filter())
    row = cells[(cells["exporter"] == "EUU") & (cells["importer"] == "KAZ") & (cells["hs6"] == "854149")]
    assert row["exporter_usd"].tolist() == [300.0] and row["importer_usd"].tolist() == [200.0]
    assert row["exporter_kg"].tolist() == [600.0] and row["importer_kg"].tolist() == [400.0]
    russia = cells[(cells["exporter"] == "RUS") & (cells["importer"] == "KAZ")]
    assert russia["exporter_usd"].isna().all() and russia["importer_usd"].tolist() == [500.0]


def test_cells_ignore_the_view_period_direction_and_pair_and_are_memoised(fixture_store):
    first = fixture_store.signal_cells(_filter())
    narrowed = fixture_store.signal_cells(
        _filter(
            start=date(2023, 3, 1),
            end=date(2023, 3, 1),
            direction="into_russia",
            exporters=frozenset({"KAZ"}),
        )
    )
    assert narrowed is first


def _noise_store(data_dir) -> None:
    rng = np.random.default_rng(11)
    months = pd.date_range("2019-01-01", "2024-12-01", freq="MS")
    season = 1.0 + 0.1 * np.sin(2 * np.pi * months.month.to_numpy() / 12.0)
    pairs = [("DEU", "KAZ"), ("CHN", "KGZ"), ("TUR", "ARM"), ("KAZ", "RUS"), ("KGZ", "RUS"), ("ARM", "RUS")]
    frames = []
    for exporter, importer in pairs:
        for code in ("854231", "848210", "850440", "851762", "847150", "853224", "852691", "870323"):
            level, price = rng.uniform(2e5, 5e6), rng.uniform(5, 500)
            value = level * season * rng.lognormal(0.0, 0.25, len(months))
            sides = [(exporter, importer, "X", value)]
            if importer != "RUS":
                sides.append((importer, exporter, "M", value * 1.05 * rng.lognormal(0.0, 0.05, len(months))))
            for reporter, partner, flow, amount in sides:
                frames.append(
                    pd.DataFrame(
                        {
                            "period": months,
                            "reporter": reporter,
                            "partner": partner,
                            "flow": flow,
                            "hs6": code,
                            "hs_version": np.where(months.year < 2022, "H5", "H6"),
                            "value_usd": amount.round(2),
                            "net_kg": (value / price * rng.lognormal(0.0, 0.05, len(months))).round(0),
                        }
                    )
                )
    frame = pd.concat(frames, ignore_index=True)
    frame["freq"] = "M"
    frame["source"], frame["source_file"] = "comtrade", "noise000000000000"
    frame["partner2"], frame["transport_mode"] = None, None
    write_fixture_store(data_dir, frame)


def test_a_store_of_noise_yields_next_to_nothing(tmp_path):
    _noise_store(tmp_path)
    store = TradeStore(tmp_path, eu_members=("DEU", "FRA"))
    cells = store.signal_cells(_filter())
    assert len(cells) == 48 * 72  # 48 series over 72 months
    found = find_signals(cells, ALL, BASELINE, (date(2022, 1, 1), ALL[1]), TRANSIT, Thresholds(), "all goods")
    assert len(found) <= 1, [(s.kind, s.exporter, s.importer, s.hs6) for s in found]
    # the same store with a pattern the detectors must see: ten times the level for half a year
    boosted = cells.copy()
    chosen = (
        (boosted["exporter"] == "KAZ")
        & (boosted["hs6"] == "854231")
        & boosted["period"].between("2023-01-01", "2023-06-01")
    )
    boosted.loc[chosen, "exporter_usd"] *= 10
    again = find_signals(boosted, ALL, BASELINE, (date(2022, 1, 1), ALL[1]), TRANSIT, Thresholds())
    assert any(s.kind == "surge" and s.exporter == "KAZ" and s.hs6 == "854231" for s in again)


def _matches(signal, pattern) -> bool:
    if signal.kind != pattern.kind or signal.hs6 != pattern.hs6:
        return False
    if pattern.kind == "transshipment":
        return signal.via == pattern.via and signal.exporter == pattern.exporter
    return (signal.exporter, signal.importer) == (pattern.exporter, pattern.importer)


@pytest.mark.parametrize("pattern", PLANTED, ids=lambda p: p.kind)
def test_every_planted_demo_pattern_is_found_in_the_default_view(demo_services, pattern):
    from dashboard.view_document import view_signals
    from dashboard.view_state import ViewState

    view = ViewState.default(demo_services.view_context)
    found = [
        s for s in view_signals(view, demo_services, Thresholds(max_signals=5000)) if _matches(s, pattern)
    ]
    assert found, pattern
    start = max(pattern.start[:7], f"{view.start:%Y-%m}")
    assert any(s.start <= start <= s.end for s in found)

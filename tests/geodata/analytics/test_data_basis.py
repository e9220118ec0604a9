"""Data basis per edge and month: the weakest basis of an edge-month's rows, counted per edge, on
hand-built frames (mirror, annual-only, BACI, demo, mixed sources, stopped edges, empty windows) and
checked against a plain pandas reading of the same rule on random frames."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from geodata.analytics.data_basis import BASES, BASIS_NOTES, BASIS_TITLES, edge_bases, month_bases
from geodata.analytics.indexed_monthly import index_monthly
from geodata.analytics.view_numbers import period_edges

TRANSIT = frozenset({"KAZ", "KGZ", "ARM"})
BASELINE = (date(2019, 1, 1), date(2021, 12, 1))
COVERAGE = (date(2019, 1, 1), date(2024, 12, 1))
YEAR_2024 = (date(2024, 1, 1), date(2024, 12, 1))


def frame(rows: list[tuple]) -> pd.DataFrame:
    """Rows of (YYYY-MM, exporter, importer, source, value, annual)."""
    return pd.DataFrame(
        [(pd.Timestamp(f"{m}-01"), e, i, s, v, a) for m, e, i, s, v, a in rows],
        columns=["period", "exporter", "importer", "source", "value_usd", "annual"],
    )


def bases_of(rows: list[tuple], window=YEAR_2024) -> dict[tuple[str, str], tuple[str | None, dict]]:
    indexed = index_monthly(frame(rows), TRANSIT, "all")
    weakest, months = edge_bases(indexed, indexed.window(window))
    pairs = zip(indexed.edges["exporter"], indexed.edges["importer"], strict=True)
    return {pair: (w, m) for pair, w, m in zip(pairs, weakest, months, strict=True)}


def test_each_basis_from_its_own_rows():
    found = bases_of(
        [
            ("2024-01", "DEU", "KAZ", "comext", 10.0, False),
            ("2024-01", "KAZ", "RUS", "comtrade", 10.0, False),
            ("2024-01", "CHN", "KGZ", "comtrade", 10.0, True),
            ("2024-01", "TUR", "ARM", "baci", 10.0, True),
            ("2024-01", "USA", "KAZ", "demo", 10.0, False),
        ]
    )
    assert found[("DEU", "KAZ")] == ("reported", {"reported": 1})
    assert found[("KAZ", "RUS")] == ("mirror", {"mirror": 1})
    assert found[("CHN", "KGZ")] == ("annual_average", {"annual_average": 1})
    assert found[("TUR", "ARM")] == ("estimated", {"estimated": 1})  # BACI is an estimate before annual
    assert found[("USA", "KAZ")] == ("demo", {"demo": 1})


def test_an_edge_month_takes_its_weakest_row_and_an_edge_its_weakest_month():
    found = bases_of(
        [
            ("2024-01", "DEU", "KAZ", "comext", 10.0, False),
            ("2024-01", "DEU", "KAZ", "comtrade", 5.0, True),  # the same month from an annual source
            ("2024-02", "DEU", "KAZ", "comext", 10.0, False),
            ("2024-03", "DEU", "KAZ", "comext", 10.0, False),
        ]
    )
    assert found[("DEU", "KAZ")] == ("annual_average", {"reported": 2, "annual_average": 1})


def test_an_annual_mirror_month_is_an_annual_average_and_zero_rows_do_not_count():
    found = bases_of(
        [
            ("2024-01", "KAZ", "RUS", "comtrade", 10.0, True),
            ("2024-02", "KAZ", "RUS", "comtrade", 10.0, False),
            ("2024-03", "KAZ", "RUS", "baci", 0.0, True),  # no trade: says nothing about the figure
        ]
    )
    assert found[("KAZ", "RUS")] == ("annual_average", {"annual_average": 1, "mirror": 1})


def test_no_trade_in_the_window_has_no_basis():
    found = bases_of([("2020-01", "DEU", "KAZ", "comext", 10.0, False)])
    assert found[("DEU", "KAZ")] == (None, {})


def test_a_stopped_edge_shows_its_baselines_basis_and_a_frame_without_the_column_is_monthly():
    monthly = frame(
        [
            ("2020-05", "DEU", "RUS", "comtrade", 10.0, True),
            ("2024-05", "KAZ", "RUS", "comtrade", 10.0, False),
        ]
    ).drop(columns="annual")
    edges = period_edges(index_monthly(monthly, TRANSIT, "all"), YEAR_2024, BASELINE, COVERAGE)
    by_pair = edges.set_index(["exporter", "importer"])
    assert by_pair.loc[("DEU", "RUS"), "status"] == "stopped"
    assert by_pair.loc[("DEU", "RUS"), "basis"] == "mirror"  # from the baseline; no annual column → monthly
    assert by_pair.loc[("KAZ", "RUS"), "basis_months"] == {"mirror": 1}


def test_an_empty_frame_and_an_empty_window():
    empty = index_monthly(frame([]), TRANSIT, "all")
    assert edge_bases(empty, empty.window(YEAR_2024)) == ([], [])
    assert month_bases(empty, empty.window(YEAR_2024)) == []


def test_month_bases_lists_every_traded_edge_month():
    indexed = index_monthly(
        frame(
            [
                ("2024-02", "DEU", "KAZ", "comext", 10.0, False),
                ("2024-02", "DEU", "KAZ", "demo", 1.0, False),
                ("2024-01", "KAZ", "RUS", "comtrade", 3.0, False),
            ]
        ),
        TRANSIT,
        "all",
    )
    assert sorted(month_bases(indexed, indexed.window(YEAR_2024))) == [
        ("DEU", "KAZ", date(2024, 2, 1), "demo"),
        ("KAZ", "RUS", date(2024, 1, 1), "mirror"),
    ]


@pytest.mark.parametrize("seed", range(5))
def test_random_frames_agree_with_a_pandas_reading_of_the_rule(seed):
    rng = np.random.default_rng(seed)
    n = 300
    monthly = pd.DataFrame(
        {
            "period": rng.choice(pd.date_range("2023-06-01", "2024-12-01", freq="MS"), n),
            "exporter": rng.choice(["RUS", "KAZ", "DEU", "CHN"], n),
            "importer": rng.choice(["RUS", "KGZ", "ARM", "TUR"], n),
            "source": rng.choice(["comtrade", "comext", "baci", "demo"], n, p=[0.5, 0.3, 0.1, 0.1]),
            "value_usd": np.where(rng.random(n) < 0.15, 0.0, 5.0),
            "annual": rng.random(n) < 0.2,
        }
    )
    monthly = monthly[monthly["exporter"] != monthly["importer"]]
    indexed = index_monthly(monthly, TRANSIT, "all")
    weakest, months = edge_bases(indexed, indexed.window(YEAR_2024))
    got = {
        (e, i): (w, m)
        for e, i, w, m in zip(
            indexed.edges["exporter"], indexed.edges["importer"], weakest, months, strict=True
        )
    }
    rows = monthly[(monthly["period"] >= "2024-01-01") & (monthly["value_usd"] != 0)].copy()
    mirror = (rows["exporter"] == "RUS") | (rows["importer"] == "RUS")
    rows["rank"] = np.select(
        [rows["source"] == "demo", rows["source"] == "baci", rows["annual"], mirror], [4, 3, 2, 1], 0
    )
    per_month = rows.groupby(["exporter", "importer", "period"])["rank"].max()
    for (exporter, importer), (basis, counts) in got.items():
        if (exporter, importer) not in per_month.index.droplevel(2):
            assert (basis, counts) == (None, {})
            continue
        ranks = per_month.loc[(exporter, importer)]
        assert basis == BASES[int(ranks.max())]
        assert counts == {BASES[r]: int((ranks == r).sum()) for r in sorted(set(ranks))}


def test_every_basis_has_a_title_and_a_note():
    assert set(BASIS_TITLES) == set(BASIS_NOTES) == set(BASES)

"""The typical dashboard query on a large store: DuckDB over Parquet vs the same query in pandas.

Typical filter: the 50 CHPL codes (with their HS2017 predecessors), a 24-month window, exporter-
reported flows grouped by exporter × importer. Each timed run uses a different window, so the
store's per-filter memo never answers. Target (issue 3): median ≤ 60 ms on 10 M rows; the serving
process ≤ 600 MB. Usage: python benchmarks/bench_query.py [--rows N]
"""

from __future__ import annotations

import argparse
import statistics
from datetime import date

from common import ensure_store, rss_mb, summary, timed

from geodata.goods import load_catalogue
from geodata.trade.query import FlowFilter, TradeStore


def windows(count: int) -> list[tuple[date, date]]:
    result = []
    for index in range(count):
        start_month = 2019 * 12 + (index * 2) % 60
        end_month = start_month + 23
        result.append(
            (date(start_month // 12, start_month % 12 + 1, 1), date(end_month // 12, end_month % 12 + 1, 1))
        )
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--runs", type=int, default=25)
    args = parser.parse_args()
    path = ensure_store(f"store-{args.rows // 1_000_000}m", args.rows)
    catalogue = load_catalogue()
    weights = catalogue.version_weights(catalogue.chpl_codes)
    before = rss_mb()
    store = TradeStore(path)
    rows = sum(f["rows"] for f in store.manifest["files"])
    filters = [
        FlowFilter(start=a, end=b, weights=weights, goods_key=f"chpl-{i}")
        for i, (a, b) in enumerate(windows(args.runs + 3))
    ]
    for flt in filters[:3]:  # warm the file cache and DuckDB's metadata
        store._flows_uncached(flt)
    it = iter(filters[3:])
    duck = timed(lambda: store._flows_uncached(next(it)), args.runs)
    serving_rss = rss_mb()
    print(f"store: {rows:,} rows, {len(weights)} goods rows (50 CHPL codes + HS2017 links)")
    print(f"duckdb  flows(filter): {summary(duck)}")
    print(
        f"serving process RSS after the queries: {serving_rss:.0f} MB (before opening the store {before:.0f} MB)"
    )

    import duckdb

    frame = duckdb.sql(
        f"SELECT period, reporter, partner, flow, hs6, hs_version, value_usd FROM "
        f"read_parquet('{store.layout.flows_glob}')"
    ).df()

    def pandas_query(start: date, end: date):
        rows = frame[(frame["flow"] == "X") & (frame["period"] >= str(start)) & (frame["period"] <= str(end))]
        rows = rows.merge(weights, on=["hs_version", "hs6"])
        rows = rows.assign(value=rows["value_usd"] * rows["weight"])
        return rows.groupby(["reporter", "partner"], as_index=False)["value"].sum()

    it2 = iter(windows(args.runs + 3)[3:])
    panda = timed(lambda: pandas_query(*next(it2)), args.runs)
    print(f"pandas  same query:   {summary(panda)} (data already in memory)")
    ratio = statistics.median(panda) / statistics.median(duck)
    print(f"ratio pandas / duckdb (medians): {ratio:.1f}x")
    print(
        f"RESULT query_median_ms={statistics.median(duck):.1f} serving_rss_mb={serving_rss:.0f} ratio={ratio:.1f}"
    )


if __name__ == "__main__":
    main()

"""The typical dashboard query on a large store: DuckDB over Parquet vs the same query in pandas.

Typical filter: the 50 CHPL codes (with their HS2017 predecessors), exporter-reported flows of the
region (every edge touching Russia or a transit country, the EU folded into EU27) grouped by month,
exporter, importer and source — the one scan a view runs (`TradeStore.monthly_edges`). Each timed
run uses a different goods key, so neither the per-filter memo nor a precomputed cube answers; the
pandas comparison computes the same aggregate (region filter, EU folding, monthly grouping). Target (issue 3): median ≤ 60 ms on 10 M rows; the serving
process ≤ 600 MB. Usage: python benchmarks/bench_query.py [--rows N]
"""

from __future__ import annotations

import argparse
import statistics

from common import ensure_store, rss_mb, summary, timed

from geodata.country_groups import load_country_groups
from geodata.goods import load_catalogue
from geodata.layers import REFERENCE_DIR
from geodata.trade.query import FlowFilter, TradeStore

TRANSIT = frozenset({"KAZ", "KGZ", "UZB", "TJK", "TKM", "GEO", "ARM", "AZE", "TUR"})


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--runs", type=int, default=25)
    args = parser.parse_args()
    path = ensure_store(f"store-{args.rows // 1_000_000}m", args.rows)
    catalogue = load_catalogue()
    weights = catalogue.version_weights(catalogue.chpl_codes)
    groups = load_country_groups(REFERENCE_DIR)
    node_map = tuple(sorted(groups.node_map().items()))
    before = rss_mb()
    store = TradeStore(path, eu_members=groups.eu_members)
    rows = sum(f["rows"] for f in store.manifest["files"])
    filters = [
        FlowFilter(
            start=store.first_month,
            end=store.last_month,
            transit=TRANSIT,
            node_map=node_map,
            weights=weights,
            goods_key=f"chpl-{i}",
        )
        for i in range(args.runs + 3)
    ]
    for flt in filters[:3]:  # warm the file cache and DuckDB's metadata
        store._edge_months_uncached(flt)
    it = iter(filters[3:])
    duck = timed(lambda: store._edge_months_uncached(next(it)), args.runs)
    serving_rss = rss_mb()
    print(f"store: {rows:,} rows, {len(weights)} goods rows (50 CHPL codes + HS2017 links)")
    print(f"duckdb  flows(filter): {summary(duck)}")
    print(
        f"serving process RSS after the queries: {serving_rss:.0f} MB (before opening the store {before:.0f} MB)"
    )

    import duckdb

    frame = duckdb.sql(
        f"SELECT period, reporter, partner, flow, hs6, hs_version, value_usd, source FROM "
        f"read_parquet('{store.layout.flows_glob}')"
    ).df()

    fold = dict(node_map)
    region = TRANSIT | {"RUS"}

    def pandas_query():
        rows = frame[frame["flow"] == "X"].merge(weights, on=["hs_version", "hs6"])
        rows = rows.assign(
            value=rows["value_usd"] * rows["weight"],
            exporter=rows["reporter"].map(fold).fillna(rows["reporter"]),
            importer=rows["partner"].map(fold).fillna(rows["partner"]),
        )
        rows = rows[
            (rows["exporter"].isin(region) | rows["importer"].isin(region))
            & (rows["exporter"] != rows["importer"])
        ]
        return rows.groupby(["period", "exporter", "importer", "source"], as_index=False)["value"].sum()

    panda = timed(pandas_query, args.runs)
    print(f"pandas  same query:   {summary(panda)} (data already in memory)")
    ratio = statistics.median(panda) / statistics.median(duck)
    print(f"ratio pandas / duckdb (medians): {ratio:.1f}x")
    print(
        f"RESULT query_median_ms={statistics.median(duck):.1f} serving_rss_mb={serving_rss:.0f} ratio={ratio:.1f}"
    )


if __name__ == "__main__":
    main()

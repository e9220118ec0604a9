"""Signals for the default view on a large demo store: server time of `GET /api/signals`'s work.

Four timings, each a median over --runs, in one run so they compare:

- baseline: the view's own scan (`TradeStore.monthly_edges`, uncached: a fresh goods key each run);
- cells: the signal cell query (`signal_queries.signal_cells_frame`, uncached, same goods);
- detect: the four detectors on the view's cells (`find_signals`; thresholds vary so no memo answers);
- served: `view_signals` as `/api/signals` calls it, after the first request (memoised per snapshot).

Target (issue 10): the served signals for the default view within 300 ms on the 10 M-row store.
Usage: python benchmarks/bench_signals.py [--rows N] [--runs N]
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace

from common import ensure_store, summary, timed

from dashboard.services import build_services
from dashboard.settings import Settings
from dashboard.view_data import flow_filter, goods_selection
from dashboard.view_document import view_signals
from dashboard.view_state import ViewState
from geodata.analytics.signals import Thresholds, find_signals
from geodata.trade.query import BASELINE
from geodata.trade.signal_queries import signal_cells_frame


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    path = ensure_store(f"store-{args.rows // 1_000_000}m", args.rows)
    services = build_services(Settings(data_dir=path))
    store = services.store
    view = ViewState.default(services.view_context)
    label, codes = goods_selection(view, services)
    flt = flow_filter(view, services, codes)
    coverage = (services.view_context.first_month, services.view_context.last_month)
    window = (view.start, view.end)
    rows = sum(f["rows"] for f in store.manifest["files"])

    keys = iter(range(10_000))
    baseline = timed(
        lambda: store._edge_months_uncached(replace(flt, goods_key=f"bench-{next(keys)}")), args.runs
    )
    cursor = store._cursor()
    cells_times = timed(lambda: signal_cells_frame(cursor, flt, store.sources), args.runs)
    cells = store.signal_cells(flt)
    factors = iter(3.0 + i / 1000 for i in range(10_000))
    detect = timed(
        lambda: find_signals(
            cells, coverage, BASELINE, window, flt.transit, Thresholds(surge_factor=next(factors)), label
        ),
        args.runs,
    )
    started = time.perf_counter()
    found = view_signals(view, services, Thresholds())
    first = (time.perf_counter() - started) * 1000.0
    served = timed(lambda: view_signals(view, services, Thresholds()), args.runs)
    print(
        f"store: {rows:,} rows; default view {view.to_query()[:60]}…; {len(cells):,} cells; {len(found)} signals"
    )
    print(f"baseline  view scan (monthly_edges, uncached): {summary(baseline)}")
    print(f"cells     signal cell query (uncached):        {summary(cells_times)}")
    print(f"detect    four detectors on the cells:         {summary(detect)}")
    print(f"first     /api/signals work, first request:    {first:7.1f} ms")
    print(f"served    /api/signals work, memoised:         {summary(served)}")


if __name__ == "__main__":
    main()

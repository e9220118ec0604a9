"""Signals for the default view on a large demo store: server time of `GET /api/signals`'s work.

Timings, each a median over --runs, in one run so they compare:

- baseline: the view's own scan (`TradeStore.monthly_edges`, uncached: a fresh goods key each run);
- cells: the signal cell query (`signal_queries.signal_cells_frame`, uncached, same goods);
- detect: the four detectors on the view's cells (`find_signals`; thresholds vary so no memo answers);
- computed: a cold `/api/signals` for the default view computing its signals (memos emptied, the
  snapshot's saved signals not read): what every first request paid before signals were saved;
- saved: a cold `/api/signals` for the default view as the server answers it (memos emptied), reading
  the signals `corridor-atlas ingest` saved beside the snapshot (`dashboard.signal_cache`);
- served: `view_signals` after the first request (memoised per snapshot).

The store is built through the Python API, so the script saves the default view's signals itself
when the snapshot has none, as the CLI does after an ingest, and prints how long that took.

Target (issue 10): the default view's signals within 300 ms server time on the 10 M-row store, cold.
Usage: python benchmarks/bench_signals.py [--rows N] [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import time
from dataclasses import replace

from common import ensure_store, summary, timed

from dashboard.services import build_services
from dashboard.settings import Settings
from dashboard.signal_cache import key_text, precomputed_signals
from dashboard.view_data import flow_filter, goods_selection
from dashboard.view_document import _SIGNAL_MEMOS, _period_signals, precompute_default_signals, view_signals
from dashboard.view_state import ViewState
from geodata.analytics.signals import Thresholds, find_signals
from geodata.baseline import BASELINE
from geodata.memo import BoundedMemo
from geodata.trade.query import SIGNAL_CELLS_MEMO_BYTES, SIGNAL_CELLS_MEMO_SIZE
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
    if precomputed_signals(store.snapshot_dir, _default_key(view, services)) is None:
        started = time.perf_counter()
        _, count = precompute_default_signals(services)
        print(
            f"saved the default view's {count} signals in {time.perf_counter() - started:.1f} s (once, at ingest)"
        )

    def cold(use_saved: bool):
        _SIGNAL_MEMOS.pop(store, None)
        store.signal_cells_memo = BoundedMemo(SIGNAL_CELLS_MEMO_SIZE, SIGNAL_CELLS_MEMO_BYTES)
        return _period_signals(view, services, Thresholds(), use_saved=use_saved)

    computed = timed(lambda: cold(False), args.runs)
    saved = timed(lambda: cold(True), args.runs)
    as_json = [s.as_json() for s in cold(True)[2]], [s.as_json() for s in cold(False)[2]]
    assert as_json[0] == as_json[1], "the saved signals differ from the computed ones"
    found = view_signals(view, services, Thresholds())
    served = timed(lambda: view_signals(view, services, Thresholds()), args.runs)
    print(
        f"store: {rows:,} rows; default view {view.to_query()[:60]}…; {len(cells):,} cells; {len(found)} signals"
    )
    print(f"baseline  view scan (monthly_edges, uncached): {summary(baseline)}")
    print(f"cells     signal cell query (uncached):        {summary(cells_times)}")
    print(f"detect    four detectors on the cells:         {summary(detect)}")
    print(f"computed  cold /api/signals, computing:        {summary(computed)}")
    print(f"saved     cold /api/signals, saved at ingest:  {summary(saved)}")
    print(f"served    /api/signals work, memoised:         {summary(served)}")
    ratio = statistics.median(saved) / statistics.median(computed)
    print(f"ratio     saved / computed (same run):         {ratio:.3f}")


def _default_key(view: ViewState, services) -> str:
    label, codes = goods_selection(view, services)
    flt = flow_filter(view, services, codes)
    return key_text(
        flt.goods_key, flt.node_map, flt.sources, flt.transit, (view.start, view.end), label, Thresholds()
    )


if __name__ == "__main__":
    main()

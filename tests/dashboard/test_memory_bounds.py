"""Issue 12, point 6: no cache keyed by user input grows without a bound."""

from __future__ import annotations

import threading
from dataclasses import replace

import numpy as np
import pandas as pd

from geodata.goods import MEMO_SIZE
from geodata.memo import BoundedMemo, approximate_bytes


def test_the_memo_keeps_the_most_recently_used_answers():
    memo = BoundedMemo(size=3)
    calls = []
    for key in ["a", "b", "c", "a", "d"]:  # "a" is used again, so "b" goes first
        memo.get(key, lambda key=key: calls.append(key) or key.upper())
    assert len(memo) == 3 and calls == ["a", "b", "c", "d"]
    assert memo.get("a", lambda: "recomputed") == "A" and memo.get("b", lambda: "again") == "again"


def test_the_memo_is_safe_across_threads():
    memo = BoundedMemo(size=50)

    def work(offset):
        for i in range(2000):
            assert memo.get((offset + i) % 120, lambda i=i: (offset + i) % 120) == (offset + i) % 120

    threads = [threading.Thread(target=work, args=(n * 7,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(memo) == 50


def test_the_goods_memo_stays_bounded_under_many_selections(demo_services):
    assert isinstance(demo_services.catalogue._memo, BoundedMemo) and MEMO_SIZE <= 1000
    catalogue = replace(demo_services.catalogue)  # a copy with its own memo, made small for the test
    catalogue.__dict__["_memo"] = BoundedMemo(size=10)
    for code in sorted(catalogue.codes["hs6"])[:30]:  # every user selection is a new key
        codes = catalogue.expand((code,), demo_services.store.codes)
        catalogue.version_weights(codes)
        catalogue.baseline_comparability(codes)
    assert len(catalogue._memo) == 10


def test_a_memo_of_frames_is_bounded_by_bytes():
    memo = BoundedMemo(size=100, max_bytes=10_000)
    frame = pd.DataFrame({"value_usd": np.arange(500, dtype=float)})  # 4 KB of values + index
    one = approximate_bytes(frame)
    assert 4000 <= one < 5000
    for key in range(5):
        memo.get(key, lambda: frame.copy())
    assert len(memo) == 2 and memo.bytes == 2 * one <= 10_000  # the oldest three went
    big = pd.DataFrame({"value_usd": np.zeros(5000)})
    assert memo.get("big", lambda: big) is big and len(memo) == 2  # larger than the bound: not kept
    assert memo.describe().startswith("2/100, 0.0/0 MB")


def test_the_views_memos_hold_a_bounded_number_of_bytes(demo_services):
    from dashboard.view_data import load_view_data
    from dashboard.view_state import ViewState

    store = demo_services.store
    assert store.monthly_memo.max_bytes and demo_services._indexed_memo.max_bytes
    for query in ["goods=chpl", "goods=bearings&dir=all", "goods=chpl&side=importer&focus=KAZ"]:
        view, _ = ViewState.from_query(query, demo_services.view_context)
        load_view_data(view, demo_services)
    for memo in (store.monthly_memo, demo_services._indexed_memo, demo_services._series_memo):
        assert 0 < memo.bytes <= memo.max_bytes and len(memo) <= memo.size
    assert demo_services.memo_report().startswith(f"monthly {len(store.monthly_memo)}/")

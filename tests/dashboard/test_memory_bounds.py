"""Issue 12, point 6: no cache keyed by user input grows without a bound."""

from __future__ import annotations

import threading
from dataclasses import replace

from geodata.goods import MEMO_SIZE, BoundedMemo


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

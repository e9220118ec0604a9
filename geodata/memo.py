"""Bounded, thread-safe memos for answers keyed by what users ask.

Every key a memo holds comes from user input (a goods selection, a view's filter), so every memo is
bounded: by a number of entries and, for memos of frames, by the bytes the answers hold. The least
recently used answers go first. Two threads asking the same new key may each compute it once.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

import numpy as np
import pandas as pd


def approximate_bytes(value: Any) -> int:
    """Bytes an answer holds: frames and arrays by their buffers, objects with ``nbytes`` by it, a
    tuple by its items; anything else counts as a small object.
    """
    if isinstance(value, pd.DataFrame):
        return int(value.memory_usage(index=True, deep=False).sum())
    if isinstance(value, pd.Series | np.ndarray):
        return int(value.nbytes)
    if hasattr(value, "nbytes"):
        return int(value.nbytes)
    if isinstance(value, tuple):
        return sum(approximate_bytes(item) for item in value)
    return 64


class BoundedMemo:
    """Answers by key; beyond ``size`` entries or ``max_bytes`` bytes the least recently used go.

    An answer larger than ``max_bytes`` on its own is returned and not kept.
    """

    def __init__(self, size: int, max_bytes: int | None = None) -> None:
        self.size = size
        self.max_bytes = max_bytes
        self.bytes = 0
        self._items: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        """The number of answers kept."""
        return len(self._items)

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """The answer for ``key``: the kept one, else ``compute()`` — kept unless larger than ``max_bytes``
        on its own, evicting the least recently used answers beyond the bounds.
        """
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
                return found[0]
        value = compute()  # outside the lock: a slow answer does not hold up the others
        weight = approximate_bytes(value) if self.max_bytes is not None else 0
        if self.max_bytes is not None and weight > self.max_bytes:
            return value
        with self._lock:
            previous = self._items.pop(key, None)
            self.bytes -= previous[1] if previous is not None else 0
            self._items[key] = (value, weight)
            self.bytes += weight
            while len(self._items) > self.size or (
                self.max_bytes is not None and self.bytes > self.max_bytes
            ):
                self.bytes -= self._items.popitem(last=False)[1][1]
        return value

    def describe(self) -> str:
        """Entries and bytes held against the bounds (for the load run's report)."""
        held = f"{len(self._items)}/{self.size}"
        if self.max_bytes is not None:
            held += f", {self.bytes / 2**20:.1f}/{self.max_bytes / 2**20:.0f} MB"
        return held

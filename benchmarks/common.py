"""Shared helpers for the benchmark scripts (not part of the test run)."""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
sys.path.insert(0, str(ROOT))


def ensure_store(name: str, rows: int | None) -> Path:
    """A demo store under benchmarks/out/ (built once; `--rows` scales it)."""
    from geodata.trade.ingest import ingest_demo

    path = OUT / name
    if not (path / "manifest.json").exists():
        started = time.perf_counter()
        entry = ingest_demo(path, seed=7, rows=rows)
        print(f"built {path}: {entry['rows']:,} rows in {time.perf_counter() - started:.0f} s")
    return path


def timed(function: Callable[[], object], repeats: int) -> list[float]:
    """Wall times in milliseconds."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000.0)
    return times


def summary(times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return f"median {statistics.median(times):7.1f} ms, p95 {p95:7.1f} ms (n={len(times)})"


def rss_mb() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 2**20

"""Warm time per export format for one view (issue 5: a warm export well under 2 s).

The first export starts kaleido's Chromium (printed as the cold time); the rest reuse it.
Usage: python benchmarks/bench_export.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from common import ensure_store

from dashboard.export.command import FORMATS, export_with_services
from dashboard.export.images import ImageRenderer
from dashboard.services import build_services
from dashboard.settings import Settings

VIEW = "goods=chpl&from=2025-04&to=2026-03&dir=into_russia"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    services = build_services(Settings(data_dir=ensure_store("store-demo", None)))
    folder = Path(tempfile.mkdtemp(prefix="bench-export-"))
    renderer = ImageRenderer()  # the app's: one per process, started by the first picture
    started = time.perf_counter()
    export_with_services(services, VIEW, "png", folder / "cold.png", renderer=renderer)
    print(f"cold first export (starts the renderer): {(time.perf_counter() - started) * 1000:.0f} ms")
    for fmt in FORMATS:
        times = []
        for run in range(args.runs):
            started = time.perf_counter()
            out = export_with_services(services, VIEW, fmt, folder / f"view-{run}.{fmt}", renderer=renderer)
            times.append((time.perf_counter() - started) * 1000)
        print(
            f"{fmt:5} warm median {statistics.median(times):6.0f} ms, max {max(times):6.0f} ms, "
            f"{out.stat().st_size / 1024:7.0f} KB (n={args.runs})"
        )

    renderer.close()


if __name__ == "__main__":
    main()

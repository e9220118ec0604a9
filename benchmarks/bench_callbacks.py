"""Dashboard speed: server time and payload per filter change, and first load to a drawn map.

For each store (the quick demo and a 10 M-row one) it replays many filter changes — goods
presets, periods, directions, sides, metrics, focus — through the two callbacks a change runs
(URL/control sync, then render), times them with JSON serialisation included, and measures the
JSON payload the browser receives. Then it opens the page in headless Chromium several times and
measures navigation start → map drawn (countries filled and flow lines present).
Targets (issue 4): ≤ 100 ms p95 per filter change, ≤ 200 KB payload, ≤ 2 s to a drawn map.
Usage: python benchmarks/bench_callbacks.py [--changes N] [--skip-browser]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import threading
import time

import plotly.io.json as pjson
from common import ensure_store, summary

from callbacks.render import render_view
from callbacks.view_sync import sync_view
from dashboard import ids
from dashboard.app import create_app
from dashboard.services import build_services
from dashboard.settings import Settings
from geodata.goods import basket_presets, load_catalogue

CATALOGUE = load_catalogue()

DIRECTIONS = ("into_russia", "out_of_russia", "all")


def random_controls(rng: random.Random, last_index: int) -> tuple[str, dict]:
    start = rng.randrange(0, last_index - 1)
    end = min(last_index, start + rng.choice((0, 2, 11, 23)))
    values = {
        "goods": [rng.choice(list(basket_presets(CATALOGUE)))],
        "hs": [],
        "months": [start, end],
        "direction": rng.choice(DIRECTIONS),
        "side": rng.choice(("exporter", "importer")),
        "metric": rng.choice(("value", "change")),
        "focus": rng.choice([None, None, "KAZ", "ARM", "KGZ"]),
        "layers": ["countries", "flows", "corridors", "crossings", "hubs"],
        "title": "",
    }
    trigger = rng.choice(
        (ids.GOODS_PRESETS, ids.PERIOD_SLIDER, ids.DIRECTION, ids.SIDE, ids.METRIC, ids.FOCUS)
    )
    return trigger, values


def bench_store(name: str, rows: int | None, changes: int) -> None:
    path = ensure_store(name, rows)
    started = time.perf_counter()
    services = build_services(Settings(data_dir=path))
    print(f"\n[{name}] services ready in {time.perf_counter() - started:.1f} s")
    app = create_app(services=services)
    trace_layers = next(
        c.data
        for c in _walk(app.layout() if callable(app.layout) else app.layout)
        if getattr(c, "id", None) == ids.MAP_TRACE_LAYERS
    )
    context = services.view_context
    last = (context.last_month.year - context.first_month.year) * 12 + context.last_month.month - 1
    rng = random.Random(11)
    times, sizes = [], []
    for _ in range(changes):
        trigger, values = random_controls(rng, last)
        t0 = time.perf_counter()
        synced = sync_view(trigger, "", values, None, None, context, country_at=services.country_at)
        payload_sync = pjson.to_json_plotly({k: v for k, v in synced.items() if k != "controls"})
        rendered = render_view(synced["store"], services, trace_layers)
        rendered["map"] = rendered["map"].to_plotly_json()
        payload = pjson.to_json_plotly(rendered)
        times.append((time.perf_counter() - t0) * 1000.0)
        sizes.append((len(payload) + len(payload_sync)) / 1024)
    print(f"[{name}] server time per filter change (sync + render + JSON): {summary(times)}")
    print(f"[{name}] payload per change: median {statistics.median(sizes):.0f} KB, max {max(sizes):.0f} KB")
    return app


def _walk(component):
    yield component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if hasattr(child, "to_plotly_json"):
            yield from _walk(child)


def first_load(app, loads: int) -> None:
    import tempfile

    from playwright.sync_api import sync_playwright
    from werkzeug.serving import make_server

    from tests.e2e.conftest import CHROMIUM_ARGS, chromium_path

    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/"
    results = []
    with sync_playwright() as playwright:
        for _ in range(loads + 1):
            context = playwright.chromium.launch_persistent_context(
                tempfile.mkdtemp(),
                executable_path=chromium_path(),
                args=CHROMIUM_ARGS,
                headless=True,
                viewport={"width": 1280, "height": 720},
                bypass_csp=True,  # lets the harness evaluate its wait condition; the page is unchanged
            )
            page = context.new_page()
            page.goto(url)
            page.wait_for_function(
                "(() => { const g = document.querySelector('#map-graph .js-plotly-plot');"
                " return g && g.querySelectorAll('.choroplethlocation').length > 20 &&"
                " g.data[1].lon.length > 0; })()",
                timeout=30_000,
            )
            results.append(page.evaluate("performance.now()"))
            context.close()
    server.shutdown()
    cold, warm = results[0], results[1:]
    print(
        f"first page load to a drawn map (fresh browser profile each time): first {cold:.0f} ms, "
        f"then median {statistics.median(warm):.0f} ms, max {max(warm):.0f} ms (n={len(warm)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--changes", type=int, default=60)
    parser.add_argument("--loads", type=int, default=5)
    parser.add_argument("--skip-browser", action="store_true")
    args = parser.parse_args()
    demo_app = bench_store("store-demo", None, args.changes)
    big_app = bench_store("store-10m", 10_000_000, args.changes)
    if not args.skip_browser:
        for name, app in (("demo", demo_app), ("10m", big_app)):
            print(f"[{name}] ", end="")
            first_load(app, args.loads)
    print(json.dumps({"done": True}))


if __name__ == "__main__":
    main()

"""Flat memory under load (issue 12, point 6): serve the atlas on 127.0.0.1 as users do
(`corridor-atlas serve`: gunicorn, 2 workers × 4 threads, in a child process), drive a bounded,
randomized stream of view requests from several client threads, sample the server's memory (the
master's and workers' resident sets), and say whether it stays flat after warm-up.

    .venv/bin/python benchmarks/load_memory.py                # 10 minutes, 6 client threads
    .venv/bin/python benchmarks/load_memory.py --minutes 3 --threads 4
    .venv/bin/python benchmarks/load_memory.py --server in-process   # prints the memos' fill

Requests: `GET /api/view?QUERY` with random valid views (baskets, HS codes from the whole catalogue,
periods, directions, pairs, EU/China modes) and hostile queries (bad months, year 0000, lone
surrogates, garbage keys, over-long text), and the render callback (`POST /_dash-update-component`)
with the same queries. Every request goes to 127.0.0.1 only; the run stops by itself after
``--minutes`` (each request has a timeout). Prints the RSS curve (every ``--sample`` seconds), p95
latency per kind, the error count (exceptions and 5xx), and a verdict comparing the RSS at the end
of warm-up (``--warmup`` minutes) with the RSS at the end.
"""

from __future__ import annotations

import argparse
import http.client
import json
import logging
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import quote, urlencode

from common import ensure_store, rss_mb

from dashboard.services import build_services
from dashboard.settings import Settings

HOST = "127.0.0.1"
REPO = Path(__file__).resolve().parents[1]
TIMEOUT = 120.0
HOSTILE_SHARE = 0.25
RENDER_SHARE = 0.35
FRESH_SHARE = 0.15  # valid views drawn afresh (the rest repeat a pool, as users repeat views)
FLAT_MB = 10.0  # growth after warm-up tolerated as noise: the larger of this and FLAT_SHARE
FLAT_SHARE = 0.03


class Views:
    """Random view queries: valid ones over the store's real space (mostly from a fixed pool, some
    fresh, so the bounded caches both hit and evict), and hostile ones."""

    def __init__(self, services, rng: random.Random, pool: int) -> None:
        context = services.view_context
        self.rng = rng
        self.presets = sorted(context.presets)
        self.countries = sorted(context.countries)
        self.months = []
        year, month = context.first_month.year, context.first_month.month
        while (year, month) <= (context.last_month.year, context.last_month.month):
            self.months.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        catalogue = services.catalogue
        self.hs = (
            list(catalogue.chapters["chapter"])
            + list(catalogue.headings["hs4"])
            + list(catalogue.codes["hs6"])
        )
        self.pool = [self.fresh() for _ in range(pool)]

    def valid(self) -> str:
        return self.fresh() if self.rng.random() < FRESH_SHARE else self.rng.choice(self.pool)

    def fresh(self) -> str:
        rng = self.rng
        start, end = sorted(rng.sample(range(len(self.months)), 2))
        pairs = [
            ("goods", ",".join(rng.sample(self.presets, rng.randint(0, 2)))),
            ("hs", ",".join(rng.sample(self.hs, rng.choice([0, 0, 1, 2, 3])))),
            ("from", self.months[start]),
            ("to", self.months[end]),
            ("dir", rng.choice(["into_russia", "out_of_russia", "all"])),
            ("side", rng.choice(["exporter", "importer"])),
            ("metric", rng.choice(["value", "change"])),
        ]
        if rng.random() < 0.3:
            pairs.append(("focus", rng.choice(self.countries)))
        if rng.random() < 0.2:
            pairs.append(("exporter", rng.choice(self.countries)))
            pairs.append(("importer", rng.choice(["RUS", *rng.sample(self.countries, 1)])))
        if rng.random() < 0.2:
            pairs.append(("eu", "members"))
        if rng.random() < 0.2:
            pairs.append(("china", "with_hkg_mac"))
        return urlencode(pairs)

    def hostile(self) -> str:
        rng = self.rng
        junk = "".join(rng.choice("abc%&=,;<>'\"\\/0123456789-") for _ in range(rng.randint(1, 60)))
        choices = [
            "from=0000-01&to=0000-02",
            "goods=chpl&slide=" + quote("from=0000-01&goods=bearings", safe=""),
            "title=a%ED%A0%80b&%ED%B0%80=1",
            f"from={rng.randint(0, 9999):04d}-{rng.randint(0, 99):02d}&to=2023-13",
            "hs=" + ",".join(str(rng.randint(0, 10**9)) for _ in range(rng.randint(1, 80))),
            "focus=" + junk,
            junk,
            "title=" + "x" * rng.randint(100, 3000),
            "dir=sideways&side=both&metric=%00&layers=../../etc&zzz=1",
            "exporter=" + ",".join(rng.choice(["XXX", "eu27", "KAZ", "%C3%A9"]) for _ in range(20)),
        ]
        return rng.choice(choices)


class Client(threading.Thread):
    def __init__(self, port: int, views: Views, trace_layers: list, render_body: dict, stop, stats) -> None:
        super().__init__(daemon=True)
        self.port, self.views, self.stop, self.stats = port, views, stop, stats
        self.trace_layers, self.render_body = trace_layers, render_body

    def run(self) -> None:
        connection = http.client.HTTPConnection(HOST, self.port, timeout=TIMEOUT)
        while not self.stop.is_set():
            hostile = self.views.rng.random() < HOSTILE_SHARE
            query = self.views.hostile() if hostile else self.views.valid()
            kind = "render" if self.views.rng.random() < RENDER_SHARE else "api"
            started = time.perf_counter()
            try:
                status = self._render(connection, query) if kind == "render" else self._api(connection, query)
            except Exception as error:  # noqa: BLE001 - counted as an error; the client carries on
                connection.close()
                connection = http.client.HTTPConnection(HOST, self.port, timeout=TIMEOUT)
                status = f"exception {type(error).__name__}"
            self.stats.record(kind, hostile, status, time.perf_counter() - started)
        connection.close()

    def _api(self, connection, query: str) -> int:
        connection.request("GET", "/api/view?" + query)
        response = connection.getresponse()
        response.read()
        return response.status

    def _render(self, connection, query: str) -> int:
        body = dict(self.render_body)
        body["inputs"] = [
            {"id": "view-store", "property": "data", "value": query},
            {"id": "map-trace-layers", "property": "data", "value": self.trace_layers},
        ]
        body["state"] = [{"id": "url", "property": "pathname", "value": "/"}]
        payload = json.dumps(body)
        connection.request("POST", "/_dash-update-component", payload, {"Content-Type": "application/json"})
        response = connection.getresponse()
        response.read()
        return response.status


class Stats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.statuses: Counter = Counter()

    def record(self, kind: str, hostile: bool, status, seconds: float) -> None:
        with self.lock:
            self.times[kind].append(seconds)
            self.statuses[(kind, "hostile" if hostile else "valid", status)] += 1

    @property
    def count(self) -> int:
        with self.lock:
            return sum(len(t) for t in self.times.values())

    def errors(self) -> int:
        return sum(
            n for (_, _, status), n in self.statuses.items() if isinstance(status, str) or status >= 500
        )


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))] if ordered else float("nan")


class GunicornServer:
    """`corridor-atlas serve` (gunicorn, its default workers × threads) in a child process: the path
    users run. Memory is the sum of the master's and the workers' resident sets."""

    name = "gunicorn (corridor-atlas serve)"

    def __init__(self, data_dir) -> None:
        import psutil

        with socket.socket() as probe:
            probe.bind((HOST, 0))
            self.port = probe.getsockname()[1]
        command = [sys.executable, "-m", "dashboard.cli", "--data-dir", str(data_dir), "serve"]
        command += ["--host", HOST, "--port", str(self.port)]
        self.process = subprocess.Popen(
            command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        self._root = psutil.Process(self.process.pid)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                connection = http.client.HTTPConnection(HOST, self.port, timeout=5)
                connection.request("GET", "/healthz")
                if connection.getresponse().status == 200 and len(self._root.children()) >= 1:
                    return
            except OSError:
                pass
            if self.process.poll() is not None:
                raise SystemExit(f"the server exited with status {self.process.returncode}")
            time.sleep(0.5)
        raise SystemExit("the server did not answer /healthz within 120 s")

    def rss_mb(self) -> float:
        processes = [self._root, *self._root.children(recursive=True)]
        return sum(p.memory_info().rss for p in processes if p.is_running()) / 2**20

    def detail(self) -> str:
        workers = self._root.children(recursive=True)
        return "workers " + " ".join(f"{p.memory_info().rss / 2**20:.0f}" for p in workers) + " MB"

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(30)


class InProcessServer:
    """The app in this process behind Werkzeug's threaded server (a thread per request): its memos
    can be inspected, but it is not how the atlas is served."""

    name = "werkzeug, in process"

    def __init__(self, data_dir) -> None:
        from werkzeug.serving import make_server

        from dashboard.app import create_app
        from dashboard.services import build_services
        from dashboard.settings import Settings

        settings = Settings(data_dir=data_dir)
        self.services = build_services(settings)
        app = create_app(settings, services=self.services)
        self.server = make_server(HOST, 0, app.server, threaded=True)
        self.port = self.server.server_port
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def rss_mb(self) -> float:
        return rss_mb()

    def detail(self) -> str:
        from dashboard.view_document import _signal_memos

        matrices, found = _signal_memos(self.services)
        return (
            f"DuckDB {duckdb_mb(self.services):.1f} MB; {self.services.memo_report()}; "
            f"signal matrices {matrices.describe()}; signals {found.describe()}"
        )

    def stop(self) -> None:
        self.server.shutdown()


def render_request(port: int) -> tuple[list, dict]:
    """The map's trace layers (from the served layout) and the render callback's request envelope."""
    connection = http.client.HTTPConnection(HOST, port, timeout=TIMEOUT)
    connection.request("GET", "/_dash-layout")
    layout = json.loads(connection.getresponse().read())
    connection.request("GET", "/_dash-dependencies")
    deps = json.loads(connection.getresponse().read())
    connection.close()

    def find(node):
        if isinstance(node, dict):
            if node.get("props", {}).get("id") == "map-trace-layers":
                return node["props"]["data"]
            return next((f for f in map(find, node.values()) if f is not None), None)
        if isinstance(node, list):
            return next((f for f in map(find, node) if f is not None), None)
        return None

    dep = next(d for d in deps if d["output"].startswith("..map-graph.figure"))
    outputs = [
        {"id": p.split(".", 1)[0], "property": p.split(".", 1)[1]}
        for p in dep["output"].strip(".").split("...")
    ]
    return find(layout), {"output": dep["output"], "outputs": outputs, "changedPropIds": ["view-store.data"]}


def duckdb_mb(services) -> float:
    """What DuckDB says it holds (buffer pool, hash tables, …), from the store's own database."""
    try:
        cursor = services.store._database.cursor()
        used = cursor.execute("SELECT sum(memory_usage_bytes) FROM duckdb_memory()").fetchone()[0]
        cursor.close()
        return (used or 0) / 2**20
    except Exception:  # noqa: BLE001 - informative only
        return float("nan")


def slope_mb_per_min(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of RSS over time (MB per minute)."""
    if len(points) < 2:
        return float("nan")
    xs, ys = [t / 60 for t, _ in points], [r for _, r in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    var = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / var if var else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--warmup", type=float, default=2.0, help="minutes of warm-up (default 2)")
    parser.add_argument("--threads", type=int, default=6, choices=range(4, 9), metavar="4..8")
    parser.add_argument("--sample", type=float, default=10.0, help="seconds between RSS samples")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--pool", type=int, default=150, help="valid views users repeat (all clients)")
    parser.add_argument(
        "--server",
        choices=("gunicorn", "in-process"),
        default="gunicorn",
        help="serve as `corridor-atlas serve` does (default), or in this process to inspect its memos",
    )
    args = parser.parse_args()
    warmup = min(args.warmup, args.minutes / 2)

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    pool = max(args.pool // args.threads, 1)
    data_dir = ensure_store("store-demo", None)
    services = build_services(Settings(data_dir=data_dir))  # the space of views the clients draw from
    server = (GunicornServer if args.server == "gunicorn" else InProcessServer)(data_dir)
    port = server.port
    trace_layers, render_body = render_request(port)
    stop, stats = threading.Event(), Stats()
    clients = [
        Client(
            port, Views(services, random.Random(args.seed + i), pool), trace_layers, render_body, stop, stats
        )
        for i in range(args.threads)
    ]
    started = time.monotonic()
    print(
        f"{server.name} on http://{HOST}:{port}; {args.threads} clients for {args.minutes:g} min "
        f"(warm-up {warmup:g} min); server RSS at start {server.rss_mb():.0f} MB"
    )
    for client in clients:
        client.start()
    curve: list[tuple[float, float, int]] = []
    deadline = started + args.minutes * 60
    try:
        while (now := time.monotonic()) < deadline:
            time.sleep(min(args.sample, max(deadline - now, 0.0)))
            elapsed, rss = time.monotonic() - started, server.rss_mb()
            curve.append((elapsed, rss, stats.count))
            print(
                f"  {elapsed:6.0f} s  RSS {rss:7.1f} MB  requests {stats.count:6d}  "
                f"errors {stats.errors()}  ({server.detail()})",
                flush=True,
            )
    finally:
        stop.set()
        for client in clients:
            client.join(TIMEOUT)
        final = server.detail()
        server.stop()
    report(curve, stats, warmup, final)


def report(curve, stats: Stats, warmup: float, final: str) -> None:
    print("\nlatency:")
    for kind, times in sorted(stats.times.items()):
        print(
            f"  {kind:6s} n={len(times):6d}  median {statistics.median(times) * 1000:7.0f} ms  "
            f"p95 {p95(times) * 1000:7.0f} ms"
        )
    every = [t for times in stats.times.values() for t in times]
    print(f"  all    n={len(every):6d}  p95 {p95(every) * 1000:7.0f} ms")
    print(
        "statuses:",
        ", ".join(f"{k}/{h}/{s}: {n}" for (k, h, s), n in sorted(stats.statuses.items(), key=str)),
    )
    print(f"errors (exceptions and 5xx): {stats.errors()}")
    print("server at the end:", final)
    after = [rss for elapsed, rss, _ in curve if elapsed >= warmup * 60]
    slope = slope_mb_per_min([(t, r) for t, r, _ in curve if t >= warmup * 60])
    if len(after) < 2:
        print("verdict: run too short to compare (need samples after warm-up)")
        return
    warm = statistics.median(after[:3])
    end = statistics.median(after[-3:])
    growth = end - warm
    tolerated = max(FLAT_MB, FLAT_SHARE * warm)
    minutes = (curve[-1][0] - warmup * 60) / 60
    verdict = "FLAT" if growth <= tolerated else "GROWING"
    print(
        f"verdict: {verdict}: RSS {warm:.1f} MB after warm-up -> {end:.1f} MB at the end "
        f"({growth:+.1f} MB over {minutes:.1f} min; tolerated {tolerated:.1f} MB; "
        f"trend after warm-up {slope:+.1f} MB/min)"
    )


if __name__ == "__main__":
    main()

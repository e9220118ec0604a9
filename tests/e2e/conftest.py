"""Real Chromium (the system package, driven by Playwright) against the app on 127.0.0.1.

Each page records console errors and every request that leaves 127.0.0.1; tests assert both are
empty. Nothing here sleeps: tests wait for selectors or for a condition in the page.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    for candidate in (os.environ.get("BROWSER_PATH"), "/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@dataclass
class PageLog:
    console_errors: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)

    def attach(self, page) -> None:
        page.on("console", lambda m: self.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.console_errors.append(str(e)))
        page.on("request", self._request)

    def _request(self, request) -> None:
        if not request.url.startswith(("http://127.0.0.1", "data:", "blob:", "about:")):
            self.outside_requests.append(request.url)


@pytest.fixture(scope="session")
def live_server(demo_data_dir) -> Iterator[str]:
    from werkzeug.serving import make_server

    from dashboard.app import create_app
    from dashboard.settings import Settings

    app = create_app(Settings(data_dir=demo_data_dir))
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser_context():
    path = chromium_path()
    if path is None:
        pytest.fail(
            "no Chromium found: run `make test` (it installs Debian's chromium as root) or set BROWSER_PATH"
        )
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="atlas-chromium-")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=path,
            args=CHROMIUM_ARGS,
            headless=True,
            viewport={"width": 1280, "height": 720},
            accept_downloads=True,
        )
        yield context
        context.close()
    shutil.rmtree(profile, ignore_errors=True)


def evaluate_until(page, expression: str, arg=None, timeout: float = 30_000, **_options):
    """`page.wait_for_function` that polls from here. Playwright polls a string predicate inside the
    page with ``eval``, which the app's Content-Security-Policy (no ``'unsafe-eval'``) refuses;
    `page.evaluate` runs through the DevTools protocol, outside the page's CSP."""
    from playwright.sync_api import Error

    deadline, last = time.monotonic() + timeout / 1000, None
    while time.monotonic() < deadline:
        try:
            if value := page.evaluate(expression, arg):
                return value
        except Error as error:  # e.g. an element not drawn yet: keep waiting, like Playwright
            last = error
        page.wait_for_timeout(40)
    raise AssertionError(f"timed out after {timeout:g} ms waiting for {expression!r} (last error: {last})")


@pytest.fixture()
def page(browser_context):
    page = browser_context.new_page()
    log = PageLog()
    log.attach(page)
    page.log = log
    page.wait_for_function = lambda expression, **kw: evaluate_until(page, expression, **kw)
    yield page
    page.close()


def save_screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path

"""Issue 12, point 5: with no intact snapshot (or no store) the server answers a clear error page and
a 503 health check instead of exiting, and serves the atlas once the store is fixed."""

from __future__ import annotations

import json
import shutil

from werkzeug.test import Client

from dashboard.serving import atlas_or_unavailable
from dashboard.settings import Settings
from dashboard.unavailable import RecoveringApp


def test_without_a_store_every_page_says_what_to_run(tmp_path):
    app = atlas_or_unavailable(Settings(data_dir=tmp_path / "nothing-here"))
    assert isinstance(app, RecoveringApp) and not app.serving
    client = Client(app)
    page = client.get("/")
    assert page.status_code == 503 and page.headers["Retry-After"]
    text = page.get_data(as_text=True)
    assert "expected a Corridor Atlas data store" in text and "corridor-atlas demo" in text
    assert "Content-Security-Policy" in page.headers and "Traceback" not in text
    assert client.get("/api/view?goods=chpl").status_code == 503
    health = client.get("/healthz")
    assert health.status_code == 503 and json.loads(health.get_data())["store_ok"] is False


def test_a_store_with_no_intact_snapshot_is_explained_then_served_once_fixed(tmp_path, demo_data_dir):
    data_dir = tmp_path / "store"
    shutil.copytree(demo_data_dir, data_dir, symlinks=True)
    current = (data_dir / "current").resolve()
    part = next(current.rglob("*.parquet"))
    original = part.read_bytes()
    part.write_bytes(original[: len(original) // 2])  # a truncated file in the only snapshot
    app = RecoveringApp(Settings(data_dir=data_dir), lambda: _atlas(data_dir), retry_seconds=0.0)
    client = Client(app)
    page = client.get("/")
    assert page.status_code == 503
    assert "no intact snapshot" in page.get_data(as_text=True)
    part.write_bytes(original)  # the store is repaired: the next request serves the atlas
    assert client.get("/healthz").status_code == 200 and app.serving
    assert client.get("/").status_code == 200


def _atlas(data_dir):
    from dashboard.app import create_app

    return create_app(Settings(data_dir=data_dir)).server


def test_dash_is_set_up_before_the_first_client_request(demo_data_dir):
    """Threaded workers: Dash's first-request setup must not race the page's script requests."""
    from dashboard.app import create_app
    from dashboard.serving import set_up_before_serving

    app = create_app(Settings(data_dir=demo_data_dir))
    assert "dash" not in app.registered_paths
    set_up_before_serving(app.server)
    assert "dash" in app.registered_paths and app.registered_paths["dash"]

"""`GET /healthz` for load balancers and deployments: 200 with the snapshot served and whether the
store answers a query, else 503. It needs no credentials and reveals no data.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, jsonify

from dashboard.services import Services


def register_health(server: Flask, live: Callable[[], Services]) -> None:
    """Add `GET /healthz` to ``server`` (never raises, never cached)."""

    @server.get("/healthz")
    def _healthz():
        try:
            store = live().store
            store.layout.read_manifest()
            ok = store.first_month is not None
            body = {"status": "ok" if ok else "empty", "snapshot": str(store.snapshot_id), "store_ok": ok}
        except Exception as error:  # the probe reports, it never raises
            body = {"status": "error", "snapshot": None, "store_ok": False, "error": type(error).__name__}
        response = jsonify(body)
        response.status_code = 200 if body["store_ok"] else 503
        response.headers["Cache-Control"] = "no-store"
        return response

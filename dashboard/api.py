"""`GET /api/view?QUERY`: the view's JSON document — the same one `export --format json` writes.
`GET /api/signals?QUERY`: the same document's ``signals`` array alone.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from flask import Flask, Response, request

from dashboard.services import Services
from dashboard.view_document import view_document, view_signals
from dashboard.view_state import ViewState


def _json(value) -> Response:
    body = json.dumps(value, ensure_ascii=False, allow_nan=False)
    return Response(body, mimetype="application/json", headers={"Cache-Control": "no-store"})


def register_api(server: Flask, live: Callable[[], Services]) -> None:
    """Add `GET /api/view` and `GET /api/signals` to ``server``: JSON, never cached (``no-store``)."""

    @server.get("/api/view")
    def _view() -> Response:
        document, _ = view_document(request.query_string.decode("utf-8", "replace"), live())
        return _json(document)

    @server.get("/api/signals")
    def _signals() -> Response:
        query = request.query_string.decode("utf-8", "replace")
        services = live()
        view, _ = ViewState.from_query(query, services.view_context)
        return _json([s.as_json() for s in view_signals(view, services, view.signal_thresholds)])

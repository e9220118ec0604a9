"""`GET /api/view?QUERY`: the view's JSON document — the same one `export --format json` writes."""

from __future__ import annotations

import json
from collections.abc import Callable

from flask import Flask, Response, request

from dashboard.services import Services
from dashboard.view_document import view_document


def register_api(server: Flask, live: Callable[[], Services]) -> None:
    @server.get("/api/view")
    def _view() -> Response:
        document, _ = view_document(request.query_string.decode("utf-8", "replace"), live())
        body = json.dumps(document, ensure_ascii=False, allow_nan=False)
        return Response(body, mimetype="application/json", headers={"Cache-Control": "no-store"})

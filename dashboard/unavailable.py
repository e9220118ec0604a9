"""What the server answers while the store cannot be served: a page that says why and how to fix it.

`corridor-atlas serve` does not exit when the data directory holds no intact snapshot (or no store
at all): every page answers 503 with the store's own one-line error (what was expected, what was
found, what to run), ``/healthz`` answers 503 in JSON, and the server tries again every
`RETRY_SECONDS`. Once the store opens (after `corridor-atlas verify --restore`, an ingest or
`corridor-atlas demo`), the atlas itself answers, without a restart. The page passes through the
same security layer as the atlas (authentication, limits, headers).
"""

from __future__ import annotations

import html
import threading
import time
from collections.abc import Callable, Iterable

from flask import Flask, Response, jsonify

from dashboard.language import install_language
from dashboard.security import install_security
from dashboard.settings import Settings
from geodata.errors import IngestError
from geodata.i18n import _, active_language

RETRY_SECONDS = 5.0
PAGE = """<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title></head>
<body style="font-family: sans-serif; max-width: 46em; margin: 3em auto; line-height: 1.5">
<h1>{heading}</h1>
<p role="alert">{message}</p>
<p>{fix}</p>
</body></html>
"""


def page(message: str) -> str:
    """The unavailable page, in the request's language, saying ``message`` (the store's error)."""
    return PAGE.format(
        lang=active_language(),
        title=html.escape(_("Corridor Atlas — data store unavailable")),
        heading=html.escape(_("The data store cannot be served")),
        message=html.escape(message),
        fix=html.escape(
            _(
                "Fix the store as the message says; this page turns into the atlas by itself within a few "
                "seconds\nafter that (no restart needed)."
            )
        ),
    )


def unavailable_app(settings: Settings, message: Callable[[], str]) -> Flask:
    """A Flask app answering every path with the store's error (503)."""
    server = Flask("corridor_atlas_unavailable")
    install_security(server, settings)
    install_language(server)

    @server.get("/healthz")
    def _healthz():
        response = jsonify({"status": "error", "snapshot": None, "store_ok": False, "error": message()})
        response.status_code = 503
        response.headers["Cache-Control"] = "no-store"
        return response

    @server.route("/", defaults={"path": ""}, methods=["GET", "POST", "HEAD"])
    @server.route("/<path:path>", methods=["GET", "POST", "HEAD"])
    def _page(path: str):
        response = Response(page(message()), status=503, mimetype="text/html")
        response.headers["Retry-After"] = str(int(RETRY_SECONDS))
        response.headers["Cache-Control"] = "no-store"
        return response

    return server


class RecoveringApp:
    """A WSGI app: the atlas once ``build`` succeeds; until then `unavailable_app`, trying ``build``
    again at most every ``retry_seconds`` (one thread tries, the others answer meanwhile).
    """

    def __init__(
        self, settings: Settings, build: Callable[[], Callable], retry_seconds: float = RETRY_SECONDS
    ):
        self._build = build
        self._retry_seconds = retry_seconds
        self._lock = threading.Lock()
        self._app: Callable | None = None
        self._error = ""
        self._tried = 0.0
        self._attempt()
        self._fallback = unavailable_app(settings, lambda: self._error)

    @property
    def serving(self) -> bool:
        """Whether the atlas itself answers (the store opened)."""
        return self._app is not None

    def _attempt(self) -> None:
        self._tried = time.monotonic()
        try:
            self._app = self._build()
        except IngestError as error:  # the store's errors (missing, damaged) say what to do
            self._error = str(error)

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        """Answer a WSGI request: with the atlas once it is built, else with the unavailable page; the build
        is retried once the last try is ``retry_seconds`` old (one thread at a time).
        """
        app = self._app
        if (
            app is None
            and time.monotonic() - self._tried >= self._retry_seconds
            and self._lock.acquire(False)
        ):
            try:
                if self._app is None:
                    self._attempt()
            finally:
                self._lock.release()
            app = self._app
        return (app or self._fallback)(environ, start_response)

"""How `corridor-atlas serve` serves: gunicorn by default (workers × threads), Werkzeug's development
server with ``--debug``, and the rule that a non-loopback address needs authentication or ``--public``.

Fork and the store: the master process imports the app's code (Dash, plotly, pandas, DuckDB — the
slow part of a start, then shared copy-on-write), but each worker builds its own app after the fork
(`preload_app` is off): the app opens the store's DuckDB connection, and a DuckDB connection (and
its threads) must never be shared across a fork. Export jobs live in the data directory, so any
worker answers any poll (`dashboard.export.jobs`).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import ipaddress
import socket
import threading
import time

from werkzeug.serving import WSGIRequestHandler

from dashboard.app import create_app
from dashboard.security import SERVER_NAME, parse_basic_secret
from dashboard.settings import BASIC_AUTH_ENV, TRUSTED_USER_HEADER_ENV, Settings
from dashboard.unavailable import RecoveringApp
from geodata.errors import IngestError

GUNICORN_TIMEOUT = 60  # seconds a worker may stay silent; exports run on their own threads
M_ARENA_MAX = -8  # glibc's mallopt parameter number (malloc.h)
MALLOC_ARENAS = 2
TRIM_SECONDS = 30.0


class PublicAddressRefused(Exception):
    """Serving on a non-loopback address without authentication and without ``--public``."""


class QuietRequestHandler(WSGIRequestHandler):
    """Werkzeug's handler without the ``Server: Werkzeug/<version> Python/<version>`` banner."""

    def version_string(self) -> str:
        """The ``Server`` header: `SERVER_NAME`, no versions."""
        return SERVER_NAME


def is_loopback(host: str) -> bool:
    """Whether ``host`` is reachable only from this machine: localhost, a loopback address (IPv6 in brackets
    allowed), or a name all of whose addresses are loopback (the name is resolved).
    """
    if host in ("localhost", "ip6-localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        try:
            return all(ipaddress.ip_address(a[4][0]).is_loopback for a in socket.getaddrinfo(host, None))
        except (OSError, ValueError):
            return False


def check_exposure(settings: Settings, public: bool) -> None:
    """Raise `PublicAddressRefused` (one clear message) if the server would be open to the network
    with no authentication and no explicit ``--public``; validate the basic-auth secret early.
    """
    if settings.basic_auth:
        parse_basic_secret(settings.basic_auth)
    if public or is_loopback(settings.host) or settings.basic_auth or settings.trusted_user_header:
        return
    raise PublicAddressRefused(
        f"refusing to serve on {settings.host} without authentication: set {BASIC_AUTH_ENV} "
        f"(see `corridor-atlas hash-password`) or {TRUSTED_USER_HEADER_ENV}, or pass --public "
        "to serve the atlas to anyone who can reach this address"
    )


def steady_worker_memory() -> bool:
    """Keep a long-running worker's memory flat (glibc only; elsewhere nothing happens, False).

    glibc gives every thread that allocates its own malloc arena, and pages freed in an arena stay in
    the process until the arena's top is free: a worker's request threads and the engine's threads
    leave freed pages spread over many arenas, so its resident set creeps up long after its caches
    are full. Two arenas, and returning free pages to the system every `TRIM_SECONDS`, keep it flat.
    """
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name or "libc.so.6")
        mallopt, malloc_trim = libc.mallopt, libc.malloc_trim
    except (OSError, AttributeError):
        return False
    mallopt(M_ARENA_MAX, MALLOC_ARENAS)

    def trim_forever() -> None:
        while True:
            time.sleep(TRIM_SECONDS)
            malloc_trim(0)

    threading.Thread(target=trim_forever, name="malloc-trim", daemon=True).start()
    return True


def _post_fork(_server, _worker) -> None:  # gunicorn's hook, in the new worker before it loads the app
    steady_worker_memory()


def gunicorn_options(settings: Settings) -> dict:
    """Gunicorn's settings for the atlas: bind, workers × threads (gthread), no preload, timeouts, request
    limits, logs to stdout and stderr, and the post-fork memory hook.
    """
    return {
        "bind": f"{settings.host}:{settings.port}",
        "workers": settings.workers,
        "threads": settings.threads,
        "worker_class": "gthread",
        "preload_app": False,  # see the module docstring: one DuckDB connection per worker
        "timeout": GUNICORN_TIMEOUT,
        "graceful_timeout": 30,
        "keepalive": 5,
        "limit_request_line": 8190,  # gunicorn's maximum; the app answers 414 above its own limit
        "limit_request_fields": 100,
        "limit_request_field_size": 8190,
        "accesslog": "-",
        "errorlog": "-",
        "loglevel": "info",
        "proc_name": "corridor-atlas",
        "control_socket_disable": True,  # no management socket in the user's home directory
        "post_fork": _post_fork,
    }


def serve_production(settings: Settings) -> None:
    """Run gunicorn in this process until it is stopped. Without a servable store, every worker
    answers with a page saying why (`dashboard.unavailable`) until the store is fixed.
    """
    import gunicorn.http.wsgi
    from gunicorn.app.base import BaseApplication

    gunicorn.http.wsgi.SERVER = SERVER_NAME  # `Server: gunicorn` → a neutral name

    class AtlasApplication(BaseApplication):
        def load_config(self) -> None:
            for key, value in gunicorn_options(settings).items():
                self.cfg.set(key, value)

        def load(self):
            return atlas_or_unavailable(settings)

    AtlasApplication().run()


def atlas_or_unavailable(settings: Settings):
    """The atlas's WSGI app, or — while the store cannot be served — the page that says why."""
    return RecoveringApp(settings, lambda: set_up_before_serving(create_app(settings).server))


def set_up_before_serving(server):
    """Let Dash finish its setup in this thread, before any client's request. Dash does it on a
    process's first request, and not atomically: in a threaded worker, requests arriving together
    with the first one can find no script registered yet and fail ("dash is not a registered
    library"). One request here, before the worker accepts connections, closes that window.
    """
    server.test_client().get("/healthz")
    return server


def serve_development(settings: Settings) -> None:
    """Werkzeug's development server with Dash's dev tools (``--debug``); without a servable store,
    the page that says why (as `serve_production`).
    """
    from werkzeug.serving import run_simple

    try:
        app = create_app(settings)
    except IngestError:
        run_simple(
            settings.host, settings.port, atlas_or_unavailable(settings), request_handler=QuietRequestHandler
        )
        return
    app.run(
        host=settings.host,
        port=settings.port,
        debug=True,
        dev_tools_disable_version_check=True,
        request_handler=QuietRequestHandler,
    )

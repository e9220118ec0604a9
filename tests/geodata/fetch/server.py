"""A small HTTP server on 127.0.0.1 (port 0, in a thread) serving fixture responses for the fetch tests.

A route is a path; its value is a callable ``(query, headers) -> Reply`` or a list of replies served
in turn (the last one repeats). Every request is recorded. Nothing here talks to any other host.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict = field(default_factory=dict)
    #: Send only this many bytes of the body, then close (Content-Length still says the whole body).
    cut_at: int | None = None
    #: Honour a Range request header with 206 Partial Content.
    ranges: bool = False


@dataclass
class Request:
    path: str
    query: dict
    headers: dict


class FixtureServer:
    def __init__(self) -> None:
        self.routes: dict[str, Callable | list[Reply]] = {}
        self.requests: list[Request] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_args) -> None:
                return

            def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
                parts = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
                headers = {k.lower(): v for k, v in self.headers.items()}
                server.requests.append(Request(parts.path, query, headers))
                reply = server._reply(parts.path, query, headers)
                body, status, extra = reply.body, reply.status, dict(reply.headers)
                wanted = headers.get("range")
                if reply.ranges and wanted and wanted.startswith("bytes="):
                    start = int(wanted.removeprefix("bytes=").split("-")[0])
                    extra["Content-Range"] = f"bytes {start}-{len(body) - 1}/{len(body)}"
                    body, status = body[start:], 206
                self.send_response(status)
                for name, value in extra.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(body if reply.cut_at is None else body[: reply.cut_at])
                self.wfile.flush()
                self.close_connection = True

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.02,), daemon=True)

    def _reply(self, path: str, query: dict, headers: dict) -> Reply:
        route = self.routes.get(path)
        if route is None:  # a key ending in * matches every path it starts
            route = next(
                (r for k, r in self.routes.items() if k.endswith("*") and path.startswith(k[:-1])), None
            )
        if route is None:
            return Reply(404, b'{"statusCode": 404, "message": "Resource not found"}')
        if callable(route):
            return route(query, headers)
        return route.pop(0) if len(route) > 1 else route[0]

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> FixtureServer:
        self.thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

"""What every response carries and what every request may send: security headers (a CSP with no
external source), size limits, server-side caps on text inputs, and the optional authentication.

The CSP's ``script-src`` has no ``'unsafe-inline'``: the page's one executable inline script (Dash's
``_dash-renderer`` bootstrap; ``_dash-config`` is JSON, which browsers never execute) is allowed by
its SHA-256 hash, computed from the page actually sent, so a Dash upgrade that changes it needs no
edit here.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import threading
from collections.abc import Callable

from flask import Flask, Response, request

from dashboard import ids
from dashboard.settings import Settings
from geodata.i18n import _

CLIENT_COOKIE = "atlas_client"
SERVER_NAME = "corridor-atlas"  # the `Server:` header both servers send (see dashboard.serving)
PBKDF2 = "pbkdf2_sha256"
PBKDF2_ITERATIONS = 600_000
OPEN_PATHS = ("/healthz",)  # load balancers probe without credentials

BASE_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self' 'unsafe-inline'",  # plotly.js injects <style> elements for its modebar
    "img-src": "'self' data: blob:",
    "font-src": "'self' data:",
    "connect-src": "'self'",
    "worker-src": "'self' blob:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",  # the page's language reaches its own requests (dashboard.language)
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
# Server-side caps on what the page's text inputs may carry: (component id, property) → characters.
TEXT_LIMITS = {
    (ids.EXPORT_TITLE, "value"): 120,
    (ids.HS_PICKER, "search_value"): 40,
}
LIST_LIMITS = {(ids.SAVED_VIEWS, "data"): 20}  # items; each item is a view query (≤ TEXT_LIMIT)
TEXT_LIMIT = 8_192  # any other string a callback receives (URL search, view queries)
ITEMS_LIMIT = 1_000  # any other list a callback receives
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)([^>]*)>(.*?)</script>", re.S | re.I)


def content_security_policy(script_hashes: tuple[str, ...] = ()) -> str:
    """The ``Content-Security-Policy`` header: `BASE_POLICY`, the given inline scripts' hashes allowed."""
    policy = dict(BASE_POLICY)
    if script_hashes:
        policy["script-src"] += " " + " ".join(f"'sha256-{h}'" for h in script_hashes)
    return "; ".join(f"{key} {value}" for key, value in policy.items())


def inline_script_hashes(html: str) -> tuple[str, ...]:
    """SHA-256 (base64) of every inline script a browser would execute (not JSON data blocks)."""
    found = []
    for attributes, body in INLINE_SCRIPT.findall(html):
        if "application/json" in attributes.lower():
            continue
        found.append(base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode())
    return tuple(dict.fromkeys(found))


# --- text caps -----------------------------------------------------------------------------------


def clamp_value(value, limit: int = TEXT_LIMIT, items: int = ITEMS_LIMIT):
    """``value`` with every string cut to ``limit`` characters and every list to ``items`` (the last
    ones kept: saved views append), recursively.
    """
    if isinstance(value, str):
        return value[:limit]
    if isinstance(value, list):
        return [clamp_value(v, limit, items) for v in value[-items:]]
    if isinstance(value, dict):
        return {k: clamp_value(v, limit, items) for k, v in list(value.items())[:items]}
    return value


def clamp_payload(body) -> None:
    """Cap, in place, every input and state value of a Dash callback request."""
    if not isinstance(body, dict):
        return
    for key in ("inputs", "state"):
        entries = body.get(key)
        for entry in entries if isinstance(entries, list) else ():
            for item in entry if isinstance(entry, list) else [entry]:
                if not isinstance(item, dict) or "value" not in item:
                    continue
                where = (item.get("id"), item.get("property"))
                limit = TEXT_LIMITS.get(where, TEXT_LIMIT) if isinstance(where[0], str) else TEXT_LIMIT
                items = LIST_LIMITS.get(where, ITEMS_LIMIT) if isinstance(where[0], str) else ITEMS_LIMIT
                item["value"] = clamp_value(item["value"], limit, items)


# --- authentication ------------------------------------------------------------------------------


def hash_password(password: str, salt: str | None = None, iterations: int = PBKDF2_ITERATIONS) -> str:
    """``pbkdf2_sha256$<iterations>$<salt>$<hex digest>`` for `CORRIDOR_ATLAS_BASIC_AUTH`."""
    salt = salt or secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt.encode("utf-8"), iterations)
    return f"{PBKDF2}${iterations}${salt}${digest.hex()}"


def parse_basic_secret(secret: str) -> tuple[str, str]:
    """(user, hash) from ``user:pbkdf2_sha256$...``; a clear error if it is not that."""
    user, sep, hashed = secret.partition(":")
    parts = hashed.split("$")
    if not sep or not user or len(parts) != 4 or parts[0] != PBKDF2 or not parts[1].isdigit():
        raise ValueError(
            "CORRIDOR_ATLAS_BASIC_AUTH must be 'user:pbkdf2_sha256$<iterations>$<salt>$<hash>' "
            "(make one with `corridor-atlas hash-password`)"
        )
    return user, hashed


def verify_password(password: str, hashed: str) -> bool:
    """Whether ``password`` matches a `hash_password` hash (compared in constant time)."""
    _scheme, iterations, salt, expected = hashed.split("$")
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt.encode("utf-8"), int(iterations))
    return hmac.compare_digest(digest.hex(), expected)


class BasicAuth:
    """Checks an ``Authorization: Basic`` header against the hashed secret. A verified header is
    remembered (by its SHA-256, at most 64) so the page's many callbacks do not each pay PBKDF2.
    """

    def __init__(self, secret: str) -> None:
        self.user, self._hashed = parse_basic_secret(secret)
        self._verified: set[str] = set()
        self._lock = threading.Lock()

    def allows(self, header: str | None) -> bool:
        """Whether an ``Authorization`` header carries the user and the password (a header verified before
        is remembered).
        """
        if not header or not header.startswith("Basic "):
            return False
        key = hashlib.sha256(header.encode("utf-8", "replace")).hexdigest()
        if key in self._verified:
            return True
        try:
            user, _colon, password = (
                base64.b64decode(header[6:], validate=True).decode("utf-8").partition(":")
            )
        except ValueError:
            return False
        if not (hmac.compare_digest(user, self.user) and verify_password(password, self._hashed)):
            return False
        with self._lock:
            if len(self._verified) >= 64:
                self._verified.clear()
            self._verified.add(key)
        return True


def auth_check(settings: Settings) -> Callable[[], Response | None]:
    """A check returning a 401/403 response for a request that may not pass, else None."""
    basic = BasicAuth(settings.basic_auth) if settings.basic_auth else None
    header = settings.trusted_user_header

    def check() -> Response | None:
        if request.path in OPEN_PATHS:
            return None
        if header and request.headers.get(header, "").strip():
            return None
        if basic is not None:
            if basic.allows(request.headers.get("Authorization")):
                return None
            return Response(
                _("Sign in to Corridor Atlas.") + "\n",
                401,
                {"WWW-Authenticate": 'Basic realm="Corridor Atlas", charset="UTF-8"'},
                mimetype="text/plain",
            )
        if header:
            text = _("Missing {header}: sign in through the proxy.").format(header=header)
            return Response(text + "\n", 403, mimetype="text/plain")
        return None

    return check


def client_id() -> str:
    """Who is asking, for export fairness: the browser's client cookie, else its address."""
    cookie = request.cookies.get(CLIENT_COOKIE, "")
    if re.fullmatch(r"[0-9a-f]{32}", cookie):
        return cookie
    return f"addr-{request.remote_addr or 'unknown'}"


# --- wiring --------------------------------------------------------------------------------------


def install_security(server: Flask, settings: Settings) -> None:
    """Limits, authentication and headers on every request and response of ``server``."""
    server.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes
    check_auth = auth_check(settings)
    max_query = settings.max_query_bytes

    @server.before_request
    def _guard() -> Response | None:
        if len(request.query_string) > max_query:
            text = _("The query is longer than {limit} bytes.").format(limit=max_query)
            return Response(text + "\n", 414, mimetype="text/plain")
        if (request.content_length or 0) > settings.max_body_bytes:
            return Response(_("The request body is too large.") + "\n", 413, mimetype="text/plain")
        denied = check_auth()
        if denied is not None:
            return denied
        if request.method == "POST" and request.path.endswith("/_dash-update-component"):
            clamp_payload(request.get_json(silent=True))  # Flask caches it: Dash reads the capped body
        return None

    @server.after_request
    def _headers(response: Response) -> Response:
        hashes: tuple[str, ...] = ()
        if response.mimetype == "text/html" and not response.direct_passthrough:
            hashes = inline_script_hashes(response.get_data(as_text=True))
        response.headers["Content-Security-Policy"] = content_security_policy(hashes)
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if CLIENT_COOKIE not in request.cookies:
            response.set_cookie(
                CLIENT_COOKIE, secrets.token_hex(16), httponly=True, samesite="Strict", max_age=86_400 * 30
            )
        return response

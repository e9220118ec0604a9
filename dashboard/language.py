"""Which language a request is answered in, and the page's language switch.

The URL says it (``lang=ru``). The page's own requests (its layout, callbacks) carry the page's
address in their Referer header — sent only to this origin (``Referrer-Policy: same-origin``) — so
every part of a page answers in the page's language without each callback passing it along.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit

from flask import Flask, g, request

from geodata.i18n import LANGUAGES, SOURCE_LANGUAGE, checked_language, reset_language, set_language

MAX_REFERRER_CHARS = 8000
_TOKEN = "corridor_atlas_language"


def query_language(query: str) -> str | None:
    """The ``lang`` of a query string when it names a known language."""
    for key, value in parse_qsl(query[:MAX_REFERRER_CHARS]):
        if key == "lang":
            return value if value in LANGUAGES else None
    return None


def request_language(args: dict, referrer: str | None, navigation: bool = False) -> str:
    """The language of a request: its own ``lang`` parameter, else — for a page's own requests, not
    for opening a page (``navigation``), whose Referer is the page left behind — the language of the
    page it came from, else English. Unknown codes count as absent.
    """
    own = args.get("lang")
    if isinstance(own, str) and own in LANGUAGES:
        return own
    if referrer and not navigation:
        found = query_language(urlsplit(referrer[:MAX_REFERRER_CHARS]).query)
        if found:
            return found
    return SOURCE_LANGUAGE


def switched_query(query: str, language: str) -> str:
    """The same view's query in another language (``lang`` dropped for the source language)."""
    pairs = [(k, v) for k, v in parse_qsl(query.lstrip("?"), keep_blank_values=True) if k != "lang"]
    if checked_language(language) != SOURCE_LANGUAGE:
        pairs.append(("lang", language))
    return urlencode(pairs)


def install_language(server: Flask) -> None:
    """Set each request's language before it is answered and restore it after."""

    @server.before_request
    def _enter() -> None:
        navigation = request.headers.get("Sec-Fetch-Mode") == "navigate" or (
            request.accept_mimetypes.best == "text/html"
        )
        setattr(g, _TOKEN, set_language(request_language(request.args, request.referrer, navigation)))

    @server.teardown_request
    def _leave(_error: BaseException | None) -> None:
        token = g.pop(_TOKEN, None)
        if token is not None:
            reset_language(token)

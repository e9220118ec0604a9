"""The language switch follows the view: its links open the current view in each language."""

from __future__ import annotations

from collections.abc import Callable

from dash import Dash, Input, Output

from dashboard import ids
from dashboard.components.language_switch import switch_links
from dashboard.language import query_language
from dashboard.services import Services
from geodata.i18n import SOURCE_LANGUAGE


def language_links(search: object) -> list:
    """The switch's links for the page's query (anything but text: the default view's)."""
    query = search.lstrip("?") if isinstance(search, str) else ""
    return switch_links(query, query_language(query) or SOURCE_LANGUAGE)


def register(app: Dash, live: Callable[[], Services]) -> None:  # noqa: ARG001 — the common signature
    """Register the switch's callback: the URL's query in, the links out."""
    app.callback(Output(ids.LANGUAGE_SWITCH, "children"), Input(ids.URL, "search"))(language_links)

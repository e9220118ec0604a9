"""The header's language switch: one link per language, each naming the language in itself and
opening the same view in it (the links follow the view: `switch_links`).
"""

from __future__ import annotations

from dash import html

from dashboard import ids
from dashboard.language import switched_query
from geodata.i18n import LANGUAGES, _, active_language


def switch_links(query: str, current: str) -> list:
    """A link per language to the view of ``query`` in it; the current language is marked, not linked."""
    links = []
    for code, name in LANGUAGES.items():
        if code == current:
            links.append(html.Span(name, lang=code, className="language-current", **{"aria-current": "true"}))
        else:
            links.append(html.A(name, href=f"?{switched_query(query, code)}", lang=code, hrefLang=code))
    return links


def language_switch() -> html.Nav:
    """The switch as the page opens (before the view's query is known)."""
    return html.Nav(
        id=ids.LANGUAGE_SWITCH,
        className="language-switch",
        children=switch_links("", active_language()),
        **{"aria-label": _("Language")},
    )

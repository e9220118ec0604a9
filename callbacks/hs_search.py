"""The HS picker searches the catalogue on the server, so the page never carries 7,000 options.

The codes already chosen always keep an option (the picker drops a value it has no option for), so a
shared link's `hs=` codes survive whatever chapter they are in.
"""

from __future__ import annotations

from collections.abc import Callable

from dash import Dash, Input, Output, State
from dash.exceptions import PreventUpdate

from dashboard import ids
from dashboard.services import Services
from dashboard.view_state import MAX_LIST_ITEMS, is_hs_code
from geodata.goods import GoodsCatalogue, hs_options
from geodata.i18n import _

MAX_SEARCH_CHARS = 40


def picker_options(catalogue: GoodsCatalogue, text: object, selected: object, limit: int = 40) -> list[dict]:
    """Options matching the search text, the selected codes' options first; a selected valid code the
    catalogue does not list still gets an option. Malformed text or selections (from a client) count
    as none.
    """
    query = text[:MAX_SEARCH_CHARS] if isinstance(text, str) else ""
    chosen = selected if isinstance(selected, list | tuple) else ()
    keep = tuple(dict.fromkeys(c for c in chosen[:MAX_LIST_ITEMS] if is_hs_code(c)))
    options = hs_options(catalogue, query, limit=limit, keep=keep)
    listed = {o["value"] for o in options}
    extra = [
        {"value": c, "label": _("HS {code} (not in the catalogue)").format(code=c)}
        for c in keep
        if c not in listed
    ]
    return extra + options


def search_options(text: object, selected: object, services: Services) -> list[dict]:
    """The picker's options for the search text and the chosen codes, from the live catalogue."""
    return picker_options(services.catalogue, text, selected)


def register(app: Dash, live: Callable[[], Services]) -> None:
    """Register the picker's search callback (no update while there is neither text nor a selection)."""

    @app.callback(
        Output(ids.HS_PICKER, "options"), Input(ids.HS_PICKER, "search_value"), State(ids.HS_PICKER, "value")
    )
    def _search(text, selected):
        if text is None and not selected:
            raise PreventUpdate
        return search_options(text, selected, live())

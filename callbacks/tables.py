"""The "Show as table" toggle: the map's and the charts' content as tables, drawn only while the
reader has them open (a closed toggle costs the page nothing).
"""

from __future__ import annotations

from collections.abc import Callable

from dash import Dash, Input, Output

from dashboard import ids
from dashboard.components.view_tables import view_tables
from dashboard.services import Services
from dashboard.view_document import view_document
from geodata.i18n import _


def table_outputs(clicks: object, query: object, services: Services) -> tuple:
    """(tables, hidden?, button text, aria-expanded) for the toggle's clicks and the view."""
    shown = isinstance(clicks, int) and not isinstance(clicks, bool) and clicks % 2 == 1
    if not shown:
        return [], True, _("Show as table"), "false"
    document, _notices = view_document(query if isinstance(query, str) else None, services)
    return view_tables(document), False, _("Hide the tables"), "true"


def register(app: Dash, live: Callable[[], Services]) -> None:
    """Register the tables' callback: drawn or hidden, the button relabelled, on a click or a view change."""

    @app.callback(
        Output(ids.TABLE_VIEW, "children"),
        Output(ids.TABLE_VIEW, "hidden"),
        Output(ids.TABLE_TOGGLE, "children"),
        Output(ids.TABLE_TOGGLE, "aria-expanded"),
        Input(ids.TABLE_TOGGLE, "n_clicks"),
        Input(ids.VIEW_STORE, "data"),
    )
    def _tables(clicks, query):
        return table_outputs(clicks, query, live())

"""The HS picker searches the catalogue on the server, so the page never carries 7,000 options."""

from __future__ import annotations

from collections.abc import Callable

from dash import Dash, Input, Output, State
from dash.exceptions import PreventUpdate

from dashboard import ids
from dashboard.services import Services
from geodata.goods import hs_options


def search_options(text: str | None, selected: list[str] | None, services: Services) -> list[dict]:
    return hs_options(services.catalogue, (text or "")[:40], limit=40, keep=tuple(selected or ()))


def register(app: Dash, live: Callable[[], Services]) -> None:
    @app.callback(
        Output(ids.HS_PICKER, "options"), Input(ids.HS_PICKER, "search_value"), State(ids.HS_PICKER, "value")
    )
    def _search(text, selected):
        if text is None and not selected:
            raise PreventUpdate
        return search_options(text, selected, live())

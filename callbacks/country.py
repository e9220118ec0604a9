"""The country profile (`/country/KAZ`): drawn for the path's country and the view in the URL."""

from __future__ import annotations

from dash import Dash, Input, Output, html

from dashboard import ids
from dashboard.components.country_profile import country_in_path, country_profile_children
from dashboard.country_profile import country_profile
from dashboard.services import Services
from dashboard.view_state import ViewState
from geodata.i18n import _


def profile_section(pathname: object, query: object, services: Services) -> tuple[list, bool]:
    """(children, hidden) of the profile section for the page's path and view query (the view carries
    the signals' thresholds).
    """
    code = country_in_path(pathname)
    if code is None:
        return [], True
    context = services.view_context
    if code not in context.countries:
        shown = code if len(code) <= 8 else code[:8] + "…"
        text = _("No country {code} in the data: use an ISO-3 code such as /country/KAZ.").format(
            code=repr(shown)
        )
        return [html.P(text)], False
    view, _notices = ViewState.from_query(query if isinstance(query, str) else None, context)
    profile = country_profile(code, view, services, view.signal_thresholds)
    return country_profile_children(profile, view.without_presentation().to_query(), services.names), False


def register(app: Dash, live) -> None:
    """Register the profile callback: the section is redrawn when the path or the view changes."""

    @app.callback(
        Output(ids.COUNTRY_PROFILE, "children"),
        Output(ids.COUNTRY_PROFILE, "hidden"),
        Input(ids.URL, "pathname"),
        Input(ids.VIEW_STORE, "data"),
        prevent_initial_call=True,
    )
    def _profile(pathname, query):
        return profile_section(pathname, query, live())

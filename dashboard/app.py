"""The app factory. Nothing imports a global app: `create_app(settings)` builds a fresh one."""

from __future__ import annotations

import atexit
from pathlib import Path

from dash import Dash

from callbacks import register_all
from callbacks.export import SETTINGS_KEY
from dashboard.api import register_api
from dashboard.export.images import ImageRenderer
from dashboard.export.jobs import ExportJobs
from dashboard.health import register_health
from dashboard.language import install_language
from dashboard.layout import build_layout
from dashboard.method_page import register_method_page
from dashboard.security import install_security
from dashboard.services import Services, live_services
from dashboard.settings import Settings
from geodata.i18n import active_language

ASSETS_DIR = Path(__file__).resolve().parent.parent / "assets"


def index_with_preloads(topojson_url: str) -> str:
    """Dash's page template plus a preload hint for the world map, which plotly.js would otherwise
    request only after it has drawn the page's other graphs (it comes from this server).
    """
    hints = f'<link rel="preload" href="{topojson_url}" as="fetch" crossorigin="anonymous">'

    return (
        """<!DOCTYPE html>
<html lang="en">
    <head>
        {%metas%}
        <title>{%title%}</title>
        {%favicon%}
        """
        + hints
        + """
        {%css%}
    </head>
    <body>
        {%app_entry%}
        <div class="dash-scripts">
            {%config%}
            {%scripts%}
            {%renderer%}
        </div>
    </body>
</html>"""
    )


def page_in_language(page: str, language: str) -> str:
    """The page's HTML with its ``lang`` attribute set to the language it is answered in."""
    return page.replace('<html lang="en">', f'<html lang="{language}">', 1)


def create_app(settings: Settings | None = None, services: Services | None = None) -> Dash:
    """A Dash app serving the atlas; no request leaves the server's own origin, and every response
    carries the security headers of `dashboard.security`.

    The app follows the store: after an ingest, requests are answered from the new snapshot (see
    `LiveServices`). Passing ``services`` pins the app to them (tests).
    """
    settings = settings or Settings()
    live = (lambda: services) if services is not None else live_services(settings)
    app = Dash(
        __name__,
        title=settings.title,
        assets_folder=str(ASSETS_DIR),
        serve_locally=True,
        suppress_callback_exceptions=False,
        update_title=None,
    )
    app.index_string = index_with_preloads(app.get_asset_url("topojson/world_50m.json"))
    page_in_english = app.interpolate_index
    app.interpolate_index = lambda **parts: page_in_language(page_in_english(**parts), active_language())
    app.layout = lambda: build_layout(live())
    app.server.config[SETTINGS_KEY] = settings  # export limits (workers, time limit, per client)
    install_language(app.server)  # first: the security hooks' refusals speak the page's language too
    install_security(app.server, settings)
    jobs = ExportJobs(live, ImageRenderer())
    atexit.register(jobs.close)  # the renderer's Chromium ends with the process
    register_all(app, live, jobs)
    register_api(app.server, live)
    register_method_page(app.server, live)
    register_health(app.server, live)
    return app

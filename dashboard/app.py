"""The app factory. Nothing imports a global app: `create_app(settings)` builds a fresh one."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from dash import Dash

from dashboard.layout import build_layout
from dashboard.services import Services
from dashboard.settings import Settings
from geodata.goods import load_catalogue
from geodata.layers import load_reference_layers
from geodata.official import load_official_totals
from geodata.trade.query import TradeStore, goods_key

ASSETS_DIR = Path(__file__).resolve().parent.parent / "assets"


def build_services(settings: Settings) -> Services:
    """Load and validate everything the callbacks read; raises one error listing every problem."""
    reference = load_reference_layers(settings.reference_dir)
    members = pd.read_csv(settings.reference_dir / "eu_members.csv", dtype=str, keep_default_na=False)
    catalogue = load_catalogue(settings.catalogue_dir)
    chpl = catalogue.chpl_codes
    cubes = {goods_key(None): None, goods_key(chpl): catalogue.version_weights(chpl)}
    return Services(
        reference=reference,
        catalogue=catalogue,
        store=TradeStore(settings.data_dir, cubes),
        official_totals=load_official_totals(),
        eu_members=tuple(members["iso3"]),
    )


def index_with_preloads(topojson_url: str) -> str:
    """Dash's page template plus a preload hint for the world map, which plotly.js would otherwise
    request only after it has drawn the page's other graphs (it comes from this server)."""
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
        <footer>
            {%config%}
            {%scripts%}
            {%renderer%}
        </footer>
    </body>
</html>"""
    )


def create_app(settings: Settings | None = None, services: Services | None = None) -> Dash:
    """A Dash app serving the atlas; no request leaves the server's own origin."""
    settings = settings or Settings()
    services = services or build_services(settings)
    app = Dash(
        __name__,
        title=settings.title,
        assets_folder=str(ASSETS_DIR),
        serve_locally=True,
        suppress_callback_exceptions=False,
        update_title=None,
    )
    app.index_string = index_with_preloads(app.get_asset_url("topojson/world_50m.json"))
    app.layout = build_layout(services)
    from callbacks import register_all

    register_all(app, services)
    return app

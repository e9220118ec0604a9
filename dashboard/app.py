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
from geodata.trade.query import TradeStore

ASSETS_DIR = Path(__file__).resolve().parent.parent / "assets"


def build_services(settings: Settings) -> Services:
    """Load and validate everything the callbacks read; raises one error listing every problem."""
    reference = load_reference_layers(settings.reference_dir)
    members = pd.read_csv(settings.reference_dir / "eu_members.csv", dtype=str, keep_default_na=False)
    return Services(
        reference=reference,
        catalogue=load_catalogue(settings.catalogue_dir),
        store=TradeStore(settings.data_dir),
        official_totals=load_official_totals(),
        eu_members=tuple(members["iso3"]),
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
    app.layout = build_layout(services)
    from callbacks import register_all

    register_all(app, services)
    return app

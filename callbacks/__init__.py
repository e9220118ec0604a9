"""One module per feature, each exposing ``register(app, services)``."""

from __future__ import annotations

from dash import Dash

from dashboard.services import Services


def register_all(app: Dash, services: Services) -> None:
    from callbacks import hs_search, playback, render, view_sync

    for module in (view_sync, render, playback, hs_search):
        module.register(app, services)

"""One module per feature, each exposing ``register(app, services)``."""

from __future__ import annotations

from dash import Dash

from dashboard.services import Services


def register_all(app: Dash, services: Services) -> None:
    from callbacks import map_layers

    for module in (map_layers,):
        module.register(app, services)

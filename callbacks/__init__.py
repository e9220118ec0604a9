"""One module per feature, each exposing ``register(app, services)``."""

from __future__ import annotations

from dash import Dash

from dashboard.services import Services


def register_all(app: Dash, services: Services) -> None:
    from callbacks import export, hs_search, playback, presentation, render, view_sync
    from dashboard.export.jobs import ExportJobs

    for module in (view_sync, render, playback, hs_search, presentation):
        module.register(app, services)
    export.register(app, ExportJobs(services))

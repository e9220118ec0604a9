"""One module per feature, each exposing ``register(app, live)``: ``live()`` returns the `Services`
of the store's current snapshot, taken once at the start of each callback.
"""

from __future__ import annotations

from collections.abc import Callable

from dash import Dash

from callbacks import (
    country,
    export,
    hs_search,
    language,
    playback,
    presentation,
    render,
    saved_views,
    signals,
    tables,
    view_sync,
)
from dashboard.export.jobs import ExportJobs
from dashboard.services import Services


def register_all(app: Dash, live: Callable[[], Services], jobs: ExportJobs) -> None:
    """Register every feature's callbacks on ``app``; the export ones use ``jobs`` (made by the app factory)."""
    for module in (
        view_sync,
        render,
        playback,
        hs_search,
        presentation,
        saved_views,
        signals,
        country,
        tables,
        language,
    ):
        module.register(app, live)
    export.register(app, jobs)

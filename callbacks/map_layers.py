"""Layer toggles: show or hide a layer's traces with a small patch; the geometry stays in the browser."""

from __future__ import annotations

from dash import Dash, Input, Output, Patch, State

from dashboard import ids
from dashboard.services import Services


def toggle_layers(selected: list[str] | None, trace_layers: list[str] | None) -> Patch:
    """A patch that sets each trace's `visible` from the selected layer names."""
    patch = Patch()
    shown = frozenset(selected or [])
    for index, layer in enumerate(trace_layers or []):
        patch["data"][index]["visible"] = layer in shown
    return patch


def register(app: Dash, services: Services) -> None:
    @app.callback(
        Output(ids.MAP_GRAPH, "figure", allow_duplicate=True),
        Input(ids.LAYER_TOGGLES, "value"),
        State(ids.MAP_TRACE_LAYERS, "data"),
        prevent_initial_call=True,
    )
    def _on_layer_toggle(selected, trace_layers):
        return toggle_layers(selected, trace_layers)

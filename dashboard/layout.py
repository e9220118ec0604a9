"""The page: header, layer toggles, the map, footer with sources."""

from __future__ import annotations

from dash import dcc, html

from dashboard import ids
from dashboard.figures.map_figure import build_map_figure
from dashboard.figures.reference_layers import LAYER_TITLES, LAYERS
from dashboard.graph_config import geo_graph_config
from dashboard.services import Services

DEFAULT_LAYERS = ("countries", "flows", "corridors", "crossings", "hubs")


def layer_toggles(selected: tuple[str, ...] = DEFAULT_LAYERS) -> dcc.Checklist:
    return dcc.Checklist(
        id=ids.LAYER_TOGGLES,
        options=[{"label": LAYER_TITLES[name], "value": name} for name in LAYERS],
        value=list(selected),
        className="layer-toggles",
        inputClassName="layer-toggle-input",
    )


def map_graph(services: Services) -> list:
    """The map and, beside it, the layer name of each of its traces (what toggles patch)."""
    figure = build_map_figure(services.reference)
    return [
        dcc.Graph(id=ids.MAP_GRAPH, figure=figure, config=geo_graph_config(services.topojson_url),
                  className="map-graph"),
        dcc.Store(id=ids.MAP_TRACE_LAYERS, data=[trace.meta["layer"] for trace in figure.data]),
    ]


def build_layout(services: Services) -> html.Div:
    reference = services.reference
    return html.Div(
        className="app-shell",
        children=[
            html.Header(id=ids.HEADER, className="app-header", children=[
                html.H1("Corridor Atlas"),
                html.P("Border crossings, ports and transit corridors between Russia, Kazakhstan, Türkiye, "
                       "Central Asia and the Caucasus", className="subtitle"),
            ]),
            html.Main(className="app-main", children=[
                html.Section(className="panel", **{"aria-label": "Map layers"}, children=[
                    html.H2("Layers", id="layers-heading"), layer_toggles(),
                ]),
                html.Section(className="map-area", children=map_graph(services)),
            ]),
            html.Footer(id=ids.FOOTER, className="app-footer", children=[
                html.P(f"{len(reference.crossings)} border crossings, {len(reference.hubs)} ports and hubs, "
                       f"{len(reference.corridors)} corridors; every point carries its source (hover). "
                       "Boundaries: UN-based world map from plotly.js (Crimea shown as part of Ukraine)."),
            ]),
        ],
    )

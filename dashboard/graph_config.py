"""The `config` every geo graph gets: local topojson, no plotly logo or cloud links."""

from __future__ import annotations


def geo_graph_config(topojson_url: str, filename: str = "corridor-atlas-map") -> dict:
    """Config for a `dcc.Graph` holding a geo map.

    ``topojsonURL`` points plotly.js at the topojson served from ``assets/topojson/``; without it
    plotly fetches it from a CDN and draws a blank map offline.
    """
    return {
        "topojsonURL": topojson_url,
        "displaylogo": False,
        "showLink": False,
        "showSendToCloud": False,
        "scrollZoom": True,
        "responsive": True,
        "modeBarButtonsToRemove": ["sendDataToCloud", "lasso2d", "select2d"],
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
    }


def chart_config(filename: str) -> dict:
    """Config for the non-map charts: no logo, no cloud, PNG download at 2×."""
    return {
        "displaylogo": False,
        "responsive": True,
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
        "toImageButtonOptions": {"format": "png", "filename": f"corridor-atlas-{filename}", "scale": 2},
    }

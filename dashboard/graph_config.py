"""The `config` every graph gets: local topojson, no plotly logo, no cloud links or buttons, plotly.js
in the page's language.

plotly.js can send a chart to plotly's cloud ("Edit in Chart Studio", "Share chart…"); on an
air-gapped network that is a way for data to leave. Every graph's config goes through
`no_cloud`, and a test walks every `dcc.Graph` of the layout to check it.
"""

from __future__ import annotations

from dashboard.plotly_locale import locale_config

CLOUD_BUTTONS = ("sendDataToCloud", "editInChartStudio")
NO_CLOUD = {
    "displaylogo": False,
    "showLink": False,
    "showSendToCloud": False,
    "showEditInChartStudio": False,
    "plotlyServerURL": "",
    "linkText": "",
    "sendData": False,
}


def no_cloud(config: dict) -> dict:
    """``config`` with every cloud option off and the cloud buttons removed from the modebar."""
    removed = list(dict.fromkeys([*CLOUD_BUTTONS, *config.get("modeBarButtonsToRemove", ())]))
    return {**config, **locale_config(), **NO_CLOUD, "modeBarButtonsToRemove": removed}


def geo_graph_config(topojson_url: str, filename: str = "corridor-atlas-map") -> dict:
    """Config for a `dcc.Graph` holding a geo map.

    ``topojsonURL`` points plotly.js at the topojson served from ``assets/topojson/``; without it
    plotly fetches it from a CDN and draws a blank map offline.
    """
    return no_cloud(
        {
            "topojsonURL": topojson_url,
            "scrollZoom": True,
            "responsive": True,
            "modeBarButtonsToRemove": ["lasso2d", "select2d"],
            "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
        }
    )


def chart_config(filename: str) -> dict:
    """Config for the non-map charts: no logo, no cloud, PNG download at 2×."""
    return no_cloud(
        {
            "responsive": True,
            "modeBarButtonsToRemove": ["lasso2d", "select2d"],
            "toImageButtonOptions": {"format": "png", "filename": f"corridor-atlas-{filename}", "scale": 2},
        }
    )

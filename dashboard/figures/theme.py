"""The atlas's plotly template: plotly's default look, trimmed to what the atlas's figures use.

plotly's default template (``"plotly"``, about 6.5 KB of JSON) travels inside every figure the server
sends and is deep-copied each time a figure is built or serialised; most of it styles trace types the
atlas never draws (3-D scenes, polar and ternary axes, tables, contours). The atlas template keeps
plotly's own settings for the layout and the trace types the atlas uses, so figures look the same,
and makes it the default for every figure built in this process.
"""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

ATLAS_TEMPLATE = "atlas"
LAYOUT_KEYS = (
    "annotationdefaults",
    "autotypenumbers",
    "colorway",
    "font",
    "geo",
    "hoverlabel",
    "hovermode",
    "paper_bgcolor",
    "plot_bgcolor",
    "shapedefaults",
    "title",
    "xaxis",
    "yaxis",
)
TRACE_TYPES = ("bar", "choropleth", "scatter", "scattergeo")


def atlas_template() -> go.layout.Template:
    """Plotly's default template, restricted to `LAYOUT_KEYS` and `TRACE_TYPES`."""
    plotly_default = pio.templates["plotly"].to_plotly_json()
    layout = {k: v for k, v in plotly_default["layout"].items() if k in LAYOUT_KEYS}
    data = {k: v for k, v in plotly_default["data"].items() if k in TRACE_TYPES}
    return go.layout.Template(layout=layout, data=data)


def use_atlas_template() -> None:
    """Register the atlas template and make it the default (idempotent)."""
    if pio.templates.default != ATLAS_TEMPLATE:
        pio.templates[ATLAS_TEMPLATE] = atlas_template()
        pio.templates.default = ATLAS_TEMPLATE

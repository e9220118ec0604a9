"""The atlas template: plotly's look for what the atlas draws, at a fraction of the payload."""

from __future__ import annotations

import json

import plotly.graph_objects as go
import plotly.io as pio

import dashboard.figures  # noqa: F401 - registers the template
from dashboard.figures.theme import ATLAS_TEMPLATE, LAYOUT_KEYS, atlas_template


def test_the_atlas_template_is_the_default_and_keeps_plotlys_settings():
    assert pio.templates.default == ATLAS_TEMPLATE
    template = atlas_template().to_plotly_json()
    plotly_default = pio.templates["plotly"].to_plotly_json()
    for key in LAYOUT_KEYS:
        assert template["layout"][key] == plotly_default["layout"][key]
    assert template["data"]["choropleth"] == plotly_default["data"]["choropleth"]
    assert "polar" not in template["layout"] and "table" not in template["data"]


def test_a_figure_carries_a_small_template():
    figure = go.Figure(go.Scatter(x=[1, 2], y=[3, 4]))
    carried = len(json.dumps(figure.to_plotly_json()["layout"]["template"]))
    full = len(json.dumps(pio.templates["plotly"].to_plotly_json()))
    assert carried < full / 3

"""The small monthly chart of a crossing's, port's or corridor's panel: the assigned value per month
of the period, with the baseline's monthly average as a line.
"""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard.figures import palette
from dashboard.formatting import money, money_ticks
from geodata.i18n import _


def node_months_figure(node: dict) -> go.Figure:
    """Bars of the place's assigned value per month (the JSON view's ``node.months``); a dashed line at
    the baseline monthly average when there is one (the panel's caption says so).
    """
    months = [m["period"] for m in node["months"]]
    values = [m["value_usd"] for m in node["months"]]
    figure = go.Figure(
        data=go.Bar(
            x=months,
            y=values,
            marker={"color": palette.FLOW},
            customdata=[money(v) for v in values],
            hovertemplate="%{x}: %{customdata} " + _("(modelled)") + "<extra></extra>",
            name=_("Assigned per month"),
        ),
        layout={
            "height": 160,
            "margin": {"l": 40, "r": 8, "t": 8, "b": 28},
            "xaxis": {"type": "category", "tickangle": 0, "nticks": 6},
            "yaxis": {
                **money_ticks(max([*values, node.get("baseline_monthly_usd") or 0.0], default=0.0)),
                "gridcolor": "#E4E7EB",
            },
            "showlegend": False,
            "bargap": 0.15,
        },
    )
    baseline = node.get("baseline_monthly_usd")
    if baseline:
        figure.add_hline(y=baseline, line={"dash": "dash", "color": palette.TEXT, "width": 1.5})
    return figure

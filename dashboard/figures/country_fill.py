"""Countries filled by the chosen metric: trade value (sequential) or change against the
2019–2021 baseline (diverging, centred on zero). The EU27, a single reporter, fills its members."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.figures import palette
from dashboard.formatting import money, percent_change
from geodata.country_groups import EU27
from geodata.frames import frame_rows

CHANGE_CAP = 200.0  # ± percent at the ends of the diverging scale


def _scale(colours: tuple[str, ...]) -> list[list]:
    return [[i / (len(colours) - 1), c] for i, c in enumerate(colours)]


def country_metric_trace(
    values: pd.DataFrame,
    metric: str,
    names: dict[str, str],
    eu_members: tuple[str, ...],
    *,
    source_label: str,
) -> go.Choropleth:
    """``values``: country, total, monthly, baseline_monthly, change_pct (from the query layer)."""
    rows = []
    for row in frame_rows(values):
        members = eu_members if row.country == EU27 else (row.country,)
        rows += [(member, row) for member in members]
    locations = [m for m, _ in rows]
    if metric == "change":
        z = [
            float(np.clip(r.change_pct, -CHANGE_CAP, CHANGE_CAP)) if pd.notna(r.change_pct) else None
            for _, r in rows
        ]
        colour = {
            "colorscale": _scale(palette.DIVERGING),
            "zmid": 0.0,
            "zmin": -CHANGE_CAP,
            "zmax": CHANGE_CAP,
        }
        bar_title = "Change vs<br>2019–2021"
        ticks = {
            "tickvals": [-200, -100, 0, 100, 200],
            "ticktext": ["−200%", "−100%", "0", "+100%", "≥+200%"],
        }
    else:
        z = [float(np.log10(max(r.total, 1.0))) for _, r in rows]
        colour = {"colorscale": _scale(palette.SEQUENTIAL)}
        bar_title = "Trade value<br>(log scale)"
        low, high = (min(z), max(z)) if z else (0.0, 1.0)
        tick_values = list(range(int(np.floor(low)), int(np.ceil(high)) + 1))
        ticks = {"tickvals": tick_values, "ticktext": [money(10.0**v) for v in tick_values]}
    text = [
        f"<b>{names.get(r.country, r.country)}</b>{' (all 27 member states)' if r.country == EU27 else ''}<br>"
        f"Trade on the selected flows: {money(r.total)}<br>"
        f"Change vs 2019–2021 (monthly average): {percent_change(r.change_pct)}<br>{source_label}"
        for _, r in rows
    ]
    return go.Choropleth(
        _validate=False,
        locations=locations,
        z=z,
        locationmode="ISO-3",
        text=text,
        hovertemplate="%{text}<extra></extra>",
        marker={"line": {"color": palette.BORDER, "width": 0.6}},
        colorbar={
            "title": {"text": bar_title, "font": {"size": 11}},
            "thickness": 12,
            "len": 0.45,
            "x": 0.01,
            "xanchor": "left",
            "y": 0.03,
            "yanchor": "bottom",
            "bgcolor": "rgba(255,255,255,0.85)",
            **ticks,
        },
        name="Countries",
        meta={"layer": "countries", "metric": metric},
        **colour,
    )

"""Monthly value of the filtered flows, with the baseline shaded and sanctions/control events marked."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures import palette
from dashboard.figures.annotations import source_annotation
from dashboard.formatting import money

LEG_COLOURS = {
    "transit_to_russia": "#B2182B",
    "direct_to_russia": "#EF8A62",
    "origin_to_transit": "#2166AC",
    "russia_to_transit": "#B2182B",
    "direct_from_russia": "#EF8A62",
    "transit_to_destination": "#2166AC",
}
JURISDICTION_COLOUR = {"EU": "#332288", "US": "#CC6677", "KZ": "#117733", "G7": "#AA4499", "UK": "#44AA99"}
BASELINE_FILL = "rgba(136,204,238,0.18)"


def event_colour(jurisdiction: str) -> str:
    return JURISDICTION_COLOUR.get(jurisdiction, "#999933")


def timeseries_figure(
    series: pd.DataFrame,
    events: pd.DataFrame,
    *,
    baseline: tuple[pd.Timestamp, pd.Timestamp],
    selected: tuple[pd.Timestamp, pd.Timestamp] | None,
    source_label: str,
    is_demo: bool,
    title: str = "",
    leg_titles: dict[str, str] | None = None,
    beside_legs: tuple[str, ...] = (),
) -> go.Figure:
    """``series``: period, value_usd, and optionally leg (one line per leg, named by ``leg_titles``; a
    leg in ``beside_legs`` is dashed: it is shown beside the headline, not part of it).
    ``events``: date, jurisdiction, title, description, confidence.

    Events become vertical lines (dotted when unverified) and hoverable markers along the top.
    """
    traces = []
    lines = series.groupby("leg", sort=False) if "leg" in series else [("", series)]
    for leg, rows in lines:
        name = (leg_titles or {}).get(leg, leg) or "Monthly value"
        traces.append(
            go.Scatter(
                _validate=False,
                x=rows["period"],
                y=rows["value_usd"],
                mode="lines",
                line={
                    "color": LEG_COLOURS.get(leg, palette.FLOW),
                    "width": 2.2,
                    "dash": "dash" if leg in beside_legs else "solid",
                },
                name=name,
                customdata=[money(v) for v in rows["value_usd"]],
                hovertemplate=f"{name}<br>%{{x|%b %Y}}: %{{customdata}}<extra></extra>",
                meta={"role": "series", "leg": leg},
            )
        )
    series = series.groupby("period", as_index=False)["value_usd"].max() if "leg" in series else series
    shown = (
        events[(events["date"] >= series["period"].min()) & (events["date"] <= series["period"].max())]
        if not series.empty
        else events.iloc[0:0]
    )
    top = float(series["value_usd"].max()) if not series.empty else 1.0
    for jurisdiction, group in shown.groupby("jurisdiction", sort=True):
        traces.append(
            go.Scatter(
                _validate=False,
                x=group["date"],
                y=[top * 1.04] * len(group),
                mode="markers",
                marker={"symbol": "triangle-down", "size": 10, "color": event_colour(jurisdiction)},
                text=[
                    f"<b>{t}</b> ({d:%d %b %Y})<br>{desc}{'<br><i>unverified date</i>' if c == 'low' else ''}"
                    for t, d, desc, c in zip(
                        group["title"], group["date"], group["description"], group["confidence"], strict=True
                    )
                ],
                hovertemplate="%{text}<extra></extra>",
                name=f"{jurisdiction} measures",
                meta={"role": "events", "jurisdiction": jurisdiction},
            )
        )
    shapes = [
        {
            "type": "line",
            "xref": "x",
            "yref": "paper",
            "x0": d,
            "x1": d,
            "y0": 0,
            "y1": 1,
            "line": {"color": event_colour(j), "width": 1, "dash": "dot" if c == "low" else "solid"},
            "opacity": 0.45,
            "name": f"event-{i}",
        }
        for i, (d, j, c) in enumerate(
            zip(shown["date"], shown["jurisdiction"], shown["confidence"], strict=True)
        )
    ]
    shapes.append(
        {
            "type": "rect",
            "xref": "x",
            "yref": "paper",
            "x0": baseline[0],
            "x1": baseline[1],
            "y0": 0,
            "y1": 1,
            "fillcolor": BASELINE_FILL,
            "line": {"width": 0},
            "layer": "below",
            "name": "baseline",
        }
    )
    if selected is not None:
        shapes.append(
            {
                "type": "rect",
                "xref": "x",
                "yref": "paper",
                "x0": selected[0],
                "x1": selected[1],
                "y0": 0,
                "y1": 1,
                "fillcolor": "rgba(221,204,119,0.22)",
                "line": {"width": 0},
                "layer": "below",
                "name": "selected-period",
            }
        )
    layout = dict(
        shapes=shapes,
        annotations=source_annotation(source_label, is_demo, y=-0.18, banner_y=1.13),
        margin={"l": 60, "r": 16, "t": 62, "b": 56},
        title={"text": title, "font": {"size": 14}},
        yaxis={"title": "USD per month", "rangemode": "tozero", "tickformat": "~s", "gridcolor": "#E4E7EB"},
        xaxis={"showgrid": False},
        legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0, "font": {"size": 10}},
        plot_bgcolor="white",
        paper_bgcolor="white",
        hovermode="closest",
        uirevision="timeseries",
    )
    return go.Figure(data=traces, layout=layout, _validate=False)

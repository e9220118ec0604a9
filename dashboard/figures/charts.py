"""The ranking bar chart and the origin → transit → Russia Sankey."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures import palette
from dashboard.figures.annotations import source_annotation
from dashboard.formatting import money

MIRROR_MARK = " †"


def top_flows_figure(
    top: pd.DataFrame, names: dict[str, str], *, source_label: str, is_demo: bool
) -> go.Figure:
    """Horizontal bars of the largest edges; † marks Russia's side as mirror data."""
    labels = [
        f"{names.get(e, e)} → {names.get(i, i)}{MIRROR_MARK if m else ''}"
        for e, i, m in zip(top["exporter"], top["importer"], top["mirror"], strict=True)
    ]
    figure = go.Figure(
        data=go.Bar(
            _validate=False,
            x=top["value_usd"],
            y=labels,
            orientation="h",
            marker={"color": palette.FLOW},
            customdata=[money(v) for v in top["value_usd"]],
            hovertemplate="%{y}: %{customdata}<extra></extra>",
            text=[money(v) for v in top["value_usd"]],
            textposition="auto",
            name="Top flows",
        ),
        _validate=False,
    )
    notes = source_annotation(
        source_label + ("  † Russia's side: mirror data" if top["mirror"].any() else ""),
        is_demo,
        y=-0.12,
        banner_y=1.02,
    )
    figure.update_layout(
        yaxis={"autorange": "reversed", "automargin": True},
        xaxis={"tickformat": "~s", "gridcolor": "#E4E7EB"},
        margin={"l": 10, "r": 16, "t": 34, "b": 50},
        annotations=notes,
        plot_bgcolor="white",
        paper_bgcolor="white",
        showlegend=False,
        uirevision="top-flows",
    )
    return figure


def sankey_figure(
    flows: pd.DataFrame,
    origins: tuple[str, ...],
    transit: tuple[str, ...],
    names: dict[str, str],
    *,
    source_label: str,
    is_demo: bool,
) -> go.Figure:
    """Origin → transit country → Russia for the selected goods and period."""
    legs = flows[
        (flows["exporter"].isin(origins) & flows["importer"].isin(transit))
        | (flows["exporter"].isin(transit) & (flows["importer"] == "RUS"))
    ]
    legs = legs[legs["value_usd"] > 0]
    nodes = [
        *(o for o in origins if o in set(legs["exporter"])),
        *(t for t in transit if t in set(legs["importer"]) | set(legs["exporter"])),
        "RUS",
    ]
    index = {code: i for i, code in enumerate(nodes)}
    column = {
        code: 0.01 if code in origins and code not in transit else (0.99 if code == "RUS" else 0.5)
        for code in nodes
    }
    figure = go.Figure(
        data=go.Sankey(
            _validate=False,
            arrangement="snap",
            node={
                "label": [names.get(c, c) for c in nodes],
                "pad": 12,
                "thickness": 14,
                "x": [column[c] for c in nodes],
                "color": [palette.categorical(i) for i in range(len(nodes))],
            },
            link={
                "source": [index[e] for e in legs["exporter"]],
                "target": [index[i] for i in legs["importer"]],
                "value": legs["value_usd"].tolist(),
                "customdata": [money(v) for v in legs["value_usd"]],
                "hovertemplate": "%{source.label} → %{target.label}: %{customdata}<extra></extra>",
                "color": "rgba(178,24,43,0.25)",
            },
        ),
        _validate=False,
    )
    figure.update_layout(
        margin={"l": 8, "r": 8, "t": 34, "b": 40},
        paper_bgcolor="white",
        annotations=source_annotation(source_label, is_demo, y=-0.04, banner_y=1.02),
    )
    return figure

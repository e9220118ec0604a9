"""The ranking bar chart and the origin → transit → Russia Sankey."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures import palette
from dashboard.figures.annotations import source_annotation
from dashboard.formatting import money, money_ticks
from geodata.i18n import _
from geodata.trade.schema import MIRROR_MARK

DAGGER = " †"  # after a flow whose Russian side is mirror data


def top_flows_figure(
    top: pd.DataFrame, names: dict[str, str], *, source_label: str, is_demo: bool
) -> go.Figure:
    """Horizontal bars of the largest edges; † marks Russia's side as mirror data."""
    labels = [
        f"{names.get(e, e)} → {names.get(i, i)}{DAGGER if m else ''}"
        for e, i, m in zip(top["exporter"], top["importer"], top["mirror"], strict=True)
    ]
    return go.Figure(
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
            name=_("Top flows"),
        ),
        layout={
            "yaxis": {"autorange": "reversed", "automargin": True},
            "xaxis": {
                **money_ticks(float(top["value_usd"].max()) if len(top) else 0.0),
                "gridcolor": "#E4E7EB",
            },
            "margin": {"l": 10, "r": 16, "t": 34, "b": 50},
            "annotations": source_annotation(
                source_label + (f"  † {_(MIRROR_MARK)}" if top["mirror"].any() else ""),
                is_demo,
                y=-0.12,
                banner_y=1.02,
            ),
            "plot_bgcolor": "white",
            "paper_bgcolor": "white",
            "showlegend": False,
            "uirevision": "top-flows",
        },
        _validate=False,
    )


SANKEY_CHAINS = {
    "into_russia": ("origin_to_transit", "transit_to_russia", "direct_to_russia"),
    "out_of_russia": ("russia_to_transit", "transit_to_destination", "direct_from_russia"),
}
#: Which column (0 left, 1 middle, 2 right) each leg's exporter and importer stand in.
LEG_COLUMNS = {
    "origin_to_transit": (0, 1),
    "transit_to_russia": (1, 2),
    "direct_to_russia": (0, 2),
    "russia_to_transit": (0, 1),
    "transit_to_destination": (1, 2),
    "direct_from_russia": (0, 2),
}
COLUMN_X = (0.01, 0.5, 0.99)


def sankey_figure(
    edges: pd.DataFrame,
    direction: str,
    names: dict[str, str],
    *,
    source_label: str,
    is_demo: bool,
) -> go.Figure:
    """Origin → transit country → Russia (or Russia → transit → destination) by leg.

    A country is a node once per column it stands in, so Türkiye as an origin (supplying Kazakhstan)
    and as a transit country (exporting to Russia) are two nodes and the diagram has no cycles.
    Stopped edges (no trade in the period) are left out: a Sankey cannot draw zero.
    """
    chain = SANKEY_CHAINS.get(direction, SANKEY_CHAINS["into_russia"])
    legs = edges[edges["leg"].isin(chain) & (edges["value_usd"] > 0)]
    nodes: dict[tuple[int, str], int] = {}
    sources, targets = [], []
    for exporter, importer, leg in zip(legs["exporter"], legs["importer"], legs["leg"], strict=True):
        left, right = LEG_COLUMNS[leg]
        sources.append(nodes.setdefault((left, exporter), len(nodes)))
        targets.append(nodes.setdefault((right, importer), len(nodes)))
    ordered = sorted(nodes, key=nodes.get)
    return go.Figure(
        data=go.Sankey(
            _validate=False,
            arrangement="snap",
            node={
                "label": [names.get(code, code) for _column, code in ordered],
                "pad": 12,
                "thickness": 14,
                "x": [COLUMN_X[column] for column, _code in ordered],
                "color": [palette.categorical(i) for i in range(len(ordered))],
            },
            link={
                "source": sources,
                "target": targets,
                "value": legs["value_usd"].tolist(),
                "customdata": [money(v) for v in legs["value_usd"]],
                "hovertemplate": "%{source.label} → %{target.label}: %{customdata}<extra></extra>",
                "color": "rgba(178,24,43,0.25)",
            },
        ),
        layout={
            "margin": {"l": 8, "r": 8, "t": 34, "b": 40},
            "paper_bgcolor": "white",
            "annotations": source_annotation(source_label, is_demo, y=-0.04, banner_y=1.02),
        },
        _validate=False,
    )

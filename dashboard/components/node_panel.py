"""The panel of a crossing, port or corridor: drawn from the JSON view's ``node`` object."""

from __future__ import annotations

from dash import dcc, html

from dashboard.figures.node_chart import node_months_figure
from dashboard.formatting import money, percent_change
from dashboard.graph_config import chart_config
from dashboard.node_detail import KIND_NAMES
from geodata.analytics.legs import LEG_TITLES
from geodata.baseline import BASELINE_LABEL

MODE_NAMES = {
    "road": "Road",
    "rail": "Rail",
    "sea": "Sea",
    "air": "Air",
    "pipeline": "Pipeline",
    "other": "Other",
}
BASIS_NAMES = {"reported": "mode reported by the source", "default_split": "default split by route shares"}


def _table(caption: str, header: list[str], rows: list[list], numeric_from: int = 1) -> html.Table:
    return html.Table(
        className="node-table",
        children=[
            html.Caption(caption),
            html.Thead(html.Tr([html.Th(h, scope="col") for h in header])),
            html.Tbody(
                [
                    html.Tr(
                        [
                            html.Td(cell, className="num" if i >= numeric_from else None)
                            for i, cell in enumerate(row)
                        ]
                    )
                    for row in rows
                ]
            ),
        ],
    )


def node_panel_children(node: dict, period_label: str) -> list:
    """The panel's children for the JSON view's ``node`` object."""
    title = [html.H2(node["name"], id="node-title")]
    facts = [KIND_NAMES.get(node["kind"], node["kind"]), node["mode"]]
    if node.get("name_local"):
        facts.insert(1, node["name_local"])
    if node.get("countries"):
        facts.append(" – ".join(node["countries"]))
    children: list = [
        *title,
        html.P(" · ".join(f for f in facts if f), className="node-facts"),
        html.P(
            ["Modelled estimate", html.Span(f" · confidence {node['confidence']}")],
            className="node-estimate",
            title=node["method"],
        ),
    ]
    if node["value_usd"] <= 0 and not node["pairs"]:
        children.append(
            html.P(
                "No trade of this view is assigned here: no route of the view's pairs passes this place.",
                className="node-empty",
            )
        )
        return children + _about(node)
    change = node.get("change_pct")
    children.append(
        html.P(
            [
                html.Strong(money(node["value_usd"])),
                f" in {period_label} · {money(node['period_monthly_usd'])} a month against "
                f"{money(node['baseline_monthly_usd'])} in {BASELINE_LABEL} "
                f"({percent_change(change) if node['baseline_monthly_usd'] else 'no baseline trade'})",
            ],
            className="node-headline",
        )
    )
    children.append(
        dcc.Graph(
            id="node-months-graph",
            figure=node_months_figure(node),
            config=chart_config(f"node-{node['id']}"),
            className="node-chart",
        )
    )
    if node["baseline_monthly_usd"]:
        children.append(
            html.P(
                f"Bars: each month of the period. Dashed line: the {BASELINE_LABEL} monthly average.",
                className="node-facts",
            )
        )
    modes = sorted(node["by_mode"].items(), key=lambda item: -item[1])
    children.append(
        _table("By mode", ["Mode", "Value"], [[MODE_NAMES.get(m, m), money(v)] for m, v in modes])
    )
    basis = [[BASIS_NAMES.get(b, b), money(v)] for b, v in sorted(node["by_basis"].items())]
    if basis:
        children.append(_table("Mode split from", ["Basis", "Value"], basis))
    pair_rows = [
        [
            f"{p['exporter_name']} → {p['importer_name']}",
            LEG_TITLES.get(p["leg"], p["leg"] or ""),
            money(p["value_usd"]),
            "—" if p["share_of_pair"] is None else f"{p['share_of_pair']:.0%}",
            percent_change(p["change_pct"]) if p["baseline_monthly_usd"] else "new",
        ]
        for p in node["pairs"]
    ]
    children.append(
        _table("Pairs using it", ["Pair", "Leg", "Value", "Of the pair", "vs 2019–21"], pair_rows, 2)
    )
    code_rows = [
        [html.Span(c["hs6"], title=c["title"]), c["title"][:48], money(c["value_usd"])]
        for c in node["top_hs6"]
    ]
    if code_rows:
        children.append(_table("Top HS6 codes", ["HS6", "Goods", "Value"], code_rows, 2))
    return children + _about(node)


def _about(node: dict) -> list:
    return [
        html.Details(
            className="node-about",
            children=[
                html.Summary("Status, source and method"),
                html.P(node["status"] or "No status recorded."),
                html.P(["Source: ", node["source"]]),
                html.P(node["method"]),
            ],
        )
    ]

"""The panel of a crossing, port or corridor: drawn from the JSON view's ``node`` object."""

from __future__ import annotations

from dash import dcc, html

from dashboard.figures.node_chart import node_months_figure
from dashboard.figures.reference_layers import CONFIDENCE_LABEL, HUB_KIND_LABEL, code_title
from dashboard.formatting import money, percent_change
from dashboard.graph_config import chart_config
from dashboard.node_detail import KIND_NAMES
from geodata.analytics.legs import LEG_TITLES
from geodata.baseline import BASELINE_LABEL
from geodata.i18n import N_, _
from geodata.i18n.formats import number
from geodata.transport_modes import mode_title

BASIS_NAMES = {
    "reported": N_("mode reported by the source"),
    "default_split": N_("default split by route shares"),
}


def _mode_text(kind: str, mode: str) -> str:
    """A place's mode (a port's kind) in the active language."""
    if kind == "port":
        code = mode.replace(" ", "_")
        return code_title(HUB_KIND_LABEL, code) if code in HUB_KIND_LABEL else mode
    return mode_title(mode)


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
    kind = node["kind"]
    facts = [_(KIND_NAMES[kind]) if kind in KIND_NAMES else kind, _mode_text(kind, node["mode"])]
    if node.get("name_local"):
        facts.insert(1, node["name_local"])
    if node.get("countries"):
        facts.append(" – ".join(node["countries"]))
    children: list = [
        *title,
        html.P(" · ".join(f for f in facts if f), className="node-facts"),
        html.P(
            [
                _("Modelled estimate"),
                html.Span(
                    " · "
                    + _("confidence {confidence}").format(
                        confidence=code_title(CONFIDENCE_LABEL, node["confidence"])
                    )
                ),
            ],
            className="node-estimate",
            title=node["method"],
        ),
    ]
    if node["value_usd"] <= 0 and not node["pairs"]:
        children.append(
            html.P(
                _("No trade of this view is assigned here: no route of the view's pairs passes this place."),
                className="node-empty",
            )
        )
        return children + _about(node)
    change = node.get("change_pct")
    children.append(
        html.P(
            [
                html.Strong(money(node["value_usd"])),
                " "
                + _(
                    "in {period} · {monthly} a month against {baseline_monthly} in {baseline} ({change})"
                ).format(
                    period=period_label,
                    monthly=money(node["period_monthly_usd"]),
                    baseline_monthly=money(node["baseline_monthly_usd"]),
                    baseline=BASELINE_LABEL,
                    change=percent_change(change) if node["baseline_monthly_usd"] else _("no baseline trade"),
                ),
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
                _("Bars: each month of the period. Dashed line: the {baseline} monthly average.").format(
                    baseline=BASELINE_LABEL
                ),
                className="node-facts",
            )
        )
    modes = sorted(node["by_mode"].items(), key=lambda item: -item[1])
    children.append(
        _table(
            _("By mode"),
            [_("Mode"), _("Value")],
            [[mode_title(m).capitalize(), money(v)] for m, v in modes],
        )
    )
    basis = [
        [_(BASIS_NAMES[b]) if b in BASIS_NAMES else b, money(v)] for b, v in sorted(node["by_basis"].items())
    ]
    if basis:
        children.append(_table(_("Mode split from"), [_("Basis"), _("Value")], basis))
    pair_rows = [
        [
            f"{p['exporter_name']} → {p['importer_name']}",
            _(LEG_TITLES[p["leg"]]) if p["leg"] in LEG_TITLES else p["leg"] or "",
            money(p["value_usd"]),
            "—"
            if p["share_of_pair"] is None
            else _("{percent}%").format(percent=number(p["share_of_pair"] * 100)),
            percent_change(p["change_pct"]) if p["baseline_monthly_usd"] else _("new"),
        ]
        for p in node["pairs"]
    ]
    children.append(
        _table(
            _("Pairs using it"),
            [_("Pair"), _("Leg"), _("Value"), _("Of the pair"), _("vs 2019–21")],
            pair_rows,
            2,
        )
    )
    code_rows = [
        [html.Span(c["hs6"], title=c["title"]), c["title"][:48], money(c["value_usd"])]
        for c in node["top_hs6"]
    ]
    if code_rows:
        children.append(_table(_("Top HS6 codes"), [_("HS6"), _("Goods"), _("Value")], code_rows, 2))
    return children + _about(node)


def _about(node: dict) -> list:
    return [
        html.Details(
            className="node-about",
            children=[
                html.Summary(_("Status, source and method")),
                html.P(node["status"] or _("No status recorded.")),
                html.P([_("Source:") + " ", node["source"]]),
                html.P(node["method"]),
            ],
        )
    ]

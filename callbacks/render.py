"""Draw a view: patch the map's metric and flow traces, rebuild the small charts and KPI cards.

Geometry never travels again after the first page: only the country fill, the flow lines and
trace visibility are patched, so zoom and pan survive and the payload stays small.
"""

from __future__ import annotations

import pandas as pd
from dash import Dash, Input, Output, Patch, State, dcc, html, no_update

from callbacks.presentation import is_presenting
from dashboard import ids
from dashboard.components.kpis import kpi_cards
from dashboard.components.node_panel import node_panel_children
from dashboard.figures.annotations import source_annotation
from dashboard.figures.charts import sankey_figure, top_flows_figure
from dashboard.figures.geo import LEGEND_WIDTH, PRESENT_LEGEND_WIDTH
from dashboard.figures.timeseries import timeseries_figure
from dashboard.services import Services
from dashboard.view_data import ViewData, chart_series, load_view_data
from dashboard.view_document import document_from_data
from dashboard.view_map import map_caption, view_map_traces
from dashboard.view_state import DIRECTIONS, LAYERS, ViewState
from geodata.analytics.legs import LEG_TITLES
from geodata.baseline import BASELINE
from geodata.i18n import N_, _

PRESENT_FONT = 18
EXPLORE_LEGEND_FONT = 10
MAX_TRACES = 500
MAP_NOT_PATCHED = N_(
    "The page sent a map description the server does not recognise, so the map was not redrawn; "
    "reload the page."
)


def checked_trace_layers(raw: object) -> list[str] | None:
    """The map's trace layers as the page sent them (a store the client could alter), or None when they
    are not a list of known layer names.
    """
    if not isinstance(raw, list) or not raw or len(raw) > MAX_TRACES:
        return None
    return raw if all(isinstance(layer, str) and layer in LAYERS for layer in raw) else None


def legend_shown(clicks: object) -> bool:
    """Whether the map's legend shows: each click of its toggle hides or shows it (anything but a
    count of clicks, as a client could send, means shown).
    """
    if not isinstance(clicks, int) or isinstance(clicks, bool) or clicks < 0:
        return True
    return clicks % 2 == 0


def legend_margin(shown: bool, presenting: bool) -> int:
    """The legend column right of the map, in px (0 when collapsed)."""
    if not shown:
        return 0
    return PRESENT_LEGEND_WIDTH if presenting else LEGEND_WIDTH


def toggle_legend(clicks: object, pathname: object) -> tuple[Patch, str, str, str]:
    """(map patch, panel class, button text, aria-expanded) after a click of the legend toggle."""
    shown = legend_shown(clicks)
    patch = Patch()
    patch["layout"]["showlegend"] = shown
    patch["layout"]["margin"]["r"] = legend_margin(shown, is_presenting(pathname))
    return (
        patch,
        "map-area" if shown else "map-area legend-collapsed",
        _("Hide legend") if shown else _("Show legend"),
        "true" if shown else "false",
    )


def map_patch(
    view: ViewState,
    data: ViewData,
    services: Services,
    trace_layers: list[str],
    presenting: bool = False,
    legend: bool = True,
) -> Patch | None:
    """Replace trace 0 (country fill), the flow traces and the data-basis overlay's; set every trace's
    visibility and, for presentation mode, text of at least 18 px. None when the trace layers have
    another number of flow or overlay traces than the view draws.
    """
    patch = Patch()
    fill, flows, basis = view_map_traces(view, data, services, PRESENT_FONT / 12 if presenting else 1.0)
    flow_positions = [i for i, layer in enumerate(trace_layers) if layer == "flows"]
    flow_positions += [i for i, layer in enumerate(trace_layers) if layer == "basis"]
    if len(flow_positions) != len(flows) + len(basis):  # not the page's map (see `checked_trace_layers`)
        return None
    patch["data"][0] = fill.to_plotly_json()
    shown = set(view.layers)
    for position, trace in zip(flow_positions, flows + basis, strict=True):
        if trace.meta["layer"] in shown or trace.meta["layer"] == "flows":
            patch["data"][position] = trace.to_plotly_json()  # a hidden overlay keeps its old data, unseen
    for index, layer in enumerate(trace_layers):
        patch["data"][index]["visible"] = layer in shown
    patch["layout"]["annotations"] = source_annotation(
        map_caption(data, services),
        services.is_demo,
        y=0.0,
        size=PRESENT_FONT if presenting else 11,
    )
    size = PRESENT_FONT if presenting else EXPLORE_LEGEND_FONT
    patch["layout"]["margin"]["r"] = legend_margin(legend, presenting)
    patch["layout"]["legend"]["font"]["size"] = size
    patch["layout"]["legend"]["grouptitlefont"]["size"] = size + 1
    if presenting:  # the colour bar's labels too: nothing on a projector below 18 px
        patch["data"][0]["colorbar"]["tickfont"] = {"size": PRESENT_FONT}
        patch["data"][0]["colorbar"]["title"]["font"] = {"size": PRESENT_FONT}
    return patch


def render_view(
    query: object, services: Services, trace_layers: object, presenting: bool = False, legend: bool = True
) -> dict:
    """Every output of the render callback. The query and the trace layers come from the client: the
    query is parsed like any link; trace layers that do not describe the page's map leave the map as
    it is, with a notice.
    """
    view, _notices = ViewState.from_query(query, services.view_context)
    data = load_view_data(view, services)
    document = document_from_data(data, services)
    label, demo = services.source_label, services.is_demo
    events = services.reference.events
    layers = checked_trace_layers(trace_layers)
    patch = None if layers is None else map_patch(view, data, services, layers, presenting, legend)
    explanations = view_explanations(document["notices"])
    if patch is None:
        explanations.append(html.P(_(MAP_NOT_PATCHED), className="notice view-notice"))
    return {
        "map": no_update if patch is None else patch,
        "timeseries": timeseries_figure(
            chart_series(data),
            events,
            baseline=tuple(pd.Timestamp(d) for d in BASELINE),
            selected=(pd.Timestamp(view.start), pd.Timestamp(view.end)),
            source_label=label,
            is_demo=demo,
            leg_titles=LEG_TITLES,
            beside_legs=data.beside.legs if data.beside is not None else (),
        ),
        "top": top_flows_figure(data.edges.head(10), services.names, source_label=label, is_demo=demo),
        "sankey": sankey_figure(data.edges, view.direction, services.names, source_label=label, is_demo=demo),
        "kpis": kpi_cards(document, data.kpis),
        "explanations": explanations,
        "caption": present_caption(view, data, label, demo, services.names),
        "node_hidden": document["node"] is None,
        "node_body": []
        if document["node"] is None
        else node_panel_children(document["node"], data.period_label),
    }


def view_explanations(notices: list[dict]) -> list:
    """The view's notices (empty, approximate or impossible views), each with its one-click fix."""
    children = []
    for notice in notices:
        parts: list = [html.Span(notice["text"])]
        if notice["fix"]:
            parts += [
                " ",
                dcc.Link(notice["fix"]["label"], href="?" + notice["fix"]["view"], className="fix-link"),
            ]
        if notice.get("detail"):
            parts.append(
                html.Details(
                    [html.Summary(_("Details")), html.P(notice["detail"])], className="notice-detail"
                )
            )
        children.append(html.Div(parts, className="notice view-notice"))
    return children


def present_caption(
    view: ViewState, data: ViewData, source_label: str, is_demo: bool, names: dict[str, str] | None = None
) -> list:
    """The large caption of presentation mode: what the map shows, and the demo warning."""
    names = names or {}
    period = " · ".join(
        [data.period_label, _(DIRECTIONS[view.direction])]
        + ([_("focus: {country}").format(country=names.get(view.focus, view.focus))] if view.focus else [])
    )
    parts = [
        html.Span(
            view.title or data.goods_label, className="present-title", title=view.title or data.goods_label
        ),
        html.Span(period, className="present-period", title=period),
    ]
    if is_demo:
        parts.append(html.Span(_("DEMO DATA — SYNTHETIC"), className="present-demo"))
    return parts


def register(app: Dash, live) -> None:
    """Register the render callback (map, charts, cards, notes, caption and place panel of the view) and
    the legend toggle.
    """

    @app.callback(
        output={
            "map": Output(ids.MAP_GRAPH, "figure"),
            "timeseries": Output(ids.TIMESERIES_GRAPH, "figure"),
            "top": Output(ids.TOP_FLOWS_GRAPH, "figure"),
            "sankey": Output(ids.SANKEY_GRAPH, "figure"),
            "kpis": Output(ids.KPI_CARDS, "children"),
            "explanations": Output(ids.VIEW_EXPLANATIONS, "children"),
            "caption": Output(ids.PRESENT_CAPTION, "children"),
            "node_hidden": Output(ids.NODE_PANEL, "hidden"),
            "node_body": Output(ids.NODE_BODY, "children"),
        },
        inputs={
            "query": Input(ids.VIEW_STORE, "data"),
            "trace_layers": Input(ids.MAP_TRACE_LAYERS, "data"),
            "pathname": State(ids.URL, "pathname"),
            "legend_clicks": State(ids.LEGEND_TOGGLE, "n_clicks"),
        },
        prevent_initial_call=True,
    )
    def _render(query, trace_layers, pathname, legend_clicks):
        return render_view(query, live(), trace_layers, is_presenting(pathname), legend_shown(legend_clicks))

    @app.callback(
        Output(ids.MAP_GRAPH, "figure", allow_duplicate=True),
        Output(ids.MAP_AREA, "className"),
        Output(ids.LEGEND_TOGGLE, "children"),
        Output(ids.LEGEND_TOGGLE, "aria-expanded"),
        Input(ids.LEGEND_TOGGLE, "n_clicks"),
        State(ids.URL, "pathname"),
        prevent_initial_call=True,
    )
    def _legend(clicks, pathname):
        return toggle_legend(clicks, pathname)

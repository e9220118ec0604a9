"""The page: header with the data source, filter panel, KPI cards, the map, linked charts, footer."""

from __future__ import annotations

from dash import dcc, html

from dashboard import ids
from dashboard.components.filters import filter_panel
from dashboard.components.language_switch import language_switch
from dashboard.export.formats import FORMAT_TITLES, PICTURE_SIZES
from dashboard.figures.flows import empty_flow_traces
from dashboard.figures.map_figure import build_map_figure
from dashboard.figures.signals import signals_section
from dashboard.graph_config import chart_config, geo_graph_config
from dashboard.services import Services, node_of_reference
from dashboard.view_state import ViewState
from geodata.baseline import BASELINE_LABEL
from geodata.country_groups import EU27, EU_REPORTED_AS_ONE
from geodata.country_names import search_text
from geodata.goods import hs_options
from geodata.i18n import _
from geodata.trade.schema import MIRROR_NOTE


def _header(services: Services) -> html.Header:
    badge_class = "source-badge demo" if services.is_demo else "source-badge"
    return html.Header(
        id=ids.HEADER,
        className="app-header",
        children=[
            html.H1("Corridor Atlas"),
            html.Span(services.source_label, id=ids.SOURCE_BADGE, className=badge_class),
            language_switch(),
            html.Div(id=ids.NOTICES, className="notices", role="status", **{"aria-live": "polite"}),
        ],
    )


def _export_panel() -> list:
    return [
        html.H2(_("Briefing"), id="briefing-heading"),
        html.Div(
            className="field",
            children=[
                html.Label(_("Title"), htmlFor=ids.EXPORT_TITLE, className="field-label"),
                dcc.Input(
                    id=ids.EXPORT_TITLE,
                    type="text",
                    debounce=True,
                    maxLength=120,
                    className="text-input",
                    placeholder=_("Title of the briefing"),
                ),
            ],
        ),
        html.Div(
            className="field",
            children=[
                html.Label(_("Format"), htmlFor=ids.EXPORT_FORMAT, className="field-label"),
                dcc.Dropdown(
                    id=ids.EXPORT_FORMAT,
                    options=[{"label": _(v), "value": k} for k, v in FORMAT_TITLES.items()],
                    value="pptx",
                    clearable=False,
                    searchable=False,
                ),
            ],
        ),
        html.Div(
            className="field",
            children=[
                html.Span(
                    _("Map picture shape (PNG, SVG)"), id="export-aspect-label", className="field-label"
                ),
                html.Div(
                    role="radiogroup",
                    **{"aria-labelledby": "export-aspect-label"},
                    children=dcc.RadioItems(
                        id=ids.EXPORT_ASPECT,
                        options=[{"label": f" {shape}", "value": shape} for shape in PICTURE_SIZES],
                        value="16:9",
                        inline=True,
                        inputStyle={"marginRight": "4px"},
                        labelStyle={"marginRight": "12px"},
                    ),
                ),
            ],
        ),
        html.Div(
            className="play-row",
            children=[
                html.Button(_("Export"), id=ids.EXPORT_BUTTON, n_clicks=0, className="button primary"),
            ],
        ),
        html.Div(
            className="play-row",
            children=[
                html.Button(
                    _("Save view"),
                    id=ids.SAVE_VIEW_BUTTON,
                    n_clicks=0,
                    className="button",
                    title=_("Add this view to the list the presentation steps through"),
                ),
                html.A(
                    _("Presentation mode"),
                    id=ids.PRESENT_LINK,
                    href="/present",
                    className="button link-button",
                ),
            ],
        ),
        html.Div(
            className="saved-views",
            children=[
                html.H3(_("Saved views (presentation order)"), id="saved-heading", className="field-label"),
                html.Div(id=ids.SAVED_LIST, role="group", **{"aria-labelledby": "saved-heading"}),
            ],
        ),
        html.Div(id=ids.EXPORT_STATUS, className="export-status", role="status", **{"aria-live": "polite"}),
        dcc.Download(id=ids.EXPORT_DOWNLOAD),
        dcc.Store(id=ids.EXPORT_JOB),
        dcc.Interval(id=ids.EXPORT_POLL, interval=400, disabled=True),
        html.Div(
            className="field",
            children=[
                html.Label(_("Link to this view"), htmlFor=ids.SHARE_LINK, className="field-label"),
                html.Div(
                    className="share-row",
                    children=[
                        dcc.Input(
                            id=ids.SHARE_LINK, type="text", readOnly=True, className="text-input share-link"
                        ),
                        dcc.Clipboard(
                            id=ids.SHARE_COPY,
                            target_id=ids.SHARE_LINK,
                            title=_("Copy the link to this view"),
                            className="copy-button",
                        ),
                    ],
                ),
            ],
        ),
    ]


def _chart(caption: str, graph_id: str, filename: str) -> html.Figure:
    return html.Figure(
        className="chart",
        children=[
            html.Figcaption(caption),
            dcc.Graph(id=graph_id, config=chart_config(filename), className="chart-graph"),
        ],
    )


def node_options(services: Services) -> list[dict]:
    """Countries and groups to choose from: the map's countries and the EU27 first, then every other
    country the data or the EU know, by name; each searchable by its names in English and Russian and
    its common alternative names (`geodata.country_names`).
    """
    names = services.names
    on_map = [node_of_reference(c) for c in services.reference.countries.index]
    rest = sorted(set(services.view_context.countries) - set(on_map), key=lambda c: names.get(c, c))
    return [
        {
            "label": names.get(c, c),
            "value": c,
            "search": search_text(EU_REPORTED_AS_ONE if c == EU27 else c, names.get(c, c)),
        }
        for c in [*on_map, *rest]
    ]


def build_layout(services: Services) -> html.Div:
    """The page's whole layout, set to the default view: URL and stores, header, filter panel, the map with
    no flows yet, and the charts and panels the callbacks fill.
    """
    context = services.view_context
    view = ViewState.default(context)
    country_options = node_options(services)
    figure = build_map_figure(services.reference, flow_traces=empty_flow_traces())
    return html.Div(
        id=ids.SHELL,
        className="app-shell",
        children=[
            dcc.Location(id=ids.URL, refresh=False),
            dcc.Store(id=ids.SAVED_VIEWS, storage_type="local"),
            dcc.Store(id=ids.VIEW_STORE),
            dcc.Store(id=ids.MAP_TRACE_LAYERS, data=[t.meta["layer"] for t in figure.data]),
            _header(services),
            html.Main(
                className="app-main",
                children=[
                    html.Section(
                        className="panel",
                        **{"aria-label": _("Filters")},
                        children=filter_panel(
                            view,
                            context,
                            hs_options(services.catalogue, "", limit=30, keep=view.hs),
                            country_options,
                        )
                        + _export_panel(),
                    ),
                    html.Section(
                        className="content",
                        children=[
                            html.Div(
                                className="present-bar",
                                children=[
                                    html.Button(
                                        "◀",
                                        id=ids.PRESENT_PREV,
                                        n_clicks=0,
                                        className="button",
                                        **{"aria-label": _("Previous period or view")},
                                    ),
                                    html.Div(
                                        id=ids.PRESENT_CAPTION,
                                        className="present-caption",
                                        **{"aria-live": "polite"},
                                    ),
                                    html.Button(
                                        "▶",
                                        id=ids.PRESENT_NEXT,
                                        n_clicks=0,
                                        className="button",
                                        **{"aria-label": _("Next period or view")},
                                    ),
                                    html.Span(
                                        _("← → next · Esc exits"),
                                        className="present-hint",
                                        **{"aria-hidden": "true"},
                                    ),
                                    html.Button(
                                        _("Exit"),
                                        id=ids.PRESENT_EXIT,
                                        n_clicks=0,
                                        className="button present-exit",
                                        **{"aria-label": _("Leave presentation mode")},
                                    ),
                                ],
                            ),
                            html.Section(
                                id=ids.COUNTRY_PROFILE,
                                className="country-profile",
                                hidden=True,
                                **{"aria-label": _("Country profile"), "aria-live": "polite"},
                            ),
                            html.Div(id=ids.KPI_CARDS, className="kpi-row"),
                            html.Div(
                                id=ids.VIEW_EXPLANATIONS,
                                className="view-explanations",
                                role="status",
                                **{"aria-live": "polite"},
                            ),
                            html.Div(
                                id=ids.MAP_AREA,
                                className="map-area",
                                children=[
                                    dcc.Graph(
                                        id=ids.MAP_GRAPH,
                                        figure=figure,
                                        config=geo_graph_config(services.topojson_url),
                                        className="map-graph",
                                    ),
                                    _node_panel(),
                                    html.Button(
                                        _("Hide legend"),
                                        id=ids.LEGEND_TOGGLE,
                                        n_clicks=0,
                                        className="legend-toggle",
                                        **{"aria-expanded": "true", "aria-controls": ids.MAP_GRAPH},
                                    ),
                                ],
                            ),
                            html.Div(
                                className="table-alternative",
                                children=[
                                    html.Button(
                                        _("Show as table"),
                                        id=ids.TABLE_TOGGLE,
                                        n_clicks=0,
                                        className="button",
                                        **{"aria-expanded": "false", "aria-controls": ids.TABLE_VIEW},
                                    ),
                                    html.Div(
                                        id=ids.TABLE_VIEW,
                                        hidden=True,
                                        role="region",
                                        tabIndex="0",  # it scrolls: the keyboard must reach it
                                        **{"aria-label": _("The map and the charts as tables")},
                                    ),
                                ],
                            ),
                            html.Div(
                                className="chart-row",
                                children=[
                                    _chart(
                                        _("Monthly value and sanctions or control events"),
                                        ids.TIMESERIES_GRAPH,
                                        "timeseries",
                                    ),
                                    _chart(_("Top flows"), ids.TOP_FLOWS_GRAPH, "top"),
                                    _chart(_("Origin → transit → Russia"), ids.SANKEY_GRAPH, "sankey"),
                                ],
                            ),
                            signals_section(),
                        ],
                    ),
                ],
            ),
            html.Footer(id=ids.FOOTER, className="app-footer", children=_footer(services)),
        ],
    )


def _node_panel() -> html.Aside:
    """The panel a click on a crossing, port or corridor opens (URL key ``node``); hidden until then."""
    return html.Aside(
        id=ids.NODE_PANEL,
        className="node-panel",
        hidden=True,
        role="region",
        **{"aria-label": _("Crossing, port or corridor"), "aria-live": "polite"},
        children=[
            html.Button(
                "×",
                id=ids.NODE_CLOSE,
                n_clicks=0,
                className="node-close",
                title=_("Close"),
                **{"aria-label": _("Close the panel")},
            ),
            html.Div(id=ids.NODE_BODY),
        ],
    )


def _footer(services: Services) -> list:
    reference = services.reference
    return [
        html.P(
            _(
                "Reference data: {crossings} border crossings, {hubs} ports and hubs, {corridors} corridors, "
                "{events} sanctions and control events — each with its source (hover). Boundaries: UN-based "
                "world map bundled with plotly.js (Crimea shown as part of Ukraine)."
            ).format(
                crossings=len(reference.crossings),
                hubs=len(reference.hubs),
                corridors=len(reference.corridors),
                events=len(reference.events),
            )
        ),
        html.P(
            _(
                "{mirror_note} HS2017 codes are mapped to HS2022 so the {baseline} baseline covers the same "
                "goods. Data: {source}."
            ).format(mirror_note=_(MIRROR_NOTE), baseline=BASELINE_LABEL, source=services.source_label)
        ),
    ]

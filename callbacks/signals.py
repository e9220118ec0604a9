"""The Signals panel: the view's signals (the JSON view's ``signals``), each with its evidence and a
small chart. Thresholds come from the page URL (``?surge_factor=4``…), like every other view part.
"""

from __future__ import annotations

from dash import Dash, Input, Output, Patch, State, dcc, html, no_update

from dashboard import ids
from dashboard.figures.signals import (
    SIGNALS_LIST,
    signal_evidence_text,
    signal_figure,
    signal_marker_trace,
    signal_title,
)
from dashboard.graph_config import chart_config
from dashboard.services import Services
from dashboard.view_document import view_signals
from dashboard.view_state import ViewState
from geodata.analytics.signals import thresholds_from_query
from geodata.i18n import _

#: Signals the page shows (the JSON view and /api/signals list up to ``max_signals``).
SHOWN = 8
#: Signals the map marks (the panel lists the first `SHOWN`; the map shows where the strongest are).
MARKED = 40


def signal_map_patch(
    view: ViewState, signals: list[dict], services: Services, trace_layers: object
) -> Patch | None:
    """The map's signals trace for the view's signals (visible when the Signals layer is on); None when
    the page's trace layers have no signals trace (a client sent something else).
    """
    if not isinstance(trace_layers, list) or trace_layers.count("signals") != 1:
        return None
    trace = signal_marker_trace(signals[:MARKED], services.anchors, services.names)
    trace.visible = "signals" in view.layers
    patch = Patch()
    patch["data"][trace_layers.index("signals")] = trace.to_plotly_json()
    return patch


def signals_panel(query: object, search: object, services: Services) -> list:
    """The panel's children for a view query and the page's URL search."""
    return signals_outputs(query, search, services, None)[0]


def signals_outputs(query: object, search: object, services: Services, trace_layers: object) -> tuple:
    """(panel children, map patch or no_update) for a view query and the page's URL search."""
    view, _notices = ViewState.from_query(query if isinstance(query, str) else None, services.view_context)
    # the thresholds travel in the view (and its URL); a value the link set wrongly is noticed there
    _thresholds, notices = thresholds_from_query(search.lstrip("?") if isinstance(search, str) else None)
    signals = [s.as_json() for s in view_signals(view, services, view.signal_thresholds)]
    patch = signal_map_patch(view, signals, services, trace_layers)
    return _panel(signals, notices, services), no_update if patch is None else patch


def _panel(signals: list[dict], notices: tuple[str, ...], services: Services) -> list:
    # the panel is a list (role="list"): every child is one of its items
    children: list = [html.P(n, className="signals-notice", role="listitem") for n in notices]
    if not signals:
        children.append(
            html.P(
                _("No signal in this view at these thresholds."), className="signals-empty", role="listitem"
            )
        )
        return children
    for index, signal in enumerate(signals[:SHOWN]):
        children.append(
            html.Div(  # an <article> may not be a list item
                className=f"signal signal-{signal['kind']}",
                role="listitem",
                children=[
                    html.H3(signal_title(signal, services.names)),
                    html.P(signal_evidence_text(signal), className="signal-evidence"),
                    dcc.Graph(
                        id={"type": "signal-chart", "index": index},
                        figure=signal_figure(signal),
                        config=chart_config(f"signal-{index + 1}"),
                        className="signal-chart",
                    ),
                ],
            )
        )
    if len(signals) > SHOWN:
        children.append(
            html.P(
                _("{count} more in the JSON view (/api/signals).").format(count=len(signals) - SHOWN),
                className="signals-more",
                role="listitem",
            )
        )
    return children


def register(app: Dash, live) -> None:
    """Register the Signals panel's callback: its list and the signals' marks on the map, with the view."""

    @app.callback(
        Output(SIGNALS_LIST, "children"),
        Output(ids.MAP_GRAPH, "figure", allow_duplicate=True),
        Input(ids.VIEW_STORE, "data"),
        State(ids.URL, "search"),
        State(ids.MAP_TRACE_LAYERS, "data"),
        prevent_initial_call=True,
    )
    def _signals(query, search, trace_layers):
        return signals_outputs(query, search, live(), trace_layers)

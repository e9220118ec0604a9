"""The Signals panel: the view's signals (the JSON view's ``signals``), each with its evidence and a
small chart. Thresholds come from the page URL (``?surge_factor=4``…), like every other view part."""

from __future__ import annotations

from dash import Dash, Input, Output, State, dcc, html

from dashboard import ids
from dashboard.figures.signals import SIGNALS_LIST, signal_evidence_text, signal_figure, signal_title
from dashboard.graph_config import chart_config
from dashboard.services import Services
from dashboard.view_document import view_signals
from dashboard.view_state import ViewState
from geodata.analytics.signals import thresholds_from_query

#: Signals the page shows (the JSON view and /api/signals list up to ``max_signals``).
SHOWN = 8


def signals_panel(query: object, search: object, services: Services) -> list:
    """The panel's children for a view query and the page's URL search (where thresholds live)."""
    view, _ = ViewState.from_query(query if isinstance(query, str) else None, services.view_context)
    # the thresholds travel in the view (and its URL); a value the link set wrongly is noticed there
    _, notices = thresholds_from_query(search.lstrip("?") if isinstance(search, str) else None)
    signals = [s.as_json() for s in view_signals(view, services, view.signal_thresholds)]
    children: list = [html.P(n, className="signals-notice") for n in notices]
    if not signals:
        children.append(html.P("No signal in this view at these thresholds.", className="signals-empty"))
        return children
    for index, signal in enumerate(signals[:SHOWN]):
        children.append(
            html.Article(
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
                f"{len(signals) - SHOWN} more in the JSON view (/api/signals).",
                className="signals-more",
            )
        )
    return children


def register(app: Dash, live) -> None:
    @app.callback(
        Output(SIGNALS_LIST, "children"),
        Input(ids.VIEW_STORE, "data"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )
    def _signals(query, search):
        return signals_panel(query, search, live())

"""The view state's single source of truth: URL ↔ controls ↔ view store, in one callback.

Dash allows a circular dependency only inside one callback, so the URL and every control are both
inputs and outputs here: a new URL sets the controls; a control change rewrites the URL. The
store holds the canonical query string that the render callback draws.
"""

from __future__ import annotations

from collections.abc import Callable

from dash import Dash, Input, Output, State, ctx, html, no_update

from dashboard import ids
from dashboard.formatting import month_label
from dashboard.periods import month_at, month_index, period_presets
from dashboard.services import Services
from dashboard.view_state import ViewContext, ViewState

CONTROLS = {
    "goods": (ids.GOODS_PRESETS, "value"),
    "hs": (ids.HS_PICKER, "value"),
    "months": (ids.PERIOD_SLIDER, "value"),
    "direction": (ids.DIRECTION, "value"),
    "side": (ids.SIDE, "value"),
    "metric": (ids.METRIC, "value"),
    "focus": (ids.FOCUS, "value"),
    "exporters": (ids.EXPORTER, "value"),
    "importers": (ids.IMPORTER, "value"),
    "eu": (ids.EU_MODE, "value"),
    "china": (ids.CHINA_MODE, "value"),
    "layers": (ids.LAYER_TOGGLES, "value"),
    "title": (ids.EXPORT_TITLE, "value"),
}


def view_from_controls(values: dict, context: ViewContext) -> tuple[ViewState, tuple[str, ...]]:
    """Build the view from control values by way of the query parser, so the same checks apply."""
    months = values.get("months") or [0, month_index(context.last_month, context.first_month)]
    start, end = (month_at(int(i), context.first_month) for i in sorted(months))
    probe = ViewState(
        goods=tuple(values.get("goods") or ()),
        hs=tuple(values.get("hs") or ()),
        start=start,
        end=end,
        direction=values.get("direction") or "into_russia",
        side=values.get("side") or "exporter",
        metric=values.get("metric") or "value",
        layers=tuple(values.get("layers") or ()),
        focus=values.get("focus") or None,
        exporters=tuple(values.get("exporters") or ()),
        importers=tuple(values.get("importers") or ()),
        eu="members" if "members" in (values.get("eu") or ()) else "group",
        china="with_hkg_mac" if "with_hkg_mac" in (values.get("china") or ()) else "alone",
        title=(values.get("title") or "").strip(),
    )
    return ViewState.from_query(probe.to_query(), context)


def control_values(view: ViewState, context: ViewContext) -> dict:
    first = context.first_month
    return {
        "goods": list(view.goods),
        "hs": list(view.hs),
        "months": [month_index(view.start, first), month_index(view.end, first)],
        "direction": view.direction,
        "side": view.side,
        "metric": view.metric,
        "focus": view.focus,
        "exporters": list(view.exporters),
        "importers": list(view.importers),
        "eu": ["members"] if view.eu == "members" else [],
        "china": ["with_hkg_mac"] if view.china == "with_hkg_mac" else [],
        "layers": list(view.layers),
        "title": view.title,
    }


def clicked_country(click: dict, country_at) -> str | None:
    """The country a map click means: the filled country clicked, or the one under the clicked point
    (a flow line, corridor or marker drawn on top of the country)."""
    point = (click.get("points") or [{}])[0]
    if point.get("location"):
        return point["location"]
    if point.get("lon") is not None and point.get("lat") is not None:
        return country_at(float(point["lon"]), float(point["lat"]))
    return None


def sync_view(
    trigger: str | None,
    search: str | None,
    values: dict,
    preset: str | None,
    click: dict | None,
    context: ViewContext,
    origin: str = "",
    country_at=lambda _lon, _lat: None,
) -> dict:
    """Outputs of the sync callback for whichever input changed (None: the page just loaded)."""
    if trigger in (None, ids.URL):
        view, notices = ViewState.from_query(search, context)
    else:
        view, notices = view_from_controls(values, context)
        if trigger == ids.PERIOD_PRESET and preset:
            start, end = period_presets(context.first_month, context.last_month).get(
                preset, (view.start, view.end)
            )
            view = view.with_changes(start=start, end=end)
        elif trigger == ids.MAP_GRAPH and click:
            location = clicked_country(click, country_at)
            if location in context.countries:
                view = view.with_changes(focus=None if view.focus == location else location)
    query = view.to_query()
    # A control the user just changed keeps what the user left in it (even an empty goods box);
    # the URL, a period preset and a map click set the controls.
    own_change = trigger not in (None, ids.URL, ids.PERIOD_PRESET, ids.MAP_GRAPH)
    controls = {key: no_update for key in CONTROLS} if own_change else control_values(view, context)
    return {
        "search": f"?{query}",
        "store": query,
        "controls": controls,
        "notices": [html.P(n, className="notice") for n in notices],
        "period_label": month_label(view.start, view.end),
        "share": f"{origin}/?{query}",
        "preset": None if trigger == ids.PERIOD_PRESET else no_update,
    }


def register(app: Dash, live: Callable[[], Services]) -> None:
    control_outputs = {key: Output(*target, allow_duplicate=True) for key, target in CONTROLS.items()}

    @app.callback(
        output={
            "search": Output(ids.URL, "search"),
            "store": Output(ids.VIEW_STORE, "data"),
            "controls": control_outputs,
            "notices": Output(ids.NOTICES, "children"),
            "period_label": Output(ids.PERIOD_LABEL, "children"),
            "share": Output(ids.SHARE_LINK, "value"),
            "preset": Output(ids.PERIOD_PRESET, "value"),
        },
        inputs={
            "search": Input(ids.URL, "search"),
            "values": {k: Input(*t) for k, t in CONTROLS.items()},
            "preset": Input(ids.PERIOD_PRESET, "value"),
            "click": Input(ids.MAP_GRAPH, "clickData"),
            "origin": State(ids.URL, "href"),
        },
        prevent_initial_call="initial_duplicate",
    )
    def _sync(search, values, preset, click, origin):
        services = live()
        return sync_view(
            ctx.triggered_id,
            search,
            values,
            preset,
            click,
            services.view_context,
            _origin(origin),
            services.country_at,
        )


def _origin(href: str | None) -> str:
    if not href:
        return ""
    scheme, _, rest = href.partition("://")
    return f"{scheme}://{rest.split('/', 1)[0]}" if rest else ""

"""The view state's single source of truth: URL ↔ controls ↔ view store, in one callback.

Dash allows a circular dependency only inside one callback, so the URL and every control are both
inputs and outputs here: a new URL sets the controls; a control change rewrites the URL. The
store holds the canonical query string that the render callback draws.
"""

from __future__ import annotations

from collections.abc import Callable

from dash import Dash, Input, Output, State, ctx, html, no_update

from callbacks.hs_search import picker_options
from dashboard import ids
from dashboard.formatting import month_label
from dashboard.periods import month_at, month_index, period_presets
from dashboard.services import Services
from dashboard.view_state import MAX_LIST_ITEMS, MAX_TITLE_CHARS, ViewContext, ViewState, clean_text
from geodata.i18n import N_, _

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


MAX_CONTROL_CHARS = 40  # longer than any valid control value (codes, presets, choices)
MAX_ORIGIN_CHARS = 300
PAYLOAD_NOTICE = N_("Some control values sent by the page were not valid and were ignored.")


def control_text(value: object, limit: int = MAX_CONTROL_CHARS) -> str | None:
    """A control's text value, or None when the client sent something else (a number, a list, …)."""
    if not isinstance(value, str):
        return None
    return clean_text(value[:limit])


def control_list(value: object) -> tuple[str, ...] | None:
    """A multi-value control's strings (at most `MAX_LIST_ITEMS`); None when it is not a list of text.
    Empty (None or []) is a valid value: nothing chosen.
    """
    if value is None:
        return ()
    if not isinstance(value, list | tuple):
        return None
    items = [control_text(v) for v in value[:MAX_LIST_ITEMS]]
    return None if None in items else tuple(items)  # type: ignore[return-value]


def slider_months(value: object, context: ViewContext) -> list[int] | None:
    """A range slider's two month positions inside the store, in order; None when not two numbers."""
    if not isinstance(value, list | tuple) or len(value) != 2:
        return None
    if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value):
        return None
    if not all(-1e9 < v < 1e9 for v in value):  # also excludes nan and ±inf
        return None
    last = month_index(context.last_month, context.first_month)
    return sorted(min(max(int(v), 0), last) for v in value)


def _checked(values: object, context: ViewContext) -> tuple[dict, bool]:
    """The control values with anything malformed replaced by its empty value, and whether any was."""
    raw = values if isinstance(values, dict) else {}
    clean, bad = {}, not isinstance(values, dict)
    for key in ("goods", "hs", "layers", "exporters", "importers", "eu", "china"):
        clean[key] = control_list(raw.get(key))
        bad |= clean[key] is None
    for key in ("direction", "side", "metric", "focus"):
        clean[key] = control_text(raw.get(key))
        bad |= clean[key] is None and raw.get(key) is not None
    title = raw.get("title")
    clean["title"] = control_text(title, MAX_TITLE_CHARS * 2) or ""
    bad |= title is not None and not isinstance(title, str)
    clean["months"] = slider_months(raw.get("months"), context)
    bad |= clean["months"] is None and raw.get("months") is not None
    return clean, bad


def view_from_controls(values: dict, context: ViewContext) -> tuple[ViewState, tuple[str, ...]]:
    """Build the view from control values by way of the query parser, so the same checks apply.

    The values come from the client and may be anything JSON can carry: each is checked for its shape
    first (malformed values count as empty, with a notice), then the parser checks its content.
    """
    values, malformed = _checked(values, context)
    months = values["months"] or [0, month_index(context.last_month, context.first_month)]
    start, end = (month_at(i, context.first_month) for i in months)
    probe = ViewState(
        goods=values["goods"] or (),
        hs=values["hs"] or (),
        start=start,
        end=end,
        direction=values["direction"] or "into_russia",
        side=values["side"] or "exporter",
        metric=values["metric"] or "value",
        layers=values["layers"] or (),
        focus=values["focus"] or None,
        exporters=values["exporters"] or (),
        importers=values["importers"] or (),
        eu="members" if "members" in (values["eu"] or ()) else "group",
        china="with_hkg_mac" if "with_hkg_mac" in (values["china"] or ()) else "alone",
        title=values["title"].strip(),
    )
    view, notices = ViewState.from_query(probe.to_query(), context)
    return view, ((_(PAYLOAD_NOTICE),) if malformed else ()) + notices


def control_values(view: ViewState, context: ViewContext) -> dict:
    """Each control's value (keyed like `CONTROLS`) for a view: the period as slider positions, the EU and
    China options as checklist values.
    """
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


def clicked_country(click: object, country_at, places: frozenset[str] = frozenset()) -> str | None:
    """The country a map click means: the filled country clicked, or the one under a flow line drawn
    on top of it. A click on a place — a crossing, port, hub or corridor (its id in ``places``) — means
    no country: the view is not re-filtered by whatever country lies beneath. Malformed click data
    means none.
    """
    points = click.get("points") if isinstance(click, dict) else None
    point = points[0] if isinstance(points, list) and points else None
    if not isinstance(point, dict):
        return None
    customdata = point.get("customdata")
    if isinstance(customdata, str) and customdata in places:
        return None
    location = point.get("location")
    if location:
        return location if isinstance(location, str) else None
    lon, lat = point.get("lon"), point.get("lat")
    if _coordinate(lon, 180) and _coordinate(lat, 90):
        return country_at(float(lon), float(lat))
    return None


def clicked_place(click: object, places: frozenset[str]) -> str | None:
    """The crossing, port, hub or corridor a map click landed on (its id), or None."""
    points = click.get("points") if isinstance(click, dict) else None
    point = points[0] if isinstance(points, list) and points else None
    customdata = point.get("customdata") if isinstance(point, dict) else None
    return customdata if isinstance(customdata, str) and customdata in places else None


def _coordinate(value: object, bound: float) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and -bound <= value <= bound


def sync_view(
    trigger: str | None,
    search: str | None,
    values: dict,
    preset: str | None,
    click: dict | None,
    context: ViewContext,
    origin: str = "",
    country_at=lambda _lon, _lat: None,
    hs_options: Callable[[tuple[str, ...]], list] | None = None,
    places: frozenset[str] = frozenset(),
) -> dict:
    """Outputs of the sync callback for whichever input changed (None: the page just loaded)."""
    if trigger in (None, ids.URL):
        view, notices = ViewState.from_query(search, context)
    else:
        view, notices = view_from_controls(values, context)
        # the open place panel is not a control: it stays open until closed or another place is clicked
        # nor are the signals' thresholds: they stay as the link set them
        current, _notices = ViewState.from_query(search, context)
        view = view.with_changes(
            node=None if trigger == ids.NODE_CLOSE else current.node,
            thresholds=current.thresholds,
            lang=current.lang,
        )
        narrowed = trigger == ids.HS_PICKER and bool(set(view.hs) - set(current.hs)) and bool(view.goods)
        if narrowed:  # codes just chosen narrow the goods; a basket chosen beside them later adds to them
            view = view.with_changes(goods=())
        if trigger == ids.PERIOD_PRESET and isinstance(preset, str) and preset:
            start, end = period_presets(context.first_month, context.last_month).get(
                preset, (view.start, view.end)
            )
            view = view.with_changes(start=start, end=end)
        elif trigger == ids.MAP_GRAPH and click:
            location = clicked_country(click, country_at, places)
            place = clicked_place(click, places)
            if place is not None:
                view = view.with_changes(node=None if view.node == place else place)
            elif location in context.countries:
                view = view.with_changes(focus=None if view.focus == location else location)
    query = view.to_query()
    # A control the user just changed keeps what the user left in it (even an empty goods box);
    # the URL, a period preset and a map click set the controls.
    own_change = trigger not in (None, ids.URL, ids.PERIOD_PRESET, ids.MAP_GRAPH, ids.NODE_CLOSE)
    controls = {key: no_update for key in CONTROLS} if own_change else control_values(view, context)
    if own_change and trigger == ids.HS_PICKER and not view.goods and values.get("goods"):
        controls["goods"] = []  # the baskets box shows what the view now counts: the chosen codes only
    return {
        "search": f"?{query}",
        "store": query,
        "controls": controls,
        "notices": [html.P(n, className="notice") for n in notices],
        "period_label": month_label(view.start, view.end),
        "share": f"{origin}/?{query}",
        "preset": None if trigger == ids.PERIOD_PRESET else no_update,
        # the HS picker's options come with its value, so a code outside the options loaded at
        # start-up (chapters 01–30) is not dropped by the picker
        "hs_options": no_update if own_change or hs_options is None else hs_options(view.hs),
    }


def register(app: Dash, live: Callable[[], Services]) -> None:
    """Register the sync callback: URL, controls, period preset, map click and the place panel's close
    button in; URL, view store, controls, notices, period label, share link and HS options out.
    """
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
            "hs_options": Output(ids.HS_PICKER, "options", allow_duplicate=True),
        },
        inputs={
            "search": Input(ids.URL, "search"),
            "values": {k: Input(*t) for k, t in CONTROLS.items()},
            "preset": Input(ids.PERIOD_PRESET, "value"),
            "click": Input(ids.MAP_GRAPH, "clickData"),
            "close": Input(ids.NODE_CLOSE, "n_clicks"),
            "origin": State(ids.URL, "href"),
        },
        prevent_initial_call="initial_duplicate",
    )
    def _sync(search, values, preset, click, close, origin):
        services = live()
        return sync_view(
            ctx.triggered_id,
            search,
            values,
            preset,
            click,
            services.view_context,
            _origin(origin),
            country_at=services.country_at,
            places=services.place_ids,
            hs_options=lambda codes: picker_options(services.catalogue, "", list(codes), limit=30),
        )


def _origin(href: object) -> str:
    if not isinstance(href, str) or not href:
        return ""
    href = clean_text(href[:MAX_ORIGIN_CHARS])
    scheme, _separator, rest = href.partition("://")
    return f"{scheme}://{rest.split('/', 1)[0]}" if rest else ""

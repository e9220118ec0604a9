"""The saved views a presentation steps through: listed under the Briefing panel, each with its own
title (renamed in place), moved up or down, or removed. They live in the browser (local storage), so
every value is checked as a view before it is kept.
"""

from __future__ import annotations

from collections.abc import Callable

from dash import ALL, Dash, Input, Output, State, ctx, dcc, html, no_update

from callbacks.presentation import saved_views
from dashboard import ids
from dashboard.services import Services
from dashboard.view_state import MAX_TITLE_CHARS, ViewContext, ViewState, clean_text
from geodata.i18n import _
from geodata.i18n.formats import month

UP, DOWN, REMOVE, TITLE = "saved-up", "saved-down", "saved-remove", "saved-title"


def edit_saved(saved: object, action: str, index: object, titles: object, context: ViewContext) -> list[str]:
    """The saved views after one edit: ``action`` (up, down, remove, title) on the view at ``index``;
    a title comes from ``titles`` (the list's inputs, in order). Anything malformed changes nothing.
    """
    views = saved_views(saved, context)
    if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < len(views):
        return views
    if action == UP and index > 0:
        views[index - 1], views[index] = views[index], views[index - 1]
    elif action == DOWN and index < len(views) - 1:
        views[index + 1], views[index] = views[index], views[index + 1]
    elif action == REMOVE:
        del views[index]
    elif action == TITLE and isinstance(titles, list) and index < len(titles):
        title = titles[index] if isinstance(titles[index], str) else ""
        view, _notices = ViewState.from_query(views[index], context)
        views[index] = view.with_changes(title=clean_text(title[: MAX_TITLE_CHARS * 2]).strip()).to_query()
    return views


def saved_list(saved: object, context: ViewContext, names: dict[str, str]) -> list:
    """The list's items: title box (placeholder: what the view shows), ↑, ↓, ✕ and an open link."""
    views = saved_views(saved, context)
    if not views:
        return [html.P(_("No saved view yet: “Save view” adds the current one."), className="saved-empty")]
    items = []
    for index, query in enumerate(views):
        view, _notices = ViewState.from_query(query, context)
        what = _describe(view, names)
        items.append(
            html.Li(
                className="saved-item",
                children=[
                    html.Span(f"{index + 1}.", className="saved-number"),
                    html.Label(  # the input inside its label: a screen reader names it
                        className="saved-title-label",
                        children=[
                            html.Span(
                                _("Title of saved view {number} ({what})").format(
                                    number=index + 1, what=what
                                ),
                                className="visually-hidden",
                            ),
                            dcc.Input(
                                id={"type": TITLE, "index": index},
                                value=view.title,
                                placeholder=what,
                                debounce=True,
                                maxLength=MAX_TITLE_CHARS,
                                className="text-input saved-title",
                            ),
                        ],
                    ),
                    _button(
                        "↑",
                        UP,
                        index,
                        _("Move saved view {number} up").format(number=index + 1),
                        disabled=index == 0,
                    ),
                    _button(
                        "↓",
                        DOWN,
                        index,
                        _("Move saved view {number} down").format(number=index + 1),
                        disabled=index == len(views) - 1,
                    ),
                    _button("✕", REMOVE, index, _("Remove saved view {number}").format(number=index + 1)),
                    html.A(_("open"), href=f"/?{query}", className="saved-open", title=what),
                ],
            )
        )
    return [html.Ol(items, className="saved-list")]


def _describe(view: ViewState, names: dict[str, str]) -> str:
    goods = ", ".join(view.goods + tuple(_("HS {code}").format(code=c) for c in view.hs)) or _("goods")
    place = names.get(view.focus, view.focus) if view.focus else ""
    return " · ".join(p for p in (goods, f"{month(view.start)}–{month(view.end)}", place) if p)


def _button(text: str, kind: str, index: int, label: str, disabled: bool = False) -> html.Button:
    return html.Button(
        text,
        id={"type": kind, "index": index},
        n_clicks=0,
        disabled=disabled,
        className="button saved-button",
        title=label,
        **{"aria-label": label},
    )


def register(app: Dash, live: Callable[[], Services]) -> None:
    """Register the saved list's drawing and its edits (↑, ↓, ✕, a renamed title), which rewrite the
    saved views.
    """

    @app.callback(Output(ids.SAVED_LIST, "children"), Input(ids.SAVED_VIEWS, "data"))
    def _list(saved):
        services = live()
        return saved_list(saved, services.view_context, services.names)

    @app.callback(
        Output(ids.SAVED_VIEWS, "data", allow_duplicate=True),
        Input({"type": UP, "index": ALL}, "n_clicks"),
        Input({"type": DOWN, "index": ALL}, "n_clicks"),
        Input({"type": REMOVE, "index": ALL}, "n_clicks"),
        Input({"type": TITLE, "index": ALL}, "value"),
        State(ids.SAVED_VIEWS, "data"),
        prevent_initial_call=True,
    )
    def _edit(_up, _down, _remove, titles, saved):
        trigger = ctx.triggered_id
        if not isinstance(trigger, dict) or not ctx.triggered or ctx.triggered[0].get("value") in (None, 0):
            return no_update
        context = live().view_context
        edited = edit_saved(saved, trigger.get("type"), trigger.get("index"), titles, context)
        return no_update if edited == saved_views(saved, context) else edited

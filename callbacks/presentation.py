"""Presentation mode (/present): the map full screen, text ≥ 18 px, controls hidden; arrow keys step
through the period (by month, quarter or year) or through the saved views carried in the link.
"""

from __future__ import annotations

from collections.abc import Callable

from dash import Dash, Input, Output, State, ctx, no_update

from dashboard import ids
from dashboard.periods import step_period
from dashboard.services import Services
from dashboard.view_state import MAX_SLIDE_CHARS, MAX_SLIDES, STEPS, ViewContext, ViewState
from geodata.i18n import _

SHELL_CLASS = "app-shell"


def is_presenting(pathname: object) -> bool:
    """Whether the page's path is presentation mode: it ends in ``/present`` (anything but text is not)."""
    return isinstance(pathname, str) and pathname.rstrip("/").endswith("/present")


def step_view(query: str | None, forward: bool, context: ViewContext) -> str:
    """The next (or previous) view: the next saved view if the link has some, else the period moved one step."""
    view, _notices = ViewState.from_query(query, context)
    if view.slides:
        current = view.without_presentation().to_query()
        index = view.slides.index(current) if current in view.slides else -1
        target = (index + (1 if forward else -1)) % len(view.slides)
        chosen, _notices = ViewState.from_query(view.slides[target], context)
        return "?" + chosen.with_changes(step=view.step, slides=view.slides).to_query()
    months = STEPS.get(view.step or "month", 1) * (1 if forward else -1)
    start, end = step_period(view.start, view.end, months, context.first_month, context.last_month)
    # a title was written for its period ("Kazakhstan 2023"): on another period it would mislead
    return "?" + view.with_changes(start=start, end=end, title="").to_query()


def saved_views(saved: object, context: ViewContext) -> list[str]:
    """The saved views (kept in the browser's storage, so anything a client writes there) that are valid
    views, each in its canonical form, without repeats: at most the last `MAX_SLIDES`.
    """
    if not isinstance(saved, list):
        return []
    kept: list[str] = []
    for text in saved[-MAX_SLIDES * 4 :]:
        if not isinstance(text, str) or len(text) > MAX_SLIDE_CHARS:
            continue
        view, notices = ViewState.from_query(text, context)
        plain = view.without_presentation().to_query()
        if not notices and plain not in kept:
            kept.append(plain)
    return kept[-MAX_SLIDES:]


def present_href(query: str | None, saved: list[str] | None) -> str:
    """The presentation link for the current view, carrying the saved views."""
    base = query or ""
    extra = "".join(f"&slide={_quote(s)}" for s in (saved or []))
    return f"/present?{base}{extra}"


def save_view(query: object, saved: object, context: ViewContext) -> list[str]:
    """The saved views after saving the current one (last)."""
    view, _notices = ViewState.from_query(query, context)
    plain = view.without_presentation().to_query()
    return [*[s for s in saved_views(saved, context) if s != plain], plain][-MAX_SLIDES:]


def present_link(query: object, saved: object, context: ViewContext) -> tuple[str, str]:
    """(presentation link, save button text): the saved views from the first, or the current view when
    none is saved.
    """
    view, _notices = ViewState.from_query(query, context)
    kept = saved_views(saved, context)
    # with saved views the presentation opens on the first of them (with its own title), else on this view
    start = kept[0] if kept else view.without_presentation().to_query()
    return present_href(start, kept), _("Save view ({count} saved)").format(count=len(kept))


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="")


def register(app: Dash, live: Callable[[], Services]) -> None:
    """Register presentation mode: the shell's class (client-side, from the path), the previous and next
    arrows, saving a view, and the presentation link.
    """
    app.clientside_callback(
        "function(p){ return (p || '').replace(/\\/$/, '').endsWith('/present') ? "
        f"'{SHELL_CLASS} presenting' : '{SHELL_CLASS}'; }}",
        Output(ids.SHELL, "className"),
        Input(ids.URL, "pathname"),
    )

    @app.callback(
        Output(ids.URL, "search", allow_duplicate=True),
        Input(ids.PRESENT_PREV, "n_clicks"),
        Input(ids.PRESENT_NEXT, "n_clicks"),
        State(ids.VIEW_STORE, "data"),
        prevent_initial_call=True,
    )
    def _step(_prev, _next, query):
        if ctx.triggered_id not in (ids.PRESENT_PREV, ids.PRESENT_NEXT):
            return no_update
        return step_view(query, ctx.triggered_id == ids.PRESENT_NEXT, live().view_context)

    @app.callback(
        Output(ids.SAVED_VIEWS, "data"),
        Output(ids.EXPORT_TITLE, "value", allow_duplicate=True),
        Input(ids.SAVE_VIEW_BUTTON, "n_clicks"),
        State(ids.VIEW_STORE, "data"),
        State(ids.SAVED_VIEWS, "data"),
        prevent_initial_call=True,
    )
    def _save(_clicks, query, saved):
        # the title belongs to the view just saved: the next view starts without it
        return save_view(query, saved, live().view_context), ""

    @app.callback(
        Output(ids.PRESENT_LINK, "href"),
        Output(ids.SAVE_VIEW_BUTTON, "children"),
        Input(ids.VIEW_STORE, "data"),
        Input(ids.SAVED_VIEWS, "data"),
    )
    def _link(query, saved):
        return present_link(query, saved, live().view_context)

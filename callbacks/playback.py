"""The play control: step the period window through the months, quarters or years."""

from __future__ import annotations

from collections.abc import Callable

from dash import Dash, Input, Output, State

from callbacks.view_sync import slider_months
from dashboard import ids
from dashboard.periods import month_at, month_index, step_period
from dashboard.services import Services
from dashboard.view_state import STEPS, ViewContext
from geodata.i18n import _


def toggle_play(clicks: object) -> tuple[bool, str, str]:
    """(interval disabled, button text, aria-pressed) after ``clicks`` presses (anything but a count:
    not playing).
    """
    playing = isinstance(clicks, int) and not isinstance(clicks, bool) and clicks % 2 == 1
    return (not playing, _("❚❚ Pause") if playing else _("▶ Play"), "true" if playing else "false")


def next_window(months: object, step: object, context: ViewContext) -> list[int]:
    """The slider's next window; a malformed window (from the client) restarts from the whole period,
    a step other than a month, quarter or year counts as a month.
    """
    first, last = context.first_month, context.last_month
    window = slider_months(months, context) or [0, month_index(last, first)]
    start, end = (month_at(i, first) for i in window)
    months_per_step = step if step in STEPS.values() and not isinstance(step, bool) else 1
    new_start, new_end = step_period(start, end, int(months_per_step), first, last)
    return [month_index(new_start, first), month_index(new_end, first)]


def register(app: Dash, live: Callable[[], Services]) -> None:
    """Register the play button's toggle and the interval's step of the period slider."""

    @app.callback(
        Output(ids.PLAY_INTERVAL, "disabled"),
        Output(ids.PLAY_BUTTON, "children"),
        Output(ids.PLAY_BUTTON, "aria-pressed"),
        Input(ids.PLAY_BUTTON, "n_clicks"),
        prevent_initial_call=True,
    )
    def _toggle(clicks):
        return toggle_play(clicks)

    @app.callback(
        Output(ids.PERIOD_SLIDER, "value", allow_duplicate=True),
        Input(ids.PLAY_INTERVAL, "n_intervals"),
        State(ids.PERIOD_SLIDER, "value"),
        State(ids.PLAY_STEP, "value"),
        prevent_initial_call=True,
    )
    def _step(_ticks, months, step):
        return next_window(months, step, live().view_context)

"""The play control: step the period window through the months, quarters or years."""

from __future__ import annotations

from collections.abc import Callable

from dash import Dash, Input, Output, State

from dashboard import ids
from dashboard.periods import month_at, month_index, step_period
from dashboard.services import Services
from dashboard.view_state import ViewContext


def toggle_play(clicks: int) -> tuple[bool, str, str]:
    """(interval disabled, button text, aria-pressed) after ``clicks`` presses."""
    playing = bool(clicks) and clicks % 2 == 1
    return (not playing, "❚❚ Pause" if playing else "▶ Play", "true" if playing else "false")


def next_window(months: list[int], step: int, context: ViewContext) -> list[int]:
    first, last = context.first_month, context.last_month
    start, end = (month_at(i, first) for i in sorted(months))
    new_start, new_end = step_period(start, end, int(step or 1), first, last)
    return [month_index(new_start, first), month_index(new_end, first)]


def register(app: Dash, live: Callable[[], Services]) -> None:
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

"""Months as slider positions, and the period presets (baseline, each year, the last 12 months)."""

from __future__ import annotations

from datetime import date

BASELINE_PRESET = "baseline"
LAST_12 = "last12"


def month_index(month: date, first: date) -> int:
    return (month.year - first.year) * 12 + month.month - first.month


def month_at(index: int, first: date) -> date:
    total = first.year * 12 + first.month - 1 + int(index)
    return date(total // 12, total % 12 + 1, 1)


def period_presets(first: date, last: date) -> dict[str, tuple[date, date]]:
    """Preset id → (start, end), clipped to the store's months."""
    presets = {BASELINE_PRESET: (date(2019, 1, 1), date(2021, 12, 1))}
    for year in range(first.year, last.year + 1):
        presets[str(year)] = (max(date(year, 1, 1), first), min(date(year, 12, 1), last))
    presets[LAST_12] = (month_at(max(month_index(last, first) - 11, 0), first), last)
    return {key: (max(a, first), min(b, last)) for key, (a, b) in presets.items() if a <= last and b >= first}


def preset_label(key: str) -> str:
    return {BASELINE_PRESET: "Baseline 2019–2021", LAST_12: "Last 12 months"}.get(key, key)


def step_period(start: date, end: date, step_months: int, first: date, last: date) -> tuple[date, date]:
    """Move the window by a step (negative: back); past either end it wraps to the other."""
    width = month_index(end, start)
    latest_start = month_index(last, first) - width
    new_start = month_index(start, first) + step_months
    if new_start > latest_start:
        new_start = 0
    elif new_start < 0:
        new_start = latest_start
    return month_at(new_start, first), month_at(new_start + width, first)

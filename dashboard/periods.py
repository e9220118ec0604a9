"""Months as slider positions, and the period presets: the baseline, multi-year ranges since the
invasion, each year (a year the store holds only in part says so), since a sanctions package, the
last 12 months.
"""

from __future__ import annotations

from datetime import date

from geodata.baseline import BASELINE_LABEL
from geodata.i18n import N_, _
from geodata.i18n.formats import month_names

BASELINE_PRESET = "baseline"
LAST_12 = "last12"
#: Multi-year ranges (id → first month, last month or None for the store's last) and their names
#: (English; `preset_label` translates them).
RANGES = {
    "2022-now": (date(2022, 1, 1), None, N_("2022 – now")),
    "2022-2023": (date(2022, 1, 1), date(2023, 12, 1), "2022–2023"),
    "2023-2024": (date(2023, 1, 1), date(2024, 12, 1), "2023–2024"),
    "since-eu12": (date(2023, 12, 1), None, N_("Since the EU 12th package (Dec 2023)")),
    "since-eu14": (date(2024, 6, 1), None, N_("Since the EU 14th package (Jun 2024)")),
}


def month_index(month: date, first: date) -> int:
    """The slider position of ``month``: months since ``first`` (negative before it)."""
    return (month.year - first.year) * 12 + month.month - first.month


def month_at(index: int, first: date) -> date:
    """The month at slider position ``index`` counted from ``first`` (its first day)."""
    total = first.year * 12 + first.month - 1 + int(index)
    return date(total // 12, total % 12 + 1, 1)


def period_presets(first: date, last: date) -> dict[str, tuple[date, date]]:
    """Preset id → (start, end), clipped to the store's months."""
    presets = {BASELINE_PRESET: (date(2019, 1, 1), date(2021, 12, 1))}
    presets.update({key: (start, end or last) for key, (start, end, _name) in RANGES.items()})
    for year in range(first.year, last.year + 1):
        presets[str(year)] = (max(date(year, 1, 1), first), min(date(year, 12, 1), last))
    presets[LAST_12] = (month_at(max(month_index(last, first) - 11, 0), first), last)
    return {key: (max(a, first), min(b, last)) for key, (a, b) in presets.items() if a <= last and b >= first}


def preset_label(key: str, span: tuple[date, date] | None = None) -> str:
    """A preset's name; a year whose ``span`` (as clipped to the store) is not all of it is marked
    partial, with its months.

    >>> preset_label("2026", (date(2026, 1, 1), date(2026, 3, 1)))
    '2026 (Jan–Mar only: partial year)'
    """
    names = {
        BASELINE_PRESET: _("Baseline {baseline}").format(baseline=BASELINE_LABEL),
        LAST_12: _("Last 12 months"),
    }
    names.update({k: _(name) for k, (_start, _end, name) in RANGES.items()})
    if key in names:
        return names[key]
    if span is not None and key.isdigit() and (span[0].month != 1 or span[1].month != 12):
        months = month_names()
        return _("{year} ({first}–{last} only: partial year)").format(
            year=key, first=months[span[0].month - 1], last=months[span[1].month - 1]
        )
    return key


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

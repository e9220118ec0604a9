"""How numbers read on screen and in briefings: money with a unit, changes with a sign."""

from __future__ import annotations

import math

from geodata.baseline import BASELINE_LABEL


def money(value: float | None, currency: str = "$") -> str:
    """$1.2 bn, $350 m, $12 k; '—' for missing.

    >>> money(1_234_000_000)
    '$1.23 bn'
    >>> money(350_000_000)
    '$350 m'
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    sign = "−" if value < 0 else ""
    value = abs(value)
    for threshold, unit in ((1e9, "bn"), (1e6, "m"), (1e3, "k")):
        if value >= threshold:
            scaled = value / threshold
            digits = 2 if scaled < 10 else (1 if scaled < 100 else 0)
            return f"{sign}{currency}{scaled:,.{digits}f} {unit}"
    return f"{sign}{currency}{value:,.0f}"


def percent_change(value: float | None) -> str:
    """+12%, −40%, 'new' when there was no baseline trade.

    >>> percent_change(12.4)
    '+12%'
    >>> percent_change(float('nan'))
    'new (no 2019–2021 trade)'
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return f"new (no {BASELINE_LABEL} trade)"
    if value >= 0:
        return f"+{value:,.0f}%"
    return f"−{abs(value):,.0f}%"


def month_label(start, end) -> str:
    """'Jan 2023 – Dec 2023', or one month alone."""
    if (start.year, start.month) == (end.year, end.month):
        return f"{start:%b %Y}"
    return f"{start:%b %Y} – {end:%b %Y}"

"""How numbers read on screen and in briefings, in the active language: money with a unit, changes
with a sign, months.
"""

from __future__ import annotations

import math

from geodata.baseline import BASELINE_LABEL
from geodata.i18n import N_, _
from geodata.i18n.formats import month, number

UNITS = ((1e9, N_("bn")), (1e6, N_("m")), (1e3, N_("k")))  # thousand-fold units of money


def missing(value: float | None) -> bool:
    """Whether a figure is absent (None or NaN)."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def money(value: float | None, currency: str = "$") -> str:
    """$1.2 bn, $350 m, $12 k; '—' for missing. Russian: 1,23 млрд $.

    >>> money(1_234_000_000)
    '$1.23 bn'
    >>> money(350_000_000)
    '$350 m'
    """
    if value is None or missing(value):
        return "—"
    sign = "−" if value < 0 else ""
    value = abs(value)
    for threshold, unit in UNITS:
        if value >= threshold:
            scaled = value / threshold
            digits = 2 if scaled < 10 else (1 if scaled < 100 else 0)
            return _("{sign}{currency}{amount} {unit}").format(
                sign=sign, currency=currency, amount=number(scaled, digits), unit=_(unit)
            )
    return _("{sign}{currency}{amount}").format(sign=sign, currency=currency, amount=number(value))


def percent_change(value: float | None) -> str:
    """+12%, −40%, 'new' when there was no baseline trade.

    >>> percent_change(12.4)
    '+12%'
    >>> percent_change(float('nan'))
    'new (no 2019–2021 trade)'
    """
    if value is None or missing(value):
        return _("new (no {baseline} trade)").format(baseline=BASELINE_LABEL)
    if value >= 0:
        return _("+{percent}%").format(percent=number(value))
    return _("−{percent}%").format(percent=number(abs(value)))


def month_label(start, end) -> str:
    """'Jan 2023 – Dec 2023', or one month alone."""
    if (start.year, start.month) == (end.year, end.month):
        return month(start)
    return f"{month(start)} – {month(end)}"

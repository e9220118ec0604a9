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


def money(value: float | None, currency: str = "$", *, round_figure: bool = False) -> str:
    """$1.2 bn, $350 m, $12 k; '—' for missing. Russian: 1,23 млрд $. A ``round_figure`` (an axis
    tick) drops zero decimals: $2 bn, not $2.00 bn.

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
                sign=sign,
                currency=currency,
                amount=number(scaled, digits, optional=round_figure),
                unit=_(unit),
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


def money_ticks(top: float, count: int = 5) -> dict:
    """An axis of money from 0 past ``top`` with about ``count`` round ticks, labelled like `money`
    in the active language ($1.5 bn, 1,5 млрд $): plotly's own SI labels (1.5G) read as neither.

    >>> money_ticks(4_300_000_000)["ticktext"]
    ['$0', '$2 bn', '$4 bn', '$6 bn']
    """
    if missing(top) or top <= 0:
        return {"tickvals": [0], "ticktext": [money(0)], "tickmode": "array"}
    raw = top / max(count - 1, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    ticks = [i * step for i in range(math.ceil(top / step) + 1)]
    return {"tickvals": ticks, "ticktext": [money(t, round_figure=True) for t in ticks], "tickmode": "array"}

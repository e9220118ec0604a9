"""Countries filled by the chosen metric: trade value (sequential) or change against the
2019–2021 baseline (diverging, centred on zero). The EU27, a single reporter, fills its members.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.figures import palette
from dashboard.formatting import money, percent_change
from geodata.baseline import BASELINE_LABEL
from geodata.country_groups import EU27
from geodata.frames import frame_rows
from geodata.i18n import _

#: The change scale is the log of the ratio period ÷ baseline (so halving and doubling sit equally far
#: from 0), over ± this many decades: −90 % to +900 %; a stopped flow (−100 %) sits at the low end.
CHANGE_DECADES = 1.0
CHANGE_TICKS = {-1.0: "≤ −90%", -0.30103: "−50%", 0.0: "0", 0.30103: "+100%", 1.0: "≥ +900%"}


#: The fill's low end: this quantile of the countries' monthly trade (the few smallest months share
#: the lightest colour, so the scale is not stretched by a stray dollar).
FILL_LOW_QUANTILE = 0.05


def fill_range(country_months: np.ndarray) -> tuple[float, float] | None:
    """(low, high) of the value fill in log10 of USD a month, from the countries' monthly values over
    the whole store; None without any trade.

    >>> fill_range(np.array([1e6, 1e7, 1e8, 1e9]))
    (6.37, 9.0)
    """
    values = country_months[country_months > 0]
    if values.size == 0:
        return None
    low = float(np.log10(np.quantile(values, FILL_LOW_QUANTILE)))
    high = float(np.log10(values.max()))
    return round(low, 2), round(max(high, low + 0.5), 2)


def change_position(change_pct: float) -> float:
    """Where a change sits on the map's change scale: log10(1 + change / 100), within ± `CHANGE_DECADES`.

    >>> change_position(100.0), change_position(-50.0), change_position(-100.0), change_position(5000.0)
    (0.30103, -0.30103, -1.0, 1.0)
    """
    ratio = max(1.0 + change_pct / 100.0, 10.0**-CHANGE_DECADES)
    return round(float(np.clip(np.log10(ratio), -CHANGE_DECADES, CHANGE_DECADES)), 5)


def _scale(colours: tuple[str, ...]) -> list[list]:
    return [[i / (len(colours) - 1), c] for i, c in enumerate(colours)]


def country_metric_trace(
    values: pd.DataFrame,
    metric: str,
    names: dict[str, str],
    eu_members: tuple[str, ...],
    *,
    source_label: str,
    value_range: tuple[float, float] | None = None,
) -> go.Choropleth:
    """``values``: country, total, monthly, baseline_monthly, change_pct (from the query layer).
    ``value_range`` fixes the value fill's colours (log10 of USD a month, `fill_range`); without it
    they are fitted to the countries shown.
    """
    rows = []
    for row in frame_rows(values):
        members = eu_members if row.country == EU27 else (row.country,)
        rows += [(member, row) for member in members]
    locations = [m for m, _row in rows]
    if metric == "change":
        z = [change_position(r.change_pct) if pd.notna(r.change_pct) else None for _member, r in rows]
        colour = {
            "colorscale": _scale(palette.DIVERGING),
            "zmid": 0.0,
            "zmin": -CHANGE_DECADES,
            "zmax": CHANGE_DECADES,
        }
        bar_title = _("Change vs<br>{baseline}<br>(ratio scale)").format(baseline=BASELINE_LABEL)
        ticks = {"tickvals": list(CHANGE_TICKS), "ticktext": list(CHANGE_TICKS.values())}
    else:  # the monthly average, so a colour means the same for a month, a year or the whole store
        z = [float(np.log10(max(r.monthly, 1.0))) for _member, r in rows]
        colour = {"colorscale": _scale(palette.SEQUENTIAL)}
        if value_range is not None:
            low, high = value_range
            colour |= {"zmin": low, "zmax": high}
            bar_title = _("Trade a month<br>(log scale,<br>fixed)")
        else:
            low, high = (min(z), max(z)) if z else (0.0, 1.0)
            bar_title = _("Trade a month<br>(log scale)")
        tick_values = [v for v in range(int(np.floor(low)), int(np.ceil(high)) + 1) if low <= v <= high]
        ticks = {"tickvals": tick_values, "ticktext": [money(10.0**v) for v in tick_values]}
    all_members = " " + _("(all 27 member states)")
    trade = _("Trade on the selected flows: {total} ({monthly} a month)")
    change = _("Change vs {baseline} (monthly average): {change}")
    text = [
        f"<b>{names.get(r.country, r.country)}</b>{all_members if r.country == EU27 else ''}<br>"
        + trade.format(total=money(r.total), monthly=money(r.monthly))
        + "<br>"
        + change.format(baseline=BASELINE_LABEL, change=percent_change(r.change_pct))
        + f"<br>{source_label}"
        for _member, r in rows
    ]
    return go.Choropleth(
        _validate=False,
        locations=locations,
        z=z,
        locationmode="ISO-3",
        text=text,
        hovertemplate="%{text}<extra></extra>",
        marker={"line": {"color": palette.BORDER, "width": 0.6}},
        colorbar={
            "title": {"text": bar_title, "font": {"size": 11}},
            "thickness": 12,
            "len": 0.45,
            "x": 0.01,
            "xanchor": "left",
            "y": 0.03,
            "yanchor": "bottom",
            "bgcolor": "rgba(255,255,255,0.85)",
            **ticks,
        },
        name=_("Countries"),
        meta={"layer": "countries", "metric": metric},
        **colour,
    )

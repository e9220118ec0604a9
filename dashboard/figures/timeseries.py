"""Monthly value of the filtered flows, with the baseline shaded and sanctions/control events marked."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures import palette
from dashboard.figures.annotations import DEMO_LABEL
from dashboard.figures.event_marks import drawn_events, event_hover, event_label, label_rows
from dashboard.formatting import money, money_ticks
from geodata.i18n import N_, _
from geodata.localized_names import localized

LEG_COLOURS = {
    "transit_to_russia": "#B2182B",
    "direct_to_russia": "#EF8A62",
    "origin_to_transit": "#2166AC",
    "russia_to_transit": "#B2182B",
    "direct_from_russia": "#EF8A62",
    "transit_to_destination": "#2166AC",
}
JURISDICTION_COLOUR = {"EU": "#332288", "US": "#CC6677", "KZ": "#117733", "G7": "#AA4499", "UK": "#44AA99"}
#: The jurisdictions' short names as a reader sees them (show with ``_()``; others as they are).
JURISDICTION_TITLES = {"EU": N_("EU"), "US": N_("US"), "KZ": N_("KZ"), "G7": N_("G7"), "UK": N_("UK")}
BASELINE_FILL = "rgba(136,204,238,0.18)"
SELECTED_FILL = "rgba(221,204,119,0.22)"


def jurisdiction_title(code: str) -> str:
    """A jurisdiction's short name in the active language (ЕС, США …)."""
    return _(JURISDICTION_TITLES[code]) if code in JURISDICTION_TITLES else code


def event_colour(jurisdiction: str) -> str:
    """The chart colour of an event's jurisdiction (olive for one not in `JURISDICTION_COLOUR`)."""
    return JURISDICTION_COLOUR.get(jurisdiction, "#999933")


@dataclass(frozen=True)
class ChartSize:
    """The size a chart is drawn at (the page's card, a slide, a PDF page) and its text size: the
    event labels' rows and the margins are laid out in pixels from it.
    """

    width: int = 420  # the page's card at 1280 px (wider screens: the legend needs fewer rows than laid out)
    height: int = 340
    font: int = 11
    label_rows: int = 3


PAGE_CHART = ChartSize()


def _legend_rows(names: list[str], size: ChartSize) -> int:
    """Rows a horizontal legend takes: when it wraps, plotly gives every entry the widest one's width."""
    widest = max((len(n) for n in names), default=0) * (size.font - 1) * 0.62 + 46
    per_row = max(1, int((size.width - 70) // widest))
    return max(1, math.ceil(len(names) / per_row))


def timeseries_figure(
    series: pd.DataFrame,
    events: pd.DataFrame,
    *,
    baseline: tuple[pd.Timestamp, pd.Timestamp],
    selected: tuple[pd.Timestamp, pd.Timestamp] | None,
    source_label: str,
    is_demo: bool,
    title: str = "",
    leg_titles: dict[str, str] | None = None,
    beside_legs: tuple[str, ...] = (),
    size: ChartSize = PAGE_CHART,
    include_unsourced: bool = False,
) -> go.Figure:
    """``series``: period, value_usd, and optionally leg (one line per leg, named by ``leg_titles``; a
    leg in ``beside_legs`` is dashed: it is shown beside the headline, not part of it). Leg titles are
    translated here (``_()``).
    ``events``: date, jurisdiction, title, description, source, confidence (and optionally label).

    Events become vertical lines (dotted when the date is unconfirmed) and markers in a band above the
    plot, each with a short label in a row where it collides with no other, and wrapped hover text.
    Only events with a cited web source are drawn unless ``include_unsourced``. The legend sits
    below the axis, the demo label above the band: nothing covers anything.
    """
    traces = []
    lines = series.groupby("leg", sort=False) if "leg" in series else [("", series)]
    for leg, rows in lines:
        leg_title = (leg_titles or {}).get(leg, leg)
        name = _(leg_title) if leg_title else _("Monthly value")
        traces.append(
            go.Scatter(
                _validate=False,
                x=rows["period"],
                y=rows["value_usd"],
                mode="lines",
                line={
                    "color": LEG_COLOURS.get(leg, palette.FLOW),
                    "width": 2.2,
                    "dash": "dash" if leg in beside_legs else "solid",
                },
                name=name,
                customdata=[money(v) for v in rows["value_usd"]],
                hovertemplate=name + "<br>%{x|%b %Y}: %{customdata}<extra></extra>",
                meta={"role": "series", "leg": leg},
            )
        )
    first, last = (
        (series["period"].min(), series["period"].max()) if not series.empty else (baseline[0], baseline[1])
    )
    shown = drawn_events(events, first, last, include_unsourced=include_unsourced)
    # titles and labels in the page's language (the table's title_ru, label_ru …)
    shown = shown.assign(
        shown_title=localized(shown, "title"),
        shown_label=localized(shown, "label") if "label" in shown.columns else "",
    )
    labels = [
        event_label(t, lab, local)
        for t, lab, local in zip(shown["title"], shown["shown_label"], shown["shown_title"], strict=True)
    ]
    measures = _("{jurisdiction} measures")
    legend_names = [t.name for t in traces] + [
        measures.format(jurisdiction=jurisdiction_title(j)) for j in sorted(set(shown["jurisdiction"]))
    ]
    # the layout in pixels: demo label row, plot with its event band, ticks, legend rows, source line
    f = size.font
    top = int(f * 2.2) if is_demo else 6
    ticks = f * 2.0
    bottom = int(ticks + _legend_rows(legend_names, size) * f * 1.7 + f * 1.8 + 4)
    plot_px = max(size.height - top - bottom, 60)
    band = min((size.label_rows * f * 1.45 + f * 1.4) / plot_px, 0.45)
    rows = label_rows(
        list(shown["date"]),
        labels,
        span_days=max((last - first).days, 1),
        width_px=size.width - 80,
        font_px=f,
        rows=size.label_rows,
    )
    for jurisdiction in sorted(set(shown["jurisdiction"])):
        mine = [i for i, j in enumerate(shown["jurisdiction"]) if j == jurisdiction]
        group = shown.iloc[mine]
        colour = event_colour(jurisdiction)
        hover = [
            event_hover(t, d, desc, src, c)
            for t, d, desc, src, c in zip(
                group["shown_title"],
                group["date"],
                group["description"],
                group["source"],
                group["confidence"],
                strict=True,
            )
        ]
        traces.append(
            go.Scatter(
                _validate=False,
                x=group["date"],
                y=[-0.55] * len(group),
                yaxis="y2",
                mode="markers",
                marker={"symbol": "triangle-down", "size": f * 0.9, "color": colour},
                text=hover,
                hovertemplate="%{text}<extra></extra>",
                name=measures.format(jurisdiction=jurisdiction_title(jurisdiction)),
                meta={"role": "events", "jurisdiction": jurisdiction},
            )
        )
        placed = [(i, rows[i]) for i in mine if rows[i] is not None]
        traces.append(
            go.Scatter(
                _validate=False,
                x=[shown["date"].iloc[i] for i, _row in placed],
                y=[row + 0.1 for _index, row in placed],
                yaxis="y2",
                mode="text",
                text=[labels[i] for i, _row in placed],
                textposition="middle right",
                textfont={"size": f, "color": colour},
                hovertext=[
                    event_hover(
                        *shown.iloc[i][["shown_title", "date", "description", "source", "confidence"]]
                    )
                    for i, _row in placed
                ],  # fmt: skip
                hovertemplate="%{hovertext}<extra></extra>",
                showlegend=False,
                name=f"{jurisdiction} labels",
                meta={"role": "event-labels", "jurisdiction": jurisdiction},
            )
        )
    plot_top = 1 - band
    shapes = [
        {
            "type": "line",
            "xref": "x",
            "yref": "paper",
            "x0": d,
            "x1": d,
            "y0": 0,
            "y1": plot_top + band * 0.12,
            "line": {"color": event_colour(j), "width": 1, "dash": "dot" if c == "low" else "solid"},
            "opacity": 0.45,
            "name": f"event-{i}",
        }
        for i, (d, j, c) in enumerate(
            zip(shown["date"], shown["jurisdiction"], shown["confidence"], strict=True)
        )
    ]
    for name, span, colour in (
        ("baseline", baseline, BASELINE_FILL),
        ("selected-period", selected, SELECTED_FILL),
    ):
        if span is None:
            continue
        shapes.append(
            {
                "type": "rect",
                "xref": "x",
                "yref": "paper",
                "x0": span[0],
                "x1": span[1],
                "y0": 0,
                "y1": plot_top,
                "fillcolor": colour,
                "line": {"width": 0},
                "layer": "below",
                "name": name,
            }
        )
    notes = [
        {
            "text": source_label,
            "xref": "paper",
            "yref": "paper",
            "x": 1.0,
            "y": 0.0,
            "yshift": -(bottom - 2),
            "xanchor": "right",
            "yanchor": "bottom",
            "showarrow": False,
            "font": {"size": f - 1, "color": "#52606D"},
        }
    ]
    if is_demo:
        notes.append(
            {
                "text": f"<b>{_(DEMO_LABEL)}</b>",
                "xref": "paper",
                "yref": "paper",
                "x": 1.0,
                "y": 1.0,
                "yshift": top - 2,
                "xanchor": "right",
                "yanchor": "top",
                "showarrow": False,
                "font": {"size": f - 1, "color": "#8A1C1C"},
                "bgcolor": "rgba(253,232,232,0.92)",
                "name": "demo-label",
            }
        )
    layout = dict(
        shapes=shapes,
        annotations=notes,
        margin={"l": int(f * 5.5), "r": 12, "t": top, "b": bottom},
        title={"text": title, "font": {"size": f + 3}},
        font={"size": f},
        yaxis={
            "title": {"text": _("USD a month"), "font": {"size": f}},
            "domain": [0, plot_top],
            "rangemode": "tozero",
            **money_ticks(float(series["value_usd"].max()) if len(series) else 0.0),
            "gridcolor": "#E4E7EB",
        },
        yaxis2={
            "domain": [plot_top, 1],
            "range": [-1, size.label_rows],
            "visible": False,
            "fixedrange": True,
        },
        xaxis={"showgrid": False, "title": {"text": ""}},
        legend={
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "y": -ticks / plot_px,
            "yanchor": "top",
            "font": {"size": f - 1},
        },  # fmt: skip
        hoverlabel={"align": "left", "font": {"size": f}},
        plot_bgcolor="white",
        paper_bgcolor="white",
        hovermode="closest",
        uirevision="timeseries",
    )
    return go.Figure(data=traces, layout=layout, _validate=False)

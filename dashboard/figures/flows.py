"""Trade-flow lines on the map: five width classes with a legend, and an arrowhead for direction.

Input is the small edge frame from the query store (exporter, importer, value_usd, change_pct,
mirror). Lines are drawn as gentle arcs bent to the right of travel, so A→B and B→A never hide
each other. The trace count is fixed (one per class, plus arrows) so a filter change can replace
their data with a patch.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.figures import palette
from dashboard.figures.labels import label_trace
from dashboard.formatting import money, percent_change
from geodata.baseline import BASELINE_LABEL
from geodata.frames import frame_rows
from geodata.i18n import N_, _
from geodata.trade.schema import MIRROR_NOTE, MIRROR_SHORT

WIDTHS = (1.0, 2.0, 3.5, 5.5, 8.0)
SCALE_TITLE = N_("Flows, USD a month (fixed scale)")
CLASS_COUNT = len(WIDTHS)
ARC_POINTS = 16


def nice_number(value: float) -> float:
    """Round to two significant figures, for legend breaks people can read."""
    if value <= 0:
        return 0.0
    magnitude = 10 ** math.floor(math.log10(value))
    return round(value / magnitude, 1) * magnitude


QUINTILES = (0.2, 0.4, 0.6, 0.8)
#: A scale fixed over a whole store: the many small edge-months share the thinnest class, and the
#: widths separate the flows a map draws.
SCALE_QUANTILES = (0.5, 0.75, 0.9, 0.97)


def width_breaks(values: pd.Series | np.ndarray, quantiles: tuple[float, ...] = QUINTILES) -> list[float]:
    """Upper bounds of the first four classes (the positive values' ``quantiles``, rounded); the
    fifth is open. Classes touch: each starts where the one before ends.
    """
    array = np.asarray(values, dtype=float)
    positive = array[array > 0]
    if positive.size == 0:
        return [0.0] * (CLASS_COUNT - 1)
    breaks = [nice_number(float(q)) for q in np.quantile(positive, quantiles)]
    return [max(b, breaks[i - 1]) if i else b for i, b in enumerate(breaks)]


def width_class(value: float, breaks: list[float]) -> int:
    """0..4: the class of a value given the four upper bounds."""
    return int(sum(value > b for b in breaks))


def class_label(index: int, breaks: list[float]) -> str:
    """The legend text of width class ``index``: up to the first bound, between two, or over the last."""
    if index == 0:
        return _("up to {amount}").format(amount=money(breaks[0]))
    if index == CLASS_COUNT - 1:
        return _("over {amount}").format(amount=money(breaks[-1]))
    return f"{money(breaks[index - 1])} – {money(breaks[index])}"


def arc(start: tuple[float, float], end: tuple[float, float], bend: float = 0.18) -> tuple[list, list]:
    """Points of a quadratic curve from start to end (lon, lat), bulging to the right of travel."""
    (x0, y0), (x1, y1) = start, end
    dx, dy = x1 - x0, y1 - y0
    cx, cy = (x0 + x1) / 2 + bend * dy, (y0 + y1) / 2 - bend * dx
    t = np.linspace(0.0, 1.0, ARC_POINTS)
    xs = (1 - t) ** 2 * x0 + 2 * (1 - t) * t * cx + t**2 * x1
    ys = (1 - t) ** 2 * y0 + 2 * (1 - t) * t * cy + t**2 * y1
    return xs.tolist(), ys.tolist()


def straight(start: tuple[float, float], end: tuple[float, float]) -> tuple[list, list]:
    """A straight section: its two ends (its arrowhead is placed along it, `arrowhead`)."""
    return [start[0], end[0]], [start[1], end[1]]


ARROW_AT = 0.8  # where along a flow its arrowhead sits


def arrowhead(xs: list[float], ys: list[float]) -> tuple[float, float, float]:
    """(lon, lat, bearing) of a stroke's arrowhead: at `ARROW_AT` of an arc's points, or of the way
    along a two-point section.
    """
    if len(xs) == 2:
        lon, lat = xs[0] + (xs[1] - xs[0]) * ARROW_AT, ys[0] + (ys[1] - ys[0]) * ARROW_AT
        return lon, lat, bearing(xs[0], ys[0], xs[1], ys[1])
    tip = int(len(xs) * ARROW_AT)
    return xs[tip], ys[tip], bearing(xs[tip - 1], ys[tip - 1], xs[tip + 1], ys[tip + 1])


def bearing(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Initial compass bearing in degrees from point 1 to point 2."""
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    x = math.sin(dl) * math.cos(p2)
    y = math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl)
    return (math.degrees(math.atan2(x, y)) + 360.0) % 360.0


STOPPED_COLOUR = "#6E6E6E"  # 3:1 against every map fill; stopped flows are also dashed


def edge_change_text(status: str, change_pct: float) -> str:
    """A flow's change in words, for its hover: stopped, new, or the percentage vs the baseline."""
    if status == "stopped":
        return _("stopped: no trade in the period (−100%)")
    if status == "new":
        return _("new: no trade in {baseline}").format(baseline=BASELINE_LABEL)
    return _("{change} vs {baseline}").format(change=percent_change(change_pct), baseline=BASELINE_LABEL)


def edge_hover(row, names: dict[str, str], period_label: str, goods_label: str, context: bool = True) -> str:
    """A flow's hover: pair, value, change (and baseline when stopped), mirror note; with ``context``
    also the period and goods (the arrows' trace says those once, in its hover template).
    """
    status = getattr(row, "status", "active")
    change = edge_change_text(status, getattr(row, "change_pct", float("nan")))
    baseline = getattr(row, "baseline_value_usd", None)
    text = (
        f"<b>{names.get(row.exporter, row.exporter)} → {names.get(row.importer, row.importer)}</b><br>"
        f"{money(row.value_usd)} · {change}"
        + (f"<br>{BASELINE_LABEL}: {money(baseline)}" if status == "stopped" and baseline else "")
        + (f"<br>{period_label} · {goods_label}" if context else "")
    )
    if row.mirror:
        text += f"<br><i>{_(MIRROR_NOTE) if context else _(MIRROR_SHORT)}</i>"
    return text


def context_template(context: str) -> str:
    """A hover template adding ``context`` (the same for every point of a trace) under each point's
    text: said once per trace instead of once per point, which keeps the map's payload small.
    """
    return "%{text}<br>" + context.replace("%{", "% {") + "<extra></extra>"


def undrawn_edges(edges: pd.DataFrame, anchors: dict[str, tuple[float, float]]) -> pd.DataFrame:
    """Edges counted in the view but not drawn: an end has no place on the map."""
    return edges[~(edges["exporter"].isin(anchors) & edges["importer"].isin(anchors))]


def stopped_trace(
    edges: pd.DataFrame, anchors: dict[str, tuple[float, float]], hovers: list[str]
) -> go.Scattergeo:
    """Stopped edges (traded in the baseline, not in the period): thin grey dashed arcs, with hover."""
    lon: list = []
    lat: list = []
    text: list = []
    for row, hover in zip(frame_rows(edges), hovers, strict=True):
        xs, ys = arc(anchors[row.exporter], anchors[row.importer])
        lon += [*(round(x, 3) for x in xs), None]
        lat += [*(round(y, 3) for y in ys), None]
        text += [hover] * len(xs) + [None]
    return go.Scattergeo(
        _validate=False,
        lon=lon,
        lat=lat,
        text=text,
        mode="lines",
        hoverinfo="text",
        line={"width": 1.5, "color": STOPPED_COLOUR, "dash": "dash"},
        opacity=0.8,
        name=_("stopped since {baseline}").format(baseline=BASELINE_LABEL),
        legendgroup="flows",
        meta={"layer": "flows", "stopped": True},
    )


def flow_traces(
    edges: pd.DataFrame,
    anchors: dict[str, tuple[float, float]],
    names: dict[str, str],
    *,
    period_label: str,
    goods_label: str,
    assigned: pd.DataFrame | None = None,
    segments: pd.DataFrame | None = None,
    months: int = 1,
    breaks: list[float] | None = None,
) -> list[go.Scattergeo]:
    """Five line traces (one per width class, each a legend entry with its range), the arrows, the
    stopped flows and the trade at crossings and ports.

    Widths follow each flow's value per month (its total over ``months``). With ``breaks`` (the
    store-wide scale of `flow_scale`) a width means the same in every period; without, the classes
    are fitted to the flows drawn.
    """
    placed = edges[edges["exporter"].isin(anchors) & edges["importer"].isin(anchors)]
    drawable = placed[placed["value_usd"] > 0]
    stopped = placed[(placed["value_usd"] <= 0) & (placed.get("status", "active") == "stopped")]
    strokes = [
        (
            *arc(anchors[row.exporter], anchors[row.importer]),
            row.value_usd / max(months, 1),
            edge_hover(row, names, period_label, goods_label, context=False),
            palette.NEW_FLOW if getattr(row, "status", "") == "new" else palette.FLOW,
        )
        for row in frame_rows(drawable)
    ]
    if segments is not None:
        strokes += [
            (*straight((r.x0, r.y0), (r.x1, r.y1)), r.value_usd / max(months, 1), r.text, palette.FLOW)
            for r in frame_rows(segments)
        ]
    if breaks is None:
        breaks = width_breaks(np.array([stroke[2] for stroke in strokes], dtype=float))
    lines = [{"lon": [], "lat": [], "stroke": []} for _class in range(CLASS_COUNT)]
    arrows = {"lon": [], "lat": [], "angle": [], "text": [], "size": [], "colour": [], "symbol": []}
    for xs, ys, value, hover, colour in strokes:
        index = width_class(value, breaks)
        lines[index]["lon"] += [*(round(x, 3) for x in xs), None]
        lines[index]["lat"] += [*(round(y, 3) for y in ys), None]
        # every point names its arrowhead: hovering the line shows the flow's label (assets/map_hover.js)
        lines[index]["stroke"] += [len(arrows["lon"])] * len(xs) + [None]
        lon, lat, heading = arrowhead(xs, ys)
        arrows["lon"].append(round(lon, 3))
        arrows["lat"].append(round(lat, 3))
        arrows["angle"].append(round(heading, 1))
        arrows["text"].append(hover)
        arrows["size"].append(7 + 1.2 * WIDTHS[index])
        arrows["colour"].append(colour)
        arrows["symbol"].append(
            palette.NEW_FLOW_SYMBOL if colour == palette.NEW_FLOW else palette.FLOW_SYMBOL
        )
    traces = [
        go.Scattergeo(
            _validate=False,
            lon=line["lon"],
            lat=line["lat"],
            mode="lines",
            customdata=line["stroke"],
            hoverinfo="none",  # hover events without a label: the arrowhead's label shows (map_hover.js)
            line={"width": WIDTHS[i], "color": palette.FLOW},
            opacity=0.75,
            name=class_label(i, breaks),
            legendgroup="flows",
            legendgrouptitle={"text": _(SCALE_TITLE)},
            meta={"layer": "flows", "width_class": i},
        )
        for i, line in enumerate(lines)
    ]
    traces.append(
        go.Scattergeo(
            _validate=False,
            lon=arrows["lon"],
            lat=arrows["lat"],
            text=arrows["text"],
            hovertemplate=context_template(f"{period_label} · {goods_label}"),
            mode="markers",
            marker={
                "symbol": arrows["symbol"],
                "size": arrows["size"],
                "angle": arrows["angle"],
                "angleref": "north",
                "color": arrows["colour"],
                "line": {"color": "white", "width": 0.8},
            },
            name="direction",
            showlegend=False,
            meta={"layer": "flows", "arrows": True},
        )
    )
    stopped_hovers = [edge_hover(r, names, period_label, goods_label) for r in frame_rows(stopped)]
    traces.append(stopped_trace(stopped, anchors, stopped_hovers))
    traces.append(assigned_trace(assigned, f"{goods_label} · {period_label}<br><i>{_(ASSIGNED_NOTE)}</i>"))
    return traces


ASSIGNED_COLOUR = "#332288"


ASSIGNED_NOTE = N_("Modelled estimate: pair values spread over their routes (geodata/reference/routes.csv)")


def assigned_trace(assigned: pd.DataFrame | None, context: str | None = None) -> go.Scattergeo:
    """Trade assigned to crossings and ports by the route model (columns lon, lat, value_usd, text, and
    the place's id when known): open circles sized by value, labelled a modelled estimate in the legend
    and every hover (``context``, `ASSIGNED_NOTE` by default); a click on one carries the place's id.
    """
    context = _(ASSIGNED_NOTE) if context is None else context
    frame = assigned if assigned is not None else pd.DataFrame(columns=["lon", "lat", "value_usd", "text"])
    top = float(frame["value_usd"].max()) if len(frame) else 0.0
    sizes = [8 + 26 * math.sqrt(v / top) if top > 0 else 8 for v in frame["value_usd"]]
    return go.Scattergeo(
        _validate=False,
        lon=list(frame["lon"]),
        lat=list(frame["lat"]),
        text=list(frame["text"]),
        customdata=list(frame["id"]) if "id" in frame else None,  # a click names the place, not a country
        hovertemplate=context_template(context),
        mode="markers",
        marker={
            "size": sizes,
            "color": "rgba(51,34,136,0.12)",
            "line": {"color": ASSIGNED_COLOUR, "width": 1.6},
        },
        name=_("at crossings, ports (modelled)"),
        legendgroup="flows",
        meta={"layer": "flows", "assigned": True},
    )


EDGE_COLUMNS = ("exporter", "importer", "value_usd", "baseline_value_usd", "change_pct", "status", "mirror")


def empty_flow_traces() -> list[go.Scattergeo]:
    """The flow traces with no data, then the (empty) label trace: the page's first figure, filled
    in by a patch (`dashboard.view_data.view_map_traces` gives the same traces with data).
    """
    empty = pd.DataFrame({c: [] for c in EDGE_COLUMNS})
    return [*flow_traces(empty, {}, {}, period_label="", goods_label="", assigned=None), label_trace([])]

"""Names on the map: countries, the busiest crossings and ports, corridors — placed so none overlap.

Candidates come with a priority (the view's value through them); the most important is placed first
and a label is dropped when its box would overlap one already placed or leave the map's frame. Boxes
are measured on the map's own projection (`dashboard.figures.geo.REGION_GEO`, Albers conic equal
area) scaled to a nominal panel, with text widths estimated from the font size — the same placement
for the page, the exports and presentation mode (whose larger font places fewer labels).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import plotly.graph_objects as go

from dashboard.figures import palette
from dashboard.figures.frame import albers, in_frame, projected_frame

NOMINAL_WIDTH_PX = 1000  # the map panel the placement assumes (it scales with the panel)
CHARACTER_WIDTH = 0.58  # average glyph width as a share of the font size
LINE_HEIGHT = 1.25
KIND_STYLE = {  # font size (px) and colour per kind of place
    "country": (12, palette.TEXT),
    "crossing": (10, "#332288"),
    "port": (10, "#332288"),
    "corridor": (10, "#6B4E16"),
}


#: Where a label may stand against its point, tried in this order (plotly's ``textposition``): centred,
#: then beside it — so a name near the frame's edge or a busier name still finds room.
POSITIONS = ("middle center", "middle right", "middle left", "top center", "bottom center")


@dataclass(frozen=True)
class Label:
    """A name to place on the map: its text, point, kind, priority and (once placed) position."""

    text: str
    lon: float
    lat: float
    kind: str  # a key of KIND_STYLE
    priority: float  # larger is placed first
    position: str = "middle center"  # one of POSITIONS: set when the label is placed


def label_box(label: Label, scale: float, size: float) -> tuple[float, float, float, float]:
    """The label's box in pixels (x0, x1, y0, y1) at its position against its point (y grows north)."""
    x, y = albers(label.lon, label.lat)
    x, y = x * scale, y * scale
    width, height = len(label.text) * size * CHARACTER_WIDTH, size * LINE_HEIGHT
    vertical, horizontal = label.position.split()
    gap = size * 0.3  # plotly leaves a little room between a point and text beside it
    left = {"center": x - width / 2, "right": x + gap, "left": x - gap - width}[horizontal]
    bottom = {"middle": y - height / 2, "top": y + gap, "bottom": y - gap - height}[vertical]
    return left, left + width, bottom, bottom + height


def _overlap(a: tuple, b: tuple) -> bool:
    return a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3]


def place_labels(candidates: list[Label], font_scale: float = 1.0) -> list[Label]:
    """The candidates that fit, most important first: their point on the map (`in_frame`),
    their box inside the frame, no two boxes overlapping, one label per text.
    """
    x0, x1, y0, y1 = projected_frame()
    scale = NOMINAL_WIDTH_PX / (x1 - x0)
    inside = (x0 * scale, x1 * scale, y0 * scale, y1 * scale)
    placed: list[Label] = []
    boxes: list[tuple] = []
    seen: set[str] = set()
    for label in sorted(candidates, key=lambda c: -c.priority):
        if label.text in seen or not in_frame(label.lon, label.lat):
            continue
        for position in POSITIONS:
            candidate = replace(label, position=position)
            box = label_box(candidate, scale, KIND_STYLE[label.kind][0] * font_scale)
            within = (
                box[0] >= inside[0] and box[1] <= inside[1] and box[2] >= inside[2] and box[3] <= inside[3]
            )
            if within and not any(_overlap(box, other) for other in boxes):
                placed.append(candidate)
                boxes.append(box)
                seen.add(label.text)
                break
    return placed


def label_trace(labels: list[Label], font_scale: float = 1.0) -> go.Scattergeo:
    """One text trace with the placed labels (no hover: the places beneath keep theirs)."""
    return go.Scattergeo(
        _validate=False,
        lon=[label.lon for label in labels],
        lat=[label.lat for label in labels],
        text=[label.text for label in labels],
        mode="text",
        textposition=[label.position for label in labels],
        textfont={
            "size": [round(KIND_STYLE[label.kind][0] * font_scale, 1) for label in labels],
            "color": [KIND_STYLE[label.kind][1] for label in labels],
            "shadow": "auto",  # a halo in the background colour keeps names readable over lines
        },
        hoverinfo="skip",
        showlegend=False,
        name="labels",
        meta={"layer": "flows", "labels": True, "kinds": [label.kind for label in labels]},
    )

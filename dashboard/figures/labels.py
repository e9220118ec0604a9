"""Names on the map: countries, the busiest crossings and ports, corridors — placed so none overlap.

Candidates come with a priority (the view's value through them); the most important is placed first
and a label is dropped when its box would overlap one already placed or leave the map's frame. Boxes
are measured on the map's own projection (`dashboard.figures.geo.REGION_GEO`, Albers conic equal
area) scaled to a nominal panel, with text widths estimated from the font size — the same placement
for the page, the exports and presentation mode (whose larger font places fewer labels).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import plotly.graph_objects as go

from dashboard.figures import palette
from dashboard.figures.geo import REGION_GEO

NOMINAL_WIDTH_PX = 1000  # the map panel the placement assumes (it scales with the panel)
CHARACTER_WIDTH = 0.58  # average glyph width as a share of the font size
LINE_HEIGHT = 1.25
KIND_STYLE = {  # font size (px) and colour per kind of place
    "country": (12, palette.TEXT),
    "crossing": (10, "#332288"),
    "port": (10, "#332288"),
    "corridor": (10, "#6B4E16"),
}


@dataclass(frozen=True)
class Label:
    text: str
    lon: float
    lat: float
    kind: str  # a key of KIND_STYLE
    priority: float  # larger is placed first


def albers(lon: float, lat: float) -> tuple[float, float]:
    """The map's projection (Albers conic equal area on its two parallels), in unit-sphere units."""
    projection = REGION_GEO["projection"]
    phi1, phi2 = (math.radians(p) for p in projection["parallels"])
    n = (math.sin(phi1) + math.sin(phi2)) / 2
    c = math.cos(phi1) ** 2 + 2 * n * math.sin(phi1)
    rho = math.sqrt(max(c - 2 * n * math.sin(math.radians(lat)), 0.0)) / n
    theta = n * math.radians(lon - projection["rotation"]["lon"])
    return rho * math.sin(theta), -rho * math.cos(theta)


@lru_cache(maxsize=1)
def _frame() -> tuple[float, float, float, float]:
    """The projected bounds of the map's lon/lat frame (x0, x1, y0, y1)."""
    lons, lats = REGION_GEO["lonaxis"]["range"], REGION_GEO["lataxis"]["range"]
    edge = [(lon, lat) for lon in range(lons[0], lons[1] + 1, 5) for lat in lats]
    edge += [(lon, lat) for lon in lons for lat in range(lats[0], lats[1] + 1, 2)]
    points = [albers(lon, lat) for lon, lat in edge]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), max(xs), min(ys), max(ys)


def label_box(label: Label, scale: float, size: float) -> tuple[float, float, float, float]:
    """The label's box in pixels (x0, x1, y0, y1), centred on its point."""
    x, y = albers(label.lon, label.lat)
    half_width = len(label.text) * size * CHARACTER_WIDTH / 2
    half_height = size * LINE_HEIGHT / 2
    return x * scale - half_width, x * scale + half_width, y * scale - half_height, y * scale + half_height


def _overlap(a: tuple, b: tuple) -> bool:
    return a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3]


def place_labels(candidates: list[Label], font_scale: float = 1.0) -> list[Label]:
    """The candidates that fit, most important first: their point inside the map's lon/lat range,
    their box inside the frame, no two boxes overlapping, one label per text."""
    x0, x1, y0, y1 = _frame()
    scale = NOMINAL_WIDTH_PX / (x1 - x0)
    inside = (x0 * scale, x1 * scale, y0 * scale, y1 * scale)
    placed: list[Label] = []
    boxes: list[tuple] = []
    seen: set[str] = set()
    lons, lats = REGION_GEO["lonaxis"]["range"], REGION_GEO["lataxis"]["range"]
    for label in sorted(candidates, key=lambda c: -c.priority):
        if label.text in seen or not (lons[0] <= label.lon <= lons[1] and lats[0] <= label.lat <= lats[1]):
            continue
        box = label_box(label, scale, KIND_STYLE[label.kind][0] * font_scale)
        within = box[0] >= inside[0] and box[1] <= inside[1] and box[2] >= inside[2] and box[3] <= inside[3]
        if within and not any(_overlap(box, other) for other in boxes):
            placed.append(label)
            boxes.append(box)
            seen.add(label.text)
    return placed


def label_trace(labels: list[Label], font_scale: float = 1.0) -> go.Scattergeo:
    """One text trace with the placed labels (no hover: the places beneath keep theirs)."""
    return go.Scattergeo(
        _validate=False,
        lon=[label.lon for label in labels],
        lat=[label.lat for label in labels],
        text=[label.text for label in labels],
        mode="text",
        textposition="middle center",
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

"""The map's frame: its projection, which points it shows, and where a place outside it enters it.

Plotly draws the region (`dashboard.figures.geo.REGION_GEO`) as the projected bounding box of its
lon/lat ranges. Origins outside that box — the EU27's centre, Xi'an, Washington — would send their
flows in from beyond the edge with no name; `entry_point` moves such an origin to where the line from
it towards the region's centre crosses the frame, a little inside, so its flows start at the edge on
their real approach and its name can stand there.
"""

from __future__ import annotations

import math
from functools import lru_cache

from dashboard.figures.geo import REGION_GEO

#: Where flows from outside the frame start: this share of the frame's size inside its edge.
FLOW_INSET = 0.01
#: Where the name of an origin outside the frame stands: far enough in for its text to fit.
LABEL_INSET = 0.09


def albers(lon: float, lat: float) -> tuple[float, float]:
    """The map's projection (Albers conic equal area on its two parallels), in unit-sphere units."""
    projection = REGION_GEO["projection"]
    phi1, phi2 = (math.radians(p) for p in projection["parallels"])
    n = (math.sin(phi1) + math.sin(phi2)) / 2
    c = math.cos(phi1) ** 2 + 2 * n * math.sin(phi1)
    rho = math.sqrt(max(c - 2 * n * math.sin(math.radians(lat)), 0.0)) / n
    theta = n * math.radians(lon - projection["rotation"]["lon"])
    return rho * math.sin(theta), -rho * math.cos(theta)


def _projected_size(lons: tuple[float, float], lats: tuple[float, float]) -> tuple[float, float]:
    """Width and height of the projected box of a lon/lat range (plotly's frame for it)."""
    steps = 16
    edge = [(lons[0] + (lons[1] - lons[0]) * i / steps, lat) for i in range(steps + 1) for lat in lats]
    edge += [(lon, lats[0] + (lats[1] - lats[0]) * i / steps) for lon in lons for i in range(steps + 1)]
    points = [albers(lon, lat) for lon, lat in edge]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return max(xs) - min(xs), max(ys) - min(ys)


def filling_ranges(aspect: float) -> dict:
    """``lonaxis``/``lataxis`` ranges whose frame has the plot's ``aspect`` (width over height), so a
    figure of another shape than the page's panel (a 16:9 slide with its legend) is filled too: the
    region's ranges, widened evenly in longitude (wider plots) or latitude (taller ones).
    """
    lons = tuple(float(v) for v in REGION_GEO["lonaxis"]["range"])
    lats = tuple(float(v) for v in REGION_GEO["lataxis"]["range"])
    width, height = _projected_size(lons, lats)
    wider = aspect > width / height
    low, high = 0.0, 40.0
    for _ in range(40):
        pad = (low + high) / 2
        if wider:
            w, h = _projected_size((lons[0] - pad, lons[1] + pad), lats)
        else:
            w, h = _projected_size(lons, (max(lats[0] - pad, -80.0), min(lats[1] + pad, 85.0)))
        if (w / h < aspect) == wider:
            low = pad
        else:
            high = pad
    if wider:
        lons = (lons[0] - low, lons[1] + low)
    else:
        lats = (lats[0] - low, lats[1] + low)
    return {"lonaxis": {"range": list(lons)}, "lataxis": {"range": list(lats)}}


@lru_cache(maxsize=1)
def projected_frame() -> tuple[float, float, float, float]:
    """The projected bounds of what the map shows (x0, x1, y0, y1): as plotly draws it, a box the size of
    the projected lon/lat ranges, centred on the projected ``center`` (checked against plotly.js in
    the browser: the centre lands in the middle of the plot, the ranges' corners where this says).
    """
    lons, lats = REGION_GEO["lonaxis"]["range"], REGION_GEO["lataxis"]["range"]
    edge = [(lon, lat) for lon in range(lons[0], lons[1] + 1, 5) for lat in lats]
    edge += [(lon, lat) for lon in lons for lat in range(lats[0], lats[1] + 1, 2)]
    points = [albers(lon, lat) for lon, lat in edge]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    half_width, half_height = (max(xs) - min(xs)) / 2, (max(ys) - min(ys)) / 2
    cx, cy = albers(*region_centre())
    return cx - half_width, cx + half_width, cy - half_height, cy + half_height


def in_frame(lon: float, lat: float, inset: float = 0.0) -> bool:
    """Whether the map shows the point, at least ``inset`` (a share of the frame's size) inside its edge."""
    if not -180 <= lon <= 180 or not -90 <= lat <= 90:
        return False
    x0, x1, y0, y1 = projected_frame()
    dx, dy = (x1 - x0) * inset, (y1 - y0) * inset
    x, y = albers(lon, lat)
    return x0 + dx <= x <= x1 - dx and y0 + dy <= y <= y1 - dy


def region_centre() -> tuple[float, float]:
    """(lon, lat) of the centre of the region the map shows."""
    centre = REGION_GEO["center"]
    return float(centre["lon"]), float(centre["lat"])


def entry_point(origin: tuple[float, float], inset: float = FLOW_INSET) -> tuple[float, float]:
    """``origin`` when the map shows it; otherwise the first point, on the straight lon/lat line from it
    to the region's centre, at least ``inset`` inside the frame (found by bisection).
    """
    if in_frame(*origin, inset):
        return origin
    target = region_centre()
    outside, inside = 0.0, 1.0
    for _ in range(40):
        middle = (outside + inside) / 2
        point = _along(origin, target, middle)
        if in_frame(*point, inset):
            inside = middle
        else:
            outside = middle
    return _along(origin, target, inside)


def _along(a: tuple[float, float], b: tuple[float, float], t: float) -> tuple[float, float]:
    return a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t

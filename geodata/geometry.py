"""Small geometry helpers with explicit coordinates: lon/lat in EPSG:4326, distances in metres."""

from __future__ import annotations

from collections.abc import Sequence

from pyproj import Geod
from shapely import STRtree
from shapely.geometry import LineString, MultiLineString, Point
from shapely.geometry.base import BaseGeometry

_GEOD = Geod(ellps="WGS84")


def _crossing_latitude(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Latitude where the short way from point 1 to point 2 meets the antimeridian (linear in lon)."""
    shifted2 = lon2 + 360.0 if lon2 < lon1 else lon2 - 360.0
    edge = 180.0 if shifted2 > lon1 else -180.0
    fraction = (edge - lon1) / (shifted2 - lon1)
    return lat1 + fraction * (lat2 - lat1)


def line_through(points: Sequence[tuple[float, float]]) -> LineString | MultiLineString:
    """A line through (lon, lat) points, split where it crosses the antimeridian.

    A step of more than 180° in longitude is taken the short way round, across ±180°, and cut
    there, so no renderer draws a band across the whole map.

    >>> line_through([(170.0, 60.0), (-170.0, 62.0)]).geom_type
    'MultiLineString'
    >>> line_through([(44.6, 42.7), (49.9, 40.4)]).geom_type
    'LineString'
    """
    parts: list[list[tuple[float, float]]] = [[points[0]]]
    for (lon1, lat1), (lon2, lat2) in zip(points, points[1:], strict=False):
        if abs(lon2 - lon1) > 180.0:
            lat = _crossing_latitude(lon1, lat1, lon2, lat2)
            edge = 180.0 if lon1 > 0 else -180.0
            parts[-1].append((edge, lat))
            parts.append([(-edge, lat)])
        parts[-1].append((lon2, lat2))
    if len(parts) == 1:
        return LineString(parts[0])
    return MultiLineString(parts)


def plotly_path(geometry: LineString | MultiLineString) -> tuple[list[float | None], list[float | None]]:
    """Lon and lat lists for a plotly line trace, with None between parts."""
    lons: list[float | None] = []
    lats: list[float | None] = []
    lines = geometry.geoms if isinstance(geometry, MultiLineString) else [geometry]
    for line in lines:
        if lons:
            lons.append(None)
            lats.append(None)
        xs, ys = line.xy
        lons.extend(float(x) for x in xs)
        lats.extend(float(y) for y in ys)
    return lons, lats


class PointLocator:
    """Which of a set of named shapes holds a point, through a spatial index (STRtree): a map click
    is answered from the few shapes whose bounding boxes hold it, not by testing every country.

    Shapes are tried in the order given; the first that holds the point wins (as a linear scan would).
    """

    def __init__(self, names: Sequence[str], shapes: Sequence[BaseGeometry | None]) -> None:
        kept = [(name, shape) for name, shape in zip(names, shapes, strict=True) if shape is not None]
        self._names = [name for name, _ in kept]
        self._tree = STRtree([shape for _, shape in kept])

    def locate(self, lon: float, lat: float) -> str | None:
        """The name of the first shape holding (lon, lat); None when none does."""
        found = self._tree.query(Point(lon, lat), predicate="within")
        return self._names[int(found.min())] if len(found) else None

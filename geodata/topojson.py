"""Read the committed plotly topojson: country shapes and the exact border two countries share.

TopoJSON stores every border once, as an *arc* that both neighbouring countries reference, so the
border between A and B is exactly the set of arcs used by both. That is what plotly draws, so a
crossing checked against it is checked against the map the user sees.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TypeAlias

import numpy as np
from pyproj import Geod
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Polygon, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import nearest_points

TOPOJSON_DIR = Path(__file__).resolve().parent.parent / "assets" / "topojson"
WORLD_50M = TOPOJSON_DIR / "world_50m.json"
_GEOD = Geod(ellps="WGS84")


def _decode_arcs(topology: dict) -> list[np.ndarray]:
    """Delta-decode and de-quantise every arc into an (n, 2) array of lon/lat."""
    transform = topology.get("transform")
    arcs = []
    for raw in topology["arcs"]:
        points = np.asarray(raw, dtype=float)
        if transform:
            points = np.cumsum(points, axis=0)
            points = points * np.asarray(transform["scale"]) + np.asarray(transform["translate"])
        arcs.append(points)
    return arcs


#: A geometry's ``arcs`` member: an arc index, or a (nested) list of them.
_ArcRefs: TypeAlias = "int | Iterable[_ArcRefs]"


def _arc_ids(arc_refs: _ArcRefs) -> set[int]:
    """Every arc index a (nested) geometry arcs list refers to; ~i means arc i reversed."""
    if isinstance(arc_refs, int):
        return {arc_refs if arc_refs >= 0 else ~arc_refs}
    found: set[int] = set()
    for item in arc_refs:
        found |= _arc_ids(item)
    return found


@dataclass(frozen=True)
class WorldTopology:
    """Decoded countries of one plotly topojson file, keyed by ISO-3."""

    arcs: tuple[np.ndarray, ...]
    country_arcs: dict[str, frozenset[int]]
    country_geometries: dict[str, dict]

    @classmethod
    def load(cls, path: Path = WORLD_50M) -> WorldTopology:
        """The countries of the topojson file at ``path`` (default: ``world_50m.json``), arcs decoded."""
        topology = json.loads(Path(path).read_text())
        geometries = topology["objects"]["countries"]["geometries"]
        return cls(
            arcs=tuple(_decode_arcs(topology)),
            country_arcs={g["id"]: frozenset(_arc_ids(g.get("arcs", []))) for g in geometries if "id" in g},
            country_geometries={g["id"]: g for g in geometries if "id" in g},
        )

    @property
    def iso3_codes(self) -> frozenset[str]:
        """ISO-3 codes of every country the file draws."""
        return frozenset(self.country_arcs)

    def _ring(self, refs: list[int]) -> list[tuple[float, float]]:
        coords: list[tuple[float, float]] = []
        for ref in refs:
            points = self.arcs[ref] if ref >= 0 else self.arcs[~ref][::-1]
            pts = [tuple(p) for p in points]
            coords.extend(pts if not coords else pts[1:])
        return coords

    def country_shape(self, iso3: str) -> BaseGeometry:
        """The country as a shapely (Multi)Polygon in lon/lat."""
        geometry = self.country_geometries[iso3]
        if geometry["type"] == "Polygon":
            return Polygon(self._ring(geometry["arcs"][0]), [self._ring(r) for r in geometry["arcs"][1:]])
        if geometry["type"] == "MultiPolygon":
            return MultiPolygon(
                [Polygon(self._ring(p[0]), [self._ring(r) for r in p[1:]]) for p in geometry["arcs"]]
            )
        return shape({"type": "GeometryCollection", "geometries": []})

    def shared_border(self, iso3_a: str, iso3_b: str) -> MultiLineString:
        """The border both countries draw, as the arcs they share (empty when they do not touch)."""
        shared = sorted(
            self.country_arcs.get(iso3_a, frozenset()) & self.country_arcs.get(iso3_b, frozenset())
        )
        return MultiLineString([LineString(self.arcs[i]) for i in shared if len(self.arcs[i]) > 1])

    @cached_property
    def _border_cache(self) -> dict:
        return {}

    def distance_to_border_km(self, lat: float, lon: float, iso3_a: str, iso3_b: str) -> float:
        """Geodesic distance in km from a point to the shared border of two countries (inf if none)."""
        key = tuple(sorted((iso3_a, iso3_b)))
        border = self._border_cache.get(key)
        if border is None:
            border = self._border_cache.setdefault(key, self.shared_border(*key))
        if border.is_empty:
            return float("inf")
        point = shape({"type": "Point", "coordinates": (lon, lat)})
        # Nearest point in degrees, then the true geodesic distance to it: accurate at the ≤ 100 km
        # scale of a border check, with longitudes scaled so a degree east counts as much as north.
        scale = max(np.cos(np.radians(lat)), 0.05)
        scaled = _scale_lon(border, scale)
        _, nearest = nearest_points(_scale_lon(point, scale), scaled)
        _, _, metres = _GEOD.inv(lon, lat, nearest.x / scale, nearest.y)
        return float(metres) / 1000.0


def _scale_lon(geometry: BaseGeometry, factor: float) -> BaseGeometry:
    from shapely import transform

    return transform(geometry, lambda xy: xy * np.array([factor, 1.0]))


if __name__ == "__main__":  # pragma: no cover - a helper for people adding crossings
    import sys

    lat_arg, lon_arg, a, b = sys.argv[1:5]
    print(f"{WorldTopology.load().distance_to_border_km(float(lat_arg), float(lon_arg), a, b):.2f} km")

"""The reference layers: countries, border crossings, ports and hubs, corridors, sanctions events.

`load_reference_layers()` reads the CSVs in ``geodata/reference/``, validates all of them, and
returns GeoDataFrames in EPSG:4326. Every problem in every file is collected first and raised
once, as a `GeodataValidationError`, so a broken file never half-loads.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import pandas as pd
from shapely.geometry import Point

from geodata import validation as v
from geodata.errors import GeodataValidationError, Problem
from geodata.frames import text_rows
from geodata.geometry import line_through
from geodata.topojson import WORLD_50M, WorldTopology

REFERENCE_DIR = Path(__file__).resolve().parent / "reference"
CRS = "EPSG:4326"
CONFIDENCE = ("high", "medium", "low")
CHECKPOINT_MAX_KM = 25.0
EXTRA_ISO3 = frozenset({"EUU"})  # the EU27 as one trading partner; not a country shape

COLUMNS = {
    "countries.csv": ("iso3", "name", "role", "group", "anchor_name", "anchor_lat", "anchor_lon", "source"),
    "crossings.csv": (
        "id",
        "name_en",
        "name_local",
        "country_a",
        "country_b",
        "mode",
        "lat",
        "lon",
        "marks",
        "border_bound_km",
        "status",
        "source",
        "confidence",
    ),
    "hubs.csv": (
        "id",
        "name_en",
        "name_local",
        "country",
        "kind",
        "water_body",
        "lat",
        "lon",
        "notes",
        "source",
        "confidence",
    ),
    "corridors.csv": ("id", "name", "mode", "waypoints", "description", "source", "confidence"),
    "events.csv": ("id", "date", "jurisdiction", "kind", "title", "description", "source", "confidence"),
}
REQUIRED_VALUES = {
    "countries.csv": ("iso3", "name", "role", "anchor_lat", "anchor_lon", "source"),
    "crossings.csv": (
        "id",
        "name_en",
        "country_a",
        "country_b",
        "mode",
        "lat",
        "lon",
        "marks",
        "border_bound_km",
        "source",
        "confidence",
    ),
    "hubs.csv": ("id", "name_en", "country", "kind", "lat", "lon", "source", "confidence"),
    "corridors.csv": ("id", "name", "mode", "waypoints", "description", "source", "confidence"),
    "events.csv": ("id", "date", "title", "source", "confidence"),
}
ALLOWED = {
    ("countries.csv", "role"): ("russia", "transit", "origin", "other"),
    ("crossings.csv", "mode"): ("road", "rail", "both"),
    ("crossings.csv", "marks"): ("checkpoint", "inland_station"),
    ("hubs.csv", "kind"): ("sea_port", "river_port", "dry_port", "rail_hub", "city"),
    ("corridors.csv", "mode"): ("road", "rail", "sea", "multimodal"),
}


@dataclass(frozen=True)
class ReferenceLayers:
    """Validated, read-only reference geography (all GeoDataFrames in EPSG:4326)."""

    countries: gpd.GeoDataFrame
    crossings: gpd.GeoDataFrame
    hubs: gpd.GeoDataFrame
    corridors: gpd.GeoDataFrame
    events: pd.DataFrame

    def waypoint(self, point_id: str) -> tuple[float, float]:
        """(lon, lat) of a crossing or hub id."""
        for layer in (self.crossings, self.hubs):
            if point_id in layer.index:
                geometry = layer.at[point_id, "geometry"]
                return geometry.x, geometry.y
        raise KeyError(point_id)


def read_table(path: Path) -> pd.DataFrame:
    """A CSV with every column as text and empty cells as empty strings."""
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def _table_problems(name: str, frame: pd.DataFrame, iso3: frozenset[str]) -> list[Problem]:
    """Column, emptiness, uniqueness, enum, ISO-3 and coordinate checks for one table."""
    missing = v.missing_columns(frame, COLUMNS[name], name)
    if missing:
        return missing
    problems = v.empty_values(frame, REQUIRED_VALUES[name], name)
    key = "iso3" if name == "countries.csv" else "id"
    problems += v.duplicate_ids(frame, key, name)
    for (table, column), allowed in ALLOWED.items():
        if table == name:
            problems += v.values_in(frame, column, allowed, name, f"a known {column}")
    if "confidence" in frame.columns:
        problems += v.values_in(frame, "confidence", CONFIDENCE, name, "a confidence level")
    for column in ("country_a", "country_b", "country"):
        if column in frame.columns:
            problems += v.values_in(frame, column, iso3, name, "an ISO-3 code on the map")
    lat_col, lon_col = ("anchor_lat", "anchor_lon") if name == "countries.csv" else ("lat", "lon")
    if lat_col in frame.columns:
        problems += v.numbers_in_range(frame, lat_col, -90, 90, name)[0]
        problems += v.numbers_in_range(frame, lon_col, -180, 180, name)[0]
    return problems


def _crossing_problems(frame: pd.DataFrame, topology: WorldTopology) -> list[Problem]:
    """Bounds and the geographic check: each crossing lies near its two countries' shared border."""
    name = "crossings.csv"
    problems, bounds = v.numbers_in_range(frame, "border_bound_km", 0, 200, name)
    lat = pd.to_numeric(frame["lat"], errors="coerce")
    lon = pd.to_numeric(frame["lon"], errors="coerce")
    for position, row in enumerate(text_rows(frame)):
        bound = bounds.iloc[position]
        if row.marks == "checkpoint" and pd.notna(bound) and bound > CHECKPOINT_MAX_KM:
            problems.append(
                Problem(
                    name,
                    v.line_of(position),
                    "border_bound_km",
                    f"at most {CHECKPOINT_MAX_KM:g} km for a checkpoint",
                    f"{bound:g}",
                    "a point further inland is marks=inland_station",
                )
            )
            continue
        coords_ok = pd.notna(lat.iloc[position]) and pd.notna(lon.iloc[position]) and pd.notna(bound)
        codes_ok = {row.country_a, row.country_b} <= topology.iso3_codes
        if not (coords_ok and codes_ok and -90 <= lat.iloc[position] <= 90):
            continue
        km = topology.distance_to_border_km(
            lat.iloc[position], lon.iloc[position], row.country_a, row.country_b
        )
        if km > bound:
            got = "no shared border on the map" if km == float("inf") else f"{km:.1f} km from it"
            problems.append(
                Problem(
                    name,
                    v.line_of(position),
                    "lat/lon",
                    f"a point within {bound:g} km of the {row.country_a}–{row.country_b} border",
                    got,
                    "check the coordinates and the two countries against the source",
                )
            )
    return problems


def _corridor_problems(frame: pd.DataFrame, known_points: set[str]) -> list[Problem]:
    problems = []
    for position, waypoints in enumerate(frame["waypoints"].tolist()):
        ids = [w.strip() for w in waypoints.split(";") if w.strip()]
        line = v.line_of(position)
        if len(ids) < 2:
            problems.append(
                Problem(
                    "corridors.csv",
                    line,
                    "waypoints",
                    "at least two waypoint ids separated by ';'",
                    f"'{waypoints}'",
                    "list the route's crossings, ports and hubs in order",
                )
            )
        for unknown in (w for w in ids if w not in known_points):
            problems.append(
                Problem(
                    "corridors.csv",
                    line,
                    "waypoints",
                    "ids from crossings.csv or hubs.csv",
                    f"'{unknown}'",
                    "add that point or fix the id",
                )
            )
    return problems


def _event_problems(frame: pd.DataFrame) -> list[Problem]:
    dates = pd.to_datetime(frame["date"], format="%Y-%m-%d", errors="coerce")
    return [
        Problem("events.csv", v.line_of(p), "date", "a date YYYY-MM-DD", f"'{value}'", "write the ISO date")
        for p, value in enumerate(frame["date"].tolist())
        if pd.isna(dates.iloc[p])
    ]


def _points(frame: pd.DataFrame) -> gpd.GeoDataFrame:
    geometry = [Point(float(x), float(y)) for x, y in zip(frame["lon"], frame["lat"], strict=True)]
    return gpd.GeoDataFrame(frame.set_index("id", drop=False), geometry=geometry, crs=CRS)


def validate_and_build(directory: Path, topology: WorldTopology) -> ReferenceLayers:
    """Read and check every reference table; raise one error listing all problems."""
    tables = {}
    problems: list[Problem] = []
    for name in COLUMNS:
        path = directory / name
        if not path.exists():
            problems.append(
                Problem(
                    name,
                    None,
                    None,
                    "the file to exist",
                    f"nothing at {path}",
                    "restore it from the repository",
                )
            )
            continue
        tables[name] = read_table(path)
    iso3 = topology.iso3_codes | EXTRA_ISO3
    for name, frame in tables.items():
        problems += _table_problems(name, frame, iso3)
    if {"crossings.csv", "hubs.csv", "corridors.csv"} <= tables.keys() and not problems:
        problems += _crossing_problems(tables["crossings.csv"], topology)
        crossing_ids, hub_ids = set(tables["crossings.csv"]["id"]), set(tables["hubs.csv"]["id"])
        problems += [
            Problem("hubs.csv", None, "id", "ids not used by crossings.csv", f"'{i}' in both", "rename one")
            for i in sorted(crossing_ids & hub_ids)
        ]
        problems += _corridor_problems(tables["corridors.csv"], crossing_ids | hub_ids)
    if "events.csv" in tables and not problems:
        problems += _event_problems(tables["events.csv"])
    if problems:
        raise GeodataValidationError(problems, f"the reference data in {directory}")
    return _build(tables, topology)


def _build(tables: dict[str, pd.DataFrame], topology: WorldTopology) -> ReferenceLayers:
    countries = tables["countries.csv"].set_index("iso3", drop=False)
    shapes = [topology.country_shape(c) if c in topology.iso3_codes else None for c in countries.index]
    crossings = _points(tables["crossings.csv"])
    crossings["border_bound_km"] = crossings["border_bound_km"].astype(float)
    hubs = _points(tables["hubs.csv"])
    coords = {i: (g.x, g.y) for layer in (crossings, hubs) for i, g in layer.geometry.items()}
    corridors = tables["corridors.csv"].set_index("id", drop=False)
    corridors["waypoint_ids"] = [
        tuple(w.strip() for w in s.split(";") if w.strip()) for s in corridors["waypoints"]
    ]
    lines = [line_through([coords[w] for w in ids]) for ids in corridors["waypoint_ids"]]
    events = tables["events.csv"].copy()
    events["date"] = pd.to_datetime(events["date"], format="%Y-%m-%d")
    return ReferenceLayers(
        countries=gpd.GeoDataFrame(countries, geometry=shapes, crs=CRS),
        crossings=crossings,
        hubs=hubs,
        corridors=gpd.GeoDataFrame(corridors, geometry=lines, crs=CRS),
        events=events.sort_values("date").reset_index(drop=True),
    )


@lru_cache(maxsize=4)
def load_reference_layers(
    directory: Path = REFERENCE_DIR, topojson_path: Path = WORLD_50M
) -> ReferenceLayers:
    """The validated reference layers, loaded once per directory."""
    return validate_and_build(Path(directory), WorldTopology.load(topojson_path))

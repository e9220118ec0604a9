"""The committed reference data itself: complete, cited, and on the borders the map draws."""

from __future__ import annotations

import pytest
from shapely.geometry import LineString, MultiLineString

from geodata.geometry import line_through, plotly_path
from geodata.layers import load_reference_layers
from geodata.topojson import WorldTopology

REQUIRED_PAIRS = [
    ("KAZ", "RUS"),
    ("GEO", "RUS"),
    ("TUR", "GEO"),
    ("ARM", "GEO"),
    ("AZE", "RUS"),
    ("KAZ", "KGZ"),
    ("KAZ", "UZB"),
    ("KAZ", "CHN"),
    ("KAZ", "TKM"),
    ("KGZ", "CHN"),
]
PORTS = [
    "aktau_port",
    "kuryk_port",
    "baku_alat_port",
    "turkmenbashi_port",
    "makhachkala_port",
    "astrakhan_port",
    "olya_port",
    "novorossiysk_port",
    "poti_port",
    "batumi_port",
    "samsun_port",
    "trabzon_port",
    "istanbul_ambarli_port",
    "mersin_port",
    "khorgos_gateway",
]


@pytest.fixture(scope="module")
def layers():
    return load_reference_layers()


def test_counts_and_citations(layers):
    assert len(layers.crossings) >= 40 and len(layers.corridors) >= 10
    for frame in (layers.crossings, layers.hubs, layers.corridors, layers.events):
        assert frame["source"].str.strip().ne("").all()
    pairs = {
        tuple(sorted(p))
        for p in zip(layers.crossings["country_a"], layers.crossings["country_b"], strict=True)
    }
    assert all(tuple(sorted(p)) in pairs for p in REQUIRED_PAIRS)
    assert set(PORTS) <= set(layers.hubs.index)
    assert "upper_lars" in layers.crossings.index


def test_every_crossing_is_near_its_border_on_the_committed_map(layers):
    world = WorldTopology.load()
    for crossing_id, row in layers.crossings.iterrows():
        km = world.distance_to_border_km(row.geometry.y, row.geometry.x, row["country_a"], row["country_b"])
        assert km <= row["border_bound_km"], crossing_id
        if row["marks"] == "checkpoint":
            assert row["border_bound_km"] <= 25


def test_corridors_are_lines_through_their_waypoints(layers):
    for corridor_id, row in layers.corridors.iterrows():
        assert isinstance(row.geometry, LineString | MultiLineString), corridor_id
        first_line = row.geometry if isinstance(row.geometry, LineString) else row.geometry.geoms[0]
        assert first_line.coords[0] == pytest.approx(layers.waypoint(row["waypoint_ids"][0])), corridor_id


def test_crimea_is_drawn_in_ukraine():
    from shapely.geometry import Point

    world = WorldTopology.load()
    simferopol = Point(34.10, 44.95)
    assert world.country_shape("UKR").contains(simferopol) and not world.country_shape("RUS").contains(
        simferopol
    )


def test_lines_are_cut_at_the_antimeridian():
    crossing = line_through([(170.0, 64.0), (-170.0, 66.0)])
    assert isinstance(crossing, MultiLineString) and len(crossing.geoms) == 2
    west, east = crossing.geoms
    assert west.coords[-1][0] == 180.0 and east.coords[0][0] == -180.0
    assert west.coords[-1][1] == pytest.approx(65.0)
    lons, _ = plotly_path(crossing)
    assert None in lons and max(abs(lon) for lon in lons if lon is not None) <= 180.0
    assert all(
        abs(b - a) < 180 for a, b in zip(lons, lons[1:], strict=False) if a is not None and b is not None
    )
    assert isinstance(line_through([(44.6, 42.7), (49.9, 40.4)]), LineString)

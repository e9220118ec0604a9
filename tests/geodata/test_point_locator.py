"""The spatial index answers a map click like a scan of every country would, first match first."""

from __future__ import annotations

import numpy as np
from shapely.geometry import Point, box

from geodata.geometry import PointLocator
from geodata.layers import load_reference_layers


def test_the_index_agrees_with_a_scan_of_every_country_on_random_points():
    countries = load_reference_layers().countries
    locator = PointLocator(list(countries.index), list(countries.geometry))
    rng = np.random.default_rng(3)
    for lon, lat in zip(rng.uniform(20, 90, 400), rng.uniform(30, 60, 400), strict=True):
        scanned = next(
            (
                iso
                for iso, shape in zip(countries.index, countries.geometry, strict=True)
                if shape is not None and shape.contains(Point(lon, lat))
            ),
            None,
        )
        assert locator.locate(lon, lat) == scanned


def test_overlapping_shapes_keep_their_order_and_missing_shapes_are_skipped():
    locator = PointLocator(["A", "none", "B"], [box(0, 0, 2, 2), None, box(1, 1, 3, 3)])
    assert locator.locate(1.5, 1.5) == "A"  # both hold it: the first given wins
    assert locator.locate(2.5, 2.5) == "B"
    assert locator.locate(10, 10) is None
    assert PointLocator([], []).locate(0, 0) is None

"""Each validation rule: a fixture that breaks it, and the exact message it produces."""

from __future__ import annotations

from pathlib import Path

import pytest

from geodata.errors import GeodataValidationError
from geodata.layers import validate_and_build
from geodata.topojson import WorldTopology


@pytest.fixture(scope="module")
def topology() -> WorldTopology:
    return WorldTopology.load()


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"fixture does not contain {old!r}"
    path.write_text(text.replace(old, new, 1))


def _problems(directory: Path, topology: WorldTopology) -> list[str]:
    with pytest.raises(GeodataValidationError) as caught:
        validate_and_build(directory, topology)
    return [str(p) for p in caught.value.problems]


def test_the_fixture_itself_is_valid(reference_copy, topology):
    layers = validate_and_build(reference_copy, topology)
    assert len(layers.crossings) == 4 and len(layers.corridors) == 2
    assert layers.crossings.crs.to_epsg() == 4326


def test_missing_column(reference_copy, topology):
    _replace(reference_copy / "hubs.csv", ",water_body,", ",water,")
    assert _problems(reference_copy, topology) == [
        "hubs.csv, line 1: expected columns id, name_en, name_local, country, kind, water_body, lat, lon, "
        "notes, source, confidence, got no column 'water_body' — add the missing column(s) to the header row"
    ]


def test_latitude_out_of_range(reference_copy, topology):
    _replace(reference_copy / "hubs.csv", "41.7151,44.8271", "123,44.8271")
    assert _problems(reference_copy, topology) == [
        "hubs.csv, line 2, column 'lat': expected a number from -90 to 90, got 123 — 'lat' must lie within [-90, 90]"
    ]


def test_latitude_not_a_number(reference_copy, topology):
    _replace(reference_copy / "hubs.csv", "41.7151,44.8271", "41.7l51,44.8271")
    assert _problems(reference_copy, topology) == [
        "hubs.csv, line 2, column 'lat': expected a number from -90 to 90, got '41.7l51' — "
        "write a decimal number such as 43.25"
    ]


def test_unknown_iso3(reference_copy, topology):
    _replace(reference_copy / "crossings.csv", "TUR,GEO", "TUX,GEO")
    assert _problems(reference_copy, topology) == [
        "crossings.csv, line 3, column 'country_a': expected an ISO-3 code on the map, got 'TUX' — "
        "use one of the known values for 'country_a'"
    ]


def test_duplicate_id(reference_copy, topology):
    _replace(reference_copy / "hubs.csv", "vladikavkaz,Vladikavkaz", "tbilisi,Vladikavkaz")
    assert _problems(reference_copy, topology) == [
        "hubs.csv, line 3, column 'id': expected a unique id, got 'tbilisi' again (first on line 2) — "
        "rename or remove one of the rows"
    ]


def test_unknown_waypoint(reference_copy, topology):
    _replace(reference_copy / "corridors.csv", "poti_port;tbilisi", "poti_port;tiblisi")
    assert _problems(reference_copy, topology) == [
        "corridors.csv, line 3, column 'waypoints': expected ids from crossings.csv or hubs.csv, got 'tiblisi' "
        "— add that point or fix the id"
    ]


def test_empty_source(reference_copy, topology):
    _replace(
        reference_copy / "events.csv", "Anti-circumvention tool,fixture source", "Anti-circumvention tool,"
    )
    assert _problems(reference_copy, topology) == [
        "events.csv, line 2, column 'source': expected a non-empty value, got an empty cell — fill in 'source'"
    ]


def test_unknown_mode(reference_copy, topology):
    _replace(reference_copy / "crossings.csv", "GEO,RUS,road", "GEO,RUS,ferry")
    assert _problems(reference_copy, topology) == [
        "crossings.csv, line 2, column 'mode': expected a known mode (both, rail, road), got 'ferry' — "
        "use one of the known values for 'mode'"
    ]


def test_crossing_far_from_its_border(reference_copy, topology):
    # Upper Lars moved to Tbilisi: about 85 km south of the Georgia–Russia border.
    _replace(reference_copy / "crossings.csv", "42.7417,44.6264", "41.7151,44.8271")
    [problem] = _problems(reference_copy, topology)
    assert problem.startswith(
        "crossings.csv, line 2, column 'lat/lon': expected a point within 25 km of the GEO–RUS border, got 8"
    )
    assert problem.endswith("km from it — check the coordinates and the two countries against the source")


def test_crossing_between_countries_that_do_not_touch(reference_copy, topology):
    _replace(reference_copy / "crossings.csv", "TUR,GEO", "TUR,RUS")
    assert _problems(reference_copy, topology) == [
        "crossings.csv, line 3, column 'lat/lon': expected a point within 25 km of the TUR–RUS border, got no "
        "shared border on the map — check the coordinates and the two countries against the source"
    ]


def test_checkpoint_bound_above_limit(reference_copy, topology):
    _replace(
        reference_copy / "crossings.csv",
        "checkpoint,25,open,fixture source,high\nsarpi",
        "checkpoint,40,open,fixture source,high\nsarpi",
    )
    assert _problems(reference_copy, topology) == [
        "crossings.csv, line 2, column 'border_bound_km': expected at most 25 km for a checkpoint, got 40 — "
        "a point further inland is marks=inland_station"
    ]


def test_inland_station_gets_its_own_bound(reference_copy, topology):
    _replace(reference_copy / "crossings.csv", "inland_station,80", "inland_station,50")
    [problem] = _problems(reference_copy, topology)
    assert "line 5" in problem and "within 50 km of the KAZ–RUS border, got 69." in problem


def test_bad_event_date(reference_copy, topology):
    _replace(reference_copy / "events.csv", "2023-06-23", "23/06/2023")
    assert _problems(reference_copy, topology) == [
        "events.csv, line 2, column 'date': expected a date YYYY-MM-DD, got '23/06/2023' — write the ISO date"
    ]


def test_missing_file(reference_copy, topology):
    (reference_copy / "events.csv").unlink()
    [problem] = _problems(reference_copy, topology)
    assert problem.startswith("events.csv: expected the file to exist, got nothing at ")


def test_every_problem_is_listed_in_one_error(reference_copy, topology):
    _replace(reference_copy / "hubs.csv", "41.7151,44.8271", "123,44.8271")
    _replace(reference_copy / "crossings.csv", "GEO,RUS,road", "GEO,RUS,ferry")
    _replace(
        reference_copy / "events.csv", "Anti-circumvention tool,fixture source", "Anti-circumvention tool,"
    )
    with pytest.raises(GeodataValidationError) as caught:
        validate_and_build(reference_copy, topology)
    message = str(caught.value)
    assert message.splitlines()[0] == f"3 problems in the reference data in {reference_copy}:"
    assert "hubs.csv, line 2, column 'lat'" in message
    assert "crossings.csv, line 2, column 'mode'" in message
    assert "events.csv, line 2, column 'source'" in message

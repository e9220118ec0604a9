"""The route model (validated paths and shares) and the assignment of edge values to it."""

from __future__ import annotations

import pandas as pd
import pytest

from geodata.analytics.assignment import assign_to_routes, node_summaries
from geodata.errors import GeodataValidationError
from geodata.layers import REFERENCE_DIR, load_reference_layers, read_table
from geodata.routes import ROUTE_FILE, build_route_table, load_routes

LAYERS = load_reference_layers()
TABLE = load_routes()


def test_the_committed_routes_validate_and_each_pair_shares_add_up_to_one():
    shares = TABLE.routes.groupby(["exporter", "importer"])["share"].sum()
    assert ((shares - 1.0).abs() < 1e-9).all()
    armenia = TABLE.for_pair("ARM", "RUS")
    assert list(armenia["steps"].iloc[0]) == ["bagratashen_sadakhlo", "upper_lars"]  # through Georgia


def _with_row(**changes) -> pd.DataFrame:
    frame = read_table(REFERENCE_DIR / ROUTE_FILE)
    row = frame[frame["route_id"] == "arm_rus_road_via_geo"].iloc[0].to_dict()
    row.update(changes)
    return pd.concat(
        [frame[frame["route_id"] != "arm_rus_road_via_geo"], pd.DataFrame([row])], ignore_index=True
    )


def test_a_route_that_is_not_a_path_is_refused_with_the_reason():
    with pytest.raises(GeodataValidationError) as error:
        build_route_table(_with_row(sequence="upper_lars;bagratashen_sadakhlo"), LAYERS)
    assert "crossing 'upper_lars' joins GEO and RUS, but the goods are in ARM there" in str(error.value)


def test_unknown_ids_modes_and_shares_that_do_not_add_up_are_all_listed():
    frame = _with_row(sequence="bagratashen_sadakhlo;nowhere", mode="teleport", share="0.5", corridors="x")
    with pytest.raises(GeodataValidationError) as error:
        build_route_table(frame, LAYERS)
    text = str(error.value)
    assert "'nowhere' is neither a crossing nor a hub id" in text and "'teleport'" in text
    assert "corridor ids from corridors.csv" in text and "the shares of ARM → RUS to add up to 1" in text


def _edges() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "exporter": ["KAZ", "ARM", "TJK", "EU27", "GEO"],
            "importer": ["RUS", "RUS", "RUS", "KAZ", "RUS"],
            "leg": ["transit_to_russia"] * 3 + ["origin_to_transit", "transit_to_russia"],
            "value_usd": [1000.0, 200.0, 30.0, 5000.0, 0.0],  # GEO → RUS stopped: carries nothing
        }
    )


def test_assignment_conserves_each_edges_value_and_reports_what_no_route_carries():
    assignment = assign_to_routes(_edges(), TABLE, LAYERS)
    per_edge = assignment.route_values.groupby(["exporter", "importer"])["value_usd"].sum()
    assert per_edge[("KAZ", "RUS")] == pytest.approx(1000.0)
    assert per_edge[("ARM", "RUS")] == pytest.approx(200.0) and per_edge[("TJK", "RUS")] == pytest.approx(
        30.0
    )
    assert assignment.unassigned_usd == pytest.approx(5000.0)  # the EU27 → Kazakhstan route is not modelled


def test_a_multi_country_route_loads_every_crossing_on_its_way():
    assignment = assign_to_routes(_edges(), TABLE, LAYERS)
    crossings = {n["id"]: n for n in node_summaries(assignment, "crossing")}
    assert crossings["bagratashen_sadakhlo"]["value_usd"] == pytest.approx(200.0)
    assert crossings["upper_lars"]["value_usd"] == pytest.approx(200.0)  # Armenia's trade, via Georgia
    assert crossings["kyzylart"]["value_usd"] == pytest.approx(30.0)  # Tajikistan through Kyrgyzstan
    assert crossings["korday"]["value_usd"] == pytest.approx(30.0)
    assert crossings["upper_lars"]["by_leg"] == {"transit_to_russia": pytest.approx(200.0)}
    petukhovo = crossings["petukhovo"]
    assert petukhovo["by_mode"] == {"rail": pytest.approx(1000.0 * 0.2)}
    corridors = {n["id"] for n in node_summaries(assignment, "corridor")}
    assert "armenia_georgia_russia" in corridors

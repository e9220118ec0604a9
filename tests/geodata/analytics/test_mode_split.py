"""Splitting an edge by mode of transport before its routes: from the source's own breakdown where it
has one, else by the pair's default split; airfreight never on a land crossing; nothing lost."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from geodata.analytics.assignment import assign_to_routes, mode_parts, node_summaries, period_modes
from geodata.layers import load_reference_layers
from geodata.routes import load_routes
from geodata.transport_modes import route_mode

LAYERS = load_reference_layers()
TABLE = load_routes()
KAZ_RUS = TABLE.for_pair("KAZ", "RUS")
RAIL_SHARE = float(KAZ_RUS.loc[KAZ_RUS["mode"] == "rail", "share"].sum())
PETUKHOVO_SHARE = float(KAZ_RUS.loc[KAZ_RUS["route_id"] == "kaz_rus_rail_petropavl", "share"].iloc[0])


def _edge(value: float, exporter: str = "KAZ", importer: str = "RUS") -> pd.DataFrame:
    return pd.DataFrame(
        {"exporter": [exporter], "importer": [importer], "leg": ["transit_to_russia"], "value_usd": [value]}
    )


def _modes(*rows: tuple) -> pd.DataFrame:
    """(mode, value, kg) rows of the KAZ → RUS edge, as `period_modes` gives them."""
    return pd.DataFrame(
        [("KAZ", "RUS", mode, value, kg) for mode, value, kg in rows],
        columns=["exporter", "importer", "mode", "value_usd", "net_kg"],
    )


@pytest.mark.parametrize(
    ("stored", "mode"),
    [
        ("Railway", "rail"),
        ("Road", "road"),
        ("Air", "air"),
        ("Sea", "sea"),
        ("3100", "rail"),
        ("1000", "air"),
        ("9110", "pipeline"),
        ("Postal consignments, mail or courier shipments", "other"),
        ("Inland waterway", "other"),
        ("Fixed transport installation", "pipeline"),
        ("Own propulsion", "other"),
        ("Land", None),
        ("Unknown", None),
        ("TOTAL MOT", None),
        ("0", None),
        ("", None),
        (None, None),
        (float("nan"), None),
    ],
)
def test_source_modes_read_as_route_modes(stored, mode):
    assert route_mode(stored) == mode


def test_without_a_breakdown_the_default_split_is_the_route_shares():
    assignment = assign_to_routes(_edge(1000.0), TABLE, LAYERS, None)
    by_mode = assignment.route_values.groupby("mode")["value_usd"].sum()
    assert by_mode["rail"] == pytest.approx(1000.0 * RAIL_SHARE)
    assert by_mode.sum() == pytest.approx(1000.0)
    assert set(assignment.route_values["basis"]) == {"default_split"}


def test_a_source_breakdown_decides_the_modes_and_the_rest_takes_the_default_split():
    modes = _modes(("rail", 900.0, 90.0), ("road", 0.0, None), (None, 100.0, 10.0))
    assignment = assign_to_routes(_edge(1000.0), TABLE, LAYERS, modes)
    routes = assignment.route_values
    by_mode = routes.groupby("mode")["value_usd"].sum()
    assert by_mode["rail"] == pytest.approx(900.0 + 100.0 * RAIL_SHARE)  # reported + its default part
    assert by_mode["road"] == pytest.approx(100.0 * (1 - RAIL_SHARE))  # only the mode-less part
    assert routes["value_usd"].sum() == pytest.approx(1000.0)  # conservation
    crossings = {n["id"]: n for n in node_summaries(assignment, "crossing")}
    petukhovo = crossings["petukhovo"]
    assert petukhovo["by_basis"]["reported"] == pytest.approx(900.0 * PETUKHOVO_SHARE / RAIL_SHARE)
    assert petukhovo["by_basis"]["default_split"] == pytest.approx(100.0 * PETUKHOVO_SHARE)
    assert petukhovo["net_kg"] == pytest.approx(90.0 * PETUKHOVO_SHARE / RAIL_SHARE + 10.0 * PETUKHOVO_SHARE)


def test_airfreight_is_never_put_on_a_land_crossing_and_is_reported_unassigned():
    modes = _modes(("air", 300.0, 3.0), ("rail", 700.0, 70.0))
    assignment = assign_to_routes(_edge(1000.0), TABLE, LAYERS, modes)
    assert assignment.unassigned_by_mode == {"air": pytest.approx(300.0)}
    assert assignment.unassigned_usd == pytest.approx(300.0)
    assert "air" not in set(assignment.node_values["mode"])
    carried = assignment.route_values["value_usd"].sum()
    assert carried + assignment.unassigned_usd == pytest.approx(1000.0)  # conservation with the unassigned


def test_parts_are_scaled_to_the_edge_when_the_breakdown_does_not_add_up_to_it():
    parts, rest, _ = mode_parts(500.0, [("rail", 600.0, None), (None, 400.0, None)])
    assert parts["rail"][0] == pytest.approx(300.0) and rest == pytest.approx(200.0)
    parts, rest, _ = mode_parts(50.0, [])
    assert parts == {} and rest == 50.0


def test_conservation_holds_per_edge_and_mode_over_many_edges():
    edges = pd.concat([_edge(1000.0), _edge(200.0, "ARM"), _edge(80.0, "TUR"), _edge(40.0, "USA")])
    modes = pd.DataFrame(
        [
            ("KAZ", "RUS", "rail", 400.0, None),
            ("KAZ", "RUS", None, 600.0, None),
            ("TUR", "RUS", "sea", 60.0, None),
            ("TUR", "RUS", "road", 20.0, None),
            ("ARM", "RUS", "air", 50.0, None),
            ("ARM", "RUS", "road", 150.0, None),
        ],
        columns=["exporter", "importer", "mode", "value_usd", "net_kg"],
    )
    assignment = assign_to_routes(edges, TABLE, LAYERS, modes)
    carried = assignment.route_values.groupby(["exporter", "importer", "mode"])["value_usd"].sum()
    assert carried[("TUR", "RUS", "sea")] == pytest.approx(60.0)
    assert carried[("TUR", "RUS", "road")] == pytest.approx(20.0)
    assert carried[("ARM", "RUS", "road")] == pytest.approx(150.0)
    assert assignment.unassigned_by_mode == {"air": pytest.approx(50.0), "no route": pytest.approx(40.0)}
    total = assignment.route_values["value_usd"].sum() + assignment.unassigned_usd
    assert total == pytest.approx(1320.0)


def test_period_modes_keeps_the_period_and_reads_the_source_names():
    months = pd.DataFrame(
        {
            "period": pd.to_datetime(["2023-02-01", "2023-03-01", "2023-03-01", "2023-03-01", "2023-03-01"]),
            "exporter": ["KAZ"] * 5,
            "importer": ["RUS"] * 5,
            "source": ["comtrade"] * 5,
            "mode": ["Railway", "Railway", "3100", "Air", None],
            "value_usd": [5.0, 10.0, 20.0, 30.0, 40.0],
            "net_kg": [1.0, 2.0, None, 3.0, None],
        }
    )
    out = period_modes(months, (pd.Timestamp("2023-03-01").date(), pd.Timestamp("2023-03-01").date()))
    rows = {row.mode: (row.value_usd, row.net_kg) for row in out.itertuples()}
    assert rows["rail"] == (30.0, 2.0) and rows["air"] == (30.0, 3.0)
    assert rows[None][0] == 40.0 and pd.isna(rows[None][1])


COMTRADE_HEADER = "refYear,refMonth,reporterCode,partnerCode,flowCode,cmdCode,classificationCode,aggrLevel,motCode,motDesc,netWgt,primaryValue"


def test_a_comtrade_file_by_mode_reaches_the_crossings_of_the_json_view(tmp_path: Path):
    from dashboard.services import build_services
    from dashboard.settings import Settings
    from dashboard.view_document import view_document
    from geodata.trade.ingest import ingest_files

    source = tmp_path / "kaz_by_mode.csv"
    rows = [
        "2023,3,398,643,X,854231,H6,6,3100,Railway,50,600000",
        "2023,3,398,643,X,854231,H6,6,3200,Road,30,300000",
        "2023,3,398,643,X,854231,H6,6,1000,Air,1,100000",
    ]
    source.write_text("\n".join([COMTRADE_HEADER, *rows]) + "\n", encoding="utf-8")
    data_dir = tmp_path / "store"
    ingest_files(data_dir, [source], warn=lambda _m: None)
    services = build_services(Settings(data_dir=data_dir))
    document, _ = view_document("hs=854231&from=2023-03&to=2023-03&dir=into_russia", services)
    assert document["headline"]["value_usd"] == pytest.approx(1_000_000.0)
    assert document["routes_unassigned_by_mode"] == {"air": pytest.approx(100_000.0)}
    crossings = {c["id"]: c for c in document["crossings"]}
    rail = sum(c["by_mode"].get("rail", 0.0) for c in crossings.values())
    road = sum(c["by_mode"].get("road", 0.0) for c in crossings.values())
    assert rail == pytest.approx(600_000.0) and road == pytest.approx(300_000.0)
    petukhovo = crossings["petukhovo"]
    assert petukhovo["by_basis"] == {"reported": pytest.approx(600_000.0 * PETUKHOVO_SHARE / RAIL_SHARE)}
    assert petukhovo["net_kg"] == pytest.approx(50.0 * PETUKHOVO_SHARE / RAIL_SHARE)
    assert petukhovo["estimate"] is True and "motCode" in petukhovo["method"]

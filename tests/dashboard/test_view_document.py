"""The JSON view: the same document from the command line and from GET /api/view, and what the page shows."""

from __future__ import annotations

import json
import threading
import time

import pytest

from callbacks.render import render_view
from dashboard.app import create_app
from dashboard.cli import main
from dashboard.formatting import money
from dashboard.settings import Settings
from dashboard.view_document import view_document
from tests.geodata.trade_fixtures import canonical_frame, write_fixture_store

QUERY = "goods=all&from=2023-01&to=2023-12&dir=into_russia"


def test_cli_json_and_api_view_are_the_same_document(demo_data_dir, tmp_path):
    out = tmp_path / "view.json"
    assert (
        main(
            [
                "--data-dir",
                str(demo_data_dir),
                "export",
                "--format",
                "json",
                "--view",
                QUERY,
                "--out",
                str(out),
            ]
        )
        == 0
    )
    from_cli = json.loads(out.read_text())
    client = create_app(Settings(data_dir=demo_data_dir)).server.test_client()
    response = client.get(f"/api/view?{QUERY}")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.get_json() == from_cli
    assert from_cli["view"].startswith("goods=all&hs=&from=2023-01&to=2023-12&dir=into_russia")
    assert from_cli["headline"]["legs"] == ["transit_to_russia", "direct_to_russia"]
    assert from_cli["provenance"]["demo"] is True and from_cli["unplaced_rows"] == 0


def test_headline_is_the_sum_of_its_legs_edges_and_never_includes_supply(demo_services):
    document, _ = view_document(QUERY, demo_services)
    edges = document["edges"]
    into = sum(e["value_usd"] for e in edges if e["leg"] in document["headline"]["legs"])
    supply = sum(e["value_usd"] for e in edges if e["leg"] == "origin_to_transit")
    assert document["headline"]["value_usd"] == pytest.approx(into)
    assert document["beside"]["value_usd"] == pytest.approx(supply) and supply > into
    assert {e["leg"] for e in edges} <= {"origin_to_transit", "transit_to_russia", "direct_to_russia"}
    assert all(e["mirror"] == ("RUS" in (e["exporter"], e["importer"])) for e in edges)
    months = {row["period"] for row in document["series"]}
    assert "2019-01" in months and "2023-12" in months


def test_the_page_kpis_show_the_json_figures(demo_services):
    document, _ = view_document(QUERY, demo_services)
    out = render_view(QUERY, demo_services, ["countries"] + ["flows"] * 9)
    cards = {
        card.id: card.children[1].children for card in out["kpis"] if card.className.startswith("kpi-card")
    }
    assert cards["kpi-total"] == money(document["headline"]["value_usd"])
    assert cards["kpi-beside"] == money(document["beside"]["value_usd"])
    change = document["headline"]["change_pct"]
    assert cards["kpi-change"] == (f"+{change:,.0f}%" if change >= 0 else f"−{abs(change):,.0f}%")


def test_an_impossible_view_explains_itself_with_a_fix(demo_services):
    document, _ = view_document("goods=chpl&dir=out_of_russia&side=exporter", demo_services)
    assert document["headline"]["value_usd"] == 0
    notice = document["notices"][0]
    assert "Russia has not reported" in notice["text"] and "side=importer" in notice["fix"]["view"]
    fixed, _ = view_document(notice["fix"]["view"], demo_services)
    assert fixed["headline"]["value_usd"] > 0


def test_an_empty_pair_says_so_and_offers_every_country(demo_services):
    document, _ = view_document("goods=chpl&exporter=TJK&importer=TKM", demo_services)
    assert document["edges"] == [] and document["headline"]["value_usd"] == 0
    assert "No trade between the chosen countries" in document["notices"][0]["text"]
    assert "exporter=" not in document["notices"][0]["fix"]["view"]


def test_a_pair_in_the_url_gives_that_pairs_edges(demo_services):
    document, _ = view_document("goods=chpl&exporter=KAZ&importer=RUS&from=2024-01&to=2024-12", demo_services)
    assert {(e["exporter"], e["importer"]) for e in document["edges"]} == {("KAZ", "RUS")}
    assert document["headline"]["legs"] == ["transit_to_russia"]
    assert document["headline"]["value_usd"] == document["edges"][0]["value_usd"]


def _store_with_scale(data_dir, scale: float) -> None:
    frame = canonical_frame()
    frame["value_usd"] = frame["value_usd"] * scale
    write_fixture_store(data_dir, frame)


def test_a_running_server_serves_the_new_snapshot_after_an_ingest_and_never_mixes_two(tmp_path):
    data_dir = tmp_path / "store"
    _store_with_scale(data_dir, 1.0)
    app = create_app(Settings(data_dir=data_dir))
    query = "goods=all&from=2019-01&to=2023-12&dir=all"
    seen: list[tuple[str, float, float]] = []
    errors: list[str] = []
    stop = threading.Event()

    def poll() -> None:
        client = app.server.test_client()
        while not stop.is_set():
            response = client.get(f"/api/view?{query}")
            if response.status_code != 200:
                errors.append(response.get_data(as_text=True)[:200])
                continue
            body = response.get_json()
            supply = sum(e["value_usd"] for e in body["edges"])
            seen.append((body["provenance"]["snapshot"], body["headline"]["value_usd"], supply))

    threads = [threading.Thread(target=poll) for _ in range(3)]
    for thread in threads:
        thread.start()
    while len(seen) < 5:
        time.sleep(0.05)
    _store_with_scale(data_dir, 2.0)
    deadline = time.monotonic() + 10
    first = seen[0][0]
    while time.monotonic() < deadline and all(s[0] == first for s in seen[-3:]):
        time.sleep(0.1)
    time.sleep(0.3)
    stop.set()
    for thread in threads:
        thread.join()
    assert not errors
    snapshots = {s for s, _, _ in seen}
    assert len(snapshots) == 2, "the server did not pick up the new snapshot within 10 s"
    by_snapshot = {s: {(round(h, 6), round(t, 6)) for x, h, t in seen if x == s} for s in snapshots}
    assert all(len(values) == 1 for values in by_snapshot.values())  # every response from one snapshot only
    (old,), (new,) = by_snapshot[first], by_snapshot[(snapshots - {first}).pop()]
    assert new == (pytest.approx(old[0] * 2), pytest.approx(old[1] * 2))


def test_a_selection_taking_part_of_a_split_says_its_baseline_is_approximate(demo_services):
    document, _ = view_document("goods=&hs=854149&from=2024-01&to=2024-12", demo_services)
    assert document["baseline"]["goods_comparable"] is False
    assert "854149" in document["baseline"]["approximate_codes"]
    notice = next(n for n in document["notices"] if "baseline is approximate" in n["text"])
    assert "854149" in notice["detail"] and "split" in notice["detail"]
    whole, _ = view_document("goods=all&from=2024-01&to=2024-12", demo_services)
    assert whole["baseline"]["goods_comparable"] is True
    assert not any("approximate" in n["text"] for n in whole["notices"])


def test_a_comext_member_state_file_shows_under_eu27_and_under_the_member(tmp_path):
    from pathlib import Path

    from dashboard.services import build_services
    from geodata.trade.ingest import ingest_files

    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "sources" / "full_v2_202301.dat"
    ingest_files(tmp_path, [fixture], warn=lambda _m: None)
    services = build_services(Settings(data_dir=tmp_path))
    query = "goods=all&from=2023-01&to=2023-01&dir=into_russia"
    folded, _ = view_document(query, services)
    eu_edges = {(e["exporter"], e["importer"]): e for e in folded["edges"] if e["exporter"] == "EU27"}
    assert ("EU27", "KAZ") in eu_edges and eu_edges[("EU27", "KAZ")]["sources"] == ["comext"]
    assert not any(e["exporter"] in ("DEU", "GRC") for e in folded["edges"])  # folded into the EU27
    germany, _ = view_document(query + "&exporter=DEU", services)
    assert {(e["exporter"], e["importer"]) for e in germany["edges"]} >= {("DEU", "KAZ")}
    assert germany["edges"][0]["value_usd"] <= eu_edges[("EU27", "KAZ")]["value_usd"]
    members, _ = view_document(query + "&eu=members", services)
    assert {"DEU", "GRC"} <= {e["exporter"] for e in members["edges"]}
    total = sum(e["value_usd"] for e in members["edges"] if e["importer"] == "KAZ")
    assert total == pytest.approx(eu_edges[("EU27", "KAZ")]["value_usd"])  # the same trade, opened up
    assert folded["provenance"]["demo"] is False and folded["provenance"]["sources"] == ["Eurostat Comext"]


def test_countries_off_the_map_are_counted_and_the_map_says_so(tmp_path):
    from dashboard.services import build_services
    from dashboard.view_data import load_view_data
    from dashboard.view_map import map_caption
    from dashboard.view_state import ViewState

    frame = canonical_frame(
        [
            ("2023-03-01", "USA", "RUS", "X", "854149", "H6", 70.0),
            ("2023-03-01", "KAZ", "RUS", "X", "854149", "H6", 30.0),
        ]
    )
    write_fixture_store(tmp_path, frame)
    services = build_services(Settings(data_dir=tmp_path))
    query = "goods=all&from=2023-01&to=2023-12&dir=into_russia"
    document, _ = view_document(query, services)
    assert document["headline"]["value_usd"] == pytest.approx(100.0)  # the USA is counted
    usa = next(e for e in document["edges"] if e["exporter"] == "USA")
    assert usa["leg"] == "direct_to_russia" and usa["exporter_name"] == "United States"
    view, _ = ViewState.from_query(query, services.view_context)
    caption = map_caption(load_view_data(view, services), services)
    assert "1 flows ($70) with countries off the map are counted, not drawn" in caption


def test_every_edge_says_what_its_figure_rests_on(tmp_path):
    """Reported, mirror, annual-only and BACI rows in one store: each edge's basis and months per basis."""
    from dashboard.services import build_services

    monthly = canonical_frame(
        [
            *((f"2023-{m:02d}-01", "TUR", "GEO", "X", "854149", "H6", 10.0) for m in range(1, 13)),
            *((f"2023-{m:02d}-01", "KAZ", "RUS", "X", "854149", "H6", 20.0) for m in range(1, 13)),
            ("2023-06-01", "ARM", "GEO", "X", "854149", "H6", 5.0),
        ],
        source="comtrade",
        file_hash="monthly000000000",
    )
    annual = canonical_frame(
        [
            ("2023-01-01", "CHN", "KGZ", "X", "854149", "H6", 1200.0),
            ("2023-01-01", "ARM", "GEO", "X", "854149", "H6", 120.0),
        ],
        source="comext",  # another reporter's annual file: spread over the months it has no monthly rows for
        file_hash="annual0000000000",
    )
    annual["freq"] = "A"
    baci = canonical_frame(
        [("2023-01-01", "UZB", "RUS", "X", "854149", "H6", 600.0)],
        source="baci",
        file_hash="baci000000000000",
    )
    baci["freq"] = "A"
    write_fixture_store(tmp_path, monthly, annual, baci)
    services = build_services(Settings(data_dir=tmp_path))
    document, _ = view_document("goods=all&from=2023-01&to=2023-12&dir=all&eu=members", services)
    bases = {(e["exporter"], e["importer"]): (e["basis"], e["basis_months"]) for e in document["edges"]}
    assert bases[("TUR", "GEO")] == ("reported", {"reported": 12})
    assert bases[("KAZ", "RUS")] == ("mirror", {"mirror": 12})
    assert bases[("CHN", "KGZ")] == ("annual_average", {"annual_average": 12})
    assert bases[("UZB", "RUS")] == ("estimated", {"estimated": 12})
    # ARM's monthly comtrade row and its annual comext figure: the annual months are the weaker
    assert bases[("ARM", "GEO")] == ("annual_average", {"annual_average": 12})

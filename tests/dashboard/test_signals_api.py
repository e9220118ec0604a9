"""Signals in the JSON view and GET /api/signals: the same array, sorted by score, thresholds from
the URL (with notices for bad values), and strict JSON."""

from __future__ import annotations

import pytest

from dashboard.app import create_app
from dashboard.settings import Settings
from dashboard.view_document import view_document

FIELDS = {"kind", "exporter", "importer", "via", "hs6", "goods", "start", "end", "score", "evidence"}


@pytest.fixture(scope="module")
def client(demo_data_dir):
    return create_app(Settings(data_dir=demo_data_dir)).server.test_client()


def test_the_view_document_carries_signals_sorted_by_score(demo_services):
    document, notices = view_document("goods=chpl", demo_services)
    signals = document["signals"]
    assert signals and all(set(s) == FIELDS for s in signals)
    assert [s["score"] for s in signals] == sorted((s["score"] for s in signals), reverse=True)
    assert {s["kind"] for s in signals} == {"surge", "mirror_gap", "transshipment", "unit_value"}
    assert document["signal_thresholds"]["surge_factor"] == 3.0 and notices == ()


def test_api_signals_is_the_documents_array_alone(client):
    query = "goods=chpl&surge_factor=5&max_signals=30"
    alone = client.get(f"/api/signals?{query}")
    assert alone.status_code == 200 and alone.mimetype == "application/json"
    whole = client.get(f"/api/view?{query}").get_json()
    assert alone.get_json() == whole["signals"] and len(whole["signals"]) == 30
    assert whole["link_notices"] == []  # threshold keys are known, not "unknown link keys"


def test_a_higher_factor_gives_fewer_surges(demo_services):
    def surges(query):
        document, _ = view_document(query + "&max_signals=5000", demo_services)
        return [s for s in document["signals"] if s["kind"] == "surge"]

    loose, strict = surges("goods=chpl&surge_factor=2"), surges("goods=chpl&surge_factor=8")
    assert len(strict) < len(loose)
    assert all(s["evidence"]["surge_factor"] == 8 for s in strict)


def test_bad_thresholds_are_ignored_with_a_notice(client):
    document = client.get("/api/view?goods=chpl&gap_pct=1000&surge_factor=x").get_json()
    assert document["signal_thresholds"]["gap_pct"] == 30.0
    assert sum("Ignored" in n for n in document["link_notices"]) == 2


def test_a_pair_view_lists_only_the_pairs_signals(demo_services):
    document, _ = view_document("goods=chpl&exporter=TUR&importer=RUS&max_signals=5000", demo_services)
    assert document["signals"]
    assert all(s["exporter"] == "TUR" or s["via"] == "TUR" for s in document["signals"])
    assert all(s["importer"] == "RUS" for s in document["signals"])

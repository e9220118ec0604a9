"""A transit country's profile (/country/KAZ): the same figures as the JSON view with that focus."""

from __future__ import annotations

import pytest

from callbacks.country import profile_section
from dashboard.country_profile import country_profile
from dashboard.view_document import view_document
from dashboard.view_state import ViewState
from geodata.analytics.signals import thresholds_from_query

VIEW = "goods=chpl&from=2024-01&to=2024-12"


def _profile(demo_services, code: str = "KAZ", query: str = VIEW) -> dict:
    view, _ = ViewState.from_query(query, demo_services.view_context)
    return country_profile(code, view, demo_services, thresholds_from_query(None)[0])


def test_the_profile_matches_the_json_view_focused_on_the_country(demo_services):
    profile = _profile(demo_services)
    document, _ = view_document(f"{VIEW}&focus=KAZ", demo_services)
    edges = {(e["exporter"], e["importer"]): e for e in document["edges"]}
    assert profile["to_russia_usd"] == pytest.approx(edges[("KAZ", "RUS")]["value_usd"])
    into_kaz = sum(e["value_usd"] for (x, i), e in edges.items() if i == "KAZ" and x != "RUS")
    assert profile["imports_usd"] == pytest.approx(into_kaz) and profile["imports_usd"] > 0
    assert {r["exporter"] for r in profile["imports"]} >= {"CHN", "EU27"}
    assert sum(m["value_usd"] for m in profile["to_russia_months"]) == pytest.approx(profile["to_russia_usd"])
    assert len(profile["to_russia_months"]) == 12 and profile["to_russia_months"][0]["period"] == "2024-01"


def test_the_profile_lists_its_codes_signals_and_own_crossings(demo_services):
    profile = _profile(demo_services)
    codes = profile["top_hs6"]
    assert codes and sum(c["value_usd"] for c in codes) <= profile["to_russia_usd"] * (1 + 1e-9)
    assert codes == sorted(codes, key=lambda c: -c["value_usd"]) and all(len(c["hs6"]) == 6 for c in codes)
    assert all("KAZ" in (s["exporter"], s["importer"], s["via"]) for s in profile["signals"])
    crossings = profile["crossings"]
    assert crossings and all("KAZ" in c["countries"] for c in crossings)
    assert any(c["id"] == "petukhovo" and c["value_usd"] > 0 for c in crossings)


def test_a_country_with_no_trade_in_the_selection_has_an_empty_profile_not_an_error(demo_services):
    profile = _profile(demo_services, "KAZ", "goods=&hs=010121&from=2024-01&to=2024-12")
    assert profile["imports"] == [] and profile["to_russia_usd"] == 0 and profile["top_hs6"] == []


def test_the_section_shows_only_on_a_country_path_and_refuses_unknown_codes(demo_services):
    assert profile_section("/", VIEW, demo_services) == ([], True)
    children, hidden = profile_section("/country/ZZZ", VIEW, demo_services)
    assert hidden is False and "No country 'ZZZ'" in str(children)
    children, hidden = profile_section("/country/kaz", VIEW, demo_services)
    assert hidden is False and "Kazakhstan" in str(children) and "Imports by origin" in str(children)

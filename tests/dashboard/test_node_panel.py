"""A crossing's, port's or corridor's panel: its URL state (``node=``), opened by a click and closed by
its button, and numbers that add up to the place's figure in the JSON view."""

from __future__ import annotations

import pytest

from callbacks.render import render_view
from callbacks.view_sync import sync_view
from dashboard import ids
from dashboard.components.node_panel import node_panel_children
from dashboard.view_document import view_document
from dashboard.view_state import ViewState
from tests.control_values import control_values

VIEW = "goods=chpl&from=2024-01&to=2024-12&dir=into_russia"


def _values(**changes):
    return control_values(months=[60, 71], **changes)


def test_the_node_key_round_trips_and_an_unknown_place_is_refused_with_a_notice(demo_services):
    context = demo_services.view_context
    view, notices = ViewState.from_query(f"{VIEW}&node=upper_lars", context)
    assert view.node == "upper_lars" and notices == ()
    assert "node=upper_lars" in view.to_query()
    again, _ = ViewState.from_query(view.to_query(), context)
    assert again == view
    for hostile in ("nowhere", "UPPER_LARS", "upper_lars%3Cscript%3E", "a" * 80):
        view, notices = ViewState.from_query(f"{VIEW}&node={hostile}", context)
        assert view.node is None and any("node=" in n for n in notices)


def test_a_click_on_a_place_opens_its_panel_a_second_click_or_the_button_closes_it(demo_services):
    context, places = demo_services.view_context, demo_services.place_ids
    lon, lat = demo_services.places["upper_lars"][1]
    click = {"points": [{"lon": lon, "lat": lat, "customdata": "upper_lars", "curveNumber": 30}]}

    def sync(trigger, search, **kwargs):
        return sync_view(trigger, search, _values(), None, kwargs.get("click"), context, places=places)

    opened = sync(ids.MAP_GRAPH, f"?{VIEW}", click=click)
    assert "node=upper_lars" in opened["store"] and "focus=" not in opened["store"]
    kept = sync(ids.DIRECTION, "?" + opened["store"])  # a control change keeps the panel open
    assert "node=upper_lars" in kept["store"]
    closed = sync(ids.MAP_GRAPH, "?" + opened["store"], click=click)
    assert "node=" not in closed["store"]
    by_button = sync(ids.NODE_CLOSE, "?" + opened["store"])
    assert "node=" not in by_button["store"] and by_button["controls"]["goods"] == ["chpl"]


@pytest.mark.parametrize("node", ["upper_lars", "petukhovo", "middle_corridor"])
def test_the_panel_numbers_add_up_to_the_places_figure_in_the_json_view(demo_services, node):
    document, _ = view_document(f"{VIEW}&node={node}", demo_services)
    detail = document["node"]
    kind = {"crossing": "crossings", "corridor": "corridors"}[detail["kind"]]
    listed = next(n for n in document[kind] if n["id"] == node)
    assert detail["value_usd"] == pytest.approx(listed["value_usd"]) and detail["value_usd"] > 0
    assert detail["by_mode"] == pytest.approx(listed["by_mode"])
    assert sum(m["value_usd"] for m in detail["months"]) == pytest.approx(detail["value_usd"])
    assert len(detail["months"]) == 12 and detail["months"][0]["period"] == "2024-01"
    assert sum(p["value_usd"] for p in detail["pairs"]) == pytest.approx(detail["value_usd"])
    assert detail["period_monthly_usd"] == pytest.approx(detail["value_usd"] / 12)
    assert detail["top_hs6"] and sum(c["value_usd"] for c in detail["top_hs6"]) <= detail["value_usd"] * (
        1 + 1e-9
    )
    assert detail["estimate"] is True and "Modelled estimate" in detail["method"]
    assert detail["name"] and detail["source"] and detail["confidence"] in ("high", "medium", "low")
    edges = {(e["exporter"], e["importer"]): e for e in document["edges"]}
    for pair in detail["pairs"]:
        edge = edges[(pair["exporter"], pair["importer"])]
        assert pair["value_usd"] <= edge["value_usd"] * (1 + 1e-9)  # a place carries at most the pair's trade
        assert pair["leg"] == edge["leg"]


def test_upper_lars_carries_armenias_trade_through_georgia_and_its_baseline(demo_services):
    document, _ = view_document(f"{VIEW}&node=upper_lars", demo_services)
    detail = document["node"]
    pairs = {(p["exporter"], p["importer"]): p for p in detail["pairs"]}
    assert ("ARM", "RUS") in pairs and pairs[("ARM", "RUS")]["share_of_pair"] == pytest.approx(1.0)
    assert ("GEO", "RUS") in pairs
    edges = {(e["exporter"], e["importer"]): e for e in document["edges"]}
    arm = edges[("ARM", "RUS")]
    assert pairs[("ARM", "RUS")]["baseline_monthly_usd"] == pytest.approx(arm["baseline_monthly_usd"])
    assert detail["baseline_monthly_usd"] == pytest.approx(
        sum(p["baseline_monthly_usd"] or 0 for p in detail["pairs"])
    )


def test_a_place_no_route_of_the_view_passes_says_so(demo_services):
    document, _ = view_document(f"{VIEW}&node=aktau_port", demo_services)
    detail = document["node"]
    assert detail["kind"] == "port" and detail["value_usd"] == 0 and detail["pairs"] == []
    children = node_panel_children(detail, "Jan 2024 – Dec 2024")
    assert "No trade of this view is assigned here" in str(children)


def test_the_render_callback_opens_the_panel_with_the_places_name_and_tables(demo_services):
    out = render_view(f"{VIEW}&node=upper_lars", demo_services, None)
    assert out["node_hidden"] is False
    text = str(out["node_body"])
    assert "Upper Lars" in text and "Pairs using it" in text and "Top HS6 codes" in text
    assert "Modelled estimate" in text
    closed = render_view(VIEW, demo_services, None)
    assert closed["node_hidden"] is True and closed["node_body"] == []

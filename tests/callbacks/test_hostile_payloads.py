"""Issue 12, point 3: the callback handlers, called with whatever a client can put in a request
(wrong types, huge numbers, nested lists, 1 MB strings, lone surrogates), answer with a valid view and
notices — never an exception."""

from __future__ import annotations

import json

from dash import no_update
from dash._utils import to_json
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from callbacks.hs_search import search_options
from callbacks.playback import next_window, toggle_play
from callbacks.presentation import present_link, save_view, saved_views, step_view
from callbacks.render import render_view
from callbacks.view_sync import CONTROLS, clicked_country, sync_view
from dashboard import ids
from dashboard.view_state import LAYERS, ViewState
from tests.callbacks.hostile_values import HOSTILE, link_queries, maybe
from tests.dashboard.test_hostile_links import assert_valid

TRIGGERS = st.sampled_from(
    [None, ids.URL, ids.PERIOD_PRESET, ids.MAP_GRAPH, *(t[0] for t in CONTROLS.values())]
)
VALID = {
    "goods": st.lists(st.sampled_from(["chpl", "bearings", "optics", "all"]), max_size=3),
    "hs": st.lists(st.sampled_from(["8542", "854231", "84", "99", "0101"]), max_size=3),
    "months": st.lists(st.integers(0, 86), min_size=2, max_size=2),
    "direction": st.sampled_from(["into_russia", "out_of_russia", "all"]),
    "side": st.sampled_from(["exporter", "importer"]),
    "metric": st.sampled_from(["value", "change"]),
    "focus": st.sampled_from([None, "KAZ", "ARM"]),
    "exporters": st.lists(st.sampled_from(["KAZ", "EU27", "DEU"]), max_size=2),
    "importers": st.lists(st.sampled_from(["RUS", "KGZ"]), max_size=2),
    "eu": st.sampled_from([[], ["members"]]),
    "china": st.sampled_from([[], ["with_hkg_mac"]]),
    "layers": st.lists(st.sampled_from(LAYERS), max_size=5),
    "title": st.text(max_size=20),
}
CONTROL_VALUES = st.fixed_dictionaries({}, optional={key: maybe(valid) for key, valid in VALID.items()})


def _json_ok(value) -> None:
    to_json(value).encode("utf-8")  # what Dash sends back: serialisable, no lone surrogates


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TRIGGERS, maybe(link_queries()), CONTROL_VALUES | HOSTILE, HOSTILE, HOSTILE, HOSTILE)
def test_sync_view_never_raises(demo_services, trigger, search, values, preset, click, origin):
    context = demo_services.view_context
    out = sync_view(
        trigger,
        search,
        values,
        preset,
        click,
        context,
        origin,
        demo_services.country_at,
        lambda codes: search_options("", list(codes), demo_services),
    )
    view, notices = ViewState.from_query(out["store"], context)
    assert_valid(view, notices, context)
    assert out["search"] == "?" + out["store"] and out["share"].endswith(out["store"])
    if out["controls"]["goods"] is not no_update:
        assert set(out["controls"]["hs"]) <= {o["value"] for o in out["hs_options"]}  # kept
    _json_ok({k: v for k, v in out.items() if v is not no_update and k != "controls"})


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(maybe(link_queries()), maybe(st.just(["countries"] + ["flows"] * 6 + ["hubs"])), HOSTILE)
def test_render_view_never_raises(demo_services, query, trace_layers, presenting):
    out = render_view(
        query, demo_services, trace_layers, bool(presenting) if presenting is not None else False
    )
    assert set(out) == {
        "map",
        "timeseries",
        "top",
        "sankey",
        "kpis",
        "explanations",
        "caption",
        "node_hidden",
        "node_body",
    }
    _json_ok({k: v for k, v in out.items() if v is not no_update})


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(HOSTILE | st.lists(st.integers(-(10**20), 10**20), min_size=2, max_size=2), HOSTILE)
def test_next_window_never_raises(demo_services, months, step):
    last = 86
    start, end = next_window(months, step, demo_services.view_context)
    assert 0 <= start <= end <= last
    assert toggle_play(months)[1] in ("▶ Play", "❚❚ Pause")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(maybe(link_queries()), st.booleans(), HOSTILE | st.lists(HOSTILE | link_queries(), max_size=5))
def test_presentation_never_raises(demo_services, query, forward, saved):
    context = demo_services.view_context
    moved = step_view(query, forward, context)
    assert moved.startswith("?")
    assert_valid(*ViewState.from_query(moved[1:], context), context)
    kept = saved_views(saved, context)
    assert all(ViewState.from_query(s, context)[1] == () for s in kept) and len(kept) <= 20
    assert len(save_view(query, saved, context)) <= 20
    href, label = present_link(query, saved, context)
    href.encode("utf-8") and label.encode("utf-8")


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(HOSTILE, HOSTILE | st.lists(HOSTILE | st.sampled_from(["8542", "99", "854231"]), max_size=5))
def test_hs_search_never_raises_and_keeps_selected(demo_services, text, selected):
    options = search_options(text, selected, demo_services)
    assert all(isinstance(o["value"], str) and isinstance(o["label"], str) for o in options)
    if isinstance(selected, list):
        valid = {s for s in selected if isinstance(s, str) and s in ("8542", "99", "854231")}
        assert valid <= {o["value"] for o in options}
    json.dumps(options)


POINT = st.fixed_dictionaries({}, optional={"location": HOSTILE, "lon": HOSTILE, "lat": HOSTILE})
CLICKS = HOSTILE | st.fixed_dictionaries({"points": st.lists(HOSTILE | POINT, max_size=3)})


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(CLICKS)
def test_clicked_country_never_raises(demo_services, click):
    country = clicked_country(click, demo_services.country_at)
    assert country is None or isinstance(country, str)


def test_known_hostile_controls_give_notices(demo_services):
    context = demo_services.view_context
    values = {"goods": {"a": 1}, "months": [10**40, -5], "hs": [["8542"]], "title": 7, "eu": 3, "focus": []}
    out = sync_view(ids.GOODS_PRESETS, "", values, None, None, context)
    assert "not valid" in out["notices"][0].children
    view, _ = ViewState.from_query(out["store"], context)
    assert view.goods == ("chpl",) and view.hs == ()
    assert next_window([-(10**30), "x"], {"x": 1}, context) == [0, 86]  # the whole period


def test_a_shared_link_keeps_hs_codes_outside_the_first_chapters(demo_services):
    context = demo_services.view_context
    out = sync_view(
        None,
        "?hs=8542,854231,99",
        {},
        None,
        None,
        context,
        hs_options=lambda codes: search_options("", list(codes), demo_services),
    )
    assert out["controls"]["hs"] == ["8542", "854231", "99"]
    values = [o["value"] for o in out["hs_options"]]
    assert {"8542", "854231", "99"} <= set(values)
    assert search_options(None, ["8542"], demo_services)[0]["value"] == "8542"

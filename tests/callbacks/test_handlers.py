"""Callback handlers called directly, with the demo store's services."""

from __future__ import annotations

from dash import no_update

from callbacks.export import poll_export, start_export
from callbacks.hs_search import search_options
from callbacks.playback import next_window, toggle_play
from callbacks.presentation import is_presenting, present_href, step_view
from callbacks.render import map_patch, render_view
from callbacks.saved_views import edit_saved, saved_list
from callbacks.view_sync import clicked_country, sync_view
from dashboard import ids
from dashboard.figures.flows import empty_flow_traces
from dashboard.figures.map_figure import build_map_figure
from dashboard.view_data import load_view_data
from dashboard.view_state import ViewState
from tests.control_values import control_values

_values = control_values


def test_page_load_parses_the_url_and_sets_controls(demo_services):
    context = demo_services.view_context
    out = sync_view(None, "?goods=bearings&from=2023-01&to=2023-12&focus=ARM", _values(), None, None, context)
    assert out["controls"]["goods"] == ["bearings"] and out["controls"]["focus"] == "ARM"
    assert out["controls"]["months"] == [48, 59]
    assert out["store"].startswith("goods=bearings") and out["search"] == "?" + out["store"]
    assert out["period_label"] == "Jan 2023 – Dec 2023" and out["notices"] == []


def test_a_control_change_rewrites_the_url_but_not_the_control(demo_services):
    context = demo_services.view_context
    out = sync_view(
        ids.DIRECTION, "?", _values(direction="all"), None, None, context, "http://127.0.0.1:8050"
    )
    assert "dir=all" in out["search"] and out["controls"]["direction"] is no_update
    assert out["share"].startswith("http://127.0.0.1:8050/?goods=chpl")


def test_choosing_hs_codes_narrows_the_goods_and_a_basket_chosen_later_adds_to_them(demo_services):
    context = demo_services.view_context
    out = sync_view(ids.HS_PICKER, "?goods=chpl", _values(hs=["8542"]), None, None, context)
    assert "goods=&hs=8542" in out["store"] and out["controls"]["goods"] == []  # narrowed, box shows it
    assert out["controls"]["hs"] is no_update
    both = sync_view(
        ids.GOODS_PRESETS, "?" + out["store"], _values(goods=["bearings"], hs=["8542"]), None, None, context
    )
    assert "goods=bearings&hs=8542" in both["store"]  # the user chose both: they combine
    removed = sync_view(
        ids.HS_PICKER, "?goods=bearings&hs=8542", _values(goods=["bearings"], hs=[]), None, None, context
    )
    assert "goods=bearings&hs=&" in removed["store"]  # removing a code narrows nothing


def test_period_preset_and_map_click(demo_services):
    context = demo_services.view_context
    out = sync_view(ids.PERIOD_PRESET, "", _values(), "baseline", None, context)
    assert "from=2019-01&to=2021-12" in out["store"] and out["preset"] is None
    click = {"points": [{"location": "KGZ"}]}
    assert sync_view(ids.MAP_GRAPH, "", _values(), None, click, context)["controls"]["focus"] == "KGZ"
    again = sync_view(ids.MAP_GRAPH, "", _values(focus="KGZ"), None, click, context)
    assert again["controls"]["focus"] is None  # a second click on the focused country clears it


def test_a_click_on_a_crossing_or_corridor_does_not_refilter_the_view(demo_services):
    """Issue 9: clicking Upper Lars (in Georgia) or a corridor line is not a click on the country beneath."""
    context, places = demo_services.view_context, demo_services.place_ids
    crossing = next(iter(demo_services.reference.crossings.index))
    corridor = next(iter(demo_services.reference.corridors.index))
    lon, lat = demo_services.places[crossing][1]
    for customdata in (crossing, corridor):
        click = {"points": [{"lon": lon, "lat": lat, "customdata": customdata, "curveNumber": 30}]}
        out = sync_view(
            ids.MAP_GRAPH,
            "",
            _values(focus="KGZ"),
            None,
            click,
            context,
            country_at=demo_services.country_at,
            places=places,
        )
        assert out["controls"]["focus"] == "KGZ" and "focus=KGZ" in out["store"]  # the view is unchanged
    flow_click = {"points": [{"lon": lon, "lat": lat, "curveNumber": 2}]}  # a flow line over the country
    beneath = demo_services.country_at(lon, lat)
    out = sync_view(
        ids.MAP_GRAPH,
        "",
        _values(),
        None,
        flow_click,
        context,
        country_at=demo_services.country_at,
        places=places,
    )
    assert beneath and out["controls"]["focus"] == beneath


def test_a_click_on_a_line_focuses_the_country_under_it(demo_services):
    assert clicked_country({"points": [{"lon": 71.4, "lat": 51.2}]}, demo_services.country_at) == "KAZ"
    assert (
        clicked_country({"points": [{"lon": 50.0, "lat": 42.0}]}, demo_services.country_at) is None
    )  # Caspian


def page_trace_layers(services) -> list[str]:
    """The layer of every trace of the page's map, as the page's store holds them."""
    figure = build_map_figure(services.reference, flow_traces=empty_flow_traces())
    return [trace.meta["layer"] for trace in figure.data]


def test_render_patches_only_fill_flows_and_the_basis_overlay(demo_services):
    trace_layers = page_trace_layers(demo_services)
    assert trace_layers[:20] == ["countries"] + ["flows"] * 9 + ["basis"] * 10
    query = "goods=chpl_1&from=2023-01&to=2023-12&layers=countries%2Cflows"
    out = render_view(query, demo_services, trace_layers)
    patch = out["map"].to_plotly_json()["operations"]
    assigned = {tuple(op["location"]) for op in patch if op["operation"] == "Assign"}
    assert {("data", i) for i in range(10)} <= assigned  # the fill and the flows
    assert not {("data", i) for i in range(10, 21)} & assigned  # the hidden overlay and the rest: not re-sent
    shown = render_view(query.replace("flows", "flows%2Cbasis"), demo_services, trace_layers)["map"]
    operations = shown.to_plotly_json()["operations"]
    assert {("data", i) for i in range(20)} <= {tuple(op["location"]) for op in operations}
    hidden = [op for op in patch if op["location"][-1] == "visible" and op["params"]["value"] is False]
    # the basis overlay, corridors, crossings, hubs and signals hidden; their geometry not re-sent
    assert len(hidden) == len(trace_layers) - 10
    assert [t.name for t in out["timeseries"].data[:3]] == [
        "transit country → Russia",
        "direct to Russia",
        "origin → transit country",
    ]
    assert out["kpis"][0].children[1].children.startswith("$")


def test_map_patch_uses_large_text_when_presenting(demo_services):
    view, _ = ViewState.from_query("goods=chpl", demo_services.view_context)
    data = load_view_data(view, demo_services)
    ops = map_patch(
        view, data, demo_services, page_trace_layers(demo_services), presenting=True
    ).to_plotly_json()
    sizes = [op["params"]["value"] for op in ops["operations"] if op["location"][-1] == "size"]
    fonts = [op["params"]["value"] for op in ops["operations"] if op["location"][-1] in ("tickfont", "font")]
    assert min(sizes) >= 18 and fonts == [{"size": 18}, {"size": 18}]


def test_play_and_step(demo_services):
    assert toggle_play(1) == (False, "❚❚ Pause", "true") and toggle_play(2)[0] is True
    context = demo_services.view_context
    assert next_window([0, 11], 12, context) == [12, 23]
    assert next_window([80, 86], 1, context) == [0, 6]  # wraps to the start


def test_presentation_steps_period_or_saved_views(demo_services):
    context = demo_services.view_context
    assert is_presenting("/present") and not is_presenting("/")
    nxt = step_view("goods=chpl&from=2023-01&to=2023-12&step=year", True, context)
    assert "from=2024-01&to=2024-12" in nxt and "step=year" in nxt
    back = step_view("goods=chpl&from=2019-01&to=2019-03&step=quarter", False, context)
    assert "from=2025-10" in back or "from=2026-01" in back  # wraps to the end
    first = ViewState.from_query("goods=bearings&from=2022-01&to=2022-12", context)[0].to_query()
    second = ViewState.from_query("goods=optics&from=2023-01&to=2023-12", context)[0].to_query()
    href = present_href(first, [first, second])
    moved = step_view(href.split("?", 1)[1], True, context)
    assert "goods=optics" in moved.split("&slide=")[0] and moved.count("slide=") == 2


def test_a_title_stays_with_its_view(demo_services):
    context = demo_services.view_context
    nxt = step_view("goods=chpl&from=2023-01&to=2023-12&step=year&title=Kazakhstan+2023", True, context)
    assert "from=2024-01" in nxt and "title=" not in nxt  # a 2023 title never sits over 2024
    titled = ViewState.from_query("goods=optics&from=2023-01&to=2023-12&title=Optics+2023", context)[0]
    slides = [titled.to_query(), ViewState.from_query("goods=bearings", context)[0].to_query()]
    on_second = step_view(present_href(slides[0], slides).split("?", 1)[1], True, context)
    assert "title=" not in on_second.split("&slide=")[0]  # the second view has no title of its own


def test_saved_views_are_listed_renamed_reordered_and_removed(demo_services):
    context, names = demo_services.view_context, demo_services.names
    views = [
        ViewState.from_query(q, context)[0].to_query()
        for q in ("goods=bearings&from=2022-01&to=2022-12", "goods=optics&from=2023-01&to=2023-12&focus=KAZ")
    ]
    items = saved_list(views, context, names)[0].children
    assert (
        len(items) == 2
        and items[1].children[1].children[1].placeholder == "optics · Jan 2023–Dec 2023 · Kazakhstan"
    )
    assert (
        items[0].children[2].disabled and items[1].children[3].disabled
    )  # no up for the first, no down for the last
    assert edit_saved(views, "saved-up", 1, None, context) == views[::-1]
    assert edit_saved(views, "saved-down", 1, None, context) == views  # already last
    assert edit_saved(views, "saved-remove", 0, None, context) == views[1:]
    renamed = edit_saved(views, "saved-title", 1, ["", "=Optics in Kazakhstan"], context)
    assert (
        ViewState.from_query(renamed[1], context)[0].title == "=Optics in Kazakhstan"
        and renamed[0] == views[0]
    )
    for bad in (None, -1, 5, True, "0"):  # malformed indices from the client change nothing
        assert edit_saved(views, "saved-remove", bad, None, context) == views
    assert edit_saved("junk", "saved-remove", 0, None, context) == []
    assert saved_list([], context, names)[0].children.startswith("No saved view yet")


def test_hs_search(demo_services):
    options = search_options("bearing", ["854231"], demo_services)
    assert options[0]["value"] == "854231"
    assert any(o["value"] == "8482" for o in options)
    assert all(len(o["label"]) < 130 for o in options)
    assert search_options("84", None, demo_services)[0]["value"] == "84"


class _Jobs:
    def __init__(self, state):
        self.state, self.started = state, []

    def start(self, query, fmt, title):
        self.started.append((query, fmt, title))
        return "job1"

    def status(self, _job):
        return self.state


def test_export_start_and_poll(tmp_path):
    jobs = _Jobs(("running", None, "rendering"))
    assert start_export(1, "goods=chpl", "pdf", "T", jobs) == ("job1", False, "Preparing the PDF…")
    assert start_export(0, "goods=chpl", "pdf", "T", jobs)[0] is no_update
    assert poll_export("job1", jobs) == (no_update, False, "Working: rendering…")
    done = tmp_path / "x.csv"
    done.write_text("a")
    download, disabled, status = poll_export("job1", _Jobs(("done", done, None)))
    assert download["filename"] == "corridor-atlas.csv" and disabled is True and status.startswith("Ready")
    named = poll_export("job1", _Jobs(("done", done, "chpl_KAZ_2023-01_2023-12.csv")))
    assert (
        named[0]["filename"] == "chpl_KAZ_2023-01_2023-12.csv" and "chpl_KAZ_2023-01_2023-12.csv" in named[2]
    )
    assert poll_export("job1", _Jobs(("failed", None, "Export failed: boom")))[2] == "Export failed: boom"

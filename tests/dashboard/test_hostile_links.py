"""Issue 12, point 3: any link (or anything a client sends as one) gives a valid view and notices,
never an exception; shared links keep their HS codes."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.view_state import DIRECTIONS, LAYERS, METRICS, SIDES, STEPS, ViewContext, ViewState
from tests.callbacks.hostile_values import HOSTILE, link_queries

CONTEXT = ViewContext(
    presets=frozenset({"chpl", "chpl_1", "bearings", "all"}),
    countries=frozenset({"KAZ", "RUS", "ARM", "EU27", "DEU"}),
    first_month=date(2019, 1, 1),
    last_month=date(2026, 3, 1),
)


def assert_valid(view: ViewState, notices: tuple[str, ...], context: ViewContext = CONTEXT) -> None:
    assert context.first_month <= view.start <= view.end <= context.last_month
    assert set(view.goods) <= context.presets and view.goods + view.hs
    assert view.direction in DIRECTIONS and view.side in SIDES and view.metric in METRICS
    assert set(view.layers) <= set(LAYERS) and view.step in ("", *STEPS)
    assert view.focus is None or view.focus in context.countries
    assert set(view.exporters + view.importers) <= context.countries
    assert all(isinstance(n, str) and len(n) < 300 for n in notices)
    query = view.to_query()
    query.encode("utf-8")  # no lone surrogate reaches a link, a page or a header
    again, again_notices = ViewState.from_query(query, context)
    assert again == view and again_notices == ()  # a view's own link is canonical


@settings(max_examples=300, deadline=None)
@given(link_queries())
def test_hostile_links_give_a_valid_view(query):
    assert_valid(*ViewState.from_query(query, CONTEXT))


@settings(max_examples=300, deadline=None)
@given(HOSTILE)
def test_anything_but_text_gives_the_default_view(value):
    view, notices = ViewState.from_query(value, CONTEXT)
    assert_valid(view, notices)
    if value is not None and not isinstance(value, str):
        assert view == ViewState.default(CONTEXT) and notices


def test_year_zero_and_slides_with_it():
    view, notices = ViewState.from_query("from=0000-01&to=0000-02", CONTEXT)
    assert (view.start, view.end) == (CONTEXT.first_month, CONTEXT.first_month) and len(notices) == 2
    view, notices = ViewState.from_query("goods=chpl&slide=from%3D0000-01&slide=goods%3Dbearings", CONTEXT)
    assert view.slides == (ViewState.from_query("goods=bearings", CONTEXT)[0].to_query(),)
    assert any("slide=" in n for n in notices)


def test_a_lone_surrogate_is_replaced_not_raised():
    view, notices = ViewState.from_query("title=a\ud800b&\udfffx=1", CONTEXT)
    assert view.title == "a\ufffdb" and "unknown link key" in notices[0]
    assert_valid(view, notices)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.from_regex(r"\A\d{2}(\d{2}(\d{2})?)?\Z", fullmatch=True), min_size=1, max_size=5))
def test_every_valid_hs_code_survives_a_link(codes):
    view, notices = ViewState.from_query("hs=" + ",".join(codes), CONTEXT)
    assert view.hs == tuple(dict.fromkeys(codes)) and notices == ()


def test_a_title_with_a_control_character_is_canonical():
    view, _ = ViewState.from_query("title=0%20%1B", CONTEXT)
    assert view.title == "0" and ViewState.from_query(view.to_query(), CONTEXT) == (view, ())

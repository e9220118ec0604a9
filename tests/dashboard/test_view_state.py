"""The view state's URL form: exact round trips, and hostile input that never raises."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.view_state import DIRECTIONS, LAYERS, METRICS, SIDES, ViewContext, ViewState

CONTEXT = ViewContext(
    presets=frozenset({"chpl", "chpl_1", "bearings", "all"}),
    countries=frozenset({"KAZ", "RUS", "ARM", "EU27", "DEU"}),
    first_month=date(2019, 1, 1),
    last_month=date(2026, 3, 1),
)
MONTHS = st.integers(0, 86).map(lambda i: date(2019 + i // 12, i % 12 + 1, 1))
HS = st.from_regex(r"\A\d{2}(\d{2}(\d{2})?)?\Z", fullmatch=True)
TITLE = (
    st.text(
        st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp", "Co", "Cn")), max_size=60
    )
    .map(str.strip)
    .filter(lambda t: all(ch.isprintable() for ch in t))
)


@st.composite
def views(draw) -> ViewState:
    start, end = sorted([draw(MONTHS), draw(MONTHS)])
    goods = tuple(
        draw(st.lists(st.sampled_from(sorted(CONTEXT.presets)), min_size=1, max_size=3, unique=True))
    )
    return ViewState(
        goods=goods,
        hs=tuple(draw(st.lists(HS, max_size=4, unique=True))),
        start=start,
        end=end,
        direction=draw(st.sampled_from(list(DIRECTIONS))),
        side=draw(st.sampled_from(list(SIDES))),
        metric=draw(st.sampled_from(list(METRICS))),
        layers=tuple(draw(st.lists(st.sampled_from(LAYERS), max_size=5, unique=True))),
        focus=draw(st.none() | st.sampled_from(sorted(CONTEXT.countries))),
        exporters=tuple(draw(st.lists(st.sampled_from(sorted(CONTEXT.countries)), max_size=3, unique=True))),
        importers=tuple(draw(st.lists(st.sampled_from(sorted(CONTEXT.countries)), max_size=3, unique=True))),
        eu=draw(st.sampled_from(["group", "members"])),
        china=draw(st.sampled_from(["alone", "with_hkg_mac"])),
        title=draw(TITLE),
    )


@settings(max_examples=200, deadline=None)
@given(views())
def test_round_trip_is_exact(view):
    parsed, notices = ViewState.from_query(view.to_query(), CONTEXT)
    assert parsed == view and notices == ()


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=600))
def test_any_text_gives_a_valid_view(query):
    view, notices = ViewState.from_query(query, CONTEXT)
    assert CONTEXT.first_month <= view.start <= view.end <= CONTEXT.last_month
    assert set(view.goods) <= CONTEXT.presets and view.goods + view.hs
    assert view.direction in DIRECTIONS and view.side in SIDES and view.metric in METRICS
    assert set(view.layers) <= set(LAYERS) and (view.focus is None or view.focus in CONTEXT.countries)
    assert all(isinstance(n, str) and len(n) < 300 for n in notices)


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(
            ["goods", "hs", "from", "to", "dir", "side", "metric", "layers", "focus", "title", "x"]
        ),
        st.text(max_size=80),
        max_size=8,
    )
)
def test_any_values_for_known_keys_never_raise(pairs):
    from urllib.parse import urlencode

    view, _ = ViewState.from_query(urlencode(pairs), CONTEXT)
    assert ViewState.from_query(view.to_query(), CONTEXT)[0] == view


def test_hostile_values_fall_back_with_notices():
    query = (
        "goods=<script>alert(1)</script>&from=2019-13&to=9999-01&dir=sideways&focus=RUS';DROP TABLE flows"
        "&layers=flows,../../etc&metric=%00&zzz=1"
    )
    view, notices = ViewState.from_query(query, CONTEXT)
    default = ViewState.default(CONTEXT)
    assert view.goods == default.goods and view.start == default.start and view.end == CONTEXT.last_month
    assert view.direction == "into_russia" and view.focus is None and view.layers == ("flows",)
    text = " ".join(notices)
    for key in ("goods=", "from=", "to=", "dir=", "focus=", "layers=", "metric=", "unknown link key"):
        assert key in text


def test_overlong_query_and_reversed_period():
    view, notices = ViewState.from_query("title=" + "a" * 5000, CONTEXT)
    assert view == ViewState.default(CONTEXT) and "characters long" in notices[0]
    view, notices = ViewState.from_query("from=2024-05&to=2023-01", CONTEXT)
    assert (view.start, view.end) == (date(2023, 1, 1), date(2024, 5, 1)) and "backwards" in notices[0]


def test_default_period_is_last_twelve_months():
    assert CONTEXT.default_period() == (date(2025, 4, 1), date(2026, 3, 1))


def test_a_pair_and_groups_in_the_url():
    view, notices = ViewState.from_query(
        "exporter=EU27,DEU&importer=RUS&eu=members&china=with_hkg_mac", CONTEXT
    )
    assert view.exporters == ("EU27", "DEU") and view.importers == ("RUS",) and view.has_pair
    assert view.eu == "members" and view.china == "with_hkg_mac" and notices == ()


def test_unknown_pair_countries_and_modes_are_ignored_with_a_notice():
    view, notices = ViewState.from_query("exporter=XXX,KAZ&importer=eu27&eu=all&china=yes", CONTEXT)
    assert (
        view.exporters == ("KAZ",) and view.importers == () and view.eu == "group" and view.china == "alone"
    )
    assert len(notices) == 4

"""The data-basis overlay: ten traces whatever the data, one arc and one labelled marker per placed edge
in its basis's colour, dash and symbol; the layer is off unless a link asks for it."""

from __future__ import annotations

import pandas as pd

from dashboard.figures.basis_overlay import BASIS_STYLE, basis_traces, empty_basis_traces
from dashboard.view_data import load_view_data
from dashboard.view_map import view_map_traces
from dashboard.view_state import ViewState
from geodata.analytics.data_basis import BASES

ANCHORS = {"KAZ": (68.0, 48.0), "RUS": (40.0, 55.0), "CHN": (100.0, 35.0)}
NAMES = {"KAZ": "Kazakhstan", "RUS": "Russia", "CHN": "China"}


def edges(rows):
    return pd.DataFrame(rows, columns=["exporter", "importer", "basis", "basis_months"])


def test_each_basis_has_its_own_dash_symbol_and_colour():
    for part in range(3):
        assert len({style[part] for style in BASIS_STYLE.values()}) == len(BASES)


def test_placed_edges_get_an_arc_and_a_labelled_marker_in_their_basis_traces():
    traces = basis_traces(
        edges(
            [
                ("KAZ", "RUS", "mirror", {"mirror": 12}),
                ("CHN", "KAZ", "annual_average", {"reported": 9, "annual_average": 3}),
                ("USA", "KAZ", "reported", {"reported": 12}),  # not on the map
                ("CHN", "RUS", None, {}),  # no trade in the period or baseline
            ]
        ),
        ANCHORS,
        NAMES,
    )
    assert len(traces) == 2 * len(BASES) and all(t.meta["layer"] == "basis" for t in traces)
    markers = {t.meta["basis"]: t for t in traces if "lines" not in t.meta}
    lines = {t.meta["basis"]: t for t in traces if "lines" in t.meta}
    assert len(markers["mirror"].lon) == 1 and markers["mirror"].marker.symbol == "diamond"
    assert lines["mirror"].line.dash == "dash" and lines["mirror"].lon.count(None) == 1
    assert "Kazakhstan → Russia" in markers["mirror"].text[0] and "mirror" in markers["mirror"].text[0]
    assert "Months (12): reported monthly 9, annual figure ÷ 12 3" in markers["annual_average"].text[0]
    assert len(markers["reported"].lon) == 0 and len(lines["reported"].lon) == 0


def test_the_empty_overlay_has_the_same_traces():
    assert [t.meta for t in empty_basis_traces()] == [
        t.meta for t in basis_traces(edges([("KAZ", "RUS", "demo", {"demo": 1})]), ANCHORS, NAMES)
    ]


def test_the_layer_is_off_by_default_and_named_in_a_link(demo_services):
    context = demo_services.view_context
    assert "basis" not in ViewState.default(context).layers
    view, notices = ViewState.from_query("layers=flows,basis", context)
    assert view.layers == ("flows", "basis") and notices == ()


def test_the_demo_views_overlay_says_demo_everywhere(demo_services):
    view, _ = ViewState.from_query("goods=chpl&layers=flows,basis", demo_services.view_context)
    data = load_view_data(view, demo_services)
    assert set(data.edges["basis"].dropna()) == {"demo"}
    _, _, overlay = view_map_traces(view, data, demo_services)
    counts = {t.meta["basis"]: len(t.lon) for t in overlay if "lines" not in t.meta}
    assert counts["demo"] > 5 and sum(counts.values()) == counts["demo"]


def test_a_hidden_overlay_sends_no_data(demo_services):
    view, _ = ViewState.from_query("goods=chpl", demo_services.view_context)
    _, _, overlay = view_map_traces(view, load_view_data(view, demo_services), demo_services)
    assert [t.meta for t in overlay] == [t.meta for t in empty_basis_traces()]
    assert all(len(t.lon) == 0 for t in overlay)

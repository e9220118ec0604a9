"""The Signals panel on the page: in the layout, filled for a view with titles, evidence and a chart
per signal, thresholds from the URL, and an honest empty state."""

from __future__ import annotations

from unittest import mock

from dash import dcc, no_update

from callbacks.signals import SHOWN, signals_panel
from dashboard.app import create_app
from dashboard.figures.signals import SIGNALS_LIST, signal_evidence_text, signal_figure, signal_title
from dashboard.settings import Settings
from dashboard.view_document import view_document
from tests.control_values import control_values

QUERY = "goods=chpl&from=2025-04&to=2026-03&dir=into_russia"


def test_the_page_holds_the_signals_panel(demo_data_dir):
    layout = create_app(Settings(data_dir=demo_data_dir)).layout
    layout = layout() if callable(layout) else layout
    assert f"'{SIGNALS_LIST}'" in str(layout)


def test_the_panel_lists_the_views_top_signals_with_evidence_and_a_chart(demo_services):
    children = signals_panel(QUERY, "", demo_services)
    articles = [c for c in children if str(getattr(c, "className", "")).startswith("signal ")]
    assert all(getattr(c, "role", None) == "listitem" for c in children)  # the panel is a list of items
    assert len(articles) == SHOWN
    document, _ = view_document(QUERY, demo_services)
    first = document["signals"][0]
    assert articles[0].children[0].children == signal_title(first, demo_services.names)
    assert articles[0].children[1].children == signal_evidence_text(first)
    assert isinstance(articles[0].children[2], dcc.Graph)
    assert "more in the JSON view" in children[-1].children


def test_thresholds_in_the_url_change_the_panel_and_bad_ones_say_so(demo_services):
    strict_query = QUERY + "&surge_factor=100&gap_pct=100&min_usd=1e11"
    strict = signals_panel(strict_query, "?" + strict_query, demo_services)
    assert strict[-1].children == "No signal in this view at these thresholds."
    noted = signals_panel(QUERY, "?surge_factor=zero", demo_services)
    assert noted[0].children.startswith("Ignored surge_factor")


def test_every_kind_has_a_title_a_line_of_evidence_and_a_chart(demo_services):
    document, _ = view_document(QUERY + "&max_signals=5000", demo_services)
    for kind in ("surge", "mirror_gap", "transshipment", "unit_value"):
        signal = next(s for s in document["signals"] if s["kind"] == kind)
        assert signal["start"] in signal_title(signal, demo_services.names)
        assert "$" in signal_evidence_text(signal)
        figure = signal_figure(signal)
        assert len(figure.data) >= 1 and list(figure.data[0].x) == signal["evidence"]["months"]


def test_the_thresholds_are_part_of_the_view_and_survive_a_control_change(demo_services):
    from callbacks.view_sync import sync_view
    from dashboard import ids
    from dashboard.view_state import ViewState

    context = demo_services.view_context
    view, notices = ViewState.from_query(QUERY + "&surge_factor=4&min_usd=50000&gap_pct=30", context)
    assert notices == ()  # known keys: no "unknown link key" notice
    assert dict(view.thresholds) == {"surge_factor": 4.0, "min_usd": 50000.0}  # gap_pct=30 is the default
    assert "surge_factor=4&min_usd=50000" in view.to_query()
    assert view.signal_thresholds.surge_factor == 4.0
    values = control_values(months=[60, 71], direction="all")
    out = sync_view(ids.DIRECTION, "?" + view.to_query(), values, None, None, context)
    assert "dir=all" in out["store"] and "surge_factor=4" in out["store"] and "min_usd=50000" in out["store"]


def test_the_views_signals_are_marked_on_the_map(demo_services):
    from callbacks.signals import signals_outputs
    from dashboard.figures.map_figure import build_map_figure

    layers = [t.meta["layer"] for t in build_map_figure(demo_services.reference).data]
    assert layers[-1] == "signals"
    children, patch = signals_outputs(QUERY, "?" + QUERY, demo_services, layers)
    operations = patch.to_plotly_json()["operations"]
    trace = next(op["params"]["value"] for op in operations if op["location"] == ["data", len(layers) - 1])
    assert trace["meta"] == {"layer": "signals"} and trace["visible"] is True
    assert len(trace["lon"]) >= 3 and all("<b>" in text for text in trace["text"])
    assert "not proof" in trace["hovertemplate"]
    hidden = QUERY + "&layers=countries%2Cflows"
    _, patch = signals_outputs(hidden, "?" + hidden, demo_services, layers)
    trace = next(op["params"]["value"] for op in patch.to_plotly_json()["operations"])
    assert trace["visible"] is False  # the Signals layer switched off
    _, untouched = signals_outputs(QUERY, "", demo_services, ["countries"])  # not the page's map
    assert untouched is no_update


def test_a_signal_through_a_transit_country_is_marked_there():
    from dashboard.figures.signals import signal_marker_trace

    anchors = {"CHN": (100.0, 40.0), "KAZ": (70.0, 50.0), "RUS": (40.0, 55.0)}
    signals = [
        {
            "kind": "transshipment",
            "exporter": "CHN",
            "importer": "RUS",
            "via": "KAZ",
            "hs6": "854231",
            "start": "2023-01",
            "end": "2023-12",
            "score": 2.0,
            "evidence": {},
        },
        {
            "kind": "surge",
            "exporter": "KAZ",
            "importer": "RUS",
            "via": None,
            "hs6": "854231",
            "start": "2023-01",
            "end": "2023-06",
            "score": 1.0,
            "evidence": {},
        },
        {
            "kind": "surge",
            "exporter": "USA",
            "importer": "RUS",
            "via": None,
            "hs6": "854231",
            "start": "2023-01",
            "end": "2023-06",
            "score": 0.5,
            "evidence": {},
        },  # no anchor: not drawn
    ]
    with mock.patch("dashboard.figures.signals.signal_evidence_text", return_value="evidence"):
        trace = signal_marker_trace(signals, anchors, {"KAZ": "Kazakhstan"})
    assert list(zip(trace.lon, trace.lat, strict=True)) == [(70.0, 50.0), (55.0, 52.5)]

"""Country fill, time series with event markers, top flows and Sankey — asserted on fig.to_dict()."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dashboard.figures.annotations import DEMO_LABEL
from dashboard.figures.charts import sankey_figure, top_flows_figure
from dashboard.figures.country_fill import country_metric_trace
from dashboard.figures.timeseries import timeseries_figure

NAMES = {"EU27": "EU27", "KAZ": "Kazakhstan", "RUS": "Russia", "CHN": "China", "KGZ": "Kyrgyzstan"}
EU = ("DEU", "FRA", "POL")


def _countries() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "country": ["KAZ", "EU27", "RUS"],
            "total": [5e9, 8e9, 1e9],
            "monthly": [1, 1, 1],
            "baseline_monthly": [1, 1, 1],
            "change_pct": [80.0, -30.0, 500.0],
        }
    )


def test_change_metric_is_diverging_and_centred_on_zero():
    trace = country_metric_trace(_countries(), "change", NAMES, EU, source_label="Demo").to_plotly_json()
    assert trace["zmid"] == 0.0 and trace["zmin"] == -1.0 and trace["zmax"] == 1.0
    assert trace["colorscale"][0][1] == "#2166AC" and trace["colorscale"][-1][1] == "#B2182B"
    z = dict(zip(trace["locations"], trace["z"], strict=True))
    assert z["KAZ"] == pytest.approx(math.log10(1.8), abs=1e-4)  # +80 %: a ratio of 1.8
    assert z["DEU"] == pytest.approx(math.log10(0.7), abs=1e-4)  # −30 % (the EU27 fills its members)
    assert z["RUS"] == pytest.approx(math.log10(6.0), abs=1e-4)
    # every tick is a change that can happen: nothing below −100 %, the ends say they are open
    labels = trace["colorbar"]["ticktext"]
    assert labels[0] == "≤ −90%" and labels[-1] == "≥ +900%" and "−200%" not in labels


def test_the_change_scale_puts_halving_and_doubling_equally_far_from_zero():
    from dashboard.figures.country_fill import change_position

    assert change_position(100.0) == pytest.approx(-change_position(-50.0))
    assert (
        change_position(-100.0) == -1.0 and change_position(1e6) == 1.0
    )  # stopped, and a surge, at the ends


def test_eu_value_fills_every_member_and_value_metric_is_sequential():
    trace = country_metric_trace(_countries(), "value", NAMES, EU, source_label="Demo").to_plotly_json()
    assert set(trace["locations"]) == {"KAZ", "RUS", *EU}
    assert "zmid" not in trace and trace["meta"] == {"layer": "countries", "metric": "value"}
    assert all(
        "(all 27 member states)" in t
        for loc, t in zip(trace["locations"], trace["text"], strict=True)
        if loc in EU
    )


def _events() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "date": pd.to_datetime(["2022-02-23", "2022-02-25", "2023-12-22", "2024-03-01", "2026-01-15", "2018-01-01"]),
            "jurisdiction": ["EU", "EU", "US", "KZ", "KZ", "EU"],
            "title": ["EU 1st package", "EU 2nd package", "US EO 14114", "KZ list", "Tokayev pledge", "old"],
            "description": ["a " * 80, "b", "c", "d", "UNVERIFIED: do not cite until confirmed", "e"],
            "source": ["https://eur-lex.europa.eu/1", "https://eur-lex.europa.eu/2", "https://ofac.gov/x",
                       "Kazinform https://www.inform.kz/y", "None found — searched news", "https://x.org"],
            "confidence": ["high", "high", "high", "low", "low", "high"],
        }
    )  # fmt: skip


def test_timeseries_marks_sourced_events_with_labels_and_nothing_covers_the_legend():
    series = pd.DataFrame({"period": pd.date_range("2019-01-01", "2026-03-01", freq="MS")})
    series["value_usd"] = range(len(series))
    figure = timeseries_figure(
        series,
        _events(),
        baseline=(pd.Timestamp("2019-01-01"), pd.Timestamp("2021-12-01")),
        selected=(pd.Timestamp("2023-01-01"), pd.Timestamp("2023-12-01")),
        source_label="Demo data (synthetic)",
        is_demo=True,
    ).to_dict()
    event_traces = [t for t in figure["data"] if t["meta"]["role"] == "events"]
    # 2018 is outside the series; the Tokayev pledge cites no source: neither is drawn
    assert sorted(t["meta"]["jurisdiction"] for t in event_traces) == ["EU", "KZ", "US"]
    lines = [s for s in figure["layout"]["shapes"] if s["name"].startswith("event-")]
    assert len(lines) == 4 and [s["line"]["dash"] for s in lines].count("dot") == 1  # the unconfirmed date
    names = {s["name"] for s in figure["layout"]["shapes"]}
    assert {"baseline", "selected-period"} <= names
    hover = " ".join(text for t in event_traces for text in t["text"])
    assert "Date not confirmed" in hover and "do not cite" not in hover.lower()
    eu = next(t for t in event_traces if t["meta"]["jurisdiction"] == "EU")
    assert all(len(line) <= 60 for line in eu["text"][0].split("<br>")[1:])  # wrapped inside the chart
    labels = [t for t in figure["data"] if t["meta"]["role"] == "event-labels"]
    texts = sorted(text for t in labels for text in t["text"])
    assert texts == ["EU 1", "EU 2", "KZ list", "US EO 14114"]
    eu_rows = next(t for t in labels if t["meta"]["jurisdiction"] == "EU")["y"]
    assert len(set(eu_rows)) == 2  # two days apart: two rows, no overlap
    layout = figure["layout"]
    assert layout["legend"]["y"] < 0 and layout["legend"]["yanchor"] == "top"  # below the axis
    demo = next(a for a in layout["annotations"] if DEMO_LABEL in a["text"])
    assert (
        demo["yanchor"] == "top" and demo["y"] == 1.0 and demo["yshift"] > 0
    )  # above the plot, not on the legend
    assert layout["yaxis"]["title"]["text"] == "USD a month" and layout["yaxis"]["ticktext"][0] == "$0"
    assert all(text.startswith("$") for text in layout["yaxis"]["ticktext"])


def _monthly_chart(last: str, include_unsourced: bool = False) -> dict:
    """The monthly chart of a flat series from January 2019 to ``last``, with the test events."""
    series = pd.DataFrame({"period": pd.date_range("2019-01-01", last, freq="MS"), "value_usd": 1.0})
    return timeseries_figure(
        series,
        _events(),
        baseline=(pd.Timestamp("2019-01-01"), pd.Timestamp("2021-12-01")),
        selected=None,
        source_label="x",
        is_demo=False,
        include_unsourced=include_unsourced,
    ).to_dict()


def test_unsourced_events_are_drawn_when_asked_and_say_so():
    figure = _monthly_chart("2026-03-01", include_unsourced=True)
    hover = " ".join(text for t in figure["data"] if t["meta"]["role"] == "events" for text in t["text"])
    assert "Unverified: no source cited." in hover and "UNVERIFIED" not in hover


def test_top_flows_marks_mirror_data():
    top = pd.DataFrame(
        {
            "exporter": ["EU27", "KAZ"],
            "importer": ["KAZ", "RUS"],
            "value_usd": [5e9, 2e9],
            "mirror": [False, True],
        }
    )
    figure = top_flows_figure(top, NAMES, source_label="Source: UN Comtrade", is_demo=False).to_dict()
    assert list(figure["data"][0]["y"]) == ["EU27 → Kazakhstan", "Kazakhstan → Russia †"]
    notes = " ".join(a["text"] for a in figure["layout"]["annotations"])
    assert "mirror data" in notes and DEMO_LABEL not in notes


def test_sankey_has_origin_transit_russia_columns_by_leg():
    flows = pd.DataFrame(
        {
            "exporter": ["EU27", "CHN", "KAZ", "KGZ", "EU27", "KAZ"],
            "importer": ["KAZ", "KGZ", "RUS", "RUS", "RUS", "KGZ"],
            "value_usd": [5.0, 3.0, 2.0, 1.0, 9.0, 4.0],
            "leg": [
                "origin_to_transit",
                "origin_to_transit",
                "transit_to_russia",
                "transit_to_russia",
                "direct_to_russia",
                "origin_to_transit",
            ],
        }
    )
    sankey = sankey_figure(flows, "into_russia", NAMES, source_label="Demo", is_demo=True).to_dict()["data"][
        0
    ]
    labels, xs = list(sankey["node"]["label"]), list(sankey["node"]["x"])
    nodes = list(zip(labels, xs, strict=True))
    assert ("EU27", 0.01) in nodes and ("Russia", 0.99) in nodes and ("China", 0.01) in nodes
    # Kazakhstan supplies Kyrgyzstan (an origin, left) and exports to Russia (transit, middle): two nodes
    assert ("Kazakhstan", 0.01) in nodes and ("Kazakhstan", 0.5) in nodes
    assert len(sankey["link"]["value"]) == 6  # the direct EU → Russia leg runs from the left to the right
    direct = list(sankey["link"]["value"]).index(9.0)
    assert xs[sankey["link"]["source"][direct]] == 0.01 and xs[sankey["link"]["target"][direct]] == 0.99


def test_the_value_fill_has_one_colour_range_across_periods(demo_services):
    from dashboard.view_data import load_view_data
    from dashboard.view_map import view_map_traces
    from dashboard.view_state import ViewState

    fills = []
    for period in ("from=2020-01&to=2020-12", "from=2025-01&to=2025-03"):
        view, _ = ViewState.from_query(f"goods=chpl&{period}", demo_services.view_context)
        data = load_view_data(view, demo_services)
        fills.append(view_map_traces(view, data, demo_services)[0].to_plotly_json())
    first, second = fills
    assert (first["zmin"], first["zmax"]) == (second["zmin"], second["zmax"])  # one scale for both periods
    assert first["zmin"] < first["zmax"] and "fixed" in first["colorbar"]["title"]["text"]
    z_first = dict(zip(first["locations"], first["z"], strict=True))
    z_second = dict(zip(second["locations"], second["z"], strict=True))
    assert z_first["KAZ"] != z_second["KAZ"]  # and the colours follow each period's monthly trade
    assert all(first["zmin"] <= t <= first["zmax"] for t in first["colorbar"]["tickvals"])


def test_the_fill_range_covers_the_countries_monthly_trade():
    import numpy as np

    from dashboard.figures.country_fill import fill_range

    assert fill_range(np.array([0.0, 0.0])) is None
    low, high = fill_range(np.array([1e6, 1e7, 1e8, 1e9]))
    assert 6.0 < low < 7.0 and high == 9.0


def test_a_series_with_no_event_in_its_months_draws_none():
    """A window before every event (the bench's random views found it: the chart raised KeyError)."""
    figure = _monthly_chart("2019-06-01")
    assert all(not t.get("x") for t in figure["data"] if t["meta"]["role"] == "events")

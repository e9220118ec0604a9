"""Pure figure builders on small frames: traces, widths, legend entries, colours, arrows."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dashboard.figures import palette
from dashboard.figures.flows import (
    CLASS_COUNT,
    MIRROR_NOTE,
    MIRROR_SHORT,
    WIDTHS,
    arc,
    bearing,
    empty_flow_traces,
    flow_traces,
    nice_number,
    width_breaks,
    width_class,
)

ANCHORS = {
    "EUU": (9.9, 49.8),
    "KAZ": (71.4, 51.2),
    "RUS": (37.6, 55.8),
    "KGZ": (74.6, 42.9),
    "ARM": (44.5, 40.2),
}
NAMES = {"EUU": "EU27", "KAZ": "Kazakhstan", "RUS": "Russia", "KGZ": "Kyrgyzstan", "ARM": "Armenia"}


def _edges() -> pd.DataFrame:
    rows = [
        ("EUU", "KAZ", 5e9, 40.0, False),
        ("KAZ", "RUS", 2e9, 150.0, True),
        ("KGZ", "RUS", 4e8, 900.0, True),
        ("EUU", "ARM", 1e8, 10.0, False),
        ("ARM", "RUS", 3e9, float("nan"), True),
        ("XXX", "RUS", 9e9, 1.0, True),
    ]  # no anchor: not drawable
    frame = pd.DataFrame(rows, columns=["exporter", "importer", "value_usd", "change_pct", "mirror"])
    frame["status"] = ["active", "active", "active", "active", "new", "active"]
    frame["baseline_value_usd"] = [1e9, 1e9, 1e7, 1e8, 0.0, 1e9]
    return frame


def test_stopped_flows_are_drawn_grey_and_dashed_with_their_baseline_in_the_hover():
    edges = pd.concat(
        [
            _edges(),
            pd.DataFrame(
                [("KGZ", "KAZ", 0.0, -100.0, False, "stopped", 4e8)],
                columns=[
                    "exporter",
                    "importer",
                    "value_usd",
                    "change_pct",
                    "mirror",
                    "status",
                    "baseline_value_usd",
                ],
            ),
        ],
        ignore_index=True,
    )
    traces = flow_traces(edges, ANCHORS, NAMES, period_label="p", goods_label="g")
    stopped = traces[-2]
    assert stopped.meta == {"layer": "flows", "stopped": True}
    assert stopped.line.dash == "dash" and stopped.line.color != palette.FLOW
    assert sum(1 for v in stopped.lon if v is None) == 1
    hover = next(t for t in stopped.text if t)
    assert "Kyrgyzstan → Kazakhstan" in hover and "stopped" in hover and "$400 m" in hover
    arrows = traces[CLASS_COUNT]
    assert len(arrows.lon) == 5  # the stopped flow has no arrowhead
    colours = dict(zip([t.split("</b>")[0] for t in arrows.text], arrows.marker.color, strict=True))
    assert (
        colours["<b>Armenia → Russia"] == palette.NEW_FLOW
        and colours["<b>Kazakhstan → Russia"] == palette.FLOW
    )
    symbols = dict(zip([t.split("</b>")[0] for t in arrows.text], arrows.marker.symbol, strict=True))
    assert symbols["<b>Armenia → Russia"] == palette.NEW_FLOW_SYMBOL  # new: another shape, not only colour
    assert symbols["<b>Kazakhstan → Russia"] == palette.FLOW_SYMBOL


def test_nice_numbers_and_breaks():
    assert nice_number(1234) == 1200 and nice_number(0.0) == 0.0
    breaks = width_breaks(pd.Series([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], dtype=float))
    assert breaks == sorted(breaks) and len(breaks) == CLASS_COUNT - 1
    assert [width_class(v, [10, 20, 30, 40]) for v in (5, 10, 15, 35, 99)] == [0, 0, 1, 3, 4]


def test_five_classes_plus_arrows_with_legend_ranges():
    traces = flow_traces(
        _edges(), ANCHORS, NAMES, period_label="Jan 2023 – Dec 2023", goods_label="CHPL Tier 1"
    )
    assert len(traces) == CLASS_COUNT + 3  # widths, arrowheads, stopped flows, assigned trade
    lines, arrows = traces[:CLASS_COUNT], traces[CLASS_COUNT]
    assert [t.line.width for t in lines] == list(WIDTHS)
    assert all(t.line.color == palette.FLOW and t.legendgroup == "flows" for t in lines)
    assert lines[0].name.startswith("up to $") and lines[-1].name.startswith("over $")
    assert (
        arrows.showlegend is False
        and set(arrows.marker.symbol) <= {palette.FLOW_SYMBOL, palette.NEW_FLOW_SYMBOL}
        and arrows.marker.angleref == "north"
    )
    assert len(arrows.lon) == 5  # the unanchored edge is left out


def test_each_edge_lands_in_its_width_class():
    traces = flow_traces(_edges(), ANCHORS, NAMES, period_label="p", goods_label="g")
    per_class = [sum(1 for v in t.lon if v is None) for t in traces[:CLASS_COUNT]]
    assert per_class == [1, 1, 1, 1, 1]  # five edges, one in each quintile class
    assert all(t.hoverinfo == "none" for t in traces[:CLASS_COUNT])  # events only: the arrowheads label
    arrows = traces[CLASS_COUNT]
    # every point of a line names its flow's arrowhead, whose label a hover on the line shows
    for line in traces[:CLASS_COUNT]:
        stroke = next(s for s in line.customdata if s is not None)
        first = list(line.customdata).index(stroke)
        assert line.lon[first] is not None and 0 <= stroke < len(arrows.lon)
        assert line.customdata[list(line.lon).index(None)] is None  # the gap between strokes names none
    biggest_arrow = max(zip(arrows.marker.size, arrows.text, strict=True))[1]
    assert "Armenia → Russia" in biggest_arrow or "EU27 → Kazakhstan" in biggest_arrow


def test_hover_says_value_change_period_goods_and_mirror():
    traces = flow_traces(
        _edges(), ANCHORS, NAMES, period_label="Jan 2023 – Dec 2023", goods_label="CHPL Tier 1"
    )
    arrows = traces[CLASS_COUNT]
    texts = list(arrows.text)
    kaz_rus = next(t for t in texts if "Kazakhstan → Russia" in t)
    assert "$2.00 bn" in kaz_rus and "+150% vs 2019–2021" in kaz_rus and MIRROR_SHORT in kaz_rus
    # the period and goods are in the trace's template, under every point's text
    assert arrows.hovertemplate.startswith("%{text}<br>")
    assert "Jan 2023 – Dec 2023" in arrows.hovertemplate and "CHPL Tier 1" in arrows.hovertemplate
    eu_kaz = next(t for t in texts if "EU27 → Kazakhstan" in t)
    assert MIRROR_SHORT not in eu_kaz and MIRROR_NOTE not in eu_kaz
    assert "new: no trade in 2019–2021" in next(t for t in texts if "Armenia → Russia" in t)


def test_arrows_point_along_travel():
    xs, ys = arc((0.0, 0.0), (10.0, 0.0))
    assert xs[0] == 0.0 and xs[-1] == 10.0 and min(ys) < 0  # bends to the right of travel (south, going east)
    assert bearing(0, 0, 1, 0) == pytest.approx(90.0)
    assert bearing(0, 0, 0, 1) == pytest.approx(0.0)
    _, back_ys = arc((10.0, 0.0), (0.0, 0.0))
    assert max(back_ys) > 0  # the return leg bends the other way: A→B and B→A do not overlap


def test_empty_traces_keep_the_trace_count():
    traces = empty_flow_traces()
    assert len(traces) == CLASS_COUNT + 4 and all(len(t.lon or []) == 0 for t in traces)
    assert all(t.meta["layer"] == "flows" for t in traces)
    assert not any(math.isnan(w) for w in WIDTHS)


def test_trade_assigned_to_crossings_is_sized_by_value_and_called_a_modelled_estimate():
    assigned = pd.DataFrame(
        {
            "lon": [44.6, 74.4],
            "lat": [42.8, 43.2],
            "value_usd": [400.0, 100.0],
            "text": ["Upper Lars", "Korday"],
        }
    )
    trace = flow_traces(_edges(), ANCHORS, NAMES, period_label="p", goods_label="g", assigned=assigned)[-1]
    assert trace.meta == {"layer": "flows", "assigned": True} and "modelled" in trace.name
    assert trace.marker.size[0] > trace.marker.size[1] and list(trace.text) == ["Upper Lars", "Korday"]


def test_a_fixed_scale_classes_flows_by_their_value_per_month():
    breaks = [1e8, 2e8, 4e8, 8e8]
    twelve = flow_traces(
        _edges(), ANCHORS, NAMES, period_label="p", goods_label="g", months=12, breaks=breaks
    )
    one = flow_traces(_edges(), ANCHORS, NAMES, period_label="p", goods_label="g", months=1, breaks=breaks)
    assert [t.name for t in twelve[:CLASS_COUNT]] == [t.name for t in one[:CLASS_COUNT]]
    assert twelve[0].name == "up to $100 m" and twelve[-1 - 3].name == "over $800 m"  # touching classes
    per_class = [sum(1 for v in t.lon if v is None) for t in twelve[:CLASS_COUNT]]
    # a year's 5, 2, 0.4, 0.1 and 3 bn are 417, 167, 33, 8 and 250 m a month: classes 3, 1, 0, 0, 2
    assert per_class == [2, 1, 1, 1, 0]
    assert [sum(1 for v in t.lon if v is None) for t in one[:CLASS_COUNT]][-1] == 3


def test_the_map_keeps_one_scale_across_periods(demo_services):
    from dashboard.view_data import load_view_data
    from dashboard.view_map import view_map_traces
    from dashboard.view_state import ViewState

    legends = []
    for query in ("goods=chpl&from=2019-01&to=2019-12", "goods=chpl&from=2025-04&to=2025-04"):
        view, _ = ViewState.from_query(query, demo_services.view_context)
        data = load_view_data(view, demo_services)
        _, flows, _ = view_map_traces(view, data, demo_services)
        legends.append([t.name for t in flows[:CLASS_COUNT]])
        assert flows[0].legendgrouptitle.text.startswith("Flows, USD a month")
    assert legends[0] == legends[1] and legends[0][0].startswith("up to $")

"""The map's frame: which points it shows, and where origins outside it enter it."""

from __future__ import annotations

import math

import pytest

from dashboard.figures.frame import FLOW_INSET, LABEL_INSET, entry_point, in_frame, region_centre


def test_the_frame_shows_the_region_and_not_what_lies_beyond():
    assert in_frame(71.4, 51.2) and in_frame(44.6, 42.8)  # Astana, Upper Lars
    assert in_frame(13.4, 52.5)  # Berlin: the conic frame's north-west corner reaches it
    assert not in_frame(-9.1, 38.7) and not in_frame(116.4, 39.9)  # Lisbon, Beijing
    assert not in_frame(float("nan"), 40.0) and not in_frame(500.0, 40.0)


@pytest.mark.parametrize(
    ("name", "origin"), [("Xi'an", (108.94, 34.34)), ("Lisbon", (-9.1, 38.7)), ("Riyadh", (46.7, 24.7))]
)
def test_an_origin_outside_enters_at_the_edge_on_its_line_to_the_centre(name, origin):
    entry = entry_point(origin)
    assert entry != origin and in_frame(*entry, FLOW_INSET)
    centre = region_centre()
    # on the straight line from the origin to the centre
    cross = (entry[0] - origin[0]) * (centre[1] - origin[1]) - (entry[1] - origin[1]) * (
        centre[0] - origin[0]
    )
    assert abs(cross) < 1e-2
    # and at the edge: a little further out is no longer shown at the inset
    back = (entry[0] + (origin[0] - entry[0]) * 0.02, entry[1] + (origin[1] - entry[1]) * 0.02)
    assert not in_frame(*back, FLOW_INSET)
    label = entry_point(origin, LABEL_INSET)
    assert in_frame(*label, LABEL_INSET)
    assert math.dist(label, centre) < math.dist(entry, centre)  # the name stands further in


def test_an_origin_inside_stays_where_it_is():
    assert entry_point((71.4, 51.2)) == (71.4, 51.2)


def test_china_enters_from_the_east_with_its_name_on_the_map(demo_services):
    from dashboard.view_data import load_view_data
    from dashboard.view_map import view_map_traces
    from dashboard.view_state import ViewState

    assert "CHN" in demo_services.off_frame and demo_services.anchors["CHN"][0] > 95
    view, _ = ViewState.from_query("goods=chpl&dir=all", demo_services.view_context)
    data = load_view_data(view, demo_services)
    _, flows, _ = view_map_traces(view, data, demo_services)
    assert "China (off map)" in list(flows[-1].text)

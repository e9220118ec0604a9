"""Names on the map: placed most important first, inside the frame, never overlapping."""

from __future__ import annotations

import itertools

from dashboard.figures.frame import projected_frame
from dashboard.figures.labels import KIND_STYLE, NOMINAL_WIDTH_PX, Label, label_box, place_labels


def _scale() -> float:
    x0, x1, _, _ = projected_frame()
    return NOMINAL_WIDTH_PX / (x1 - x0)


def _boxes(labels: list[Label], font_scale: float = 1.0) -> list[tuple]:
    return [label_box(label, _scale(), KIND_STYLE[label.kind][0] * font_scale) for label in labels]


def _overlapping(boxes: list[tuple]) -> list[tuple]:
    return [
        (a, b)
        for a, b in itertools.combinations(boxes, 2)
        if a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3]
    ]


def test_the_more_important_of_two_clashing_labels_wins():
    russia = Label("Russia", 60.0, 52.0, "country", 10.0)
    clash = Label("Somewhere close", 60.3, 52.1, "crossing", 5.0)
    far = Label("Tbilisi", 44.8, 41.7, "country", 1.0)
    placed = place_labels([clash, far, russia])
    assert [label.text for label in placed] == ["Russia", "Tbilisi"]


def test_labels_outside_the_frame_or_repeated_are_left_out():
    placed = place_labels(
        [
            Label("Lisbon", -9.1, 38.7, "country", 9.0),  # west of what the map shows
            Label("Astana", 71.4, 51.2, "country", 8.0),
            Label("Astana", 71.0, 45.0, "country", 1.0),
        ]
    )
    assert [label.text for label in placed] == ["Astana"]


def test_many_candidates_never_overlap_at_any_font_scale():
    grid = [
        Label(f"Place number {i}", 25 + (i * 7.3) % 70, 33 + (i * 3.1) % 26, "crossing", float(i))
        for i in range(200)
    ]
    for font_scale in (1.0, 1.5):
        placed = place_labels(grid, font_scale)
        assert 5 < len(placed) < 200
        assert not _overlapping(_boxes(placed, font_scale))


def test_the_default_view_names_russia_transit_countries_and_busy_crossings(demo_services):
    from dashboard.view_data import load_view_data
    from dashboard.view_map import view_map_traces
    from dashboard.view_state import ViewState

    view, _ = ViewState.from_query("goods=chpl", demo_services.view_context)
    data = load_view_data(view, demo_services)
    _, flows, _ = view_map_traces(view, data, demo_services)
    labels = flows[-1]
    assert labels.meta["labels"] is True and labels.mode == "text"
    texts = list(labels.text)
    assert "Russia" in texts and "Kazakhstan" in texts and "Armenia" in texts
    kinds = labels.meta["kinds"]
    assert sum(kind in ("crossing", "port") for kind in kinds) >= 5
    placed = [
        Label(t, lon, lat, kind, 0.0, position)
        for t, lon, lat, kind, position in zip(
            texts, labels.lon, labels.lat, kinds, labels.textposition, strict=True
        )
    ]
    assert not _overlapping(_boxes(placed))

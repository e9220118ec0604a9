"""Trade drawn along the route network: sections add up where routes share them."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.figures.flows import CLASS_COUNT, flow_traces
from dashboard.figures.network import route_segments

NAMES = {"ARM": "Armenia", "GEO": "Georgia", "RUS": "Russia"}
YEREVAN, TBILISI, MOSCOW = (44.5, 40.2), (44.8, 41.7), (37.6, 55.8)
SADAKHLO, UPPER_LARS = (44.8, 41.2), (44.6, 42.8)


def _segments() -> pd.DataFrame:
    values = pd.DataFrame(
        {
            "exporter": ["ARM", "GEO"],
            "importer": ["RUS", "RUS"],
            "route_id": ["arm", "geo"],
            "value_usd": [200.0, 50.0],
        }
    )
    paths = {
        ("ARM", "RUS", "arm"): [
            ("Yerevan", YEREVAN),
            ("Sadakhlo", SADAKHLO),
            ("Upper Lars", UPPER_LARS),
            ("Moscow", MOSCOW),
        ],
        ("GEO", "RUS", "geo"): [("Tbilisi", TBILISI), ("Upper Lars", UPPER_LARS), ("Moscow", MOSCOW)],
    }
    return route_segments(values, paths, NAMES, period_label="2024", goods_label="CHPL")


def test_routes_sharing_a_section_add_up_and_each_section_names_its_pairs():
    segments = _segments()
    assert len(segments) == 4  # Yerevan–Sadakhlo, Sadakhlo–Upper Lars, Tbilisi–Upper Lars, Upper Lars–Moscow
    shared = segments[(segments["x0"] == UPPER_LARS[0]) & (segments["y1"] == MOSCOW[1])].iloc[0]
    assert shared["value_usd"] == pytest.approx(250.0)
    assert "Armenia → Russia: $200" in shared["text"] and "Georgia → Russia: $50" in shared["text"]
    assert "Modelled estimate" in shared["text"]


def test_sections_are_drawn_as_straight_strokes_in_the_width_classes():
    empty = pd.DataFrame(columns=["exporter", "importer", "value_usd", "change_pct", "mirror", "status"])
    traces = flow_traces(empty, {}, NAMES, period_label="p", goods_label="g", segments=_segments())
    drawn = sum(sum(1 for v in t.lon if v is None) for t in traces[:CLASS_COUNT])
    assert drawn == 4
    arrows = traces[CLASS_COUNT]
    assert len(arrows.lon) == 4 and all("Modelled estimate" in text for text in arrows.text)

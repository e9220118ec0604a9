"""Colour-blind-safe colours (Paul Tol's qualitative and diverging schemes; Okabe–Ito accents)."""

from __future__ import annotations

#: Dark, colour-blind-distinguishable hues (Tol "muted" and "bright", Okabe–Ito, ColorBrewer's darkest
#: diverging ends): each at least 3:1 against the land, the sea and every role fill of the map (WCAG
#: 1.4.11, checked by tests/dashboard/test_palette_contrast.py). Corridors also differ by dash pattern
#: (mode), so colour is never the only cue.
CATEGORICAL = (
    "#332288",
    "#117733",
    "#882255",
    "#4477AA",
    "#994F00",
    "#AA3377",
    "#01665E",
    "#5E3C99",
    "#B35806",
    "#228833",
    "#762A83",
    "#1F78B4",
    "#8C510A",
    "#C51B7D",
    "#005F73",
    "#4D4D4D",
)
#: Tol "sunset"-like sequential for positive values (light → dark blue).
SEQUENTIAL = ("#EAF1F8", "#C6DBEF", "#9ECAE1", "#6BAED6", "#3182BD", "#08519C")
#: Tol "BuRd" diverging, centred on zero: blue = fall, red = rise.
DIVERGING = (
    "#2166AC",
    "#4393C3",
    "#92C5DE",
    "#D1E5F0",
    "#F7F7F7",
    "#FDDBC7",
    "#F4A582",
    "#D6604D",
    "#B2182B",
)
ROLE_FILL = {"russia": "#E8D5C4", "transit": "#DCE6D4", "origin": "#D9DEEA", "other": "#EFEFEF"}
LAND = "#F4F4F2"
OCEAN = "#E6EEF5"
BORDER = "#8C8C8C"
FLOW = "#B2182B"
#: Arrowheads of new flows (no 2019–2021 trade): dark orange, distinct from the flow colour, and a
#: concave arrowhead (`NEW_FLOW_SYMBOL`) so that colour is not the only cue.
NEW_FLOW = "#B35806"
NEW_FLOW_SYMBOL = "star-triangle-up"
FLOW_SYMBOL = "triangle-up"
TEXT = "#1F2933"
CROSSING_SYMBOL = {"road": "square", "rail": "diamond", "both": "star"}
HUB_SYMBOL = {
    "sea_port": "circle",
    "river_port": "circle",
    "dry_port": "hexagon",
    "rail_hub": "triangle-up",
    "city": "circle-open",
}
CORRIDOR_DASH = {"road": "solid", "rail": "dash", "sea": "dot", "multimodal": "dashdot"}


def categorical(index: int) -> str:
    """The ``index``-th colour of `CATEGORICAL`, cycling when there are more items than colours."""
    return CATEGORICAL[index % len(CATEGORICAL)]

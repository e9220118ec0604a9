"""Colour-blind-safe colours (Paul Tol's qualitative and diverging schemes; Okabe–Ito accents)."""

from __future__ import annotations

#: Tol "muted" followed by Tol "bright" extras: distinguishable under the common colour-vision
#: deficiencies; corridors also differ by dash pattern (mode), so colour is never the only cue.
CATEGORICAL = (
    "#332288",
    "#117733",
    "#44AA99",
    "#88CCEE",
    "#DDCC77",
    "#CC6677",
    "#AA4499",
    "#882255",
    "#999933",
    "#4477AA",
    "#EE6677",
    "#228833",
    "#CCBB44",
    "#66CCEE",
    "#AA3377",
    "#BBBBBB",
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
#: Arrowheads of new flows (no 2019–2021 trade): Okabe–Ito orange, distinct from the flow colour.
NEW_FLOW = "#E69F00"
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
    return CATEGORICAL[index % len(CATEGORICAL)]

"""The geo projection and base map shared by every map figure (screen and static export)."""

from __future__ import annotations

from dashboard.figures import palette

#: Türkiye to western China, the Caspian in the middle; equal-area so areas compare fairly.
REGION_GEO = {
    "projection": {"type": "conic equal area", "parallels": [38, 55], "rotation": {"lon": 60}},
    "lonaxis": {"range": [20, 100]},
    "lataxis": {"range": [29, 63]},
    "center": {"lon": 58, "lat": 46},
    "resolution": 50,
    "showland": True,
    "landcolor": palette.LAND,
    "showocean": True,
    "oceancolor": palette.OCEAN,
    "showlakes": True,
    "lakecolor": palette.OCEAN,
    "showcountries": True,
    "countrycolor": palette.BORDER,
    "countrywidth": 0.6,
    "showcoastlines": True,
    "coastlinecolor": "#9AA5B1",
    "coastlinewidth": 0.5,
    "showframe": False,
    "bgcolor": "rgba(0,0,0,0)",
}


#: Width over height of the region's frame as plotly draws it (the lon/lat ranges above, projected):
#: the page sizes the map's panel to it (assets/app.css), so the map fills the panel without bands.
REGION_ASPECT = 1.79
#: The legend's column right of the map, in px: a fixed margin, so the map's width is known to the page
#: (the legend is narrower; 0 when the reader collapses it). Presentation mode's larger text needs more.
LEGEND_WIDTH = 190
PRESENT_LEGEND_WIDTH = 290
TOP_MARGIN = 24


def geo_layout(uirevision: str = "map") -> dict:
    """Layout for a map figure: the region projection, a legend, and a stable `uirevision`.

    `uirevision` keeps the user's zoom and pan when the figure is updated.
    """
    return {
        "geo": {**REGION_GEO, "uirevision": uirevision},
        "margin": {"l": 0, "r": LEGEND_WIDTH, "t": TOP_MARGIN, "b": 0},
        "legend": {  # to the right of the map, compact: one entry per class or kind, short names
            "orientation": "v",
            "x": 1.0,
            "y": 1.0,
            "xanchor": "left",
            "yanchor": "top",
            "bgcolor": "rgba(255,255,255,0.92)",
            "bordercolor": "#D9DEE3",
            "borderwidth": 1,
            "font": {"size": 10},
            "itemclick": False,  # a key, not a switch: the Layers checkboxes show and hide layers
            "itemdoubleclick": False,
            "tracegroupgap": 4,
            "itemwidth": 30,
        },
        "paper_bgcolor": "rgba(0,0,0,0)",
        "uirevision": uirevision,
        "font": {"family": "Inter, 'Segoe UI', 'Helvetica Neue', Arial, sans-serif", "color": palette.TEXT},
        "hoverlabel": {"align": "left"},
    }

"""Pure trace builders for the reference layers: countries, crossings, ports and hubs, corridors.

Each trace carries ``meta={"layer": NAME}`` so callbacks can find a layer's traces by name and
toggle or patch them without rebuilding the figure.
"""

from __future__ import annotations

from html import escape

import geopandas as gpd
import plotly.graph_objects as go

from dashboard.figures import palette
from geodata.geometry import plotly_path

#: The map's layers, in drawing order (later on top): the one list the view state, the layer
#: checkboxes and the map figure read.
LAYERS = ("countries", "flows", "basis", "corridors", "crossings", "hubs", "signals")
#: What a view shows when its link names no layers: all but the data-basis overlay (an analyst's check).
DEFAULT_LAYERS = tuple(layer for layer in LAYERS if layer != "basis")
LAYER_TITLES = {
    "countries": "Countries",
    "flows": "Trade flows",
    "basis": "Data basis of each flow",
    "corridors": "Transit corridors",
    "crossings": "Border crossings",
    "hubs": "Ports and hubs",
    "signals": "Signals",
}
MODE_LABEL = {"road": "road", "rail": "rail", "both": "road and rail"}
HUB_KIND_LABEL = {
    "sea_port": "sea port",
    "river_port": "river port",
    "dry_port": "dry port",
    "rail_hub": "rail hub",
    "city": "city",
}


def _text(value: object) -> str:
    return escape(str(value)) if value is not None and str(value) != "nan" else ""


def _source_line(source: str, confidence: str) -> str:
    short = _text(source)
    if len(short) > 90:
        short = short[:87] + "…"
    return f"<span style='font-size:11px'>Source: {short} ({_text(confidence)} confidence)</span>"


def country_role_trace(countries: gpd.GeoDataFrame) -> go.Choropleth:
    """Countries filled by their role (Russia, transit state, origin), before any trade metric."""
    shown = countries[countries.geometry.notna()]
    roles = list(palette.ROLE_FILL)
    z = [roles.index(r) for r in shown["role"]]
    scale = [[i / (len(roles) - 1), palette.ROLE_FILL[r]] for i, r in enumerate(roles)]
    return go.Choropleth(
        locations=list(shown.index),
        z=z,
        locationmode="ISO-3",
        colorscale=scale,
        zmin=0,
        zmax=len(roles) - 1,
        showscale=False,
        marker={"line": {"color": palette.BORDER, "width": 0.6}},
        text=[
            f"<b>{_text(n)}</b><br>{_text(g)} · {r}"
            for n, g, r in zip(shown["name"], shown["group"], shown["role"], strict=True)
        ],
        hovertemplate="%{text}<extra></extra>",
        name="Countries",
        meta={"layer": "countries"},
    )


def crossing_traces(crossings: gpd.GeoDataFrame) -> list[go.Scattergeo]:
    """One marker trace per crossing mode, each with its own symbol and legend entry."""
    traces = []
    for mode, symbol in palette.CROSSING_SYMBOL.items():
        rows = crossings[crossings["mode"] == mode]
        if rows.empty:
            continue
        text = [
            f"<b>{_text(r.name_en)}</b><br>{_text(r.name_local)}<br>{r.country_a}–{r.country_b} · "
            f"{MODE_LABEL[r.mode]} · {'border station inland' if r.marks == 'inland_station' else 'checkpoint'}"
            f"<br>{_text(r.status)}<br>{_source_line(r.source, r.confidence)}"
            for r in rows.itertuples()
        ]
        traces.append(
            go.Scattergeo(
                lon=rows.geometry.x.tolist(),
                lat=rows.geometry.y.tolist(),
                mode="markers",
                marker={
                    "symbol": symbol,
                    "size": 9,
                    "color": "#1F2933",
                    "line": {"color": "white", "width": 1},
                },
                text=text,
                hovertemplate="%{text}<extra></extra>",
                customdata=list(rows.index),
                name=f"Crossing: {MODE_LABEL[mode]}",
                legendgroup="crossings",
                legendgrouptitle={"text": LAYER_TITLES["crossings"]},
                meta={"layer": "crossings"},
            )
        )
    return traces


def hub_traces(hubs: gpd.GeoDataFrame) -> list[go.Scattergeo]:
    """Ports and hubs: one trace per kind, labelled with their names."""
    traces = []
    for kind, symbol in palette.HUB_SYMBOL.items():
        rows = hubs[hubs["kind"] == kind]
        if rows.empty:
            continue
        text = [
            f"<b>{_text(r.name_en)}</b><br>{_text(r.name_local)}<br>{HUB_KIND_LABEL[r.kind]}"
            f"{' · ' + _text(r.water_body) if _text(r.water_body) else ''}<br>{_text(r.notes)}"
            f"<br>{_source_line(r.source, r.confidence)}"
            for r in rows.itertuples()
        ]
        is_port = kind.endswith("port")
        traces.append(
            go.Scattergeo(
                lon=rows.geometry.x.tolist(),
                lat=rows.geometry.y.tolist(),
                mode="markers",
                marker={
                    "symbol": symbol,
                    "size": 8 if is_port else 6,
                    "color": "#0B5D8C" if is_port else "#52606D",
                    "line": {"color": "white", "width": 0.8},
                },
                text=text,
                hovertemplate="%{text}<extra></extra>",
                customdata=list(rows.index),
                name=HUB_KIND_LABEL[kind].capitalize(),
                legendgroup="hubs",
                legendgrouptitle={"text": LAYER_TITLES["hubs"]},
                meta={"layer": "hubs"},
            )
        )
    return traces


CORRIDORS_LEGEND = "Transit corridors"


def corridor_traces(corridors: gpd.GeoDataFrame, highlight: str | None = None) -> list[go.Scattergeo]:
    """One line per corridor: its own colour, a dash pattern by mode, hover with the description.
    The legend has one entry for them all (`CORRIDORS_LEGEND`); the map names each corridor.
    """
    traces = []
    for index, row in enumerate(corridors.itertuples()):
        lons, lats = plotly_path(row.geometry)
        dimmed = highlight is not None and highlight != row.id
        hover = (
            f"<b>{_text(row.name)}</b> ({row.mode})<br>{_text(row.description)}"
            f"<br>{_source_line(row.source, row.confidence)}"
        )
        traces.append(
            go.Scattergeo(
                lon=lons,
                lat=lats,
                mode="lines",
                legendrank=900,
                line={
                    "color": palette.categorical(index),
                    "width": 3.5,
                    "dash": palette.CORRIDOR_DASH.get(row.mode, "solid"),
                },
                opacity=0.25 if dimmed else 0.9,
                text=hover,
                hoverinfo="text",
                customdata=[row.id] * len(lons),  # a click on the line names the corridor, not a country
                name=CORRIDORS_LEGEND if index == 0 else str(row.name),
                # one legend entry for every corridor (they are named on the map): a compact legend
                showlegend=index == 0,
                legendgroup="corridors",
                meta={"layer": "corridors", "corridor": row.id},
            )
        )
    return traces

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
from geodata.i18n import N_, _
from geodata.localized_names import localized
from geodata.transport_modes import mode_title

#: The map's layers, in drawing order (later on top): the one list the view state, the layer
#: checkboxes and the map figure read.
LAYERS = ("countries", "flows", "basis", "corridors", "crossings", "hubs", "signals")
#: What a view shows when its link names no layers: all but the data-basis overlay (an analyst's check).
DEFAULT_LAYERS = tuple(layer for layer in LAYERS if layer != "basis")
#: Display titles (marked for translation: show them with ``_()``).
LAYER_TITLES = {
    "countries": N_("Countries"),
    "flows": N_("Trade flows"),
    "basis": N_("Data basis of each flow"),
    "corridors": N_("Transit corridors"),
    "crossings": N_("Border crossings"),
    "hubs": N_("Ports and hubs"),
    "signals": N_("Signals"),
}
HUB_KIND_LABEL = {
    "sea_port": N_("sea port"),
    "river_port": N_("river port"),
    "dry_port": N_("dry port"),
    "rail_hub": N_("rail hub"),
    "city": N_("city"),
}
ROLE_LABEL = {
    "russia": N_("russia"),
    "transit": N_("transit"),
    "origin": N_("origin"),
    "other": N_("other"),
}
#: The country groups of the reference table (its ``group`` column), shown in the countries' hover.
GROUP_LABEL = {
    "Caucasus": N_("Caucasus"),
    "Central Asia": N_("Central Asia"),
    "China": N_("China"),
    "EU": N_("EU"),
    "East Asia": N_("East Asia"),
    "Eastern Europe": N_("Eastern Europe"),
    "Middle East": N_("Middle East"),
    "Russia": N_("Russia"),
    "Türkiye": N_("Türkiye"),
}
CONFIDENCE_LABEL = {"high": N_("high"), "medium": N_("medium"), "low": N_("low")}


def _text(value: object) -> str:
    return escape(str(value)) if value is not None and str(value) != "nan" else ""


def code_title(table: dict[str, str], value: object) -> str:
    """A code's display title in the active language (the code itself when the table lacks it)."""
    text = str(value) if value is not None and str(value) != "nan" else ""
    return _(table[text]) if text in table else text


def _source_line(source: str, confidence: str) -> str:
    short = str(source) if source is not None and str(source) != "nan" else ""
    short = _text(short[:87] + "…" if len(short) > 90 else short)  # cut before escaping: no half entities
    line = _("Source: {source} ({confidence} confidence)").format(
        source=short, confidence=escape(code_title(CONFIDENCE_LABEL, confidence))
    )
    return f"<span style='font-size:11px'>{line}</span>"


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
            f"<b>{_text(n)}</b><br>{escape(code_title(GROUP_LABEL, g))} · {escape(code_title(ROLE_LABEL, r))}"
            for n, g, r in zip(localized(shown, "name"), shown["group"], shown["role"], strict=True)
        ],
        hovertemplate="%{text}<extra></extra>",
        name=_("Countries"),
        meta={"layer": "countries"},
    )


def crossing_traces(crossings: gpd.GeoDataFrame) -> list[go.Scattergeo]:
    """One marker trace per crossing mode, each with its own symbol and legend entry."""
    traces = []
    inland, checkpoint = _("border station inland"), _("checkpoint")
    for mode, symbol in palette.CROSSING_SYMBOL.items():
        rows = crossings[crossings["mode"] == mode]
        if rows.empty:
            continue
        text = [
            f"<b>{_text(r.name_en)}</b><br>{_text(r.name_local)}<br>{r.country_a}–{r.country_b} · "
            f"{mode_title(r.mode)} · {inland if r.marks == 'inland_station' else checkpoint}"
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
                name=_("Crossing: {mode}").format(mode=mode_title(mode)),
                legendgroup="crossings",
                legendgrouptitle={"text": _(LAYER_TITLES["crossings"])},
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
            f"<b>{_text(r.name_en)}</b><br>{_text(r.name_local)}<br>{_(HUB_KIND_LABEL[r.kind])}"
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
                name=_(HUB_KIND_LABEL[kind]).capitalize(),
                legendgroup="hubs",
                legendgrouptitle={"text": _(LAYER_TITLES["hubs"])},
                meta={"layer": "hubs"},
            )
        )
    return traces


CORRIDORS_LEGEND = N_("Transit corridors")


def corridor_traces(corridors: gpd.GeoDataFrame, highlight: str | None = None) -> list[go.Scattergeo]:
    """One line per corridor: its own colour, a dash pattern by mode, hover with the description.
    The legend has one entry for them all (`CORRIDORS_LEGEND`); the map names each corridor.
    """
    traces = []
    for index, (row, name) in enumerate(
        zip(corridors.itertuples(), localized(corridors, "name"), strict=True)
    ):
        lons, lats = plotly_path(row.geometry)
        dimmed = highlight is not None and highlight != row.id
        hover = (
            f"<b>{_text(name)}</b> ({escape(mode_title(row.mode))})<br>{_text(row.description)}"
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
                name=_(CORRIDORS_LEGEND) if index == 0 else str(name),
                # one legend entry for every corridor (they are named on the map): a compact legend
                showlegend=index == 0,
                legendgroup="corridors",
                meta={"layer": "corridors", "corridor": row.id},
            )
        )
    return traces

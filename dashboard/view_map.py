"""The view's map, from its numbers: the country fill, the flow traces, the data-basis overlay, the
modelled trade at crossings and ports, and the names the map shows — the same for the page and for
every export (`dashboard.export.map_picture`). Pure functions of a `ViewData` and the services.
"""

from __future__ import annotations

import pandas as pd

from dashboard.figures.basis_overlay import basis_traces, empty_basis_traces
from dashboard.figures.country_fill import country_metric_trace
from dashboard.figures.flows import flow_traces, undrawn_edges
from dashboard.figures.labels import Label, label_trace, place_labels
from dashboard.figures.network import route_segments
from dashboard.formatting import money
from dashboard.services import Services
from dashboard.view_data import ViewData
from dashboard.view_state import ViewState
from geodata.analytics.assignment import node_summaries
from geodata.analytics.view_numbers import months_between
from geodata.frames import column_values
from geodata.i18n import _
from geodata.localized_names import localized
from geodata.transport_modes import mode_title


def map_caption(data: ViewData, services: Services) -> str:
    """The line under the map: goods, period, source, and what is counted but not drawn."""
    caption = f"{data.goods_label} · {data.period_label} · {services.source_label}"
    off_map = undrawn_edges(data.edges[data.edges["value_usd"] > 0], services.anchors)
    if not off_map.empty:
        caption += " · " + _(
            "{count} flows ({value}) with countries off the map are counted, not drawn"
        ).format(count=len(off_map), value=money(off_map["value_usd"].sum()))
    return caption


def assigned_points(data: ViewData, services: Services) -> pd.DataFrame | None:
    """Crossings and ports with the trade the route model assigns them: lon, lat, value_usd, hover text
    and the place's id.
    """
    if data.assignment is None:
        return None
    places = services.places
    rows = []
    of_these = _("{value} of these flows ({modes})")
    for kind in ("crossing", "port"):
        for node in node_summaries(data.assignment, kind):
            name, (lon, lat) = places[node["id"]]
            modes = ", ".join(f"{mode_title(mode)} {money(v)}" for mode, v in node["by_mode"].items())
            # the goods, period and method are said once, in the trace's hover template
            text = f"<b>{name}</b><br>" + of_these.format(value=money(node["value_usd"]), modes=modes)
            rows.append((lon, lat, node["value_usd"], text, node["id"]))
    return pd.DataFrame(rows, columns=["lon", "lat", "value_usd", "text", "id"])


def network_sections(data: ViewData, services: Services) -> pd.DataFrame:
    """The sections of the route network with the view's routed trade (modelled), for the map."""
    places, anchors, names = services.places, services.anchors, services.names
    steps = services.routes.routes.set_index("route_id")["steps"]
    paths = {}
    for exporter, importer, route_id in column_values(
        data.assignment.route_values, "exporter", "importer", "route_id"
    ):
        if exporter not in anchors or importer not in anchors:
            continue
        middle = [places[step] for step in steps[route_id]]
        paths[(exporter, importer, route_id)] = [
            (names.get(exporter, exporter), anchors[exporter]),
            *middle,
            (names.get(importer, importer), anchors[importer]),
        ]
    return route_segments(
        data.assignment.route_values,
        paths,
        names,
        period_label=data.period_label,
        goods_label=data.goods_label,
    )


def view_map_traces(view: ViewState, data: ViewData, services: Services, font_scale: float = 1.0) -> tuple:
    """The view's country fill, flow traces (the last one its labels) and data-basis overlay traces:
    the same for the live map and for exports; ``font_scale`` enlarges the labels (presentation mode).
    """
    fill = country_metric_trace(
        data.countries,
        view.metric,
        services.names,
        services.eu_members,
        source_label=services.source_label,
        value_range=data.fill_range,
    )
    edges, segments = data.edges, None
    if data.assignment is not None and services.routes is not None:
        segments = network_sections(data, services)
        routes = data.assignment.route_values
        routed = set(zip(routes["exporter"], routes["importer"], strict=True))
        on_network = [(e, i) in routed for e, i in zip(edges["exporter"], edges["importer"], strict=True)]
        edges = edges[~(pd.Series(on_network, index=edges.index, dtype=bool) & (edges["value_usd"] > 0))]
    flows = flow_traces(
        edges,
        services.anchors,
        services.names,
        period_label=data.period_label,
        goods_label=data.goods_label,
        assigned=assigned_points(data, services),
        segments=segments,
        months=months_between(view.start, view.end),
        breaks=data.flow_breaks,
    )
    flows.append(label_trace(place_labels(label_candidates(data, services), font_scale), font_scale))
    # the overlay's data only when its layer is shown: hidden, it would only weigh down every patch
    shown = "basis" in view.layers
    basis = basis_traces(data.edges, services.anchors, services.names) if shown else empty_basis_traces()
    return fill, flows, basis


BUSIEST_PLACES = 10  # crossings and ports named on the map, busiest first
CORRIDOR_LABEL_CHARACTERS = 30


def label_candidates(data: ViewData, services: Services) -> list[Label]:
    """Names the map may show, by importance: Russia and the transit countries, then the busiest
    crossings and ports of the view, then the other countries with trade, then the corridors.
    """
    anchors, names, transit, off_frame = (
        services.anchors,
        services.names,
        services.transit,
        services.off_frame,
    )
    candidates: list[Label] = []
    for country, total in zip(data.countries["country"], data.countries["total"], strict=True):
        if country in anchors and (total > 0 or country == "RUS"):
            tier = 3e15 if country == "RUS" or country in transit else 1e15
            name = names.get(country, country)
            if country in off_frame:  # its flows enter at the frame's edge: the name stands there
                lon, lat = off_frame[country]
                name = _("{name} (off map)").format(name=name)
            else:
                lon, lat = anchors[country]
            candidates.append(Label(name, lon, lat, "country", tier + total))
    if data.assignment is not None:
        busiest = [
            (kind, node)
            for kind in ("crossing", "port")
            for node in node_summaries(data.assignment, kind)
            if node["value_usd"] > 0
        ]
        busiest.sort(key=lambda item: -item[1]["value_usd"])
        for kind, node in busiest[:BUSIEST_PLACES]:
            name, (lon, lat) = services.places[node["id"]]
            candidates.append(Label(name, lon, lat, kind, 2e15 + node["value_usd"]))
    corridors = services.reference.corridors
    for name, line in zip(localized(corridors, "name"), corridors.geometry, strict=True):
        short = name.split(" (")[0]
        short = (
            short if len(short) <= CORRIDOR_LABEL_CHARACTERS else short[: CORRIDOR_LABEL_CHARACTERS - 1] + "…"
        )
        middle = line.interpolate(0.5, normalized=True)
        candidates.append(Label(short, middle.x, middle.y, "corridor", line.length))
    return candidates

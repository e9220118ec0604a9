"""The map figure: base geography, then the layers in a fixed order so patches can address them."""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard.figures.basis_overlay import empty_basis_traces
from dashboard.figures.geo import geo_layout
from dashboard.figures.reference_layers import (
    LAYERS,
    corridor_traces,
    country_role_trace,
    crossing_traces,
    hub_traces,
)
from dashboard.figures.signals import signal_marker_trace
from geodata.layers import ReferenceLayers


def build_map_figure(
    reference: ReferenceLayers,
    *,
    country_trace: go.Choropleth | None = None,
    flow_traces: list[go.Scattergeo] | None = None,
    basis_traces: list[go.Scattergeo] | None = None,
    visible_layers: frozenset[str] = frozenset(LAYERS),
    highlight_corridor: str | None = None,
    annotations: list[dict] | None = None,
) -> go.Figure:
    """Countries, flows, the data-basis overlay, corridors, crossings, hubs and signals, in that order
    (later layers draw on top).

    ``country_trace`` replaces the role fill with a metric fill; ``flow_traces`` come from
    `dashboard.figures.flows`. Layers not in ``visible_layers`` are kept but hidden, so a toggle is
    a one-attribute patch, not a rebuild.
    """
    traces: list[go.BaseTraceType] = [country_trace or country_role_trace(reference.countries)]
    traces += flow_traces or []
    traces += basis_traces if basis_traces is not None else empty_basis_traces()
    traces += corridor_traces(reference.corridors, highlight_corridor)
    traces += crossing_traces(reference.crossings)
    traces += hub_traces(reference.hubs)
    traces.append(signal_marker_trace([], {}, {}))  # filled by the signals callback
    for trace in traces:
        trace.visible = trace.meta["layer"] in visible_layers
    figure = go.Figure(data=traces, layout=geo_layout())
    if annotations:
        figure.update_layout(annotations=annotations)
    return figure

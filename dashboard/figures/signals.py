"""The Signals panel: its empty shell for the layout, one line of evidence per signal, and a small
chart per signal drawn from the numbers in its ``evidence`` (the JSON view's ``signals`` objects).
Pure builders: no callbacks, no queries.
"""

from __future__ import annotations

import plotly.graph_objects as go
from dash import html

from dashboard.figures import palette
from dashboard.formatting import money
from geodata.baseline import BASELINE_LABEL

SIGNALS_SECTION = "signals-section"
SIGNALS_LIST = "signals-list"
KIND_TITLES = {
    "surge": "Re-export surge",
    "mirror_gap": "Mirror gap",
    "transshipment": "Transshipment indicator",
    "unit_value": "Unit value jump",
}
CHART_HEIGHT = 120


def signals_section() -> html.Section:
    """The panel the signals callback fills (a heading, and the list)."""
    return html.Section(
        id=SIGNALS_SECTION,
        className="signals-panel",
        **{"aria-label": "Signals"},
        children=[
            html.H2("Signals"),
            html.P(
                "Flows that look like circumvention, largest first — indicators for a closer look, never proof "
                "(methods and limits: README, “Signals”).",
                className="signals-intro",
            ),
            html.Div(id=SIGNALS_LIST, className="signals-list", role="list"),
        ],
    )


def signal_title(signal: dict, names: dict[str, str]) -> str:
    """'Re-export surge · Kazakhstan → Russia · HS 854231 · 2023-03 – 2023-08'."""

    def name(code: str | None) -> str:
        return names.get(code, code) if code else "any origin"

    route = f"{name(signal['exporter'])} → {name(signal['importer'])}"
    if signal["kind"] == "transshipment":
        route = f"{name(signal['exporter'])} → {name(signal['via'])} → {name(signal['importer'])}"
    goods = f"HS {signal['hs6']}" if signal["hs6"] else (signal["goods"] or "")
    return f"{KIND_TITLES[signal['kind']]} · {route} · {goods} · {signal['start']} – {signal['end']}"


def signal_evidence_text(signal: dict) -> str:
    """The evidence a reader needs first, in one line (the full numbers are in the JSON view)."""
    e, kind = signal["evidence"], signal["kind"]
    if kind == "surge":
        ratio = f"{e['ratio']:.1f}× expected" if e["ratio"] is not None else "new flow"
        return (
            f"{money(e['current_usd'])} over {e['months_above']} months against {money(e['expected_usd'])} "
            f"expected ({ratio}; baseline {money(e['baseline_monthly_usd'])}/month); excess {money(e['excess_usd'])}"
        )
    if kind == "mirror_gap":
        return (
            f"Exporter declared {money(e['exporter_reported_usd'])}, importer {money(e['importer_reported_fob_usd'])} "
            f"(FOB; {money(e['importer_reported_cif_usd'])} CIF) — gap {e['gap_pct']:+.0f} % over "
            f"{e['months_above']} months, {e['direction']}"
        )
    if kind == "transshipment":
        share = "—" if e["share_reexported"] is None else f"{e['share_reexported']:.0%}"
        return (
            f"Imports from origins {money(e['imports_from_origins_usd'])}, exports to Russia "
            f"{money(e['exports_to_russia_usd'])} ({share} re-exported); correlation {e['correlation']:.2f} "
            f"at a lag of {e['lag_months']} months — an indicator, not proof"
        )
    return (
        f"{e['current_usd_per_kg']:.2f} $/kg against {e['baseline_usd_per_kg']:.2f} $/kg in {BASELINE_LABEL} "
        f"({e['ratio']:.2f}×, {e['direction']}) over {e['months_above']} months; {money(e['value_off_usd'])} "
        "of value the price change accounts for"
    )


def _series_for(signal: dict) -> list[tuple[str, list[float], str]]:
    e, kind = signal["evidence"], signal["kind"]
    if kind == "surge":
        return [
            ("value", e["values_usd"], palette.FLOW),
            ("expected", e["expected_values_usd"], palette.BORDER),
        ]
    if kind == "mirror_gap":
        return [
            ("exporter (FOB)", e["exporter_values_usd"], palette.FLOW),
            ("importer (FOB)", e["importer_values_fob_usd"], palette.BORDER),
        ]
    if kind == "transshipment":
        return [
            ("imports from origins", e["imports_usd"], palette.BORDER),
            ("exports to Russia", e["exports_usd"], palette.FLOW),
        ]
    return [("$/kg", e["usd_per_kg"], palette.FLOW)]


def signal_figure(signal: dict) -> go.Figure:
    """A small line chart of the months behind a signal (with the baseline unit value as a line)."""
    months = signal["evidence"]["months"]
    figure = go.Figure()
    for label, values, colour in _series_for(signal):
        figure.add_trace(
            go.Scatter(
                x=months, y=values, name=label, mode="lines+markers", line={"color": colour, "width": 2}
            )
        )
    if signal["kind"] == "unit_value":
        figure.add_hline(
            y=signal["evidence"]["baseline_usd_per_kg"], line={"dash": "dot", "color": palette.BORDER}
        )
    figure.update_layout(
        height=CHART_HEIGHT,
        margin={"l": 40, "r": 8, "t": 4, "b": 24},
        showlegend=True,
        legend={"orientation": "h", "y": 1.15, "font": {"size": 9}},
        font={"size": 9, "color": palette.TEXT},
        plot_bgcolor="white",
        # months as labels ("2025-05"): a short run would otherwise get weekly date ticks
        xaxis={"type": "category", "nticks": 8},
    )
    return figure


SIGNAL_MARKER = "#E69F00"


def signal_marker_trace(signals: list[dict], anchors: dict, names: dict[str, str]) -> go.Scattergeo:
    """The view's signals on the map: a star where each flagged flow runs — halfway from exporter to
    importer, or at the transit country for a transshipment — with its title and evidence on hover.
    Several signals on one flow share a star (the hover lists them, highest score first).
    """
    at: dict[tuple[float, float], list[str]] = {}
    for signal in signals:
        ends = [anchors.get(signal["exporter"]), anchors.get(signal["importer"])]
        if signal.get("via") and signal["via"] in anchors:
            point = anchors[signal["via"]]
        elif all(ends):
            point = ((ends[0][0] + ends[1][0]) / 2, (ends[0][1] + ends[1][1]) / 2)
        else:
            continue
        key = (round(point[0], 3), round(point[1], 3))
        at.setdefault(key, []).append(
            f"<b>{signal_title(signal, names)}</b><br>{signal_evidence_text(signal)}"
        )
    points = list(at.items())
    return go.Scattergeo(
        _validate=False,
        lon=[p[0] for p, _ in points],
        lat=[p[1] for p, _ in points],
        text=[
            "<br>".join(texts[:3]) + (f"<br>… {len(texts) - 3} more" if len(texts) > 3 else "")
            for _, texts in points
        ],
        hovertemplate="%{text}<br><i>An indicator, not proof: see the Signals panel</i><extra></extra>",
        mode="markers",
        marker={
            "symbol": "star",
            "size": 15,
            "color": SIGNAL_MARKER,
            "line": {"color": "#5C3B00", "width": 1},
        },
        name="Signals (see the panel)",
        showlegend=bool(points),  # a key only when the map shows one
        legendgroup="signals",
        meta={"layer": "signals"},
    )

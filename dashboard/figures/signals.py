"""The Signals panel: its empty shell for the layout, one line of evidence per signal, and a small
chart per signal drawn from the numbers in its ``evidence`` (the JSON view's ``signals`` objects).
Pure builders: no callbacks, no queries.
"""

from __future__ import annotations

import plotly.graph_objects as go
from babel.numbers import get_decimal_symbol
from dash import html

from dashboard.figures import palette
from dashboard.formatting import money, money_ticks
from geodata.baseline import BASELINE_LABEL
from geodata.i18n import N_, _, active_language

SIGNALS_SECTION = "signals-section"
SIGNALS_LIST = "signals-list"
KIND_TITLES = {  # shown as _(KIND_TITLES[kind])
    "surge": N_("Re-export surge"),
    "mirror_gap": N_("Mirror gap"),
    "transshipment": N_("Transshipment indicator"),
    "unit_value": N_("Unit value jump"),
}
CHART_HEIGHT = 120


def signals_section() -> html.Section:
    """The panel the signals callback fills (a heading, and the list)."""
    return html.Section(
        id=SIGNALS_SECTION,
        className="signals-panel",
        **{"aria-label": _("Signals")},
        children=[
            html.H2(_("Signals")),
            html.P(
                _(
                    "Flows that look like circumvention, largest first — indicators for a closer look, never "
                    "proof (methods and limits: README, “Signals”)."
                ),
                className="signals-intro",
            ),
            html.Div(id=SIGNALS_LIST, className="signals-list", role="list"),
        ],
    )


def signal_title(signal: dict, names: dict[str, str]) -> str:
    """'Re-export surge · Kazakhstan → Russia · HS 854231 · 2023-03 – 2023-08'."""

    def name(code: str | None) -> str:
        return names.get(code, code) if code else _("any origin")

    route = f"{name(signal['exporter'])} → {name(signal['importer'])}"
    if signal["kind"] == "transshipment":
        route = f"{name(signal['exporter'])} → {name(signal['via'])} → {name(signal['importer'])}"
    goods = _("HS {code}").format(code=signal["hs6"]) if signal["hs6"] else (signal["goods"] or "")
    return f"{_(KIND_TITLES[signal['kind']])} · {route} · {goods} · {signal['start']} – {signal['end']}"


def _fixed(value: float, spec: str) -> str:
    """``value`` in a fixed-point format spec ('.2f', '+.0f', '.0%'), with the active language's decimal
    mark (English: exactly ``format(value, spec)``).
    """
    text = format(value, spec)
    mark = get_decimal_symbol(active_language())
    return text if mark == "." else text.replace(".", mark)


def signal_evidence_text(signal: dict) -> str:
    """The evidence a reader needs first, in one line (the full numbers are in the JSON view)."""
    e, kind = signal["evidence"], signal["kind"]
    if kind == "surge":
        if e["ratio"] is not None:
            ratio = _("{ratio}× expected").format(ratio=_fixed(e["ratio"], ".1f"))
        else:
            ratio = _("new flow")
        return _(
            "{current} over {months} months against {expected} expected ({ratio}; baseline {baseline}/month); "
            "excess {excess}"
        ).format(
            current=money(e["current_usd"]),
            months=e["months_above"],
            expected=money(e["expected_usd"]),
            ratio=ratio,
            baseline=money(e["baseline_monthly_usd"]),
            excess=money(e["excess_usd"]),
        )
    if kind == "mirror_gap":
        return _(
            "Exporter declared {exporter}, importer {importer} (FOB; {importer_cif} CIF) — gap {gap} % over "
            "{months} months, {direction}"
        ).format(
            exporter=money(e["exporter_reported_usd"]),
            importer=money(e["importer_reported_fob_usd"]),
            importer_cif=money(e["importer_reported_cif_usd"]),
            gap=_fixed(e["gap_pct"], "+.0f"),
            months=e["months_above"],
            direction=_(e["direction"]),
        )
    if kind == "transshipment":
        share = "—" if e["share_reexported"] is None else _fixed(e["share_reexported"], ".0%")
        return _(
            "Imports from origins {imports}, exports to Russia {exports} ({share} re-exported); correlation "
            "{correlation} at a lag of {lag} months — an indicator, not proof"
        ).format(
            imports=money(e["imports_from_origins_usd"]),
            exports=money(e["exports_to_russia_usd"]),
            share=share,
            correlation=_fixed(e["correlation"], ".2f"),
            lag=e["lag_months"],
        )
    return _(
        "{current} $/kg against {baseline} $/kg in {period} ({ratio}×, {direction}) over {months} months; "
        "{value} of value the price change accounts for"
    ).format(
        current=_fixed(e["current_usd_per_kg"], ".2f"),
        baseline=_fixed(e["baseline_usd_per_kg"], ".2f"),
        period=BASELINE_LABEL,
        ratio=_fixed(e["ratio"], ".2f"),
        direction=_(e["direction"]),
        months=e["months_above"],
        value=money(e["value_off_usd"]),
    )


def _series_for(signal: dict) -> list[tuple[str, list[float], str]]:
    e, kind = signal["evidence"], signal["kind"]
    if kind == "surge":
        return [
            (_("value"), e["values_usd"], palette.FLOW),
            (_("expected"), e["expected_values_usd"], palette.BORDER),
        ]
    if kind == "mirror_gap":
        return [
            (_("exporter (FOB)"), e["exporter_values_usd"], palette.FLOW),
            (_("importer (FOB)"), e["importer_values_fob_usd"], palette.BORDER),
        ]
    if kind == "transshipment":
        return [
            (_("imports from origins"), e["imports_usd"], palette.BORDER),
            (_("exports to Russia"), e["exports_usd"], palette.FLOW),
        ]
    return [("$/kg", e["usd_per_kg"], palette.FLOW)]


def signal_figure(signal: dict) -> go.Figure:
    """A small line chart of the months behind a signal (with the baseline unit value as a line)."""
    months = signal["evidence"]["months"]
    figure = go.Figure()
    series = _series_for(signal)
    for label, values, colour in series:
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
    if signal["kind"] != "unit_value":  # money a month (a unit value, USD per kg, keeps plotly's numbers)
        top = max(
            (float(v) for _label, values, _colour in series for v in values if v is not None), default=0.0
        )
        figure.update_yaxes(**money_ticks(top))
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
    more = _("… {count} more")
    return go.Scattergeo(
        _validate=False,
        lon=[p[0] for p, _texts in points],
        lat=[p[1] for p, _texts in points],
        text=[
            "<br>".join(texts[:3]) + ("<br>" + more.format(count=len(texts) - 3) if len(texts) > 3 else "")
            for _point, texts in points
        ],
        hovertemplate="%{text}<br><i>"
        + _("An indicator, not proof: see the Signals panel")
        + "</i><extra></extra>",
        mode="markers",
        marker={
            "symbol": "star",
            "size": 15,
            "color": SIGNAL_MARKER,
            "line": {"color": "#5C3B00", "width": 1},
        },
        name=_("Signals (see the panel)"),
        showlegend=bool(points),  # a key only when the map shows one
        legendgroup="signals",
        meta={"layer": "signals"},
    )

"""KPI cards: total value, change vs baseline, CHPL share, active corridors — each with its source."""

from __future__ import annotations

import math

from dash import html

from dashboard.formatting import money, percent_change


def _card(label: str, value: str, note: str, card_id: str, tone: str = "") -> html.Div:
    return html.Div(
        className=f"kpi-card {tone}".strip(),
        id=card_id,
        role="group",
        **{"aria-label": label},
        children=[
            html.Div(label, className="kpi-label"),
            html.Div(value, className="kpi-value"),
            html.Div(note, className="kpi-note"),
        ],
    )


def kpi_cards(kpis: dict, *, source_label: str, period_label: str, goods_label: str) -> list[html.Div]:
    change = kpis["change_pct"]
    tone = "" if math.isnan(change) else ("up" if change > 0 else "down")
    share = kpis["chpl_share"]
    mirror = f" · {kpis['mirror_share']:.0%} mirror data (Russia's side)" if kpis.get("mirror_share") else ""
    return [
        _card(
            "Total value", money(kpis["total_usd"]), f"{goods_label} · {period_label}{mirror}", "kpi-total"
        ),
        _card(
            "Change vs 2019–2021",
            percent_change(change) if not math.isnan(change) else "n/a",
            "monthly average against the 2019–2021 monthly average",
            "kpi-change",
            tone,
        ),
        _card(
            "CHPL share",
            "n/a" if math.isnan(share) else f"{share:.1%}",
            "Common High Priority List items in all goods on these flows",
            "kpi-chpl",
        ),
        _card(
            "Active corridors",
            f"{kpis['active_corridors']} of {kpis['corridor_count']}",
            "corridors whose countries trade in this view",
            "kpi-corridors",
        ),
        html.P(source_label, className="kpi-source", id="kpi-source"),
    ]

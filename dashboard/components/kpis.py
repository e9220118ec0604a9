"""KPI cards, read from the view's JSON document: the headline (the legs reaching or leaving Russia,
named), its change against 2019–2021, the supply leg beside it (never added to it), the CHPL share
and the corridors carrying trade — each saying what it counts and where the numbers come from.
"""

from __future__ import annotations

import math

from dash import html

from dashboard.formatting import money, percent_change
from dashboard.method_notes import method_link
from geodata.baseline import BASELINE_LABEL
from geodata.i18n import _
from geodata.i18n.formats import number


def _card(label: str, value: str, note: str, card_id: str, tone: str = "", *, method: str) -> html.Div:
    """A card: what it counts (label), the figure, what it includes (note) and a link to the Method
    page's section that explains it.
    """
    return html.Div(
        className=f"kpi-card {tone}".strip(),
        id=card_id,
        role="group",
        **{"aria-label": label},
        children=[
            html.Div(label, className="kpi-label"),
            html.Div(value, className="kpi-value"),
            html.Div(
                [
                    note,
                    " · ",
                    html.A(
                        _("how it is counted"),
                        href=method_link(method),
                        className="kpi-method",
                        target="_blank",
                        **{"aria-label": _("How '{label}' is counted (Method page)").format(label=label)},
                    ),
                ],
                className="kpi-note",
            ),
        ],
    )


def change_text(figure: dict) -> str:
    """A headline's change as the cards show it: a signed percentage; 'new' when it trades now and did
    not in 2019–2021; n/a when there is no trade at all or no baseline data.
    """
    if figure["change_pct"] is not None:
        return percent_change(figure["change_pct"])
    if figure["baseline_monthly_usd"] == 0 and figure["value_usd"]:
        return _("new")
    return _("n/a")


def _tone(change: float | None) -> str:
    return "" if change is None or math.isnan(change) else ("up" if change > 0 else "down")


def kpi_cards(document: dict, kpis: dict) -> list[html.Div]:
    """The KPI cards of a view's JSON document: headline value, change vs 2019–2021, the leg beside (when
    there is one), CHPL share, active corridors; then the line naming the data's source.
    """
    headline, beside, labels = document["headline"], document["beside"], document["labels"]
    legs = " + ".join(labels["legs"].get(leg, leg) for leg in headline["legs"]) or _("no legs")
    mirror = (
        " · " + _("{percent}% mirror data (Russia's side)").format(percent=number(kpis["mirror_share"] * 100))
        if kpis.get("mirror_share")
        else ""
    )
    cards = [
        _card(
            headline["title"],
            money(headline["value_usd"]),
            f"{legs} · {labels['goods']} · {labels['period']}{mirror}",
            "kpi-total",
            method="legs",
        ),
        _card(
            _("Change vs {baseline}").format(baseline=BASELINE_LABEL),
            change_text(headline),
            _("{title}: monthly average against the {baseline} monthly average").format(
                title=headline["title"], baseline=BASELINE_LABEL
            ),
            "kpi-change",
            _tone(headline["change_pct"]),
            method="baseline",
        ),
    ]
    if beside is not None:
        cards.append(
            _card(
                beside["title"],
                money(beside["value_usd"]),
                _("{legs}, {change} vs {baseline} · shown beside the headline, not added to it").format(
                    legs=labels["legs"].get(beside["legs"][0], ""),
                    change=change_text(beside),
                    baseline=BASELINE_LABEL,
                ),
                "kpi-beside",
                method="legs",
            )
        )
    share = kpis["chpl_share"]
    cards += [
        _card(
            _("CHPL share"),
            _("n/a") if math.isnan(share) else _("{percent}%").format(percent=number(share * 100, 1)),
            _("of {goods} on the headline's flows that is on the Common High Priority List").format(
                goods=labels["goods"]
            ),
            "kpi-chpl",
            method="chpl",
        ),
        _card(
            _("Active corridors"),
            _("{active} of {total}").format(active=kpis["active_corridors"], total=kpis["corridor_count"]),
            _("corridors whose countries trade in this view"),
            "kpi-corridors",
            method="routes",
        ),
        html.P(document["provenance"]["label"], className="kpi-source", id="kpi-source"),
    ]
    return cards

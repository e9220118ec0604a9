"""What the map and the charts show, as tables a keyboard and a screen reader can read ("Show as
table"): the flows, the crossings and ports the route model assigns trade to, and the monthly series by
leg — all from the view's JSON document, like the cards.
"""

from __future__ import annotations

from dash import html

from dashboard.export.slide_tables import change_words, crossing_rows
from dashboard.formatting import money
from geodata.analytics.data_basis import BASES, BASIS_TITLES
from geodata.baseline import BASELINE_LABEL
from geodata.i18n import _
from geodata.trade.schema import MIRROR_MARK


def _table(
    caption: str, header: tuple[str, ...], rows: list[tuple[str, ...]], numeric: set[int]
) -> html.Table:
    return html.Table(
        className="view-table",
        children=[
            html.Caption(caption),
            html.Thead(html.Tr([html.Th(h, scope="col") for h in header])),
            html.Tbody(
                [
                    html.Tr(
                        [
                            html.Th(cell, scope="row")
                            if index == 0
                            else html.Td(cell, className="number" if index in numeric else None)
                            for index, cell in enumerate(row)
                        ]
                    )
                    for row in rows
                ]
            ),
        ],
    )


def flows_rows(document: dict) -> list[tuple[str, ...]]:
    """Every flow of the view, largest first: flow, leg, value, monthly average, baseline, change,
    whether Russia's side is mirror data, and the data basis of its months.
    """
    legs = document["labels"]["legs"]
    edges = sorted(document["edges"], key=lambda e: (-e["value_usd"], e["exporter"], e["importer"]))
    return [
        (
            f"{e['exporter_name']} → {e['importer_name']}",
            legs.get(e["leg"], e["leg"]),
            money(e["value_usd"]),
            money(e["period_monthly_usd"]),
            _("none") if e["baseline_monthly_usd"] is None else money(e["baseline_monthly_usd"]),
            change_words(e),
            _("yes") if e["mirror"] else _("no"),
            basis_words(e),
        )
        for e in edges
    ]


def basis_words(edge: dict) -> str:
    """'mirror (partner's declaration) — 12 months', or each basis with its months when they mix."""
    months = edge.get("basis_months") or {}
    if not months:
        return "—"
    if len(months) == 1:
        [(basis, count)] = months.items()
        text = _("{basis} — {count} months").format(basis=_(BASIS_TITLES[basis]), count=count)
    else:
        text = "; ".join(
            _("{basis}: {count} months").format(basis=_(BASIS_TITLES[b]), count=months[b])
            for b in BASES
            if b in months
        )
    if edge.get("status") == "stopped":  # a stopped flow's months are its baseline's
        return _("{bases} in {baseline}").format(bases=text, baseline=BASELINE_LABEL)
    return text


def series_rows(document: dict) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """(header, rows): one row per month, one column per leg the chart draws."""
    legs = document["labels"]["legs"]
    order = [leg for leg in legs if any(p["leg"] == leg for p in document["series"])]
    values: dict[str, dict[str, float]] = {}
    for point in document["series"]:
        values.setdefault(point["period"], {})[point["leg"]] = point["value_usd"]
    header = (_("Month"), *(legs[leg] for leg in order))
    return header, [
        (month, *(money(values[month][leg]) if leg in values[month] else "—" for leg in order))
        for month in sorted(values)
    ]


def view_tables(document: dict) -> list:
    """The tables, with captions that say what they hold."""
    labels = document["labels"]
    what = _("{goods}, {period}, {direction}").format(
        goods=labels["goods"], period=labels["period"], direction=labels["direction"]
    )
    header, months = series_rows(document)
    crossings = crossing_rows(
        document, limit=len(document.get("crossings", [])) + len(document.get("ports", []))
    )
    return [
        _table(
            _("Flows on the map — {what}").format(what=what),
            (
                _("Flow"),
                _("Leg"),
                _("Value (USD)"),
                _("Monthly average"),
                _("Baseline monthly {baseline}").format(baseline=BASELINE_LABEL),
                _("Change"),
                _(MIRROR_MARK),
                _("Data basis"),
            ),
            flows_rows(document),
            {2, 3, 4},
        ),
        _table(
            _("Border crossings and ports: trade the route model assigns them (modelled estimates)"),
            (_("Crossing or port"), _("Estimated value"), _("Modes"), _("Legs")),
            crossings,
            {1},
        )
        if crossings
        else html.P(_("No trade in this view is assigned to a crossing or port.")),
        _table(
            _("Monthly value by leg — {goods} (every month of the store)").format(goods=labels["goods"]),
            header,
            months,
            set(range(1, len(header))),
        ),
    ]

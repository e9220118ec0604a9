"""A transit country's profile (`/country/KAZ`): what of the view's goods it imports and from whom, what
it sends on to Russia, its largest codes, its signals and its crossings — for the view in the URL.

One dict, built from the same numbers as the JSON view: the view is re-read with the country as its
focus (into Russia, no pair), so the figures match the page's with ``focus=KAZ``.
"""

from __future__ import annotations

from dataclasses import replace

from dashboard.services import Services
from dashboard.view_data import load_view_data
from dashboard.view_document import edge_json, view_signals
from dashboard.view_state import ViewState
from geodata.analytics.assignment import node_summaries
from geodata.analytics.signals import Thresholds
from geodata.localized_names import localized
from geodata.trade.query import RUSSIA

TOP_CODES = 10
MAX_SIGNALS = 8


def country_profile(code: str, view: ViewState, services: Services, thresholds: Thresholds) -> dict:
    """The profile of ``code`` (a country the map knows) for ``view``'s goods, period and side."""
    names = services.names
    focused = replace(view, focus=code, direction="into_russia", exporters=(), importers=(), node=None)
    data = load_view_data(focused, services)
    edges = data.edges
    imports = edges[(edges["importer"] == code) & (edges["exporter"] != RUSSIA)]
    to_russia = edges[(edges["exporter"] == code) & (edges["importer"] == RUSSIA)]
    monthly = data.series[data.series["leg"] == "transit_to_russia"]
    months = monthly[(monthly["period"] >= str(view.start)) & (monthly["period"] <= str(view.end))]
    return {
        "country": code,
        "name": names.get(code, code),
        "transit": code in services.transit,
        "goods": data.goods_label,
        "period": data.period_label,
        "imports": [edge_json(row, names) for row in imports.itertuples(index=False)],
        "imports_usd": float(imports["value_usd"].sum()),
        "to_russia": [edge_json(row, names) for row in to_russia.itertuples(index=False)],
        "to_russia_usd": float(to_russia["value_usd"].sum()),
        "to_russia_months": [
            {"period": f"{p:%Y-%m}", "value_usd": float(v)}
            for p, v in zip(months["period"], months["value_usd"], strict=True)
        ],
        "top_hs6": _top_codes(code, data, services),
        "signals": [
            s.as_json()
            for s in view_signals(focused, services, thresholds)
            if code in (s.exporter, s.importer, s.via)
        ][:MAX_SIGNALS],
        "crossings": _crossings(code, data, services),
    }


def _top_codes(code: str, data, services: Services) -> list[dict]:
    """The largest HS6 codes the country sends to Russia in the period."""
    flt = replace(data.flt, exporters=frozenset({code}), importers=frozenset({RUSSIA}), focus=None)
    goods = services.store.edge_goods(flt)
    if goods.empty:
        return []
    by_code = goods.groupby("hs6")["value_usd"].sum().sort_values(ascending=False, kind="stable")
    total = float(by_code.sum())
    titles = services.catalogue.code_titles
    return [
        {"hs6": str(c), "title": titles.get(str(c), ""), "value_usd": float(v), "share": float(v) / total}
        for c, v in by_code.head(TOP_CODES).items()
        if v > 0
    ]


def _crossings(code: str, data, services: Services) -> list[dict]:
    """The country's border crossings with the view's trade the route model puts on them."""
    crossings = services.reference.crossings
    assigned = {n["id"]: n for n in node_summaries(data.assignment, "crossing")} if data.assignment else {}
    names = localized(crossings, "name_en")
    rows = []
    for crossing_id, row in crossings.iterrows():
        if code not in (row["country_a"], row["country_b"]):
            continue
        node = assigned.get(crossing_id)
        rows.append(
            {
                "id": crossing_id,
                "name": str(names[crossing_id]),
                "countries": [str(row["country_a"]), str(row["country_b"])],
                "mode": str(row["mode"]),
                "value_usd": node["value_usd"] if node else 0.0,
                "by_mode": node["by_mode"] if node else {},
                "estimate": True,
            }
        )
    return sorted(rows, key=lambda r: (-r["value_usd"], r["name"]))

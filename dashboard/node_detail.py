"""A crossing's, port's or corridor's panel (URL key ``node``): what the place is and what of the
view's trade the route model puts on it — by mode, leg, pair, month and HS6 code, against the
baseline. One JSON object (the JSON view's ``node``); the page's panel draws it.

Every figure is the assignment's (`geodata.analytics.assignment`) for the view's goods, side,
direction and countries; `geodata.analytics.node_shares` applies the same rule to each month, the
baseline and each code, so the panel's parts add up to the place's figure in the view's arrays.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np
import pandas as pd

from dashboard.services import Services
from dashboard.view_data import ViewData
from geodata.analytics.assignment import node_summaries
from geodata.analytics.node_shares import node_part, node_shares
from geodata.analytics.view_numbers import finite_or_none, months_between
from geodata.baseline import BASELINE
from geodata.i18n import N_, _
from geodata.localized_names import localized
from geodata.routes import METHOD as ROUTE_METHOD

TOP_CODES = 10
#: Display titles of the kinds of place (English; translate where shown).
KIND_NAMES = {
    "crossing": N_("Border crossing"),
    "port": N_("Port"),
    "corridor": N_("Corridor"),
    "hub": N_("Hub"),
}


def place_facts(node_id: str, services: Services) -> dict:
    """What the reference tables say of a place: kind, names, countries, status, source, confidence."""
    reference = services.reference
    if node_id in reference.crossings.index:
        row = reference.crossings.loc[node_id]
        return {
            "kind": "crossing",
            "name": str(row["name_en"]),
            "name_local": str(row.get("name_local", "") or ""),
            "countries": [str(row["country_a"]), str(row["country_b"])],
            "mode": str(row["mode"]),
            "status": str(row.get("status", "") or ""),
            "source": str(row["source"]),
            "confidence": str(row["confidence"]),
        }
    if node_id in reference.hubs.index:
        row = reference.hubs.loc[node_id]
        kind = "port" if row["kind"] in ("sea_port", "river_port", "dry_port") else "hub"
        return {
            "kind": kind,
            "name": str(row["name_en"]),
            "name_local": str(row.get("name_local", "") or ""),
            "countries": [str(row["country"])],
            "mode": str(row["kind"]).replace("_", " "),
            "status": str(row.get("notes", "") or ""),
            "source": str(row["source"]),
            "confidence": str(row["confidence"]),
        }
    row = reference.corridors.loc[node_id]
    return {
        "kind": "corridor",
        "name": str(localized(reference.corridors.loc[[node_id]], "name").iloc[0]),
        "name_local": "",
        "countries": list(services.corridor_countries.get(node_id, ())),
        "mode": str(row["mode"]),
        "status": str(row["description"]),
        "source": str(row["source"]),
        "confidence": str(row["confidence"]),
    }


def _in_window(frame: pd.DataFrame, window: tuple[date, date]) -> pd.DataFrame:
    stamps = frame["period"]
    return frame[(stamps >= pd.Timestamp(window[0])) & (stamps <= pd.Timestamp(window[1]))]


def node_detail(node_id: str, data: ViewData, services: Services) -> dict:
    """The panel's numbers for ``node_id`` in the view ``data`` (a place id the map knows)."""
    facts = place_facts(node_id, services)
    summary = (
        next((n for n in node_summaries(data.assignment, facts["kind"]) if n["id"] == node_id), None)
        if data.assignment is not None and facts["kind"] != "hub"
        else None
    )
    view_pairs = set(zip(data.edges["exporter"], data.edges["importer"], strict=True))
    shares = node_shares(services.routes, node_id) if services.routes else {}
    shares = {pair: split for pair, split in shares.items() if pair in view_pairs}  # the view's edges only
    months_frame = services.store.route_months(data.flt) if data.flt is not None else None
    pairs = set(shares)
    if months_frame is not None and pairs:
        keys = list(zip(months_frame["exporter"], months_frame["importer"], strict=True))
        months_frame = months_frame[[key in pairs for key in keys]]
    else:
        months_frame = None
    period = (data.view.start, data.view.end)
    base_months = data.baseline_months
    detail = {
        "id": node_id,
        **facts,
        "estimate": True,
        "method": _(ROUTE_METHOD),
        "value_usd": summary["value_usd"] if summary else 0.0,
        "net_kg": summary["net_kg"] if summary else None,
        "by_mode": summary["by_mode"] if summary else {},
        "by_leg": summary["by_leg"] if summary else {},
        "by_basis": summary["by_basis"] if summary else {},
        "pairs": [],
        "months": [],
        "top_hs6": [],
        "period_monthly_usd": None,
        "baseline_monthly_usd": None,
        "change_pct": None,
    }
    if months_frame is None or months_frame.empty:
        return detail
    in_period = _in_window(months_frame, period)
    in_base = _in_window(months_frame, BASELINE)
    here_period = in_period.assign(here=node_part(in_period, shares))
    here_base = in_base.assign(here=node_part(in_base, shares))
    period_months = max(months_between(*period), 1)
    monthly = here_period["here"].sum() / period_months
    baseline = here_base["here"].sum() / base_months if base_months else None
    detail["period_monthly_usd"] = float(monthly)
    detail["baseline_monthly_usd"] = finite_or_none(baseline)
    detail["change_pct"] = finite_or_none((monthly - baseline) / baseline * 100) if baseline else None
    detail["pairs"] = _pairs(here_period, here_base, period_months, base_months, data, services)
    by_month = here_period.groupby("period")["here"].sum()
    months = pd.date_range(period[0], period[1], freq="MS")
    detail["months"] = [{"period": f"{m:%Y-%m}", "value_usd": float(by_month.get(m, 0.0))} for m in months]
    detail["top_hs6"] = _top_codes(node_id, shares, data, services)
    return detail


def _pairs(
    period: pd.DataFrame, base: pd.DataFrame, period_months: int, base_months: int, data, services
) -> list:
    legs = dict(
        zip(zip(data.edges["exporter"], data.edges["importer"], strict=True), data.edges["leg"], strict=True)
    )
    here = period.groupby(["exporter", "importer"])["here"].sum()
    total = period.groupby(["exporter", "importer"])["value_usd"].sum()
    base_here = base.groupby(["exporter", "importer"])["here"].sum()
    rows = []
    for pair in sorted(set(here.index) | set(base_here.index)):
        value = float(here.get(pair, 0.0))
        baseline = float(base_here.get(pair, 0.0)) / base_months if base_months else None
        monthly = value / period_months
        if value <= 0 and not baseline:
            continue
        rows.append(
            {
                "exporter": pair[0],
                "importer": pair[1],
                "exporter_name": services.names.get(pair[0], pair[0]),
                "importer_name": services.names.get(pair[1], pair[1]),
                "leg": legs.get(pair),
                "value_usd": value,
                "share_of_pair": finite_or_none(value / total[pair]) if total.get(pair, 0.0) > 0 else None,
                "baseline_monthly_usd": finite_or_none(baseline),
                "change_pct": finite_or_none((monthly - baseline) / baseline * 100) if baseline else None,
            }
        )
    return sorted(rows, key=lambda row: (-row["value_usd"], row["exporter"], row["importer"]))


def _top_codes(node_id: str, shares: dict, data: ViewData, services: Services) -> list[dict]:
    """The place's largest HS6 codes in the period (the scan is narrowed to the pairs through it)."""
    flt = data.flt
    # narrowed to the pairs through the place (a pair filter drops the direction's test: the pairs
    # were already checked against the view's edges)
    narrowed = replace(
        flt,
        exporters=flt.exporters or frozenset(e for e, _ in shares),
        importers=flt.importers or frozenset(importer for _exporter, importer in shares),
    )
    goods = services.store.edge_goods(narrowed)
    if goods.empty:
        return []
    here = goods.assign(here=node_part(goods, shares))
    by_code = here.groupby("hs6")["here"].sum()
    by_code = by_code[by_code > 0].sort_values(ascending=False, kind="stable").head(TOP_CODES)
    titles = services.catalogue.code_titles
    total = float(np.sum(here["here"]))
    return [
        {
            "hs6": str(code),
            "title": titles.get(str(code), ""),
            "value_usd": float(value),
            "share": finite_or_none(value / total) if total > 0 else None,
        }
        for code, value in by_code.items()
    ]

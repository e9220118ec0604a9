"""From a view to the small frames its figures need: the only place views meet queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from dashboard.formatting import month_label
from dashboard.services import Services
from dashboard.view_state import ViewState
from geodata.goods import basket_presets
from geodata.trade.query import BASELINE, FlowFilter, change_percent, goods_key


@dataclass(frozen=True)
class ViewData:
    edges: pd.DataFrame  # exporter, importer, value_usd, monthly, baseline_monthly, change_pct, mirror
    countries: pd.DataFrame  # country, total, monthly, baseline_monthly, change_pct
    kpis: dict
    goods_label: str
    period_label: str


def goods_selection(view: ViewState, services: Services) -> tuple[str, frozenset[str] | None]:
    """(label, HS2022 codes) of the view's goods; None codes means all goods."""
    catalogue = services.catalogue
    presets = basket_presets()
    prefixes: list[str] = []
    for preset in view.goods:
        chosen = catalogue.preset_prefixes(preset)
        if chosen is None:
            return "All goods", None
        prefixes += chosen
    prefixes += list(view.hs)
    labels = [presets.get(g, g) for g in view.goods] + [f"HS {c}" for c in view.hs]
    label = ", ".join(labels[:3]) + (f" +{len(labels) - 3} more" if len(labels) > 3 else "")
    return label, catalogue.expand(tuple(prefixes), services.store.codes)


def flow_filter(
    view: ViewState,
    services: Services,
    codes: frozenset[str] | None,
    *,
    period: tuple[date, date] | None = None,
) -> FlowFilter:
    start, end = period or (view.start, view.end)
    weights = None if codes is None else services.catalogue.version_weights(codes)
    return FlowFilter(
        start=start,
        end=end,
        side=view.side,
        direction=view.direction,
        countries=frozenset(services.reference.countries.index),
        origins=frozenset(services.countries_with_role("origin")),
        transit=frozenset(services.countries_with_role("transit")),
        focus=view.focus,
        sources=services.store.default_sources(),
        goods_key=goods_key(codes),
        weights=weights,
    )


def country_change(edges: pd.DataFrame) -> pd.DataFrame:
    """Per country, the edges it is on: total, monthly average, baseline, change."""
    sides = [edges.rename(columns={"exporter": "country"}), edges.rename(columns={"importer": "country"})]
    stacked = pd.concat([s[["country", "value_usd", "monthly", "baseline_monthly"]] for s in sides])
    frame = stacked.groupby("country", as_index=False).sum().rename(columns={"value_usd": "total"})
    frame["change_pct"] = change_percent(frame["monthly"], frame["baseline_monthly"])
    return frame


def load_view_data(view: ViewState, services: Services) -> ViewData:
    label, codes = goods_selection(view, services)
    store = services.store
    flt = flow_filter(view, services, codes)
    edges = store.change_vs_baseline(flt, BASELINE)
    edges = edges[edges["value_usd"] > 0].reset_index(drop=True)
    total = float(edges["value_usd"].sum())
    base_monthly = float(edges["baseline_monthly"].sum())
    monthly = float(edges["monthly"].sum())
    all_goods = store.totals(flow_filter(view, services, None))["value_usd"]
    chpl = store.totals(flow_filter(view, services, services.catalogue.chpl_codes))["value_usd"]
    kpis = {
        "total_usd": total,
        "change_pct": (monthly - base_monthly) / base_monthly * 100.0 if base_monthly > 0 else float("nan"),
        "chpl_share": chpl / all_goods if all_goods > 0 else float("nan"),
        "active_corridors": active_corridors(edges, services),
        "corridor_count": len(services.reference.corridors),
        "mirror_share": float(edges.loc[edges["mirror"], "value_usd"].sum()) / total if total > 0 else 0.0,
    }
    return ViewData(
        edges=edges,
        countries=country_change(edges),
        kpis=kpis,
        goods_label=label,
        period_label=month_label(view.start, view.end),
    )


def active_corridors(edges: pd.DataFrame, services: Services) -> int:
    """Corridors carrying trade in this view: some edge with trade joins two of its countries."""
    traded = {
        (e, i)
        for e, i, v in zip(edges["exporter"], edges["importer"], edges["value_usd"], strict=True)
        if v > 0
    }
    count = 0
    for countries in services.corridor_countries.values():
        members = set(countries)
        if any(e in members and i in members for e, i in traded):
            count += 1
    return count


def series_for_view(view: ViewState, services: Services) -> pd.DataFrame:
    """The monthly series over every month in the store (the chart shades the selected period)."""
    _, codes = goods_selection(view, services)
    context = services.view_context
    flt = flow_filter(view, services, codes, period=(context.first_month, context.last_month))
    return services.store.timeseries(flt)


def view_map_traces(view: ViewState, data: ViewData, services: Services) -> tuple:
    """The view's country fill and flow traces: the same for the live map and for exports."""
    from dashboard.figures.country_fill import country_metric_trace
    from dashboard.figures.flows import flow_traces

    fill = country_metric_trace(
        data.countries, view.metric, services.names, services.eu_members, source_label=services.source_label
    )
    flows = flow_traces(
        data.edges,
        services.anchors,
        services.names,
        period_label=data.period_label,
        goods_label=data.goods_label,
    )
    return fill, flows

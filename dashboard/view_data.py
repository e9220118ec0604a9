"""From a view to its numbers: the only place views meet queries.

`load_view_data` runs the view's one query, then the pure analytics of `geodata.analytics`; the
page, every export and the JSON view (`dashboard.view_document`) all read the `ViewData` it returns.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import pandas as pd

from dashboard.formatting import month_label
from dashboard.services import Services, node_of_reference
from dashboard.view_state import ViewState
from geodata.analytics.assignment import Assignment, assign_to_routes, period_modes
from geodata.analytics.view_numbers import (
    Headline,
    beside_leg,
    country_change,
    covered_months,
    headline_for,
    headline_legs,
    period_edges,
)
from geodata.baseline import BASELINE
from geodata.goods import basket_presets
from geodata.hs_revisions import Comparability
from geodata.i18n import _
from geodata.trade.query import FlowFilter, goods_key


@dataclass(frozen=True)
class ViewData:
    """A view's numbers, read once: edges, countries, monthly series, headline and the leg beside it, KPIs,
    labels, and the store-wide scales of the map.
    """

    view: ViewState
    edges: pd.DataFrame  # geodata.analytics.view_numbers.EDGE_COLUMNS
    countries: pd.DataFrame  # country, total, monthly, baseline_monthly, change_pct
    series: pd.DataFrame  # period, leg, value_usd over every month of the store
    headline: Headline
    beside: Headline | None  # the supply / onward leg, shown beside the headline and never added to it
    kpis: dict
    goods_label: str
    period_label: str
    baseline_months: int
    shadowed_rows: int
    snapshot: str
    comparability: Comparability  # whether the 2019–2021 baseline covers exactly the selected goods
    assignment: Assignment | None  # the view's trade along the route model (None without routes)
    flow_breaks: list[float] | None = None  # the map's width classes, fixed over the store (USD a month)
    flt: FlowFilter | None = None  # the filter the view read (a place's panel reads by it too)
    fill_range: tuple[float, float] | None = None  # the value fill's colours, fixed over the store

    @property
    def baseline_available(self) -> bool:
        """Whether the store holds any month of the 2019–2021 baseline."""
        return self.baseline_months > 0


def goods_selection(view: ViewState, services: Services) -> tuple[str, frozenset[str] | None]:
    """(label, HS2022 codes) of the view's goods; None codes means all goods.

    HS codes chosen beside no basket narrow the view to those codes; chosen beside baskets they are
    added to them.
    """
    catalogue = services.catalogue
    presets = basket_presets(catalogue)
    prefixes: list[str] = []
    for preset in view.goods:
        chosen = catalogue.preset_prefixes(preset)
        if chosen is None:
            return _("All goods"), None
        prefixes += chosen
    prefixes += list(view.hs)
    labels = [presets.get(g, g) for g in view.goods] + [_("HS {code}").format(code=c) for c in view.hs]
    more = " " + _("+{count} more").format(count=len(labels) - 3) if len(labels) > 3 else ""
    label = ", ".join(labels[:3]) + more
    return label, catalogue.expand(tuple(prefixes), services.store.codes)


def flow_filter(
    view: ViewState,
    services: Services,
    codes: frozenset[str] | None,
    *,
    period: tuple[date, date] | None = None,
) -> FlowFilter:
    """The store filter of a view: its period (or ``period``), side, direction, countries, the node map of
    its EU and China options, sources and goods (``codes``; None: all goods).
    """
    start, end = period or (view.start, view.end)
    weights = None if codes is None else services.catalogue.version_weights(codes)
    keep = set(view.exporters) | set(view.importers) | ({view.focus} if view.focus else set())
    node_map = services.groups.node_map(view.eu, view.china, keep)
    return FlowFilter(
        start=start,
        end=end,
        side=view.side,
        direction=view.direction,
        transit=services.transit,
        focus=view.focus,
        exporters=frozenset(view.exporters),
        importers=frozenset(view.importers),
        node_map=tuple(sorted(node_map.items())),
        sources=services.store.default_sources(),
        goods_key=goods_key(codes),
        weights=weights,
    )


def load_view_data(view: ViewState, services: Services) -> ViewData:
    """A view's numbers (`ViewData`): the period's edges from the memoised monthly index, headline and
    beside legs, KPIs, route assignment and the store-wide scales.
    """
    label, codes = goods_selection(view, services)
    store = services.store
    flt = flow_filter(view, services, codes)
    coverage = (services.view_context.first_month, services.view_context.last_month)
    direction = "all" if view.has_pair else view.direction
    edges = period_edges(services.indexed_monthly(flt, direction), (view.start, view.end), BASELINE, coverage)
    base_months = covered_months(BASELINE, coverage)
    legs = headline_legs(view.direction, view.has_pair, edges)
    headline = headline_for(edges, legs, base_months > 0)
    beside_name = beside_leg(view.direction, view.has_pair)
    beside = headline_for(edges, (beside_name,), base_months > 0) if beside_name else None
    series = services.view_series(flt, direction)
    return ViewData(
        view=view,
        edges=edges,
        countries=country_change(edges),
        series=series,
        headline=headline,
        beside=beside,
        kpis=_kpis(view, services, edges, headline, codes),
        goods_label=label,
        period_label=month_label(view.start, view.end),
        baseline_months=base_months,
        shadowed_rows=store.shadowed_rows(flt),
        snapshot=store.snapshot_id,
        comparability=services.catalogue.baseline_comparability(codes),
        assignment=_assignment(edges, store.route_months(flt), (view.start, view.end), services),
        flow_breaks=services.flow_scale(flt, direction),
        flt=flt,
        fill_range=services.fill_range(flt, direction),
    )


def _assignment(
    edges: pd.DataFrame, route_months: pd.DataFrame, period, services: Services
) -> Assignment | None:
    if not services.routes:
        return None
    return assign_to_routes(edges, services.routes, services.reference, period_modes(route_months, period))


def _kpis(
    view: ViewState, services: Services, edges: pd.DataFrame, headline: Headline, codes: frozenset[str] | None
) -> dict:
    """The CHPL share of the chosen goods on the headline legs' flows, and the corridors carrying trade."""
    on_legs = edges[edges["leg"].isin(headline.legs)]
    keys = set(zip(on_legs["exporter"], on_legs["importer"], strict=True))

    def legs_total(codes: frozenset[str] | None) -> float:
        # every edge around the region on this side (a pair stays a pair): the headline's edges are
        # among them, and views that differ only by direction or focus share one frame
        region = replace(flow_filter(view, services, codes), direction="all", focus=None)
        return services.indexed_monthly(region, "all").value_on_edges(keys, (view.start, view.end))

    # the share of the chosen goods (all goods when none are chosen) that is on the CHPL
    on_list = services.catalogue.chpl_codes if codes is None else codes & services.catalogue.chpl_codes
    chosen = legs_total(codes)
    chpl = legs_total(on_list) if on_list else 0.0
    return {
        "chpl_share": chpl / chosen if chosen > 0 else float("nan"),
        "active_corridors": active_corridors(edges, services),
        "corridor_count": len(services.reference.corridors),
        "mirror_share": float(on_legs.loc[on_legs["mirror"], "value_usd"].sum()) / headline.value_usd
        if headline.value_usd > 0
        else 0.0,
    }


def active_corridors(edges: pd.DataFrame, services: Services) -> int:
    """Corridors carrying trade in this view: some edge with trade joins two of its countries."""
    trading = edges[edges["value_usd"] > 0]
    traded = set(zip(trading["exporter"], trading["importer"], strict=True))
    count = 0
    for countries in services.corridor_countries.values():
        members = {node_of_reference(c) for c in countries}
        if any(e in members and i in members for e, i in traded):
            count += 1
    return count


def legs_shown(data: ViewData) -> tuple[str, ...]:
    """The headline's legs, then the leg shown beside it."""
    return data.headline.legs + (data.beside.legs if data.beside is not None else ())


def chart_series(data: ViewData) -> pd.DataFrame:
    """The monthly series of the legs the view shows (period, leg, value_usd), one line per leg."""
    order = {leg: i for i, leg in enumerate(legs_shown(data))}
    chosen = data.series[data.series["leg"].isin(order)]
    return chosen.sort_values("leg", key=lambda legs: legs.map(order), kind="stable").reset_index(drop=True)

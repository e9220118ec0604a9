"""The JSON view: one document per view that the page, the exports and the checks all read.

`GET /api/view?QUERY` and `corridor-atlas export --format json --view QUERY` return exactly
`view_document(...)`; its schema is documented in the README ("The JSON view").
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, replace
from pathlib import Path

from dashboard.node_detail import node_detail
from dashboard.services import SOURCE_NAMES, Services
from dashboard.signal_cache import key_text, precomputed_signals, save_signals
from dashboard.view_data import ViewData, flow_filter, goods_selection, legs_shown, load_view_data
from dashboard.view_state import DIRECTIONS, SIDES, ViewState
from geodata.analytics.assignment import node_summaries
from geodata.analytics.legs import BESIDE_TITLES, HEADLINE_TITLES, LEG_TITLES, leg_of, legs_in_direction
from geodata.analytics.signals import (
    Signal,
    Thresholds,
    cell_matrices,
    find_signals,
    month_grid,
)
from geodata.analytics.view_numbers import finite_or_none
from geodata.baseline import BASELINE, BASELINE_LABEL
from geodata.frames import frame_rows
from geodata.hs_revisions import comparability_message
from geodata.i18n import SOURCE_LANGUAGE, _, active_language, translated, use_language
from geodata.i18n.formats import number
from geodata.localized_names import localized
from geodata.memo import BoundedMemo
from geodata.routes import METHOD as ROUTE_METHOD
from geodata.trade.query import FlowFilter
from geodata.trade.schema import MIRROR_NOTE

SCHEMA = "corridor-atlas/view/1"


@dataclass(frozen=True)
class Notice:
    """Something the reader must know about a view, with an optional one-click fix (another view)."""

    text: str
    fix_label: str = ""
    fix_query: str = ""
    detail: str = ""  # the long explanation, shown on request

    def as_json(self) -> dict:
        """The notice in the JSON view: text, fix (label and view query, or None), detail (or None)."""
        fix = {"label": self.fix_label, "view": self.fix_query} if self.fix_query else None
        return {"text": self.text, "fix": fix, "detail": self.detail or None}


def _month(timestamp) -> str:
    return f"{timestamp:%Y-%m}"


def view_notices(data: ViewData, services: Services) -> list[Notice]:
    """Why a view is empty or approximate, each with the fix a reader would click."""
    view, notices = data.view, []
    if services.store.warning:
        notices.append(Notice(translated(services.store.warning)))
    russia_declares = (view.side == "exporter" and view.direction == "out_of_russia") or (
        view.side == "importer" and view.direction == "into_russia"
    )
    if russia_declares and not view.has_pair and data.headline.value_usd == 0:
        other = "importer" if view.side == "exporter" else "exporter"
        notices.append(
            Notice(
                _(
                    "Russia has not reported detailed trade since 2022, so {side} flows {direction} (Russia's "
                    "own declarations) are empty."
                ).format(side=_(SIDES[view.side]), direction=_(DIRECTIONS[view.direction])),
                _("Switch to {side} (its partners' declarations)").format(side=_(SIDES[other])),
                view.with_changes(side=other).to_query(),
            )
        )
    elif (data.edges["value_usd"] <= 0).all():  # no edge, or only stopped ones, trades in the period
        notices.append(_empty_notice(data, services))
    if not data.baseline_available:
        notices.append(
            Notice(
                _(
                    "The store holds no data for {baseline}, so no change against the baseline can be computed."
                ).format(baseline=BASELINE_LABEL)
            )
        )
    if not data.comparability.exact and data.baseline_available:
        count = len(data.comparability.codes)
        notices.append(
            Notice(
                _(
                    "The {baseline} baseline is approximate for {count} of the selected HS codes: the HS2022 "
                    "revision split their HS2017 predecessors, and the official correlation gives no proportions."
                ).format(baseline=BASELINE_LABEL, count=count),
                # said again in the active language (the catalogue memoises the comparability once)
                detail=comparability_message(data.comparability.partial_links),
            )
        )
    if data.shadowed_rows:
        reasons = "; ".join(_(reason) for reason in services.store.rules.shadowed_rows)  # keys: English
        notices.append(
            Notice(
                _(
                    "{count} stored rows for these goods were set aside so that no trade is counted twice "
                    "({reasons})."
                ).format(count=number(data.shadowed_rows), reasons=reasons)
            )
        )
    return notices


def _empty_notice(data: ViewData, services: Services) -> Notice:
    view = data.view
    context = services.view_context
    whole = (context.first_month, context.last_month)
    if view.has_pair or view.focus:
        return Notice(
            _("No trade between the chosen countries for {goods} in {period}.").format(
                goods=data.goods_label, period=data.period_label
            ),
            _("Show every country"),
            view.with_changes(exporters=(), importers=(), focus=None).to_query(),
        )
    if (view.start, view.end) != whole:
        return Notice(
            _("No trade for {goods} in {period}.").format(goods=data.goods_label, period=data.period_label),
            _("Show the whole period"),
            view.with_changes(start=whole[0], end=whole[1]).to_query(),
        )
    return Notice(
        _("No trade for {goods} in the store.").format(goods=data.goods_label),
        _("Show all goods"),
        view.with_changes(goods=("all",), hs=()).to_query(),
    )


def pair_title(view: ViewState, names: dict[str, str]) -> str:
    """'Kazakhstan → Russia', 'EU27 → any country', …: what a pair view's headline counts."""

    def side(codes: tuple[str, ...]) -> str:
        return " + ".join(names.get(c, c) for c in codes) if codes else _("any country")

    return f"{side(view.exporters)} → {side(view.importers)}"


def edge_json(row, names: dict[str, str]) -> dict:
    """One edge of the JSON view (see the README's field list)."""
    return {
        "exporter": row.exporter,
        "importer": row.importer,
        "exporter_name": names.get(row.exporter, row.exporter),
        "importer_name": names.get(row.importer, row.importer),
        "leg": row.leg,
        "value_usd": finite_or_none(row.value_usd),
        "baseline_value_usd": finite_or_none(row.baseline_value_usd),
        "period_monthly_usd": finite_or_none(row.monthly),
        "baseline_monthly_usd": finite_or_none(row.baseline_monthly),
        "change_pct": None if row.status == "new" else finite_or_none(row.change_pct),
        "status": row.status,
        "mirror": bool(row.mirror),
        "sources": list(row.sources),
        "basis": row.basis,
        "basis_months": dict(row.basis_months),
    }


def document_from_data(data: ViewData, services: Services) -> dict:
    """The JSON document of a view whose numbers are already loaded."""
    view = data.view
    names = services.names
    beside = None
    if data.beside is not None:
        leg = data.beside.legs[0]
        beside = {**data.beside.as_json(), "title": _(BESIDE_TITLES[leg])}
    headline_title = pair_title(view, names) if view.has_pair else _(HEADLINE_TITLES[view.direction])
    return {
        "schema": SCHEMA,
        "view": view.without_presentation().to_query(),
        "labels": {
            "goods": data.goods_label,
            "period": data.period_label,
            "direction": _(DIRECTIONS[view.direction]),
            "side": _(SIDES[view.side]),
            "headline": headline_title,
            "legs": {
                leg: _(LEG_TITLES[leg]) if leg in LEG_TITLES else leg
                for leg in sorted(set(data.edges["leg"]) | set(legs_shown(data)))
            },
        },
        "headline": {**data.headline.as_json(), "title": headline_title},
        "beside": beside,
        "edges": [edge_json(row, names) for row in frame_rows(data.edges)],
        "series": [
            {"period": _month(p), "leg": leg, "value_usd": finite_or_none(v)}
            for p, leg, v in zip(
                data.series["period"], data.series["leg"], data.series["value_usd"], strict=True
            )
        ],
        "baseline": {
            "from": f"{BASELINE[0]:%Y-%m}",
            "to": f"{BASELINE[1]:%Y-%m}",
            "months_covered": data.baseline_months,
            "goods_comparable": data.comparability.exact,
            "approximate_codes": list(data.comparability.codes),
        },
        **network_json(data, services),
        "node": node_detail(view.node, data, services) if view.node else None,
        "provenance": _provenance(data, services),
        "unplaced_rows": data.shadowed_rows,
        "unplaced_reasons": dict(services.store.rules.shadowed_rows) if data.shadowed_rows else {},
        "notices": [n.as_json() for n in view_notices(data, services)],
    }


def network_json(data: ViewData, services: Services) -> dict:
    """The view's trade assigned to crossings, ports and corridors (modelled estimates), and what no
    route could carry.
    """
    assignment = data.assignment
    if assignment is None:
        return {
            "crossings": [],
            "ports": [],
            "corridors": [],
            "routes_unassigned_usd": None,
            "routes_unassigned_by_mode": {},
        }
    reference = services.reference
    names = {
        "crossing": localized(reference.crossings, "name_en"),
        "port": localized(reference.hubs, "name_en"),
        "corridor": localized(reference.corridors, "name"),
    }
    method = _(ROUTE_METHOD)
    arrays = {}
    for kind, key in (("crossing", "crossings"), ("port", "ports"), ("corridor", "corridors")):
        arrays[key] = [
            {
                **node,
                "name": str(names[kind].get(node["id"], node["id"])),
                "estimate": True,
                "method": method,
            }
            for node in node_summaries(assignment, kind)
        ]
    return {
        **arrays,
        "routes_unassigned_usd": assignment.unassigned_usd,
        "routes_unassigned_by_mode": dict(assignment.unassigned_by_mode),
    }


def _provenance(data: ViewData, services: Services) -> dict:
    return {
        "label": services.source_label,
        "demo": services.is_demo,
        "snapshot": data.snapshot,
        "sources": [_(SOURCE_NAMES.get(s, s)) for s in services.store.default_sources()],
        "files": [
            {
                "source": f["source"],
                "name": f["name"],
                "sha256": f["sha256"],
                "vintage": f["vintage"],
                "rows": f["rows"],
                "period_min": f["period_min"],
                "period_max": f["period_max"],
            }
            for f in services.source_files
        ],
        "mirror_note": _(MIRROR_NOTE),
    }


def view_document(query: str | None, services: Services) -> tuple[dict, tuple[str, ...]]:
    """The JSON document of the view a query describes, and the notices about the query itself."""
    view, link_notices = ViewState.from_query(query, services.view_context)
    document = document_from_data(load_view_data(view, services), services)
    thresholds = view.signal_thresholds
    document["signals"] = [s.as_json() for s in view_signals(view, services, thresholds)]
    document["signal_thresholds"] = thresholds.as_json()
    document["link_notices"] = list(link_notices)
    return document, link_notices


_SIGNAL_MEMOS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # per store: (cells, found)
SIGNAL_MATRICES_MEMO = (16, 192 * 2**20)  # goods selections' matrices: entries, bytes
SIGNAL_FOUND_MEMO = 256  # views' signals (small lists)


def _signal_memos(services: Services) -> tuple[BoundedMemo, BoundedMemo]:
    memos = _SIGNAL_MEMOS.get(services.store)
    if memos is None:
        memos = _SIGNAL_MEMOS.setdefault(
            services.store, (BoundedMemo(*SIGNAL_MATRICES_MEMO), BoundedMemo(SIGNAL_FOUND_MEMO))
        )
    return memos


def view_signals(view: ViewState, services: Services, thresholds: Thresholds) -> list[Signal]:
    """The view's signals (`geodata.analytics.signals`), highest score first: its goods, period and
    country groups; with a pair or focus only theirs; in one direction only its legs. Memoised per
    snapshot, in bounded memos; the default view's come from the snapshot when it was written with
    them (`precompute_default_signals`).
    """
    flt, label, found = _period_signals(view, services, thresholds, use_saved=True)
    chosen = [s for s in found if _in_view(s, view, flt.transit)][: thresholds.max_signals]
    if active_language() != SOURCE_LANGUAGE and any(s.goods is not None for s in chosen):
        # a basket's signals name the goods as the view does, in the reader's language
        shown, _codes = goods_selection(view, services)
        chosen = [s if s.goods is None else replace(s, goods=shown) for s in chosen]
    return chosen


def precompute_default_signals(services: Services) -> tuple[Path, int]:
    """Compute the default view's signals (default thresholds) and save them beside the store's
    snapshot (`dashboard.signal_cache`): the path written and how many signals it holds.
    """
    view, thresholds = ViewState.default(services.view_context), Thresholds()
    flt, label, found = _period_signals(view, services, thresholds, use_saved=False)
    key = key_text(
        flt.goods_key, flt.node_map, flt.sources, flt.transit, (view.start, view.end), label, thresholds
    )
    return save_signals(services.store.snapshot_dir, key, found), len(found)


def _period_signals(
    view: ViewState, services: Services, thresholds: Thresholds, use_saved: bool
) -> tuple[FlowFilter, str, list[Signal]]:
    """Every signal of the view's goods, groups, sources and period (before the view's pair, focus
    and direction narrow them), with the filter and goods label they were found for.
    """
    with use_language(SOURCE_LANGUAGE):  # one key and one goods label for the signals in every language
        label, codes = goods_selection(view, services)
    flt = flow_filter(view, services, codes)
    key = (flt.goods_key, flt.node_map, flt.sources, flt.transit, view.start, view.end, label, thresholds)
    matrices, found_memo = _signal_memos(services)
    coverage = (services.view_context.first_month, services.view_context.last_month)

    def find() -> list[Signal]:
        if use_saved:
            window = (view.start, view.end)
            text = key_text(flt.goods_key, flt.node_map, flt.sources, flt.transit, window, label, thresholds)
            saved = precomputed_signals(services.store.snapshot_dir, text)
            if saved is not None:
                return saved
        cells = matrices.get(  # the matrices depend on neither the period nor the thresholds
            key[:4], lambda: cell_matrices(services.store.signal_cells(flt), month_grid(*coverage))
        )
        return find_signals(cells, coverage, BASELINE, (view.start, view.end), flt.transit, thresholds, label)

    return flt, label, found_memo.get(key, find) if use_saved else find()


def _in_view(signal: Signal, view: ViewState, transit: frozenset[str]) -> bool:
    touched = {signal.exporter, signal.importer, signal.via}
    if view.exporters and signal.exporter not in view.exporters and signal.via not in view.exporters:
        return False
    if view.importers and signal.importer not in view.importers:
        return False
    if view.focus and view.focus not in touched:
        return False
    if view.has_pair or view.direction == "all":
        return True
    return leg_of(signal.exporter or "", signal.importer or "", transit, view.direction) in legs_in_direction(
        view.direction
    )

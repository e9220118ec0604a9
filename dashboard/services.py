"""Read-only services the callbacks use, one `Services` per store snapshot, and `LiveServices`, which
hands out the services of the snapshot that is current now.

A request takes one `Services` at its start (``live()``) and uses it to the end, so no response ever
mixes two snapshots; an ingest while the server runs is picked up within `CHECK_SECONDS`.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cached_property

import pandas as pd

from dashboard.figures.country_fill import fill_range
from dashboard.figures.flows import SCALE_QUANTILES, width_breaks
from dashboard.figures.frame import LABEL_INSET, entry_point
from dashboard.settings import Settings
from dashboard.view_state import ViewContext
from geodata.analytics.indexed_monthly import IndexedMonthly, index_monthly, leg_month_totals
from geodata.country_groups import EU27, EU_REPORTED_AS_ONE, GROUP_NAMES, CountryGroups, load_country_groups
from geodata.country_names import iso_name_in
from geodata.geometry import PointLocator
from geodata.goods import GoodsCatalogue, basket_presets, load_catalogue
from geodata.i18n import LANGUAGES, N_, _, active_language, use_language
from geodata.layers import ReferenceLayers, load_reference_layers
from geodata.localized_names import localized
from geodata.memo import BoundedMemo
from geodata.routes import ROUTE_FILE, RouteTable, load_routes
from geodata.topojson import WorldTopology
from geodata.trade.query import FlowFilter, TradeStore, goods_key
from geodata.trade.store import StoreLayout

CHECK_SECONDS = 1.0
#: Indexed monthly frames and series kept per snapshot (keys are users' views): bounded by count and
#: by bytes (the series memo gets a quarter of the bytes).
VIEW_MEMO_SIZE = 256
VIEW_MEMO_BYTES = 64 * 2**20
SOURCE_NAMES = {
    "comtrade": "UN Comtrade",
    "comext": "Eurostat Comext",
    "baci": "CEPII BACI",
    "demo": N_("demo"),
}


def node_of_reference(code: str) -> str:
    """The view node a reference country stands for (the EU27 is ``EUU`` in the reference tables)."""
    return EU27 if code == EU_REPORTED_AS_ONE else code


@dataclass(frozen=True)
class Services:
    """What callbacks may use. Nothing here is mutated after start-up."""

    reference: ReferenceLayers
    catalogue: GoodsCatalogue
    store: TradeStore
    groups: CountryGroups
    routes: RouteTable | None = None  # the route model (None: the reference folder has none)
    topojson_url: str = "/assets/topojson/"

    @property
    def eu_members(self) -> tuple[str, ...]:
        """ISO-3 codes of the EU member states (from the country groups)."""
        return self.groups.eu_members

    @property
    def names(self) -> dict[str, str]:
        """Display name of every node a view can show, in the active language."""
        return self.names_by_language[active_language()]

    @cached_property
    def names_by_language(self) -> dict[str, dict[str, str]]:
        """Language → display name of every node a view can show: reference countries (their own
        column for the language, ``name_<code>``, else ``name``), groups, store countries (ISO 3166).
        """
        return {language: self._node_names(language) for language in LANGUAGES}

    def _node_names(self, language: str) -> dict[str, str]:
        names = {code: iso_name_in(code, language) for code in self.store.countries | set(self.eu_members)}
        countries = self.reference.countries
        column = f"name_{language}" if f"name_{language}" in countries.columns else "name"
        names.update(
            (node_of_reference(c), str(own or english))
            for c, own, english in zip(countries.index, countries[column], countries["name"], strict=True)
        )
        with use_language(language):
            names.update({code: _(title) for code, title in GROUP_NAMES.items()})
        return names

    @cached_property
    def anchors(self) -> dict[str, tuple[float, float]]:
        """Where each drawable node's flows start and end on the map: the reference anchors, and a point
        inside each EU member state (for views that open the EU27); a node the map's frame does not show
        starts at the frame's edge on its approach (`dashboard.figures.frame.entry_point`).
        """
        return {node: entry_point(point) for node, point in self.true_anchors.items()}

    @cached_property
    def off_frame(self) -> dict[str, tuple[float, float]]:
        """Nodes outside the map's frame, with where their name stands (inside the edge they enter at)."""
        return {
            node: entry_point(point, LABEL_INSET)
            for node, point in self.true_anchors.items()
            if entry_point(point) != point
        }

    @cached_property
    def true_anchors(self) -> dict[str, tuple[float, float]]:
        """Each node's reference anchor (its capital or display point), where ever it lies."""
        countries = self.reference.countries
        anchors = {
            node_of_reference(iso): (float(lon), float(lat))
            for iso, lon, lat in zip(
                countries.index, countries["anchor_lon"], countries["anchor_lat"], strict=True
            )
        }
        topology = WorldTopology.load()
        for member in self.eu_members:
            if member in topology.iso3_codes and member not in anchors:
                point = topology.country_shape(member).representative_point()
                anchors[member] = (round(point.x, 3), round(point.y, 3))
        return anchors

    @property
    def places(self) -> dict[str, tuple[str, tuple[float, float]]]:
        """Crossing and hub id → (name in the active language, (lon, lat))."""
        return self.places_by_language[active_language()]

    @cached_property
    def places_by_language(self) -> dict[str, dict[str, tuple[str, tuple[float, float]]]]:
        """Language → `places` in it (built once per language)."""
        by_language = {}
        for language in LANGUAGES:
            with use_language(language):
                by_language[language] = {
                    place_id: (str(name), (float(point.x), float(point.y)))
                    for layer in (self.reference.crossings, self.reference.hubs)
                    for place_id, name, point in zip(
                        layer.index, localized(layer, "name_en"), layer.geometry, strict=True
                    )
                }
        return by_language

    @cached_property
    def place_ids(self) -> frozenset[str]:
        """Ids of every crossing, hub and corridor: what a map click on a place carries."""
        return frozenset(self.places) | frozenset(self.reference.corridors.index)

    @cached_property
    def corridor_countries(self) -> dict[str, tuple[str, ...]]:
        """The countries each corridor passes through, in order (from its waypoints); built once."""
        reference = self.reference
        result = {}
        for corridor_id, waypoints in reference.corridors["waypoint_ids"].items():
            chain: list[str] = []
            for point in waypoints:
                if point in reference.crossings.index:
                    row = reference.crossings.loc[point]
                    countries = [row["country_a"], row["country_b"]]
                else:
                    countries = [reference.hubs.at[point, "country"]]
                chain += [c for c in countries if not chain or chain[-1] != c]
            result[corridor_id] = tuple(dict.fromkeys(chain))
        return result

    @cached_property
    def _country_locator(self) -> PointLocator:
        countries = self.reference.countries
        return PointLocator(list(countries.index), list(countries.geometry))

    def country_at(self, lon: float, lat: float) -> str | None:
        """The view node of the map country containing a point (None at sea or outside the region)."""
        iso = self._country_locator.locate(lon, lat)
        return node_of_reference(iso) if iso is not None else None

    def countries_with_role(self, *roles: str) -> tuple[str, ...]:
        """The view nodes of the reference countries with any of ``roles`` (such as ``transit``)."""
        countries = self.reference.countries
        return tuple(node_of_reference(c) for c in countries.index[countries["role"].isin(roles)])

    @cached_property
    def transit(self) -> frozenset[str]:
        """The transit countries (reference role ``transit``)."""
        return frozenset(self.countries_with_role("transit"))

    @property
    def view_context(self) -> ViewContext:
        """What a view may name and span: baskets (labelled in the active language), countries, the
        store's first and last months, place ids.
        """
        return self.view_contexts[active_language()]

    @cached_property
    def view_contexts(self) -> dict[str, ViewContext]:
        """Language → the `view_context` with the baskets' labels in that language."""
        contexts = {}
        for language in LANGUAGES:
            with use_language(language):
                contexts[language] = self._view_context()
        return contexts

    def _view_context(self) -> ViewContext:
        first, last = self.store.first_month, self.store.last_month
        nodes = {node_of_reference(c) for c in self.reference.countries.index}
        presets = basket_presets(self.catalogue)
        return ViewContext(
            presets=frozenset(presets),
            preset_labels=tuple(presets.items()),
            countries=frozenset(nodes | set(self.eu_members) | self.store.countries | {EU27}),
            first_month=date(first.year, first.month, 1),
            last_month=date(last.year, last.month, 1),
            places=self.place_ids,
        )

    @cached_property
    def _indexed_memo(self) -> BoundedMemo:
        return BoundedMemo(VIEW_MEMO_SIZE, VIEW_MEMO_BYTES)

    @cached_property
    def _series_memo(self) -> BoundedMemo:
        return BoundedMemo(VIEW_MEMO_SIZE, VIEW_MEMO_BYTES // 4)

    def indexed_monthly(self, flt: FlowFilter, direction: str) -> IndexedMonthly:
        """Every month of the filter's trade, indexed once for the direction's legs (`index_monthly`):
        a change of period only picks rows (do not modify).
        """
        key = (self.store.whole_store(flt), direction)
        return self._indexed_memo.get(
            key, lambda: index_monthly(self.store.monthly_edges(key[0]), self.transit, direction)
        )

    def view_series(self, flt: FlowFilter, direction: str) -> pd.DataFrame:
        """The monthly value of each leg over every month of the store (do not modify): it does not
        depend on the period, so moving the period reuses it.
        """
        context = self.view_context
        key = (self.store.whole_store(flt), direction)
        return self._series_memo.get(
            key,
            lambda: leg_month_totals(
                self.indexed_monthly(flt, direction), (context.first_month, context.last_month)
            ),
        )

    def flow_scale(self, flt: FlowFilter, direction: str) -> list[float]:
        """Width classes of the map's flows for the filter (all but its period), fixed over every month of
        the store (`width_breaks` at `SCALE_QUANTILES` of the edges' monthly values), so a width
        means the same in every period and in playback.
        """
        key = (self.store.whole_store(flt), direction)
        return self._scale_memo.get(
            key,
            lambda: width_breaks(self.indexed_monthly(flt, direction).edge_month_values(), SCALE_QUANTILES),
        )

    def fill_range(self, flt: FlowFilter, direction: str) -> tuple[float, float] | None:
        """The country fill's colour range, log10 of USD a month, fixed like `flow_scale` over every month
        of the store for the filter: from the `FILL_LOW_QUANTILE` of the countries' monthly trade to
        the largest. None when the store has no trade for the filter.
        """
        key = ("fill", self.store.whole_store(flt), direction)
        return self._scale_memo.get(
            key, lambda: fill_range(self.indexed_monthly(flt, direction).country_month_values())
        )

    @cached_property
    def _scale_memo(self) -> BoundedMemo:
        return BoundedMemo(VIEW_MEMO_SIZE)

    def memo_report(self) -> str:
        """How full the bounded memos are (the load run prints it)."""
        store = self.store
        return (
            f"monthly {store.monthly_memo.describe()}; indexed {self._indexed_memo.describe()}; "
            f"series {self._series_memo.describe()}; goods {self.catalogue._memo.describe()}; "
            f"signal cells {store.signal_cells_memo.describe()}; place goods {store.goods_memo.describe()}"
        )

    @cached_property
    def source_files(self) -> tuple[dict, ...]:
        """The manifest entries of the files the views count."""
        sources = self.store.default_sources()
        return tuple(f for f in self.store.manifest["files"] if f["source"] in sources)

    @property
    def source_label(self) -> str:
        """Which data the numbers come from, with their vintage, in the active language: shown in the
        header and on every figure.
        """
        files = self.source_files
        if self.is_demo:
            return _("Demo data (synthetic) · {vintage}").format(
                vintage=demo_vintage(files[0]) if files else ""
            )
        parts = "; ".join(
            sorted({f"{_(SOURCE_NAMES.get(f['source'], f['source']))} ({f['vintage']})" for f in files})
        )
        if self.store.has_annual:
            return _("Source: {sources}; annual figures shown as monthly averages").format(sources=parts)
        return _("Source: {sources}").format(sources=parts)

    @property
    def is_demo(self) -> bool:
        """Whether the views count only the synthetic demo data."""
        return self.store.default_sources() == ("demo",)


def demo_vintage(entry: dict) -> str:
    """The demo's vintage in the active language (its manifest writes it in English)."""
    if entry.get("seed") is None or not str(entry.get("ingested_at", ""))[:10]:
        return str(entry.get("vintage", ""))
    return _("synthetic, generated {date} (seed {seed})").format(
        date=str(entry["ingested_at"])[:10], seed=entry["seed"]
    )


class LiveServices:
    """The services of the store's current snapshot; calling it returns them.

    The ``current`` link of the data directory is read at most once every `CHECK_SECONDS`; when it
    points at another snapshot, the new snapshot's services are built (one thread builds, the others
    keep serving the previous snapshot meanwhile) and replace the old ones in one assignment.
    """

    def __init__(self, data_dir, build: Callable[[], Services], check_seconds: float = CHECK_SECONDS) -> None:
        self._layout = StoreLayout(data_dir)
        self._build = build
        self._check_seconds = check_seconds
        self._lock = threading.Lock()
        self._services = build()
        self._target = self._read_target()
        self._checked = time.monotonic()

    def _read_target(self) -> str | None:
        try:
            return os.readlink(self._layout.current)
        except OSError:
            return None

    def __call__(self) -> Services:
        """The current snapshot's services. At most every ``check_seconds`` one caller looks whether
        ``current`` moved and, if so, builds the new snapshot's services (the old ones stay if that fails).
        """
        services = self._services
        now = time.monotonic()
        if now - self._checked < self._check_seconds or not self._lock.acquire(blocking=False):
            return services
        try:
            self._checked = now
            target = self._read_target()
            if target is not None and target != self._target:
                try:
                    self._services = self._build()
                    self._target = target
                except Exception as error:  # keep serving the last good snapshot; retry at the next check
                    logging.getLogger(__name__).warning(
                        "could not open the new snapshot %s: %s", target, error
                    )
            return self._services
        finally:
            self._lock.release()


def build_services(settings: Settings) -> Services:
    """Load and validate everything the callbacks read, on the store's current snapshot; raises one
    error listing every problem. Reference layers and the catalogue are read once per process.
    """
    reference = load_reference_layers(settings.reference_dir)
    groups = load_country_groups(settings.reference_dir)
    catalogue = load_catalogue(settings.catalogue_dir)
    chpl = catalogue.chpl_codes
    cubes = {goods_key(None): None, goods_key(chpl): catalogue.version_weights(chpl)}
    return Services(
        reference=reference,
        catalogue=catalogue,
        store=TradeStore(settings.data_dir, cubes, eu_members=groups.eu_members),
        groups=groups,
        routes=load_routes(settings.reference_dir)
        if (settings.reference_dir / ROUTE_FILE).exists()
        else None,
    )


def live_services(settings: Settings) -> LiveServices:
    """The `LiveServices` of the settings' data directory (`build_services` builds each snapshot's)."""
    return LiveServices(settings.data_dir, lambda: build_services(settings))

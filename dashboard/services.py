"""Read-only services built once in `create_app` and injected into every callback module."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property

import pandas as pd

from dashboard.view_state import ViewContext
from geodata.goods import GoodsCatalogue, basket_presets
from geodata.layers import ReferenceLayers
from geodata.trade.query import TradeStore


@dataclass(frozen=True)
class Services:
    """What callbacks may use. Nothing here is mutated after start-up."""

    reference: ReferenceLayers
    catalogue: GoodsCatalogue
    store: TradeStore
    official_totals: pd.DataFrame
    eu_members: tuple[str, ...]
    topojson_url: str = "/assets/topojson/"

    @cached_property
    def names(self) -> dict[str, str]:
        return dict(zip(self.reference.countries.index, self.reference.countries["name"], strict=True))

    @cached_property
    def anchors(self) -> dict[str, tuple[float, float]]:
        countries = self.reference.countries
        return {
            iso: (float(lon), float(lat))
            for iso, lon, lat in zip(
                countries.index, countries["anchor_lon"], countries["anchor_lat"], strict=True
            )
        }

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

    def country_at(self, lon: float, lat: float) -> str | None:
        """The ISO-3 of the map country containing a point (None at sea or outside the region)."""
        from shapely.geometry import Point

        countries = self.reference.countries
        point = Point(lon, lat)
        for iso, shape in zip(countries.index, countries.geometry, strict=True):
            if shape is not None and shape.contains(point):
                return iso
        return None

    def countries_with_role(self, *roles: str) -> tuple[str, ...]:
        countries = self.reference.countries
        return tuple(countries.index[countries["role"].isin(roles)])

    @cached_property
    def view_context(self) -> ViewContext:
        first, last = self.store.first_month, self.store.last_month
        return ViewContext(
            presets=frozenset(basket_presets()),
            countries=frozenset(self.reference.countries.index),
            first_month=date(first.year, first.month, 1),
            last_month=date(last.year, last.month, 1),
        )

    @cached_property
    def source_label(self) -> str:
        """Which data the numbers come from, with their vintage: shown in the header and on every figure."""
        files = [f for f in self.store.manifest["files"] if f["source"] in self.store.default_sources()]
        if self.store.default_sources() == ("demo",):
            return f"Demo data (synthetic) · {files[0]['vintage'] if files else ''}"
        names = {"comtrade": "UN Comtrade", "comext": "Eurostat Comext", "baci": "CEPII BACI"}
        parts = sorted({f"{names.get(f['source'], f['source'])} ({f['vintage']})" for f in files})
        annual = "; annual figures shown as monthly averages" if self.store.has_annual else ""
        return "Source: " + "; ".join(parts) + annual

    @property
    def is_demo(self) -> bool:
        return self.store.default_sources() == ("demo",)

"""A deterministic, clearly synthetic demo dataset in the canonical schema.

Monthly HS6 rows, 2019-01 to 2026-03, for the edges of `demo_model.demo_edges()`, reported by the
exporter (flow X) and by the importer (flow M) — except Russia, which reports nothing: its side
exists only as its partners' declarations (mirror data). Yearly totals of the series the official
statistics cover are scaled to those totals exactly; neighbouring years keep their pattern
relative to the nearest official year. Every row has ``source == "demo"``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Protocol, cast

import numpy as np
import pandas as pd

from geodata.goods import GoodsCatalogue
from geodata.trade import demo_model as model
from geodata.trade.schema import CANONICAL_COLUMNS

DEFAULT_SEED = 7
#: CHPL goods are a small part of ordinary trade before 2022 (their growth comes from `_chpl_multiplier`).
CHPL_BASE_WEIGHT = 0.08


def demo_file_hash(seed: int, rows: int | None) -> str:
    """The demo's stand-in for a file hash (its partition's name): one per seed and row count."""
    return "demo-" + hashlib.sha256(f"{seed}:{rows}".encode()).hexdigest()[:11]


def months() -> pd.DatetimeIndex:
    """Every month of the demo, 2019-01 to 2026-03, as month-start timestamps."""
    return pd.date_range(model.FIRST_MONTH, model.LAST_MONTH, freq="MS")


def _special_codes(catalogue: GoodsCatalogue) -> list[str]:
    basket_codes: set[str] = set()
    for basket in model_baskets(catalogue):
        basket_codes |= catalogue.expand(catalogue.preset_prefixes(basket), frozenset()) or set()
    return sorted(catalogue.chpl_codes | basket_codes)


def model_baskets(catalogue: GoodsCatalogue) -> list[str]:
    """The catalogue's basket ids, sorted: their codes join the CHPL's as the demo's special goods."""
    return sorted(set(catalogue.baskets["basket_id"]))


def _chpl_multiplier(edge: model.Edge, when: pd.DatetimeIndex) -> np.ndarray:
    """How CHPL goods on this edge grow (or vanish) relative to their 2019–2021 level, by month."""
    ramp = np.clip(np.asarray((when - pd.Timestamp("2022-03-01")).days, dtype=float) / 480.0, 0.0, 1.0)
    hub = edge.exporter if edge.importer == "RUS" else edge.importer
    if edge.exporter == "EUU" and edge.importer == "RUS":
        return 1.0 - 0.95 * ramp
    rerouted = (edge.exporter in model.ORIGINS and edge.importer in model.CIRCUMVENTION_HUBS) or (
        edge.importer == "RUS" and edge.exporter in model.CIRCUMVENTION_HUBS
    )
    if not rerouted:
        return np.ones(len(when))
    multiplier = 1.0 + (model.CIRCUMVENTION_HUBS[hub] - 1.0) * ramp
    if hub == "KAZ":
        multiplier = np.where(
            np.asarray(when >= pd.Timestamp("2026-01-01")),
            multiplier * model.KAZ_2026_CHPL_FACTOR,
            multiplier,
        )
    return multiplier


def _edge_matrix(
    edge: model.Edge, codes: list[str], chpl: np.ndarray, rng: np.random.Generator, when: pd.DatetimeIndex
) -> np.ndarray:
    """Exporter-side monthly values [code, month] in USD, yearly totals following the edge pattern."""
    weights = rng.lognormal(0.0, 1.3, len(codes)) * np.where(chpl, CHPL_BASE_WEIGHT, 1.0)
    growth = np.where(chpl[:, None], _chpl_multiplier(edge, when)[None, :], 1.0)
    season = 1.0 + 0.12 * np.sin(2 * np.pi * (when.month.to_numpy() - 3) / 12.0)
    noise = rng.lognormal(0.0, 0.18, (len(codes), len(when)))
    active = rng.random((len(codes), len(when))) < rng.uniform(0.7, 1.0, len(codes))[:, None]
    values = weights[:, None] * growth * season[None, :] * noise * active
    pattern = dict(zip(model.YEARS, model.PATTERNS[edge.pattern], strict=True))
    years = when.year.to_numpy()
    for year in np.unique(years):
        in_year = years == year
        total = values[:, in_year].sum()
        if total > 0:
            values[:, in_year] *= edge.base_2019_usd * pattern[year] * in_year.sum() / 12.0 / total
    return values


def _planted_on(edge: model.Edge) -> list[model.PlantedPattern]:
    """The planted patterns with a leg on this edge (a transshipment has two: supply and onward)."""
    found = []
    for pattern in model.PLANTED:
        onward = pattern.kind == "transshipment" and (edge.exporter, edge.importer) == (pattern.via, "RUS")
        if (edge.exporter, edge.importer) == (pattern.exporter, pattern.importer) or onward:
            found.append(pattern)
    return found


def _planted_values(
    edge: model.Edge, codes: list[str], when: pd.DatetimeIndex
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """[code, month] arrays of the planted patterns on an edge: value added to the exporter's side,
    share of it the importer declares, and the weight factor.
    """
    added = np.zeros((len(codes), len(when)))
    share, kg_factor = np.ones_like(added), np.ones_like(added)
    for pattern in _planted_on(edge):
        row = codes.index(pattern.hs6)
        span = np.asarray((when >= pd.Timestamp(pattern.start)) & (when <= pd.Timestamp(pattern.end)))
        amount = np.where(span, pattern.usd_per_month, 0.0)
        if pattern.kind == "transshipment":
            pulse = np.resize(np.array(model.PULSE), len(when))
            amount = amount * pulse
            if edge.importer == "RUS":  # the onward leg: lagged, and only part of the supply
                amount = np.concatenate([np.zeros(pattern.lag), amount[: len(when) - pattern.lag]])
                amount = amount * pattern.importer_share
        else:
            share[row] = np.where(span, pattern.importer_share, 1.0)
            kg_factor[row] = np.where(span, pattern.kg_factor, 1.0)
        added[row] += amount
    return added, share, kg_factor


class _Target(Protocol):
    """A row of `geodata.official.calibration_targets`, as `_calibrate` reads it."""

    year: int
    amount: float
    currency: str


def _calibrate(frame: pd.DataFrame, targets: pd.DataFrame, usd_per_eur: pd.Series) -> pd.DataFrame:
    """Scale each year of one series to its official total; other years follow the nearest one."""
    if targets.empty:
        return frame
    year = frame["period"].dt.year
    rate = frame["period"].map(usd_per_eur).astype(float)
    factors: dict[int, float] = {}
    # pandas-stubs types every field of an itertuples row as any scalar
    for target in cast(Iterator[_Target], targets.itertuples(index=False)):
        in_year = year == target.year
        measured = (
            (frame.loc[in_year, "value_usd"] / rate[in_year]).sum()
            if target.currency == "EUR"
            else frame.loc[in_year, "value_usd"].sum()
        )
        factors[target.year] = target.amount / measured
    known = sorted(factors)
    for each in sorted(year.unique()):
        nearest = min(known, key=lambda y: (abs(y - each), y))
        factors.setdefault(each, factors[nearest])
    frame["value_usd"] = frame["value_usd"] * year.map(factors).to_numpy()
    return frame


def _to_hs2017(codes: list[str], links: pd.DataFrame) -> dict[str, str]:
    back = dict(zip(links["hs2022"], links["hs2017"], strict=True))
    return {code: back.get(code, code) for code in codes}


def generate_demo(
    catalogue: GoodsCatalogue,
    official: pd.DataFrame,
    usd_per_eur: pd.Series,
    *,
    seed: int = DEFAULT_SEED,
    rows: int | None = None,
) -> Iterator[pd.DataFrame]:
    """Yield one canonical frame per edge side. ``rows`` scales breadth (codes per edge) to about N rows.

    ``official`` holds columns reporter, partner, flow, year, amount, currency (see
    `geodata.official.calibration_targets`).
    """
    when = months()
    edges = model.demo_edges()
    special = _special_codes(catalogue)
    general = sorted(set(model.GENERAL_CODES) | set(catalogue.codes["hs6"]) - set(special))
    default_rows = sum(e.codes * len(when) * 0.85 * (2 - ("RUS" in (e.exporter, e.importer))) for e in edges)
    scale = (rows / default_rows) if rows else 1.0
    file_hash = demo_file_hash(seed, rows)
    hs2017 = _to_hs2017(special + general, catalogue.links)
    is_2017 = when < pd.Timestamp("2022-01-01")
    for index, edge in enumerate(edges):
        rng = np.random.default_rng([seed, index])
        wanted = max(10, int(round(edge.codes * scale)))
        n_special = min(len(special), max(wanted // 3, 20))
        n_general = min(len(general), max(wanted - n_special, 5))
        picked = sorted(rng.choice(general, n_general, replace=False).tolist())
        codes = (
            special[:n_special]
            if n_special == len(special)
            else sorted(rng.choice(special, n_special, replace=False).tolist())
        )
        codes = codes + picked
        codes += sorted({p.hs6 for p in _planted_on(edge)} - set(codes))
        chpl = np.array([c in catalogue.chpl_codes for c in codes])
        values = _edge_matrix(edge, codes, chpl, rng, when)
        planted, planted_share, kg_factor = _planted_values(edge, codes, when)
        price_per_kg = rng.lognormal(2.0, 1.5, len(codes))
        for reporter, partner, flow in (
            (edge.exporter, edge.importer, "X"),
            (edge.importer, edge.exporter, "M"),
        ):
            if reporter == "RUS":
                continue  # Russia reports nothing since 2022: its side is its partners' mirror data
            side = values + planted
            if flow == "M":
                side = values + planted * planted_share
                gap = np.where(
                    chpl[:, None]
                    & (when >= pd.Timestamp("2022-03-01"))[None, :]
                    & (edge.importer in model.CIRCUMVENTION_HUBS),
                    model.CHPL_MIRROR_GAP_AFTER_2022,
                    1.0,
                )
                side = side * model.CIF_MARGIN * gap * rng.lognormal(0.0, 0.05, side.shape)
            code_idx, month_idx = np.nonzero(side)
            frame = pd.DataFrame(
                {
                    "period": when[month_idx],
                    "freq": "M",
                    "reporter": reporter,
                    "partner": partner,
                    "flow": flow,
                    "hs6": np.array(codes)[code_idx],
                    "hs_version": np.where(is_2017[month_idx], "H5", "H6"),
                    "value_usd": side[code_idx, month_idx],
                }
            )
            frame["hs6"] = np.where(frame["hs_version"] == "H5", frame["hs6"].map(hs2017), frame["hs6"])
            frame["net_kg"] = frame["value_usd"] / price_per_kg[code_idx] * kg_factor[code_idx, month_idx]
            frame = frame.groupby(
                ["period", "freq", "reporter", "partner", "flow", "hs6", "hs_version"], as_index=False
            )[["value_usd", "net_kg"]].sum()
            targets = official[
                (official["reporter"] == reporter)
                & (official["partner"] == partner)
                & (official["flow"] == flow)
            ]
            uncalibrated = frame["value_usd"].to_numpy()
            frame = _calibrate(frame, targets, usd_per_eur)
            # weights follow the calibrated values, so unit values stay those the model set
            kg_scale = np.divide(
                frame["value_usd"].to_numpy(), uncalibrated, out=np.ones(len(frame)), where=uncalibrated > 0
            )
            frame["net_kg"] = (frame["net_kg"] * kg_scale).round(0)
            frame["value_usd"] = frame["value_usd"].round(2)
            frame["source"] = "demo"
            frame["source_file"] = file_hash
            frame["partner2"] = None
            frame["transport_mode"] = None
            yield frame[list(CANONICAL_COLUMNS)]

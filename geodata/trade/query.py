"""Typed queries over the Parquet store (DuckDB), each returning a small aggregated frame.

Every value the user chooses is a bound parameter or a registered relation — never formatted
into SQL. One DuckDB cursor per thread ("one connection per worker"); the store is only read.

A record is an *edge* exporter → importer: flow X rows are the exporter's declaration, flow M
rows the importer's. Russia reports nothing, so any edge touching RUS is mirror data.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from pathlib import Path

import duckdb
import pandas as pd

from geodata.trade.store import StoreLayout

SIDES = {"exporter": "X", "importer": "M"}
DIRECTIONS = ("into_russia", "out_of_russia", "all")
RUSSIA = "RUS"
BASELINE = (date(2019, 1, 1), date(2021, 12, 1))


@dataclass(frozen=True)
class FlowFilter:
    """What to aggregate. ``weights`` is the goods selection as (hs_version, hs6, weight) rows from
    `GoodsCatalogue.version_weights`; None means all goods."""

    start: date
    end: date  # inclusive month
    side: str = "exporter"
    direction: str = "all"
    countries: frozenset[str] = frozenset()  # edges with both ends in here (empty = any)
    origins: frozenset[str] = frozenset()
    transit: frozenset[str] = frozenset()
    focus: str | None = None
    sources: tuple[str, ...] = ("demo",)
    goods_key: str = "all"  # names the goods selection; part of the cache key, unlike `weights`
    weights: pd.DataFrame | None = field(default=None, compare=False, hash=False)

    def with_period(self, start: date, end: date) -> FlowFilter:
        return replace(self, start=start, end=end)


def _months(start: date, end: date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month + 1


def monthly_view_sql(raw: str, has_annual: bool) -> str:
    """The `flows` view: monthly rows as stored, and — only where a source has no monthly rows for that
    reporter and year — each annual row spread evenly over its twelve months (so BACI or annual
    Comtrade data can be viewed by month; the source label says such months are annual averages).
    Without annual rows in the store the view is a plain scan, so the usual case pays nothing."""
    columns = "period, 'M' AS freq, reporter, partner, flow, hs6, hs_version, value_usd, net_kg, source"
    monthly = f"SELECT {columns} FROM {raw} WHERE freq = 'M'"
    if not has_annual:
        return f"CREATE VIEW flows AS {monthly}"
    spread = (
        "SELECT CAST(r.period + to_months(m.i) AS DATE) AS period, 'M' AS freq, r.reporter, r.partner, r.flow, "
        "r.hs6, r.hs_version, r.value_usd / 12 AS value_usd, r.net_kg / 12 AS net_kg, r.source "
        f"FROM {raw} r CROSS JOIN range(12) m(i) WHERE r.freq = 'A' AND NOT EXISTS ("
        f"SELECT 1 FROM {raw} c WHERE c.freq = 'M' AND c.source = r.source AND c.reporter = r.reporter "
        "AND year(c.period) = year(r.period))"
    )
    return f"CREATE VIEW flows AS {monthly} UNION ALL {spread}"


def goods_key(codes: frozenset[str] | None) -> str:
    """The name of a goods selection, as filters and cubes use it."""
    return "all" if codes is None else ",".join(sorted(codes))


class TradeStore:
    """Read-only queries on one data directory.

    ``cubes`` names goods selections the dashboard asks for on every view (all goods, all CHPL
    items): each is summed once, at open, into a small monthly table by reporter, partner and flow,
    so those queries read thousands of rows instead of millions.
    """

    def __init__(self, data_dir: Path, cubes: dict[str, pd.DataFrame | None] | None = None) -> None:
        self.layout = StoreLayout(data_dir)
        self.manifest = self.layout.read_manifest()
        self._database = duckdb.connect(":memory:", config={"threads": 2})
        glob = self.layout.flows_glob
        raw = f"read_parquet('{_sql_literal(glob)}', hive_partitioning=false)"
        self.has_annual = any("A" in f.get("freqs", []) for f in self.manifest["files"])
        self._database.execute(monthly_view_sql(raw, self.has_annual))
        self._local = threading.local()
        self._cached_flows = lru_cache(maxsize=512)(self._flows_uncached)
        self._cached_monthly = lru_cache(maxsize=256)(self._monthly_uncached)
        bounds = (
            self._cursor().execute("SELECT min(period), max(period) FROM flows WHERE freq = 'M'").fetchone()
        )
        self.first_month, self.last_month = bounds
        self.sources = tuple(sorted({f["source"] for f in self.manifest["files"]}))
        self._cubes = {
            key: self._build_cube(index, weights)
            for index, (key, weights) in enumerate((cubes or {}).items())
        }
        self.codes = frozenset(
            r[0] for r in self._cursor().execute("SELECT DISTINCT hs6 FROM flows").fetchall()
        )

    def _build_cube(self, index: int, weights: pd.DataFrame | None) -> str:
        name = f"cube_{index}"
        cursor = self._cursor()
        join, weight = "", "1"
        if weights is not None:
            cursor.register("cube_weights", weights)
            join, weight = "JOIN cube_weights g ON f.hs_version = g.hs_version AND f.hs6 = g.hs6", "g.weight"
        cursor.execute(
            f"CREATE TABLE {name} AS SELECT f.period, f.freq, f.flow, f.reporter, f.partner, f.source, "
            f"sum(f.value_usd * {weight}) AS value_usd FROM flows f {join} GROUP BY ALL"
        )
        if weights is not None:
            cursor.unregister("cube_weights")
        return name

    def _cursor(self) -> duckdb.DuckDBPyConnection:
        cursor = getattr(self._local, "cursor", None)
        if cursor is None:
            cursor = self._local.cursor = self._database.cursor()
        return cursor

    @property
    def is_demo(self) -> bool:
        return self.sources == ("demo",)

    def default_sources(self) -> tuple[str, ...]:
        """Real sources when any were ingested; the demo only when nothing else is there."""
        real = tuple(s for s in self.sources if s != "demo")
        return real or self.sources

    def _edges_sql(self, flt: FlowFilter, cursor: duckdb.DuckDBPyConnection) -> tuple[str, list]:
        """A SELECT of (period, exporter, importer, value_usd) rows for the filter.

        Only the columns a view needs are read (weight is not shown, so ``net_kg`` stays on disk),
        and the source test is left out when it could not exclude anything.
        """
        params: list = [SIDES[flt.side], flt.start, flt.end]
        goods_join, weight, table = "", "1", self._cubes.get(flt.goods_key, "flows")
        if flt.weights is not None and table == "flows":
            cursor.register("goods_selection", flt.weights)
            goods_join = "JOIN goods_selection g ON f.hs_version = g.hs_version AND f.hs6 = g.hs6"
            weight = "g.weight"
        exporter = "CASE WHEN f.flow = 'X' THEN f.reporter ELSE f.partner END"
        importer = "CASE WHEN f.flow = 'X' THEN f.partner ELSE f.reporter END"
        sql = (
            f"SELECT f.period, {exporter} AS exporter, {importer} AS importer, "
            f"f.value_usd * {weight} AS value_usd "
            f"FROM {table} f {goods_join} WHERE f.flow = ? AND f.freq = 'M' AND f.period BETWEEN ? AND ?"
        )
        if set(self.sources) - set(flt.sources):
            sql += " AND list_contains(?::VARCHAR[], f.source)"
            params.append(list(flt.sources))
        outer = []
        if flt.countries:
            outer.append("list_contains(?::VARCHAR[], exporter) AND list_contains(?::VARCHAR[], importer)")
            params += [sorted(flt.countries)] * 2
        if flt.direction == "into_russia":
            outer.append(
                "(importer = ? OR (list_contains(?::VARCHAR[], exporter) AND list_contains(?::VARCHAR[], importer)))"
            )
            params += [RUSSIA, sorted(flt.origins), sorted(flt.transit)]
        elif flt.direction == "out_of_russia":
            outer.append("exporter = ?")
            params.append(RUSSIA)
        if flt.focus:
            outer.append("(exporter = ? OR importer = ?)")
            params += [flt.focus, flt.focus]
        where = f" WHERE {' AND '.join(outer)}" if outer else ""
        return f"SELECT * FROM ({sql}){where}", params

    def _run(self, flt: FlowFilter, select: str) -> pd.DataFrame:
        cursor = self._cursor()
        inner, params = self._edges_sql(flt, cursor)
        try:
            return cursor.execute(select.replace("{edges}", f"({inner})"), params).df()
        finally:
            if "goods_selection" in inner:
                cursor.unregister("goods_selection")

    def monthly_edges(self, flt: FlowFilter) -> pd.DataFrame:
        """Every month's value per edge (period, exporter, importer, value_usd) for the filter's goods,
        side, direction and focus — whatever its period.

        One scan of the store serves the current period, the baseline and the time series, and a
        change of period alone reads nothing: it is answered from this small, memoised frame.
        """
        return self._cached_monthly(replace(flt, start=self.first_month, end=self.last_month))

    def _monthly_uncached(self, flt: FlowFilter) -> pd.DataFrame:
        frame = self._run(
            flt, "SELECT period, exporter, importer, sum(value_usd) AS value_usd FROM {edges} GROUP BY ALL"
        )
        frame["period"] = pd.to_datetime(frame["period"])
        return frame

    def flows(self, flt: FlowFilter) -> pd.DataFrame:
        """Per edge: exporter, importer, value_usd, mirror (Russia's side is its partners').

        Results are memoised per filter (the store is read-only), so returning to a view is free.
        """
        return self._cached_flows(flt).copy()

    def _flows_uncached(self, flt: FlowFilter) -> pd.DataFrame:
        monthly = self.monthly_edges(flt)
        in_period = monthly[monthly["period"].between(pd.Timestamp(flt.start), pd.Timestamp(flt.end))]
        frame = in_period.groupby(["exporter", "importer"], as_index=False)["value_usd"].sum()
        frame = frame.sort_values("value_usd", ascending=False, kind="stable").reset_index(drop=True)
        frame["mirror"] = (frame["exporter"] == RUSSIA) | (frame["importer"] == RUSSIA)
        return frame

    def timeseries(self, flt: FlowFilter) -> pd.DataFrame:
        """Monthly totals: period, value_usd (months with no trade are zero, not missing)."""
        monthly = self.monthly_edges(flt)
        every_month = pd.date_range(flt.start, flt.end, freq="MS")
        series = monthly.groupby("period")["value_usd"].sum().reindex(every_month, fill_value=0.0)
        return series.rename_axis("period").reset_index()

    def top_partners(self, flt: FlowFilter, limit: int = 10) -> pd.DataFrame:
        """The largest edges: exporter, importer, value_usd, share of the total."""
        frame = self.flows(flt)
        total = frame["value_usd"].sum()
        frame["share"] = frame["value_usd"] / total if total else 0.0
        return frame.head(limit).reset_index(drop=True)

    def totals(self, flt: FlowFilter) -> dict:
        """Total value and the number of months in the range."""
        flows = self._cached_flows(flt)
        return {
            "value_usd": float(flows["value_usd"].sum()),
            "months": _months(flt.start, flt.end),
        }

    def change_vs_baseline(self, flt: FlowFilter, baseline: tuple[date, date] = BASELINE) -> pd.DataFrame:
        """Per edge: monthly average in the period and in the baseline, and the change in percent."""
        current = self.flows(flt)
        base = self.flows(flt.with_period(*baseline))
        merged = current.merge(
            base[["exporter", "importer", "value_usd"]],
            on=["exporter", "importer"],
            how="outer",
            suffixes=("", "_baseline"),
        ).fillna({"value_usd": 0.0, "value_usd_baseline": 0.0})
        merged["mirror"] = (merged["exporter"] == RUSSIA) | (merged["importer"] == RUSSIA)
        merged["monthly"] = merged["value_usd"] / _months(flt.start, flt.end)
        merged["baseline_monthly"] = merged["value_usd_baseline"] / _months(*baseline)
        merged["change_pct"] = change_percent(merged["monthly"], merged["baseline_monthly"])
        return merged.sort_values("value_usd", ascending=False).reset_index(drop=True)


def change_percent(current: pd.Series, baseline: pd.Series) -> pd.Series:
    """(current − baseline) / baseline × 100; NaN where there was no baseline trade."""
    return (current - baseline) / baseline.where(baseline > 0) * 100.0


def _sql_literal(text: str) -> str:
    return text.replace("'", "''")

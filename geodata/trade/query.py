"""Typed queries over one snapshot of the Parquet store (DuckDB), each returning a small frame.

Every value the user chooses is a bound parameter — never formatted into SQL. One DuckDB cursor
per thread; the store is only read. A `TradeStore` is pinned to the snapshot that was current when
it opened, so every answer it gives comes from one snapshot (`geodata.trade.live` swaps stores).

A record is an *edge* exporter → importer: flow X rows are the exporter's declaration, flow M rows
the importer's. Russia reports nothing, so any edge touching RUS is mirror data. Edges are between
*nodes*: countries, or groups (EU27) their members fold into (`geodata.country_groups`).
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from geodata.memo import BoundedMemo
from geodata.trade.declarations import DeclarationRules, create_declarations_view, monthly_view_sql
from geodata.trade.store import StoreLayout
from geodata.trade.verify import open_good_snapshot

SIDES = {"exporter": "X", "importer": "M"}
DIRECTIONS = ("into_russia", "out_of_russia", "all")
RUSSIA = "RUS"
#: Monthly frames kept per store (keys are users' filters): at most this many, holding at most this
#: many bytes; a 10 M-row store's frames are a few hundred KB each.
MONTHLY_MEMO_SIZE = 256
MONTHLY_MEMO_BYTES = 64 * 2**20
#: Frames by edge and HS6 code for the place panels: one per filter and period a panel was opened for.
GOODS_MEMO_SIZE = 32
GOODS_MEMO_BYTES = 32 * 2**20
#: Signal cell frames (HS6 level, so large) kept per store: the matrices built from them are memoised
#: by the view layer, so a few suffice.
SIGNAL_CELLS_MEMO_SIZE = 4
SIGNAL_CELLS_MEMO_BYTES = 64 * 2**20
#: Sums in whole micro-dollars (integers): exact, so the same view gives the same figures whatever
#: the order the engine's threads add the rows in; MICRO_SUM sums, FROM_MICRO turns a sum back to dollars.
MICRO_SUM = "sum(CAST(({}) * 1000000 AS BIGINT))"
FROM_MICRO = "CAST({} AS DOUBLE) / 1000000"


@dataclass(frozen=True)
class FlowFilter:
    """What to aggregate. ``weights`` is the goods selection as (hs_version, hs6, weight) rows from
    `GoodsCatalogue.version_weights`; None means all goods. ``node_map`` folds store codes into
    groups ((code, node) pairs). ``exporters`` / ``importers`` restrict the edges to a pair of nodes
    (empty = any); with a pair the direction no longer narrows the edges.
    """

    start: date
    end: date  # inclusive month
    side: str = "exporter"
    direction: str = "all"
    transit: frozenset[str] = frozenset()
    focus: str | None = None
    exporters: frozenset[str] = frozenset()
    importers: frozenset[str] = frozenset()
    node_map: tuple[tuple[str, str], ...] = ()
    sources: tuple[str, ...] = ("demo",)
    goods_key: str = "all"  # names the goods selection; part of the cache key, unlike `weights`
    weights: pd.DataFrame | None = field(default=None, compare=False, hash=False)

    @property
    def has_pair(self) -> bool:
        """True when the filter restricts the edges to named exporters or importers."""
        return bool(self.exporters or self.importers)


def goods_key(codes: frozenset[str] | None) -> str:
    """The name of a goods selection, as filters and cubes use it."""
    return "all" if codes is None else ",".join(sorted(codes))


def _node_sql(column: str, node_map: tuple[tuple[str, str], ...], params: list) -> str:
    """A CASE folding ``column``'s codes into their nodes (bound parameters only)."""
    groups: dict[str, list[str]] = {}
    for code, node in node_map:
        groups.setdefault(node, []).append(code)
    if not groups:
        return column
    whens = []
    for node, codes in sorted(groups.items()):
        whens.append(f"WHEN {column} {_in_list(codes, params)} THEN ?")
        params.append(node)
    return f"CASE {' '.join(whens)} ELSE {column} END"


def _in_list(values, params: list) -> str:
    """``IN (?, ?, …)`` over bound values (DuckDB turns it into a hash lookup), appending them to params."""
    values = sorted(values)
    params += values
    return f"IN ({', '.join('?' * len(values))})" if values else "IN (NULL)"


class TradeStore:
    """Read-only queries on one snapshot of a data directory.

    ``cubes`` names goods selections the dashboard asks for on every view (all goods, all CHPL
    items): each is summed once, at open, into a small monthly table by reporter, partner and flow,
    so those queries read thousands of rows instead of millions.
    """

    def __init__(
        self,
        data_dir: Path,
        cubes: dict[str, pd.DataFrame | None] | None = None,
        eu_members: tuple[str, ...] = (),
    ) -> None:
        self.layout = StoreLayout(data_dir)
        # the current snapshot after a full check; an older intact one (with a warning) when it is damaged
        snapshot, self.warning = open_good_snapshot(Path(data_dir), full=True)
        self.snapshot_dir = snapshot
        self.manifest = json.loads((snapshot / "manifest.json").read_text())
        self.snapshot_id = self.manifest.get("snapshot") or snapshot.name
        self._database = duckdb.connect(":memory:", config={"threads": 2})
        glob = str(snapshot / "flows" / "**" / "*.parquet").replace("'", "''")
        raw = f"read_parquet('{glob}', hive_partitioning=false)"
        self.has_annual = any("A" in f.get("freqs", []) for f in self.manifest["files"])
        self._local = threading.local()
        cursor = self._cursor()
        cursor.execute(monthly_view_sql(raw, self.has_annual))
        self.sources = tuple(sorted({f["source"] for f in self.manifest["files"]}))
        self.rules: DeclarationRules = create_declarations_view(cursor, self.sources, eu_members)
        self.monthly_memo = BoundedMemo(MONTHLY_MEMO_SIZE, MONTHLY_MEMO_BYTES)
        self.shadowed_memo = BoundedMemo(MONTHLY_MEMO_SIZE)
        self.goods_memo = BoundedMemo(GOODS_MEMO_SIZE, GOODS_MEMO_BYTES)
        self.signal_cells_memo = BoundedMemo(SIGNAL_CELLS_MEMO_SIZE, SIGNAL_CELLS_MEMO_BYTES)
        span = cursor.execute("SELECT min(period), max(period) FROM flows").fetchone()
        assert span is not None, "an aggregate query always returns a row"
        self.first_month, self.last_month = span
        self._cubes = {
            key: self._build_cube(index, weights)
            for index, (key, weights) in enumerate((cubes or {}).items())
        }
        self.codes = frozenset(r[0] for r in cursor.execute("SELECT DISTINCT hs6 FROM flows").fetchall())
        self.countries = frozenset(
            r[0]
            for r in cursor.execute(
                "SELECT DISTINCT reporter FROM flows UNION SELECT DISTINCT partner FROM flows"
            ).fetchall()
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
            f"f.transport_mode, f.annual, {FROM_MICRO.format(MICRO_SUM.format(f'f.value_usd * {weight}'))} AS value_usd, "
            f"{FROM_MICRO.format(MICRO_SUM.format(f'f.net_kg * {weight}'))} AS net_kg "
            f"FROM declarations f {join} GROUP BY ALL"
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
        """True when the snapshot holds only the demo dataset."""
        return self.sources == ("demo",)

    def default_sources(self) -> tuple[str, ...]:
        """Real sources when any were ingested; the demo only when nothing else is there."""
        real = tuple(s for s in self.sources if s != "demo")
        return real or self.sources

    def _rows_sql(
        self,
        flt: FlowFilter,
        table: str,
        cursor: duckdb.DuckDBPyConnection,
        detail: bool = False,
        by_hs6: bool = False,
    ) -> tuple[str, list]:
        """A SELECT of (period, exporter, importer, source, micro_usd, n) rows, at node level, for the
        filter; with ``detail`` also by mode of transport, with the reported weight (micro_kg); with
        ``by_hs6`` also by HS6 code and HS version (as stored).
        """
        params: list = []
        goods_join, weight = "", "1"
        if flt.weights is not None and not table.startswith("cube_"):
            cursor.register("goods_selection", flt.weights)
            goods_join = "JOIN goods_selection g ON f.hs_version = g.hs_version AND f.hs6 = g.hs6"
            weight = "g.weight"
        # flow X rows are the exporter's declaration (reporter = exporter), flow M rows the importer's
        raw_exporter, raw_importer = (
            ("f.reporter", "f.partner") if flt.side == "exporter" else ("f.partner", "f.reporter")
        )
        params += [SIDES[flt.side], flt.start, flt.end]
        where = "f.flow = ? AND f.freq = 'M' AND f.period BETWEEN ? AND ?"
        if set(self.sources) - set(flt.sources):
            where += f" AND f.source {_in_list(flt.sources, params)}"
        where += "".join(f" AND {c}" for c in _direction_conditions(flt, raw_exporter, raw_importer, params))
        # Sum by the stored codes first, then fold codes into groups on the (few) sums: the fold's
        # CASE then runs on thousands of rows, not millions. Sums stay in integer micro-dollars.
        extra, extra_names = "", ""
        if detail:
            extra = f"f.transport_mode AS mode, {MICRO_SUM.format(f'f.net_kg * {weight}')} AS micro_kg, "
            extra_names = "mode, micro_kg, "
        if by_hs6:
            extra, extra_names = f"f.hs_version, f.hs6, {extra}", f"hs_version, hs6, {extra_names}"
        by_code = (
            f"SELECT f.period, {raw_exporter} AS exporter_code, {raw_importer} AS importer_code, f.source, "
            f"{extra}{MICRO_SUM.format(f'f.value_usd * {weight}')} AS micro_usd, count(*) AS n, "
            "bool_or(f.annual) AS annual "
            f"FROM {table} f {goods_join} WHERE {where} GROUP BY ALL"
        )
        fold_params: list = []  # bound before the inner query's: they come first in the text
        exporter = _node_sql("exporter_code", flt.node_map, fold_params)
        importer = _node_sql("importer_code", flt.node_map, fold_params)
        folded = (
            f"SELECT period, {exporter} AS exporter, {importer} AS importer, source, {extra_names}micro_usd, n, annual "
            f"FROM ({by_code})"
        )
        outer, outer_params = _edge_conditions(flt)
        return f"SELECT * FROM ({folded}) WHERE {' AND '.join(outer)}", fold_params + params + outer_params

    def _run(
        self, flt: FlowFilter, select: str, table: str, detail: bool = False, by_hs6: bool = False
    ) -> pd.DataFrame:
        cursor = self._cursor()
        inner, params = self._rows_sql(flt, table, cursor, detail, by_hs6)
        try:
            return cursor.execute(select.replace("{rows}", f"({inner})"), params).df()
        finally:
            if "goods_selection" in inner:
                cursor.unregister("goods_selection")

    def whole_store(self, flt: FlowFilter) -> FlowFilter:
        """The filter over every month the store holds: the key of every memo that does not depend
        on the period.
        """
        return replace(flt, start=self.first_month, end=self.last_month)

    def monthly_edges(self, flt: FlowFilter) -> pd.DataFrame:
        """Every month's value per edge and source (period, exporter, importer, source, value_usd, and
        ``annual``: the month holds a twelfth of an annual figure) for the filter's goods, side,
        direction, pair and focus — whatever its period.

        One scan of the store serves the current period, the baseline and the time series, and a
        change of period alone reads nothing: it is answered from this small, memoised frame.
        """
        return self._edge_months(flt)[0]

    def route_months(self, flt: FlowFilter) -> pd.DataFrame:
        """`monthly_edges` by mode of transport as the source gave it (``mode``, None where it gave
        none), with ``net_kg`` (the reported weights): what assigning a view's trade to routes needs.
        Read in the same scan.
        """
        return self._edge_months(flt)[1]

    def _edge_months(self, flt: FlowFilter) -> tuple[pd.DataFrame, pd.DataFrame]:
        key = self.whole_store(flt)
        return self.monthly_memo.get(key, lambda: self._edge_months_uncached(key))

    def _edge_months_uncached(self, flt: FlowFilter) -> tuple[pd.DataFrame, pd.DataFrame]:
        table = self._cubes.get(flt.goods_key, "declarations")
        # one row order whatever the engine's threads did, so later float sums are reproducible
        detail = self._run(
            flt,
            f"SELECT CAST(period AS TIMESTAMP) AS period, exporter, importer, source, mode, "
            f"{FROM_MICRO.format('sum(micro_usd)')} AS value_usd, "
            f"{FROM_MICRO.format('sum(micro_kg)')} AS net_kg, bool_or(annual) AS annual "
            "FROM {rows} GROUP BY ALL ORDER BY period, exporter, importer, source, mode NULLS FIRST",
            table,
            detail=True,
        )
        keys = ["period", "exporter", "importer", "source"]
        if detail["mode"].notna().any():
            monthly = detail.groupby(keys, sort=False, as_index=False).agg(
                value_usd=("value_usd", "sum"), annual=("annual", "any")
            )
        else:  # one row per key already
            monthly = detail[[*keys, "value_usd", "annual"]].reset_index(drop=True)
        return monthly, detail

    def edge_goods(self, flt: FlowFilter) -> pd.DataFrame:
        """The filter's period by edge, HS6 code and mode of transport as the source gave it (exporter,
        importer, hs6, mode, value_usd): what a crossing's panel lists as its goods. Memoised.
        """
        return self.goods_memo.get(
            flt,
            lambda: self._run(
                flt,
                f"SELECT exporter, importer, hs6, mode, {FROM_MICRO.format('sum(micro_usd)')} AS value_usd "
                "FROM {rows} GROUP BY ALL ORDER BY exporter, importer, hs6, mode NULLS FIRST",
                "declarations",
                detail=True,
                by_hs6=True,
            ),
        )

    def period_detail(self, flt: FlowFilter) -> pd.DataFrame:
        """The filter's period month by month, by edge, source, HS6 code (with its HS version) and mode
        of transport, with the value and the reported weight: the tidy rows an export lists, which sum
        to the view's edges (the same rows, the same goods weights). Not memoised: exports only.
        """
        return self._run(
            flt,
            f"SELECT CAST(period AS DATE) AS period, exporter, importer, source, hs_version, hs6, mode, "
            f"{FROM_MICRO.format('sum(micro_usd)')} AS value_usd, {FROM_MICRO.format('sum(micro_kg)')} AS net_kg "
            "FROM {rows} GROUP BY ALL ORDER BY period, exporter, importer, source, hs_version, hs6, mode NULLS FIRST",
            "declarations",
            detail=True,
            by_hs6=True,
        )

    def shadowed_rows(self, flt: FlowFilter) -> int:
        """Rows of the filter's selection (any period) that the declaration rules set aside."""
        if not self.rules.any:
            return 0
        key = self.whole_store(flt)
        return self.shadowed_memo.get(key, lambda: self._shadowed_uncached(key))

    def _shadowed_uncached(self, flt: FlowFilter) -> int:
        stored = self._run(flt, "SELECT coalesce(sum(n), 0) AS n FROM {rows}", "flows")["n"].iloc[0]
        counted = self._run(flt, "SELECT coalesce(sum(n), 0) AS n FROM {rows}", "declarations")["n"].iloc[0]
        return int(stored - counted)

    def signal_cells(self, flt: FlowFilter) -> pd.DataFrame:
        """Monthly HS6 cells with both declarations side by side, for the signal detectors
        (`geodata.trade.signal_queries`): the region around Russia, the filter's goods, sources and
        groups; its period, direction, pair and focus do not matter. Memoised per goods selection.
        """
        from geodata.trade.signal_queries import signal_cells_frame  # lazy: it imports this module

        key = replace(
            flt,
            start=self.first_month,
            end=self.last_month,
            side="exporter",
            direction="all",
            focus=None,
            exporters=frozenset(),
            importers=frozenset(),
        )
        return self.signal_cells_memo.get(key, lambda: signal_cells_frame(self._cursor(), key, self.sources))


def _direction_conditions(flt: FlowFilter, exporter: str, importer: str, params: list) -> list[str]:
    """The direction's test on the stored codes (Russia and the transit countries are never folded
    into a group, so it holds before folding and lets the engine drop rows early).
    """
    if flt.has_pair:
        return []
    if flt.direction == "into_russia":
        params += [RUSSIA, RUSSIA]
        return [f"{exporter} <> ? AND ({importer} = ? OR {importer} {_in_list(flt.transit, params)})"]
    if flt.direction == "out_of_russia":
        params += [RUSSIA, RUSSIA]
        return [f"{importer} <> ? AND ({exporter} = ? OR {exporter} {_in_list(flt.transit, params)})"]
    region = {RUSSIA, *flt.transit}
    exporter_in = _in_list(region, params)
    return [f"({exporter} {exporter_in} OR {importer} {_in_list(region, params)})"]


def _edge_conditions(flt: FlowFilter) -> tuple[list[str], list]:
    """Which edges the filter keeps, on the node columns ``exporter`` and ``importer``."""
    conditions = ["exporter <> importer"]  # trade inside a group is not the group's trade
    params: list = []
    if flt.exporters:
        conditions.append(f"exporter {_in_list(flt.exporters, params)}")
    if flt.importers:
        conditions.append(f"importer {_in_list(flt.importers, params)}")
    if flt.focus:
        conditions.append("(exporter = ? OR importer = ?)")
        params += [flt.focus, flt.focus]
    return conditions, params

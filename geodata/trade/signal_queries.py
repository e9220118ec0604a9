"""The monthly HS6 cells the signal detectors read: per exporter → importer → HS6 → month, both
declarations side by side (the exporter's flow X and the importer's flow M), with net weights.

Only the region is read: rows with Russia or a transit country as reporter or partner. Codes are
folded into nodes (EU members into EU27) after summing, like every other query; sums of value are
in integer micro-dollars. Codes are kept as stored: an HS2017 code of the baseline that HS2022
renamed is a different series from its successor (the basket-level surge is not affected).
"""

from __future__ import annotations

import duckdb
import pandas as pd

from geodata.trade import query as q


def signal_cells_frame(
    cursor: duckdb.DuckDBPyConnection, flt: q.FlowFilter, store_sources: tuple[str, ...]
) -> pd.DataFrame:
    """The cells (`geodata.analytics.signals.series.CELL_COLUMNS`) of the filter's goods, sources,
    transit countries and country groups — whatever its period, direction, pair or focus.
    """
    params: list = []
    goods_join, weight = "", "1"
    if flt.weights is not None:
        cursor.register("signal_goods", flt.weights)
        goods_join = "JOIN signal_goods g ON f.hs_version = g.hs_version AND f.hs6 = g.hs6"
        weight = "g.weight"
    region = {q.RUSSIA, *flt.transit}
    where = f"f.freq = 'M' AND (f.reporter {q._in_list(region, params)} OR f.partner {q._in_list(region, params)})"
    if set(store_sources) - set(flt.sources):
        where += f" AND f.source {q._in_list(flt.sources, params)}"
    by_code = (
        "SELECT f.period, CASE WHEN f.flow = 'X' THEN f.reporter ELSE f.partner END AS exporter_code, "
        "CASE WHEN f.flow = 'X' THEN f.partner ELSE f.reporter END AS importer_code, f.hs6, f.flow, "
        f"{q.MICRO_SUM.format(f'f.value_usd * {weight}')} AS micro_usd, sum(f.net_kg * {weight}) AS kg "
        f"FROM declarations f {goods_join} WHERE {where} GROUP BY ALL"
    )
    fold_params: list = []
    exporter = q._node_sql("exporter_code", flt.node_map, fold_params)
    importer = q._node_sql("importer_code", flt.node_map, fold_params)
    exported = q.FROM_MICRO.format("sum(micro_usd) FILTER (WHERE flow = 'X')")
    imported = q.FROM_MICRO.format("sum(micro_usd) FILTER (WHERE flow = 'M')")
    sql = (
        f"SELECT period, exporter, importer, hs6, {exported} AS exporter_usd, {imported} AS importer_usd, "
        "sum(kg) FILTER (WHERE flow = 'X') AS exporter_kg, sum(kg) FILTER (WHERE flow = 'M') AS importer_kg "
        f"FROM (SELECT period, {exporter} AS exporter, {importer} AS importer, hs6, flow, micro_usd, kg "
        f"FROM ({by_code})) WHERE exporter <> importer GROUP BY ALL ORDER BY exporter, importer, hs6, period"
    )
    try:
        frame = cursor.execute(sql, fold_params + params).df()
    finally:
        if flt.weights is not None:
            cursor.unregister("signal_goods")
    frame["period"] = pd.to_datetime(frame["period"])
    for column in ("exporter_usd", "importer_usd", "exporter_kg", "importer_kg"):
        frame[column] = frame[column].astype(float)
    return frame

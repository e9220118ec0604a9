"""Assign a view's edge values to the crossings, ports and corridors of their routes (modelled estimates).

Each edge's value is divided among its pair's routes by their shares (`geodata.routes`); every crossing,
port and corridor a route uses receives that route's part once. Conservation holds per edge: the parts
assigned to its routes add up to its value. Edges whose pair has no route are not guessed at: their
value is reported as unassigned. Stopped edges carry nothing (their value in the period is 0).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import pandas as pd

from geodata.layers import ReferenceLayers
from geodata.routes import RouteTable

PORT_KINDS = ("sea_port", "river_port", "dry_port")
NODE_COLUMNS = ("kind", "id", "mode", "leg", "value_usd")


@dataclass(frozen=True)
class Assignment:
    """``route_values``: exporter, importer, leg, route_id, mode, value_usd (one row per edge and route);
    ``node_values``: kind (crossing / port / corridor), id, mode, leg, value_usd; ``unassigned_usd``."""

    route_values: pd.DataFrame
    node_values: pd.DataFrame
    unassigned_usd: float


def assign_to_routes(edges: pd.DataFrame, table: RouteTable, layers: ReferenceLayers) -> Assignment:
    """Split each trading edge (exporter, importer, leg, value_usd) along its pair's routes."""
    trading = edges.loc[edges["value_usd"] > 0, ["exporter", "importer", "leg", "value_usd"]]
    routes = table.routes[["route_id", "exporter", "importer", "mode", "share", "steps", "corridor_ids"]]
    joined = trading.merge(routes, on=["exporter", "importer"], how="left")
    routed = joined[joined["route_id"].notna()].copy()
    unassigned = float(joined.loc[joined["route_id"].isna(), "value_usd"].sum())
    routed["value_usd"] = routed["value_usd"] * routed["share"]
    route_values = routed[["exporter", "importer", "leg", "route_id", "mode", "value_usd"]].reset_index(
        drop=True
    )
    rows = []
    for route in routed.itertuples(index=False):
        for step in dict.fromkeys(route.steps):
            kind = _kind(step, layers)
            if kind is not None:
                rows.append((kind, step, route.mode, route.leg, route.value_usd))
        rows += [
            ("corridor", c, route.mode, route.leg, route.value_usd) for c in dict.fromkeys(route.corridor_ids)
        ]
    nodes = pd.DataFrame(rows, columns=list(NODE_COLUMNS))
    nodes = nodes.groupby(["kind", "id", "mode", "leg"], as_index=False)["value_usd"].sum()
    return Assignment(route_values, nodes, unassigned)


def _kind(step: str, layers: ReferenceLayers) -> str | None:
    if step in layers.crossings.index:
        return "crossing"
    if step in layers.hubs.index and layers.hubs.at[step, "kind"] in PORT_KINDS:
        return "port"
    return None


def node_summaries(assignment: Assignment, kind: str) -> list[dict]:
    """One dict per node of ``kind``: id, value_usd, by_mode, by_leg — largest first.

    A plain pass over the (few hundred) node rows: far cheaper than a groupby per node."""
    nodes = assignment.node_values
    nodes = nodes[nodes["kind"] == kind]
    totals: dict[str, float] = defaultdict(float)
    by_mode: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    by_leg: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for node_id, mode, leg, value in zip(
        nodes["id"], nodes["mode"], nodes["leg"], nodes["value_usd"], strict=True
    ):
        totals[node_id] += value
        by_mode[node_id][mode] += value
        by_leg[node_id][leg] += value
    result = [
        {"id": n, "value_usd": float(v), "by_mode": dict(by_mode[n]), "by_leg": dict(by_leg[n])}
        for n, v in totals.items()
    ]
    return sorted(result, key=lambda node: (-node["value_usd"], node["id"]))

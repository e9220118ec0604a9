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
    by_pair = table.by_pair
    route_rows, node_totals, unassigned = [], defaultdict(float), 0.0
    for exporter, importer, leg, value in zip(
        edges["exporter"], edges["importer"], edges["leg"], edges["value_usd"], strict=True
    ):
        if value <= 0:
            continue
        routes = by_pair.get((exporter, importer))
        if not routes:
            unassigned += value
            continue
        for route_id, mode, share, steps, corridor_ids in routes:
            part = value * share
            route_rows.append((exporter, importer, leg, route_id, mode, part))
            places = [(_kind(step, layers), step) for step in dict.fromkeys(steps)]
            places += [("corridor", c) for c in dict.fromkeys(corridor_ids)]
            for kind, place in places:
                if kind is not None:
                    node_totals[(kind, place, mode, leg)] += part
    route_values = pd.DataFrame(
        route_rows, columns=["exporter", "importer", "leg", "route_id", "mode", "value_usd"]
    )
    nodes = pd.DataFrame([(*key, value) for key, value in node_totals.items()], columns=list(NODE_COLUMNS))
    return Assignment(route_values, nodes, float(unassigned))


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

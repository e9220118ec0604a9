"""Assign a view's edge values to the crossings, ports and corridors of their routes (modelled estimates).

Per edge (exporter → importer) the value is first split by mode of transport, then among the routes
of each mode (`geodata.routes`):

- **Reported modes.** Where the source broke the pair's trade down by mode (Comtrade ``motCode``,
  Comext TRANSPORT_MODE; see `geodata.transport_modes`), each mode's part of the edge is the part the
  source gave for it in the period. It goes to the pair's routes of that mode by their shares; when
  the pair has no route of that mode (airfreight, for one, never goes to a land crossing) the part is
  reported as unassigned, under its mode.
- **Default split.** The rest — value the source gave no mode for — goes to the pair's routes by
  their shares in the route table, whose per-mode sums are the pair's documented default split.

Every crossing, port and corridor a route uses receives that route's part once. Conservation holds
per edge and mode: the parts assigned to its routes plus the unassigned part add up to its value.
Weights (net kg) follow their value where the source reported them. Edges whose pair has no route
are not guessed at: their value is unassigned. Stopped edges carry nothing (their value is 0).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from geodata.layers import ReferenceLayers
from geodata.routes import RouteTable
from geodata.transport_modes import route_mode

PORT_KINDS = ("sea_port", "river_port", "dry_port")
NODE_COLUMNS = ("kind", "id", "mode", "leg", "basis", "value_usd", "net_kg")
ROUTE_COLUMNS = ("exporter", "importer", "leg", "route_id", "mode", "basis", "value_usd", "net_kg")
REPORTED, DEFAULT = "reported", "default_split"
MODE_COLUMNS = ("exporter", "importer", "mode", "value_usd", "net_kg")


@dataclass(frozen=True)
class Assignment:
    """``route_values``: one row per edge, route and basis (`ROUTE_COLUMNS`); ``node_values``: kind
    (crossing / port / corridor), id, mode, leg, basis, value_usd, net_kg; ``unassigned_usd`` and
    ``unassigned_by_mode`` (``"no route"`` for pairs without any route).
    """

    route_values: pd.DataFrame
    node_values: pd.DataFrame
    unassigned_usd: float
    unassigned_by_mode: dict[str, float] = field(default_factory=dict)


def period_modes(route_months: pd.DataFrame, period: tuple[date, date]) -> pd.DataFrame:
    """The period's value and weight per edge and route mode (`MODE_COLUMNS`; ``mode`` None where the
    source gave none) from `TradeStore.route_months`. Weights count only where value has one.
    """
    frame = route_months
    stamps = frame["period"]
    frame = frame[(stamps >= pd.Timestamp(period[0])) & (stamps <= pd.Timestamp(period[1]))]
    if frame.empty:
        return pd.DataFrame(columns=list(MODE_COLUMNS))
    modes = frame["mode"].map(route_mode, na_action="ignore")
    grouped = (
        frame.assign(mode=modes.astype(object).where(modes.notna(), "")).groupby(
            ["exporter", "importer", "mode"], sort=False, as_index=False
        )[["value_usd", "net_kg"]]
    ).sum(min_count=1)
    grouped["mode"] = grouped["mode"].astype(object).where(grouped["mode"] != "", None)
    return grouped[list(MODE_COLUMNS)]


def _pair_modes(modes: pd.DataFrame | None) -> dict[tuple[str, str], list[tuple]]:
    result: dict[tuple[str, str], list[tuple]] = defaultdict(list)
    if modes is None or modes.empty:
        return result
    for exporter, importer, mode, value, kg in zip(
        modes["exporter"], modes["importer"], modes["mode"], modes["value_usd"], modes["net_kg"], strict=True
    ):
        named = mode if isinstance(mode, str) and mode else None  # None, NaN or "": no mode given
        result[(exporter, importer)].append((named, float(value), None if pd.isna(kg) else float(kg)))
    return result


def mode_parts(
    value: float, reported: list[tuple]
) -> tuple[dict[str, tuple[float, float | None]], float, float | None]:
    """The edge's value by reported mode ({mode: (value, kg)}), and the rest (value, kg) that has no
    mode. ``reported`` lists (mode or None, value, kg) as `period_modes` gives them; when they add up to
    more or less than ``value`` (the edge's figure), every part is scaled to it.
    """
    total = sum(v for _, v, _ in reported)
    scale = value / total if total > 0 else 0.0
    parts: dict[str, tuple[float, float | None]] = {}
    rest_value, rest_kg = (0.0 if total > 0 else value), None
    for mode, part, kg in reported:
        if mode is None:
            rest_value += part * scale
            rest_kg = _add(rest_kg, kg)
        else:
            old_value, old_kg = parts.get(mode, (0.0, None))
            parts[mode] = (old_value + part * scale, _add(old_kg, kg))
    return parts, rest_value, rest_kg


def _add(a: float | None, b: float | None) -> float | None:
    return b if a is None else a if b is None else a + b


def assign_to_routes(
    edges: pd.DataFrame, table: RouteTable, layers: ReferenceLayers, modes: pd.DataFrame | None = None
) -> Assignment:
    """Split each trading edge (exporter, importer, leg, value_usd) by mode and along its pair's routes;
    ``modes`` is the period's `period_modes` (None: no source gave modes).
    """
    by_pair, reported_by_pair = table.by_pair, _pair_modes(modes)
    route_rows: list[tuple] = []
    node_totals: dict[tuple, list] = defaultdict(lambda: [0.0, None])
    unassigned: dict[str, float] = defaultdict(float)
    for exporter, importer, leg, value in zip(
        edges["exporter"], edges["importer"], edges["leg"], edges["value_usd"], strict=True
    ):
        if value <= 0:
            continue
        routes = by_pair.get((exporter, importer))
        if not routes:
            unassigned["no route"] += value
            continue
        parts, rest, rest_kg = mode_parts(float(value), reported_by_pair.get((exporter, importer), []))
        shares = [(route, route[2]) for route in routes]  # the default split: every route by its share
        pieces = [(DEFAULT, rest, rest_kg, shares)] if rest > 0 else []
        for mode, (part, kg) in parts.items():
            of_mode = [(route, route[2]) for route in routes if route[1] == mode]
            if not of_mode:
                unassigned[mode] += part
                continue
            mode_total = sum(share for _, share in of_mode)
            pieces.append((REPORTED, part, kg, [(route, share / mode_total) for route, share in of_mode]))
        for basis, amount, kg, chosen in pieces:
            for (route_id, mode, _share, steps, corridor_ids), share in chosen:
                part_value, part_kg = amount * share, None if kg is None else kg * share
                route_rows.append((exporter, importer, leg, route_id, mode, basis, part_value, part_kg))
                for kind, place in _places(steps, corridor_ids, layers):
                    total = node_totals[(kind, place, mode, leg, basis)]
                    total[0] += part_value
                    total[1] = _add(total[1], part_kg)
    route_values = pd.DataFrame(route_rows, columns=list(ROUTE_COLUMNS))
    nodes = pd.DataFrame(
        [(*key, value, kg) for key, (value, kg) in node_totals.items()], columns=list(NODE_COLUMNS)
    )
    nodes["net_kg"] = nodes["net_kg"].astype(float)
    by_mode = {mode: float(v) for mode, v in unassigned.items() if v > 0}
    return Assignment(route_values, nodes, float(sum(by_mode.values())), by_mode)


def _places(steps: tuple[str, ...], corridor_ids: tuple[str, ...], layers: ReferenceLayers) -> list[tuple]:
    places = [(_kind(step, layers), step) for step in dict.fromkeys(steps)]
    places += [("corridor", c) for c in dict.fromkeys(corridor_ids)]
    return [(kind, place) for kind, place in places if kind is not None]


def _kind(step: str, layers: ReferenceLayers) -> str | None:
    if step in layers.crossings.index:
        return "crossing"
    if step in layers.hubs.index and layers.hubs.at[step, "kind"] in PORT_KINDS:
        return "port"
    return None


def node_summaries(assignment: Assignment, kind: str) -> list[dict]:
    """One dict per node of ``kind``: id, value_usd, net_kg (None when no weight was reported),
    by_mode, by_leg, by_basis (reported modes / default split) — largest first.

    A plain pass over the (few hundred) node rows: far cheaper than a groupby per node.
    """
    nodes = assignment.node_values
    nodes = nodes[nodes["kind"] == kind]
    totals: dict[str, float] = defaultdict(float)
    weights: dict[str, float | None] = {}
    splits: dict[str, dict[str, dict[str, float]]] = {
        "by_mode": defaultdict(lambda: defaultdict(float)),
        "by_leg": defaultdict(lambda: defaultdict(float)),
        "by_basis": defaultdict(lambda: defaultdict(float)),
    }
    for node_id, mode, leg, basis, value, kg in zip(
        nodes["id"],
        nodes["mode"],
        nodes["leg"],
        nodes["basis"],
        nodes["value_usd"],
        nodes["net_kg"],
        strict=True,
    ):
        totals[node_id] += value
        weights[node_id] = _add(weights.get(node_id), None if np.isnan(kg) else float(kg))
        splits["by_mode"][node_id][mode] += value
        splits["by_leg"][node_id][leg] += value
        splits["by_basis"][node_id][basis] += value
    result = [
        {
            "id": n,
            "value_usd": float(v),
            "net_kg": weights[n],
            **{name: dict(split[n]) for name, split in splits.items()},
        }
        for n, v in totals.items()
    ]
    return sorted(result, key=lambda node: (-node["value_usd"], node["id"]))

"""How much of a pair's trade one crossing, port or corridor carries, by mode: the assignment's rule
(`geodata.analytics.assignment`) applied to any frame of values — a period, a month, the baseline,
one HS6 code — so that a place's panel splits its figure every way with the same arithmetic.

For a pair with routes through the place, the place receives, of value the source gave mode ``m``,
the shares of its routes of mode ``m`` over the shares of all the pair's routes of mode ``m`` (0 when
the pair has no route of that mode: unassigned); of value without a mode (the default split), the
shares of its routes. A route that passes the place twice counts once.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from geodata.routes import RouteTable
from geodata.transport_modes import route_mode

NO_MODE = ""  # the key of value the source gave no mode for


def node_shares(table: RouteTable, node_id: str) -> dict[tuple[str, str], dict[str, float]]:
    """Per (exporter, importer) with a route through ``node_id``: {mode or `NO_MODE`: share}."""
    result: dict[tuple[str, str], dict[str, float]] = {}
    for pair, routes in table.by_pair.items():
        through = [r for r in routes if node_id in r[3] or node_id in r[4]]
        if not through:
            continue
        shares = {NO_MODE: sum(r[2] for r in through)}
        for mode in dict.fromkeys(r[1] for r in routes):
            of_mode = sum(r[2] for r in routes if r[1] == mode)
            shares[mode] = sum(r[2] for r in through if r[1] == mode) / of_mode
        result[pair] = shares
    return result


def node_part(frame: pd.DataFrame, shares: dict[tuple[str, str], dict[str, float]]) -> np.ndarray:
    """The part of each row's ``value_usd`` the place carries; ``frame`` has exporter, importer and
    mode (as the source gave it, see `geodata.transport_modes`; missing = no mode).
    """
    if frame.empty or not shares:
        return np.zeros(len(frame))
    modes = [route_mode(m) if m is not None and m == m else None for m in frame["mode"]]
    factors = np.fromiter(
        (
            shares.get((exporter, importer), {}).get(mode or NO_MODE, 0.0)
            for exporter, importer, mode in zip(frame["exporter"], frame["importer"], modes, strict=True)
        ),
        dtype=float,
        count=len(frame),
    )
    return frame["value_usd"].to_numpy(dtype=float) * factors

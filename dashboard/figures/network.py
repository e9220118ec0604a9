"""Trade drawn along the route network: the parts of each edge's value that the route model assigns to
its routes, added up per section between consecutive points (capital → crossing → … → capital), so
widths add up where routes share a section. Pure functions of small frames; every hover says the values
are modelled estimates.
"""

from __future__ import annotations

from collections import defaultdict

import pandas as pd

from dashboard.formatting import money
from geodata.frames import frame_rows
from geodata.i18n import _

Point = tuple[str, tuple[float, float]]  # (label, (lon, lat))
SEGMENT_COLUMNS = ("x0", "y0", "x1", "y1", "value_usd", "text")
PAIRS_SHOWN = 4


def route_segments(
    route_values: pd.DataFrame,
    paths: dict[tuple[str, str, str], list[Point]],
    names: dict[str, str],
    *,
    period_label: str,
    goods_label: str,
) -> pd.DataFrame:
    """Sections of the network with the value routed over them.

    ``route_values``: exporter, importer, route_id, value_usd (one row per edge and route);
    ``paths``: (exporter, importer, route_id) → the route's points in travel order. A section is
    directed (A → B and B → A are drawn apart); a route that stays on a point adds nothing.
    """
    totals: dict[tuple, float] = defaultdict(float)
    pairs: dict[tuple, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    labels: dict[tuple, tuple[str, str]] = {}
    for row in frame_rows(route_values):
        points = paths.get((row.exporter, row.importer, row.route_id))
        if not points or row.value_usd <= 0:
            continue
        pair = f"{names.get(row.exporter, row.exporter)} → {names.get(row.importer, row.importer)}"
        for (label_a, a), (label_b, b) in zip(points, points[1:], strict=False):
            if a == b:
                continue
            key = (round(a[0], 3), round(a[1], 3), round(b[0], 3), round(b[1], 3))
            totals[key] += row.value_usd
            pairs[key][pair] += row.value_usd
            labels[key] = (label_a, label_b)
    rows = []
    on_section = _("{value} of these flows on this section")
    more_pairs = _("… and {count} more pairs")
    estimate = _("Modelled estimate (route model)")
    for key, value in totals.items():
        ranked = sorted(pairs[key].items(), key=lambda item: -item[1])
        listed = "<br>".join(f"{pair}: {money(v)}" for pair, v in ranked[:PAIRS_SHOWN])
        more = (
            "<br>" + more_pairs.format(count=len(ranked) - PAIRS_SHOWN) if len(ranked) > PAIRS_SHOWN else ""
        )
        start, end = labels[key]
        # the period and goods are said once, in the arrows' hover template
        text = (
            f"<b>{start} → {end}</b><br>{on_section.format(value=money(value))}<br>{listed}{more}<br>"
            f"<i>{estimate}</i>"
        )
        rows.append((*key, value, text))
    return pd.DataFrame(rows, columns=list(SEGMENT_COLUMNS))

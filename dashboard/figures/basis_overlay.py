"""The data-basis overlay: each drawn flow traced again in the colour, dash and symbol of what its
figure rests on (reported, mirror, annual average, estimated, demo — `geodata.analytics.data_basis`).

Two traces per basis, always all ten so a filter change is a patch: the thin arcs (no hover) and a
marker at each arc's middle that carries the hover and the legend entry. Colour is never the only
cue: every basis has its own dash pattern and marker symbol.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.flows import arc
from geodata.analytics.data_basis import BASES, BASIS_NOTES, BASIS_TITLES
from geodata.frames import frame_rows
from geodata.i18n import N_, _

LAYER = "basis"
LEGEND_TITLE = N_("Data basis: what each flow rests on")
#: Okabe–Ito / Tol colours with at least 3:1 contrast on the map's land and sea (WCAG 1.4.11).
BASIS_STYLE = {
    "reported": ("#0072B2", "solid", "circle"),
    "mirror": ("#B35806", "dash", "diamond"),
    "annual_average": ("#228833", "dot", "square"),
    "estimated": ("#AA3377", "dashdot", "triangle-up"),
    "demo": ("#444444", "longdash", "x"),
}
COLUMNS = ("exporter", "importer", "basis", "basis_months")


def basis_hover(row, names: dict[str, str]) -> str:
    """Pair, its basis with what that means, and its months per basis."""
    months = dict(row.basis_months)
    total = sum(months.values())
    counts = ", ".join(f"{_(BASIS_TITLES[b])} {months[b]}" for b in BASES if b in months)
    return (
        f"<b>{names.get(row.exporter, row.exporter)} → {names.get(row.importer, row.importer)}</b><br>"
        + _("Data basis: {basis}").format(basis=_(BASIS_TITLES[row.basis]))
        + f"<br><i>{_(BASIS_NOTES[row.basis])}</i><br>"
        + _("Months ({total}): {counts}").format(total=total, counts=counts)
    )


def basis_traces(
    edges: pd.DataFrame, anchors: dict[str, tuple[float, float]], names: dict[str, str]
) -> list[go.Scattergeo]:
    """The overlay's ten traces for the edges with a basis and both ends on the map."""
    placed = edges[edges["exporter"].isin(anchors) & edges["importer"].isin(anchors) & edges["basis"].notna()]
    traces: list[go.Scattergeo] = []
    for basis in BASES:
        colour, dash, symbol = BASIS_STYLE[basis]
        lines: dict[str, list] = {"lon": [], "lat": []}
        marks: dict[str, list] = {"lon": [], "lat": [], "text": []}
        for row in frame_rows(placed[placed["basis"] == basis]):
            xs, ys = arc(anchors[row.exporter], anchors[row.importer])
            lines["lon"] += [*(round(x, 3) for x in xs), None]
            lines["lat"] += [*(round(y, 3) for y in ys), None]
            middle = len(xs) // 2
            marks["lon"].append(round(xs[middle], 3))
            marks["lat"].append(round(ys[middle], 3))
            marks["text"].append(basis_hover(row, names))
        traces.append(
            go.Scattergeo(
                _validate=False,
                lon=lines["lon"],
                lat=lines["lat"],
                mode="lines",
                hoverinfo="skip",
                line={"width": 2.2, "color": colour, "dash": dash},
                name=_(BASIS_TITLES[basis]),
                legendgroup=LAYER,
                showlegend=False,
                meta={"layer": LAYER, "basis": basis, "lines": True},
            )
        )
        traces.append(
            go.Scattergeo(
                _validate=False,
                lon=marks["lon"],
                lat=marks["lat"],
                text=marks["text"],
                hovertemplate="%{text}<extra></extra>",
                mode="markers",
                marker={
                    "symbol": symbol,
                    "size": 10,
                    "color": colour,
                    "line": {"color": "white", "width": 1},
                },
                name=_(BASIS_TITLES[basis]),
                legendgroup=LAYER,  # one group, one title, whichever bases the view has
                legendgrouptitle={"text": _(LEGEND_TITLE)},
                meta={"layer": LAYER, "basis": basis},
            )
        )
    return traces


def empty_basis_traces() -> list[go.Scattergeo]:
    """The overlay's traces with no data: the page's first figure, filled in by a patch."""
    return basis_traces(pd.DataFrame({c: [] for c in COLUMNS}), {}, {})

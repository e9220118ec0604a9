"""The map as a picture that stands alone: title, filter, headline above the map; sources, what is
drawn, the generated time and the demo label below it — all inside the canvas, with the legend.

PNG and SVG of the map are this figure; the deck and the PDF place it too.
"""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go

from dashboard.figures.annotations import DEMO_LABEL
from dashboard.figures.frame import filling_ranges
from dashboard.figures.geo import PRESENT_LEGEND_WIDTH
from dashboard.figures.map_figure import build_map_figure
from dashboard.services import Services
from dashboard.view_data import ViewData
from dashboard.view_map import view_map_traces
from dashboard.view_state import ViewState
from geodata.i18n import _

EXPORT_LABEL_SCALE = 1.5  # names on a 1920-pixel picture for a slide: as large as on a projector
TITLE_SIZE, TEXT_SIZE, FOOT_SIZE = 30, 19, 15
MIN_TEXT = 14  # px: the smallest text on a picture (the colour scale's); PDF pages print it at ≥ 9 pt
LINE = 1.35  # line height over font size
CHAR_WIDTH = 0.53  # average glyph width over font size (Helvetica-like sans)
PAD = 14
INK, GREY, RED = "#1F2933", "#52606D", "#8A1C1C"


@dataclass(frozen=True)
class PictureText:
    """What the picture states in words: above the map (title, filter, headline) and below it."""

    title: str
    filter_line: str
    headline_lines: tuple[str, ...]
    footer_lines: tuple[str, ...]
    is_demo: bool


def wrap(parts: list[str], width_px: float, size: int, separator: str = " · ") -> list[str]:
    """Parts joined by ``separator`` into as few lines as fit ``width_px`` at font ``size``; a part
    longer than a line is cut at a word.

    >>> [len(line) for line in wrap(["a" * 40, "b" * 40, "c" * 40], 530, 10)]  # 100 characters a line
    [83, 40]
    """
    budget = max(int(width_px / (size * CHAR_WIDTH)), 20)
    lines: list[str] = []
    for part in parts:
        while len(part) > budget:  # a long part alone: cut at the last space that fits
            cut = part.rfind(" ", 0, budget)
            cut = cut if cut > budget // 2 else budget
            if lines and not lines[-1]:
                lines.pop()
            lines.append(part[:cut].rstrip())
            part = part[cut:].lstrip()
        if lines and len(lines[-1]) + len(separator) + len(part) <= budget and lines[-1]:
            lines[-1] += separator + part
        else:
            lines.append(part)
    return lines


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _block_height(lines: int, size: int) -> float:
    return lines * size * LINE


def header_and_footer(text: PictureText, width: int) -> tuple[list[dict], int, int]:
    """(annotations, top margin, bottom margin) for the picture's words at ``width`` px."""
    usable = width - 2 * PAD
    title_lines = (
        wrap([text.title], usable - (560 if text.is_demo else 0), TITLE_SIZE)[:2] if text.title else []
    )
    above = (
        [(line, TITLE_SIZE, INK, True) for line in title_lines]
        + [(line, TEXT_SIZE, GREY, False) for line in wrap([text.filter_line], usable, TEXT_SIZE) if line]
        + [
            (line, TEXT_SIZE, INK, True)
            for line in wrap(list(text.headline_lines), usable, TEXT_SIZE)
            if line
        ]
    )
    below = [
        (line, FOOT_SIZE, GREY, False) for line in wrap(list(text.footer_lines), usable, FOOT_SIZE) if line
    ]
    top = int(PAD + sum(_block_height(1, size) for _line, size, _colour, _bold in above) + PAD)
    bottom = int(PAD / 2 + sum(_block_height(1, size) for _line, size, _colour, _bold in below) + PAD / 2)
    notes: list[dict] = []
    y = PAD
    for line, size, colour, bold in above:
        notes.append(_line_note(line, size, colour, bold, y, from_top=True))
        y += _block_height(1, size)
    y = PAD / 2
    for line, size, colour, bold in reversed(below):
        notes.append(_line_note(line, size, colour, bold, y, from_top=False))
        y += _block_height(1, size)
    if text.is_demo:
        notes.append(
            {
                "text": f"<b>{_escape(_(DEMO_LABEL))}</b>",
                "xref": "paper",
                "yref": "paper",
                "x": 1.0,
                "xshift": PRESENT_LEGEND_WIDTH - PAD,
                "y": 1.0,
                "yshift": top - PAD,
                "xanchor": "right",
                "yanchor": "top",
                "showarrow": False,
                "font": {"size": 16, "color": RED},
                "bgcolor": "rgba(253,232,232,0.95)",
                "bordercolor": RED,
                "borderwidth": 1,
                "borderpad": 4,
                "name": "demo-label",
            }
        )
    return notes, top, bottom


def _line_note(text: str, size: int, colour: str, bold: bool, offset: float, *, from_top: bool) -> dict:
    """One line of text ``offset`` px inside the top or bottom edge, placed by a shift from the plot
    area's edge (the margins are set to hold these lines).
    """
    body = _escape(text)
    return {
        "text": f"<b>{body}</b>" if bold else body,
        "xref": "paper",
        "yref": "paper",
        "x": 0.0,
        "xshift": PAD,
        "xanchor": "left",
        "y": 1.0 if from_top else 0.0,
        "yanchor": "top" if from_top else "bottom",
        "showarrow": False,
        "align": "left",
        "font": {"size": size, "color": colour},
        "_offset": offset,
        "_from_top": from_top,
    }


def static_map(
    view: ViewState, data: ViewData, services: Services, text: PictureText, size: tuple[int, int]
) -> go.Figure:
    """The whole map in one figure (not a patch): metric fill, flows, the visible layers, the legend
    right of the map and the picture's words above and below it, filling ``size`` without bands.
    """
    width, height = size
    fill, flows, basis = view_map_traces(view, data, services, EXPORT_LABEL_SCALE)
    figure = build_map_figure(
        services.reference,
        country_trace=fill,
        flow_traces=flows,
        basis_traces=basis,
        visible_layers=frozenset(view.layers) | {"countries"},
    )
    notes, top, bottom = header_and_footer(text, width)
    for note in notes:  # a shift from the plot area's edge = the line's offset inside the canvas edge
        offset, from_top = note.pop("_offset", None), note.pop("_from_top", None)
        if offset is None:
            continue
        margin = top if from_top else bottom
        note["yshift"] = (margin - offset) if from_top else -(margin - offset)
    figure.update_layout(
        annotations=notes,
        paper_bgcolor="white",
        legend={"font": {"size": 17}, "grouptitlefont": {"size": 18}},
        margin={"l": 0, "r": PRESENT_LEGEND_WIDTH, "t": top, "b": bottom},
        width=width,
        height=height,
    )
    # the region widened to the picture's shape, so the map fills it (no empty bands)
    figure.update_geos(filling_ranges((width - PRESENT_LEGEND_WIDTH) / max(height - top - bottom, 1)))
    for trace in figure.data:  # a static image shows only what is visible: drop hidden layers from the legend
        if trace.visible is False:
            trace.showlegend = False
        if trace.type == "choropleth" and trace.colorbar is not None:  # the scale's words as large as names
            trace.colorbar.update(
                title={"font": {"size": MIN_TEXT}}, tickfont={"size": MIN_TEXT}, thickness=18
            )
    return figure

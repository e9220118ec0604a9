"""A 16:9 PowerPoint deck of a view: title, map, time series, top-flows table, sources and method.

Titles, notes and footers are text boxes, so the user can edit every word; the table is a real
table. The map picture is rendered at 1920 px wide.
"""

from __future__ import annotations

import io
from pathlib import Path

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Emu, Inches, Pt

from dashboard.export.content import Briefing, table_rows_for_slide
from dashboard.export.images import CHART_SIZE, MAP_SIZE, render
from dashboard.figures.annotations import DEMO_LABEL

WIDTH, HEIGHT = Emu(12_192_000), Emu(6_858_000)  # 13.333 × 7.5 in, exactly 16:9
DEMO_RED = RGBColor(0x8A, 0x1C, 0x1C)
GREY = RGBColor(0x52, 0x60, 0x6D)


def _text(
    slide, text: str, left, top, width, height, size: int, *, bold: bool = False, colour=None, name: str = ""
):
    box = slide.shapes.add_textbox(left, top, width, height)
    box.name = name or box.name
    frame = box.text_frame
    frame.word_wrap = True
    paragraph = frame.paragraphs[0]
    paragraph.text = text
    paragraph.font.size = Pt(size)
    paragraph.font.bold = bold
    if colour is not None:
        paragraph.font.color.rgb = colour
    return box


def _chrome(slide, briefing: Briefing, title: str) -> None:
    """Demo label (a band above the title), slide title and source footer: the same on every content slide."""
    if briefing.is_demo:
        _text(
            slide,
            DEMO_LABEL,
            Inches(0.4),
            Inches(0.02),
            Inches(12.5),
            Inches(0.3),
            11,
            bold=True,
            colour=DEMO_RED,
            name="Demo label",
        )
    _text(slide, title, Inches(0.4), Inches(0.28), Inches(12.5), Inches(0.65), 26, bold=True, name="Title")
    _text(
        slide,
        briefing.footer,
        Inches(0.4),
        Inches(7.05),
        Inches(12.5),
        Inches(0.4),
        10,
        colour=GREY,
        name="Source footer",
    )


def _picture(slide, image: bytes, top, height):
    picture = slide.shapes.add_picture(io.BytesIO(image), Inches(0.4), top, height=height)
    picture.left = int((WIDTH - picture.width) / 2)
    return picture


def build_deck(briefing: Briefing, names: dict[str, str], out: Path) -> Path:
    deck = Presentation()
    deck.slide_width, deck.slide_height = WIDTH, HEIGHT
    blank = deck.slide_layouts[6]

    slide = deck.slides.add_slide(blank)
    _text(
        slide,
        briefing.title,
        Inches(0.8),
        Inches(1.6),
        Inches(11.7),
        Inches(1.4),
        36,
        bold=True,
        name="Title",
    )
    _text(
        slide,
        f"{briefing.generated:%d %B %Y}",
        Inches(0.8),
        Inches(3.0),
        Inches(6),
        Inches(0.5),
        18,
        colour=GREY,
        name="Date",
    )
    headline = "\n".join(f"{key}: {value}" for key, value in briefing.headline_lines)
    _text(
        slide, headline, Inches(0.8), Inches(3.5), Inches(11.7), Inches(1.2), 16, bold=True, name="Headline"
    )
    lines = "\n".join(f"{key}: {value}" for key, value in briefing.filter_lines)
    _text(slide, lines, Inches(0.8), Inches(4.75), Inches(11.7), Inches(2.0), 11, name="Filter")
    if briefing.is_demo:
        _text(
            slide,
            DEMO_LABEL,
            Inches(0.8),
            Inches(0.6),
            Inches(11.7),
            Inches(0.6),
            20,
            bold=True,
            colour=DEMO_RED,
            name="Demo label",
        )
    _text(
        slide,
        briefing.footer,
        Inches(0.8),
        Inches(6.9),
        Inches(11.7),
        Inches(0.4),
        10,
        colour=GREY,
        name="Source footer",
    )

    slide = deck.slides.add_slide(blank)
    _chrome(slide, briefing, "Map: " + briefing.data.goods_label + ", " + briefing.data.period_label)
    _picture(slide, render(briefing.map_figure, "png", MAP_SIZE), Inches(0.95), Inches(6.0))
    slide.notes_slide.notes_text_frame.text = (
        "Flow widths: five value classes (legend). "
        + "Arrows show the direction of trade. Russia's side is mirror data."
    )

    slide = deck.slides.add_slide(blank)
    _chrome(slide, briefing, "Monthly value with sanctions and control events")
    _picture(slide, render(briefing.timeseries_figure, "png", CHART_SIZE), Inches(1.1), Inches(5.6))

    slide = deck.slides.add_slide(blank)
    _chrome(slide, briefing, "Top flows")
    rows = table_rows_for_slide(briefing, names)
    shape = slide.shapes.add_table(
        len(rows) + 1, 3, Inches(0.8), Inches(1.1), Inches(11.7), Emu(int(Inches(0.42)) * (len(rows) + 1))
    )
    table = shape.table
    for column, header in enumerate(
        ("Flow († Russia's side: mirror data)", "Value (USD)", "Change vs 2019–2021")
    ):
        table.cell(0, column).text = header
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    table.columns[0].width, table.columns[1].width, table.columns[2].width = (
        Inches(7.0),
        Inches(2.2),
        Inches(2.5),
    )

    slide = deck.slides.add_slide(blank)
    _chrome(slide, briefing, "Sources and method")
    body = "\n".join([f"Data: {briefing.source_label}", *briefing.vintage_lines, "", *briefing.method_lines])
    _text(slide, body, Inches(0.6), Inches(1.1), Inches(12.1), Inches(5.8), 14, name="Method")
    deck.save(out)
    return out

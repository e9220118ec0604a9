"""A 16:9 PowerPoint deck of a view: headline numbers, map, time series, top flows, crossings and
ports, signals, sources and method.

Titles, figures, notes and footers are text boxes and tables, so the user can edit every word; every
slide's notes say where its content comes from. Pictures are rendered at 1920 px wide.
"""

from __future__ import annotations

import io
from pathlib import Path

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Emu, Inches, Pt

from dashboard.export.briefing_text import CITED_TITLES, source_hosts
from dashboard.export.content import Briefing
from dashboard.export.images import ImageRenderer
from dashboard.export.slide_tables import crossing_header, crossing_rows, flow_header, flow_rows, signal_rows
from dashboard.figures.annotations import DEMO_LABEL
from dashboard.figures.timeseries import ChartSize
from geodata.i18n import _
from geodata.i18n.formats import written_date

WIDTH, HEIGHT = Emu(12_192_000), Emu(6_858_000)  # 13.333 × 7.5 in, exactly 16:9
DEMO_RED = RGBColor(0x8A, 0x1C, 0x1C)
GREY = RGBColor(0x52, 0x60, 0x6D)
INK = RGBColor(0x1F, 0x29, 0x33)
MAP_PICTURE = (1920, 868)
SLIDE_CHART = ChartSize(
    width=1920, height=890, font=22, label_rows=4
)  # 12.5 × 5.8 in  # the map's box on its slide (12.5 × 5.65 in), at 1920 px wide


def _text(slide, text: str, left, top, width, height, size: int, *, bold=False, colour=None, name=""):
    """A text box; ``text`` may hold several lines (one paragraph each)."""
    box = slide.shapes.add_textbox(left, top, width, height)
    box.name = name or box.name
    frame = box.text_frame
    frame.word_wrap = True
    for index, line in enumerate(text.split("\n")):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.text = line
        paragraph.font.size = Pt(size)
        paragraph.font.bold = bold
        if colour is not None:
            paragraph.font.color.rgb = colour
    return box


def title_size(title: str, width_inches: float = 12.5, largest: int = 26, smallest: int = 18) -> int:
    """The title's size in points: the largest that keeps it on one line of the slide (bold text runs
    about 0.7 em a character, measured on rendered Cyrillic titles), never below ``smallest``; a longer title wraps.

    >>> title_size("Top flows"), title_size("Сигналы: потоки, заслуживающие более пристального внимания")
    (26, 22)
    """
    fitting = int(width_inches * 72 / (0.7 * max(len(title), 1)))
    return max(smallest, min(largest, fitting))


def _slide(deck, briefing: Briefing, title: str, notes: str):
    """A content slide: demo label (a band above the title), title, source footer, and notes."""
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    if briefing.is_demo:
        _text(slide, _(DEMO_LABEL), Inches(0.4), Inches(0.02), Inches(12.5), Inches(0.3), 11, bold=True,
              colour=DEMO_RED, name="Demo label")  # fmt: skip
    _text(slide, title, Inches(0.4), Inches(0.28), Inches(12.5), Inches(0.65), title_size(title), bold=True,
          name="Title")  # fmt: skip
    _text(slide, briefing.footer, Inches(0.4), Inches(7.05), Inches(12.5), Inches(0.4), 10, colour=GREY,
          name="Source footer")  # fmt: skip
    slide.notes_slide.notes_text_frame.text = (
        f"{notes}\n\n"
        + _("Data: {source}.").format(source=briefing.source_label)
        + " "
        + (f"{_(DEMO_LABEL)}. " if briefing.is_demo else "")
        + _("Method: the app's Method page (/method).")
    )
    return slide


def _picture(slide, image: bytes, top, height):
    picture = slide.shapes.add_picture(io.BytesIO(image), Inches(0.4), top, height=height)
    picture.left = int((WIDTH - picture.width) / 2)
    return picture


def _table(slide, header: tuple[str, ...], rows: list[tuple[str, ...]], widths: tuple[float, ...], size=12):
    shape = slide.shapes.add_table(
        len(rows) + 1, len(header), Inches(0.4), Inches(1.05), Inches(sum(widths)),
        Emu(int(Inches(0.38)) * (len(rows) + 1)),
    )  # fmt: skip
    table = shape.table
    for column, (text, width) in enumerate(zip(header, widths, strict=True)):
        table.columns[column].width = Inches(width)
        table.cell(0, column).text = text
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.text_frame.paragraphs:
                paragraph.font.size = Pt(size)
    return shape


def _headline_slide(deck, briefing: Briefing) -> None:
    slide = _slide(deck, briefing, briefing.title, _("The headline and the legs come from the view's JSON "
                   "document (GET /api/view with the same query); the summary is generated from it."))  # fmt: skip
    subtitle = _("{goods} · {period} · generated {date}").format(
        goods=briefing.data.goods_label,
        period=briefing.data.period_label,
        date=written_date(briefing.generated, long=True),
    )
    _text(
        slide,
        subtitle,
        Inches(0.4),
        Inches(0.95),
        Inches(12.5),
        Inches(0.4),
        14,
        colour=GREY,
        name="Subtitle",
    )
    figures = "\n".join(f"{key}: {value}" for key, value in briefing.headline_lines)
    _text(slide, figures, Inches(0.4), Inches(1.45), Inches(12.5), Inches(1.3), 18, bold=True, colour=INK,
          name="Headline")  # fmt: skip
    _text(slide, "\n".join(briefing.summary[1:6]), Inches(0.4), Inches(2.85), Inches(12.5), Inches(2.6), 13,
          name="Summary")  # fmt: skip
    lines = " · ".join(f"{key}: {value}" for key, value in briefing.filter_lines)
    _text(slide, lines, Inches(0.4), Inches(5.9), Inches(12.5), Inches(1.0), 11, colour=GREY, name="Filter")


def build_deck(briefing: Briefing, out: Path, renderer: ImageRenderer) -> Path:
    """Write the view's 16:9 deck to ``out`` (headline, map, chart, top flows, crossings and ports, signals,
    sources and method), its pictures drawn by ``renderer``: the path written.
    """
    deck = Presentation()
    deck.slide_width, deck.slide_height = WIDTH, HEIGHT
    names = briefing.services.names
    map_sources = "\n".join(
        f"{_(CITED_TITLES[c.layer])} — {c.name}: {c.source}"
        for c in briefing.citations
        if c.layer != "events"
    )
    events = [c.source for c in briefing.citations if c.layer == "events"]

    _headline_slide(deck, briefing)

    title = _("Map: {goods}, {period}").format(
        goods=briefing.data.goods_label, period=briefing.data.period_label
    )
    slide = _slide(deck, briefing, title,
                   _("Flow widths: value classes fixed over the whole store (legend); arrows show the direction "
                     "of trade; Russia's side is mirror data. Sources of what the map draws:") + "\n" + map_sources)  # fmt: skip
    _picture(slide, renderer.render(briefing.map_for(MAP_PICTURE, standalone=False), "png", MAP_PICTURE),
             Inches(1.0), Inches(5.65))  # fmt: skip

    slide = _slide(deck, briefing, _("Monthly value with sanctions and control events"),
                   _("Events and their sources ({hosts}):").format(hosts=source_hosts(events)) + "\n"
                   + "\n".join(f"{c.name}: {c.source}" for c in briefing.citations if c.layer == "events"))  # fmt: skip
    _picture(
        slide,
        renderer.render(briefing.chart_for(SLIDE_CHART), "png", (SLIDE_CHART.width, SLIDE_CHART.height)),
        Inches(1.05),
        Inches(5.8),
    )

    slide = _slide(deck, briefing, _("Top flows"), _("Values and changes from the view's edges (JSON view "
                   "'edges'); † marks flows whose Russian side is mirror data."))  # fmt: skip
    _table(slide, flow_header(), flow_rows(briefing.document, limit=12), (5.6, 3.2, 1.8, 1.9))

    rows = crossing_rows(briefing.document, limit=10)  # their modes and legs run to two lines
    slide = _slide(deck, briefing, _("Border crossings and ports: modelled trade"),
                   _("Modelled estimates (JSON view 'crossings' and 'ports'): each flow is split by the mode of "
                     "transport its source reports, then among the pair's routes (geodata/reference/routes.csv). "
                     "Sources of the crossings and ports:") + "\n" + map_sources)  # fmt: skip
    if rows:
        _table(slide, crossing_header(), rows, (4.2, 1.9, 2.6, 3.8), size=11)
    else:
        _text(slide, _("No trade in this view is assigned to a crossing or port."), Inches(0.4), Inches(1.2),
              Inches(12), Inches(0.6), 16, name="Empty")  # fmt: skip

    rows = signal_rows(briefing.document, names, limit=7)
    slide = _slide(deck, briefing, _("Signals: flows that merit a closer look"),
                   _("Signals are indicators computed from the trade data at the view's thresholds (JSON view "
                     "'signal_thresholds'), never proof of circumvention; each line gives its evidence."))  # fmt: skip
    if rows:
        _table(slide, (_("Signal"), _("Evidence")), rows, (5.0, 7.5), size=11)
    else:
        _text(slide, _("No signal in this view at these thresholds."), Inches(0.4), Inches(1.2), Inches(12),
              Inches(0.6), 16, name="Empty")  # fmt: skip

    slide = _slide(deck, briefing, _("Sources and method"), _("Data files with their vintages and checksums, "
                   "then the method in brief; reference sources are in each slide's notes."))  # fmt: skip
    data_line = _("Data: {source}").format(source=briefing.source_label)
    body = "\n".join([data_line, *briefing.vintage_lines, "", *briefing.method_lines])
    _text(slide, body, Inches(0.4), Inches(1.05), Inches(12.5), Inches(5.9), 12, name="Method")
    deck.save(out)
    return out

"""A PDF of a view, landscape A4: headline numbers and a summary in words, map, time series, top flows,
crossings and ports, signals, sources and method. No text under 9 pt.

Built with reportlab; figures are embedded as PNG rendered at a CSS size whose text prints at 9 pt
or more at the page's width (and twice the pixels, for print); text stays text, to be searched.
"""

from __future__ import annotations

import io
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import registerFontFamily
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Image, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from dashboard.export.briefing_text import CITED_TITLES, source_hosts
from dashboard.export.content import Briefing
from dashboard.export.images import ImageRenderer
from dashboard.export.slide_tables import crossing_header, crossing_rows, flow_header, flow_rows, signal_rows
from dashboard.figures.annotations import DEMO_LABEL
from dashboard.figures.timeseries import ChartSize
from geodata.i18n import _
from geodata.i18n.formats import written_date

# pictures go into the PDF as binary zlib streams: reportlab's default ASCII85 text encoding runs in
# pure Python (without its optional C accelerator) and took over half of a PDF export's time
rl_config.useA85 = 0
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


def _font_family() -> tuple[str, str]:
    """(regular, bold) font names: DejaVu Sans when the system has it (it draws the Cyrillic and
    Georgian names in the sources), else reportlab's Helvetica (Latin only).
    """
    regular, bold = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
    if not (regular.is_file() and bold.is_file()):
        return "Helvetica", "Helvetica-Bold"
    if "AtlasSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("AtlasSans", str(regular)))
        pdfmetrics.registerFont(TTFont("AtlasSans-Bold", str(bold)))
        registerFontFamily("AtlasSans", normal="AtlasSans", bold="AtlasSans-Bold")
    return "AtlasSans", "AtlasSans-Bold"


FONT, FONT_BOLD = _font_family()
PAGE = landscape(A4)
MARGIN = 1.2 * cm
TEXT_WIDTH = PAGE[0] - 2 * MARGIN
#: CSS pixels of the pictures: at the text width (27.3 cm), 1 px prints at 0.70 pt (map) and 0.77 pt
#: (chart), so their smallest text (14 px on the map, 13 px on the chart) prints at 9.8 pt or more.
MAP_CSS = (1100, 680)
CHART_CSS = ChartSize(width=1000, height=620, font=13, label_rows=4)
PICTURE_SCALE = 1.5  # 1650 px across 27.3 cm: about 150 dpi, sharp in print
MIN_POINTS = 9
STYLES = getSampleStyleSheet()
BODY = ParagraphStyle("body", parent=STYLES["Normal"], fontName=FONT, fontSize=11, leading=14.5)
SMALL = ParagraphStyle(
    "small", parent=BODY, fontSize=MIN_POINTS, leading=11.5, textColor=colors.HexColor("#52606D")
)
DEMO = ParagraphStyle("demo", parent=BODY, textColor=colors.HexColor("#8A1C1C"), fontSize=13, leading=16)
HEADLINE = ParagraphStyle("headline", parent=BODY, fontSize=15, leading=20, spaceAfter=4)
HEADING = ParagraphStyle("heading", parent=BODY, fontName=FONT_BOLD, fontSize=16, leading=19, spaceAfter=4)
TITLE = ParagraphStyle("title", parent=BODY, fontName=FONT_BOLD, fontSize=24, leading=29, spaceAfter=6)
TABLE_STYLE = TableStyle(
    [
        ("FONTNAME", (0, 0), (-1, 0), FONT_BOLD),
        ("FONTSIZE", (0, 0), (-1, -1), 10),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#D9DEE3")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E6EEF5")),
    ]
)
CELL = ParagraphStyle("cell", parent=BODY, fontSize=10, leading=12.5)


def _image(png: bytes, width: float) -> Image:
    picture = Image(io.BytesIO(png))
    ratio = picture.imageHeight / picture.imageWidth
    picture.drawWidth, picture.drawHeight = width, width * ratio
    return picture


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]], shares: tuple[float, ...]) -> Table:
    """A table whose cells wrap (Paragraphs), its columns sharing the text width."""
    cells = [[Paragraph(f"<b>{escape(h)}</b>", CELL) for h in header]]
    cells += [[Paragraph(escape(v), CELL) for v in row] for row in rows]
    table = Table(cells, colWidths=[TEXT_WIDTH * s for s in shares], repeatRows=1)
    table.setStyle(TABLE_STYLE)
    return table


def _first_page(briefing: Briefing) -> list:
    story: list = []
    if briefing.is_demo:
        story.append(Paragraph(f"<b>{escape(_(DEMO_LABEL))}</b>", DEMO))
    story += [
        Spacer(1, 0.4 * cm),
        Paragraph(escape(briefing.title), TITLE),
        Paragraph(
            escape(
                _("Generated {date}, {time} UTC · Corridor Atlas").format(
                    date=written_date(briefing.generated, long=True), time=f"{briefing.generated:%H:%M}"
                )
            ),
            SMALL,
        ),
        Spacer(1, 0.4 * cm),
    ]
    story += [Paragraph(f"<b>{escape(k)}:</b> {escape(v)}", HEADLINE) for k, v in briefing.headline_lines]
    story += [Spacer(1, 0.2 * cm), Paragraph(escape(_("In brief")), HEADING)]
    story += [Paragraph(escape(sentence), BODY) for sentence in briefing.summary]
    story += [Spacer(1, 0.3 * cm)]
    story.append(
        Paragraph(" · ".join(f"<b>{escape(k)}:</b> {escape(v)}" for k, v in briefing.filter_lines), SMALL)
    )
    return story


def build_pdf(briefing: Briefing, out: Path, renderer: ImageRenderer) -> Path:
    """Write the view's PDF report to ``out`` (landscape A4, a footer on every page; pictures drawn by
    ``renderer``): the path written.
    """

    def footer(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(FONT, MIN_POINTS)
        canvas.setFillColor(colors.HexColor("#8A1C1C" if briefing.is_demo else "#52606D"))
        text = _("{footer} · Method: /method in the app").format(footer=briefing.footer)
        page = _("page {number}").format(number=doc.page)
        room = TEXT_WIDTH - pdfmetrics.stringWidth(page, FONT, MIN_POINTS) - 12
        while pdfmetrics.stringWidth(text, FONT, MIN_POINTS) > room:
            text = text[: -max(len(text) // 20, 2)].rstrip() + "…"
        canvas.drawString(MARGIN, 0.6 * cm, text)
        canvas.drawRightString(MARGIN + TEXT_WIDTH, 0.6 * cm, page)
        canvas.restoreState()

    names = briefing.services.names
    story = _first_page(briefing)
    map_png = renderer.render(
        briefing.map_for(MAP_CSS, standalone=False), "png", MAP_CSS, scale=PICTURE_SCALE
    )
    chart_png = renderer.render(
        briefing.chart_for(CHART_CSS), "png", (CHART_CSS.width, CHART_CSS.height), scale=PICTURE_SCALE
    )
    story += [
        PageBreak(),
        Paragraph(
            escape(
                _("Map: {goods}, {period}").format(
                    goods=briefing.data.goods_label, period=briefing.data.period_label
                )
            ),
            HEADING,
        ),
        _image(map_png, TEXT_WIDTH),
        PageBreak(),
        Paragraph(escape(_("Monthly value with sanctions and control events")), HEADING),
        _image(chart_png, TEXT_WIDTH),
        PageBreak(),
        Paragraph(escape(_("Top flows")), HEADING),
        _table(flow_header(), flow_rows(briefing.document, limit=14), (0.46, 0.24, 0.15, 0.15)),
        PageBreak(),
        Paragraph(escape(_("Border crossings and ports (modelled estimates)")), HEADING),
    ]
    crossings = crossing_rows(briefing.document, limit=8)
    story.append(
        _table(crossing_header(), crossings, (0.34, 0.14, 0.2, 0.32))
        if crossings
        else Paragraph(escape(_("No trade in this view is assigned to a crossing or port.")), BODY)
    )
    signals = signal_rows(briefing.document, names, limit=6)
    story += [Spacer(1, 0.4 * cm), Paragraph(escape(_("Signals (indicators, not proof)")), HEADING)]
    story.append(
        _table((_("Signal"), _("Evidence")), signals, (0.4, 0.6))
        if signals
        else Paragraph(escape(_("No signal in this view at these thresholds.")), BODY)
    )
    story += [
        PageBreak(),
        Paragraph(escape(_("Sources and method")), HEADING),
        Paragraph(_("<b>Data:</b> {source}").format(source=escape(briefing.source_label)), BODY),
    ]
    story += [Paragraph(escape(line), SMALL) for line in briefing.vintage_lines]
    story += [Spacer(1, 0.2 * cm)] + [Paragraph(escape(line), BODY) for line in briefing.method_lines]
    story += [PageBreak(), Paragraph(escape(_("Sources of what the map and the chart draw")), HEADING)]
    by_layer: dict[str, list] = {}
    for citation in briefing.citations:
        by_layer.setdefault(citation.layer, []).append(citation)
    story += [
        Paragraph(
            f"<b>{escape(_(CITED_TITLES[layer]))} ({len(found)}):</b> "
            f"{escape(source_hosts([c.source for c in found], 12))}",
            BODY,
        )
        for layer, found in by_layer.items()
        if layer != "events"
    ]
    story.append(
        Paragraph(
            escape(
                _(
                    "Every crossing's, port's and corridor's own source is in the XLSX export (Sources sheet) and "
                    "in the app's reference tables (geodata/reference)."
                )
            ),
            SMALL,
        )
    )
    events = by_layer.get("events", [])
    if events:
        story += [
            Spacer(1, 0.2 * cm),
            Paragraph(f"<b>{escape(_(CITED_TITLES['events']))} ({len(events)})</b>", BODY),
        ]
        story += [Paragraph(f"<b>{escape(c.name)}:</b> {escape(c.source)}", SMALL) for c in events]
    document = SimpleDocTemplate(
        str(out),
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=1.0 * cm,
        bottomMargin=1.3 * cm,
        title=briefing.title,
        author="Corridor Atlas",
    )
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return out

"""A PDF with the same content as the deck: title page, map, time series, top-flows table, method.

Built with reportlab, landscape A4; figures are embedded as PNG (rendered at 1920 px wide), text
stays text, so it can be searched and quoted.
"""

from __future__ import annotations

import io
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Image, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from dashboard.export.content import Briefing, table_rows_for_slide
from dashboard.export.images import CHART_SIZE, MAP_SIZE, render
from dashboard.figures.annotations import DEMO_LABEL

PAGE = landscape(A4)
STYLES = getSampleStyleSheet()
DEMO = ParagraphStyle(
    "demo", parent=STYLES["Normal"], textColor=colors.HexColor("#8A1C1C"), fontSize=12, leading=15
)
SMALL = ParagraphStyle("small", parent=STYLES["Normal"], fontSize=8, textColor=colors.HexColor("#52606D"))


def _image(png: bytes, width_cm: float) -> Image:
    picture = Image(io.BytesIO(png))
    ratio = picture.imageHeight / picture.imageWidth
    picture.drawWidth, picture.drawHeight = width_cm * cm, width_cm * cm * ratio
    return picture


def build_pdf(briefing: Briefing, names: dict[str, str], out: Path) -> Path:
    def footer(canvas, _doc) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 7.5)
        canvas.setFillColor(colors.HexColor("#8A1C1C" if briefing.is_demo else "#52606D"))
        canvas.drawString(1.2 * cm, 0.7 * cm, briefing.footer[:220])
        canvas.restoreState()

    story: list = []
    if briefing.is_demo:
        story.append(Paragraph(f"<b>{DEMO_LABEL}</b>", DEMO))
    story += [
        Spacer(1, 1.2 * cm),
        Paragraph(escape(briefing.title), STYLES["Title"]),
        Paragraph(f"{briefing.generated:%d %B %Y}", STYLES["Normal"]),
        Spacer(1, 0.6 * cm),
    ]
    story += [
        Paragraph(f"<b>{escape(k)}: {escape(v)}</b>", STYLES["Normal"]) for k, v in briefing.headline_lines
    ]
    story += [Spacer(1, 0.3 * cm)]
    story += [
        Paragraph(f"<b>{escape(k)}:</b> {escape(v)}", STYLES["Normal"]) for k, v in briefing.filter_lines
    ]
    story += [
        PageBreak(),
        Paragraph("Map", STYLES["Heading2"]),
        _image(render(briefing.map_figure, "png", MAP_SIZE), 24.5),
        PageBreak(),
        Paragraph("Monthly value with sanctions and control events", STYLES["Heading2"]),
        _image(render(briefing.timeseries_figure, "png", CHART_SIZE), 25.5),
        PageBreak(),
        Paragraph("Top flows", STYLES["Heading2"]),
    ]
    rows = [
        ("Flow († Russia's side: mirror data)", "Value (USD)", "Change vs 2019–2021"),
        *table_rows_for_slide(briefing, names),
    ]
    table = Table(rows, colWidths=[14 * cm, 5 * cm, 5 * cm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#D9DEE3")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E6EEF5")),
            ]
        )
    )
    story += [
        table,
        PageBreak(),
        Paragraph("Sources and method", STYLES["Heading2"]),
        Paragraph(f"<b>Data:</b> {escape(briefing.source_label)}", STYLES["Normal"]),
    ]
    story += [Paragraph(escape(line), SMALL) for line in briefing.vintage_lines]
    story += [Spacer(1, 0.3 * cm)] + [
        Paragraph(escape(line), STYLES["Normal"]) for line in briefing.method_lines
    ]
    document = SimpleDocTemplate(
        str(out),
        pagesize=PAGE,
        leftMargin=1.2 * cm,
        rightMargin=1.2 * cm,
        topMargin=1.0 * cm,
        bottomMargin=1.3 * cm,
        title=briefing.title,
        author="Corridor Atlas",
    )
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return out

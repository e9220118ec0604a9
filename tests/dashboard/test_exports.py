"""Every export format from one fixed view of the demo store."""

from __future__ import annotations

import csv
import dataclasses
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PIL import Image
from pptx import Presentation
from pypdf import PdfReader

from dashboard.export.command import export_with_services
from dashboard.export.content import build_briefing
from dashboard.export.spreadsheets import neutralise, write_csv, write_xlsx
from dashboard.figures.annotations import DEMO_LABEL
from dashboard.view_state import ViewState

VIEW = "goods=chpl_1&from=2023-01&to=2023-12&dir=into_russia&side=exporter&metric=value"
HOSTILE = ('=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR")


@pytest.fixture(scope="module")
def exported(demo_services, tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("exports")
    return {
        fmt: export_with_services(
            demo_services, VIEW, fmt, folder / f"view.{fmt}", title="Tier 1 into Russia"
        )
        for fmt in ("pptx", "pdf", "png", "svg", "csv", "xlsx")
    }


def test_pptx_has_the_five_slides_with_editable_text(exported):
    deck = Presentation(str(exported["pptx"]))
    assert deck.slide_width * 9 == deck.slide_height * 16
    slides = list(deck.slides)
    assert len(slides) == 5
    titles = [next(s.text_frame.text for s in slide.shapes if s.name == "Title") for slide in slides]
    assert titles[0] == "Tier 1 into Russia"
    assert titles[1].startswith("Map: CHPL Tier 1, Jan 2023 – Dec 2023")
    assert titles[2:] == [
        "Monthly value with sanctions and control events",
        "Top flows",
        "Sources and method",
    ]
    first = {s.name: s.text_frame.text for s in slides[0].shapes if s.has_text_frame}
    assert "Goods: CHPL Tier 1" in first["Filter"] and "Reporting side: exporter-reported" in first["Filter"]
    for slide in slides:
        texts = {s.name: s.text_frame.text for s in slide.shapes if s.has_text_frame}
        assert texts["Demo label"] == DEMO_LABEL
        assert "Demo data (synthetic)" in texts["Source footer"]
    picture = next(s for s in slides[1].shapes if s.shape_type == 13)
    assert Image.open(io.BytesIO(picture.image.blob)).size[0] >= 1920
    table = next(s for s in slides[3].shapes if s.has_table).table
    assert len(table.rows) == 11 and table.cell(0, 1).text == "Value (USD)"
    assert table.cell(1, 1).text.startswith("$")
    method = next(s for s in slides[4].shapes if s.name == "Method").text_frame.text
    assert "mirror data" in method and "2019 – December 2021" in method and "HS2017" in method


def test_pdf_pages_and_text(exported):
    reader = PdfReader(str(exported["pdf"]))
    assert len(reader.pages) == 5
    text = "\n".join(page.extract_text() for page in reader.pages)
    for expected in (
        "Tier 1 into Russia",
        "Goods: CHPL Tier 1",
        "Top flows",
        "Sources and method",
        DEMO_LABEL,
        "mirror data",
    ):
        assert expected in text


def test_png_and_svg_of_the_map(exported):
    assert Image.open(exported["png"]).size == (1920, 1080)
    svg = exported["svg"].read_text()
    assert 'width="1920"' in svg and 'height="1080"' in svg
    assert svg.count("choroplethlocation") >= 30  # the country paths
    assert "DEMO DATA" in svg


def test_csv_and_xlsx_have_the_header_block_and_the_flows(exported):
    rows = list(csv.reader(io.StringIO(exported["csv"].read_text(encoding="utf-8-sig"))))
    header = {r[0]: r[1] for r in rows if len(r) == 2}
    assert header["Corridor Atlas export"] == "Tier 1 into Russia" and header["Goods"] == "CHPL Tier 1"
    assert header["Period"] == "Jan 2023 – Dec 2023" and "Demo data" in header["Sources"]
    assert "Exported (UTC)" in header
    table_start = next(i for i, r in enumerate(rows) if r[:2] == ["From", "To"])
    assert len(rows) - table_start - 1 >= 5
    sheet = load_workbook(exported["xlsx"]).active
    values = [row for row in sheet.iter_rows(values_only=True)]
    assert values[0][:2] == ("Corridor Atlas export", "Tier 1 into Russia")
    assert any(row[:2] == ("From", "To") for row in values)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_neutralise_values():
    assert [neutralise(v) for v in HOSTILE] == ["'" + v for v in HOSTILE]
    assert neutralise("Kazakhstan") == "Kazakhstan" and neutralise(-5.0) == -5.0 and neutralise(None) is None


def test_hostile_text_cannot_become_a_formula(demo_services, tmp_path):
    view, _ = ViewState.from_query(VIEW, demo_services.view_context)
    briefing = build_briefing(view, demo_services, title=HOSTILE[0])
    briefing = dataclasses.replace(briefing, vintage_lines=HOSTILE[1:])
    rows = list(
        csv.reader(
            io.StringIO(
                write_csv(briefing, demo_services.names, tmp_path / "x.csv").read_text(encoding="utf-8-sig")
            )
        )
    )
    cells = [cell for row in rows for cell in row]
    texts = [c for c in cells if c and not _is_number(c)]  # "-40.5" is a number, written as one
    assert all(not c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in texts)
    assert "'" + HOSTILE[0] in cells
    sheet = load_workbook(write_xlsx(briefing, demo_services.names, tmp_path / "x.xlsx")).active
    texts = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    bad = [
        (c.coordinate, c.data_type, c.value)
        for c in texts
        if c.data_type != "s" or c.value.startswith(("=", "+", "-", "@", "\t", "\r"))
    ]
    assert bad == []
    numbers = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, int | float)]
    assert numbers  # values stay numbers, not text


def test_unknown_format_is_refused(demo_services, tmp_path):
    from geodata.errors import IngestError

    with pytest.raises(IngestError, match="expected a format among"):
        export_with_services(demo_services, VIEW, "docx", tmp_path / "x.docx")


def test_tables_only_briefings_draw_nothing_and_state_the_same_numbers(demo_services):
    view, _ = ViewState.from_query("goods=chpl&from=2024-01&to=2024-12", demo_services.view_context)
    tables = build_briefing(view, demo_services, figures=False)
    full = build_briefing(view, demo_services)
    assert tables.map_figure is None and tables.timeseries_figure is None
    assert full.map_figure is not None and full.timeseries_figure is not None
    assert tables.headline_lines == full.headline_lines and tables.document == full.document


def test_the_exported_map_has_the_pages_names_legend_and_fills_the_picture(demo_services):
    from dashboard.export.content import EXPORT_BOTTOM_MARGIN, EXPORT_TOP_MARGIN
    from dashboard.export.images import MAP_SIZE
    from dashboard.figures.frame import _projected_size
    from dashboard.figures.geo import PRESENT_LEGEND_WIDTH

    view, _ = ViewState.from_query("goods=chpl&from=2024-01&to=2024-12", demo_services.view_context)
    figure = build_briefing(view, demo_services).map_figure
    labels = [t for t in figure.data if (t.meta or {}).get("labels")]
    assert len(labels) == 1
    texts = list(labels[0].text)
    assert {"Russia", "Kazakhstan", "Armenia", "China (off map)"} <= set(texts)
    assert sum(kind in ("crossing", "port") for kind in labels[0].meta["kinds"]) >= 3
    assert min(labels[0].textfont.size) >= 15  # names readable on a slide (1.5 × the page's)
    assert figure.layout.showlegend is not False and figure.layout.legend.font.size >= 17
    lons, lats = figure.layout.geo.lonaxis.range, figure.layout.geo.lataxis.range
    width, height = _projected_size(tuple(lons), tuple(lats))
    plot = (MAP_SIZE[0] - PRESENT_LEGEND_WIDTH) / (MAP_SIZE[1] - EXPORT_TOP_MARGIN - EXPORT_BOTTOM_MARGIN)
    assert width / height == pytest.approx(plot, rel=0.01)  # the region has the picture's shape
    caption = [a.text for a in figure.layout.annotations]
    assert any("Demo data" in text for text in caption)  # the source and vintage line

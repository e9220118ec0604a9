"""Every export format from one fixed view of the demo store."""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from PIL import Image
from pptx import Presentation
from pypdf import PdfReader

from dashboard.export.command import export_filename_for, export_with_services
from dashboard.export.content import build_briefing
from dashboard.export.spreadsheets import FORMULA_STARTS, neutralise, write_csv, write_xlsx
from dashboard.export.tables import DETAIL_COLUMNS
from dashboard.figures.annotations import DEMO_LABEL
from dashboard.formatting import money
from dashboard.view_document import view_document
from dashboard.view_state import ViewState

VIEW = "goods=chpl_1&from=2023-01&to=2023-12&dir=into_russia&side=exporter&metric=value"
HOSTILE = ('=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR", "|cmd", "%0A")
HOSTILE_NAME = "=cmd|' /C calc'!A0"


@pytest.fixture(scope="module")
def exported(demo_services, tmp_path_factory, renderer) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("exports")
    return {
        fmt: export_with_services(
            demo_services, VIEW, fmt, folder / f"view.{fmt}", title="Tier 1 into Russia", renderer=renderer
        )
        for fmt in ("pptx", "pdf", "png", "svg", "csv", "xlsx")
    }


def _headline_money(services, query: str) -> str:
    document, _ = view_document(query, services)
    return money(document["headline"]["value_usd"])


def test_pptx_slides_headline_notes_and_editable_text(exported, demo_services):
    deck = Presentation(str(exported["pptx"]))
    assert deck.slide_width * 9 == deck.slide_height * 16
    slides = list(deck.slides)
    titles = [next(s.text_frame.text for s in slide.shapes if s.name == "Title") for slide in slides]
    assert titles[0] == "Tier 1 into Russia"
    assert titles[1].startswith("Map: CHPL Tier 1, Jan 2023 – Dec 2023")
    assert titles[2:] == [
        "Monthly value with sanctions and control events",
        "Top flows",
        "Border crossings and ports: modelled trade",
        "Signals: flows that merit a closer look",
        "Sources and method",
    ]
    first = {s.name: s.text_frame.text for s in slides[0].shapes if s.has_text_frame}
    assert "Goods: CHPL Tier 1" in first["Filter"] and "Reporting side: exporter-reported" in first["Filter"]
    assert (
        _headline_money(demo_services, VIEW) in first["Headline"] and "Reaching Russia" in first["Headline"]
    )
    assert "By leg:" in first["Summary"]
    for slide in slides:
        texts = {s.name: s.text_frame.text for s in slide.shapes if s.has_text_frame}
        assert texts["Demo label"] == DEMO_LABEL
        assert "Demo data (synthetic)" in texts["Source footer"]
        notes = slide.notes_slide.notes_text_frame.text
        assert "Data: Demo data (synthetic)" in notes and DEMO_LABEL in notes  # sources on every slide
    assert "https://" in slides[1].notes_slide.notes_text_frame.text  # the map's reference sources
    assert "eur-lex.europa.eu" in slides[2].notes_slide.notes_text_frame.text  # the events' sources
    picture = next(s for s in slides[1].shapes if s.shape_type == 13)
    assert Image.open(io.BytesIO(picture.image.blob)).size[0] >= 1920
    table = next(s for s in slides[3].shapes if s.has_table).table
    assert len(table.rows) >= 11 and table.cell(0, 2).text == "Value (USD)"
    assert table.cell(1, 2).text.startswith("$")
    crossings = next(s for s in slides[4].shapes if s.has_table).table
    assert crossings.cell(0, 0).text == "Crossing or port" and crossings.cell(1, 1).text.startswith("$")
    signals = next(s for s in slides[5].shapes if s.has_table).table
    assert signals.cell(1, 0).text.split(" · ")[0] in (
        "Re-export surge",
        "Mirror gap",
        "Transshipment",
        "Unit value",
    )
    method = next(s for s in slides[6].shapes if s.name == "Method").text_frame.text
    assert "mirror data" in method and "2019 – December 2021" in method and "HS2017" in method


def _font_sizes(page) -> list[float]:
    sizes: list[float] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            sizes.append(size * abs(tm[0] or tm[3] or 1) * abs(cm[0] or cm[3] or 1))

    page.extract_text(visitor_text=visit)
    return sizes


def test_pdf_pages_text_and_no_text_under_9_points(exported, demo_services):
    reader = PdfReader(str(exported["pdf"]))
    assert 6 <= len(reader.pages) <= 9
    text = "\n".join(page.extract_text() for page in reader.pages)
    for expected in (
        "Tier 1 into Russia",
        "In brief",
        _headline_money(demo_services, VIEW),
        "Goods:",
        "Top flows",
        "Border crossings and ports",
        "Signals",
        "Sources and method",
        DEMO_LABEL,
        "mirror data",
        "eur-lex.europa.eu",
    ):
        assert expected in text, expected
    sizes = [size for page in reader.pages for size in _font_sizes(page)]
    assert sizes and min(sizes) >= 9
    width, height = (float(v) for v in reader.pages[1].mediabox.upper_right)
    assert width > height  # landscape A4


def test_pdf_pictures_print_their_smallest_text_at_9_points_or_more():
    from dashboard.export import pdf_report
    from dashboard.export.map_picture import MIN_TEXT

    points_per_px = pdf_report.TEXT_WIDTH / pdf_report.MAP_CSS[0]
    assert MIN_TEXT * points_per_px >= 9
    chart = pdf_report.CHART_CSS
    assert (chart.font - 1) * pdf_report.TEXT_WIDTH / chart.width >= 9  # legend and source line: font - 1


_BOX = re.compile(
    r'class="annotation-text-g"[^>]*>\s*<g class="cursor-pointer" transform="translate\(([-\d.]+),([-\d.]+)\)">'
    r'\s*<rect class="bg" x="[-\d.]+" y="[-\d.]+" width="([\d.]+)" height="([\d.]+)"'
)


def test_png_and_svg_state_the_view_inside_the_canvas(exported, demo_services):
    assert Image.open(exported["png"]).size == (1920, 1080)
    svg = exported["svg"].read_text()
    assert 'width="1920"' in svg and 'height="1080"' in svg
    assert svg.count("choroplethlocation") >= 30  # the country paths
    for expected in (
        "Tier 1 into Russia",
        DEMO_LABEL,
        "Reaching Russia",
        _headline_money(demo_services, VIEW),
        "Demo data (synthetic)",
        "Map layers&#39; sources" if "&#39;" in svg else "Map layers' sources",
        "generated",
    ):
        assert expected in svg, expected
    boxes = [tuple(float(v) for v in m) for m in _BOX.findall(svg)]
    assert len(boxes) >= 7
    for x, y, w, h in boxes:  # every caption line lies inside the 1920 × 1080 canvas
        assert x >= 0 and x + w <= 1920 + 1 and y >= 0 and y + h <= 1080 + 1, (x, y, w, h)


def test_csv_is_one_tidy_table_that_sums_to_the_headline(exported, demo_services):
    table = pd.read_csv(exported["csv"], encoding="utf-8-sig")
    assert list(table.columns) == list(DETAIL_COLUMNS)
    document, _ = view_document(VIEW, demo_services)
    counted = table.loc[table["in_headline"], "value_usd"].sum()
    assert counted == pytest.approx(document["headline"]["value_usd"], rel=1e-9)
    assert set(table["month"]) == {f"2023-{m:02d}" for m in range(1, 13)}
    assert table["source"].str.contains("DEMO DATA").all()
    assert set(table.loc[table["in_headline"], "leg"]) <= set(document["headline"]["legs"])


@pytest.mark.parametrize(
    "query",
    [
        "goods=chpl&from=2024-01&to=2024-06&dir=out_of_russia&side=importer",
        "goods=microelectronics&from=2022-03&to=2023-02&focus=KAZ",
        "goods=chpl_2&from=2023-01&to=2023-12&exporter=EU27&importer=KAZ",
        "goods=all&from=2025-01&to=2025-03&dir=all&eu=members",
        "goods=bearings&from=2019-01&to=2019-01",
    ],
)
def test_csv_rows_sum_to_the_headline_in_every_kind_of_view(demo_services, tmp_path, query):
    out = export_with_services(demo_services, query, "csv", tmp_path)  # a folder: named after the view
    table = pd.read_csv(out, encoding="utf-8-sig")
    document, _ = view_document(query, demo_services)
    counted = table.loc[table["in_headline"], "value_usd"].sum() if len(table) else 0.0
    assert counted == pytest.approx(document["headline"]["value_usd"], rel=1e-9, abs=1e-6)
    assert out.name.endswith(".csv") and "_" in out.name


def test_xlsx_sheets_formats_and_frozen_headers(exported, demo_services):
    book = load_workbook(exported["xlsx"])
    assert book.sheetnames == ["Summary", "Monthly detail", "Edges", "Sources"]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(min_row=2, values_only=True)}
    assert summary["Title"] == "Tier 1 into Russia" and summary["Goods"] == "CHPL Tier 1"
    assert _headline_money(demo_services, VIEW) in summary["Reaching Russia"]
    assert "Demo data" in summary["Sources"] and DEMO_LABEL in summary["Data"]
    detail = book["Monthly detail"]
    header = [c.value for c in detail[1]]
    assert header == list(DETAIL_COLUMNS)
    value = detail.cell(2, header.index("value_usd") + 1)
    assert isinstance(value.value, float) and value.number_format == "#,##0"
    edges = book["Edges"]
    assert [c.value for c in edges[1]][:2] == ["From", "To"] and edges.cell(2, 7).number_format == "#,##0"
    sources = [row for row in book["Sources"].iter_rows(min_row=2, values_only=True)]
    assert any(row[0] == "Border crossings" and "http" in row[4] for row in sources)
    assert any(row[0] == "Trade data" for row in sources)


def test_file_names_say_what_they_hold(demo_services, tmp_path):
    cases = {
        "goods=chpl_1&from=2023-01&to=2023-12&exporter=KAZ&importer=RUS": "chpl-tier1_KAZ-RUS_2023-01_2023-12.pptx",
        "goods=chpl&from=2024-01&to=2024-06&focus=ARM": "chpl_ARM_2024-01_2024-06.pptx",
        "goods=&hs=8542&from=2022-01&to=2022-12&dir=out_of_russia": "hs8542_out-of-russia_2022-01_2022-12.pptx",
    }
    for query, name in cases.items():
        assert export_filename_for(demo_services, query, "pptx") == name
    out = export_with_services(demo_services, "goods=chpl_1&from=2023-01&to=2023-12", "json", tmp_path)
    assert out.name == "chpl-tier1_into-russia_2023-01_2023-12.json"


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_neutralise_values():
    assert [neutralise(v) for v in HOSTILE] == ["'" + v for v in HOSTILE]
    assert neutralise("Kazakhstan") == "Kazakhstan" and neutralise(-5.0) == -5.0 and neutralise(None) is None


def test_hostile_text_cannot_become_a_formula(demo_services, tmp_path, monkeypatch):
    view, _ = ViewState.from_query(VIEW, demo_services.view_context)
    monkeypatch.setitem(demo_services.names_by_language, "en", {**demo_services.names, "KAZ": HOSTILE_NAME})
    briefing = build_briefing(view, demo_services, title=HOSTILE[0])
    briefing = dataclasses.replace(briefing, vintage_lines=HOSTILE[1:])
    rows = list(
        csv.reader(io.StringIO(write_csv(briefing, tmp_path / "x.csv").read_text(encoding="utf-8-sig")))
    )
    cells = [cell for row in rows for cell in row]
    texts = [c for c in cells if c and not _is_number(c)]  # "-40.5" is a number, written as one
    assert all(not c.startswith(FORMULA_STARTS) for c in texts)
    assert "'" + HOSTILE_NAME in cells  # a hostile country name in the CSV: quoted
    book = load_workbook(write_xlsx(briefing, tmp_path / "x.xlsx"))
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    texts = [c for c in cells if isinstance(c.value, str)]
    assert all(c.data_type == "s" for c in texts)  # never a formula
    risky = [c for c in texts if c.value.startswith(FORMULA_STARTS)]
    assert risky and all(c.quotePrefix for c in risky)  # marked as text by the cell's attribute…
    assert HOSTILE[0] in [c.value for c in risky]  # …and the text stays exactly as written
    assert not any(c.value.startswith("'") for c in texts)  # no apostrophe written into the text
    assert any(isinstance(c.value, int | float) for c in cells)  # values stay numbers, not text


def test_unknown_format_is_refused(demo_services, tmp_path):
    from geodata.errors import IngestError

    with pytest.raises(IngestError, match="expected a format among"):
        export_with_services(demo_services, VIEW, "docx", tmp_path / "x.docx")


def test_tables_only_briefings_draw_nothing_and_state_the_same_numbers(demo_services):
    view, _ = ViewState.from_query("goods=chpl&from=2024-01&to=2024-12", demo_services.view_context)
    tables = build_briefing(view, demo_services, figures=False)
    full = build_briefing(view, demo_services)
    assert tables.map_figure is None and full.map_figure is not None
    assert tables.headline_lines == full.headline_lines and tables.document == full.document


def test_the_exported_map_has_the_pages_names_legend_and_fills_the_picture(demo_services):
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
    margin = figure.layout.margin
    plot = (1920 - PRESENT_LEGEND_WIDTH) / (1080 - margin.t - margin.b)
    assert width / height == pytest.approx(plot, rel=0.01)  # the region has the picture's shape
    caption = [a.text for a in figure.layout.annotations]
    assert any("Demo data" in text for text in caption)  # the source and vintage line


def test_a_picture_format_without_a_renderer_is_refused_before_any_work(demo_services, tmp_path):
    from geodata.errors import IngestError

    with pytest.raises(IngestError, match="needs an image renderer"):
        export_with_services(demo_services, VIEW, "png", tmp_path / "x.png")
    assert not (tmp_path / "x.png").exists()


def test_the_renderer_is_a_service_that_leaves_nothing_global_changed(monkeypatch):
    import os

    import plotly.graph_objects as go
    import plotly.io as pio

    from dashboard.export.images import ImageRenderer

    monkeypatch.delenv("BROWSER_PATH", raising=False)
    topojson_before = pio.defaults.topojson
    with ImageRenderer() as renderer:
        assert not renderer.started  # nothing starts until a picture is asked for
        png = renderer.render(go.Figure(go.Scatter(x=[0, 1], y=[1, 0])), "png", (200, 120))
        assert png.startswith(b"\x89PNG") and renderer.started
        assert "BROWSER_PATH" not in os.environ and pio.defaults.topojson == topojson_before
    assert not renderer.started  # closed by the block

"""CSV and XLSX of a view: the tidy monthly rows behind it, safe to open in a spreadsheet program.

The CSV is one table with one header row (`tables.DETAIL_COLUMNS`): a plain ``read_csv`` reads it,
and its ``in_headline`` rows sum to the view's headline. What describes it (title, filter, headline,
sources, method) is in the XLSX's Summary and Sources sheets.

A cell that begins with =, +, -, @, |, %, a tab or a carriage return may be read by a spreadsheet
program as a formula or a command; a crafted name in a source file could run one. In the CSV such
text cells get a leading apostrophe (the only guard plain text has); in the XLSX they stay exactly as
written, marked as text with the cell's quote-prefix attribute.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd
import xlsxwriter

from dashboard.export.briefing_text import CITED_TITLES
from dashboard.export.content import Briefing
from dashboard.export.tables import DETAIL_COLUMNS, detail_header, edges_table, monthly_detail, source_names
from dashboard.services import SOURCE_NAMES
from geodata.i18n import _

FORMULA_STARTS = ("=", "+", "-", "@", "|", "%", "\t", "\r")
#: Excel's last row; the CSV holds every row, the XLSX says where it stopped.
XLSX_MAX_ROWS = 1_048_576
USD, PCT = "#,##0", "0.0"
CONSTANT_MEMORY_ROWS = 100_000


def neutralise(value: object) -> object:
    r"""Text that a spreadsheet would treat as a formula becomes literal text (for the CSV); anything
    else is unchanged.

    >>> neutralise('=HYPERLINK("http://x")')
    '\'=HYPERLINK("http://x")'
    >>> neutralise(-5.0)
    -5.0
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def detail_rows(briefing: Briefing) -> pd.DataFrame:
    """The view's tidy monthly rows (`tables.monthly_detail`)."""
    data, services = briefing.data, briefing.services
    rows = services.store.period_detail(data.flt)
    return monthly_detail(
        rows,
        data.edges,
        data.headline.legs,
        services.names,
        source_names(services.source_files, SOURCE_NAMES),
    )


def write_csv(briefing: Briefing, out: Path) -> Path:
    """Write the monthly detail rows to ``out`` as UTF-8 CSV (with a BOM for Excel), formulas
    neutralised: the path written.
    """
    table = detail_rows(briefing)
    with open(out, "w", encoding="utf-8-sig", newline="") as handle:  # BOM: Excel reads UTF-8 names
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(detail_header(table.columns))
        for row in table.itertuples(index=False, name=None):
            writer.writerow(["" if v is None or v != v else neutralise(v) for v in row])
    return out


def csv_metadata(briefing: Briefing, csv_name: str) -> dict:
    """A W3C CSV on the Web (CSVW) description of the CSV: its columns with their meaning, and what
    the XLSX's Summary sheet says (title, filter, headline, summary, sources, method, time).
    """
    detail = {
        "month": _("Month of the trade (YYYY-MM)"),
        "exporter": _("Exporter node (ISO-3 or group such as EU27)"),
        "importer": _("Importer node (ISO-3 or group)"),
        "leg": _("Leg of the route this flow is"),
        "in_headline": _("True when this row counts in the view's headline: these rows sum to it"),
        "hs6": _("HS6 code as reported"),
        "hs_version": _("HS revision the code was reported in (H5 = HS2017, H6 = HS2022)"),
        "transport_mode": _("Mode of transport as the source reported it"),
        "value_usd": _("Value in US dollars (imports CIF, exports FOB), share of the goods selection"),
        "net_kg": _("Reported net weight in kg (empty when not reported)"),
        "russia_side_mirror": _("True when Russia's side is its partners' declaration (mirror data)"),
        "source": _("Source and vintage of the row"),
    }
    return {
        "@context": "http://www.w3.org/ns/csvw",
        "url": csv_name,
        "dc:title": briefing.title,
        "dc:source": briefing.source_label,
        "dc:created": f"{briefing.generated:%Y-%m-%dT%H:%M:%SZ}",
        "dc:description": [f"{key}: {value}" for key, value in summary_rows(briefing)],
        "tableSchema": {
            "columns": [
                {"name": name, "titles": title, "dc:description": detail.get(name, name)}
                for name, title in zip(DETAIL_COLUMNS, detail_header(DETAIL_COLUMNS), strict=True)
            ]
        },
    }


def summary_rows(briefing: Briefing) -> list[tuple[str, str]]:
    """The Summary sheet: what the view is, its headline, the view in sentences, method, provenance."""
    rows = [(_("Title"), briefing.title)]
    if briefing.is_demo:
        rows.append((_("Data"), briefing.method_lines[0]))
    rows += list(briefing.filter_lines)
    rows += list(briefing.headline_lines)
    rows += [(_("Summary"), line) for line in briefing.summary]
    rows += [(_("Sources"), briefing.source_label)]
    rows += [(_("Exported (UTC)"), f"{briefing.generated:%Y-%m-%d %H:%M:%S}")]
    rows += [(_("Method"), line) for line in briefing.method_lines[1 if briefing.is_demo else 0 :]]
    rows += [(_("Method page"), _("/method in the app"))]
    return rows


class _Sheet:
    """One worksheet written row by row (constant memory), every cell by its type: text is always text
    (never a formula), carrying the quote-prefix attribute when it begins like one; numbers keep their
    number format; booleans stay booleans; NaN and None are empty.
    """

    def __init__(self, book: xlsxwriter.Workbook, title: str, widths: list[int]) -> None:
        self.sheet = book.add_worksheet(title)
        self.sheet.freeze_panes(1, 0)
        for column, width in enumerate(widths):
            self.sheet.set_column(column, column, width)
        self.formats = {
            "bold": book.add_format({"bold": True}),
            "quoted": book.add_format({"quote_prefix": True}),
            "wrap": book.add_format({"text_wrap": True, "valign": "top"}),
            "wrap_quoted": book.add_format({"text_wrap": True, "valign": "top", "quote_prefix": True}),
            USD: book.add_format({"num_format": USD}),
            PCT: book.add_format({"num_format": PCT}),
        }
        self.row = 0

    def write(self, values, number_formats: dict[int, str] | None = None, *, bold=False, wrap=False) -> None:
        sheet, formats = self.sheet, self.formats
        for column, value in enumerate(values):
            if value is None or (isinstance(value, float) and value != value):
                continue
            if isinstance(value, bool | np.bool_):
                sheet.write_boolean(self.row, column, bool(value))
            elif isinstance(value, int | float | np.integer | np.floating):
                chosen = (number_formats or {}).get(column)
                sheet.write_number(self.row, column, float(value), formats.get(chosen) if chosen else None)
            else:
                text = str(value)
                risky = text.startswith(FORMULA_STARTS)
                style = "bold" if bold else ("wrap" if wrap else None)
                if risky:
                    style = "wrap_quoted" if wrap else "quoted"
                sheet.write_string(self.row, column, text, formats.get(style) if style else None)
        self.row += 1


def _table_sheet(
    book, title: str, header: list[str], rows, number_formats: dict[int, str], widths: list[int]
):
    sheet = _Sheet(book, title, widths)
    sheet.write(header, bold=True)
    for written, row in enumerate(rows):
        if written >= XLSX_MAX_ROWS - 2:
            sheet.write([_("Excel holds no more rows: the CSV export has them all.")], bold=True)
            break
        sheet.write(row, number_formats)
    return sheet


def write_xlsx(briefing: Briefing, out: Path) -> Path:
    """Write the XLSX to ``out`` (sheets Summary, Monthly detail, Edges, Sources): the path written."""
    detail = detail_rows(briefing)
    options = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    # row by row to disk for large tables (bounded memory); shared strings (faster, smaller) otherwise
    book = xlsxwriter.Workbook(str(out), {**options, "constant_memory": len(detail) > CONSTANT_MEMORY_ROWS})
    summary = _Sheet(book, _("Summary"), [24, 140])
    summary.write([_("Corridor Atlas export"), ""], bold=True)
    for key, value in summary_rows(briefing):
        summary.write([key, value], wrap=True)

    money_columns = {detail.columns.get_loc("value_usd"): USD, detail.columns.get_loc("net_kg"): USD}
    _table_sheet(
        book,
        _("Monthly detail"),
        detail_header(detail.columns),
        detail.itertuples(index=False, name=None),
        money_columns,
        [9, 9, 24, 9, 24, 22, 11, 8, 10, 14, 16, 16, 12, 60],
    )
    edges = edges_table(briefing.data.edges, briefing.services.names)
    _table_sheet(
        book,
        _("Edges"),
        list(edges.columns),
        edges.itertuples(index=False, name=None),
        {6: USD, 7: USD, 8: USD, 9: PCT},
        [24, 24, 10, 10, 26, 9, 16, 16, 18, 12, 12],
    )
    sources = [
        (_("Trade data"), f["source"], f["name"], f["vintage"], f"sha256 {f['sha256']}")
        for f in briefing.services.source_files
    ] + [(_(CITED_TITLES[c.layer]), c.item_id, c.name, "", c.source) for c in briefing.citations]
    header = [_("What"), _("Id"), _("Name"), _("Vintage"), _("Source")]
    _table_sheet(book, _("Sources"), header, sources, {}, [28, 26, 44, 30, 120])
    book.close()
    return out

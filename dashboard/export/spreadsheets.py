"""CSV and XLSX of the flows behind a view, with a header block — and safe to open in Excel.

A cell that begins with =, +, -, @, a tab or a carriage return is read by spreadsheet programs as a
formula; a crafted name in a source file could run one. Every such text cell is prefixed with an
apostrophe, which Excel and LibreOffice show as plain text. Numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font

from dashboard.export.content import Briefing, flows_table

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Text that a spreadsheet would treat as a formula becomes literal text; anything else is unchanged.

    >>> neutralise("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> neutralise(-5.0)
    -5.0
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def header_block(briefing: Briefing) -> list[tuple[str, str]]:
    rows = [("Corridor Atlas export", briefing.title)]
    rows += list(briefing.filter_lines)
    rows += list(briefing.headline_lines)
    rows += [("Sources", briefing.source_label)]
    rows += [("Data file", line) for line in briefing.vintage_lines]
    rows += [("Exported (UTC)", f"{briefing.generated:%Y-%m-%d %H:%M:%S}")]
    rows += [("Note", line) for line in briefing.method_lines]
    return rows


def _table(briefing: Briefing, names: dict[str, str]) -> pd.DataFrame:
    return flows_table(briefing, names)


def write_csv(briefing: Briefing, names: dict[str, str], out: Path) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for key, value in header_block(briefing):
        writer.writerow([neutralise(key), neutralise(value)])
    writer.writerow([])
    table = _table(briefing, names)
    writer.writerow([neutralise(c) for c in table.columns])
    for row in table.itertuples(index=False):
        writer.writerow(["" if pd.isna(v) else neutralise(v) for v in row])
    out.write_text(buffer.getvalue(), encoding="utf-8-sig")  # BOM: Excel reads UTF-8 names correctly
    return out


def write_xlsx(briefing: Briefing, names: dict[str, str], out: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "Flows"
    for key, value in header_block(briefing):
        sheet.append([neutralise(key), neutralise(value)])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
    sheet.append([])
    table = _table(briefing, names)
    sheet.append([neutralise(c) for c in table.columns])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in table.itertuples(index=False):
        sheet.append([None if pd.isna(v) else neutralise(v) for v in row])
    for column, width in zip("ABCDEFGHI", (24, 60, 16, 16, 18, 20, 22, 18, 16), strict=True):
        sheet.column_dimensions[column].width = width
    book.save(out)
    return out

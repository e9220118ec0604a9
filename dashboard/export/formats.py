"""The export formats: one home for their names, titles and media types (no heavy imports)."""

from __future__ import annotations

FORMAT_TITLES = {
    "pptx": "PowerPoint (.pptx)",
    "pdf": "PDF",
    "png": "Map image (PNG)",
    "svg": "Map image (SVG)",
    "csv": "Flows (CSV)",
    "xlsx": "Flows (Excel)",
    "json": "View data (JSON)",
}
FORMATS = tuple(FORMAT_TITLES)
TABLE_FORMATS = ("csv", "xlsx")  # tables only: no map or chart is drawn for them

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
#: The map picture's shapes (PNG, SVG): 16:9 for slides and screens, 4:3 for older projectors and print.
PICTURE_SIZES = {"16:9": (1920, 1080), "4:3": (1440, 1080)}

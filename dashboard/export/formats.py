"""The export formats: one home for their names, titles and media types (no heavy imports)."""

from __future__ import annotations

from geodata.i18n import N_

FORMAT_TITLES = {  # shown as _(FORMAT_TITLES[fmt])
    "pptx": N_("PowerPoint (.pptx)"),
    "pdf": N_("PDF"),
    "png": N_("Map image (PNG)"),
    "svg": N_("Map image (SVG)"),
    "csv": N_("Flows (CSV)"),
    "xlsx": N_("Flows (Excel)"),
    "json": N_("View data (JSON)"),
}
FORMATS = tuple(FORMAT_TITLES)
TABLE_FORMATS = ("csv", "xlsx")  # tables only: no map or chart is drawn for them
#: The map picture's shapes (PNG, SVG): 16:9 for slides and screens, 4:3 for older projectors and print.
PICTURE_SIZES = {"16:9": (1920, 1080), "4:3": (1440, 1080)}

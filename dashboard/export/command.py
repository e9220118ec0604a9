"""Export a view — given as its URL query — to a file: the command line and the app share this."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from dashboard.export.content import build_briefing
from dashboard.export.formats import FORMATS, TABLE_FORMATS
from dashboard.export.images import MAP_SIZE, render
from dashboard.export.pdf_report import build_pdf
from dashboard.export.pptx_deck import build_deck
from dashboard.export.spreadsheets import write_csv, write_xlsx
from dashboard.services import Services, build_services
from dashboard.settings import Settings
from dashboard.view_document import view_document
from dashboard.view_state import ViewState
from geodata.errors import IngestError


def export_with_services(
    services: Services, query: str, fmt: str, out: Path, *, title: str | None = None, on_notice=None
) -> Path:
    """Write the view's briefing in ``fmt`` to ``out``; notices about the query go to ``on_notice``."""
    if fmt not in FORMATS:
        raise IngestError(f"export: expected a format among {', '.join(FORMATS)}, got '{fmt}'")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "json":
        document, notices = view_document(query, services)
        for notice in notices:
            (on_notice or (lambda _n: None))(notice)
        out.write_text(json.dumps(document, ensure_ascii=False, allow_nan=False, indent=1), encoding="utf-8")
        return out
    view, notices = ViewState.from_query(query, services.view_context)
    for notice in notices:
        (on_notice or (lambda _n: None))(notice)
    briefing = build_briefing(view, services, title=title, figures=fmt not in TABLE_FORMATS)
    if fmt == "pptx":
        return build_deck(briefing, services.names, out)
    if fmt == "pdf":
        return build_pdf(briefing, services.names, out)
    if fmt in ("png", "svg"):
        out.write_bytes(render(briefing.map_figure, fmt, MAP_SIZE))
        return out
    if fmt == "csv":
        return write_csv(briefing, services.names, out)
    return write_xlsx(briefing, services.names, out)


def export_view(data_dir: Path, query: str, fmt: str, out: Path, *, title: str | None = None) -> Path:
    services = build_services(Settings(data_dir=data_dir))
    return export_with_services(
        services, query, fmt, out, title=title, on_notice=lambda n: print(f"notice: {n}", file=sys.stderr)
    )

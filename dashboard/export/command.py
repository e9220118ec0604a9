"""Export a view — given as its URL query — to a file: the command line and the app share this."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from dashboard.export.briefing_text import export_filename
from dashboard.export.content import Briefing, build_briefing
from dashboard.export.formats import FORMATS, PICTURE_SIZES, TABLE_FORMATS
from dashboard.export.images import ImageRenderer
from dashboard.export.pdf_report import build_pdf
from dashboard.export.pptx_deck import build_deck
from dashboard.export.spreadsheets import csv_metadata, write_csv, write_xlsx
from dashboard.language import query_language
from dashboard.services import Services, build_services
from dashboard.settings import Settings
from dashboard.view_document import view_document
from dashboard.view_state import ViewState
from geodata.errors import IngestError
from geodata.i18n import active_language, use_language


def export_filename_for(services: Services, query: str, fmt: str) -> str:
    """The file name an export of the view gets (what it holds: goods, pair or focus, period)."""
    view, _notices = ViewState.from_query(query, services.view_context)
    return export_filename(
        view.goods,
        view.hs,
        view.start,
        view.end,
        direction=view.direction,
        focus=view.focus,
        exporters=view.exporters,
        importers=view.importers,
        fmt=fmt,
    )


def export_with_services(
    services: Services,
    query: str,
    fmt: str,
    out: Path,
    *,
    title: str | None = None,
    on_notice=None,
    aspect: str = "16:9",
    renderer: ImageRenderer | None = None,
) -> Path:
    """Write the view's briefing in ``fmt`` to ``out`` (a folder: a file named after what it holds);
    notices about the query go to ``on_notice``. ``aspect`` shapes the PNG and SVG pictures; ``renderer``
    draws the pictures of every format but CSV, XLSX and JSON. The file is written in the query's
    language (its ``lang``), else in the active one.
    """
    with use_language(query_language(str(query)) or active_language()):
        return _export(
            services, query, fmt, out, title=title, on_notice=on_notice, aspect=aspect, renderer=renderer
        )


def _export(
    services: Services,
    query: str,
    fmt: str,
    out: Path,
    *,
    title: str | None,
    on_notice,
    aspect: str,
    renderer: ImageRenderer | None,
) -> Path:
    """`export_with_services` in the language already chosen."""
    if fmt not in FORMATS:
        raise IngestError(f"export: expected a format among {', '.join(FORMATS)}, got '{fmt}'")
    if aspect not in PICTURE_SIZES:
        raise IngestError(f"export: expected an aspect among {', '.join(PICTURE_SIZES)}, got '{aspect}'")
    if renderer is None and fmt not in (*TABLE_FORMATS, "json"):
        raise IngestError(
            f"export: a {fmt.upper()} needs an image renderer (`ImageRenderer`); none was given"
        )
    out = Path(out)
    if out.is_dir():
        out = out / export_filename_for(services, query, fmt)
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
    size = PICTURE_SIZES[aspect]
    briefing = build_briefing(
        view, services, title=title, figures=fmt not in TABLE_FORMATS, picture_size=size
    )
    return _write_briefing(briefing, fmt, out, size, renderer)


def _write_briefing(
    briefing: Briefing, fmt: str, out: Path, size: tuple[int, int], renderer: ImageRenderer | None
) -> Path:
    """Write a built briefing in one of the formats other than JSON (pictures drawn by ``renderer``)."""
    if fmt in TABLE_FORMATS:
        return {"csv": write_csv, "xlsx": write_xlsx}[fmt](briefing, out)
    assert renderer is not None  # checked by the caller
    if fmt in ("png", "svg"):
        out.write_bytes(renderer.render(briefing.map_figure, fmt, size))
        return out
    return {"pptx": build_deck, "pdf": build_pdf}[fmt](briefing, out, renderer)


def export_view(
    data_dir: Path, query: str, fmt: str, out: Path, *, title: str | None = None, aspect: str = "16:9"
) -> Path:
    """The command line's export; a CSV gets its description beside it (``<name>.csv-metadata.json``,
    W3C CSVW: title, filter, headline, sources, method).
    """
    services = build_services(Settings(data_dir=data_dir))
    with ImageRenderer() as renderer:
        written = export_with_services(
            services,
            query,
            fmt,
            out,
            title=title,
            aspect=aspect,
            on_notice=lambda n: print(f"notice: {n}", file=sys.stderr),
            renderer=renderer,
        )
    if fmt == "csv":
        view, _notices = ViewState.from_query(query, services.view_context)
        with use_language(query_language(str(query)) or active_language()):
            briefing = build_briefing(view, services, title=title, figures=False)
            metadata = csv_metadata(briefing, written.name)
        sidecar = written.with_name(written.name + "-metadata.json")
        sidecar.write_text(json.dumps(metadata, ensure_ascii=False, indent=1), "utf-8")
    return written

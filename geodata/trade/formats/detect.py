"""Which reader a file needs, from its first line (or, for JSON, its first record) only.

The first line is read (gzip recognised by its magic bytes, not its name), stripped of BOM and
quotes, split by the delimiter it uses (comma, tab, pipe or semicolon — sniffed), and offered to
each known reader's ``matches``. A file whose first character is ``{`` or ``[`` is JSON: the keys
of its first record are offered to the JSON readers instead. A header no reader knows raises an
`IngestError` that shows the fields that arrived and lists the formats the tool knows; a known
header written with the wrong delimiter (a Comtrade CSV re-saved with ';') raises one that names
both delimiters.
"""

from __future__ import annotations

from pathlib import Path

from geodata.errors import IngestError
from geodata.trade.formats.baci import BACI
from geodata.trade.formats.base import SourceFormat
from geodata.trade.formats.comext import COMEXT
from geodata.trade.formats.comtrade_legacy import COMTRADE_LEGACY
from geodata.trade.formats.comtrade_plus import COMTRADE_PLUS, COMTRADE_PLUS_JSON
from geodata.trade.formats.comtradr import COMTRADR, COMTRADR_LEGACY
from geodata.trade.formats.jsonio import first_record_keys, looks_like_json
from geodata.trade.formats.textio import DELIMITER_NAMES, check_delimiter, read_header

#: Every reader, in the order headers are tried (the exact spellings before R's respellings).
KNOWN_FORMATS: tuple[SourceFormat, ...] = (
    COMTRADE_PLUS,
    COMTRADR,
    COMTRADE_LEGACY,
    COMTRADR_LEGACY,
    COMTRADE_PLUS_JSON,
    COMEXT,
    BACI,
)
_SHOWN_FIELDS = 8


def _container(fmt: SourceFormat) -> str:
    return getattr(fmt, "container", "text")


def known_formats_text() -> str:
    """The known formats on one line (every ingest error is one line): name: description; ..."""
    return "; ".join(f"{fmt.name}: {fmt.description}" for fmt in KNOWN_FORMATS)


def detect_format(path: Path | str) -> SourceFormat:
    """The reader for ``path``, judged from its header line; `IngestError` when none matches."""
    path = Path(path)
    if not path.is_file():
        raise IngestError(f"{path}: no such file — check the path")
    if looks_like_json(path):
        return _detect_json(path)
    header, delimiter = read_header(path)
    for fmt in KNOWN_FORMATS:
        if _container(fmt) == "text" and fmt.matches(header):
            check_delimiter(path, delimiter, getattr(fmt, "delimiters", (",",)), fmt.name)
            return fmt
    shown = ", ".join(repr(f) for f in header[:_SHOWN_FIELDS])
    more = f" … ({len(header)} fields)" if len(header) > _SHOWN_FIELDS else ""
    raise IngestError(
        f"{path.name}, line 1: expected the header of a known trade file, "
        f"got {shown or 'an empty line'}{more} (split by {DELIMITER_NAMES.get(delimiter, repr(delimiter))}) "
        "— download the file in one of the formats the tool knows, or check that this is the data file "
        f"and not a readme. The formats the tool knows: {known_formats_text()}"
    )


def _detect_json(path: Path) -> SourceFormat:
    keys = first_record_keys(path)
    for fmt in KNOWN_FORMATS:
        if _container(fmt) == "json" and fmt.matches(keys):
            return fmt
    shown = ", ".join(repr(k) for k in keys[:_SHOWN_FIELDS])
    more = f" … ({len(keys)} keys)" if len(keys) > _SHOWN_FIELDS else ""
    raise IngestError(
        f"{path.name}, record 1: expected the keys of a UN Comtrade Plus trade record (refYear, "
        f"refMonth, reporterCode, partnerCode, flowCode, cmdCode, classificationCode, primaryValue), "
        f"got {shown or 'an empty record'}{more} — save the final-data API response (getFinalData / "
        f"/data/v1/get/C/...), not a reference table or metadata. The formats the tool knows: "
        f"{known_formats_text()}"
    )

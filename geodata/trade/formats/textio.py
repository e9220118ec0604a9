"""Reading the header line of a source file, sniffing its delimiter, and streaming its rows in
chunks with pandas (the bytes come from `streams.SourceStream`: plain or gzip, by magic bytes).

Every structural failure (truncated gzip, damaged gzip, a 7z/zip archive that was not extracted,
a row with more fields than the header) becomes an `IngestError` naming the file, the line and
the fix. Rows come back as strings (``dtype=str``, no NA guessing) so each reader validates the
values itself and can say which line and column held a bad one.
"""

from __future__ import annotations

import csv
import gzip
import re
import zlib
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from geodata.trade.formats.streams import SourceStream, problem

CANDIDATE_DELIMITERS = (",", "\t", "|", ";")
DELIMITER_NAMES = {",": "comma ','", "\t": "tab", "|": "pipe '|'", ";": "semicolon ';'"}
_HEADER_LIMIT = 1 << 20


def read_header_line(path: Path) -> str:
    """The first line of the file (decompressed if gzip), BOM removed, without the line break."""
    with SourceStream(path) as src:
        try:
            head = src.stream.readline(_HEADER_LIMIT)
        except (EOFError, OSError, zlib.error) as exc:
            raise src.damaged(exc) from exc
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    return text.rstrip("\r\n")


def sniff_delimiter(line: str) -> str:
    """The candidate delimiter that occurs most often outside quotes (comma when there is none)."""
    outside = re.sub(r'"[^"]*"', "", line)
    counts = {d: outside.count(d) for d in CANDIDATE_DELIMITERS}
    best = max(CANDIDATE_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def split_header(line: str, delimiter: str) -> list[str]:
    """Header fields split by the delimiter, stripped of BOM, whitespace and quotes."""
    fields = next(csv.reader([line], delimiter=delimiter), [])
    return [f.replace("\ufeff", "").strip().strip('"').strip("'").strip() for f in fields]


def read_header(path: Path) -> tuple[list[str], str]:
    """(header fields, delimiter) of a source file."""
    line = read_header_line(path)
    delimiter = sniff_delimiter(line)
    return split_header(line, delimiter), delimiter


def check_delimiter(path: Path, found: str, expected: tuple[str, ...], format_name: str) -> None:
    """Raise when the file's delimiter is not one its format is written with."""
    if found in expected:
        return
    want = " or ".join(DELIMITER_NAMES[d] for d in expected)
    raise problem(
        path,
        1,
        None,
        f"{want} between the fields of a {format_name} file",
        f"fields separated by {DELIMITER_NAMES.get(found, repr(found))}",
        "the file was re-saved with another separator (often by a spreadsheet); download the original "
        f"or convert it back to {want}-separated",
    )


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for name in names:
        name = name or "unnamed"
        n = seen.get(name, 0)
        seen[name] = n + 1
        out.append(name if n == 0 else f"{name}.{n}")
    return out


_FIELDS_RE = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


def iter_chunks(
    path: Path,
    *,
    header: list[str],
    delimiter: str,
    usecols: list[str],
    chunk_rows: int,
    progress: bool = True,
    desc: str = "",
    check_fields: bool = True,
) -> Iterator[tuple[pd.DataFrame, int]]:
    """Yield (chunk, file line of its first row): string columns ``usecols``, blank lines dropped.

    Line numbers are 1-based file lines (the header is line 1). Rows keep their order. With
    ``check_fields`` every column is parsed, so a row with more fields than the header (an unquoted
    delimiter inside a value, which would shift every later value) stops the read; pandas does not
    notice that when it parses only some columns.
    """
    names = _unique(header)
    with SourceStream(path, progress=progress, desc=desc) as src:
        line = 2
        reader = None
        try:
            reader = pd.read_csv(
                src.stream,
                sep=delimiter,
                header=0,
                names=names,
                usecols=None if check_fields else usecols,
                dtype=str,
                na_filter=False,
                keep_default_na=False,
                skip_blank_lines=False,
                chunksize=max(1, int(chunk_rows)),
                encoding="utf-8-sig",
                encoding_errors="replace",
                engine="c",
                quotechar='"',
                skipinitialspace=False,
            )
            for chunk in reader:
                first = line
                line += len(chunk)
                chunk = chunk[usecols]
                for column in usecols:
                    chunk[column] = chunk[column].str.strip()
                lines = pd.RangeIndex(first, first + len(chunk))
                chunk.index = lines
                blank = (chunk == "").all(axis=1)
                if blank.any():
                    chunk = chunk[~blank]
                yield chunk, first
        except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
            raise src.damaged(exc) from exc
        except pd.errors.ParserError as exc:
            match = _FIELDS_RE.search(str(exc))
            if match:
                want, at, saw = match.groups()
                raise problem(
                    path,
                    int(at),
                    None,
                    f"{want} fields like the header",
                    f"{saw} fields",
                    "a value contains an unquoted delimiter or the file mixes two "
                    "layouts; fix that line or download the file again",
                ) from exc
            raise problem(
                path, None, None, "a well-formed delimited text file", str(exc), "download the file again"
            ) from exc
        finally:
            if reader is not None:
                reader.close()


def scan_breakdowns(bfilter, path: Path, header: list[str], delimiter: str, chunk_rows: int) -> None:
    """The cheap first pass: read only the key and breakdown columns so ``bfilter`` learns which keys
    have total rows (a breakdown row is dropped only where its total exists anywhere in the file)."""
    bfilter.scan(
        chunk
        for chunk, _ in iter_chunks(
            path,
            header=header,
            delimiter=delimiter,
            usecols=bfilter.columns,
            chunk_rows=chunk_rows,
            check_fields=False,
            desc=f"{path.name} (scan)",
        )
    )

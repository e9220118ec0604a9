"""Reading the header line of a source file, sniffing its delimiter, and streaming its rows in
chunks with pandas (the bytes come from `streams.SourceStream`: plain or gzip, by magic bytes).

Every structural failure (truncated gzip, damaged gzip, a 7z/zip archive that was not extracted,
a row with more fields than the header) becomes an `IngestError` naming the file, the line and
the fix. Rows come back as strings (``dtype=str``, no NA guessing) so each reader validates the
values itself and can say which line and column held a bad one.

Text is read as UTF-8 (with or without BOM); a byte that is not valid UTF-8 is read as Windows-1252
/ ISO-8859-1, so a web download saved in Latin-1 (byte 0xFC for the ü of Türkiye) reads as
meant. Line endings may be LF or CRLF. A trailing delimiter at the end of every data row (the
Comtrade Plus website download) gets an unnamed column of its own, whether or not the header line
ends with one.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from geodata.errors import IngestError
from geodata.trade.formats.streams import SourceStream, problem

CANDIDATE_DELIMITERS = (",", "\t", "|", ";")
DELIMITER_NAMES = {",": "comma ','", "\t": "tab", "|": "pipe '|'", ";": "semicolon ';'"}
_HEADER_LIMIT = 1 << 20
#: The codec error handler that reads a byte which is not valid UTF-8 as Windows-1252 (ISO-8859-1
#: where Windows-1252 leaves the byte undefined).
UTF8_ELSE_LATIN1 = "utf8-else-latin1"


def _latin1_fallback(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    bad = exc.object[exc.start : exc.end]
    text = "".join(
        bytes([byte]).decode("cp1252", errors="ignore") or bytes([byte]).decode("latin-1") for byte in bad
    )
    return text, exc.end


codecs.register_error(UTF8_ELSE_LATIN1, _latin1_fallback)


def decode_text(data: bytes) -> str:
    """Bytes of a source file as text: UTF-8, bytes that are not UTF-8 read as Latin-1, BOM removed."""
    return data.decode("utf-8", errors=UTF8_ELSE_LATIN1).lstrip("\ufeff")


def read_first_lines(path: Path, count: int = 1) -> list[str]:
    """The first ``count`` lines of the file (decompressed if gzip), BOM removed, without line breaks."""
    lines = []
    with SourceStream(path) as src:
        try:
            for _ in range(count):
                line = src.stream.readline(_HEADER_LIMIT)
                if not line:
                    break
                lines.append(decode_text(line).rstrip("\r\n"))
        except (EOFError, OSError, zlib.error) as exc:
            raise src.damaged(exc) from exc
    return lines or [""]


def sniff_delimiter(line: str) -> str:
    """The candidate delimiter that occurs most often outside quotes (comma when there is none)."""
    outside = re.sub(r'"[^"]*"', "", line)
    counts = {d: outside.count(d) for d in CANDIDATE_DELIMITERS}
    best = max(CANDIDATE_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _split(line: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:  # a field longer than the csv module's limit: not a header or a trade row
        return [line[:40] + "…"]


def split_header(line: str, delimiter: str) -> list[str]:
    """Header fields split by the delimiter, stripped of BOM, whitespace and quotes."""
    fields = _split(line, delimiter)
    return [f.replace("\ufeff", "").strip().strip('"').strip("'").strip() for f in fields]


def read_header(path: Path) -> tuple[list[str], str]:
    """(header fields, delimiter) of a source file.

    When the first data row has one field more than the header and that field is empty (every row
    ends with a delimiter, as in the Comtrade Plus website download), the header gets an empty
    name for it, so the columns line up with the values.
    """
    lines = read_first_lines(path, 2)
    delimiter = sniff_delimiter(lines[0])
    header = split_header(lines[0], delimiter)
    if len(lines) > 1 and header:
        first_row = _split(lines[1], delimiter)
        if len(first_row) == len(header) + 1 and not first_row[-1].strip():
            header.append("")
    return header, delimiter


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


def _tidy_chunk(
    chunk: pd.DataFrame, usecols: list[str], missing_values: tuple[str, ...], first: int
) -> pd.DataFrame:
    """The chunk's ``usecols``, stripped, ``missing_values`` blank, indexed by file line from ``first``,
    without its blank lines.
    """
    chunk = chunk[usecols]
    for column in usecols:
        chunk[column] = chunk[column].str.strip()
        if missing_values:
            chunk[column] = chunk[column].mask(chunk[column].isin(missing_values), "")
    chunk.index = pd.RangeIndex(first, first + len(chunk))
    blank = (chunk == "").all(axis=1)
    return chunk[~blank] if blank.any() else chunk


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
    missing_values: tuple[str, ...] = (),
) -> Iterator[tuple[pd.DataFrame, int]]:
    """Yield (chunk, file line of its first row): string columns ``usecols``, blank lines dropped.

    Line numbers are 1-based file lines (the header is line 1). Rows keep their order. With
    ``check_fields`` every column is parsed, so a row with more fields than the header (an unquoted
    delimiter inside a value, which would shift every later value) stops the read; pandas does not
    notice that when it parses only some columns. Values in ``missing_values`` (R's ``NA``) become
    blank, as a missing value is in the other layouts.
    """
    names = _unique(header)
    rows = (delimiter, header)  # every pass checks the shape of the lines (and stops an endless one)
    with SourceStream(path, progress=progress, desc=desc, rows=rows) as src:
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
                encoding_errors=UTF8_ELSE_LATIN1,
                engine="c",
                quotechar='"',
                skipinitialspace=False,
            )
            for chunk in reader:
                first = line
                line += len(chunk)
                yield _tidy_chunk(chunk, usecols, missing_values, first), first
        except IngestError:
            raise
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
        except ValueError as exc:
            if reader is not None:
                raise
            # pandas refused to start: the header and the first rows do not line up
            raise problem(
                path,
                2,
                None,
                f"rows with the {len(names)} fields of the header",
                f"a file pandas cannot line up with its header ({exc})",
                "the header line or the first rows were edited or cut; download the file again",
            ) from exc
        finally:
            if reader is not None:
                reader.close()


@dataclass
class TextRows:
    """The rows of a delimited text file as string chunks indexed by file line (header = line 1)."""

    path: Path
    header: list[str]
    delimiter: str
    missing_values: tuple[str, ...] = ()
    header_name = "a header"

    def chunks(
        self, usecols: list[str], chunk_rows: int, *, first_pass: bool = False
    ) -> Iterator[pd.DataFrame]:
        """String chunks of ``usecols``; ``first_pass`` is the cheap scan (only those columns parsed)."""
        for chunk, _first in iter_chunks(
            self.path,
            header=self.header,
            delimiter=self.delimiter,
            usecols=usecols,
            chunk_rows=chunk_rows,
            check_fields=not first_pass,
            missing_values=self.missing_values,
            desc=f"{self.path.name} (scan)" if first_pass else "",
        ):
            yield chunk


def scan_breakdowns(bfilter, path: Path, header: list[str], delimiter: str, chunk_rows: int) -> None:
    """The cheap first pass: read only the key and breakdown columns so ``bfilter`` learns which keys
    have total rows (a breakdown row is dropped only where its total exists anywhere in the file).
    """
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
